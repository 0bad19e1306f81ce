// SPDX-License-Identifier: Apache-2.0
// An open-addressing hash map for small fixed-size keys that never erases:
// the tables of a history walk and of the pack reader's planning, which
// std::unordered_map made allocate a node per insert (docs/performance.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace nhi::detail {

// Open addressing with linear probing; keys have hash() and ==, and are
// cheap to copy. Never erases one key: its users only add, or clear it all.
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
  // Forgets every key and lets the table's memory go.
  void clear() noexcept {
    std::vector<slot>().swap(slots_);
    mask_ = size_ = 0;
  }

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

// A 64-bit key (e.g. a pack number and offset), mixed for flat_map.
struct u64_key {
  std::uint64_t value;

  friend bool operator==(const u64_key& a, const u64_key& b) noexcept { return a.value == b.value; }
  std::uint64_t hash() const noexcept {
    std::uint64_t h = value * 0x9E3779B97F4A7C15ull;
    return h ^ (h >> 32);
  }
};

}  // namespace nhi::detail
