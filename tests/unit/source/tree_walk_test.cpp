// SPDX-License-Identifier: Apache-2.0
// parse_tree_against parses only what a new version of a directory changed
// and takes the rest from its last version: it must give exactly what
// parse_tree gives (the same entries, or the same refusal of a malformed
// tree), and every entry it leaves out of `fresh` must be one of the last
// version's, byte for byte. Random trees, changed in the ways histories
// change them, and in ways only a damaged or crafted tree does.
#include "source/tree_walk.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

using namespace nhi::detail;

namespace {

struct rng {
  std::uint64_t s;
  std::uint32_t operator()(std::uint32_t n) {
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<std::uint32_t>(s >> 33) % n;
  }
};

// name -> (mode, 20-byte id); std::map keeps names sorted (git's order for
// files; the order does not matter to parsing).
using tree = std::map<std::string, std::pair<std::string, std::string>>;

std::string raw(const tree& t) {
  std::string out;
  for (const auto& [name, e] : t) out += e.first + " " + name + std::string(1, '\0') + e.second;
  return out;
}

std::string random_id(rng& r) {
  std::string id(20, '\0');
  // Spaces and NULs in ids as well: they are what a parser could trip on.
  for (char& c : id) c = static_cast<char>(r(4) == 0 ? (r(2) ? ' ' : '\0') : r(256));
  return id;
}

std::string random_name(rng& r) {
  static const char letters[] = "abcdefgh.-_ 0123";
  std::string name;
  for (std::uint32_t k = 0, n = 1 + r(12); k < n; ++k) name += letters[r(sizeof letters - 1)];
  return name;
}

const char* const kModes[] = {"100644", "100755", "40000", "120000", "160000"};

// Entry k's bytes: from the end of the one before to the end of its id.
std::string record(const std::string& data, const std::vector<tree_entry>& entries, std::size_t k) {
  const std::size_t from = k == 0 ? 0 : entries[k - 1].id_at + 20;
  return data.substr(from, entries[k].id_at + 20 - from);
}

// Checks parse_tree_against(last, now) against parse_tree(now).
void check(const std::string& before, const std::string& now) {
  last_versions last;
  std::string kept = before;
  std::vector<tree_entry> kept_entries;
  if (!parse_tree(kept, kept_entries)) return;  // a last version was parsed
  last.keep(1, kept, kept_entries);
  const last_versions::version& v = *last.find(1);

  std::vector<tree_entry> want, got;
  std::vector<std::uint32_t> fresh;
  const bool want_ok = parse_tree(now, want);
  const bool got_ok = parse_tree_against(&v, now, got, fresh);
  REQUIRE(got_ok == want_ok);
  if (!want_ok) return;
  REQUIRE(got.size() == want.size());
  for (std::size_t k = 0; k < want.size(); ++k) {
    CHECK(got[k].mode == want[k].mode);
    CHECK(got[k].name_at == want[k].name_at);
    CHECK(got[k].name_size == want[k].name_size);
    CHECK(got[k].id_at == want[k].id_at);
  }
  std::set<std::string> old_records;
  for (std::size_t k = 0; k < v.entries.size(); ++k) old_records.insert(record(v.data, v.entries, k));
  std::size_t f = 0;
  for (std::size_t k = 0; k < got.size(); ++k) {
    if (f < fresh.size() && fresh[f] == k) {
      ++f;
      continue;
    }
    CHECK(old_records.count(record(now, got, k)) == 1);  // left out: the last version's
  }
  CHECK(f == fresh.size());  // fresh: increasing indices of `got`
}

}  // namespace

TEST_CASE("parse_tree_against gives parse_tree's entries and leaves out of fresh only the last version's") {
  rng r{42};
  for (int round = 0; round < 3000; ++round) {
    tree t;
    for (std::uint32_t k = 0, n = r(40); k < n; ++k) t[random_name(r)] = {kModes[r(5)], random_id(r)};
    tree next = t;
    for (std::uint32_t c = 0, changes = r(4); c < changes; ++c) {
      auto at = next.begin();
      if (!next.empty()) std::advance(at, r(static_cast<std::uint32_t>(next.size())));
      switch (r(5)) {
        case 0:  // a file's new content
          if (at != next.end()) at->second.second = random_id(r);
          break;
        case 1:  // a mode change
          if (at != next.end()) at->second.first = kModes[r(5)];
          break;
        case 2:  // deleted
          if (at != next.end()) next.erase(at);
          break;
        case 3:  // renamed
          if (at != next.end()) {
            auto e = at->second;
            next.erase(at);
            next[random_name(r)] = e;
          }
          break;
        default:  // added
          next[random_name(r)] = {kModes[r(5)], random_id(r)};
      }
    }
    const std::string before = raw(t), now = raw(next);
    CAPTURE(round);
    check(before, now);
    // Damaged versions: cut short, a byte changed (a mode digit, a NUL or a
    // space among them), two bytes swapped.
    if (!now.empty()) {
      check(before, now.substr(0, r(static_cast<std::uint32_t>(now.size()))));
      std::string flipped = now;
      flipped[r(static_cast<std::uint32_t>(now.size()))] = "\0 8x"[r(4)];
      check(before, flipped);
      std::string swapped = now;
      std::swap(swapped[r(static_cast<std::uint32_t>(now.size()))], swapped[r(static_cast<std::uint32_t>(now.size()))]);
      check(before, swapped);
    }
  }
}

TEST_CASE("parse_tree_against: the same version, an empty one, and one of nothing alike") {
  rng r{7};
  tree t;
  for (int k = 0; k < 30; ++k) t[random_name(r)] = {kModes[r(5)], random_id(r)};
  const std::string data = raw(t);
  check(data, data);
  check(data, "");
  check("", data);
  tree other;
  for (int k = 0; k < 30; ++k) other[random_name(r) + "z"] = {kModes[r(5)], random_id(r)};
  check(data, raw(other));

  // First seen: every entry is fresh. Unchanged: none. One id changed in
  // the middle, or one entry added: that one.
  std::vector<tree_entry> out;
  std::vector<std::uint32_t> fresh;
  REQUIRE(parse_tree_against(nullptr, data, out, fresh));
  CHECK(fresh.size() == t.size());
  last_versions last;
  std::string kept = data;
  std::vector<tree_entry> kept_entries;
  REQUIRE(parse_tree(kept, kept_entries));
  last.keep(1, kept, kept_entries);
  REQUIRE(parse_tree_against(last.find(1), data, out, fresh));
  CHECK(out.size() == t.size());
  CHECK(fresh.empty());
  tree changed = t;
  auto mid = changed.begin();
  std::advance(mid, 15);
  mid->second.second = std::string(20, 'Z');
  REQUIRE(parse_tree_against(last.find(1), raw(changed), out, fresh));
  CHECK(fresh == std::vector<std::uint32_t>{15});
  tree added = t;
  added[std::next(t.begin(), 20)->first + "0"] = {"100644", std::string(20, 'Y')};  // sorts right after entry 20
  REQUIRE(parse_tree_against(last.find(1), raw(added), out, fresh));
  CHECK(fresh == std::vector<std::uint32_t>{21});
}
