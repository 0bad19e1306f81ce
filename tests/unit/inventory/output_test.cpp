// SPDX-License-Identifier: Apache-2.0
// What the inventory writes for people and tools: the export contract, CSV
// that a spreadsheet cannot execute, a self-contained escaped HTML report,
// the posture ordering, and the CLI commands on top.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <sstream>

#include "unit/inventory/inventory_test_util.hpp"

using namespace inventory_test;

// Backend-neutral (but the last case): ctest runs these against SQLite and
// again against PostgreSQL ("postgresql:...").
TEST_SUITE_BEGIN("inventory");

namespace {

struct sample {
  temp_dir dir;
  test_inventory where{dir, "inv.db"};
  std::string db = where.location();
  nhi::inventory inv = nhi::inventory::open(db).value();

  sample() {
    // A hostile file name and rule name: they come from scanned repositories.
    std::vector<nhi::finding> findings = {
        git_finding("sk_live_51HxYzAbCdEfGhIjKlMnOpQrStUv", "stripe-secret-key", "svc/billing/prod.env", 2, "c1c1",
                    "alice@example.com", "2022-02-10T00:00:00Z"),
        git_finding("sk_live_51HxYzAbCdEfGhIjKlMnOpQrStUv", "stripe-secret-key", "svc/billing/dev.env", 2, "c2c2",
                    "alice@example.com", "2022-03-10T00:00:00Z"),
        git_finding("=HYPERLINK(\"x\")-Zq8LpWm3", "generic-secret", "=cmd|' /C calc'!A0.env", 1, "c3c3",
                    "bob@example.com", "2024-01-05T00:00:00Z")};
    findings[2].rule_name = "<script>alert(1)</script>";
    REQUIRE(inv.record_scan(record("acme/platform", "2024-01-10"), findings, nullptr));
    nhi::analysis_result facts;
    nhi::identity_fact user;
    user.kind = "user";
    user.provider = "aws";
    user.name = "<img src=x onerror=alert(1)>";
    user.external_ids = {"arn:aws:iam::1:user/x"};
    user.admin_equivalent = true;
    user.owner = "team-platform";
    user.owner_source = "tag:owner";
    user.path = "exports/users.json";
    facts.identities.push_back(user);
    REQUIRE(inv.record_import(record("aws:1", "2024-01-11"), facts));
  }
};

}  // namespace

TEST_CASE("inventory: JSON export has exactly the identity contract's fields, in order") {
  sample s;
  std::ostringstream out;
  REQUIRE(nhi::write_identities(out, nhi::inventory_format::json, s.inv.classify({}, "2024-02-01").value()));
  const auto j = nlohmann::ordered_json::parse(out.str());
  REQUIRE(j.size() == 1);
  REQUIRE(j["identities"].size() == 3);
  const auto& id = j["identities"][0];
  std::vector<std::string> keys;
  for (auto it = id.begin(); it != id.end(); ++it) keys.push_back(it.key());
  CHECK(keys == std::vector<std::string>{"id", "kind", "provider", "name", "external_ids", "fingerprints", "status",
                                         "owner", "first_seen", "last_seen", "created_at", "expires_at",
                                         "last_used_at", "environments", "services", "locations", "risks"});
  bool saw_location = false;
  for (const auto& ident : j["identities"])
    for (const auto& loc : ident["locations"]) {
      std::vector<std::string> lkeys;
      for (auto it = loc.begin(); it != loc.end(); ++it) lkeys.push_back(it.key());
      CHECK(lkeys == std::vector<std::string>{"repo", "path", "line", "commit", "date", "author"});
      saw_location = true;
    }
  CHECK(saw_location);
  for (const auto& ident : j["identities"])
    for (const auto& r : ident["risks"]) {
      CHECK(r.size() == 2);
      CHECK(r["id"].get<std::string>().rfind("NHI", 0) == 0);
      CHECK_FALSE(r["reason"].get<std::string>().empty());
    }
}

TEST_CASE("inventory: CSV cells are quoted and formula-safe") {
  sample s;
  std::ostringstream out;
  REQUIRE(nhi::write_identities(out, nhi::inventory_format::csv, s.inv.classify({}, "2024-02-01").value()));
  const std::string csv = out.str();
  CHECK(csv.rfind("id,kind,provider,name,status,owner,", 0) == 0);
  CHECK(csv.find(",=") == std::string::npos);   // no cell starts with '='
  CHECK(csv.find(",\"=") == std::string::npos);
  CHECK(csv.find("'=cmd|") != std::string::npos);  // the hostile path, defused
  std::size_t rows = 0;
  for (std::size_t p = csv.find("\r\n"); p != std::string::npos; p = csv.find("\r\n", p + 2)) ++rows;
  CHECK(rows == 4);
}

TEST_CASE("inventory: the HTML report is one self-contained, escaped page") {
  sample s;
  const auto p = s.inv.assess({}, "2024-02-01").value();
  std::ostringstream out;
  REQUIRE(nhi::write_posture(out, nhi::inventory_format::html, p));
  const std::string html = out.str();
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("default-src 'none'") != std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("&lt;img src=x onerror=alert(1)&gt;") != std::string::npos);
  for (const char* external : {"http:", "https:", "src=\"", "href=", "url(", "@import"})
    CHECK(html.find(external) == std::string::npos);
  CHECK(html.find("Long-Lived Secrets") != std::string::npos);
}

TEST_CASE("inventory: the posture counts categories, ranks the worst first and names owners") {
  sample s;
  const auto p = s.inv.assess({}, "2024-02-01").value();
  CHECK(p.identities == 3);
  REQUIRE(p.categories.size() == 10);
  CHECK(p.categories[1].id == "NHI2");
  CHECK(p.categories[1].title == "Secret Leakage");
  CHECK(p.categories[1].identities == 2);
  CHECK(p.categories[4].identities == 1);  // the admin user
  CHECK(p.categories[7].identities == 1);  // the Stripe key in dev and prod
  REQUIRE(p.worst.size() == 3);
  // By exposure (issue 15): no cloud record says a leaked secret still works, so
  // privilege (the admin user, NHI5) comes first, then the leaks, oldest first.
  CHECK(p.worst[0].external_ids == std::vector<std::string>{"arn:aws:iam::1:user/x"});
  CHECK(p.worst[1].fingerprints.at(0) == nhi::fingerprint_of("sk_live_51HxYzAbCdEfGhIjKlMnOpQrStUv"));
  CHECK(p.worst[2].leaked);
  REQUIRE(p.owners.size() == 3);
  CHECK(p.owners[0].owner == "alice@example.com");
  CHECK(p.owners[0].risks == p.worst[1].risks.size());
  CHECK(p.owners[0].departed);  // her last commit is 2022-03-10
  CHECK(p.by_status.at("active") == 2);
  CHECK(p.by_status.at("orphaned") == 1);

  std::ostringstream text;
  REQUIRE(nhi::write_posture(text, nhi::inventory_format::text, p));
  CHECK(text.str().find("OWASP NHI Top 10 posture as of 2024-02-01: 3 identities (active 2, orphaned 1)") == 0);
  std::ostringstream csv;
  CHECK(nhi::write_posture(csv, nhi::inventory_format::csv, p).code() == nhi::errc::invalid_argument);
}

TEST_CASE("inventory: show and diff render as text and JSON") {
  sample s;
  const auto ids = s.inv.classify({}, "2024-02-01").value();
  const nhi::identity& stripe = *find_by_fingerprint(ids, "sk_live_51HxYzAbCdEfGhIjKlMnOpQrStUv");
  std::ostringstream text;
  REQUIRE(nhi::write_identity(text, nhi::inventory_format::text, stripe, s.inv.events(stripe.id).value()));
  CHECK(text.str().find("  status         orphaned (owner alice@example.com has made no commit since 2022-03-10: "
                        "693 days (policy owner_inactive_days 180))") != std::string::npos);
  CHECK(text.str().find("\n    NHI2  secret in plaintext in acme/platform at svc/billing/dev.env:2") !=
        std::string::npos);
  CHECK(text.str().find("discovered - -> orphaned  found at svc/billing/dev.env:2 in acme/platform") !=
        std::string::npos);
  std::ostringstream json;
  REQUIRE(nhi::write_identity(json, nhi::inventory_format::json, stripe, s.inv.events(stripe.id).value()));
  const auto j = nlohmann::json::parse(json.str());
  CHECK(j["events"].size() == 1);
  CHECK(j["locations"][0]["redacted"].get<std::string>().find('*') != std::string::npos);

  std::ostringstream diff;
  REQUIRE(nhi::write_diff(diff, nhi::inventory_format::json, s.inv.diff(1, 2).value()));
  const auto d = nlohmann::json::parse(diff.str());
  CHECK(d["new"].size() == 1);
  CHECK(d["resolved"].empty());
  CHECK(d["from"]["id"] == 1);
}

#ifdef NHI_CLI_PATH
TEST_CASE("inventory: the CLI lists, exports, diffs and reports") {
  const std::string cli = NHI_CLI_PATH;
  if (cli.empty()) return;
  sample s;
  auto run = [&](const std::string& args) {
    const std::string out = s.dir.file("out.txt");
    const int rc = std::system((cli + " " + args + " > " + out + " 2>&1").c_str());
    return std::make_pair(WEXITSTATUS(rc), read_bytes(out));
  };
  auto [rc, out] = run("inventory export --inventory '" + s.db + "' --as-of 2024-02-01");
  CHECK(rc == 0);
  CHECK(nlohmann::json::parse(out)["identities"].size() == 3);
  std::tie(rc, out) = run("inventory list --inventory '" + s.db + "' --as-of 2024-02-01 --risk NHI8");
  CHECK(rc == 0);
  CHECK(out.find("1 identity") != std::string::npos);
  std::tie(rc, out) = run("inventory diff 1 2 --inventory '" + s.db + "'");
  CHECK(rc == 0);
  CHECK(out.find("new: 1") != std::string::npos);
  std::tie(rc, out) = run("inventory snapshots --inventory '" + s.db + "' --format csv");
  CHECK(rc == 0);
  CHECK(out.find("2,import,aws:1,") != std::string::npos);
  const std::string html = s.dir.file("report.html");
  std::tie(rc, out) = run("report --inventory '" + s.db + "' --as-of 2024-02-01 --format html -o " + html);
  CHECK(rc == 0);
  CHECK(mode_of(html) == 0600);
  CHECK(read_bytes(html).find("OWASP NHI Top 10 posture") != std::string::npos);
  const std::string bad_policy = s.dir.file("policy.yaml");
  std::ofstream(bad_policy) << "max_age_days: 30\nmax_age: 1\n";
  std::tie(rc, out) = run("report --inventory '" + s.db + "' --policy " + bad_policy);
  CHECK(rc == 2);
  CHECK(out.find(bad_policy + ":2: unknown policy key 'max_age'") != std::string::npos);
}
#endif

TEST_SUITE_END();

#ifdef NHI_CLI_PATH
// SQLite only: a report on a file that does not exist leaves none behind.
TEST_CASE("inventory: report on a missing inventory file is a usage error and creates no file") {
  const std::string cli = NHI_CLI_PATH;
  if (cli.empty()) return;
  temp_dir dir;
  const std::string out = dir.file("out.txt");
  const int rc = std::system((cli + " report --inventory '" + dir.file("nope.db") + "' > '" + out + "' 2>&1").c_str());
  CHECK(WEXITSTATUS(rc) == 2);
  CHECK(mode_of(dir.file("nope.db")) == 0);
}
#endif
