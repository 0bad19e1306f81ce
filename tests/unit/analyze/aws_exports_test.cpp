// SPDX-License-Identifier: Apache-2.0
#include "unit/analyze/analyze_support.hpp"

using namespace analyze_test;

TEST_CASE("analyze: IAM credential report users, keys, dates and states") {
  const auto r = import_fixture("exports/prod/credential-report.csv", "exports/aws-credential-report.csv");
  const auto& ci = fact(r, "user", "ci-deployer");
  CHECK(has_id(ci, "arn:aws:iam::123456789012:user/automation/ci-deployer"));
  CHECK(ci.created_at == "2021-03-04T10:14:00+00:00");
  CHECK(ci.last_used_at == "2024-05-01T06:12:00+00:00");
  CHECK_FALSE(ci.interactive_use);
  CHECK(ci.line == 3);
  CHECK(ci.environment == "prod");

  const auto& key = fact(r, "access_key", "ci-deployer access key 1");
  CHECK(key.parent == "arn:aws:iam::123456789012:user/automation/ci-deployer");
  CHECK(key.external_ids.empty());  // the report has no key ids
  CHECK(key.status == "active");
  CHECK(key.created_at == "2021-03-04T10:15:00+00:00");
  CHECK(key.last_rotated_at == "2021-03-04T10:15:00+00:00");
  CHECK(key.last_used_at == "2024-05-01T06:12:00+00:00");
  CHECK(attribute(key, "slot") == "1");
  CHECK(attribute(key, "last_used_region") == "eu-west-1");
  CHECK(attribute(key, "last_used_service") == "s3");
  CHECK_FALSE(has_fact(r, "access_key", "ci-deployer access key 2"));  // slot 2 never used

  const auto& inactive = fact(r, "access_key", "legacy-reporting access key 2");
  CHECK(inactive.status == "inactive");
  CHECK(inactive.last_used_at.empty());  // no_information
  CHECK(inactive.last_rotated_at == "2019-01-15T10:00:00+00:00");

  CHECK_FALSE(has_fact(r, "access_key", "alice access key 1"));
  const auto& cert = fact(r, "certificate", "build-signer signing certificate 1");
  CHECK(cert.last_rotated_at == "2019-07-01T00:10:00+00:00");
}

TEST_CASE("analyze: credential report root keys are admin-equivalent NHI5") {
  const auto r = import_fixture("credential-report.csv", "exports/aws-credential-report.csv");
  const auto& root = fact(r, "root_account", "<root_account>");
  CHECK(root.admin_equivalent);
  CHECK(root.line == 2);
  CHECK(fact(r, "access_key", "<root_account> access key 1").admin_equivalent);
  const auto& f = finding(r, "aws-root-access-keys", "arn:aws:iam::123456789012:root");
  CHECK(f.category == "NHI5");
  CHECK(f.severity == "critical");
  CHECK(f.line == 2);
}

TEST_CASE("analyze: credential report console password plus keys is human use (NHI10)") {
  const auto r = import_fixture("credential-report.csv", "exports/aws-credential-report.csv");
  const auto& legacy = fact(r, "user", "legacy-reporting");
  CHECK(legacy.interactive_use);
  CHECK(legacy.attributes.at("password_last_used") == "2024-04-01T15:20:00+00:00");
  CHECK(fact(r, "access_key", "legacy-reporting access key 1").interactive_use);
  CHECK(finding(r, "aws-user-console-and-keys", "arn:aws:iam::123456789012:user/legacy-reporting").category == "NHI10");
  CHECK_FALSE(fact(r, "user", "alice").interactive_use);  // a person: password, no keys
  CHECK(findings(r, "aws-user-console-and-keys").size() == 1);
}

TEST_CASE("analyze: the credential report inside get-credential-report JSON") {
  const std::string csv = read_fixture("exports/aws-credential-report.csv");
  std::string encoded;
  {
    static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::size_t i = 0;
    for (; i + 2 < csv.size(); i += 3) {
      const unsigned v = (unsigned char)csv[i] << 16 | (unsigned char)csv[i + 1] << 8 | (unsigned char)csv[i + 2];
      for (int s = 18; s >= 0; s -= 6) encoded += alphabet[(v >> s) & 63];
    }
    if (i < csv.size()) {
      unsigned v = (unsigned char)csv[i] << 16;
      if (i + 1 < csv.size()) v |= (unsigned char)csv[i + 1] << 8;
      encoded += alphabet[(v >> 18) & 63];
      encoded += alphabet[(v >> 12) & 63];
      encoded += i + 1 < csv.size() ? alphabet[(v >> 6) & 63] : '=';
      encoded += '=';
    }
  }
  const std::string wrapped = "{\"Content\": \"" + encoded + "\", \"ReportFormat\": \"text/csv\", \"GeneratedTime\": \"2024-05-03T00:00:00Z\"}";
  auto r = nhi::import_export("report.json", wrapped);
  REQUIRE(r.is_ok());
  CHECK(fact(*r, "user", "ci-deployer").created_at == "2021-03-04T10:14:00+00:00");
}

TEST_CASE("analyze: aws iam list-access-keys") {
  const auto r = import_fixture("exports/list-access-keys.json", "exports/aws-list-access-keys.json");
  REQUIRE(r.identities.size() == 2);
  const auto& active = fact(r, "access_key", "AKIAZ4X7QJ2K5LMN8PQR");
  CHECK(has_id(active, "AKIAZ4X7QJ2K5LMN8PQR"));
  CHECK(active.parent == "ci-deployer");
  CHECK(active.status == "active");
  CHECK(active.created_at == "2021-03-04T10:15:00+00:00");
  CHECK(active.line == 5);
  CHECK(fact(r, "access_key", "AKIAZ4X7QJ2K5LMN8PQT").status == "inactive");
}

TEST_CASE("analyze: get-account-authorization-details: admin grants, groups, tags") {
  const auto r = import_fixture("exports/authz.json", "exports/aws-authorization-details.json");
  const auto& ci = fact(r, "user", "ci-deployer");
  CHECK(ci.admin_equivalent);  // URL-encoded inline policy with Action "*"
  CHECK(ci.owner == "platform-team");
  CHECK(ci.owner_source == "tag:Owner");
  CHECK(has_id(ci, "AIDAZ4X7QJ2K5LMN8PQRS"));
  CHECK(ci.created_at == "2021-03-04T10:14:00+00:00");

  const auto& legacy = fact(r, "user", "legacy-reporting");
  CHECK(legacy.admin_equivalent);  // through group Admins -> AdministratorAccess
  CHECK(std::find(legacy.permissions.begin(), legacy.permissions.end(), "member of group Admins") != legacy.permissions.end());
  CHECK(fact(r, "group", "Admins").admin_equivalent);

  const auto& site = fact(r, "user", "static-site");
  CHECK_FALSE(site.admin_equivalent);  // s3:* is broad but not admin
  CHECK(site.permissions == std::vector<std::string>{"managed policy site-deploy"});

  CHECK(finding(r, "aws-admin-policy", "arn:aws:iam::123456789012:user/automation/ci-deployer").category == "NHI5");
  CHECK(finding(r, "aws-admin-policy", "arn:aws:iam::123456789012:user/legacy-reporting").category == "NHI5");
  CHECK(finding(r, "aws-admin-policy", "arn:aws:iam::123456789012:role/github-actions-deploy").category == "NHI5");
  // The default version (v2) of wildcard-drift allows "*": the old v1 does not count.
  CHECK(finding(r, "aws-admin-policy", "arn:aws:iam::123456789012:role/github-actions-scoped").category == "NHI5");
  CHECK(findings(r, "aws-admin-policy").size() == 4);
}

TEST_CASE("analyze: get-account-authorization-details: role trust and last use") {
  const auto r = import_fixture("exports/authz.json", "exports/aws-authorization-details.json");
  const auto& deploy = fact(r, "role", "github-actions-deploy");
  CHECK(deploy.external_trust_without_condition);
  CHECK(deploy.last_used_at == "2024-05-01T11:00:00+00:00");
  CHECK(deploy.attributes.at("last_used_region") == "eu-west-1");
  CHECK(deploy.owner == "release-engineering");
  CHECK(finding(r, "aws-oidc-trust-without-sub", "arn:aws:iam::123456789012:role/github-actions-deploy").category == "NHI6");

  const auto& scoped = fact(r, "role", "github-actions-scoped");  // URL-encoded trust with sub
  CHECK_FALSE(scoped.external_trust_without_condition);
  CHECK(scoped.trust == std::vector<std::string>{"oidc token.actions.githubusercontent.com sub=repo:acme/payments:environment:production"});
  CHECK(scoped.last_used_at.empty());

  CHECK(fact(r, "role", "vendor-monitoring").external_trust_without_condition);
  const auto& vendor = finding(r, "aws-cross-account-trust-without-external-id", "arn:aws:iam::123456789012:role/vendor-monitoring");
  CHECK(vendor.category == "NHI3");
  CHECK(vendor.message.find("999988887777") != std::string::npos);
  CHECK_FALSE(fact(r, "role", "vendor-billing").external_trust_without_condition);  // has sts:ExternalId
  CHECK_FALSE(fact(r, "role", "break-glass").external_trust_without_condition);     // same account
  CHECK(fact(r, "role", "app-server").trust == std::vector<std::string>{"service ec2.amazonaws.com"});
  CHECK(findings(r, "aws-cross-account-trust-without-external-id").size() == 1);
  CHECK(findings(r, "aws-oidc-trust-without-sub").size() == 1);
}
