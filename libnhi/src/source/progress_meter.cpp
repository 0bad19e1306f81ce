// SPDX-License-Identifier: Apache-2.0
#include "progress_meter.hpp"

namespace nhi::detail {
namespace {
constexpr std::int64_t kReportIntervalMs = 100;
}

void progress_meter::begin(scan_progress::phase stage, std::uint64_t items_total) {
  if (!callback_) return;
  std::lock_guard<std::mutex> lock(report_mutex_);
  stage_ = stage;
  items_total_ = items_total;
  items_ = 0;
  bytes_ = 0;
  next_report_ms_ = 0;
}

void progress_meter::add(std::uint64_t items, std::uint64_t bytes) {
  if (!callback_) return;
  items_.fetch_add(items, std::memory_order_relaxed);
  bytes_.fetch_add(bytes, std::memory_order_relaxed);
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started_)
                       .count();
  if (now < next_report_ms_.load(std::memory_order_relaxed)) return;
  std::unique_lock<std::mutex> lock(report_mutex_, std::try_to_lock);
  if (!lock.owns_lock()) return;  // another thread is reporting
  if (now < next_report_ms_.load(std::memory_order_relaxed)) return;
  next_report_ms_ = now + kReportIntervalMs;
  report(false);
}

void progress_meter::finish() {
  if (!callback_) return;
  std::lock_guard<std::mutex> lock(report_mutex_);
  report(true);
}

void progress_meter::report(bool finished) {
  scan_progress p;
  p.stage = stage_;
  p.items_done = items_.load(std::memory_order_relaxed);
  p.items_total = items_total_;
  p.bytes_done = bytes_.load(std::memory_order_relaxed);
  p.elapsed_ms = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started_).count());
  p.finished = finished;
  callback_(p);
}

}  // namespace nhi::detail
