// SPDX-License-Identifier: Apache-2.0
#include "progress_display.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>

namespace nhi_cli {
namespace {

constexpr std::uint64_t kPlainIntervalMs = 5000;
constexpr std::uint64_t kQuietStartMs = 500;

std::string mebibytes(double bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MiB", bytes / (1024.0 * 1024.0));
  return buf;
}

std::string duration(std::uint64_t seconds) {
  char buf[32];
  if (seconds >= 3600)
    std::snprintf(buf, sizeof buf, "%llu:%02llu:%02llu", static_cast<unsigned long long>(seconds / 3600),
                  static_cast<unsigned long long>(seconds / 60 % 60), static_cast<unsigned long long>(seconds % 60));
  else
    std::snprintf(buf, sizeof buf, "%llu:%02llu", static_cast<unsigned long long>(seconds / 60),
                  static_cast<unsigned long long>(seconds % 60));
  return buf;
}

bool ci_is_set() {
  const char* ci = std::getenv("CI");
  return ci && (std::strcmp(ci, "true") == 0 || std::strcmp(ci, "1") == 0);
}

}  // namespace

bool progress_wanted(bool forced_on, bool forced_off, bool quiet) {
  if (forced_off || quiet) return false;
  if (forced_on) return true;
  return ::isatty(STDERR_FILENO) && !ci_is_set();
}

std::string progress_text(const nhi::scan_progress& p, const std::string& noun, std::uint64_t phase_started_ms) {
  std::ostringstream line;
  if (p.stage == nhi::scan_progress::phase::listing) {
    line << "nhi: listing " << noun << ": " << p.items_done << (p.finished ? " to scan" : " so far");
    return line.str();
  }
  line << "nhi: scanning " << noun << ": " << p.items_done;
  if (p.items_total) line << '/' << p.items_total << " (" << (100 * p.items_done / p.items_total) << "%)";
  line << ", " << mebibytes(static_cast<double>(p.bytes_done));
  const std::uint64_t ms = p.elapsed_ms > phase_started_ms ? p.elapsed_ms - phase_started_ms : 0;
  if (ms >= 500) {
    const double seconds = static_cast<double>(ms) / 1000.0;
    line << " at " << mebibytes(static_cast<double>(p.bytes_done) / seconds) << "/s";
    // The time left, by the item rate so far: shown once there is a rate to go by.
    if (!p.finished && p.items_total && p.items_done && p.items_done < p.items_total) {
      const double rate = static_cast<double>(p.items_done) / seconds;
      line << ", ETA " << duration(static_cast<std::uint64_t>(static_cast<double>(p.items_total - p.items_done) / rate));
    }
  }
  if (p.finished) line << ", done in " << duration(ms / 1000);
  return line.str();
}

progress_display::progress_display(std::ostream& out, bool terminal, std::string noun)
    : out_(out), terminal_(terminal), noun_(std::move(noun)) {}

progress_display::~progress_display() { clear(); }

void progress_display::update(const nhi::scan_progress& p) {
  const bool scanning = p.stage == nhi::scan_progress::phase::scanning;
  if (scanning && !in_scanning_) {
    in_scanning_ = true;
    phase_started_ms_ = p.elapsed_ms;
  }
  const std::string text = progress_text(p, noun_, phase_started_ms_);
  if (terminal_) {
    // A scan over in half a second needs no progress line (a pre-commit hook).
    if (!drawn_ && p.elapsed_ms < kQuietStartMs) return;
    out_ << "\r\x1b[K" << text << std::flush;
    drawn_ = true;
    return;
  }
  if (!p.finished && p.elapsed_ms < last_plain_ms_ + kPlainIntervalMs) return;
  last_plain_ms_ = p.elapsed_ms;
  out_ << text << '\n' << std::flush;
}

void progress_display::clear() {
  if (!terminal_ || !drawn_) return;
  out_ << "\r\x1b[K" << std::flush;
  drawn_ = false;
}

}  // namespace nhi_cli
