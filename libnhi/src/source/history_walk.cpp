// SPDX-License-Identifier: Apache-2.0
#include "source/history_walk.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>
#include <tuple>
#include <unordered_set>

#include "source/buffer_scan.hpp"
#include "source/commit_lister.hpp"
#include "source/commit_reader.hpp"
#include "source/git_common.hpp"

namespace nhi::detail {
namespace {

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

// Walks the trees of commits [begin, end) of `commits` (`trees` holds each
// one's tree, as the lister read it) into `part` (its own paths, blobs and
// seen trees). `boundary` commits' trees count as seen (--range, --since-commit).
void walk_commits(git_repository* repo, tree_reader& reader, const std::vector<git_oid>& commits,
                  const std::vector<git_oid>& trees, std::size_t begin, std::size_t end,
                  const std::vector<git_oid>& boundary, const scan_options& so, history& part) {
  std::unordered_set<git_oid, oid_hash, oid_equal> boundary_blobs;
  for (const git_oid& b : boundary) mark_boundary(repo, reader, b, part, boundary_blobs);
  // --exclude globs, matched once per distinct path.
  std::vector<signed char> excluded_path;  // by path id: -1 not yet known
  auto is_excluded = [&](std::uint32_t path) {
    if (excluded_path.size() <= path) excluded_path.resize(part.paths.size(), -1);
    if (excluded_path[path] < 0) excluded_path[path] = excluded(so, part.paths.path(path)) ? 1 : 0;
    return excluded_path[path] == 1;
  };
  last_versions last;  // each directory's last version, to skip what it held
  for (std::size_t k = begin; k < end; ++k) {
    const auto commit_index = static_cast<std::uint32_t>(k);
    std::string error;
    const bool walked = walk_tree(reader, trees[k], part.paths, &part.seen_trees, part.diagnostics, error,
                                  [&](const git_oid& blob, std::uint32_t path) {
      if (!boundary_blobs.empty() && boundary_blobs.count(blob)) return;
      if (!so.exclude_globs.empty() && is_excluded(path)) return;
      part.add_blob(blob, {path, commit_index});
    }, &part.submodule_paths, &last);
    if (!walked)
      part.diagnostics.push_back({diagnostic::kind::corrupt_object, "", 0,
                                  "cannot read tree " + oid_hex(trees[k]) + " of commit " +
                                      oid_hex(commits[k]) + ": " + error});
  }
}

// Adds a later slice of the history to `h`. A (blob, path) both hold keeps
// h's (earlier) commit, so the result is what one walk in order would give.
void merge_history(history& h, history& later) {
  std::vector<std::uint32_t> path_id(later.paths.size());  // later's path ids -> h's
  path_id[path_table::kRoot] = path_table::kRoot;
  for (std::uint32_t id = 1; id < later.paths.size(); ++id)  // a parent's id is below its children's
    path_id[id] = h.paths.child(path_id[later.paths.parent(id)], later.paths.name(id));
  h.blobs.reserve(h.blobs.size() + later.blobs.size());
  for (const blob_record& b : later.blobs)
    for (const path_seen& p : later.paths_of(b)) h.add_blob(b.oid, {path_id[p.path], p.commit});
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
// Packs holding fewer objects are listed on one thread (commit_prefetch.hpp).
constexpr std::size_t kReadAheadFrom = std::size_t(1) << 16;

// The commits `o` selects into h.commits, their trees into `trees`, and the
// boundary commits whose trees count as seen. The lister's tables (a node per
// commit reached, hidden ones included) are freed before the walk starts.
status list_commits(git_repository* repo, const std::shared_ptr<const pack_files>& packs, const git_scan_options& o,
                    bool read_ahead, history& h, std::vector<git_oid>& trees, std::vector<git_oid>& boundary) {
  commit_lister lister(repo, packs, h.diagnostics, read_ahead);
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
  commit_lister::listing listed = lister.list();
  h.commits = std::move(listed.commits);
  trees = std::move(listed.trees);
  h.no_commit_readable = lister.nothing_readable();
  return status::ok();
}

}  // namespace

void history::add_blob(const git_oid& oid, path_seen seen) {
  const auto [at, inserted] = blob_index.emplace(object_id_of(oid), static_cast<std::uint32_t>(blobs.size()));
  if (inserted) {
    blobs.push_back({oid, seen, blob_record::kEnd});
    return;
  }
  blob_record& b = blobs[*at];
  if (b.first.path == seen.path) return;
  std::uint32_t* tail = &b.more;
  for (; *tail != blob_record::kEnd; tail = &more_paths[*tail].next)
    if (more_paths[*tail].seen.path == seen.path) return;
  *tail = static_cast<std::uint32_t>(more_paths.size());
  more_paths.push_back({seen, blob_record::kEnd});
}

git_provenance commit_provenance(git_repository* repo, const history& h, std::uint32_t index) {
  git_provenance prov;
  commit_fields c;
  std::string error;
  if (index >= h.commits.size() || !read_commit(repo, h.commits[index], c, error)) return prov;
  prov.commit = oid_hex(h.commits[index]);
  prov.author = c.author_name;
  prov.author_email = c.author_email;
  prov.date = c.author_time > 0 ? iso8601(c.author_time) : "";
  return prov;
}

status collect_history(git_repository* repo, const std::string& repo_path,
                       const std::shared_ptr<const pack_files>& packs, const git_scan_options& o,
                       const scan_options& so, history& h) {
  std::vector<git_oid> trees, boundary;  // trees: each listed commit's, until the walk ends
  const unsigned threads = worker_threads(so);
  // The commits are read ahead on a second thread when there is a core for
  // it and enough of them for the thread to pay; not for a --range, which
  // lists a few commits of what may be a long history.
  std::size_t objects = 0;
  for (std::uint32_t pk = 0; pk < pack_count(*packs); ++pk) objects += pack_object_count(*packs, pk);
  const bool read_ahead = threads > 1 && objects >= kReadAheadFrom && o.range.empty();
  if (status s = list_commits(repo, packs, o, read_ahead, h, trees, boundary); !s) return s;
  const std::vector<git_oid>& order = h.commits;

  // Long histories are cut into consecutive slices walked in parallel, one
  // repository handle per worker, then merged in order. A slice re-reads the
  // trees of its first commit that an earlier slice had seen: one tree's worth.
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
      walk_commits(r, reader, order, trees, order.size() * k / slices, order.size() * (k + 1) / slices, boundary,
                   so, parts[k]);
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
  std::vector<git_oid>().swap(trees);  // only the walk needed them

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

}  // namespace nhi::detail
