// SPDX-License-Identifier: Apache-2.0
// The progress line `nhi scan` draws on stderr during long scans.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>

#include "nhi/scanner.hpp"

namespace nhi_cli {

// Whether to draw progress: `--progress` always, `--no-progress` or `--quiet`
// never; otherwise only when stderr is a terminal and CI is not set to true.
bool progress_wanted(bool forced_on, bool forced_off, bool quiet);

// Draws scan_progress reports: on a terminal one line rewritten in place,
// elsewhere (a forced --progress into a CI log) a plain line every few
// seconds and at the end of each phase.
class progress_display {
 public:
  progress_display(std::ostream& out, bool terminal, std::string noun);
  ~progress_display();
  progress_display(const progress_display&) = delete;
  progress_display& operator=(const progress_display&) = delete;

  void update(const nhi::scan_progress& p);
  // Erases the line on a terminal, so the report and notes start clean.
  void clear();

 private:
  std::ostream& out_;
  const bool terminal_;
  const std::string noun_;  // "files" or "blobs"
  bool drawn_ = false;
  std::uint64_t phase_started_ms_ = 0;
  std::uint64_t last_plain_ms_ = 0;
  bool in_scanning_ = false;
};

// The line for one report: phase, counts, MiB and MiB/s, ETA once known.
std::string progress_text(const nhi::scan_progress& p, const std::string& noun, std::uint64_t phase_started_ms);

}  // namespace nhi_cli
