// SPDX-License-Identifier: Apache-2.0
// Helpers for the analysis tests that need a whole scan (facts one file
// leaves incomplete are joined with another's in structure_analyzer::take)
// and values encrypted in the test from random passwords.
#pragma once

#include <openssl/evp.h>

#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "nhi/nhi.hpp"
#include "test_util.hpp"
#include "unit/analyze/analyze_support.hpp"

namespace analyze_test {

// `files` (path relative to a temporary directory, content) scanned from that
// directory with the structure analyzer as a detector, as `nhi scan` does:
// the facts after take(), and the directory they were under.
struct scanned_tree {
  nhi::analysis_result result;
  std::string root;
};

inline scanned_tree scan_tree(const std::vector<std::pair<std::string, std::string>>& files) {
  static const nhi::result<nhi::rule_set> rules = nhi::rule_set::builtin();
  REQUIRE(rules.is_ok());
  nhi_test::temp_dir dir;
  for (const auto& file : files) nhi_test::write_file(dir / file.first, file.second);
  auto analyzer = std::make_shared<nhi::structure_analyzer>();
  nhi::scan_options o;
  o.detectors.push_back(analyzer);
  o.threads = 2;
  nhi::collecting_sink sink;
  REQUIRE(nhi::scanner(rules.value(), o).scan_paths({dir.str()}, sink).is_ok());
  return {analyzer->take(), dir.str()};
}

inline std::mt19937& test_rng() {
  static std::mt19937 rng(std::random_device{}());
  return rng;
}

inline std::string random_bytes(std::size_t n) {
  std::uniform_int_distribution<int> byte(0, 255);
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += static_cast<char>(byte(test_rng()));
  return s;
}

// `n` characters drawn from `alphabet`.
inline std::string random_of(const std::string& alphabet, std::size_t n) {
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += alphabet[pick(test_rng())];
  return s;
}

// Letters and digits without x (no "xxxx" placeholder by chance), 12 to 24 of them.
inline std::string random_password() {
  static const std::string alphabet = "ABCDEFGHJKLMNPQRSTUVWYZabcdefghijkmnopqrstuvwyz23456789";
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1), length(12, 24);
  std::string s;
  for (std::size_t i = 0, n = length(test_rng()); i < n; ++i) s += alphabet[pick(test_rng())];
  return s;
}

// Hex digits; letters and digits as random_password's.
inline std::string random_hex_digits(std::size_t n) { return random_of("0123456789abcdef", n); }
inline std::string random_alnum(std::size_t n) {
  return random_of("ABCDEFGHJKLMNPQRSTUVWYZabcdefghijkmnopqrstuvwyz23456789", n);
}

inline std::string base64(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

// One-shot encryption, as the tools do it; `pad` as EVP_CIPHER_CTX_set_padding.
inline std::string encrypt(const EVP_CIPHER* cipher, const std::string& key, const std::string& iv,
                           const std::string& plain, bool pad) {
  std::unique_ptr<EVP_CIPHER_CTX, void (*)(EVP_CIPHER_CTX*)> ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  REQUIRE(EVP_EncryptInit_ex(ctx.get(), cipher, nullptr, reinterpret_cast<const unsigned char*>(key.data()),
                             reinterpret_cast<const unsigned char*>(iv.data())) == 1);
  EVP_CIPHER_CTX_set_padding(ctx.get(), pad ? 1 : 0);
  std::string out(plain.size() + 32, '\0');
  int n = 0, tail = 0;
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  REQUIRE(EVP_EncryptUpdate(ctx.get(), o, &n, reinterpret_cast<const unsigned char*>(plain.data()),
                            static_cast<int>(plain.size())) == 1);
  REQUIRE(EVP_EncryptFinal_ex(ctx.get(), o + n, &tail) == 1);
  out.resize(static_cast<std::size_t>(n + tail));
  return out;
}

}  // namespace analyze_test
