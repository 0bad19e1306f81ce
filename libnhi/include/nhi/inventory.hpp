// SPDX-License-Identifier: Apache-2.0
// libnhi — the lifecycle inventory of non-human identities, and their OWASP
// NHI Top 10 (2025) classification.
//
// One SQLite file (created 0600, WAL), or one PostgreSQL database that many
// scanners on many machines share (docs/scale.md), records every scan and
// cloud import as a snapshot. Findings with the same fingerprint, and facts sharing an
// external id (an AWS access key id, a GCP private_key_id, an Azure keyId),
// are one identity. Identities carry their evidence (where, since when,
// introduced by whom), a lifecycle status, and the categories they fall
// under, each with a reason a person can act on. The file stores
// fingerprints and redacted previews, never a plaintext secret.
//
// Thread safety: an `inventory` object is one database connection; use it
// from one thread at a time. Several objects (threads, processes, machines)
// may write the same inventory: each write is one transaction and waits for
// the others.
// See docs/inventory.md for the schema, the states and the reasons.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "nhi/analysis.hpp"
#include "nhi/export.hpp"
#include "nhi/finding.hpp"
#include "nhi/policy.hpp"
#include "nhi/status.hpp"

NHI_BEGIN_NAMESPACE

// What a snapshot recorded. Dates are ISO 8601.
struct scan_record {
  // What was scanned or imported: a repository path or URL, a directory, or
  // for imports a stable name of the account and export ("aws:123456789012
  // access-keys"). Snapshots of the same target are compared with each other:
  // what the previous one saw and this one does not is gone from there.
  std::string target;
  // Names the same target was recorded under before (a clone's local path,
  // before targets were named by repository_identity()). When `target` has no
  // snapshot yet, the first of these that has is renamed to `target`, so its
  // history carries on instead of being compared with nothing.
  std::vector<std::string> previous_targets;
  // The inventory remembers the key its fingerprints were made under
  // (fingerprint_scheme()) and refuses a recording under another: the same
  // secret would come out as a new identity and the old one as gone. Set this
  // to start over under the current key on purpose: secrets recorded before
  // are not recognised again, and no rotation is inferred from the change.
  bool new_fingerprint_key = false;
  std::string taken_at;       // the snapshot's "now" (--as-of); empty: the current time
  std::string tool_version;   // empty: this library's version
  std::string rules_version;  // rule_set::version() of a scan; empty for imports
  // Optional, for git scans: each author e-mail's latest commit date in the
  // target. Makes "owner departed" exact; without it only the commits that
  // introduced findings tell when an author was last active.
  std::map<std::string, std::string> author_last_commit;
};

struct snapshot_info {
  std::int64_t id = 0;
  std::string kind;  // "scan" or "import"
  std::string target;
  std::string taken_at;
  std::string recorded_at;  // wall-clock time of recording
  std::string tool_version;
  std::string rules_version;
  std::uint64_t findings = 0;         // findings recorded
  std::uint64_t facts = 0;            // identity facts recorded
  std::uint64_t config_findings = 0;  // configuration findings recorded
  std::uint64_t identities = 0;       // identities with evidence in this snapshot
  std::uint64_t new_identities = 0;   // of which first seen here
};

// The lifecycle of an identity, judged at an as-of date under a policy.
// When several apply, the first in this order wins, except that `rotated`
// outranks `revoked`: a rotation ends with the old credential deactivated or
// deleted, which is no revocation of its own.
enum class identity_status {
  expired,   // its expiry date has passed, or the cloud says expired
  revoked,   // the cloud says inactive/disabled, or no longer lists it
  rotated,   // a newer credential replaced it (same path and rule, or same parent)
  orphaned,  // its owner left (offboarded, or no commit for owner_inactive_days) or its parent was deleted
  removed,   // gone from HEAD / the current files; still in git history (or gone entirely)
  stale,     // active but unused for longer than max_unused_days
  active,    // present and in use as far as the evidence shows
};
NHI_API const char* identity_status_name(identity_status s) noexcept;  // "active"
NHI_API bool parse_identity_status(std::string_view text, identity_status& out) noexcept;

// One place an identity was found: a finding's location, or the file a fact
// came from (a cloud export, a manifest).
struct location {
  std::string repo;    // the snapshot target it was found in
  std::string path;
  std::uint64_t line = 0;
  std::string commit;  // the commit that introduced it, for git sources
  std::string date;    // that commit's date
  std::string author;  // that commit's author
  // Beyond the export contract:
  std::string author_email;
  std::string rule_id;   // the rule, or the fact kind for facts
  std::string redacted;  // the finding's redacted preview; empty for facts
  bool in_head = true;   // false: only in git history
  bool current = true;   // false: the latest snapshot of `repo` no longer has it
};

// One OWASP NHI Top 10 category an identity falls under.
struct risk {
  std::string id;      // "NHI1".."NHI10"
  std::string reason;  // what makes it so, with dates, places and the policy value
};

struct identity {
  std::string id;  // "nhi-" + 12 hex: stable, derived from the first key it was found by
  std::string kind;
  std::string provider;
  std::string name;
  std::vector<std::string> external_ids;
  std::vector<std::string> fingerprints;
  identity_status status = identity_status::active;
  std::string status_reason;
  std::string owner;         // e-mail or name; empty when nobody is known
  std::string owner_source;  // "tag:owner", "git:author", ...
  std::string first_seen;    // earliest of the introducing commit dates and the first snapshot
  std::string last_seen;     // the latest snapshot that had evidence of it
  std::string created_at;
  std::string expires_at;    // "never" when the source says so
  std::string last_used_at;
  std::string last_rotated_at;
  std::string parent;        // external id of the identity a credential belongs to
  std::string replaced_by;   // the identity that rotated this one
  std::vector<std::string> environments;
  std::vector<std::string> services;
  std::vector<std::string> repositories;
  std::vector<location> locations;
  std::vector<risk> risks;  // ordered NHI1..NHI10, one per category
  // Exposure, which the report ranks by. `leaked`: its secret was found in
  // plaintext (in HEAD, the files or git history). `validity`: what the
  // cloud's latest word says of it: "valid" (listed active), "invalid"
  // (inactive, deleted or expired), empty when no cloud record says.
  bool leaked = false;
  std::string validity;
  // Who uses it, on evidence: "non_human" (keys without a console password,
  // service accounts, service principals, roles, secrets in files),
  // "human" (a console sign-in without keys; an SSO role), "mixed" (a
  // console password and active keys: people and programs share it), empty
  // when nothing says. `nature_reason` is the evidence. Humans are kept out
  // of the NHI categories but for a leak (NHI2).
  std::string nature;
  std::string nature_reason;
  // No owner is known (no owner tag, owners list, principal's owner or
  // introducing commit) for an identity that is not a person's or a
  // group's. A flag, not NHI1: policy::unowned_is_nhi1 escalates it.
  bool unowned = false;
};

struct event {
  std::int64_t id = 0;
  std::string identity_id;
  std::int64_t snapshot_id = 0;
  std::string at;      // the snapshot's taken_at
  std::string type;    // discovered, status_changed, rotated, merged
  std::string from_status;
  std::string to_status;
  std::string detail;  // for a person: where, why, replaced by what
};

// How identities are judged and which are returned. Empty filters match all.
struct identity_query {
  nhi::policy policy;
  std::string as_of;            // ISO 8601; empty: the current time
  std::int64_t snapshot = 0;    // judge the inventory as it was after this snapshot; 0: the latest
  std::string risk;             // "NHI7": only identities in this category
  std::string status;           // "active": only identities in this state
  std::string owner;            // substring of the owner, case-insensitive
  std::string provider;
};

struct identity_change {
  std::string id;
  std::string name;
  std::vector<std::string> what;  // "status active -> removed", "risk NHI8 added", ...
};

struct status_transition {
  std::string id;
  identity_status from = identity_status::active;
  identity_status to = identity_status::active;
};

// The inventory after snapshot `to` compared with it after snapshot `from`,
// each judged at its own snapshot's date.
struct snapshot_diff {
  snapshot_info from;
  snapshot_info to;
  std::vector<identity> added;       // not known at `from`
  std::vector<identity> resolved;    // present and valid at `from`; removed, revoked or expired at `to`
  std::vector<identity_change> changed;  // status, risks, locations or owner changed (resolved excluded)
  std::vector<status_transition> transitions;  // every status change, resolved included
  std::vector<identity> gone;  // only in `from`: set by inventory::compare, never by diff
};

// The OWASP NHI Top 10 posture of the inventory.
struct posture {
  std::string as_of;
  std::uint64_t identities = 0;
  std::map<std::string, std::uint64_t> by_status;  // status name -> identities
  struct category {
    std::string id;     // "NHI1"
    std::string title;  // "Improper Offboarding"
    std::uint64_t identities = 0;       // identities in the category
    std::uint64_t config_findings = 0;  // current configuration findings in it (attached or not)
  };
  std::vector<category> categories;  // NHI1..NHI10, all ten
  std::vector<identity> worst;       // identities with risks, worst first (see docs/inventory.md)
  struct owner_contact {
    std::string owner;  // empty: identities nobody owns
    bool departed = false;
    std::vector<std::string> identity_ids;
    std::uint64_t risks = 0;  // category memberships over those identities
  };
  std::vector<owner_contact> owners;  // most risks first
  std::vector<config_finding> unattached;  // current configuration findings tied to no identity
};

// What merge_from did.
struct merge_summary {
  std::uint64_t snapshots = 0;          // recorded from the source
  std::uint64_t skipped_snapshots = 0;  // already here
  std::uint64_t identities_before = 0;  // in this inventory
  std::uint64_t identities_after = 0;
};

// One repository of a batch of the work queue.
struct work_unit {
  std::int64_t id = 0;
  std::string batch;
  std::string repository;  // a path or URL of a local git repository
  std::string state;       // "pending", "done" or "failed"
  std::int64_t attempts = 0;  // completed tries (done or failed)
  std::string worker;      // who completed it
  std::int64_t snapshot = 0;  // its snapshot, when done
  std::string error;       // why it failed
  std::string queued_at;
  std::string finished_at;
};

// What a worker found in one unit's repository, to be recorded as a scan.
struct unit_result {
  scan_record meta;
  std::vector<finding> findings;
  analysis_result facts;
};
using unit_work = std::function<status(const work_unit& unit, unit_result& out)>;

struct inventory_options {
  bool create_if_missing = true;  // false: a missing file (or a database without an inventory) is not_found
  int busy_timeout_ms = 10000;    // how long a write waits for another writer
  // Brings an inventory of an older schema to this libnhi's, in one
  // transaction (nhi inventory migrate). Without it such an inventory is
  // refused (`unsupported`) and left as it is.
  bool migrate = false;
  // Judges statuses when a snapshot is recorded, for the event log.
  nhi::policy policy;
};

class inventory {
 public:
  // Opens or creates the inventory at `location`: the path of an SQLite
  // file, or a PostgreSQL connection URL ("postgresql://user@host/db?...",
  // libpq's syntax) that many scanners on many machines share. A new file
  // is created 0600 (its -wal and -shm files inherit that); an empty
  // database gets the schema. An inventory written by a newer libnhi is
  // `unsupported`, as is an older one unless options.migrate; a damaged or
  // non-SQLite file is `corrupt`; another application's SQLite file, or a
  // database holding other tables, `invalid_argument`. None of them is
  // modified. A server that cannot be reached is `io_error`.
  NHI_API static result<inventory> open(const std::string& location, const inventory_options& options = {});

  NHI_API ~inventory();
  NHI_API inventory(inventory&&) noexcept;
  NHI_API inventory& operator=(inventory&&) noexcept;

  // Records one scan: its findings (only fingerprint, redacted preview and
  // location are stored; finding::secret never is) and the facts the
  // analyzers drew from the scanned files (may be null). One transaction.
  NHI_API result<snapshot_info> record_scan(const scan_record& meta, const std::vector<finding>& findings,
                                            const analysis_result* facts);
  // Records one cloud export's facts and configuration findings.
  NHI_API result<snapshot_info> record_import(const scan_record& meta, const analysis_result& facts);

  // Every identity judged per `query`, filtered by it, sorted by id.
  NHI_API result<std::vector<identity>> list(const identity_query& query = {}) const;
  // Every identity with its categories under `p` at `as_of` (empty: now).
  NHI_API result<std::vector<identity>> classify(const nhi::policy& p, std::string_view as_of) const;
  // One identity (filters of `query` other than policy, as_of and snapshot
  // are ignored); not_found when the id is unknown. An id merged into
  // another identity leads to that identity.
  NHI_API result<identity> get(std::string_view id, const identity_query& query = {}) const;
  // The event log, oldest first; only `identity_id`'s events when not empty.
  NHI_API result<std::vector<event>> events(std::string_view identity_id = {}) const;
  // Every snapshot, oldest first.
  NHI_API result<std::vector<snapshot_info>> snapshots() const;
  // What changed between two snapshots (see snapshot_diff).
  NHI_API result<snapshot_diff> diff(std::int64_t from, std::int64_t to, const nhi::policy& p = {}) const;
  // The posture for a report.
  NHI_API result<posture> assess(const nhi::policy& p, std::string_view as_of) const;

  // Every identity and its evidence from `source` (an inventory made
  // elsewhere: a laptop, an air-gapped CI) recorded into this one: each of
  // its snapshots, oldest first, is recorded again with its date, target and
  // evidence, so identities merge by fingerprint and cloud id as if they had
  // been scanned here. Snapshots this inventory has already (same target,
  // date and kind) are skipped, so merging twice changes nothing. Each
  // snapshot is one transaction.
  NHI_API result<merge_summary> merge_from(const inventory& source);

  // This inventory compared with `other` (diff.from = other, diff.to = this),
  // both judged at `as_of` under `p`: identities only here are `added`, only
  // there `gone`; the same identity in a different state is `changed`.
  NHI_API result<snapshot_diff> compare(const inventory& other, const nhi::policy& p, std::string_view as_of) const;

  // The work queue (docs/scale.md): repositories to scan, grouped in named
  // batches, that any number of workers share. Adds `repositories` to
  // `batch` as pending units; a repository already in the batch is left as
  // it is. Returns how many were added.
  NHI_API result<std::uint64_t> enqueue(std::string_view batch, const std::vector<std::string>& repositories);
  // Units of `batch` (every batch when empty), in the order they were queued.
  NHI_API result<std::vector<work_unit>> queue(std::string_view batch = {}) const;
  // Puts the failed units of `batch` back to pending; returns how many.
  NHI_API result<std::uint64_t> retry_failed(std::string_view batch);
  // Claims the next pending unit of `batch` that no other worker holds, runs
  // `work` on it, and records what it returns together with the unit's new
  // state in one transaction: `done` with its snapshot when `work` returns
  // ok, `failed` with the error otherwise (the other units go on). A worker
  // that dies before that leaves its unit pending for another: on
  // PostgreSQL the claim is a row lock (FOR UPDATE SKIP LOCKED) that dies
  // with the connection. Returns the unit as recorded, or no unit when none
  // is pending.
  NHI_API result<std::optional<work_unit>> work_next(std::string_view batch, std::string_view worker,
                                                     const unit_work& work);

  // The location as given, with a URL's password masked: for messages.
  NHI_API const std::string& path() const noexcept;
  // "sqlite" or "postgresql".
  NHI_API const char* backend() const noexcept;
  // The schema version this inventory had when it was opened (0: created
  // now); schema_version() after a migration.
  NHI_API std::int64_t migrated_from() const noexcept;
  // The schema version this libnhi writes.
  NHI_API static std::int64_t schema_version() noexcept;

 private:
  struct impl;
  explicit inventory(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

// Output of identities, diffs and postures. Every writer escapes what it
// prints for its format; CSV cells that a spreadsheet would run as a formula
// are prefixed with a quote.
enum class inventory_format { text, json, csv, html };
NHI_API bool parse_inventory_format(std::string_view text, inventory_format& out) noexcept;

// JSON: {"identities": [...]} with exactly the fields of the identity contract
// (docs/inventory.md). CSV: one row per identity. Text: one line per identity.
NHI_API status write_identities(std::ostream& out, inventory_format format, const std::vector<identity>& ids);
// One identity in detail, with its events (text or JSON).
NHI_API status write_identity(std::ostream& out, inventory_format format, const identity& id,
                              const std::vector<event>& events);
NHI_API status write_snapshots(std::ostream& out, inventory_format format, const std::vector<snapshot_info>& s);
NHI_API status write_diff(std::ostream& out, inventory_format format, const snapshot_diff& d);
// Text, JSON or one self-contained HTML page (inline CSS, no external asset).
NHI_API status write_posture(std::ostream& out, inventory_format format, const posture& p);

// {"units": [...]}: each work unit with the fields of work_unit.
NHI_API status write_work_units(std::ostream& out, const std::vector<work_unit>& units);

// The title of an OWASP NHI Top 10 category: "NHI7" -> "Long-Lived Secrets";
// empty for an unknown id.
NHI_API const char* owasp_nhi_title(std::string_view id) noexcept;

NHI_END_NAMESPACE
