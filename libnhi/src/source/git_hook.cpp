// SPDX-License-Identifier: Apache-2.0
// `nhi hook install`: a pre-commit hook that runs `nhi scan --staged`.
#include <git2.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "nhi/git.hpp"
#include "source/git_handles.hpp"

NHI_BEGIN_NAMESPACE

namespace {
using detail::open_repository;

constexpr const char* kHookMarker = "# Installed by `nhi hook install`";

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}
}  // namespace

result<std::string> install_pre_commit_hook(const std::string& repo_path, const std::string& nhi_command, bool force) {
  auto repo = open_repository(repo_path);
  if (!repo) return repo.error();
  git_repository* r = repo->get();
  if (git_repository_is_bare(r) == 1)
    return status(errc::invalid_argument, "a bare repository has no commits to hook", repo_path);

  // core.hooksPath wins over .git/hooks, as it does for git itself.
  std::string hooks_dir = std::string(git_repository_path(r)) + "hooks";
  git_config* cfg = nullptr;
  if (git_repository_config_snapshot(&cfg, r) == 0) {
    const char* value = nullptr;
    if (git_config_get_string(&value, cfg, "core.hooksPath") == 0 && value && *value) {
      hooks_dir = value;
      if (hooks_dir[0] != '/') hooks_dir = std::string(git_repository_workdir(r)) + hooks_dir;
    }
    git_config_free(cfg);
  }
  std::error_code ec;
  std::filesystem::create_directories(hooks_dir, ec);
  if (ec) return status(errc::io_error, "cannot create hooks directory: " + ec.message(), hooks_dir);
  const std::string hook = hooks_dir + "/pre-commit";

  if (std::filesystem::exists(hook, ec) && !force) {
    std::ifstream existing(hook);
    std::string text((std::istreambuf_iterator<char>(existing)), std::istreambuf_iterator<char>());
    if (text.find(kHookMarker) == std::string::npos)
      return status(errc::invalid_argument,
                    "a pre-commit hook already exists; add `nhi scan --staged .` to it, or use --force to replace it",
                    hook);
  }
  std::ofstream out(hook, std::ios::trunc);
  if (!out) return status(errc::io_error, "cannot write hook", hook);
  out << "#!/bin/sh\n"
      << kHookMarker << ": blocks commits that add secrets.\n"
      << "# A known test value: put `nhi:allow` in a comment on its line, or record it with\n"
      << "# `nhi baseline create -o .nhi-baseline.json` and commit the baseline.\n"
      << "NHI=" << shell_quote(nhi_command) << "\n"
      << "command -v \"$NHI\" >/dev/null 2>&1 || NHI=nhi\n"
      << "if [ -f .nhi-baseline.json ]; then\n"
      << "  exec \"$NHI\" scan --staged --baseline .nhi-baseline.json .\n"
      << "fi\n"
      << "exec \"$NHI\" scan --staged .\n";
  out.close();
  if (!out) return status(errc::io_error, "cannot write hook", hook);
  std::filesystem::permissions(hook, std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
                                         std::filesystem::perms::group_exec | std::filesystem::perms::others_read |
                                         std::filesystem::perms::others_exec,
                               ec);
  if (ec) return status(errc::io_error, "cannot make the hook executable: " + ec.message(), hook);
  return hook;
}

NHI_END_NAMESPACE
