// SPDX-License-Identifier: Apache-2.0
// Issue 15: identities keyed by the cloud's own ids, never by file names;
// snapshots that know what they saw; a leaked key that still works ranked
// first. End to end through `nhi import`, `nhi scan` and the inventory
// commands, on exports shaped as the AWS and gcloud CLIs print them
// (tests/fixtures/inventory/README.md).
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <set>

#include "test_util.hpp"
#include "support/test_inventory.hpp"

namespace {

using json = nlohmann::json;
using nhi_test::run;

const std::string kAccount = "aws:210987654321";
const std::string kDeployKeyId = "AKIA3N7Q2XWPLK5RTV4E";  // deploy-bot's February key
const std::string kDeploySecret = "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";
const std::string kGcpKeyId = "9c41e07bd2a85f63e1c04b97d5a2e8f13b6c0d74";

std::string nhi() { return "'" + nhi_test::nhi_cli() + "' "; }
std::string fixture(const std::string& rel) {
  return "'" + nhi_test::source_dir() + "/tests/fixtures/inventory/" + rel + "'";
}

json export_of(const std::string& db, const std::string& extra = {}) {
  const auto r = run(nhi() + "inventory export --inventory '" + db + "' " + extra);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return json::parse(r.out);
}

std::vector<json> access_keys(const json& doc) {
  std::vector<json> out;
  for (const json& i : doc["identities"])
    if (i["provider"] == "aws" && i["kind"] == "access_key") out.push_back(i);
  return out;
}

const json* with_external_id(const json& doc, const std::string& id) {
  for (const json& i : doc["identities"])
    for (const json& e : i["external_ids"])
      if (e == id) return &i;
  return nullptr;
}

bool has_risk(const json& identity, const std::string& category) {
  for (const json& r : identity["risks"])
    if (r["id"] == category) return true;
  return false;
}

std::string created_of(const json& identity) { return identity["created_at"].get<std::string>(); }

void import_ok(const std::string& args, const std::string& db, const std::string& as_of) {
  const auto r = run(nhi() + "import " + args + " --inventory '" + db + "' --as-of " + as_of);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
}

}  // namespace

// Backend-neutral: ctest runs these against SQLite and again against
// PostgreSQL ("postgresql:...", docs/testing.md).
TEST_SUITE_BEGIN("inventory");

TEST_CASE("cli inventory identity: dated reports, a paged key list and next month's report give one identity per key") {
  nhi_test::temp_dir dir;
  nhi_test::test_inventory where(dir, "inv.db");
  const std::string db = where.location();
  // The same report saved again under another name, in another folder.
  nhi_test::write_file(dir / "saved/iam/report-copy.csv",
                       nhi_test::read_file(nhi_test::source_dir() +
                                           "/tests/fixtures/inventory/aws/credential-report-2026-11-01.csv"));
  import_ok(fixture("aws/credential-report-2026-11-01.csv"), db, "2026-11-01");
  import_ok("'" + (dir / "saved/iam/report-copy.csv") + "'", db, "2026-11-02");
  import_ok(fixture("aws/list-access-keys-deploy-bot-page1.json") + " --account " + kAccount, db, "2026-11-03");
  import_ok(fixture("aws/credential-report-2026-12-01.csv"), db, "2026-12-01");

  const auto snaps = json::parse(run(nhi() + "inventory snapshots --inventory '" + db + "' --format json").out);
  REQUIRE(snaps["snapshots"].size() == 4);
  // Named by account and kind, not by file: the copy is the same listing.
  CHECK(snaps["snapshots"][0]["target"] == kAccount + " aws_credential_report");
  CHECK(snaps["snapshots"][1]["target"] == kAccount + " aws_credential_report");
  CHECK(snaps["snapshots"][2]["target"] == kAccount + " aws_access_keys user/deploy-bot");

  // Five keys in all: deploy-bot's February, September and November keys,
  // etl-runner's two. One identity each.
  const json doc = export_of(db, "--as-of 2026-12-01");
  const auto keys = access_keys(doc);
  CHECK(keys.size() == 5);
  std::set<std::string> ids;
  for (const json& k : keys) ids.insert(k["id"].get<std::string>());
  CHECK(ids.size() == 5);

  // The key list's key id joined the report's row (user + creation time).
  const json* february = with_external_id(doc, kDeployKeyId);
  REQUIRE(february != nullptr);
  CHECK(created_of(*february).rfind("2026-02-10T09:00:41", 0) == 0);
  // Replaced by the November key and gone from December's report: rotated, not revoked.
  CHECK((*february)["status"] == "rotated");
  for (const json& k : keys) {
    const std::string created = created_of(k);
    INFO(k["name"] << " " << created << " " << k["status"]);
    if (created.rfind("2024-06-01", 0) == 0) CHECK(k["status"] == "revoked");  // Inactive in the report
    else if (created.rfind("2026-02-10", 0) == 0) CHECK(k["status"] == "rotated");
    else CHECK(k["status"] == "active");  // the September key moved slots: still one active key
  }

  // After the paged list (snapshot 3), the September key it did not show is still active.
  const json paged = export_of(db, "--snapshot 3 --as-of 2026-11-03");
  for (const json& k : access_keys(paged))
    if (created_of(k).rfind("2026-09-01", 0) == 0) CHECK(k["status"] == "active");
  CHECK(access_keys(paged).size() == 4);

  auto diff = [&](int a, int b) {
    const auto r = run(nhi() + "inventory diff " + std::to_string(a) + " " + std::to_string(b) + " --inventory '" +
                       db + "' --format json");
    REQUIRE(r.exit_code == 0);
    return json::parse(r.out);
  };
  // The copy and the page change nothing.
  // (No structured bindings: clang's C++17 refuses them inside INFO's lambda.)
  for (const auto& snapshots : {std::pair{1, 2}, std::pair{2, 3}}) {
    const int a = snapshots.first, b = snapshots.second;
    const json d = diff(a, b);
    INFO(a << ".." << b << ": " << d.dump());
    CHECK(d["new"].empty());
    CHECK(d["resolved"].empty());
    CHECK(d["changed"].empty());
    CHECK(d["transitions"].empty());
  }
  // Next month: one new key, one rotated away; no file name is a change.
  const json d = diff(3, 4);
  INFO(d.dump());
  REQUIRE(d["new"].size() == 1);
  CHECK(d["new"][0]["kind"] == "access_key");
  REQUIRE(d["resolved"].size() == 1);
  CHECK(d["resolved"][0]["id"] == (*february)["id"]);
  CHECK(d["resolved"][0]["status"] == "rotated");
  for (const json& c : d["changed"])
    for (const json& what : c["changes"]) {
      CHECK(what.get<std::string>().find(".csv") == std::string::npos);
      CHECK(what.get<std::string>().find("status") == std::string::npos);
    }
  for (const json& t : d["transitions"]) CHECK(t["to"] != "revoked");
}

TEST_CASE("cli inventory identity: a key leaked in the files and active in the cloud is one identity, ranked first") {
  nhi_test::temp_dir dir;
  nhi_test::test_inventory where(dir, "inv.db");
  const std::string db = where.location();
  nhi_test::write_file(dir / "tree/deploy/ci.env",
                       "AWS_ACCESS_KEY_ID=" + kDeployKeyId + "\nAWS_SECRET_ACCESS_KEY=" + kDeploySecret + "\n");
  nhi_test::write_file(
      dir / "tree/ops/gcp/etl-loader.json",
      "{\n  \"type\": \"service_account\",\n  \"project_id\": \"acme-data-7731\",\n  \"private_key_id\": \"" +
          kGcpKeyId +
          "\",\n  \"private_key\": \"-----BEGIN PRIVATE KEY-----\\n8ZidC+G4PjS1/iIAhdRxgSCIcthd/JJ0Sqib97tC/"
          "LbbdwMGJKixik1bj3vV0hDa\\n-----END PRIVATE KEY-----\\n\",\n  \"client_email\": "
          "\"etl-loader@acme-data-7731.iam.gserviceaccount.com\",\n  \"client_id\": \"104729385610293847561\"\n}\n");
  const auto scan = run(nhi() + "scan '" + (dir / "tree") + "' --inventory '" + db + "' --as-of 2026-11-05");
  INFO(scan.err);
  REQUIRE(scan.exit_code == 1);
  import_ok(fixture("aws/credential-report-2026-11-01.csv"), db, "2026-11-05");
  import_ok(fixture("aws/list-access-keys-deploy-bot-page1.json") + " --account " + kAccount, db, "2026-11-05");
  import_ok(fixture("gcp/keys-etl-loader.json"), db, "2026-11-05");
  import_ok(fixture("aws/authorization-details.json"), db, "2026-11-05");

  const json doc = export_of(db, "--as-of 2026-11-05");
  const json* aws = with_external_id(doc, kDeployKeyId);
  const json* gcp = with_external_id(doc, kGcpKeyId);
  REQUIRE(aws != nullptr);
  REQUIRE(gcp != nullptr);
  for (const json* leaked : {aws, gcp}) {
    INFO(leaked->dump());
    CHECK(!(*leaked)["fingerprints"].empty());  // the finding and the cloud's record are one identity
    CHECK((*leaked)["status"] == "active");
    CHECK(has_risk(*leaked, "NHI2"));
  }
  CHECK((*gcp)["kind"] == "service_account_key");
  // The key inherits its user's owner tag and its admin rights (through the group).
  CHECK((*aws)["owner"] == "platform-team@example.com");
  CHECK(has_risk(*aws, "NHI5"));
  CHECK(!has_risk(*aws, "NHI1"));
  // No second identity holds the leaked secret alone, and the report's key row is the same identity.
  std::size_t with_fingerprints = 0;
  for (const json& i : doc["identities"]) with_fingerprints += !i["fingerprints"].empty();
  CHECK(with_fingerprints == 2);
  CHECK(access_keys(doc).size() == 4);

  const auto report = run(nhi() + "report --inventory '" + db + "' --as-of 2026-11-05 --format json");
  REQUIRE(report.exit_code == 0);
  const json posture = json::parse(report.out);
  REQUIRE(posture["worst"].size() >= 2);
  const std::set<std::string> first_two{posture["worst"][0]["id"].get<std::string>(),
                                        posture["worst"][1]["id"].get<std::string>()};
  CHECK(first_two == std::set<std::string>{(*aws)["id"].get<std::string>(), (*gcp)["id"].get<std::string>()});
  CHECK(posture["worst"][0]["exposure"] == "valid and leaked");
  CHECK(posture["worst"][2]["exposure"] != "valid and leaked");
  const auto html = run(nhi() + "report --inventory '" + db + "' --as-of 2026-11-05 --format html");
  CHECK(html.out.find("<th>Valid and leaked</th>") != std::string::npos);
  CHECK(html.out.find("<details><summary>secret in plaintext in ") != std::string::npos);  // details folded
}

TEST_CASE("cli inventory identity: an export without its account is not recorded without --account") {
  nhi_test::temp_dir dir;
  nhi_test::test_inventory where(dir, "inv.db");
  const std::string db = where.location();
  const auto missing = run(nhi() + "import " + fixture("aws/list-access-keys-deploy-bot-page1.json") +
                           " --inventory '" + db + "' --as-of 2026-11-03");
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("list-access-keys-deploy-bot-page1.json") != std::string::npos);
  CHECK(missing.err.find("--account") != std::string::npos);
  // Another account than the one the report names is refused, as is a malformed one.
  const auto other = run(nhi() + "import " + fixture("aws/credential-report-2026-11-01.csv") +
                         " --account aws:123456789012 --inventory '" + db + "'");
  CHECK(other.exit_code == 2);
  CHECK(other.err.find("aws:210987654321") != std::string::npos);
  CHECK(run(nhi() + "import " + fixture("aws/credential-report-2026-11-01.csv") + " --account aws:12").exit_code == 2);
  const auto snaps = run(nhi() + "inventory snapshots --inventory '" + db + "' --format json");
  REQUIRE(snaps.exit_code == 0);
  CHECK(json::parse(snaps.out)["snapshots"].empty());
}

TEST_SUITE_END();
