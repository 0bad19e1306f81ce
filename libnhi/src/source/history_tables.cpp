// SPDX-License-Identifier: Apache-2.0
#include "source/history_tables.hpp"

namespace nhi::detail {
namespace {

// FNV-1a over the name, seeded with the parent: names are short.
std::uint64_t path_hash(std::uint32_t parent, std::string_view name) noexcept {
  std::uint64_t h = 0xcbf29ce484222325ull ^ (std::uint64_t{parent} * 0x9E3779B97F4A7C15ull);
  for (unsigned char c : name) h = (h ^ c) * 0x100000001b3ull;
  return h ^ (h >> 29);
}

}  // namespace

path_table::path_table() {
  entries_.push_back({kRoot, 0, std::string()});
  slots_.assign(1024, 0);
  mask_ = slots_.size() - 1;
}

// The slot holding (parent, name), or the free slot where it belongs.
std::size_t path_table::slot_of(std::uint32_t parent, std::string_view name) const noexcept {
  for (std::size_t i = path_hash(parent, name) & mask_;; i = (i + 1) & mask_) {
    const std::uint32_t at = slots_[i];
    if (at == 0) return i;
    const entry& e = entries_[at - 1];
    if (e.parent == parent && std::string_view(e.path).substr(e.name_at) == name) return i;
  }
}

std::uint32_t path_table::child(std::uint32_t parent, std::string_view name) {
  std::size_t i = slot_of(parent, name);
  if (slots_[i] != 0) return slots_[i] - 1;
  if ((entries_.size() + 1) * 4 > slots_.size() * 3) {
    grow();
    i = slot_of(parent, name);
  }
  const auto id = static_cast<std::uint32_t>(entries_.size());
  const std::string& dir = entries_[parent].path;
  entry e{parent, 0, std::string()};
  e.path.reserve(dir.size() + 1 + name.size());
  e.path = dir;
  if (parent != kRoot) e.path += '/';
  e.name_at = static_cast<std::uint32_t>(e.path.size());
  e.path.append(name);
  entries_.push_back(std::move(e));
  slots_[i] = id + 1;
  return id;
}

void path_table::grow() {
  slots_.assign(slots_.size() * 2, 0);
  mask_ = slots_.size() - 1;
  // Entry 0 (the root) is never looked up by name.
  for (std::uint32_t id = 1; id < entries_.size(); ++id)
    slots_[slot_of(entries_[id].parent, std::string_view(entries_[id].path).substr(entries_[id].name_at))] = id + 1;
}

}  // namespace nhi::detail
