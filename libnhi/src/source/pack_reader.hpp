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
// Two things are not handed back (issue 20, items 4 and 9): a pack whose index
// it refuses as damaged, which libgit2 must not read either (refused_packs()),
// and an object deeper than kMaxDeltaChain in its pack's delta chains.
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
// open), opened once per scan and shared, read-only, by the readers below
// on every thread.
struct pack_files;

// Opens the packs under `git_dir`/objects/pack (the common directory, which
// linked worktrees share). Never fails: with no usable pack, readers serve
// nothing. Blobs are read with pread(2), not mapped (pack_reader.cpp says
// why); commits and trees through mappings whose pages are let go as they go.
std::shared_ptr<const pack_files> open_pack_files(const std::string& git_dir);

// A pack refused as damaged: a version 2 index that is truncated, whose
// fan-out table is not monotonic or whose offsets point outside the pack, or
// a pack that does not match its index. libgit2 crashed (SIGSEGV, SIGBUS) on
// such packs, so callers must keep it away from them: the objects they hold
// are reported as not read. An index nhi merely does not read (version 1, an
// unknown version) is not refused: libgit2 reads that pack.
struct refused_pack {
  std::string pack;    // path of the .pack file
  std::string reason;  // e.g. "an object offset points past the end of the pack"
};
const std::vector<refused_pack>& refused_packs(const pack_files& files);

// Every index under objects/pack except the refused ones: the packs libgit2 may read.
const std::vector<std::string>& indexes_not_refused(const pack_files& files);

// Delta chains deeper than this (within one pack) are not resolved: git's
// pack-objects writes at most 4095, so only a crafted pack holds one, and
// resolving a chain costs its depth times the object's size.
constexpr std::size_t kMaxDeltaChain = 10000;

// Object types as pack files number them.
enum class object_kind { commit = 1, tree = 2, blob = 3, tag = 4 };

// Where object `oid` (20 raw bytes) is: its pack, and its position in that
// pack's index (id order); false when no pack holds it.
bool locate_object(const pack_files& files, const unsigned char* oid, std::uint32_t& pack, std::uint32_t& position);
// How many packs there are, and how many objects pack `pack` holds.
std::size_t pack_count(const pack_files& files);
std::size_t pack_object_count(const pack_files& files, std::uint32_t pack);

// Calls on_object(pack, position, content) for each object of `kind` stored
// whole (not as a delta), in file order, pack by pack, while it returns true;
// `content` is valid during the call. git writes a pack's commits before its
// trees and blobs: once one object of the kind was met, a pack is left after
// `give_up_after` entries in a row of other kinds. A damaged entry ends its
// pack (a reader of single objects reports it, if anyone asks for it).
using whole_object_fn = std::function<bool(std::uint32_t pack, std::uint32_t position, std::string_view content)>;
void for_each_whole_object(const pack_files& files, object_kind kind, std::size_t give_up_after,
                           const whole_object_fn& on_object);

struct prefilter_record;  // match/matcher.hpp

// How a blob handed out by pack_blob_reader was built. A blob rebuilt from a
// delta has `changed`, the spans of it the delta did not copy from its base as
// the base holds them (its inserted bytes, and an empty span wherever a copy
// does not continue the one before it, at its start and at its end), and
// `base`, what the scan of its base (handed out before it, in the same task)
// recorded; for an object stored whole both are null. `record` is where the
// scan of this blob records, for its own deltas (prefilter_record: the caller
// leaves it incomplete unless it fills it).
struct blob_lineage {
  const std::vector<std::pair<std::size_t, std::size_t>>* changed = nullptr;
  const prefilter_record* base = nullptr;
  prefilter_record* record = nullptr;
};

class pack_blob_reader {
 public:
  // What to do with one wanted blob: `data` is its content. Called from the
  // thread that runs the task.
  using on_blob_fn = std::function<void(std::size_t want, std::string_view data, const blob_lineage& lineage)>;
  // The blob is larger than the limit given to plan(): its content is not inflated.
  using on_too_large_fn = std::function<void(std::size_t want, std::uint64_t size)>;

  // With no usable pack, plan() hands everything back.
  explicit pack_blob_reader(std::shared_ptr<const pack_files> files);
  ~pack_blob_reader();
  pack_blob_reader(const pack_blob_reader&) = delete;
  pack_blob_reader& operator=(const pack_blob_reader&) = delete;

  // Plans reading the blobs `wanted` (raw 20-byte ids), which may be partly
  // served. Returns the indices into `wanted` that the reader will not serve
  // and that libgit2 may read; too_deep() lists those nobody should read.
  std::vector<std::size_t> plan(const std::vector<std::string>& wanted, std::uint64_t max_size);
  // The same for `count` blobs whose ids id_of(i) gives (20 raw bytes, or
  // null for one not wanted), so that a caller's table of ids is not copied.
  // The ids are looked up in the indexes on up to `threads` threads (id_of is
  // then called from them); the plan is the same on any number.
  using id_of_fn = std::function<const unsigned char*(std::size_t)>;
  std::vector<std::size_t> plan(std::size_t count, const id_of_fn& id_of, std::uint64_t max_size,
                                unsigned threads = 1);

  // Indices into the last plan's `wanted` whose delta chain is deeper than
  // kMaxDeltaChain: neither served nor for libgit2 (it has no limit), to be reported.
  const std::vector<std::size_t>& too_deep() const noexcept;

  // Independent units of work (delta trees), in pack order; any thread may run any task.
  std::size_t task_count() const noexcept;
  // Runs task `t`. Wanted blobs it could not produce (a corrupt entry) are
  // appended to `failed`, for the caller to read another way.
  void run(std::size_t t, const on_blob_fn& on_blob, const on_too_large_fn& on_too_large,
           std::vector<std::size_t>& failed) const;

  // The deepest delta chain planned. A task holds the objects on the path
  // from its root to the current one, less those whose last child is being
  // built, children taken smallest subtree first: a chain holds two objects,
  // a tree of n deltas at most log2(n) + 2, never more than depth + 1.
  std::size_t max_depth() const noexcept;

  // The most objects one task has held at once, over every run() so far.
  std::size_t peak_held() const noexcept;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

// Random access to single objects in the packs; the history walk reads its
// trees through it. Each object's delta chain is resolved from the nearest
// base this reader still holds: the objects it built recently are kept, up
// to `cache_bytes` (0: none), since the walk reads consecutive versions of a
// directory, which share their chain. No SHA-1 verification, as with git
// cat-file. Not thread-safe: one per thread.
class pack_object_reader {
 public:
  // How the pack bytes are read: `copied` with pread(2) into a buffer of the
  // reader's (adds nothing to the resident set); `mapped` through a mapping
  // of each pack, for a reader of many small objects in no order (commits,
  // trees), whose pages are let go every few thousand reads and with the reader.
  enum class reads { copied, mapped };
  explicit pack_object_reader(std::shared_ptr<const pack_files> files, std::size_t cache_bytes = 16u << 20,
                              reads how = reads::copied);
  ~pack_object_reader();
  pack_object_reader(const pack_object_reader&) = delete;
  pack_object_reader& operator=(const pack_object_reader&) = delete;

  enum class result {
    read,      // `out` holds the object
    not_here,  // not in a pack, of another kind, or unreadable here: ask libgit2
    too_deep,  // deeper than kMaxDeltaChain in its pack: report it, do not ask libgit2
  };
  // The content of object `oid` (20 raw bytes) into `out`, if it is in a
  // pack, readable and of kind `want`.
  result read(const unsigned char* oid, object_kind want, std::string& out);
  // The same for the object at `position` of pack `pack`'s index
  // (locate_object): no lookup of its id.
  result read_at(std::uint32_t pack, std::uint32_t position, object_kind want, std::string& out);

  // The kind of object `oid` from its entry headers alone (a delta's is its
  // chain's base's), with nothing inflated: what a ref points to is known
  // before anything of it is read. not_here when no pack holds it, a header
  // cannot be read or the chain is past kMaxDeltaChain (libgit2 decides).
  result kind_of(const unsigned char* oid, object_kind& out);

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace nhi::detail
