// SPDX-License-Identifier: Apache-2.0
// Decryption of the stores that client applications encrypt with a key every
// installation shares (DBeaver, mRemoteNG's default master password) or that
// sits beside them: OpenSSL's EVP primitives behind byte-string functions.
// Each returns false when the input does not decrypt (a wrong key, a broken
// padding or tag, a length the mode cannot take); it never throws. The
// plaintext is the caller's to fingerprint and drop: it is never logged.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

struct bf_key_st;  // OpenSSL's BF_KEY

namespace nhi::detail {

// AES-CBC with PKCS#7 padding (without: whole blocks out, for formats that
// pad their own way); the key is 16, 24 or 32 bytes, the IV 16.
bool aes_cbc_decrypt(std::string_view key, std::string_view iv, std::string_view data, std::string& out,
                     bool pkcs7 = true);

// AES-GCM with a tag of 16 bytes after the ciphertext, any IV length
// (mRemoteNG uses 16) and additional authenticated data `aad`.
bool aes_gcm_decrypt(std::string_view key, std::string_view iv, std::string_view aad, std::string_view data_and_tag,
                     std::string& out);

// Triple DES (EDE3) in CBC mode without padding: what is left of a zero-padded
// plaintext, the caller strips the zeros.
bool des_ede3_cbc_decrypt(std::string_view key, std::string_view iv, std::string_view data, std::string& out);

// Blowfish on single 8-byte blocks under one key schedule, for formats that
// chain blocks their own way (Navicat's fixed-key cipher). OpenSSL 3 offers
// Blowfish through EVP only in its legacy provider, which an installation may
// lack: this uses the low-level BF_ functions, always built in.
class blowfish_blocks {
 public:
  explicit blowfish_blocks(std::string_view key);  // 1 to 72 bytes
  ~blowfish_blocks();
  blowfish_blocks(const blowfish_blocks&) = delete;
  blowfish_blocks& operator=(const blowfish_blocks&) = delete;
  void encrypt(unsigned char block[8]) const noexcept;
  void decrypt(unsigned char block[8]) const noexcept;

 private:
  std::unique_ptr<bf_key_st> key_;
};

// SHA-1 (20 bytes) and SHA-256 (32 bytes) of `data`, for keys derived that way.
std::string sha1_digest(std::string_view data);
std::string sha256_digest(std::string_view data);

// PBKDF2 with HMAC-SHA1 (RFC 8018); `iterations` >= 1.
bool pbkdf2_sha1(std::string_view password, std::string_view salt, std::uint32_t iterations, std::size_t length,
                 std::string& out);

// MD5 of `data` (16 bytes), for keys derived that way by older formats.
std::string md5_digest(std::string_view data);

// Overwrites a recovered password or key (OPENSSL_cleanse: not optimised
// away) and empties it, once its fingerprint is taken.
void wipe_secret(std::string& s) noexcept;

}  // namespace nhi::detail
