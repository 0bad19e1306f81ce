// Reading rule YAML into rule_info values and compiling them.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "match/compiled_rules.hpp"
#include "nhi/rules.hpp"
#include "nhi/status.hpp"

namespace nhi::detail {

// Parses one rule file; appends its rules to `out`. Errors name file and line.
// `trusted`: the built-in rules, which skip the hostile-YAML guard.
status parse_rule_file(std::string_view yaml, std::string_view file_name, std::vector<rule_info>& out,
                       bool trusted = false);

// Compiles rules (regexes, validators, prefilter); checks ids are unique.
result<std::shared_ptr<const compiled_rules>> compile_rules(std::vector<rule_info> rules);

}  // namespace nhi::detail
