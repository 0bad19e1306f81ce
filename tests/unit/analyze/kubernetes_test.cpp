// SPDX-License-Identifier: Apache-2.0
#include "unit/analyze/analyze_support.hpp"

using namespace analyze_test;

TEST_CASE("analyze: Kubernetes manifests yield service accounts, secrets and their consumers") {
  const auto r = analyze_fixture("deploy/k8s/payments-prod.yaml", "kubernetes/payments-prod.yaml");

  const auto& api = fact(r, "service_account", "payments-api");
  CHECK(api.provider == "kubernetes");
  CHECK(api.namespace_ == "payments-prod");
  CHECK(api.environment == "prod");
  CHECK(has_id(api, "system:serviceaccount:payments-prod:payments-api"));
  CHECK(api.owner == "payments-core");
  CHECK(api.owner_source == "label:team");
  CHECK(api.service == "payments-api");  // the Deployment that runs as it
  CHECK(attribute(api, "automount_token") == "false");
  CHECK(api.trust == std::vector<std::string>{"aws role arn:aws:iam::123456789012:role/payments-api-prod"});
  CHECK(api.line == 7);

  const auto& db = fact(r, "k8s_secret", "payments-db");
  CHECK(attribute(db, "type") == "Opaque");
  CHECK(attribute(db, "keys") == "aws_access_key_id,password,username");
  CHECK(has_id(db, "kubernetes:secret:payments-prod/payments-db"));
  CHECK(has_id(db, "AKIAZ4X7QJ2K5LMNWPQR"));  // decoded from data, an id, not a secret
  CHECK(attribute(db, "fingerprint.password") == nhi::fingerprint_of("Qx7!pR2#vL9@tZ4m"));
  CHECK(attribute(db, "consumers") == "payments-api");
  CHECK(attribute(db, "value_source") == "literal");
  CHECK(db.environment == "prod");
  check_no_secret(r, "Qx7!pR2#vL9@tZ4m");
  check_no_secret(r, "UXg3IXBSMiN2TDlAdFo0bQ==");

  const auto& committed = finding(r, "k8s-secret-in-manifest", "kubernetes:secret:payments-prod/payments-db");
  CHECK(committed.category == "NHI2");
  CHECK(committed.line == 18);
}

TEST_CASE("analyze: Kubernetes dockerconfigjson secrets name their registries") {
  const auto r = analyze_fixture("deploy/k8s/payments-prod.yaml", "kubernetes/payments-prod.yaml");
  const auto& pull = fact(r, "k8s_secret", "ghcr-pull");
  CHECK(attribute(pull, "registries") == "ghcr.io");
  CHECK(attribute(pull, "consumers") == "payments-api");
  const auto& registry = fact(r, "password", "payments-bot@ghcr.io");
  CHECK(registry.provider == "github");
  CHECK(registry.parent == "kubernetes:secret:payments-prod/ghcr-pull");
  check_no_secret(r, "ghp_Rk8vQ2mW9xT4yL7nB3cF6hJ1pD5sA0gE2iU8");
}

TEST_CASE("analyze: legacy service-account token secrets are NHI4") {
  const auto r = analyze_fixture("deploy/k8s/payments-prod.yaml", "kubernetes/payments-prod.yaml");
  const auto& token = fact(r, "k8s_service_account_token", "ci-deployer-token");
  CHECK(token.parent == "system:serviceaccount:payments-prod:ci-deployer");
  CHECK(token.expires_at == "never");
  const auto& f = finding(r, "k8s-legacy-sa-token-secret", "system:serviceaccount:payments-prod:ci-deployer");
  CHECK(f.category == "NHI4");
  CHECK(f.line == 29);
  CHECK(f.environment == "prod");
  CHECK(f.message.find("TokenRequest") != std::string::npos);
}

TEST_CASE("analyze: cluster-admin and wildcard role bindings make the account admin-equivalent") {
  const auto r = analyze_fixture("deploy/k8s/payments-prod.yaml", "kubernetes/payments-prod.yaml");
  const auto& deployer = fact(r, "service_account", "ci-deployer");
  CHECK(deployer.admin_equivalent);
  CHECK(attribute(deployer, "declared") == "false");  // only referenced in this file
  CHECK(deployer.service == "ledger-export");          // the CronJob
  CHECK(deployer.permissions == std::vector<std::string>{"ClusterRoleBinding ci-deployer-admin -> ClusterRole cluster-admin"});

  const auto& admin = finding(r, "k8s-cluster-admin-binding", "system:serviceaccount:payments-prod:ci-deployer");
  CHECK(admin.category == "NHI5");
  CHECK(admin.severity == "critical");
  CHECK(admin.line == 47);

  CHECK(fact(r, "service_account", "payments-api").admin_equivalent);
  const auto& wildcard = finding(r, "k8s-wildcard-role-binding", "system:serviceaccount:payments-prod:payments-api");
  CHECK(wildcard.category == "NHI5");
  CHECK(wildcard.message.find("verbs=[*]") != std::string::npos);

  const auto& reporting = fact(r, "service_account", "reporting");  // declared inside a kind: List
  CHECK_FALSE(reporting.admin_equivalent);
  CHECK(attribute(reporting, "declared") == "true");
  CHECK(reporting.permissions == std::vector<std::string>{"RoleBinding reporting-read-config -> Role read-config"});
  // The human subject of the cluster-admin binding is not an NHI.
  CHECK(findings(r, "k8s-cluster-admin-binding").size() == 1);
}

TEST_CASE("analyze: literal credentials in container env are NHI2 findings") {
  const auto r = analyze_fixture("deploy/k8s/payments-prod.yaml", "kubernetes/payments-prod.yaml");
  const auto& key = fact(r, "api_key", "STRIPE_API_KEY");
  CHECK(key.provider == "stripe");
  CHECK(key.service == "payments-api");
  CHECK(attribute(key, "value_source") == "literal");
  CHECK(finding(r, "k8s-literal-credential-env", "STRIPE_API_KEY").category == "NHI2");
  CHECK_FALSE(has_fact(r, "password", "DB_PASSWORD"));  // from a secretKeyRef: not a literal
  check_no_secret(r, "rk_prod_51Hx8mQ2vL9tZ4pR7wK3nB6c");
}

TEST_CASE("analyze: kubectl List exports reuse the manifest analyzer") {
  const auto r = import_fixture("exports/staging/kubectl-sa-secrets.json", "kubernetes/kubectl-export.json");
  const auto& sa = fact(r, "service_account", "argo-workflow");
  CHECK(sa.created_at == "2021-06-14T09:12:44Z");
  CHECK(sa.environment == "staging");  // from the namespace ci-staging
  CHECK(sa.admin_equivalent);
  const auto& token = fact(r, "k8s_service_account_token", "argo-workflow-token-x7k2p");
  CHECK(token.created_at == "2021-06-14T09:12:45Z");
  CHECK(token.parent == "system:serviceaccount:ci-staging:argo-workflow");
  CHECK(findings(r, "k8s-legacy-sa-token-secret").size() == 1);
  CHECK(findings(r, "k8s-cluster-admin-binding").size() == 1);
  // Secrets in a cluster export are where secrets belong: no "committed" finding.
  CHECK(findings(r, "k8s-secret-in-manifest").empty());
  CHECK(attribute(fact(r, "k8s_secret", "registry-creds"), "value_source").empty());
  CHECK(attribute(fact(r, "k8s_secret", "registry-creds"), "fingerprint.password") == nhi::fingerprint_of("r3g!stryPass"));
}

TEST_CASE("analyze: the same export as YAML, with the kind given") {
  const std::string yaml = R"(apiVersion: v1
kind: ServiceAccountList
items:
- metadata:
    name: builder
    namespace: tools-dev
)";
  auto r = nhi::import_export("sa.yaml", yaml, nhi::export_kind::kubernetes);
  REQUIRE(r.is_ok());
  const auto& sa = fact(*r, "service_account", "builder");  // kind taken from the typed list
  CHECK(sa.environment == "dev");
}

TEST_CASE("analyze: Helm templates are not mistaken for broken manifests") {
  const std::string tpl = "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: {{ include \"x.fullname\" . }}\n  labels: {{- toYaml .Values.labels | nindent 4 }}\n";
  auto r = nhi::analyze_file("charts/x/templates/serviceaccount.yaml", tpl);
  REQUIRE(r.is_ok());
  CHECK(r->identities.empty());
  auto outside = nhi::analyze_file("manifests/serviceaccount.yaml", "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: {{ bad\n");
  REQUIRE(outside.is_ok());  // template markers: not reported as a broken manifest
}

TEST_CASE("analyze: a JSON manifest in a repository is analysed as a manifest") {
  const auto r = analyze_fixture("deploy/k8s/ci.json", "kubernetes/kubectl-export.json");
  CHECK(fact(r, "service_account", "argo-workflow").admin_equivalent);
  // Committed, so the Secret's data is a finding here (unlike in an export).
  CHECK(finding(r, "k8s-secret-in-manifest", "kubernetes:secret:ci-staging/registry-creds").category == "NHI2");
}

// Issue 15 item 11: Kubernetes 1.29+ labels a legacy token with the day it
// was last used, and the day the cleaner invalidated an unused one.
TEST_CASE("analyze: legacy service-account token labels give last use and invalidation") {
  const std::string secrets = R"(apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Secret
  type: kubernetes.io/service-account-token
  metadata:
    name: build-bot-token
    namespace: ci
    creationTimestamp: "2023-03-14T08:00:00Z"
    annotations:
      kubernetes.io/service-account.name: build-bot
    labels:
      kubernetes.io/legacy-token-last-used: "2026-10-28"
- apiVersion: v1
  kind: Secret
  type: kubernetes.io/service-account-token
  metadata:
    name: old-bot-token
    namespace: ci
    annotations:
      kubernetes.io/service-account.name: old-bot
    labels:
      kubernetes.io/legacy-token-last-used: "2025-06-02"
      kubernetes.io/legacy-token-invalid-since: "2026-06-02"
)";
  auto r = nhi::import_export("secrets.yaml", secrets);
  REQUIRE_MESSAGE(r, r.error().message());
  const auto& used = fact(r.value(), "k8s_service_account_token", "build-bot-token");
  CHECK(used.last_used_at == "2026-10-28");
  CHECK(used.status.empty());
  const auto& invalid = fact(r.value(), "k8s_service_account_token", "old-bot-token");
  CHECK(invalid.status == "inactive");
  CHECK(attribute(invalid, "invalid_since") == "2026-06-02");
}

// Issue 15: every cluster has a default/default service account; with the
// cluster named, its ids are the cluster's own, in facts, parents and the
// subjects of findings alike.
TEST_CASE("analyze: a kubectl export recorded for a cluster qualifies its ids by the cluster") {
  const std::string text = read_fixture("kubernetes/kubectl-export.json");
  nhi::import_options options;
  options.account = "kubernetes:staging-eu";
  auto r = nhi::import_export("kubectl.json", text, options);
  REQUIRE_MESSAGE(r, r.error().message());
  CHECK(r->account == "kubernetes:staging-eu");
  const auto& sa = fact(*r, "service_account", "argo-workflow");
  CHECK(has_id(sa, "kubernetes:staging-eu/system:serviceaccount:ci-staging:argo-workflow"));
  CHECK_FALSE(has_id(sa, "system:serviceaccount:ci-staging:argo-workflow"));
  CHECK(fact(*r, "k8s_service_account_token", "argo-workflow-token-x7k2p").parent ==
        "kubernetes:staging-eu/system:serviceaccount:ci-staging:argo-workflow");
  CHECK(findings(*r, "k8s-cluster-admin-binding").front().subject ==
        "kubernetes:staging-eu/system:serviceaccount:ci-staging:argo-workflow");
  // Without a cluster (a manifest, or an export read without --account) the ids stay as Kubernetes writes them.
  auto bare = nhi::import_export("kubectl.json", text);
  REQUIRE(bare);
  CHECK(has_id(fact(*bare, "service_account", "argo-workflow"), "system:serviceaccount:ci-staging:argo-workflow"));
}
