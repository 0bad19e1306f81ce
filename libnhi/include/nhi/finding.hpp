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
#include "nhi/status.hpp"

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
  std::string fingerprint;    // fingerprint_of(secret): keyed HMAC-SHA-256, lowercase hex
  // SHA-256 of the secret, lowercase hex: the same on every machine under any
  // key. What baselines and allowlists committed to a repository compare, so
  // that they hold on a CI runner as on a laptop (they only name secrets that
  // repository holds). Reports and the inventory never carry it.
  std::string portable_fingerprint;
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

// The fingerprint of `secret`: lowercase hex HMAC-SHA-256 of its bytes under
// the process's fingerprint key, so that a report or inventory cannot confirm
// a guessed secret. The key, resolved at first use: set_fingerprint_key() if
// the host called it; else the environment variable NHI_FINGERPRINT_KEY (at
// least 16 bytes; a team shares one to compare fingerprints across machines);
// else this installation's key, fingerprint_key_file(), created 0600 with 32
// random bytes on first use. Everything that fingerprints a secret (findings,
// analyzer facts, the inventory) uses this.
NHI_API std::string fingerprint_of(std::string_view secret);
// HMAC-SHA-256 of `secret` under `key` (lowercase hex); SHA-256 when `key` is empty.
NHI_API std::string keyed_fingerprint(std::string_view secret, std::string_view key);
// Sets the process-wide fingerprint key; empty: unkeyed SHA-256 (the host's
// explicit choice). Thread-safe, but fingerprints only compare within one key:
// set it before scanning. A non-empty key under 16 bytes is refused: see
// fingerprint_key_status().
NHI_API void set_fingerprint_key(std::string_view key);
// Forgets set_fingerprint_key(): the default is resolved again at next use.
NHI_API void reset_fingerprint_key();
// Why no usable key could be had (NHI_FINGERPRINT_KEY empty or too short,
// a key file others can read or that cannot be created), or ok. Scans and
// inventory recordings fail with it (errc::invalid_argument): fingerprints
// never silently fall back to unkeyed. Resolves the default key if needed.
NHI_API status fingerprint_key_status();
// The installation's key file: $XDG_CONFIG_HOME/nhi/fingerprint-key or
// ~/.config/nhi/fingerprint-key; empty when neither variable is set.
NHI_API std::string fingerprint_key_file();
// Which fingerprints these are: "sha256", or "hmac-sha256:" and a 16-hex id
// of the key (an HMAC of a fixed label; it reveals nothing about the key).
NHI_API std::string fingerprint_scheme();
// A preview of `secret` that reveals neither it nor its length: the first 4
// characters of a value of 24 or more (a vendor prefix such as "ghp_"), then
// always 12 '*', e.g. "ghp_************"; a shorter value is "************".
NHI_API std::string redact(std::string_view secret);

NHI_END_NAMESPACE
