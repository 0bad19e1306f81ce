// SPDX-License-Identifier: Apache-2.0
#include <map>

#include "report/json_util.hpp"
#include "report/writers.hpp"

namespace nhi::detail {

nlohmann::json finding_to_json(const finding& f, bool show_secrets) {
  nlohmann::json j;
  j["rule_id"] = f.rule_id;
  j["rule_name"] = f.rule_name;
  j["provider"] = f.provider;
  j["kind"] = f.kind;
  j["severity"] = severity_name(f.level);
  j["path"] = json_str(f.path);
  j["line"] = f.line;
  j["column"] = f.column;
  j["fingerprint"] = f.fingerprint;
  j["redacted"] = json_str(f.redacted);
  if (!f.decoded.empty()) j["decoded"] = f.decoded;
  if (show_secrets && !f.secret.empty()) j["secret"] = json_str(f.secret);
  if (!f.external_id.empty()) j["external_id"] = json_str(f.external_id);
  if (f.companion)
    j["companion"] = {{"rule_id", f.companion->rule_id},
                      {"fingerprint", f.companion->fingerprint},
                      {"redacted", json_str(f.companion->redacted)},
                      {"line", f.companion->line}};
  if (f.git) {
    j["commit"] = f.git->commit;
    j["author"] = json_str(f.git->author);
    j["author_email"] = json_str(f.git->author_email);
    j["date"] = f.git->date;
    j["blob"] = f.git->blob_id;
    j["in_head"] = f.git->in_head;
  }
  return j;
}

nlohmann::json stats_to_json(const scan_stats& s) {
  nlohmann::json j;
  j["source"] = s.source;
  j["files_scanned"] = s.files_scanned;
  j["bytes_scanned"] = s.bytes_scanned;
  j["files_skipped"] = s.files_skipped;
  j["files_excluded"] = s.files_excluded;
  j["files_ignored"] = s.files_ignored;
  j["findings"] = s.findings;
  j["suppressed"] = s.suppressed;
  j["unique_secrets"] = s.unique_secrets;
  j["rules"] = s.rules;
  j["duration_ms"] = s.duration_ms;
  if (s.stopped) j["stopped"] = true;
  auto diags = nlohmann::json::array();
  for (const auto& d : s.diagnostics) {
    nlohmann::json dj;
    dj["kind"] = diagnostic_kind_name(d.what);
    dj["path"] = json_str(d.path);
    if (d.line) dj["line"] = d.line;
    dj["message"] = json_str(d.message);
    diags.push_back(std::move(dj));
  }
  j["diagnostics"] = std::move(diags);
  // How many of each kind there were: `diagnostics` keeps the first few of each.
  auto counts = nlohmann::json::object();
  std::uint64_t total = 0;
  for (const auto& [kind, n] : s.diagnostic_counts) {
    counts[diagnostic_kind_name(kind)] = n;
    total += n;
  }
  j["diagnostic_counts"] = std::move(counts);
  // What should have been scanned and was not (docs/cli.md, "Completeness").
  j["incomplete"] = incomplete_count(s);
  // Other repositories the history points to: not scanned, not incomplete either.
  const auto sub = s.diagnostic_counts.find(diagnostic::kind::submodule);
  j["submodules_not_scanned"] = sub == s.diagnostic_counts.end() ? 0 : sub->second;
  if (total > s.diagnostics.size()) j["diagnostics_omitted"] = total - s.diagnostics.size();
  return j;
}

void write_json(std::ostream& out, const std::vector<finding>& findings, const scan_stats& stats,
                const report_options& options) {
  nlohmann::json root;
  auto list = nlohmann::json::array();
  if (options.group_by_secret) {
    // One entry per fingerprint, in order of first appearance, with every place.
    std::map<std::string, std::size_t> index;
    for (const auto& f : findings) {
      auto it = index.find(f.fingerprint);
      if (it == index.end()) {
        index.emplace(f.fingerprint, list.size());
        nlohmann::json g = finding_to_json(f, options.show_secrets);
        g["locations"] = nlohmann::json::array();
        list.push_back(std::move(g));
        it = index.find(f.fingerprint);
      }
      nlohmann::json loc{{"path", json_str(f.path)}, {"line", f.line}, {"column", f.column}};
      if (f.git) {
        loc["commit"] = f.git->commit;
        loc["date"] = f.git->date;
        loc["author"] = json_str(f.git->author);
      }
      list[it->second]["locations"].push_back(std::move(loc));
    }
  } else {
    for (const auto& f : findings) list.push_back(finding_to_json(f, options.show_secrets));
  }
  root["findings"] = std::move(list);
  root["stats"] = stats_to_json(stats);
  // Any string not already sanitized (a rule field from a user's rule file or a
  // plugin, commit metadata) has its invalid UTF-8 replaced, never a throw.
  out << root.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace nhi::detail
