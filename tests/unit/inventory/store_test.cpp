// SPDX-License-Identifier: Apache-2.0
// The inventory store: the file created private, never holding a plaintext secret,
// refusing what it cannot safely use, and safe with concurrent writers.
#include <doctest/doctest.h>

#include <sqlite3.h>
#include <sys/stat.h>

#include <atomic>
#include <thread>

#include "inventory/schema.hpp"
#include "unit/inventory/inventory_test_util.hpp"

using namespace inventory_test;

namespace {

// Restores the process umask when a test changed it.
struct umask_guard {
  explicit umask_guard(mode_t m) : old(::umask(m)) {}
  ~umask_guard() { ::umask(old); }
  mode_t old;
};

void make_sqlite_file(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
}

std::int64_t pragma(const std::string& path, const char* name) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* st = nullptr;
  std::int64_t v = -1;
  if (sqlite3_prepare_v2(db, (std::string("PRAGMA ") + name).c_str(), -1, &st, nullptr) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW)
    v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return v;
}

}  // namespace

TEST_CASE("inventory: the file and its -wal and -shm files are created 0600 whatever the umask") {
  temp_dir dir;
  const std::string path = dir.file("inv.db");
  umask_guard permissive(0);
  auto inv = nhi::inventory::open(path);
  REQUIRE(inv);
  const auto f = git_finding("ghp_Zx81kLmQ0pRsT2uVwXyZ3aBcDeFgHiJkLm45", "github-pat", "a.env", 1, "c1", "a@x.io",
                             "2024-01-01");
  REQUIRE(inv->record_scan(record("repo", "2024-01-02"), {f}, nullptr));
  CHECK(mode_of(path) == 0600);
  CHECK(mode_of(path + "-wal") == 0600);  // WAL mode: present while a connection is open
  CHECK(mode_of(path + "-shm") == 0600);
  CHECK(pragma(path, "user_version") == nhi::detail::kSchemaVersion);
  CHECK(pragma(path, "application_id") == 0x6E686931);
}

TEST_CASE("inventory: no plaintext secret is ever written, only fingerprints and redacted previews") {
  temp_dir dir;
  const std::string path = dir.file("inv.db");
  const std::vector<std::string> secrets = {"ghp_Zx81kLmQ0pRsT2uVwXyZ3aBcDeFgHiJkLm45",
                                            "postgres://svc:Qm9vLWJhci1iYXotcXV4@db.internal:5432/app",
                                            "sk_live_51HxYzAbCdEfGhIjKlMnOpQrStUv"};
  {
    auto inv = nhi::inventory::open(path).value();
    std::vector<nhi::finding> findings;
    for (std::size_t i = 0; i < secrets.size(); ++i)
      findings.push_back(git_finding(secrets[i], "generic-secret", "svc/prod.env", i + 1, "c1", "a@x.io", "2024-01-01"));
    REQUIRE(findings[0].secret == secrets[0]);  // the scan captured it: the inventory must still drop it
    REQUIRE(inv.record_scan(record("repo", "2024-01-02"), findings, nullptr));
    // Check the live WAL too, before the checkpoint at close folds it in.
    const std::string wal = read_bytes(path + "-wal") + read_bytes(path);
    for (const std::string& s : secrets) {
      CHECK(wal.find(s) == std::string::npos);
      CHECK(wal.find(nhi::fingerprint_of(s)) != std::string::npos);  // sanity: the test reads what was written
    }
    CHECK(wal.find(nhi::redact(secrets[0])) != std::string::npos);
  }
  const std::string bytes = read_bytes(path);
  REQUIRE(bytes.size() > 4096);
  for (const std::string& s : secrets) CHECK(bytes.find(s) == std::string::npos);
}

TEST_CASE("inventory: a schema newer than this build is refused and left untouched") {
  temp_dir dir;
  const std::string path = dir.file("future.db");
  make_sqlite_file(path, "PRAGMA application_id = 1852336433; CREATE TABLE t(x); PRAGMA user_version = 999;");
  const std::string before = read_bytes(path);
  auto inv = nhi::inventory::open(path);
  REQUIRE_FALSE(inv);
  CHECK(inv.error().code() == nhi::errc::unsupported);
  CHECK(inv.error().file() == path);
  CHECK(inv.error().message() == "the inventory has schema version 999, newer than this libnhi supports (" +
                                       std::to_string(nhi::detail::kSchemaVersion) + "); use a "
                                 "newer nhi. The file was not modified");
  CHECK(read_bytes(path) == before);
  CHECK(pragma(path, "user_version") == 999);
}

TEST_CASE("inventory: a damaged file is refused as corrupt and left untouched") {
  temp_dir dir;
  const std::string path = dir.file("damaged.db");
  {
    std::ofstream out(path, std::ios::binary);
    for (int i = 0; i < 512; ++i) out << "not an sqlite database ";
  }
  const std::string before = read_bytes(path);
  auto inv = nhi::inventory::open(path);
  REQUIRE_FALSE(inv);
  CHECK(inv.error().code() == nhi::errc::corrupt);
  CHECK(inv.error().message().find("damaged or not an SQLite database") != std::string::npos);
  CHECK(read_bytes(path) == before);

  // A real inventory whose pages were overwritten is refused the same way.
  const std::string real = dir.file("real.db");
  {
    auto ok = nhi::inventory::open(real).value();
    const auto f = git_finding("ghp_Zx81kLmQ0pRsT2uVwXyZ3aBcDeFgHiJkLm45", "github-pat", "a.env", 1, "c1", "a@x.io",
                               "2024-01-01");
    REQUIRE(ok.record_scan(record("repo", "2024-01-02"), {f}, nullptr));
  }
  std::string bytes = read_bytes(real);
  REQUIRE(bytes.size() > 8192);
  for (std::size_t i = 4096; i < bytes.size(); ++i) bytes[i] = static_cast<char>(0xA5);
  std::ofstream(real, std::ios::binary | std::ios::trunc) << bytes;
  auto damaged = nhi::inventory::open(real);
  nhi::status s = damaged ? damaged->list().error() : damaged.error();
  CHECK(s.code() == nhi::errc::corrupt);
}

TEST_CASE("inventory: another program's SQLite file is not taken for an inventory") {
  temp_dir dir;
  const std::string path = dir.file("other.db");
  make_sqlite_file(path, "CREATE TABLE notes(body TEXT); INSERT INTO notes VALUES ('hello');");
  const std::string before = read_bytes(path);
  auto inv = nhi::inventory::open(path);
  REQUIRE_FALSE(inv);
  CHECK(inv.error().code() == nhi::errc::invalid_argument);
  CHECK(read_bytes(path) == before);
}

TEST_CASE("inventory: opening without create does not make a file") {
  temp_dir dir;
  nhi::inventory_options o;
  o.create_if_missing = false;
  auto inv = nhi::inventory::open(dir.file("missing.db"), o);
  CHECK(inv.error().code() == nhi::errc::not_found);
  CHECK(mode_of(dir.file("missing.db")) == 0);
}

// Backend-neutral cases: ctest runs them against SQLite and again against
// PostgreSQL ("postgresql:..."); the others are about the SQLite file itself.
TEST_SUITE("inventory") {

TEST_CASE("inventory: bad input to record is refused before anything is written") {
  temp_dir dir;
  test_inventory where(dir, "i.db");
  auto inv = nhi::inventory::open(where.location()).value();
  CHECK(inv.record_scan(record("", "2024-01-01"), {}, nullptr).error().code() == nhi::errc::invalid_argument);
  CHECK(inv.record_scan(record("repo", "last tuesday"), {}, nullptr).error().code() == nhi::errc::invalid_argument);
  nhi::finding f;
  f.path = "a.env";
  CHECK(inv.record_scan(record("repo", "2024-01-01"), {f}, nullptr).error().code() == nhi::errc::invalid_argument);
  CHECK(inv.snapshots().value().empty());
}

}  // TEST_SUITE("inventory")

TEST_CASE("inventory: unchanged evidence extends its row instead of copying it") {
  temp_dir dir;
  const std::string path = dir.file("i.db");
  auto inv = nhi::inventory::open(path).value();
  const auto f = git_finding("ghp_Zx81kLmQ0pRsT2uVwXyZ3aBcDeFgHiJkLm45", "github-pat", "a.env", 1, "c1", "a@x.io",
                             "2024-01-01");
  for (int day = 1; day <= 5; ++day)
    REQUIRE(inv.record_scan(record("repo", "2024-02-0" + std::to_string(day)), {f}, nullptr));
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "SELECT count(*), min(first_snapshot), max(last_snapshot) FROM occurrences", -1, &st, nullptr);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  CHECK(sqlite3_column_int(st, 0) == 1);
  CHECK(sqlite3_column_int(st, 1) == 1);
  CHECK(sqlite3_column_int(st, 2) == 5);
  sqlite3_finalize(st);
  sqlite3_close(db);
  const auto id = inv.classify({}, "2024-02-05").value().at(0);
  CHECK(id.last_seen == "2024-02-05T00:00:00Z");
  CHECK(id.status == nhi::identity_status::active);
}

TEST_SUITE("inventory") {

TEST_CASE("inventory: two writers on two connections lose nothing") {
  temp_dir dir;
  test_inventory where(dir, "shared.db");
  const std::string path = where.location();
  REQUIRE(nhi::inventory::open(path));  // create and migrate once, as a first scan would
  constexpr int kScans = 20;
  std::atomic<int> failures{0};
  auto writer = [&](int who) {
    auto inv = nhi::inventory::open(path);
    if (!inv) {
      ++failures;
      return;
    }
    for (int i = 0; i < kScans; ++i) {
      std::vector<nhi::finding> findings;
      for (int k = 0; k < 3; ++k)
        findings.push_back(git_finding("secret-" + std::to_string(who) + "-" + std::to_string(i) + "-" +
                                           std::to_string(k) + "-Zq8Lp",
                                       "generic-secret", "f" + std::to_string(k) + ".env", 1, "c", "a@x.io",
                                       "2024-01-01"));
      if (!inv->record_scan(record("repo-" + std::to_string(who), "2024-01-0" + std::to_string(1 + i % 9)), findings,
                            nullptr))
        ++failures;
    }
  };
  std::thread a(writer, 1), b(writer, 2);
  a.join();
  b.join();
  CHECK(failures == 0);
  auto inv = nhi::inventory::open(path).value();
  CHECK(inv.snapshots().value().size() == 2 * kScans);
  const auto ids = inv.classify({}, "2024-01-10").value();
  CHECK(ids.size() == 2 * kScans * 3);
  // Each repository's later scans no longer have the earlier secrets: removed, never lost.
  std::size_t active = 0;
  for (const nhi::identity& id : ids) active += id.status == nhi::identity_status::active;
  CHECK(active == 2 * 3);
}

}  // TEST_SUITE("inventory")

namespace {
void exec_sql(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
  CHECK(sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
}
struct fingerprint_key_guard {
  ~fingerprint_key_guard() { nhi::reset_fingerprint_key(); }
};
}  // namespace

// Issue 20 item 16: a recording under another key used to fork every secret
// into a new identity and call the old one rotated.
TEST_CASE("inventory: fingerprints of another key are refused, a file from before the key was recorded adopts it") {
  fingerprint_key_guard restore;
  temp_dir dir;
  const std::string path = dir.file("inv.db");
  const std::string secret = "ghp_Zx81kLmQ0pRsT2uVwXyZ3aBcDeFgHiJkLm45";
  auto finding_under = [&](const std::string& key) {
    nhi::set_fingerprint_key(key);
    return git_finding(secret, "github-pat", "a.env", 1, "c1", "a@x.io", "2024-01-01");
  };
  {
    auto inv = nhi::inventory::open(path);
    REQUIRE(inv);
    const auto f = finding_under("first-key-0123456789");
    REQUIRE(inv->record_scan(record("repo", "2024-01-02"), {f}, nullptr));
    const auto other = finding_under("other-key-0123456789");
    const auto refused = inv->record_scan(record("repo", "2024-01-03"), {other}, nullptr);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code() == nhi::errc::invalid_argument);
    CHECK(refused.error().message().find("--new-fingerprint-key") != std::string::npos);
  }
  // As a file written before the scheme was recorded looks after migration 2.
  exec_sql(path, "UPDATE settings SET value = 'unrecorded'");
  auto inv = nhi::inventory::open(path);
  REQUIRE(inv);
  const auto other = finding_under("other-key-0123456789");
  CHECK_FALSE(inv->record_scan(record("repo", "2024-01-03"), {other}, nullptr));  // nothing it knows
  const auto same = finding_under("first-key-0123456789");
  REQUIRE(inv->record_scan(record("repo", "2024-01-04"), {same}, nullptr));       // its secret: adopted
  const auto after = finding_under("other-key-0123456789");
  CHECK_FALSE(inv->record_scan(record("repo", "2024-01-05"), {after}, nullptr));  // and held from now on
  nhi::scan_record start_over = record("repo", "2024-01-06");
  start_over.new_fingerprint_key = true;
  REQUIRE(inv->record_scan(start_over, {after}, nullptr));
  auto ids = inv->list({});
  REQUIRE(ids);
  for (const auto& id : ids.value()) CHECK(id.status != nhi::identity_status::rotated);
}

// Schema 3 (issue 15): a schema-2 file keeps its snapshots, identities and
// keys, its snapshots count as complete, and it takes the new scoped keys.
TEST_CASE("inventory: a schema 2 file is migrated only on request and keeps its identities") {
  temp_dir dir;
  const std::string path = dir.file("old.db");
  std::string sql;
  for (int v = 1; v <= 2; ++v) sql += nhi::detail::migration_sql(v);
  sql += R"sql(
    INSERT INTO snapshots(id, kind, target, taken_at, recorded_at, tool_version, rules_version)
      VALUES (1, 'import', 'aws:123456789012 aws_access_keys', '2024-01-02T00:00:00Z', '2024-01-02T00:00:00Z', '0.1', '');
    INSERT INTO identities(id, first_snapshot, status) VALUES ('nhi-0123456789ab', 1, 'active');
    INSERT INTO identity_keys(kind, value, identity_id, snapshot_id)
      VALUES ('external_id', 'AKIA3N7Q2XWPLK5RTV4E', 'nhi-0123456789ab', 1);
    INSERT INTO settings(name, value) VALUES ('fingerprint_scheme', 'unrecorded');
    PRAGMA user_version = 2;
    PRAGMA application_id = 1852336433;
  )sql";
  make_sqlite_file(path, sql.c_str());
  REQUIRE(pragma(path, "user_version") == 2);
  // Migrations are explicit (nhi inventory migrate): without it the older
  // file is refused with the way out, and left as it was.
  auto refused = nhi::inventory::open(path);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code() == nhi::errc::unsupported);
  CHECK(refused.error().message().find("nhi inventory migrate") != std::string::npos);
  CHECK(pragma(path, "user_version") == 2);
  nhi::inventory_options migrate;
  migrate.migrate = true;
  auto inv = nhi::inventory::open(path, migrate);
  REQUIRE(inv);
  CHECK(pragma(path, "user_version") == nhi::detail::kSchemaVersion);
  nhi::analysis_result keys;
  keys.account = "aws:123456789012";
  keys.identities.push_back(access_key_fact("AKIA3N7Q2XWPLK5RTV4E", "Active", "2024-01-01T00:00:00Z"));
  keys.identities.back().scoped_ids = {"access_key:deploy-bot@2024-01-01T00:00:00Z"};
  REQUIRE(inv->record_import(record("aws:123456789012 aws_access_keys", "2024-02-01"), keys));
  const auto ids = inv->list({}).value();
  REQUIRE(ids.size() == 1);
  CHECK(ids[0].id == "nhi-0123456789ab");  // the old identity, joined by its key id
  CHECK(ids[0].status == nhi::identity_status::active);
  // The scoped key was added beside the old one.
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "SELECT count(*) FROM identity_keys WHERE kind = 'scoped' AND identity_id = "
                                 "'nhi-0123456789ab'", -1, &st, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  CHECK(sqlite3_column_int(st, 0) == 1);
  sqlite3_finalize(st);
  REQUIRE(sqlite3_prepare_v2(db, "SELECT count(*) FROM snapshots WHERE complete = 1", -1, &st, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  CHECK(sqlite3_column_int(st, 0) == 2);
  sqlite3_finalize(st);
  sqlite3_close(db);
}

// Before schema 3 a credential report's keys were keyed by the report's file
// name: the migration gives them the scoped key the next import looks for,
// so a key carries on instead of turning revoked (issue 15 item 1).
TEST_CASE("inventory: a schema 2 credential report key carries on under its scoped key") {
  temp_dir dir;
  const std::string path = dir.file("old-report.db");
  std::string sql;
  for (int v = 1; v <= 2; ++v) sql += nhi::detail::migration_sql(v);
  sql += R"sql(
    INSERT INTO snapshots(id, kind, target, taken_at, recorded_at, tool_version, rules_version)
      VALUES (1, 'import', 'aws:123456789012 aws_credential_report', '2024-01-02T00:00:00Z', '2024-01-02T00:00:00Z',
              '0.1', '');
    INSERT INTO identities(id, first_snapshot, status) VALUES ('nhi-aaaaaaaaaaaa', 1, 'active');
    INSERT INTO identity_keys(kind, value, identity_id, snapshot_id) VALUES ('name',
      'aws:123456789012 aws_credential_report|aws/access_key/deploy-bot access key 1@/exports/report-2024-01.csv',
      'nhi-aaaaaaaaaaaa', 1);
    INSERT INTO facts(identity_id, target, first_snapshot, last_snapshot, digest, kind, provider, name, parent, status,
      owner, owner_source, created_at, last_used_at, last_rotated_at, expires_at, admin_equivalent, interactive_use,
      untrusted_trust, environment, service, namespace, path, line, external_ids, permissions, trust, attributes)
      VALUES ('nhi-aaaaaaaaaaaa', 'aws:123456789012 aws_credential_report', 1, 1, 'd1', 'access_key', 'aws',
              'deploy-bot access key 1', 'arn:aws:iam::123456789012:user/deploy-bot', 'active', '', '',
              '2024-01-01T00:00:00+00:00', '', '2024-01-01T00:00:00+00:00', '', 0, 0, 0, '', '', '',
              '/exports/report-2024-01.csv', 3, '[]', '[]', '[]', '{"slot":"1"}');
    PRAGMA user_version = 2;
    PRAGMA application_id = 1852336433;
  )sql";
  make_sqlite_file(path, sql.c_str());
  nhi::inventory_options migrate;
  migrate.migrate = true;
  auto inv = nhi::inventory::open(path, migrate);
  REQUIRE(inv);
  nhi::analysis_result report;
  report.account = "aws:123456789012";
  nhi::identity_fact key = access_key_fact("", "active", "2024-01-01T00:00:00+00:00");
  key.external_ids.clear();
  key.name = "deploy-bot access key 1";
  key.scoped_ids = {"access_key:deploy-bot@2024-01-01T00:00:00Z"};
  key.path = "/elsewhere/credential-report-2024-02.csv";
  report.identities.push_back(key);
  REQUIRE(inv->record_import(record("aws:123456789012 aws_credential_report", "2024-02-01"), report));
  const auto ids = inv->list({}).value();
  REQUIRE(ids.size() == 1);
  CHECK(ids[0].id == "nhi-aaaaaaaaaaaa");
  CHECK(ids[0].status == nhi::identity_status::active);
}
