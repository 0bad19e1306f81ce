// SPDX-License-Identifier: Apache-2.0
// The inventory across snapshots: a repository scanned twice with a cloud
// import between, as the lead's `nhi scan --inventory` and `nhi import` will
// record them. Identities, linking to the cloud, states, events, the diff and
// the classification with its reasons.
#include <doctest/doctest.h>

#include <algorithm>

#include "finding/fingerprint.hpp"
#include "unit/inventory/inventory_test_util.hpp"

using namespace inventory_test;

// Backend-neutral: ctest runs the file against SQLite and again against
// PostgreSQL ("postgresql:...").
TEST_SUITE_BEGIN("inventory");

namespace {

const std::string kRepo = "git@example.com:acme/platform.git";
const std::string kAws = "aws:123456789012 access-keys";
// Made-up values shaped like real credentials; none is live.
const std::string kStripe = "sk_live_4eC39HqLyjWDarjtT1zdp7dcQxZ";
const std::string kAwsSecret = "wJalrXUtnFEMIK7MDENGbPxRfiCYq8zKz3Ab9Tq1";
const std::string kAwsKeyId = "AKIAZ7Q3LMNOPQRSTUV1";
const std::string kDbUrl = "postgres://app:Pa55w0rd-Xq9Lm@db.internal/app";
const std::string kDbUrl2 = "postgres://app:N3w-Rotated-77Kp@db.internal/app";
const std::string kSearch = "xoxb-1111111111-2222222222-AbCdEfGhIjKlMnOpQrStUvWx";

nhi::finding db_finding(const std::string& secret, const std::string& commit, const std::string& date,
                        bool in_head = true) {
  nhi::finding f = git_finding(secret, "postgres-connection-string", "services/billing/config/database.yml", 4,
                               commit, "alice@example.com", date, in_head);
  f.kind = "connection_string";
  return f;
}

nhi::finding aws_finding() {
  nhi::finding f = git_finding(kAwsSecret, "aws-access-key-pair", "deploy/ci.env", 2, "c3c3c3c3c3c3c3c3c3c3",
                               "carol@example.com", "2023-11-01T10:00:00Z");
  f.provider = "aws";
  f.external_id = kAwsKeyId;  // filled by the scanner for AWS key pairs
  return f;
}

std::vector<nhi::finding> first_scan() {
  return {git_finding(kStripe, "stripe-secret-key", "services/billing/config/prod.env", 3, "c1c1c1c1c1c1c1c1c1c1",
                      "alice@example.com", "2022-02-10T09:30:00+01:00"),
          git_finding(kStripe, "stripe-secret-key", "services/payments/config/dev.env", 7, "c2c2c2c2c2c2c2c2c2c2",
                      "bob@example.com", "2023-06-01T12:00:00Z"),
          aws_finding(), db_finding(kDbUrl, "c4c4c4c4c4c4c4c4c4c4", "2023-12-01T08:00:00Z")};
}

nhi::analysis_result aws_import() {
  nhi::analysis_result r;
  r.identities.push_back(access_key_fact(kAwsKeyId, "Inactive", "2023-10-01T00:00:00Z"));
  nhi::identity_fact stale = access_key_fact("AKIAZ7Q3LMNOPQRSTUV2", "Active", "2022-01-01T00:00:00Z", "reporting");
  stale.last_used_at = "2023-06-01T00:00:00Z";
  r.identities.push_back(stale);
  nhi::identity_fact user;
  user.kind = "user";
  user.provider = "aws";
  user.name = "deploy-bot";
  user.external_ids = {"arn:aws:iam::123456789012:user/deploy-bot"};
  user.admin_equivalent = true;
  user.permissions = {"AdministratorAccess"};
  user.interactive_use = true;
  user.path = "exports/authorization-details.json";
  r.identities.push_back(user);
  return r;
}

std::vector<nhi::finding> second_scan() {
  std::vector<nhi::finding> out = {
      // The Stripe key was deleted from both files: only history has it now.
      git_finding(kStripe, "stripe-secret-key", "services/billing/config/prod.env", 3, "c1c1c1c1c1c1c1c1c1c1",
                  "alice@example.com", "2022-02-10T09:30:00+01:00", false),
      git_finding(kStripe, "stripe-secret-key", "services/payments/config/dev.env", 7, "c2c2c2c2c2c2c2c2c2c2",
                  "bob@example.com", "2023-06-01T12:00:00Z", false),
      aws_finding(),
      // The database password was rotated in place.
      db_finding(kDbUrl, "c4c4c4c4c4c4c4c4c4c4", "2023-12-01T08:00:00Z", false),
      db_finding(kDbUrl2, "c5c5c5c5c5c5c5c5c5c5", "2024-01-20T08:00:00Z"),
      git_finding(kSearch, "slack-bot-token", "services/search/.env", 1, "c6c6c6c6c6c6c6c6c6c6", "dave@example.com",
                  "2024-01-25T08:00:00Z")};
  return out;
}

struct recorded {
  temp_dir dir;
  test_inventory where{dir, "inventory.db"};
  std::string db = where.location();
  nhi::inventory inv = nhi::inventory::open(db).value();
  std::int64_t s1 = 0, s2 = 0, s3 = 0;

  recorded() {
    const auto findings1 = first_scan();
    s1 = inv.record_scan(record(kRepo, "2024-01-10"), findings1, nullptr).value().id;
    s2 = inv.record_import(record(kAws, "2024-01-11"), aws_import()).value().id;
    const auto findings3 = second_scan();
    s3 = inv.record_scan(record(kRepo, "2024-02-01"), findings3, nullptr).value().id;
  }

  std::vector<nhi::identity> judged(const std::string& as_of = "2024-02-01") {
    return inv.classify(nhi::policy{}, as_of).value();
  }
};

std::vector<std::string> event_kinds(const std::vector<nhi::event>& events) {
  std::vector<std::string> out;
  for (const nhi::event& e : events) out.push_back(e.type + ":" + e.from_status + ">" + e.to_status);
  return out;
}

}  // namespace

TEST_CASE("inventory: one identity per fingerprint, stable ids, linked to the cloud key list") {
  recorded r;
  const auto ids = r.judged();
  CHECK(ids.size() == 7);  // stripe, aws key, db, db2, slack, stale key, user
  const nhi::identity* stripe = find_by_fingerprint(ids, kStripe);
  REQUIRE(stripe);
  CHECK(stripe->id == "nhi-" + nhi::detail::sha256_hex("fingerprint:" + nhi::fingerprint_of(kStripe)).substr(0, 12));
  CHECK(stripe->locations.size() == 2);
  CHECK(stripe->owner == "alice@example.com");  // introduced it first
  CHECK(stripe->owner_source == "git:author");
  CHECK(stripe->first_seen == "2022-02-10T08:30:00Z");
  CHECK(stripe->last_seen == "2024-02-01T00:00:00Z");
  CHECK(stripe->environments == std::vector<std::string>{"dev", "prod"});
  CHECK(stripe->services == std::vector<std::string>{"billing", "payments"});
  CHECK(stripe->repositories == std::vector<std::string>{kRepo});

  // The leaked AWS secret is known Inactive from the import alone, no network call.
  const nhi::identity* aws = find_by_fingerprint(ids, kAwsSecret);
  REQUIRE(aws);
  CHECK(aws->external_ids == std::vector<std::string>{kAwsKeyId});
  CHECK(aws->kind == "access_key");
  CHECK(aws->provider == "aws");
  CHECK(aws->name == "deploy-bot");
  CHECK(aws->created_at == "2023-10-01T00:00:00Z");
  CHECK(aws->status == nhi::identity_status::revoked);
  CHECK(aws->status_reason == "aws reports it inactive (" + kAws + ", 2024-01-11)");
}

TEST_CASE("inventory: lifecycle states after the second scan") {
  recorded r;
  const auto ids = r.judged();
  const nhi::identity* stripe = find_by_fingerprint(ids, kStripe);
  const nhi::identity* db = find_by_fingerprint(ids, kDbUrl);
  const nhi::identity* db2 = find_by_fingerprint(ids, kDbUrl2);
  const nhi::identity* slack = find_by_fingerprint(ids, kSearch);
  REQUIRE((stripe && db && db2 && slack));
  CHECK(stripe->status == nhi::identity_status::removed);
  CHECK(stripe->status_reason.rfind("no longer in HEAD of " + kRepo + "; still in git history at ", 0) == 0);
  CHECK(db->status == nhi::identity_status::rotated);
  CHECK(db->replaced_by == db2->id);
  CHECK(db->status_reason == "replaced by " + db2->id +
                                 " at services/billing/config/database.yml (rule postgres-connection-string) "
                                 "(2024-02-01)");
  CHECK(db2->status == nhi::identity_status::active);
  CHECK(slack->status == nhi::identity_status::active);

  const auto stale = std::find_if(ids.begin(), ids.end(), [](const nhi::identity& i) {
    return !i.external_ids.empty() && i.external_ids[0] == "AKIAZ7Q3LMNOPQRSTUV2";
  });
  REQUIRE(stale != ids.end());
  CHECK(stale->status == nhi::identity_status::stale);
}

TEST_CASE("inventory: every OWASP category with its reason") {
  recorded r;
  const auto ids = r.judged();
  const nhi::identity& stripe = *find_by_fingerprint(ids, kStripe);
  CHECK(risk_reason(stripe, "NHI7") == "first seen 2022-02-10 in services/billing/config/prod.env: 721 days old "
                                       "(policy max_age_days 90)");
  CHECK(risk_reason(stripe, "NHI8") == "the same credential is used in 2 environments: dev "
                                       "(services/payments/config/dev.env:7), prod "
                                       "(services/billing/config/prod.env:3)");
  CHECK(risk_reason(stripe, "NHI9") == "the same credential is used by 2 services: billing "
                                       "(services/billing/config/prod.env:3), payments "
                                       "(services/payments/config/dev.env:7)");
  CHECK(risk_reason(stripe, "NHI2").rfind("secret in plaintext in " + kRepo +
                                              " at services/billing/config/prod.env:3 (commit c1c1c1c1c1c1 by alice, "
                                              "2022-02-10), only in git history",
                                          0) == 0);

  // Revoked: its leak is all that is left to say.
  const nhi::identity& aws = *find_by_fingerprint(ids, kAwsSecret);
  REQUIRE(aws.risks.size() == 1);
  CHECK(aws.risks[0].reason == "secret in plaintext in " + kRepo +
                                   " at deploy/ci.env:2 (commit c3c3c3c3c3c3 by carol, 2023-11-01) (the credential is "
                                   "revoked; purge it from history when convenient)");

  const nhi::identity& db = *find_by_fingerprint(ids, kDbUrl);
  CHECK(risk_reason(db, "NHI1") == "replaced by " + find_by_fingerprint(ids, kDbUrl2)->id +
                                       " at services/billing/config/database.yml (rule postgres-connection-string), "
                                       "but nothing shows the old credential was revoked");
  const nhi::identity& db2 = *find_by_fingerprint(ids, kDbUrl2);
  CHECK(risk_reason(db2, "NHI4") == "credential embedded in a URL or connection string (postgres-connection-string) "
                                    "at services/billing/config/database.yml:4; pass it separately, from a secret "
                                    "store");

  const auto user = std::find_if(ids.begin(), ids.end(), [](const nhi::identity& i) { return i.kind == "user"; });
  REQUIRE(user != ids.end());
  CHECK(risk_reason(*user, "NHI5") == "holds admin-equivalent permissions: AdministratorAccess "
                                      "(exports/authorization-details.json); permission 'AdministratorAccess' is "
                                      "admin-equivalent (matches admin_permissions 'AdministratorAccess')");
  CHECK(risk_reason(*user, "NHI10") == "also used interactively (console password enabled or used, or a workstation "
                                       "login) per exports/authorization-details.json");
  CHECK(risk_reason(*user, "NHI1").empty());  // no owner: the unowned flag, not NHI1
  CHECK(user->unowned);

  const auto stale = std::find_if(ids.begin(), ids.end(), [](const nhi::identity& i) {
    return !i.external_ids.empty() && i.external_ids[0] == "AKIAZ7Q3LMNOPQRSTUV2";
  });
  CHECK(risk_reason(*stale, "NHI1").rfind("still usable but last used 2023-06-01: unused for 245 days", 0) == 0);
  CHECK(risk_reason(*stale, "NHI7") == "created 2022-01-01: 761 days old (policy max_age_days 90)");

  // A stricter policy moves the thresholds, and the reasons say so.
  nhi::policy strict;
  strict.max_age_days = 800;
  const auto lenient = r.inv.classify(strict, "2024-02-01").value();
  CHECK(risk_reason(*find_by_fingerprint(lenient, kStripe), "NHI7").empty());
}

TEST_CASE("inventory: the event log follows each identity") {
  recorded r;
  const auto ids = r.judged();
  const nhi::identity& stripe = *find_by_fingerprint(ids, kStripe);
  auto events = r.inv.events(stripe.id).value();
  CHECK(event_kinds(events) == std::vector<std::string>{"discovered:>active", "status_changed:active>removed"});
  CHECK(events[0].snapshot_id == r.s1);
  CHECK(events[0].at == "2024-01-10T00:00:00Z");
  CHECK(events[1].snapshot_id == r.s3);

  const nhi::identity& aws = *find_by_fingerprint(ids, kAwsSecret);
  events = r.inv.events(aws.id).value();
  CHECK(event_kinds(events) == std::vector<std::string>{"discovered:>active", "status_changed:active>revoked"});
  CHECK(events[1].snapshot_id == r.s2);

  const nhi::identity& db = *find_by_fingerprint(ids, kDbUrl);
  events = r.inv.events(db.id).value();
  CHECK(event_kinds(events) ==
        std::vector<std::string>{"discovered:>active", "rotated:>", "status_changed:active>rotated"});
  CHECK(events[1].detail == "replaced by " + find_by_fingerprint(ids, kDbUrl2)->id +
                                " at services/billing/config/database.yml (rule postgres-connection-string)");

  // All events, oldest first.
  const auto all = r.inv.events().value();
  CHECK(all.size() == 11);  // 7 discoveries, 3 state changes, 1 rotation
  CHECK(std::is_sorted(all.begin(), all.end(), [](const nhi::event& a, const nhi::event& b) { return a.id < b.id; }));
  CHECK(r.inv.events("nhi-000000000000").error().code() == nhi::errc::not_found);
}

TEST_CASE("inventory: diff of two snapshots shows new, resolved, changed and transitions") {
  recorded r;
  const auto ids = r.judged();
  const auto d = r.inv.diff(r.s1, r.s3).value();
  std::vector<std::string> added;
  for (const nhi::identity& i : d.added) added.push_back(i.id);
  std::sort(added.begin(), added.end());
  std::vector<std::string> expected_added;
  for (const nhi::identity& i : ids)
    if (i.id != find_by_fingerprint(ids, kStripe)->id && i.id != find_by_fingerprint(ids, kAwsSecret)->id &&
        i.id != find_by_fingerprint(ids, kDbUrl)->id)
      expected_added.push_back(i.id);
  CHECK(added == expected_added);  // db2, slack, both imported keys' owner and the user

  std::vector<std::string> resolved;
  for (const nhi::identity& i : d.resolved) resolved.push_back(i.id);
  std::sort(resolved.begin(), resolved.end());
  std::vector<std::string> expected_resolved{find_by_fingerprint(ids, kStripe)->id,
                                             find_by_fingerprint(ids, kAwsSecret)->id};
  std::sort(expected_resolved.begin(), expected_resolved.end());
  CHECK(resolved == expected_resolved);

  REQUIRE(d.changed.size() == 1);
  CHECK(d.changed[0].id == find_by_fingerprint(ids, kDbUrl)->id);
  CHECK(d.changed[0].what.front().rfind("status active -> rotated: replaced by", 0) == 0);
  CHECK(std::find(d.changed[0].what.begin(), d.changed[0].what.end(),
                  kRepo + ": services/billing/config/database.yml:4") == d.changed[0].what.end());

  CHECK(d.transitions.size() == 3);
  for (const nhi::status_transition& t : d.transitions) {
    CHECK(t.from == nhi::identity_status::active);
    const bool expected = (t.id == find_by_fingerprint(ids, kStripe)->id && t.to == nhi::identity_status::removed) ||
                          (t.id == find_by_fingerprint(ids, kAwsSecret)->id && t.to == nhi::identity_status::revoked) ||
                          (t.id == find_by_fingerprint(ids, kDbUrl)->id && t.to == nhi::identity_status::rotated);
    CHECK(expected);
  }
  CHECK(d.from.id == r.s1);
  CHECK(d.to.target == kRepo);

  // Nothing changes between a snapshot and itself.
  const auto same = r.inv.diff(r.s3, r.s3).value();
  CHECK(same.added.empty());
  CHECK(same.resolved.empty());
  CHECK(same.changed.empty());
  CHECK(r.inv.diff(r.s1, 99).error().code() == nhi::errc::not_found);
}

TEST_CASE("inventory: the inventory as it stood after an earlier snapshot") {
  recorded r;
  nhi::identity_query q;
  q.snapshot = r.s1;
  const auto then = r.inv.list(q).value();
  CHECK(then.size() == 3);
  for (const nhi::identity& i : then) CHECK(i.status == nhi::identity_status::active);
  const auto snaps = r.inv.snapshots().value();
  REQUIRE(snaps.size() == 3);
  CHECK(snaps[0].kind == "scan");
  CHECK(snaps[0].findings == 4);
  CHECK(snaps[0].identities == 3);
  CHECK(snaps[0].new_identities == 3);
  CHECK(snaps[0].rules_version == "test-rules-1");
  CHECK(snaps[1].kind == "import");
  CHECK(snaps[1].facts == 3);
  CHECK(snaps[1].new_identities == 2);  // the first key joined the leaked secret
  CHECK(snaps[2].new_identities == 2);
  CHECK(snaps[2].tool_version == nhi::version_string());
}

TEST_CASE("inventory: list filters by risk, status, owner and provider") {
  recorded r;
  nhi::identity_query q;
  q.as_of = "2024-02-01";
  q.risk = "NHI8";
  auto ids = r.inv.list(q).value();
  REQUIRE(ids.size() == 1);
  CHECK(ids[0].fingerprints[0] == nhi::fingerprint_of(kStripe));

  q = {};
  q.as_of = "2024-02-01";
  q.status = "rotated";
  CHECK(r.inv.list(q).value().size() == 1);
  q.status = "";
  q.owner = "ALICE@";
  CHECK(r.inv.list(q).value().size() == 3);  // stripe, db, db2
  q.owner = "";
  q.provider = "aws";
  CHECK(r.inv.list(q).value().size() == 3);

  q = {};
  q.status = "lost";
  CHECK(r.inv.list(q).error().code() == nhi::errc::invalid_argument);
  q = {};
  q.risk = "NHI11";
  CHECK(r.inv.list(q).error().code() == nhi::errc::invalid_argument);
  q = {};
  q.as_of = "yesterday";
  CHECK(r.inv.list(q).error().code() == nhi::errc::invalid_argument);
}

TEST_CASE("inventory: as-of makes ages reproducible") {
  recorded r;
  const auto a = r.judged("2025-11-23");
  const auto b = r.judged("2025-11-23");
  CHECK(risk_reason(*find_by_fingerprint(a, kStripe), "NHI7") ==
        "first seen 2022-02-10 in services/billing/config/prod.env: 1382 days old (policy max_age_days 90)");
  CHECK(risk_reason(*find_by_fingerprint(a, kStripe), "NHI7") == risk_reason(*find_by_fingerprint(b, kStripe), "NHI7"));
}

TEST_CASE("inventory: get one identity, unknown ids are not_found") {
  recorded r;
  const auto ids = r.judged();
  const std::string id = find_by_fingerprint(ids, kSearch)->id;
  nhi::identity_query q;
  q.as_of = "2024-02-01";
  const auto one = r.inv.get(id, q).value();
  CHECK(one.id == id);
  CHECK(one.owner == "dave@example.com");
  CHECK(one.services == std::vector<std::string>{"search"});
  CHECK(r.inv.get("nhi-ffffffffffff").error().code() == nhi::errc::not_found);
}

TEST_CASE("inventory: a key id learnt later merges two identities into the older one") {
  temp_dir dir;
  test_inventory where(dir, "i.db");
  auto inv = nhi::inventory::open(where.location()).value();
  nhi::finding leak = git_finding(kAwsSecret, "aws-secret-access-key", "ops/deploy.sh", 9, "d1d1d1d1d1d1d1d1d1d1",
                                  "erin@example.com", "2023-09-01");
  REQUIRE(inv.record_scan(record("repo", "2024-01-01"), {leak}, nullptr));
  nhi::analysis_result keys;
  keys.identities.push_back(access_key_fact(kAwsKeyId, "Active", "2023-08-30"));
  REQUIRE(inv.record_import(record(kAws, "2024-01-02"), keys));
  auto before = inv.classify({}, "2024-01-03").value();
  REQUIRE(before.size() == 2);
  const std::string leak_id = find_by_fingerprint(before, kAwsSecret)->id;
  const std::string key_id = before[0].id == leak_id ? before[1].id : before[0].id;

  leak.external_id = kAwsKeyId;  // the scanner now pairs the secret with its key id
  auto merged = inv.record_scan(record("repo", "2024-01-03"), {leak}, nullptr);
  INFO(merged.error().to_string());
  REQUIRE(merged);
  const auto after = inv.classify({}, "2024-01-03").value();
  REQUIRE(after.size() == 1);
  CHECK(after[0].id == leak_id);
  CHECK(after[0].external_ids == std::vector<std::string>{kAwsKeyId});
  CHECK(after[0].created_at == "2023-08-30");
  CHECK(inv.get(key_id).value().id == leak_id);
  const auto events = inv.events(leak_id).value();
  CHECK(std::any_of(events.begin(), events.end(), [&](const nhi::event& e) {
    return e.type == "merged" && e.detail == "merged with " + key_id + ": the same credential (shared fingerprint, "
                                                                       "external_id)";
  }));
}

TEST_CASE("inventory: a new key for the same user that retires the old one is a rotation") {
  temp_dir dir;
  test_inventory where(dir, "i.db");
  auto inv = nhi::inventory::open(where.location()).value();
  nhi::analysis_result first;
  first.identities.push_back(access_key_fact("AKIAOLDOLDOLDOLDOLD1", "Active", "2023-01-01"));
  REQUIRE(inv.record_import(record(kAws, "2024-01-01"), first));
  nhi::analysis_result second;
  second.identities.push_back(access_key_fact("AKIAOLDOLDOLDOLDOLD1", "Inactive", "2023-01-01"));
  second.identities.push_back(access_key_fact("AKIANEWNEWNEWNEWNEW2", "Active", "2024-01-15"));
  REQUIRE(inv.record_import(record(kAws, "2024-02-01"), second));
  const auto ids = inv.classify({}, "2024-02-01").value();
  REQUIRE(ids.size() == 2);
  const nhi::identity& old = ids[0].external_ids[0] == "AKIAOLDOLDOLDOLDOLD1" ? ids[0] : ids[1];
  const nhi::identity& fresh = &old == &ids[0] ? ids[1] : ids[0];
  CHECK(old.replaced_by == fresh.id);
  // Deactivating the old key is the rotation's last step, not a revocation
  // of its own (issue 15: it read revoked, and its replacement new).
  CHECK(old.status == nhi::identity_status::rotated);
  CHECK(old.status_reason == "replaced by " + fresh.id + " as the newer credential of " +
                                 "arn:aws:iam::123456789012:user/deploy-bot (2024-02-01); aws reports it inactive (" +
                                 kAws + ", 2024-02-01)");
  CHECK(old.validity == "invalid");
  CHECK(fresh.status == nhi::identity_status::active);
  CHECK(fresh.validity == "valid");
  CHECK(event_kinds(inv.events(old.id).value()) ==
        std::vector<std::string>{"discovered:>active", "rotated:>", "status_changed:active>rotated"});

  // A key dropped from a later export of the same target was deleted: still rotated, and dead.
  nhi::analysis_result third;
  third.identities.push_back(access_key_fact("AKIANEWNEWNEWNEWNEW2", "Active", "2024-01-15"));
  REQUIRE(inv.record_import(record(kAws, "2024-03-01"), third));
  const nhi::identity gone = inv.get(old.id).value();
  CHECK(gone.status == nhi::identity_status::rotated);
  CHECK(gone.status_reason.find("; no longer listed by the latest import of " + kAws + " (2024-03-01)") !=
        std::string::npos);
  CHECK(gone.validity == "invalid");
  CHECK(gone.risks.empty());  // never leaked, and dead: nothing left to fix

  // Not so when the target's first listing holds an old inactive key beside
  // a newer one: both were new to the inventory, not to the cloud.
  nhi::analysis_result first_listing;
  first_listing.identities.push_back(access_key_fact("AKIAOLDOLDOLDOLDOLD3", "Inactive", "2023-01-01", "ops-bot"));
  first_listing.identities.push_back(access_key_fact("AKIANEWNEWNEWNEWNEW4", "Active", "2024-01-15", "ops-bot"));
  REQUIRE(inv.record_import(record(kAws + " user/ops-bot", "2024-03-02"), first_listing));
  const auto listed = inv.classify({}, "2024-03-02").value();
  for (const nhi::identity& id : listed)
    if (id.external_ids == std::vector<std::string>{"AKIAOLDOLDOLDOLDOLD3"}) CHECK(id.status == nhi::identity_status::revoked);
}

TEST_CASE("inventory: an owner whose last commit is older than the policy allows orphans the secret") {
  temp_dir dir;
  test_inventory where(dir, "i.db");
  auto inv = nhi::inventory::open(where.location()).value();
  nhi::scan_record meta = record("repo", "2024-06-01");
  meta.author_last_commit["erin@example.com"] = "2023-10-01T00:00:00Z";
  const auto f = git_finding(kSearch, "slack-bot-token", "bots/.env", 1, "e1e1e1e1e1e1e1e1e1e1", "erin@example.com",
                             "2023-09-01T00:00:00Z");
  REQUIRE(inv.record_scan(meta, {f}, nullptr));
  auto id = inv.classify({}, "2024-06-01").value().at(0);
  CHECK(id.status == nhi::identity_status::orphaned);
  CHECK(id.status_reason == "owner erin@example.com has made no commit since 2023-10-01: 244 days (policy "
                            "owner_inactive_days 180)");

  // A later scan knows of a recent commit by her: she is around.
  meta.taken_at = "2024-06-02";
  meta.author_last_commit["erin@example.com"] = "2024-05-30T00:00:00Z";
  REQUIRE(inv.record_scan(meta, {f}, nullptr));
  id = inv.classify({}, "2024-06-02").value().at(0);
  CHECK(id.status == nhi::identity_status::active);
  CHECK(event_kinds(inv.events(id.id).value()) ==
        std::vector<std::string>{"discovered:>orphaned", "status_changed:orphaned>active"});
}

TEST_CASE("inventory: configuration findings attach to the identity they name, or are counted alone") {
  temp_dir dir;
  test_inventory where(dir, "i.db");
  auto inv = nhi::inventory::open(where.location()).value();
  nhi::analysis_result facts;
  nhi::identity_fact token;
  token.kind = "k8s_service_account_token";
  token.provider = "kubernetes";
  token.name = "ci-token";
  token.namespace_ = "payments-prod";
  token.expires_at = "never";
  token.path = "k8s/ci-token.yaml";
  token.line = 3;
  facts.identities.push_back(token);
  facts.findings.push_back({"k8s-legacy-sa-token-secret", "NHI4", "ci-token is a legacy token secret", "ci-token",
                            "k8s/ci-token.yaml", 3, "prod", "medium"});
  facts.findings.push_back({"gha-static-cloud-keys", "NHI6", "static keys in a workflow", "deploy",
                            ".github/workflows/deploy.yml", 12, "", "high"});
  REQUIRE(inv.record_scan(record("repo", "2024-02-01"), {}, &facts));
  const auto ids = inv.classify({}, "2024-02-01").value();
  REQUIRE(ids.size() == 1);
  CHECK(ids[0].environments == std::vector<std::string>{"prod"});
  CHECK(risk_reason(ids[0], "NHI4") ==
        "legacy service-account token secret ci-token at k8s/ci-token.yaml:3: a token that never expires; use "
        "projected tokens (TokenRequest) instead; ci-token is a legacy token secret (k8s-legacy-sa-token-secret at "
        "k8s/ci-token.yaml:3)");
  CHECK(risk_reason(ids[0], "NHI7") == "never expires");
  const auto p = inv.assess({}, "2024-02-01").value();
  REQUIRE(p.unattached.size() == 1);
  CHECK(p.unattached[0].id == "gha-static-cloud-keys");
  CHECK(p.categories[5].config_findings == 1);
  CHECK(p.categories[3].config_findings == 1);
  CHECK(p.categories[3].identities == 1);
}

TEST_SUITE_END();
