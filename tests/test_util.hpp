// SPDX-License-Identifier: Apache-2.0
// Helpers shared by the tests: temporary directories, files, running commands.
#pragma once

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

namespace nhi_test {

namespace fs = std::filesystem;

// A fresh directory under the system temp dir, removed when it goes out of scope.
class temp_dir {
 public:
  temp_dir() {
    std::random_device rd;
    path_ = fs::temp_directory_path() / ("nhi-test-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
    fs::create_directories(path_);
  }
  ~temp_dir() {
    std::error_code ec;
    // Restore permissions a test may have removed, so cleanup can proceed.
    for (auto it = fs::recursive_directory_iterator(path_, fs::directory_options::skip_permission_denied, ec);
         it != fs::recursive_directory_iterator(); it.increment(ec))
      fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(path_, ec);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  const fs::path& path() const { return path_; }
  std::string str() const { return path_.string(); }
  std::string operator/(const std::string& rel) const { return (path_ / rel).string(); }

 private:
  fs::path path_;
};

inline void write_file(const std::string& path, const std::string& content) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct run_result {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs a shell command line; captures stdout and stderr separately.
inline run_result run(const std::string& command, const std::string& cwd = {}) {
  temp_dir scratch;
  const std::string out_file = scratch / "stdout", err_file = scratch / "stderr";
  std::string full = command + " >" + out_file + " 2>" + err_file + " </dev/null";
  if (!cwd.empty()) full = "cd '" + cwd + "' && " + full;
  const int rc = std::system(full.c_str());
  run_result r;
  r.exit_code = WIFEXITED(rc) ? WEXITSTATUS(rc) : 128 + WTERMSIG(rc);
  r.out = read_file(out_file);
  r.err = read_file(err_file);
  return r;
}

inline std::string nhi_cli() { return NHI_CLI_PATH; }
inline std::string source_dir() { return NHI_SOURCE_DIR; }

// Environment prefix for git commands with a fixed author, committer and date.
inline std::string git_env(const std::string& name, const std::string& email, const std::string& date) {
  return "GIT_AUTHOR_NAME='" + name + "' GIT_AUTHOR_EMAIL='" + email + "' GIT_AUTHOR_DATE='" + date +
         "' GIT_COMMITTER_NAME='" + name + "' GIT_COMMITTER_EMAIL='" + email + "' GIT_COMMITTER_DATE='" + date +
         "' GIT_CONFIG_NOSYSTEM=1 HOME=/nonexistent ";
}

}  // namespace nhi_test
