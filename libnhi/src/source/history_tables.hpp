// SPDX-License-Identifier: Apache-2.0
// Compact tables for the history walk: interned paths and open-addressing
// hash tables over fixed-size keys.
//
// The walk visits every entry of every tree it has not seen at that path:
// tens of millions of entries on a large history. Per entry it used to build
// the path as a new string, allocate a hash node for the blob id and hash a
// string key for each subtree; that was most of the walk's time and the
// history's memory (docs/performance.md). Here a path is a 32-bit id, built
// once per distinct path, and the lookups allocate nothing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/flat_map.hpp"

namespace nhi::detail {

// A 20-byte object id (SHA-1), without libgit2's types.
struct object_id {
  unsigned char bytes[20];

  friend bool operator==(const object_id& a, const object_id& b) noexcept {
    return std::memcmp(a.bytes, b.bytes, sizeof a.bytes) == 0;
  }
  // Object ids are uniformly distributed: their first bytes are a hash already.
  std::uint64_t hash() const noexcept {
    std::uint64_t h;
    std::memcpy(&h, bytes, sizeof h);
    return h;
  }
};

// A tree (or blob) at a path: the unit the walk visits once.
struct object_at_path {
  object_id id;
  std::uint32_t path;

  friend bool operator==(const object_at_path& a, const object_at_path& b) noexcept {
    return a.path == b.path && a.id == b.id;
  }
  std::uint64_t hash() const noexcept { return id.hash() ^ (std::uint64_t{path} * 0x9E3779B97F4A7C15ull); }
};

// Paths of a history, interned: id 0 is the root (""); every other id is a
// (parent id, name) pair, its full path ("dir/sub/file") kept once.
class path_table {
 public:
  static constexpr std::uint32_t kRoot = 0;

  path_table();

  // The id of `name` inside directory `parent`, added if new.
  std::uint32_t child(std::uint32_t parent, std::string_view name);

  const std::string& path(std::uint32_t id) const noexcept { return entries_[id].path; }
  std::uint32_t parent(std::uint32_t id) const noexcept { return entries_[id].parent; }
  std::string_view name(std::uint32_t id) const noexcept {
    return std::string_view(entries_[id].path).substr(entries_[id].name_at);
  }
  std::size_t size() const noexcept { return entries_.size(); }

 private:
  struct entry {
    std::uint32_t parent;
    std::uint32_t name_at;  // where the name starts in `path`
    std::string path;
  };
  std::vector<entry> entries_;
  std::vector<std::uint32_t> slots_;  // entry id + 1, 0 when free
  std::size_t mask_ = 0;
  std::size_t slot_of(std::uint32_t parent, std::string_view name) const noexcept;
  void grow();
};

}  // namespace nhi::detail
