// SPDX-License-Identifier: Apache-2.0
// SARIF 2.1.0 as GitHub code scanning accepts it: rules in tool.driver.rules,
// results with ruleId/ruleIndex, a physical location with a repository-relative
// URI, and partialFingerprints so alerts survive line moves.
#include <map>

#include "nhi/version.hpp"
#include "report/json_util.hpp"
#include "report/writers.hpp"

namespace nhi::detail {
namespace {

const char* sarif_level(severity s) {
  switch (s) {
    case severity::critical:
    case severity::high: return "error";
    case severity::medium: return "warning";
    default: return "note";
  }
}

// GitHub maps security-severity to critical (>= 9), high (>= 7), medium (>= 4), low.
const char* security_severity(severity s) {
  switch (s) {
    case severity::critical: return "9.5";
    case severity::high: return "8.0";
    case severity::medium: return "5.5";
    case severity::low: return "3.0";
    default: return "1.0";
  }
}

// SARIF URIs (RFC 3986 relative references): the path's raw bytes, with
// every byte outside the unreserved set and '/' percent-encoded, so that
// "café.env", "a[1].env" and names that are not UTF-8 ("a\xff.env") are all
// valid and distinct.
std::string to_uri(const std::string& path) {
  std::string_view p = path;
  while (p.size() > 2 && p[0] == '.' && p[1] == '/') p.remove_prefix(2);
  std::string out;
  static const char* hex = "0123456789ABCDEF";
  for (unsigned char c : p) {
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                            c == '.' || c == '_' || c == '~' || c == '/';
    if (unreserved) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace

void write_sarif(std::ostream& out, const std::vector<finding>& findings, const rule_set& rules,
                 const report_options& options) {
  // Only the rules that produced results, in order of first use.
  std::map<std::string, std::size_t> rule_index;
  auto sarif_rules = nlohmann::json::array();
  for (const auto& f : findings) {
    if (rule_index.count(f.rule_id)) continue;
    rule_index.emplace(f.rule_id, sarif_rules.size());
    const rule_info* r = rules.find(f.rule_id);
    nlohmann::json jr;
    jr["id"] = f.rule_id;
    jr["name"] = f.rule_name;
    jr["shortDescription"] = {{"text", f.rule_name}};
    const std::string full = r && !r->description.empty() ? r->description
                                                          : f.rule_name + " (" + f.provider + " " + f.kind + ")";
    jr["fullDescription"] = {{"text", full}};
    jr["help"] = {{"text", "Revoke and rotate the credential, remove it from the code and its history, "
                           "and load it from a secret store. If it is a known test value, mark the line "
                           "with `nhi:allow` or add it to the baseline."}};
    if (r && !r->references.empty()) jr["helpUri"] = r->references.front();
    jr["defaultConfiguration"] = {{"level", sarif_level(f.level)}};
    jr["properties"] = {{"tags", {"security", "secret", f.provider, f.kind}},
                        {"security-severity", security_severity(f.level)},
                        {"precision", "high"}};
    sarif_rules.push_back(std::move(jr));
  }

  auto results = nlohmann::json::array();
  for (const auto& f : findings) {
    nlohmann::json res;
    res["ruleId"] = f.rule_id;
    res["ruleIndex"] = rule_index[f.rule_id];
    res["level"] = sarif_level(f.level);
    std::string text = f.rule_name + " found: " +
                       (options.show_secrets && !f.secret.empty() ? f.secret : f.redacted);
    if (!f.decoded.empty()) text += " (decoded from " + f.decoded + ")";
    if (f.git) text += " in commit " + f.git->commit.substr(0, 12) + " by " + f.git->author;
    res["message"] = {{"text", sanitize_utf8(text)}};
    nlohmann::json region{{"startLine", std::max<std::uint64_t>(1, f.line)},
                          {"startColumn", std::max<std::uint64_t>(1, f.column_utf16 ? f.column_utf16 : f.column)}};
    res["locations"] = nlohmann::json::array(
        {{{"physicalLocation",
           {{"artifactLocation", {{"uri", to_uri(f.path)}, {"uriBaseId", "%SRCROOT%"}}}, {"region", region}}}}});
    res["partialFingerprints"] = {{"nhiSecret/v2", alert_tag(f) + ":" + sanitize_utf8(f.rule_id)}};
    nlohmann::json props{{"fingerprint", f.fingerprint}, {"provider", f.provider}, {"kind", f.kind}};
    if (!f.external_id.empty()) props["externalId"] = json_str(f.external_id);
    if (f.companion) props["companionRule"] = f.companion->rule_id;
    if (f.git) {
      props["commit"] = f.git->commit;
      props["author"] = json_str(f.git->author);
      props["date"] = f.git->date;
    }
    res["properties"] = std::move(props);
    results.push_back(std::move(res));
  }

  nlohmann::json driver{{"name", "nhi"},
                        {"fullName", "libnhi non-human identity and secret scanner"},
                        {"version", version_string()},
                        {"semanticVersion", version_string()},
                        {"informationUri", "https://github.com/libnhi/libnhi"},
                        {"rules", std::move(sarif_rules)}};
  nlohmann::json run{{"tool", {{"driver", std::move(driver)}}},
                     {"results", std::move(results)},
                     {"columnKind", "utf16CodeUnits"},
                     {"properties", {{"ruleSetVersion", rules.version()}}}};
  nlohmann::json root{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                      {"version", "2.1.0"},
                      {"runs", nlohmann::json::array({std::move(run)})}};
  // Any string not already sanitized (a rule field from a user's rule file or a
  // plugin, commit metadata) has its invalid UTF-8 replaced, never a throw.
  out << root.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace nhi::detail
