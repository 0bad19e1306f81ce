// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>

#include "match/keyword_anchor.hpp"

using nhi::detail::every_match_holds_keyword;

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
