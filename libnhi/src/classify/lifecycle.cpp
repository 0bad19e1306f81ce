// SPDX-License-Identifier: Apache-2.0
// The lifecycle status of an identity at an as-of date. The states are
// checked in a fixed order (docs/inventory.md): what the cloud says about a
// credential outranks what the files say, because a key that AWS reports
// Inactive is dead wherever it still lies around.
#include "classify/dates.hpp"
#include "classify/evidence.hpp"
#include "util/text.hpp"

namespace nhi::detail {
namespace {

// The most recent current fact that states a cloud status.
const fact_evidence* cloud_status_fact(const identity_evidence& ev) {
  for (const fact_evidence& f : ev.facts)
    if (f.current && !f.fact.status.empty() && to_lower_ascii(f.fact.status) != "unknown") return &f;
  return nullptr;
}

std::string day_of(const std::string& when) {
  const auto t = parse_time(when);
  return t ? format_date(*t) : when;
}

std::string reported(const fact_evidence& f) {
  return (f.fact.provider.empty() ? std::string("the source") : f.fact.provider) + " reports it " +
         to_lower_ascii(f.fact.status) + " (" + f.target + ", " + day_of(f.seen_at) + ")";
}

}  // namespace

void judge_status(const identity_evidence& ev, const judgement_context& ctx, identity& id) {
  const nhi::policy& p = ctx.policy;
  auto set = [&id](identity_status s, std::string reason) {
    id.status = s;
    id.status_reason = std::move(reason);
  };
  const fact_evidence* cloud = cloud_status_fact(ev);
  const std::string cloud_status = cloud ? to_lower_ascii(cloud->fact.status) : std::string();
  const auto expires = parse_time(id.expires_at);
  const bool expired = cloud_status == "expired" || (expires && *expires <= ctx.as_of);
  const bool deactivated = cloud_status == "inactive" || cloud_status == "disabled";
  const std::string deleted = ev.deleted_from.empty() ? std::string()
                                                      : "no longer listed by the latest import of " + ev.deleted_from +
                                                            " (" + day_of(ev.deleted_at) + ")";
  // Whether the credential still works, as far as the cloud says.
  id.validity = expired || deactivated || !deleted.empty() ? "invalid" : cloud_status == "active" ? "valid" : "";

  if (cloud_status == "expired") return set(identity_status::expired, reported(*cloud));
  if (expired) return set(identity_status::expired, "expired on " + format_date(*expires));

  // A replaced credential is rotated whether or not the old one is gone yet:
  // deactivating and deleting it is the rotation's last step, not a revocation.
  if (ev.replaced_by) {
    std::string reason = "replaced by " + ev.replaced_by->new_id + " " + ev.replaced_by->reason + " (" +
                         day_of(ev.replaced_by->at) + ")";
    if (deactivated) reason += "; " + reported(*cloud);
    else if (!deleted.empty()) reason += "; " + deleted;
    return set(identity_status::rotated, reason);
  }

  if (deactivated) return set(identity_status::revoked, reported(*cloud));
  if (!deleted.empty()) return set(identity_status::revoked, deleted);

  if (const auto departed = owner_departure(id, ctx))
    return set(identity_status::orphaned, "owner " + id.owner + " " + *departed);
  if (!ev.parent_deleted.empty())
    return set(identity_status::orphaned, "its parent " + id.parent + " was deleted: " + ev.parent_deleted);

  // Removed: everything the scans found is gone from HEAD / the current files.
  bool from_files = false, present = false;
  const occurrence_evidence* in_history = nullptr;
  std::string last_in_files;  // when the scans last found it
  auto note_seen = [&last_in_files](const std::string& when) {
    const auto t = parse_time(when), known = parse_time(last_in_files);
    if (t && (!known || *t > *known)) last_in_files = when;
  };
  for (const occurrence_evidence& o : ev.occurrences) {
    from_files = true;
    note_seen(o.seen_at);
    if (o.current && o.in_head) present = true;
    if (o.current && !o.in_head && !in_history) in_history = &o;
  }
  for (const fact_evidence& f : ev.facts)
    if (!f.from_import) {
      from_files = true;
      note_seen(f.seen_at);
      present = present || f.current;
    }
  if (from_files && !present) {
    std::string reason;
    if (in_history) {
      reason = "no longer in HEAD of " + in_history->target + "; still in git history at " +
               place_of(in_history->path, in_history->line) +
               (in_history->commit.empty() ? std::string() : " (commit " + in_history->commit.substr(0, 12) + ")");
    } else {
      std::string target;
      for (const fact_evidence& f : ev.facts)
        if (!f.from_import && target.empty()) target = f.target;
      if (!ev.occurrences.empty()) target = ev.occurrences.front().target;
      reason = "no longer found by the latest scan of " + target;
      if (!last_in_files.empty()) reason += " (last seen " + day_of(last_in_files) + ")";
    }
    if (cloud_status == "active") reason += "; " + reported(*cloud);
    return set(identity_status::removed, reason);
  }

  if (const auto used = parse_time(id.last_used_at)) {
    const std::int64_t idle = days_between(*used, ctx.as_of);
    if (idle > p.max_unused_days)
      return set(identity_status::stale, "last used " + format_date(*used) + ", " + std::to_string(idle) +
                                             " days before the as-of date (policy max_unused_days " +
                                             std::to_string(p.max_unused_days) + ")");
  }

  if (const auto created = parse_time(never_used_since(ev, id))) {
    const std::int64_t idle = days_between(*created, ctx.as_of);
    if (idle > p.max_unused_days)
      return set(identity_status::stale, "never used since it was created on " + format_date(*created) + ", " +
                                             std::to_string(idle) + " days before the as-of date (policy max_unused_days " +
                                             std::to_string(p.max_unused_days) + ")");
  }

  if (cloud) return set(identity_status::active, reported(*cloud));
  for (const occurrence_evidence& o : ev.occurrences)
    if (o.current && o.in_head) return set(identity_status::active, "present at " + place_of(o.path, o.line) + " in " + o.target);
  for (const fact_evidence& f : ev.facts)
    if (f.current)
      return set(identity_status::active, "listed at " + place_of(f.fact.path, f.fact.line) + " in " + f.target);
  set(identity_status::active, "known to the inventory");
}

}  // namespace nhi::detail
