// SPDX-License-Identifier: Apache-2.0
// The delta prefilter (matcher.hpp, delta_context): a blob rebuilt from a git
// delta, prefiltered over the windows around what the delta changed plus its
// base's record, must give exactly the matches of a scan of the whole blob;
// and so must a history blob searched span by span, with the spans its
// thread searched in vain before left out (span_key).
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "unit/match/delta_edits.hpp"
#include "match/matcher.hpp"
#include "nhi/rules.hpp"

using namespace nhi::detail;
using nhi::test::edit;
using nhi::test::lcg;

namespace {

using spans = std::vector<std::pair<std::size_t, std::size_t>>;
using match_list = std::vector<std::tuple<std::size_t, std::size_t, std::uint32_t>>;

match_list matches_of(const compiled_rules& rules, const std::string& text, match_scratch& scratch) {
  std::vector<raw_match> out;
  find_matches(rules, text, {}, scratch, out);
  match_list list;
  for (const auto& m : out) list.emplace_back(m.secret_begin, m.secret_end, m.rule);
  return list;
}

}  // namespace

TEST_CASE("delta prefilter: a chain of edited versions gives the matches of whole scans") {
  const auto rs = nhi::rule_set::builtin();
  REQUIRE(rs.is_ok());
  const auto& rules = rs.value().compiled();
  prepare_fast_prefilter(rules);
  // Texts of every built-in rule's examples between filler lines, about 12 KB each.
  lcg rnd{7};
  std::vector<std::string> texts(1);
  for (const auto& r : rules.rules)
    for (const auto& example : r.info.examples) {
      texts.back() += example + "\n";
      for (std::uint32_t k = rnd(3); k > 0; --k) texts.back() += std::string(rnd(200), k % 2 ? ' ' : '=') + "value;\n";
      if (texts.back().size() > (12u << 10)) texts.emplace_back();
    }
  REQUIRE(texts.size() > 40);

  match_scratch scratch;
  std::size_t matched = 0, chains = 0;
  for (std::size_t t = 0; t + 1 < texts.size() && t < 40; ++t) {
    // The chain's first version, stored whole: recorded over every byte.
    std::string version = texts[t];
    prefilter_record base_record, record;
    delta_context whole{version, nullptr, nullptr, &base_record};
    scratch.delta = &whole;
    const match_list first = matches_of(rules, version, scratch);
    scratch.delta = nullptr;
    if (!base_record.complete) {
      MESSAGE("libnhi built without vectorscan, or the delta prefilter is off: nothing to test");
      return;
    }
    match_scratch fresh;  // the reference: no memory of spans searched before
    CHECK(first == matches_of(rules, version, fresh));
    // Four deltas on top of it, each taking text from the next texts.
    for (int step = 0; step < 4; ++step) {
      spans changed;
      const std::string next = edit(version, texts[(t + 1 + step) % texts.size()], rnd, changed);
      delta_context delta{next, &changed, &base_record, &record};
      scratch.delta = &delta;
      const match_list by_windows = matches_of(rules, next, scratch);
      scratch.delta = nullptr;
      REQUIRE(record.complete);
      match_scratch fresh_scratch;
      const match_list by_whole = matches_of(rules, next, fresh_scratch);
      CAPTURE(t);
      CAPTURE(step);
      CHECK(by_windows == by_whole);
      matched += by_whole.size();
      version = next;
      std::swap(base_record, record);
    }
    ++chains;
  }
  CHECK(chains >= 40);
  CHECK(matched > 2000);
}

TEST_CASE("delta prefilter: an incomplete base record means a scan of every byte") {
  const auto rs = nhi::rule_set::builtin();
  REQUIRE(rs.is_ok());
  const auto& rules = rs.value().compiled();
  prepare_fast_prefilter(rules);
  const std::string base = "nothing here\n";
  std::string next = base;
  for (const auto& r : rules.rules)
    for (const auto& example : r.info.examples) next += example + "\n";
  // The base was never scanned by the delta databases: its empty record must
  // not stand for "no rule there", nor may a window miss the new token.
  prefilter_record unknown, record;
  const spans nothing_changed{{0, 0}, {next.size(), next.size()}};
  delta_context delta{next, &nothing_changed, &unknown, &record};
  match_scratch scratch;
  scratch.delta = &delta;
  const match_list found = matches_of(rules, next, scratch);
  scratch.delta = nullptr;
  match_scratch fresh;
  CHECK(found == matches_of(rules, next, fresh));
  CHECK_FALSE(found.empty());
}

TEST_CASE("delta prefilter: a secret that only the joining of two copied ranges makes is found") {
  // The base holds each example cut in two, its halves apart; the new version
  // copies the halves next to each other (two copies that do not continue
  // each other: a join between them). No window covers more than the bytes
  // around the joins, and the base matched none of these secrets.
  const auto rs = nhi::rule_set::builtin();
  REQUIRE(rs.is_ok());
  const auto& rules = rs.value().compiled();
  prepare_fast_prefilter(rules);
  match_scratch scratch;
  std::size_t rejoined = 0;
  std::string base;
  struct piece {
    std::size_t first, first_len, second, second_len;
  };
  std::vector<piece> pieces;
  for (const auto& r : rules.rules)
    for (const auto& example : r.info.examples) {
      if (example.size() < 24 || example.find('\n') != std::string::npos) continue;
      const std::size_t cut = example.size() / 2;
      piece p{base.size(), cut, 0, example.size() - cut};
      base += example.substr(0, cut) + "\n=== filler between the halves ===\n";
      p.second = base.size();
      base += example.substr(cut) + "\n";
      pieces.push_back(p);
    }
  std::string next;
  spans changed;
  for (const piece& p : pieces) {
    changed.emplace_back(next.size(), next.size());
    next.append(base, p.first, p.first_len);
    changed.emplace_back(next.size(), next.size());
    next.append(base, p.second, p.second_len + 1);  // with its newline
  }
  changed.emplace_back(next.size(), next.size());
  prefilter_record base_record, record;
  delta_context whole{base, nullptr, nullptr, &base_record};
  scratch.delta = &whole;
  const match_list in_base = matches_of(rules, base, scratch);
  if (!base_record.complete) {
    MESSAGE("libnhi built without vectorscan, or the delta prefilter is off: nothing to test");
    return;
  }
  delta_context delta{next, &changed, &base_record, &record};
  scratch.delta = &delta;
  const match_list by_windows = matches_of(rules, next, scratch);
  scratch.delta = nullptr;
  match_scratch fresh;
  const match_list by_whole = matches_of(rules, next, fresh);
  CHECK(by_windows == by_whole);
  rejoined = by_whole.size();
  CHECK(rejoined > in_base.size() + 500);  // the joins made most of them
}

TEST_CASE("span memo: a history blob's spans searched in vain are skipped, a changed span is searched") {
  const auto rs = nhi::rule_set::builtin();
  REQUIRE(rs.is_ok());
  const auto& rules = rs.value().compiled();
  // One password assignment, so that the password rules are searched (by
  // either engine), then lines naming a password with no value the rules
  // take, each far enough from the others to be a span of its own.
  const std::string filler = [] {
    std::string f;
    for (int n = 0; n < 80; ++n) f += "lorem ipsum dolor sit amet, consectetur adipiscing\n";
    return f;
  }();
  std::string base = "DB_PASSWORD=biPg05n1rnC9p1!7\n";
  for (int n = 0; n < 20; ++n) base += filler + "# the password of service " + std::to_string(n) + " is kept in the vault\n";
  match_scratch scratch;
  delta_context history{base, nullptr, nullptr, nullptr};  // a history blob: searched span by span
  scratch.delta = &history;
  const match_list first = matches_of(rules, base, scratch);
  CHECK_FALSE(first.empty());
  const std::size_t remembered = scratch.span_misses.size();
  REQUIRE(remembered >= 20);
  // The same text again: the same matches, every span known, none added.
  CHECK(matches_of(rules, base, scratch) == first);
  CHECK(scratch.span_misses.size() == remembered);
  // A version with a password on one of those lines: its span changed, so it
  // is searched, and the matches are those of a scan with no memory.
  std::string next = base;
  const std::string line = "# the password of service 12 is kept in the vault\n";
  const std::size_t at = next.find(line);
  REQUIRE(at != std::string::npos);
  next.insert(at + line.size(), "SMTP_PASSWORD=Qz7vK2mX9pL4wT8r\n");
  delta_context next_history{next, nullptr, nullptr, nullptr};
  scratch.delta = &next_history;
  const match_list found = matches_of(rules, next, scratch);
  match_scratch fresh;
  fresh.delta = &next_history;
  CHECK(found == matches_of(rules, next, fresh));
  CHECK(found.size() > first.size());
}
