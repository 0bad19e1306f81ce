// SPDX-License-Identifier: Apache-2.0
#include "source/commit_prefetch.hpp"

#include <utility>

namespace nhi::detail {

commit_prefetch::commit_prefetch(std::shared_ptr<const pack_files> packs) : packs_(std::move(packs)) {
  std::size_t objects = 0;
  for (std::uint32_t pk = 0; pk < pack_count(*packs_); ++pk) {
    const std::size_t n = pack_object_count(*packs_, pk);
    slots_.emplace_back(new std::atomic<std::uint32_t>[n]);
    for (std::size_t k = 0; k < n; ++k) slots_.back()[k].store(0, std::memory_order_relaxed);
    objects += n;
  }
  chunks_.resize(objects / kChunk + 1);
  thread_ = std::thread([this] { run(); });
}

commit_prefetch::~commit_prefetch() {
  stop_.store(true, std::memory_order_relaxed);
  if (thread_.joinable()) thread_.join();
}

void commit_prefetch::run() {
  std::uint32_t next = 0;  // entries written
  commit_links links;
  for_each_whole_object(*packs_, object_kind::commit, kGiveUpAfter,
                        [&](std::uint32_t pack, std::uint32_t position, std::string_view content) {
                          if (stop_.load(std::memory_order_relaxed)) return false;
                          if (!parse_commit_links(content, links)) return true;  // the lister reads it its way
                          std::unique_ptr<entry[]>& chunk = chunks_[next / kChunk];
                          if (!chunk) chunk.reset(new entry[kChunk]);
                          entry& e = chunk[next % kChunk];
                          e.tree = links.tree;
                          e.time = links.time;
                          e.parents = links.parents;
                          slots_[pack][position].store(next + 1, std::memory_order_release);
                          ++next;
                          return true;
                        });
}

bool commit_prefetch::take(std::uint32_t pack, std::uint32_t position, commit_links& out) const {
  if (pack >= slots_.size() || position >= pack_object_count(*packs_, pack)) return false;
  const std::uint32_t slot = slots_[pack][position].load(std::memory_order_acquire);
  if (slot == 0) return false;
  const entry& e = chunks_[(slot - 1) / kChunk][(slot - 1) % kChunk];
  out.tree = e.tree;
  out.time = e.time;
  out.parents = e.parents;
  return true;
}

}  // namespace nhi::detail
