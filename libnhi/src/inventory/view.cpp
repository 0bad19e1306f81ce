// SPDX-License-Identifier: Apache-2.0
// Reading the inventory back as it stood after one snapshot: every identity
// with its evidence, each piece marked current or not, and configuration
// findings tied to the identities they concern.
//
// "Current" is per target: evidence is current when the latest snapshot of
// its target (up to the cutoff) still had it. A scan of repository B says
// nothing about what a scan of repository A found.
#include <algorithm>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "classify/dates.hpp"
#include "inventory/store.hpp"
#include "util/text.hpp"

namespace nhi::detail {
namespace {

using json = nlohmann::json;

struct snapshot_row {
  std::string kind;
  std::string target;
  std::string taken_at;
  bool complete = true;
};

}  // namespace

std::vector<std::string> string_list(const std::string& text) {
  std::vector<std::string> out;
  const json j = json::parse(text, nullptr, false);
  if (j.is_array())
    for (const json& v : j)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

std::map<std::string, std::string> string_map(const std::string& text) {
  std::map<std::string, std::string> out;
  const json j = json::parse(text, nullptr, false);
  if (j.is_object())
    for (auto it = j.begin(); it != j.end(); ++it)
      if (it->is_string()) out[it.key()] = it->get<std::string>();
  return out;
}

identity_fact fact_from_row(const statement& st, int first) {
  identity_fact f;
  f.kind = st.text(first);
  f.provider = st.text(first + 1);
  f.name = st.text(first + 2);
  f.parent = st.text(first + 3);
  f.status = st.text(first + 4);
  f.owner = st.text(first + 5);
  f.owner_source = st.text(first + 6);
  f.created_at = st.text(first + 7);
  f.last_used_at = st.text(first + 8);
  f.last_rotated_at = st.text(first + 9);
  f.expires_at = st.text(first + 10);
  f.admin_equivalent = st.integer(first + 11) != 0;
  f.interactive_use = st.integer(first + 12) != 0;
  f.external_trust_without_condition = st.integer(first + 13) != 0;
  f.environment = st.text(first + 14);
  f.service = st.text(first + 15);
  f.namespace_ = st.text(first + 16);
  f.path = st.text(first + 17);
  f.line = static_cast<std::uint64_t>(st.integer(first + 18));
  f.external_ids = string_list(st.text(first + 19));
  f.permissions = string_list(st.text(first + 20));
  f.trust = string_list(st.text(first + 21));
  f.attributes = string_map(st.text(first + 22));
  f.scoped_ids = string_list(st.text(first + 23));
  return f;
}

namespace {

class view_loader {
 public:
  view_loader(connection& db, inventory_view& view) : db_(db), view_(view) {}

  void load() {
    load_snapshots();
    load_identities();
    load_keys();
    load_occurrences();
    load_facts();
    load_rotations();
    mark_deletions();
    load_config();
    load_authors();
    for (auto& [id, ev] : by_id_) {
      std::stable_sort(ev.facts.begin(), ev.facts.end(), [](const fact_evidence& a, const fact_evidence& b) {
        return a.last_snapshot > b.last_snapshot;
      });
      view_.identities.push_back(std::move(ev));
    }
  }

 private:
  void load_snapshots() {
    statement st(db_,
                 "SELECT id, kind, target, taken_at, complete FROM snapshots WHERE id <= ?1 ORDER BY id");
    st.bind(1, view_.cutoff);
    while (st.step()) {
      const std::int64_t id = st.integer(0);
      snapshots_[id] = {st.text(1), st.text(2), st.text(3), st.integer(4) != 0};
      latest_[st.text(2)] = id;
      if (st.integer(4) != 0) latest_complete_[st.text(2)] = id;
    }
    if (const auto it = snapshots_.find(view_.cutoff); it != snapshots_.end())
      view_.cutoff_taken_at = it->second.taken_at;
  }

  void load_identities() {
    statement st(db_,
                 "SELECT id, first_snapshot FROM identities WHERE merged_into IS NULL AND first_snapshot <= ?1");
    st.bind(1, view_.cutoff);
    while (st.step()) {
      identity_evidence& ev = by_id_[st.text(0)];
      ev.id = st.text(0);
      ev.first_snapshot_at = taken_at(st.integer(1));
    }
  }

  void load_keys() {
    statement st(db_, "SELECT kind, value, identity_id FROM identity_keys WHERE snapshot_id <= ?1");
    st.bind(1, view_.cutoff);
    while (st.step()) {
      const std::string kind = st.text(0), value = st.text(1), id = st.text(2);
      if (kind == "external_id") owner_of_external_id_[value] = id;
      const auto it = by_id_.find(id);
      if (it == by_id_.end()) continue;
      if (kind == "fingerprint") it->second.fingerprints.push_back(value);
      if (kind == "external_id") it->second.external_ids.push_back(value);
    }
  }

  // Not known gone from `target`: seen in its latest complete snapshot or
  // since (pages after it lacking the row say nothing), or in any of its
  // snapshots when none was complete.
  bool current(const std::string& target, std::int64_t first, std::int64_t last) const {
    const auto it = latest_.find(target);
    if (it == latest_.end() || first > it->second) return false;
    const auto complete = latest_complete_.find(target);
    return complete == latest_complete_.end() || last >= complete->second;
  }

  std::string seen_at(const std::string& target, std::int64_t last) const {
    const auto it = latest_.find(target);
    return taken_at(it == latest_.end() ? last : std::min(last, it->second));
  }

  std::string taken_at(std::int64_t snapshot) const {
    const auto it = snapshots_.find(snapshot);
    return it == snapshots_.end() ? std::string() : it->second.taken_at;
  }

  void load_occurrences() {
    statement st(db_, R"sql(
      SELECT identity_id, target, first_snapshot, last_snapshot, fingerprint, external_id, rule_id, rule_name,
             provider, kind, redacted, path, line, commit_id, author, author_email, commit_date, in_head
      FROM occurrences WHERE first_snapshot <= ?1 ORDER BY id)sql");
    st.bind(1, view_.cutoff);
    while (st.step()) {
      const auto it = by_id_.find(st.text(0));
      if (it == by_id_.end()) continue;
      occurrence_evidence o;
      o.target = st.text(1);
      o.current = current(o.target, st.integer(2), st.integer(3));
      o.seen_at = seen_at(o.target, st.integer(3));
      o.fingerprint = st.text(4);
      o.external_id = st.text(5);
      o.rule_id = st.text(6);
      o.rule_name = st.text(7);
      o.provider = st.text(8);
      o.kind = st.text(9);
      o.redacted = st.text(10);
      o.path = st.text(11);
      o.line = static_cast<std::uint64_t>(st.integer(12));
      o.commit = st.text(13);
      o.author = st.text(14);
      o.author_email = st.text(15);
      o.date = st.text(16);
      o.in_head = st.integer(17) != 0;
      if (!o.author_email.empty()) note_author(o.author_email, o.date);
      it->second.occurrences.push_back(std::move(o));
    }
  }

  void load_facts() {
    statement st(db_, std::string("SELECT identity_id, target, first_snapshot, last_snapshot, ") + kFactColumns +
                          " FROM facts WHERE first_snapshot <= ?1 ORDER BY id");
    st.bind(1, view_.cutoff);
    while (st.step()) {
      const auto it = by_id_.find(st.text(0));
      if (it == by_id_.end()) continue;
      fact_evidence fe;
      fe.target = st.text(1);
      fe.from_import = snapshots_.count(st.integer(2)) && snapshots_.at(st.integer(2)).kind == "import";
      fe.current = current(fe.target, st.integer(2), st.integer(3));
      fe.seen_at = seen_at(fe.target, st.integer(3));
      fe.last_snapshot = std::min(st.integer(3), view_.cutoff);
      fe.fact = fact_from_row(st, 4);
      it->second.facts.push_back(std::move(fe));
    }
  }

  void load_rotations() {
    statement st(db_, R"sql(
      SELECT old_id, new_id, snapshot_id, reason FROM rotations WHERE snapshot_id <= ?1 ORDER BY snapshot_id)sql");
    st.bind(1, view_.cutoff);
    while (st.step()) {
      const auto it = by_id_.find(st.text(0));
      if (it != by_id_.end()) it->second.replaced_by = rotation_evidence{st.text(1), st.text(3), taken_at(st.integer(2))};
    }
  }

  // A cloud identity is deleted when a complete listing of a target that
  // listed it, taken after every import that last saw it, no longer does.
  // A stale listing of another target (last month's list-access-keys) does
  // not keep it alive; a page of a paged export does not end it.
  void mark_deletions() {
    using stamp = std::pair<std::string, std::int64_t>;  // (taken_at, snapshot id): when, in recording order
    for (auto& [id, ev] : by_id_) {
      stamp last_sighting;
      std::set<std::string> missing_from;
      for (const fact_evidence& f : ev.facts) {
        if (!f.from_import) continue;
        const std::int64_t seen = std::min(f.last_snapshot, latest_.count(f.target) ? latest_.at(f.target) : f.last_snapshot);
        last_sighting = std::max(last_sighting, stamp{taken_at(seen), seen});
        if (!f.current) missing_from.insert(f.target);
      }
      for (const std::string& target : missing_from) {
        // An IAM policy lists grants: a member missing from it lost its
        // roles (its facts there are no longer current), not its existence.
        if (ends_with(target, " gcp_iam_policy")) continue;
        const auto complete = latest_complete_.find(target);
        if (complete == latest_complete_.end()) continue;
        const stamp listing{taken_at(complete->second), complete->second};
        if (listing > last_sighting && (ev.deleted_from.empty() || listing.first > ev.deleted_at)) {
          ev.deleted_from = target;
          ev.deleted_at = listing.first;
        }
      }
    }
    for (auto& [id, ev] : by_id_) {
      // The first parent the inventory knows (list-access-keys names a user
      // without its IAM path, the credential report with it).
      auto owner = owner_of_external_id_.end();
      for (const fact_evidence& f : ev.facts)
        if (owner == owner_of_external_id_.end() && !f.fact.parent.empty()) owner = owner_of_external_id_.find(f.fact.parent);
      if (owner == owner_of_external_id_.end()) continue;
      const auto p = by_id_.find(owner->second);
      if (p == by_id_.end() || p->first == id) continue;
      if (!p->second.deleted_from.empty())
        ev.parent_deleted = "no longer listed by the latest import of " + p->second.deleted_from;
      // Facts are in recording order here: the last current one that states
      // a status is the cloud's latest word on the principal.
      for (const fact_evidence& f : p->second.facts)
        if (f.current && f.from_import && !f.fact.status.empty()) {
          const std::string st = to_lower_ascii(f.fact.status);
          ev.parent_disabled = st == "disabled" || st == "inactive"
                                   ? f.fact.kind + " " + f.fact.name + " is " + st + " (" + f.target + ")"
                                   : std::string();
        }
      inherit_from(p->second, ev);
    }
  }

  // Owner and privilege reach a credential from its principal: an admin
  // user's key can do what the user can (issue 15 item 9).
  static void inherit_from(const identity_evidence& parent, identity_evidence& ev) {
    // Facts are still in recording order here: the last named is the freshest.
    for (const fact_evidence& f : parent.facts)
      if (!f.fact.name.empty()) ev.parent_label = f.fact.kind + " " + f.fact.name;
    for (bool want_current : {true, false})
      for (const fact_evidence& f : parent.facts)
        if (ev.parent_owner.empty() && f.current == want_current && !f.fact.owner.empty()) {
          ev.parent_owner = f.fact.owner;
          ev.parent_owner_source = f.fact.owner_source.empty() ? f.fact.kind : f.fact.owner_source;
        }
    for (const fact_evidence& f : parent.facts) {
      if (!f.current || !f.fact.admin_equivalent || !ev.parent_admin.empty()) continue;
      for (const std::string& perm : f.fact.permissions)
        ev.parent_admin += (ev.parent_admin.empty() ? "" : ", ") + perm;
      if (ev.parent_admin.empty()) ev.parent_admin = "admin-equivalent";
    }
  }

  // A configuration finding concerns the identities its subject names (a
  // name or external id); failing that, those found in the same file.
  void load_config() {
    statement st(db_, R"sql(
      SELECT target, first_snapshot, last_snapshot, rule_id, category, message, subject, path, line, environment,
             severity FROM config_findings WHERE first_snapshot <= ?1 ORDER BY id)sql");
    st.bind(1, view_.cutoff);
    std::map<std::string, std::set<std::string>> by_name;  // lowercase name or external id -> identities
    std::map<std::pair<std::string, std::string>, std::set<std::string>> by_file;  // (target, path) -> identities
    for (const auto& [id, ev] : by_id_) {
      for (const std::string& e : ev.external_ids) by_name[to_lower_ascii(e)].insert(id);
      for (const fact_evidence& f : ev.facts) {
        if (!f.fact.name.empty()) by_name[to_lower_ascii(f.fact.name)].insert(id);
        if (f.current) by_file[{f.target, f.fact.path}].insert(id);
      }
      for (const occurrence_evidence& o : ev.occurrences)
        if (o.current) by_file[{o.target, o.path}].insert(id);
    }
    while (st.step()) {
      config_evidence c;
      c.target = st.text(0);
      if (!current(c.target, st.integer(1), st.integer(2))) continue;
      c.finding.id = st.text(3);
      c.finding.category = st.text(4);
      c.finding.message = st.text(5);
      c.finding.subject = st.text(6);
      c.finding.path = st.text(7);
      c.finding.line = static_cast<std::uint64_t>(st.integer(8));
      c.finding.environment = st.text(9);
      c.finding.severity = st.text(10);
      const std::set<std::string>* concerned = nullptr;
      if (const auto it = by_name.find(to_lower_ascii(c.finding.subject)); it != by_name.end() && !c.finding.subject.empty())
        concerned = &it->second;
      else if (const auto f = by_file.find({c.target, c.finding.path}); f != by_file.end())
        concerned = &f->second;
      if (concerned)
        for (const std::string& id : *concerned) by_id_[id].config.push_back(c);
      view_.config.push_back(std::move(c));
      view_.config_attached.push_back(concerned != nullptr);
    }
  }

  void load_authors() {
    statement st(db_, "SELECT email, last_commit FROM authors");
    while (st.step()) note_author(st.text(0), st.text(1));
  }

  void note_author(const std::string& email, const std::string& date) {
    const auto t = parse_time(date);
    if (!t) return;
    std::string& known = view_.author_last_commit[to_lower_ascii(email)];
    const auto k = parse_time(known);
    if (!k || *t > *k) known = format_time(*t);
  }

  connection& db_;
  inventory_view& view_;
  std::map<std::int64_t, snapshot_row> snapshots_;
  std::map<std::string, std::int64_t> latest_;  // target -> its latest snapshot up to the cutoff
  std::map<std::string, std::int64_t> latest_complete_;  // target -> its latest complete snapshot up to it
  std::map<std::string, identity_evidence> by_id_;
  std::map<std::string, std::string> owner_of_external_id_;
};

}  // namespace

inventory_view load_view(connection& db, std::int64_t cutoff) {
  inventory_view view;
  view.cutoff = cutoff > 0 ? cutoff : db.scalar("SELECT coalesce(max(id), 0) FROM snapshots");
  view_loader(db, view).load();
  return view;
}

std::vector<identity> judge_view(const inventory_view& view, const nhi::policy& p, std::int64_t as_of) {
  const judgement_context ctx{p, as_of, view.author_last_commit};
  std::vector<identity> out;
  out.reserve(view.identities.size());
  for (const identity_evidence& ev : view.identities) out.push_back(judge(ev, ctx));
  return out;
}

snapshot_info read_snapshot(connection& db, std::int64_t id) {
  statement st(db, R"sql(
    SELECT id, kind, target, taken_at, recorded_at, tool_version, rules_version, findings, facts, config_findings,
           identities, new_identities FROM snapshots WHERE id = ?1)sql");
  st.bind(1, id);
  snapshot_info s;
  if (!st.step()) return s;
  s.id = st.integer(0);
  s.kind = st.text(1);
  s.target = st.text(2);
  s.taken_at = st.text(3);
  s.recorded_at = st.text(4);
  s.tool_version = st.text(5);
  s.rules_version = st.text(6);
  s.findings = static_cast<std::uint64_t>(st.integer(7));
  s.facts = static_cast<std::uint64_t>(st.integer(8));
  s.config_findings = static_cast<std::uint64_t>(st.integer(9));
  s.identities = static_cast<std::uint64_t>(st.integer(10));
  s.new_identities = static_cast<std::uint64_t>(st.integer(11));
  return s;
}

std::vector<snapshot_info> read_snapshots(connection& db) {
  std::vector<std::int64_t> ids;
  statement st(db, "SELECT id FROM snapshots ORDER BY id");
  while (st.step()) ids.push_back(st.integer(0));
  std::vector<snapshot_info> out;
  for (std::int64_t id : ids) out.push_back(read_snapshot(db, id));
  return out;
}

std::string resolve_identity_id(connection& db, const std::string& id) {
  statement st(db, "SELECT coalesce(merged_into, id) FROM identities WHERE id = ?1");
  st.bind(1, id);
  return st.step() ? st.text(0) : std::string();
}

}  // namespace nhi::detail
