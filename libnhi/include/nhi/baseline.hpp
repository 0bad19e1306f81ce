// SPDX-License-Identifier: Apache-2.0
// libnhi — baselines: accepted findings that the CI gate should not fail on.
//
// An entry is keyed on fingerprint + path + rule, never on the line number,
// so it survives edits that move the secret up or down its file.
#pragma once

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
  NHI_API static result<baseline> load(const std::string& path);
  // {"version": 1, "entries": [{"fingerprint", "path", "rule_id"}...]}
  NHI_API std::string to_json() const;

  NHI_API bool contains(const finding& f) const;
  std::size_t size() const noexcept { return entries_.size(); }

 private:
  std::set<std::tuple<std::string, std::string, std::string>> entries_;  // fingerprint, path, rule
};

NHI_END_NAMESPACE
