// SPDX-License-Identifier: Apache-2.0
// libnhi — baselines: accepted findings that the CI gate should not fail on.
//
// An entry is keyed on fingerprint + path + rule, never on the line number,
// so it survives edits that move the secret up or down its file.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "nhi/export.hpp"
#include "nhi/finding.hpp"
#include "nhi/status.hpp"

NHI_BEGIN_NAMESPACE

class baseline {
 public:
  baseline() = default;
  NHI_API static baseline from_findings(const std::vector<finding>& findings);
  // Reads a baseline file; malformed JSON is a parse_error with its line.
  // Also reads a gitleaks JSON report (`gitleaks detect --report-format json`):
  // each leak is accepted by its location (file, line, and commit when given)
  // and, when the report holds the secret (not --redact), by the secret's
  // fingerprint in that file under any rule (rule ids differ between tools).
  // And a detect-secrets baseline (.secrets.baseline): each result is
  // accepted at its file and line_number.
  NHI_API static result<baseline> load(const std::string& path);
  // Reads a .gitleaksignore: lines `commit:file:rule:line` or `file:rule:line`,
  // accepted by location (the rule is gitleaks' and is not compared).
  NHI_API static result<baseline> load_gitleaksignore(const std::string& path);
  // Adds every entry of `other`.
  NHI_API void merge(const baseline& other);
  // {"version": 1, "entries": [{"fingerprint", "path", "rule_id"}...]}
  NHI_API std::string to_json() const;

  NHI_API bool contains(const finding& f) const;
  std::size_t size() const noexcept { return entries_.size() + any_rule_.size() + locations_.size(); }

 private:
  std::set<std::tuple<std::string, std::string, std::string>> entries_;  // fingerprint, path, rule
  std::set<std::pair<std::string, std::string>> any_rule_;               // fingerprint, path (imported)
  std::set<std::tuple<std::string, std::uint64_t, std::string>> locations_;  // path, line, commit or "" (imported)
};

NHI_END_NAMESPACE
