// SPDX-License-Identifier: Apache-2.0
// Snapshot targets named by the repository, not by where it was cloned.
#include <doctest/doctest.h>

#include "nhi/git.hpp"
#include "test_util.hpp"

TEST_CASE("normalize_remote_url: one name per repository, no credentials") {
  const std::string want = "github.com/org/repo";
  for (const char* url : {"https://github.com/org/repo", "https://github.com/org/repo.git",
                          "https://github.com/org/repo/", "https://x-access-token:ghs_abc123@github.com/org/repo.git",
                          "HTTPS://GitHub.COM/org/repo.git", "git@github.com:org/repo.git", "github.com:org/repo",
                          "ssh://git@github.com/org/repo.git", "ssh://git@github.com:22/org/repo",
                          "git://github.com/org/repo.git", "https://github.com:443/org/repo?ref=main#x"})
    CHECK_MESSAGE(nhi::normalize_remote_url(url) == want, url);
  // The path keeps its case (servers may tell Org and org apart); another port is another server.
  CHECK(nhi::normalize_remote_url("https://gitlab-ci-token:glcbt-64_xyz@gitlab.example.com/Team/App.git") ==
        "gitlab.example.com/Team/App");
  CHECK(nhi::normalize_remote_url("ssh://git@git.internal:2222/team/app.git") == "git.internal:2222/team/app");
  // Local remotes name no server: the caller falls back to the root commit.
  for (const char* url : {"/srv/git/app.git", "../app", "./app", "file:///srv/git/app.git", "C/app", ""})
    CHECK_MESSAGE(nhi::normalize_remote_url(url).empty(), url);
}

TEST_CASE("repository_identity: the remote, else the root commit, plus the path inside the work tree") {
  nhi_test::temp_dir dir;
  const std::string one = dir / "one";
  auto git = [](const std::string& repo, const std::string& args) {
    const auto r = nhi_test::run(nhi_test::git_env("T", "t@example.com", "2024-01-01T00:00:00Z") + "git -C '" + repo +
                                 "' " + args);
    INFO("git " << args << ": " << r.err);
    REQUIRE(r.exit_code == 0);
    return r.out;
  };
  nhi_test::write_file(dir / "one/src/a.txt", "a\n");
  git(dir.str(), "init -q -b main one");
  CHECK_FALSE(nhi::repository_identity(one));  // no commit, no remote: nothing names it
  git(one, "add -A");
  git(one, "commit -q -m first");
  std::string root = git(one, "rev-parse HEAD");
  root.pop_back();
  nhi_test::write_file(dir / "one/b.txt", "b\n");
  git(one, "add -A");
  git(one, "commit -q -m second");

  auto id = nhi::repository_identity(one);
  REQUIRE(id);
  CHECK(id.value() == "git:" + root);
  // A clone elsewhere (its origin is a local path) has the same name.
  git(dir.str(), "clone -q one two");
  auto cloned = nhi::repository_identity(dir / "two");
  REQUIRE(cloned);
  CHECK(cloned.value() == "git:" + root);
  auto sub = nhi::repository_identity(dir / "two/src");
  REQUIRE(sub);
  CHECK(sub.value() == "git:" + root + ":src");

  git(dir / "two", "remote set-url origin https://ci:secret-token@git.example.com/team/app.git");
  auto named = nhi::repository_identity(dir / "two");
  REQUIRE(named);
  CHECK(named.value() == "git.example.com/team/app");
  CHECK_FALSE(nhi::repository_identity(dir / "not-there"));
}
