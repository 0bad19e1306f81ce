// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "nhi/baseline.hpp"
#include "util/text.hpp"

NHI_BEGIN_NAMESPACE

baseline baseline::from_findings(const std::vector<finding>& findings) {
  baseline b;
  // Paths are kept as the JSON file will hold them (invalid UTF-8 replaced),
  // so a file with a strange name matches its own entry after a reload.
  for (const auto& f : findings)
    b.entries_.emplace(f.fingerprint, detail::sanitize_utf8(f.path), detail::sanitize_utf8(f.rule_id));
  return b;
}

bool baseline::contains(const finding& f) const {
  return entries_.count(std::make_tuple(f.fingerprint, detail::sanitize_utf8(f.path), detail::sanitize_utf8(f.rule_id))) > 0;
}

std::string baseline::to_json() const {
  nlohmann::json entries = nlohmann::json::array();
  for (const auto& [fp, path, rule] : entries_)
    entries.push_back({{"fingerprint", fp}, {"path", path}, {"rule_id", rule}});
  nlohmann::json root{{"version", 1}, {"entries", std::move(entries)}};
  return root.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

result<baseline> baseline::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return status(errc::io_error, "cannot read baseline", path);
  std::ostringstream text;
  text << in.rdbuf();
  const std::string s = text.str();
  nlohmann::json root;
  try {
    root = nlohmann::json::parse(s);
  } catch (const nlohmann::json::parse_error& e) {
    // Turn the byte offset into a line for the message.
    const std::size_t upto = std::min<std::size_t>(e.byte, s.size());
    const auto line = 1 + static_cast<std::uint64_t>(std::count(s.begin(), s.begin() + upto, '\n'));
    return status(errc::parse_error, "invalid JSON in baseline", path, line);
  }
  if (!root.is_object() || root.value("version", 0) != 1 || !root.contains("entries") || !root["entries"].is_array())
    return status(errc::parse_error, "not an nhi baseline (expected {\"version\": 1, \"entries\": [...]})", path);
  baseline b;
  std::size_t i = 0;
  for (const auto& e : root["entries"]) {
    if (!e.is_object() || !e.contains("fingerprint") || !e["fingerprint"].is_string() || !e.contains("path") ||
        !e["path"].is_string() || !e.contains("rule_id") || !e["rule_id"].is_string())
      return status(errc::parse_error,
                    "$.entries[" + std::to_string(i) + "]: expected {fingerprint, path, rule_id} strings", path);
    b.entries_.emplace(e["fingerprint"].get<std::string>(), e["path"].get<std::string>(),
                       e["rule_id"].get<std::string>());
    ++i;
  }
  return b;
}

NHI_END_NAMESPACE
