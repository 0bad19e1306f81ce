// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "nhi/config.hpp"
#include "util/glob.hpp"
#include "util/quote_name.hpp"
#include "util/yaml_guard.hpp"

NHI_BEGIN_NAMESPACE

namespace {

std::uint64_t line_of(const YAML::Node& n) {
  return n.Mark().is_null() ? 0 : static_cast<std::uint64_t>(n.Mark().line) + 1;
}

status read_strings(const YAML::Node& n, const char* what, const std::string& file, std::vector<std::string>& out) {
  if (!n) return status::ok();
  if (!n.IsSequence())
    return status(errc::parse_error, std::string("'") + what + "' must be a list of strings", file, line_of(n));
  for (const auto& item : n) {
    if (!item.IsScalar())
      return status(errc::parse_error, std::string("'") + what + "' must contain only strings", file, line_of(item));
    out.push_back(item.Scalar());
  }
  return status::ok();
}

}  // namespace

bool valid_fingerprint_entry(std::string_view entry) noexcept {
  if (entry.size() < kMinFingerprintPrefix || entry.size() > 64) return false;
  return std::all_of(entry.begin(), entry.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
}

bool fingerprint_entry_matches(std::string_view entry, std::string_view fingerprint) noexcept {
  if (entry.size() < kMinFingerprintPrefix || entry.size() > fingerprint.size()) return false;
  for (std::size_t i = 0; i < entry.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(entry[i])) != std::tolower(static_cast<unsigned char>(fingerprint[i])))
      return false;
  return true;
}

bool fingerprint_allowed(const std::vector<std::string>& entries, std::string_view fingerprint) noexcept {
  for (const auto& e : entries)
    if (fingerprint_entry_matches(e, fingerprint)) return true;
  return false;
}

result<allowlist_use> apply_fingerprint_allowlist(std::vector<finding>& findings,
                                                  const std::vector<std::string>& entries,
                                                  const std::string& source_file) {
  allowlist_use use;
  if (entries.empty()) return use;
  std::vector<std::set<std::string>> hits(entries.size());
  const auto before = findings.size();
  findings.erase(std::remove_if(findings.begin(), findings.end(),
                                [&](const finding& f) {
                                  bool allowed = false;
                                  for (std::size_t e = 0; e < entries.size(); ++e) {
                                    // A keyed fingerprint from a report, or the portable one
                                    // a team commits (finding::portable_fingerprint).
                                    if (fingerprint_entry_matches(entries[e], f.fingerprint) ||
                                        fingerprint_entry_matches(entries[e], f.portable_fingerprint)) {
                                      hits[e].insert(f.fingerprint);
                                      allowed = true;
                                    } else if (f.companion &&
                                               fingerprint_entry_matches(entries[e], f.companion->fingerprint)) {
                                      hits[e].insert(f.companion->fingerprint);
                                      allowed = true;
                                    }
                                  }
                                  return allowed;
                                }),
                 findings.end());
  use.suppressed = before - findings.size();
  for (std::size_t e = 0; e < hits.size(); ++e) {
    if (hits[e].size() > 1)
      return status(errc::invalid_argument,
                    "allow.fingerprints entry '" + entries[e] + "' matches " + std::to_string(hits[e].size()) +
                        " different secrets; give more of its digits",
                    source_file);
    if (hits[e].empty()) use.unused.push_back(entries[e]);
  }
  return use;
}

bool rule_pattern_matches(std::string_view pattern, std::string_view rule_id, std::string_view provider) noexcept {
  if (pattern.empty()) return false;
  if (pattern == provider) return true;
  try {
    return detail::compiled_glob(pattern).match(rule_id, {});
  } catch (...) {
    return false;
  }
}

std::size_t apply_rule_selection(std::vector<finding>& findings, const std::vector<std::string>& enable,
                                 const std::vector<std::string>& disable) {
  auto any = [](const std::vector<std::string>& patterns, const finding& f) {
    for (const auto& p : patterns)
      if (rule_pattern_matches(p, f.rule_id, f.provider)) return true;
    return false;
  };
  const auto before = findings.size();
  findings.erase(std::remove_if(findings.begin(), findings.end(),
                                [&](const finding& f) {
                                  return (!enable.empty() && !any(enable, f)) || any(disable, f);
                                }),
                 findings.end());
  return before - findings.size();
}

void project_config::apply_to(scan_options& options) const {
  options.exclude_globs.insert(options.exclude_globs.end(), exclude.begin(), exclude.end());
  options.allow_paths.insert(options.allow_paths.end(), allow_paths.begin(), allow_paths.end());
  options.allow_fingerprints.insert(options.allow_fingerprints.end(), allow_fingerprints.begin(),
                                    allow_fingerprints.end());
}

result<project_config> load_project_config(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return status(errc::io_error, "cannot read configuration file", path);
  std::ostringstream text;
  text << in.rdbuf();
  project_config cfg;
  cfg.source_file = path;
  try {
    detail::check_yaml_stream(text.str());  // the file comes from the scanned tree: hostile
    const YAML::Node root = YAML::Load(text.str());
    if (!root || root.IsNull()) return cfg;
    if (!root.IsMap()) return status(errc::parse_error, "configuration must be a mapping", path, line_of(root));
    static const std::set<std::string> known = {"exclude", "allow", "rules", "fail_on"};
    for (const auto& kv : root)
      if (!known.count(kv.first.Scalar()))
        return status(errc::parse_error, "unknown configuration key " + detail::quote_name(kv.first.Scalar()), path,
                      line_of(kv.first));
    if (status s = read_strings(root["exclude"], "exclude", path, cfg.exclude); !s) return s;
    if (const YAML::Node rules = root["rules"]) {
      if (!rules.IsMap()) return status(errc::parse_error, "'rules' must be a mapping", path, line_of(rules));
      for (const auto& kv : rules) {
        const std::string key = kv.first.Scalar();
        if (key != "enable" && key != "disable")
          return status(errc::parse_error, "unknown key in 'rules': " + detail::quote_name(key), path, line_of(kv.first));
      }
      if (status s = read_strings(rules["enable"], "rules.enable", path, cfg.enable_rules); !s) return s;
      if (status s = read_strings(rules["disable"], "rules.disable", path, cfg.disable_rules); !s) return s;
    }
    if (const YAML::Node fail_on = root["fail_on"]) {
      severity level;
      if (!fail_on.IsScalar() || !parse_severity(fail_on.Scalar(), level))
        return status(errc::parse_error, "'fail_on' must be one of info, low, medium, high, critical", path,
                      line_of(fail_on));
      cfg.fail_on = fail_on.Scalar();
    }
    if (const YAML::Node allow = root["allow"]) {
      if (!allow.IsMap()) return status(errc::parse_error, "'allow' must be a mapping", path, line_of(allow));
      for (const auto& kv : allow) {
        const std::string key = kv.first.Scalar();
        if (key != "paths" && key != "fingerprints")
          return status(errc::parse_error, "unknown key in 'allow': " + detail::quote_name(key), path, line_of(kv.first));
      }
      if (status s = read_strings(allow["paths"], "allow.paths", path, cfg.allow_paths); !s) return s;
      if (status s = read_strings(allow["fingerprints"], "allow.fingerprints", path, cfg.allow_fingerprints); !s)
        return s;
      // A short or mistyped entry would otherwise silently allow nothing.
      std::size_t i = 0;
      for (const auto& item : allow["fingerprints"]) {
        if (!valid_fingerprint_entry(cfg.allow_fingerprints[i]))
          return status(errc::parse_error,
                        "allow.fingerprints: " + detail::quote_name(cfg.allow_fingerprints[i]) +
                            " is not a fingerprint or a prefix of " + std::to_string(kMinFingerprintPrefix) +
                            " to 64 hex digits",
                        path, line_of(item));
        ++i;
      }
    }
  } catch (const YAML::ParserException& e) {
    return status(errc::parse_error, "invalid YAML: " + e.msg, path, static_cast<std::uint64_t>(e.mark.line) + 1);
  } catch (const YAML::Exception& e) {
    return status(errc::parse_error, std::string("invalid configuration: ") + e.what(), path);
  }
  return cfg;
}

result<project_config> find_project_config(const std::string& root) {
  std::error_code ec;
  const auto candidate = std::filesystem::path(root) / ".nhi.yaml";
  if (!std::filesystem::is_directory(root, ec)) return project_config{};
  const auto link = std::filesystem::symlink_status(candidate, ec);
  if (ec || !std::filesystem::exists(link)) return project_config{};
  // The repository is hostile input: a .nhi.yaml that links out of it
  // (to /etc/shadow, to ~/.ssh/...) is refused unread, so neither its bytes
  // nor error messages quoting them come out.
  if (std::filesystem::is_symlink(link)) {
    const auto target = std::filesystem::weakly_canonical(candidate, ec);
    const auto base = std::filesystem::weakly_canonical(root, ec);
    const auto rel = target.lexically_relative(base);
    if (ec || rel.empty() || *rel.begin() == "..")
      return status(errc::invalid_argument, "is a symbolic link that leads out of the repository; not read",
                    candidate.string());
  }
  if (!std::filesystem::is_regular_file(candidate, ec))
    return status(errc::invalid_argument, "is not a regular file; not read", candidate.string());
  return load_project_config(candidate.string());
}

NHI_END_NAMESPACE
