#include <openssl/evp.h>

#include "nhi/finding.hpp"
#include "util/text.hpp"

NHI_BEGIN_NAMESPACE

std::string fingerprint_of(std::string_view secret) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(secret.data(), secret.size(), digest, &len, EVP_sha256(), nullptr) != 1) return {};
  return detail::hex_encode(digest, len);
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
