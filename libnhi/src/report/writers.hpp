// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <ostream>
#include <vector>

#include "nhi/report.hpp"

namespace nhi::detail {

void write_json(std::ostream& out, const std::vector<finding>& findings, const scan_stats& stats,
                const report_options& options);
void write_sarif(std::ostream& out, const std::vector<finding>& findings, const rule_set& rules,
                 const report_options& options);
void write_gitlab(std::ostream& out, const std::vector<finding>& findings, const scan_stats& stats,
                  const report_options& options);
void write_text(std::ostream& out, const std::vector<finding>& findings, const scan_stats& stats,
                const report_options& options);

}  // namespace nhi::detail
