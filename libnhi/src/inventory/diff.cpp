// SPDX-License-Identifier: Apache-2.0
// Comparing the inventory at two snapshots, and the posture for reports.
#include <algorithm>
#include <map>
#include <set>

#include "classify/dates.hpp"
#include "inventory/impl.hpp"
#include "inventory/store.hpp"
#include "nhi/inventory.hpp"

NHI_BEGIN_NAMESPACE

namespace {

// Removed, revoked and expired identities are no longer a live problem where
// they were found; the diff calls an identity that reaches one of these resolved.
bool is_resolved(const identity& id) { return id.status == identity_status::removed || detail::is_dead(id); }

// Where an identity's latest snapshots found it in one repository or
// directory: the paths in HEAD (or the current files), and those only in
// git history. Lines are left out: a line shift is no change.
struct exposure {
  std::set<std::string> head;
  std::set<std::string> history;
};

// Per scan target. The places of cloud exports are left out: an export's
// file name changes with every dated copy and says nothing of the credential.
std::map<std::string, exposure> exposures(const identity& id, const std::set<std::string>& import_targets) {
  std::map<std::string, exposure> out;
  for (const location& l : id.locations) {
    if (!l.current || import_targets.count(l.repo)) continue;
    exposure& e = out[l.repo];
    (l.in_head ? e.head : e.history).insert(l.path);
  }
  return out;
}

void place_changes(const identity& before, const identity& after, const std::set<std::string>& import_targets,
                   std::vector<std::string>& what) {
  const auto was = exposures(before, import_targets), is = exposures(after, import_targets);
  static const exposure kNone;
  std::set<std::string> repos;
  for (const auto& [repo, e] : was) repos.insert(repo);
  for (const auto& [repo, e] : is) repos.insert(repo);
  for (const std::string& repo : repos) {
    const auto w = was.find(repo), i = is.find(repo);
    const exposure& a = w == was.end() ? kNone : w->second;
    const exposure& b = i == is.end() ? kNone : i->second;
    if (!b.head.empty()) {
      // Still in HEAD: a file renamed or a line moved is no change; a new
      // copy in one more file, or a return from history, is.
      const bool spread = b.head.size() > a.head.size();
      for (const std::string& p : b.head)
        if (!a.head.count(p) && (a.head.empty() || spread))
          what.push_back((a.head.empty() && a.history.count(p) ? "back in HEAD at " : "now at ") + repo + ": " + p);
      continue;
    }
    for (const std::string& p : a.head)
      what.push_back(b.history.count(p) ? "removed from HEAD, still in git history at " + repo + ": " + p
                                        : "no longer at " + repo + ": " + p);
    for (const std::string& p : b.history)
      if (a.head.empty() && !a.history.count(p)) what.push_back("now in git history at " + repo + ": " + p);
    for (const std::string& p : a.history)
      if (!b.history.count(p) && !a.head.count(p)) what.push_back("no longer in git history at " + repo + ": " + p);
  }
}

std::vector<std::string> changes_between(const identity& before, const identity& after,
                                         const std::set<std::string>& import_targets) {
  std::vector<std::string> what;
  if (before.status != after.status)
    what.push_back(std::string("status ") + identity_status_name(before.status) + " -> " +
                   identity_status_name(after.status) + ": " + after.status_reason);
  std::map<std::string, std::string> old_risks, new_risks;
  for (const risk& r : before.risks) old_risks[r.id] = r.reason;
  for (const risk& r : after.risks) new_risks[r.id] = r.reason;
  for (const risk& r : after.risks)
    if (!old_risks.count(r.id)) what.push_back("risk " + r.id + " added: " + r.reason);
  for (const risk& r : before.risks)
    if (!new_risks.count(r.id)) what.push_back("risk " + r.id + " gone");
  place_changes(before, after, import_targets, what);
  if (before.owner != after.owner)
    what.push_back("owner " + (before.owner.empty() ? std::string("(none)") : before.owner) + " -> " +
                   (after.owner.empty() ? std::string("(none)") : after.owner));
  return what;
}

// Fills `d` with what changed from `before` to `after`. Between two
// snapshots of one inventory, an identity that reached a resolved state is
// `resolved` (and nothing is ever gone); between two inventories, a state
// is only a state, and identities only in `before` are `gone`.
void compare_identities(std::vector<identity> before_list, std::vector<identity> after_list,
                        const std::set<std::string>& import_targets, bool two_inventories, snapshot_diff& d) {
  std::map<std::string, identity> before;
  for (identity& id : before_list) before.emplace(id.id, std::move(id));
  for (identity& after : after_list) {
    const auto it = before.find(after.id);
    if (it == before.end()) {
      d.added.push_back(std::move(after));
      continue;
    }
    const identity& was = it->second;
    if (was.status != after.status) d.transitions.push_back({after.id, was.status, after.status});
    if (!two_inventories && !is_resolved(was) && is_resolved(after)) {
      d.resolved.push_back(std::move(after));
    } else {
      std::vector<std::string> what = changes_between(was, after, import_targets);
      if (!what.empty()) d.changed.push_back({after.id, after.name, std::move(what)});
    }
    before.erase(it);
  }
  if (two_inventories)
    for (auto& entry : before) d.gone.push_back(std::move(entry.second));
}

}  // namespace

result<snapshot_diff> inventory::diff(std::int64_t from, std::int64_t to, const nhi::policy& p) const {
  return detail::guarded<snapshot_diff>(impl_->printable, [&]() -> result<snapshot_diff> {
    detail::read_transaction tx(impl_->db());
    snapshot_diff d;
    d.from = detail::read_snapshot(impl_->db(), from);
    d.to = detail::read_snapshot(impl_->db(), to);
    for (const snapshot_info* s : {&d.from, &d.to})
      if (s->id == 0)
        return status(errc::not_found, "no snapshot " + std::to_string(s == &d.from ? from : to) +
                                           " (nhi inventory snapshots lists them)", impl_->printable);
    // Each side is judged at its own snapshot's date, as it was then.
    auto judged = [&](const snapshot_info& s) {
      const detail::inventory_view view = detail::load_view(impl_->db(), s.id);
      return detail::judge_view(view, p, detail::parse_time(s.taken_at).value_or(0));
    };
    std::set<std::string> import_targets;
    for (const snapshot_info& s : detail::read_snapshots(impl_->db()))
      if (s.kind == "import") import_targets.insert(s.target);
    compare_identities(judged(d.from), judged(d.to), import_targets, /*two_inventories=*/false, d);
    return d;
  });
}

result<snapshot_diff> inventory::compare(const inventory& other, const nhi::policy& p, std::string_view as_of) const {
  identity_query q;
  q.policy = p;
  q.as_of = std::string(as_of);
  if (q.as_of.empty()) q.as_of = detail::format_time(detail::now_seconds());  // one instant for both sides
  auto mine = list(q);
  if (!mine) return mine.error();
  auto theirs = other.list(q);
  if (!theirs) return theirs.error();
  std::set<std::string> import_targets;
  for (const inventory* inv : {this, &other}) {
    auto snaps = inv->snapshots();
    if (!snaps) return snaps.error();
    for (const snapshot_info& s : snaps.value())
      if (s.kind == "import") import_targets.insert(s.target);
  }
  snapshot_diff d;
  d.from.target = other.path();
  d.to.target = path();
  d.from.taken_at = d.to.taken_at = q.as_of;
  compare_identities(std::move(theirs.value()), std::move(mine.value()), import_targets, /*two_inventories=*/true, d);
  return d;
}

result<posture> inventory::assess(const nhi::policy& p, std::string_view as_of) const {
  const auto when = detail::resolve_as_of(as_of);
  if (!when)
    return status(errc::invalid_argument, "'" + std::string(as_of) + "' is not an ISO 8601 date (e.g. 2024-03-01)");
  return detail::guarded<posture>(impl_->printable, [&]() -> result<posture> {
    detail::read_transaction tx(impl_->db());
    const detail::inventory_view view = detail::load_view(impl_->db(), 0);
    const detail::judgement_context ctx{p, *when, view.author_last_commit};
    return detail::build_posture(detail::judge_view(view, p, *when), view.config, view.config_attached, ctx);
  });
}

NHI_END_NAMESPACE
