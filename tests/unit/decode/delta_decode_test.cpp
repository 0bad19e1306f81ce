// SPDX-License-Identifier: Apache-2.0
// The decoders around a git delta (buffer_scan.cpp, run_decoders): a blob
// whose base decoded to nothing is searched only on the lines its delta
// touched (lines_touching). Whatever the edits, the findings must be those of
// a scan of the whole blob.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "decode/decoders.hpp"
#include "unit/match/delta_edits.hpp"
#include "match/matcher.hpp"
#include "nhi/rules.hpp"
#include "source/buffer_scan.hpp"
#include "util/text.hpp"

using namespace nhi::detail;
using nhi::test::lcg;

namespace {

using spans = std::vector<std::pair<std::size_t, std::size_t>>;
using finding_list = std::vector<std::tuple<std::string, std::uint64_t, std::uint64_t, std::string, std::string>>;

finding_list scan(const compiled_rules& rules, const std::string& data, match_scratch& scratch) {
  nhi::scan_options options;
  std::vector<nhi::finding> out;
  buffer_counters counters;
  scan_one_buffer(rules, options, data, nhi::origin{"config.txt", std::nullopt, {}}, scratch, out, nullptr, counters);
  finding_list list;
  for (const auto& f : out) list.emplace_back(f.rule_id, f.line, f.column, f.fingerprint, f.decoded);
  std::sort(list.begin(), list.end());
  return list;
}

std::size_t decoded_count(const finding_list& l) {
  std::size_t n = 0;
  for (const auto& f : l) n += !std::get<4>(f).empty();
  return n;
}

}  // namespace

TEST_CASE("lines_touching: whole lines around each change, the first and the last line, merged") {
  const std::string data = "one\ntwo\nthree\nfour\nfive\nsix\n";  // lines start at 0 4 8 14 19 24
  CHECK(lines_touching(data, {}) == spans{{0, 4}, {24, 28}});
  // An insertion inside "three": that line only.
  CHECK(lines_touching(data, {{9, 11}}) == spans{{0, 4}, {8, 14}, {24, 28}});
  // A join right after a newline touches the line it starts, not the one before.
  CHECK(lines_touching(data, {{14, 14}}) == spans{{0, 4}, {14, 19}, {24, 28}});
  // An inserted newline at the end of "two" touches "two" and "three"
  // (and ranges that meet are one).
  CHECK(lines_touching(data, {{7, 8}}) == spans{{0, 14}, {24, 28}});
  // "four" is between two changes that touch neither it nor its newlines.
  CHECK(lines_touching(data, {{5, 5}, {9, 9}, {20, 27}}) == spans{{0, 14}, {19, 28}});
  // Spans out of order are taken in order.
  CHECK(lines_touching(data, {{20, 20}, {5, 5}}) == spans{{0, 8}, {19, 28}});
  // No trailing newline; a single line.
  CHECK(lines_touching("abc\ndef", {{5, 6}}) == spans{{0, 7}});
  CHECK(lines_touching("x", {{0, 0}}) == spans{{0, 1}});
  CHECK(lines_touching("", {{0, 0}}).empty());
}

TEST_CASE("decoders around a delta: chains of edited versions give the findings of whole scans") {
  const auto rs = nhi::rule_set::builtin();
  REQUIRE(rs.is_ok());
  const auto& rules = rs.value().compiled();
  // Sources of inserted text: every rule's single-line examples, base64-encoded
  // (whole, or cut in two at a random point), JSON-escaped and percent-encoded,
  // between filler lines.
  lcg rnd{11};
  std::vector<std::string> sources(1);
  for (const auto& r : rules.rules)
    for (const auto& example : r.info.examples) {
      if (example.find('\n') != std::string::npos || example.size() < 12) continue;
      const std::string encoded = base64_encode(example);
      switch (rnd(4)) {
        case 0: sources.back() += "blob: " + encoded + "\n"; break;
        case 1: {
          const std::size_t cut = 1 + rnd(static_cast<std::uint32_t>(encoded.size() - 1));
          sources.back() += "part: " + encoded.substr(0, cut) + "\n" + encoded.substr(cut) + "\n";
          break;
        }
        case 2: sources.back() += "{\"config\": \"# settings\\n" + example + "\\nend\"}\n"; break;
        default: {
          std::string percent;
          for (char c : example) percent += (c == '=' || c == ':' ? (c == '=' ? "%3D" : "%3A") : std::string(1, c));
          sources.back() += "url=" + percent + "\n";
        }
      }
      sources.back() += std::string(rnd(80), rnd(2) ? ' ' : '-') + "filler line;\n";
      if (sources.back().size() > (16u << 10)) sources.emplace_back();
    }
  if (sources.back().empty()) sources.pop_back();  // the last source may have just been opened
  REQUIRE(sources.size() > 20);

  std::size_t chains = 0, decoded_found = 0, narrowed = 0;
  for (std::size_t t = 0; t < 30; ++t) {
    // The first version decodes to nothing: plain filler.
    std::string version;
    for (int k = 0; k < 300; ++k) version += "line " + std::to_string(rnd(100000)) + " of plain text; nothing encoded\n";
    prefilter_record base_record, record;
    match_scratch scratch;
    delta_context whole{version, nullptr, nullptr, &base_record};
    scratch.delta = &whole;
    scan(rules, version, scratch);
    scratch.delta = nullptr;
    REQUIRE(base_record.decode_complete);
    REQUIRE(base_record.decoded_nothing);
    for (int step = 0; step < 6; ++step) {
      spans changed;
      const std::string next = nhi::test::edit(version, sources[(t + step) % sources.size()], rnd, changed, 3000, 400);
      const bool around_changes = base_record.decoded_nothing;
      record.reset();
      delta_context delta{next, &changed, &base_record, &record};
      scratch.delta = &delta;
      const finding_list by_lines = scan(rules, next, scratch);
      scratch.delta = nullptr;
      match_scratch fresh;
      const finding_list by_whole = scan(rules, next, fresh);
      CAPTURE(t);
      CAPTURE(step);
      CHECK(by_lines == by_whole);
      CHECK(record.decode_complete);
      // A record of "nothing decoded" must hold no decoded finding (its deltas
      // would search only their changed lines); the other way round is allowed:
      // a decoded match can be dropped after decoding (the same secret reported
      // where it is written plainly), and then the next delta searches whole.
      if (record.decoded_nothing) CHECK(decoded_count(by_whole) == 0);
      decoded_found += decoded_count(by_whole);
      narrowed += around_changes;
      version = next;
      std::swap(base_record, record);
    }
    ++chains;
  }
  CHECK(chains == 30);
  CHECK(decoded_found > 50);  // the edits did bring encoded secrets in
  CHECK(narrowed > 30);       // and many versions were searched around their changes
}
