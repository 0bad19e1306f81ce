// SPDX-License-Identifier: Apache-2.0
// GitLab's secret-detection report (security report schema 15.x), the format
// the merge-request widget and the vulnerability report read from
// `artifacts: reports: secret_detection`. Only redacted previews appear.
#include <ctime>

#include "finding/fingerprint.hpp"
#include "nhi/version.hpp"
#include "report/json_util.hpp"
#include "report/writers.hpp"

namespace nhi::detail {
namespace {

const char* gitlab_severity(severity s) {
  switch (s) {
    case severity::critical: return "Critical";
    case severity::high: return "High";
    case severity::medium: return "Medium";
    case severity::low: return "Low";
    default: return "Info";
  }
}

// The schema's date-time: "2024-05-01T12:00:00", UTC, no fraction or zone.
std::string gitlab_time(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return buf;
}

// A stable id in UUID form, derived from what identifies the finding (the
// secret's alert tag, the path and the rule), so that GitLab tracks one
// vulnerability across pipelines and runners.
std::string stable_uuid(const finding& f) {
  std::string h = sha256_hex(alert_tag(f) + '\0' + f.path + '\0' + f.rule_id);
  h[12] = '5';                                                          // version
  h[16] = "89ab"[std::stoi(std::string(1, h[16]), nullptr, 16) & 3];   // variant
  return h.substr(0, 8) + '-' + h.substr(8, 4) + '-' + h.substr(12, 4) + '-' + h.substr(16, 4) + '-' +
         h.substr(20, 12);
}

}  // namespace

void write_gitlab(std::ostream& out, const std::vector<finding>& findings, const scan_stats& stats,
                  const report_options& options) {
  const std::time_t end = std::time(nullptr);
  const std::time_t start = end - static_cast<std::time_t>(stats.duration_ms / 1000);
  const nlohmann::json tool{{"id", "nhi"},
                            {"name", "nhi"},
                            {"version", version_string()},
                            {"vendor", {{"name", "libnhi"}}}};
  auto vulns = nlohmann::json::array();
  for (const auto& f : findings) {
    const std::string preview = options.show_secrets && !f.secret.empty() ? f.secret : f.redacted;
    nlohmann::json commit{{"sha", f.git ? f.git->commit : std::string(40, '0')}};
    if (f.git) {
      commit["author"] = json_str(f.git->author + " <" + f.git->author_email + ">");
      commit["date"] = f.git->date;
    }
    nlohmann::json v{
        {"id", stable_uuid(f)},
        {"name", json_str(f.rule_name)},
        {"description", json_str(f.rule_name + " found: " + preview +
                                 (f.decoded.empty() ? std::string() : " (decoded from " + f.decoded + ")"))},
        {"severity", gitlab_severity(f.level)},
        {"identifiers", nlohmann::json::array({{{"type", "nhi_rule_id"},
                                                {"name", json_str("nhi rule " + f.rule_id)},
                                                {"value", json_str(f.rule_id)}}})},
        {"location",
         {{"file", json_str(f.path)},
          {"start_line", std::max<std::uint64_t>(1, f.line)},
          {"end_line", std::max<std::uint64_t>(1, f.line)},
          {"commit", std::move(commit)}}},
    };
    vulns.push_back(std::move(v));
  }
  nlohmann::json root{{"version", "15.0.7"},
                      {"scan",
                       {{"analyzer", tool},
                        {"scanner", tool},
                        {"type", "secret_detection"},
                        {"start_time", gitlab_time(start)},
                        {"end_time", gitlab_time(end)},
                        {"status", "success"}}},
                      {"vulnerabilities", std::move(vulns)}};
  out << root.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace nhi::detail
