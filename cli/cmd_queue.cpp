// SPDX-License-Identifier: Apache-2.0
// nhi queue add|status|retry: the inventory's work queue of repositories,
// which `nhi worker` processes (docs/scale.md).
#include <iostream>
#include <map>

#include "commands.hpp"
#include "nhi/inventory.hpp"

namespace nhi_cli {
namespace {

struct queue_args {
  std::string db;
  std::string batch;
  std::string repos;
  std::string format = "text";
};

int run_add(const queue_args& a) {
  auto repos = nhi::list_repositories(a.repos);
  if (!repos) return report_error(repos.error());
  auto inv = nhi::inventory::open(a.db);
  if (!inv) return report_error(inv.error());
  auto added = inv->enqueue(a.batch, repos.value());
  if (!added) return report_error(added.error());
  std::cout << "batch '" << a.batch << "': " << added.value() << " of " << repos->size()
            << " repositories queued (the others were in it already)\n";
  return kClean;
}

int write_status_json(const std::vector<nhi::work_unit>& units) {
  if (nhi::status s = nhi::write_work_units(std::cout, units); !s) return report_error(s);
  return kClean;
}

int run_status(const queue_args& a) {
  if (a.format != "text" && a.format != "json")
    return report_error({nhi::errc::invalid_argument, "unknown --format '" + a.format + "' (text, json)"});
  nhi::inventory_options options;
  options.create_if_missing = false;
  auto inv = nhi::inventory::open(a.db, options);
  if (!inv) return report_error(inv.error());
  auto units = inv->queue(a.batch);
  if (!units) return report_error(units.error());
  if (a.format == "json") return write_status_json(units.value());
  if (units->empty()) {
    std::cout << (a.batch.empty() ? std::string("no batch is queued") : "no batch '" + a.batch + "'") << '\n';
    return kClean;
  }
  std::map<std::string, std::map<std::string, std::uint64_t>> counts;
  for (const nhi::work_unit& u : units.value()) ++counts[u.batch][u.state];
  for (const auto& [batch, by_state] : counts) {
    std::cout << batch << ":";
    for (const char* state : {"pending", "done", "failed"})
      std::cout << ' ' << state << ' ' << (by_state.count(state) ? by_state.at(state) : 0);
    std::cout << '\n';
  }
  for (const nhi::work_unit& u : units.value())
    if (u.state == "failed") std::cout << "  failed: " << u.repository << ": " << u.error << '\n';
  return kClean;
}

int run_retry(const queue_args& a) {
  nhi::inventory_options options;
  options.create_if_missing = false;
  auto inv = nhi::inventory::open(a.db, options);
  if (!inv) return report_error(inv.error());
  auto n = inv->retry_failed(a.batch);
  if (!n) return report_error(n.error());
  std::cout << "batch '" << a.batch << "': " << n.value() << " failed repositories pending again\n";
  return kClean;
}

void inventory_option(CLI::App* cmd, queue_args& a) {
  add_inventory_option(cmd, a.db);
}

}  // namespace

void add_queue_command(CLI::App& app, int& exit_code) {
  auto a = std::make_shared<queue_args>();
  auto* cmd = app.add_subcommand("queue", "The inventory's work queue of repositories for `nhi worker`");
  cmd->require_subcommand(1);

  auto* add = cmd->add_subcommand("add", "Queue the repositories a list FILE names or a DIR holds in a batch");
  add->add_option("repos", a->repos, "A file of repository paths or URLs (one per line), or a directory of them")
      ->required();
  add->add_option("--batch", a->batch, "The batch's name (e.g. the month: 2026-12)")->required();
  inventory_option(add, *a);
  add->callback([a, &exit_code] {
    if (!resolve_inventory(a->db, exit_code)) return;
    exit_code = run_add(*a);
  });

  auto* status = cmd->add_subcommand("status", "Count the units of each batch by state, and list the failed ones");
  status->add_option("--batch", a->batch, "Only this batch");
  status->add_option("-f,--format", a->format, "text or json (json lists every unit)");
  inventory_option(status, *a);
  status->callback([a, &exit_code] {
    if (!resolve_inventory(a->db, exit_code)) return;
    exit_code = run_status(*a);
  });

  auto* retry = cmd->add_subcommand("retry", "Put the failed units of a batch back to pending");
  retry->add_option("--batch", a->batch, "The batch")->required();
  inventory_option(retry, *a);
  retry->callback([a, &exit_code] {
    if (!resolve_inventory(a->db, exit_code)) return;
    exit_code = run_retry(*a);
  });
}

}  // namespace nhi_cli
