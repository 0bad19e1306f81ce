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
bool is_resolved(identity_status s) {
  return s == identity_status::removed || s == identity_status::revoked || s == identity_status::expired;
}

// Where the identity's latest snapshots found it: in HEAD (or the files), or
// only in git history.
std::set<std::string> places(const identity& id, bool in_head) {
  std::set<std::string> out;
  for (const location& l : id.locations)
    if (l.current && l.in_head == in_head) out.insert(l.repo + ": " + detail::place_of(l.path, l.line));
  return out;
}

std::vector<std::string> changes_between(const identity& before, const identity& after) {
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
  const auto was = places(before, true), is = places(after, true);
  const auto was_history = places(before, false), history = places(after, false);
  for (const std::string& p : is)
    if (!was.count(p)) what.push_back("now at " + p);
  for (const std::string& p : was)
    if (!is.count(p))
      what.push_back(history.count(p) ? "removed from HEAD, still in git history at " + p : "no longer at " + p);
  for (const std::string& p : was_history)
    if (!history.count(p) && !is.count(p)) what.push_back("no longer in git history at " + p);
  if (before.owner != after.owner)
    what.push_back("owner " + (before.owner.empty() ? std::string("(none)") : before.owner) + " -> " +
                   (after.owner.empty() ? std::string("(none)") : after.owner));
  return what;
}

}  // namespace

result<snapshot_diff> inventory::diff(std::int64_t from, std::int64_t to, const nhi::policy& p) const {
  try {
    detail::read_transaction tx(impl_->db);
    snapshot_diff d;
    d.from = detail::read_snapshot(impl_->db, from);
    d.to = detail::read_snapshot(impl_->db, to);
    for (const snapshot_info* s : {&d.from, &d.to})
      if (s->id == 0)
        return status(errc::not_found, "no snapshot " + std::to_string(s == &d.from ? from : to) +
                                           " (nhi inventory snapshots lists them)", impl_->path);
    // Each side is judged at its own snapshot's date, as it was then.
    auto judged = [&](const snapshot_info& s) {
      const detail::inventory_view view = detail::load_view(impl_->db, s.id);
      return detail::judge_view(view, p, detail::parse_time(s.taken_at).value_or(0));
    };
    std::map<std::string, identity> before;
    for (identity& id : judged(d.from)) before.emplace(id.id, std::move(id));
    for (identity& after : judged(d.to)) {
      const auto it = before.find(after.id);
      if (it == before.end()) {
        d.added.push_back(std::move(after));
        continue;
      }
      const identity& was = it->second;
      if (was.status != after.status) d.transitions.push_back({after.id, was.status, after.status});
      if (!is_resolved(was.status) && is_resolved(after.status)) {
        d.resolved.push_back(std::move(after));
        continue;
      }
      std::vector<std::string> what = changes_between(was, after);
      if (!what.empty()) d.changed.push_back({after.id, after.name, std::move(what)});
    }
    return d;
  } catch (const detail::db_error& e) {
    return detail::status_from(e, impl_->path);
  } catch (const std::exception& e) {
    return status(errc::internal, e.what(), impl_->path);
  }
}

result<posture> inventory::assess(const nhi::policy& p, std::string_view as_of) const {
  const auto when = detail::resolve_as_of(as_of);
  if (!when)
    return status(errc::invalid_argument, "'" + std::string(as_of) + "' is not an ISO 8601 date (e.g. 2024-03-01)");
  try {
    detail::read_transaction tx(impl_->db);
    const detail::inventory_view view = detail::load_view(impl_->db, 0);
    const detail::judgement_context ctx{p, *when, view.author_last_commit};
    return detail::build_posture(detail::judge_view(view, p, *when), view.config, view.config_attached, ctx);
  } catch (const detail::db_error& e) {
    return detail::status_from(e, impl_->path);
  } catch (const std::exception& e) {
    return status(errc::internal, e.what(), impl_->path);
  }
}

NHI_END_NAMESPACE
