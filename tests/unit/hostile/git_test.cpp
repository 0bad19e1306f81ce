// SPDX-License-Identifier: Apache-2.0
// Hostile repositories (docs/hardening.md, "Git"): corrupt loose objects and
// packs, very many refs, very deep trees. Every unreadable object is a
// corrupt_object diagnostic naming where; the rest of history is scanned.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "unit/hostile/hostile_support.hpp"

using namespace hostile;
namespace fs = std::filesystem;

namespace {

const std::string kEnv = nhi_test::git_env("Dev", "dev@example.com", "2024-03-01T12:00:00Z");

std::string git(const std::string& repo, const std::string& args) {
  const auto r = nhi_test::run(kEnv + "git -C '" + repo + "' " + args);
  REQUIRE_MESSAGE(r.exit_code == 0, "git " << args << ": " << r.err);
  return r.out.substr(0, r.out.find_last_not_of('\n') + 1);
}

// `git ARGS < FILE` (run() gives commands /dev/null as stdin: the subshell's own redirect wins).
void git_with_input(const std::string& repo, const std::string& args, const std::string& input_file) {
  const auto r = nhi_test::run("(" + kEnv + "git -C '" + repo + "' " + args + " < '" + input_file + "')");
  REQUIRE_MESSAGE(r.exit_code == 0, "git " << args << ": " << r.err);
}

// A repository with two files holding the token, one commit each.
void make_repo(const std::string& repo) {
  git(repo, "init -q -b main");
  nhi_test::write_file(repo + "/a.env", kLine);
  nhi_test::write_file(repo + "/b.env", "OTHER=1\n" + kLine);
  nhi_test::write_file(repo + "/c.txt", "harmless\n");
  git(repo, "add a.env c.txt");
  git(repo, "commit -q -m one");
  git(repo, "add b.env");
  git(repo, "commit -q -m two");
}

struct git_scan {
  nhi::result<nhi::scan_stats> stats = nhi::scan_stats{};
  std::vector<nhi::finding> findings;
  bool has(nhi::diagnostic::kind k, const std::string& part) const {
    if (!stats) return false;
    for (const auto& d : stats->diagnostics)
      if (d.what == k && (d.path.find(part) != std::string::npos || d.message.find(part) != std::string::npos))
        return true;
    return false;
  }
};

git_scan scan_git(const std::string& repo) {
  git_scan out;
  nhi::collecting_sink sink;
  const nhi::scanner sc(rules());
  out.stats = nhi::scan_git_history(sc, repo, {}, sink);
  out.findings = sink.findings();
  return out;
}

}  // namespace

TEST_CASE("hostile: a history scan stops at the per-scan findings limit, incomplete") {
  nhi_test::temp_dir dir;
  const std::string repo = dir.str();
  make_repo(repo);
  nhi::scan_options o;
  o.max_findings_per_scan = 1;
  nhi::collecting_sink sink;
  const nhi::scanner sc(rules(), o);
  const auto stats = nhi::scan_git_history(sc, repo, {}, sink);
  REQUIRE(stats.is_ok());
  CHECK(sink.findings().size() == 1);
  CHECK(stats->stopped);
  CHECK(nhi::incomplete_count(stats.value()) == 1);
}

TEST_CASE("hostile: a corrupt loose blob is reported with its path, the other blobs are scanned") {
  nhi_test::temp_dir dir;
  const std::string repo = dir.str();
  make_repo(repo);
  const std::string blob = git(repo, "rev-parse HEAD:b.env");
  const std::string object = repo + "/.git/objects/" + blob.substr(0, 2) + "/" + blob.substr(2);
  overwrite(object, 2, std::string(40, '\x5a'));  // zlib stream garbage after the header bytes
  const auto r = scan_git(repo);
  REQUIRE_MESSAGE(r.stats.is_ok(), r.stats.error().to_string());
  CHECK(r.findings.size() == 1);  // a.env
  CHECK(r.has(nhi::diagnostic::kind::corrupt_object, "b.env"));
  CHECK(r.has(nhi::diagnostic::kind::corrupt_object, blob));
  // The CLI reports a.env's finding and the diagnostic (a note on stderr), and
  // exits 3 as incomplete; 1 (the finding) with --allow-incomplete.
  const auto run = nhi_test::run(cli() + " scan --git '" + repo + "'");
  CHECK(run.exit_code == 3);
  CHECK(run.out.find("a.env") != std::string::npos);
  CHECK(run.err.find("b.env: cannot read blob " + blob) != std::string::npos);
  CHECK(nhi_test::run(cli() + " scan --allow-incomplete --git '" + repo + "'").exit_code == 1);
}

TEST_CASE("hostile: a corrupt loose commit or tree stops nothing but itself") {
  nhi_test::temp_dir dir;
  const std::string repo = dir.str();
  make_repo(repo);
  const std::string tree = git(repo, "rev-parse HEAD~1^{tree}");
  overwrite(repo + "/.git/objects/" + tree.substr(0, 2) + "/" + tree.substr(2), 2, std::string(30, '\x01'));
  const auto r = scan_git(repo);
  REQUIRE_MESSAGE(r.stats.is_ok(), r.stats.error().to_string());
  CHECK(r.has(nhi::diagnostic::kind::corrupt_object, tree));
  CHECK_FALSE(r.findings.empty());  // the second commit's tree still holds both files
}

TEST_CASE("hostile: a well-formed object holding a malformed tree is reported, its siblings are scanned") {
  nhi_test::temp_dir dir;
  const std::string repo = dir.str();
  make_repo(repo);
  // A tree object git stores (its id is its hash) whose content is no tree.
  nhi_test::write_file(dir.str() + "/.git/bad-tree", "100644 no-nul-and-no-id");
  const std::string bad = git(repo, "hash-object -t tree --literally -w '" + dir.str() + "/.git/bad-tree'");
  const std::string blob = git(repo, "rev-parse HEAD:a.env");
  nhi_test::write_file(dir.str() + "/.git/mktree.txt", "040000 tree " + bad + "\tbroken\n100644 blob " + blob + "\tkeep.env\n");
  git_with_input(repo, "mktree > '" + dir.str() + "/.git/tree-id'", dir.str() + "/.git/mktree.txt");
  const std::string tree = nhi_test::read_file(dir.str() + "/.git/tree-id").substr(0, 40);
  const std::string commit = git(repo, "commit-tree -m odd -p HEAD " + tree);
  git(repo, "update-ref refs/heads/odd " + commit);
  const auto r = scan_git(repo);
  REQUIRE_MESSAGE(r.stats.is_ok(), r.stats.error().to_string());
  CHECK(r.has(nhi::diagnostic::kind::corrupt_object, bad));
  CHECK(r.has(nhi::diagnostic::kind::corrupt_object, "malformed tree"));
  bool kept = false;
  for (const auto& f : r.findings) kept |= f.path == "keep.env";
  CHECK(kept);  // the sibling of the broken tree was walked
}

TEST_CASE("hostile: corrupt and truncated packs are diagnosed, never a crash or a hang") {
  for (const char* damage : {"flip", "truncate", "fanout", "offset"}) {
    CAPTURE(damage);
    nhi_test::temp_dir dir;
    const std::string repo = dir.str();
    make_repo(repo);
    // Many blobs, so the pack is large enough to damage its middle.
    for (int i = 0; i < 50; ++i) nhi_test::write_file(repo + "/f" + std::to_string(i) + ".txt", std::string(2000, 'a' + i % 26) + std::to_string(i));
    git(repo, "add .");
    git(repo, "commit -q -m many");
    git(repo, "gc -q");
    std::string pack;
    for (const auto& e : fs::directory_iterator(repo + "/.git/objects/pack"))
      if (e.path().extension() == ".pack") pack = e.path().string();
    REQUIRE_FALSE(pack.empty());
    const auto size = fs::file_size(pack);
    const std::string idx = pack.substr(0, pack.size() - 5) + ".idx";
    if (std::string(damage) == "flip") {
      for (std::size_t at = size / 4; at < size - 64; at += size / 8) overwrite(pack, at, std::string(16, '\xff'));
    } else if (std::string(damage) == "fanout") {
      // A fan-out word larger than the ones after it (issue 20, item 7: our
      // reader searched past the table).
      ::chmod(idx.c_str(), 0644);
      overwrite(idx, 8 + 4 * 0x10, std::string("\x7f\xff\xff\xff", 4));
    } else if (std::string(damage) == "offset") {
      // The first object's offset points past the end of the pack (item 9).
      ::chmod(idx.c_str(), 0644);
      std::string table = nhi_test::read_file(idx);
      const std::uint32_t n = (std::uint8_t(table[8 + 1020]) << 24) | (std::uint8_t(table[8 + 1021]) << 16) |
                              (std::uint8_t(table[8 + 1022]) << 8) | std::uint8_t(table[8 + 1023]);
      overwrite(idx, 8 + 1024 + std::size_t(n) * 24, std::string("\x7f\xff\xff\xf0", 4));
    } else {
      ::chmod(pack.c_str(), 0644);
      fs::resize_file(pack, size / 2);
    }
    git_scan r;
    r = scan_git(repo);
    if (r.stats) {
      bool any_problem = false;
      for (const auto& d : r.stats->diagnostics)
        any_problem |= d.what == nhi::diagnostic::kind::corrupt_object || d.what == nhi::diagnostic::kind::error;
      CHECK(any_problem);
    } else {
      CHECK((r.stats.error().code() == nhi::errc::corrupt || r.stats.error().code() == nhi::errc::not_found));
      CHECK(r.stats.error().file().find(repo) == 0);  // names the repository
    }
    const auto run = nhi_test::run(cli() + " scan --git '" + repo + "'");
    CHECK(run.exit_code <= 3);  // 0..3: never a signal
  }
}

TEST_CASE("hostile: a repository with many refs is walked once per commit (5000 refs here, 100k measured)") {
  nhi_test::temp_dir dir;
  const std::string repo = dir.str();
  make_repo(repo);
  const std::string head = git(repo, "rev-parse HEAD"), first = git(repo, "rev-parse HEAD~1");
  std::string updates;
  for (int i = 0; i < 5000; ++i)
    updates += "create refs/" + std::string(i % 2 ? "tags/t" : "pull/") + std::to_string(i) + (i % 2 ? "" : "/head") + " " +
               (i % 3 ? head : first) + "\n";
  nhi_test::write_file(dir / "updates.txt", updates);
  git_with_input(repo, "update-ref --stdin", dir / "updates.txt");
  REQUIRE(git(repo, "for-each-ref --count=6000 --format=x").size() == 2 * 5001 - 1);  // 5000 refs and main
  git(repo, "pack-refs --all");
  git_scan r;
  r = scan_git(repo);
  REQUIRE(r.stats.is_ok());
  CHECK(r.findings.size() == 2);  // a.env and b.env, each once
}

TEST_CASE("hostile: very deep trees are cut off with a diagnostic, not a stack overflow") {
  nhi_test::temp_dir dir;
  const std::string repo = dir.str();
  git(repo, "init -q -b main");
  // fast-import builds a 6000-level path in one process.
  std::string path;
  for (int i = 0; i < 6000; ++i) path += "d/";
  const std::string content = kLine;
  std::ostringstream stream;
  stream << "commit refs/heads/main\ncommitter Dev <dev@example.com> 1709294400 +0000\ndata 4\ndeep\n"
         << "M 100644 inline " << path << "x.env\ndata " << content.size() << "\n" << content << "\n"
         << "M 100644 inline shallow.env\ndata " << content.size() << "\n" << content << "\n";
  nhi_test::write_file(dir / "stream.txt", stream.str());
  git_with_input(repo, "fast-import --quiet", dir / "stream.txt");
  git_scan r;
  r = scan_git(repo);
  REQUIRE(r.stats.is_ok());
  CHECK(r.findings.size() >= 1);  // shallow.env at least
  CHECK(r.has(nhi::diagnostic::kind::error, "nested deeper than 4096 levels"));
}
