// SPDX-License-Identifier: Apache-2.0
// Decryption of the stores that client applications encrypt with a key every
// installation shares (DBeaver, mRemoteNG's default master password) or that
// sits beside them: OpenSSL's EVP primitives behind byte-string functions.
// Each returns false when the input does not decrypt (a wrong key, a broken
// padding or tag, a length the mode cannot take); it never throws. The
// plaintext is the caller's to fingerprint and drop: it is never logged.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace nhi::detail {

// AES-CBC with PKCS#7 padding; the key is 16, 24 or 32 bytes, the IV 16.
bool aes_cbc_decrypt(std::string_view key, std::string_view iv, std::string_view data, std::string& out);

// AES-GCM with a tag of 16 bytes after the ciphertext, any IV length
// (mRemoteNG uses 16) and additional authenticated data `aad`.
bool aes_gcm_decrypt(std::string_view key, std::string_view iv, std::string_view aad, std::string_view data_and_tag,
                     std::string& out);

// Triple DES (EDE3) in CBC mode without padding: what is left of a zero-padded
// plaintext, the caller strips the zeros.
bool des_ede3_cbc_decrypt(std::string_view key, std::string_view iv, std::string_view data, std::string& out);

// PBKDF2 with HMAC-SHA1 (RFC 8018); `iterations` >= 1.
bool pbkdf2_sha1(std::string_view password, std::string_view salt, std::uint32_t iterations, std::size_t length,
                 std::string& out);

// MD5 of `data` (16 bytes), for keys derived that way by older formats.
std::string md5_digest(std::string_view data);

// Overwrites a recovered password or key (OPENSSL_cleanse: not optimised
// away) and empties it, once its fingerprint is taken.
void wipe_secret(std::string& s) noexcept;

}  // namespace nhi::detail
