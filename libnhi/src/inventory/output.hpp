// SPDX-License-Identifier: Apache-2.0
// Shared pieces of the inventory writers: JSON objects in the documented
// field order, CSV and HTML escaping, and short text forms.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "nhi/inventory.hpp"

namespace nhi::detail {

using ordered_json = nlohmann::ordered_json;

// Exactly the identity contract of docs/inventory.md; `detailed` adds the
// fields beyond it (status_reason, owner_source, last_rotated_at, parent,
// replaced_by, repositories, and the extra location fields).
ordered_json identity_json(const identity& id, bool detailed);
ordered_json snapshot_json(const snapshot_info& s);
ordered_json event_json(const event& e);
// Serialises with invalid UTF-8 replaced, so a strange path never fails a report.
std::string dump_json(const ordered_json& j);

// One CSV cell (RFC 4180 quoting); a cell a spreadsheet would evaluate as a
// formula (= + - @ tab CR at its start) is prefixed with a quote.
std::string csv_cell(std::string_view text);
std::string html_escape(std::string_view text);

// "NHI2,NHI7" or "-".
std::string risk_ids(const identity& id);
// The date part of an ISO 8601 time, for compact text output.
std::string short_date(const std::string& when);

}  // namespace nhi::detail
