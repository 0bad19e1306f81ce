// SPDX-License-Identifier: Apache-2.0
// Checks a candidate secret must pass beyond its regex: checksums, structure,
// and the placeholder filter that every rule applies.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace nhi::detail {

// `secret` is the captured secret; `match` the whole regex match around it.
using validator_fn = bool (*)(std::string_view secret, std::string_view match);

// nullptr for an unknown name.
validator_fn find_validator(std::string_view name) noexcept;
std::vector<std::string> validator_names();

// True for values that are obviously not real secrets: templating, masked
// values, documentation words, repeated characters, ascending runs, and the
// published example keys of vendors' documentation.
bool is_placeholder(std::string_view secret) noexcept;

// Where a value's trailing list of name=value settings starts (the comma
// before "ssl=True,abortConnect=False" in a connection string's password),
// or npos when it has none: the value proper ends there.
std::size_t settings_start(std::string_view value) noexcept;

// Whether `value` is words joined by '-' or '_' with no digit but one number
// of up to three digits among them ("Territoryi-Iraqi-Irani-Icelandi-...",
// "default-secret-key-must-be-at-least-32-bytes"): text that a keyword happened to
// stand before, not a key. A passphrase looks the same, so password rules
// do not ask.
bool word_phrase(std::string_view value) noexcept;

// Whether `value` is a name in PascalCase or camelCase of 20 letters or more
// and three words or more, acronyms counted as words, with no digit
// ("CardflightProductionAPIClientKey", the next name in a list of key names):
// a random key of that length almost always holds a digit, and seldom splits
// so. Password rules do not ask, as for word_phrase.
bool identifier_name(std::string_view value) noexcept;

// base62 CRC32 checksum of GitHub-style tokens (prefix_ + 30 + 6).
bool has_valid_base62_crc32(std::string_view token, std::size_t prefix_len) noexcept;

}  // namespace nhi::detail
