// SPDX-License-Identifier: Apache-2.0
// A compact binary form of parsed rules: nhi_rules_compile writes the built-in
// rules in it at build time, so rule_set::builtin() decodes them instead of
// parsing YAML at every start-up (docs/performance.md).
//
// Layout (every integer little-endian, whatever the host):
//   magic "NHIRULES", u32 format version, the rule set's version string
//   (compiled_rules::version), u32 rule count, then each rule's
//   rule_info fields in declaration order: strings as u32 length + bytes,
//   string lists as u32 count + strings, severity/bools as u8, double as the
//   u64 of its IEEE-754 bits, companion_within_lines u32, source_line u64.
// A rule_info field added later must be written here, and the format version
// bumped; decoding checks magic, version, every length and the end.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "nhi/rules.hpp"
#include "nhi/status.hpp"

namespace nhi::detail {

inline constexpr std::uint32_t kRuleCodecVersion = 3;

std::string encode_rules(const std::vector<rule_info>& rules, const std::string& rules_version);

// Appends the decoded rules to `out` and sets `rules_version`. errc::corrupt
// on a wrong magic, a wrong format version, or data that ends early or runs
// on; `out` and `rules_version` are then unchanged.
status decode_rules(std::string_view data, std::vector<rule_info>& out, std::string& rules_version);

}  // namespace nhi::detail
