// SPDX-License-Identifier: Apache-2.0
#include "source/commit_lister.hpp"

#include <fstream>
#include <unordered_map>

namespace nhi::detail {

// The packs' reader keeps no objects: commits are read once each, and are
// seldom the base of another's delta. It maps the packs: commits are read in
// the walk's order, not the file's, a few hundred bytes each.
commit_lister::commit_lister(git_repository* repo, std::shared_ptr<const pack_files> packs,
                             std::vector<diagnostic>& diags, bool read_ahead)
    : repo_(repo),
      files_(packs),
      packs_(std::move(packs), 0, pack_object_reader::reads::mapped),
      prefetch_(read_ahead ? std::make_unique<commit_prefetch>(files_) : nullptr),
      diags_(diags) {
  // <common dir>/shallow lists the commits whose parents a shallow clone lacks.
  std::ifstream in(std::string(git_repository_commondir(repo)) + "shallow");
  std::string line;
  git_oid id;
  while (std::getline(in, line))
    if (line.size() >= GIT_OID_HEXSZ && git_oid_fromstrn(&id, line.c_str(), GIT_OID_HEXSZ) == 0) shallow_.insert(id);
}

void commit_lister::push(const git_oid& id, bool hide) {
  ++tips_;
  const std::size_t i = node_of(id);
  if (hide && !nodes_[i].hidden) {
    nodes_[i].hidden = true;
    if (nodes_[i].queued) --interesting_queued_;
  }
  nodes_[i].seen = true;
  enqueue(i);
}

// Every ref (branches, tags, remotes, notes, stash...) and HEAD, detached or not.
void commit_lister::push_all_refs() {
  git_reference_iterator* it = nullptr;
  if (git_reference_iterator_new(&it, repo_) != 0) {
    diags_.push_back({diagnostic::kind::error, "", 0, "cannot list the refs: " + git_error_text()});
  } else {
    git_reference* ref = nullptr;
    while (git_reference_next(&ref, it) == 0) {
      push_ref(ref);
      git_reference_free(ref);
    }
    git_reference_iterator_free(it);
  }
  git_reference* head = nullptr;
  if (git_repository_head(&head, repo_) == 0) {  // fails harmlessly on an unborn HEAD
    push_ref(head);
    git_reference_free(head);
  }
}

// Walks newest first, as git does, so that a hidden commit's ancestry is
// painted only as far as the commits still to decide; then orders the result.
commit_lister::listing commit_lister::list() {
  std::vector<std::size_t> emitted;
  git_time_t oldest_emitted = 0;
  while (!heap_.empty()) {
    // Only hidden commits left, all older than what was taken: nothing they
    // reach can still be one of the taken (unless clocks were badly skewed).
    if (interesting_queued_ == 0 && (emitted.empty() || heap_.top().first < oldest_emitted)) break;
    const std::size_t i = heap_.top().second;
    heap_.pop();
    nodes_[i].queued = false;
    if (!nodes_[i].hidden) --interesting_queued_;
    const bool hidden = nodes_[i].hidden;
    if (!hidden && !nodes_[i].emitted) {
      nodes_[i].emitted = true;
      emitted.push_back(i);
      oldest_emitted = emitted.size() == 1 ? nodes_[i].time : std::min(oldest_emitted, nodes_[i].time);
    }
    const std::vector<std::size_t> parents = nodes_[i].parents;  // enqueue() may grow nodes_
    for (const std::size_t p : parents) {
      if (hidden && !nodes_[p].hidden) {
        nodes_[p].hidden = true;  // and enqueued again to carry it to its own parents
        if (nodes_[p].queued) --interesting_queued_;
        nodes_[p].seen = true;
        enqueue(p);
      } else if (!nodes_[p].seen) {
        nodes_[p].seen = true;
        enqueue(p);
      }
    }
  }

  prefetch_.reset();  // every commit is read: the thread and its table go

  // Oldest first, every parent before its children (Kahn, earliest commit time first).
  std::vector<std::size_t> keep;
  for (const std::size_t i : emitted)
    if (!nodes_[i].hidden) keep.push_back(i);
  std::unordered_map<std::size_t, std::size_t> pos;
  for (std::size_t k = 0; k < keep.size(); ++k) pos.emplace(keep[k], k);
  std::vector<std::vector<std::size_t>> children(keep.size());
  std::vector<std::size_t> pending(keep.size(), 0);
  for (std::size_t k = 0; k < keep.size(); ++k)
    for (const std::size_t p : nodes_[keep[k]].parents)
      if (auto it = pos.find(p); it != pos.end()) {
        children[it->second].push_back(k);
        ++pending[k];
      }
  using entry = std::pair<git_time_t, std::size_t>;
  std::priority_queue<entry, std::vector<entry>, std::greater<entry>> ready;
  for (std::size_t k = 0; k < keep.size(); ++k)
    if (pending[k] == 0) ready.emplace(nodes_[keep[k]].time, k);
  listing order;
  order.commits.reserve(keep.size());
  order.trees.reserve(keep.size());
  while (!ready.empty()) {
    const std::size_t k = ready.top().second;
    ready.pop();
    order.commits.push_back(nodes_[keep[k]].oid);
    order.trees.push_back(nodes_[keep[k]].tree);
    for (const std::size_t c : children[k])
      if (--pending[c] == 0) ready.emplace(nodes_[keep[c]].time, c);
  }
  return order;
}

std::size_t commit_lister::node_of(const git_oid& id) {
  auto [it, inserted] = index_.emplace(id, nodes_.size());
  if (inserted) {
    nodes_.emplace_back();
    nodes_.back().oid = id;
  }
  return it->second;
}

// Reads commit i (once); false when it cannot be read.
bool commit_lister::load(std::size_t i) {
  if (nodes_[i].loaded) return !nodes_[i].missing;
  nodes_[i].loaded = true;
  std::string error;
  // Read ahead, or read here from where the index puts it (one lookup
  // either way), or by read_commit_links (another layout, or not packed).
  std::uint32_t pack = 0, position = 0;
  const bool located = prefetch_ && locate_object(*files_, nodes_[i].oid.id, pack, position);
  const bool read = located && (prefetch_->take(pack, position, read_) ||
                                (packs_.read_at(pack, position, object_kind::commit, raw_) ==
                                     pack_object_reader::result::read &&
                                 parse_commit_links(raw_, read_)));
  if (!read && !read_commit_links(repo_, packs_, nodes_[i].oid, raw_, read_, error)) {
    nodes_[i].missing = true;
    diags_.push_back({diagnostic::kind::corrupt_object, "", 0,
                      "cannot read commit " + oid_hex(nodes_[i].oid) + ": " + error +
                          "; skipped, with the history only it leads to"});
    return false;
  }
  ++loaded_;
  nodes_[i].time = read_.time;
  nodes_[i].tree = read_.tree;
  if (shallow_.count(nodes_[i].oid)) return true;  // the clone's boundary: no parents here
  std::vector<std::size_t> parents;
  parents.reserve(read_.parents.size());
  for (const git_oid& p : read_.parents) parents.push_back(node_of(p));
  nodes_[i].parents = std::move(parents);
  return true;
}

void commit_lister::enqueue(std::size_t i) {
  if (nodes_[i].queued || !load(i)) return;
  nodes_[i].queued = true;
  if (!nodes_[i].hidden) ++interesting_queued_;
  heap_.emplace(nodes_[i].time, i);
}

// Peeled here, from the packs when they hold the objects: git_reference_peel
// read every tip and tag through libgit2 (a parsed object and a SHA-1 check
// each), a tenth of a history walk on a repository with 20,000 refs
// (hashicorp/terraform). A tip or tag libgit2 cannot parse but git reads is
// peeled all the same. A tag of a tree or blob is not history; a ref to a
// missing object is damage.
void commit_lister::push_ref(git_reference* ref) {
  // A direct ref (nearly all of a mirror's: packed refs) is its own target;
  // resolving it anyway looked it up again by name, two stat(2)s a ref.
  git_reference* direct = nullptr;
  if (git_reference_type(ref) == GIT_REFERENCE_DIRECT) {
    if (git_reference_dup(&direct, ref) != 0) return;
  } else if (git_reference_resolve(&direct, ref) != 0) {
    return;
  }
  const git_oid* target = git_reference_target(direct);
  git_oid commit;
  if (target && peel_to_commit(repo_, *target, commit, &packs_)) {
    push(commit, false);
    git_reference_free(direct);
    return;
  }
  git_odb* odb = nullptr;
  if (target && git_repository_odb(&odb, repo_) == 0) {
    if (!git_odb_exists(odb, target) && reported_refs_.insert(*target).second) {
      ++tips_;
      diags_.push_back({diagnostic::kind::corrupt_object, "", 0,
                        std::string("ref ") + git_reference_name(ref) + " points to missing object " +
                            oid_hex(*target) + "; skipped"});
    }
    git_odb_free(odb);
  }
  git_reference_free(direct);
}

}  // namespace nhi::detail
