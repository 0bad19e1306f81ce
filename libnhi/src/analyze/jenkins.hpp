// SPDX-License-Identifier: Apache-2.0
// Jenkins credentials, as XML (jenkins_credentials.cpp) and as Configuration
// as Code YAML (jenkins_casc.cpp); one fact per credential, built the same way
// for both (jenkins_common.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analyze/common.hpp"

namespace nhi::detail {

// True when an XML document names a Jenkins credential class or store
// (com.cloudbees.plugins.credentials..., *CredentialsImpl, SSH keys, GitHub
// App credentials): the cheap look that selects the analyzer below for a
// config.xml or an import file of any name.
bool looks_like_jenkins_credentials(std::string_view content);

// $JENKINS_HOME/credentials.xml, a folder's or user's config.xml, and the XML
// given to `jenkins-cli create-credentials-by-xml`: one fact per credential
// (an element with an <id> and a secret field), named by its username and
// id, with scope, description, class, domain and store as attributes and
// whether Jenkins encrypted the stored value. The value itself is never kept:
// only the fingerprint the secret rules give the same bytes (the base64
// inside the braces of an encrypted value, the text of a plain one).
void analyze_jenkins_credentials(const source_file& file, analysis_result& out);

// True when a YAML document has Configuration as Code's system credential
// store: a top-level `credentials:` and a `domainCredentials:` below it.
bool looks_like_jenkins_casc(std::string_view content);

// A JCasC file (jenkins.yaml, casc.yaml, any file of CASC_JENKINS_CONFIG):
// credentials.system.domainCredentials[].credentials[], each a one-key map
// whose key is the credential's type (usernamePassword, string, file,
// basicSSHUserPrivateKey, certificate, aws, gitHubApp, ...). One fact per
// credential with a secret field, as for the XML.
void analyze_jenkins_casc(const source_file& file, analysis_result& out);

// One secret field of a credential as its file writes it.
struct jenkins_secret_value {
  std::string field;     // password, secret, privateKey, passphrase, ...
  std::string text;      // the value, trimmed: decides its source and whether Jenkins encrypted it
  std::string reported;  // the bytes the secret rules report for a plain value; empty: `text`
  std::uint64_t line = 0;
};

// What either format says of one credential.
struct jenkins_credential {
  std::string class_name;  // the Java class (XML), or empty
  std::string casc_type;   // Configuration as Code's symbol for the class (YAML), or empty
  std::string id, username, scope, description, plugin, domain, store;
  std::string file_name, app_id, owner, role_arn, access_key;
  std::vector<jenkins_secret_value> secrets;  // in file order
};

// Reads the fields that XStream's XML (a class's fields as elements) and
// JCasC's YAML (the same names as keys) both name alike: `field(name)` gives
// one field's text, empty when absent.
template <class ReadField>
void read_jenkins_fields(jenkins_credential& c, ReadField field) {
  c.id = field("id");
  c.username = field("username");
  c.scope = field("scope");
  c.description = field("description");
  c.file_name = field("fileName");
  c.app_id = field("appID");
  c.owner = field("owner");
  c.role_arn = field("iamRoleArn");
  c.access_key = field("accessKey");
}

// True for the fields that hold a credential's secret (password, secret,
// privateKey, secretBytes, uploadedKeystore, token, passphrase, ...).
bool is_jenkins_secret_field(std::string_view name);

// The credential's fact: kind and provider from its class or JCasC type,
// named `username@jenkins:ID` (`jenkins:ID` without a username), the value of
// its first secret field (a key before its passphrase) as its own and the
// others as `<attribute>.<field>`. Nothing when it has no secret field.
void add_jenkins_credential(jenkins_credential credential, const source_file& file, analysis_result& out);

}  // namespace nhi::detail
