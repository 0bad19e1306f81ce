// SPDX-License-Identifier: Apache-2.0
// End-to-end tests of `nhi baseline create` / `nhi scan --baseline` and of the
// pre-commit hook that `nhi hook install` writes.
#include <sys/stat.h>

#include <regex>

#include "cli/cli_helpers.hpp"

using namespace nhi_cli_test;

namespace {

std::string q(const std::string& s) { return shell_quote(s); }

using path_rule_set = std::set<std::pair<std::string, std::string>>;

}  // namespace

TEST_CASE("cli baseline: accepted findings pass the gate, new ones fail it") {
  temp_dir dir;
  write_file(dir / "src/a.py", "x = 1\ntoken = \"" + kGithubToken + "\"\n");
  write_file(dir / "config/app.env", "STRIPE=" + kStripeKey + "\n");

  const run_result created = run_nhi("baseline create -o base.json .", dir.str());
  INFO(created.err);
  REQUIRE(created.exit_code == 0);
  struct stat st {};
  REQUIRE(::stat((dir / "base.json").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  const std::string base_text = read_file(dir / "base.json");
  CHECK(base_text.find(kGithubToken) == std::string::npos);
  CHECK(base_text.find(kStripeKey) == std::string::npos);
  const json base = parse_json(base_text);
  CHECK(base["version"] == 1);
  CHECK(base["entries"].size() == 2);

  // Everything found is accepted.
  const json clean = nhi_json("scan --baseline base.json .", 0, dir.str());
  CHECK(clean["findings"].empty());
  CHECK(clean["stats"]["suppressed"].get<int>() >= 2);

  // Lines inserted above the secret move it; it stays accepted.
  write_file(dir / "src/a.py", "# one\n# two\n# three\nx = 1\ntoken = \"" + kGithubToken + "\"\n");
  CHECK(nhi_json("scan --baseline base.json .", 0, dir.str())["findings"].empty());

  // A new secret fails the gate, and only it is reported.
  write_file(dir / "src/a.py",
             "# one\n# two\n# three\nx = 1\ntoken = \"" + kGithubToken + "\"\nslack = \"" + kSlackToken + "\"\n");
  const json fresh = nhi_json("scan --baseline base.json .", 1, dir.str());
  CHECK(path_rules(fresh) == path_rule_set{{"src/a.py", "slack-bot-token"}});
  CHECK(findings_of(fresh, kSlackToken).at("src/a.py")["line"] == 6);
  CHECK(fresh["stats"]["findings"] == 1);

  // An accepted secret copied to another file is a new finding there.
  write_file(dir / "src/a.py", "token = \"" + kGithubToken + "\"\n");
  write_file(dir / "src/b.py", "token = \"" + kGithubToken + "\"\n");
  CHECK(path_rules(nhi_json("scan --baseline base.json .", 1, dir.str())) ==
        path_rule_set{{"src/b.py", "github-pat-classic"}});

  // The text report of a gated scan says nothing of the accepted ones.
  const run_result text = run_nhi("scan --baseline base.json --color never .", dir.str());
  CHECK(text.exit_code == 1);
  CHECK(text.out.find("src/b.py") != std::string::npos);
  CHECK(text.out.find("src/a.py") == std::string::npos);
}

TEST_CASE("cli baseline: over git history") {
  temp_dir tmp;
  git_repo repo(tmp / "repo");
  repo.init();
  repo.write("old.env", "STRIPE=" + kStripeKey + "\n");
  repo.commit("Alice Admin", "alice@example.com", "2024-01-10T10:00:00Z", "one");
  repo.git("rm -q old.env");
  repo.write("app.yaml", "slack: " + kSlackToken + "\n");
  repo.commit("Bob Builder", "bob@example.com", "2024-02-10T10:00:00Z", "two");

  const std::string base = tmp / "base.json";
  REQUIRE(run_nhi("baseline create --git -o " + q(base) + " " + q(repo.dir())).exit_code == 0);
  CHECK(parse_json(read_file(base))["entries"].size() == 2);
  CHECK(nhi_json("scan --git --baseline " + q(base) + " " + q(repo.dir()), 0)["findings"].empty());

  repo.write("app.yaml", "# moved down\nslack: " + kSlackToken + "\n");
  repo.write("new.py", "token = \"" + kGithubToken + "\"\n");
  const std::string third = repo.commit("Carol Coder", "carol@example.com", "2024-03-10T10:00:00Z", "three");
  const json doc = nhi_json("scan --git --baseline " + q(base) + " " + q(repo.dir()), 1);
  CHECK(path_rules(doc) == path_rule_set{{"new.py", "github-pat-classic"}});
  CHECK(doc["findings"][0]["commit"] == third);
}

TEST_CASE("cli baseline: a malformed baseline is a usage error naming the file") {
  temp_dir dir;
  write_file(dir / "a.txt", "hello\n");
  write_file(dir / "broken.json", "{\n  \"version\": 1,\n  \"entries\": [\n    {\"fingerprint\": \n");
  const run_result r = run_nhi("scan --baseline broken.json .", dir.str());
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK(std::regex_search(r.err, std::regex(R"(broken\.json:[45]: )")));

  write_file(dir / "other.json", "{\"entries\": []}\n");
  const run_result wrong = run_nhi("scan --baseline other.json .", dir.str());
  CHECK(wrong.exit_code == 2);
  CHECK(wrong.err.find("other.json") != std::string::npos);

  const run_result missing = run_nhi("scan --baseline nope.json .", dir.str());
  CHECK(missing.exit_code != 0);
  CHECK(missing.exit_code != 1);
  CHECK(missing.err.find("nope.json") != std::string::npos);

  CHECK(run_nhi("baseline create .", dir.str()).exit_code == 2);  // -o is required
}

TEST_CASE("cli hook: the pre-commit hook blocks commits that add secrets") {
  temp_dir tmp;
  git_repo repo(tmp / "repo");
  repo.init();
  repo.write("README.md", "# project\n");
  repo.write("config/app.env", "LOG_LEVEL=info\n");
  repo.commit("Alice Admin", "alice@example.com", "2024-01-10T10:00:00Z", "init");

  const run_result installed = run_nhi("hook install", repo.dir());
  INFO(installed.err);
  REQUIRE(installed.exit_code == 0);
  const std::string hook = repo.path(".git/hooks/pre-commit");
  CHECK(installed.out.find(hook) != std::string::npos);
  struct stat st {};
  REQUIRE(::stat(hook.c_str(), &st) == 0);
  CHECK((st.st_mode & S_IXUSR) != 0);

  // Commits go through the hook here (no --no-verify).
  auto commit = [&](const std::string& args) { return repo.try_git("commit -q -m test " + args); };
  auto head = [&] { return repo.rev_parse("HEAD"); };
  const std::string start = head();

  SUBCASE("a staged secret is blocked with the file named and the way out") {
    repo.write("config/app.env", "LOG_LEVEL=info\nSTRIPE=" + kStripeKey + "\n");
    repo.git("add config/app.env");
    const run_result r = commit("");
    const std::string said = r.out + r.err;
    INFO(said);
    CHECK(r.exit_code != 0);
    CHECK(said.find("config/app.env:2") != std::string::npos);
    CHECK(said.find("nhi:allow") != std::string::npos);
    CHECK(said.find("baseline") != std::string::npos);
    CHECK(said.find(kStripeKey) == std::string::npos);
    CHECK(head() == start);
  }
  SUBCASE("a clean commit passes") {
    repo.write("docs/notes.md", "token comes from ${STRIPE_SECRET_KEY}\n");
    repo.git("add docs/notes.md");
    const run_result r = commit("");
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(head() != start);
  }
  SUBCASE("an nhi:allow comment lets a known test value through") {
    repo.write("config/app.env", "LOG_LEVEL=info\nSTRIPE=" + kStripeKey + "  # nhi:allow (test fixture)\n");
    repo.git("add config/app.env");
    const run_result r = commit("");
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(head() != start);
  }
  SUBCASE("a committed baseline lets accepted secrets through") {
    repo.write("config/app.env", "LOG_LEVEL=info\nSTRIPE=" + kStripeKey + "\n");
    repo.git("add config/app.env");
    REQUIRE(run_nhi("baseline create --staged -o .nhi-baseline.json .", repo.dir()).exit_code == 0);
    repo.git("add .nhi-baseline.json");
    const run_result r = commit("");
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(head() != start);
  }
  SUBCASE("`git commit -a` is checked too") {
    // git stages into a temporary index (GIT_INDEX_FILE) before the hook runs.
    repo.write("config/app.env", "LOG_LEVEL=info\nSTRIPE=" + kStripeKey + "\n");
    const run_result r = commit("-a");
    INFO(r.out << r.err);
    CHECK(r.exit_code != 0);
    CHECK((r.out + r.err).find("config/app.env") != std::string::npos);
    CHECK(head() == start);
  }
  SUBCASE("`git commit PATH` is checked too") {
    repo.write("config/app.env", "LOG_LEVEL=info\nSLACK=" + kSlackToken + "\n");
    const run_result r = commit("config/app.env");
    INFO(r.out << r.err);
    CHECK(r.exit_code != 0);
    CHECK((r.out + r.err).find("config/app.env") != std::string::npos);
    CHECK(head() == start);
  }
  SUBCASE("the hook falls back to nhi on PATH when the recorded binary moved") {
    std::string text = read_file(hook);
    text = std::regex_replace(text, std::regex("\nNHI=[^\n]*\n"), "\nNHI=/nonexistent/nhi\n");
    write_file(hook, text);
    repo.write("config/app.env", "LOG_LEVEL=info\nSTRIPE=" + kStripeKey + "\n");
    repo.git("add config/app.env");
    const std::string bin_dir = nhi_test::fs::path(nhi_test::nhi_cli()).parent_path().string();
    const run_result r = run("{ " + kUnsetGit + "PATH=" + q(bin_dir) + ":\"$PATH\" " +
                                 git_repo::env("Alice Admin", "alice@example.com", "2024-01-11T10:00:00Z") +
                                 "git commit -q -m leak; }",
                             repo.dir());
    INFO(r.out << r.err);
    CHECK(r.exit_code != 0);
    CHECK((r.out + r.err).find("config/app.env") != std::string::npos);
    CHECK(head() == start);
  }
}

TEST_CASE("cli hook: install keeps a hook it did not write unless --force") {
  temp_dir tmp;
  git_repo repo(tmp / "repo");
  repo.init();
  const std::string hook = repo.path(".git/hooks/pre-commit");
  write_file(hook, "#!/bin/sh\necho custom\n");
  const run_result refused = run_nhi("hook install", repo.dir());
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("pre-commit") != std::string::npos);
  CHECK(read_file(hook) == "#!/bin/sh\necho custom\n");

  CHECK(run_nhi("hook install --force", repo.dir()).exit_code == 0);
  CHECK(read_file(hook).find("nhi") != std::string::npos);
  // Installing again over its own hook is fine.
  CHECK(run_nhi("hook install " + q(repo.dir())).exit_code == 0);

  temp_dir plain;
  const run_result not_repo = run_nhi("hook install " + q(plain.str()));
  CHECK(not_repo.exit_code == 2);
  CHECK(not_repo.err.find("not a git repository") != std::string::npos);
}
