// SPDX-License-Identifier: Apache-2.0
// pack_object_reader against git itself: every tree of a deltified pack read
// both ways must be the same bytes, with and without its cache of bases.
#include "source/pack_reader.hpp"

#include <doctest/doctest.h>

#include <map>
#include <sstream>
#include <string>

#include "test_util.hpp"

namespace {

// Raw 20 bytes of a 40-digit hex id.
std::string raw_id(const std::string& hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  return out;
}

struct packed_repo {
  nhi_test::temp_dir tmp;
  std::string dir = tmp.str() + "/repo";
  std::map<std::string, std::string> trees;  // hex id -> content, as git cat-file prints it

  std::string git(const std::string& args) const {
    // In a subshell, so that a redirect in `args` wins over run()'s </dev/null.
    const auto r = nhi_test::run("(" + nhi_test::git_env("T", "t@example.com", "2024-01-01T00:00:00Z") + "git -C '" +
                                 dir + "' " + args + ")");
    REQUIRE_MESSAGE(r.exit_code == 0, "git " << args << ": " << r.err);
    return r.out;
  }

  // 300 commits editing files two levels deep, so each directory's versions
  // form long delta chains after an aggressive repack.
  packed_repo() {
    nhi_test::fs::create_directories(dir);
    git("init -q -b main");
    std::string stream;
    auto data = [&](const std::string& text) { stream += "data " + std::to_string(text.size()) + "\n" + text + "\n"; };
    for (int n = 1; n <= 300; ++n) {
      stream += "commit refs/heads/main\nmark :" + std::to_string(n) + "\n";
      stream += "committer T <t@example.com> " + std::to_string(1700000000 + n) + " +0000\n";
      data("c" + std::to_string(n));
      if (n > 1) stream += "from :" + std::to_string(n - 1) + "\n";
      for (int f = 0; f < 3; ++f) {
        stream += "M 100644 inline dir" + std::to_string((n + f) % 4) + "/sub" + std::to_string(f) + "/file" +
                  std::to_string((n * 7 + f) % 40) + ".txt\n";
        data("version " + std::to_string(n) + " of file " + std::to_string(f) + "\n");
      }
    }
    nhi_test::write_file(tmp.str() + "/stream.txt", stream);
    git("fast-import --quiet < '" + tmp.str() + "/stream.txt'");
    git("repack -adfq --window=50 --depth=50");
    // Every tree's content in one cat-file run: "<id> tree <size>\n<content>\n" each.
    const std::string all = git("cat-file --batch-all-objects --batch");
    for (std::size_t at = 0; at < all.size();) {
      const std::size_t eol = all.find('\n', at);
      REQUIRE(eol != std::string::npos);
      std::istringstream header(all.substr(at, eol - at));
      std::string id, type;
      std::size_t size = 0;
      header >> id >> type >> size;
      if (type == "tree") trees[id] = all.substr(eol + 1, size);
      at = eol + 1 + size + 1;
    }
  }
};

}  // namespace

TEST_CASE("pack_object_reader builds every tree of a deltified pack as git does, cached or not") {
  packed_repo repo;
  REQUIRE(repo.trees.size() > 300);
  // Most trees are deltas: the test is about chains, not whole objects.
  const std::string verify = repo.git("verify-pack -v $(ls " + repo.dir + "/.git/objects/pack/*.idx)");
  CHECK(verify.find("chain length = 10") != std::string::npos);

  const auto packs = nhi::detail::open_pack_files(repo.dir + "/.git");
  nhi::detail::pack_object_reader cached(packs);
  nhi::detail::pack_object_reader uncached(packs, 0);
  std::string got, again;
  std::size_t checked = 0;
  for (const auto& [hex, want] : repo.trees) {
    const std::string id = raw_id(hex);
    const auto* oid = reinterpret_cast<const unsigned char*>(id.data());
    REQUIRE(cached.read(oid, nhi::detail::object_kind::tree, got));
    REQUIRE(uncached.read(oid, nhi::detail::object_kind::tree, again));
    CHECK(got == want);
    CHECK(again == want);
    ++checked;
  }
  CHECK(checked == repo.trees.size());

  // The wrong kind, and an id no pack holds, are refused (the caller asks libgit2).
  const std::string blob = raw_id(repo.git("rev-parse main:dir1/sub0/file7.txt").substr(0, 40));
  CHECK_FALSE(cached.read(reinterpret_cast<const unsigned char*>(blob.data()), nhi::detail::object_kind::tree, got));
  CHECK(cached.read(reinterpret_cast<const unsigned char*>(blob.data()), nhi::detail::object_kind::blob, got));
  CHECK(got.rfind("version ", 0) == 0);
  const std::string missing(20, '\x42');
  CHECK_FALSE(cached.read(reinterpret_cast<const unsigned char*>(missing.data()), nhi::detail::object_kind::tree, got));
}
