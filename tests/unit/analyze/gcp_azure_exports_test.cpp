// SPDX-License-Identifier: Apache-2.0
#include "unit/analyze/analyze_support.hpp"

using namespace analyze_test;

TEST_CASE("analyze: gcloud service-accounts list") {
  const auto r = import_fixture("exports/gcp/service-accounts.json", "exports/gcp-service-accounts.json");
  const auto& exporter = fact(r, "service_account", "ledger-exporter@acme-payments-prod.iam.gserviceaccount.com");
  CHECK(exporter.provider == "gcp");
  CHECK(exporter.status == "active");
  CHECK(has_id(exporter, "104857600000000000001"));
  CHECK(exporter.attributes.at("display_name") == "Ledger exporter");
  CHECK(exporter.attributes.at("project") == "acme-payments-prod");
  CHECK(exporter.line == 5);
  CHECK(fact(r, "service_account", "old-ci@acme-payments-prod.iam.gserviceaccount.com").status == "disabled");
}

TEST_CASE("analyze: gcloud service-accounts keys list") {
  const auto r = import_fixture("keys.json", "exports/gcp-service-account-keys.json");
  REQUIRE(r.identities.size() == 3);
  const auto& key = fact(r, "service_account_key", "3f1e2d4c5b6a79880011223344556677");
  CHECK(key.parent == "ledger-exporter@acme-payments-prod.iam.gserviceaccount.com");
  CHECK(key.created_at == "2022-02-01T12:00:00Z");
  CHECK(key.expires_at == "never");  // validBeforeTime 9999-12-31
  CHECK(key.status == "active");
  CHECK(key.attributes.at("key_type") == "USER_MANAGED");
  CHECK(fact(r, "service_account_key", "9a8b7c6d5e4f30211100ffeeddccbbaa").status == "disabled");
  const auto& managed = fact(r, "service_account_key", "0011aabbccddeeff0011aabbccddeeff");
  CHECK(managed.expires_at == "2026-05-07T03:00:00Z");
  CHECK(managed.attributes.at("key_type") == "SYSTEM_MANAGED");
}

TEST_CASE("analyze: service-account key files keep ids, never the private key") {
  const auto r = import_fixture("sa-key.json", "exports/gcp-key-file.json");
  REQUIRE(r.identities.size() == 1);
  const auto& key = r.identities.front();
  CHECK(key.kind == "service_account_key");
  CHECK(has_id(key, "3f1e2d4c5b6a79880011223344556677"));
  CHECK(key.parent == "ledger-exporter@acme-payments-prod.iam.gserviceaccount.com");
  CHECK(key.line == 4);
  check_no_secret(r, "ZmFrZS1rZXktZm9yLXRlc3Rz");
  // The same file committed to a repository is found by analyze_file.
  auto committed = nhi::analyze_file("services/ledger/secrets/sa.json", read_fixture("exports/gcp-key-file.json"));
  REQUIRE(committed.is_ok());
  REQUIRE(committed->identities.size() == 1);
  CHECK(committed->identities.front().service == "ledger");
}

TEST_CASE("analyze: az ad app list: apps, secrets, certificates, owners, federation") {
  const auto r = import_fixture("exports/azure/apps.json", "exports/azure-apps.json");
  const auto& app = fact(r, "app", "billing-connector");
  CHECK(has_id(app, "7d3e2c1b-aaaa-4bbb-8ccc-0123456789ab"));
  CHECK(has_id(app, "c0ffee00-1111-4222-8333-444455556666"));
  CHECK(app.owner == "dana@acme.example");
  CHECK(app.owner_source == "azure:owners");
  CHECK(app.created_at == "2021-05-04T09:00:00Z");

  const auto& secret = fact(r, "client_secret", "billing-connector-secret");
  CHECK(has_id(secret, "0b8f6c2a-1111-4222-8333-444455556666"));
  CHECK(secret.parent == "7d3e2c1b-aaaa-4bbb-8ccc-0123456789ab");
  CHECK(secret.created_at == "2023-01-10T09:30:00Z");
  CHECK(secret.expires_at == "2299-12-31T01:00:00Z");  // kept as is: the classifier judges it
  CHECK(secret.owner == "dana@acme.example");
  const auto& unnamed = fact(r, "client_secret", "billing-connector client_secret");
  CHECK(unnamed.expires_at == "2024-07-01T00:00:00Z");
  const auto& cert = fact(r, "certificate", "CN=billing-connector");
  CHECK(cert.attributes.at("type") == "AsymmetricX509Cert");
  CHECK(cert.expires_at == "2026-05-04T09:00:00Z");
  check_no_secret(r, "Fq8");  // password hints are the secret's first characters

  const auto& federated = fact(r, "app", "gh-deployer");
  CHECK(federated.trust == std::vector<std::string>{
                               "oidc https://token.actions.githubusercontent.com sub=repo:acme/payments:ref:refs/heads/main"});
}

TEST_CASE("analyze: az ad sp list") {
  const auto r = import_fixture("sps.json", "exports/azure-service-principals.json");
  const auto& sp = fact(r, "service_principal", "billing-connector");
  CHECK(sp.status == "active");
  CHECK(has_id(sp, "d00d0000-1111-4222-8333-444455556666"));
  CHECK(sp.attributes.at("service_principal_type") == "Application");
  CHECK(fact(r, "client_secret", "sp-secret").parent == "7d3e2c1b-aaaa-4bbb-8ccc-0123456789ab");
  const auto& old = fact(r, "service_principal", "Old Integration");
  CHECK(old.status == "disabled");
  CHECK(old.attributes.at("app_owner_organization_id") == "99999999-8888-4777-8666-555555555555");
}

// Issue 15 item 11: the security fields these exports carry.
TEST_CASE("analyze: a GCP key Google found exposed, an Azure app with implicit grant and public client flows") {
  const std::string keys = R"([
  {
    "disableReason": "SERVICE_ACCOUNT_KEY_DISABLE_REASON_EXPOSED",
    "disabled": true,
    "extendedStatus": [{"key": "SERVICE_ACCOUNT_KEY_EXPOSED", "value": "https://github.com/acme/etl/blob/4e1f/key.json"}],
    "keyAlgorithm": "KEY_ALG_RSA_2048",
    "keyOrigin": "GOOGLE_PROVIDED",
    "keyType": "USER_MANAGED",
    "name": "projects/acme-data-7731/serviceAccounts/etl-loader@acme-data-7731.iam.gserviceaccount.com/keys/0d7e2a91c4b86f35e7a0d1c9b24f6e83a5c7d901",
    "validAfterTime": "2025-02-01T09:00:00Z",
    "validBeforeTime": "9999-12-31T23:59:59Z"
  }
])";
  auto g = nhi::import_export("keys.json", keys);
  REQUIRE(g);
  CHECK(g->account == "gcp:acme-data-7731");
  const auto& key = fact(g.value(), "service_account_key", "0d7e2a91c4b86f35e7a0d1c9b24f6e83a5c7d901");
  CHECK(key.status == "disabled");
  CHECK(attribute(key, "exposed") == "exposed at https://github.com/acme/etl/blob/4e1f/key.json");
  CHECK(finding(g.value(), "gcp-key-exposed", "0d7e2a91c4b86f35e7a0d1c9b24f6e83a5c7d901").category == "NHI2");

  // Microsoft Graph's own response: the list wrapped in "value".
  const std::string apps = R"({
  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#applications",
  "value": [
    {
      "appId": "5f0c2b7e-9d41-4a8e-b3c6-1e7d9a2f4c58",
      "displayName": "legacy-spa",
      "id": "b8e3d1a4-6c2f-4e9b-8a7d-3f5c1e0b9d26",
      "isFallbackPublicClient": true,
      "web": {"implicitGrantSettings": {"enableAccessTokenIssuance": true, "enableIdTokenIssuance": true},
              "redirectUris": ["https://spa.example.com/auth"]},
      "passwordCredentials": [],
      "keyCredentials": []
    }
  ]
})";
  auto a = nhi::import_export("apps.json", apps);
  REQUIRE_MESSAGE(a, a.error().message());
  CHECK(a->source_kind == "azure_apps");
  CHECK(has_fact(a.value(), "app", "legacy-spa"));
  CHECK(finding(a.value(), "azure-implicit-grant-access-tokens", "5f0c2b7e-9d41-4a8e-b3c6-1e7d9a2f4c58").category == "NHI4");
  CHECK(finding(a.value(), "azure-public-client", "5f0c2b7e-9d41-4a8e-b3c6-1e7d9a2f4c58").category == "NHI4");
}

TEST_CASE("analyze: gcloud projects get-iam-policy: roles per service account and person") {
  const std::string policy = R"json({
  "bindings": [
    {"members": ["serviceAccount:loader@acme-data.iam.gserviceaccount.com",
                 "serviceAccount:123456789-compute@developer.gserviceaccount.com"],
     "role": "roles/editor"},
    {"members": ["serviceAccount:loader@acme-data.iam.gserviceaccount.com"], "role": "roles/bigquery.dataEditor"},
    {"condition": {"expression": "request.time < timestamp(\"2027-01-01T00:00:00Z\")", "title": "until 2027"},
     "members": ["serviceAccount:auditor@acme-data.iam.gserviceaccount.com"], "role": "roles/owner"},
    {"members": ["user:lee@example.com", "group:ops@example.com", "domain:example.com",
                 "deleted:serviceAccount:gone@acme-data.iam.gserviceaccount.com?uid=1"], "role": "roles/owner"}
  ],
  "etag": "BwXhqDhPz0U=",
  "version": 3
})json";
  auto r = nhi::import_export("policy.json", policy);
  REQUIRE_MESSAGE(r, r.error().message());
  CHECK(r->source_kind == "gcp_iam_policy");
  CHECK(r->account.empty());  // the policy names no project: --account gives it
  CHECK(r->identities.size() == 4);
  const auto& loader = fact(*r, "service_account", "loader@acme-data.iam.gserviceaccount.com");
  CHECK(loader.admin_equivalent);
  CHECK(loader.permissions == std::vector<std::string>{"roles/editor on the project", "roles/bigquery.dataEditor on the project"});
  CHECK(loader.line == 3);
  CHECK(fact(*r, "service_account", "123456789-compute@developer.gserviceaccount.com").admin_equivalent);
  const auto& auditor = fact(*r, "service_account", "auditor@acme-data.iam.gserviceaccount.com");
  CHECK_FALSE(auditor.admin_equivalent);  // a conditional grant is not judged admin-equivalent
  CHECK(auditor.permissions.front() == "roles/owner on the project if until 2027");
  CHECK(fact(*r, "user", "lee@example.com").admin_equivalent);
  CHECK_FALSE(has_fact(*r, "service_account", "gone@acme-data.iam.gserviceaccount.com?uid=1"));
  nhi::import_options options;
  options.account = "gcp:acme-data";
  auto recorded = nhi::import_export("policy.json", policy, options);
  REQUIRE(recorded);
  CHECK(nhi::export_target(*recorded) == "gcp:acme-data gcp_iam_policy");
  // Malformed: the file and the JSON path are named.
  auto bad = nhi::import_export("policy.json", R"({"bindings": [{"role": "roles/owner", "members": "user:x"}], "etag": "x"})");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code() == nhi::errc::parse_error);
  CHECK(bad.error().message().find("$.bindings[0].members") != std::string::npos);
}

TEST_CASE("analyze: az ad app credential list, and managed identities among service principals") {
  const std::string creds = R"([
  {
    "customKeyIdentifier": null,
    "displayName": "deploy",
    "endDateTime": "2027-06-01T00:00:00Z",
    "hint": "Ab1",
    "keyId": "5b7c1e2a-93d4-4f60-8e21-7a0c9b3d5f14",
    "secretText": null,
    "startDateTime": "2026-06-01T00:00:00Z"
  }
])";
  auto r = nhi::import_export("creds.json", creds);
  REQUIRE_MESSAGE(r, r.error().message());
  CHECK(r->source_kind == "azure_app_credentials");
  CHECK_FALSE(r->complete);  // it names no app: whose listing it is cannot be said
  REQUIRE(r->identities.size() == 1);
  const auto& secret = r->identities.front();
  CHECK(secret.kind == "client_secret");
  CHECK(has_id(secret, "5b7c1e2a-93d4-4f60-8e21-7a0c9b3d5f14"));
  CHECK(secret.created_at == "2026-06-01T00:00:00Z");
  CHECK(secret.expires_at == "2027-06-01T00:00:00Z");
  check_no_secret(*r, "Ab1");

  const std::string sps = R"([{"appId": "c1d2e3f4-0000-4000-8000-00000000000a", "displayName": "mi-jobs",
    "id": "c1d2e3f4-0000-4000-8000-00000000000b", "servicePrincipalType": "ManagedIdentity",
    "servicePrincipalNames": ["c1d2e3f4-0000-4000-8000-00000000000a"],
    "keyCredentials": [{"keyId": "c1d2e3f4-0000-4000-8000-00000000000c", "type": "AsymmetricX509Cert",
                        "usage": "Verify", "startDateTime": "2026-01-01T00:00:00Z",
                        "endDateTime": "2026-04-01T00:00:00Z"}]}])";
  auto mi = nhi::import_export("sps.json", sps);
  REQUIRE_MESSAGE(mi, mi.error().message());
  REQUIRE(mi->identities.size() == 1);  // Azure's own certificate is not a credential anyone holds
  CHECK(mi->identities.front().kind == "managed_identity");
}
