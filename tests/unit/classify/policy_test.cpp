// SPDX-License-Identifier: Apache-2.0
// The policy: documented defaults, YAML loading and its error messages, and
// the environment lookups NHI8 relies on.
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "nhi/policy.hpp"

namespace {

nhi::status parse_error_of(const std::string& yaml) { return nhi::parse_policy(yaml, "policy.yaml").error(); }

}  // namespace

TEST_CASE("policy: defaults are the documented ones") {
  const nhi::policy p;
  CHECK(p.max_age_days == 90);
  CHECK(p.max_unused_days == 90);
  CHECK(p.owner_inactive_days == 180);
  CHECK(p.max_lifetime_days == 365);
  CHECK(p.far_expiry_years == 50);
  CHECK(p.environments.size() == 4);
  CHECK(p.offboarded_owners.empty());
  CHECK(p.admin_pattern_in("arn:aws:iam::aws:policy/AdministratorAccess") == "AdministratorAccess");
  CHECK(p.admin_pattern_in("s3:GetObject on arn:aws:s3:::logs/*").empty());
}

TEST_CASE("policy: environment words are matched whole, last one wins") {
  const nhi::policy p;
  CHECK(p.environment_of("services/billing/config/prod.env") == "prod");
  CHECK(p.environment_of("deploy/production/values.yaml") == "prod");
  CHECK(p.environment_of("envs/prod/dev-notes.env") == "dev");
  CHECK(p.environment_of("k8s/pre-prod/secret.yaml") == "staging");
  CHECK(p.environment_of("config/prod2.yaml") == "prod");
  CHECK(p.environment_of("src/product/devise.rb").empty());
  CHECK(p.canonical_environment("Production") == "prod");
  CHECK(p.canonical_environment("sandbox") == "sandbox");
}

TEST_CASE("policy: a file overrides what it names and keeps the other defaults") {
  auto p = nhi::parse_policy(R"(
max_age_days: 30
far_expiry_years: 10
environments:
  prod: [prod, live, prd]
  sandbox: [sbx, sandbox]
offboarded_owners: [Alice@Example.com]
admin_permissions: ["roles/owner"]
)",
                             "policy.yaml");
  REQUIRE(p);
  CHECK(p->max_age_days == 30);
  CHECK(p->far_expiry_years == 10);
  CHECK(p->max_unused_days == 90);
  CHECK(p->source_file == "policy.yaml");
  CHECK(p->environments.size() == 2);  // a map is replaced, not merged
  CHECK(p->environment_of("clusters/sbx-eu/secret.yaml") == "sandbox");
  CHECK(p->environment_of("config/dev.env").empty());
  CHECK(p->is_offboarded("alice@example.com"));
  CHECK_FALSE(p->is_offboarded("bob@example.com"));
  CHECK(p->admin_pattern_in("AdministratorAccess").empty());
}

TEST_CASE("policy: malformed files are parse errors with file and line") {
  nhi::status s = parse_error_of("max_age_days: 30\nmax_agedays: 10\n");
  CHECK(s.code() == nhi::errc::parse_error);
  CHECK(s.file() == "policy.yaml");
  CHECK(s.line() == 2);
  CHECK(s.message().find("unknown policy key 'max_agedays'") != std::string::npos);

  s = parse_error_of("max_age_days: -5\n");
  CHECK(s.code() == nhi::errc::parse_error);
  CHECK(s.line() == 1);

  s = parse_error_of("max_age_days: 30\nmax_unused_days: [1]\n");
  CHECK(s.code() == nhi::errc::parse_error);
  CHECK(s.line() == 2);

  s = parse_error_of("offboarded_owners:\n  - alice\n  - [bob]\n");
  CHECK(s.code() == nhi::errc::parse_error);
  CHECK(s.line() == 3);

  s = parse_error_of("environments:\n  prod: [live]\n  staging: [live]\n");
  CHECK(s.code() == nhi::errc::parse_error);
  CHECK(s.message().find("'live'") != std::string::npos);

  s = parse_error_of("max_age_days: 30\n  bad: [unclosed\n");
  CHECK(s.code() == nhi::errc::parse_error);
  CHECK(s.line() >= 2);

  s = parse_error_of("- just\n- a list\n");
  CHECK(s.code() == nhi::errc::parse_error);
}

TEST_CASE("policy: load_policy reads a file and reports a missing one") {
  const std::string path = "/tmp/nhi-policy-test-" + std::to_string(::getpid()) + ".yaml";
  {
    std::ofstream(path) << "# stricter\nmax_age_days: 45\n";
  }
  auto p = nhi::load_policy(path);
  REQUIRE(p);
  CHECK(p->max_age_days == 45);
  std::remove(path.c_str());
  auto missing = nhi::load_policy(path);
  CHECK(missing.error().code() == nhi::errc::io_error);
  CHECK(missing.error().file() == path);
}

TEST_CASE("policy: an empty file is the defaults") {
  auto p = nhi::parse_policy("", "empty.yaml");
  REQUIRE(p);
  CHECK(p->max_age_days == 90);
}
