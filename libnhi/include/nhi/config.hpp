// SPDX-License-Identifier: Apache-2.0
// libnhi — the project configuration file (.nhi.yaml).
//
//   exclude: [ "vendor/**", "*.min.js" ]     # not read at all
//   allow:
//     paths: [ "tests/fixtures/**" ]         # read, findings suppressed
//     fingerprints: [ "3f2a..." ]            # these secrets are known and accepted
//                                            # (full, or a prefix of 16+ hex digits)
//   rules:
//     disable: [ "generic-*", "slack" ]      # rule id globs, or providers (families)
//     enable: [ "aws-*" ]                    # when given, only these are reported
//   fail_on: high                            # findings below this severity do not fail the gate
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "nhi/export.hpp"
#include "nhi/finding.hpp"
#include "nhi/scanner.hpp"
#include "nhi/status.hpp"

NHI_BEGIN_NAMESPACE

struct project_config {
  std::vector<std::string> exclude;
  std::vector<std::string> allow_paths;
  std::vector<std::string> allow_fingerprints;
  std::vector<std::string> enable_rules;   // rules.enable
  std::vector<std::string> disable_rules;  // rules.disable
  std::string fail_on;                     // a severity name, or empty
  std::string source_file;  // where it was read from; empty if none

  // Adds this configuration to scan options (lists are appended).
  NHI_API void apply_to(scan_options& options) const;
};

// allow.fingerprints entries: a full fingerprint, or a prefix of at least
// kMinFingerprintPrefix hex digits (the text report shows 16).
inline constexpr std::size_t kMinFingerprintPrefix = 16;
NHI_API bool valid_fingerprint_entry(std::string_view entry) noexcept;
// True when `entry` is `fingerprint` or a prefix of it (case-insensitive).
NHI_API bool fingerprint_entry_matches(std::string_view entry, std::string_view fingerprint) noexcept;
// True when any entry matches `fingerprint`.
NHI_API bool fingerprint_allowed(const std::vector<std::string>& entries, std::string_view fingerprint) noexcept;

// Removes the findings an allow.fingerprints entry matches: its fingerprint,
// or its companion's (allowing one half of a pair allows the pair). An entry
// matching two different secrets is an error (invalid_argument naming
// `source_file`): a prefix too short to say which one was meant.
struct allowlist_use {
  std::size_t suppressed = 0;         // findings removed
  std::vector<std::string> unused;    // entries that matched no finding
};
NHI_API result<allowlist_use> apply_fingerprint_allowlist(std::vector<finding>& findings,
                                                          const std::vector<std::string>& entries,
                                                          const std::string& source_file = {});

// Rule selection (--enable-rule/--disable-rule, rules.enable/rules.disable):
// a pattern matches a rule when it is a glob matching the rule id
// ("generic-*") or exactly its provider, which names a family ("aws").
NHI_API bool rule_pattern_matches(std::string_view pattern, std::string_view rule_id,
                                  std::string_view provider) noexcept;
// Keeps the findings of enabled rules: when `enable` is not empty only those
// matching one of it, and never those matching `disable`. Returns how many
// were removed.
NHI_API std::size_t apply_rule_selection(std::vector<finding>& findings, const std::vector<std::string>& enable,
                                         const std::vector<std::string>& disable);

// Reads a configuration file; a malformed file is a parse_error with its line.
NHI_API result<project_config> load_project_config(const std::string& path);

// The configuration that applies to scanning `root`: `root/.nhi.yaml` when it
// exists, else an empty configuration.
NHI_API result<project_config> find_project_config(const std::string& root);

NHI_END_NAMESPACE
