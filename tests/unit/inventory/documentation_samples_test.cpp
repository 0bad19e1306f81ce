// SPDX-License-Identifier: Apache-2.0
// Issue 15, done when: "on the AWS CLI documentation samples no identity gets
// a category its data cannot support". The exports below follow the field
// layout of the AWS CLI reference's examples (get-account-authorization-details
// with a group's AttachedManagedPolicies as one object, list-users, list-roles,
// list-access-keys, get-access-key-last-used, list-ssh-public-keys,
// list-service-specific-credentials), with values of our own. They say
// nothing of leaks, console use, owners, environments or third parties, so
// no identity may be in NHI2, NHI3, NHI4, NHI6, NHI8, NHI9 or NHI10, nor in
// NHI1 for want of an owner; principals are never NHI7.
#include <doctest/doctest.h>

#include <map>

#include "inventory_test_util.hpp"
#include "nhi/analysis.hpp"

namespace {

const char* kAuthorizationDetails = R"({
    "RoleDetailList": [
        {
            "AssumeRolePolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [{"Sid": "", "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                               "Action": "sts:AssumeRole"}]
            },
            "RoleId": "AROA5WEBHOSTROLEEXMPL",
            "CreateDate": "2015-02-11T09:14:02Z",
            "InstanceProfileList": [
                {
                    "InstanceProfileId": "AIPA5WEBHOSTPROFEXMPL",
                    "Roles": [],
                    "CreateDate": "2015-02-11T09:14:02Z",
                    "InstanceProfileName": "web-host",
                    "Path": "/",
                    "Arn": "arn:aws:iam::123456789012:instance-profile/web-host"
                }
            ],
            "RoleName": "web-host",
            "Path": "/",
            "AttachedManagedPolicies": [
                {"PolicyName": "AmazonS3ReadOnlyAccess", "PolicyArn": "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"}
            ],
            "RolePolicyList": [],
            "Arn": "arn:aws:iam::123456789012:role/web-host"
        }
    ],
    "GroupDetailList": [
        {
            "GroupId": "AGPA5OPSGROUPEXAMPLE1",
            "AttachedManagedPolicies": {
                "PolicyName": "AdministratorAccess",
                "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"
            },
            "GroupName": "Ops",
            "Path": "/",
            "Arn": "arn:aws:iam::123456789012:group/Ops",
            "CreateDate": "2014-05-20T10:00:00Z",
            "GroupPolicyList": []
        },
        {
            "GroupId": "AGPA5DEVGROUPEXAMPLE2",
            "AttachedManagedPolicies": [],
            "GroupName": "Developers",
            "Path": "/",
            "Arn": "arn:aws:iam::123456789012:group/Developers",
            "CreateDate": "2014-05-20T10:05:00Z",
            "GroupPolicyList": [
                {
                    "PolicyName": "read-logs",
                    "PolicyDocument": {"Version": "2012-10-17",
                                       "Statement": [{"Effect": "Allow", "Action": "logs:Get*", "Resource": "*"}]}
                }
            ]
        }
    ],
    "UserDetailList": [
        {
            "UserName": "Carmen",
            "GroupList": ["Ops"],
            "CreateDate": "2014-05-20T10:30:00Z",
            "UserId": "AIDA5CARMENEXAMPLE01",
            "UserPolicyList": [],
            "Path": "/",
            "AttachedManagedPolicies": [],
            "Arn": "arn:aws:iam::123456789012:user/Carmen"
        },
        {
            "UserName": "Jorge",
            "GroupList": ["Developers"],
            "CreateDate": "2013-09-06T17:00:00Z",
            "UserId": "AIDA5JORGEEXAMPLE002",
            "UserPolicyList": [
                {"PolicyName": "own-bucket",
                 "PolicyDocument": {"Version": "2012-10-17",
                                    "Statement": [{"Effect": "Allow", "Action": "s3:*",
                                                   "Resource": "arn:aws:s3:::jorge-bucket/*"}]}}
            ],
            "Path": "/",
            "AttachedManagedPolicies": [],
            "Arn": "arn:aws:iam::123456789012:user/Jorge"
        }
    ],
    "Policies": []
})";

const char* kListUsers = R"({
    "Users": [
        {"UserName": "Carmen", "Path": "/", "CreateDate": "2014-05-20T10:30:00Z", "UserId": "AIDA5CARMENEXAMPLE01",
         "Arn": "arn:aws:iam::123456789012:user/Carmen"},
        {"UserName": "Jorge", "Path": "/", "CreateDate": "2013-09-06T17:00:00Z", "UserId": "AIDA5JORGEEXAMPLE002",
         "Arn": "arn:aws:iam::123456789012:user/Jorge"}
    ]
})";

const char* kListRoles = R"({
    "Roles": [
        {
            "Path": "/",
            "RoleName": "web-host",
            "RoleId": "AROA5WEBHOSTROLEEXMPL",
            "Arn": "arn:aws:iam::123456789012:role/web-host",
            "CreateDate": "2015-02-11T09:14:02Z",
            "AssumeRolePolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [{"Sid": "", "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                               "Action": "sts:AssumeRole"}]
            },
            "Description": "Web servers read their assets",
            "MaxSessionDuration": 3600
        }
    ]
})";

const char* kListAccessKeys = R"({
    "AccessKeyMetadata": [
        {"UserName": "Jorge", "Status": "Active", "CreateDate": "2013-09-06T17:09:10Z",
         "AccessKeyId": "AKIA5JORGEKEY1EXAMPL"},
        {"UserName": "Jorge", "Status": "Inactive", "CreateDate": "2013-09-06T17:10:02Z",
         "AccessKeyId": "AKIA5JORGEKEY2EXAMPL"}
    ]
})";

const char* kKeyLastUsed = R"({
    "UserName": "Jorge",
    "AccessKeyLastUsed": {"Region": "us-east-1", "ServiceName": "iam", "LastUsedDate": "2015-06-16T22:45:00Z"}
})";

const char* kSshKeys = R"({
    "SSHPublicKeys": [
        {"UserName": "Jorge", "SSHPublicKeyId": "APKA5JORGESSHEXAMPLE", "Status": "Inactive",
         "UploadDate": "2019-04-18T17:04:49+00:00"}
    ]
})";

const char* kServiceCredentials = R"({
    "ServiceSpecificCredentials": [
        {"UserName": "Jorge", "Status": "Active", "ServiceUserName": "Jorge-at-123456789012",
         "CreateDate": "2019-10-09T21:53:41+00:00", "ServiceSpecificCredentialId": "ACCA5JORGECREDEXAMPL",
         "ServiceName": "codecommit.amazonaws.com"}
    ]
})";

std::vector<std::string> categories(const nhi::identity& id) {
  std::vector<std::string> out;
  for (const nhi::risk& r : id.risks) out.push_back(r.id);
  return out;
}

}  // namespace

// Backend-neutral: run against SQLite and again against PostgreSQL.
TEST_SUITE("inventory") {
TEST_CASE("inventory: the AWS CLI documentation's samples get only the categories their data supports") {
  inventory_test::temp_dir dir;
  inventory_test::test_inventory where(dir, "inv.db");
  auto inv = nhi::inventory::open(where.location());
  REQUIRE(inv);
  struct sample {
    const char* name;
    const char* text;
    const char* key_id;
  };
  const sample samples[] = {{"authorization-details.json", kAuthorizationDetails, ""},
                            {"list-users.json", kListUsers, ""},
                            {"list-roles.json", kListRoles, ""},
                            {"list-access-keys.json", kListAccessKeys, ""},
                            {"get-access-key-last-used.json", kKeyLastUsed, "AKIA5JORGEKEY1EXAMPL"},
                            {"list-ssh-public-keys.json", kSshKeys, ""},
                            {"list-service-specific-credentials.json", kServiceCredentials, ""}};
  for (const sample& s : samples) {
    nhi::import_options options;
    options.account = "aws:123456789012";
    options.key_id = s.key_id;
    auto imported = nhi::import_export(s.name, s.text, options);
    INFO(s.name);
    REQUIRE_MESSAGE(imported, imported.error().message());
    auto snap = inv.value().record_import(inventory_test::record(nhi::export_target(imported.value()), "2026-12-01"),
                                          imported.value());
    REQUIRE_MESSAGE(snap, snap.error().message());
  }
  const auto judged = inv.value().classify(nhi::policy{}, "2026-12-01");
  REQUIRE(judged);

  // What each identity's data supports, and nothing more.
  const std::map<std::string, std::vector<std::string>> expected = {
      {"user Carmen", {"NHI5"}},          // AdministratorAccess through the Ops group
      {"user Jorge", {}},                 // scoped grants; nothing says when it was used
      {"group Ops", {}},                  // a group signs nothing in
      {"group Developers", {}},
      {"role web-host", {}},              // a service trust, no last use given: no NHI1, no NHI6, no NHI7
      {"access_key AKIA5JORGEKEY1EXAMPL", {"NHI1", "NHI7"}},  // last used 2015, created 2013
      {"access_key AKIA5JORGEKEY2EXAMPL", {}},                // inactive
      {"ssh_public_key APKA5JORGESSHEXAMPLE", {}},             // inactive
      {"service_specific_credential ACCA5JORGECREDEXAMPL", {"NHI7"}},  // a password from 2019
  };
  std::map<std::string, const nhi::identity*> seen;
  for (const nhi::identity& id : judged.value()) {
    const std::string key = id.kind + " " + id.name;
    INFO(key << ": " << id.status_reason);
    CHECK(seen.emplace(key, &id).second);
    const auto it = expected.find(key);
    REQUIRE_MESSAGE(it != expected.end(), "an identity the samples should not make: " << key);
    CHECK(categories(id) == it->second);
    for (const nhi::risk& r : id.risks) {
      INFO(r.id << ": " << r.reason);
      CHECK(r.reason.find("no owner") == std::string::npos);
    }
  }
  CHECK(seen.size() == expected.size());

  const nhi::identity& key = *seen.at("access_key AKIA5JORGEKEY1EXAMPL");
  CHECK(key.status == nhi::identity_status::stale);
  CHECK(key.last_used_at == "2015-06-16T22:45:00Z");
  CHECK(key.unowned);
  CHECK(seen.at("access_key AKIA5JORGEKEY2EXAMPL")->status == nhi::identity_status::revoked);
  CHECK(seen.at("ssh_public_key APKA5JORGESSHEXAMPLE")->status == nhi::identity_status::revoked);
  CHECK(seen.at("service_specific_credential ACCA5JORGECREDEXAMPL")->parent == "arn:aws:iam::123456789012:user/Jorge");
}
}  // TEST_SUITE("inventory")

TEST_CASE("inventory: get-access-key-last-used needs the key it was run for, and only it takes one") {
  nhi::import_options options;
  options.account = "aws:123456789012";
  auto missing = nhi::import_export("last-used.json", kKeyLastUsed, options);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code() == nhi::errc::parse_error);
  CHECK(missing.error().message().find("--key-id") != std::string::npos);
  options.key_id = "AKIA5JORGEKEY1EXAMPL";
  auto other = nhi::import_export("list-users.json", kListUsers, options);
  REQUIRE_FALSE(other);
  CHECK(other.error().code() == nhi::errc::invalid_argument);
  auto never = nhi::import_export("never.json",
                                  R"({"UserName": "Jorge", "AccessKeyLastUsed": {"Region": "N/A", "ServiceName": "N/A"}})",
                                  options);
  REQUIRE(never);
  REQUIRE(never->identities.size() == 1);
  CHECK(never->identities[0].attributes.at("never_used") == "true");
  CHECK_FALSE(never->complete);
  CHECK(nhi::export_target(never.value()) == "aws:123456789012 aws_access_key_last_used key/AKIA5JORGEKEY1EXAMPL");
}
