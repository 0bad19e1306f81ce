// SPDX-License-Identifier: Apache-2.0
#include "util/glob.hpp"

namespace nhi::detail {
namespace {

bool match_class(std::string_view pat, std::size_t& pi, char c) noexcept {
  // pat[pi] == '['; on return pi is past the closing ']'.
  std::size_t i = pi + 1;
  bool negate = false;
  if (i < pat.size() && (pat[i] == '!' || pat[i] == '^')) { negate = true; ++i; }
  bool matched = false;
  bool first = true;
  while (i < pat.size() && (pat[i] != ']' || first)) {
    first = false;
    if (i + 2 < pat.size() && pat[i + 1] == '-' && pat[i + 2] != ']') {
      if (c >= pat[i] && c <= pat[i + 2]) matched = true;
      i += 3;
    } else {
      if (c == pat[i]) matched = true;
      ++i;
    }
  }
  pi = i < pat.size() ? i + 1 : i;
  return matched != negate;
}

// Classic backtracking matcher; `**` may cross '/', `*` may not. The pattern
// comes from the user's command line, so its length is small and recursion
// depth is bounded by the number of `**` in it.
bool match_here(std::string_view pat, std::size_t pi, std::string_view s, std::size_t si) noexcept {
  while (pi < pat.size()) {
    const char p = pat[pi];
    if (p == '*') {
      const bool deep = pi + 1 < pat.size() && pat[pi + 1] == '*';
      std::size_t next = pi + (deep ? 2 : 1);
      if (deep && next < pat.size() && pat[next] == '/') {
        // "**/" also matches zero directories.
        if (match_here(pat, next + 1, s, si)) return true;
      }
      for (std::size_t k = si; k <= s.size(); ++k) {
        if (match_here(pat, next, s, k)) return true;
        if (k < s.size() && s[k] == '/' && !deep) break;
      }
      return false;
    }
    if (si >= s.size()) return false;
    if (p == '?') {
      if (s[si] == '/') return false;
      ++pi; ++si;
    } else if (p == '[') {
      if (s[si] == '/' || !match_class(pat, pi, s[si])) return false;
      ++si;
    } else {
      if (p == '\\' && pi + 1 < pat.size()) ++pi;
      if (pat[pi] != s[si]) return false;
      ++pi; ++si;
    }
  }
  return si == s.size();
}

bool match_path_or_parent(std::string_view pat, std::string_view path) noexcept {
  if (match_here(pat, 0, path, 0)) return true;
  // A pattern matching a parent directory matches everything below it.
  for (std::size_t i = 0; i < path.size(); ++i)
    if (path[i] == '/' && match_here(pat, 0, path.substr(0, i), 0)) return true;
  return false;
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view path) noexcept {
  while (!pattern.empty() && pattern.back() == '/') pattern.remove_suffix(1);
  while (path.size() >= 2 && path[0] == '.' && path[1] == '/') path.remove_prefix(2);
  if (pattern.size() >= 2 && pattern[0] == '.' && pattern[1] == '/') pattern.remove_prefix(2);
  if (pattern.empty()) return false;
  if (pattern.find('/') != std::string_view::npos) return match_path_or_parent(pattern, path);
  // No slash: match at any depth.
  for (std::size_t start = 0;;) {
    if (match_path_or_parent(pattern, path.substr(start))) return true;
    const std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) return false;
    start = slash + 1;
  }
}

}  // namespace nhi::detail
