// SPDX-License-Identifier: Apache-2.0
// End to end, through the `nhi` binary only: a repository with dated history
// by three authors (one who stopped committing years before the as-of date),
// environments, services, IaC and a CI workflow, plus AWS exports; scan +
// import + export, then a second scan after a secret is removed from HEAD and
// a password is rotated. Every OWASP NHI category must come out with a reason
// a person can act on, and the diff must show the lifecycle transitions.
#include <doctest/doctest.h>

#include <set>

#include "cli/cli_helpers.hpp"
#include "support/test_inventory.hpp"

using namespace nhi_cli_test;

namespace {

const std::string kAsOf = "2026-11-23";
const std::string kKeyId = "AKIAZ4X7QJ2K5LMNWPQR";  // Active in aws-list-access-keys.json
const std::string kKeySecret = "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";
// Database URLs: the password is the secret the rule captures.
const std::string kDbOldPassword = "Pa55w0rd-Xq9Lm7";
const std::string kDbNewPassword = "N3w-Rotated-77Kp";
const std::string kDbOld = "postgres://search:" + kDbOldPassword + "@db.internal:5432/search";
const std::string kDbNew = "postgres://search:" + kDbNewPassword + "@db.internal:5432/search";

const char* kServiceAccount = R"(apiVersion: v1
kind: ServiceAccount
metadata:
  name: billing-runner
  namespace: billing-prod
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: billing-runner-admin
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: cluster-admin
subjects:
  - kind: ServiceAccount
    name: billing-runner
    namespace: billing-prod
)";

// Static AWS keys from secrets (not OIDC) and an unpinned third-party action
// that receives a secret.
const char* kWorkflow = R"(name: deploy
on: {push: {branches: [main]}}
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}
          aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}
          aws-region: eu-west-1
      - uses: someone/notify-action@v1
        env:
          SLACK_WEBHOOK_URL: ${{ secrets.SLACK_WEBHOOK }}
)";

std::string q(const std::string& s) { return shell_quote(s); }

std::string exports(const std::string& name) {
  return q(nhi_test::source_dir() + "/tests/fixtures/analyze/exports/" + name);
}

// The identity holding `secret`'s fingerprint, or with `external_id`.
const json* by_fingerprint(const json& doc, const std::string& secret) {
  const std::string fp = nhi::fingerprint_of(secret);
  for (const auto& i : doc["identities"])
    for (const auto& f : i["fingerprints"])
      if (f == fp) return &i;
  return nullptr;
}
const json* by_external_id(const json& doc, const std::string& id) {
  for (const auto& i : doc["identities"])
    for (const auto& e : i["external_ids"])
      if (e == id) return &i;
  return nullptr;
}
const json* by_name(const json& doc, const std::string& name) {
  for (const auto& i : doc["identities"])
    if (i["name"] == name) return &i;
  return nullptr;
}

// The reason given for category `nhi` ("NHI7"), or "" when it is not there.
std::string reason(const json& identity, const std::string& nhi) {
  for (const auto& r : identity["risks"])
    if (r["id"] == nhi) return r["reason"].get<std::string>();
  return {};
}
bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::vector<std::string> strings(const json& a) {
  std::vector<std::string> out;
  for (const auto& s : a) out.push_back(s.get<std::string>());
  return out;
}

}  // namespace

// Backend-neutral: ctest runs these against SQLite and again against
// PostgreSQL ("postgresql:...", docs/testing.md).
TEST_SUITE_BEGIN("inventory");

TEST_CASE("cli lifecycle: scan, import and export classify every OWASP category, a second scan shows the transitions") {
  temp_dir dir;
  git_repo repo(dir / "platform");
  repo.init();
  nhi_test::test_inventory where(dir, "inventory.db");
  const std::string db = where.location();

  // Bob's only commit, in 2022: the billing service's production config and its Kubernetes identity.
  repo.write("services/billing/config/prod.env", "STRIPE_SECRET_KEY=" + kStripeKey + "\nAWS_ACCESS_KEY_ID=" + kKeyId +
                                                     "\nAWS_SECRET_ACCESS_KEY=" + kKeySecret + "\n");
  repo.write("deploy/k8s/billing-sa.yaml", kServiceAccount);
  repo.commit("Bob", "bob@example.com", "2022-02-10T09:30:00Z", "billing config");
  // Alice, 2023: the same Stripe key in another service's dev config, a database URL, a CI workflow.
  repo.write("services/payments/config/dev.env", "STRIPE_SECRET_KEY=" + kStripeKey + "\n");
  repo.write("services/search/config/database.yml", "production:\n  url: " + kDbOld + "\n");
  repo.write(".github/workflows/deploy.yml", kWorkflow);
  repo.commit("Alice", "alice@example.com", "2023-06-01T12:00:00Z", "payments, search, deploy");
  // Alice is still active in 2026; Bob is not.
  repo.write("README.md", "# platform\n");
  repo.commit("Alice", "alice@example.com", "2026-10-01T08:00:00Z", "docs");

  const run_result scan = run_nhi("scan --git " + q(repo.dir()) + " --inventory " + q(db) + " --as-of " + kAsOf);
  INFO(scan.err);
  CHECK(scan.exit_code == 1);
  CHECK(has(scan.err, "snapshot 1 recorded"));
  const run_result import = run_nhi("import " + exports("aws-list-access-keys.json") + " " +
                                    exports("aws-credential-report.csv") + " --account aws:123456789012 --inventory " + q(db) +
                                    " --as-of " + kAsOf);
  INFO(import.err);
  CHECK(import.exit_code == 0);
  CHECK(has(import.err, "snapshot 3 recorded"));

  const run_result exported = run_nhi("inventory export --inventory " + q(db) + " --as-of " + kAsOf);
  REQUIRE(exported.exit_code == 0);
  const json doc = parse_json(exported.out);

  {  // the Stripe key: Bob's, in two environments and two services, long-lived
    const json* stripe = by_fingerprint(doc, kStripeKey);
    REQUIRE(stripe != nullptr);
    CHECK((*stripe)["status"] == "orphaned");
    CHECK((*stripe)["owner"] == "bob@example.com");
    CHECK(strings((*stripe)["environments"]) == std::vector<std::string>{"dev", "prod"});
    CHECK(strings((*stripe)["services"]) == std::vector<std::string>{"billing", "payments"});
    CHECK(has(reason(*stripe, "NHI1"), "owner bob@example.com"));
    CHECK(has(reason(*stripe, "NHI1"), "no commit since 2022-02-10"));
    CHECK(has(reason(*stripe, "NHI2"), "services/billing/config/prod.env:1"));
    CHECK(has(reason(*stripe, "NHI7"), "first seen 2022-02-10"));
    CHECK(has(reason(*stripe, "NHI8"), "2 environments: dev"));
    CHECK(has(reason(*stripe, "NHI9"), "2 services: billing"));
  }

  {  // the leaked AWS key is joined to the cloud's key list: active, with its creation date
    const json* key = by_external_id(doc, kKeyId);
    REQUIRE(key != nullptr);
    CHECK(by_fingerprint(doc, kKeySecret) == key);
    CHECK((*key)["status"] == "orphaned");  // active in AWS, its only owner gone
    CHECK((*key)["created_at"] == "2021-03-04T10:15:00+00:00");
    CHECK(has(reason(*key, "NHI2"), "prod.env"));
    CHECK(has(reason(*key, "NHI7"), "2021-03-04"));
    const json* inactive = by_external_id(doc, "AKIAZ4X7QJ2K5LMNWPQT");
    REQUIRE(inactive != nullptr);
    CHECK((*inactive)["status"] == "revoked");
  }

  {  // IaC, CI and exports: admin, insecure auth, third-party, deployment, human use
    const json* sa = by_name(doc, "billing-runner");
    REQUIRE(sa != nullptr);
    CHECK((*sa)["kind"] == "service_account");
    CHECK(has(reason(*sa, "NHI5"), "cluster-admin"));

    const json* database = by_fingerprint(doc, kDbOldPassword);
    REQUIRE(database != nullptr);
    CHECK((*database)["owner"] == "alice@example.com");
    CHECK((*database)["status"] == "active");
    CHECK(has(reason(*database, "NHI4"), "connection string"));

    const json* ci_key = by_name(doc, "AWS_ACCESS_KEY_ID");
    REQUIRE(ci_key != nullptr);
    CHECK(has(reason(*ci_key, "NHI3"), "third-party action aws-actions/configure-aws-credentials@v4"));
    CHECK(has(reason(*ci_key, "NHI6"), "long-lived keys from repository secrets"));

    const json* human = by_name(doc, "legacy-reporting");
    REQUIRE(human != nullptr);
    CHECK(has(reason(*human, "NHI10"), "interactive"));
    const json* root = by_name(doc, "<root_account>");
    REQUIRE(root != nullptr);
    CHECK_FALSE(reason(*root, "NHI5").empty());
  }

  {  // all ten categories, each with a reason
    std::set<std::string> seen;
    for (const auto& i : doc["identities"])
      for (const auto& r : i["risks"]) {
        CHECK_FALSE(r["reason"].get<std::string>().empty());
        seen.insert(r["id"].get<std::string>());
      }
    CHECK(seen == std::set<std::string>{"NHI1", "NHI2", "NHI3", "NHI4", "NHI5", "NHI6", "NHI7", "NHI8", "NHI9", "NHI10"});
  }

  {  // a second scan: the Stripe key leaves HEAD, the database password is rotated
    repo.write("services/billing/config/prod.env",
               "AWS_ACCESS_KEY_ID=" + kKeyId + "\nAWS_SECRET_ACCESS_KEY=" + kKeySecret + "\n");
    repo.write("services/payments/config/dev.env", "STRIPE_SECRET_KEY=${STRIPE_SECRET_KEY}\n");
    repo.write("services/search/config/database.yml", "production:\n  url: " + kDbNew + "\n");
    repo.commit("Alice", "alice@example.com", "2026-11-01T08:00:00Z", "remove the Stripe key, rotate the search password");
    const run_result again = run_nhi("scan --git " + q(repo.dir()) + " --inventory " + q(db) + " --as-of " + kAsOf);
    INFO(again.err);
    CHECK(again.exit_code == 1);  // history still holds secrets
    CHECK(has(again.err, "snapshot 4 recorded"));

    const json diff = nhi_json("inventory diff 1 4 --inventory " + q(db), 0);
    const json after = parse_json(run_nhi("inventory export --inventory " + q(db) + " --as-of " + kAsOf).out);
    const json* old_db = by_fingerprint(after, kDbOldPassword);
    const json* new_db = by_fingerprint(after, kDbNewPassword);
    REQUIRE(old_db != nullptr);
    REQUIRE(new_db != nullptr);
    CHECK((*old_db)["status"] == "rotated");
    CHECK(has(reason(*old_db, "NHI1"), "replaced by " + (*new_db)["id"].get<std::string>()));
    CHECK(has(reason(*old_db, "NHI1"), "nothing shows the old credential was revoked"));
    CHECK((*new_db)["status"] == "active");

    bool rotation = false;
    for (const auto& t : diff["transitions"])
      rotation |= t["id"] == (*old_db)["id"] && t["from"] == "active" && t["to"] == "rotated";
    CHECK(rotation);
    bool new_listed = false;
    for (const auto& i : diff["new"]) new_listed |= i["id"] == (*new_db)["id"];
    CHECK(new_listed);

    // The Stripe key is only in history now; its owner is still gone, which outranks removal.
    const json* stripe = by_fingerprint(after, kStripeKey);
    REQUIRE(stripe != nullptr);
    CHECK((*stripe)["status"] == "orphaned");
    CHECK(has(reason(*stripe, "NHI2"), "only in git history"));
    std::vector<std::string> stripe_changes;
    for (const auto& c : diff["changed"])
      if (c["id"] == (*stripe)["id"]) stripe_changes = strings(c["changes"]);
    REQUIRE(stripe_changes.size() == 2);
    for (const std::string& c : stripe_changes) CHECK(has(c, "removed from HEAD, still in git history at"));

    // Nothing in the inventory file is a plaintext secret.
    if (!where.postgresql()) {
      const std::string bytes = read_file(db);
      for (const std::string& s : {kStripeKey, kKeySecret, kDbOldPassword, kDbNewPassword})
        CHECK(bytes.find(s) == std::string::npos);
    }
  }
}

TEST_SUITE_END();
