// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>

#include <string>

#include "util/glob.hpp"

using nhi::detail::compiled_glob;
using nhi::detail::glob_match;

TEST_CASE("glob: ** forms, escapes, classes, unclosed brackets") {
  CHECK(glob_match("a/**/b", "a/b"));
  CHECK(glob_match("a/**/b", "a/x/y/b"));
  CHECK_FALSE(glob_match("a/**/b", "a/xb"));
  CHECK(glob_match("**/*.env", "x.env"));
  CHECK(glob_match("**", "any/thing"));
  CHECK(glob_match("a***b", "a/x/b"));     // a run of stars is one globstar
  CHECK(glob_match("\\*.txt", "*.txt"));
  CHECK_FALSE(glob_match("\\*.txt", "a.txt"));
  CHECK(glob_match("a[1].env", "a1.env"));
  CHECK(glob_match("a\\[1].env", "a[1].env"));
  CHECK(glob_match("[", "["));              // no closing ']': a literal
  CHECK(glob_match("[^x]y", "ay"));
  CHECK_FALSE(compiled_glob("?").match("a/b", {}));
  CHECK(glob_match("?", "a/b"));            // the directory "a" matches: what is below it too
  CHECK_FALSE(glob_match("", "a"));
  compiled_glob g("src/*.c");
  CHECK(g.match("src/a.c", {}));
  CHECK_FALSE(g.match("lib/src/a.c", {}));
  CHECK(g.match("lib/src/a.c", {true, false}));          // any depth
  CHECK_FALSE(g.match("src/a.c/x", {}));
  CHECK(g.match("src/a.c/x", {false, true}));            // a parent directory matches
}

TEST_CASE("glob: a pathological pattern is matched in linear steps (no backtracking)") {
  // Nine stars against a 61-character name that almost matches: a
  // backtracking matcher explores C(61, 9) splits (billions); the automaton
  // takes at most one transition per state per byte.
  const std::string pattern = "*a*a*a*a*a*a*a*a*a*b";
  const std::string name(61, 'a');
  std::uint64_t steps = 0;
  CHECK_FALSE(glob_match(pattern, name, &steps));
  const std::uint64_t states = pattern.size() + 1;
  CHECK(steps > 0);
  CHECK(steps <= name.size() * states);
  // And it still matches when it should.
  steps = 0;
  CHECK(glob_match(pattern, name + "b", &steps));
  CHECK(steps <= (name.size() + 1) * states);
  // Globstars across directories, any depth and parent matching: still linear.
  std::string deep;
  for (int i = 0; i < 30; ++i) deep += "ab/";
  deep += "c";
  steps = 0;
  CHECK_FALSE(glob_match("**a**a**a**a**a**a**a**a**a**z", deep, &steps));
  CHECK(steps <= deep.size() * 64);
}
