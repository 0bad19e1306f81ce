// SPDX-License-Identifier: Apache-2.0
#include "nhi/scanner.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <mutex>
#include <set>
#include <thread>

#include "source/buffer_scan.hpp"
#include "source/file_walker.hpp"
#include "source/progress_meter.hpp"

NHI_BEGIN_NAMESPACE

const char* diagnostic_kind_name(diagnostic::kind k) noexcept {
  switch (k) {
    case diagnostic::kind::unreadable: return "unreadable";
    case diagnostic::kind::binary: return "binary";
    case diagnostic::kind::too_large: return "too_large";
    case diagnostic::kind::long_line: return "long_line";
    case diagnostic::kind::invalid_utf8: return "invalid_utf8";
    case diagnostic::kind::special_file: return "special_file";
    case diagnostic::kind::symlink: return "symlink";
    case diagnostic::kind::corrupt_object: return "corrupt_object";
    case diagnostic::kind::error: return "error";
    case diagnostic::kind::not_in_clone: return "not_in_clone";
    case diagnostic::kind::submodule: return "submodule";
  }
  return "error";
}

bool makes_scan_incomplete(diagnostic::kind k) noexcept {
  return k == diagnostic::kind::unreadable || k == diagnostic::kind::corrupt_object || k == diagnostic::kind::error;
}

std::uint64_t incomplete_count(const scan_stats& stats) noexcept {
  std::uint64_t counted = 0, kept = 0;
  for (const auto& [kind, n] : stats.diagnostic_counts)
    if (makes_scan_incomplete(kind)) counted += n;
  for (const auto& d : stats.diagnostics)
    if (makes_scan_incomplete(d.what)) ++kept;
  return std::max(counted, kept);  // stats filled in by hand still add up
}

void add_diagnostic(scan_stats& stats, diagnostic d, std::size_t keep_per_kind) {
  const std::uint64_t seen = stats.diagnostic_counts[d.what]++;
  if (keep_per_kind == 0 || seen < keep_per_kind) stats.diagnostics.push_back(std::move(d));
}

void merge_diagnostics(scan_stats& into, scan_stats&& more, std::size_t keep_per_kind) {
  // Kinds `more` counted without keeping: added to the counts after its kept ones.
  std::map<diagnostic::kind, std::uint64_t> only_counted = more.diagnostic_counts;
  for (const auto& d : more.diagnostics)
    if (auto it = only_counted.find(d.what); it != only_counted.end() && it->second) --it->second;
  for (auto& d : more.diagnostics) add_diagnostic(into, std::move(d), keep_per_kind);
  for (const auto& [kind, n] : only_counted) into.diagnostic_counts[kind] += n;
}

std::uint64_t diagnostic_total(const scan_stats& stats) noexcept {
  std::uint64_t total = 0;
  for (const auto& entry : stats.diagnostic_counts) total += entry.second;
  // Stats filled in by hand (diagnostics pushed without counting) still add up.
  return std::max<std::uint64_t>(total, stats.diagnostics.size());
}

sink_action collecting_sink::on_finding(const finding& f) {
  findings_.push_back(f);
  return sink_action::proceed;
}

void collecting_sink::on_diagnostic(const diagnostic& d) { diagnostics_.push_back(d); }

void collecting_sink::sort() {
  std::stable_sort(findings_.begin(), findings_.end(), [](const finding& a, const finding& b) {
    if (a.path != b.path) return a.path < b.path;
    if (a.line != b.line) return a.line < b.line;
    if (a.column != b.column) return a.column < b.column;
    return a.rule_id < b.rule_id;
  });
}

struct scanner::impl {
  rule_set rules;
  scan_options options;
};

scanner::scanner(rule_set rules, scan_options options)
    : impl_(std::make_unique<impl>(impl{std::move(rules), std::move(options)})) {}
scanner::~scanner() = default;
scanner::scanner(scanner&&) noexcept = default;
scanner& scanner::operator=(scanner&&) noexcept = default;

const rule_set& scanner::rules() const noexcept { return impl_->rules; }
const scan_options& scanner::options() const noexcept { return impl_->options; }

void scanner::scan_buffer(std::string_view data, const origin& where, std::vector<finding>& out,
                          std::vector<diagnostic>* diagnostics) const {
  detail::match_scratch scratch;
  detail::buffer_counters counters;
  detail::scan_one_buffer(impl_->rules.compiled(), impl_->options, data, where, scratch, out, diagnostics,
                          counters);
}

namespace {

enum class read_outcome { ok, too_large, failed };

// Reads a whole regular file of the walk, refusing more than `limit` bytes
// (checked by fstat before reading). The file is opened relative to its
// directory's descriptor without following a link the walk did not follow
// (file_walker.hpp): a file or directory swapped for a link since the walk is
// not read.
read_outcome read_file(const detail::walk_entry& entry, detail::dir_cursor& cursor, std::uint64_t limit,
                       std::string& out, std::string& error, std::uint64_t& size) {
  const int fd = detail::open_walked_file(entry, cursor, error);
  if (fd < 0) return read_outcome::failed;
  struct stat st{};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    error = "not a regular file";
    ::close(fd);
    return read_outcome::failed;
  }
  size = static_cast<std::uint64_t>(st.st_size);
  if (size > limit) {
    ::close(fd);
    return read_outcome::too_large;
  }
  out.resize(static_cast<std::size_t>(size));
  std::size_t got = 0;
  while (got < out.size()) {
    const ssize_t n = ::read(fd, out.data() + got, out.size() - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = std::strerror(errno);
      ::close(fd);
      return read_outcome::failed;
    }
    if (n == 0) break;  // the file shrank while we read it
    got += static_cast<std::size_t>(n);
  }
  out.resize(got);
  ::close(fd);
  return read_outcome::ok;
}

}  // namespace

result<scan_stats> scanner::scan_paths(const std::vector<std::string>& paths, finding_sink& sink) const {
  if (status key = fingerprint_key_status(); !key) return key;
  const auto started = std::chrono::steady_clock::now();
  const scan_options& opts = impl_->options;
  detail::progress_meter progress(opts.progress, started);
  progress.begin(scan_progress::phase::listing, 0);
  detail::walk_result walk;
  if (status s = detail::walk_paths(paths.empty() ? std::vector<std::string>{"."} : paths, opts, walk); !s)
    return s;
  progress.add(walk.files.size(), 0);
  progress.finish();
  progress.begin(scan_progress::phase::scanning, walk.files.size());

  scan_stats stats;
  stats.rules = impl_->rules.size();
  stats.files_excluded = walk.excluded;
  stats.files_ignored = walk.ignored;
  std::mutex sink_mutex;  // the sink is never called concurrently
  std::set<std::string> fingerprints;
  std::atomic<bool> stop{false};
  std::atomic<std::size_t> next{0};

  auto deliver = [&](std::vector<finding>& found, std::vector<diagnostic>& diags) {
    std::lock_guard<std::mutex> lock(sink_mutex);
    for (auto& d : diags) {
      sink.on_diagnostic(d);
      add_diagnostic(stats, std::move(d), opts.diagnostics_per_kind);
    }
    for (const auto& f : found) {
      if (stop.load()) break;
      if (detail::scan_limit_reached(opts.max_findings_per_scan, stats, sink, opts.diagnostics_per_kind)) {
        stop = true;
        break;
      }
      ++stats.findings;
      fingerprints.insert(f.fingerprint);
      if (sink.on_finding(f) == sink_action::stop) {
        stop = true;
        stats.stopped = true;
      }
    }
  };
  stats.files_skipped += static_cast<std::uint64_t>(
      std::count_if(walk.diagnostics.begin(), walk.diagnostics.end(), [](const diagnostic& d) {
        return d.what == diagnostic::kind::special_file || d.what == diagnostic::kind::unreadable;
      }));
  {
    std::vector<finding> none;
    deliver(none, walk.diagnostics);
  }

  auto worker = [&]() {
    detail::match_scratch scratch;
    detail::dir_cursor cursor(walk.dirs);
    std::string content;
    std::vector<finding> found;
    std::vector<diagnostic> diags;
    std::uint64_t scanned = 0, bytes = 0, skipped = 0, suppressed = 0;
    for (;;) {
      if (stop.load()) break;
      const std::size_t i = next.fetch_add(1);
      if (i >= walk.files.size()) break;
      const auto& entry = walk.files[i];
      std::string error;
      std::uint64_t size = 0;
      const std::uint64_t bytes_before = bytes;
      found.clear();
      diags.clear();
      switch (read_file(entry, cursor, opts.max_file_size, content, error, size)) {
        case read_outcome::too_large:
          ++skipped;
          diags.push_back({diagnostic::kind::too_large, entry.display_path, 0,
                           "file of " + std::to_string(size) + " bytes exceeds the size limit of " +
                               std::to_string(opts.max_file_size) + "; skipped"});
          break;
        case read_outcome::failed:
          ++skipped;
          diags.push_back({diagnostic::kind::unreadable, entry.display_path, 0, "cannot read: " + error});
          break;
        case read_outcome::ok: {
          detail::buffer_counters counters;
          detail::scan_one_buffer(impl_->rules.compiled(), opts, content,
                                  origin{entry.display_path, std::nullopt, entry.relative_path}, scratch, found, &diags, counters);
          if (counters.binary) {
            ++skipped;
          } else {
            ++scanned;
            bytes += content.size();
          }
          suppressed += counters.suppressed;
          break;
        }
      }
      progress.add(1, bytes - bytes_before);
      if (!found.empty() || !diags.empty()) deliver(found, diags);
    }
    std::lock_guard<std::mutex> lock(sink_mutex);
    stats.files_scanned += scanned;
    stats.bytes_scanned += bytes;
    stats.files_skipped += skipped;
    stats.suppressed += suppressed;
  };

  unsigned threads = detail::worker_threads(opts);
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(1, walk.files.size())));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  progress.finish();

  stats.unique_secrets = fingerprints.size();
  stats.duration_ms = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count());
  return stats;
}

NHI_END_NAMESPACE
