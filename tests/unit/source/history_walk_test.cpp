// SPDX-License-Identifier: Apache-2.0
// The history walk skips the entries a directory's last version held
// (tree_walk.hpp: last_versions). What it records must be exactly what a walk
// of every entry of every (tree, path) not yet seen records: the same blobs,
// each at the same paths with the same first commits.
#include <doctest/doctest.h>

#include <map>
#include <set>
#include <string>
#include <tuple>

#include "source/commit_reader.hpp"
#include "source/git_common.hpp"
#include "source/history_walk.hpp"
#include "test_util.hpp"

using namespace nhi::detail;

namespace {

// blob id -> {(path, commit index)}
using blob_places = std::map<std::string, std::set<std::pair<std::string, std::uint32_t>>>;

blob_places places_of(const history& h) {
  blob_places out;
  for (const blob_record& b : h.blobs)
    for (const path_seen& p : h.paths_of(b)) out[oid_hex(b.oid)].insert({h.path(p), p.commit});
  return out;
}

// A history with what makes tree walks differ: files changed, added, deleted
// and renamed in nested directories, a mode change, a directory moved, a
// directory put back to an older version, the same content at two paths,
// a symbolic link, and two branches merged.
std::string make_history(const nhi_test::temp_dir& dir) {
  std::uint32_t state = 17;
  auto next = [&state](std::uint32_t n) { return state = state * 1103515245u + 12345u, (state >> 8) % n; };
  std::string script = "set -e\ncd '" + dir.str() + "'\ngit init -q -b main\n";
  const std::string dirs[] = {"", "a/", "a/b/", "c/", "c/d/e/"};
  for (int commit = 0; commit < 60; ++commit) {
    for (int change = 0, changes = 1 + static_cast<int>(next(4)); change < changes; ++change) {
      const std::string file = dirs[next(5)] + "f" + std::to_string(next(6)) + ".txt";
      switch (next(10)) {
        case 0:
          script += "git rm -q --ignore-unmatch '" + file + "'\n";
          break;
        case 1:
          script += "[ -f '" + file + "' ] && chmod +x '" + file + "' || true\n";
          break;
        case 2:
          script += "[ -d a/b ] && git mv a/b moved" + std::to_string(commit) + " || true\n";
          break;
        case 3:
          script += "[ $(git rev-list --count HEAD 2>/dev/null || echo 0) -gt 5 ] && git checkout -q HEAD~4 -- c 2>/dev/null || true\n";
          break;
        case 4:
          script += "mkdir -p a && echo same > a/twin1.txt && echo same > twin2.txt\n";
          break;
        case 5:
          script += "ln -sf f1.txt link" + std::to_string(next(3)) + "\n";
          break;
        default:
          script += "mkdir -p '" + (dirs[next(5)].empty() ? std::string(".") : dirs[next(5)]) + "' && mkdir -p \"$(dirname '" +
                    file + "')\" && echo 'v" + std::to_string(commit) + "-" + std::to_string(change) + "' > '" + file +
                    "'\n";
      }
    }
    script += "git add -A && git commit -q --allow-empty -m c" + std::to_string(commit) + "\n";
    if (commit == 20) script += "git checkout -q -b side\n";
    if (commit == 30) script += "git checkout -q main\n";
    if (commit == 40)
      script += "git merge -q --no-ff --no-edit -X theirs side || (git add -A && git commit -q -m merge)\n";
  }
  return script;
}

}  // namespace

TEST_CASE("history walk: skipping what a directory's last version held records what a full walk records") {
  nhi_test::temp_dir dir;
  const std::string env = nhi_test::git_env("Ada", "ada@example.com", "2024-03-01T12:00:00Z");
  nhi_test::write_file(dir / "make.sh", make_history(dir));
  const auto made = nhi_test::run(env + "bash '" + (dir / "make.sh") + "'");
  REQUIRE_MESSAGE(made.exit_code == 0, made.err);
  nhi_test::run("git -C '" + dir.str() + "' gc -q");  // trees from a pack, as in a real history

  auto repo = open_repository(dir.str());
  REQUIRE(repo.is_ok());
  const auto packs = open_pack_files(git_repository_commondir(repo.value().get()));
  nhi::git_scan_options o;
  nhi::scan_options so;
  so.threads = 1;
  history walked;
  REQUIRE(collect_history(repo.value().get(), dir.str(), packs, o, so, walked).is_ok());
  REQUIRE(walked.commits.size() > 60);

  // The reference: every entry of every (tree, path) not yet seen, in the same commit order.
  history full;
  tree_reader reader(repo.value().get(), packs);
  for (std::uint32_t k = 0; k < walked.commits.size(); ++k) {
    commit_fields c;
    std::string error;
    REQUIRE(read_commit(repo.value().get(), walked.commits[k], c, error));
    REQUIRE(walk_tree(reader, c.tree, full.paths, &full.seen_trees, full.diagnostics, error,
                      [&](const git_oid& blob, std::uint32_t path) { full.add_blob(blob, {path, k}); }));
  }
  const blob_places expected = places_of(full), got = places_of(walked);
  CHECK(expected.size() > 40);
  CHECK(got.size() == expected.size());
  std::size_t differ = 0;
  for (const auto& kv : expected) {
    const auto it = got.find(kv.first);
    if (it == got.end() || it->second != kv.second) ++differ;
  }
  CHECK(differ == 0);
}

TEST_CASE("history walk: an entry is the last version's only if mode, name and id are all the same") {
  // Two versions of a directory as raw trees: "<mode> <name>\0<20-byte id>".
  auto entry = [](const std::string& mode, const std::string& name, char id) {
    return mode + " " + name + std::string(1, '\0') + std::string(20, id);
  };
  last_versions last;
  // In git's order a tree's name sorts as if it ended with '/': "dir.txt" before "dir".
  std::string before = entry("100644", "a.txt", '1') + entry("100644", "dir.txt", '3') + entry("40000", "dir", '2') +
                       entry("100644", "z.txt", '4');
  std::vector<tree_entry> before_entries;
  REQUIRE(parse_tree(before, before_entries));
  last.keep(7, before, before_entries);
  const last_versions::version* v = last.find(7);
  REQUIRE(v != nullptr);
  CHECK(last.find(8) == nullptr);

  const std::string now = entry("100755", "a.txt", '1') +  // mode changed
                          entry("100644", "b.txt", '5') +  // new
                          entry("100644", "dir.txt", '9') + // id changed
                          entry("40000", "dir", '2') +     // same
                          entry("100644", "z.txt", '4');   // same
  std::vector<tree_entry> entries;
  REQUIRE(parse_tree(now, entries));
  std::size_t at = 0;
  std::vector<bool> same;
  for (const auto& e : entries) same.push_back(same_as_last(*v, at, now, e));
  CHECK(same == std::vector<bool>{false, false, false, true, true});
}
