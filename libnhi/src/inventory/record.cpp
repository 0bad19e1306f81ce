// SPDX-License-Identifier: Apache-2.0
// Recording a snapshot: resolving findings and facts to identities, storing
// their evidence as intervals of snapshots, detecting rotations, and logging
// the lifecycle events the new evidence causes.
//
// Never stored: finding::secret. A finding contributes its fingerprint, its
// redacted preview and its location; a fact only what the analyzers put in it
// (they keep secrets out; a literal value appears as its fingerprint).
#include <algorithm>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "classify/dates.hpp"
#include "finding/fingerprint.hpp"
#include "inventory/store.hpp"
#include "nhi/version.hpp"
#include "util/text.hpp"

namespace nhi::detail {
namespace {

using json = nlohmann::json;

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// One key an identity is known by.
struct identity_key {
  std::string kind;  // fingerprint, external_id, name
  std::string value;
};

// A digest of the fields that make two evidence rows the same: a row whose
// digest the previous snapshot of the target also had is extended.
std::string digest_of(std::initializer_list<std::string> parts) {
  std::string joined;
  for (const std::string& p : parts) {
    joined += std::to_string(p.size());
    joined += ':';
    joined += p;
  }
  return sha256_hex(joined);
}

std::string normalized_time(const std::string& when) {
  const auto t = parse_time(when);
  return t ? format_time(*t) : std::string();
}

class recorder {
 public:
  // `baseline`: the latest complete snapshot of the target before this one
  // (0 when none). A row seen since then was not seen missing: pages of a
  // paged export in between did not list it, which says nothing.
  recorder(connection& db, std::int64_t snapshot, std::int64_t previous, std::int64_t baseline, bool complete,
           std::string target)
      : db_(db), snapshot_(snapshot), previous_(previous), baseline_(baseline), complete_(complete),
        target_(std::move(target)) {}

  // The identity these keys belong to: an existing one, a new one, or, when
  // the keys join two identities, the older of them with the other merged in.
  std::string resolve(const std::vector<identity_key>& keys) {
    std::vector<std::string> found;
    {
      statement st(db_, "SELECT identity_id FROM identity_keys WHERE kind = ?1 AND value = ?2");
      for (const identity_key& k : keys) {
        st.reset();
        st.bind(1, k.kind).bind(2, k.value);
        if (st.step()) {
          std::string id = st.text(0);
          if (std::find(found.begin(), found.end(), id) == found.end()) found.push_back(std::move(id));
        }
      }
    }
    std::string survivor;
    if (found.empty()) {
      survivor = create_identity(keys.front());
    } else {
      survivor = oldest(found);
      for (const std::string& other : found)
        if (other != survivor) merge(other, survivor, keys);
    }
    statement add(db_,
                  "INSERT INTO identity_keys(kind, value, identity_id, snapshot_id) VALUES (?1, ?2, ?3, ?4) "
                  "ON CONFLICT DO NOTHING");
    for (const identity_key& k : keys) {
      add.reset();
      add.bind(1, k.kind).bind(2, k.value).bind(3, survivor).bind(4, snapshot_);
      add.run();
    }
    touched_.insert(survivor);
    return survivor;
  }

  void put_occurrence(const std::string& id, const finding& f) {
    const git_provenance git = f.git.value_or(git_provenance{});
    const std::string in_head = f.git && !git.in_head ? "0" : "1";
    const std::string digest =
        digest_of({f.fingerprint, f.rule_id, f.path, std::to_string(f.line), std::to_string(f.column), git.commit,
                   in_head, f.decoded, f.external_id});
    if (extend("occurrences", id, digest)) return;
    statement st(db_, R"sql(
      INSERT INTO occurrences(identity_id, target, first_snapshot, last_snapshot, digest, fingerprint, external_id,
        rule_id, rule_name, provider, kind, severity, redacted, decoded, path, line, col, commit_id, author,
        author_email, commit_date, in_head)
      VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21))sql");
    st.bind(1, id).bind(2, target_).bind(3, snapshot_).bind(4, digest).bind(5, f.fingerprint).bind(6, f.external_id);
    st.bind(7, f.rule_id).bind(8, f.rule_name).bind(9, f.provider).bind(10, f.kind);
    st.bind(11, std::string(severity_name(f.level))).bind(12, f.redacted).bind(13, f.decoded).bind(14, f.path);
    st.bind(15, static_cast<std::int64_t>(f.line)).bind(16, static_cast<std::int64_t>(f.column));
    st.bind(17, git.commit).bind(18, git.author).bind(19, git.author_email).bind(20, git.date);
    st.bind(21, static_cast<std::int64_t>(in_head == "1"));
    st.run();
  }

  void put_fact(const std::string& id, const identity_fact& f) {
    const std::string external_ids = dump(json(f.external_ids));
    const std::string scoped_ids = dump(json(f.scoped_ids));
    const std::string permissions = dump(json(f.permissions));
    const std::string trust = dump(json(f.trust));
    const std::string attributes = dump(json(f.attributes));
    const std::string flags = std::to_string(f.admin_equivalent) + std::to_string(f.interactive_use) +
                              std::to_string(f.external_trust_without_condition);
    const std::string digest =
        digest_of({f.kind, f.provider, f.name, f.parent, f.status, f.owner, f.owner_source, f.created_at,
                   f.last_used_at, f.last_rotated_at, f.expires_at, flags, f.environment, f.service, f.namespace_,
                   f.path, std::to_string(f.line), external_ids, permissions, trust, attributes, scoped_ids});
    if (extend("facts", id, digest)) return;
    statement st(db_, R"sql(
      INSERT INTO facts(identity_id, target, first_snapshot, last_snapshot, digest, kind, provider, name, parent,
        status, owner, owner_source, created_at, last_used_at, last_rotated_at, expires_at, admin_equivalent,
        interactive_use, untrusted_trust, environment, service, namespace, path, line, external_ids, permissions,
        trust, attributes, scoped_ids)
      VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21,
              ?22, ?23, ?24, ?25, ?26, ?27, ?28))sql");
    st.bind(1, id).bind(2, target_).bind(3, snapshot_).bind(4, digest).bind(5, f.kind).bind(6, f.provider);
    st.bind(7, f.name).bind(8, f.parent).bind(9, f.status).bind(10, f.owner).bind(11, f.owner_source);
    st.bind(12, f.created_at).bind(13, f.last_used_at).bind(14, f.last_rotated_at).bind(15, f.expires_at);
    st.bind(16, static_cast<std::int64_t>(f.admin_equivalent)).bind(17, static_cast<std::int64_t>(f.interactive_use));
    st.bind(18, static_cast<std::int64_t>(f.external_trust_without_condition));
    st.bind(19, f.environment).bind(20, f.service).bind(21, f.namespace_).bind(22, f.path);
    st.bind(23, static_cast<std::int64_t>(f.line)).bind(24, external_ids).bind(25, permissions).bind(26, trust);
    st.bind(27, attributes).bind(28, scoped_ids);
    st.run();
  }

  void put_config(const config_finding& c) {
    const std::string digest = digest_of({c.id, c.category, c.message, c.subject, c.path, std::to_string(c.line),
                                          c.environment, c.severity});
    statement up(db_, R"sql(
      UPDATE config_findings SET last_snapshot = ?1
      WHERE target = ?2 AND digest = ?3 AND last_snapshot >= ?4)sql");
    up.bind(1, snapshot_).bind(2, target_).bind(3, digest).bind(4, baseline_);
    up.run();
    if (db_.changes() > 0) return;
    statement st(db_, R"sql(
      INSERT INTO config_findings(target, first_snapshot, last_snapshot, digest, rule_id, category, message, subject,
        path, line, environment, severity)
      VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11))sql");
    st.bind(1, target_).bind(2, snapshot_).bind(3, digest).bind(4, c.id).bind(5, c.category).bind(6, c.message);
    st.bind(7, c.subject).bind(8, c.path).bind(9, static_cast<std::int64_t>(c.line)).bind(10, c.environment);
    st.bind(11, c.severity);
    st.run();
  }

  void note_author(const std::string& email, const std::string& date) {
    const std::string when = normalized_time(date);
    if (email.empty() || when.empty()) return;
    statement st(db_, R"sql(
      INSERT INTO authors(email, target, last_commit) VALUES (?1, ?2, ?3)
      ON CONFLICT(email, target) DO UPDATE SET last_commit = excluded.last_commit
      WHERE excluded.last_commit > authors.last_commit)sql");
    st.bind(1, to_lower_ascii(email)).bind(2, target_).bind(3, when);
    st.run();
  }

  // A new credential at the place of an old one (same file, same rule) that
  // the old one left in this snapshot.
  void detect_path_rotations() {
    if (previous_ == 0) return;
    statement fresh(db_, R"sql(
      SELECT DISTINCT n.identity_id, n.path, n.rule_id FROM occurrences n
      WHERE n.target = ?1 AND n.first_snapshot = ?2 AND n.in_head = 1
        AND NOT EXISTS (SELECT 1 FROM occurrences p WHERE p.identity_id = n.identity_id AND p.target = ?1
                        AND p.path = n.path AND p.in_head = 1
                        AND p.first_snapshot <= ?3 AND p.last_snapshot >= ?3))sql");
    fresh.bind(1, target_).bind(2, snapshot_).bind(3, previous_);
    struct candidate { std::string id, path, rule; };
    std::vector<candidate> news;
    while (fresh.step()) news.push_back({fresh.text(0), fresh.text(1), fresh.text(2)});
    statement olds(db_, R"sql(
      SELECT DISTINCT o.identity_id FROM occurrences o
      WHERE o.target = ?1 AND o.path = ?2 AND o.rule_id = ?3 AND o.in_head = 1 AND o.identity_id <> ?4
        AND o.first_snapshot <= ?5 AND o.last_snapshot >= ?5
        AND NOT EXISTS (SELECT 1 FROM occurrences s WHERE s.identity_id = o.identity_id AND s.target = ?1
                        AND s.path = ?2 AND s.in_head = 1 AND s.last_snapshot = ?6))sql");
    for (const candidate& n : news) {
      olds.reset();
      olds.bind(1, target_).bind(2, n.path).bind(3, n.rule).bind(4, n.id).bind(5, previous_).bind(6, snapshot_);
      std::vector<std::string> replaced;
      while (olds.step()) replaced.push_back(olds.text(0));
      for (const std::string& old : replaced)
        add_rotation(old, n.id, "at " + n.path + " (rule " + n.rule + ")");
    }
  }

  // A credential first listed here for a parent whose older credential is
  // no longer active here, or (in a complete listing) no longer listed. Only
  // when the target was listed before: in its first listing every credential
  // is new to the inventory, not to the cloud.
  void detect_parent_rotations() {
    if (previous_ == 0) return;
    statement fresh(db_, R"sql(
      SELECT DISTINCT f.identity_id, f.parent, f.created_at FROM facts f JOIN identities i ON i.id = f.identity_id
      WHERE f.first_snapshot = ?1 AND f.parent <> '' AND i.first_snapshot = ?1)sql");
    fresh.bind(1, snapshot_);
    struct candidate { std::string id, parent, created; };
    std::vector<candidate> news;
    while (fresh.step()) news.push_back({fresh.text(0), fresh.text(1), fresh.text(2)});
    statement siblings(db_, R"sql(
      SELECT f.identity_id, max(f.created_at) FROM facts f JOIN identities i ON i.id = f.identity_id
      WHERE f.parent = ?1 AND i.first_snapshot < ?2 AND i.merged_into IS NULL AND f.identity_id <> ?3
        AND NOT EXISTS (SELECT 1 FROM rotations r WHERE r.old_id = f.identity_id)
        AND NOT EXISTS (SELECT 1 FROM facts c WHERE c.identity_id = f.identity_id AND c.last_snapshot = ?2
                        AND lower(c.status) NOT IN ('inactive', 'disabled', 'expired'))
        AND (?4 = 1 OR EXISTS (SELECT 1 FROM facts c WHERE c.identity_id = f.identity_id AND c.last_snapshot = ?2))
      GROUP BY f.identity_id)sql");
    for (const candidate& n : news) {
      siblings.reset();
      siblings.bind(1, n.parent).bind(2, snapshot_).bind(3, n.id).bind(4, static_cast<std::int64_t>(complete_));
      std::vector<std::string> replaced;
      while (siblings.step()) {
        const auto old_created = parse_time(siblings.text(1));
        const auto new_created = parse_time(n.created);
        if (old_created && new_created && *old_created > *new_created) continue;  // the old one is newer
        replaced.push_back(siblings.text(0));
      }
      for (const std::string& old : replaced) add_rotation(old, n.id, "as the newer credential of " + n.parent);
    }
  }

  const std::set<std::string>& touched() const { return touched_; }
  const std::set<std::string>& created() const { return created_; }

 private:
  // Extends the row with `digest` that the previous snapshot of the target
  // had (or this one already has); false when there is none to extend.
  bool extend(const char* table, const std::string& id, const std::string& digest) {
    statement st(db_, std::string("UPDATE ") + table +
                                   " SET last_snapshot = ?1 WHERE identity_id = ?2 AND target = ?3 AND digest = ?4"
                                   " AND last_snapshot >= ?5");
    st.bind(1, snapshot_).bind(2, id).bind(3, target_).bind(4, digest).bind(5, baseline_);
    st.run();
    return db_.changes() > 0;
  }

  std::string create_identity(const identity_key& key) {
    // Derived from the key, so the same secret gets the same id in every
    // inventory; a hash of the fingerprint reveals nothing more than it.
    std::string id;
    statement exists(db_, "SELECT 1 FROM identities WHERE id = ?1");
    for (int attempt = 0;; ++attempt) {
      const std::string seed = key.kind + ":" + key.value + (attempt ? "#" + std::to_string(attempt) : "");
      id = "nhi-" + sha256_hex(seed).substr(0, 12);
      exists.reset();
      exists.bind(1, id);
      if (!exists.step()) break;
    }
    statement st(db_, "INSERT INTO identities(id, first_snapshot) VALUES (?1, ?2)");
    st.bind(1, id).bind(2, snapshot_);
    st.run();
    created_.insert(id);
    return id;
  }

  std::string oldest(const std::vector<std::string>& ids) {
    statement st(db_, "SELECT first_snapshot FROM identities WHERE id = ?1");
    std::string best;
    std::int64_t best_first = 0;
    for (const std::string& id : ids) {
      st.reset();
      st.bind(1, id);
      const std::int64_t first = st.step() ? st.integer(0) : snapshot_;
      if (best.empty() || first < best_first || (first == best_first && id < best)) {
        best = id;
        best_first = first;
      }
    }
    return best;
  }

  // Two identities turned out to be one credential (a leak found before its
  // key id was known, then the key id): keep the older id, move everything.
  void merge(const std::string& from, const std::string& into, const std::vector<identity_key>& keys) {
    for (const char* sql : {
             "UPDATE identity_keys SET identity_id = ?2 WHERE identity_id = ?1",
             "UPDATE occurrences SET identity_id = ?2 WHERE identity_id = ?1",
             "UPDATE facts SET identity_id = ?2 WHERE identity_id = ?1",
             "UPDATE events SET identity_id = ?2 WHERE identity_id = ?1",
             // A rotation of `from` becomes one of `into`, unless `into` has it already.
             "INSERT INTO rotations(old_id, new_id, snapshot_id, reason) SELECT ?2, new_id, snapshot_id, reason "
             "FROM rotations WHERE old_id = ?1 ON CONFLICT DO NOTHING",
             "INSERT INTO rotations(old_id, new_id, snapshot_id, reason) SELECT old_id, ?2, snapshot_id, reason "
             "FROM rotations WHERE new_id = ?1 ON CONFLICT DO NOTHING",
             // ?2 is unused here; every statement of the loop binds both.
             "DELETE FROM rotations WHERE (old_id = ?1 OR new_id = ?1 OR old_id = new_id) AND ?2 IS NOT NULL",
             "UPDATE identities SET merged_into = ?2 WHERE id = ?1 OR merged_into = ?1",
             "UPDATE identities SET first_snapshot = (SELECT CASE WHEN o.first_snapshot < identities.first_snapshot "
             "THEN o.first_snapshot ELSE identities.first_snapshot END FROM identities o WHERE o.id = ?1) WHERE id = ?2",
         }) {
      statement st(db_, sql);
      st.bind(1, from).bind(2, into);
      st.run();
    }
    std::string shared;
    for (const identity_key& k : keys) shared += (shared.empty() ? "" : ", ") + k.kind;
    log_event(into, "merged", "", "", "merged with " + from + ": the same credential (shared " + shared + ")");
    touched_.erase(from);
    if (created_.erase(from)) created_.insert(into);
  }

  void add_rotation(const std::string& old_id, const std::string& new_id, const std::string& reason) {
    statement st(db_,
                 "INSERT INTO rotations(old_id, new_id, snapshot_id, reason) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING");
    st.bind(1, old_id).bind(2, new_id).bind(3, snapshot_).bind(4, reason);
    st.run();
    if (db_.changes() > 0) log_event(old_id, "rotated", "", "", "replaced by " + new_id + " " + reason);
  }

 public:
  void log_event(const std::string& id, const std::string& type, const std::string& from, const std::string& to,
                 const std::string& detail) {
    statement st(db_, R"sql(
      INSERT INTO events(identity_id, snapshot_id, type, from_status, to_status, detail)
      VALUES (?1, ?2, ?3, ?4, ?5, ?6))sql");
    st.bind(1, id).bind(2, snapshot_).bind(3, type).bind(4, from).bind(5, to).bind(6, detail);
    st.run();
  }

 private:
  connection& db_;
  std::int64_t snapshot_;
  std::int64_t previous_;
  std::int64_t baseline_;
  bool complete_;
  std::string target_;
  std::set<std::string> touched_;
  std::set<std::string> created_;
};

// The keys of a fact: its secret's fingerprint, the cloud's global ids, and
// its ids within the account. `account` is the export's (empty for scans).
std::vector<identity_key> keys_of_fact(const identity_fact& f, const std::string& target, const std::string& account) {
  std::vector<identity_key> keys;
  if (const auto it = f.attributes.find("fingerprint"); it != f.attributes.end() && !it->second.empty())
    keys.push_back({"fingerprint", it->second});
  for (const std::string& e : f.external_ids)
    if (!e.empty()) keys.push_back({"external_id", e});
  if (!account.empty())
    for (const std::string& s : f.scoped_ids)
      if (!s.empty()) keys.push_back({"scoped", account + "/" + s});
  if (!keys.empty()) return keys;
  if (!account.empty()) {
    // Listed by its account without an id: its name there is its id. Never
    // the export's file name, which changes with every dated copy.
    keys.push_back({"scoped", account + "/" + f.provider + "/" + f.kind + "/" +
                                  (f.namespace_.empty() ? std::string() : f.namespace_ + "/") + f.name});
    return keys;
  }
  // Nothing global identifies it: it is this setting in this file of this target.
  keys.push_back({"name", target + "|" + f.provider + "/" + f.kind + "/" + f.name + "@" + f.path});
  return keys;
}

// "found at path:line in target" for a discovery event.
std::string discovery_detail(const identity& id) {
  for (const location& l : id.locations)
    return "found at " + place_of(l.path, l.line) + " in " + l.repo;
  return "recorded";
}

bool has_snapshots(connection& db, const std::string& target) {
  statement q(db, "SELECT 1 FROM snapshots WHERE target = ?1 LIMIT 1");
  q.bind(1, target);
  return q.step();
}

// True when one of `fingerprints` is already an identity's key: the same key
// made them (or the same secret is a coincidence no key change produces).
bool any_known_fingerprint(connection& db, const std::vector<std::string>& fingerprints) {
  statement q(db, "SELECT 1 FROM identity_keys WHERE kind = 'fingerprint' AND value = ?1");
  for (const std::string& fp : fingerprints) {
    q.reset();
    q.bind(1, fp);
    if (q.step()) return true;
  }
  return false;
}

bool has_fingerprints(connection& db) {
  statement q(db, "SELECT 1 FROM identity_keys WHERE kind = 'fingerprint' LIMIT 1");
  return q.step();
}

// See scan_record::new_fingerprint_key. Sets `key_changed` when the recording
// starts over under a new key. A file from before the scheme was recorded
// ('unrecorded') adopts the current key when this recording's fingerprints
// meet known ones, or when it holds none to compare.
status check_fingerprint_scheme(connection& db, const std::string& path, const scan_record& meta,
                                const std::vector<std::string>& fingerprints, bool& key_changed) {
  const std::string current = fingerprint_scheme();
  const std::string stored = stored_fingerprint_scheme(db);
  key_changed = false;
  bool same = stored.empty() || stored == current;
  if (stored == "unrecorded")
    same = !has_fingerprints(db) || (!fingerprints.empty() && any_known_fingerprint(db, fingerprints));
  if (!same && !meta.new_fingerprint_key) {
    const std::string was = stored == "unrecorded" ? std::string("another fingerprint key (none of this run's ") +
                                                         std::to_string(fingerprints.size()) +
                                                         " fingerprints is known to it)"
                                                   : "fingerprint key " + stored;
    return status(errc::invalid_argument,
                  "the inventory was recorded under " + was + ", this run uses " + current +
                      ": the same secrets would be recorded as new identities. Set NHI_FINGERPRINT_KEY to the key "
                      "it was recorded with, or pass --new-fingerprint-key to start over under this one",
                  path);
  }
  key_changed = !same;
  statement put(db, R"sql(
    INSERT INTO settings(name, value) VALUES ('fingerprint_scheme', ?1)
    ON CONFLICT(name) DO UPDATE SET value = excluded.value)sql");
  put.bind(1, current);
  put.run();
  return status::ok();
}

// See scan_record::previous_targets. Every row that names a target moves:
// snapshots, evidence, authors, and the name keys of facts ("target|...").
void rename_previous_target(connection& db, const scan_record& meta) {
  if (has_snapshots(db, meta.target)) return;
  for (const std::string& old : meta.previous_targets) {
    if (old.empty() || old == meta.target || !has_snapshots(db, old)) continue;
    for (const char* table : {"snapshots", "occurrences", "facts", "config_findings", "authors"}) {
      statement up(db, std::string("UPDATE ") + table + " SET target = ?2 WHERE target = ?1");
      up.bind(1, old).bind(2, meta.target);
      up.run();
    }
    statement keys(db, R"sql(
      UPDATE identity_keys SET value = ?2 || substr(value, length(?1) + 1)
      WHERE kind = 'name' AND substr(value, 1, length(?1) + 1) = ?1 || '|')sql");
    keys.bind(1, old).bind(2, meta.target);
    keys.run();
    return;
  }
}

}  // namespace

std::string stored_fingerprint_scheme(connection& db) {
  statement q(db, "SELECT value FROM settings WHERE name = 'fingerprint_scheme'");
  return q.step() ? q.text(0) : std::string();
}

result<snapshot_info> record_snapshot(connection& db, const nhi::policy& p, const record_input& in) {
  const scan_record& meta = *in.meta;
  if (status key = fingerprint_key_status(); !key) return key;
  if (meta.target.empty()) return status(errc::invalid_argument, "a snapshot needs a target (what was scanned)");
  const auto taken = resolve_as_of(meta.taken_at);
  if (!taken) return status(errc::invalid_argument, "'" + meta.taken_at + "' is not an ISO 8601 date");
  for (const finding& f : in.findings ? *in.findings : std::vector<finding>{})
    if (f.fingerprint.empty())
      return status(errc::invalid_argument, "a finding without a fingerprint cannot be recorded", f.path, f.line);

  std::vector<std::string> fingerprints;
  for (const finding& f : in.findings ? *in.findings : std::vector<finding>{}) fingerprints.push_back(f.fingerprint);
  if (in.facts)
    for (const identity_fact& f : in.facts->identities)
      for (const auto& [name, value] : f.attributes)
        if (name.rfind("fingerprint", 0) == 0) fingerprints.push_back(value);

  write_transaction tx(db);
  bool key_changed = false;
  if (status s = check_fingerprint_scheme(db, in.path, meta, fingerprints, key_changed); !s) return s;
  rename_previous_target(db, meta);
  const bool complete = !in.facts || in.kind != "import" || in.facts->complete;
  statement ins(db, R"sql(
    INSERT INTO snapshots(kind, target, taken_at, recorded_at, tool_version, rules_version, complete)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id)sql");
  ins.bind(1, in.kind).bind(2, meta.target).bind(3, format_time(*taken)).bind(4, format_time(now_seconds()));
  ins.bind(5, meta.tool_version.empty() ? std::string(version_string()) : meta.tool_version);
  ins.bind(6, meta.rules_version).bind(7, static_cast<std::int64_t>(complete));
  const std::int64_t snapshot = ins.step() ? ins.integer(0) : 0;
  ins.run();
  statement prev(db, "SELECT coalesce(max(id), 0) FROM snapshots WHERE target = ?1 AND id < ?2");
  prev.bind(1, meta.target).bind(2, snapshot);
  const std::int64_t previous = prev.step() ? prev.integer(0) : 0;
  statement base(db,
                 "SELECT coalesce(max(id), 0) FROM snapshots WHERE target = ?1 AND id < ?2 AND complete = 1");
  base.bind(1, meta.target).bind(2, snapshot);
  const std::int64_t baseline = base.step() ? base.integer(0) : 0;

  recorder rec(db, snapshot, previous, baseline, complete, meta.target);
  std::uint64_t findings = 0, facts = 0, configs = 0;
  if (in.findings) {
    // One identity per fingerprint; external ids seen with it join it to the cloud's records.
    std::map<std::string, std::vector<const finding*>> by_fingerprint;
    for (const finding& f : *in.findings) by_fingerprint[f.fingerprint].push_back(&f);
    for (const auto& [fingerprint, group] : by_fingerprint) {
      std::vector<identity_key> keys{{"fingerprint", fingerprint}};
      for (const finding* f : group)
        if (!f->external_id.empty()) keys.push_back({"external_id", f->external_id});
      const std::string id = rec.resolve(keys);
      for (const finding* f : group) {
        rec.put_occurrence(id, *f);
        if (f->git) rec.note_author(f->git->author_email, f->git->date);
        ++findings;
      }
    }
  }
  if (in.facts) {
    for (const identity_fact& f : in.facts->identities) {
      // A setting that only references a secret kept elsewhere (${VAR}, a
      // vault path, a placeholder) holds no credential: no identity of its own.
      const auto source = f.attributes.find("value_source");
      if (source != f.attributes.end() && source->second != "literal") continue;
      rec.put_fact(rec.resolve(keys_of_fact(f, meta.target, in.kind == "import" ? in.facts->account : "")), f);
      ++facts;
    }
    for (const config_finding& c : in.facts->findings) {
      rec.put_config(c);
      ++configs;
    }
  }
  for (const auto& [email, date] : meta.author_last_commit) rec.note_author(email, date);
  // Under a new key every secret looks new: nothing was rotated.
  if (!key_changed) rec.detect_path_rotations();
  rec.detect_parent_rotations();

  // Judge everything at this snapshot's date: new evidence (and time
  // passing) can change any identity's state, not only those seen here.
  const inventory_view view = load_view(db, snapshot);
  statement stored(db, "SELECT status FROM identities WHERE id = ?1");
  statement update(db, "UPDATE identities SET status = ?2 WHERE id = ?1");
  for (const identity& id : judge_view(view, p, *taken)) {
    stored.reset();
    stored.bind(1, id.id);
    const std::string before = stored.step() && !stored.is_null(0) ? stored.text(0) : std::string();
    const std::string after = identity_status_name(id.status);
    if (before == after) continue;
    if (before.empty())
      rec.log_event(id.id, "discovered", "", after, discovery_detail(id));
    else
      rec.log_event(id.id, "status_changed", before, after, id.status_reason);
    update.reset();
    update.bind(1, id.id).bind(2, after);
    update.run();
  }

  statement counts(db, R"sql(
    UPDATE snapshots SET findings = ?2, facts = ?3, config_findings = ?4, identities = ?5, new_identities = ?6
    WHERE id = ?1)sql");
  counts.bind(1, snapshot).bind(2, static_cast<std::int64_t>(findings)).bind(3, static_cast<std::int64_t>(facts));
  counts.bind(4, static_cast<std::int64_t>(configs)).bind(5, static_cast<std::int64_t>(rec.touched().size()));
  counts.bind(6, static_cast<std::int64_t>(rec.created().size()));
  counts.run();
  tx.commit();
  return read_snapshot(db, snapshot);
}

}  // namespace nhi::detail
