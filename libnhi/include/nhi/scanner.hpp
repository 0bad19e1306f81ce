// SPDX-License-Identifier: Apache-2.0
// libnhi — scanning files and buffers for secrets.
//
// A scanner holds a compiled rule_set and options; it is immutable and may be
// shared by threads. Results flow to a finding_sink, which the scanner calls
// from one thread at a time (never concurrently), and which may stop the scan.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "nhi/export.hpp"
#include "nhi/finding.hpp"
#include "nhi/rules.hpp"
#include "nhi/status.hpp"

NHI_BEGIN_NAMESPACE

// Where a buffer handed to scan_buffer comes from.
struct origin {
  std::string path;
  std::optional<git_provenance> git;
  // The path relative to the scanned root, which excludes and path allowlists
  // match against; empty means `path` is already relative.
  std::string relative_path;
};

// A secret a detector found: the span of the secret within the buffer and what
// it is. The scanner turns it into a finding (line, column, fingerprint,
// redaction) and applies allow-comments and allowlists, as for rules.
struct detection {
  std::string rule_id;
  std::string rule_name;
  std::string provider;
  std::string kind;
  nhi::severity level = severity::high;
  std::size_t offset = 0;  // byte offset of the secret in the buffer
  std::size_t length = 0;  // byte length of the secret
};

// A detector beyond the rule set: a plugin's, or a library user's own.
// detect() is called from several threads at once and must be thread-safe.
// A failure is reported as a diagnostic; the scan goes on.
class detector {
 public:
  virtual ~detector() = default;
  virtual const std::string& name() const = 0;
  virtual status detect(std::string_view data, const origin& where, std::vector<detection>& out) const = 0;
};

// How far a long scan has got, for a progress display. Totals are 0 while
// unknown (a tree walk that has not finished listing, a history still being
// walked).
struct scan_progress {
  enum class phase {
    listing,   // listing the files of a tree, or walking a history's commits and trees
    scanning,  // matching files or blobs
  };
  phase stage = phase::listing;
  std::uint64_t items_done = 0;   // files or blobs read (scanned or skipped)
  std::uint64_t items_total = 0;
  std::uint64_t bytes_done = 0;   // bytes matched
  std::uint64_t elapsed_ms = 0;   // since the scan started
  bool finished = false;          // the last report of this phase
};

// Called from one thread at a time, at most about ten times a second, and once
// with `finished` at the end of each phase. It must return quickly: scanning
// threads wait for it.
using progress_callback = std::function<void(const scan_progress&)>;

struct scan_options {
  unsigned threads = 0;                        // 0: one per hardware thread
  std::uint64_t max_file_size = 25u << 20;     // bytes; larger files are skipped and reported
  std::uint64_t max_line_length = 1u << 20;    // bytes; a buffer with a longer line is matched in
                                               // windows of this size (overlapping by the longest
                                               // rule match): every byte is scanned
  std::vector<std::string> exclude_globs;      // paths matching any are not read at all
  std::vector<std::string> allow_paths;        // globs: files read, findings suppressed
  std::vector<std::string> allow_fingerprints; // findings with these fingerprints are suppressed
  bool capture_secrets = false;                // keep the plaintext in finding::secret
  bool follow_symlinks = false;                // never leave the tree through a link by default (also not one
                                               // swapped in mid-scan); when on, links are followed wherever
                                               // they point, each directory visited once
  bool decode = true;                          // look inside base64 / escaped / percent-encoded text
  bool foreign_allow_markers = true;           // also honour `gitleaks:allow` and detect-secrets'
                                               // `pragma: allowlist [nextline] secret` comments
  bool respect_ignore_files = true;            // path scans skip what .gitignore, .ignore and
                                               // .git/info/exclude ignore (--no-ignore: false)
  std::vector<std::shared_ptr<const detector>> detectors;  // run on every buffer after the rules
  std::size_t max_findings_per_file = 10000;   // matches past this many in one file (or blob) are
                                               // dropped with an `error` diagnostic, which makes the
                                               // scan incomplete: a file of a million fake keys must
                                               // not cost gigabytes of report; 0: no limit
  std::size_t max_findings_per_scan = 1000000;  // past this many findings in one scan, an `error`
                                               // diagnostic (incomplete) and the scan stops: many
                                               // files under the per-file limit must not cost
                                               // gigabytes either; 0: no limit
  std::size_t diagnostics_per_kind = 20;       // scan_stats keeps the first N diagnostics of each
                                               // kind (all are counted, and the sink sees all); 0: all
  progress_callback progress;                  // optional; see scan_progress
};

// Something the scan could not do, or did only in part. The scan goes on.
struct diagnostic {
  enum class kind {
    unreadable,     // open/read failed
    binary,         // NUL bytes: not text
    too_large,      // over max_file_size
    long_line,      // unused since long lines are scanned in windows (kept for ABI)
    invalid_utf8,   // not valid UTF-8; scanned as bytes
    special_file,   // FIFO, socket, device
    symlink,        // a symbolic link that was not followed
    corrupt_object, // a git object that could not be read
    error,          // anything else (plugin failure, ...)
    not_in_clone,   // history a shallow or partial clone does not hold: by design, not damage
    submodule,      // a submodule's commit (another repository): not scanned, scan it separately;
                    // once per path in a history, does not make the scan incomplete
  };
  kind what = kind::error;
  std::string path;
  std::uint64_t line = 0;  // 0 if not line-specific
  std::string message;
};

NHI_API const char* diagnostic_kind_name(diagnostic::kind k) noexcept;

enum class sink_action { proceed, stop };

// Receives results. Called from one thread at a time; the arguments are valid
// only during the call (copy what you keep).
class finding_sink {
 public:
  virtual ~finding_sink() = default;
  virtual sink_action on_finding(const finding& f) = 0;
  virtual void on_diagnostic(const diagnostic& d) { (void)d; }
};

// A sink that keeps everything; findings() is sorted by path, line, column.
class NHI_API collecting_sink : public finding_sink {
 public:
  sink_action on_finding(const finding& f) override;
  void on_diagnostic(const diagnostic& d) override;
  void sort();
  std::vector<finding>& findings() noexcept { return findings_; }
  const std::vector<diagnostic>& diagnostics() const noexcept { return diagnostics_; }

 private:
  std::vector<finding> findings_;
  std::vector<diagnostic> diagnostics_;
};

struct scan_stats {
  std::string source = "files";      // "files", "git" (history) or "staged"
  std::uint64_t files_scanned = 0;   // files, or git blobs, whose bytes were matched
  std::uint64_t bytes_scanned = 0;
  std::uint64_t files_skipped = 0;   // excluded by a diagnostic (binary, too large, unreadable, ...)
  std::uint64_t files_excluded = 0;  // excluded by --exclude
  std::uint64_t files_ignored = 0;   // path scans: skipped by .gitignore (an ignored directory counts once)
  std::uint64_t findings = 0;        // reported to the sink
  std::uint64_t suppressed = 0;      // dropped by nhi:allow, allowlists or baseline
  std::uint64_t unique_secrets = 0;  // distinct fingerprints among findings
  std::uint64_t rules = 0;
  std::uint64_t duration_ms = 0;
  bool stopped = false;              // a sink asked to stop, or max_findings_per_scan was reached
  // The first scan_options::diagnostics_per_kind diagnostics of each kind, in
  // the order met, and how many of each kind there were in all.
  std::vector<diagnostic> diagnostics;
  std::map<diagnostic::kind, std::uint64_t> diagnostic_counts;
};

// Counts `d` in `stats` and keeps it when fewer than `keep_per_kind` of its
// kind are kept already (0: keep all). Library users that add diagnostics of
// their own to a scan's stats go through this, so the counts stay right.
NHI_API void add_diagnostic(scan_stats& stats, diagnostic d, std::size_t keep_per_kind);

// Adds the diagnostics and their counts of `more` to `into`, under the same bound.
NHI_API void merge_diagnostics(scan_stats& into, scan_stats&& more, std::size_t keep_per_kind);

// The number of diagnostics of all kinds (the kept ones and those only counted).
NHI_API std::uint64_t diagnostic_total(const scan_stats& stats) noexcept;

// Whether a diagnostic of this kind means something that should have been
// scanned was not (unreadable files, corrupt git objects, errors), as opposed
// to what was skipped by design (binary, over the size limit, symbolic links,
// special files, history a shallow clone lacks).
NHI_API bool makes_scan_incomplete(diagnostic::kind k) noexcept;
// How many such diagnostics the scan had: the gate exits 3 unless it is 0.
NHI_API std::uint64_t incomplete_count(const scan_stats& stats) noexcept;

class scanner {
 public:
  NHI_API scanner(rule_set rules, scan_options options = {});
  NHI_API ~scanner();
  NHI_API scanner(scanner&&) noexcept;
  NHI_API scanner& operator=(scanner&&) noexcept;

  // Walks each path (a directory or a file) and scans every regular text file.
  // Fails only on unusable arguments (a path that does not exist); per-file
  // problems become diagnostics.
  NHI_API result<scan_stats> scan_paths(const std::vector<std::string>& paths,
                                        finding_sink& sink) const;

  // Scans one in-memory buffer (stdin, a git blob, a plugin's source) and
  // appends its findings to `out`. Thread-safe. Diagnostics about the buffer
  // (long lines, invalid UTF-8) go to `diagnostics` when given.
  NHI_API void scan_buffer(std::string_view data, const origin& where,
                           std::vector<finding>& out,
                           std::vector<diagnostic>* diagnostics = nullptr) const;

  NHI_API const rule_set& rules() const noexcept;
  NHI_API const scan_options& options() const noexcept;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

NHI_END_NAMESPACE
