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

// Open addressing with linear probing; keys have hash() and ==. Never shrinks,
// never erases: the walk only adds.
template <class Key, class Value>
class flat_map {
 public:
  // The value of `key`, or null.
  const Value* find(const Key& key) const noexcept {
    if (slots_.empty()) return nullptr;
    for (std::size_t i = key.hash() & mask_;; i = (i + 1) & mask_) {
      const slot& s = slots_[i];
      if (!s.used) return nullptr;
      if (s.key == key) return &s.value;
    }
  }
  // Adds key -> value unless `key` is present; returns its value and whether it was added.
  std::pair<Value*, bool> emplace(const Key& key, const Value& value) {
    if ((size_ + 1) * 4 > slots_.size() * 3) grow();  // load factor at most 3/4
    for (std::size_t i = key.hash() & mask_;; i = (i + 1) & mask_) {
      slot& s = slots_[i];
      if (!s.used) {
        s = slot{key, value, true};
        ++size_;
        return {&s.value, true};
      }
      if (s.key == key) return {&s.value, false};
    }
  }
  std::size_t size() const noexcept { return size_; }

 private:
  struct slot {
    Key key;
    Value value;
    bool used;
  };
  void grow() {
    std::vector<slot> old(slots_.empty() ? 64 : slots_.size() * 2, slot{Key{}, Value{}, false});
    old.swap(slots_);
    mask_ = slots_.size() - 1;
    size_ = 0;
    for (const slot& s : old)
      if (s.used) emplace(s.key, s.value);
  }

  std::vector<slot> slots_;
  std::size_t mask_ = 0, size_ = 0;
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
