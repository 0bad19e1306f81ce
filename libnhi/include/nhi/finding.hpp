// SPDX-License-Identifier: Apache-2.0
// libnhi — a finding: one secret at one place.
//
// Findings own all their data. The plaintext secret is kept only when the scan
// was asked to (scan_options::capture_secrets); everything else is safe to log.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "nhi/export.hpp"
#include "nhi/rules.hpp"

NHI_BEGIN_NAMESPACE

// Where a blob came from in git history.
struct git_provenance {
  std::string blob_id;       // full object id of the blob
  std::string commit;        // full id of the commit that first introduced the blob at `path`
  std::string author;
  std::string author_email;
  std::string date;          // ISO 8601, author date of `commit`
  bool in_head = true;       // false: removed from HEAD, lives only in history
};

// The other half of a multi-part credential (rule_info::companion).
struct companion_match {
  std::string rule_id;
  std::string fingerprint;
  std::string redacted;
  std::uint64_t line = 0;
};

struct finding {
  std::string rule_id;
  std::string rule_name;
  std::string provider;
  std::string kind;
  nhi::severity level = severity::high;
  std::string path;           // as displayed: relative to the scanned root
  std::uint64_t line = 0;     // 1-based line of the first byte of the secret
  std::uint64_t column = 0;   // 1-based byte column of the first byte of the secret
  std::uint64_t column_utf16 = 0;  // the same column in UTF-16 code units (SARIF's columnKind); 0 if unknown
  std::string fingerprint;    // lowercase hex SHA-256 of the secret bytes
  std::string redacted;       // a preview that does not reveal the secret
  std::string decoded;        // the decoding layer the secret was found under ("base64", ...) or empty
  std::string secret;         // plaintext; empty unless capture_secrets was set
  std::optional<git_provenance> git;
  // A public identifier of the credential safe to store (e.g. the AWS access
  // key id AKIA..., a GCP private_key_id); empty if none. The inventory joins
  // it to the cloud's key lists.
  std::string external_id;
  std::optional<companion_match> companion;  // set when paired with its other half
};

// The fingerprint of `secret`, lowercase hex: SHA-256 of its bytes or, when a
// fingerprint key is set, HMAC-SHA-256 of them under that key. The key comes
// from the environment variable NHI_FINGERPRINT_KEY (read once, at first
// use) unless set_fingerprint_key() replaced it. Everything that fingerprints
// a secret (findings, analyzer facts, baselines, the inventory) uses this.
NHI_API std::string fingerprint_of(std::string_view secret);
// HMAC-SHA-256 of `secret` under `key` (lowercase hex); SHA-256 when `key` is empty.
NHI_API std::string keyed_fingerprint(std::string_view secret, std::string_view key);
// Sets the process-wide fingerprint key; empty: unkeyed SHA-256. Thread-safe,
// but fingerprints only compare within one key: set it before scanning.
NHI_API void set_fingerprint_key(std::string_view key);
// Which fingerprints these are: "sha256", or "hmac-sha256:" and a 16-hex id
// of the key (an HMAC of a fixed label; it reveals nothing about the key).
NHI_API std::string fingerprint_scheme();
// A preview of `secret` that keeps at most a short prefix (never more than a
// fifth of it) and masks the rest, e.g. "ghp_****************".
NHI_API std::string redact(std::string_view secret);

NHI_END_NAMESPACE
