// SPDX-License-Identifier: Apache-2.0
// nhi — find non-human identities and their secrets.
#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "commands.hpp"

namespace {

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

// `nhi sacn`: CLI11 would only say that a subcommand is required. Name the
// nearest command instead (a typo is at most two edits away), or list them.
bool unknown_command(const CLI::App& app, const std::string& word) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) names.push_back(sub->get_name());
  if (std::find(names.begin(), names.end(), word) != names.end()) return false;
  std::string best;
  std::size_t best_distance = 3;
  for (const auto& n : names)
    if (const std::size_t d = edit_distance(word, n); d < best_distance) {
      best = n;
      best_distance = d;
    }
  std::cerr << "nhi: unknown command '" << word << "'";
  if (!best.empty()) {
    std::cerr << "; did you mean '" << best << "'?\n";
  } else {
    std::cerr << "; the commands are:";
    for (const auto& n : names) std::cerr << ' ' << n;
    std::cerr << '\n';
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"nhi: find non-human identities and their secrets; classify them against the OWASP NHI Top 10"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("nhi ") + nhi::version_string());
  int exit_code = nhi_cli::kClean;
  nhi_cli::add_scan_command(app, exit_code);
  nhi_cli::add_rules_command(app, exit_code);
  nhi_cli::add_hook_command(app, exit_code);
  nhi_cli::add_inventory_command(app, exit_code);
  nhi_cli::add_report_command(app, exit_code);
  nhi_cli::add_import_command(app, exit_code);
  nhi_cli::add_version_command(app, exit_code);
  nhi_cli::add_generate_command(app, exit_code);
  nhi_cli::add_queue_command(app, exit_code);
  if (argc > 1 && argv[1][0] != '-' && unknown_command(app, argv[1])) return nhi_cli::kUsage;
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : nhi_cli::kUsage;
  } catch (const std::exception& e) {
    std::cerr << "nhi: internal error: " << e.what() << '\n';
    return nhi_cli::kRuntime;
  }
  return exit_code;
}
