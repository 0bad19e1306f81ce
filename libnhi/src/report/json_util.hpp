// SPDX-License-Identifier: Apache-2.0
// JSON helpers shared by the writers. Every string that may come from scanned
// content (paths, names) goes through sanitize_utf8 first: nlohmann::json
// refuses invalid UTF-8, and a report must never fail on a strange file name.
#pragma once

#include <nlohmann/json.hpp>

#include "nhi/finding.hpp"
#include "nhi/scanner.hpp"
#include "util/text.hpp"

namespace nhi::detail {

inline nlohmann::json json_str(std::string_view s) { return nlohmann::json(sanitize_utf8(s)); }

nlohmann::json finding_to_json(const finding& f, bool show_secrets);
nlohmann::json stats_to_json(const scan_stats& stats);

}  // namespace nhi::detail
