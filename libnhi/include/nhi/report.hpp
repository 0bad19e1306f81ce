// SPDX-License-Identifier: Apache-2.0
// libnhi — writing findings as text, JSON or SARIF 2.1.0.
#pragma once

#include <ostream>
#include <string_view>
#include <vector>

#include "nhi/export.hpp"
#include "nhi/finding.hpp"
#include "nhi/rules.hpp"
#include "nhi/scanner.hpp"

NHI_BEGIN_NAMESPACE

// gitlab: GitLab's secret-detection report (security report schema 15.x).
enum class report_format { text, json, sarif, gitlab };

NHI_API bool parse_report_format(std::string_view text, report_format& out) noexcept;

struct report_options {
  bool color = false;         // ANSI colour in text output
  bool show_secrets = false;  // print finding::secret (when captured) instead of the preview
  bool group_by_secret = false;  // text/JSON: one entry per fingerprint with its locations
  bool text_summary = true;   // text: end with summary_line() and a hint (the CLI prints them on stderr)
};

// Writes `findings` (already sorted and filtered) with `stats`. The JSON shape
// is the contract in docs/cli.md: {"findings": [...], "stats": {...}}.
NHI_API void write_report(std::ostream& out, report_format format,
                          const std::vector<finding>& findings, const scan_stats& stats,
                          const rule_set& rules, const report_options& options = {});

// "2 findings (1 unique secret) in 10 files, 3.1 KiB, 5 ms; 1 suppressed; 4 skipped",
// for a log; no newline.
NHI_API std::string summary_line(const std::vector<finding>& findings, const scan_stats& stats);

// The scan's diagnostics for a log, made safe for a terminal. By default one
// line per kind with its count and the first case ("note: 827 files with
// invalid UTF-8 (scanned as bytes), e.g. a/b.txt:3"); with `every`, one line
// per diagnostic. Binary files are only counted in the summary, unless `every`.
NHI_API void write_notes(std::ostream& out, const scan_stats& stats, bool every = false);

NHI_END_NAMESPACE
