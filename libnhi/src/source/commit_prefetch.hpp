// SPDX-License-Identifier: Apache-2.0
// The commits of a history's packs, read ahead on a thread of their own for
// the commit lister (commit_lister.hpp). The lister walks newest first and
// reads each commit where the pack holds it, one at a time; git writes a
// pack's commits before its trees and blobs, in about the walk's order, so
// one pass over that part of the file, inflating and parsing each commit,
// runs ahead of the walk on the other core and leaves it the lookups.
#pragma once

#include <git2.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

#include "source/commit_reader.hpp"
#include "source/pack_reader.hpp"

namespace nhi::detail {

class commit_prefetch {
 public:
  // Starts reading at once.
  explicit commit_prefetch(std::shared_ptr<const pack_files> packs);
  // Stops the reading where it is and waits for the thread.
  ~commit_prefetch();
  commit_prefetch(const commit_prefetch&) = delete;
  commit_prefetch& operator=(const commit_prefetch&) = delete;

  // The links of the commit at `position` of pack `pack`'s index into `out`,
  // when the thread has read it already; false otherwise (not yet, not a
  // commit stored whole, or laid out in a way only read_commit reads).
  bool take(std::uint32_t pack, std::uint32_t position, commit_links& out) const;

  // A pack is left after this many entries in a row of other kinds once a
  // commit was met (its trees and blobs follow its commits).
  static constexpr std::size_t kGiveUpAfter = 4096;

 private:
  struct entry {
    git_oid tree{};
    std::int64_t time = 0;
    std::vector<git_oid> parents;
  };
  static constexpr std::size_t kChunk = 4096;
  void run();

  std::shared_ptr<const pack_files> packs_;
  // Per pack, per index position: 0, or 1 + the number of its entry. Stored
  // by the thread with release once the entry is written.
  std::vector<std::unique_ptr<std::atomic<std::uint32_t>[]>> slots_;
  // The entries, kChunk to a chunk; the vector is sized before the thread
  // starts and never grows, the thread allocates each chunk before using it.
  std::vector<std::unique_ptr<entry[]>> chunks_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace nhi::detail
