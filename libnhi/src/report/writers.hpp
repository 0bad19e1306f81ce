// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "nhi/report.hpp"

namespace nhi::detail {

void write_json(std::ostream& out, const std::vector<finding>& findings, const scan_stats& stats,
                const report_options& options);
void write_sarif(std::ostream& out, const std::vector<finding>& findings, const rule_set& rules,
                 const report_options& options);
void write_gitlab(std::ostream& out, const std::vector<finding>& findings, const scan_stats& stats,
                  const report_options& options);
// What tells two secrets at one place apart in a code-scanning alert's
// identity (SARIF partialFingerprints, GitLab's vulnerability id): the first 4
// hex digits of the portable fingerprint. The same on every CI runner whatever
// its fingerprint key, so alerts are tracked across pipelines; 65,536 values
// are too few to confirm a guessed secret from a published report.
inline std::string alert_tag(const finding& f) {
  return (f.portable_fingerprint.empty() ? f.fingerprint : f.portable_fingerprint).substr(0, 4);
}

void write_text(std::ostream& out, const std::vector<finding>& findings, const scan_stats& stats,
                const report_options& options);

}  // namespace nhi::detail
