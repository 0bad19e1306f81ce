// SPDX-License-Identifier: Apache-2.0
#include "classify/dates.hpp"

#include <chrono>
#include <cstdio>

namespace nhi::detail {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

// Reads exactly `n` digits at `pos`.
bool digits(std::string_view s, std::size_t& pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  pos += n;
  return true;
}

bool take(std::string_view s, std::size_t& pos, char c) {
  if (pos < s.size() && s[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[m - 1];
}

}  // namespace

std::optional<std::int64_t> parse_time(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  std::size_t pos = 0;
  int y, mo, d;
  if (!digits(s, pos, 4, y) || !take(s, pos, '-') || !digits(s, pos, 2, mo) || !take(s, pos, '-') ||
      !digits(s, pos, 2, d))
    return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo)) return std::nullopt;
  std::int64_t seconds = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400;
  if (pos == s.size()) return seconds;
  if (!take(s, pos, 'T') && !take(s, pos, 't') && !take(s, pos, ' ')) return std::nullopt;
  int h, mi, sec = 0;
  if (!digits(s, pos, 2, h) || !take(s, pos, ':') || !digits(s, pos, 2, mi)) return std::nullopt;
  if (take(s, pos, ':') && !digits(s, pos, 2, sec)) return std::nullopt;
  if (h > 23 || mi > 59 || sec > 60) return std::nullopt;
  if (take(s, pos, '.') || take(s, pos, ','))
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;  // sub-second precision is noise here
  seconds += h * 3600 + mi * 60 + sec;
  take(s, pos, ' ');
  if (pos == s.size() || take(s, pos, 'Z') || take(s, pos, 'z')) return pos == s.size() ? std::optional(seconds) : std::nullopt;
  const bool east = s[pos] == '+';
  if (!take(s, pos, '+') && !take(s, pos, '-')) return std::nullopt;
  int oh, om = 0;
  if (!digits(s, pos, 2, oh)) return std::nullopt;
  take(s, pos, ':');
  if (pos < s.size() && !digits(s, pos, 2, om)) return std::nullopt;
  if (pos != s.size() || oh > 23 || om > 59) return std::nullopt;
  const std::int64_t offset = oh * 3600 + om * 60;
  return east ? seconds - offset : seconds + offset;
}

std::string format_date(std::int64_t seconds) {
  std::int64_t days = seconds / 86400;
  if (seconds % 86400 < 0) --days;
  std::int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  return buf;
}

std::string format_time(std::int64_t seconds) {
  std::int64_t rem = seconds % 86400;
  if (rem < 0) rem += 86400;
  char buf[16];
  std::snprintf(buf, sizeof buf, "T%02d:%02d:%02dZ", static_cast<int>(rem / 3600), static_cast<int>(rem / 60 % 60),
                static_cast<int>(rem % 60));
  return format_date(seconds) + buf;
}

std::int64_t days_between(std::int64_t from, std::int64_t to) {
  auto day = [](std::int64_t t) { return t / 86400 - (t % 86400 < 0 ? 1 : 0); };
  return day(to) - day(from);
}

std::int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::optional<std::int64_t> resolve_as_of(std::string_view as_of) {
  if (as_of.empty()) return now_seconds();
  return parse_time(as_of);
}

}  // namespace nhi::detail
