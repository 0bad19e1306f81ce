// SPDX-License-Identifier: Apache-2.0
// `nhi scan --staged`: what `git commit` is about to record, for the
// pre-commit hook: the lines the index adds over HEAD.
#include <git2.h>

#include <chrono>
#include <cstdlib>
#include <set>

#include "nhi/git.hpp"
#include "source/buffer_scan.hpp"
#include "source/git_common.hpp"
#include "source/git_handles.hpp"

NHI_BEGIN_NAMESPACE

namespace {
using detail::deliver;
using detail::diff_ptr;
using detail::elapsed_ms;
using detail::excluded;
using detail::git_error_text;
using detail::head_tree;
using detail::index_ptr;
using detail::object_ptr;
using detail::odb_ptr;
using detail::open_repository;
using detail::patch_ptr;
using detail::read_blob;
using detail::repo_ptr;
using detail::tree_ptr;
}  // namespace

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
