// SPDX-License-Identifier: Apache-2.0
// Multi-part credentials (rule_info::companion) and identifier rules.
#include <algorithm>

#include <doctest/doctest.h>

#include "nhi/rules.hpp"
#include "nhi/scanner.hpp"

namespace {

// The key id every secret below pairs with.
const std::string kKeyIdRule = R"(
rules:
  - id: acme-key-id
    name: Acme key id
    provider: acme
    kind: access_key
    identifier: true
    pattern: '\b(AKID[A-Z0-9]{12})\b'
    keywords: [akid]
    examples: ['id = AKIDZ4X7QJ2K5LMN']
    negative_examples: ['id = AKID']
)";

const std::string kPairRules = kKeyIdRule + R"(
  - id: acme-secret
    name: Acme secret
    provider: acme
    kind: secret_key
    companion: {rule: acme-key-id, within_lines: 3}
    pattern: 'acme_secret\s*=\s*([A-Za-z0-9]{24})'
    keywords: [acme_secret]
    examples: ['acme_secret = Zk3mQpR7vWx2Yt8NbLc4HdEf']
    negative_examples: ['acme_secret = short']
  - id: acme-webhook-secret
    name: Acme webhook secret
    provider: acme
    kind: secret_key
    companion: {rule: acme-key-id, within_lines: 1, required: true}
    pattern: 'hook_secret\s*=\s*([A-Za-z0-9]{24})'
    keywords: [hook_secret]
    examples: ["id = AKIDZ4X7QJ2K5LMN\nhook_secret = Zk3mQpR7vWx2Yt8NbLc4HdEf"]
    negative_examples: ['hook_secret = Zk3mQpR7vWx2Yt8NbLc4HdEf']
)";

std::vector<nhi::finding> scan(const std::string& text) {
  auto rules = nhi::rule_set::from_yaml(kPairRules, "pairs.yaml");
  REQUIRE(rules.is_ok());
  nhi::scanner sc(rules.value());
  std::vector<nhi::finding> out;
  sc.scan_buffer(text, nhi::origin{"creds.env", std::nullopt}, out);
  return out;
}

}  // namespace

TEST_CASE("a key id and its secret nearby are one credential") {
  auto found = scan("ACME_ID = AKIDZ4X7QJ2K5LMN\nregion = eu\nacme_secret = Zk3mQpR7vWx2Yt8NbLc4HdEf\n");
  REQUIRE(found.size() == 1);
  const nhi::finding& f = found[0];
  CHECK(f.rule_id == "acme-secret");
  CHECK(f.line == 3);
  CHECK(f.external_id == "AKIDZ4X7QJ2K5LMN");
  REQUIRE(f.companion.has_value());
  CHECK(f.companion->rule_id == "acme-key-id");
  CHECK(f.companion->line == 1);
  CHECK(f.companion->fingerprint == nhi::fingerprint_of("AKIDZ4X7QJ2K5LMN"));
  CHECK(f.companion->redacted.find("Z4X7QJ2K5LMN") == std::string::npos);
}

TEST_CASE("a companion out of range leaves two findings, the id keeps its external id") {
  auto found = scan("ACME_ID = AKIDZ4X7QJ2K5LMN\n\n\n\n\nacme_secret = Zk3mQpR7vWx2Yt8NbLc4HdEf\n");
  REQUIRE(found.size() == 2);
  for (const auto& f : found) CHECK_FALSE(f.companion.has_value());
  const auto& id = found[0].rule_id == "acme-key-id" ? found[0] : found[1];
  CHECK(id.external_id == "AKIDZ4X7QJ2K5LMN");
  const auto& secret = found[0].rule_id == "acme-secret" ? found[0] : found[1];
  CHECK(secret.external_id.empty());
}

TEST_CASE("the nearest companion wins when there are several") {
  auto found = scan("a = AKIDAAAAAAAAAAA1\nb = AKIDBBBBBBBBBBB2\nacme_secret = Zk3mQpR7vWx2Yt8NbLc4HdEf\n");
  REQUIRE(found.size() == 2);  // the farther id stays a finding of its own
  const auto& secret = found[0].rule_id == "acme-secret" ? found[0] : found[1];
  CHECK(secret.external_id == "AKIDBBBBBBBBBBB2");
}

TEST_CASE("companions below and above: the nearer wins, a tie goes to the first found") {
  auto after = scan("acme_secret = Zk3mQpR7vWx2Yt8NbLc4HdEf\nx = 1\nb = AKIDBBBBBBBBBBB2\nc = AKIDCCCCCCCCCCC3\n");
  const auto& s1 = after[0].rule_id == "acme-secret" ? after[0] : after[1];
  CHECK(s1.external_id == "AKIDBBBBBBBBBBB2");
  auto tie = scan("a = AKIDAAAAAAAAAAA1\nacme_secret = Zk3mQpR7vWx2Yt8NbLc4HdEf\nb = AKIDBBBBBBBBBBB2\n");
  const auto& s2 = tie[0].rule_id == "acme-secret" ? tie[0] : tie[1];
  CHECK(s2.external_id == "AKIDAAAAAAAAAAA1");
}

TEST_CASE("many pairs in one file: each secret gets its own id") {
  std::string text;
  const std::string digits = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
  for (int i = 0; i < 500; ++i) {
    std::string id = "AKID";
    std::size_t v = static_cast<std::size_t>(i);
    for (int k = 0; k < 12; ++k, v = (v * 7 + 3) % 1000003) id += digits[v % digits.size()];
    text += "ACME_ID = " + id + "\nacme_secret = Zk3mQpR7vWx2Yt8NbLc4" + id.substr(4, 4) + "\n";
  }
  auto found = scan(text);
  REQUIRE(found.size() == 500);
  for (const auto& f : found) {
    CHECK(f.rule_id == "acme-secret");
    REQUIRE(f.companion.has_value());
    CHECK(f.companion->line + 1 == f.line);
  }
}

TEST_CASE("a required companion: no pair, no finding") {
  CHECK(scan("hook_secret = Zk3mQpR7vWx2Yt8NbLc4HdEf\n").empty());
  auto found = scan("id = AKIDZ4X7QJ2K5LMN\nhook_secret = Zk3mQpR7vWx2Yt8NbLc4HdEf\n");
  REQUIRE(found.size() == 1);
  CHECK(found[0].rule_id == "acme-webhook-secret");
}

TEST_CASE("rule examples count a paired companion as a match of its rule") {
  auto rules = nhi::rule_set::from_yaml(kPairRules, "pairs.yaml");
  REQUIRE(rules.is_ok());
  CHECK(rules->check_examples().empty());
}

TEST_CASE("companion errors name the file and line") {
  const std::string head =
      "rules:\n  - id: s\n    name: S\n    provider: p\n    kind: secret_key\n    pattern: 's=(x+)'\n"
      "    keywords: [s=]\n";
  auto e = nhi::rule_set::from_yaml(head + "    companion: {rule: nowhere}\n", "c.yaml");
  REQUIRE_FALSE(e.is_ok());
  CHECK(e.error().message().find("companion rule 'nowhere' is not defined") != std::string::npos);
  CHECK(e.error().file() == "c.yaml");
  CHECK(e.error().line() == 2);

  e = nhi::rule_set::from_yaml(head + "    companion: {rule: s}\n", "c.yaml");
  REQUIRE_FALSE(e.is_ok());
  CHECK(e.error().message().find("its own companion") != std::string::npos);

  e = nhi::rule_set::from_yaml(head + "    companion: {rule: s2, within: 3}\n", "c.yaml");
  REQUIRE_FALSE(e.is_ok());
  CHECK(e.error().message().find("unknown companion key 'within'") != std::string::npos);
  CHECK(e.error().line() == 8);

  e = nhi::rule_set::from_yaml(head + "    identifier: maybe\n", "c.yaml");
  REQUIRE_FALSE(e.is_ok());
  CHECK(e.error().message().find("'identifier' must be true or false") != std::string::npos);
}

TEST_CASE("built-in AWS rules pair the access key id with the secret access key") {
  auto rules = nhi::rule_set::builtin();
  REQUIRE(rules.is_ok());
  nhi::scanner sc(rules.value());
  std::vector<nhi::finding> out;
  sc.scan_buffer("[default]\naws_access_key_id = AKIAZ4X7QJ2K5LMNWPQT\n"
                 "aws_secret_access_key = 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\n",
                 nhi::origin{"credentials", std::nullopt}, out);
  REQUIRE(out.size() == 1);
  CHECK(out[0].rule_id == "aws-secret-access-key");
  CHECK(out[0].external_id == "AKIAZ4X7QJ2K5LMNWPQT");
}

TEST_CASE("a rule that needs its companion yields to a named format on the same text") {
  // The catch-all for a plain "secret" beside a key id must not take a named
  // service's secret away, then drop it for want of the key id.
  const std::string rules_yaml = kKeyIdRule + R"(
  - id: acme-secret-beside-id
    name: A secret beside an Acme key id
    provider: acme
    kind: secret_key
    companion: {rule: acme-key-id, within_lines: 2, required: true}
    pattern: 'secret\w{0,20}\s*=\s*([A-Za-z0-9]{24})'
    keywords: [secret]
    examples: ["id = AKIDZ4X7QJ2K5LMN\nsecret = Zk3mQpR7vWx2Yt8NbLc4HdEf"]
    negative_examples: ['secret = Zk3mQpR7vWx2Yt8NbLc4HdEf']
  - id: zeta-client-secret
    name: Zeta client secret
    provider: zeta
    kind: client_secret
    pattern: 'zeta_client_secret\s*=\s*([A-Za-z0-9]{24})'
    keywords: [zeta_client_secret]
    examples: ['zeta_client_secret = Zk3mQpR7vWx2Yt8NbLc4HdEf']
    negative_examples: ['zeta_client_secret = short']
  - id: any-secret
    name: Any secret
    provider: generic
    kind: secret_key
    generic: true
    pattern: '(?:\w{0,20})secret\w{0,20}\s*=\s*([A-Za-z0-9]{24})'
    keywords: [secret]
    examples: ['app_secret = Zk3mQpR7vWx2Yt8NbLc4HdEf']
    negative_examples: ['app_secret = short']
)";
  auto rules = nhi::rule_set::from_yaml(rules_yaml, "pairs.yaml");
  REQUIRE(rules.is_ok());
  nhi::scanner sc(rules.value());
  auto scan_text = [&](const std::string& text) {
    std::vector<nhi::finding> out;
    sc.scan_buffer(text, nhi::origin{"app.env", std::nullopt}, out);
    return out;
  };
  // Declared before it, the rule needing a companion would win the same span and be dropped.
  auto alone = scan_text("zeta_client_secret = Zk3mQpR7vWx2Yt8NbLc4HdEf\n");
  REQUIRE(alone.size() == 1);
  CHECK(alone[0].rule_id == "zeta-client-secret");
  auto beside = scan_text("id = AKIDZ4X7QJ2K5LMN\nzeta_client_secret = Zk3mQpR7vWx2Yt8NbLc4HdEf\n");
  CHECK(std::any_of(beside.begin(), beside.end(), [](const nhi::finding& f) { return f.rule_id == "zeta-client-secret"; }));
  CHECK(std::none_of(beside.begin(), beside.end(), [](const nhi::finding& f) { return f.rule_id == "acme-secret-beside-id"; }));
  // With no named format, the pair is reported, over the catch-all.
  auto pair = scan_text("id = AKIDZ4X7QJ2K5LMN\napp_secret = Zk3mQpR7vWx2Yt8NbLc4HdEf\n");
  REQUIRE(pair.size() == 1);
  CHECK(pair[0].rule_id == "acme-secret-beside-id");
  // Without its companion it leaves the text to the catch-all, which it would
  // otherwise have silenced and then been dropped itself.
  auto lone = scan_text("app_secret = Zk3mQpR7vWx2Yt8NbLc4HdEf\n\n\n\nid = AKIDZ4X7QJ2K5LMN\n");
  CHECK(std::any_of(lone.begin(), lone.end(), [](const nhi::finding& f) { return f.rule_id == "any-secret"; }));
  CHECK(std::none_of(lone.begin(), lone.end(), [](const nhi::finding& f) { return f.rule_id == "acme-secret-beside-id"; }));
}
