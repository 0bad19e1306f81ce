// SPDX-License-Identifier: Apache-2.0
// nhi hook install
#include <unistd.h>

#include <climits>
#include <iostream>

#include "commands.hpp"

namespace nhi_cli {
namespace {

// The running binary's absolute path, so the hook works without nhi on PATH.
std::string self_path() {
  char buf[PATH_MAX];
  const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string("nhi");
}

}  // namespace

void add_hook_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("hook", "Manage the git pre-commit hook");
  cmd->require_subcommand(1);
  auto repo = std::make_shared<std::string>(".");
  auto force = std::make_shared<bool>(false);
  auto* install = cmd->add_subcommand("install", "Install a pre-commit hook that runs `nhi scan --staged`");
  install->add_option("repo", *repo, "Repository (default: .)");
  install->add_flag("--force", *force, "Replace an existing pre-commit hook");
  install->callback([repo, force, &exit_code] {
    auto hook = nhi::install_pre_commit_hook(*repo, self_path(), *force);
    if (!hook) {
      exit_code = report_error(hook.error());
      return;
    }
    std::cout << "installed " << hook.value() << '\n';
    exit_code = kClean;
  });
  auto run_repo = std::make_shared<std::string>(".");
  auto* run = cmd->add_subcommand(
      "run", "Scan the staged changes as the pre-commit hook does (REPO/.nhi-baseline.json honoured when present)");
  run->add_option("repo", *run_repo, "Repository (default: .)");
  run->callback([run_repo, &exit_code] { exit_code = run_pre_commit_gate(*run_repo); });
}

}  // namespace nhi_cli
