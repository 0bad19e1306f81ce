// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>

#include "nhi/config.hpp"
#include "test_util.hpp"

namespace {
nhi::finding with_fingerprint(const std::string& fp) {
  nhi::finding f;
  f.rule_id = "r";
  f.path = "a.txt";
  f.fingerprint = fp;
  return f;
}
}  // namespace

TEST_CASE("allow.fingerprints: prefixes of 16+ hex digits, companions, ambiguity, unused entries") {
  const std::string a = nhi::fingerprint_of("first-secret-value");
  const std::string b = nhi::fingerprint_of("second-secret-value");
  CHECK(nhi::valid_fingerprint_entry(a));
  CHECK(nhi::valid_fingerprint_entry(a.substr(0, 16)));
  CHECK_FALSE(nhi::valid_fingerprint_entry(a.substr(0, 15)));
  CHECK_FALSE(nhi::valid_fingerprint_entry("zz" + a.substr(2, 20)));
  CHECK(nhi::fingerprint_entry_matches(a.substr(0, 16), a));
  CHECK_FALSE(nhi::fingerprint_entry_matches(a.substr(0, 12), a));  // too short: never a match

  std::vector<nhi::finding> findings = {with_fingerprint(a), with_fingerprint(b), with_fingerprint(a)};
  // The pair: a finding whose companion is allowed goes too.
  nhi::finding paired = with_fingerprint(nhi::fingerprint_of("unrelated"));
  paired.companion = nhi::companion_match{"key-id", b, "AKIA****", 1};
  findings.push_back(paired);
  auto use = nhi::apply_fingerprint_allowlist(findings, {a.substr(0, 16), b, std::string(40, 'f')});
  REQUIRE(use);
  CHECK(use->suppressed == 4);
  CHECK(findings.empty());
  CHECK(use->unused == std::vector<std::string>{std::string(40, 'f')});

  // Two different secrets under one prefix: which was meant is unknown.
  std::vector<nhi::finding> clash = {with_fingerprint("0123456789abcdef" + std::string(48, '1')),
                                     with_fingerprint("0123456789abcdef" + std::string(48, '2'))};
  auto ambiguous = nhi::apply_fingerprint_allowlist(clash, {"0123456789ABCDEF"}, ".nhi.yaml");
  REQUIRE_FALSE(ambiguous);
  CHECK(ambiguous.error().code() == nhi::errc::invalid_argument);
  CHECK(ambiguous.error().to_string().find(".nhi.yaml") != std::string::npos);
}

TEST_CASE("allow.fingerprints: a short or non-hex entry is a parse error with its line") {
  nhi_test::temp_dir dir;
  nhi_test::write_file(dir / ".nhi.yaml", "allow:\n  fingerprints:\n    - 0123456789abcdef\n    - 3ae4746d\n");
  auto cfg = nhi::load_project_config(dir / ".nhi.yaml");
  REQUIRE_FALSE(cfg);
  CHECK(cfg.error().code() == nhi::errc::parse_error);
  CHECK(cfg.error().line() == 4);
}
