// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "match/matcher.hpp"
#include "match/provider_prefix.hpp"
#include "nhi/rules.hpp"

using namespace nhi::detail;

namespace {
std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}
}  // namespace

TEST_CASE("secret_prefixes: the literal start of the secret group") {
  CHECK(secret_prefixes(R"(\b(gloas-[a-f0-9]{64}))") == std::vector<std::string>{"gloas-"});
  CHECK(secret_prefixes(R"((?:^|[^A-Za-z0-9_+/-])(xai-[A-Za-z0-9]{70,90})\b)") ==
        std::vector<std::string>{"xai-"});
  // Lower-cased; a (?P<name>) group is the secret too.
  CHECK(secret_prefixes(R"(key=(?P<k>HRKU-[A-Za-z0-9_-]{60}))") == std::vector<std::string>{"hrku-"});
  // Without a group the whole match is the secret.
  CHECK(secret_prefixes(R"(glpat-[0-9a-zA-Z_\-]{20})") == std::vector<std::string>{"glpat-"});
  // Escaped punctuation is literal text.
  CHECK(secret_prefixes(R"(\b(dp\.pt\.[a-z0-9]{43}))") == std::vector<std::string>{"dp.pt."});
}

TEST_CASE("secret_prefixes: small classes and literal alternations expand") {
  CHECK(sorted(secret_prefixes(R"(\b(cf[ua]t_[A-Za-z0-9]{40}))")) == std::vector<std::string>{"cfat_", "cfut_"});
  CHECK(sorted(secret_prefixes(R"((sk-(?:proj|svcacct)-[A-Za-z0-9]{20}))")) ==
        std::vector<std::string>{"sk-proj-", "sk-svcacct-"});
}

TEST_CASE("secret_prefixes: no prefix where the start varies") {
  CHECK(secret_prefixes(R"(\b([a-f0-9]{32})\b)").empty());
  CHECK(secret_prefixes(R"(([A-Z][a-z]+_[0-9]{8}))").empty());
  // A branch per alternative at the group's top level: not worked out.
  CHECK(secret_prefixes(R"((foo_[a-z]{8}|bar_[0-9]{8}))").empty());
  // A quantified character is not part of the prefix, and a "+" keeps one copy.
  CHECK(secret_prefixes(R"((abx?_[a-z]{8}))") == std::vector<std::string>{"ab"});
  CHECK(secret_prefixes(R"((ab+_[a-z]{8}))") == std::vector<std::string>{"ab"});
  // A class with a range is too wide to list.
  CHECK(secret_prefixes(R"((a[b-z]c_[a-z]{8}))") == std::vector<std::string>{"a"});
}

TEST_CASE("distinctive_prefix: vendor prefixes, not words or two letters") {
  for (const char* p : {"xai-", "cfut_", "sqco_", "gloas-", "hrku-", "aio_", "sk-proj-", "api_org_", "dp.pt.",
                        "cmvmdgtuojaxoj"})
    CHECK_MESSAGE(distinctive_prefix(p), p);
  for (const char* p : {"sk-", "pk_", "hf_", "api_", "key-", "secret_", "live_", "aiza", "eyj", "a", "ab",
                        "aaaaaaaaaa", "ghijklm"})
    CHECK_MESSAGE(!distinctive_prefix(p), p);
}

TEST_CASE("provider_prefixes: case-insensitive start, never the bare prefix") {
  provider_prefixes set;
  set.add("xai-");
  set.add("GLOAS-");
  CHECK(set.size() == 2);
  CHECK(set.starts("xai-W5zbfUkzlXedo7qD42"));
  CHECK(set.starts("XAI-W5zbfUkzlXedo7qD42"));
  CHECK(set.starts("gloas-8406980541370e5b"));
  CHECK_FALSE(set.starts("xai-"));
  CHECK_FALSE(set.starts("xa"));
  CHECK_FALSE(set.starts("W5zbfUkzlXedo7qD42xai-"));
  CHECK_FALSE(provider_prefixes{}.starts("xai-W5zbfUkzlXedo7qD42"));
}

namespace {
const char* kRules = R"(
rules:
  - id: acme-token
    name: Acme token
    provider: acme
    kind: token
    pattern: '\b(acme_[A-Za-z0-9]{20})\b'
    keywords: [acme_]
  - id: generic-secret
    name: Generic secret
    provider: generic
    kind: generic
    generic: true
    pattern: '(?i)secret\s*=\s*([A-Za-z0-9_]{12,})'
    keywords: [secret]
)";

std::vector<std::string> rule_ids(const nhi::rule_set& rs, const std::string& text) {
  match_scratch scratch;
  std::vector<raw_match> out;
  find_matches(rs.compiled(), text, {}, scratch, out);
  std::vector<std::string> ids;
  for (const auto& m : out) ids.push_back(rs.compiled().rules[m.rule].info.id);
  return ids;
}
}  // namespace

TEST_CASE("matcher: a generic match yields to a provider's prefix the provider rule did not accept") {
  auto parsed = nhi::rule_set::from_yaml(kRules, "test.yaml");
  REQUIRE(parsed.is_ok());
  const auto& rs = parsed.value();
  CHECK(rs.compiled().provider_prefix_set.starts("acme_x"));
  // The provider's own shape: its rule reports it.
  CHECK(rule_ids(rs, "secret = acme_Zk3mQpR7vWx2Yt8NbLc4") == std::vector<std::string>{"acme-token"});
  // Too short for it, or upper-cased: a malformed acme key, no generic secret.
  CHECK(rule_ids(rs, "secret = acme_Zk3mQpR7vW").empty());
  CHECK(rule_ids(rs, "secret = ACME_Zk3mQpR7vWx2Yt8NbLc4").empty());
  // Any other value is still a generic secret, the prefix elsewhere in it too.
  CHECK(rule_ids(rs, "secret = Zk3mQpR7vWx2Yt8N") == std::vector<std::string>{"generic-secret"});
  CHECK(rule_ids(rs, "secret = Zk3mQpR7acme_vWx2Yt8N") == std::vector<std::string>{"generic-secret"});
}

TEST_CASE("matcher: the built-in rules derive the prefixes of their providers") {
  auto rs = nhi::rule_set::builtin();
  REQUIRE(rs.is_ok());
  const auto& set = rs->compiled().provider_prefix_set;
  CHECK(set.size() > 100);
  for (const char* v : {"cfut_ZE4CrcFhEID", "xai-W5zbfUkzlXedo7qD42", "sqco_FbT1v5HrMX6qyKU", "gloas-8406980541370e5b",
                        "HRKU-aaaabbbbccccdddd", "glpat-abcdefgh"})
    CHECK_MESSAGE(set.starts(v), v);
  // A JWT's header is the JWT format's, whichever provider's rule fixes it.
  for (const char* v : {"Zk3mQpR7vWx2Yt8N", "api_Zk3mQpR7vWx2", "secret_Zk3mQpR7vWx2", "sk-Zk3mQpR7vWx2Yt8N",
                        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ4In0"})
    CHECK_MESSAGE(!set.starts(v), v);
}

TEST_CASE("secret_suffix: the literal end of the secret group") {
  CHECK(secret_suffix(R"((?:^|[^A-Za-z0-9_-])((?:AA[a-f0-9]{40}|eu01xx[a-f0-9]{36})-NRMA)(?:[^A-Za-z0-9_-]|$))") == "-nrma");
  CHECK(secret_suffix(R"(\b([a-f0-9]{34}FFFFNRAL)\b)") == "ffffnral");
  CHECK(secret_suffix(R"(\b(ab_[a-z]{8}\.x-Y))") == ".x-y");
  // Ends that vary: a class, a quantified item, a group; no group at all.
  CHECK(secret_suffix(R"(\b(abc_[a-f0-9]{32})\b)").empty());
  CHECK(secret_suffix(R"(\b([a-f0-9]{32}-NRMA?))") .empty());
  CHECK(secret_suffix(R"(\b([a-f0-9]{32}(?:-x|-y)))").empty());
  CHECK(secret_suffix(R"([a-f0-9]{32}-NRMA)").empty());
  CHECK(secret_suffix(R"(\b([a-f0-9]{32}-NRMA|[0-9]{8}))").empty());
}

TEST_CASE("distinctive_suffix: a separator and four characters, or eight, and not a word") {
  for (const char* s : {"-nrma", "ffffnral", ".x-yz1"}) CHECK_MESSAGE(distinctive_suffix(s), s);
  for (const char* s : {"-nrm", "_key", "-token", "_secret", "-live", "==", "aaaaaaaa", ""})
    CHECK_MESSAGE(!distinctive_suffix(s), s);
}

TEST_CASE("provider_prefixes: suffixes are kept reversed and matched at the end") {
  provider_prefixes set;
  set.add_suffix("-NRMA");
  CHECK(set.ends("AAcc7eb96551e8cd65818865695f35bb109455d6-NRMA"));
  CHECK(set.ends("AAcc7eb96551e8cd-nrma"));
  CHECK_FALSE(set.ends("-NRMA"));
  CHECK_FALSE(set.ends("-NRMAcc7eb96551e8cd"));
  CHECK_FALSE(set.starts("-NRMAcc7eb96551e8cd"));
}

TEST_CASE("matcher: a generic match yields to a provider's suffix the provider rule did not accept") {
  const char* rules = R"(
rules:
  - id: acme-mobile-token
    name: Acme mobile token
    provider: acme
    kind: token
    pattern: '\b(AA[a-f0-9]{40}-NRMA)\b'
    keywords: [-NRMA]
  - id: generic-secret
    name: Generic secret
    provider: generic
    kind: generic
    generic: true
    pattern: '(?i)secret\s*=\s*([A-Za-z0-9_-]{12,})'
    keywords: [secret]
)";
  auto parsed = nhi::rule_set::from_yaml(rules, "test.yaml");
  REQUIRE(parsed.is_ok());
  const auto& rs = parsed.value();
  CHECK(rule_ids(rs, "secret = AAcc7eb96551e8cd65818865695f35bb109455d6a1-NRMA") ==
        std::vector<std::string>{"acme-mobile-token"});
  // Two hex digits short: a malformed token, no generic secret.
  CHECK(rule_ids(rs, "secret = AAcc7eb96551e8cd65818865695f35bb109455d6-NRMA").empty());
  CHECK(rule_ids(rs, "secret = AAcc7eb96551e8cd65818865695f35bb109455d6-NRMX") == std::vector<std::string>{"generic-secret"});
}

TEST_CASE("matcher: the built-in rules derive New Relic's -NRMA suffix") {
  auto rs = nhi::rule_set::builtin();
  REQUIRE(rs.is_ok());
  CHECK(rs->compiled().provider_suffix_set.ends("AAcc7eb96551e8cd65818865695f35bb109455d6-NRMA"));
  CHECK_FALSE(rs->compiled().provider_suffix_set.ends("Zk3mQpR7vWx2Yt8N_key"));
}

TEST_CASE("secret_group: the text of the first capturing group") {
  CHECK(secret_group(R"((?i:amplitude)\w{0,30}[:=]\s*([a-f0-9]{32})\b)") == "[a-f0-9]{32}");
  CHECK(secret_group(R"(\b((?:AA[a-f0-9]{40}|eu01xx[a-f0-9]{36})-NRMA)\b)") == "(?:AA[a-f0-9]{40}|eu01xx[a-f0-9]{36})-NRMA");
  CHECK(secret_group(R"(key[(]=(?P<k>[a-z)]{8}\)))") == R"([a-z)]{8}\))");
  CHECK(secret_group(R"((?:key|token)=[a-z]{8})").empty());
}
