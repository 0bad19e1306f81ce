// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>

#include <random>
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

namespace {

// The plain definition: the longest run of held bytes reaches the length.
bool has_run(const secret_run& r, const std::string& s) {
  std::size_t in_a_row = 0;
  for (unsigned char c : s) {
    in_a_row = r.holds(c) ? in_a_row + 1 : 0;
    if (in_a_row >= r.length) return true;
  }
  return r.length == 0;
}

}  // namespace

TEST_CASE("secret runs: the 32-byte search agrees with the byte-by-byte one and the definition") {
  std::mt19937 rng(20261205);
  const char* shapes[] = {"[a-z0-9]{8}",     "[a-z0-9]{20}",  "[A-Za-z0-9]{32}", "[0-9a-f]{63}", "[0-9a-f]{64}",
                          "[a-f0-9]{65}",    "[a-z0-9]{100}", "[a-z0-9]{128}",   "[A-Z0-9]{200}",
                          "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "[A-Za-z0-9_-]{43}"};
  for (const char* shape : shapes) {
    const secret_run r = required_secret_run(shape);
    CAPTURE(shape);
    REQUIRE(r.length > 0);
    CHECK(r.indexed);
    std::string held, other;
    for (unsigned c = 0; c < 256; ++c) (r.holds(static_cast<unsigned char>(c)) ? held : other).push_back(static_cast<char>(c));
    for (int round = 0; round < 400; ++round) {
      // Runs of held bytes around the wanted length, broken by other bytes,
      // so that runs start and end at every offset of the 64-byte chunks.
      std::string s;
      const std::size_t size = std::uniform_int_distribution<std::size_t>(0, 900)(rng);
      while (s.size() < size) {
        const std::size_t run = std::uniform_int_distribution<std::size_t>(0, r.length + 2)(rng);
        for (std::size_t k = 0; k < run; ++k) s.push_back(held[rng() % held.size()]);
        s.push_back(other[rng() % other.size()]);
      }
      const bool want = has_run(r, s);
      CHECK(r.found_in(s) == want);
      CHECK(r.found_in_bytewise(s) == want);
    }
  }
  // A set whose high nibbles need more than 8 distinct sets of low ones is
  // not indexed, and still searched right.
  secret_run odd;
  odd.length = 10;
  for (unsigned c = 0; c < 256; c += 17) odd.bytes[c >> 6] |= std::uint64_t(1) << (c & 63);
  odd.index();
  CHECK_FALSE(odd.indexed);
  std::string s(300, 'x');
  for (std::size_t k = 0; k < 10; ++k) s[200 + k] = static_cast<char>(17 * (k % 15));
  CHECK(odd.found_in(s) == has_run(odd, s));
}

TEST_CASE("secret runs: a memo per buffer answers from what longer and shorter runs showed") {
  nhi::detail::secret_run_memo memo;
  memo.reset(1);
  secret_run r32 = required_secret_run("[a-z0-9]{32}"), r40 = required_secret_run("[a-z0-9]{40}"),
             r36 = required_secret_run("[a-z0-9]{36}");
  const std::string data = "x = '" + std::string(36, 'k') + "'";
  CHECK(memo.found_in(r40, data) == false);
  CHECK(memo.found_in(r32, data) == true);
  CHECK(memo.found_in(r36, data) == true);   // neither bound answers: searched
  CHECK(memo.found_in(r40, data) == false);  // known lacking
  memo.reset(1);
  CHECK(memo.found_in(r40, "x") == false);
  CHECK(memo.found_in(r32, data) == true);  // after a reset, nothing is assumed
}

TEST_CASE("secret runs: a delta's result is searched in its windows when its base lacked the run") {
  using spans = nhi::detail::secret_run_memo::spans;
  const secret_run r32 = required_secret_run("[a-z0-9]{32}");
  // The base: words, no 32 bytes of [a-z0-9] in a row anywhere.
  std::string base;
  for (int k = 0; k < 400; ++k) base += "word" + std::to_string(k % 97) + " = value_" + std::to_string(k) + ";\n";
  nhi::detail::secret_run_memo memo;
  memo.reset(1);
  CHECK_FALSE(memo.found_in(r32, base));
  std::vector<std::uint32_t> base_lacked;
  memo.lacked(base_lacked);
  REQUIRE(base_lacked == std::vector<std::uint32_t>{32});

  // A delta inserts a 40-byte run in the middle: the window around it holds it.
  std::string child = base.substr(0, 5000) + "k = " + std::string(40, 'q') + "\n" + base.substr(5000);
  const spans windows{{5000 - 1025, 5000 + 45 + 1025}};
  memo.reset(1, &base_lacked, &windows);
  CHECK(memo.found_in(r32, child));
  // Two copied ranges joined so that two short runs meet: the join is a
  // changed (empty) span, and its window finds the run the joining made.
  std::string joined = base.substr(0, 3000) + std::string(20, 'a') + std::string(20, 'b') + base.substr(3000);
  const spans join_windows{{3020 - 1025, 3020 + 1025}};
  memo.reset(1, &base_lacked, &join_windows);
  CHECK(memo.found_in(r32, joined));
  // Outside the windows nothing is searched: that is the base's text, which
  // lacked the run (a window that misses the change is a caller's bug, and
  // this shows the search is confined to the windows).
  const spans elsewhere{{0, 100}};
  memo.reset(1, &base_lacked, &elsewhere);
  CHECK_FALSE(memo.found_in(r32, child));
  // A base whose runs are not known, or a longer run than the base lacked
  // but than the windows reach: the whole buffer.
  const std::vector<std::uint32_t> unknown{0};
  memo.reset(1, &unknown, &elsewhere);
  CHECK(memo.found_in(r32, child));
  const std::vector<std::uint32_t> lacked_64{64};
  memo.reset(1, &lacked_64, &elsewhere);
  CHECK(memo.found_in(r32, child));  // 32 < 64: the base may hold runs of 32 to 63
  std::vector<std::uint32_t> child_lacked;
  memo.lacked(child_lacked);
  CHECK(child_lacked == std::vector<std::uint32_t>{0});  // found, so no lacked length is known
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
