// SPDX-License-Identifier: Apache-2.0
// Fingerprints: HMAC-SHA-256 of a secret under a key (the installation's,
// created on first use, or a team's NHI_FINGERPRINT_KEY) so that a shared
// report or inventory cannot be used to confirm a guessed secret by hashing it.
#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
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

// Where the process's fingerprint key came from, and whether it is usable.
struct key_store {
  std::mutex mutex;
  bool resolved = false;
  std::shared_ptr<const std::string> key = std::make_shared<const std::string>();  // empty: unkeyed
  status problem = status::ok();  // why no usable key could be had
};

key_store& store() {
  static key_store* s = new key_store;  // never destroyed: fingerprints may be computed during exit
  return *s;
}

std::string key_file_path() {
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg == '/') return std::string(xdg) + "/nhi/fingerprint-key";
  if (const char* home = std::getenv("HOME"); home && *home == '/') return std::string(home) + "/.config/nhi/fingerprint-key";
  return {};
}

std::string errno_text() { return std::strerror(errno); }

// Reads the installation key: a regular file of the user's, mode 0600 (the
// key is what keeps fingerprints from confirming guesses; a key others can
// read is refused, as ssh refuses such private keys).
status read_key_file(const std::string& path, std::string& key) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return status(errc::io_error, "cannot read the fingerprint key: " + errno_text(), path);
  struct stat st {};
  std::string text;
  status result = status::ok();
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    result = status(errc::invalid_argument, "the fingerprint key is not a regular file", path);
  } else if (st.st_uid != ::geteuid() || (st.st_mode & 077) != 0) {
    result = status(errc::invalid_argument,
                    "the fingerprint key must be owned by you with mode 0600 (chmod 600 it, or delete it to make a new one)",
                    path);
  } else {
    char buf[512];
    ssize_t n;
    while ((n = ::read(fd, buf, sizeof buf)) > 0 && text.size() < 4096) text.append(buf, static_cast<std::size_t>(n));
    if (n < 0) result = status(errc::io_error, "cannot read the fingerprint key: " + errno_text(), path);
  }
  ::close(fd);
  if (!result) return result;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  if (text.size() < kMinFingerprintKeyBytes)
    return status(errc::invalid_argument, "the fingerprint key is shorter than " +
                                              std::to_string(kMinFingerprintKeyBytes) + " bytes", path);
  key = std::move(text);
  return status::ok();
}

// Creates the installation key: 32 random bytes as hex, written 0600 to a new
// file and linked into place, so a concurrent first run reads one key whole.
status create_key_file(const std::string& path, std::string& key) {
  const std::string dir = path.substr(0, path.rfind('/'));
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return status(errc::io_error, "cannot create the fingerprint key's directory: " + ec.message(), dir);
  unsigned char raw[32];
  if (RAND_bytes(raw, sizeof raw) != 1) return status(errc::internal, "no random bytes for a fingerprint key");
  const std::string text = hex_encode(raw, sizeof raw);
  const std::string temp = path + ".tmp." + std::to_string(::getpid());
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return status(errc::io_error, "cannot create the fingerprint key: " + errno_text(), temp);
  const std::string line = text + "\n";
  const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
  ::close(fd);
  // link() fails if another process created the key first: then use theirs.
  const bool linked = written && ::link(temp.c_str(), path.c_str()) == 0;
  const int link_errno = errno;
  ::unlink(temp.c_str());
  if (!written) return status(errc::io_error, "cannot write the fingerprint key", temp);
  if (!linked && link_errno != EEXIST)
    return status(errc::io_error, std::string("cannot create the fingerprint key: ") + std::strerror(link_errno), path);
  if (!linked) return read_key_file(path, key);
  key = text;
  return status::ok();
}

// The default key: NHI_FINGERPRINT_KEY, else the installation's key file
// (made on first use). Never falls back to unkeyed: a problem is kept and
// reported by fingerprint_key_status(), and meanwhile fingerprints are keyed
// under a key of this process only, which reveals nothing.
void resolve_default(key_store& s) {
  s.resolved = true;
  s.problem = status::ok();
  std::string key;
  if (const char* env = std::getenv(kFingerprintKeyEnv)) {
    key = env;
    if (key.size() < kMinFingerprintKeyBytes)
      s.problem = status(errc::invalid_argument,
                         std::string(kFingerprintKeyEnv) + " is " + (key.empty() ? "empty" : "shorter than " +
                         std::to_string(kMinFingerprintKeyBytes) + " bytes") +
                         "; set it to a long random value (e.g. `openssl rand -hex 32`) or unset it to use this "
                         "installation's key");
  } else {
    const std::string path = key_file_path();
    if (path.empty()) {
      s.problem = status(errc::invalid_argument, std::string("no place for the fingerprint key: set ") +
                                                     kFingerprintKeyEnv + ", or HOME or XDG_CONFIG_HOME");
    } else {
      struct stat st {};
      s.problem = ::lstat(path.c_str(), &st) == 0 ? read_key_file(path, key) : create_key_file(path, key);
    }
  }
  if (!s.problem) {
    unsigned char raw[32];
    RAND_bytes(raw, sizeof raw);
    key = hex_encode(raw, sizeof raw);
  }
  s.key = std::make_shared<const std::string>(std::move(key));
}

std::shared_ptr<const std::string> current_key() {
  key_store& s = store();
  std::lock_guard<std::mutex> lock(s.mutex);
  if (!s.resolved) resolve_default(s);
  return s.key;
}

}  // namespace

status fingerprint_key_status() {
  key_store& s = store();
  std::lock_guard<std::mutex> lock(s.mutex);
  if (!s.resolved) resolve_default(s);
  return s.problem;
}

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
  s.resolved = true;
  s.problem = key.empty() || key.size() >= detail::kMinFingerprintKeyBytes
                  ? status::ok()
                  : status(errc::invalid_argument, "a fingerprint key needs at least " +
                                                       std::to_string(detail::kMinFingerprintKeyBytes) + " bytes");
}

void reset_fingerprint_key() {
  detail::key_store& s = detail::store();
  std::lock_guard<std::mutex> lock(s.mutex);
  s.resolved = false;
}

status fingerprint_key_status() { return detail::fingerprint_key_status(); }

std::string fingerprint_key_file() { return detail::key_file_path(); }

std::string fingerprint_scheme() {
  const auto key = detail::current_key();
  if (key->empty()) return "sha256";
  // An id of the key that reveals nothing about it: which fingerprints compare.
  return "hmac-sha256:" + detail::hmac_sha256_hex(*key, "nhi fingerprint key id").substr(0, 16);
}

std::string redact(std::string_view secret) {
  // A recognisable prefix (a vendor prefix such as "ghp_" carries no secret
  // bits) only on values long enough that 4 characters are a small part of
  // them, and always the same mask: the preview tells nothing of the length
  // (with the length and a prefix, "Summer2024!" fell to a dictionary at once).
  std::size_t keep = secret.size() >= 24 ? 4 : 0;
  // Never cut a UTF-8 sequence in half.
  while (keep > 0 && (static_cast<unsigned char>(secret[keep]) & 0xC0) == 0x80) --keep;
  return std::string(secret.substr(0, keep)) + std::string(12, '*');
}

NHI_END_NAMESPACE
