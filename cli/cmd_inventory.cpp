// SPDX-License-Identifier: Apache-2.0
// nhi inventory list|show|export|diff|snapshots|events: querying the lifecycle inventory.
#include <iostream>
#include <sstream>

#include "commands.hpp"
#include "nhi/inventory.hpp"

namespace nhi_cli {
namespace {

struct inventory_args {
  std::string db;
  std::string as_of;
  std::string policy_file;
  std::string format;
  std::string output;
  std::int64_t snapshot = 0;
  std::string risk, status, owner, provider;
  std::string id;
  std::int64_t from = 0, to = 0;
};

// The inventory is opened, never created: a typo in --inventory must not
// leave an empty database behind and report "no identities".
nhi::result<nhi::inventory> open_existing(const std::string& path) {
  nhi::inventory_options options;
  options.create_if_missing = false;
  return nhi::inventory::open(path, options);
}

nhi::result<nhi::policy> policy_of(const inventory_args& a) {
  return a.policy_file.empty() ? nhi::result<nhi::policy>(nhi::policy{}) : nhi::load_policy(a.policy_file);
}

// Parses the format (default `fallback`) and checks it is one `allowed` lists.
nhi::status format_of(const inventory_args& a, const char* fallback, std::initializer_list<nhi::inventory_format> allowed,
                      const char* names, nhi::inventory_format& out) {
  const std::string text = a.format.empty() ? fallback : a.format;
  if (nhi::parse_inventory_format(text, out))
    for (nhi::inventory_format f : allowed)
      if (f == out) return nhi::status::ok();
  return nhi::status(nhi::errc::invalid_argument, "unknown --format '" + text + "' (" + names + ")");
}

nhi::identity_query query_of(const inventory_args& a, nhi::policy p) {
  nhi::identity_query q;
  q.policy = std::move(p);
  q.as_of = a.as_of;
  q.snapshot = a.snapshot;
  q.risk = a.risk;
  q.status = a.status;
  q.owner = a.owner;
  q.provider = a.provider;
  return q;
}

// Runs one subcommand body with the inventory and policy loaded; the body
// renders into a string so nothing is written when it fails midway.
template <class Body>
int with_inventory(const inventory_args& a, Body body) {
  auto policy = policy_of(a);
  if (!policy) return report_error(policy.error());
  auto inv = open_existing(a.db);
  if (!inv) return report_error(inv.error());
  std::ostringstream rendered;
  if (nhi::status s = body(inv.value(), policy.value(), rendered); !s) return report_error(s);
  if (nhi::status s = write_output(a.output, rendered.str()); !s) return report_error(s);
  return kClean;
}

int run_list(const inventory_args& a, const char* default_format,
             std::initializer_list<nhi::inventory_format> allowed, const char* names) {
  nhi::inventory_format format;
  if (nhi::status s = format_of(a, default_format, allowed, names, format); !s) return report_error(s);
  return with_inventory(a, [&](nhi::inventory& inv, const nhi::policy& p, std::ostream& out) -> nhi::status {
    auto ids = inv.list(query_of(a, p));
    if (!ids) return ids.error();
    return nhi::write_identities(out, format, ids.value());
  });
}

int run_show(const inventory_args& a) {
  using F = nhi::inventory_format;
  F format;
  if (nhi::status s = format_of(a, "text", {F::text, F::json}, "text, json", format); !s) return report_error(s);
  return with_inventory(a, [&](nhi::inventory& inv, const nhi::policy& p, std::ostream& out) -> nhi::status {
    auto id = inv.get(a.id, query_of(a, p));
    if (!id) return id.error();
    auto events = inv.events(id->id);
    if (!events) return events.error();
    return nhi::write_identity(out, format, id.value(), events.value());
  });
}

int run_diff(const inventory_args& a) {
  using F = nhi::inventory_format;
  F format;
  if (nhi::status s = format_of(a, "text", {F::text, F::json, F::csv}, "text, json, csv", format); !s)
    return report_error(s);
  return with_inventory(a, [&](nhi::inventory& inv, const nhi::policy& p, std::ostream& out) -> nhi::status {
    auto d = inv.diff(a.from, a.to, p);
    if (!d) return d.error();
    return nhi::write_diff(out, format, d.value());
  });
}

int run_snapshots(const inventory_args& a) {
  using F = nhi::inventory_format;
  F format;
  if (nhi::status s = format_of(a, "text", {F::text, F::json, F::csv}, "text, json, csv", format); !s)
    return report_error(s);
  return with_inventory(a, [&](nhi::inventory& inv, const nhi::policy&, std::ostream& out) -> nhi::status {
    auto snaps = inv.snapshots();
    if (!snaps) return snaps.error();
    return nhi::write_snapshots(out, format, snaps.value());
  });
}

int run_compare(const inventory_args& a, const std::string& other) {
  using F = nhi::inventory_format;
  F format;
  if (nhi::status s = format_of(a, "text", {F::text, F::json, F::csv}, "text, json, csv", format); !s)
    return report_error(s);
  auto theirs = open_existing(other);
  if (!theirs) return report_error(theirs.error());
  bool differ = false;
  const int rc = with_inventory(a, [&](nhi::inventory& inv, const nhi::policy& p, std::ostream& out) -> nhi::status {
    auto d = inv.compare(theirs.value(), p, a.as_of);
    if (!d) return d.error();
    differ = !d->added.empty() || !d->gone.empty() || !d->changed.empty() || !d->transitions.empty();
    return nhi::write_diff(out, format, d.value());
  });
  return rc != kClean ? rc : differ ? kFindings : kClean;
}

// nhi inventory migrate: the one command that changes an inventory's schema.
int run_migrate(const inventory_args& a) {
  nhi::inventory_options options;
  options.create_if_missing = false;
  options.migrate = true;
  auto inv = nhi::inventory::open(a.db, options);
  if (!inv) return report_error(inv.error());
  const std::int64_t from = inv->migrated_from(), to = nhi::inventory::schema_version();
  if (from == to)
    std::cout << inv->path() << ": schema " << to << ", nothing to do\n";
  else
    std::cout << inv->path() << ": schema " << from << " -> " << to << '\n';
  return kClean;
}

int run_merge(const inventory_args& a, const std::vector<std::string>& sources) {
  auto policy = policy_of(a);
  if (!policy) return report_error(policy.error());
  nhi::inventory_options options;
  options.policy = policy.value();
  auto into = nhi::inventory::open(a.db, options);
  if (!into) return report_error(into.error());
  for (const std::string& source : sources) {
    auto from = open_existing(source);
    if (!from) return report_error(from.error());
    auto merged = into->merge_from(from.value());
    if (!merged) return report_error(merged.error());
    std::cout << from->path() << " -> " << into->path() << ": " << merged->snapshots << " snapshots merged, "
              << merged->skipped_snapshots << " already there or older than what is there; identities "
              << merged->identities_before << " -> " << merged->identities_after << '\n';
  }
  return kClean;
}

void common_options(CLI::App* cmd, inventory_args& a, bool judged) {
  add_inventory_option(cmd, a.db);
  cmd->add_option("-o,--output", a.output, "Write to FILE (created 0600) instead of stdout");
  if (!judged) return;
  cmd->add_option("--as-of", a.as_of, "Judge ages and states at DATE (ISO 8601; default: now)");
  cmd->add_option("--policy", a.policy_file, "Policy YAML with thresholds and lists (docs/policy.md)");
}

}  // namespace

void add_inventory_command(CLI::App& app, int& exit_code) {
  auto a = std::make_shared<inventory_args>();
  auto* cmd = app.add_subcommand("inventory", "Query the lifecycle inventory of non-human identities");
  cmd->require_subcommand(1);

  auto filters = [a](CLI::App* sub) {
    sub->add_option("--risk", a->risk, "Only identities in this OWASP category (NHI1..NHI10)");
    sub->add_option("--status", a->status, "Only identities in this state (active, stale, rotated, revoked, expired, "
                                           "removed, orphaned)");
    sub->add_option("--owner", a->owner, "Only identities whose owner contains TEXT");
    sub->add_option("--provider", a->provider, "Only identities of this provider (aws, gcp, github, ...)");
    sub->add_option("--snapshot", a->snapshot, "Judge the inventory as it was after snapshot N");
  };

  auto* list = cmd->add_subcommand("list", "List identities with their state and OWASP NHI categories");
  common_options(list, *a, true);
  list->add_option("-f,--format", a->format, "text, json or csv (default text)");
  filters(list);
  list->callback([a, &exit_code] {
    if (!resolve_inventory(a->db, exit_code)) return;
    using F = nhi::inventory_format;
    exit_code = run_list(*a, "text", {F::text, F::json, F::csv}, "text, json, csv");
  });

  auto* exp = cmd->add_subcommand("export", "Export identities ({\"identities\": [...]} JSON, or CSV)");
  common_options(exp, *a, true);
  exp->add_option("-f,--format", a->format, "json or csv (default json)");
  filters(exp);
  exp->callback([a, &exit_code] {
    if (!resolve_inventory(a->db, exit_code)) return;
    using F = nhi::inventory_format;
    exit_code = run_list(*a, "json", {F::json, F::csv}, "json, csv");
  });

  auto* show = cmd->add_subcommand("show", "Show one identity: evidence, state, risks and events");
  show->add_option("id", a->id, "Identity id (nhi-...)")->required();
  common_options(show, *a, true);
  show->add_option("-f,--format", a->format, "text or json (default text)");
  show->add_option("--snapshot", a->snapshot, "Show it as it was after snapshot N");
  show->callback([a, &exit_code] {
    if (!resolve_inventory(a->db, exit_code)) return;
    exit_code = run_show(*a);
  });

  auto* diff = cmd->add_subcommand("diff", "Compare two snapshots: new, resolved, changed identities, transitions");
  diff->add_option("from", a->from, "Earlier snapshot id")->required();
  diff->add_option("to", a->to, "Later snapshot id")->required();
  common_options(diff, *a, false);
  diff->add_option("--policy", a->policy_file, "Policy YAML (docs/policy.md)");
  diff->add_option("-f,--format", a->format, "text, json or csv (default text)");
  diff->callback([a, &exit_code] {
    if (!resolve_inventory(a->db, exit_code)) return;
    exit_code = run_diff(*a);
  });

  auto other = std::make_shared<std::string>();
  auto* compare = cmd->add_subcommand(
      "compare", "Compare this inventory with another (exit 1 when they differ): identities only here, only there, changed");
  compare->add_option("other", *other, "The other inventory: an SQLite file or a postgresql:// URL")->required();
  common_options(compare, *a, true);
  compare->add_option("-f,--format", a->format, "text, json or csv (default text)");
  compare->callback([a, other, &exit_code] {
    if (!resolve_inventory(a->db, exit_code)) return;
    exit_code = run_compare(*a, *other);
  });

  auto* migrate = cmd->add_subcommand(
      "migrate", "Bring an inventory of an older schema to this nhi's (one transaction; back it up first)");
  common_options(migrate, *a, false);
  migrate->callback([a, &exit_code] {
    if (!resolve_inventory(a->db, exit_code)) return;
    exit_code = run_migrate(*a);
  });

  auto sources = std::make_shared<std::vector<std::string>>();
  auto* merge = cmd->add_subcommand(
      "merge", "Record the snapshots of other inventories (made offline) into this one; merging twice changes nothing");
  merge->add_option("sources", *sources, "Inventories to merge from (SQLite files or postgresql:// URLs)")->required();
  common_options(merge, *a, false);
  merge->add_option("--policy", a->policy_file, "Policy YAML used to judge lifecycle states (docs/policy.md)");
  merge->callback([a, sources, &exit_code] {
    if (!resolve_inventory(a->db, exit_code)) return;
    exit_code = run_merge(*a, *sources);
  });

  auto* snaps = cmd->add_subcommand("snapshots", "List the recorded scans and imports");
  common_options(snaps, *a, false);
  snaps->add_option("-f,--format", a->format, "text, json or csv (default text)");
  snaps->callback([a, &exit_code] {
    if (!resolve_inventory(a->db, exit_code)) return;
    exit_code = run_snapshots(*a);
  });
}

}  // namespace nhi_cli
