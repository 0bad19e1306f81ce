// SPDX-License-Identifier: Apache-2.0
#include "unit/analyze/analyze_support.hpp"

using namespace analyze_test;

namespace {
const nhi::analysis_result& main_tf() {
  static const nhi::analysis_result r = analyze_fixture("infra/payments/prod/main.tf", "terraform/main.tf");
  return r;
}
}  // namespace

TEST_CASE("analyze: Terraform provider credentials and credential variable defaults") {
  const auto& r = main_tf();
  const auto& provider = finding(r, "tf-provider-hardcoded-credentials", "provider.aws");
  CHECK(provider.category == "NHI2");
  CHECK(provider.line == 11);
  CHECK(provider.environment == "prod");
  CHECK(findings(r, "tf-provider-hardcoded-credentials").size() == 2);  // access_key and secret_key
  const auto& key = fact(r, "access_key", "provider.aws.access_key");
  CHECK(has_id(key, "AKIAZ4X7QJ2K5LMNWPQR"));
  CHECK(key.provider == "aws");
  const auto& variable = finding(r, "tf-variable-default-credential", "var.db_password");
  CHECK(variable.line == 24);
  check_no_secret(r, "q8Vd2kR7mN4pL9xT3wZ6yB1cF5hJ0gS2aE7uI4oQ");
  check_no_secret(r, "Zr4!kT9#qW2@");
}

TEST_CASE("analyze: Terraform IAM users, access keys and admin attachments") {
  const auto& r = main_tf();
  const auto& user = fact(r, "user", "ci-deployer");
  CHECK(user.provider == "aws");
  CHECK(user.owner == "platform-team");
  CHECK(user.owner_source == "tag:Owner");
  CHECK(user.line == 39);
  CHECK(user.admin_equivalent);  // through aws_iam_policy.deploy_all (Action "*")
  CHECK(user.environment == "prod");
  CHECK(user.service.empty());  // "infra" is a generic folder, "payments/prod" is not a service layout
  CHECK(attribute(user, "terraform_address") == "aws_iam_user.ci");

  const auto& admin = finding(r, "aws-admin-policy", "ci-deployer");
  CHECK(admin.category == "NHI5");
  CHECK(admin.line == 70);
  CHECK(admin.message.find("aws_iam_user_policy_attachment.ci_deploy_all") != std::string::npos);

  const auto& key = fact(r, "access_key", "aws_iam_access_key.ci");
  CHECK(key.parent == "ci-deployer");
  CHECK(key.status == "active");
  CHECK(finding(r, "tf-access-key-secret-in-state", "aws_iam_access_key.ci").category == "NHI2");
}

TEST_CASE("analyze: Terraform role trust policies: OIDC subject and cross-account ExternalId") {
  const auto& r = main_tf();
  const auto& unscoped = fact(r, "role", "github-actions-deploy");
  CHECK(unscoped.external_trust_without_condition);
  CHECK(unscoped.admin_equivalent);  // AdministratorAccess attachment
  CHECK(unscoped.owner == "");       // tags = local.common_tags is not resolved
  REQUIRE(unscoped.trust.size() == 1);
  CHECK(unscoped.trust[0] == "oidc token.actions.githubusercontent.com (no sub condition)");
  const auto& oidc = finding(r, "aws-oidc-trust-without-sub", "github-actions-deploy");
  CHECK(oidc.category == "NHI6");
  CHECK(oidc.line == 75);

  const auto& scoped = fact(r, "role", "github-actions-scoped");  // heredoc policy with a sub condition
  CHECK_FALSE(scoped.external_trust_without_condition);
  CHECK(scoped.trust == std::vector<std::string>{
                            "oidc token.actions.githubusercontent.com sub=repo:acme/payments:ref:refs/heads/main"});

  const auto& vendor = fact(r, "role", "vendor-monitoring");  // trust from a data aws_iam_policy_document
  CHECK(vendor.external_trust_without_condition);
  CHECK_FALSE(vendor.admin_equivalent);
  CHECK(vendor.permissions == std::vector<std::string>{"arn:aws:iam::aws:policy/ReadOnlyAccess via aws_iam_role.vendor_monitoring"});
  const auto& cross = finding(r, "aws-cross-account-trust-without-external-id", "vendor-monitoring");
  CHECK(cross.category == "NHI3");
  CHECK(cross.line == 124);
}

TEST_CASE("analyze: Terraform Google service accounts, keys and primitive roles") {
  const auto& r = main_tf();
  const auto& sa = fact(r, "service_account", "ledger-exporter@acme-payments-prod.iam.gserviceaccount.com");
  CHECK(sa.provider == "gcp");
  CHECK(sa.admin_equivalent);
  CHECK(sa.permissions.size() == 2);
  const auto& owner = finding(r, "gcp-primitive-role-service-account", "ledger-exporter@acme-payments-prod.iam.gserviceaccount.com");
  CHECK(owner.category == "NHI5");
  CHECK(owner.line == 142);
  CHECK(findings(r, "gcp-primitive-role-service-account").size() == 1);  // roles/viewer is fine
  const auto& key = fact(r, "service_account_key", "google_service_account_key.exporter");
  CHECK(key.parent == "ledger-exporter@acme-payments-prod.iam.gserviceaccount.com");
}

TEST_CASE("analyze: Terraform Azure AD application passwords and their expiry") {
  const auto& r = main_tf();
  const auto& app = fact(r, "app", "billing-connector");
  CHECK(app.owner == "5f1c2d3e-0000-4a4a-9b9b-123456789abc");
  CHECK(app.owner_source == "azure:owners");
  const auto& decade = fact(r, "client_secret", "billing-connector-secret");
  CHECK(decade.parent == "billing-connector");  // no client id before apply: the app's name
  CHECK(attribute(decade, "validity_days") == "3650");
  CHECK(decade.expires_at.empty());
  const auto& long_lived = finding(r, "azure-secret-long-validity", "billing-connector-secret");
  CHECK(long_lived.category == "NHI7");
  CHECK(long_lived.line == 160);
  const auto& rotating = fact(r, "client_secret", "billing-connector-rotating");
  CHECK(rotating.expires_at == "2025-06-30T00:00:00Z");
  CHECK(findings(r, "azure-secret-long-validity").size() == 1);
}

TEST_CASE("analyze: tfvars literal credentials and the file's environment") {
  const auto r = analyze_fixture("infra/vars/region-a.tfvars", "terraform/prod.tfvars");
  const auto& password = fact(r, "password", "db_password");
  CHECK(password.environment == "prod");  // from environment = "production", not the file name
  CHECK(password.line == 5);
  CHECK(attribute(password, "value_source") == "literal");
  const auto& nested = fact(r, "api_key", "datadog.api_key");
  CHECK(nested.provider == "generic");
  CHECK(nested.line == 11);
  CHECK(attribute(fact(r, "token", "api_token"), "value_source") == "reference");
  CHECK(findings(r, "tfvars-literal-credential").size() == 2);
  CHECK_FALSE(has_fact(r, "password", "db_username"));
  check_no_secret(r, "Vb7#pQ2!xR9m");
}

TEST_CASE("analyze: tfstate gives real ids, dates and expiry") {
  const auto r = analyze_fixture("infra/terraform.tfstate.d/prod/terraform.tfstate", "terraform/terraform.tfstate");
  const auto& user = fact(r, "user", "ci-deployer");
  CHECK(has_id(user, "arn:aws:iam::123456789012:user/automation/ci-deployer"));
  CHECK(user.namespace_ == "prod");
  CHECK(user.environment == "prod");

  const auto& key = fact(r, "access_key", "AKIAZ4X7QJ2K5LMNWPQR");
  CHECK(has_id(key, "AKIAZ4X7QJ2K5LMNWPQR"));
  CHECK(key.parent == "arn:aws:iam::123456789012:user/automation/ci-deployer");
  CHECK(key.status == "active");
  CHECK(key.created_at == "2021-03-04T10:15:00Z");
  CHECK(key.line == 32);
  CHECK(findings(r, "tf-access-key-secret-in-state").empty());
  // The secret beside the key id is kept as its fingerprint only: the
  // scanner's finding of it joins this key (issue 15).
  CHECK(attribute(key, "fingerprint") == nhi::fingerprint_of("q8Vd2kR7mN4pL9xT3wZ6yB1cF5hJ0gS2aE7uI4oQ"));
  for (const auto& [name, value] : key.attributes) CHECK(value.find("q8Vd2kR7") == std::string::npos);

  const auto& role = fact(r, "role", "github-actions-deploy");
  CHECK(role.admin_equivalent);  // attachment by role name
  CHECK(role.created_at == "2023-09-01T08:00:00Z");
  CHECK(finding(r, "aws-oidc-trust-without-sub", "github-actions-deploy").category == "NHI6");
  CHECK(finding(r, "aws-admin-policy", "arn:aws:iam::123456789012:role/github-actions-deploy").category == "NHI5");

  const auto& gkey = fact(r, "service_account_key", "3f1e2d4c5b6a79880011223344556677");
  CHECK(gkey.parent == "ledger-exporter@acme-payments-prod.iam.gserviceaccount.com");
  CHECK(gkey.created_at == "2022-02-01T12:00:00Z");
  CHECK(gkey.expires_at == "never");
  CHECK(fact(r, "service_account", "ledger-exporter@acme-payments-prod.iam.gserviceaccount.com").status == "active");

  const auto& secret = fact(r, "client_secret", "billing-connector-secret");
  CHECK(has_id(secret, "0b8f6c2a-1111-4222-8333-444455556666"));
  CHECK(secret.expires_at == "2299-12-31T01:00:00Z");
  CHECK(secret.created_at == "2023-01-10T09:30:00Z");
  CHECK(secret.parent == "7d3e2c1b-aaaa-4bbb-8ccc-0123456789ab");
  CHECK(attribute(secret, "terraform_address") == "module.billing.azuread_application_password.billing[0]");

  check_no_secret(r, "q8Vd2kR7mN4pL9xT3wZ6yB1cF5hJ0gS2aE7uI4oQ");
  check_no_secret(r, "ZmFrZS1wcml2YXRlLWtleS1ub3QtcmVhbA==");
  check_no_secret(r, "Fq8~Q1w.fake.secret.value.not.real");
}

TEST_CASE("analyze: tfstate of an unsupported format or shape is a parse error") {
  auto old = nhi::analyze_file("terraform.tfstate", R"({"version": 3, "modules": []})");
  REQUIRE_FALSE(old.is_ok());
  CHECK(old.error().code() == nhi::errc::parse_error);
  CHECK(old.error().message().find("$.version") == 0);
  auto shape = nhi::analyze_file("x/terraform.tfstate", R"({"version": 4, "resources": [{"mode": "managed", "type": 7}]})");
  REQUIRE_FALSE(shape.is_ok());
  CHECK(shape.error().file() == "x/terraform.tfstate");
  CHECK(shape.error().message() == "$.resources[0].type: expected a string");
}

TEST_CASE("analyze: Terraform bindings, shared attachments, inline policies and open trust") {
  const std::string tf = R"(
resource "google_project_iam_binding" "editors" {
  project = "acme-data"
  role    = "roles/editor"
  members = [
    "serviceAccount:etl@acme-data.iam.gserviceaccount.com",
    "user:dana@acme.example",
  ]
}

resource "aws_iam_group" "ops" {
  name = "ops"
}

resource "aws_iam_group_policy" "ops_iam" {
  group  = aws_iam_group.ops.name
  policy = <<JSON
{"Statement": [{"Effect": "Allow", "Action": ["iam:*"], "Resource": "*"}]}
JSON
}

resource "aws_iam_policy_attachment" "legacy_admins" {
  name       = "legacy-admins"
  users      = ["batch-runner"]
  roles      = [aws_iam_role.open.name]
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_iam_role" "open" {
  name = "open-to-all"
  assume_role_policy = jsonencode({
    Statement = [
      { Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "*" } },
      { Effect = "Allow", Action = "sts:AssumeRoleWithWebIdentity",
        Principal = { Federated = "arn:aws:iam::123456789012:oidc-provider/gitlab.com" },
        Condition = { StringLike = { "gitlab.com:sub" = "*" } } },
    ]
  })
}

resource "aws_iam_role_policy" "scoped" {
  role   = "reporting"
  policy = jsonencode({ Statement = [{ Effect = "Allow", NotAction = "iam:*", Resource = "*" }] })
}
)";
  auto r = nhi::analyze_file("iam.tf", tf);
  REQUIRE(r.is_ok());
  const auto& etl = fact(*r, "service_account", "etl@acme-data.iam.gserviceaccount.com");
  CHECK(etl.admin_equivalent);
  CHECK(attribute(etl, "declared") == "false");
  CHECK(finding(*r, "gcp-primitive-role-service-account", "etl@acme-data.iam.gserviceaccount.com").line == 4);
  CHECK(findings(*r, "gcp-primitive-role-service-account").size() == 1);  // the user is a person

  CHECK(fact(*r, "group", "ops").admin_equivalent);  // iam:* on * can grant anything
  CHECK(fact(*r, "user", "batch-runner").admin_equivalent);
  const auto& open = fact(*r, "role", "open-to-all");
  CHECK(open.admin_equivalent);
  CHECK(open.external_trust_without_condition);
  CHECK(finding(*r, "aws-role-trusts-anyone", "open-to-all").severity == "critical");
  CHECK(finding(*r, "aws-oidc-trust-wildcard-sub", "open-to-all").category == "NHI6");

  const auto& reporting = fact(*r, "role", "reporting");
  CHECK_FALSE(reporting.admin_equivalent);
  CHECK(finding(*r, "aws-wildcard-action-policy", "reporting").severity == "medium");
}
