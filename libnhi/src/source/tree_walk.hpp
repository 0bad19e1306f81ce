// SPDX-License-Identifier: Apache-2.0
// Reading and walking the trees of a history: raw trees straight from the
// packs (libgit2 for the rest), parsed in place, walked depth first with
// interned paths, each (tree, path) once.
#pragma once

#include <git2.h>

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "nhi/git.hpp"
#include "source/git_common.hpp"
#include "source/git_handles.hpp"
#include "source/history_tables.hpp"
#include "source/pack_reader.hpp"

namespace nhi::detail {

using seen_trees_set = flat_map<object_at_path, bool>;  // a tree is walked once per path

// A hostile repository can nest trees tens of thousands deep in a few
// kilobytes: the walk keeps its own stack (a recursive walk overflowed the
// thread's stack: a 40000-level tree in a release build, a few thousand
// under ASan). git itself refuses trees deeper than core.maxTreeDepth (4096);
// the path bound keeps the prefixes the levels hold (quadratic in depth) small.
constexpr std::size_t kMaxTreeDepth = 4096;
constexpr std::size_t kMaxTreePath = 16384;

// Where the walk reads trees: straight from the packs when it can (delta
// bases kept, no SHA-1 check, as for blobs: docs/performance.md), else
// through libgit2 (loose objects, alternates, whatever the pack reader refuses).
class tree_reader {
 public:
  tree_reader(git_repository* repo, std::shared_ptr<const pack_files> packs)
      : repo_(repo), packs_(std::move(packs), 16u << 20, pack_object_reader::reads::mapped) {}

  // The raw content of tree `oid`; false, with `error`, when it cannot be read.
  bool read(const git_oid& oid, std::string& out, std::string& error);

 private:
  git_repository* repo_;
  pack_object_reader packs_;
  odb_ptr odb_;
};

// One entry of a raw tree: "<octal mode> <name>\0<20-byte id>", as offsets.
struct tree_entry {
  std::uint32_t mode, name_at, name_size, id_at;
};


// Splits raw tree content into entries; false when it is malformed (then
// nothing of it is walked, as libgit2 refuses the whole tree).
bool parse_tree(const std::string& data, std::vector<tree_entry>& out);

// The version of each directory a walk last read, by path id. An entry of a
// new version that is byte for byte one of the last version's (mode, name,
// id) was handled when that version was walked: its blob recorded at that
// path, its subtree seen there. So the walk skips it before interning its
// path or looking anything up. Most of a commit's tree is its parent's:
// git/git's root alone holds about 500 entries, and interning and looking up
// every entry of every changed tree was a quarter of a history scan's CPU
// time (docs/performance.md).
class last_versions {
 public:
  struct version {
    std::string data;
    std::vector<tree_entry> entries;
  };
  const version* find(std::uint32_t dir) const noexcept {
    return dir < by_dir_.size() ? by_dir_[dir].get() : nullptr;
  }
  // Makes (data, entries) dir's last version, within a bound on the bytes
  // kept; what it replaces is swapped into the arguments.
  void keep(std::uint32_t dir, std::string& data, std::vector<tree_entry>& entries);

 private:
  // What they hold in memory: their capacity, which the readers that fill
  // them (the tree cache's scratch, parse_tree_against's reserve) may leave
  // above their size.
  static std::size_t cost(const std::string& data, const std::vector<tree_entry>& entries) noexcept {
    return data.capacity() + entries.capacity() * sizeof(tree_entry);
  }
  static constexpr std::size_t kMaxBytes = std::size_t(64) << 20;
  std::vector<std::unique_ptr<version>> by_dir_;
  std::size_t bytes_ = 0;
};

// parse_tree for `data`, a version of a directory whose last version the
// walk read is `last` (none: null), and in `fresh` the indices of the
// entries that are not one of the last version's byte for byte: the ones to
// walk. Most of a new version is the last one's, in runs of the same bytes
// between the few entries a commit changed; those runs are taken from the
// last version whole rather than parsed and compared entry by entry (that
// was 29% of a walk's CPU on git/git, whose root holds 500 entries).
bool parse_tree_against(const last_versions::version* last, const std::string& data, std::vector<tree_entry>& out,
                        std::vector<std::uint32_t>& fresh);

// Whether entry `e` of tree `data` is one of `last`'s, byte for byte. Both
// trees are in git's order, so `at` (the first entry of `last` not yet passed)
// only moves forward: a walk over a level costs one pass over each version.
// Trees out of order only make it answer false more often.
bool same_as_last(const last_versions::version& last, std::size_t& at, const std::string& data,
                  const tree_entry& e) noexcept;

// Walks tree `root` (the root of a commit) depth first; calls on_blob(oid,
// path id) for each blob of a (tree, path) not yet in `seen` (every one when
// null). A submodule (gitlink) at a path not yet in `submodules` is a
// `submodule` diagnostic (none when null). With `last`, entries that the last
// version of their directory held are skipped, and each directory read
// becomes its last version. False, with `error`, when the root itself cannot
// be read.
template <class OnBlob>
bool walk_tree(tree_reader& reader, const git_oid& root, path_table& paths, seen_trees_set* seen,
               std::vector<diagnostic>& diags, std::string& error, const OnBlob& on_blob,
               std::set<std::uint32_t>* submodules = nullptr, last_versions* last = nullptr) {
  struct level {
    std::string data;
    std::vector<tree_entry> entries;
    std::vector<std::uint32_t> fresh;  // the entries to walk: not the last version's
    std::uint32_t dir;
    std::size_t next = 0;  // into `fresh`
  };
  // Parses `l.data`, a version of directory `l.dir`, against its last version.
  auto parse = [last](level& l) {
    return parse_tree_against(last ? last->find(l.dir) : nullptr, l.data, l.entries, l.fresh);
  };
  std::vector<level> stack(1);
  stack[0].dir = path_table::kRoot;
  if (!reader.read(root, stack[0].data, error)) return false;
  if (!parse(stack[0])) {
    error = "malformed tree";
    return false;
  }
  level sub;
  while (!stack.empty()) {
    level& top = stack.back();
    if (top.next >= top.fresh.size()) {
      // (Its buffers are not handed to the next read: last_versions keeps
      // what it is given, and a reused buffer's spare capacity, which its
      // bound does not count, doubled the peak memory on git/git.)
      if (last) last->keep(top.dir, top.data, top.entries);
      stack.pop_back();
      continue;
    }
    const tree_entry& e = top.entries[top.fresh[top.next++]];
    const std::uint32_t path = paths.child(top.dir, std::string_view(top.data).substr(e.name_at, e.name_size));
    git_oid oid;
    std::memcpy(oid.id, top.data.data() + e.id_at, GIT_OID_RAWSZ);
    switch (e.mode & 0170000) {
      case 0040000: {  // a tree
        const std::string& name = paths.path(path);
        if (stack.size() >= kMaxTreeDepth || name.size() > kMaxTreePath) {
          diags.push_back({diagnostic::kind::error, name.size() > 256 ? name.substr(0, 256) + "..." : name, 0,
                           "tree " + oid_hex(oid) + " nested deeper than " + std::to_string(kMaxTreeDepth) +
                               " levels or " + std::to_string(kMaxTreePath) + " path bytes: not walked"});
          break;
        }
        if (seen && !seen->emplace({object_id_of(oid), path}, true).second) break;
        std::string why;
        sub = level{};
        sub.dir = path;
        bool ok = reader.read(oid, sub.data, why);
        if (ok && !parse(sub)) {
          ok = false;
          why = "malformed tree";
        }
        if (!ok) {
          diags.push_back({diagnostic::kind::corrupt_object, name, 0, "cannot read tree " + oid_hex(oid) + ": " + why});
          break;
        }
        stack.push_back(std::move(sub));  // `top` is not used past this point
        break;
      }
      case 0160000:  // a submodule's commit: another repository, whose objects are not here
        if (submodules && submodules->insert(path).second)
          diags.push_back({diagnostic::kind::submodule, paths.path(path), 0,
                           "submodule at commit " + oid_hex(oid) +
                               ": another repository, not scanned (scan it separately)"});
        break;
      case 0120000:  // a symbolic link: its blob is a path, not content
        break;
      default:
        on_blob(oid, path);
        break;
    }
  }
  return true;
}


}  // namespace nhi::detail
