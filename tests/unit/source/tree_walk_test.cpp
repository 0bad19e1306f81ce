// SPDX-License-Identifier: Apache-2.0
// parse_tree_against parses only what a new version of a directory changed
// and takes the rest from its last version: it must give exactly what
// parse_tree gives (the same entries, or the same refusal of a malformed
// tree), and the entries it says are the last version's at either end must
// be that version's, byte for byte. Random trees, changed in the ways
// histories change them, and in ways only a damaged or crafted tree does.
#include "source/tree_walk.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <map>
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
  const bool want_ok = parse_tree(now, want);
  std::size_t head = 99, tail = 99;
  const bool got_ok = parse_tree_against(v, now, got, head, tail);
  REQUIRE(got_ok == want_ok);
  if (!want_ok) return;
  REQUIRE(got.size() == want.size());
  for (std::size_t k = 0; k < want.size(); ++k) {
    CHECK(got[k].mode == want[k].mode);
    CHECK(got[k].name_at == want[k].name_at);
    CHECK(got[k].name_size == want[k].name_size);
    CHECK(got[k].id_at == want[k].id_at);
  }
  REQUIRE(head + tail <= got.size());
  REQUIRE(head <= v.entries.size());
  REQUIRE(tail <= v.entries.size() - head);
  for (std::size_t k = 0; k < head; ++k) CHECK(record(now, got, k) == record(v.data, v.entries, k));
  for (std::size_t j = 1; j <= tail; ++j) {
    const std::size_t n = got.size() - j, o = v.entries.size() - j;
    CHECK(record(now, got, n) == record(v.data, v.entries, o));
    CHECK(now.size() - got[n].name_at == v.data.size() - v.entries[o].name_at);  // as far from the end
  }
}

}  // namespace

TEST_CASE("parse_tree_against gives parse_tree's entries and marks only the last version's at either end") {
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

  // Unchanged: every entry is the last version's (head and tail together).
  last_versions last;
  std::string kept = data;
  std::vector<tree_entry> kept_entries, out;
  REQUIRE(parse_tree(kept, kept_entries));
  last.keep(1, kept, kept_entries);
  std::size_t head = 0, tail = 0;
  REQUIRE(parse_tree_against(*last.find(1), data, out, head, tail));
  CHECK(head + tail == out.size());
  CHECK(out.size() == t.size());
  // One id changed in the middle: all but that entry.
  tree changed = t;
  auto mid = changed.begin();
  std::advance(mid, 15);
  mid->second.second = std::string(20, 'Z');
  REQUIRE(parse_tree_against(*last.find(1), raw(changed), out, head, tail));
  CHECK(head + tail == out.size() - 1);
  CHECK(head == 15);
}
