// SPDX-License-Identifier: Apache-2.0
// Running a plugin's sources: each blob goes through the same per-buffer
// pipeline as a file, on the thread that runs the source.
#include <chrono>
#include <set>

#include "nhi/plugins.hpp"
#include "plugin/abi.hpp"
#include "plugin/module.hpp"
#include "source/buffer_scan.hpp"

NHI_BEGIN_NAMESPACE
namespace {

// blob_emit has checked every string of the blob.
std::string text_of(nhi_str s) { return s.ptr ? std::string(s.ptr, s.len) : std::string(); }

origin origin_of(const nhi_blob& blob) {
  origin where;
  where.path = text_of(blob.path);
  if (blob.commit.len > 0) {
    git_provenance git;
    git.blob_id = text_of(blob.blob_id);
    git.commit = text_of(blob.commit);
    git.author = text_of(blob.author);
    git.author_email = text_of(blob.author_email);
    git.date = text_of(blob.date);
    git.in_head = blob.in_head != 0;
    where.git = std::move(git);
  }
  return where;
}

// The state of one run_sources call, shared by every blob.
struct source_run {
  const scanner& scan;
  finding_sink& sink;
  scan_stats stats;
  std::set<std::string> fingerprints;
  detail::match_scratch scratch;
  std::vector<finding> found;
  std::vector<diagnostic> diags;

  int scan_blob(const nhi_blob& blob) {
    if (stats.stopped) return NHI_STOP;
    const origin where = origin_of(blob);
    const std::string_view data = blob.data.ptr ? std::string_view(blob.data.ptr, blob.data.len) : std::string_view();
    const auto& options = scan.options();
    if (data.size() > options.max_file_size) {
      ++stats.files_skipped;
      deliver_diagnostic({diagnostic::kind::too_large, where.path, 0,
                          "blob of " + std::to_string(data.size()) + " bytes exceeds the size limit of " +
                              std::to_string(options.max_file_size) + "; skipped"});
      return NHI_OK;
    }
    found.clear();
    diags.clear();
    detail::buffer_counters counters;
    detail::scan_one_buffer(scan.rules().compiled(), options, data, where, scratch, found, &diags, counters);
    if (counters.binary) {
      ++stats.files_skipped;
    } else {
      ++stats.files_scanned;
      stats.bytes_scanned += data.size();
    }
    stats.suppressed += counters.suppressed;
    for (auto& d : diags) deliver_diagnostic(std::move(d));
    for (const auto& f : found) {
      ++stats.findings;
      fingerprints.insert(f.fingerprint);
      if (sink.on_finding(f) == sink_action::stop) {
        stats.stopped = true;
        return NHI_STOP;
      }
    }
    return NHI_OK;
  }

  void deliver_diagnostic(diagnostic d) {
    sink.on_diagnostic(d);
    add_diagnostic(stats, std::move(d), scan.options().diagnostics_per_kind);
  }
};

}  // namespace

result<scan_stats> plugin::run_sources(const scanner& scanner, finding_sink& sink) const {
  const auto started = std::chrono::steady_clock::now();
  source_run run{scanner, sink, {}, {}, {}, {}, {}};
  run.stats.source = "plugin";
  run.stats.rules = scanner.rules().size();
  for (const nhi_source* source : module_->sources) {
    if (run.stats.stopped) break;
    detail::source_ctx ctx;
    ctx.emit = [&run](const nhi_blob& blob) { return run.scan_blob(blob); };
    const int rc = source->run(module_->state, &ctx);
    const std::string who = "source '" + module_->name + "/" + source->name + "': ";
    if (ctx.failure) return status(ctx.failure->code(), who + ctx.failure->message(), module_->path);
    if (rc < 0) return status(detail::errc_from_code(rc), who + detail::failure_message(ctx, rc), module_->path);
  }
  run.stats.unique_secrets = run.fingerprints.size();
  run.stats.duration_ms = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count());
  return std::move(run.stats);
}

NHI_END_NAMESPACE
