// SPDX-License-Identifier: Apache-2.0
// nhi — find non-human identities and their secrets.
#include <iostream>

#include "commands.hpp"

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
