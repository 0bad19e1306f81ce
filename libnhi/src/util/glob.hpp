// SPDX-License-Identifier: Apache-2.0
// Glob matching for --exclude, path allowlists and .gitignore patterns.
//
// Patterns are compiled to a small automaton and matched by simulating it
// over the path, one state set per byte: O(path length x pattern length) in
// every case, never exponential (a committed .nhi.yaml or .gitignore is
// hostile input, and a backtracking matcher took minutes on `*a*a*a...`).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace nhi::detail {

class compiled_glob {
 public:
  // Syntax:
  //   *  any run of characters except '/'      ?  one character except '/'
  //   ** any run of characters, '/' included   [abc] [a-z] [!a] [^a]  a class
  //   **/ zero or more whole directories        \x  the character x
  explicit compiled_glob(std::string_view pattern);

  struct match_mode {
    bool any_depth = false;    // also match every suffix of the path that starts after a '/'
    bool parent_dirs = false;  // also match when a parent directory of the path matches
  };
  // `steps`, when given, is increased by the automaton transitions taken: the
  // tests bound it to prove the match linear in the path's length.
  bool match(std::string_view path, match_mode mode, std::uint64_t* steps = nullptr) const;

  bool empty() const noexcept { return tokens_.empty(); }

 private:
  enum class op : std::uint8_t { literal, any, cls, star, globstar, optional };
  struct token {
    op kind = op::literal;
    char c = 0;
    bool negate = false;          // cls
    std::string set;              // cls: pairs lo,hi
    std::size_t skip_to = 0;      // optional: the state after the group it may skip
  };
  bool accepts(const token& t, char c) const noexcept;
  void close(std::vector<std::uint8_t>& states) const;
  std::vector<token> tokens_;
};

// Matches `path` (forward slashes) against `pattern` with the --exclude rules:
// a pattern without '/' matches at any depth ("*.pem", "node_modules"); a
// trailing '/' is ignored; a pattern matching a directory matches everything
// below it; "./" prefixes are ignored on both sides.
bool glob_match(std::string_view pattern, std::string_view path, std::uint64_t* steps = nullptr) noexcept;

}  // namespace nhi::detail
