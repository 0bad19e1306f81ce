// SPDX-License-Identifier: Apache-2.0
// libnhi — detection rules, loaded from YAML and compiled once.
//
// A rule_set is immutable after loading and safe to share between threads;
// copies are cheap (they share the compiled rules). See docs/rules.md for the
// YAML schema.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "nhi/export.hpp"
#include "nhi/status.hpp"

// Internals live in nhi::detail, outside the versioned namespace.
namespace nhi::detail { struct compiled_rules; }

NHI_BEGIN_NAMESPACE

enum class severity : int { info = 0, low, medium, high, critical };

NHI_API const char* severity_name(severity s) noexcept;  // "high"
NHI_API bool parse_severity(std::string_view text, severity& out) noexcept;

// What a rule says, as written in its YAML file.
struct rule_info {
  std::string id;        // stable, e.g. "github-pat-classic"
  std::string name;      // human name, e.g. "GitHub Personal Access Token (classic)"
  std::string provider;  // e.g. "github"
  std::string kind;      // api_key, token, private_key, password, connection_string, ...
  severity level = severity::high;
  std::string pattern;                  // RE2; capture group 1 (or the whole match) is the secret
  // A context rule gives only the shape of the secret (RE2, no group) and the
  // loader builds `pattern` from it: a name (a keyword, or a credential word
  // such as key/token/secret), an assignment or argument separator, then the
  // secret. Empty for rules written with a full `pattern`.
  std::string secret;
  std::vector<std::string> keywords;    // prefilter: the rule runs only if one occurs (case-insensitive)
  // When >= 0, a match is kept only if one of the keywords occurs within this
  // many lines of the secret (0: on its line). Context rules default to 3.
  int keyword_within_lines = -1;
  // Words that make the key public by design when one occurs within
  // `public_context_lines` lines of it (a Firebase web config's authDomain
  // next to its apiKey): such matches are dropped.
  std::vector<std::string> public_context;
  int public_context_lines = 3;
  double min_entropy = 0.0;             // Shannon bits per byte the secret must reach
  std::vector<std::string> validators;  // e.g. "github_checksum", "jwt", "not_placeholder"
  bool generic = false;                 // a catch-all; yields to any specific rule on the same text
  std::string expires;                  // "yes", "no" or "" (unknown)
  // The match is a public identifier of a credential (an AWS access key id, a
  // Twilio SID), not a secret: findings carry it as finding::external_id.
  bool identifier = false;
  // Multi-part credentials: the other half's rule id (e.g. the key id that
  // goes with a secret key). When a match of it lies within
  // `companion_within_lines` lines, the two are reported as one credential:
  // this rule's finding carries it in finding::companion and the companion's
  // own finding is dropped. `companion_required`: report only paired matches.
  std::string companion;
  unsigned companion_within_lines = 5;
  bool companion_required = false;
  std::string description;
  std::vector<std::string> references;
  std::vector<std::string> examples;           // must each produce a finding of this rule
  std::vector<std::string> negative_examples;  // must each produce none
  std::string source_file;  // where the rule was defined
  std::uint64_t source_line = 0;
};

class rule_set {
 public:
  // The rules shipped inside the library (patterns/*.yaml at build time).
  NHI_API static result<rule_set> builtin();
  // Every *.yaml / *.yml file in each directory, or the files themselves.
  NHI_API static result<rule_set> load(const std::vector<std::string>& paths);
  // One YAML document; `file_name` is used in error messages.
  NHI_API static result<rule_set> from_yaml(std::string_view yaml, std::string_view file_name);

  NHI_API std::size_t size() const noexcept;
  NHI_API const rule_info& at(std::size_t index) const;
  // nullptr when no rule has this id.
  NHI_API const rule_info* find(std::string_view id) const noexcept;
  // A short hash of every rule's definition: identifies the rule set in reports
  // and inventory snapshots.
  NHI_API const std::string& version() const noexcept;

  // One example that did not behave as labelled.
  struct example_failure {
    std::string rule_id;
    std::string file;
    std::uint64_t line = 0;
    bool expected_match = true;  // a positive example that did not match, or the reverse
    std::string example;
    std::string detail;
  };
  // Runs every example and negative example of every rule through the full
  // matcher (prefilter, regex and validators). Empty when all behave.
  NHI_API std::vector<example_failure> check_examples() const;

  const detail::compiled_rules& compiled() const noexcept { return *impl_; }

  NHI_API rule_set(std::shared_ptr<const detail::compiled_rules> impl);

 private:
  std::shared_ptr<const detail::compiled_rules> impl_;
};

NHI_END_NAMESPACE
