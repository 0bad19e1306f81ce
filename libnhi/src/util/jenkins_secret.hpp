// SPDX-License-Identifier: Apache-2.0
// The two forms in which Jenkins writes a secret field to its XML files, so a
// rule and an analyzer can tell a value Jenkins encrypted from one written in
// plain text (by hand, by a template, or for `create-credentials-by-xml`,
// which Jenkins encrypts on import).
#pragma once

#include <string_view>

namespace nhi::detail {

enum class jenkins_form {
  plaintext,     // anything else: Jenkins reads it as the secret itself
  secret_v1,     // hudson.util.Secret: {base64(01, iv length, data length, iv, AES-CBC data)}
  secret_bytes,  // credentials plugin SecretBytes: {base64(8-byte salt, pad length 7, AES-CBC data, padding)}
};

// `value` is the element's text, braces included. Only the layout is
// checked; the master key that would decrypt it is not known here.
jenkins_form jenkins_value_form(std::string_view value) noexcept;

inline bool is_jenkins_encrypted(std::string_view value) noexcept {
  return jenkins_value_form(value) != jenkins_form::plaintext;
}

}  // namespace nhi::detail
