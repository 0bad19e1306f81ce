// SPDX-License-Identifier: Apache-2.0
#include "match/secret_run.hpp"

#include <cctype>
#include <cmath>
#include <optional>
#include <vector>

namespace nhi::detail {

bool secret_run::found_in(std::string_view data) const noexcept {
  if (length == 0) return true;
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  const std::size_t n = data.size();
  // A run starting at `start` needs [start, start + length) all held; the
  // first byte found not held, looking from the end, is where the next
  // candidate starts after. On text without runs this steps about `length`
  // bytes per lookup.
  std::size_t start = 0;
  while (start + length <= n) {
    std::size_t k = start + length;
    while (k > start && holds(p[k - 1])) --k;
    if (k == start) return true;
    start = k;
  }
  return false;
}

namespace {

using byte_set = std::array<std::uint64_t, 4>;

void add(byte_set& s, unsigned char c) { s[c >> 6] |= std::uint64_t(1) << (c & 63); }
void add_range(byte_set& s, unsigned char lo, unsigned char hi) {
  for (unsigned c = lo; c <= hi; ++c) add(s, static_cast<unsigned char>(c));
}
std::size_t count(const byte_set& s) {
  std::size_t n = 0;
  for (auto w : s) n += static_cast<std::size_t>(__builtin_popcountll(w));
  return n;
}

// One item of the top-level sequence: `simple` when it is a class of single
// bytes (a bracket class, \d, \w, a literal), with the fewest times it occurs.
struct item {
  byte_set set{};
  bool simple = false;
  std::size_t least = 0;
};

class run_reader {
 public:
  explicit run_reader(std::string_view p) : p_(p) {}

  // The items, or nullopt when the shape is not followed (or has a top-level |).
  std::optional<std::vector<item>> read() {
    std::vector<item> items;
    while (i_ < p_.size()) {
      item it;
      if (!atom(it)) return std::nullopt;
      if (!quantifier(it)) return std::nullopt;
      items.push_back(it);
    }
    return items;
  }

 private:
  // An escape's class (\d, \w, \s) or literal byte (\-, \.); false for others.
  bool escape(byte_set& set, bool& zero_width) {
    if (i_ >= p_.size()) return false;
    const char c = p_[i_++];
    switch (c) {
      case 'd': add_range(set, '0', '9'); return true;
      case 'w':
        add_range(set, '0', '9'), add_range(set, 'a', 'z'), add_range(set, 'A', 'Z'), add(set, '_');
        return true;
      case 's':
        for (unsigned char w : {' ', '\t', '\n', '\r', '\f', '\v'}) add(set, w);
        return true;
      case 'n': add(set, '\n'); return true;
      case 't': add(set, '\t'); return true;
      case 'r': add(set, '\r'); return true;
      case 'b': case 'B': case 'A': case 'z':
        zero_width = true;
        return true;
      default:
        if (std::ispunct(static_cast<unsigned char>(c))) {
          add(set, static_cast<unsigned char>(c));
          return true;
        }
        return false;  // \x41, \p{L}, \D, \W, \S, octal...: not followed
    }
  }

  // [...] after the '['; negated and POSIX classes are not followed.
  bool bracket(byte_set& set) {
    if (i_ < p_.size() && p_[i_] == '^') return false;
    bool first = true;
    while (i_ < p_.size()) {
      char c = p_[i_];
      if (c == ']' && !first) {
        ++i_;
        return true;
      }
      first = false;
      if (c == '[') return false;  // [:alpha:] and the like
      unsigned char lo;
      if (c == '\\') {
        ++i_;
        byte_set esc{};
        bool zero_width = false;
        if (!escape(esc, zero_width) || zero_width) return false;
        if (count(esc) != 1) {  // \d, \w, \s inside the class
          for (int w = 0; w < 4; ++w) set[w] |= esc[w];
          continue;
        }
        lo = 0;
        while (!((esc[lo >> 6] >> (lo & 63)) & 1)) ++lo;
      } else {
        if (static_cast<unsigned char>(c) >= 0x80) return false;
        lo = static_cast<unsigned char>(c);
        ++i_;
      }
      // A range a-z (a '-' before the closing ']' is a literal).
      if (i_ + 1 < p_.size() && p_[i_] == '-' && p_[i_ + 1] != ']') {
        char h = p_[i_ + 1];
        if (h == '\\' || h == '[' || static_cast<unsigned char>(h) >= 0x80) return false;
        if (static_cast<unsigned char>(h) < lo) return false;
        add_range(set, lo, static_cast<unsigned char>(h));
        i_ += 2;
      } else {
        add(set, lo);
      }
    }
    return false;  // unclosed
  }

  // Skips a group after its '(' to the matching ')'; a flag group such as
  // (?i) changes how the rest matches, so it is not followed.
  bool group() {
    if (p_.substr(i_, 1) == "?") {
      std::size_t k = i_ + 1;
      while (k < p_.size() && (std::isalpha(static_cast<unsigned char>(p_[k])) || p_[k] == '-')) ++k;
      if (k < p_.size() && p_[k] == ')') return false;
    }
    int depth = 1;
    while (i_ < p_.size()) {
      const char c = p_[i_++];
      if (c == '\\') {
        ++i_;
      } else if (c == '[') {
        byte_set ignored{};
        if (!bracket(ignored)) {
          // A class this reader does not follow: find its end the plain way.
          while (i_ < p_.size() && p_[i_] != ']') i_ += p_[i_] == '\\' ? 2 : 1;
          if (i_ >= p_.size()) return false;
          ++i_;
        }
      } else if (c == '(') {
        ++depth;
      } else if (c == ')' && --depth == 0) {
        return true;
      }
    }
    return false;
  }

  bool atom(item& it) {
    const char c = p_[i_++];
    it.simple = true;
    it.least = 1;
    switch (c) {
      case '|': return false;  // a top-level alternation: no run every match holds
      case ')': return false;
      case '(':
        it.simple = false;
        return group();
      case '[': return bracket(it.set);
      case '.': case '^': case '$':
        it.simple = false;
        return true;
      case '\\': {
        bool zero_width = false;
        if (!escape(it.set, zero_width)) return false;
        if (zero_width) it.simple = false;
        return true;
      }
      default:
        if (static_cast<unsigned char>(c) >= 0x80 || c == '*' || c == '+' || c == '?' || c == '{') return false;
        add(it.set, static_cast<unsigned char>(c));
        return true;
    }
  }

  bool quantifier(item& it) {
    if (i_ >= p_.size()) return true;
    const char c = p_[i_];
    if (c == '*' || c == '?') {
      it.least = 0;
      ++i_;
    } else if (c == '+') {
      ++i_;
    } else if (c == '{') {
      const std::size_t close = p_.find('}', i_);
      if (close == std::string_view::npos) return false;
      const std::string_view body = p_.substr(i_ + 1, close - i_ - 1);
      const std::string_view least = body.substr(0, body.find(','));
      if (least.empty() || least.size() > 6) return false;
      std::size_t n = 0;
      for (char d : least) {
        if (!std::isdigit(static_cast<unsigned char>(d))) return false;
        n = n * 10 + static_cast<std::size_t>(d - '0');
      }
      for (char d : body)
        if (!std::isdigit(static_cast<unsigned char>(d)) && d != ',') return false;
      it.least *= n;
      i_ = close + 1;
    } else {
      return true;
    }
    if (i_ < p_.size() && p_[i_] == '?') ++i_;  // lazy
    if (i_ < p_.size() && (p_[i_] == '*' || p_[i_] == '+' || p_[i_] == '?' || p_[i_] == '{')) return false;
    return true;
  }

  std::string_view p_;
  std::size_t i_ = 0;
};

// A run this short, or of bytes this common, selects too little to be worth a pass.
constexpr std::size_t kShortestRun = 8;

double score(const secret_run& r) {
  const std::size_t n = count(r.bytes);
  return n == 0 || n >= 256 ? 0.0 : static_cast<double>(r.length) * (8.0 - std::log2(static_cast<double>(n)));
}

}  // namespace

secret_run required_secret_run(std::string_view secret) {
  secret_run best;
  const auto items = run_reader(secret).read();
  if (!items) return best;
  const auto consider = [&best](const secret_run& r) {
    if (r.length >= kShortestRun && score(r) > score(best)) best = r;
  };
  secret_run stretch;
  for (const item& it : *items) {
    if (!it.simple || it.least == 0) {
      consider(stretch);
      stretch = {};
      continue;
    }
    consider(secret_run{it.set, it.least});
    for (int w = 0; w < 4; ++w) stretch.bytes[w] |= it.set[w];
    stretch.length += it.least;
  }
  consider(stretch);
  return best;
}

}  // namespace nhi::detail
