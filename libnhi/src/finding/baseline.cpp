// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "finding/fingerprint.hpp"
#include "nhi/baseline.hpp"
#include "util/text.hpp"

NHI_BEGIN_NAMESPACE

baseline baseline::from_findings(const std::vector<finding>& findings) {
  baseline b;
  // Keyed on the raw path bytes: two names that differ only in bytes that
  // are not UTF-8 ("a\xff.env", "a\xfe.env") display alike but are different
  // files (to_json keeps the bytes in path_hex).
  // The portable fingerprint (SHA-256) when the finding has one: a baseline
  // is committed and must match on every machine, whatever its key.
  for (const auto& f : findings)
    b.entries_.emplace(f.portable_fingerprint.empty() ? f.fingerprint : f.portable_fingerprint, f.path,
                       detail::sanitize_utf8(f.rule_id));
  return b;
}

bool baseline::contains(const finding& f) const {
  const std::string rule = detail::sanitize_utf8(f.rule_id);
  // Entries are portable fingerprints; a keyed one still matches where the
  // baseline was written by a host that had no portable fingerprint.
  for (const std::string* fp : {&f.portable_fingerprint, &f.fingerprint}) {
    if (fp->empty()) continue;
    if (entries_.count(std::make_tuple(*fp, f.path, rule))) return true;
    if (any_rule_.count({*fp, f.path})) return true;
  }
  if (locations_.empty()) return false;
  if (locations_.count(std::make_tuple(f.path, f.line, std::string()))) return true;
  return f.git && locations_.count(std::make_tuple(f.path, f.line, f.git->commit)) > 0;
}

void baseline::merge(const baseline& other) {
  entries_.insert(other.entries_.begin(), other.entries_.end());
  any_rule_.insert(other.any_rule_.begin(), other.any_rule_.end());
  locations_.insert(other.locations_.begin(), other.locations_.end());
}

namespace {

// "commit:file:rule:line" or "file:rule:line" (a file name may hold ':').
bool parse_gitleaks_location(const std::string& text, std::string& commit, std::string& file, std::uint64_t& line) {
  const std::size_t last = text.rfind(':');
  if (last == std::string::npos || last == 0) return false;
  const std::string number = text.substr(last + 1);
  if (number.empty() || number.size() > 12 ||
      !std::all_of(number.begin(), number.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return false;
  line = std::stoull(number);
  const std::size_t rule = text.rfind(':', last - 1);
  if (rule == std::string::npos || rule == 0) return false;
  std::string rest = text.substr(0, rule);
  const std::size_t first = rest.find(':');
  commit.clear();
  if (first != std::string::npos && first >= 7 && first <= 64 && detail::all_hex(std::string_view(rest).substr(0, first))) {
    commit = rest.substr(0, first);
    rest.erase(0, first + 1);
  }
  file = rest;
  return !file.empty();
}

}  // namespace

result<baseline> baseline::load_gitleaksignore(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return status(errc::io_error, "cannot read", path);
  baseline b;
  std::string text;
  std::uint64_t line_no = 0;
  while (std::getline(in, text)) {
    ++line_no;
    if (!text.empty() && text.back() == '\r') text.pop_back();
    const auto start = text.find_first_not_of(" \t");
    if (start == std::string::npos || text[start] == '#') continue;
    std::string commit, file;
    std::uint64_t line = 0;
    if (!parse_gitleaks_location(text.substr(start), commit, file, line))
      return status(errc::parse_error, "expected commit:file:rule:line or file:rule:line", path, line_no);
    b.locations_.emplace(file, line, commit);
  }
  return b;
}

std::string baseline::to_json() const {
  nlohmann::json entries = nlohmann::json::array();
  static const char* hex = "0123456789abcdef";
  for (const auto& [fp, path, rule] : entries_) {
    nlohmann::json e{{"fingerprint", fp}, {"path", detail::sanitize_utf8(path)}, {"rule_id", rule}};
    if (detail::first_invalid_utf8(path) != std::string_view::npos) {
      std::string bytes;
      for (unsigned char c : path) {
        bytes += hex[c >> 4];
        bytes += hex[c & 15];
      }
      e["path_hex"] = bytes;  // the raw bytes; "path" is only for people to read
    }
    entries.push_back(std::move(e));
  }
  nlohmann::json root{{"version", 1}, {"entries", std::move(entries)}};
  // Entries imported from other tools (baseline import): by fingerprint under
  // any rule, and by location.
  if (!any_rule_.empty()) {
    auto list = nlohmann::json::array();
    for (const auto& [fp, p] : any_rule_) list.push_back({{"fingerprint", fp}, {"path", p}});
    root["any_rule"] = std::move(list);
  }
  if (!locations_.empty()) {
    auto list = nlohmann::json::array();
    for (const auto& [p, line, commit] : locations_) {
      nlohmann::json l{{"path", p}, {"line", line}};
      if (!commit.empty()) l["commit"] = commit;
      list.push_back(std::move(l));
    }
    root["locations"] = std::move(list);
  }
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
  if (root.is_array()) {  // a gitleaks JSON report
    baseline b;
    std::size_t i = 0;
    for (const auto& leak : root) {
      if (!leak.is_object() || !leak.contains("File") || !leak["File"].is_string() || !leak.contains("StartLine") ||
          !leak["StartLine"].is_number_unsigned())
        return status(errc::parse_error,
                      "$[" + std::to_string(i) + "]: expected a gitleaks finding with File and StartLine", path);
      const std::string file = leak["File"].get<std::string>();
      const std::string commit = leak.contains("Commit") && leak["Commit"].is_string() ? leak["Commit"].get<std::string>() : "";
      b.locations_.emplace(file, leak["StartLine"].get<std::uint64_t>(), commit);
      if (leak.contains("Secret") && leak["Secret"].is_string()) {
        const std::string secret = leak["Secret"].get<std::string>();
        if (!secret.empty() && secret != "REDACTED") b.any_rule_.emplace(detail::sha256_hex(secret), file);
      }
      ++i;
    }
    return b;
  }
  if (root.is_object() && root.contains("results") && root["results"].is_object() && root.contains("version") &&
      root["version"].is_string()) {  // a detect-secrets baseline (.secrets.baseline)
    baseline b;
    for (const auto& [file, secrets] : root["results"].items()) {
      if (!secrets.is_array())
        return status(errc::parse_error, "$.results['" + detail::sanitize_utf8(file) + "']: expected an array", path);
      for (const auto& secret : secrets) {
        if (!secret.is_object() || !secret.contains("line_number") || !secret["line_number"].is_number_unsigned())
          return status(errc::parse_error,
                        "$.results['" + detail::sanitize_utf8(file) + "']: expected entries with a line_number", path);
        // Its hashed_secret is a SHA-1 of the secret, which nhi does not
        // keep: the entry is accepted by location.
        b.locations_.emplace(file, secret["line_number"].get<std::uint64_t>(), std::string());
      }
    }
    return b;
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
    std::string raw_path = e["path"].get<std::string>();
    if (e.contains("path_hex")) {
      const std::string hex = e["path_hex"].is_string() ? e["path_hex"].get<std::string>() : std::string("x");
      if (hex.size() % 2 != 0 || !std::all_of(hex.begin(), hex.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); }))
        return status(errc::parse_error, "$.entries[" + std::to_string(i) + "].path_hex: expected hex digits", path);
      raw_path.clear();
      for (std::size_t k = 0; k < hex.size(); k += 2)
        raw_path += static_cast<char>(std::stoi(hex.substr(k, 2), nullptr, 16));
    }
    b.entries_.emplace(e["fingerprint"].get<std::string>(), std::move(raw_path), e["rule_id"].get<std::string>());
    ++i;
  }
  if (root.contains("any_rule")) {
    if (!root["any_rule"].is_array()) return status(errc::parse_error, "$.any_rule: expected an array", path);
    i = 0;
    for (const auto& e : root["any_rule"]) {
      if (!e.is_object() || !e.contains("fingerprint") || !e["fingerprint"].is_string() || !e.contains("path") ||
          !e["path"].is_string())
        return status(errc::parse_error, "$.any_rule[" + std::to_string(i) + "]: expected {fingerprint, path} strings",
                      path);
      b.any_rule_.emplace(e["fingerprint"].get<std::string>(), e["path"].get<std::string>());
      ++i;
    }
  }
  if (root.contains("locations")) {
    if (!root["locations"].is_array()) return status(errc::parse_error, "$.locations: expected an array", path);
    i = 0;
    for (const auto& e : root["locations"]) {
      if (!e.is_object() || !e.contains("path") || !e["path"].is_string() || !e.contains("line") ||
          !e["line"].is_number_unsigned() || (e.contains("commit") && !e["commit"].is_string()))
        return status(errc::parse_error,
                      "$.locations[" + std::to_string(i) + "]: expected {path, line[, commit]}", path);
      b.locations_.emplace(e["path"].get<std::string>(), e["line"].get<std::uint64_t>(),
                           e.value("commit", std::string()));
      ++i;
    }
  }
  return b;
}

NHI_END_NAMESPACE
