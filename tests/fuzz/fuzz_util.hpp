// SPDX-License-Identifier: Apache-2.0
// Shared by the fuzz targets: the built-in rules compiled once per process,
// and a crash that names the broken invariant.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "nhi/rules.hpp"

namespace nhi_fuzz {

inline const nhi::rule_set& builtin_rules() {
  static const nhi::rule_set rules = [] {
    auto r = nhi::rule_set::builtin();
    if (!r) {
      std::fprintf(stderr, "built-in rules do not load: %s\n", r.error().to_string().c_str());
      std::abort();
    }
    return r.value();
  }();
  return rules;
}

// An invariant the code under test promises; a violation is a finding of the fuzzer.
[[noreturn]] inline void violated(const char* what, const std::string& detail = {}) {
  std::fprintf(stderr, "invariant violated: %s %s\n", what, detail.c_str());
  std::abort();
}

inline void check(bool ok, const char* what, const std::string& detail = {}) {
  if (!ok) violated(what, detail);
}

inline std::string_view as_view(const unsigned char* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace nhi_fuzz
