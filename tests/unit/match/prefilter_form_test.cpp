// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>

#include <re2/re2.h>

#include "match/compiled_rules.hpp"
#include "match/keyword_anchor.hpp"
#include "match/match_width.hpp"
#include "match/matcher.hpp"
#include "match/prefilter_form.hpp"
#include "nhi/rules.hpp"

using nhi::detail::bounded_prefilter_form;

TEST_CASE("prefilter forms: a bounded pattern is its own form") {
  CHECK(bounded_prefilter_form("\\bacme_[A-Za-z0-9]{20}\\b", 64) == "\\bacme_[A-Za-z0-9]{20}\\b");
}

TEST_CASE("prefilter forms: cut at the first long repeat, which keeps its minimum count") {
  // The secret body of a long token: every match starts with 100 of it.
  CHECK(bounded_prefilter_form("(?:^|[^A-Za-z0-9+/])(CAIS[A-Za-z0-9+/]{100,}={0,2})", 512) ==
        "(?:^|[^A-Za-z0-9+/])(CAIS[A-Za-z0-9+/]{100})");
  // A long counted repeat is cut like an unbounded one.
  CHECK(bounded_prefilter_form("(tok_[a-z]{8,900})x", 512) == "(tok_[a-z]{8})");
  // `+` keeps one, and the groups open at the cut are closed.
  CHECK(bounded_prefilter_form("(key=(abc[0-9]+))!", 64) == "(key=(abc[0-9]))");
  // Each branch of an alternation is cut on its own; the later items go.
  CHECK(bounded_prefilter_form("(?:(abcd[a-z]+)|(efgh\\d{200,}))rest", 512) == "(?:(abcd[a-z])|(efgh\\d{200}))");
}

TEST_CASE("prefilter forms: a run inside the secret when the start is only a name") {
  // Cut before the secret, the start would be `token=`: the run of the
  // secret's own literal is taken instead, with the flags that hold for it.
  CHECK(bounded_prefilter_form("(?i)token\\s*=\\s*(tk-live-[a-z0-9]{40})", 512) == "(?i)(tk-live-[a-z0-9]{40})");
  CHECK(bounded_prefilter_form("(?i:name)\\s*:\\s*(\\w+\\.atlasv1\\.[A-Za-z0-9]{60})", 512) ==
        "\\.atlasv1\\.[A-Za-z0-9]{60}");
}

TEST_CASE("prefilter forms: a run and the start of the long item after it") {
  // The name stands after a long gap and the secret is unbounded: the run
  // `"auth":"` alone reaches no secret, with the secret's first 12 it does.
  CHECK(bounded_prefilter_form("(?s)\"auths\"\\s{0,3}:\\s{0,3}\\{.{0,400}?\"auth\"\\s{0,3}:\\s{0,3}\"([A-Za-z0-9+/]{12,}={0,2})\"",
                               512) == "(?s)\"auth\"\\s{0,3}:\\s{0,3}\"([A-Za-z0-9+/]{12})");
  // Among forms that reach the secret, the one with the longest literal wins.
  CHECK(bounded_prefilter_form("\\bcmd\\b[^\\n]{0,300}?\\s--password[ \\t]{1,8}([^\\s]{3,200})", 512) ==
        "\\s--password[ \\t]{1,8}([^\\s]{3})");
}

TEST_CASE("prefilter forms: none when no bounded form reaches the secret with a literal") {
  CHECK_FALSE(bounded_prefilter_form("\\bcurl\\b.*-u\\s*([^\\s:]+:[^\\s]+)", 512));  // only the command name
  CHECK_FALSE(bounded_prefilter_form("([a-z]+)@example", 512));                        // no literal in the secret
  CHECK_FALSE(bounded_prefilter_form("(unclosed[a-z]+", 512));                        // not read
}

TEST_CASE("prefilter forms: every built-in rule's form matches wherever the rule matches its examples") {
  const auto rs = nhi::rule_set::builtin();
  REQUIRE(rs.is_ok());
  std::size_t forms = 0, cut = 0;
  for (const auto& rule : rs.value().compiled().rules) {
    const std::string& pattern = rule.regex.pattern();
    const auto form = bounded_prefilter_form(pattern, nhi::detail::kDeltaWindowWidth);
    if (!form) continue;
    ++forms;
    if (*form == pattern) continue;
    ++cut;
    CAPTURE(rule.info.id);
    CAPTURE(*form);
    CHECK(nhi::detail::max_match_width(*form, 1 << 20) <= nhi::detail::kDeltaWindowWidth);
    RE2::Options latin1;
    latin1.set_encoding(RE2::Options::EncodingLatin1);
    const RE2 re(*form, latin1);
    REQUIRE(re.ok());
    for (const auto& example : rule.info.examples)
      if (RE2::PartialMatch(example, rule.regex.get())) CHECK(RE2::PartialMatch(example, re));
  }
  CHECK(forms > 1000);
  CHECK(cut > 40);
}

TEST_CASE("prefilter forms: every built-in rule in the vectorscan database has one") {
  // A rule without a form is run over every byte of every delta blob of a
  // history (the `whole` delta database): bound its `\s*`, `[ \t]+` and
  // `[^\n]*` (docs/performance.md, "Eighth round") so this list stays empty.
  const auto rs = nhi::rule_set::builtin();
  REQUIRE(rs.is_ok());
  std::size_t checked = 0;
  for (const auto& rule : rs.value().compiled().rules) {
    const std::string& pattern = rule.regex.pattern();
    if (!nhi::detail::has_required_literal(pattern, 3)) continue;  // left to its keywords
    ++checked;
    CHECK_MESSAGE(bounded_prefilter_form(pattern, nhi::detail::kDeltaWindowWidth).has_value(),
                  "no bounded form: ", rule.info.id);
  }
  CHECK(checked > 500);
}
