// SPDX-License-Identifier: Apache-2.0
// Fingerprints: lowercase hex SHA-256 of a secret, or HMAC-SHA-256 under a
// team's key (NHI_FINGERPRINT_KEY) so that a shared report or inventory
// cannot be used to confirm a guessed secret by hashing it.
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdlib>
#include <memory>
#include <mutex>

#include "finding/fingerprint.hpp"
#include "nhi/finding.hpp"
#include "util/text.hpp"

namespace nhi::detail {

std::string sha256_hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr) != 1) return {};
  return hex_encode(digest, len);
}

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  // A NULL key pointer means "no key" to OpenSSL even with length 0; the
  // empty key is never used here (it means unkeyed), but stay well-defined.
  static const unsigned char empty = 0;
  const void* k = key.empty() ? static_cast<const void*>(&empty) : static_cast<const void*>(key.data());
  if (!HMAC(EVP_sha256(), k, static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
            data.size(), digest, &len))
    return {};
  return hex_encode(digest, len);
}

namespace {

struct key_store {
  std::mutex mutex;
  std::shared_ptr<const std::string> key;  // empty string: unkeyed
};

key_store& store() {
  static key_store* s = [] {
    auto* k = new key_store;  // never destroyed: fingerprints may be computed during exit
    const char* env = std::getenv(kFingerprintKeyEnv);
    k->key = std::make_shared<const std::string>(env ? env : "");
    return k;
  }();
  return *s;
}

std::shared_ptr<const std::string> current_key() {
  key_store& s = store();
  std::lock_guard<std::mutex> lock(s.mutex);
  return s.key;
}

}  // namespace
}  // namespace nhi::detail

NHI_BEGIN_NAMESPACE

std::string keyed_fingerprint(std::string_view secret, std::string_view key) {
  return key.empty() ? detail::sha256_hex(secret) : detail::hmac_sha256_hex(key, secret);
}

std::string fingerprint_of(std::string_view secret) {
  const auto key = detail::current_key();
  return keyed_fingerprint(secret, *key);
}

void set_fingerprint_key(std::string_view key) {
  auto fresh = std::make_shared<const std::string>(key);
  detail::key_store& s = detail::store();
  std::lock_guard<std::mutex> lock(s.mutex);
  s.key = std::move(fresh);
}

std::string fingerprint_scheme() {
  const auto key = detail::current_key();
  if (key->empty()) return "sha256";
  // An id of the key that reveals nothing about it: which fingerprints compare.
  return "hmac-sha256:" + detail::hmac_sha256_hex(*key, "nhi fingerprint key id").substr(0, 16);
}

std::string redact(std::string_view secret) {
  // Keep a recognisable prefix (a vendor prefix such as "ghp_" carries no
  // secret bits) but never more than a fifth of the value, and at most 4 bytes.
  std::size_t keep = std::min<std::size_t>(4, secret.size() / 5);
  // Never cut a UTF-8 sequence in half.
  while (keep > 0 && (static_cast<unsigned char>(secret[keep]) & 0xC0) == 0x80) --keep;
  std::string out(secret.substr(0, keep));
  out.append(std::min<std::size_t>(16, std::max<std::size_t>(secret.size() - keep, 4)), '*');
  return out;
}

NHI_END_NAMESPACE
