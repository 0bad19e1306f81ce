// SPDX-License-Identifier: Apache-2.0
// The commits a history scan walks, oldest first and parents before children:
// what the tips reach, minus what the hidden commits reach. Built on plain
// commit lookups rather than git_revwalk, which (libgit2 1.5) fails the whole
// walk at the first parent it cannot read: a shallow clone, or one lost commit
// object, would leave nothing scanned. Here the parents of shallow commits are
// cut, as git does, and a missing commit is a diagnostic: the rest is still walked.
#pragma once

#include <git2.h>

#include <cstddef>
#include <memory>
#include <queue>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "nhi/git.hpp"
#include "source/commit_prefetch.hpp"
#include "source/commit_reader.hpp"
#include "source/git_common.hpp"
#include "source/pack_reader.hpp"

namespace nhi::detail {

class commit_lister {
 public:
  // Diagnostics (unreadable commits, refs to missing objects) go to `diags`.
  // Commits are read from `packs` when they can be (read_commit_links), and
  // with `read_ahead` on another thread ahead of the walk (commit_prefetch.hpp)
  // until list() is done.
  commit_lister(git_repository* repo, std::shared_ptr<const pack_files> packs, std::vector<diagnostic>& diags,
                bool read_ahead = false);

  // A tip to list (`hide` false) or whose ancestry to leave out (true).
  void push(const git_oid& id, bool hide);
  // Every ref (branches, tags, remotes, notes, stash...) and HEAD, detached or not.
  void push_all_refs();

  // True when the tips named commits and not one of them could be read.
  bool nothing_readable() const { return tips_ > 0 && loaded_ == 0; }

  // The commits listed, oldest first, every parent before its children, and
  // the tree of each (trees[k] is commits[k]'s): the lister read every commit
  // already, and the walk needs nothing else of them, so it need not read
  // them again.
  struct listing {
    std::vector<git_oid> commits, trees;
  };
  listing list();

 private:
  struct node {
    git_oid oid;
    git_oid tree{};
    git_time_t time = 0;
    std::vector<std::size_t> parents;
    bool loaded = false, missing = false, hidden = false, seen = false, queued = false, emitted = false;
  };

  std::size_t node_of(const git_oid& id);
  bool load(std::size_t i);  // reads commit i (once); false when it cannot be read
  void enqueue(std::size_t i);
  void push_ref(git_reference* ref);

  git_repository* repo_;
  std::shared_ptr<const pack_files> files_;
  pack_object_reader packs_;
  std::unique_ptr<commit_prefetch> prefetch_;
  std::string raw_;     // read_commit_links' scratch buffer
  commit_links read_;   // the commit load() read last
  std::vector<diagnostic>& diags_;
  std::vector<node> nodes_;
  std::unordered_map<git_oid, std::size_t, oid_hash, oid_equal> index_;
  std::unordered_set<git_oid, oid_hash, oid_equal> shallow_, reported_refs_;
  std::priority_queue<std::pair<git_time_t, std::size_t>> heap_;  // newest first
  std::size_t interesting_queued_ = 0, tips_ = 0, loaded_ = 0;
};

}  // namespace nhi::detail
