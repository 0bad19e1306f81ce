// SPDX-License-Identifier: Apache-2.0
// The provenance a history scan gives: findings carry the commit that first
// introduced their blob at their path (read again after the scan, not held
// per commit), and detectors see the commit of the blob's first path.
#include <doctest/doctest.h>

#include <map>
#include <mutex>

#include "nhi/git.hpp"
#include "nhi/scanner.hpp"
#include "test_util.hpp"
#include "unit/hostile/hostile_support.hpp"

namespace {

struct seen_by_detector {
  std::string commit, author, email, date;
};

// Records the provenance each blob was scanned with, by path.
class provenance_recorder final : public nhi::detector {
 public:
  const std::string& name() const override { return name_; }
  nhi::status detect(std::string_view, const nhi::origin& where, std::vector<nhi::detection>&) const override {
    std::lock_guard<std::mutex> lock(mu_);
    if (where.git) seen_[where.path] = {where.git->commit, where.git->author, where.git->author_email, where.git->date};
    return nhi::status::ok();
  }
  std::map<std::string, seen_by_detector> seen() const {
    std::lock_guard<std::mutex> lock(mu_);
    return seen_;
  }

 private:
  std::string name_ = "provenance-recorder";
  mutable std::mutex mu_;
  mutable std::map<std::string, seen_by_detector> seen_;
};

std::string git(const std::string& repo, const std::string& env, const std::string& args) {
  const auto r = nhi_test::run(env + "git -C '" + repo + "' " + args);
  REQUIRE_MESSAGE(r.exit_code == 0, "git " << args << ": " << r.err);
  return r.out;
}

}  // namespace

TEST_CASE("history findings and detectors get the commit, author and date that introduced each blob") {
  nhi_test::temp_dir dir;
  const std::string repo = dir.str();
  const std::string ada = nhi_test::git_env("Ada", "ada@example.com", "2024-03-01T12:00:00Z");
  const std::string bob = nhi_test::git_env("Bob", "bob@example.com", "2024-04-02T08:30:00Z");
  git(repo, ada, "init -q -b main");
  nhi_test::write_file(dir / "first.env", hostile::kLine);
  git(repo, ada, "add first.env");
  git(repo, ada, "commit -q -m one");
  const std::string one = git(repo, ada, "rev-parse HEAD").substr(0, 40);
  nhi_test::write_file(dir / "notes.txt", "nothing here\n");
  nhi_test::write_file(dir / "second.env", "X=1\n" + hostile::kLine);
  git(repo, bob, "add notes.txt second.env");
  git(repo, bob, "commit -q -m two");
  const std::string two = git(repo, bob, "rev-parse HEAD").substr(0, 40);

  auto recorder = std::make_shared<provenance_recorder>();
  nhi::scan_options o;
  o.threads = 2;
  o.detectors.push_back(recorder);
  nhi::collecting_sink sink;
  nhi::git_scan_options g;
  auto stats = nhi::scan_git_history(nhi::scanner(hostile::rules(), o), repo, g, sink);
  REQUIRE(stats.is_ok());

  // The same secret at two paths: one finding per path, each at its own commit.
  std::map<std::string, const nhi::finding*> by_path;
  for (const auto& f : sink.findings()) by_path[f.path] = &f;
  REQUIRE(by_path.count("first.env"));
  REQUIRE(by_path.count("second.env"));
  const nhi::git_provenance& a = *by_path["first.env"]->git;
  CHECK(a.commit == one);
  CHECK(a.author == "Ada");
  CHECK(a.author_email == "ada@example.com");
  CHECK(a.date == "2024-03-01T12:00:00Z");
  CHECK(a.in_head);
  const nhi::git_provenance& b = *by_path["second.env"]->git;
  CHECK(b.commit == two);
  CHECK(b.author == "Bob");
  CHECK(b.date == "2024-04-02T08:30:00Z");

  const auto seen = recorder->seen();
  REQUIRE(seen.count("notes.txt"));
  CHECK(seen.at("notes.txt").commit == two);
  CHECK(seen.at("notes.txt").author == "Bob");
  CHECK(seen.at("notes.txt").email == "bob@example.com");
  REQUIRE(seen.count("first.env"));
  CHECK(seen.at("first.env").commit == one);
  CHECK(seen.at("first.env").date == "2024-03-01T12:00:00Z");
}
