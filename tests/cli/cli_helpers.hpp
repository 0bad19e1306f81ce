// SPDX-License-Identifier: Apache-2.0
// Helpers for the end-to-end tests of the `nhi` binary: running it, parsing
// its JSON, and building git repositories at test time.
#pragma once

#include <doctest/doctest.h>

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "nhi/finding.hpp"
#include "test_util.hpp"

namespace nhi_cli_test {

using nhi_test::read_file;
using nhi_test::run;
using nhi_test::run_result;
using nhi_test::temp_dir;
using nhi_test::write_file;
using json = nlohmann::json;

// Random values in the shapes of real credentials (none was ever live); the
// GitHub token carries a valid checksum.
inline const std::string kGithubToken = "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";
inline const std::string kSlackToken = "xoxb-64289439557-0074175612241-YmQR1jSnOyyh3z1FtYgeSRyN";
inline const std::string kSlackToken2 = "xoxb-52601815908-3016613186091-8oOOL8dKLzdocJ2isAjIhKtJ";
inline const std::string kStripeKey = "sk_live_KtHF4vUCsMehGAkWvj7FAc9Q";
inline const std::string kOpenAiKey = "sk-proj-edWv6M7gskwUvmsqDl6NviaRhEFTscLvqKsb7bBTKntdplX2";

inline std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Runs `nhi ARGS` (ARGS already shell-quoted where needed).
// Variables a surrounding git sets (e.g. when the tests run from a hook): they
// must not leak into the repositories the tests build.
inline const std::string kUnsetGit = "unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY GIT_COMMON_DIR; ";

inline run_result run_nhi(const std::string& args, const std::string& cwd = {}) {
  return run("{ " + kUnsetGit + shell_quote(nhi_test::nhi_cli()) + " " + args + "; }", cwd);
}

inline json parse_json(const std::string& text) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  INFO("output: " << text);
  REQUIRE_FALSE(j.is_discarded());
  return j;
}

// Runs `nhi ARGS --format json`, checks the exit code and returns the document.
inline json nhi_json(const std::string& args, int expected_exit, const std::string& cwd = {}) {
  const run_result r = run_nhi(args + " --format json", cwd);
  INFO("nhi " << args << "\nstderr: " << r.err);
  REQUIRE(r.exit_code == expected_exit);
  return parse_json(r.out);
}

// (path, rule_id) of every finding.
inline std::set<std::pair<std::string, std::string>> path_rules(const json& doc) {
  std::set<std::pair<std::string, std::string>> out;
  for (const auto& f : doc.at("findings")) out.emplace(f.at("path").get<std::string>(), f.at("rule_id").get<std::string>());
  return out;
}

// The findings of `doc` whose fingerprint is that of `secret`, keyed by path.
inline std::map<std::string, json> findings_of(const json& doc, const std::string& secret) {
  const std::string fp = nhi::fingerprint_of(secret);
  std::map<std::string, json> out;
  for (const auto& f : doc.at("findings"))
    if (f.at("fingerprint") == fp) {
      INFO("two findings of one secret at " << f.at("path"));
      CHECK(out.count(f.at("path").get<std::string>()) == 0);
      out[f.at("path").get<std::string>()] = f;
    }
  return out;
}

// A git repository built by the test, with reproducible authors and dates.
class git_repo {
 public:
  explicit git_repo(std::string dir) : dir_(std::move(dir)) {}

  const std::string& dir() const { return dir_; }
  std::string path(const std::string& rel) const { return dir_ + "/" + rel; }

  // Runs `git ARGS` in the repository as `name`; fails the test when git does.
  std::string git(const std::string& args, const std::string& name = "Test Runner",
                  const std::string& email = "runner@example.com",
                  const std::string& date = "2024-01-01T00:00:00Z") const {
    const run_result r = run("{ " + kUnsetGit + env(name, email, date) + "git " + args + "; }", dir_);
    INFO("git " << args << "\nstdout: " << r.out << "\nstderr: " << r.err);
    REQUIRE(r.exit_code == 0);
    return r.out;
  }
  // Like git() but returns the whole result: for commands expected to fail.
  run_result try_git(const std::string& args) const {
    return run("{ " + kUnsetGit + env("Test Runner", "runner@example.com", "2024-01-01T00:00:00Z") + "git " + args + "; }",
               dir_);
  }

  void init(const std::string& branch = "main") const {
    nhi_test::fs::create_directories(dir_);
    git("init -q -b " + branch + " .");
  }
  void write(const std::string& rel, const std::string& content) const { write_file(path(rel), content); }
  // Stages everything and commits as `name` <email> at `date`; returns the full commit id.
  std::string commit(const std::string& name, const std::string& email, const std::string& date,
                     const std::string& message) const {
    git("add -A", name, email, date);
    git("commit -q --no-verify -m " + shell_quote(message), name, email, date);
    return rev_parse("HEAD");
  }
  std::string rev_parse(const std::string& rev) const {
    std::string out = git("rev-parse --verify " + shell_quote(rev));
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    return out;
  }
  // The file of a loose object, e.g. .git/objects/ab/cdef...
  std::string loose_object(const std::string& git_dir, const std::string& id) const {
    return dir_ + "/" + git_dir + "/objects/" + id.substr(0, 2) + "/" + id.substr(2);
  }

  // The environment prefix of one git command (see nhi_test::git_env).
  static std::string env(const std::string& name, const std::string& email, const std::string& date) {
    // No background maintenance after each commit: it only costs time here.
    return nhi_test::git_env(name, email, date) +
           "GIT_TERMINAL_PROMPT=0 GIT_CONFIG_COUNT=2 GIT_CONFIG_KEY_0=maintenance.auto GIT_CONFIG_VALUE_0=false "
           "GIT_CONFIG_KEY_1=gc.auto GIT_CONFIG_VALUE_1=0 ";
  }

 private:
  std::string dir_;
};

}  // namespace nhi_cli_test
