// SPDX-License-Identifier: Apache-2.0
// pack_object_reader against git itself: every tree of a deltified pack read
// both ways must be the same bytes, with and without its cache of bases, and
// entries smaller and larger than the readers' read-ahead alike.
#include "source/pack_reader.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <iterator>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "test_util.hpp"
#include "unit/hostile/pack_craft.hpp"

namespace {

constexpr auto kRead = nhi::detail::pack_object_reader::result::read;
constexpr auto kNotHere = nhi::detail::pack_object_reader::result::not_here;
constexpr auto kTooDeep = nhi::detail::pack_object_reader::result::too_deep;

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
  std::map<std::string, std::string> blobs;  // the same for blobs

  std::string git(const std::string& args) const {
    // In a subshell, so that a redirect in `args` wins over run()'s </dev/null.
    const auto r = nhi_test::run("(" + nhi_test::git_env("T", "t@example.com", "2024-01-01T00:00:00Z") + "git -C '" +
                                 dir + "' " + args + ")");
    REQUIRE_MESSAGE(r.exit_code == 0, "git " << args << ": " << r.err);
    return r.out;
  }

  // A repository made by `git fast-import` from `commits`, each a map of
  // path to content, then repacked so that versions of a file form delta chains.
  explicit packed_repo(const std::vector<std::map<std::string, std::string>>& commits) {
    nhi_test::fs::create_directories(dir);
    git("init -q -b main");
    std::string stream;
    auto data = [&](const std::string& text) { stream += "data " + std::to_string(text.size()) + "\n" + text + "\n"; };
    for (std::size_t n = 1; n <= commits.size(); ++n) {
      stream += "commit refs/heads/main\nmark :" + std::to_string(n) + "\n";
      stream += "committer T <t@example.com> " + std::to_string(1700000000 + n) + " +0000\n";
      data("c" + std::to_string(n));
      if (n > 1) stream += "from :" + std::to_string(n - 1) + "\n";
      for (const auto& [path, content] : commits[n - 1]) {
        stream += "M 100644 inline " + path + "\n";
        data(content);
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
      if (type == "blob") blobs[id] = all.substr(eol + 1, size);
      at = eol + 1 + size + 1;
    }
  }
};

// 300 commits editing files two levels deep, so each directory's versions
// form long delta chains after an aggressive repack.
std::vector<std::map<std::string, std::string>> deep_edits() {
  std::vector<std::map<std::string, std::string>> commits(300);
  for (int n = 1; n <= 300; ++n)
    for (int f = 0; f < 3; ++f)
      commits[n - 1]["dir" + std::to_string((n + f) % 4) + "/sub" + std::to_string(f) + "/file" +
                     std::to_string((n * 7 + f) % 40) + ".txt"] =
          "version " + std::to_string(n) + " of file " + std::to_string(f) + "\n";
  return commits;
}

// Runs every task of a planned blob reader: each blob's bytes by its index in
// the plan's wanted list; the indexes handed back for libgit2 in `failed`.
std::map<std::size_t, std::string> read_all(const nhi::detail::pack_blob_reader& blobs, std::vector<std::size_t>& failed) {
  std::map<std::size_t, std::string> read;
  for (std::size_t t = 0; t < blobs.task_count(); ++t)
    blobs.run(t, [&](std::size_t w, std::string_view data, const nhi::detail::blob_lineage&) { read[w] = std::string(data); },
              [](std::size_t, std::uint64_t) { FAIL("not too large"); }, failed);
  return read;
}

// Reads every blob of `repo` with both readers; each must be git's bytes.
void check_every_blob(const packed_repo& repo) {
  std::vector<std::string> wanted, hexes;
  for (const auto& [hex, content] : repo.blobs) {
    wanted.push_back(raw_id(hex));
    hexes.push_back(hex);
  }
  const auto packs = nhi::detail::open_pack_files(repo.dir + "/.git");
  nhi::detail::pack_blob_reader blobs(packs);
  CHECK(blobs.plan(wanted, std::uint64_t(1) << 30).empty());
  std::vector<std::size_t> failed;
  std::map<std::size_t, std::string> read = read_all(blobs, failed);
  CHECK(failed.empty());
  REQUIRE(read.size() == wanted.size());
  nhi::detail::pack_object_reader objects(packs, 0);
  nhi::detail::pack_object_reader mapped(packs, 0, nhi::detail::pack_object_reader::reads::mapped);
  std::string got;
  for (std::size_t w = 0; w < wanted.size(); ++w) {
    CHECK(read[w] == repo.blobs.at(hexes[w]));
    const auto* oid = reinterpret_cast<const unsigned char*>(wanted[w].data());
    REQUIRE(objects.read(oid, nhi::detail::object_kind::blob, got) == kRead);
    CHECK(got == repo.blobs.at(hexes[w]));
    REQUIRE(mapped.read(oid, nhi::detail::object_kind::blob, got) == kRead);
    CHECK(got == repo.blobs.at(hexes[w]));
  }
}

}  // namespace

TEST_CASE("pack_object_reader builds every tree of a deltified pack as git does, cached or not") {
  packed_repo repo(deep_edits());
  REQUIRE(repo.trees.size() > 300);
  // Most trees are deltas: the test is about chains, not whole objects.
  const std::string verify = repo.git("verify-pack -v $(ls " + repo.dir + "/.git/objects/pack/*.idx)");
  CHECK(verify.find("chain length = 10") != std::string::npos);

  const auto packs = nhi::detail::open_pack_files(repo.dir + "/.git");
  // Each tree through a reader that keeps what it built and one that does
  // not; `rounds` times over (the mapped readers let their pages go every
  // 16,384 reads, so several times on the way).
  std::string got;
  auto read_every_tree = [&](nhi::detail::pack_object_reader& cached, nhi::detail::pack_object_reader& uncached,
                             int rounds) {
    std::size_t checked = 0;
    for (int round = 0; round < rounds; ++round)
      for (const auto& [hex, want] : repo.trees) {
        const std::string id = raw_id(hex);
        const auto* oid = reinterpret_cast<const unsigned char*>(id.data());
        REQUIRE(cached.read(oid, nhi::detail::object_kind::tree, got) == kRead);
        REQUIRE(got == want);
        REQUIRE(uncached.read(oid, nhi::detail::object_kind::tree, got) == kRead);
        REQUIRE(got == want);
        ++checked;
      }
    return checked;
  };
  using reads = nhi::detail::pack_object_reader::reads;
  nhi::detail::pack_object_reader cached(packs), uncached(packs, 0);
  CHECK(read_every_tree(cached, uncached, 1) == repo.trees.size());
  nhi::detail::pack_object_reader mapped(packs, 16u << 20, reads::mapped), mapped_uncached(packs, 0, reads::mapped);
  CHECK(read_every_tree(mapped, mapped_uncached, 40000 / static_cast<int>(repo.trees.size()) + 1) > 40000);

  // The wrong kind, and an id no pack holds, are refused (the caller asks libgit2).
  const std::string blob = raw_id(repo.git("rev-parse main:dir1/sub0/file7.txt").substr(0, 40));
  CHECK(cached.read(reinterpret_cast<const unsigned char*>(blob.data()), nhi::detail::object_kind::tree, got) == kNotHere);
  CHECK(cached.read(reinterpret_cast<const unsigned char*>(blob.data()), nhi::detail::object_kind::blob, got) == kRead);
  CHECK(got.rfind("version ", 0) == 0);
  const std::string missing(20, '\x42');
  CHECK(cached.read(reinterpret_cast<const unsigned char*>(missing.data()), nhi::detail::object_kind::tree, got) == kNotHere);
}

TEST_CASE("pack readers read every blob as git does, in long chains and across their read-ahead") {
  {
    packed_repo repo(deep_edits());
    REQUIRE(repo.blobs.size() > 300);
    check_every_blob(repo);
  }
  // Entries of every size around the 4 KiB a header read brings with it, and
  // past the 1 MiB a reader keeps between reads, in random (incompressible)
  // bytes so the pack holds them at about that size; each file edited once,
  // so that some are deltas on others.
  std::mt19937 random(17);
  auto noise = [&](std::size_t n) {
    std::string out(n, '\0');
    for (char& c : out) c = static_cast<char>(random() & 0xff);
    return out;
  };
  std::vector<std::map<std::string, std::string>> commits(2);
  const std::size_t sizes[] = {1, 63, 64, 65, 1000, 4000, 4095, 4096, 4097, 8200, 70000, (1u << 20) + 5, 3u << 20};
  for (std::size_t size : sizes) {
    const std::string path = "f" + std::to_string(size);
    commits[0][path] = noise(size);
    std::string edited = commits[0][path];
    edited.insert(edited.size() / 2, "an edit in the middle");
    commits[1][path] = edited;
  }
  packed_repo repo(commits);
  REQUIRE(repo.blobs.size() == 2 * std::size(sizes));
  check_every_blob(repo);
}

TEST_CASE("a blob plan looked up on several threads is the plan made on one") {
  packed_repo repo(deep_edits());
  // The history's blobs among 40,000 ids no pack holds, so that each of
  // several threads gets a share to look up (the plan splits past 16,384).
  std::mt19937 random(29);
  std::vector<std::string> wanted;
  std::vector<std::size_t> absent;
  auto blob = repo.blobs.begin();
  for (std::size_t w = 0; absent.size() < 40000 || blob != repo.blobs.end(); ++w) {
    if (blob != repo.blobs.end() && (w % 100 == 0 || absent.size() == 40000)) {
      wanted.push_back(raw_id((blob++)->first));
      continue;
    }
    std::string id(20, '\0');
    for (char& c : id) c = static_cast<char>(random() & 0xff);
    wanted.push_back(id);
    absent.push_back(w);
  }
  const auto packs = nhi::detail::open_pack_files(repo.dir + "/.git");
  auto id_of = [&](std::size_t w) { return reinterpret_cast<const unsigned char*>(wanted[w].data()); };
  nhi::detail::pack_blob_reader one(packs), several(packs);
  CHECK(one.plan(wanted.size(), id_of, 1 << 20, 1) == absent);
  CHECK(several.plan(wanted.size(), id_of, 1 << 20, 4) == absent);
  CHECK(several.task_count() == one.task_count());
  std::vector<std::size_t> failed;
  const std::map<std::size_t, std::string> read = read_all(several, failed);
  CHECK(failed.empty());
  CHECK(read.size() == repo.blobs.size());
  CHECK(read == read_all(one, failed));
  for (const auto& [w, content] : read) {
    std::string hex;
    for (unsigned char c : wanted[w]) hex += "0123456789abcdef"[c >> 4], hex += "0123456789abcdef"[c & 15];
    CHECK(content == repo.blobs.at(hex));
  }
}

TEST_CASE("pack readers build a delta chain at the depth limit and report the object past it") {
  // One blob whole, then kMaxDeltaChain + 1 deltas, each on the one before.
  constexpr std::size_t limit = nhi::detail::kMaxDeltaChain;
  nhi_test::temp_dir tmp;
  const std::string git_dir = tmp.str() + "/repo.git";
  REQUIRE(nhi_test::run("git init -q --bare '" + git_dir + "'").exit_code == 0);
  auto content = [](std::size_t i) { return "version " + std::to_string(i) + "\n"; };
  hostile::pack_builder pack;
  std::uint64_t at = pack.whole(3, content(0));
  for (std::size_t i = 1; i <= limit + 1; ++i) at = pack.ofs_delta(at, hostile::insert_delta(content(i - 1).size(), content(i)));
  const std::string bytes = pack.finish();
  const std::string name = git_dir + "/objects/pack/pack-" + hostile::hex(bytes.substr(bytes.size() - 20));
  nhi_test::write_file(name + ".pack", bytes);
  REQUIRE(nhi_test::run("git index-pack '" + name + ".pack'").exit_code == 0);
  auto id = [&](std::size_t i) { return hostile::sha1("blob " + std::to_string(content(i).size()) + '\0' + content(i)); };

  const auto packs = nhi::detail::open_pack_files(git_dir);
  CHECK(nhi::detail::refused_packs(*packs).empty());
  nhi::detail::pack_blob_reader blobs(packs);
  const std::vector<std::string> wanted{id(limit + 1), id(limit), id(limit / 2)};
  CHECK(blobs.plan(wanted, 1 << 20).empty());  // nothing for libgit2
  CHECK(blobs.too_deep() == std::vector<std::size_t>{0});
  CHECK(blobs.max_depth() == limit);
  std::vector<std::size_t> failed;
  std::map<std::size_t, std::string> got = read_all(blobs, failed);
  CHECK(failed.empty());
  CHECK(got.size() == 2);
  CHECK(got[1] == content(limit));
  CHECK(got[2] == content(limit / 2));
  // A base is let go once its last child is built: the chain never held more
  // than a delta's base and its result, not its 10,000 objects.
  CHECK(blobs.peak_held() <= 2);

  // One object at a time: the same limit, whatever the cache holds already.
  nhi::detail::pack_object_reader objects(packs);
  std::string out;
  auto read = [&](std::size_t i) {
    const std::string oid = id(i);
    return objects.read(reinterpret_cast<const unsigned char*>(oid.data()), nhi::detail::object_kind::blob, out);
  };
  CHECK(read(limit + 1) == kTooDeep);
  CHECK(read(limit) == kRead);
  CHECK(out == content(limit));
  CHECK(read(limit + 1) == kTooDeep);  // its base is cached now, its depth is still past the limit
}
