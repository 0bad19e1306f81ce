// SPDX-License-Identifier: Apache-2.0
#include "util/device_secrets.hpp"

#include "util/cipher.hpp"
#include "util/text.hpp"

namespace nhi::detail {
namespace {

// The string Cisco's type 7 XORs with (IOS, published in countless decoders).
constexpr std::string_view kCiscoXlat = "dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87";
constexpr unsigned kCiscoMaxSeed = 15;

// Junos $9$: the alphabet (four families), the filler after a start character,
// and the weights of each byte's digits, by the byte's place modulo 7.
namespace juniper9 {
inline constexpr std::string_view kAlphabet = "QzF3n6/9CAtpu0OB1IREhcSyrleKvMW8LXx7N-dVbwsY2g4oaJZGUDjiHkq.mPf5T";
// Filler characters after a start character: 3 for the first family of the
// alphabet (15 characters), 2 for the next 20, 1 for the next 20, 0 for the last 10.
inline int filler_after(std::size_t index) noexcept { return index < 15 ? 3 : index < 35 ? 2 : index < 55 ? 1 : 0; }
struct weights { int count; int w[4]; };
inline constexpr weights kWeights[7] = {{3, {1, 4, 32, 0}}, {3, {1, 16, 32, 0}}, {3, {1, 8, 32, 0}}, {2, {1, 64, 0, 0}},
                                        {2, {1, 32, 0, 0}}, {4, {1, 4, 16, 128}}, {3, {1, 32, 64, 0}}};
}  // namespace juniper9

bool printable_ascii(unsigned value) noexcept { return value >= 0x20 && value < 0x7F; }

// `value` equals `lower_word` (lower case) in ASCII, case ignored.
bool equals_word(std::string_view value, std::string_view lower_word) noexcept {
  if (value.size() != lower_word.size()) return false;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i] >= 'A' && value[i] <= 'Z' ? static_cast<char>(value[i] - 'A' + 'a') : value[i];
    if (c != lower_word[i]) return false;
  }
  return true;
}

}  // namespace

bool is_device_syntax_word(std::string_view value) noexcept {
  while (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
    value = value.substr(1, value.size() - 2);
  if (value.empty()) return true;
  // Masked as a device or a sanitizer shows it ("*****", "<removed>" is the placeholder filter's).
  if (value.find_first_not_of('*') == std::string_view::npos) return true;
  // A slot in brackets ("snmp-server community [SNMP COMMUNITY] RO" in a
  // template's README, read up to its blank).
  if (value.front() == '[') return true;
  // An argument name in capitals: upper-case letters, _ and - only.
  bool upper = false, other = false;
  for (char c : value) {
    if (c >= 'A' && c <= 'Z') upper = true;
    else if (c != '_' && c != '-') other = true;
  }
  if (upper && !other) return true;
  for (const char* word : {"password", "passwd", "secret", "key", "string", "word", "line", "text", "community",
                           "encrypted", "unencrypted", "encrypted-password", "unencrypted-password", "clear",
                           "cleartext", "plaintext", "hidden", "none", "null", "level", "privilege", "sha512",
                           "pbkdf2", "md5", "ascii", "hex", "address", "hostname", "view", "ro", "rw"})
    if (equals_word(value, word)) return true;
  return false;
}

bool is_default_snmp_community(std::string_view community) noexcept {
  return equals_word(community, "public") || equals_word(community, "private");
}

std::string device_name_from_path(std::string_view path) {
  const std::size_t slash = path.find_last_of("/\\");
  std::string base(slash == std::string_view::npos ? path : path.substr(slash + 1));
  for (const char* suffix : {".cfg", ".conf", ".config", ".txt", ".ios", ".confg", ".set", ".junos", ".bak", ".backup",
                             ".rsc", ".boot"})
    if (ends_with(to_lower_ascii(base), suffix)) {
      base.resize(base.size() - std::string_view(suffix).size());
      break;
    }
  for (const char* suffix : {"-confg", "_confg", "-config", "_config", "-running", "_running", "-export", "_export"})
    if (base.size() > std::string_view(suffix).size() + 1 && ends_with(to_lower_ascii(base), suffix)) {
      base.resize(base.size() - std::string_view(suffix).size());
      break;
    }
  const std::string lower = to_lower_ascii(base);
  for (const char* generic : {"running-config", "startup-config", "running", "startup", "config", "configuration",
                              "show_run", "show-run", "showrun", "show_running", "show-running", "show_startup",
                              "show-startup", "run", "backup", "router", "switch", "firewall", "juniper", "cisco",
                              "junos", "ios", "device", "base", "default", "template", "export", "mikrotik",
                              "routeros", "fortigate", "fortios", "vyos", "edgeos", "vyatta", ""})
    if (lower == generic) return {};
  return base;
}

bool cisco_type7_decode(std::string_view encoded, std::string& out) {
  out.clear();
  if (encoded.size() < 4 || encoded.size() % 2 != 0) return false;
  if (encoded[0] < '0' || encoded[0] > '9' || encoded[1] < '0' || encoded[1] > '9') return false;
  const unsigned seed = static_cast<unsigned>((encoded[0] - '0') * 10 + (encoded[1] - '0'));
  if (seed > kCiscoMaxSeed) return false;
  out.reserve((encoded.size() - 2) / 2);
  for (std::size_t i = 2, k = 0; i < encoded.size(); i += 2, ++k) {
    const int hi = hex_digit_value(encoded[i]), lo = hex_digit_value(encoded[i + 1]);
    const unsigned key = static_cast<unsigned char>(kCiscoXlat[(seed + k) % kCiscoXlat.size()]);
    const unsigned value = hi < 0 || lo < 0 ? 0u : static_cast<unsigned>(hi * 16 + lo) ^ key;
    if (hi < 0 || lo < 0 || !printable_ascii(value)) {
      wipe_secret(out);
      return false;
    }
    out += static_cast<char>(value);
  }
  return true;
}

bool juniper9_decode(std::string_view encoded, std::string& out) {
  using namespace juniper9;
  out.clear();
  if (encoded.size() < 3 || encoded.substr(0, 3) != "$9$") return false;
  const std::string_view body = encoded.substr(3);
  const auto index_of = [](char c) { return kAlphabet.find(c); };
  if (body.empty()) return false;
  std::size_t prev = index_of(body[0]);
  if (prev == std::string_view::npos) return false;
  std::size_t at = 1 + static_cast<std::size_t>(filler_after(prev));
  if (at > body.size()) return false;
  for (std::size_t i = 1; i < at; ++i)
    if (index_of(body[i]) == std::string_view::npos) return false;
  const auto fail = [&out]() {
    wipe_secret(out);
    return false;
  };
  const int n = static_cast<int>(kAlphabet.size());
  for (std::size_t pos = 0; at < body.size(); ++pos) {
    const weights& wt = kWeights[pos % 7];
    if (body.size() - at < static_cast<std::size_t>(wt.count)) return fail();
    int value = 0;
    for (int k = 0; k < wt.count; ++k) {
      const std::size_t next = index_of(body[at++]);
      if (next == std::string_view::npos) return fail();
      // The distance from the previous character, less one: the encoder
      // steps 1 to 64 places, so a digit is 0-63, and below the next weight
      // (its place's radix) for every place but the last.
      const int gap = ((static_cast<int>(next) - static_cast<int>(prev)) % n + n) % n - 1;
      prev = next;
      if (gap < 0 || (k + 1 < wt.count && gap >= wt.w[k + 1] / wt.w[k])) return fail();
      value += gap * wt.w[k];
    }
    if (!printable_ascii(static_cast<unsigned>(value))) return fail();
    out += static_cast<char>(value);
  }
  return !out.empty();  // Junos writes no empty secret
}

}  // namespace nhi::detail
