// SPDX-License-Identifier: Apache-2.0
// Reads many blobs straight out of a repository's pack files, the way
// `git index-pack` resolves deltas: every needed pack entry is inflated once,
// each delta applied once to its base held in memory, in pack order.
//
// libgit2's git_odb_read resolves each object's delta chain on its own and
// caches few bases, so reading every blob of a history through it costs several
// times what `git cat-file --batch-all-objects --unordered` does
// (docs/performance.md). This reader is only an accelerator: whatever it cannot
// serve (loose objects, alternates, a base in another pack, an unknown index
// version, a corrupt entry) is handed back for the caller to read via libgit2.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace nhi::detail {

// Total size of the pack files under `git_dir`/objects/pack.
std::uint64_t pack_bytes(const std::string& git_dir);

// The usable packs of a repository (version 2 SHA-1 indexes loaded, packs
// mapped), opened once per scan and shared, read-only, by the readers below
// on every thread.
struct pack_files;

// Opens the packs under `git_dir`/objects/pack (the common directory, which
// linked worktrees share). Never fails: with no usable pack, readers serve nothing.
std::shared_ptr<const pack_files> open_pack_files(const std::string& git_dir);

// Object types as pack files number them.
enum class object_kind { commit = 1, tree = 2, blob = 3, tag = 4 };

class pack_blob_reader {
 public:
  // What to do with one wanted blob: `data` is its content. Called from the
  // thread that runs the task.
  using on_blob_fn = std::function<void(std::size_t want, std::string_view data)>;
  // The blob is larger than the limit given to plan(): its content is not inflated.
  using on_too_large_fn = std::function<void(std::size_t want, std::uint64_t size)>;

  // With no usable pack, plan() hands everything back.
  explicit pack_blob_reader(std::shared_ptr<const pack_files> files);
  ~pack_blob_reader();
  pack_blob_reader(const pack_blob_reader&) = delete;
  pack_blob_reader& operator=(const pack_blob_reader&) = delete;

  // Plans reading the blobs `wanted` (raw 20-byte ids), which may be partly
  // served. Returns the indices into `wanted` that the reader will not serve.
  std::vector<std::size_t> plan(const std::vector<std::string>& wanted, std::uint64_t max_size);

  // Independent units of work (delta trees), in pack order; any thread may run any task.
  std::size_t task_count() const noexcept;
  // Runs task `t`. Wanted blobs it could not produce (a corrupt entry) are
  // appended to `failed`, for the caller to read another way.
  void run(std::size_t t, const on_blob_fn& on_blob, const on_too_large_fn& on_too_large,
           std::vector<std::size_t>& failed) const;

  // The deepest delta chain planned: with one task per worker, memory holds
  // at most (depth + 1) objects per worker.
  std::size_t max_depth() const noexcept;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

// Random access to single objects in the packs; the history walk reads its
// trees through it. Each object's delta chain is resolved from the nearest
// base this reader still holds: the objects it built recently are kept, up
// to `cache_bytes`, since the walk reads consecutive versions of a directory,
// which share their chain. No SHA-1 verification, as with git cat-file. Not
// thread-safe: one per thread.
class pack_object_reader {
 public:
  explicit pack_object_reader(std::shared_ptr<const pack_files> files, std::size_t cache_bytes = 16u << 20);
  ~pack_object_reader();
  pack_object_reader(const pack_object_reader&) = delete;
  pack_object_reader& operator=(const pack_object_reader&) = delete;

  // The content of object `oid` (20 raw bytes) into `out`, if it is in a
  // pack, readable and of kind `want`; false otherwise (then ask libgit2).
  bool read(const unsigned char* oid, object_kind want, std::string& out);

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace nhi::detail
