// SPDX-License-Identifier: Apache-2.0
// End to end: a leak found by `nhi scan --inventory` joined to the cloud's
// key list by `nhi import --inventory`, without any network call.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include <filesystem>

#include "test_util.hpp"
#include "support/test_inventory.hpp"

namespace {

using nhi_test::run;
const std::string kKeyId = "AKIAZ4X7QJ2K5LMNWPQT";  // listed Inactive in the fixture export
const std::string kSecret = "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";

std::string nhi() { return "'" + nhi_test::nhi_cli() + "' "; }

const nlohmann::json* identity_with_external_id(const nlohmann::json& doc, const std::string& id) {
  for (const auto& i : doc["identities"])
    for (const auto& e : i["external_ids"])
      if (e == id) return &i;
  return nullptr;
}

}  // namespace

// Backend-neutral: ctest runs these against SQLite and again against
// PostgreSQL ("postgresql:...", docs/testing.md).
TEST_SUITE_BEGIN("inventory");

TEST_CASE("cli inventory: a leaked key joined to list-access-keys is known revoked") {
  nhi_test::temp_dir dir;
  nhi_test::write_file(dir / "tree/services/billing/config/prod.env",
                       "AWS_ACCESS_KEY_ID=" + kKeyId + "\nAWS_SECRET_ACCESS_KEY=" + kSecret + "\n");
  nhi_test::write_file(dir / "tree/deploy/k8s/sa.yaml",
                       "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: billing-runner\n  namespace: prod\n");
  nhi_test::test_inventory where(dir, "inv.db");
  const std::string db = where.location();

  auto scan = run(nhi() + "scan '" + (dir / "tree") + "' --inventory '" + db + "' --as-of 2026-11-23 --format json");
  CHECK(scan.exit_code == 1);
  CHECK(scan.err.find("snapshot 1 recorded") != std::string::npos);
  if (!where.postgresql()) {  // the SQLite file is private
    struct stat st {};
    REQUIRE(::stat(db.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
  }

  // The scan report pairs the key id with its secret: one finding.
  auto report = nlohmann::json::parse(scan.out);
  REQUIRE(report["findings"].size() == 1);
  CHECK(report["findings"][0]["rule_id"] == "aws-secret-access-key");
  CHECK(report["findings"][0]["external_id"] == kKeyId);

  auto import = run(nhi() + "import '" + nhi_test::source_dir() +
                    "/tests/fixtures/analyze/exports/aws-list-access-keys.json' --account aws:123456789012 --inventory '" + db +
                    "' --as-of 2026-11-23");
  CHECK(import.exit_code == 0);
  CHECK(import.err.find("snapshot 2 recorded") != std::string::npos);

  auto exported = run(nhi() + "inventory export --inventory '" + db + "' --as-of 2026-11-23");
  REQUIRE(exported.exit_code == 0);
  const auto doc = nlohmann::json::parse(exported.out);
  const nlohmann::json* key = identity_with_external_id(doc, kKeyId);
  REQUIRE(key != nullptr);
  CHECK((*key)["status"] == "revoked");
  CHECK((*key)["provider"] == "aws");
  bool nhi2 = false;
  for (const auto& r : (*key)["risks"]) nhi2 |= r["id"] == "NHI2";
  CHECK(nhi2);
  bool has_location = false;
  for (const auto& l : (*key)["locations"]) has_location |= l["path"].get<std::string>().find("prod.env") != std::string::npos;
  CHECK(has_location);

  // The manifest read in the same pass as the secrets is in the inventory too.
  bool service_account = false;
  for (const auto& i : doc["identities"]) service_account |= i["name"] == "billing-runner";
  CHECK(service_account);

  // The other key of the export, never leaked, is an identity of its own.
  CHECK(identity_with_external_id(doc, "AKIAZ4X7QJ2K5LMNWPQR") != nullptr);

  // Never a plaintext secret in the file.
  if (!where.postgresql()) {
    const std::string bytes = nhi_test::read_file(db);
    CHECK(bytes.find(kSecret) == std::string::npos);
  }
}

TEST_CASE("cli inventory: a second scan after the secret is removed records the change") {
  nhi_test::temp_dir dir;
  nhi_test::write_file(dir / "app/config.env", "GITHUB_TOKEN=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\n");
  nhi_test::test_inventory where(dir, "inv.db");
  const std::string db = where.location();
  const std::string tree = dir / "app";
  auto first = run(nhi() + "scan '" + tree + "' --inventory '" + db + "' --as-of 2026-01-10");
  REQUIRE(first.err.find("snapshot 1 recorded") != std::string::npos);
  nhi_test::write_file(dir / "app/config.env", "GITHUB_TOKEN=${GITHUB_TOKEN}\n");
  auto second = run(nhi() + "scan '" + tree + "' --inventory '" + db + "' --as-of 2026-02-10");
  CHECK(second.exit_code == 0);
  REQUIRE(second.err.find("snapshot 2 recorded") != std::string::npos);

  auto diff = run(nhi() + "inventory diff 1 2 --inventory '" + db + "' --format json");
  REQUIRE(diff.exit_code == 0);
  const auto d = nlohmann::json::parse(diff.out);
  REQUIRE(d["resolved"].size() == 1);
  CHECK(d["resolved"][0]["provider"] == "github");
  CHECK(d["resolved"][0]["status"] == "removed");
  REQUIRE(d["transitions"].size() == 1);
  CHECK(d["transitions"][0]["from"] == "active");
  CHECK(d["transitions"][0]["to"] == "removed");
}

// A nightly job clones into a fresh temporary directory each time: the
// snapshots must still be of one target, or nothing ever becomes "removed"
// and each clone counts as another repository.
TEST_CASE("cli inventory: clones of one repository in different places are one target") {
  nhi_test::temp_dir dir;
  const std::string env = nhi_test::git_env("T", "t@example.com", "2024-01-01T00:00:00Z");
  auto git = [&](const std::string& repo, const std::string& args) {
    const auto r = run(env + "git -C '" + repo + "' " + args);
    INFO("git " << args << ": " << r.err);
    REQUIRE(r.exit_code == 0);
  };
  nhi_test::write_file(dir / "first/config.env", "GITHUB_TOKEN=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\n");
  git(dir.str(), "init -q -b main first");
  git(dir / "first", "add -A");
  git(dir / "first", "commit -q -m add");
  // The remote as CI checks it out: a token in the URL, which must not reach the inventory.
  git(dir / "first", "remote add origin https://gitlab-ci-token:glcbt-Qm7xR2pL9vK4@GitLab.example.com/team/app.git");
  nhi_test::test_inventory where(dir, "inv.db");
  const std::string db = where.location();
  auto first = run(nhi() + "scan '" + (dir / "first") + "' --inventory '" + db + "' --as-of 2026-01-10");
  REQUIRE(first.err.find("snapshot 1 recorded") != std::string::npos);

  git(dir.str(), "clone -q first second");
  git(dir / "second", "remote set-url origin git@gitlab.example.com:team/app.git");
  nhi_test::write_file(dir / "second/config.env", "GITHUB_TOKEN=${GITHUB_TOKEN}\n");
  auto second = run(nhi() + "scan '" + (dir / "second") + "' --inventory '" + db + "' --as-of 2026-02-10");
  REQUIRE(second.err.find("snapshot 2 recorded") != std::string::npos);

  auto snaps = run(nhi() + "inventory snapshots --inventory '" + db + "' --format json");
  REQUIRE(snaps.exit_code == 0);
  CHECK(snaps.out.find("glcbt") == std::string::npos);
  const auto s = nlohmann::json::parse(snaps.out)["snapshots"];
  REQUIRE(s.size() == 2);
  CHECK(s[0]["target"] == "gitlab.example.com/team/app");
  CHECK(s[1]["target"] == "gitlab.example.com/team/app");
  auto diff = run(nhi() + "inventory diff 1 2 --inventory '" + db + "' --format json");
  REQUIRE(diff.exit_code == 0);
  const auto d = nlohmann::json::parse(diff.out);
  REQUIRE(d["resolved"].size() == 1);
  CHECK(d["resolved"][0]["status"] == "removed");

  // --target names it explicitly.
  auto named = run(nhi() + "scan '" + (dir / "second") + "' --target team-app --inventory '" + db + "'");
  REQUIRE(named.err.find("snapshot 3 recorded") != std::string::npos);
  const auto all =
      nlohmann::json::parse(run(nhi() + "inventory snapshots --inventory '" + db + "' --format json").out)["snapshots"];
  REQUIRE(all.size() == 3);
  CHECK(all[2]["target"] == "team-app");
}

// Inventories recorded before targets were named by the repository know it by
// its path: the first scan under the new name carries that history on.
TEST_CASE("cli inventory: a repository recorded under its path carries on under its new name") {
  nhi_test::temp_dir dir;
  const std::string env = nhi_test::git_env("T", "t@example.com", "2024-01-01T00:00:00Z");
  nhi_test::write_file(dir / "app/config.env", "GITHUB_TOKEN=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\n");
  nhi_test::test_inventory where(dir, "inv.db");
  const std::string db = where.location();
  const std::string canonical = std::filesystem::weakly_canonical(dir / "app").string();
  // As older versions recorded it.
  REQUIRE(run(nhi() + "scan '" + (dir / "app") + "' --target '" + canonical + "' --inventory '" + db +
              "' --as-of 2026-01-10").exit_code == 1);
  REQUIRE(run(env + "git -C '" + (dir / "app") + "' init -q -b main && " + env + "git -C '" + (dir / "app") +
              "' add -A && " + env + "git -C '" + (dir / "app") + "' commit -q -m add && git -C '" + (dir / "app") +
              "' remote add origin https://git.example.com/team/app").exit_code == 0);
  nhi_test::write_file(dir / "app/config.env", "GITHUB_TOKEN=${GITHUB_TOKEN}\n");
  REQUIRE(run(nhi() + "scan '" + (dir / "app") + "' --inventory '" + db + "' --as-of 2026-02-10").exit_code == 0);
  const auto s =
      nlohmann::json::parse(run(nhi() + "inventory snapshots --inventory '" + db + "' --format json").out)["snapshots"];
  REQUIRE(s.size() == 2);
  CHECK(s[0]["target"] == "git.example.com/team/app");
  CHECK(s[1]["target"] == "git.example.com/team/app");
  const auto d = nlohmann::json::parse(run(nhi() + "inventory diff 1 2 --inventory '" + db + "' --format json").out);
  REQUIRE(d["resolved"].size() == 1);
  CHECK(d["resolved"][0]["status"] == "removed");
}

TEST_CASE("cli inventory: a bad policy file is a usage error naming the file") {
  nhi_test::temp_dir dir;
  nhi_test::write_file(dir / "t/a.txt", "nothing here\n");
  nhi_test::write_file(dir / "policy.yaml", "max_age_days: [not, a, number]\n");
  nhi_test::test_inventory where(dir, "inv.db");
  auto r = run(nhi() + "scan '" + (dir / "t") + "' --inventory '" + where.location() + "' --policy '" +
               (dir / "policy.yaml") + "'");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("policy.yaml") != std::string::npos);
}

TEST_SUITE_END();
