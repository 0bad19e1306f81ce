// SPDX-License-Identifier: Apache-2.0
#include "util/jenkins_secret.hpp"

#include <cstdint>
#include <string>

#include "util/text.hpp"

namespace nhi::detail {
namespace {

std::uint32_t big_endian32(const std::string& b, std::size_t at) {
  return (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) << 24) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 16) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 2])) << 8) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 3]));
}

}  // namespace

jenkins_form jenkins_value_form(std::string_view value) noexcept {
  // Both forms are wrapped in braces; bare base64 is read as the secret (or
  // as the older AES-ECB form of HistoricalSecrets, which only the key tells).
  if (value.size() < 2 || value.front() != '{' || value.back() != '}') return jenkins_form::plaintext;
  value = value.substr(1, value.size() - 2);
  // The shortest payload of either form is 32 bytes (44 base64 characters).
  // SecretBytes holds whole files (keystores, kubeconfigs): only values past
  // 16 MiB are left undecoded, as a bound on the work.
  if (value.size() < 44 || value.size() > (std::size_t{1} << 24)) return jenkins_form::plaintext;
  std::string payload;
  try {
    if (!base64_decode(value, payload)) return jenkins_form::plaintext;
  } catch (...) {
    return jenkins_form::plaintext;
  }
  // Secret: version 1, then the IV and data lengths that account for every
  // byte after the 9-byte header (what hudson.util.Secret.decrypt checks);
  // AES-CBC data comes in 16-byte blocks.
  if (payload.size() >= 9 && static_cast<unsigned char>(payload[0]) == 1) {
    const std::uint64_t iv = big_endian32(payload, 1), data = big_endian32(payload, 5);
    if (iv == 16 && data > 0 && data % 16 == 0 && 9 + iv + data == payload.size()) return jenkins_form::secret_v1;
  }
  // SecretBytes: salt, pad length, data, padding; the pad length makes the
  // whole a multiple of 16 and, the data being whole blocks, is always 7.
  if (payload.size() >= 32 && payload.size() % 16 == 0 && static_cast<unsigned char>(payload[8]) == 7)
    return jenkins_form::secret_bytes;
  return jenkins_form::plaintext;
}

}  // namespace nhi::detail
