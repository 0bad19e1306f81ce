// SPDX-License-Identifier: Apache-2.0
#include "match/provider_prefix.hpp"

#include <algorithm>
#include <cctype>

#include "util/text.hpp"

namespace nhi::detail {
namespace {

constexpr std::size_t kMaxExpansions = 32;
constexpr std::size_t kMaxPrefix = 48;

bool is_meta(char c) { return std::string_view("[](){}|.*+?^$\\").find(c) != std::string_view::npos; }

// Where the character class opening at p[i] ('[') ends: the index of its
// ']' (a '^' and a ']' right after the opening are inside it), or p.size().
std::size_t class_end(std::string_view p, std::size_t i) {
  std::size_t j = i + 1;
  if (j < p.size() && p[j] == '^') ++j;
  if (j < p.size() && p[j] == ']') ++j;
  for (; j < p.size() && p[j] != ']'; ++j)
    if (p[j] == '\\') ++j;
  return j;
}

// Where the group whose content starts at p[start] ends: the index of its
// ')', or npos when it is not closed.
std::size_t group_end(std::string_view p, std::size_t start) {
  int depth = 0;
  for (std::size_t j = start; j < p.size(); ++j) {
    if (p[j] == '\\') {
      ++j;
    } else if (p[j] == '[') {
      j = class_end(p, j);
    } else if (p[j] == '(') {
      ++depth;
    } else if (p[j] == ')' && depth-- == 0) {
      return j;
    }
  }
  return std::string_view::npos;
}

// Where the secret starts in `p`: just inside the first capturing group, or 0.
std::size_t secret_start(std::string_view p) {
  for (std::size_t i = 0; i < p.size(); ++i) {
    const char c = p[i];
    if (c == '\\') {
      ++i;
    } else if (c == '[') {
      i = class_end(p, i);
    } else if (c == '(') {
      if (i + 1 < p.size() && p[i + 1] != '?') return i + 1;
      if (p.substr(i, 4) == "(?P<") {
        const std::size_t close = p.find('>', i);
        return close == std::string_view::npos ? 0 : close + 1;
      }
    }
  }
  return 0;
}

// The literal characters a one-character item at p[i] stands for (a literal,
// an escaped punctuation character, or a small class such as [ua] or [_-]),
// and where it ends; empty when it is anything else.
std::vector<char> one_char(std::string_view p, std::size_t i, std::size_t& next) {
  if (i >= p.size()) return {};
  const char c = p[i];
  if (c == '\\') {
    if (i + 1 < p.size() && std::ispunct(static_cast<unsigned char>(p[i + 1]))) {
      next = i + 2;
      return {p[i + 1]};
    }
    return {};
  }
  if (c == '[') {
    std::vector<char> set;
    std::size_t j = i + 1;
    if (j < p.size() && p[j] == '^') return {};
    for (; j < p.size() && p[j] != ']'; ++j) {
      char m = p[j];
      if (m == '\\') {
        if (j + 1 >= p.size() || !std::ispunct(static_cast<unsigned char>(p[j + 1]))) return {};
        m = p[++j];
      } else if (m == '-' && j + 1 < p.size() && p[j + 1] != ']' && !set.empty()) {
        return {};  // a range: too many to list
      }
      set.push_back(m);
      if (set.size() > 4) return {};
    }
    if (j >= p.size() || set.empty()) return {};
    next = j + 1;
    return set;
  }
  if (is_meta(c)) return {};
  next = i + 1;
  return {c};
}

bool quantified(std::string_view p, std::size_t i) {
  return i < p.size() && (p[i] == '?' || p[i] == '*' || p[i] == '{' || p[i] == '+');
}

// Extends every string in `heads` by the literal text starting at p[i];
// stops at the first item that is not a literal, a small class or a group of
// literal alternatives, or at a quantifier (a "+" keeps one copy).
void extend(std::string_view p, std::size_t i, std::vector<std::string>& heads) {
  while (i < p.size() && !heads.empty() && heads.front().size() < kMaxPrefix) {
    if (p.substr(i, 2) == "\\b") {
      i += 2;
      continue;
    }
    std::size_t next = i;
    if (p.substr(i, 3) == "(?:") {
      // (?:ab|cd|e): each alternative must be plain literal text.
      std::vector<std::string> alts(1);
      std::size_t j = i + 3;
      for (; j < p.size() && p[j] != ')'; ++j) {
        if (p[j] == '|') {
          alts.emplace_back();
        } else if (is_meta(p[j]) && p[j] != '\\') {
          return;
        } else {
          std::size_t after = j;
          const auto chars = one_char(p, j, after);
          if (chars.size() != 1) return;
          alts.back() += chars[0];
          j = after - 1;
        }
      }
      if (j >= p.size() || quantified(p, j + 1) || heads.size() * alts.size() > kMaxExpansions) return;
      std::vector<std::string> grown;
      for (const auto& h : heads)
        for (const auto& a : alts) grown.push_back(h + a);
      heads.swap(grown);
      i = j + 1;
      continue;
    }
    const auto chars = one_char(p, i, next);
    if (chars.empty()) return;
    if (quantified(p, next) && p[next] != '+') return;
    if (heads.size() * chars.size() > kMaxExpansions) return;
    std::vector<std::string> grown;
    for (const auto& h : heads)
      for (char c : chars) grown.push_back(h + c);
    heads.swap(grown);
    if (quantified(p, next)) return;  // "+": one copy, then it varies
    i = next;
  }
}

}  // namespace

std::string secret_group(std::string_view pattern) {
  const std::size_t start = secret_start(pattern);
  if (start == 0) return {};
  const std::size_t close = group_end(pattern, start);
  return close == std::string_view::npos ? std::string() : std::string(pattern.substr(start, close - start));
}

std::vector<std::string> secret_prefixes(std::string_view pattern) {
  std::size_t i = secret_start(pattern);
  // A group that is an alternation at its top level ((a...|b...)) has a
  // prefix per branch; those are not worked out (few rules have them).
  int depth = 0;
  for (std::size_t j = i; j < pattern.size(); ++j) {
    const char c = pattern[j];
    if (c == '\\') {
      ++j;
    } else if (c == '[') {
      j = class_end(pattern, j);
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      if (depth-- == 0) break;
    } else if (c == '|' && depth == 0) {
      return {};
    }
  }
  std::vector<std::string> heads(1);
  extend(pattern, i, heads);
  std::vector<std::string> out;
  for (auto& h : heads) {
    if (h.empty()) return {};
    out.push_back(to_lower_ascii(h));
  }
  return out;
}

std::string secret_suffix(std::string_view pattern) {
  const std::size_t start = secret_start(pattern);
  if (start == 0) return {};  // no group: the match's end is context, not the secret's
  std::string suffix;
  const auto skip_quantifier = [&](std::size_t& i) {
    if (i >= pattern.size()) return false;
    if (pattern[i] == '{') {
      const std::size_t close = pattern.find('}', i);
      if (close == std::string_view::npos) return false;
      i = close + 1;
    } else if (pattern[i] == '?' || pattern[i] == '*' || pattern[i] == '+') {
      ++i;
    } else {
      return false;
    }
    if (i < pattern.size() && pattern[i] == '?') ++i;  // lazy
    return true;
  };
  std::size_t i = start;
  while (i < pattern.size()) {
    const char c = pattern[i];
    if (c == ')') return suffix;  // the secret group ends
    if (c == '|') return {};      // a branch per alternative: not worked out
    if (c == '^' || c == '$') {
      ++i;
      continue;
    }
    if (c == '\\' && i + 1 < pattern.size() && (pattern[i + 1] == 'b' || pattern[i + 1] == 'z' || pattern[i + 1] == 'A')) {
      i += 2;
      continue;
    }
    if (c == '(') {  // a nested group varies: skip it whole
      const std::size_t close = group_end(pattern, i + 1);
      if (close == std::string_view::npos) return {};
      i = close + 1;
      skip_quantifier(i);
      suffix.clear();
      continue;
    }
    std::size_t next = i;
    const auto chars = one_char(pattern, i, next);
    if (next == i) {  // a class with a range, \w, ".": skip the item
      if (c == '[') {
        next = class_end(pattern, i) + 1;
      } else {
        next = i + (c == '\\' ? 2 : 1);
      }
    }
    i = next;
    if (skip_quantifier(i) || chars.size() != 1) {
      suffix.clear();
      continue;
    }
    suffix += static_cast<char>(ascii_lower(static_cast<unsigned char>(chars[0])));
    if (suffix.size() > kMaxPrefix) return {};
  }
  return {};
}

bool distinctive_suffix(std::string_view suffix) {
  // A separator and four letters or digits ("-nrma"), or eight letters and
  // digits ("ffffnral"), as for prefixes; the common words apply mirrored
  // ("_key", "-token" end many values of no provider).
  if (suffix.size() < 5) return false;
  std::string mirrored(suffix.rbegin(), suffix.rend());
  if (!distinctive_prefix(mirrored)) return false;
  std::string word;
  for (auto it = suffix.rbegin(); it != suffix.rend() && std::isalnum(static_cast<unsigned char>(*it)); ++it)
    word.insert(word.begin(), static_cast<char>(ascii_lower(static_cast<unsigned char>(*it))));
  static const char* const kCommon[] = {"key", "token", "secret", "auth", "pass", "live", "test", "prod", "dev"};
  for (const char* w : kCommon)
    if (word == w) return false;
  return true;
}

bool distinctive_prefix(std::string_view prefix) {
  if (prefix.size() < 4) return false;
  std::size_t alnum = 0;
  bool separated = false;
  for (std::size_t k = 0; k < prefix.size(); ++k) {
    const char c = prefix[k];
    if (std::isalnum(static_cast<unsigned char>(c))) {
      ++alnum;
    } else if ((c == '-' || c == '_' || c == '.') && k >= 2) {
      separated = true;
    }
  }
  // A long literal needs no separator: eight fixed characters do not start
  // a random value by chance ("cmVmdGtuOjAx", base64 of "reftkn:01").
  if (!separated && alnum >= 8 && alnum == prefix.size()) {
    return std::any_of(prefix.begin() + 1, prefix.end(), [&](char c) { return c != prefix[0]; });
  }
  if (alnum < 3 || !separated) return false;
  // Words that begin many services' values, and values of no service at all.
  std::string word;
  for (char c : prefix) {
    if (!std::isalnum(static_cast<unsigned char>(c))) break;
    word += static_cast<char>(ascii_lower(static_cast<unsigned char>(c)));
  }
  static const char* const kCommon[] = {"api",  "key",  "access", "secret", "live", "test", "web",  "pat",
                                        "token", "auth", "user",  "pass",   "pub",  "sub",  "app",  "http",
                                        "https", "client", "private", "public", "sdk", "admin", "v1", "v2"};
  if (word.size() == prefix.size() - 1 || word.size() == prefix.size()) {
    for (const char* w : kCommon)
      if (word == w) return false;
  }
  return true;
}

void provider_prefixes::add(std::string_view prefix) {
  const std::string p = to_lower_ascii(prefix);
  if (!prefixes_.insert(p).second) return;
  if (std::find(lengths_.begin(), lengths_.end(), p.size()) == lengths_.end()) {
    lengths_.push_back(p.size());
    std::sort(lengths_.begin(), lengths_.end());
  }
}

void provider_prefixes::add_suffix(std::string_view suffix) { add(std::string(suffix.rbegin(), suffix.rend())); }

bool provider_prefixes::ends(std::string_view value) const {
  return starts(std::string(value.rbegin(), value.rend()));
}

bool provider_prefixes::starts(std::string_view value) const {
  std::string head;
  for (std::size_t len : lengths_) {
    if (len > value.size()) break;
    // A value exactly the prefix is not a key of that provider's at all.
    if (len == value.size()) break;
    while (head.size() < len) head += static_cast<char>(ascii_lower(static_cast<unsigned char>(value[head.size()])));
    if (prefixes_.count(head)) return true;
  }
  return false;
}

}  // namespace nhi::detail
