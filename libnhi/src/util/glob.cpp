// SPDX-License-Identifier: Apache-2.0
#include "util/glob.hpp"

namespace nhi::detail {

compiled_glob::compiled_glob(std::string_view pat) {
  for (std::size_t i = 0; i < pat.size();) {
    token t;
    const char p = pat[i];
    if (p == '*') {
      const bool deep = i + 1 < pat.size() && pat[i + 1] == '*';
      // Collapse runs: "***" is "**", "**/**/" is "**/".
      std::size_t j = i;
      while (j < pat.size() && pat[j] == '*') ++j;
      t.kind = deep ? op::globstar : op::star;
      const bool at_component_start = i == 0 || pat[i - 1] == '/';
      if (deep && at_component_start && j < pat.size() && pat[j] == '/') {
        // "**/": zero or more directories. An epsilon-only state in front
        // of it may skip the globstar and its '/' together (only before the
        // globstar consumed anything).
        if (tokens_.size() >= 3 && tokens_[tokens_.size() - 3].kind == op::optional) {
          i = j + 1;  // "**/**/" adds nothing
          continue;
        }
        token skip;
        skip.kind = op::optional;
        skip.skip_to = tokens_.size() + 3;
        tokens_.push_back(skip);
        tokens_.push_back(t);
        token slash;
        slash.c = '/';
        tokens_.push_back(slash);
        i = j + 1;
        continue;
      }
      if (!tokens_.empty() && (tokens_.back().kind == op::star || tokens_.back().kind == op::globstar)) {
        if (deep) tokens_.back().kind = op::globstar;
        i = j;
        continue;
      }
      tokens_.push_back(t);
      i = j;
      continue;
    }
    if (p == '?') {
      t.kind = op::any;
      ++i;
    } else if (p == '[') {
      std::size_t k = i + 1;
      bool negate = false;
      if (k < pat.size() && (pat[k] == '!' || pat[k] == '^')) { negate = true; ++k; }
      std::string set;
      bool first = true;
      while (k < pat.size() && (pat[k] != ']' || first)) {
        first = false;
        char lo = pat[k];
        if (lo == '\\' && k + 1 < pat.size()) lo = pat[++k];
        if (k + 2 < pat.size() && pat[k + 1] == '-' && pat[k + 2] != ']') {
          set += lo;
          set += pat[k + 2];
          k += 3;
        } else {
          set += lo;
          set += lo;
          ++k;
        }
      }
      if (k >= pat.size()) {  // no closing ']': a literal '['
        t.c = '[';
        ++i;
      } else {
        t.kind = op::cls;
        t.negate = negate;
        t.set = std::move(set);
        i = k + 1;
      }
    } else {
      if (p == '\\' && i + 1 < pat.size()) ++i;
      t.c = pat[i];
      ++i;
    }
    tokens_.push_back(std::move(t));
  }
}

bool compiled_glob::accepts(const token& t, char c) const noexcept {
  switch (t.kind) {
    case op::literal: return c == t.c;
    case op::any: return c != '/';
    case op::star: return c != '/';
    case op::globstar: return true;
    case op::optional: return false;
    case op::cls: {
      if (c == '/') return false;
      bool in = false;
      for (std::size_t k = 0; k + 1 < t.set.size(); k += 2)
        if (c >= t.set[k] && c <= t.set[k + 1]) in = true;
      return in != t.negate;
    }
  }
  return false;
}

// Epsilon closure: stars match the empty string, "**/" may match nothing at
// all. Edges only go forward, so one pass in index order suffices.
void compiled_glob::close(std::vector<std::uint8_t>& states) const {
  for (std::size_t i = 0; i < tokens_.size(); ++i) {
    if (!states[i]) continue;
    const token& t = tokens_[i];
    if (t.kind == op::star || t.kind == op::globstar || t.kind == op::optional) states[i + 1] = 1;
    if (t.kind == op::optional) states[t.skip_to] = 1;
  }
}

bool compiled_glob::match(std::string_view path, match_mode mode, std::uint64_t* steps) const {
  const std::size_t n = tokens_.size();
  std::vector<std::uint8_t> cur(n + 1, 0), next(n + 1, 0);
  cur[0] = 1;
  close(cur);
  std::uint64_t taken = 0;
  bool matched = false;
  for (std::size_t pos = 0; pos < path.size() && !matched; ++pos) {
    const char c = path[pos];
    if (c == '/' && mode.parent_dirs && cur[n] && pos > 0) {
      matched = true;  // the directory path[0..pos) matches
      break;
    }
    std::fill(next.begin(), next.end(), 0);
    bool any = false;
    for (std::size_t i = 0; i < n; ++i) {
      if (!cur[i] || tokens_[i].kind == op::optional) continue;
      ++taken;
      const token& t = tokens_[i];
      if (!accepts(t, c)) continue;
      const std::size_t to = (t.kind == op::star || t.kind == op::globstar) ? i : i + 1;
      next[to] = 1;
      any = true;
    }
    if (c == '/' && mode.any_depth) {
      next[0] = 1;  // a fresh match may start after every '/'
      any = true;
    }
    if (!any && !mode.any_depth) break;  // with any_depth, the next '/' starts afresh
    close(next);
    cur.swap(next);
    if (pos + 1 == path.size()) matched = cur[n] != 0;
  }
  if (path.empty()) matched = cur[n] != 0;
  if (steps) *steps += taken;
  return matched;
}

bool glob_match(std::string_view pattern, std::string_view path, std::uint64_t* steps) noexcept {
  while (!pattern.empty() && pattern.back() == '/') pattern.remove_suffix(1);
  while (path.size() >= 2 && path[0] == '.' && path[1] == '/') path.remove_prefix(2);
  if (pattern.size() >= 2 && pattern[0] == '.' && pattern[1] == '/') pattern.remove_prefix(2);
  if (pattern.empty()) return false;
  compiled_glob::match_mode mode;
  mode.parent_dirs = true;
  mode.any_depth = pattern.find('/') == std::string_view::npos;
  try {
    return compiled_glob(pattern).match(path, mode, steps);
  } catch (...) {  // allocation failure: treat as no match
    return false;
  }
}

}  // namespace nhi::detail
