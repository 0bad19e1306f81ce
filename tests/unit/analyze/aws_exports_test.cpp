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
  CHECK(ci.environment.empty());  // the folder an export was saved in is no environment (issue 15 item 10)

  const auto& key = fact(r, "access_key", "ci-deployer access key 1");
  CHECK(key.parent == "arn:aws:iam::123456789012:user/automation/ci-deployer");
  CHECK(key.external_ids.empty());  // the report has no key ids
  // The key is its user's key created at that instant, not its slot.
  CHECK(key.scoped_ids == std::vector<std::string>{"access_key:ci-deployer@2021-03-04T10:15:00Z"});
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
  const auto& active = fact(r, "access_key", "AKIAZ4X7QJ2K5LMNWPQR");
  CHECK(has_id(active, "AKIAZ4X7QJ2K5LMNWPQR"));
  CHECK(active.parent == "ci-deployer");
  CHECK(active.status == "active");
  CHECK(active.created_at == "2021-03-04T10:15:00+00:00");
  CHECK(active.line == 5);
  CHECK(fact(r, "access_key", "AKIAZ4X7QJ2K5LMNWPQT").status == "inactive");
}

TEST_CASE("analyze: get-account-authorization-details: admin grants, groups, tags") {
  const auto r = import_fixture("exports/authz.json", "exports/aws-authorization-details.json");
  const auto& ci = fact(r, "user", "ci-deployer");
  CHECK(ci.admin_equivalent);  // URL-encoded inline policy with Action "*"
  CHECK(ci.owner == "platform-team");
  CHECK(ci.owner_source == "tag:Owner");
  CHECK(has_id(ci, "AIDAZ4X7QJ2K5LMNWPQRS"));
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

// Issue 15: list-access-keys names its user and can be one page of a listing;
// with the account given, its keys join the credential report's rows.
TEST_CASE("analyze: list-access-keys scope, pages and the account it comes from") {
  const std::string page = R"({
    "AccessKeyMetadata": [
        {"UserName": "deploy-bot", "AccessKeyId": "AKIA3N7Q2XWPLK5RTV4E", "Status": "Active",
         "CreateDate": "2026-02-10T09:00:41+00:00"}
    ],
    "NextToken": "eyJNYXJrZXIiOiBudWxsfQ=="
})";
  nhi::import_options with_account;
  with_account.account = "aws:210987654321";
  auto r = nhi::import_export("keys.json", page, with_account);
  REQUIRE(r);
  CHECK_FALSE(r->complete);
  CHECK(r->scope == "user/deploy-bot");
  CHECK(r->account == "aws:210987654321");
  CHECK(nhi::export_target(r.value()) == "aws:210987654321 aws_access_keys user/deploy-bot");
  const auto& key = fact(r.value(), "access_key", "AKIA3N7Q2XWPLK5RTV4E");
  CHECK(key.parent == "arn:aws:iam::210987654321:user/deploy-bot");
  CHECK(key.scoped_ids == std::vector<std::string>{"access_key:deploy-bot@2026-02-10T09:00:41Z"});

  // Without the account it is read, but names no target to record it under.
  auto bare = nhi::import_export("keys.json", page);
  REQUIRE(bare);
  CHECK(bare->account.empty());
  CHECK(nhi::export_target(bare.value()).empty());
  CHECK(fact(bare.value(), "access_key", "AKIA3N7Q2XWPLK5RTV4E").parent == "deploy-bot");

  // The whole listing of a user is complete; an empty one names nobody and is not.
  auto whole = nhi::import_export("keys.json", R"({"AccessKeyMetadata": [{"UserName": "a", "AccessKeyId": "AKIA3N7Q2XWPLK5RTV4F", "Status": "Active", "CreateDate": "2026-01-01T00:00:00Z"}], "IsTruncated": false})");
  REQUIRE(whole);
  CHECK(whole->complete);
  auto empty = nhi::import_export("keys.json", R"({"AccessKeyMetadata": [], "IsTruncated": false})");
  REQUIRE(empty);
  CHECK_FALSE(empty->complete);
  auto truncated = nhi::import_export("keys.json", R"({"AccessKeyMetadata": [], "IsTruncated": true, "Marker": "x1"})");
  REQUIRE(truncated);
  CHECK_FALSE(truncated->complete);

  // An account that is not the export's, or not an account, is refused.
  nhi::import_options wrong;
  wrong.account = "aws:999999999999";
  const auto report = read_fixture("exports/aws-credential-report.csv");
  CHECK(nhi::import_export("r.csv", report, wrong).error().code() == nhi::errc::invalid_argument);
  wrong.account = "gcp:my-project";
  CHECK(nhi::import_export("r.csv", report, wrong).error().code() == nhi::errc::invalid_argument);
  CHECK_FALSE(nhi::check_account("aws:1234").is_ok());
  CHECK_FALSE(nhi::check_account("123456789012").is_ok());
  CHECK(nhi::check_account("kubernetes:prod-eu").is_ok());
}

// The AWS CLI documentation's get-account-authorization-details sample
// writes a group's AttachedManagedPolicies as one object, and is one page.
TEST_CASE("analyze: authorization details with a single attached policy object, paged") {
  const std::string doc = R"({
    "UserDetailList": [{"UserName": "Adele", "GroupList": ["Admins"], "CreateDate": "2013-10-14T18:32:24Z",
                        "UserId": "AIDA4CHYSQAZEXAMPLE1", "UserPolicyList": [], "Path": "/",
                        "AttachedManagedPolicies": [], "Arn": "arn:aws:iam::123456789012:user/Adele"}],
    "GroupDetailList": [{"GroupId": "AIDA7QX3ZRS2EXAMPLE2",
                         "AttachedManagedPolicies": {"PolicyName": "AdministratorAccess",
                                                     "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"},
                         "GroupName": "Admins", "Path": "/", "Arn": "arn:aws:iam::123456789012:group/Admins",
                         "CreateDate": "2013-10-14T18:32:24Z", "GroupPolicyList": []}],
    "RoleDetailList": [],
    "Policies": [],
    "Marker": "EXAMPLEkakv9BCuUNFDtxWSyfzetYwEVR2jj1UkHszvFY2XwgOM0pl2q",
    "IsTruncated": true
})";
  auto r = nhi::import_export("auth.json", doc);
  REQUIRE_MESSAGE(r, r.error().message());
  CHECK_FALSE(r->complete);
  CHECK(r->account == "aws:123456789012");
  CHECK(fact(r.value(), "user", "Adele").admin_equivalent);  // through the group
}

// Issue 15 item 12: `aws iam list-users` and `list-roles`, as the AWS CLI prints them.
TEST_CASE("analyze: list-users and list-roles are read as principals without policies, under their own scope") {
  const std::string users = R"({
    "Users": [
        {
            "Path": "/",
            "UserName": "maria.lopez",
            "UserId": "AIDAV4QXK7PLN2ZR8TWEM",
            "Arn": "arn:aws:iam::210987654321:user/maria.lopez",
            "CreateDate": "2023-01-09T09:12:40+00:00",
            "PasswordLastUsed": "2026-10-29T07:41:09+00:00"
        },
        {
            "Path": "/ci/",
            "UserName": "deploy-bot",
            "UserId": "AIDAT6PXKV3QNZE4M2WLR",
            "Arn": "arn:aws:iam::210987654321:user/ci/deploy-bot",
            "CreateDate": "2026-02-10T08:58:02+00:00"
        }
    ]
})";
  auto u = nhi::import_export("users.json", users);
  REQUIRE_MESSAGE(u, u.error().message());
  CHECK(u->scope == "users");
  CHECK(nhi::export_target(u.value()) == "aws:210987654321 aws_authorization_details users");
  CHECK(fact(u.value(), "user", "maria.lopez").last_used_at == "2026-10-29T07:41:09+00:00");
  CHECK(has_id(fact(u.value(), "user", "deploy-bot"), "arn:aws:iam::210987654321:user/ci/deploy-bot"));

  const std::string roles = R"({
    "Roles": [
        {
            "Path": "/",
            "RoleName": "github-deploy",
            "RoleId": "AROAW2ZK5QXN7RPL3TVEY",
            "Arn": "arn:aws:iam::210987654321:role/github-deploy",
            "CreateDate": "2025-04-11T12:00:00+00:00",
            "AssumeRolePolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow",
                               "Principal": {"Federated": "arn:aws:iam::210987654321:oidc-provider/token.actions.githubusercontent.com"},
                               "Action": "sts:AssumeRoleWithWebIdentity",
                               "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:acme/deploy:ref:refs/heads/main"}}}]
            },
            "MaxSessionDuration": 3600
        }
    ]
})";
  auto r = nhi::import_export("roles.json", roles);
  REQUIRE_MESSAGE(r, r.error().message());
  CHECK(r->scope == "roles");
  const auto& role = fact(r.value(), "role", "github-deploy");
  CHECK_FALSE(role.external_trust_without_condition);
  CHECK_FALSE(role.trust.empty());
}
