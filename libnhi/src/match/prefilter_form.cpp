// SPDX-License-Identifier: Apache-2.0
#include "match/prefilter_form.hpp"

#include <cctype>
#include <memory>
#include <vector>

#include "match/keyword_anchor.hpp"
#include "match/match_width.hpp"

namespace nhi::detail {
namespace {

// A repeat of more than this many times is cut like an unbounded one: a form
// keeps its minimum count (`{12,500}` of a URL parameter becomes `{12}`).
constexpr std::size_t kLongRepeat = 64;
// A form worth a place in the database holds a literal of this many bytes, as
// the regexes in it do (matcher.cpp); else vectorscan runs it at every byte.
constexpr std::size_t kMinFormLiteral = 3;

struct node;
using sequence = std::vector<node>;

// One item of a sequence: an atom with its repeat, as written (`text`); and,
// when a match of it may run long (`cut`), the start every match of it has
// (`head`). A group keeps its opener and its branches for the search inside.
struct node {
  std::string text, head;
  bool cut = false;
  std::string opener;              // "(", "(?:", "(?i:", "(?P<name>"; empty for other atoms
  std::vector<sequence> branches;  // a group's alternation
  bool flags_only = false;         // (?i), (?m): flags for the rest of the enclosing group
  std::size_t least = 1;           // the fewest times its repeat lets it occur
};

// A recursive-descent reader of RE2 syntax (the same subset as match_width's).
class form_reader {
 public:
  explicit form_reader(std::string_view p) : p_(p) {}

  bool read(std::vector<sequence>& top) {
    top = alternation();
    return !failed_ && i_ == p_.size();
  }

 private:
  bool at_end() const { return i_ >= p_.size(); }
  std::string_view since(std::size_t from) const { return p_.substr(from, i_ - from); }

  std::vector<sequence> alternation() {
    std::vector<sequence> out{read_sequence()};
    while (!failed_ && !at_end() && p_[i_] == '|') {
      ++i_;
      out.push_back(read_sequence());
    }
    return out;
  }

  sequence read_sequence() {
    sequence s;
    while (!failed_ && !at_end() && p_[i_] != '|' && p_[i_] != ')') s.push_back(quantified());
    return s;
  }

  node quantified() {
    const std::size_t from = i_;
    node a = atom();
    if (failed_ || at_end()) return a;
    std::size_t lo = 0, hi = 0;
    bool unbounded = false;
    const char c = p_[i_];
    if (c == '*' || c == '+' || c == '?') {
      ++i_;
      lo = c == '+' ? 1 : 0;
      hi = 1;
      unbounded = c != '?';
    } else if (c == '{') {
      const std::size_t close = p_.find('}', i_);
      if (close == std::string_view::npos || !counts(p_.substr(i_ + 1, close - i_ - 1), lo, hi, unbounded))
        return a;  // a literal '{' (RE2 reads it so when it is no repeat)
      i_ = close + 1;
    } else {
      return a;
    }
    if (!at_end() && p_[i_] == '?') ++i_;  // lazy
    if (!at_end() && (p_[i_] == '*' || p_[i_] == '+' || p_[i_] == '{' || p_[i_] == '?')) {
      failed_ = true;  // a repeat of a repeat: not followed
      return a;
    }
    const std::string atom_head = a.cut ? a.head : a.text;
    const bool atom_cut = a.cut;
    a.text = std::string(since(from));
    a.least = lo;
    if (!atom_cut && !unbounded && hi <= kLongRepeat) return a;
    // Every match starts with `lo` repeats of the atom (or, when the atom
    // itself may run long, with the first repeat's head).
    a.cut = true;
    a.flags_only = false;
    a.least = lo;
    if (lo == 0) a.head.clear();
    else if (atom_cut || lo == 1) a.head = atom_head;
    else a.head = atom_head + "{" + std::to_string(lo) + "}";
    return a;
  }

  // "n", "n,", "n,m".
  static bool counts(std::string_view s, std::size_t& lo, std::size_t& hi, bool& unbounded) {
    auto number = [](std::string_view d, std::size_t& v) {
      if (d.empty() || d.size() > 6) return false;
      v = 0;
      for (char ch : d) {
        if (!std::isdigit(static_cast<unsigned char>(ch))) return false;
        v = v * 10 + static_cast<std::size_t>(ch - '0');
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

  node atom() {
    const std::size_t from = i_;
    const char c = p_[i_++];
    switch (c) {
      case '[': char_class(); break;
      case '\\': escape(); break;
      case '(': return group(from);
      case '*': case '+': case '?': case '{': failed_ = true; break;  // nothing to repeat
      default: break;
    }
    node n;
    n.text = std::string(since(from));
    return n;
  }

  void escape() {
    if (at_end()) { failed_ = true; return; }
    const char c = p_[i_++];
    if (c == 'Q') { failed_ = true; return; }  // literal text up to \E: rare, not followed
    if ((c == 'x' || c == 'p' || c == 'P') && !at_end() && p_[i_] == '{') {
      const std::size_t close = p_.find('}', i_);
      if (close == std::string_view::npos) { failed_ = true; return; }
      i_ = close + 1;
    } else if (c == 'x') {
      i_ = std::min(p_.size(), i_ + 2);
    } else if ((c == 'p' || c == 'P') && !at_end()) {
      ++i_;
    } else if (c >= '0' && c <= '7') {  // octal \123: up to two more digits
      for (int k = 0; k < 2 && !at_end() && p_[i_] >= '0' && p_[i_] <= '7'; ++k) ++i_;
    }
  }

  void char_class() {
    if (!at_end() && p_[i_] == '^') ++i_;
    if (!at_end() && p_[i_] == ']') ++i_;  // a leading ']' is literal
    while (!at_end() && p_[i_] != ']') {
      if (p_[i_] == '\\') {
        i_ += 2;
      } else if (p_[i_] == '[' && i_ + 1 < p_.size() && p_[i_ + 1] == ':') {
        const std::size_t close = p_.find(":]", i_ + 2);
        if (close == std::string_view::npos) { failed_ = true; return; }
        i_ = close + 2;
      } else {
        ++i_;
      }
    }
    if (at_end()) { failed_ = true; return; }
    ++i_;  // ']'
  }

  node group(std::size_t from) {
    node n;
    if (!at_end() && p_[i_] == '?') {
      ++i_;
      if (!at_end() && p_[i_] == 'P') {  // (?P<name>...)
        const std::size_t close = p_.find('>', i_);
        if (close == std::string_view::npos) { failed_ = true; return n; }
        i_ = close + 1;
      } else {
        while (!at_end() && (std::isalpha(static_cast<unsigned char>(p_[i_])) || p_[i_] == '-')) ++i_;
        if (at_end()) { failed_ = true; return n; }
        if (p_[i_] == ')') {  // (?i) alone
          ++i_;
          n.text = std::string(since(from));
          n.flags_only = true;
          return n;
        }
        if (p_[i_] != ':') { failed_ = true; return n; }
        ++i_;
      }
    }
    n.opener = std::string(since(from));
    n.branches = alternation();
    if (at_end() || p_[i_] != ')') { failed_ = true; return n; }
    ++i_;
    n.text = std::string(since(from));
    std::string head;
    for (std::size_t b = 0; b < n.branches.size(); ++b) {
      bool branch_cut = false;
      if (b) head += '|';
      for (const node& item : n.branches[b]) {
        head += item.cut ? item.head : item.text;
        if ((branch_cut = item.cut)) break;
      }
      n.cut = n.cut || branch_cut;
    }
    if (n.cut) n.head = n.opener + head + ")";
    return n;
  }

  std::string_view p_;
  std::size_t i_ = 0;
  bool failed_ = false;
};

// The pattern's head: the alternation of each branch up to its first item
// that may run long (that item's own head included).
std::string head_of(const std::vector<sequence>& top) {
  std::string out;
  for (std::size_t b = 0; b < top.size(); ++b) {
    if (b) out += '|';
    for (const node& item : top[b]) {
      out += item.cut ? item.head : item.text;
      if (item.cut) break;
    }
  }
  return out;
}

// "(" and "(?P<name>" capture; "(?:" and "(?i:" do not.
bool capturing(const std::string& opener) { return opener == "(" || opener.compare(0, 3, "(?P") == 0; }

// Whether `text` opens a capture group: an unescaped "(" not followed by
// "?", or "(?P<", outside character classes.
bool reaches_capture(const std::string& text) {
  bool in_class = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\\') {
      ++i;
    } else if (in_class) {
      in_class = c != ']';
    } else if (c == '[') {
      in_class = true;
      if (i + 1 < text.size() && text[i + 1] == ']') ++i;  // a leading ']' is literal
      else if (i + 2 < text.size() && text[i + 1] == '^' && text[i + 2] == ']') i += 2;
    } else if (c == '(' && (i + 1 >= text.size() || text[i + 1] != '?' || text.compare(i, 4, "(?P<") == 0)) {
      return true;
    }
  }
  return false;
}

// Every run of whole items between items that may run long is in every match
// of a sequence (an assertion such as \b reads the same bytes there), and so
// is such a run inside a group every match goes through (a group of one
// branch). Each run comes with what holds for it: the flag groups before it
// and the openers of the groups around it that set flags (`open`, with the
// `close` it needs), and whether it lies inside a capture group.
void runs_of(const sequence& s, const std::string& open, const std::string& close, bool in_capture,
             std::vector<std::pair<std::string, bool>>& out) {
  std::string flags;
  for (std::size_t k = 0; k < s.size();) {
    const node& item = s[k];
    if (item.cut) {
      if (item.branches.size() == 1 && item.least > 0) {
        const bool sets_flags = item.opener.size() > 3 && item.opener[1] == '?' && item.opener[2] != ':' &&
                                item.opener[2] != 'P';
        runs_of(item.branches[0], open + flags + (sets_flags ? item.opener : ""), sets_flags ? ")" + close : close,
                in_capture || capturing(item.opener), out);
      }
      ++k;
      continue;
    }
    const std::string before = flags;
    std::string run;
    for (; k < s.size() && !s[k].cut; ++k) {
      run += s[k].text;
      if (s[k].flags_only) flags += s[k].text;
    }
    out.emplace_back(open + before + run + close, in_capture || reaches_capture(run));
    // The run and the start every match of the long item after it has: a
    // name and the first characters of the secret that follows it
    // (`"auth":"` and `([A-Za-z0-9+/]{12}` of `"auth":"([A-Za-z0-9+/]{12,})`).
    if (k < s.size()) {
      const std::string joined = run + s[k].head;
      out.emplace_back(open + before + joined + close, in_capture || reaches_capture(joined));
    }
  }
}

// The longest literal (up to 16 bytes) every match of `text` must hold; 0
// when it needs none of kMinFormLiteral bytes.
std::size_t literal_strength(const std::string& text) {
  std::size_t best = 0;
  for (std::size_t n = kMinFormLiteral; n <= 16 && has_required_literal(text, n); ++n) best = n;
  return best;
}

}  // namespace

std::optional<std::string> bounded_prefilter_form(std::string_view pattern, std::size_t max_width) {
  if (max_match_width(pattern, max_width + 1) <= max_width) return std::string(pattern);
  std::vector<sequence> top;
  if (!form_reader(pattern).read(top)) return std::nullopt;
  // Candidates: the head, and with one top-level branch the runs inside. A
  // form must reach the secret (the capture group a rule reports), so that
  // it stays about as selective as the rule: one cut before it keeps only a
  // name or a scheme (`password:`, `https://`), which most files hold. Of
  // those that do, the one whose literal selects best wins (the head on a tie).
  std::vector<std::pair<std::string, bool>> candidates;
  const std::string head = head_of(top);
  candidates.emplace_back(head, reaches_capture(head));
  if (top.size() == 1) runs_of(top[0], "", "", false, candidates);
  std::optional<std::string> best;
  std::size_t best_strength = 0;
  for (const auto& [c, reaches_secret] : candidates) {
    if (!reaches_secret || c.empty() || max_match_width(c, max_width + 1) > max_width) continue;
    const std::size_t strength = literal_strength(c);
    if (strength > best_strength) {
      best = c;
      best_strength = strength;
    }
  }
  return best;
}

}  // namespace nhi::detail
