// SPDX-License-Identifier: Apache-2.0
// Helpers shared by the analysis tests: fixture loading and lookups that
// fail with a readable message instead of a null dereference.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "nhi/analysis.hpp"
#include "nhi/finding.hpp"
#include "nhi/nhi.hpp"

namespace analyze_test {

inline std::string read_fixture(const std::string& relative) {
  const std::string path = std::string(NHI_FIXTURES_DIR) + "/analyze/" + relative;
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "missing fixture " << path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// analyze_file on a fixture, shown under `display_path` (the path decides the
// format, the environment and the service).
inline nhi::analysis_result analyze_fixture(const std::string& display_path, const std::string& fixture) {
  const std::string content = read_fixture(fixture);
  auto r = nhi::analyze_file(display_path, content);
  REQUIRE_MESSAGE(r.is_ok(), r.error().message() << " at line " << r.error().line());
  return std::move(r).value();
}

inline nhi::analysis_result import_fixture(const std::string& display_path, const std::string& fixture,
                                           nhi::export_kind kind = nhi::export_kind::detect) {
  const std::string content = read_fixture(fixture);
  auto r = nhi::import_export(display_path, content, kind);
  REQUIRE_MESSAGE(r.is_ok(), r.error().message() << " at line " << r.error().line());
  return std::move(r).value();
}

inline const nhi::identity_fact& fact(const nhi::analysis_result& r, std::string_view kind, std::string_view name) {
  const auto it = std::find_if(r.identities.begin(), r.identities.end(), [&](const nhi::identity_fact& f) {
    return f.kind == kind && f.name == name;
  });
  std::string known;
  for (const auto& f : r.identities) known += "\n  " + f.kind + " " + f.name;
  REQUIRE_MESSAGE(it != r.identities.end(), "no " << kind << " fact named " << name << "; have:" << known);
  return *it;
}

inline bool has_fact(const nhi::analysis_result& r, std::string_view kind, std::string_view name) {
  return std::any_of(r.identities.begin(), r.identities.end(),
                     [&](const nhi::identity_fact& f) { return f.kind == kind && f.name == name; });
}

inline std::vector<nhi::config_finding> findings(const nhi::analysis_result& r, std::string_view id) {
  std::vector<nhi::config_finding> out;
  for (const auto& f : r.findings)
    if (f.id == id) out.push_back(f);
  return out;
}

inline const nhi::config_finding& finding(const nhi::analysis_result& r, std::string_view id, std::string_view subject) {
  const auto it = std::find_if(r.findings.begin(), r.findings.end(), [&](const nhi::config_finding& f) {
    return f.id == id && f.subject == subject;
  });
  std::string known;
  for (const auto& f : r.findings) known += "\n  " + f.id + " [" + f.subject + "]";
  REQUIRE_MESSAGE(it != r.findings.end(), "no finding " << id << " for " << subject << "; have:" << known);
  return *it;
}

inline bool has_id(const nhi::identity_fact& f, std::string_view id) {
  return std::find(f.external_ids.begin(), f.external_ids.end(), id) != f.external_ids.end();
}

inline std::string attribute(const nhi::identity_fact& f, const std::string& key) {
  const auto it = f.attributes.find(key);
  return it == f.attributes.end() ? std::string() : it->second;
}

// No fact or finding may carry `secret` anywhere.
inline void check_no_secret(const nhi::analysis_result& r, std::string_view secret) {
  auto contains = [&](const std::string& s) { return s.find(secret) != std::string::npos; };
  for (const auto& f : r.identities) {
    CHECK_FALSE(contains(f.name));
    CHECK_FALSE(contains(f.parent));
    for (const auto& id : f.external_ids) CHECK_FALSE(contains(id));
    for (const auto& [k, v] : f.attributes) CHECK_FALSE(contains(v));
    for (const auto& p : f.permissions) CHECK_FALSE(contains(p));
  }
  for (const auto& f : r.findings) {
    CHECK_FALSE(contains(f.message));
    CHECK_FALSE(contains(f.subject));
  }
}

// analyze_file on `content` shown under `path`, which must succeed.
inline nhi::analysis_result analyze(const std::string& path, const std::string& content) {
  auto r = nhi::analyze_file(path, content);
  REQUIRE_MESSAGE(r.is_ok(), r.error().message() << " at line " << r.error().line());
  return std::move(r).value();
}

// rule id -> the lines it reported.
inline std::map<std::string, std::set<std::uint64_t>> by_rule(const std::vector<nhi::finding>& found) {
  std::map<std::string, std::set<std::uint64_t>> out;
  for (const auto& f : found) out[f.rule_id].insert(f.line);
  return out;
}

// The rule findings of one buffer, as a scan of a file at `path` makes them.
inline std::vector<nhi::finding> rule_findings(const std::string& path, const std::string& content) {
  static const nhi::result<nhi::rule_set> rules = nhi::rule_set::builtin();
  REQUIRE(rules.is_ok());
  std::vector<nhi::finding> found;
  nhi::scanner(rules.value()).scan_buffer(content, nhi::origin{path, std::nullopt, {}}, found);
  return found;
}

// The finding of `rule` on the fact's line, whose fingerprint must be the
// fact's (the inventory joins them so), or, for a value the scanner also reads
// decoded (an LDIF `olcRootPW::`), the fact's fingerprint.decrypted.
inline void check_joined(const std::vector<nhi::finding>& found, const std::string& rule, const nhi::identity_fact& fact) {
  const auto it = std::find_if(found.begin(), found.end(),
                               [&](const nhi::finding& f) { return f.rule_id == rule && f.line == fact.line; });
  std::string known;
  for (const auto& f : found) known += "\n  " + f.rule_id + " line " + std::to_string(f.line);
  REQUIRE_MESSAGE(it != found.end(), "no " << rule << " on line " << fact.line << "; have:" << known);
  const std::string decrypted = attribute(fact, "fingerprint.decrypted");
  CHECK_MESSAGE((it->fingerprint == attribute(fact, "fingerprint") || (!decrypted.empty() && it->fingerprint == decrypted)),
                rule << " on line " << fact.line);
}

}  // namespace analyze_test
