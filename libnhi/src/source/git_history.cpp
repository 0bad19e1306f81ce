// SPDX-License-Identifier: Apache-2.0
// `nhi scan --git`: the history walk (history_walk.hpp) lists every blob of
// the history once, with where it first appeared; then each blob is read and
// matched exactly once, in parallel, mostly straight from the pack files
// (pack_reader.hpp); its findings are copied to every path the blob appeared
// at, and each secret is reported once per path, at its earliest commit.
#include <git2.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <tuple>
#include <unordered_map>

#include "nhi/git.hpp"
#include "source/buffer_scan.hpp"
#include "source/git_common.hpp"
#include "source/git_handles.hpp"
#include "source/history_walk.hpp"
#include "source/pack_reader.hpp"
#include "source/progress_meter.hpp"

NHI_BEGIN_NAMESPACE

namespace {
using detail::blob_record;
using detail::commit_provenance;
using detail::deliver;
using detail::elapsed_ms;
using detail::excluded;
using detail::git_error_text;
using detail::head_tree;
using detail::history;
using detail::index_ptr;
using detail::is_partial_clone;
using detail::keep_off_refused_packs;
using detail::object_id_of;
using detail::object_ptr;
using detail::odb_ptr;
using detail::oid_hex;
using detail::open_repository;
using detail::path_seen;
using detail::read_blob;
using detail::repo_ptr;
using detail::too_deep_text;
using detail::too_large_diagnostic;
using detail::tree_ptr;

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
  detail::release_free_memory();  // what the walkers held (tree caches, slices)
  const auto blobs_to_read = static_cast<std::uint64_t>(h.blobs.size());
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
  const unsigned threads = detail::worker_threads(so);
  via_libgit2 = blob_reader.plan(
      h.blobs.size(), [&](std::size_t i) { return h.blobs[i].oid.id; }, so.max_file_size, threads);
  detail::release_free_memory();  // the plan's index
  for (const std::size_t i : blob_reader.too_deep()) {
    h.diagnostics.push_back({diagnostic::kind::corrupt_object, h.path(h.blobs[i].first), 0,
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
    // Detectors beyond the rules see the provenance of the blob's first path;
    // the rules need none of it (findings get theirs after the scan), so
    // commits are read again here only when there are such detectors.
    repo_ptr commit_repo;
    std::unordered_map<std::uint32_t, git_provenance> commit_memo;
    auto provenance_for_detectors = [&](std::uint32_t commit) -> git_provenance {
      if (so.detectors.empty()) return git_provenance{};
      if (!commit_repo) {
        auto opened = open_repository(repo_path);
        if (!opened) return git_provenance{};
        commit_repo = std::move(*opened);
      }
      if (commit_memo.size() > 4096) commit_memo.clear();
      auto it = commit_memo.find(commit);
      if (it == commit_memo.end()) it = commit_memo.emplace(commit, commit_provenance(commit_repo.get(), h, commit)).first;
      return it->second;
    };
    auto scan_blob = [&](const blob_record& b, std::string_view data, const detail::blob_lineage* lineage) {
      const std::string blob_hex = oid_hex(b.oid);
      origin where{h.path(b.first), provenance_for_detectors(b.first.commit)};
      where.git->blob_id = blob_hex;
      // Detectors (and the structure analyzer) see whether any path of this blob is at HEAD.
      where.git->in_head = false;
      for (const path_seen& p : h.paths_of(b))
        if (h.in_head(b.oid, p.path)) {
          where.path = h.path(p);
          where.git->in_head = true;
          break;
        }
      std::vector<finding> blob_findings;
      detail::buffer_counters counters;
      // A blob from a delta chain is prefiltered around what its delta changed
      // (matcher.hpp, delta_context); its findings are the same.
      const detail::delta_context delta{data, lineage ? lineage->changed : nullptr, lineage ? lineage->base : nullptr,
                                        lineage ? lineage->record : nullptr};
      scratch.delta = lineage ? &delta : nullptr;
      detail::scan_one_buffer(sc.rules().compiled(), so, data, where, scratch, blob_findings, &diags, counters);
      scratch.delta = nullptr;
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
      for (const path_seen& p : h.paths_of(b)) {
        for (const auto& f : blob_findings) {
          finding copy = f;
          copy.path = h.path(p);
          copy.git = git_provenance{};  // commit, author and date: after the scan
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
            t,
            [&](std::size_t i, std::string_view data, const detail::blob_lineage& lineage) {
              scan_blob(h.blobs[i], data, &lineage);
            },
            [&](std::size_t i, std::uint64_t size) {
              diags.push_back(too_large_diagnostic(h.blobs[i].oid, h.path(h.blobs[i].first), size));
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
        object_ptr obj;
        if (!read_blob(odb.get(), b.oid, h.path(b.first), so, obj, diags, lazy_clone)) {
          ++skipped;
          if (!diags.empty() && diags.back().what == diagnostic::kind::corrupt_object) ++unreadable;
          progress.add(1, 0);
          continue;
        }
        scan_blob(b,
                  std::string_view(static_cast<const char*>(git_odb_object_data(obj.get())),
                                   git_odb_object_size(obj.get())),
                  nullptr);
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
  const unsigned workers = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(1, h.blobs.size())));
  for (int phase = 0; phase < 2; ++phase) {
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < workers; ++t) pool.emplace_back(worker, phase);
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
  // Each finding's commit, author and date, read once per commit named.
  std::unordered_map<std::uint32_t, git_provenance> provenance;
  for (std::size_t k = 0; k < unique.size(); ++k) {
    auto it = provenance.find(unique_commit[k]);
    if (it == provenance.end())
      it = provenance.emplace(unique_commit[k], commit_provenance(repo->get(), h, unique_commit[k])).first;
    git_provenance& g = *unique[k].git;
    g.commit = it->second.commit;
    g.author = it->second.author;
    g.author_email = it->second.author_email;
    g.date = it->second.date;
  }
  settle_in_head(repo->get(), sc, h, unique);
  deliver(unique, h.diagnostics, stats, sink, so);
  stats.duration_ms = elapsed_ms(started);
  return stats;
}

NHI_END_NAMESPACE
