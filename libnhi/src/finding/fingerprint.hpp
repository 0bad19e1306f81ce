// SPDX-License-Identifier: Apache-2.0
// Hashing inside the library. fingerprint_of (nhi/finding.hpp) is for secret
// values and follows the fingerprint key; these are for everything else that
// needs a stable digest (rule-set versions, identity ids, evidence rows),
// which must not change when a team sets a key.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "nhi/status.hpp"

namespace nhi::detail {

// The environment variable that holds the fingerprint key.
inline constexpr const char* kFingerprintKeyEnv = "NHI_FINGERPRINT_KEY";
// A shorter key is refused: it could be found by trying them all.
inline constexpr std::size_t kMinFingerprintKeyBytes = 16;

// Lowercase hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);
// Lowercase hex HMAC-SHA-256 of `data` under `key`.
std::string hmac_sha256_hex(std::string_view key, std::string_view data);
// Resolves the default key on first use; the problem, if any (see
// nhi::fingerprint_key_status).
nhi::status fingerprint_key_status();

}  // namespace nhi::detail
