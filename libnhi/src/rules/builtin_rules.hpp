// SPDX-License-Identifier: Apache-2.0
// The built-in rules (patterns/*.yaml), parsed and validated at build time by
// nhi_rules_compile (libnhi/tools) and linked into the library in the form of
// rules/rule_codec.hpp.
#pragma once

#include <string_view>

namespace nhi::detail {

// The encoded rules; static storage. Defined in the generated
// builtin_rules_data.cpp, which only the library (not nhi_rules_compile) holds.
std::string_view builtin_rules_data() noexcept;

}  // namespace nhi::detail
