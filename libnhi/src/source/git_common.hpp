// SPDX-License-Identifier: Apache-2.0
// What the git sources share (git_history.cpp, git_staged.cpp): object ids,
// reading blobs through libgit2, the damaged-pack guard, and delivering the
// sorted findings and diagnostics to the sink.
#pragma once

#include <git2.h>

#include <chrono>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "nhi/git.hpp"
#include "source/git_handles.hpp"
#include "source/history_tables.hpp"
#include "source/pack_reader.hpp"

namespace nhi::detail {

struct oid_hash {
  std::size_t operator()(const git_oid& o) const noexcept {
    std::size_t h;
    std::memcpy(&h, o.id, sizeof h);
    return h;
  }
};
struct oid_equal {
  bool operator()(const git_oid& a, const git_oid& b) const noexcept { return git_oid_equal(&a, &b) != 0; }
};

inline object_id object_id_of(const git_oid& oid) {
  object_id id;
  static_assert(sizeof id.bytes == GIT_OID_RAWSZ, "SHA-1 ids");
  std::memcpy(id.bytes, oid.id, sizeof id.bytes);
  return id;
}

// ISO 8601 in UTC, e.g. "2024-03-01T12:00:00Z".
std::string iso8601(git_time_t t);

// When nhi's pack reader refused a pack as damaged (pack_reader.hpp), libgit2
// must not read it either: it crashed (SIGSEGV, SIGBUS) on an index offset
// past the pack's end. Such a repository gets an object database built as
// libgit2 builds its own (loose objects, every other pack, the alternates)
// less the refused packs, whose objects are then missing: reported, not read.
// A repository with no refused pack keeps libgit2's own database.
status keep_off_refused_packs(git_repository* repo, const pack_files& packs);

// True when `path` matches one of the --exclude globs.
bool excluded(const scan_options& o, const std::string& path);

// Why an object deep in a delta chain is not read (pack_reader.hpp).
std::string too_deep_text();

// HEAD's tree, or null (unborn HEAD, unreadable commit).
tree_ptr head_tree(git_repository* repo);

// The commit `rev` names (a ref, an id, `HEAD~2`...).
status resolve_commit(git_repository* repo, const std::string& rev, git_oid& out);

diagnostic too_large_diagnostic(const git_oid& oid, const std::string& path, std::uint64_t size);

// A partial clone (`git clone --filter=...`): blobs it never fetched are absent by design.
bool is_partial_clone(git_repository* repo);

// Reads blob `oid`; false (with a diagnostic) when it is missing, too large or
// unreadable. In a partial clone (`lazy_clone`) a blob the clone never fetched
// is history it does not hold, not damage.
bool read_blob(git_odb* odb, const git_oid& oid, const std::string& path, const scan_options& o, object_ptr& out,
               std::vector<diagnostic>& diags, bool lazy_clone = false);

std::uint64_t elapsed_ms(std::chrono::steady_clock::time_point since);

// Hands the free pages of the heap back to the system (glibc keeps freed
// memory mapped, and a history walk frees hundreds of megabytes in small
// pieces between long-lived ones); a no-op elsewhere.
void release_free_memory();

// Sends sorted findings and diagnostics to the sink, honouring a stop.
void deliver(std::vector<finding>& found, std::vector<diagnostic>& diags, scan_stats& stats, finding_sink& sink,
             const scan_options& options);

}  // namespace nhi::detail
