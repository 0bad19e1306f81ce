// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>

#include <string>

#include "match/compiled_rules.hpp"
#include "match/secret_run.hpp"
#include "nhi/rules.hpp"

using nhi::detail::required_secret_run;
using nhi::detail::secret_run;

TEST_CASE("secret runs: a counted class gives its bytes and its fewest count") {
  const secret_run r = required_secret_run("[a-z0-9]{128}");
  CHECK(r.length == 128);
  CHECK(r.holds('q'));
  CHECK(r.holds('7'));
  CHECK_FALSE(r.holds('Q'));
  CHECK_FALSE(r.holds('-'));
  CHECK(required_secret_run("[A-Za-z0-9_-]{43,64}").length == 43);
  CHECK(required_secret_run("\\d{12}").holds('5'));
  CHECK(required_secret_run("[\\w.]{20}").holds('.'));
}

TEST_CASE("secret runs: consecutive items join into one run when that selects better") {
  // A UUID is 36 bytes of [0-9a-f-] in a row: rarer than 12 hex digits.
  const secret_run uuid = required_secret_run("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  CHECK(uuid.length == 36);
  CHECK(uuid.holds('-'));
  CHECK_FALSE(uuid.holds('g'));
  const secret_run mixed = required_secret_run("[a-f0-9]{16}[A-Za-z0-9+/]{42,43}=");
  CHECK(mixed.length == 16 + 42 + 1);
  CHECK(mixed.holds('='));
  // Two upper-case letters do not pay for widening 40 bytes of [a-z0-9] to [A-Za-z0-9].
  const secret_run narrow = required_secret_run("[A-Z]{2}[a-z0-9]{40}");
  CHECK(narrow.length == 40);
  CHECK_FALSE(narrow.holds('A'));
  // An optional item or a group ends a stretch.
  CHECK(required_secret_run("[a-z]{10}-?[a-z]{12}").length == 12);
  CHECK(required_secret_run("(?:sk_)?[A-Za-z0-9]{24}").length == 24);
}

TEST_CASE("secret runs: any doubt gives no run, and no run passes every span") {
  CHECK(required_secret_run("[a-z]{40}|[0-9]{40}").length == 0);  // top-level alternation
  CHECK(required_secret_run("(?i)[a-f0-9]{32}").length == 0);    // flags change the classes
  CHECK(required_secret_run("[^\"\\s]{40}").length == 0);        // negated class
  CHECK(required_secret_run("[[:alnum:]]{40}").length == 0);
  CHECK(required_secret_run("\\x41{40}").length == 0);
  CHECK(required_secret_run("[a-z0-9]{4}").length == 0);  // too short to select
  CHECK(required_secret_run(".{40}").length == 0);
  CHECK(required_secret_run("[a-z]{40").length == 0);  // unreadable
  CHECK(secret_run{}.found_in("anything"));
  CHECK(secret_run{}.found_in(""));
}

TEST_CASE("secret runs: found_in finds a run anywhere, of exactly the length, and nothing shorter") {
  const secret_run r = required_secret_run("[a-f0-9]{8}");
  REQUIRE(r.length == 8);
  CHECK(r.found_in("0123abcd"));
  CHECK(r.found_in("key = 0123abcd;"));
  CHECK(r.found_in("xx 0123abc 0123abcd"));
  CHECK(r.found_in("zzzzzzzzzzzzzzz0123abcdef"));
  CHECK_FALSE(r.found_in("0123abc"));
  CHECK_FALSE(r.found_in("0123abc-0123abc-0123abc"));
  CHECK_FALSE(r.found_in("float x = floor(y); flatten(z);"));
  CHECK_FALSE(r.found_in(""));
  // Every split point of a run that is one byte short, and one that is long enough.
  for (std::size_t cut = 0; cut <= 16; ++cut) {
    std::string s(16, 'a');
    s.insert(cut, "!");
    CHECK_MESSAGE(r.found_in(s) == (cut >= 8 || cut + 8 <= 16), "cut at ", cut);
  }
}

TEST_CASE("secret runs: every built-in context rule's secrets in its examples hold its run") {
  // A run a real secret lacks would hide that secret: check the reader
  // against every shape the rules use, on every match of every example.
  const auto rs = nhi::rule_set::builtin();
  REQUIRE(rs.is_ok());
  std::size_t with_run = 0, secrets = 0;
  for (const auto& rule : rs.value().compiled().rules) {
    if (rule.run.length == 0) continue;
    ++with_run;
    CAPTURE(rule.info.id);
    CHECK(!rule.info.secret.empty());
    const RE2 shape(rule.info.secret);
    REQUIRE(shape.ok());
    for (const auto& example : rule.info.examples) {
      re2::StringPiece input(example), found;
      while (RE2::FindAndConsume(&input, "(" + rule.info.secret + ")", &found)) {
        ++secrets;
        CHECK_MESSAGE(rule.run.found_in(std::string_view(found.data(), found.size())), "secret ", found);
        if (found.empty()) break;
      }
    }
  }
  CHECK(with_run > 500);
  CHECK(secrets > with_run);
}
