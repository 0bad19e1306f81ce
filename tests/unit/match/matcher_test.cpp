// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <tuple>

#include "match/matcher.hpp"
#include "match/prefilter.hpp"
#include "nhi/rules.hpp"
#include "test_util.hpp"

using namespace nhi::detail;

namespace {
nhi::rule_set rules_from(const char* yaml) {
  auto rs = nhi::rule_set::from_yaml(yaml, "test.yaml");
  REQUIRE_MESSAGE(rs.is_ok(), rs.error().to_string());
  return rs.value();
}

// The ids of the rules whose matches on `text` survive, in the matcher's order.
std::vector<std::string> matched_ids(const nhi::rule_set& rs, match_scratch& scratch, const std::string& text) {
  std::vector<raw_match> out;
  find_matches(rs.compiled(), text, {}, scratch, out);
  std::vector<std::string> found;
  for (const auto& m : out) found.push_back(rs.compiled().rules[m.rule].info.id);
  return found;
}

const char* kRules = R"(
rules:
  - id: acme-token
    name: Acme token
    provider: acme
    kind: token
    pattern: '\b(acme_[A-Za-z0-9]{20})\b'
    keywords: [acme_]
    examples: ['t = acme_Zk3mQpR7vWx2Yt8NbLc4']
    negative_examples: ['acme_short']
  - id: generic-secret
    name: Generic secret
    provider: generic
    kind: generic
    generic: true
    pattern: '(?i)secret\s*=\s*([A-Za-z0-9_]{12,})'
    keywords: [secret]
    examples: ['secret = Zk3mQpR7vWx2Yt8N']
    negative_examples: ['secret = short']
  - id: high-entropy
    name: Entropy gated
    provider: acme
    kind: api_key
    pattern: 'key:([a-z]{16})'
    keywords: ['key:']
    min_entropy: 3.5
    examples: ['key:qwxzvbnmlkjhgfds']
    negative_examples: ['key:aabbaabbaabbaabb']
)";
}  // namespace

TEST_CASE("prefilter marks only rules whose keywords occur, case-insensitively") {
  keyword_prefilter pf;
  pf.add("ghp_", 0);
  pf.add("AKIA", 1);
  pf.add("xoxb-", 2);
  pf.add("kia", 3);  // overlaps the tail of akia: found through failure links
  pf.build(4);
  std::vector<std::uint8_t> hits;
  CHECK(pf.scan("token = akiaABCD and nothing else", hits) == 2);
  CHECK(hits[1] == 1);
  CHECK(hits[3] == 1);
  CHECK(hits[0] == 0);
  CHECK(hits[2] == 0);
  CHECK(pf.scan("", hits) == 0);
  CHECK(pf.scan("GHP_ XOXB-", hits) == 2);
}

TEST_CASE("prefilter hits exactly the rules a naive search finds, over the built-in keywords") {
  auto rs = nhi::rule_set::builtin();
  REQUIRE(rs.is_ok());
  keyword_prefilter pf;  // as compile_rules builds it
  std::vector<std::vector<std::string>> keywords(rs->size());
  auto lower = [](std::string s) {
    for (char& c : s)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    return s;
  };
  for (std::size_t i = 0; i < rs->size(); ++i)
    for (const auto& k : rs->at(i).keywords) {
      pf.add(k, static_cast<std::uint32_t>(i));
      keywords[i].push_back(lower(k));
    }
  pf.build(rs->size());
  CHECK(pf.state_count() > 1000);

  // Every example, and runs of twenty rules' examples joined, upper-cased too.
  std::vector<std::string> texts;
  std::string joined;
  for (std::size_t i = 0; i < rs->size(); ++i) {
    for (const auto* list : {&rs->at(i).examples, &rs->at(i).negative_examples})
      for (const auto& e : *list) {
        texts.push_back(e);
        joined += e + "\n";
      }
    if (i % 20 == 19) {
      texts.push_back(joined);
      std::string upper = joined;
      for (char& c : upper)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
      texts.push_back(upper);
      joined.clear();
    }
  }
  std::vector<std::uint8_t> hits;
  for (const auto& text : texts) {
    const std::size_t count = pf.scan(text, hits);
    const std::string l = lower(text);
    std::size_t expected_count = 0, wrong = 0;
    for (std::size_t r = 0; r < keywords.size(); ++r) {
      bool expected = false;
      for (const auto& k : keywords[r]) expected = expected || l.find(k) != std::string::npos;
      expected_count += expected;
      wrong += expected != (hits[r] == 1);
    }
    CHECK_MESSAGE(wrong == 0, text.substr(0, 80));
    CHECK(count == expected_count);
  }
}

TEST_CASE("matcher: regex group is the secret, entropy gate, generic yields to specific") {
  const auto rs = rules_from(kRules);
  match_scratch scratch;
  std::vector<raw_match> out;
  const std::string text = "secret = acme_Zk3mQpR7vWx2Yt8NbLc4\nkey:aabbaabbaabbaabb\nkey:qwxzvbnmlkjhgfds\n";
  find_matches(rs.compiled(), text, {}, scratch, out);
  REQUIRE(out.size() == 2);
  CHECK(rs.compiled().rules[out[0].rule].info.id == "acme-token");  // the generic match on the same span is gone
  CHECK(text.substr(out[0].secret_begin, out[0].secret_end - out[0].secret_begin) == "acme_Zk3mQpR7vWx2Yt8NbLc4");
  CHECK(rs.compiled().rules[out[1].rule].info.id == "high-entropy");
  CHECK(text.substr(out[1].secret_begin, 20).rfind("qwxz", 0) == 0);
}

TEST_CASE("matcher: a key published on purpose silences the generic rules on it too") {
  const auto rs = rules_from(R"(
rules:
  - id: acme-browser-key
    name: Acme browser key
    provider: acme
    kind: api_key
    pattern: '\b(AKb[A-Za-z0-9]{21})\b'
    keywords: [AKb]
    public_context: [browserConfig]
    examples: ['k = AKbZk3mQpR7vWx2Yt8NbLc4H']
    negative_examples: ['browserConfig = { key: "AKbZk3mQpR7vWx2Yt8NbLc4H" }']
  - id: generic-api-key
    name: Generic API key
    provider: generic
    kind: generic
    generic: true
    pattern: '(?i)api_?key\W{1,4}([A-Za-z0-9]{16,})'
    keywords: [apikey, api_key]
    examples: ['apiKey: "Zk3mQpR7vWx2Yt8N"']
    negative_examples: ['apiKey: short']
)");
  match_scratch scratch;
  auto ids = [&](const std::string& text) { return matched_ids(rs, scratch, text); };
  // The provider's key beside its public context: neither rule reports it.
  CHECK(ids("const browserConfig = {\n  apiKey: \"AKbZk3mQpR7vWx2Yt8NbLc4H\",\n};\n").empty());
  // Elsewhere the provider rule reports it, and the generic rule yields as always.
  CHECK(ids("const server = {\n  apiKey: \"AKbZk3mQpR7vWx2Yt8NbLc4H\",\n};\n") ==
        std::vector<std::string>{"acme-browser-key"});
  // A value the provider rule does not take is the generic rule's, context or not.
  CHECK(ids("const browserConfig = {\n  apiKey: \"Qx9LmT2vRb8KwZ4nYc7H\",\n};\n") ==
        std::vector<std::string>{"generic-api-key"});
}

TEST_CASE("matcher: a generic match two specific ones overlap is given up once, safely") {
  // The generic value holds two provider keys: the first gives the generic
  // match up, the second meets it given up (it once read the rule table at
  // the given-up marker's index).
  const auto rs = rules_from(R"(
rules:
  - id: acme-token
    name: Acme token
    provider: acme
    kind: token
    pattern: '\b(acme_[A-Za-z0-9]{20})\b'
    keywords: [acme_]
    examples: ['t = acme_Zk3mQpR7vWx2Yt8NbLc4']
    negative_examples: ['acme_short']
  - id: bcme-token
    name: Bcme token
    provider: bcme
    kind: token
    pattern: '\b(bcme_[A-Za-z0-9]{20})\b'
    keywords: [bcme_]
    examples: ['t = bcme_Zk3mQpR7vWx2Yt8NbLc4']
    negative_examples: ['bcme_short']
  - id: generic-key
    name: Generic key
    provider: generic
    kind: generic
    generic: true
    pattern: '(?i)key\s*=\s*(\S{12,})'
    keywords: [key]
    examples: ['key = Zk3mQpR7vWx2Yt8N']
    negative_examples: ['key = short']
)");
  match_scratch scratch;
  std::vector<raw_match> out;
  const std::string text = "key = zz-acme_Zk3mQpR7vWx2Yt8NbLc4-bcme_Qx9LmT2vRb8KwZ4nYc7H\n";
  find_matches(rs.compiled(), text, {}, scratch, out);
  std::vector<std::string> ids;
  for (const auto& m : out) ids.push_back(rs.compiled().rules[m.rule].info.id);
  CHECK(ids == std::vector<std::string>{"acme-token", "bcme-token"});
}

TEST_CASE("matcher: segments restrict matching") {
  const auto rs = rules_from(kRules);
  match_scratch scratch;
  std::vector<raw_match> out;
  const std::string text = "acme_Zk3mQpR7vWx2Yt8NbLc4 acme_Zk3mQpR7vWx2Yt8NbLc5";
  find_matches(rs.compiled(), text, {{26, text.size()}}, scratch, out);
  REQUIRE(out.size() == 1);
  CHECK(out[0].secret_begin == 26);
}

// The keywords of a rule whose regex vectorscan holds are not in its
// database; they are checked after a regex hit, within the segments when
// there are some. Every engine must give the same answer.
TEST_CASE("matcher: a rule's keyword is required even where its regex alone matches") {
  const auto rs = rules_from(R"(
rules:
  - id: deploy-key
    name: Deploy key
    provider: acme
    kind: api_key
    pattern: '\b(dk_[a-z0-9]{16})\b'
    keywords: [deploy]
    examples: ['deploy: dk_q3mzp7vwx2yt8nbl']
)");
  auto found = [&rs](const std::string& text, std::vector<std::pair<std::size_t, std::size_t>> segments) {
    match_scratch scratch;
    std::vector<raw_match> out;
    find_matches(rs.compiled(), text, segments, scratch, out);
    return out.size();
  };
  const std::string value = "dk_q3mzp7vwx2yt8nbl";
  CHECK(found("token: " + value + "\n", {}) == 0);
  CHECK(found("# DEPLOY\ntoken: " + value + "\n", {}) == 1);  // any case, any line
  const std::string text = "deploy\ntoken: " + value + "\n";
  CHECK(found(text, {{7, text.size()}}) == 0);  // the keyword lies outside the segment
  CHECK(found(text, {{0, 6}, {7, text.size()}}) == 1);
}

TEST_CASE("rules check runs examples through the full matcher") {
  const auto rs = rules_from(kRules);
  CHECK(rs.check_examples().empty());
  const auto bad = rules_from(R"(
rules:
  - id: wrong
    name: Wrong examples
    provider: acme
    kind: token
    pattern: 'acme_([0-9]{8})'
    keywords: [acme_]
    examples: ['acme_abcdefgh']
    negative_examples: ['acme_93847561']
)");
  const auto failures = bad.check_examples();
  REQUIRE(failures.size() == 2);
  CHECK(failures[0].expected_match);
  CHECK_FALSE(failures[1].expected_match);
  CHECK(failures[0].file == "test.yaml");
}

namespace {
// The wise-api-token rule as it was when vectorscan's AVX-512 scan lost it.
const std::string kWisePattern =
    R"((?i:transferwise|\bwise[_.-]|_wise[_.-])[\w.>-]{0,30}(?:["']?\s{0,2}(?::|=>|\()?\s{0,20}[{\[(]?\s{0,2}["']?)?)"
    R"((?i:(?:api[_.-]?)?(?:token|key))[\w.-]{0,12}(?:["']?\s{0,3},?\s{0,30}["']?(?i:value)["']?)?\W{0,5}(?:[:=(]|\s))"
    R"([ \t]{0,40}\W{0,3}(?:&?(?:string|String|str)\??\W{1,5})?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-)"
    R"([0-9a-fA-F]{4}-[0-9a-fA-F]{12})\b)";
const std::vector<keyword_prefilter::pending> kWiseKeywords = {{"transferwise", 0}, {"wise_", 0}};
// A line the Wise rule flags.
const std::string kWiseLine = R"(transferwise_token: "5ecf822e-f08c-4454-8262-d60bbccec5d2")";

// Points NHI_CACHE_DIR at `dir` for the scope (the prefilter reads it on every build).
struct cache_dir_override {
  std::string old;
  bool had = false;
  explicit cache_dir_override(const std::string& dir) {
    if (const char* o = std::getenv("NHI_CACHE_DIR")) {
      old = o;
      had = true;
    }
    ::setenv("NHI_CACHE_DIR", dir.c_str(), 1);
  }
  ~cache_dir_override() {
    if (had) ::setenv("NHI_CACHE_DIR", old.c_str(), 1);
    else ::unsetenv("NHI_CACHE_DIR");
  }
};

bool flags_rule(const fast_prefilter& f, std::size_t rules, std::size_t rule, std::string_view data,
                fast_scratch& scratch) {
  prefilter_hits hits;
  hits.reset(rules);
  REQUIRE(f.scan(data, scratch, hits));
  // Each marked rule listed once, and only those.
  for (const auto* list : {&hits.keyword_rules, &hits.regex_rules}) {
    const auto& marks = list == &hits.keyword_rules ? hits.keyword : hits.regex;
    std::vector<std::uint8_t> listed(rules, 0);
    bool once = true;
    for (std::uint32_t r : *list) once = once && listed[r]++ == 0;
    CHECK((once && std::equal(listed.begin(), listed.end(), marks.begin())));
  }
  // A rule in the database is flagged by its regex (its keyword is checked
  // after the pass, matcher.cpp); any other by its keyword.
  return f.in_database(rule) ? hits.regex[rule] != 0 : hits.keyword[rule] != 0;
}

std::vector<std::filesystem::path> cache_files(const std::string& dir) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) files.push_back(e.path());
  return files;
}

// The one database file (vectorscan-*.db) in a cache directory, or "".
std::string cache_database(const std::string& dir) {
  std::string found;
  for (const auto& f : cache_files(dir))
    if (f.extension() == ".db") {
      if (!found.empty()) return {};
      found = f.string();
    }
  return found;
}

// What an attacker who can write the cache file but not read the key can
// make: `victim`'s header and expression ids, the serialized database of
// `donor` (a rule set that matches nothing), the payload's size and FNV-1a
// hash recomputed as prefilter.cpp computes them. Whatever follows the
// payload (the HMAC, since the cache is authenticated) is kept as it was.
// Before the HMAC this passed every check the loader made.
std::string doctored_cache(const std::string& victim, const std::string& donor) {
  auto payload_of = [](const std::string& file, std::string& trailer) {
    const std::size_t header = 32;  // magic, cache key, payload size, payload hash
    std::uint64_t size = 0;
    REQUIRE(file.size() > header);
    std::memcpy(&size, file.data() + 16, 8);
    REQUIRE(header + size <= file.size());
    trailer = file.substr(header + size);
    return file.substr(header, size);
  };
  std::string victim_trailer, donor_trailer;
  const std::string victim_payload = payload_of(victim, victim_trailer);
  const std::string donor_payload = payload_of(donor, donor_trailer);
  auto ids_end = [](const std::string& payload) {
    std::uint32_t count = 0;
    std::memcpy(&count, payload.data(), 4);
    return 4 + std::size_t(count) * 4;
  };
  const std::string payload =
      victim_payload.substr(0, ids_end(victim_payload)) + donor_payload.substr(ids_end(donor_payload));
  std::uint64_t hash = 1469598103934665603ull;
  for (unsigned char c : payload) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  const std::uint64_t size = payload.size();
  std::string out = victim.substr(0, 16);  // magic and cache key
  out.append(reinterpret_cast<const char*>(&size), 8);
  out.append(reinterpret_cast<const char*>(&hash), 8);
  return out + payload + victim_trailer;
}
}  // namespace

// vectorscan 5.4.9's AVX-512 hs_scan lost this match when a run of one byte
// preceded it at some offsets modulo 64 (docs/performance.md); prefilter.cpp
// scans with the SSE4.2 implementation instead (the AVX2 one misses the case
// below). Fails on an AVX-512 machine without that.
TEST_CASE("vectorscan prefilter: a match after a run of one repeated byte is found at every offset") {
  nhi_test::temp_dir tmp;
  cache_dir_override cache(tmp.str());
  const auto f = fast_prefilter::build({kWisePattern}, kWiseKeywords);
  if (!f) {
    MESSAGE("libnhi built without vectorscan: nothing to test");
    return;
  }
  REQUIRE(f->regexes_in_database() == 1);
  fast_scratch scratch;
  const std::string& line = kWiseLine;
  for (char fill : {' ', '\n', '-', '_'})
    for (std::size_t n = 0; n <= 200; ++n) {
      CAPTURE(fill);
      CAPTURE(n);
      CHECK(flags_rule(*f, 1, 0, std::string(n, fill) + line, scratch));
    }
}

// vectorscan 5.4.9's AVX2 hs_scan lost this one: the datadog-api-key regex
// (in prefilter mode, as the delta windows' database holds it) on a 111-byte
// text that two rule examples make when laid end to end; the SSE4.2 and
// AVX-512 implementations report it. prefilter.cpp scans with the SSE4.2 one.
// Fails on an AVX2 machine without that.
TEST_CASE("vectorscan prefilter: a datadog-api-key match after a JWT-like line is found") {
  nhi_test::temp_dir tmp;
  cache_dir_override cache(tmp.str());
  const std::string pattern =
      R"((?i:datadog|\bdd[_.-]|_dd[_.-]|\bdd\B)[\w.>-]{0,30}(?:["']?\s{0,2}(?::|=>|\()?\s{0,20}[{\[(]?\s{0,2}["']?)?)"
      R"((?i:api[_.-]?key)[\w.-]{0,12}(?:["']?\s{0,3},?\s{0,30}["']?(?i:value)["']?)?\W{0,5}(?:[:=(]|\s)[ \t]{0,40}\W{0,3})"
      R"((?:&?(?:string|String|str)\??\W{1,5})?([a-f0-9]{32})\b)";
  const auto f = fast_prefilter::build({pattern}, {{"ddapi", 0}});
  if (!f) {
    MESSAGE("libnhi built without vectorscan: nothing to test");
    return;
  }
  REQUIRE(f->regexes_in_database() == 1);
  fast_scratch scratch;
  const std::string text =
      "EY=eyJrIjoiMWVxRGdSNTN3b72f15d5d7731970525cf\"\n"
      "export const ddApiKey: string = \"e7cc8f1157fd7795f79c8f50a6c4a9d5";
  CHECK(flags_rule(*f, 1, 0, text, scratch));
  for (std::size_t n = 0; n <= 64; ++n) {  // and wherever it starts
    CAPTURE(n);
    CHECK(flags_rule(*f, 1, 0, std::string(n, 'x') + "\n" + text, scratch));
  }
}

// The same property for every built-in rule: whenever RE2 finds a rule's
// example, the prefilter must flag that rule, wherever the example sits.
namespace {

// Every built-in rule's examples after runs of spaces (every offset 0-65) and
// of '-' (every fifth): wherever RE2 matches, the prefilter must flag the
// rule. The rules are taken in two halves (even and odd indexes), two test
// cases that ctest runs side by side: one took most of its timeout under the
// sanitizers on a loaded machine.
void check_prefilter_flags_rules(std::size_t half) {
  const auto rs = nhi::rule_set::builtin();
  REQUIRE(rs.is_ok());
  const auto& rules = rs.value().compiled();
  std::vector<std::string> patterns;
  for (const auto& r : rules.rules) patterns.push_back(r.regex.pattern());
  // The suite's cache (NHI_CACHE_DIR from ctest) if any, so the database is compiled once.
  const auto f = fast_prefilter::build(patterns, rules.prefilter.keywords());
  if (!f) {
    MESSAGE("libnhi built without vectorscan: nothing to test");
    return;
  }
  fast_scratch scratch;
  std::size_t checked = 0;
  for (std::size_t r = half; r < rules.rules.size(); r += 2) {
    const RE2& re = rules.rules[r].regex.get();
    for (const auto& example : rules.rules[r].info.examples)
      for (char fill : {' ', '-'})
        for (std::size_t n = 0; n < 66; n += (fill == ' ' ? 1 : 5)) {
          const std::string data = std::string(n, fill) + example;
          if (!RE2::PartialMatch(data, re)) continue;
          ++checked;
          CAPTURE(rules.rules[r].info.id);
          CAPTURE(n);
          CHECK(flags_rule(*f, rules.rules.size(), r, data, scratch));
        }
  }
  CHECK(checked > 1000);
}

}  // namespace

TEST_CASE("vectorscan prefilter flags every built-in rule wherever RE2 matches its examples (even rules)") {
  check_prefilter_flags_rules(0);
}

TEST_CASE("vectorscan prefilter flags every built-in rule wherever RE2 matches its examples (odd rules)") {
  check_prefilter_flags_rules(1);
}

TEST_CASE("built-in rules: searching around keywords finds what a whole-buffer search finds") {
  // Every example and negative example of the built-in rules, between filler
  // lines of every length, in texts of about 24 KB (past the size where the
  // spans are used): the spans around keywords (find_matches with no
  // segments) against one segment over the whole text, which searches every
  // candidate rule over all of it.
  const auto rs = nhi::rule_set::builtin();
  REQUIRE(rs.is_ok());
  const auto& rules = rs.value().compiled();
  std::uint32_t state = 3;
  auto next = [&state] { return state = state * 1103515245u + 12345u, (state >> 8) % 1000; };
  std::vector<std::string> texts(1);
  for (const auto& r : rules.rules)
    for (const auto* list : {&r.info.examples, &r.info.negative_examples})
      for (const auto& example : *list) {
        std::string& text = texts.back();
        text += example + "\n";
        const unsigned filler = next() % 4;
        for (unsigned k = 0; k < filler; ++k) text += std::string(next() % 400, k % 2 ? ' ' : '=') + "value;\n";
        if (text.size() > (24u << 10)) texts.emplace_back();
      }
  REQUIRE(texts.size() > 40);
  std::size_t matches = 0, differ = 0;
  for (const auto& text : texts) {
    auto found = [&](const std::vector<std::pair<std::size_t, std::size_t>>& segments) {
      match_scratch scratch;
      std::vector<raw_match> out;
      find_matches(rules, text, segments, scratch, out);
      std::vector<std::tuple<std::size_t, std::size_t, std::string>> list;
      for (const auto& m : out) list.emplace_back(m.secret_begin, m.secret_end, rules.rules[m.rule].info.id);
      return list;
    };
    const auto around_keywords = found({});
    const auto whole = found({{0, text.size()}});
    matches += whole.size();
    if (around_keywords != whole && differ++ < 5) {
      std::string shown;
      for (const auto& [b, e, id] : whole) shown += id + "@" + std::to_string(b) + " ";
      shown += "| ";
      for (const auto& [b, e, id] : around_keywords) shown += id + "@" + std::to_string(b) + " ";
      CHECK_MESSAGE(false, shown);
    }
  }
  CHECK(differ == 0);
  CHECK(matches > 2000);
}

TEST_CASE("vectorscan cache: private, atomic, and never trusted blindly") {
  nhi_test::temp_dir tmp;
  const std::string dir = tmp / "cache";
  cache_dir_override cache(dir);
  const std::string& line = kWiseLine;
  if (!fast_prefilter::build({kWisePattern}, kWiseKeywords)) {
    MESSAGE("libnhi built without vectorscan: nothing to test");
    return;
  }
  auto files = cache_files(dir);
  REQUIRE(files.size() == 2);  // the database and the key; no temporary file left behind
  const std::string db_file = cache_database(dir);
  REQUIRE(!db_file.empty());
  for (const std::string& f : {db_file, dir + "/cache.key"}) {
    struct stat st {};
    REQUIRE(::stat(f.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
  }
  const std::string good = nhi_test::read_file(db_file);

  // Loaded from the cache, without compiling.
  fast_scratch scratch;
  auto cached = fast_prefilter::build({kWisePattern}, kWiseKeywords, false);
  REQUIRE(cached);
  CHECK(flags_rule(*cached, 1, 0, line, scratch));

  // A database of another rule set under this name (foreign), a truncated
  // file, flipped bytes: each is refused by a cache-only load, and a build
  // replaces it with a good one.
  const std::string other_dir = tmp / "other";
  {
    cache_dir_override other(other_dir);
    REQUIRE(fast_prefilter::build({"acme_[a-z]{8}"}, {{"acme_", 0}}));
  }
  std::string flipped = good;
  flipped[flipped.size() / 2] ^= 0x5a;
  for (const std::string& bad : {nhi_test::read_file(cache_database(other_dir)), good.substr(0, good.size() / 2),
                                 good.substr(0, 20), flipped, std::string("garbage")}) {
    nhi_test::write_file(db_file, bad);
    ::chmod(db_file.c_str(), 0600);
    CHECK_FALSE(fast_prefilter::build({kWisePattern}, kWiseKeywords, false));
    auto rebuilt = fast_prefilter::build({kWisePattern}, kWiseKeywords);
    REQUIRE(rebuilt);
    CHECK(flags_rule(*rebuilt, 1, 0, line, scratch));
    CHECK(nhi_test::read_file(db_file) == good);
  }

  // A cache file others may write is not trusted.
  ::chmod(db_file.c_str(), 0666);
  CHECK_FALSE(fast_prefilter::build({kWisePattern}, kWiseKeywords, false));

  // A cache directory that cannot be made (a file is in the way): no caching, still works.
  nhi_test::write_file(tmp / "blocker", "x");
  cache_dir_override blocked(tmp / "blocker/nhi");
  auto uncached = fast_prefilter::build({kWisePattern}, kWiseKeywords);
  REQUIRE(uncached);
  CHECK(flags_rule(*uncached, 1, 0, line, scratch));
}

// Issue 20 item 5: the cache was checked for integrity (an FNV-1a hash), not
// authenticity. A database swapped for one that matches nothing, its hash
// recomputed, was loaded, and every later scan found nothing. Fails without
// the HMAC: the doctored database is used and the token is not flagged.
TEST_CASE("vectorscan cache: a doctored database with a valid hash is rebuilt, never used") {
  nhi_test::temp_dir tmp;
  const std::string dir = tmp / "cache";
  cache_dir_override cache(dir);
  const std::string& line = kWiseLine;
  if (!fast_prefilter::build({kWisePattern}, kWiseKeywords)) {
    MESSAGE("libnhi built without vectorscan: nothing to test");
    return;
  }
  const std::string db_file = cache_database(dir);
  REQUIRE(!db_file.empty());
  const std::string good = nhi_test::read_file(db_file);
  {
    cache_dir_override donor(tmp / "donor");
    REQUIRE(fast_prefilter::build({"zqzqnever[0-9]{64}"}, {{"zqzqnever", 0}}));
  }
  const std::string forged = doctored_cache(good, nhi_test::read_file(cache_database(tmp / "donor")));
  nhi_test::write_file(db_file, forged);
  ::chmod(db_file.c_str(), 0600);

  fast_scratch scratch;
  CHECK_FALSE(fast_prefilter::build({kWisePattern}, kWiseKeywords, false));  // refused by a cache-only load
  auto f = fast_prefilter::build({kWisePattern}, kWiseKeywords);
  REQUIRE(f);
  CHECK(flags_rule(*f, 1, 0, line, scratch));
  CHECK(nhi_test::read_file(db_file) == good);  // rebuilt from the rules and rewritten
}

// The key authenticates only while nobody else can read or replace it.
TEST_CASE("vectorscan cache: a key file that is not private is replaced and its cache rebuilt") {
  nhi_test::temp_dir tmp;
  const std::string dir = tmp / "cache";
  cache_dir_override cache(dir);
  const std::string& line = kWiseLine;
  if (!fast_prefilter::build({kWisePattern}, kWiseKeywords)) {
    MESSAGE("libnhi built without vectorscan: nothing to test");
    return;
  }
  const std::string key_file = dir + "/cache.key";
  REQUIRE(std::filesystem::is_regular_file(key_file));
  fast_scratch scratch;
  REQUIRE(fast_prefilter::build({kWisePattern}, kWiseKeywords, false));  // trusted as it is

  // Readable by others (0644), or group-writable: not trusted, so neither is the cache.
  for (mode_t mode : {0644, 0620, 0400}) {
    CAPTURE(mode);
    const std::string old_key = nhi_test::read_file(key_file);
    ::chmod(key_file.c_str(), mode);
    CHECK_FALSE(fast_prefilter::build({kWisePattern}, kWiseKeywords, false));
    auto rebuilt = fast_prefilter::build({kWisePattern}, kWiseKeywords);
    REQUIRE(rebuilt);
    CHECK(flags_rule(*rebuilt, 1, 0, line, scratch));
    struct stat st {};
    REQUIRE(::lstat(key_file.c_str(), &st) == 0);
    CHECK(S_ISREG(st.st_mode));
    CHECK((st.st_mode & 0777) == 0600);
    CHECK(nhi_test::read_file(key_file) != old_key);  // a new key, not the exposed one
    CHECK(fast_prefilter::build({kWisePattern}, kWiseKeywords, false));  // the new cache is trusted
  }

  // A symbolic link to a key elsewhere (say, one an attacker knows): not followed, replaced.
  const std::string planted = tmp / "planted.key";
  nhi_test::write_file(planted, std::string(32, 'k'));
  ::chmod(planted.c_str(), 0600);
  std::filesystem::remove(key_file);
  std::filesystem::create_symlink(planted, key_file);
  CHECK_FALSE(fast_prefilter::build({kWisePattern}, kWiseKeywords, false));
  REQUIRE(fast_prefilter::build({kWisePattern}, kWiseKeywords));
  CHECK_FALSE(std::filesystem::is_symlink(key_file));
  CHECK(nhi_test::read_file(planted) == std::string(32, 'k'));

  // Without the key no cache file is trusted, however well formed.
  std::filesystem::remove(key_file);
  CHECK_FALSE(fast_prefilter::build({kWisePattern}, kWiseKeywords, false));
}

// The same end to end, through the cache directory a user has by default
// ($XDG_CACHE_HOME/nhi, else ~/.cache/nhi: NHI_CACHE_DIR unset), in
// temporary directories so the real user's cache is never touched.
TEST_CASE("nhi scan: a doctored vectorscan cache in XDG_CACHE_HOME does not hide a secret") {
  nhi_test::temp_dir tmp;
  const char* rules = R"(
rules:
  - id: quux-key
    name: Quux API key
    provider: quux
    kind: api_key
    pattern: 'quux_([a-z0-9]{32})'
    keywords: [quux_]
    examples: ['quux_k3v9q2m8x7w1z5t4r6y0u2i8o4p6a1s3']
)";
  const char* nothing = R"(
rules:
  - id: never
    name: Never
    provider: none
    kind: token
    pattern: 'zqzqnever([0-9]{64})'
    keywords: [zqzqnever]
    examples: ['zqzqnever0000000000000000000000000000000000000000000000000000000000000000']
)";
  nhi_test::write_file(tmp / "rules.yaml", rules);
  nhi_test::write_file(tmp / "nothing.yaml", nothing);
  nhi_test::write_file(tmp / "repo/app.env", "QUUX=quux_k3v9q2m8x7w1z5t4r6y0u2i8o4p6a1s3\n");
  auto scan = [&](const std::string& xdg, const std::string& rules_file) {
    return nhi_test::run("env -u NHI_CACHE_DIR NHI_ENGINE=vectorscan XDG_CACHE_HOME='" + xdg + "' HOME='" +
                         (tmp / "home") + "' '" + nhi_test::nhi_cli() + "' scan --rules '" + rules_file +
                         "' --format json '" + (tmp / "repo") + "'");
  };
  auto first = scan(tmp / "xdg", tmp / "rules.yaml");
  REQUIRE(first.exit_code == 1);
  const std::string db_file = cache_database(tmp / "xdg/nhi");
  if (db_file.empty()) {
    MESSAGE("nhi built without vectorscan: nothing to test");
    return;
  }
  CHECK_FALSE(std::filesystem::exists(tmp / "home"));  // XDG_CACHE_HOME wins over HOME
  REQUIRE(scan(tmp / "donor", tmp / "nothing.yaml").exit_code == 0);
  const std::string good = nhi_test::read_file(db_file);
  nhi_test::write_file(db_file, doctored_cache(good, nhi_test::read_file(cache_database(tmp / "donor/nhi"))));
  ::chmod(db_file.c_str(), 0600);

  auto second = scan(tmp / "xdg", tmp / "rules.yaml");
  CHECK(second.exit_code == 1);
  CHECK(second.out.find("quux-key") != std::string::npos);
  CHECK_MESSAGE(second.err.find("cache") == std::string::npos, second.err);  // rebuilt quietly
  CHECK(nhi_test::read_file(db_file) == good);

  // With only HOME set the cache is ~/.cache/nhi, made 0700 with its key 0600.
  std::filesystem::create_directories(tmp / "home");
  auto home = nhi_test::run("env -u NHI_CACHE_DIR -u XDG_CACHE_HOME NHI_ENGINE=vectorscan HOME='" + (tmp / "home") +
                            "' '" + nhi_test::nhi_cli() + "' scan --rules '" + (tmp / "rules.yaml") + "' '" +
                            (tmp / "repo") + "'");
  CHECK(home.exit_code == 1);
  CHECK(!cache_database(tmp / "home/.cache/nhi").empty());
  struct stat st {};
  REQUIRE(::stat((tmp / "home/.cache/nhi").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);
  REQUIRE(::stat((tmp / "home/.cache/nhi/cache.key").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
}

namespace {
const char* kContextRules = R"(
rules:
  - id: quux-key
    name: Quux API key
    provider: quux
    kind: api_key
    secret: '[a-z0-9]{32}'
    keywords: [quux]
    examples: ['QUUX_API_KEY=k3v9q2m8x7w1z5t4r6y0u2i8o4p6a1s3']
    negative_examples: ['QUUX_API_KEY=k3v9q2m8x7w1z5t4']
  - id: quux-mixed
    name: Quux mixed-case key
    provider: quux
    kind: api_key
    secret: '[A-Za-z0-9]{25}'
    keywords: [quuxmix]
    keyword_within_lines: 1
    examples: ['QUUXMIX_KEY=lLXc8yX72IbsEM2nfx2mIqxpf']
    negative_examples: ['QUUXMIX_KEY=lLXc8yX72IbsEM2nfx2mIq']
  - id: quux-same-line
    name: Quux token on its line
    provider: quux
    kind: token
    secret: 'qt-[A-Z]{12}'
    keywords: [quuxtok]
    keyword_within_lines: 0
    examples: ['quuxtok token: qt-QWMZRTXVPKBN']
    negative_examples: ['token: qt-QWMZRTXVPKBN']
)";

// The secrets the context rules find in `text`, as "rule=secret".
std::vector<std::string> context_matches(const std::string& text) {
  static const auto rs = rules_from(kContextRules);
  match_scratch scratch;
  std::vector<raw_match> out;
  find_matches(rs.compiled(), text, {}, scratch, out);
  std::vector<std::string> found;
  for (const auto& m : out)
    found.push_back(rs.compiled().rules[m.rule].info.id + "=" +
                    text.substr(m.secret_begin, m.secret_end - m.secret_begin));
  return found;
}
}  // namespace

TEST_CASE("context rules: the secret after a keyword or credential name, in the contexts code uses") {
  const std::string key = "k3v9q2m8x7w1z5t4r6y0u2i8o4p6a1s3";
  const std::vector<std::string> want = {"quux-key=" + key};
  const std::string contexts[] = {
      "QUUX_API_KEY=" + key,
      "export QUUX_TOKEN=\"" + key + "\"",
      "{\"quux\": {\"api_key\": \"" + key + "\"}}",
      "quux:\n  apiKey: '" + key + "'",
      "client = Quux(api_key='" + key + "')",
      "System.setProperty(\"quux.key\", \"" + key + "\");",
      "<quuxKey>" + key + "</quuxKey>",
      "quux_token ?= " + key,
      "$quux_secret .= '" + key + "';",
      "quux --auth-token " + key,
      "quuxKey := `" + key + "`",
      "\"config\": \"QUUX_KEY=\\\"" + key + "\\\"\"",
      "quux token - '" + key + "'",
      "quux_auth_token: \"Bearer " + key + "\"",  // a whole Authorization header: the key after "Bearer "
      "headers = {'Authorization': 'bearer " + key + "'}  # quux",
      // an arrow aligned with its neighbours' (Logstash, Puppet; seed-80 triage)
      "quux {\n  oauth_token        => \"" + key + "\"\n}",
      // a Postman environment: the name, then a sibling "value" (seed-83 triage)
      "{\n  \"key\": \"X-Quux-API-Key\",\n  \"value\": \"" + key + "\",\n  \"enabled\": true\n}",
  };
  for (const auto& text : contexts) CHECK_MESSAGE(context_matches(text) == want, text);
}

TEST_CASE("context rules: a keyword must be near, and the secret must end where a token ends") {
  const std::string key = "k3v9q2m8x7w1z5t4r6y0u2i8o4p6a1s3";
  // The keyword in a setting's value: "Name=value" is no line of base64, '='
  // being only its padding (seed-81 triage: an EOS client id's prefix).
  CHECK(context_matches("DedicatedServerClientIdentifier=quux7891TVCbcQLYGbDXCrbrdXTlpbyY\napi_key: " + key).size() == 1);
  // A credential name with the keyword within three lines (the default).
  CHECK(context_matches("# quux settings\n\n\napi_key: " + key + "\n").size() == 1);
  CHECK(context_matches("api_key: " + key + "\n\n\n# for quux\n").size() == 1);
  // Four lines away: not this provider's key.
  CHECK(context_matches("# quux settings\n\n\n\napi_key: " + key + "\n").empty());
  // No keyword anywhere: the prefilter never runs the rule.
  CHECK(context_matches("api_key: " + key).empty());
  // A longer token, a shorter one, a name that is no credential word.
  CHECK(context_matches("QUUX_KEY=" + key + "x").empty());
  CHECK(context_matches("QUUX_KEY=" + key + "-v2").empty());
  CHECK(context_matches("QUUX_KEY=" + key.substr(0, 31)).empty());
  CHECK(context_matches("quux\nbuild_id = " + key).empty());
  CHECK(context_matches("quux-cache-" + key).empty());  // a dash inside a name is no separator
  // Base64 padding after it: part of a longer value. One of ?|*^!$~ with more
  // key characters after it: the value goes on past a character its shape lacks.
  CHECK(context_matches("QUUX_KEY=" + key + "=").empty());
  CHECK(context_matches("QUUX_KEY=\"" + key + "?x9\"").empty());
  CHECK(context_matches("QUUX_KEY='" + key + "|7b'").empty());
  CHECK(context_matches("QUUX_KEY=" + key + "*Q").empty());
  // ... or '+' or '/' with more after it: a window of a longer base64 run (a
  // sealed secret's ciphertext), not a key (seed-61 triage).
  CHECK(context_matches("QUUX_KEY: " + key + "+qGj9z").empty());
  CHECK(context_matches("QUUX_KEY: " + key + "/Xk2").empty());
  CHECK(context_matches("QUUX_KEY=" + key + " + suffix").size() == 1);
  // Such a character before a blank, a quote or the end still ends the token.
  CHECK(context_matches("Is QUUX_KEY=" + key + "?").size() == 1);
  CHECK(context_matches("QUUX_KEY=" + key + " | other").size() == 1);
  CHECK(context_matches("QUUX_KEY=" + key + "!\n").size() == 1);
  CHECK(context_matches("QUUX_KEY=" + key + "&next=1").size() == 1);
  CHECK(context_matches("quux_auth_token: \"Bearer: " + key + "\"").empty());  // "Bearer" is no name of its own
  // keyword_within_lines: 0 asks for the keyword on the secret's own line.
  CHECK(context_matches("quuxtok token: qt-QWMZRTXVPKBN") == std::vector<std::string>{"quux-same-line=qt-QWMZRTXVPKBN"});
  CHECK(context_matches("quuxtok\ntoken: qt-QWMZRTXVPKBN").empty());
}

TEST_CASE("keyword-anchored rules: RE2 on the spans around keywords finds what a whole-buffer search finds") {
  // The same rules twice, one copy with the spans turned off: a long buffer
  // with secrets at every distance from their keywords, in lines of every
  // length (past kKeywordReach too), must give the same matches in both.
  const auto spans = rules_from(kContextRules);
  const auto whole = rules_from(kContextRules);
  auto& unanchored = const_cast<compiled_rules&>(whole.compiled());
  for (auto& r : unanchored.rules) {
    CHECK(r.keyword_near);  // the fixture's rules are anchored
    r.keyword_near = false;
    CHECK_FALSE(r.holds_keyword());  // nor do their matches hold a keyword
  }
  const std::string key = "k3v9q2m8x7w1z5t4r6y0u2i8o4p6a1s3";
  // Secrets at the edge of the three lines allowed, past lines longer than a match.
  const std::string wide(300, 'x');
  const std::string indent(300, ' ');
  std::string text = "# quux\n" + wide + "\n" + wide + "\n" + indent + "api_key: " + key + "\n" + wide + "\n";
  text += "api_key: " + key + " # " + wide + "\n" + wide + "\n" + wide + "\n# QUUX\n" + wide + "\n";
  std::uint32_t state = 7;
  auto next = [&state] { return state = state * 1103515245u + 12345u, (state >> 8) % 1000; };
  for (int i = 0; i < 400; ++i) {
    const unsigned pick = next();
    if (pick < 80) text += "# Quux settings\n";
    else if (pick < 160) text += "api_key: " + key + "\n";
    else if (pick < 200) text += "QUUX_KEY=" + key + "\n";
    else if (pick < 230) text += "quuxtok token: qt-QWMZRTXVPKBN\n";
    else if (pick < 250) text += "token: qt-QWMZRTXVPKBN quuxtok\n";
    else if (pick < 270) text += std::string(next() * 6, 'x') + "\n";  // up to 6 KB on one line
    else text += std::string(next() % 60, ' ') + "int x = y;\n";
  }
  auto found = [&text](const nhi::rule_set& rs) {
    match_scratch scratch;
    std::vector<raw_match> out;
    find_matches(rs.compiled(), text, {}, scratch, out);
    std::vector<std::pair<std::size_t, std::string>> list;
    for (const auto& m : out) list.emplace_back(m.secret_begin, rs.compiled().rules[m.rule].info.id);
    return list;
  };
  const auto with_spans = found(spans);
  CHECK(with_spans.size() > 20);
  CHECK(with_spans == found(whole));
}

TEST_CASE("context rules: identifiers in camelCase or PascalCase are code, not keys (seed-14 triage)") {
  CHECK(context_matches("QUUXMIX_KEY=lLXc8yX72IbsEM2nfx2mIqxpf") == std::vector<std::string>{"quux-mixed=lLXc8yX72IbsEM2nfx2mIqxpf"});
  // A source map's list of names, the service's own among them.
  CHECK(context_matches("\"names\": [\"QuuxmixAuthProviderJsImpl\",\"ApplicationVerifierJsImpl\"]").empty());
  CHECK(context_matches("quuxmix = \"registerHotRestartListener\"").empty());  // 26 letters: too long anyway
  CHECK(context_matches("quuxmix = \"registerHotRestartListen\"").empty());   // camelCase
  // Two words without a vowel are not a name's parts ("Js", "Db"), nor one among three.
  CHECK(context_matches("quuxmix = \"ApplicationVerifierJsDbIm\"").size() == 1);
  CHECK(context_matches("quuxmix = \"ApplicationVerifierJsImplx\"").empty());
  // A word may end in one or two digits ("oauth2"), not three.
  CHECK(context_matches("{\"Quuxmix\":{\"keycloakDomain\":\"oauth2KeycloakDomainValue\"}}").empty());
  CHECK(context_matches("quuxmix = \"oauth234KeycloakDomainVal\"").size() == 1);
  // Random keys of letters only, the first a capital: almost none splits into
  // such words (a key with a digit never does). The other filters take two of
  // these 3,000 ("...PXxxXs..." holds the placeholder run "xxxx").
  std::mt19937 rng(14);
  const std::string letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  int dropped = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string value(25, ' ');
    for (auto& c : value) c = letters[rng() % letters.size()];
    value[0] = static_cast<char>('A' + rng() % 26);
    if (context_matches("quuxmix = \"" + value + "\"").empty()) ++dropped;
  }
  CHECK(dropped <= 3);
}

TEST_CASE("context rules: the service name starts a word or a camelCase part, never sits inside one") {
  const std::string key = "k3v9q2m8x7w1z5t4r6y0u2i8o4p6a1s3";
  CHECK(context_matches("acmeQuuxKey = '" + key + "'").size() == 1);      // camelCase part
  CHECK(context_matches("ACME_QUUX: " + key).size() == 1);                 // after a non-letter
  CHECK(context_matches("quux: " + key).size() == 1);                      // at the start
  CHECK(context_matches("SnooquuxTool: " + key).empty());                  // inside a word
  CHECK(context_matches("BIGQUUX: " + key).empty());                       // inside an upper-case word
  CHECK(context_matches("qUux4kZ9 api_key: " + key).empty());              // a random word it starts
  CHECK(context_matches("quUX7 api_key: " + key).empty());
  CHECK(context_matches("QUUX4 api_key: " + key).size() == 1);             // one case: a name, maybe a key's prefix
  CHECK(context_matches("Quux4 api_key: " + key).size() == 1);             // a capitalised word
  CHECK(context_matches("QUUX_4: " + key).size() == 1);                    // a digit after a separator
}

TEST_CASE("matcher: in a web page saved from a site, only provider rules report") {
  const auto rs = rules_from(kRules);
  match_scratch scratch;
  const auto ids = [&](const std::string& text) {
    std::vector<std::string> found = matched_ids(rs, scratch, text);
    std::sort(found.begin(), found.end());
    return found;
  };
  const std::string body = "<body><script>\nvar secret = Zk3mQpR7vWx2Yt8N;\nvar t = acme_Zk3mQpR7vWx2Yt8NbLc4;\n"
                           "</script></body></html>\n";
  const std::string saved =
      "<!doctype html><html><head><link rel=\"canonical\" href=\"https://www.example.com/a/\"></head>\n" + body;
  const std::string own = "<!doctype html><html><head><link rel=\"canonical\" href=\"{{ url }}\"></head>\n" + body;
  CHECK(ids(saved) == std::vector<std::string>{"acme-token"});
  CHECK(ids(own) == std::vector<std::string>{"acme-token", "generic-secret"});
}

TEST_CASE("matcher: a context rule takes no word of prose, and a digest beside its hash's name is no password") {
  const auto rs = rules_from(R"(
rules:
  - id: acme-api-key
    name: Acme API key
    provider: acme
    kind: api_key
    secret: '[a-zA-Z0-9]{16}'
    keywords: [acme]
    keyword_within_lines: 0
    examples: ['ACME_API_KEY=Lpz7ADGBIRWysema']
    negative_examples: ['ACME_API_KEY=dCv4rYxDRT']
  - id: generic-password
    name: Generic password
    provider: generic
    kind: password
    generic: true
    pattern: '(?i)password\W{1,4}([A-Za-z0-9]{12,})'
    keywords: [password]
    examples: ['password = "Zk3mQpR7vWx2Yt8N"']
    negative_examples: ['password = short']
)");
  match_scratch scratch;
  const auto ids = [&](const std::string& text) { return matched_ids(rs, scratch, text); };
  CHECK(ids("ACME_API_KEY=authentification\n").empty());
  CHECK(ids("ACME_API_KEY=Lpz7ADGBIRWysema\n") == std::vector<std::string>{"acme-api-key"});
  // Random lower-case letters are no word (a key with no digit by chance).
  CHECK(ids("ACME_API_KEY=seugeupfknprstoe\n") == std::vector<std::string>{"acme-api-key"});
  const std::string digest = "9c1f4e7a2b6d8f0a3c5e7b9d1f2a4c6e8b0d2f4a6c8e1b3d5f7a9c2e4b6d8f0a";
  CHECK(ids("<sec:password-encoder hash=\"sha256\"/>\n<user password=\"" + digest + "\"/>\n").empty());
  CHECK(ids("<user password=\"" + digest + "\"/>\n") == std::vector<std::string>{"generic-password"});
}

TEST_CASE("matcher: a context rule's value under a file's name is that file's checksum") {
  const auto rs = rules_from(R"(
rules:
  - id: flickr-api-key
    name: Flickr API key
    provider: flickr
    kind: api_key
    secret: '[0-9a-z]{32}'
    keywords: [flickr]
    keyword_within_lines: 0
    examples: ['FLICKR_API_KEY=uw10sigmhib2ysqyp3r9u9wubc0iw7gz']
    negative_examples: ['FLICKR_API_KEY=short']
)");
  match_scratch scratch;
  const auto ids = [&](const std::string& text) { return matched_ids(rs, scratch, text); };
  const std::string md5 = "b2413c84b9bbb8cec91a6c04ce5db8f0";
  // A CMS's list of its files' checksums (e107's core_image.php).
  CHECK(ids("      'flickr.png' => '" + md5 + "',\n").empty());
  CHECK(ids("      'flickr_import_class.php' => '" + md5 + "',\n").empty());
  CHECK(ids("      'flickr_key' => '" + md5 + "',\n") == std::vector<std::string>{"flickr-api-key"});
  CHECK(ids("      flickr.api_key = '" + md5 + "'\n") == std::vector<std::string>{"flickr-api-key"});
}

TEST_CASE("matcher: a generic password of eight or nine characters passes when every one differs") {
  const auto rs = rules_from(R"(
rules:
  - id: generic-password
    name: Generic password
    provider: generic
    kind: password
    generic: true
    pattern: '(?i)password=(\S{6,})'
    keywords: [password]
    min_entropy: 3.2
    examples: ['password=Zk3mQpR7vWx2']
    negative_examples: ['password=short']
  - id: generic-secret
    name: Generic secret
    provider: generic
    kind: secret_key
    generic: true
    pattern: '(?i)secret=(\S{6,})'
    keywords: [secret]
    min_entropy: 3.2
    examples: ['secret=Zk3mQpR7vWx2']
    negative_examples: ['secret=short']
)");
  match_scratch scratch;
  const auto ids = [&](const std::string& text) { return matched_ids(rs, scratch, text); };
  CHECK(ids("soapreq.password=rtaqs7KD\n") == std::vector<std::string>{"generic-password"});  // 3.0 bits: 8 distinct
  CHECK(ids("password=Kq7vR2mX9\n") == std::vector<std::string>{"generic-password"});
  CHECK(ids("password=A123456A\n").empty());   // repeats
  CHECK(ids("password=qwertyui\n").empty());   // letters only
  CHECK(ids("password=Kq7vR2m\n").empty());    // seven: the rule's own threshold
  CHECK(ids("secret=rtaqs7KD\n").empty());     // only password rules: a key of eight is no key
}
