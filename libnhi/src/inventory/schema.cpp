// SPDX-License-Identifier: Apache-2.0
#include "inventory/schema.hpp"

#include <vector>

#include "classify/dates.hpp"
#include "inventory/database.hpp"

namespace nhi::detail {
namespace {

// Migration N brings the schema from version N-1 to N. Append only: a
// released migration is never edited, because files in the field ran it.
const char* const kMigrations[] = {
    // 1: the first schema. Evidence rows (occurrences, facts, config findings)
    // carry the interval of snapshots of their target that saw them unchanged:
    // a row seen again is extended, not copied, so the file grows with what
    // changes, not with the number of scans.
    R"sql(
CREATE TABLE snapshots (
  id              INTEGER PRIMARY KEY,
  kind            TEXT NOT NULL CHECK (kind IN ('scan', 'import')),
  target          TEXT NOT NULL,
  taken_at        TEXT NOT NULL,
  recorded_at     TEXT NOT NULL,
  tool_version    TEXT NOT NULL,
  rules_version   TEXT NOT NULL,
  findings        INTEGER NOT NULL DEFAULT 0,
  facts           INTEGER NOT NULL DEFAULT 0,
  config_findings INTEGER NOT NULL DEFAULT 0,
  identities      INTEGER NOT NULL DEFAULT 0,
  new_identities  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX snapshots_by_target ON snapshots(target, id);

CREATE TABLE identities (
  id             TEXT PRIMARY KEY,
  first_snapshot INTEGER NOT NULL,
  status         TEXT,
  merged_into    TEXT
) WITHOUT ROWID;

CREATE TABLE identity_keys (
  kind        TEXT NOT NULL CHECK (kind IN ('fingerprint', 'external_id', 'name')),
  value       TEXT NOT NULL,
  identity_id TEXT NOT NULL,
  snapshot_id INTEGER NOT NULL,
  PRIMARY KEY (kind, value)
) WITHOUT ROWID;
CREATE INDEX identity_keys_by_identity ON identity_keys(identity_id);

CREATE TABLE occurrences (
  id             INTEGER PRIMARY KEY,
  identity_id    TEXT NOT NULL,
  target         TEXT NOT NULL,
  first_snapshot INTEGER NOT NULL,
  last_snapshot  INTEGER NOT NULL,
  digest         TEXT NOT NULL,
  fingerprint    TEXT NOT NULL,
  external_id    TEXT NOT NULL,
  rule_id        TEXT NOT NULL,
  rule_name      TEXT NOT NULL,
  provider       TEXT NOT NULL,
  kind           TEXT NOT NULL,
  severity       TEXT NOT NULL,
  redacted       TEXT NOT NULL,
  decoded        TEXT NOT NULL,
  path           TEXT NOT NULL,
  line           INTEGER NOT NULL,
  col            INTEGER NOT NULL,
  commit_id      TEXT NOT NULL,
  author         TEXT NOT NULL,
  author_email   TEXT NOT NULL,
  commit_date    TEXT NOT NULL,
  in_head        INTEGER NOT NULL
);
CREATE INDEX occurrences_by_identity ON occurrences(identity_id, target, digest);
CREATE INDEX occurrences_by_target ON occurrences(target, last_snapshot);

CREATE TABLE facts (
  id                 INTEGER PRIMARY KEY,
  identity_id        TEXT NOT NULL,
  target             TEXT NOT NULL,
  first_snapshot     INTEGER NOT NULL,
  last_snapshot      INTEGER NOT NULL,
  digest             TEXT NOT NULL,
  kind               TEXT NOT NULL,
  provider           TEXT NOT NULL,
  name               TEXT NOT NULL,
  parent             TEXT NOT NULL,
  status             TEXT NOT NULL,
  owner              TEXT NOT NULL,
  owner_source       TEXT NOT NULL,
  created_at         TEXT NOT NULL,
  last_used_at       TEXT NOT NULL,
  last_rotated_at    TEXT NOT NULL,
  expires_at         TEXT NOT NULL,
  admin_equivalent   INTEGER NOT NULL,
  interactive_use    INTEGER NOT NULL,
  untrusted_trust    INTEGER NOT NULL,
  environment        TEXT NOT NULL,
  service            TEXT NOT NULL,
  namespace          TEXT NOT NULL,
  path               TEXT NOT NULL,
  line               INTEGER NOT NULL,
  external_ids       TEXT NOT NULL,
  permissions        TEXT NOT NULL,
  trust              TEXT NOT NULL,
  attributes         TEXT NOT NULL
);
CREATE INDEX facts_by_identity ON facts(identity_id, target, digest);
CREATE INDEX facts_by_parent ON facts(parent);

CREATE TABLE config_findings (
  id             INTEGER PRIMARY KEY,
  target         TEXT NOT NULL,
  first_snapshot INTEGER NOT NULL,
  last_snapshot  INTEGER NOT NULL,
  digest         TEXT NOT NULL,
  rule_id        TEXT NOT NULL,
  category       TEXT NOT NULL,
  message        TEXT NOT NULL,
  subject        TEXT NOT NULL,
  path           TEXT NOT NULL,
  line           INTEGER NOT NULL,
  environment    TEXT NOT NULL,
  severity       TEXT NOT NULL
);
CREATE INDEX config_findings_by_target ON config_findings(target, digest);

CREATE TABLE rotations (
  old_id      TEXT NOT NULL,
  new_id      TEXT NOT NULL,
  snapshot_id INTEGER NOT NULL,
  reason      TEXT NOT NULL,
  PRIMARY KEY (old_id, new_id)
) WITHOUT ROWID;

CREATE TABLE authors (
  email       TEXT NOT NULL,
  target      TEXT NOT NULL,
  last_commit TEXT NOT NULL,
  PRIMARY KEY (email, target)
) WITHOUT ROWID;

CREATE TABLE events (
  id          INTEGER PRIMARY KEY,
  identity_id TEXT NOT NULL,
  snapshot_id INTEGER NOT NULL,
  type        TEXT NOT NULL,
  from_status TEXT NOT NULL,
  to_status   TEXT NOT NULL,
  detail      TEXT NOT NULL
);
CREATE INDEX events_by_identity ON events(identity_id, id);
)sql",
    // 2: settings of the whole file. fingerprint_scheme names the key its
    // fingerprints were made under (nhi::fingerprint_scheme()); files from
    // before it was recorded say 'unrecorded' until the next recording tells.
    R"sql(
CREATE TABLE settings (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO settings(name, value) SELECT 'fingerprint_scheme', 'unrecorded' WHERE EXISTS (SELECT 1 FROM snapshots);
)sql",
    // 3: identities keyed by the cloud's own ids. identity_keys takes
    // 'scoped' keys (an id within an account: "aws:123456789012/access_key:
    // bob@2026-01-15T10:00:00Z"), so the CHECK is rebuilt; facts keep the
    // scoped ids they were recorded with; a snapshot says whether it was a
    // complete listing of its target (a page of a paged export is not, and
    // what it lacks is not taken as deleted). Snapshots before it were
    // recorded as complete.
    R"sql(
CREATE TABLE identity_keys_v3 (
  kind        TEXT NOT NULL CHECK (kind IN ('fingerprint', 'external_id', 'scoped', 'name')),
  value       TEXT NOT NULL,
  identity_id TEXT NOT NULL,
  snapshot_id INTEGER NOT NULL,
  PRIMARY KEY (kind, value)
) WITHOUT ROWID;
INSERT INTO identity_keys_v3(kind, value, identity_id, snapshot_id)
  SELECT kind, value, identity_id, snapshot_id FROM identity_keys;
DROP TABLE identity_keys;
ALTER TABLE identity_keys_v3 RENAME TO identity_keys;
CREATE INDEX identity_keys_by_identity ON identity_keys(identity_id);
ALTER TABLE facts ADD COLUMN scoped_ids TEXT NOT NULL DEFAULT '[]';
ALTER TABLE snapshots ADD COLUMN complete INTEGER NOT NULL DEFAULT 1;
)sql",
    // 4: the work queue (docs/scale.md): one row per repository of a batch,
    // recorded in the same transaction as the repository's snapshot, so a
    // repository is either recorded and done or neither.
    R"sql(
CREATE TABLE work_units (
  id          INTEGER PRIMARY KEY,
  batch       TEXT NOT NULL,
  repository  TEXT NOT NULL,
  state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'failed')),
  attempts    INTEGER NOT NULL DEFAULT 0,
  worker      TEXT NOT NULL DEFAULT '',
  snapshot_id INTEGER NOT NULL DEFAULT 0,
  error       TEXT NOT NULL DEFAULT '',
  queued_at   TEXT NOT NULL,
  finished_at TEXT NOT NULL DEFAULT '',
  UNIQUE (batch, repository)
);
CREATE INDEX work_units_by_state ON work_units(batch, state, id);
)sql",
};
static_assert(sizeof(kMigrations) / sizeof(kMigrations[0]) == kSchemaVersion,
              "one migration per schema version");

// Before schema 3 a credential report's keys were known by the file they
// were listed in (a 'name' key ending in "@<path>"): a report saved under
// another name made new identities. Their facts say who they are: the
// account (target "aws:<id> aws_credential_report"), the user (name "<user>
// access key N") and the creation time. Give each the scoped key the next
// import looks for, so it carries on instead of turning revoked; of
// duplicates made by dated copies, the oldest carries on.
void backfill_scoped_keys(connection& db) {
  struct row { std::string identity, name, created, target; std::int64_t snapshot; };
  std::vector<row> rows;
  {
    statement st(db, R"sql(
      SELECT f.identity_id, f.name, f.created_at, f.target, f.first_snapshot FROM facts f
      JOIN identities i ON i.id = f.identity_id AND i.merged_into IS NULL
      WHERE f.kind = 'access_key' AND f.provider = 'aws' AND f.target LIKE 'aws:% aws_credential_report'
      ORDER BY i.first_snapshot, f.id)sql");
    while (st.step()) rows.push_back({st.text(0), st.text(1), st.text(2), st.text(3), st.integer(4)});
  }
  statement add(db, "INSERT INTO identity_keys(kind, value, identity_id, snapshot_id) "
                             "VALUES ('scoped', ?1, ?2, ?3) ON CONFLICT DO NOTHING");
  for (const row& r : rows) {
    const std::size_t suffix = r.name.rfind(" access key ");
    const auto created = parse_time(r.created);
    if (suffix == std::string::npos || !created) continue;
    const std::string account = r.target.substr(0, r.target.find(' '));
    add.reset();
    add.bind(1, account + "/access_key:" + r.name.substr(0, suffix) + "@" + format_time(*created));
    add.bind(2, r.identity).bind(3, r.snapshot);
    add.run();
  }
}

// A migration as PostgreSQL reads it. The migrations are written once, in
// the SQL both engines share; only the types differ: SQLite's INTEGER is 64
// bits and its INTEGER PRIMARY KEY numbers rows by itself, PostgreSQL needs
// BIGINT and an identity column, and has no WITHOUT ROWID tables.
std::string for_postgresql(const char* sql) {
  std::string out = sql;
  auto replace_all = [&out](const std::string& from, const std::string& to) {
    for (std::size_t p = out.find(from); p != std::string::npos; p = out.find(from, p + to.size()))
      out.replace(p, from.size(), to);
  };
  replace_all("INTEGER PRIMARY KEY", "BIGSERIAL PRIMARY KEY");
  replace_all("INTEGER", "BIGINT");
  replace_all(") WITHOUT ROWID;", ");");
  return out;
}

// Brings `db` from `current` to kSchemaVersion inside the caller's write
// transaction.
void apply_migrations(connection& db, std::int64_t current) {
  const bool had_data = current > 0 && current < 3;
  for (; current < kSchemaVersion; ++current) {
    const char* sql = kMigrations[current];
    db.exec(db.kind() == backend::postgresql ? for_postgresql(sql) : std::string(sql));
  }
  if (had_data) backfill_scoped_keys(db);
  db.set_schema_version(current);
}

std::string migrate_hint(const std::string& where) {
  return "run `nhi inventory migrate --inventory " + where + "` (after a backup) to bring it to " +
         std::to_string(kSchemaVersion);
}

}  // namespace

const char* migration_sql(int version) {
  return version >= 1 && version <= kSchemaVersion ? kMigrations[version - 1] : nullptr;
}

result<schema_change> prepare_schema(connection& db, const std::string& where, bool migrate) {
  const std::int64_t version = db.schema_version();
  if (version < 0 || version > kSchemaVersion)
    return status(errc::unsupported,
                  "the inventory has schema version " + std::to_string(version) + ", newer than this libnhi supports (" +
                      std::to_string(kSchemaVersion) + "); use a newer nhi. The " +
                      (db.kind() == backend::sqlite ? "file" : "database") + " was not modified",
                  where);
  if (db.holds_foreign_data())
    return status(errc::invalid_argument,
                  db.kind() == backend::sqlite
                      ? "this SQLite file is not an nhi inventory; it was not modified"
                      : "this database holds other tables and no nhi inventory; give nhi a database (or a schema, "
                        "with options=-csearch_path=...) of its own. It was not modified",
                  where);
  schema_change change{version, version};
  if (version == kSchemaVersion) return change;
  if (version > 0 && !migrate)
    return status(errc::unsupported,
                  "the inventory has schema version " + std::to_string(version) + ", older than this libnhi's; " +
                      migrate_hint(where),
                  where);

  write_transaction tx(db);
  // Re-read under the writers' lock: another process may have migrated (or
  // created the schema) meanwhile.
  change.from = db.schema_version();
  if (change.from < kSchemaVersion) apply_migrations(db, change.from);
  change.to = kSchemaVersion;
  tx.commit();
  return change;
}

}  // namespace nhi::detail
