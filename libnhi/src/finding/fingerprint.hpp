// SPDX-License-Identifier: Apache-2.0
// Hashing inside the library. fingerprint_of (nhi/finding.hpp) is for secret
// values and follows the fingerprint key; these are for everything else that
// needs a stable digest (rule-set versions, identity ids, evidence rows),
// which must not change when a team sets a key.
#pragma once

#include <string>
#include <string_view>

namespace nhi::detail {

// The environment variable that holds the fingerprint key.
inline constexpr const char* kFingerprintKeyEnv = "NHI_FINGERPRINT_KEY";

// Lowercase hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);
// Lowercase hex HMAC-SHA-256 of `data` under `key`.
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

}  // namespace nhi::detail
