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

}  // namespace nhi::detail
