// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>

#include "match/match_width.hpp"
#include "nhi/rules.hpp"
#include "match/compiled_rules.hpp"

using nhi::detail::max_match_width;

TEST_CASE("the longest match of a pattern: literals, classes, groups, alternation, counted repeats") {
  CHECK(max_match_width("abc", 1000) == 3);
  CHECK(max_match_width("\\bacme_[A-Za-z0-9]{20}\\b", 1000) == 25);
  CHECK(max_match_width("(?i)(?:key|secret)\\s?=\\s?([a-f0-9]{32,40})", 1000) == 6 + 1 + 1 + 1 + 40);
  CHECK(max_match_width("x{2,5}y?", 1000) == 6);
  CHECK(max_match_width("[]a-z\\]]{3}", 1000) == 3);
  CHECK(max_match_width("[[:alpha:]_]{4}", 1000) == 4);
  CHECK(max_match_width("(?P<tok>ghp_[0-9a-zA-Z]{36})", 1000) == 40);
  CHECK(max_match_width("\\x{41}\\x42\\pL\\p{Greek}", 1000) == 4);
  CHECK(max_match_width("^$", 1000) == 0);
}

TEST_CASE("the shortest match of a pattern") {
  using nhi::detail::min_match_width;
  CHECK(min_match_width("abc") == 3);
  CHECK(min_match_width("[a-f0-9]{32}") == 32);
  CHECK(min_match_width("[A-Za-z0-9]{8,40}\\.v1\\.[a-f0-9]{16,128}") == 8 + 4 + 16);
  CHECK(min_match_width("u[0-9]{6,8}-[a-f0-9]{24}|m[0-9]{6,9}-[a-f0-9]{24}") == 32);
  CHECK(min_match_width("x?y*z+(?:ab)?[0-9]{0,3}") == 1);
  CHECK(min_match_width("a{2,}?b+?c??") == 3);
  CHECK(min_match_width("(?i)(?:key|secret)=") == 4);
  CHECK(min_match_width("\\bx\\b") == 1);
  CHECK(min_match_width("(unclosed") == 0);
}

TEST_CASE("unbounded, too long or unreadable patterns give the cap") {
  CHECK(max_match_width("a+", 1000) == 1000);
  CHECK(max_match_width("ab*c", 1000) == 1000);
  CHECK(max_match_width("x{3,}", 1000) == 1000);
  CHECK(max_match_width("[a-z]{999}xx", 1000) == 1000);
  CHECK(max_match_width("(unclosed", 1000) == 1000);
  CHECK(max_match_width("\\Qa+b\\E", 1000) == 1000);
  CHECK(max_match_width("(?i)a{2}", 8) == 2);
}

TEST_CASE("a rule set's window overlap covers its longest rule, capped") {
  auto bounded = nhi::rule_set::from_yaml(R"(
rules:
  - id: acme-token
    name: Acme token
    provider: acme
    kind: token
    pattern: '\b(acme_[A-Za-z0-9]{20})\b'
    keywords: [acme_]
)", "t.yaml");
  REQUIRE(bounded.is_ok());
  CHECK(bounded.value().compiled().window_overlap == 25 + nhi::detail::kWindowOverlapSlack);
  auto unbounded = nhi::rule_set::from_yaml(R"(
rules:
  - id: acme-token
    name: Acme token
    provider: acme
    kind: token
    pattern: '\b(acme_[A-Za-z0-9]{20,})\b'
    keywords: [acme_]
)", "t.yaml");
  REQUIRE(unbounded.is_ok());
  CHECK(unbounded.value().compiled().window_overlap == nhi::detail::kMaxWindowOverlap);
}
