// SPDX-License-Identifier: Apache-2.0
// read_commit_links parses commits of git's own layout straight from the
// packs and hands the rest to read_commit: either way it must give
// read_commit's tree, parents and time, or the order of the history's commits
// (and so the commit each finding names) would change. The commits are
// written by hand: laid out as git writes them, and in the ways that libgit2
// and the lenient parser read differently.
#include "source/commit_reader.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "source/git_common.hpp"
#include "source/git_handles.hpp"
#include "source/pack_reader.hpp"
#include "test_util.hpp"

using namespace nhi::detail;

namespace {

struct commit_repo {
  nhi_test::temp_dir tmp;
  std::string dir = tmp.str() + "/repo.git";

  // First line of git's output; `args` may redirect its input (a subshell).
  std::string git(const std::string& args) const {
    const auto r = nhi_test::run("(GIT_CONFIG_NOSYSTEM=1 HOME=/nonexistent git -C '" + dir + "' " + args + ")");
    REQUIRE_MESSAGE(r.exit_code == 0, "git " << args << ": " << r.err);
    return r.out.substr(0, r.out.find('\n'));
  }
  // Writes `text` as a commit object, whatever its layout; returns its id.
  std::string commit(const std::string& text) const {
    const std::string file = tmp.str() + "/object";
    nhi_test::write_file(file, text);
    return git("hash-object -t commit --literally -w '" + file + "'");
  }
};

git_oid oid(const std::string& hex) {
  git_oid id;
  REQUIRE(git_oid_fromstrn(&id, hex.c_str(), GIT_OID_HEXSZ) == 0);
  return id;
}

}  // namespace

TEST_CASE("read_commit_links gives read_commit's tree, parents and time, packed or loose, in any layout") {
  commit_repo r;
  REQUIRE(nhi_test::run("git init -q --bare '" + r.dir + "'").exit_code == 0);
  const std::string tree = r.git("mktree < /dev/null");
  const std::string head = "tree " + tree + "\n";
  const std::string plain_a = "author Ada <ada@example.com> 1700000000 +0100\n";
  auto committer = [](const std::string& when) { return "committer Bob <bob@example.com> " + when + "\n"; };

  std::vector<std::string> ids;
  const std::string root = r.commit(head + plain_a + committer("1700000100 +0000") + "\nroot\n");
  const std::string child = r.commit(head + "parent " + root + "\n" + plain_a + committer("1700000200 -0530") + "\nc\n");
  const std::string side = r.commit(head + "parent " + root + "\n" + plain_a + committer("1700000150 +0000") + "\ns\n");
  ids = {root, child, side};
  // A merge, an octopus, a signed commit (headers after the committer) and a
  // tree id in capitals: git's layout.
  ids.push_back(r.commit(head + "parent " + child + "\nparent " + side + "\n" + plain_a + committer("1700000300 +0000") +
                         "\nmerge\n"));
  ids.push_back(r.commit(head + "parent " + root + "\nparent " + child + "\nparent " + side + "\n" + plain_a +
                         committer("1700000400 +0000") + "\noctopus\n"));
  ids.push_back(r.commit(head + "parent " + root + "\n" + plain_a + committer("1700000500 +0000") +
                         "gpgsig -----BEGIN PGP SIGNATURE-----\n committer Eve <e@x> 1 +0000\n -----END PGP SIGNATURE-----\n"
                         "\nsigned\n"));
  std::string upper = tree;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  ids.push_back(r.commit("tree " + upper + "\n" + plain_a + committer("1700000600 +0000") + "\nupper\n"));
  // Where libgit2 (last '<' and '>') and the lenient parser (the first) part,
  // or libgit2 refuses the commit: names with '<' or '>', no e-mail, a date
  // of 0, of 19 digits, without a zone, with a sign only, a parent after the
  // author, two author lines, no committer.
  ids.push_back(r.commit(head + plain_a + "committer Bob <x> <bob@example.com> 1700000700 +0000\n\nlt\n"));
  ids.push_back(r.commit(head + plain_a + "committer Bob <bob@example.com>> 1700000800 +0000\n\ngt\n"));
  ids.push_back(r.commit(head + plain_a + "committer Bob <bob@example.com> 1700000850 +0000 <x>\n\ntail\n"));
  ids.push_back(r.commit(head + "author Ada <b> <ada@example.com> 1700000000 +0100\n" + committer("1700000900 +0000") +
                         "\nauthor lt\n"));
  ids.push_back(r.commit(head + plain_a + "committer Bob 1700001000 +0000\n\nno email\n"));
  ids.push_back(r.commit(head + plain_a + committer("0 +0000") + "\nzero\n"));
  ids.push_back(r.commit(head + plain_a + committer("1234567890123456789 +0000") + "\nlong\n"));
  ids.push_back(r.commit(head + plain_a + committer("99999999999999999999 +0000") + "\noverflow\n"));
  ids.push_back(r.commit(head + plain_a + committer("1700001100") + "\nno zone\n"));
  ids.push_back(r.commit(head + plain_a + committer("1700001200 +") + "\nsign\n"));
  ids.push_back(r.commit(head + plain_a + "parent " + root + "\n" + committer("1700001300 +0000") + "\nlate parent\n"));
  ids.push_back(r.commit(head + plain_a + plain_a + committer("1700001400 +0000") + "\ntwo authors\n"));
  ids.push_back(r.commit(head + "parent " + root + "\n" + plain_a + "\nno committer\n"));
  ids.push_back(r.commit(head + committer("1700001500 +0000") + "\nno author\n"));

  auto compare_all = [&](bool packed) {
    auto repo = open_repository(r.dir);
    REQUIRE(repo.is_ok());
    const auto packs = open_pack_files(r.dir);
    pack_object_reader reader(packs, 0);
    std::string buf, raw;
    for (const std::string& id : ids) {
      CAPTURE(id);
      CAPTURE(packed);
      const git_oid at = oid(id);
      // The object is where the case says: the pack path is exercised.
      CHECK((reader.read(at.id, object_kind::commit, raw) == pack_object_reader::result::read) == packed);
      commit_fields want;
      commit_links got;
      std::string want_error, got_error;
      const bool want_ok = read_commit(repo.value().get(), at, want, want_error);
      const bool got_ok = read_commit_links(repo.value().get(), reader, at, buf, got, got_error);
      REQUIRE(got_ok == want_ok);
      if (!want_ok) continue;
      CHECK(oid_hex(got.tree) == oid_hex(want.tree));
      CHECK(got.time == want.time);
      REQUIRE(got.parents.size() == want.parents.size());
      for (std::size_t k = 0; k < want.parents.size(); ++k) CHECK(oid_hex(got.parents[k]) == oid_hex(want.parents[k]));
    }
    // Not a commit, and missing: both refuse.
    commit_fields f;
    commit_links l;
    std::string e1, e2;
    CHECK_FALSE(read_commit(repo.value().get(), oid(tree), f, e1));
    CHECK_FALSE(read_commit_links(repo.value().get(), reader, oid(tree), buf, l, e2));
    CHECK(e2 == e1);
    const std::string missing(40, '4');
    CHECK_FALSE(read_commit_links(repo.value().get(), reader, oid(missing), buf, l, e2));
  };
  compare_all(false);

  // Every object into one pack, as a history's commits are.
  std::string list;
  for (const std::string& id : ids) list += id + "\n";
  list += tree + "\n";
  nhi_test::write_file(r.tmp.str() + "/list", list);
  r.git("pack-objects -q objects/pack/pack < '" + r.tmp.str() + "/list'");
  r.git("prune-packed");
  compare_all(true);
}
