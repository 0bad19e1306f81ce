// SPDX-License-Identifier: Apache-2.0
// Helpers of the network device configuration tests (network_devices_more,
// network_devices_3): random device passwords, and the join of facts with the
// rules' findings.
#pragma once

#include <cctype>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "match/validators.hpp"
#include "unit/analyze/analyze_support.hpp"
#include "unit/analyze/scan_support.hpp"

namespace analyze_test {

// A %XX escape: the scanner's percent layer reads a `key=value` token as form
// data, and `password=ab%3Dcd` is reported decoded (`ab=cd`) where the
// analyzer fingerprints the value as written (a known limitation of the
// decoder's form-data test, docs/accuracy.md).
inline bool has_hex_escape(const std::string& s) {
  for (std::size_t k = s.find('%'); k != std::string::npos && k + 2 < s.size(); k = s.find('%', k + 1))
    if (std::isxdigit(static_cast<unsigned char>(s[k + 1])) && std::isxdigit(static_cast<unsigned char>(s[k + 2])))
      return true;
  return false;
}

// Printable ASCII with punctuation a device accepts unquoted in all three
// formats (no blank, quote, `$`, `\`, `;`, `#`, brackets), with a lower-case
// letter and a digit (`LRFUK_MWCDCN` is an argument name as command references
// print them) and nothing the rules' placeholder filter takes for one (a
// keyboard row, a run of ascending characters).
inline std::string device_password(std::size_t min_length = 10) {
  static const std::string alphabet = "ABCDEFGHJKLMNPQRSTUVWYZabcdefghijkmnopqrstuvwyz23456789!%+-_.@";
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1), length(min_length, 20);
  std::string s;
  do {
    s.clear();
    for (std::size_t i = 0, n = length(test_rng()); i < n; ++i) s += alphabet[pick(test_rng())];
  } while (!std::isalnum(static_cast<unsigned char>(s.front())) ||
           s.find_first_of("abcdefghijkmnopqrstuvwyz") == std::string::npos ||
           s.find_first_of("23456789") == std::string::npos || nhi::detail::is_placeholder(s) || has_hex_escape(s));
  return s;
}

// Every fingerprinted fact has the rules' finding of the same value (the
// inventory joins them by fingerprint); returns how many were joined.
inline std::size_t check_joined(const nhi::analysis_result& r, const std::vector<nhi::finding>& found) {
  std::set<std::string> reported;
  for (const auto& f : found) reported.insert(f.fingerprint);
  std::size_t joined = 0;
  for (const auto& f : r.identities) {
    const std::string fp = attribute(f, "fingerprint");
    if (fp.empty()) continue;
    CHECK_MESSAGE(reported.count(fp) == 1, f.name << " at line " << f.line << " has no finding of its value");
    ++joined;
  }
  return joined;
}

}  // namespace analyze_test
