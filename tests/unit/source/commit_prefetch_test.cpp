// SPDX-License-Identifier: Apache-2.0
// The commits read ahead for the commit lister (commit_prefetch.hpp) must be
// what read_commit_links reads, each found where the index says it is; and a
// listing with them must be the listing without.
#include "source/commit_prefetch.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "source/commit_lister.hpp"
#include "source/git_common.hpp"
#include "source/git_handles.hpp"
#include "test_util.hpp"

using namespace nhi::detail;

namespace {

// A packed repository of `count` commits on main, a side branch forked every
// 50 commits and merged back 10 later, and a tag.
struct history_repo {
  nhi_test::temp_dir tmp;
  std::string dir = tmp.str() + "/repo";
  std::vector<std::string> commits;  // every commit's id, as git rev-list --all prints them

  std::string git(const std::string& args) const {
    const auto r = nhi_test::run("(" + nhi_test::git_env("T", "t@example.com", "2024-01-01T00:00:00Z") + "git -C '" +
                                 dir + "' " + args + ")");
    REQUIRE_MESSAGE(r.exit_code == 0, "git " << args << ": " << r.err);
    return r.out;
  }

  explicit history_repo(int count) {
    nhi_test::fs::create_directories(dir);
    git("init -q -b main");
    std::string stream;
    auto data = [&](const std::string& text) { stream += "data " + std::to_string(text.size()) + "\n" + text + "\n"; };
    int mark = 0;
    auto commit = [&](const std::string& ref, int from, int merge, const std::string& file) {
      stream += "commit " + ref + "\nmark :" + std::to_string(++mark) + "\n";
      stream += "committer T <t@example.com> " + std::to_string(1700000000 + mark) + " +0000\n";
      data("commit " + std::to_string(mark));
      if (from) stream += "from :" + std::to_string(from) + "\n";
      if (merge) stream += "merge :" + std::to_string(merge) + "\n";
      stream += "M 100644 inline " + file + "\n";
      data("version " + std::to_string(mark) + "\n");
      return mark;
    };
    int main_tip = 0, side_tip = 0, forked_at = -1;
    for (int n = 0; n < count; ++n) {
      if (n % 50 == 25) {
        side_tip = commit("refs/heads/side", main_tip, 0, "side.txt");
        forked_at = n;
      } else if (forked_at >= 0 && n == forked_at + 10) {
        main_tip = commit("refs/heads/main", main_tip, side_tip, "main.txt");
        forked_at = -1;
      } else {
        main_tip = commit("refs/heads/main", main_tip, 0, "file" + std::to_string(n % 7) + ".txt");
      }
    }
    nhi_test::write_file(tmp.str() + "/stream.txt", stream);
    git("fast-import --quiet < '" + tmp.str() + "/stream.txt'");
    git("tag -a v1 -m v1 main~3");
    git("repack -adq");
    std::istringstream ids(git("rev-list --all"));
    for (std::string id; std::getline(ids, id);) commits.push_back(id);
  }
};

git_oid oid_of(const std::string& hex) {
  git_oid id;
  REQUIRE(git_oid_fromstrn(&id, hex.c_str(), GIT_OID_HEXSZ) == 0);
  return id;
}

bool same_links(const commit_links& a, const commit_links& b) {
  if (oid_hex(a.tree) != oid_hex(b.tree) || a.time != b.time || a.parents.size() != b.parents.size()) return false;
  for (std::size_t k = 0; k < a.parents.size(); ++k)
    if (oid_hex(a.parents[k]) != oid_hex(b.parents[k])) return false;
  return true;
}

}  // namespace

TEST_CASE("commit prefetch: each commit stored whole is met once, where the index puts it, as read_commit_links reads it") {
  history_repo r(400);
  REQUIRE(r.commits.size() == 400);
  auto repo = open_repository(r.dir + "/.git");
  REQUIRE(repo.is_ok());
  const auto packs = open_pack_files(r.dir + "/.git");
  REQUIRE(pack_count(*packs) == 1);
  pack_object_reader reader(packs, 0);

  // Where the index puts each commit, and what read_commit_links reads of it.
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::string> at;
  std::map<std::string, commit_links> want;
  std::string buf, error;
  for (const std::string& id : r.commits) {
    const git_oid o = oid_of(id);
    std::uint32_t pack = 9, position = 0;
    REQUIRE(locate_object(*packs, o.id, pack, position));
    at[{pack, position}] = id;
    REQUIRE(read_commit_links(repo.value().get(), reader, o, buf, want[id], error));
    // Read where the index puts it: the same object.
    std::string by_id, by_place;
    REQUIRE(reader.read(o.id, object_kind::commit, by_id) == pack_object_reader::result::read);
    REQUIRE(reader.read_at(pack, position, object_kind::commit, by_place) == pack_object_reader::result::read);
    CHECK(by_place == by_id);
    CHECK(reader.read_at(pack, position, object_kind::tree, by_place) == pack_object_reader::result::not_here);
  }
  std::string ignored;
  CHECK(reader.read_at(0, static_cast<std::uint32_t>(pack_object_count(*packs, 0)), object_kind::commit, ignored) ==
        pack_object_reader::result::not_here);
  CHECK(reader.read_at(5, 0, object_kind::commit, ignored) == pack_object_reader::result::not_here);
  std::uint32_t pack = 0, position = 0;
  const std::string missing(20, '\x42');
  CHECK_FALSE(locate_object(*packs, reinterpret_cast<const unsigned char*>(missing.data()), pack, position));

  // In file order: every commit once (git stores commits whole), nothing else.
  std::set<std::string> met;
  for_each_whole_object(*packs, object_kind::commit, commit_prefetch::kGiveUpAfter,
                        [&](std::uint32_t pk, std::uint32_t pos, std::string_view content) {
                          const auto found = at.find({pk, pos});
                          REQUIRE(found != at.end());
                          CHECK(met.insert(found->second).second);
                          commit_links got;
                          REQUIRE(parse_commit_links(content, got));
                          CHECK(same_links(got, want[found->second]));
                          return true;
                        });
  CHECK(met.size() == r.commits.size());
  // Stopped by its callback.
  std::size_t calls = 0;
  for_each_whole_object(*packs, object_kind::commit, commit_prefetch::kGiveUpAfter,
                        [&](std::uint32_t, std::uint32_t, std::string_view) { return ++calls < 5; });
  CHECK(calls == 5);

  // The thread: every commit is there once it got that far, as read_commit_links reads it.
  commit_prefetch ahead(packs);
  std::size_t taken = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (taken < r.commits.size() && std::chrono::steady_clock::now() < deadline) {
    taken = 0;
    for (const auto& [where, id] : at) {
      commit_links got;
      if (!ahead.take(where.first, where.second, got)) continue;
      CHECK(same_links(got, want[id]));
      ++taken;
    }
    if (taken < r.commits.size()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  CHECK(taken == r.commits.size());
  commit_links none;
  CHECK_FALSE(ahead.take(0, static_cast<std::uint32_t>(pack_object_count(*packs, 0)), none));  // past the index
  CHECK_FALSE(ahead.take(7, 0, none));                                                           // no such pack
  // Stopped at once, however far it got: nothing waits, nothing leaks (ASan).
  for (int k = 0; k < 20; ++k) commit_prefetch stopped(packs);
}

TEST_CASE("commit prefetch: a listing that reads ahead is the listing that does not") {
  history_repo r(300);
  auto repo = open_repository(r.dir + "/.git");
  REQUIRE(repo.is_ok());
  const auto packs = open_pack_files(r.dir + "/.git");
  auto list = [&](bool read_ahead) {
    std::vector<nhi::diagnostic> diags;
    commit_lister lister(repo.value().get(), packs, diags, read_ahead);
    lister.push_all_refs();
    commit_lister::listing l = lister.list();
    CHECK(diags.empty());
    std::vector<std::string> out;
    for (std::size_t k = 0; k < l.commits.size(); ++k) out.push_back(oid_hex(l.commits[k]) + " " + oid_hex(l.trees[k]));
    return out;
  };
  const std::vector<std::string> alone = list(false);
  CHECK(alone.size() == r.commits.size());
  for (int round = 0; round < 3; ++round) CHECK(list(true) == alone);
}
