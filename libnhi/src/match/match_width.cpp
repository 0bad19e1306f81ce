// SPDX-License-Identifier: Apache-2.0
#include "match/match_width.hpp"

#include <algorithm>
#include <cctype>

namespace nhi::detail {
namespace {

// A recursive-descent reader of RE2 syntax that keeps only widths; every
// width saturates at `cap`, and any doubt answers `cap`.
class width_reader {
 public:
  width_reader(std::string_view p, std::size_t cap, bool shortest = false) : p_(p), cap_(cap), shortest_(shortest) {}

  std::size_t run() {
    const std::size_t w = alternation();
    if (failed_ || i_ != p_.size()) return shortest_ ? 0 : cap_;
    return std::min(w, cap_);
  }

 private:
  std::size_t add(std::size_t a, std::size_t b) const { return std::min(cap_, a + b); }
  std::size_t mul(std::size_t a, std::size_t n) const {
    return n == 0 ? 0 : a > cap_ / n ? cap_ : std::min(cap_, a * n);
  }
  bool at_end() const { return i_ >= p_.size(); }

  std::size_t alternation() {
    std::size_t best = sequence();
    while (!failed_ && !at_end() && p_[i_] == '|') {
      ++i_;
      const std::size_t w = sequence();
      best = shortest_ ? std::min(best, w) : std::max(best, w);
    }
    return best;
  }

  std::size_t sequence() {
    std::size_t total = 0;
    while (!failed_ && !at_end() && p_[i_] != '|' && p_[i_] != ')') total = add(total, quantified(atom()));
    return total;
  }

  // Applies a following quantifier (and its lazy/possessive marker) to `w`.
  std::size_t quantified(std::size_t w) {
    while (!failed_ && !at_end()) {
      const char c = p_[i_];
      if (c == '*' || c == '+') {
        ++i_;
        if (shortest_) {
          if (c == '*') w = 0;
        } else {
          w = w == 0 ? 0 : cap_;
        }
      } else if (c == '?') {
        ++i_;
        if (shortest_ && (i_ == 1 || (p_[i_ - 2] != '*' && p_[i_ - 2] != '+' && p_[i_ - 2] != '?' && p_[i_ - 2] != '}')))
          w = 0;
      } else if (c == '{') {
        const std::size_t close = p_.find('}', i_);
        std::size_t lo = 0, hi = 0;
        bool unbounded = false;
        if (close == std::string_view::npos || !counts(p_.substr(i_ + 1, close - i_ - 1), lo, hi, unbounded)) {
          return w;  // a literal '{' (RE2 reads it so when it is no repeat)
        }
        i_ = close + 1;
        if (shortest_)
          w = mul(w, lo);
        else
          w = unbounded ? (w == 0 ? 0 : cap_) : mul(w, hi);
      } else {
        break;
      }
    }
    return w;
  }

  // "n", "n,", "n,m".
  static bool counts(std::string_view s, std::size_t& lo, std::size_t& hi, bool& unbounded) {
    auto number = [](std::string_view d, std::size_t& v) {
      if (d.empty() || d.size() > 6) return false;
      v = 0;
      for (char c : d) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
        v = v * 10 + static_cast<std::size_t>(c - '0');
      }
      return true;
    };
    const std::size_t comma = s.find(',');
    if (comma == std::string_view::npos) {
      if (!number(s, lo)) return false;
      hi = lo;
      return true;
    }
    if (!number(s.substr(0, comma), lo)) return false;
    if (comma + 1 == s.size()) {
      unbounded = true;
      return true;
    }
    return number(s.substr(comma + 1), hi);
  }

  std::size_t atom() {
    const char c = p_[i_++];
    switch (c) {
      case '^': case '$': return 0;
      case '.': return 1;
      case '[': return char_class();
      case '\\': return escape();
      case '(': return group();
      case '*': case '+': case '?': case '{': failed_ = true; return 0;  // nothing to repeat
      default: return 1;
    }
  }

  std::size_t escape() {
    if (at_end()) { failed_ = true; return 0; }
    const char c = p_[i_++];
    switch (c) {
      case 'b': case 'B': case 'A': case 'z': return 0;
      case 'Q': failed_ = true; return 0;  // literal text up to \E: rare, not followed
      case 'x':
        if (!at_end() && p_[i_] == '{') {
          const std::size_t close = p_.find('}', i_);
          if (close == std::string_view::npos) { failed_ = true; return 0; }
          i_ = close + 1;
        } else {
          i_ = std::min(p_.size(), i_ + 2);
        }
        return 1;
      case 'p': case 'P':
        if (!at_end() && p_[i_] == '{') {
          const std::size_t close = p_.find('}', i_);
          if (close == std::string_view::npos) { failed_ = true; return 0; }
          i_ = close + 1;
        } else if (!at_end()) {
          ++i_;
        }
        return 1;
      default:
        if (c >= '0' && c <= '7') {  // octal \123: up to two more digits
          for (int k = 0; k < 2 && !at_end() && p_[i_] >= '0' && p_[i_] <= '7'; ++k) ++i_;
        }
        return 1;
    }
  }

  // One character, whatever the class holds.
  std::size_t char_class() {
    if (!at_end() && p_[i_] == '^') ++i_;
    if (!at_end() && p_[i_] == ']') ++i_;  // a leading ']' is literal
    while (!at_end() && p_[i_] != ']') {
      if (p_[i_] == '\\') {
        i_ += 2;
      } else if (p_[i_] == '[' && i_ + 1 < p_.size() && p_[i_ + 1] == ':') {
        const std::size_t close = p_.find(":]", i_ + 2);
        if (close == std::string_view::npos) { failed_ = true; return 0; }
        i_ = close + 2;
      } else {
        ++i_;
      }
    }
    if (at_end()) { failed_ = true; return 0; }
    ++i_;  // ']'
    return 1;
  }

  std::size_t group() {
    if (!at_end() && p_[i_] == '?') {
      ++i_;
      if (!at_end() && p_[i_] == 'P') {  // (?P<name>...)
        const std::size_t close = p_.find('>', i_);
        if (close == std::string_view::npos) { failed_ = true; return 0; }
        i_ = close + 1;
      } else {
        // Flags: (?i) alone, or (?i:...).
        while (!at_end() && (std::isalpha(static_cast<unsigned char>(p_[i_])) || p_[i_] == '-')) ++i_;
        if (at_end()) { failed_ = true; return 0; }
        if (p_[i_] == ')') { ++i_; return 0; }
        if (p_[i_] != ':') { failed_ = true; return 0; }
        ++i_;
      }
    }
    const std::size_t w = alternation();
    if (at_end() || p_[i_] != ')') { failed_ = true; return 0; }
    ++i_;
    return w;
  }

  std::string_view p_;
  std::size_t cap_;
  bool shortest_;  // the shortest match instead of the longest
  std::size_t i_ = 0;
  bool failed_ = false;
};

}  // namespace

std::size_t max_match_width(std::string_view pattern, std::size_t cap) {
  return width_reader(pattern, cap).run();
}

std::size_t min_match_width(std::string_view pattern) {
  return width_reader(pattern, static_cast<std::size_t>(-1), true).run();
}

}  // namespace nhi::detail
