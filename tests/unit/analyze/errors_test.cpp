// SPDX-License-Identifier: Apache-2.0
// Bad and hostile input: precise errors, nothing partial, never a crash.
#include "unit/analyze/analyze_support.hpp"

using namespace analyze_test;

TEST_CASE("analyze: a truncated credential report names the line") {
  auto r = nhi::import_export("report.csv", read_fixture("bad/truncated-credential-report.csv"));
  REQUIRE_FALSE(r.is_ok());
  CHECK(r.error().code() == nhi::errc::parse_error);
  CHECK(r.error().file() == "report.csv");
  CHECK(r.error().line() == 5);
  CHECK(r.error().message() == "expected 22 columns, found 6 (truncated report?)");
}

TEST_CASE("analyze: credential report header and values are checked") {
  auto header = nhi::import_export("r.csv", "user,arn,user_creation_time,password_enabled\nx,y,z,w\n",
                                   nhi::export_kind::aws_credential_report);
  REQUIRE_FALSE(header.is_ok());
  CHECK(header.error().line() == 1);
  std::string csv = read_fixture("exports/aws-credential-report.csv");
  const std::size_t at = csv.find("2021-03-04T10:15:00+00:00");
  csv.replace(at, 25, "yesterday");
  auto value = nhi::import_export("r.csv", csv);
  REQUIRE_FALSE(value.is_ok());
  CHECK(value.error().line() == 3);
  CHECK(value.error().message() == "column access_key_1_last_rotated: expected a date or N/A, found 'yesterday'");
}

TEST_CASE("analyze: JSON of the wrong shape is reported by JSON path") {
  auto r = nhi::import_export("keys.json", read_fixture("bad/access-keys-wrong-shape.json"));
  REQUIRE_FALSE(r.is_ok());
  CHECK(r.error().code() == nhi::errc::parse_error);
  CHECK(r.error().file() == "keys.json");
  CHECK(r.error().message() == "$.AccessKeyMetadata[2].CreateDate: expected a string");

  auto sa = nhi::import_export("sa.json", R"([{"email": 5}])", nhi::export_kind::gcp_service_accounts);
  REQUIRE_FALSE(sa.is_ok());
  CHECK(sa.error().message() == "$[0].email: expected a string");
  auto apps = nhi::import_export("apps.json", R"({"applications": []})", nhi::export_kind::azure_apps);
  REQUIRE_FALSE(apps.is_ok());
  CHECK(apps.error().message() == "$: expected an array of applications");
  auto key = nhi::import_export("k.json", R"([{"name": "projects/p/keys"}])", nhi::export_kind::gcp_service_account_keys);
  REQUIRE_FALSE(key.is_ok());
  CHECK(key.error().message().rfind("$[0].name: expected projects/", 0) == 0);
  auto policy = nhi::import_export("a.json", R"({"RoleDetailList": [{"RoleName": "r", "Arn": "arn:aws:iam::1:role/r", "AssumeRolePolicyDocument": "not a policy"}]})");
  REQUIRE_FALSE(policy.is_ok());
  CHECK(policy.error().message().rfind("$.RoleDetailList[0].AssumeRolePolicyDocument: expected a policy document", 0) == 0);
}

TEST_CASE("analyze: JSON syntax errors carry the line") {
  auto r = nhi::import_export("x.json", "{\n  \"AccessKeyMetadata\": [\n    {\"UserName\": \"a\",,}\n  ]\n}\n");
  REQUIRE_FALSE(r.is_ok());
  CHECK(r.error().line() == 3);
  CHECK(r.error().message().rfind("invalid JSON", 0) == 0);
}

TEST_CASE("analyze: unknown exports are parse errors, empty ones are empty") {
  auto unknown = nhi::import_export("ec2.json", read_fixture("bad/unknown-export.json"));
  REQUIRE_FALSE(unknown.is_ok());
  CHECK(unknown.error().code() == nhi::errc::parse_error);
  CHECK(unknown.error().message().rfind("unknown export", 0) == 0);
  auto text = nhi::import_export("notes.txt", "hello\n");
  REQUIRE_FALSE(text.is_ok());
  CHECK(text.error().line() == 1);
  auto empty = nhi::import_export("none.json", "[]");
  REQUIRE(empty.is_ok());
  CHECK(empty->identities.empty());
}

TEST_CASE("analyze: malformed recognised files are parse errors at their line, others are ignored") {
  auto tf = nhi::analyze_file("infra/iam.tf", read_fixture("bad/unterminated.tf"));
  REQUIRE_FALSE(tf.is_ok());
  CHECK(tf.error().file() == "infra/iam.tf");
  CHECK(tf.error().line() == 7);
  CHECK(tf.error().message() == "unterminated string");

  auto yaml = nhi::analyze_file("k8s/sa.yaml", read_fixture("bad/broken-manifest.yaml"));
  REQUIRE_FALSE(yaml.is_ok());
  CHECK(yaml.error().code() == nhi::errc::parse_error);
  CHECK(yaml.error().line() >= 5);

  for (const char* path : {"README.md", "src/main.cpp", "package.json", "config/settings.yaml", "data.csv"}) {
    auto r = nhi::analyze_file(path, "{\"name\": \"x\", \"password\": \"hunter2\"}\nfoo: [bar\n");
    CHECK_MESSAGE(r.is_ok(), path);
    if (r.is_ok()) CHECK(r->identities.empty());
  }
  // A JSON file with an export marker but not an export is not ours either.
  auto other = nhi::analyze_file("fixtures/user.json", R"({"uniqueId": 7})");
  REQUIRE(other.is_ok());
  CHECK(other->identities.empty());
}

TEST_CASE("analyze: hostile input never crashes") {
  std::string deep_json(100000, '[');
  CHECK(nhi::import_export("deep.json", deep_json).error().code() == nhi::errc::parse_error);
  std::string deep_yaml;
  for (int i = 0; i < 5000; ++i) deep_yaml += "- ";
  deep_yaml += "x\n";
  CHECK(nhi::analyze_file("k8s/deep.yaml", "apiVersion: v1\nkind: List\nitems:\n" + deep_yaml).error().code() ==
        nhi::errc::parse_error);
  std::string flow = "apiVersion: v1\nkind: ServiceAccount\nmetadata: " + std::string(20000, '[') + "\n";
  CHECK(nhi::analyze_file("k8s/flow.yaml", flow).error().code() == nhi::errc::parse_error);
  std::string values;
  for (int i = 0; i < 3000; ++i) values += std::string(i, ' ') + "k" + std::to_string(i) + ":\n";
  CHECK(nhi::analyze_file("chart/values.yaml", values).error().code() != nhi::errc::internal);
  values.clear();
  for (int i = 0; i < 300; ++i) values += std::string(i, ' ') + "password" + std::to_string(i) + ":\n";
  values += std::string(300, ' ') + "password: deep-Zr4kT9qW2\n";
  auto walked = nhi::analyze_file("chart/values.yaml", values);  // deeper than the walk follows
  REQUIRE(walked.is_ok());
  CHECK(walked->identities.empty());

  // yaml-cpp 0.7 would emit empty documents forever on a stray ',' in block context.
  for (const auto& [path, text] : {std::pair{"charts/x/values.yaml", ",password: x\n"},
                                   std::pair{"k8s/stray.yaml", "apiVersion: v1\nkind: List\nitems:\n- a\n, b\n"}}) {
    auto stray = nhi::analyze_file(path, text);
    REQUIRE_FALSE(stray.is_ok());
    CHECK(stray.error().code() == nhi::errc::parse_error);
  }
  CHECK(nhi::analyze_file(".gitlab-ci.yml", "---\n, a\n").error().code() == nhi::errc::parse_error);

  // Invalid UTF-8 in every format family.
  const std::string bad = "\xff\xfe\xc3(\xa0\xa1";
  for (const char* path : {"k8s/x.yaml", "main.tf", "x.tfvars", ".github/workflows/x.yml", ".env", "Dockerfile",
                           "docker-compose.yml", "values.yaml", ".npmrc", ".pypirc", ".aws/credentials", "kubeconfig"}) {
    auto r = nhi::analyze_file(path, "password: " + bad + "\nENV A_TOKEN=" + bad + "\n");
    CHECK_MESSAGE(r.error().code() != nhi::errc::internal, path);  // a result or a parse error
  }
  CHECK_FALSE(nhi::import_export("x.json", "{\"AccessKeyMetadata\": [{\"UserName\": \"" + bad + "\"}]}").is_ok());

  // A billion-laughs alias bomb is refused before any walk: a parse error, not a hang.
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'k'; ++c, ++prev)
    bomb += std::string(1, c) + ": &" + c + " [*" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + "]\n";
  auto bombed = nhi::analyze_file("values.yaml", bomb);
  REQUIRE_FALSE(bombed.is_ok());
  CHECK(bombed.error().code() == nhi::errc::parse_error);

  // Large inputs are refused, not parsed.
  const std::string huge((64u << 20) + 1, ' ');
  auto refused = nhi::analyze_file("main.tf", huge);
  REQUIRE_FALSE(refused.is_ok());
  CHECK(refused.error().code() == nhi::errc::unsupported);
}

TEST_CASE("analyze: export kind names round-trip") {
  for (auto k : {nhi::export_kind::detect, nhi::export_kind::aws_credential_report, nhi::export_kind::aws_access_keys,
                 nhi::export_kind::aws_authorization_details, nhi::export_kind::gcp_service_accounts,
                 nhi::export_kind::gcp_service_account_keys, nhi::export_kind::gcp_key_file,
                 nhi::export_kind::azure_apps, nhi::export_kind::azure_service_principals,
                 nhi::export_kind::kubernetes, nhi::export_kind::gcp_iam_policy,
                 nhi::export_kind::azure_app_credentials, nhi::export_kind::aws_ssh_public_keys,
                 nhi::export_kind::aws_service_specific_credentials, nhi::export_kind::aws_access_key_last_used}) {
    nhi::export_kind parsed = nhi::export_kind::detect;
    CHECK(nhi::parse_export_kind(nhi::export_kind_name(k), parsed));
    CHECK(parsed == k);
  }
  nhi::export_kind k = nhi::export_kind::detect;
  CHECK(nhi::parse_export_kind("aws-access-keys", k));
  CHECK(k == nhi::export_kind::aws_access_keys);
  CHECK_FALSE(nhi::parse_export_kind("ec2", k));
  CHECK(std::string(nhi::export_kind_name(nhi::export_kind::gcp_key_file)) == "gcp_key_file");
}

TEST_CASE("analyze: detection picks each export kind from the content") {
  const std::pair<const char*, const char*> cases[] = {
      {"exports/aws-credential-report.csv", "ci-deployer"},
      {"exports/aws-list-access-keys.json", "AKIAZ4X7QJ2K5LMNWPQR"},
      {"exports/aws-authorization-details.json", "ci-deployer"},
      {"exports/gcp-service-accounts.json", "ledger-exporter@acme-payments-prod.iam.gserviceaccount.com"},
      {"exports/gcp-service-account-keys.json", "3f1e2d4c5b6a79880011223344556677"},
      {"exports/gcp-key-file.json", "3f1e2d4c5b6a79880011223344556677"},
      {"exports/azure-apps.json", "billing-connector"},
      {"exports/azure-service-principals.json", "billing-connector"},
      {"kubernetes/kubectl-export.json", "argo-workflow"},
  };
  for (const auto& c : cases) {
    // Not a structured binding: doctest's macros capture it in a lambda (C++20, not clang 14).
    const char* fixture = c.first;
    const char* name = c.second;
    auto r = nhi::import_export(fixture, read_fixture(fixture));
    REQUIRE_MESSAGE(r.is_ok(), fixture << ": " << r.error().message());
    const bool found = std::any_of(r->identities.begin(), r->identities.end(),
                                   [&](const nhi::identity_fact& f) { return f.name == name; });
    CHECK_MESSAGE(found, fixture);
  }
  // A kind that does not match the content is an error, not a guess.
  auto wrong = nhi::import_export("keys.json", read_fixture("exports/aws-list-access-keys.json"), nhi::export_kind::azure_apps);
  REQUIRE_FALSE(wrong.is_ok());
  CHECK(wrong.error().message() == "$: expected an array of applications");
}
