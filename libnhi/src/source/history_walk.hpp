// SPDX-License-Identifier: Apache-2.0
// The history walk: which blobs a history holds, and where each first
// appeared. The commits of the chosen refs (commit_lister.hpp), oldest first;
// each commit's tree is walked (tree_walk.hpp), skipping any (tree, path)
// pair already seen, so a tree unchanged across thousands of commits is read
// once. Every blob is recorded with the first commit that introduced it at
// each of its paths. Long histories are walked in slices on every core and
// merged in order. git_history.cpp then reads and matches each blob once.
#pragma once

#include <git2.h>

#include <cstdint>
#include <climits>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "nhi/git.hpp"
#include "source/history_tables.hpp"
#include "source/pack_reader.hpp"
#include "source/tree_walk.hpp"

namespace nhi::detail {

struct path_seen {
  std::uint32_t path;    // id in history::paths
  std::uint32_t commit;  // index into commits: walk order, oldest first
};

// A blob of the history and the first (path, commit) it was seen at; most
// blobs have one path, so the others, if any, are a list in history::more_paths
// (a vector per blob was a small allocation per blob, pinning heap pages).
struct blob_record {
  static constexpr std::uint32_t kEnd = UINT32_MAX;
  git_oid oid;
  path_seen first;
  std::uint32_t more = kEnd;  // index into history::more_paths
};

struct extra_path {
  path_seen seen;
  std::uint32_t next = blob_record::kEnd;
};

// The (path, commit) pairs of one blob, in the order they were found.
class blob_paths {
 public:
  class iterator {
   public:
    iterator(const blob_record* b, const std::vector<extra_path>* more, std::uint32_t at) : b_(b), more_(more), at_(at) {}
    const path_seen& operator*() const { return at_ == kFirst ? b_->first : (*more_)[at_].seen; }
    const path_seen* operator->() const { return &**this; }
    iterator& operator++() {
      at_ = at_ == kFirst ? b_->more : (*more_)[at_].next;
      return *this;
    }
    bool operator!=(const iterator& o) const { return at_ != o.at_; }

   private:
    static constexpr std::uint32_t kFirst = blob_record::kEnd - 1;
    friend class blob_paths;
    const blob_record* b_;
    const std::vector<extra_path>* more_;
    std::uint32_t at_;
  };
  blob_paths(const blob_record& b, const std::vector<extra_path>& more) : b_(b), more_(more) {}
  iterator begin() const { return iterator(&b_, &more_, iterator::kFirst); }
  iterator end() const { return iterator(&b_, &more_, blob_record::kEnd); }

 private:
  const blob_record& b_;
  const std::vector<extra_path>& more_;
};

struct history {
  // The commits walked, oldest first. Their author and date are read again
  // for the few that findings name (commit_provenance()): held for every
  // commit they were most of the walk's memory per commit.
  std::vector<git_oid> commits;
  std::vector<blob_record> blobs;
  std::vector<extra_path> more_paths;  // blobs' paths after their first
  path_table paths;
  flat_map<object_id, std::uint32_t> blob_index;  // into blobs
  seen_trees_set seen_trees;
  std::set<std::uint32_t> submodule_paths;  // reported once per path
  flat_map<object_at_path, bool> head_pairs;  // (blob, path) at HEAD
  std::vector<std::pair<std::uint32_t, git_oid>> head_blobs;  // the same, listed: (path, blob)
  std::vector<diagnostic> diagnostics;
  bool no_commit_readable = false;  // refs named commits and none could be read

  const std::string& path(const path_seen& p) const { return paths.path(p.path); }
  blob_paths paths_of(const blob_record& b) const { return blob_paths(b, more_paths); }
  // Adds blob `oid` at `seen` unless it is known at that path already.
  void add_blob(const git_oid& oid, path_seen seen);
  bool in_head(const git_oid& blob, std::uint32_t path) const {
    return head_pairs.find({object_id_of(blob), path}) != nullptr;
  }
};


// Commit, author, email and date of h.commits[index] (blob_id and in_head
// left as they are); empty fields when the commit cannot be read.
git_provenance commit_provenance(git_repository* repo, const history& h, std::uint32_t index);

// Lists the commits that `o` selects (refs, --range, --since-commit) and
// walks their trees into `h`, on up to `so.threads` cores.
status collect_history(git_repository* repo, const std::string& repo_path,
                       const std::shared_ptr<const pack_files>& packs, const git_scan_options& o,
                       const scan_options& so, history& h);

}  // namespace nhi::detail
