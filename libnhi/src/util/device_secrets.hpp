// SPDX-License-Identifier: Apache-2.0
// The reversible encodings network devices write passwords and keys in, so a
// rule can tell a real encoded value from text of the same alphabet and an
// analyzer can recover the plaintext to fingerprint it. Neither has a key:
// both algorithms are published, and any copy of the configuration reverses
// them.
//
// - Cisco type 7 (IOS, IOS-XE, NX-OS `password 7`, `key 7`, `key-string 7`):
//   two decimal digits, an offset 0-15 into a fixed 53-character string, then
//   each character XORed with that string from the offset on, as two hex digits.
// - Juniper `$9$` (Junos `secret`, `authentication-key`, `pre-shared-key`):
//   a start character from a 65-character alphabet, 0-3 filler characters
//   (how many depends on the start character), then each byte as 2-4
//   characters whose distances in the alphabet are its digits in a
//   mixed radix that cycles through seven weight lists.
#pragma once

#include <string>
#include <string_view>

namespace nhi::detail {

// A value in a device command's place that is no secret: a word of the
// command's own syntax or documentation ("password", "secret", "key",
// "encrypted", "hidden", "none"), an argument name as the CLI's help and the
// command references print it, in capitals ("WORD", "LINE", "PASSWORD",
// "SNMP_COMMUNITY"), or a masked value ("***", also in quotes). Other
// placeholders are the placeholder filter's.
bool is_device_syntax_word(std::string_view value) noexcept;

// The SNMP communities every device and manager knows: public (read) and
// private (write), in any case. Such a community authenticates nothing; it is
// a configuration finding, not a secret that leaked.
bool is_default_snmp_community(std::string_view community) noexcept;

// The device a configuration file belongs to when the file names none: the
// file's name without its extension and a -confg / -export suffix (`R1-confg`,
// `core-sw1.cfg`, `rtr1-export.rsc`), empty for a generic name (`running-config`,
// `config.boot`, `export.rsc`).
std::string device_name_from_path(std::string_view path);

// Decodes a Cisco type 7 value into `out` (cleared first). False, with `out`
// empty, when it is not one: not two decimal digits of an offset 0-15 and an
// even number (2 or more) of hex digits, or a character that decodes to a
// control character or a byte past ASCII (IOS writes printable ASCII only).
bool cisco_type7_decode(std::string_view encoded, std::string& out);

// Decodes a Juniper `$9$` value (with its `$9$` prefix) into `out` (cleared
// first). False, with `out` empty, when it is not one: another prefix, a
// character outside the alphabet, characters left over or missing at the end,
// a digit out of its place's range (the encoder never writes one), or a byte
// that is a control character or past ASCII.
bool juniper9_decode(std::string_view encoded, std::string& out);

}  // namespace nhi::detail
