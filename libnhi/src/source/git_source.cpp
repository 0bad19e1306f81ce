// SPDX-License-Identifier: Apache-2.0
// Git history and staged-change sources, over libgit2.
//
// History: the commits of the chosen refs, oldest first; each commit's tree
// is walked, skipping any (tree, path) pair already seen, so a tree unchanged
// across thousands of commits is read once. Every blob is recorded with the
// first commit that introduced it at each of its paths (long histories are
// walked in slices on every core and merged in order). Then each unique blob
// is read and matched exactly once, in parallel, mostly straight from the
// pack files; its findings are copied to every path the blob appeared at.
#include <git2.h>
#include <git2/sys/odb_backend.h>
#include <git2/sys/repository.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <queue>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "nhi/git.hpp"
#include "source/buffer_scan.hpp"
#include "source/commit_reader.hpp"
#include "source/git_handles.hpp"
#include "source/progress_meter.hpp"
#include "source/history_tables.hpp"
#include "source/pack_reader.hpp"
#include "util/glob.hpp"

NHI_BEGIN_NAMESPACE

namespace {
using detail::commit_fields;
using detail::peel_to_commit;
using detail::read_commit;

using detail::commit_ptr;
using detail::diff_ptr;
using detail::git_error_text;
using detail::gobj_ptr;
using detail::index_ptr;
using detail::object_ptr;
using detail::odb_ptr;
using detail::oid_hex;
using detail::open_repository;
using detail::patch_ptr;
using detail::repo_ptr;
using detail::tree_ptr;
using detail::walk_ptr;

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

// ISO 8601 in UTC, e.g. "2024-03-01T12:00:00Z".
std::string iso8601(git_time_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// When nhi's pack reader refused a pack as damaged (pack_reader.hpp), libgit2
// must not read it either: it crashed (SIGSEGV, SIGBUS) on an index offset
// past the pack's end. Such a repository gets an object database built as
// libgit2 builds its own (loose objects, every other pack, the alternates)
// less the refused packs, whose objects are then missing: reported, not read.
// A repository with no refused pack keeps libgit2's own database.
status keep_off_refused_packs(git_repository* repo, const detail::pack_files& packs) {
  if (detail::refused_packs(packs).empty()) return status::ok();
  const std::string objects = std::string(git_repository_commondir(repo)) + "objects";
  git_odb* raw = nullptr;
  if (git_odb_new(&raw) != 0) return status(errc::internal, "cannot create an object database: " + git_error_text());
  odb_ptr odb(raw);
  // libgit2's own priorities: packs (2) are asked before loose objects (1).
  // A backend the database took is the database's to free; one it refused, ours.
  git_odb_backend* backend = nullptr;
  auto add = [&](int made, int priority) {
    if (made != 0) return false;
    if (git_odb_add_backend(raw, backend, priority) == 0) return true;
    backend->free(backend);
    return false;
  };
  if (!add(git_odb_backend_loose(&backend, objects.c_str(), -1, 0, 0, 0), 1))
    return status(errc::internal, "cannot read loose objects: " + git_error_text(), objects);
  for (const std::string& idx : detail::indexes_not_refused(packs))
    if (!add(git_odb_backend_one_pack(&backend, idx.c_str()), 2))
      return status(errc::internal, "cannot open pack: " + git_error_text(), idx);
  std::ifstream alternates(objects + "/info/alternates");
  for (std::string line; std::getline(alternates, line);) {
    if (line.empty() || line[0] == '#') continue;
    const std::string path = line[0] == '/' ? line : objects + "/" + line;
    git_odb_add_disk_alternate(raw, path.c_str());  // a missing alternate is skipped, as libgit2 does
  }
  if (git_repository_set_odb(repo, raw) != 0)
    return status(errc::internal, "cannot set the object database: " + git_error_text());
  return status::ok();
}

bool excluded(const scan_options& o, const std::string& path) {
  for (const auto& g : o.exclude_globs)
    if (detail::glob_match(g, path)) return true;
  return false;
}

struct commit_meta {
  git_provenance prov;  // commit, author, email, date (blob_id filled per blob)
};

struct path_seen {
  std::uint32_t path;    // id in history::paths
  std::uint32_t commit;  // index into commits: walk order, oldest first
};

struct blob_record {
  git_oid oid;
  std::vector<path_seen> paths;
};

detail::object_id object_id_of(const git_oid& oid) {
  detail::object_id id;
  static_assert(sizeof id.bytes == GIT_OID_RAWSZ, "SHA-1 ids");
  std::memcpy(id.bytes, oid.id, sizeof id.bytes);
  return id;
}

using seen_trees_set = detail::flat_map<detail::object_at_path, bool>;  // a tree is walked once per path

struct history {
  std::vector<commit_meta> commits;
  std::vector<blob_record> blobs;
  detail::path_table paths;
  detail::flat_map<detail::object_id, std::uint32_t> blob_index;  // into blobs
  seen_trees_set seen_trees;
  std::set<std::uint32_t> submodule_paths;  // reported once per path
  detail::flat_map<detail::object_at_path, bool> head_pairs;  // (blob, path) at HEAD
  std::vector<std::pair<std::uint32_t, git_oid>> head_blobs;  // the same, listed: (path, blob)
  std::vector<diagnostic> diagnostics;
  bool no_commit_readable = false;  // refs named commits and none could be read

  const std::string& path(const path_seen& p) const { return paths.path(p.path); }
  bool in_head(const git_oid& blob, std::uint32_t path) const {
    return head_pairs.find({object_id_of(blob), path}) != nullptr;
  }
};

// A hostile repository can nest trees tens of thousands deep in a few
// kilobytes: the walk keeps its own stack (a recursive walk overflowed the
// thread's stack: a 40000-level tree in a release build, a few thousand
// under ASan). git itself refuses trees deeper than core.maxTreeDepth (4096);
// the path bound keeps the prefixes the levels hold (quadratic in depth) small.
constexpr std::size_t kMaxTreeDepth = 4096;
constexpr std::size_t kMaxTreePath = 16384;

// Why an object deep in a delta chain is not read (pack_reader.hpp).
std::string too_deep_text() {
  return "delta chain deeper than " + std::to_string(detail::kMaxDeltaChain) +
         " (git writes at most 4095): not read";
}

// Where the walk reads trees: straight from the packs when it can (delta
// bases kept, no SHA-1 check, as for blobs: docs/performance.md), else
// through libgit2 (loose objects, alternates, whatever the pack reader refuses).
class tree_reader {
 public:
  tree_reader(git_repository* repo, std::shared_ptr<const detail::pack_files> packs)
      : repo_(repo), packs_(std::move(packs)) {}

  // The raw content of tree `oid`; false, with `error`, when it cannot be read.
  bool read(const git_oid& oid, std::string& out, std::string& error) {
    switch (packs_.read(oid.id, detail::object_kind::tree, out)) {
      case detail::pack_object_reader::result::read:
        return true;
      case detail::pack_object_reader::result::too_deep:
        error = too_deep_text();
        return false;
      case detail::pack_object_reader::result::not_here:
        break;
    }
    if (!odb_) {
      git_odb* odb = nullptr;
      if (git_repository_odb(&odb, repo_) != 0) {
        error = git_error_text();
        return false;
      }
      odb_.reset(odb);
    }
    git_odb_object* obj = nullptr;
    if (git_odb_read(&obj, odb_.get(), &oid) != 0) {
      error = git_error_text();
      return false;
    }
    object_ptr holder(obj);
    if (git_odb_object_type(obj) != GIT_OBJECT_TREE) {
      error = "not a tree";
      return false;
    }
    out.assign(static_cast<const char*>(git_odb_object_data(obj)), git_odb_object_size(obj));
    return true;
  }

 private:
  git_repository* repo_;
  detail::pack_object_reader packs_;
  odb_ptr odb_;
};

// One entry of a raw tree: "<octal mode> <name>\0<20-byte id>", as offsets.
struct tree_entry {
  std::uint32_t mode, name_at, name_size, id_at;
};

// Splits raw tree content into entries; false when it is malformed (then
// nothing of it is walked, as libgit2 refuses the whole tree).
bool parse_tree(const std::string& data, std::vector<tree_entry>& out) {
  out.clear();
  if (data.size() > UINT32_MAX) return false;
  for (std::size_t at = 0; at < data.size();) {
    const std::size_t space = data.find(' ', at), nul = space == std::string::npos ? space : data.find('\0', space);
    if (space == std::string::npos || nul == std::string::npos || space == at || space - at > 7 || nul == space + 1 ||
        data.size() - nul - 1 < GIT_OID_RAWSZ)
      return false;
    std::uint32_t mode = 0;
    for (std::size_t k = at; k < space; ++k) {
      if (data[k] < '0' || data[k] > '7') return false;
      mode = mode * 8 + static_cast<std::uint32_t>(data[k] - '0');
    }
    out.push_back({mode, static_cast<std::uint32_t>(space + 1), static_cast<std::uint32_t>(nul - space - 1),
                   static_cast<std::uint32_t>(nul + 1)});
    at = nul + 1 + GIT_OID_RAWSZ;
  }
  return true;
}

// Walks tree `root` (the root of a commit) depth first; calls on_blob(oid,
// path id) for each blob of a (tree, path) not yet in `seen` (every one when
// null). A submodule (gitlink) at a path not yet in `submodules` is a
// `submodule` diagnostic (none when null). False, with `error`, when the root
// itself cannot be read.
template <class OnBlob>
bool walk_tree(tree_reader& reader, const git_oid& root, detail::path_table& paths, seen_trees_set* seen,
               std::vector<diagnostic>& diags, std::string& error, const OnBlob& on_blob,
               std::set<std::uint32_t>* submodules = nullptr) {
  struct level {
    std::string data;
    std::vector<tree_entry> entries;
    std::uint32_t dir;
    std::size_t next = 0;
  };
  std::vector<level> stack(1);
  stack[0].dir = detail::path_table::kRoot;
  if (!reader.read(root, stack[0].data, error)) return false;
  if (!parse_tree(stack[0].data, stack[0].entries)) {
    error = "malformed tree";
    return false;
  }
  std::string data;
  std::vector<tree_entry> entries;
  while (!stack.empty()) {
    level& top = stack.back();
    if (top.next >= top.entries.size()) {
      stack.pop_back();
      continue;
    }
    const tree_entry& e = top.entries[top.next++];
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
        bool ok = reader.read(oid, data, why);
        if (ok && !parse_tree(data, entries)) {
          ok = false;
          why = "malformed tree";
        }
        if (!ok) {
          diags.push_back({diagnostic::kind::corrupt_object, name, 0, "cannot read tree " + oid_hex(oid) + ": " + why});
          break;
        }
        stack.push_back({std::move(data), std::move(entries), path, 0});  // `top` is not used past this point
        data.clear();
        entries.clear();
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

// HEAD's tree, or null (unborn HEAD, unreadable commit). Not through
// git_revparse_single("HEAD^{tree}"): libgit2 1.5 leaks a reference and its
// refdb there when a pack is damaged (tests/sanitizers/lsan.supp).
tree_ptr head_tree(git_repository* repo) {
  git_oid id, commit_id;
  commit_fields commit;
  std::string error;
  if (git_reference_name_to_id(&id, repo, "HEAD") != 0 || !peel_to_commit(repo, id, commit_id) ||
      !read_commit(repo, commit_id, commit, error))
    return nullptr;
  git_tree* tree = nullptr;
  if (git_tree_lookup(&tree, repo, &commit.tree) != 0) return nullptr;
  return tree_ptr(tree);
}

status resolve_commit(git_repository* repo, const std::string& rev, git_oid& out) {
  git_object* obj = nullptr;
  if (git_revparse_single(&obj, repo, rev.c_str()) != 0)
    return status(errc::not_found, "unknown revision '" + rev + "': " + git_error_text());
  gobj_ptr holder(obj);
  git_object* peeled = nullptr;
  if (git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) != 0)
    return status(errc::invalid_argument, "revision '" + rev + "' is not a commit");
  out = *git_object_id(peeled);
  git_object_free(peeled);
  return status::ok();
}

// Marks every (tree, path) and blob of `commit`'s tree as already seen, so a
// range scan reports only what the range introduced.
void mark_boundary(git_repository* repo, tree_reader& reader, const git_oid& commit, history& h,
                   std::unordered_set<git_oid, oid_hash, oid_equal>& boundary_blobs) {
  commit_fields c;
  std::string ignored;
  if (!read_commit(repo, commit, c, ignored)) return;
  walk_tree(reader, c.tree, h.paths, &h.seen_trees, h.diagnostics, ignored,
            [&](const git_oid& oid, std::uint32_t) { boundary_blobs.insert(oid); });
}

// The commits to scan, oldest first and parents before children: what the
// tips reach, minus what the hidden commits reach. Built on plain commit
// lookups rather than git_revwalk, which (libgit2 1.5) fails the whole walk at
// the first parent it cannot read: a shallow clone, or one lost commit object,
// would leave nothing scanned. Here the parents of shallow commits are cut, as
// git does, and a missing commit is a diagnostic: the rest is still walked.
class commit_lister {
 public:
  commit_lister(git_repository* repo, history& h) : repo_(repo), h_(h) {
    // <common dir>/shallow lists the commits whose parents a shallow clone lacks.
    std::ifstream in(std::string(git_repository_commondir(repo)) + "shallow");
    std::string line;
    git_oid id;
    while (std::getline(in, line))
      if (line.size() >= GIT_OID_HEXSZ && git_oid_fromstrn(&id, line.c_str(), GIT_OID_HEXSZ) == 0) shallow_.insert(id);
  }

  void push(const git_oid& id, bool hide) {
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
  void push_all_refs() {
    git_reference_iterator* it = nullptr;
    if (git_reference_iterator_new(&it, repo_) != 0) {
      h_.diagnostics.push_back({diagnostic::kind::error, "", 0, "cannot list the refs: " + git_error_text()});
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

  // True when the tips named commits and not one of them could be read.
  bool nothing_readable() const { return tips_ > 0 && loaded_ == 0; }

  // Walks newest first, as git does, so that a hidden commit's ancestry is
  // painted only as far as the commits still to decide; then orders the result.
  std::vector<git_oid> list() {
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
    std::vector<git_oid> order;
    order.reserve(keep.size());
    while (!ready.empty()) {
      const std::size_t k = ready.top().second;
      ready.pop();
      order.push_back(nodes_[keep[k]].oid);
      for (const std::size_t c : children[k])
        if (--pending[c] == 0) ready.emplace(nodes_[keep[c]].time, c);
    }
    return order;
  }

 private:
  struct node {
    git_oid oid;
    git_time_t time = 0;
    std::vector<std::size_t> parents;
    bool loaded = false, missing = false, hidden = false, seen = false, queued = false, emitted = false;
  };

  std::size_t node_of(const git_oid& id) {
    auto [it, inserted] = index_.emplace(id, nodes_.size());
    if (inserted) {
      nodes_.emplace_back();
      nodes_.back().oid = id;
    }
    return it->second;
  }

  // Reads commit i (once); false when it cannot be read.
  bool load(std::size_t i) {
    if (nodes_[i].loaded) return !nodes_[i].missing;
    nodes_[i].loaded = true;
    commit_fields c;
    std::string error;
    if (!read_commit(repo_, nodes_[i].oid, c, error)) {
      nodes_[i].missing = true;
      h_.diagnostics.push_back({diagnostic::kind::corrupt_object, "", 0,
                                "cannot read commit " + oid_hex(nodes_[i].oid) + ": " + error +
                                    "; skipped, with the history only it leads to"});
      return false;
    }
    ++loaded_;
    nodes_[i].time = c.time;
    if (shallow_.count(nodes_[i].oid)) return true;  // the clone's boundary: no parents here
    std::vector<std::size_t> parents;
    for (const git_oid& p : c.parents) parents.push_back(node_of(p));
    nodes_[i].parents = std::move(parents);
    return true;
  }

  void enqueue(std::size_t i) {
    if (nodes_[i].queued || !load(i)) return;
    nodes_[i].queued = true;
    if (!nodes_[i].hidden) ++interesting_queued_;
    heap_.emplace(nodes_[i].time, i);
  }

  void push_ref(git_reference* ref) {
    git_object* obj = nullptr;
    if (git_reference_peel(&obj, ref, GIT_OBJECT_COMMIT) == 0) {
      push(*git_object_id(obj), false);
      git_object_free(obj);
      return;
    }
    // A tip or tag libgit2 cannot parse but git reads: peeled by our own reader.
    // A tag of a tree or blob is not history; a ref to a missing object is damage.
    git_reference* direct = nullptr;
    if (git_reference_resolve(&direct, ref) != 0) return;
    const git_oid* target = git_reference_target(direct);
    git_oid commit;
    if (target && peel_to_commit(repo_, *target, commit)) {
      push(commit, false);
      git_reference_free(direct);
      return;
    }
    git_odb* odb = nullptr;
    if (target && git_repository_odb(&odb, repo_) == 0) {
      if (!git_odb_exists(odb, target) && reported_refs_.insert(*target).second) {
        ++tips_;
        h_.diagnostics.push_back({diagnostic::kind::corrupt_object, "", 0,
                                  std::string("ref ") + git_reference_name(ref) + " points to missing object " +
                                      oid_hex(*target) + "; skipped"});
      }
      git_odb_free(odb);
    }
    git_reference_free(direct);
  }

  git_repository* repo_;
  history& h_;
  std::vector<node> nodes_;
  std::unordered_map<git_oid, std::size_t, oid_hash, oid_equal> index_;
  std::unordered_set<git_oid, oid_hash, oid_equal> shallow_, reported_refs_;
  std::priority_queue<std::pair<git_time_t, std::size_t>> heap_;  // newest first
  std::size_t interesting_queued_ = 0, tips_ = 0, loaded_ = 0;
};

// Walks the trees of commits [begin, end) of `order` into `part` (its own
// paths, blobs and seen trees) and their provenance into `commits` (indexed as
// `order`). `boundary` commits' trees count as seen (--range, --since-commit).
void walk_commits(git_repository* repo, tree_reader& reader, const std::vector<git_oid>& order, std::size_t begin,
                  std::size_t end, const std::vector<git_oid>& boundary, const scan_options& so,
                  std::vector<commit_meta>& commits, history& part) {
  std::unordered_set<git_oid, oid_hash, oid_equal> boundary_blobs;
  for (const git_oid& b : boundary) mark_boundary(repo, reader, b, part, boundary_blobs);
  // --exclude globs, matched once per distinct path.
  std::vector<signed char> excluded_path;  // by path id: -1 not yet known
  auto is_excluded = [&](std::uint32_t path) {
    if (excluded_path.size() <= path) excluded_path.resize(part.paths.size(), -1);
    if (excluded_path[path] < 0) excluded_path[path] = excluded(so, part.paths.path(path)) ? 1 : 0;
    return excluded_path[path] == 1;
  };
  for (std::size_t k = begin; k < end; ++k) {
    const git_oid& oid = order[k];
    commit_fields c;
    std::string read_error;
    if (!read_commit(repo, oid, c, read_error)) {
      part.diagnostics.push_back({diagnostic::kind::corrupt_object, "", 0,
                                  "cannot read commit " + oid_hex(oid) + ": " + read_error});
      continue;
    }
    git_provenance& prov = commits[k].prov;
    prov.commit = oid_hex(oid);
    prov.author = c.author_name;
    prov.author_email = c.author_email;
    prov.date = c.author_time > 0 ? iso8601(c.author_time) : "";
    const auto commit_index = static_cast<std::uint32_t>(k);
    std::string error;
    const bool walked = walk_tree(reader, c.tree, part.paths, &part.seen_trees, part.diagnostics, error,
                                  [&](const git_oid& blob, std::uint32_t path) {
      if (!boundary_blobs.empty() && boundary_blobs.count(blob)) return;
      if (!so.exclude_globs.empty() && is_excluded(path)) return;
      const auto [at, inserted] =
          part.blob_index.emplace(object_id_of(blob), static_cast<std::uint32_t>(part.blobs.size()));
      if (inserted) part.blobs.push_back({blob, {}});
      auto& paths = part.blobs[*at].paths;
      if (std::none_of(paths.begin(), paths.end(), [&](const path_seen& p) { return p.path == path; }))
        paths.push_back({path, commit_index});
    }, &part.submodule_paths);
    if (!walked)
      part.diagnostics.push_back({diagnostic::kind::corrupt_object, "", 0,
                                  "cannot read tree " + oid_hex(c.tree) + " of commit " +
                                      oid_hex(oid) + ": " + error});
  }
}

// Adds a later slice of the history to `h`. A (blob, path) both hold keeps
// h's (earlier) commit, so the result is what one walk in order would give.
void merge_history(history& h, history& later) {
  std::vector<std::uint32_t> path_id(later.paths.size());  // later's path ids -> h's
  path_id[detail::path_table::kRoot] = detail::path_table::kRoot;
  for (std::uint32_t id = 1; id < later.paths.size(); ++id)  // a parent's id is below its children's
    path_id[id] = h.paths.child(path_id[later.paths.parent(id)], later.paths.name(id));
  for (blob_record& b : later.blobs) {
    const auto [at, inserted] = h.blob_index.emplace(object_id_of(b.oid), static_cast<std::uint32_t>(h.blobs.size()));
    if (inserted) h.blobs.push_back({b.oid, {}});
    auto& paths = h.blobs[*at].paths;
    for (const path_seen& p : b.paths) {
      const std::uint32_t path = path_id[p.path];
      if (std::none_of(paths.begin(), paths.end(), [&](const path_seen& q) { return q.path == path; }))
        paths.push_back({path, p.commit});
    }
  }
  // Both slices may meet the same damaged object: report it once; and a
  // submodule once per path (the earlier slice's commit).
  std::set<std::tuple<int, std::string, std::string>> known;
  auto key = [](const diagnostic& d) {
    return std::make_tuple(static_cast<int>(d.what), d.path,
                           d.what == diagnostic::kind::submodule ? std::string() : d.message);
  };
  for (const diagnostic& d : h.diagnostics) known.insert(key(d));
  for (diagnostic& d : later.diagnostics)
    if (known.insert(key(d)).second) h.diagnostics.push_back(std::move(d));
}

// Slices of a long history: each at least this many commits, and several
// per worker so that workers that finish early take more (slices differ in
// cost: history grows).
constexpr std::size_t kMinCommitsPerSlice = 256;
constexpr std::size_t kSlicesPerWorker = 4;
// Each slice records its first commit's whole tree again: bounded, so a
// many-core machine does not hold hundreds of copies of a large tree.
constexpr std::size_t kMaxSlices = 64;

status collect_history(git_repository* repo, const std::string& repo_path,
                       const std::shared_ptr<const detail::pack_files>& packs, const git_scan_options& o,
                       const scan_options& so, history& h) {
  commit_lister lister(repo, h);
  std::vector<git_oid> boundary;
  if (!o.range.empty()) {
    const auto dots = o.range.find("..");
    if (dots == std::string::npos) return status(errc::invalid_argument, "--range must look like A..B");
    git_oid from, to;
    if (status s = resolve_commit(repo, o.range.substr(0, dots), from); !s) return s;
    if (status s = resolve_commit(repo, o.range.substr(dots + 2), to); !s) return s;
    lister.push(to, false);
    lister.push(from, true);
    boundary.push_back(from);
  } else {
    if (o.refs.empty()) {
      lister.push_all_refs();
    } else {
      for (const auto& ref : o.refs) {
        git_oid id;
        if (status s = resolve_commit(repo, ref, id); !s) return s;
        lister.push(id, false);
      }
    }
    if (!o.since_commit.empty()) {
      git_oid since;
      if (status s = resolve_commit(repo, o.since_commit, since); !s) return s;
      lister.push(since, true);
      boundary.push_back(since);
    }
  }
  const std::vector<git_oid> order = lister.list();
  h.no_commit_readable = lister.nothing_readable();
  h.commits.resize(order.size());

  // Long histories are cut into consecutive slices walked in parallel, one
  // repository handle per worker, then merged in order. A slice re-reads the
  // trees of its first commit that an earlier slice had seen: one tree's worth.
  const unsigned threads = so.threads ? so.threads : std::max(1u, std::thread::hardware_concurrency());
  const std::size_t slices =
      threads < 2 ? 1
                  : std::max<std::size_t>(1, std::min({threads * kSlicesPerWorker, kMaxSlices,
                                                       order.size() / kMinCommitsPerSlice}));
  std::vector<repo_ptr> handles(1);  // handles[0] stays null: this thread uses `repo`
  while (handles.size() < std::min<std::size_t>(threads, slices)) {
    auto r = open_repository(repo_path);
    if (!r || !keep_off_refused_packs(r->get(), *packs)) break;  // it opened once: fewer walkers, not an error
    handles.push_back(std::move(*r));
  }
  const std::size_t workers = handles.size();
  // Slices are merged in order as soon as they and all before them are
  // walked, so only the slices in flight hold tables of their own.
  std::vector<history> parts(slices);
  std::vector<char> walked(slices, 0);
  std::size_t merged = 0;
  std::mutex merge_mu;
  std::atomic<std::size_t> next_slice{0};
  auto walker = [&](std::size_t w) {
    git_repository* r = w == 0 ? repo : handles[w].get();
    tree_reader reader(r, packs);
    for (std::size_t k; (k = next_slice.fetch_add(1)) < slices;) {
      walk_commits(r, reader, order, order.size() * k / slices, order.size() * (k + 1) / slices, boundary, so, h.commits,
                   parts[k]);
      std::lock_guard<std::mutex> lock(merge_mu);
      walked[k] = 1;
      for (; merged < slices && walked[merged]; ++merged) {
        merge_history(h, parts[merged]);
        parts[merged] = history{};  // its tables are h's now
      }
    }
  };
  std::vector<std::thread> pool;
  for (std::size_t w = 1; w < workers; ++w) pool.emplace_back(walker, w);
  walker(0);
  for (auto& t : pool) t.join();

  // What HEAD holds, to mark secrets that live only in history.
  if (tree_ptr head = head_tree(repo)) {
    tree_reader reader(repo, packs);
    std::string ignored;  // HEAD's tree was just read: it is readable
    walk_tree(reader, *git_tree_id(head.get()), h.paths, nullptr, h.diagnostics, ignored,
              [&](const git_oid& blob, std::uint32_t path) {
                h.head_pairs.emplace({object_id_of(blob), path}, true);
                h.head_blobs.emplace_back(path, blob);
              });
  }
  return status::ok();
}

diagnostic too_large_diagnostic(const git_oid& oid, const std::string& path, std::uint64_t size) {
  return {diagnostic::kind::too_large, path, 0,
          "blob " + oid_hex(oid).substr(0, 12) + " of " + std::to_string(size) + " bytes exceeds the size limit; skipped"};
}

// A partial clone (`git clone --filter=...`) fetches blobs on demand: the
// ones it never fetched are absent by design. git marks it with
// remote.<name>.promisor (older versions: extensions.partialClone). The
// config is walked by hand: git_config_foreach_match compiles its pattern
// with PCRE2, which libgit2 1.5 leaks on every call.
bool is_partial_clone(git_repository* repo) {
  git_config* cfg = nullptr;
  if (git_repository_config_snapshot(&cfg, repo) != 0) return false;
  bool partial = false;
  git_config_iterator* it = nullptr;
  if (git_config_iterator_new(&it, cfg) == 0) {
    git_config_entry* e = nullptr;
    while (!partial && git_config_next(&e, it) == 0) {
      const std::string_view name(e->name);  // lower-cased by libgit2
      int yes = 0;
      if (name == "extensions.partialclone")
        partial = e->value && *e->value;
      else if (name.rfind("remote.", 0) == 0 && name.size() > 16 && name.substr(name.size() - 9) == ".promisor")
        partial = git_config_parse_bool(&yes, e->value) == 0 && yes;
    }
    git_config_iterator_free(it);
  }
  git_config_free(cfg);
  return partial;
}

// Reads blob `oid`; false (with a diagnostic) when it is missing, too large or
// unreadable. In a partial clone (`lazy_clone`) a blob the clone never fetched
// is history it does not hold, not damage.
bool read_blob(git_odb* odb, const git_oid& oid, const std::string& path, const scan_options& o,
               object_ptr& out, std::vector<diagnostic>& diags, bool lazy_clone = false) {
  std::size_t size = 0;
  git_object_t type;
  if (git_odb_read_header(&size, &type, odb, &oid) != 0) {
    const std::string why = git_error_text();
    if (lazy_clone && !git_odb_exists(odb, &oid))
      diags.push_back({diagnostic::kind::not_in_clone, path, 0,
                       "blob " + oid_hex(oid) + " was not fetched by this partial clone; not scanned"});
    else
      diags.push_back({diagnostic::kind::corrupt_object, path, 0, "cannot read blob " + oid_hex(oid) + ": " + why + "; skipped"});
    return false;
  }
  if (size > o.max_file_size) {
    diags.push_back(too_large_diagnostic(oid, path, size));
    return false;
  }
  git_odb_object* obj = nullptr;
  if (git_odb_read(&obj, odb, &oid) != 0) {
    diags.push_back({diagnostic::kind::corrupt_object, path, 0,
                     "cannot read blob " + oid_hex(oid) + ": " + git_error_text() + "; skipped"});
    return false;
  }
  out.reset(obj);
  return true;
}

std::uint64_t elapsed_ms(std::chrono::steady_clock::time_point since) {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - since).count());
}

// Sends sorted findings and diagnostics to the sink, honouring a stop.
void deliver(std::vector<finding>& found, std::vector<diagnostic>& diags, scan_stats& stats, finding_sink& sink,
             const scan_options& options) {
  const std::size_t keep_per_kind = options.diagnostics_per_kind;
  std::stable_sort(found.begin(), found.end(), [](const finding& a, const finding& b) {
    return std::tie(a.path, a.line, a.column, a.rule_id) < std::tie(b.path, b.line, b.column, b.rule_id);
  });
  std::set<std::string> fingerprints;
  for (auto& d : diags) {
    sink.on_diagnostic(d);
    add_diagnostic(stats, std::move(d), keep_per_kind);
  }
  for (const auto& f : found) {
    if (detail::scan_limit_reached(options.max_findings_per_scan, stats, sink, keep_per_kind)) break;
    ++stats.findings;
    fingerprints.insert(f.fingerprint);
    if (sink.on_finding(f) == sink_action::stop) {
      stats.stopped = true;
      break;
    }
  }
  stats.unique_secrets = fingerprints.size();
}

// A limited scan (--branch, --since-commit, --range) need not read the blob
// HEAD holds at a finding's path, and a secret still there would then look
// removed. Reads those HEAD blobs (once per path) and marks what they hold.
void settle_in_head(git_repository* repo, const scanner& sc, const history& h, std::vector<finding>& found) {
  if (std::all_of(found.begin(), found.end(), [](const finding& f) { return f.git->in_head; })) return;
  std::unordered_map<std::string, git_oid> head_blob;  // path -> blob at HEAD
  for (const auto& [path, blob] : h.head_blobs) head_blob.emplace(h.paths.path(path), blob);
  git_odb* odb_raw = nullptr;
  if (git_repository_odb(&odb_raw, repo) != 0) return;
  odb_ptr odb(odb_raw);
  detail::match_scratch scratch;
  std::unordered_map<std::string, std::set<std::pair<std::string, std::string>>> held;  // path -> (fingerprint, rule)
  for (auto& f : found) {
    if (f.git->in_head) continue;
    const auto at_head = head_blob.find(f.path);
    if (at_head == head_blob.end()) continue;  // the path is gone from HEAD
    const git_oid& oid = at_head->second;
    if (h.blob_index.find(object_id_of(oid))) continue;  // read already
    auto it = held.find(f.path);
    if (it == held.end()) {
      it = held.emplace(f.path, std::set<std::pair<std::string, std::string>>{}).first;
      object_ptr obj;
      std::vector<diagnostic> ignored;
      if (read_blob(odb.get(), oid, f.path, sc.options(), obj, ignored)) {
        const std::string_view data(static_cast<const char*>(git_odb_object_data(obj.get())),
                                    git_odb_object_size(obj.get()));
        std::vector<finding> at;
        detail::buffer_counters counters;
        detail::scan_one_buffer(sc.rules().compiled(), sc.options(), data, origin{f.path, std::nullopt}, scratch, at,
                                nullptr, counters);
        for (const auto& g : at) it->second.emplace(g.fingerprint, g.rule_id);
      }
    }
    if (it->second.count({f.fingerprint, f.rule_id})) f.git->in_head = true;
  }
}

}  // namespace

result<scan_stats> scan_git_history(const scanner& sc, const std::string& repo_path, const git_scan_options& o,
                                    finding_sink& sink) {
  if (status key = fingerprint_key_status(); !key) return key;
  const auto started = std::chrono::steady_clock::now();
  auto repo = open_repository(repo_path);
  if (!repo) return repo.error();
  const scan_options& so = sc.options();
  history h;
  const bool lazy_clone = is_partial_clone(repo->get());
  if (git_repository_is_shallow(repo->get()) == 1)
    h.diagnostics.push_back({diagnostic::kind::not_in_clone, repo_path, 0,
                             "shallow clone: commits before the shallow boundary are not scanned"});
  // A large history with NHI_ENGINE=vectorscan: its prefilter is built (or
  // loaded from its cache) on the other core while this one walks the commits.
  struct joiner {
    std::thread t;
    ~joiner() {
      if (t.joinable()) t.join();
    }
  } fast_builder;
  if (detail::fast_prefilter_enabled() && detail::pack_bytes(git_repository_path(repo->get())) >= (16u << 20))
    fast_builder.t = std::thread([&sc] { detail::prepare_fast_prefilter(sc.rules().compiled()); });
  // The packs, opened once for the walk's tree readers and the blob reader.
  const auto packs = detail::open_pack_files(git_repository_commondir(repo->get()));
  if (status s = keep_off_refused_packs(repo->get(), *packs); !s) return s;
  for (const auto& refused : detail::refused_packs(*packs))
    h.diagnostics.push_back({diagnostic::kind::corrupt_object, refused.pack, 0,
                             "pack refused: " + refused.reason +
                                 "; no object is read from it (by nhi or by libgit2), each one needed is reported"});
  detail::progress_meter progress(so.progress, started);
  progress.begin(scan_progress::phase::listing, 0);
  if (status s = collect_history(repo->get(), repo_path, packs, o, so, h); !s) return s;
  const auto blobs_to_read = static_cast<std::uint64_t>(
      std::count_if(h.blobs.begin(), h.blobs.end(), [](const blob_record& b) { return !b.paths.empty(); }));
  progress.add(blobs_to_read, 0);
  progress.finish();
  progress.begin(scan_progress::phase::scanning, blobs_to_read);
  if (h.no_commit_readable) return status(errc::corrupt, "no commit of the repository could be read", repo_path);
  if (fast_builder.t.joinable()) fast_builder.t.join();

  scan_stats stats;
  stats.source = "git";
  stats.rules = sc.rules().size();
  std::mutex mu;
  std::vector<finding> found;
  std::vector<std::uint32_t> found_commit;  // walk index of each finding's commit, for "earliest"
  std::atomic<std::size_t> next{0};
  std::atomic<std::uint64_t> unreadable{0};
  const std::string git_dir = git_repository_path(repo->get());

  // Blobs come straight out of the pack files where they can (pack_reader.hpp:
  // each entry inflated once, each delta applied once, heaviest delta trees
  // first); the rest (loose objects, alternates, anything the reader refuses)
  // through libgit2 afterwards.
  detail::pack_blob_reader blob_reader(packs);
  std::vector<std::size_t> via_libgit2;
  {
    std::vector<std::string> wanted(h.blobs.size());
    for (std::size_t i = 0; i < h.blobs.size(); ++i)
      if (!h.blobs[i].paths.empty()) wanted[i].assign(reinterpret_cast<const char*>(h.blobs[i].oid.id), GIT_OID_RAWSZ);
    via_libgit2 = blob_reader.plan(wanted, so.max_file_size);
  }
  for (const std::size_t i : blob_reader.too_deep()) {
    h.diagnostics.push_back({diagnostic::kind::corrupt_object, h.path(h.blobs[i].paths.front()), 0,
                             "cannot read blob " + oid_hex(h.blobs[i].oid) + ": " + too_deep_text()});
    ++stats.files_skipped;
    ++unreadable;
    progress.add(1, 0);
  }
  std::atomic<std::size_t> next_task{0};

  // phase 0: the pack reader's tasks; phase 1: via_libgit2 (what phase 0 handed back included).
  auto worker = [&](int phase) {
    std::vector<diagnostic> diags;
    repo_ptr r;
    odb_ptr odb;
    if (phase == 1) {
      // One repository handle per worker: libgit2 objects are not shared across threads.
      git_repository* raw = nullptr;
      git_odb* odb_raw = nullptr;
      if (git_repository_open_bare(&raw, git_dir.c_str()) != 0 || !keep_off_refused_packs(raw, *packs) ||
          git_repository_odb(&odb_raw, raw) != 0) {
        std::lock_guard<std::mutex> lock(mu);
        h.diagnostics.push_back({diagnostic::kind::error, repo_path, 0, "cannot open repository: " + git_error_text()});
        if (raw) git_repository_free(raw);
        return;
      }
      r.reset(raw);
      odb.reset(odb_raw);
    }
    detail::match_scratch scratch;
    std::vector<finding> local;
    std::vector<std::uint32_t> local_commit;
    std::uint64_t scanned = 0, bytes = 0, skipped = 0, suppressed = 0;
    auto scan_blob = [&](const blob_record& b, std::string_view data) {
      const std::string blob_hex = oid_hex(b.oid);
      origin where{h.path(b.paths.front()), h.commits[b.paths.front().commit].prov};
      where.git->blob_id = blob_hex;
      // Detectors (and the structure analyzer) see whether any path of this blob is at HEAD.
      where.git->in_head = false;
      for (const auto& p : b.paths)
        if (h.in_head(b.oid, p.path)) {
          where.path = h.path(p);
          where.git->in_head = true;
          break;
        }
      std::vector<finding> blob_findings;
      detail::buffer_counters counters;
      detail::scan_one_buffer(sc.rules().compiled(), so, data, where, scratch, blob_findings, &diags, counters);
      suppressed += counters.suppressed;
      if (counters.binary) {
        ++skipped;
        progress.add(1, 0);
        return;
      }
      ++scanned;
      bytes += data.size();
      progress.add(1, data.size());
      // The blob's findings hold at every path it appeared at.
      for (const auto& p : b.paths) {
        for (const auto& f : blob_findings) {
          finding copy = f;
          copy.path = h.path(p);
          copy.git = h.commits[p.commit].prov;
          copy.git->blob_id = blob_hex;
          copy.git->in_head = h.in_head(b.oid, p.path);
          local.push_back(std::move(copy));
          local_commit.push_back(p.commit);
        }
      }
    };
    if (phase == 0) {
      std::vector<std::size_t> failed;
      for (;;) {
        const std::size_t t = next_task.fetch_add(1);
        if (t >= blob_reader.task_count()) break;
        blob_reader.run(
            t, [&](std::size_t i, std::string_view data) { scan_blob(h.blobs[i], data); },
            [&](std::size_t i, std::uint64_t size) {
              diags.push_back(too_large_diagnostic(h.blobs[i].oid, h.path(h.blobs[i].paths.front()), size));
              ++skipped;  // over the limit by the user's choice: not unreadable
              progress.add(1, 0);
            },
            failed);
      }
      std::lock_guard<std::mutex> lock(mu);
      via_libgit2.insert(via_libgit2.end(), failed.begin(), failed.end());
    } else {
      for (;;) {
        const std::size_t k = next.fetch_add(1);
        if (k >= via_libgit2.size()) break;
        const blob_record& b = h.blobs[via_libgit2[k]];
        if (b.paths.empty()) continue;
        object_ptr obj;
        if (!read_blob(odb.get(), b.oid, h.path(b.paths.front()), so, obj, diags, lazy_clone)) {
          ++skipped;
          if (!diags.empty() && diags.back().what == diagnostic::kind::corrupt_object) ++unreadable;
          progress.add(1, 0);
          continue;
        }
        scan_blob(b, std::string_view(static_cast<const char*>(git_odb_object_data(obj.get())),
                                      git_odb_object_size(obj.get())));
      }
    }
    std::lock_guard<std::mutex> lock(mu);
    found.insert(found.end(), local.begin(), local.end());
    found_commit.insert(found_commit.end(), local_commit.begin(), local_commit.end());
    h.diagnostics.insert(h.diagnostics.end(), diags.begin(), diags.end());
    stats.files_scanned += scanned;
    stats.bytes_scanned += bytes;
    stats.files_skipped += skipped;
    stats.suppressed += suppressed;
  };
  unsigned threads = so.threads ? so.threads : std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(1, h.blobs.size())));
  for (int phase = 0; phase < 2; ++phase) {
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker, phase);
    worker(phase);
    for (auto& t : pool) t.join();
  }
  progress.finish();

  if (!h.blobs.empty() && unreadable.load() == h.blobs.size())
    return status(errc::corrupt, "no blob of the repository could be read", repo_path);

  // One finding per (secret, path, rule): the earliest commit, in HEAD if any version at HEAD holds it.
  std::map<std::tuple<std::string, std::string, std::string>, std::size_t> first;
  std::vector<finding> unique;
  std::vector<std::uint32_t> unique_commit;
  for (std::size_t i = 0; i < found.size(); ++i) {
    auto key = std::make_tuple(found[i].fingerprint, found[i].path, found[i].rule_id);
    auto it = first.find(key);
    if (it == first.end()) {
      first.emplace(std::move(key), unique.size());
      unique.push_back(found[i]);
      unique_commit.push_back(found_commit[i]);
      continue;
    }
    finding& kept = unique[it->second];
    const bool in_head = kept.git->in_head || found[i].git->in_head;
    if (found_commit[i] < unique_commit[it->second]) {
      kept = found[i];
      unique_commit[it->second] = found_commit[i];
    }
    kept.git->in_head = in_head;
  }
  settle_in_head(repo->get(), sc, h, unique);
  deliver(unique, h.diagnostics, stats, sink, so);
  stats.duration_ms = elapsed_ms(started);
  return stats;
}

result<scan_stats> scan_git_staged(const scanner& sc, const std::string& repo_path, finding_sink& sink) {
  if (status key = fingerprint_key_status(); !key) return key;
  const auto started = std::chrono::steady_clock::now();
  auto repo = open_repository(repo_path);
  if (!repo) return repo.error();
  git_repository* r = repo->get();
  if (git_repository_is_bare(r) == 1)
    return status(errc::invalid_argument, "a bare repository has no index to scan", repo_path);
  const scan_options& so = sc.options();

  // What `git commit` is about to record. git stages `commit -a` and `commit
  // PATH...` into a temporary index and names it in GIT_INDEX_FILE for the
  // pre-commit hook; libgit2 does not look at that variable, so we do.
  git_index* idx_raw = nullptr;
  const char* index_file = std::getenv("GIT_INDEX_FILE");
  if (index_file && *index_file) {
    if (git_index_open(&idx_raw, index_file) != 0)
      return status(errc::io_error, "cannot read the index named by GIT_INDEX_FILE: " + git_error_text(), index_file);
  } else if (git_repository_index(&idx_raw, r) != 0) {
    return status(errc::io_error, "cannot read the index: " + git_error_text(), repo_path);
  }
  index_ptr index(idx_raw);
  const tree_ptr head = head_tree(r);

  git_diff_options dopts = GIT_DIFF_OPTIONS_INIT;
  dopts.context_lines = 0;
  dopts.interhunk_lines = 0;
  git_diff* diff_raw = nullptr;
  if (git_diff_tree_to_index(&diff_raw, r, head.get(), index.get(), &dopts) != 0)
    return status(errc::internal, "cannot compare the index with HEAD: " + git_error_text(), repo_path);
  diff_ptr diff(diff_raw);

  git_odb* odb_raw = nullptr;
  if (git_repository_odb(&odb_raw, r) != 0) return status(errc::internal, "cannot open the object database");
  odb_ptr odb(odb_raw);

  scan_stats stats;
  stats.source = "staged";
  stats.rules = sc.rules().size();
  std::vector<finding> found;
  std::vector<diagnostic> diags;
  detail::match_scratch scratch;
  const std::size_t deltas = git_diff_num_deltas(diff.get());
  for (std::size_t i = 0; i < deltas; ++i) {
    const git_diff_delta* d = git_diff_get_delta(diff.get(), i);
    if (d->status == GIT_DELTA_DELETED || d->new_file.mode == GIT_FILEMODE_LINK ||
        d->new_file.mode == GIT_FILEMODE_COMMIT)
      continue;
    const std::string path = d->new_file.path ? d->new_file.path : "";
    if (excluded(so, path)) {
      ++stats.files_excluded;
      continue;
    }
    // The staged lines: additions in the HEAD-to-index diff.
    std::set<std::uint64_t> added;
    git_patch* patch_raw = nullptr;
    if (git_patch_from_diff(&patch_raw, diff.get(), i) == 0 && patch_raw) {
      patch_ptr patch(patch_raw);
      for (std::size_t hunk = 0; hunk < git_patch_num_hunks(patch.get()); ++hunk) {
        const int lines = git_patch_num_lines_in_hunk(patch.get(), hunk);
        for (int l = 0; l < lines; ++l) {
          const git_diff_line* line = nullptr;
          if (git_patch_get_line_in_hunk(&line, patch.get(), hunk, static_cast<std::size_t>(l)) == 0 &&
              line->origin == GIT_DIFF_LINE_ADDITION)
            added.insert(static_cast<std::uint64_t>(line->new_lineno));
        }
      }
    }
    object_ptr obj;
    if (!read_blob(odb.get(), d->new_file.id, path, so, obj, diags)) {
      ++stats.files_skipped;
      continue;
    }
    const std::string_view data(static_cast<const char*>(git_odb_object_data(obj.get())),
                                git_odb_object_size(obj.get()));
    std::vector<finding> blob_findings;
    detail::buffer_counters counters;
    detail::scan_one_buffer(sc.rules().compiled(), so, data, origin{path, std::nullopt}, scratch, blob_findings,
                            &diags, counters);
    stats.suppressed += counters.suppressed;
    if (counters.binary) {
      ++stats.files_skipped;
      continue;
    }
    ++stats.files_scanned;
    stats.bytes_scanned += data.size();
    for (auto& f : blob_findings)
      if (added.count(f.line)) found.push_back(std::move(f));
  }
  deliver(found, diags, stats, sink, sc.options());
  stats.duration_ms = elapsed_ms(started);
  return stats;
}

NHI_END_NAMESPACE

NHI_BEGIN_NAMESPACE

namespace {
constexpr const char* kHookMarker = "# Installed by `nhi hook install`";

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}
}  // namespace

result<std::string> install_pre_commit_hook(const std::string& repo_path, const std::string& nhi_command, bool force) {
  auto repo = open_repository(repo_path);
  if (!repo) return repo.error();
  git_repository* r = repo->get();
  if (git_repository_is_bare(r) == 1)
    return status(errc::invalid_argument, "a bare repository has no commits to hook", repo_path);

  // core.hooksPath wins over .git/hooks, as it does for git itself.
  std::string hooks_dir = std::string(git_repository_path(r)) + "hooks";
  git_config* cfg = nullptr;
  if (git_repository_config_snapshot(&cfg, r) == 0) {
    const char* value = nullptr;
    if (git_config_get_string(&value, cfg, "core.hooksPath") == 0 && value && *value) {
      hooks_dir = value;
      if (hooks_dir[0] != '/') hooks_dir = std::string(git_repository_workdir(r)) + hooks_dir;
    }
    git_config_free(cfg);
  }
  std::error_code ec;
  std::filesystem::create_directories(hooks_dir, ec);
  if (ec) return status(errc::io_error, "cannot create hooks directory: " + ec.message(), hooks_dir);
  const std::string hook = hooks_dir + "/pre-commit";

  if (std::filesystem::exists(hook, ec) && !force) {
    std::ifstream existing(hook);
    std::string text((std::istreambuf_iterator<char>(existing)), std::istreambuf_iterator<char>());
    if (text.find(kHookMarker) == std::string::npos)
      return status(errc::invalid_argument,
                    "a pre-commit hook already exists; add `nhi scan --staged .` to it, or use --force to replace it",
                    hook);
  }
  std::ofstream out(hook, std::ios::trunc);
  if (!out) return status(errc::io_error, "cannot write hook", hook);
  out << "#!/bin/sh\n"
      << kHookMarker << ": blocks commits that add secrets.\n"
      << "# A known test value: put `nhi:allow` in a comment on its line, or record it with\n"
      << "# `nhi baseline create -o .nhi-baseline.json` and commit the baseline.\n"
      << "NHI=" << shell_quote(nhi_command) << "\n"
      << "command -v \"$NHI\" >/dev/null 2>&1 || NHI=nhi\n"
      << "if [ -f .nhi-baseline.json ]; then\n"
      << "  exec \"$NHI\" scan --staged --baseline .nhi-baseline.json .\n"
      << "fi\n"
      << "exec \"$NHI\" scan --staged .\n";
  out.close();
  if (!out) return status(errc::io_error, "cannot write hook", hook);
  std::filesystem::permissions(hook, std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
                                         std::filesystem::perms::group_exec | std::filesystem::perms::others_read |
                                         std::filesystem::perms::others_exec,
                               ec);
  if (ec) return status(errc::io_error, "cannot make the hook executable: " + ec.message(), hook);
  return hook;
}

result<std::map<std::string, std::string>> git_author_activity(const std::string& repo_path) {
  auto repo = open_repository(repo_path);
  if (!repo) return repo.error();
  git_revwalk* raw = nullptr;
  if (git_revwalk_new(&raw, repo->get()) != 0) return status(errc::internal, "cannot walk history: " + git_error_text());
  walk_ptr walk(raw);
  git_revwalk_push_glob(raw, "*");
  git_revwalk_push_head(raw);  // fails harmlessly on an unborn HEAD
  std::map<std::string, git_time_t> latest;
  git_oid id;
  while (git_revwalk_next(&id, raw) == 0) {
    git_commit* c = nullptr;
    if (git_commit_lookup(&c, repo->get(), &id) != 0) continue;  // a missing commit: skip, as the scan does
    commit_ptr commit(c);
    const git_signature* author = git_commit_author(c);
    if (!author || !author->email) continue;
    auto& t = latest[author->email];
    t = std::max(t, author->when.time);
  }
  std::map<std::string, std::string> out;
  for (const auto& [email, t] : latest) out.emplace(email, iso8601(t));
  return out;
}

NHI_END_NAMESPACE
