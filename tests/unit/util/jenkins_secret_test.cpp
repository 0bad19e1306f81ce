// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>

#include <string>

#include "util/jenkins_secret.hpp"
#include "util/text.hpp"

using namespace nhi::detail;

namespace {

std::string bytes(std::size_t n, unsigned char seed) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += static_cast<char>((seed + i * 37) & 0xff);
  return s;
}

std::string be32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}

// hudson.util.Secret's version 1 payload, braced.
std::string secret_v1(std::uint32_t iv_length, std::uint32_t data_length, std::size_t actual_data) {
  return "{" + base64_encode(std::string(1, '\x01') + be32(iv_length) + be32(data_length) + bytes(iv_length, 3) +
                             bytes(actual_data, 9)) +
         "}";
}

}  // namespace

TEST_CASE("jenkins_value_form: hudson.util.Secret version 1") {
  const std::string ok = secret_v1(16, 32, 32);
  CHECK(ok.rfind("{AQAAABAAAAAg", 0) == 0);
  CHECK(jenkins_value_form(ok) == jenkins_form::secret_v1);
  CHECK(is_jenkins_encrypted(ok));
  CHECK_FALSE(is_jenkins_encrypted(ok.substr(1, ok.size() - 2)));  // braces are part of the form
  CHECK_FALSE(is_jenkins_encrypted(secret_v1(16, 32, 31)));         // the lengths must add up
  CHECK_FALSE(is_jenkins_encrypted(secret_v1(16, 30, 30)));         // AES-CBC data is whole blocks
  CHECK_FALSE(is_jenkins_encrypted("{AQAAABAAA S2wQ7mLx9TvK4pRzS2wQ7mLx9TvK4pRzS2wQ7mLx9TvK4pRz}"));
  CHECK_FALSE(is_jenkins_encrypted("{AQAAABAAAAAg}"));
  CHECK_FALSE(is_jenkins_encrypted("hunter2-but-longer-than-forty-four-characters-xx"));
}

TEST_CASE("jenkins_value_form: the credentials plugin's SecretBytes") {
  const std::string data = bytes(8, 1) + std::string(1, '\x07') + bytes(48, 5) + bytes(7, 11);
  CHECK(jenkins_value_form("{" + base64_encode(data) + "}") == jenkins_form::secret_bytes);
  std::string bad_pad = data;
  bad_pad[8] = '\x08';
  CHECK(jenkins_value_form("{" + base64_encode(bad_pad) + "}") == jenkins_form::plaintext);
  // Unbraced base64 is what create-credentials-by-xml takes as a file's plain bytes.
  CHECK(jenkins_value_form(base64_encode(data)) == jenkins_form::plaintext);
}
