// SPDX-License-Identifier: Apache-2.0
// The per-buffer pipeline shared by every source: binary and UTF-8 checks,
// long-line skipping, matching, decoding, allow-comments and allowlists,
// and turning matches into findings.
#pragma once

#include <atomic>
#include <cstdint>
#include <string_view>
#include <vector>

#include "match/compiled_rules.hpp"
#include "match/matcher.hpp"
#include "nhi/scanner.hpp"

namespace nhi::detail {

struct buffer_counters {
  std::uint64_t suppressed = 0;
  bool binary = false;  // the buffer was skipped as binary
};

void scan_one_buffer(const compiled_rules& rules, const scan_options& options, std::string_view data,
                     const origin& where, match_scratch& scratch, std::vector<finding>& out,
                     std::vector<diagnostic>* diagnostics, buffer_counters& counters);

// True, with an `error` diagnostic to the sink and stats (the scan is then
// incomplete) and stats.stopped set, once `stats.findings` has reached
// `limit` (scan_options::max_findings_per_scan; 0: never). Callers stop
// delivering and scanning.
bool scan_limit_reached(std::size_t limit, scan_stats& stats, finding_sink& sink, std::size_t keep_per_kind);

// The threads a scan runs on: scan_options::threads, or one per hardware
// thread when it is 0 (never fewer than one).
unsigned worker_threads(const scan_options& options);

}  // namespace nhi::detail
