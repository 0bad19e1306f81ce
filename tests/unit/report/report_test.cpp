// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>

#include <sstream>

#include <nlohmann/json.hpp>

#include "finding/fingerprint.hpp"
#include "nhi/report.hpp"

namespace {
struct fixture {
  nhi::rule_set rules = nhi::rule_set::from_yaml(R"(
rules:
  - id: acme-token
    name: Acme token
    provider: acme
    kind: token
    severity: critical
    pattern: 'acme_[a-z]{8}'
    keywords: [acme_]
    references: [https://acme.example/docs/tokens]
    examples: []
    negative_examples: []
)", "t.yaml").value();
  std::vector<nhi::finding> findings;
  nhi::scan_stats stats;
  fixture() {
    nhi::finding f;
    f.rule_id = "acme-token";
    f.rule_name = "Acme token";
    f.provider = "acme";
    f.kind = "token";
    f.level = nhi::severity::critical;
    f.path = "dir with space/app\xff.env";  // invalid UTF-8 in a file name
    f.line = 3;
    f.column = 7;
    f.fingerprint = nhi::fingerprint_of("acme_qwertzui");
    f.portable_fingerprint = nhi::detail::sha256_hex("acme_qwertzui");
    f.redacted = nhi::redact("acme_qwertzui");
    f.secret = "acme_qwertzui";
    findings.push_back(f);
    nhi::finding g = f;
    g.path = "b.env";
    g.git = nhi::git_provenance{"b10b", "c0ffee00", "Ann \"Q\" <Lee>", "ann@example.com", "2024-01-02T03:04:05Z", false};
    findings.push_back(g);
    stats.files_scanned = 2;
    stats.findings = 2;
    stats.diagnostics.push_back({nhi::diagnostic::kind::long_line, "min.js", 1, "too long"});
  }
  std::string render(nhi::report_format fmt, nhi::report_options o = {}) {
    std::ostringstream out;
    nhi::write_report(out, fmt, findings, stats, rules, o);
    return out.str();
  }
};
}  // namespace

TEST_CASE("JSON report follows the contract and stays valid with hostile strings") {
  fixture fx;
  const auto j = nlohmann::json::parse(fx.render(nhi::report_format::json));
  REQUIRE(j["findings"].size() == 2);
  const auto& f = j["findings"][0];
  for (const char* key : {"rule_id", "rule_name", "provider", "kind", "severity", "path", "line", "column",
                          "fingerprint", "redacted"})
    CHECK_MESSAGE(f.contains(key), key);
  CHECK(f["severity"] == "critical");
  CHECK_FALSE(f.contains("secret"));
  CHECK_FALSE(f.contains("commit"));
  const auto& g = j["findings"][1];
  CHECK(g["commit"] == "c0ffee00");
  CHECK(g["author"] == "Ann \"Q\" <Lee>");
  CHECK(g["author_email"] == "ann@example.com");
  CHECK(g["date"] == "2024-01-02T03:04:05Z");
  CHECK(g["in_head"] == false);
  CHECK(j["stats"]["files_scanned"] == 2);
  CHECK(j["stats"]["diagnostics"][0]["kind"] == "long_line");
  CHECK(fx.render(nhi::report_format::json).find("acme_qwertzui") == std::string::npos);
}

TEST_CASE("--show-secrets is the only way the plaintext reaches a report") {
  fixture fx;
  for (auto fmt : {nhi::report_format::text, nhi::report_format::json, nhi::report_format::sarif})
    CHECK(fx.render(fmt).find("acme_qwertzui") == std::string::npos);
  nhi::report_options o;
  o.show_secrets = true;
  CHECK(fx.render(nhi::report_format::json, o).find("acme_qwertzui") != std::string::npos);
  CHECK(fx.render(nhi::report_format::text, o).find("acme_qwertzui") != std::string::npos);
}

TEST_CASE("SARIF 2.1.0 has what GitHub code scanning requires") {
  fixture fx;
  const auto j = nlohmann::json::parse(fx.render(nhi::report_format::sarif));
  CHECK(j["version"] == "2.1.0");
  CHECK(j["$schema"].get<std::string>().find("sarif") != std::string::npos);
  const auto& run = j["runs"][0];
  const auto& rules = run["tool"]["driver"]["rules"];
  REQUIRE(rules.size() == 1);
  CHECK(rules[0]["id"] == "acme-token");
  CHECK(rules[0]["helpUri"] == "https://acme.example/docs/tokens");
  CHECK(rules[0]["properties"]["security-severity"] == "9.5");
  REQUIRE(run["results"].size() == 2);
  const auto& r = run["results"][0];
  CHECK(r["ruleId"] == "acme-token");
  CHECK(r["ruleIndex"] == 0);
  CHECK(r["level"] == "error");
  const auto& loc = r["locations"][0]["physicalLocation"];
  CHECK(loc["artifactLocation"]["uri"].get<std::string>().find("dir%20with%20space/") == 0);
  CHECK(loc["region"]["startLine"] == 3);
  // The alert tag and the rule: the same on every runner whatever its key.
  CHECK(r["partialFingerprints"]["nhiSecret/v2"] == nhi::detail::sha256_hex("acme_qwertzui").substr(0, 4) + ":acme-token");
}

TEST_CASE("text report: location, rule, preview, provenance and a summary, colour only on request") {
  fixture fx;
  const std::string text = fx.render(nhi::report_format::text);
  CHECK(text.find(":3:7") != std::string::npos);
  CHECK(text.find("Acme token (acme-token)") != std::string::npos);
  CHECK(text.find("not in HEAD") != std::string::npos);
  CHECK(text.find("2 findings (1 unique secret)") != std::string::npos);
  CHECK(text.find("nhi:allow") != std::string::npos);
  CHECK(text.find("\x1b[") == std::string::npos);
  nhi::report_options o;
  o.color = true;
  CHECK(fx.render(nhi::report_format::text, o).find("\x1b[") != std::string::npos);
}

TEST_CASE("report format names") {
  nhi::report_format f;
  CHECK(nhi::parse_report_format("sarif", f));
  CHECK(f == nhi::report_format::sarif);
  CHECK_FALSE(nhi::parse_report_format("xml", f));
}
