// SPDX-License-Identifier: Apache-2.0
// nhi report: the OWASP NHI Top 10 posture of an inventory.
#include <sstream>

#include "commands.hpp"
#include "nhi/inventory.hpp"

namespace nhi_cli {
namespace {

struct report_args {
  std::string db;
  std::string as_of;
  std::string policy_file;
  std::string format = "text";
  std::string output;
};

int run_report(const report_args& a) {
  nhi::inventory_format format;
  if (!nhi::parse_inventory_format(a.format, format) || format == nhi::inventory_format::csv)
    return report_error({nhi::errc::invalid_argument, "unknown --format '" + a.format + "' (text, json, html)"});
  auto policy = a.policy_file.empty() ? nhi::result<nhi::policy>(nhi::policy{}) : nhi::load_policy(a.policy_file);
  if (!policy) return report_error(policy.error());
  nhi::inventory_options options;
  options.create_if_missing = false;
  auto inv = nhi::inventory::open(a.db, options);
  if (!inv) return report_error(inv.error());
  auto posture = inv->assess(policy.value(), a.as_of);
  if (!posture) return report_error(posture.error());
  std::ostringstream rendered;
  if (nhi::status s = nhi::write_posture(rendered, format, posture.value()); !s) return report_error(s);
  if (nhi::status s = write_output(a.output, rendered.str()); !s) return report_error(s);
  return kClean;
}

}  // namespace

void add_report_command(CLI::App& app, int& exit_code) {
  auto a = std::make_shared<report_args>();
  auto* cmd = app.add_subcommand("report", "OWASP NHI Top 10 posture of an inventory: categories, worst identities, "
                                           "owners to contact");
  add_inventory_option(cmd, a->db);
  cmd->add_option("--as-of", a->as_of, "Judge ages and states at DATE (ISO 8601; default: now)");
  cmd->add_option("--policy", a->policy_file, "Policy YAML with thresholds and lists (docs/policy.md)");
  cmd->add_option("-f,--format", a->format, "text, json or html (one self-contained page)")->capture_default_str();
  cmd->add_option("-o,--output", a->output, "Write to FILE (created 0600) instead of stdout");
  cmd->callback([a, &exit_code] {
    if (!resolve_inventory(a->db, exit_code)) return;
    exit_code = run_report(*a);
  });
}

}  // namespace nhi_cli
