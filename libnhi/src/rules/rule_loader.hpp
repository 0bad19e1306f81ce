// SPDX-License-Identifier: Apache-2.0
// Reading rule YAML into rule_info values and compiling them.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "match/compiled_rules.hpp"
#include "nhi/rules.hpp"
#include "nhi/status.hpp"

namespace nhi::detail {

// Parses one rule file; appends its rules to `out`. Errors name file and line.
// The built-in rules go through it at build time only (nhi_rules_compile).
status parse_rule_file(std::string_view yaml, std::string_view file_name, std::vector<rule_info>& out);

// The full pattern of a context rule (rule_info::secret): a name, a separator
// and the secret as group 1. See docs/rules.md, "Context rules".
std::string context_rule_pattern(const std::vector<std::string>& keywords, const std::string& secret);

// What compile_rules established about rules it accepted, kept by
// nhi_rules_compile with the built-in rules so start-up need not redo it.
struct prevalidated {
  std::string version;  // compiled_rules::version
};

// Compiles rules (regexes, validators, prefilter); checks ids are unique.
// With `known`, the rules are ones compile_rules accepted before (the built-in
// rules, at build time): their patterns are not parsed again and the version
// is taken from `known`. Regexes compile on first use either way.
result<std::shared_ptr<const compiled_rules>> compile_rules(std::vector<rule_info> rules,
                                                            const prevalidated* known = nullptr);

}  // namespace nhi::detail
