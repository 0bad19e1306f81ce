#include <doctest/doctest.h>

#include "match/matcher.hpp"
#include "match/prefilter.hpp"
#include "nhi/rules.hpp"

using namespace nhi::detail;

namespace {
nhi::rule_set rules_from(const char* yaml) {
  auto rs = nhi::rule_set::from_yaml(yaml, "test.yaml");
  REQUIRE_MESSAGE(rs.is_ok(), rs.error().to_string());
  return rs.value();
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

TEST_CASE("matcher: segments restrict matching") {
  const auto rs = rules_from(kRules);
  match_scratch scratch;
  std::vector<raw_match> out;
  const std::string text = "acme_Zk3mQpR7vWx2Yt8NbLc4 acme_Zk3mQpR7vWx2Yt8NbLc5";
  find_matches(rs.compiled(), text, {{26, text.size()}}, scratch, out);
  REQUIRE(out.size() == 1);
  CHECK(out[0].secret_begin == 26);
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
