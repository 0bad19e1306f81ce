// SPDX-License-Identifier: Apache-2.0
// The BF_ functions are deprecated in OpenSSL 3 in favour of EVP, where
// Blowfish needs the legacy provider (see blowfish_blocks in the header).
#define OPENSSL_SUPPRESS_DEPRECATED
#include "util/cipher.hpp"

#include <openssl/blowfish.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>
#include <climits>
#include <memory>

namespace nhi::detail {
namespace {

struct ctx_deleter {
  void operator()(EVP_CIPHER_CTX* c) const noexcept { EVP_CIPHER_CTX_free(c); }
};
using cipher_ctx = std::unique_ptr<EVP_CIPHER_CTX, ctx_deleter>;

const unsigned char* bytes(std::string_view s) noexcept { return reinterpret_cast<const unsigned char*>(s.data()); }

const EVP_CIPHER* aes_cbc(std::size_t key_size) noexcept {
  switch (key_size) {
    case 16: return EVP_aes_128_cbc();
    case 24: return EVP_aes_192_cbc();
    case 32: return EVP_aes_256_cbc();
    default: return nullptr;
  }
}

const EVP_CIPHER* aes_gcm(std::size_t key_size) noexcept {
  switch (key_size) {
    case 16: return EVP_aes_128_gcm();
    case 24: return EVP_aes_192_gcm();
    case 32: return EVP_aes_256_gcm();
    default: return nullptr;
  }
}

// One-shot decryption with an initialised context; `pad` as EVP_CIPHER_CTX_set_padding.
bool run(EVP_CIPHER_CTX* ctx, std::string_view data, bool pad, std::string& out) {
  if (data.size() > INT_MAX / 2) return false;
  EVP_CIPHER_CTX_set_padding(ctx, pad ? 1 : 0);
  std::string plain(data.size() + 32, '\0');
  int n = 0, tail = 0;
  auto* p = reinterpret_cast<unsigned char*>(plain.data());
  if (EVP_DecryptUpdate(ctx, p, &n, bytes(data), static_cast<int>(data.size())) != 1) return false;
  if (EVP_DecryptFinal_ex(ctx, p + n, &tail) != 1) return false;
  plain.resize(static_cast<std::size_t>(n + tail));
  out = std::move(plain);
  return true;
}

}  // namespace

bool aes_cbc_decrypt(std::string_view key, std::string_view iv, std::string_view data, std::string& out,
                     bool pkcs7) {
  const EVP_CIPHER* cipher = aes_cbc(key.size());
  if (!cipher || iv.size() != 16 || data.empty() || data.size() % 16 != 0) return false;
  cipher_ctx ctx(EVP_CIPHER_CTX_new());
  if (!ctx || EVP_DecryptInit_ex(ctx.get(), cipher, nullptr, bytes(key), bytes(iv)) != 1) return false;
  return run(ctx.get(), data, pkcs7, out);
}

bool aes_gcm_decrypt(std::string_view key, std::string_view iv, std::string_view aad, std::string_view data_and_tag,
                     std::string& out) {
  constexpr std::size_t kTag = 16;
  const EVP_CIPHER* cipher = aes_gcm(key.size());
  if (!cipher || iv.empty() || iv.size() > 64 || data_and_tag.size() < kTag || aad.size() > INT_MAX) return false;
  const std::string_view data = data_and_tag.substr(0, data_and_tag.size() - kTag);
  std::string tag(data_and_tag.substr(data.size()));
  cipher_ctx ctx(EVP_CIPHER_CTX_new());
  if (!ctx || EVP_DecryptInit_ex(ctx.get(), cipher, nullptr, nullptr, nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(iv.size()), nullptr) != 1 ||
      EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, bytes(key), bytes(iv)) != 1)
    return false;
  int n = 0;
  if (!aad.empty() && EVP_DecryptUpdate(ctx.get(), nullptr, &n, bytes(aad), static_cast<int>(aad.size())) != 1)
    return false;
  if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kTag), tag.data()) != 1) return false;
  if (data.empty()) {
    int tail = 0;
    unsigned char none[16];
    if (EVP_DecryptFinal_ex(ctx.get(), none, &tail) != 1) return false;
    out.clear();
    return true;
  }
  return run(ctx.get(), data, false, out);
}

bool des_ede3_cbc_decrypt(std::string_view key, std::string_view iv, std::string_view data, std::string& out) {
  if (key.size() != 24 || iv.size() != 8 || data.empty() || data.size() % 8 != 0) return false;
  cipher_ctx ctx(EVP_CIPHER_CTX_new());
  if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_des_ede3_cbc(), nullptr, bytes(key), bytes(iv)) != 1) return false;
  return run(ctx.get(), data, false, out);
}

bool pbkdf2_sha1(std::string_view password, std::string_view salt, std::uint32_t iterations, std::size_t length,
                 std::string& out) {
  if (iterations == 0 || iterations > INT_MAX || length == 0 || length > 1024 || password.size() > INT_MAX ||
      salt.size() > INT_MAX)
    return false;
  std::string key(length, '\0');
  if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), bytes(salt), static_cast<int>(salt.size()),
                        static_cast<int>(iterations), EVP_sha1(), static_cast<int>(length),
                        reinterpret_cast<unsigned char*>(key.data())) != 1)
    return false;
  out = std::move(key);
  return true;
}

blowfish_blocks::blowfish_blocks(std::string_view key) : key_(std::make_unique<bf_key_st>()) {
  BF_set_key(key_.get(), static_cast<int>(std::min<std::size_t>(key.size(), 72)), bytes(key));
}

blowfish_blocks::~blowfish_blocks() { OPENSSL_cleanse(key_.get(), sizeof(bf_key_st)); }

void blowfish_blocks::encrypt(unsigned char block[8]) const noexcept { BF_ecb_encrypt(block, block, key_.get(), BF_ENCRYPT); }

void blowfish_blocks::decrypt(unsigned char block[8]) const noexcept { BF_ecb_encrypt(block, block, key_.get(), BF_DECRYPT); }

namespace {

std::string digest_of(std::string_view data, const EVP_MD* md) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &len, md, nullptr) != 1) return {};
  return std::string(reinterpret_cast<const char*>(digest), len);
}

}  // namespace

std::string sha1_digest(std::string_view data) { return digest_of(data, EVP_sha1()); }

std::string sha256_digest(std::string_view data) { return digest_of(data, EVP_sha256()); }

std::string md5_digest(std::string_view data) { return digest_of(data, EVP_md5()); }

void wipe_secret(std::string& s) noexcept {
  if (!s.empty()) OPENSSL_cleanse(s.data(), s.size());
  s.clear();
}

}  // namespace nhi::detail
