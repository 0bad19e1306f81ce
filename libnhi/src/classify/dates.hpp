// SPDX-License-Identifier: Apache-2.0
// ISO 8601 dates as seconds since the Unix epoch (UTC). Every age the
// classifier reports is computed from these against one as-of instant, so a
// report with the same --as-of is reproducible to the day.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace nhi::detail {

// Parses "2024-03-01", "2024-03-01T12:00:00Z", "2024-03-01T12:00:00.123+02:00",
// "2024-03-01 12:00:00 +0200" (git's ISO format). A date alone is midnight
// UTC; an offset is applied. nullopt for anything else, including "never".
std::optional<std::int64_t> parse_time(std::string_view text);

std::string format_date(std::int64_t seconds);  // "2024-03-01"
std::string format_time(std::int64_t seconds);  // "2024-03-01T12:00:00Z"
std::int64_t now_seconds();

// Calendar days (UTC) from the day of `from` to the day of `to`: the number
// a person gets from the two dates a reason prints, whatever the hours.
std::int64_t days_between(std::int64_t from, std::int64_t to);

// The instant an as-of string names: the current time when empty.
std::optional<std::int64_t> resolve_as_of(std::string_view as_of);

}  // namespace nhi::detail
