// SPDX-License-Identifier: Apache-2.0
// End-to-end tests of `nhi scan --git` and `nhi scan --staged` over
// repositories built at test time: provenance, history limits, grouping, and
// repositories that are not, bare, shallow or damaged.
#include <ctime>
#include <regex>
#include <sstream>
#include <tuple>

#include "cli/cli_helpers.hpp"

using namespace nhi_cli_test;

namespace {

std::string q(const std::string& s) { return shell_quote(s); }

// The history tests are about git, not about the rule set: the rule families
// of their secrets only, which start several times faster than all built-ins.
const std::string kScan = [] {
  std::string out = "scan";
  for (const char* family : {"github", "slack", "payments", "ai"})
    out += " --rules " + q(nhi_test::source_dir() + "/patterns/" + family + ".yaml");
  return out + " ";
}();

// `git ARGS` in `repo` for an immutable answer (ARGS names full commit ids), asked once.
std::string git_once(const git_repo& repo, const std::string& args) {
  static std::map<std::string, std::string> answers;
  const std::string key = repo.dir() + '\n' + args;
  auto it = answers.find(key);
  if (it == answers.end()) it = answers.emplace(key, repo.git(args)).first;
  return it->second;
}

// Seconds since the epoch of an ISO 8601 date-time ("2024-02-01T08:30:00Z" or
// with a +hh:mm offset); -1 when `text` is not one.
long long iso8601_epoch(const std::string& text) {
  std::smatch m;
  static const std::regex re(R"(^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.\d+)?(Z|([+-])(\d\d):?(\d\d))$)");
  if (!std::regex_match(text, m, re)) return -1;
  std::tm tm{};
  tm.tm_year = std::stoi(m[1]) - 1900;
  tm.tm_mon = std::stoi(m[2]) - 1;
  tm.tm_mday = std::stoi(m[3]);
  tm.tm_hour = std::stoi(m[4]);
  tm.tm_min = std::stoi(m[5]);
  tm.tm_sec = std::stoi(m[6]);
  long long t = static_cast<long long>(timegm(&tm));
  if (m[7] != "Z") {
    const long long offset = std::stoll(m[9]) * 3600 + std::stoll(m[10]) * 60;
    t += m[8] == "+" ? -offset : offset;
  }
  return t;
}

// A history with everything the provenance rules are about:
//   init    Alice  clean files
//   secrets Bob    old.py (GitHub token), conf.yaml (Slack token), a.env, b.env and
//                  backup/b.env (one Stripe key in three files; b.env and its backup
//                  are one blob)
//   edit    Carol  a.env changes around the Stripe key (same secret, new blob)
//   rotate  Carol  old.py deleted; conf.yaml's Slack token replaced by another
//   feature Dave   on branch `feature` only: feature.yaml (OpenAI key)
struct history_fixture {
  temp_dir tmp;
  git_repo repo{tmp / "repo"};
  std::string init, secrets, edit, rotate, feature;

  history_fixture() {
    repo.init();
    repo.write("app.py", "print('hello')\n");
    repo.write("README.md", "# service\n");
    init = repo.commit("Alice Admin", "alice@example.com", "2024-01-10T10:00:00Z", "init");

    repo.write("old.py", "import os\nTOKEN = \"" + kGithubToken + "\"\n");
    repo.write("conf.yaml", "slack: " + kSlackToken + "\n");
    repo.write("a.env", "A=1\nSTRIPE=" + kStripeKey + "\n");
    repo.write("b.env", "B=2\nSTRIPE=" + kStripeKey + "\n");
    repo.write("backup/b.env", "B=2\nSTRIPE=" + kStripeKey + "\n");
    secrets = repo.commit("Bob Builder", "bob@example.com", "2024-02-01T09:30:00+01:00", "add config");

    repo.write("a.env", "A=9\nSTRIPE=" + kStripeKey + "\n");
    edit = repo.commit("Carol Coder", "carol@example.com", "2024-02-15T12:00:00Z", "tune a");

    repo.git("rm -q old.py");
    repo.write("conf.yaml", "slack: " + kSlackToken2 + "\n");
    rotate = repo.commit("Carol Coder", "carol@example.com", "2024-03-05T14:15:16-05:00", "rotate slack, drop old.py");

    repo.git("checkout -q -b feature");
    repo.write("feature.yaml", "openai:\n  key: " + kOpenAiKey + "\n");
    feature = repo.commit("Dave Dev", "dave@example.com", "2024-04-01T08:00:00Z", "feature");
    repo.git("checkout -q main");
  }

  // The number of distinct blobs reachable from every ref, as git counts them.
  std::size_t blob_count() const {
    const std::string out =
        repo.git("rev-list --all --objects | cut -d' ' -f1 | " + git_repo::env("x", "x@x", "2024-01-01T00:00:00Z") +
                 "git cat-file --batch-check='%(objecttype)'");
    std::size_t n = 0;
    for (std::size_t at = out.find("blob"); at != std::string::npos; at = out.find("blob", at + 1)) ++n;
    return n;
  }
};

// Built once per test run: the tests only read it (they clone or copy it to change anything).
const history_fixture& shared_history() {
  static const history_fixture h;
  return h;
}

struct expect {
  std::string path, secret, commit, author, email;
  bool in_head;
  std::uint64_t line;
};

// Every finding of `doc` is one of `want` (once per path and secret) and every one of `want` is found.
void check_exact(const json& doc, const std::vector<expect>& want, const git_repo& repo) {
  std::set<std::pair<std::string, std::string>> got, wanted;
  for (const auto& f : doc.at("findings")) {
    INFO(f.dump());
    CHECK(got.emplace(f.at("path").get<std::string>(), f.at("fingerprint").get<std::string>()).second);
  }
  for (const auto& w : want) wanted.emplace(w.path, nhi::fingerprint_of(w.secret));
  CHECK(got == wanted);

  for (const auto& w : want) {
    CAPTURE(w.path);
    CAPTURE(w.secret);
    const auto found = findings_of(doc, w.secret);
    REQUIRE(found.count(w.path) == 1);
    const json& f = found.at(w.path);
    CHECK(f["commit"] == w.commit);
    CHECK(f["author"] == w.author);
    CHECK(f["author_email"] == w.email);
    CHECK(f["in_head"] == w.in_head);
    CHECK(f["line"] == w.line);
    // The commit's author date, in ISO 8601.
    const std::string date = f["date"];
    const std::string epoch = git_once(repo, "log -1 --format=%at " + w.commit);
    CHECK(iso8601_epoch(date) == std::stoll(epoch));
    // The blob is the one the commit holds at that path.
    CHECK(f["blob"].get<std::string>() + "\n" == git_once(repo, "rev-parse " + w.commit + ":" + w.path));
  }
}


}  // namespace

TEST_CASE("cli git: every secret once per path with the commit that introduced it") {
  const history_fixture& h = shared_history();
  const json doc = nhi_json(kScan + "--git " + q(h.repo.dir()), 1);
  // Full commit ids, as git prints them.
  CHECK(h.secrets.size() == 40);
  check_exact(doc,
              {
                  {"old.py", kGithubToken, h.secrets, "Bob Builder", "bob@example.com", false, 2},  // deleted later
                  {"conf.yaml", kSlackToken, h.secrets, "Bob Builder", "bob@example.com", false, 1},  // replaced
                  {"conf.yaml", kSlackToken2, h.rotate, "Carol Coder", "carol@example.com", true, 1},  // the replacement
                  {"a.env", kStripeKey, h.secrets, "Bob Builder", "bob@example.com", true, 2},  // earliest of two blobs
                  {"b.env", kStripeKey, h.secrets, "Bob Builder", "bob@example.com", true, 2},
                  {"backup/b.env", kStripeKey, h.secrets, "Bob Builder", "bob@example.com", true, 2},
                  {"feature.yaml", kOpenAiKey, h.feature, "Dave Dev", "dave@example.com", false, 2},  // branch only
              },
              h.repo);
  const json& s = doc["stats"];
  CHECK(s["source"] == "git");
  CHECK(s["files_scanned"] == h.blob_count());  // each unique blob once
  CHECK(s["findings"] == 7);
  CHECK(s["unique_secrets"] == 5);
  CHECK(s["diagnostics"].empty());

  // The text report says which secrets live only in history.
  const run_result text = run_nhi(kScan + "--git --color never " + q(h.repo.dir()));
  CHECK(text.exit_code == 1);
  CHECK(text.out.find("not in HEAD") != std::string::npos);
  CHECK(text.out.find(h.secrets.substr(0, 12)) != std::string::npos);
  CHECK(text.out.find("Bob Builder <bob@example.com>") != std::string::npos);
  for (const std::string& secret : {kGithubToken, kSlackToken, kSlackToken2, kStripeKey, kOpenAiKey})
    CHECK(text.out.find(secret) == std::string::npos);
}

TEST_CASE("cli git: --branch, --since-commit and --range limit the history scanned") {
  const history_fixture& h = shared_history();
  const std::string repo = q(h.repo.dir());
  const expect old_token{"old.py", kGithubToken, h.secrets, "Bob Builder", "bob@example.com", false, 2};
  const expect slack1{"conf.yaml", kSlackToken, h.secrets, "Bob Builder", "bob@example.com", false, 1};
  const expect slack2{"conf.yaml", kSlackToken2, h.rotate, "Carol Coder", "carol@example.com", true, 1};
  const expect stripe_a{"a.env", kStripeKey, h.secrets, "Bob Builder", "bob@example.com", true, 2};
  const expect stripe_b{"b.env", kStripeKey, h.secrets, "Bob Builder", "bob@example.com", true, 2};
  const expect stripe_backup{"backup/b.env", kStripeKey, h.secrets, "Bob Builder", "bob@example.com", true, 2};
  const expect openai{"feature.yaml", kOpenAiKey, h.feature, "Dave Dev", "dave@example.com", false, 2};

  SUBCASE("--branch main leaves out the feature branch") {
    check_exact(nhi_json(kScan + "--git --branch main " + repo, 1),
                {old_token, slack1, slack2, stripe_a, stripe_b, stripe_backup}, h.repo);
  }
  SUBCASE("--branch feature includes what it shares with main") {
    check_exact(nhi_json(kScan + "--git --branch feature " + repo, 1),
                {old_token, slack1, slack2, stripe_a, stripe_b, stripe_backup, openai}, h.repo);
  }
  SUBCASE("--since-commit: only what later commits introduced") {
    check_exact(nhi_json(kScan + "--git --since-commit " + h.edit + " " + repo, 1), {slack2, openai}, h.repo);
    check_exact(nhi_json(kScan + "--git --branch main --since-commit " + h.edit + " " + repo, 1), {slack2}, h.repo);
    const json none = nhi_json(kScan + "--git --since-commit feature " + repo, 0);
    CHECK(none["findings"].empty());
    CHECK(none["stats"]["files_scanned"] == 0);
  }
  SUBCASE("--range A..B: only what B's commits introduced") {
    check_exact(nhi_json(kScan + "--git --range " + h.edit + ".." + h.rotate + " " + repo, 1), {slack2}, h.repo);
    check_exact(nhi_json(kScan + "--git --range main..feature " + repo, 1), {openai}, h.repo);
    const json first = nhi_json(kScan + "--git --range " + h.init + ".." + h.secrets + " " + repo, 1);
    check_exact(first, {old_token, slack1, stripe_a, stripe_b, stripe_backup}, h.repo);
    CHECK(first["stats"]["files_scanned"] == 4);  // old.py, conf.yaml, a.env, and the blob of b.env
    CHECK(nhi_json(kScan + "--git --range feature..main " + repo, 0)["findings"].empty());
  }
  SUBCASE("revisions that do not resolve are usage errors") {
    for (const std::string& args : {"--since-commit no-such-rev", "--range main", "--branch no-such-branch"}) {
      const run_result r = run_nhi(kScan + "--git " + args + " " + repo);
      INFO(args << ": " << r.err);
      CHECK(r.exit_code == 2);
      CHECK((r.err.find("no-such") != std::string::npos || r.err.find("A..B") != std::string::npos));
    }
    CHECK(run_nhi(kScan + "--since-commit main " + repo).exit_code == 2);  // needs --git
  }
}

TEST_CASE("cli git: --group-by secret lists each secret once with its places") {
  const history_fixture& h = shared_history();
  const json doc = nhi_json(kScan + "--git --group-by secret " + q(h.repo.dir()), 1);
  const json& groups = doc["findings"];
  REQUIRE(groups.size() == 5);
  std::set<std::string> fingerprints;
  for (const auto& g : groups) {
    CHECK(fingerprints.insert(g["fingerprint"].get<std::string>()).second);
    REQUIRE(g["locations"].is_array());
    CHECK_FALSE(g["locations"].empty());
  }
  for (const auto& g : groups)
    if (g["fingerprint"] == nhi::fingerprint_of(kStripeKey)) {
      std::set<std::string> paths;
      for (const auto& loc : g["locations"]) {
        paths.insert(loc["path"].get<std::string>());
        CHECK(loc["commit"] == h.secrets);
        CHECK(loc["line"] == 2);
      }
      CHECK(paths == std::set<std::string>{"a.env", "b.env", "backup/b.env"});
    }
  CHECK(fingerprints.count(nhi::fingerprint_of(kStripeKey)) == 1);
  CHECK(doc["stats"]["unique_secrets"] == 5);

  const run_result text = run_nhi(kScan + "--git --group-by secret --color never " + q(h.repo.dir()));
  CHECK(text.exit_code == 1);
  CHECK(text.out.find("also at") != std::string::npos);
}

TEST_CASE("cli git: --staged reports what the index adds") {
  temp_dir tmp;
  git_repo repo(tmp / "repo");
  repo.init();
  repo.write("keep.txt", "one\ntwo\n");
  repo.write("legacy.env", "SLACK=" + kSlackToken + "\n");  // committed: not the staged change's business
  repo.commit("Alice Admin", "alice@example.com", "2024-01-10T10:00:00Z", "init");
  const std::string dir = q(repo.dir());

  SUBCASE("a clean index exits 0") {
    const json doc = nhi_json(kScan + "--staged " + dir, 0);
    CHECK(doc["findings"].empty());
    CHECK(doc["stats"]["source"] == "staged");
    repo.write("keep.txt", "one\ntwo\nthree\n");
    repo.git("add keep.txt");
    CHECK(nhi_json(kScan + "--staged " + dir, 0)["findings"].empty());
  }
  SUBCASE("staged secrets are reported at their staged path and line") {
    repo.write("keep.txt", "one\ntwo\nthree\ntoken = \"" + kGithubToken + "\"\n");
    repo.write("sub/new.yaml", "name: x\nslack: " + kSlackToken2 + "\n");
    repo.write("legacy.env", "SLACK=" + kSlackToken + "\nOPENAI=" + kOpenAiKey + "\n");  // not staged
    repo.write("untracked.env", "STRIPE=" + kStripeKey + "\n");                          // not staged
    repo.git("add keep.txt sub/new.yaml");
    const json doc = nhi_json(kScan + "--staged " + dir, 1);
    CHECK(path_rules(doc) == std::set<std::pair<std::string, std::string>>{{"keep.txt", "github-pat-classic"},
                                                                          {"sub/new.yaml", "slack-bot-token"}});
    CHECK(findings_of(doc, kGithubToken).at("keep.txt")["line"] == 4);
    CHECK(findings_of(doc, kGithubToken).at("keep.txt")["column"] == 10);
    CHECK(findings_of(doc, kSlackToken2).at("sub/new.yaml")["line"] == 2);

    // The index is what gets committed, not the working tree.
    repo.write("keep.txt", "one\ntwo\n");
    CHECK(path_rules(nhi_json(kScan + "--staged " + dir, 1)).count({"keep.txt", "github-pat-classic"}) == 1);

    // Once committed, nothing is staged.
    repo.git("commit -q --no-verify -m add");
    CHECK(nhi_json(kScan + "--staged " + dir, 0)["findings"].empty());
  }
  SUBCASE("only added lines count: a committed secret that an edit moves is not new") {
    repo.write("legacy.env", "# moved\nSLACK=" + kSlackToken + "\n");
    repo.git("add legacy.env");
    CHECK(nhi_json(kScan + "--staged " + dir, 0)["findings"].empty());
    // Changing its line is adding it again.
    repo.write("legacy.env", "# moved\nSLACK=" + kSlackToken + " # team bot\n");
    repo.git("add legacy.env");
    CHECK(findings_of(nhi_json(kScan + "--staged " + dir, 1), kSlackToken).at("legacy.env")["line"] == 2);
  }
}

TEST_CASE("cli git: not a repository") {
  temp_dir tmp;
  write_file(tmp / "plain/file.txt", "token = " + kGithubToken + "\n");
  for (const char* mode : {"--git", "--staged"}) {
    CAPTURE(mode);
    const run_result r = run_nhi(kScan + mode + " " + q(tmp / "plain"));
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("not a git repository") != std::string::npos);
    CHECK(r.err.find(tmp / "plain") != std::string::npos);
    CHECK(r.out.empty());
  }
}

TEST_CASE("cli git: a bare repository scans like its source") {
  const history_fixture& h = shared_history();
  temp_dir tmp;
  h.repo.git("clone -q --bare . " + q(tmp / "bare.git"));
  const json source = nhi_json(kScan + "--git " + q(h.repo.dir()), 1);
  const json bare = nhi_json(kScan + "--git " + q(tmp / "bare.git"), 1);
  auto key = [](const json& doc) {
    std::set<std::tuple<std::string, std::string, std::string, bool>> out;
    for (const auto& f : doc["findings"])
      out.emplace(f["path"].get<std::string>(), f["fingerprint"].get<std::string>(), f["commit"].get<std::string>(),
                  f["in_head"].get<bool>());
    return out;
  };
  CHECK(bare["findings"].size() == 7);
  CHECK(key(bare) == key(source));
  CHECK(bare["stats"]["files_scanned"] == source["stats"]["files_scanned"]);
  // A bare repository has no index to stage into.
  CHECK(run_nhi(kScan + "--staged " + q(tmp / "bare.git")).exit_code == 2);
}

TEST_CASE("cli git: a shallow clone scans what it has and says so") {
  const history_fixture& h = shared_history();
  temp_dir tmp;
  h.repo.git("clone -q --depth 1 " + q("file://" + h.repo.dir()) + " " + q(tmp / "shallow"));
  const json doc = nhi_json(kScan + "--git " + q(tmp / "shallow"), 1);
  // Only main's tip is there: its tree is attributed to it.
  check_exact(doc,
              {
                  {"conf.yaml", kSlackToken2, h.rotate, "Carol Coder", "carol@example.com", true, 1},
                  {"a.env", kStripeKey, h.rotate, "Carol Coder", "carol@example.com", true, 2},
                  {"b.env", kStripeKey, h.rotate, "Carol Coder", "carol@example.com", true, 2},
                  {"backup/b.env", kStripeKey, h.rotate, "Carol Coder", "carol@example.com", true, 2},
              },
              git_repo(tmp / "shallow"));
  bool said_shallow = false;
  for (const auto& d : doc["stats"]["diagnostics"])
    said_shallow |= d["message"].get<std::string>().find("shallow") != std::string::npos;
  CHECK(said_shallow);
  const run_result text = run_nhi(kScan + "--git " + q(tmp / "shallow"));
  CHECK(text.exit_code == 1);
  CHECK(text.err.find("shallow") != std::string::npos);
}

TEST_CASE("cli git: a partial clone scans the blobs it holds, the others do not fail the gate") {
  const history_fixture& h = shared_history();
  temp_dir tmp;
  const std::string source = tmp / "source";
  REQUIRE(run("cp -a " + q(h.repo.dir()) + " " + q(source)).exit_code == 0);
  git_repo src(source);
  src.git("config uploadpack.allowFilter true");
  src.git("clone -q --no-checkout --filter=blob:none " + q("file://" + source) + " " + q(tmp / "partial"));
  const json doc = nhi_json(kScan + "--no-progress --git " + q(tmp / "partial"), 0);
  CHECK(doc["stats"]["incomplete"] == 0);
  CHECK(doc["stats"]["diagnostic_counts"]["not_in_clone"].get<int>() > 0);
  CHECK(doc["stats"]["diagnostic_counts"].count("corrupt_object") == 0);
}

// The rest of the history is scanned and reported; the exit code says the scan
// was incomplete (3) unless --allow-incomplete accepts it (issue 20, item 2).
TEST_CASE("cli git: a missing object is reported and the rest is scanned") {
  const history_fixture& h = shared_history();
  temp_dir tmp;
  const std::string copy = tmp / "damaged";
  REQUIRE(run("cp -a " + q(h.repo.dir()) + " " + q(copy)).exit_code == 0);
  git_repo damaged(copy);

  SUBCASE("a missing blob") {
    const std::string blob = h.repo.rev_parse(h.secrets + ":b.env");
    REQUIRE(nhi_test::fs::remove(damaged.loose_object(".git", blob)));
    const json doc = nhi_json(kScan + "--git " + q(copy), 3);
    CHECK(doc["stats"]["incomplete"] == 1);
    CHECK(run_nhi(kScan + "--allow-incomplete --git " + q(copy)).exit_code == 1);
    // b.env and backup/b.env were that blob; everything else is still found.
    std::set<std::string> paths;
    for (const auto& f : doc["findings"]) paths.insert(f["path"].get<std::string>());
    CHECK(paths == std::set<std::string>{"old.py", "conf.yaml", "a.env", "feature.yaml"});
    CHECK(doc["findings"].size() == 5);
    bool reported = false;
    for (const auto& d : doc["stats"]["diagnostics"])
      reported |= d["message"].get<std::string>().find(blob) != std::string::npos;
    CHECK(reported);
    CHECK(doc["stats"]["files_scanned"] == h.blob_count() - 1);
    CHECK(doc["stats"]["files_skipped"] == 1);
  }
  SUBCASE("a missing commit") {
    REQUIRE(nhi_test::fs::remove(damaged.loose_object(".git", h.init)));
    const json doc = nhi_json(kScan + "--git " + q(copy), 3);
    CHECK(doc["stats"]["incomplete"] == 1);
    CHECK(run_nhi(kScan + "--allow-incomplete --git " + q(copy)).exit_code == 1);
    CHECK(doc["findings"].size() == 7);
    CHECK(findings_of(doc, kGithubToken).at("old.py")["commit"] == h.secrets);
    CHECK(findings_of(doc, kOpenAiKey).at("feature.yaml")["commit"] == h.feature);
    bool reported = false;
    for (const auto& d : doc["stats"]["diagnostics"])
      reported |= d["message"].get<std::string>().find(h.init) != std::string::npos;
    CHECK(reported);
  }
}

// Issue 20, item 1: objects git reads but libgit2 refuses used to drop the
// history behind them with exit 0 and no word.
TEST_CASE("cli git: a tip commit or tag libgit2 cannot parse still leads to its history") {
  temp_dir tmp;
  git_repo repo(tmp / "repo");
  repo.init();
  repo.write("only.env", "STRIPE=" + kStripeKey + "\n");
  repo.commit("Alice Admin", "alice@example.com", "2024-01-10T10:00:00Z", "init");
  const std::string tree = repo.rev_parse("HEAD^{tree}"), parent = repo.rev_parse("HEAD");
  auto hash = [&](const std::string& type, const std::string& body) {
    write_file(tmp / "object", body);
    std::string id = repo.git("hash-object -t " + type + " -w --literally " + q(tmp / "object"));
    while (!id.empty() && id.back() == '\n') id.pop_back();
    return id;
  };
  SUBCASE("an author without an e-mail") {
    const std::string tip = hash("commit", "tree " + tree + "\nparent " + parent +
                                               "\nauthor NoEmail 1700000000 +0000\ncommitter NoEmail 1700000000 +0000\n\nx\n");
    repo.git("update-ref refs/heads/main " + tip);
  }
  SUBCASE("a date that overflows, behind a tag with a broken tagger") {
    const std::string tip = hash("commit", "tree " + tree + "\nparent " + parent +
                                               "\nauthor A <a@b> 99999999999999999999999 +0000\n"
                                               "committer A <a@b> 99999999999999999999999 +0000\n\ny\n");
    const std::string tag = hash("tag", "object " + tip + "\ntype commit\ntag v1\ntagger NoEmail 1700000000 +0000\n\nm\n");
    repo.git("update-ref refs/tags/v1 " + tag);
    repo.git("update-ref -d refs/heads/main");
  }
  const json doc = nhi_json(kScan + "--git " + q(repo.dir()), 1);
  REQUIRE(doc["findings"].size() == 1);
  CHECK(doc["findings"][0]["path"] == "only.env");
  CHECK(doc["stats"]["incomplete"] == 0);
}

TEST_CASE("cli git: exit 3 when nothing of the repository can be read") {
  temp_dir tmp;
  git_repo repo(tmp / "repo");
  repo.init();
  repo.write("only.env", "STRIPE=" + kStripeKey + "\n");
  const std::string commit = repo.commit("Alice Admin", "alice@example.com", "2024-01-10T10:00:00Z", "init");

  SUBCASE("its only blob is gone") {
    REQUIRE(nhi_test::fs::remove(repo.loose_object(".git", repo.rev_parse("HEAD:only.env"))));
  }
  SUBCASE("its only commit is gone") {
    REQUIRE(nhi_test::fs::remove(repo.loose_object(".git", commit)));
  }
  const run_result r = run_nhi(kScan + "--git " + q(repo.dir()));
  INFO(r.out << r.err);
  CHECK(r.exit_code == 3);
  CHECK_FALSE(r.err.empty());
}

// Many repositories into the inventory (docs/scale.md): one that cannot be
// read whole is recorded with what was read, and the run says so (exit 3)
// unless --allow-incomplete, as a single `nhi scan --git` does.
TEST_CASE("cli git: scan --repos exits 3 when a repository could not be read whole") {
  temp_dir tmp;
  git_repo fine(tmp / "mirrors/a-fine");
  fine.init();
  fine.write("ci.env", "STRIPE=" + kStripeKey + "\n");
  fine.commit("Alice Admin", "alice@example.com", "2024-01-10T10:00:00Z", "init");
  git_repo damaged(tmp / "mirrors/b-damaged");
  damaged.init();
  damaged.write("README", "nothing secret\n");
  damaged.write("other.env", "SLACK=" + kSlackToken + "\n");
  damaged.commit("Bob Builder", "bob@example.com", "2024-01-11T10:00:00Z", "init");
  REQUIRE(nhi_test::fs::remove(damaged.loose_object(".git", damaged.rev_parse("HEAD:README"))));
  const std::string inventory = tmp / "inv.db";
  const std::string mirrors = tmp / "mirrors";

  const run_result r = run_nhi("scan --repos " + q(mirrors) + " --batch one --inventory " + q(inventory));
  INFO(r.out << r.err);
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("could not be read whole") != std::string::npos);
  // Both were recorded, the damaged one with what could be read.
  const run_result status = run_nhi("queue status --batch one -f json --inventory " + q(inventory));
  const json units = parse_json(status.out)["units"];
  REQUIRE(units.size() == 2);
  for (const json& u : units) CHECK(u["state"] == "done");
  const json ids = nhi_json("inventory list --inventory " + q(inventory), 0);
  CHECK(ids["identities"].size() == 2);

  const run_result accepted =
      run_nhi("scan --repos " + q(mirrors) + " --batch two --allow-incomplete --inventory " + q(inventory));
  INFO(accepted.err);
  CHECK(accepted.exit_code == 1);  // findings, and the incompleteness accepted
}

TEST_CASE("cli git: an empty repository is clean") {
  temp_dir tmp;
  git_repo repo(tmp / "repo");
  repo.init();
  const json doc = nhi_json(kScan + "--git " + q(repo.dir()), 0);
  CHECK(doc["findings"].empty());
  CHECK(nhi_json(kScan + "--staged " + q(repo.dir()), 0)["findings"].empty());
  // A first commit's staged files are all new.
  repo.write("first.env", "STRIPE=" + kStripeKey + "\n");
  repo.git("add first.env");
  CHECK(path_rules(nhi_json(kScan + "--staged " + q(repo.dir()), 1)) ==
        std::set<std::pair<std::string, std::string>>{{"first.env", "stripe-secret-key"}});
}

TEST_CASE("cli git: a long history walked in parallel slices gives what one walk gives") {
  // 1200 commits (with -j 2, the walk is cut in four slices of 300:
  // history_walk.cpp), written by fast-import. Secrets come and go on both sides of the cut:
  //   commit  10  keys/a.env          Stripe key, kept to HEAD
  //   commit 300  old/gh.py           GitHub token; deleted at 400
  //   commit 900  old/gh.py           the same blob again: still commit 300's,
  //                                   though another slice walked it
  //   commit 950  copy/gh.py          the same blob at a new path: commit 950
  //   commit 1000 a/b/c/slack.yaml    Slack token, first seen after the cut
  temp_dir tmp;
  git_repo repo{tmp / "repo"};
  repo.init();
  std::string stream;
  auto data = [&](const std::string& text) { stream += "data " + std::to_string(text.size()) + "\n" + text + "\n"; };
  for (int n = 1; n <= 1200; ++n) {
    stream += "commit refs/heads/main\nmark :" + std::to_string(n) + "\n";
    const std::string who = "Dev " + std::to_string(n % 7) + " <dev" + std::to_string(n % 7) + "@example.com> ";
    stream += "author " + who + std::to_string(1700000000 + n * 60) + " +0000\n";
    stream += "committer " + who + std::to_string(1700000000 + n * 60) + " +0000\n";
    data("change " + std::to_string(n));
    if (n > 1) stream += "from :" + std::to_string(n - 1) + "\n";
    stream += "M 100644 inline src/file" + std::to_string(n % 50) + ".txt\n";
    data("counter = " + std::to_string(n) + "\n");
    const std::string gh = "import os\nTOKEN = \"" + kGithubToken + "\"\n";
    if (n == 10) { stream += "M 100644 inline keys/a.env\n"; data("STRIPE=" + kStripeKey + "\n"); }
    if (n == 300 || n == 900) { stream += "M 100644 inline old/gh.py\n"; data(gh); }
    if (n == 400) stream += "D old/gh.py\n";
    if (n == 950) { stream += "M 100644 inline copy/gh.py\n"; data(gh); }
    if (n == 1000) { stream += "M 100644 inline a/b/c/slack.yaml\n"; data("slack: " + kSlackToken + "\n"); }
  }
  write_file(tmp / "stream.txt", stream);
  repo.git("fast-import --quiet < " + q(tmp / "stream.txt"));
  repo.git("reset -q --hard main");
  std::vector<std::string> commits;  // commits[n - 1] is commit n
  {
    std::istringstream in(repo.git("rev-list --reverse main"));
    for (std::string line; std::getline(in, line);) commits.push_back(line);
  }
  REQUIRE(commits.size() == 1200);

  auto scan = [&](const std::string& threads) {
    json doc = nhi_json(kScan + "--git -j " + threads + " " + q(repo.dir()), 1);
    std::map<std::pair<std::string, std::string>, json> by_place;  // (path, fingerprint) -> finding
    for (const json& f : doc.at("findings"))
      by_place[{f.at("path").get<std::string>(), f.at("fingerprint").get<std::string>()}] = f;
    return std::make_pair(by_place, doc.at("stats"));
  };
  // (No structured bindings: clang's C++17 does not let the lambdas below capture them.)
  const auto one_scan = scan("1"), two_scan = scan("2");
  const auto& one = one_scan.first;
  const auto& two = two_scan.first;
  const json& one_stats = one_scan.second;
  const json& two_stats = two_scan.second;
  REQUIRE(one.size() == 4);
  CHECK(one == two);
  CHECK(one_stats["files_scanned"] == two_stats["files_scanned"]);
  CHECK(one_stats["diagnostics"] == two_stats["diagnostics"]);

  auto commit_of = [&](const std::string& path, const std::string& secret) {
    const auto it = two.find({path, nhi::fingerprint_of(secret)});
    REQUIRE(it != two.end());
    return it->second;
  };
  CHECK(commit_of("keys/a.env", kStripeKey)["commit"] == commits[9]);
  CHECK(commit_of("old/gh.py", kGithubToken)["commit"] == commits[299]);
  CHECK(commit_of("old/gh.py", kGithubToken)["in_head"] == true);
  CHECK(commit_of("copy/gh.py", kGithubToken)["commit"] == commits[949]);
  CHECK(commit_of("a/b/c/slack.yaml", kSlackToken)["commit"] == commits[999]);
  CHECK(commit_of("a/b/c/slack.yaml", kSlackToken)["author"] == "Dev " + std::to_string(1000 % 7));

  // --since-commit: every slice counts commit 500's tree as seen. The token
  // deleted at 400 and added again at 900 is new to this range.
  auto since = [&](const std::string& threads) {
    const json doc = nhi_json(kScan + "--git -j " + threads + " --since-commit " + commits[499] + " " + q(repo.dir()), 1);
    std::map<std::string, std::string> commit_at;  // path -> commit
    for (const json& f : doc.at("findings")) commit_at[f.at("path").get<std::string>()] = f.at("commit");
    return commit_at;
  };
  const auto since_one = since("1");
  CHECK(since_one == since("2"));
  CHECK(since_one == std::map<std::string, std::string>{
                         {"old/gh.py", commits[899]}, {"copy/gh.py", commits[949]}, {"a/b/c/slack.yaml", commits[999]}});
}

// A submodule is another repository: its commits are not in this one. Each
// submodule path is reported once, whatever the number of commits moving it,
// counted in stats, and the scan stays complete (issue 20, item 6).
TEST_CASE("cli git: submodules are reported as not scanned, once per path, without failing the gate") {
  temp_dir tmp;
  git_repo repo(tmp / "repo");
  repo.init();
  repo.write("README.md", "nothing secret\n");
  repo.commit("Alice", "alice@example.com", "2024-01-01T00:00:00Z", "first");
  const std::string first = repo.rev_parse("HEAD");
  // Gitlinks written straight into the index: the commits they name are not here.
  for (const std::string& id : {first, std::string(40, '1'), std::string(40, '2')}) {
    repo.git("update-index --add --cacheinfo 160000," + id + ",vendor/lib");
    repo.git("update-index --add --cacheinfo 160000," + id + ",tools/other");
    repo.git("commit -q --no-verify -m " + q("move submodules to " + id));
  }
  const json doc = nhi_json(kScan + "--no-progress --git " + q(repo.dir()), 0);
  CHECK(doc["stats"]["submodules_not_scanned"] == 2);
  CHECK(doc["stats"]["diagnostic_counts"]["submodule"] == 2);
  CHECK(doc["stats"]["incomplete"] == 0);
  std::set<std::string> paths;
  for (const auto& d : doc["stats"]["diagnostics"])
    if (d["kind"] == "submodule") {
      paths.insert(d["path"].get<std::string>());
      CHECK(d["message"].get<std::string>().find("not scanned (scan it separately)") != std::string::npos);
      CHECK(d["message"].get<std::string>().find("submodule at commit ") == 0);
    }
  CHECK(paths == std::set<std::string>{"tools/other", "vendor/lib"});
  const run_result text = run_nhi(kScan + "--no-progress --git " + q(repo.dir()));
  CHECK(text.exit_code == 0);
  CHECK(text.err.find("2 submodules not scanned") != std::string::npos);
  CHECK(text.err.find("submodules (other repositories: not scanned, scan them separately)") != std::string::npos);
}
