// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>

#include "match/keyword_anchor.hpp"

using nhi::detail::every_match_holds_keyword;
using nhi::detail::has_required_literal;

TEST_CASE("keyword anchor: every match holds a keyword, or not") {
  // The keyword is a literal of every match, in either case.
  CHECK(every_match_holds_keyword("(sk-proj-[A-Za-z0-9]{40})", {"sk-proj-"}));
  CHECK(every_match_holds_keyword("(?i)password\\s*=\\s*(\\S+)", {"PASSWORD"}));
  CHECK(every_match_holds_keyword("\\b(AKIA[A-Z0-9]{16})\\b", {"akia"}));
  // A keyword inside a longer literal of the match.
  CHECK(every_match_holds_keyword("https://hooks\\.slack\\.com/services/[A-Z0-9/]+", {"hooks.slack.com"}));
  // Alternatives: each must hold one of the keywords.
  CHECK(every_match_holds_keyword("(?:ghp|gho)_[A-Za-z0-9]{36}", {"ghp_", "gho_"}));
  CHECK_FALSE(every_match_holds_keyword("(?:ghp|gho)_[A-Za-z0-9]{36}", {"ghp_"}));
  CHECK_FALSE(every_match_holds_keyword("(?:abc|def)[0-9]+", {"abc"}));
  // Nothing literal, an optional keyword, a keyword only near the match.
  CHECK_FALSE(every_match_holds_keyword("[a-f0-9]{32}", {"acme"}));
  CHECK_FALSE(every_match_holds_keyword("(?:acme_)?[a-f0-9]{32}", {"acme_"}));
  CHECK_FALSE(every_match_holds_keyword("token=([a-z0-9]{20})", {"acme"}));
  // No keywords, and a pattern RE2 refuses.
  CHECK_FALSE(every_match_holds_keyword("acme_[a-z]+", {}));
  CHECK_FALSE(every_match_holds_keyword("acme_[a-z", {"acme_"}));
}

TEST_CASE("required literal: whether every match must hold a literal of some length") {
  CHECK(has_required_literal(R"(\b(npm_[A-Za-z0-9]{36})\b)", 3));
  CHECK(has_required_literal(R"((?:live|test)_[A-Za-z0-9]{27})", 3));  // one of two, either will do
  CHECK(has_required_literal(R"((?i:statuspage)[\w.]{0,30}key)", 3));
  // Bare shapes, and literals too short.
  CHECK_FALSE(has_required_literal(R"(\b([a-z0-9]{32})\b)", 3));
  CHECK_FALSE(has_required_literal(R"((?m)^[^:\s]{1,253}:[0-9]{2,5}:[^:\s]{1,63}:([^\s]{6,200})$)", 3));
  CHECK_FALSE(has_required_literal(R"((\d{15,16}\|[A-Za-z0-9_-]{27}))", 3));
  CHECK(has_required_literal(R"((\d{15,16}\|[A-Za-z0-9_-]{27}))", 1));
  // A branch that needs no literal makes the whole pattern need none.
  CHECK_FALSE(has_required_literal(R"((?:akia[A-Z0-9]{16}|[A-Z0-9]{20}))", 3));
  CHECK_FALSE(has_required_literal("(unclosed", 3));
}
