// SPDX-License-Identifier: Apache-2.0
// Issue 15's classification test set: realistic exports of three clouds and a
// Kubernetes cluster (dated, paged, saved twice, rotated) and a repository
// with leaked keys (moved, rotated), recorded through the `nhi` binary as a
// security team would, then every identity's nature, status, categories and
// reasons compared with tests/fixtures/classification/expected.json. An
// identity the file does not expect, or an expectation nothing meets, fails.
#include <doctest/doctest.h>

#include <set>
#include <sstream>

#include "cli/cli_helpers.hpp"
#include "support/test_inventory.hpp"
#include "nhi/inventory.hpp"

using namespace nhi_cli_test;

namespace {

const std::string kAws = "aws:318754602913";
const std::string kGcp = "gcp:acme-data-7731";
const std::string kAzure = "azure:0fd373db-58b8-42ff-8f54-53289cf39bc1";
const std::string kCluster = "kubernetes:prod-eu";

std::string q(const std::string& s) { return shell_quote(s); }
std::string data(const std::string& rel) { return nhi_test::source_dir() + "/tests/fixtures/classification/" + rel; }

void import_ok(const std::string& db, const std::string& files, const std::string& as_of, const std::string& account = {}) {
  const run_result r = run_nhi("import " + files + (account.empty() ? "" : " --account " + account) + " --inventory " +
                               q(db) + " --as-of " + as_of);
  INFO("import " << files << "\n" << r.err);
  REQUIRE(r.exit_code == 0);
}

void scan_ok(const std::string& db, const git_repo& repo, const std::string& as_of) {
  const run_result r = run_nhi("scan --git " + q(repo.dir()) + " --inventory " + q(db) + " --as-of " + as_of);
  INFO(r.err);
  REQUIRE(r.exit_code == 1);  // it finds the leaks
}

// The repository: Dana commits the CI deploy keys and a GCP key file in
// March 2025 and leaves; Alice adds a Slack token in May 2026; in November
// she moves the CI file and rotates the Slack token.
void commit_first(const git_repo& repo) {
  repo.write("deploy/ci.env", read_file(data("git/ci.env")));
  repo.write("ops/gcp/etl-loader.json", read_file(data("git/etl-loader.json")));
  repo.commit("Dana Reyes", "dana.reyes@acme.example", "2025-03-12T09:30:00Z", "CI deploy credentials");
  repo.write("services/notify/.env", read_file(data("git/notify-1.env")));
  repo.commit("Alice Chen", "alice.chen@acme.example", "2026-05-04T14:00:00Z", "notify: slack");
}
void commit_second(const git_repo& repo) {
  repo.git("mv deploy/ci.env config-ci.env");
  nhi_test::fs::create_directories(repo.path("config/ci"));
  repo.git("mv config-ci.env config/ci/deploy.env");
  repo.write("services/notify/.env", read_file(data("git/notify-2.env")));
  repo.commit("Alice Chen", "alice.chen@acme.example", "2026-11-15T10:00:00Z", "move CI config; rotate slack token");
}

bool starts(const std::string& s, const std::string& prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

bool matches(const nhi::identity& id, const json& m) {
  if (m.contains("external_id")) {
    bool found = false;
    for (const std::string& e : id.external_ids) found = found || e == m["external_id"].get<std::string>();
    if (!found) return false;
  }
  if (m.contains("kind") && id.kind != m["kind"].get<std::string>()) return false;
  if (m.contains("parent") && id.parent != m["parent"].get<std::string>()) return false;
  if (m.contains("created") && !starts(id.created_at, m["created"].get<std::string>())) return false;
  if (m.contains("first_seen") && !starts(id.first_seen, m["first_seen"].get<std::string>())) return false;
  return true;
}

std::string describe(const nhi::identity& id) {
  std::ostringstream s;
  s << id.id << " " << id.provider << " " << id.kind << " '" << id.name << "' parent=" << id.parent
    << " created=" << id.created_at << " first_seen=" << id.first_seen << " nature=" << id.nature
    << " status=" << nhi::identity_status_name(id.status) << " (" << id.status_reason << ")";
  for (const std::string& e : id.external_ids) s << "\n  external id " << e;
  for (const nhi::risk& r : id.risks) s << "\n  " << r.id << ": " << r.reason;
  return s.str();
}

std::string reason_of(const nhi::identity& id, const std::string& category) {
  for (const nhi::risk& r : id.risks)
    if (r.id == category) return r.reason;
  return {};
}

// Records the whole set; returns the snapshot ids worth diffing.
struct recorded {
  int first_report = 0, report_copy = 0, page = 0, before_rescan = 0, last = 0;
};

recorded record_all(const std::string& db, const git_repo& repo, const temp_dir& dir) {
  recorded r;
  repo.init();
  commit_first(repo);
  scan_ok(db, repo, "2026-11-01");                                                          // 1
  import_ok(db, q(data("aws/credential-report-2026-11-01.csv")), "2026-11-01");             // 2
  r.first_report = 2;
  // The same report saved again under another name, in another folder.
  write_file(dir / "downloads/2026-11/iam-report.csv", read_file(data("aws/credential-report-2026-11-01.csv")));
  import_ok(db, q(dir / "downloads/2026-11/iam-report.csv"), "2026-11-02");                 // 3
  r.report_copy = 3;
  import_ok(db, q(data("aws/list-access-keys-ci-deployer-page1.json")), "2026-11-03", kAws);  // 4
  r.page = 4;
  import_ok(db, q(data("aws/authorization-details.json")) + " " + q(data("aws/list-users.json")) + " " +
                    q(data("aws/list-roles.json")),
            "2026-11-03");                                                                  // 5-7
  import_ok(db, q(data("gcp/service-accounts.json")) + " " + q(data("gcp/keys-etl-loader.json")) + " " +
                    q(data("gcp/keys-legacy-exporter.json")),
            "2026-11-03");                                                                  // 8-10
  import_ok(db, q(data("gcp/iam-policy.json")), "2026-11-03", kGcp);                        // 11
  import_ok(db, q(data("azure/apps.json")) + " " + q(data("azure/service-principals.json")) + " " +
                    q(data("azure/app-credentials-ci-publisher.json")),
            "2026-11-03", kAzure);                                                          // 12-14
  import_ok(db, q(data("kubernetes/prod-eu.yaml")), "2026-11-03", kCluster);                // 15
  r.before_rescan = 15;
  commit_second(repo);
  scan_ok(db, repo, "2026-12-01");                                                          // 16
  import_ok(db, q(data("aws/credential-report-2026-12-01.csv")), "2026-12-01");             // 17
  r.last = 17;
  return r;
}

json diff_of(const std::string& db, int a, int b) {
  return nhi_json("inventory diff " + std::to_string(a) + " " + std::to_string(b) + " --inventory " + q(db), 0);
}

}  // namespace

// Backend-neutral: ctest runs these against SQLite and again against
// PostgreSQL ("postgresql:...", docs/testing.md).
TEST_SUITE_BEGIN("inventory");

TEST_CASE("classification set: every identity's nature, status, categories and reasons as expected") {
  temp_dir dir;
  git_repo repo(dir / "platform");
  nhi_test::test_inventory where(dir, "inventory.db");
  const std::string db = where.location();
  const recorded snaps = record_all(db, repo, dir);
  const json expected = json::parse(read_file(data("expected.json")));
  const std::string as_of = expected["as_of"].get<std::string>();

  auto inv = nhi::inventory::open(db);
  REQUIRE(inv);
  const auto judged = inv.value().classify(nhi::policy{}, as_of);
  REQUIRE(judged);
  const std::vector<nhi::identity>& ids = judged.value();

  std::vector<int> met(ids.size(), -1);
  for (std::size_t e = 0; e < expected["identities"].size(); ++e) {
    const json& want = expected["identities"][e];
    std::vector<std::size_t> found;
    for (std::size_t i = 0; i < ids.size(); ++i)
      if (matches(ids[i], want["match"])) found.push_back(i);
    INFO("expectation " << want.dump());
    REQUIRE(found.size() == 1);
    const nhi::identity& id = ids[found.front()];
    INFO(describe(id));
    CHECK(met[found.front()] == -1);
    met[found.front()] = static_cast<int>(e);
    CHECK(id.nature == want["nature"].get<std::string>());
    CHECK(std::string(nhi::identity_status_name(id.status)) == want["status"].get<std::string>());
    std::vector<std::string> categories;
    for (const nhi::risk& r : id.risks) categories.push_back(r.id);
    CHECK(categories == want["categories"].get<std::vector<std::string>>());
    for (const auto& item : want["reasons"].items())
      for (const json& part : item.value()) {
        const std::string reason = reason_of(id, item.key());
        INFO(item.key() << " should say '" << part.get<std::string>() << "'");
        CHECK(reason.find(part.get<std::string>()) != std::string::npos);
      }
  }
  for (std::size_t i = 0; i < ids.size(); ++i) {
    INFO("an identity expected.json does not list:\n" << describe(ids[i]));
    CHECK(met[i] != -1);
  }

  // The report: the two keys leaked in git and active in their clouds first.
  const auto posture = inv.value().assess(nhi::policy{}, as_of);
  REQUIRE(posture);
  REQUIRE(posture.value().worst.size() >= 3);
  std::set<std::string> first_two;
  for (std::size_t i = 0; i < 2; ++i) {
    const nhi::identity& w = posture.value().worst[i];
    CHECK(w.leaked);
    CHECK(w.validity == "valid");
    for (const std::string& e : w.external_ids) first_two.insert(e);
  }
  CHECK(first_two.count("AKIA2J5U3BT44MZNOPAP") == 1);
  CHECK(first_two.count("9a34c75e0ca4d1c73120cbe266dec101b5a3908b") == 1);
  CHECK_FALSE((posture.value().worst[2].leaked && posture.value().worst[2].validity == "valid"));

  // Snapshots that know what they saw. The copy of the report changes
  // nothing. The page of list-access-keys only joins the key leaked in git
  // to the report's record of it (one identity from then on): it resolves,
  // adds and revokes nothing. The rescan and next month's report resolve
  // only the key rotated and deactivated, and revoke nothing.
  {
    const json d = diff_of(db, snaps.first_report, snaps.report_copy);
    INFO(d.dump());
    CHECK(d["new"].empty());
    CHECK(d["resolved"].empty());
    CHECK(d["changed"].empty());
    CHECK(d["transitions"].empty());
  }
  const nhi::identity* leaked = nullptr;
  for (const nhi::identity& id : ids)
    for (const std::string& e : id.external_ids)
      if (e == "AKIA2J5U3BT44MZNOPAP") leaked = &id;
  REQUIRE(leaked != nullptr);
  {
    const json d = diff_of(db, snaps.report_copy, snaps.page);
    INFO(d.dump());
    CHECK(d["new"].empty());
    CHECK(d["resolved"].empty());
    for (const json& c : d["changed"]) CHECK(c["id"] == leaked->id);
    for (const json& t : d["transitions"]) CHECK(t["to"] != "revoked");
  }
  const json d = diff_of(db, snaps.before_rescan, snaps.last);
  INFO(d.dump());
  REQUIRE(d["resolved"].size() == 1);  // etl-runner's August key, rotated and deactivated
  CHECK(d["resolved"][0]["status"] == "rotated");
  CHECK(d["resolved"][0]["created_at"].get<std::string>().rfind("2026-08-20", 0) == 0);
  CHECK(d["new"].size() == 3);  // the new Slack token, etl-runner's and build-cache's new keys
  for (const json& t : d["transitions"]) CHECK(t["to"] != "revoked");
  bool slack_rotated = false;
  for (const json& c : d["changed"])
    for (const json& what : c["changes"]) {
      const std::string w = what.get<std::string>();
      CHECK(w.find("deploy/ci.env") == std::string::npos);  // a file moved in HEAD is no change
      slack_rotated = slack_rotated || w.rfind("status active -> rotated", 0) == 0;
    }
  CHECK(slack_rotated);  // the old Slack token: rotated, nothing says revoked
}

TEST_CASE("classification set: a malformed export of the new kinds names FILE:LINE, exits 2 and records nothing") {
  temp_dir dir;
  nhi_test::test_inventory where(dir, "inventory.db");
  const std::string db = where.location();
  const std::string policy = read_file(data("gcp/iam-policy.json"));
  write_file(dir / "iam-policy.json", policy.substr(0, policy.find("roles/owner")));  // cut mid-file
  const run_result cut = run_nhi("import " + q(dir / "iam-policy.json") + " --account " + kGcp + " --inventory " + q(db));
  INFO(cut.err);
  CHECK(cut.exit_code == 2);
  CHECK(cut.err.find(dir / "iam-policy.json:") != std::string::npos);
  write_file(dir / "creds.json", "[\n  {\n    \"keyId\": 42,\n    \"endDateTime\": \"2027-01-01T00:00:00Z\"\n  }\n]\n");
  const run_result shape = run_nhi("import " + q(dir / "creds.json") + " --account " + kAzure + " --inventory " + q(db));
  INFO(shape.err);
  CHECK(shape.exit_code == 2);
  CHECK(shape.err.find("creds.json") != std::string::npos);
  CHECK(shape.err.find("$[0].keyId") != std::string::npos);
  const json snaps = nhi_json("inventory snapshots --inventory " + q(db), 0);
  CHECK(snaps["snapshots"].empty());
}

TEST_SUITE_END();
