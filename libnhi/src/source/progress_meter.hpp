// SPDX-License-Identifier: Apache-2.0
// libnhi — progress reports for scan_options::progress, throttled and
// serialized across the scanning threads.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>

#include "nhi/scanner.hpp"

namespace nhi::detail {

// One per scan. Workers call add() after each file or blob; the callback runs
// on whichever worker finds the last report 100 ms old and the report lock
// free (the others never wait for it). Without a callback every call is a
// couple of relaxed atomic adds.
class progress_meter {
 public:
  progress_meter(const progress_callback& callback, std::chrono::steady_clock::time_point started)
      : callback_(callback), started_(started) {}

  // Starts `stage` with `items_total` items (0: unknown) and reports it.
  void begin(scan_progress::phase stage, std::uint64_t items_total);
  void add(std::uint64_t items, std::uint64_t bytes);
  // The final report of the current phase.
  void finish();

 private:
  void report(bool finished);

  const progress_callback& callback_;
  const std::chrono::steady_clock::time_point started_;
  scan_progress::phase stage_ = scan_progress::phase::listing;
  std::uint64_t items_total_ = 0;
  std::atomic<std::uint64_t> items_{0};
  std::atomic<std::uint64_t> bytes_{0};
  std::atomic<std::int64_t> next_report_ms_{0};
  std::mutex report_mutex_;
};

}  // namespace nhi::detail
