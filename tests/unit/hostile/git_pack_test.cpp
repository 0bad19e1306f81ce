// SPDX-License-Identifier: Apache-2.0
// Hostile pack files (docs/hardening.md, "Git"; issue 20, items 4 and 9): a
// delta chain far deeper than git writes, and pack indexes nhi's reader
// refuses, which libgit2 must then not read either. The packs are built here
// (pack_craft.hpp) or damaged after `git gc`; nothing binary is committed.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "unit/hostile/hostile_support.hpp"
#include "unit/hostile/pack_craft.hpp"

using namespace hostile;
namespace fs = std::filesystem;

namespace {

const std::string kEnv = nhi_test::git_env("Dev", "dev@example.com", "2024-03-01T12:00:00Z");

std::string git(const std::string& repo, const std::string& args) {
  // In a subshell, so that a redirect in `args` wins over run()'s </dev/null.
  const auto r = nhi_test::run("(" + kEnv + "git -C '" + repo + "' " + args + ")");
  REQUIRE_MESSAGE(r.exit_code == 0, "git " << args << ": " << r.err);
  return r.out.substr(0, r.out.find_last_not_of('\n') + 1);
}

nhi::result<nhi::scan_stats> scan_git(const std::string& repo, std::vector<nhi::finding>& findings) {
  nhi::collecting_sink sink;
  const nhi::scanner sc(rules());
  auto stats = nhi::scan_git_history(sc, repo, {}, sink);
  findings = sink.findings();
  return stats;
}

const nhi::diagnostic* find_diag(const nhi::scan_stats& s, const std::string& part) {
  for (const auto& d : s.diagnostics)
    if (d.message.find(part) != std::string::npos || d.path.find(part) != std::string::npos) return &d;
  return nullptr;
}

// Writes a pack whose last blob (`last`) ends an OFS_DELTA chain `depth`
// deltas deep, lets `git index-pack` index it (git resolves such a chain),
// and commits that blob as deep.env on branch `deep`. Returns the blob's id.
std::string commit_deep_chain(const std::string& repo, std::size_t depth, const std::string& last, int type = 3) {
  pack_builder pack;
  std::string prev = "version 0\n";
  std::uint64_t at = pack.whole(type, prev);
  for (std::size_t i = 1; i <= depth; ++i) {
    const std::string next = i == depth ? last : "version " + std::to_string(i) + "\n";
    at = pack.ofs_delta(at, insert_delta(prev.size(), next));
    prev = next;
  }
  const std::string bytes = pack.finish();
  const std::string name = repo + "/.git/objects/pack/pack-" + hex(bytes.substr(bytes.size() - 20));
  nhi_test::write_file(name + ".pack", bytes);
  git(repo, "index-pack '" + name + ".pack'");
  const std::string id = hex(sha1((type == 3 ? "blob " : "tree ") + std::to_string(last.size()) + '\0' + last));
  if (type != 3) {  // the chain ends in the commit's tree
    git(repo, "update-ref refs/heads/deep " + git(repo, "commit-tree -m deep " + id));
    return id;
  }
  const std::string& blob = id;
  nhi_test::write_file(repo + "/.git/mktree.txt", "100644 blob " + blob + "\tdeep.env\n");
  const std::string tree = git(repo, "mktree < '" + repo + "/.git/mktree.txt'");
  git(repo, "update-ref refs/heads/deep " + git(repo, "commit-tree -m deep " + tree));
  return blob;
}

// A repository with a.env (the token) committed.
void make_repo(const std::string& repo) {
  git(repo, "init -q -b main");
  nhi_test::write_file(repo + "/a.env", kLine);
  git(repo, "add a.env");
  git(repo, "commit -q -m one");
}

}  // namespace

TEST_CASE("hostile: a blob at the end of a delta chain 30000 deep is reported by id, never a stack overflow") {
  nhi_test::temp_dir dir;
  const std::string repo = dir.str();
  make_repo(repo);
  const std::string blob = commit_deep_chain(repo, 30000, "DEEP_" + kLine);
  REQUIRE(git(repo, "cat-file -p " + blob) == "DEEP_" + kLine.substr(0, kLine.size() - 1));  // git reads it

  std::vector<nhi::finding> findings;
  auto stats = scan_git(repo, findings);
  REQUIRE_MESSAGE(stats.is_ok(), stats.error().to_string());
  // Past the depth limit the blob is neither read by nhi nor handed to
  // libgit2 (which has no limit): a diagnostic names it and the path.
  const nhi::diagnostic* d = find_diag(*stats, blob);
  REQUIRE(d != nullptr);
  CHECK(d->what == nhi::diagnostic::kind::corrupt_object);
  CHECK(d->path == "deep.env");
  CHECK(d->message.find("delta chain deeper than 10000") != std::string::npos);
  REQUIRE(findings.size() == 1);  // a.env
  CHECK(findings[0].path == "a.env");

  const auto run = nhi_test::run(cli() + " scan --git '" + repo + "'");
  CHECK(run.exit_code == 3);  // incomplete
  CHECK(run.err.find(blob) != std::string::npos);
  CHECK(nhi_test::run(cli() + " scan --allow-incomplete --git '" + repo + "'").exit_code == 1);
}

TEST_CASE("hostile: a tree at the end of a delta chain 30000 deep is reported, not handed to libgit2") {
  nhi_test::temp_dir dir;
  const std::string repo = dir.str();
  make_repo(repo);
  // A tree holding a.env's blob as deep.env, at the end of the chain.
  const std::string blob = hex(sha1("blob " + std::to_string(kLine.size()) + '\0' + kLine));
  const std::string tree = commit_deep_chain(repo, 30000, "100644 deep.env" + std::string(1, '\0') + sha1("blob " + std::to_string(kLine.size()) + '\0' + kLine), 2);
  REQUIRE(git(repo, "ls-tree deep").find(blob) != std::string::npos);  // git reads it
  std::vector<nhi::finding> findings;
  auto stats = scan_git(repo, findings);
  REQUIRE_MESSAGE(stats.is_ok(), stats.error().to_string());
  const nhi::diagnostic* d = find_diag(*stats, "cannot read tree " + tree);
  REQUIRE(d != nullptr);
  CHECK(d->what == nhi::diagnostic::kind::corrupt_object);
  CHECK(d->message.find("delta chain deeper than 10000") != std::string::npos);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].path == "a.env");  // deep.env, the same blob, lies only below the deep tree
}

TEST_CASE("hostile: a delta chain at the depth limit is read whole and its secret found") {
  nhi_test::temp_dir dir;
  const std::string repo = dir.str();
  git(repo, "init -q -b main");
  commit_deep_chain(repo, 10000, kLine);
  std::vector<nhi::finding> findings;
  auto stats = scan_git(repo, findings);
  REQUIRE_MESSAGE(stats.is_ok(), stats.error().to_string());
  CHECK(nhi::incomplete_count(*stats) == 0);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].path == "deep.env");
  CHECK(nhi_test::run(cli() + " scan --git '" + repo + "'").exit_code == 1);
}

namespace {

std::string be32(std::uint32_t v) {
  std::string out;
  for (int s = 24; s >= 0; s -= 8) out += static_cast<char>((v >> s) & 0xff);
  return out;
}

// Three commits: a.env in a first pack, b.env in a second pack (the one to
// damage), c.env loose; each file holds the token. Returns the second pack's path.
std::string make_two_packs(const std::string& repo) {
  make_repo(repo);
  git(repo, "repack -q -d");
  nhi_test::write_file(repo + "/b.env", "OTHER=1\n" + kLine);
  git(repo, "add b.env");
  git(repo, "commit -q -m two");
  const auto before = fs::directory_iterator(repo + "/.git/objects/pack");
  std::set<std::string> old;
  for (const auto& e : before) old.insert(e.path().string());
  git(repo, "repack -q -d");  // loose objects only: b.env's commit, tree and blob
  std::string second;
  for (const auto& e : fs::directory_iterator(repo + "/.git/objects/pack"))
    if (e.path().extension() == ".pack" && !old.count(e.path().string())) second = e.path().string();
  REQUIRE_FALSE(second.empty());
  nhi_test::write_file(repo + "/c.env", "C=1\n" + kLine);
  git(repo, "add c.env");
  git(repo, "commit -q -m three");
  return second;
}

}  // namespace

TEST_CASE("hostile: a pack nhi refuses is not read by libgit2 either, loose objects and other packs are") {
  for (const char* damage : {"offset past the end", "fan-out", "truncated"}) {
    CAPTURE(damage);
    nhi_test::temp_dir dir;
    const std::string repo = dir.str();
    const std::string pack = make_two_packs(repo);
    const std::string idx = pack.substr(0, pack.size() - 5) + ".idx";
    const std::string b_blob = git(repo, "rev-parse HEAD:b.env");
    const std::string table = nhi_test::read_file(idx);
    const auto count = static_cast<std::uint32_t>(static_cast<unsigned char>(table[8 + 1023]));  // < 256 here
    const std::string d = damage;
    if (d == "offset past the end") {
      // Every object's offset 2 MiB past the pack's end: libgit2 1.5 read the
      // first commit there (SIGSEGV in git_odb_read) once nhi had dropped the pack.
      const auto size = static_cast<std::uint32_t>(fs::file_size(pack));
      for (std::uint32_t i = 0; i < count; ++i)
        overwrite(idx, 8 + 1024 + count * 24 + i * 4, be32(size + (1u << 21) + i));
    } else if (d == "fan-out") {
      overwrite(idx, 8 + 4 * 0x10, be32(0x7fffffff));
    } else {
      // Cut inside the last object: its offset is then past what the pack can hold.
      std::uint32_t last = 0;
      for (std::uint32_t i = 0; i < count; ++i) {
        const auto* o = reinterpret_cast<const unsigned char*>(table.data() + 8 + 1024 + count * 24 + i * 4);
        last = std::max(last, (std::uint32_t(o[0]) << 24) | (std::uint32_t(o[1]) << 16) | (std::uint32_t(o[2]) << 8) | o[3]);
      }
      ::chmod(pack.c_str(), 0644);
      fs::resize_file(pack, last + 10);
    }

    std::vector<nhi::finding> findings;
    auto stats = scan_git(repo, findings);
    REQUIRE_MESSAGE(stats.is_ok(), stats.error().to_string());
    const nhi::diagnostic* refused = find_diag(*stats, "pack refused");
    REQUIRE(refused != nullptr);
    CHECK(refused->what == nhi::diagnostic::kind::corrupt_object);
    CHECK(refused->path == pack);
    const nhi::diagnostic* b = find_diag(*stats, b_blob);
    REQUIRE(b != nullptr);
    CHECK(b->what == nhi::diagnostic::kind::corrupt_object);
    CHECK(b->path == "b.env");
    std::set<std::string> paths;
    for (const auto& f : findings) paths.insert(f.path);
    CHECK(paths == std::set<std::string>{"a.env", "c.env"});  // the first pack and the loose objects

    const auto run = nhi_test::run(cli() + " scan --git '" + repo + "'");
    CHECK(run.exit_code == 3);
    CHECK(run.err.find("pack refused") != std::string::npos);
    CHECK(nhi_test::run(cli() + " scan --allow-incomplete --git '" + repo + "'").exit_code == 1);
  }
}
