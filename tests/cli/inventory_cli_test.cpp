// SPDX-License-Identifier: Apache-2.0
// End to end: a leak found by `nhi scan --inventory` joined to the cloud's
// key list by `nhi import --inventory`, without any network call.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include "test_util.hpp"

namespace {

using nhi_test::run;
const std::string kKeyId = "AKIAZ4X7QJ2K5LMN8PQT";  // listed Inactive in the fixture export
const std::string kSecret = "Zk3mQpR7vWx2Yt8NbLc4HdEfGh5JkLMnPqRsTu9V";

std::string nhi() { return "'" + nhi_test::nhi_cli() + "' "; }

const nlohmann::json* identity_with_external_id(const nlohmann::json& doc, const std::string& id) {
  for (const auto& i : doc["identities"])
    for (const auto& e : i["external_ids"])
      if (e == id) return &i;
  return nullptr;
}

}  // namespace

TEST_CASE("cli inventory: a leaked key joined to list-access-keys is known revoked") {
  nhi_test::temp_dir dir;
  nhi_test::write_file(dir / "tree/services/billing/config/prod.env",
                       "AWS_ACCESS_KEY_ID=" + kKeyId + "\nAWS_SECRET_ACCESS_KEY=" + kSecret + "\n");
  nhi_test::write_file(dir / "tree/deploy/k8s/sa.yaml",
                       "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: billing-runner\n  namespace: prod\n");
  const std::string db = dir / "inv.db";

  auto scan = run(nhi() + "scan '" + (dir / "tree") + "' --inventory '" + db + "' --as-of 2026-11-23 --format json");
  CHECK(scan.exit_code == 1);
  CHECK(scan.err.find("snapshot 1 recorded") != std::string::npos);
  struct stat st {};
  REQUIRE(::stat(db.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);

  // The scan report pairs the key id with its secret: one finding.
  auto report = nlohmann::json::parse(scan.out);
  REQUIRE(report["findings"].size() == 1);
  CHECK(report["findings"][0]["rule_id"] == "aws-secret-access-key");
  CHECK(report["findings"][0]["external_id"] == kKeyId);

  auto import = run(nhi() + "import '" + nhi_test::source_dir() +
                    "/tests/fixtures/analyze/exports/aws-list-access-keys.json' --inventory '" + db +
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
  CHECK(identity_with_external_id(doc, "AKIAZ4X7QJ2K5LMN8PQR") != nullptr);

  // Never a plaintext secret in the file.
  const std::string bytes = nhi_test::read_file(db);
  CHECK(bytes.find(kSecret) == std::string::npos);
}

TEST_CASE("cli inventory: a second scan after the secret is removed records the change") {
  nhi_test::temp_dir dir;
  nhi_test::write_file(dir / "app/config.env", "GITHUB_TOKEN=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\n");
  const std::string db = dir / "inv.db";
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

TEST_CASE("cli inventory: a bad policy file is a usage error naming the file") {
  nhi_test::temp_dir dir;
  nhi_test::write_file(dir / "t/a.txt", "nothing here\n");
  nhi_test::write_file(dir / "policy.yaml", "max_age_days: [not, a, number]\n");
  auto r = run(nhi() + "scan '" + (dir / "t") + "' --inventory '" + (dir / "inv.db") + "' --policy '" +
               (dir / "policy.yaml") + "'");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("policy.yaml") != std::string::npos);
}
