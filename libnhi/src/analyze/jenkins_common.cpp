// SPDX-License-Identifier: Apache-2.0
// The part of Jenkins credential analysis that does not depend on the file's
// format: which fields hold a secret, what a credential class is, and the
// fact recorded for a credential, the same for its XML and its JCasC YAML so
// that the inventory sees one credential however it was written.
#include <algorithm>
#include <cctype>

#include "analyze/jenkins.hpp"
#include "nhi/finding.hpp"
#include "util/jenkins_secret.hpp"
#include "util/text.hpp"

namespace nhi::detail {
namespace {

// The fields that hold a credential's secret, in the order one is chosen as
// the credential's own value when it has several (a key before its
// passphrase, a keystore before its password). uploadedKeystore is JCasC's
// name for the XML's uploadedKeystoreBytes.
constexpr const char* kSecretFields[] = {
    "privateKey", "secretBytes", "uploadedKeystoreBytes", "uploadedKeystore", "secretJsonKey", "clientKeySecret",
    "secret",     "secretKey",   "token",                 "apiToken",         "accessToken",   "clientSecret",
    "secretId",   "password",    "passphrase",
};

int secret_rank(std::string_view name) {
  int rank = 0;
  for (const char* field : kSecretFields) {
    if (name == field) return rank;
    ++rank;
  }
  return -1;
}

// What a credential is: the end of its Java class name (XML, where plugins
// move classes between packages), the symbol Configuration as Code gives it
// (the class's @Symbol, else its simple name without Impl), the class itself,
// and the fact's kind and provider.
struct credential_type {
  const char* class_suffix;
  const char* casc_type;
  const char* class_name;
  const char* kind;
  const char* provider;
};
constexpr credential_type kTypes[] = {
    {"UsernamePasswordCredentialsImpl", "usernamePassword",
     "com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl", "password", "jenkins"},
    {"StringCredentialsImpl", "string", "org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl", "secret",
     "jenkins"},
    {"FileCredentialsImpl", "file", "org.jenkinsci.plugins.plaincredentials.impl.FileCredentialsImpl", "secret",
     "jenkins"},
    {"CertificateCredentialsImpl", "certificate", "com.cloudbees.plugins.credentials.impl.CertificateCredentialsImpl",
     "certificate", "jenkins"},
    {"BasicSSHUserPrivateKey", "basicSSHUserPrivateKey",
     "com.cloudbees.jenkins.plugins.sshcredentials.impl.BasicSSHUserPrivateKey", "private_key", "jenkins"},
    {"AWSCredentialsImpl", "aws", "com.cloudbees.jenkins.plugins.awscredentials.AWSCredentialsImpl", "access_key",
     "aws"},
    {"GitHubAppCredentials", "gitHubApp", "org.jenkinsci.plugins.github_branch_source.GitHubAppCredentials",
     "private_key", "github"},
    {"GitLabApiTokenImpl", "gitLabApiTokenImpl", "com.dabsquared.gitlabjenkins.connection.GitLabApiTokenImpl", "token",
     "gitlab"},
    {"gitlabserverconfig.credentials.PersonalAccessTokenImpl", "gitlabPersonalAccessToken",
     "io.jenkins.plugins.gitlabserverconfig.credentials.PersonalAccessTokenImpl", "token", "gitlab"},
    {"AzureCredentials", "azure", "com.microsoft.azure.util.AzureCredentials", "client_secret", "azure"},
    {"VaultTokenCredential", "vaultTokenCredential", "com.datapipe.jenkins.vault.credentials.VaultTokenCredential",
     "token", "vault"},
    {"VaultAppRoleCredential", "vaultAppRoleCredential",
     "com.datapipe.jenkins.vault.credentials.VaultAppRoleCredential", "secret", "vault"},
    {"DockerServerCredentials", "x509ClientCert",
     "org.jenkinsci.plugins.docker.commons.credentials.DockerServerCredentials", "certificate", "docker"},
    {"GoogleRobotPrivateKeyCredentials", "googleRobotPrivateKey",
     "com.google.jenkins.plugins.credentials.oauth.GoogleRobotPrivateKeyCredentials", "service_account_key", "gcp"},
};

const credential_type* type_of(const jenkins_credential& c) {
  for (const credential_type& t : kTypes)
    if (c.casc_type.empty() ? ends_with(c.class_name, t.class_suffix) : c.casc_type == t.casc_type) return &t;
  return nullptr;
}

// Jenkins' encrypted forms, and a {AQAAAB...} of base64 that is one cut
// short (still Jenkins' output, not a value anyone chose).
bool encrypted_form(const std::string& text) {
  if (is_jenkins_encrypted(text)) return true;
  if (!starts_with(text, "{AQAAAB") || text.back() != '}') return false;
  for (std::size_t k = 1; k + 1 < text.size(); ++k) {
    const char c = text[k];
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '/' && c != '=') return false;
  }
  return true;
}

}  // namespace

bool is_jenkins_secret_field(std::string_view name) { return secret_rank(name) >= 0; }

void add_jenkins_credential(jenkins_credential c, const source_file& file, analysis_result& out) {
  std::vector<jenkins_secret_value>& fields = c.secrets;
  fields.erase(std::remove_if(fields.begin(), fields.end(),
                              [](const jenkins_secret_value& s) { return s.text.empty() || !is_jenkins_secret_field(s.field); }),
               fields.end());
  if (fields.empty()) return;
  std::stable_sort(fields.begin(), fields.end(), [](const jenkins_secret_value& a, const jenkins_secret_value& b) {
    return secret_rank(a.field) < secret_rank(b.field);
  });
  const jenkins_secret_value& primary = fields.front();

  const credential_type* type = type_of(c);
  std::string kind = type ? type->kind : credential_kind_for_name(primary.field);
  if (kind.empty()) kind = "secret";
  const std::string provider = type ? type->provider : "jenkins";
  if (c.class_name.empty() && type) c.class_name = type->class_name;
  std::string name = "jenkins:" + c.id;
  if (!c.username.empty()) name = c.username + "@" + name;

  identity_fact f = make_fact(kind, provider, name, file, primary.line);
  f.attributes["credential_id"] = c.id;
  if (!c.class_name.empty()) f.attributes["class"] = c.class_name;
  if (!c.casc_type.empty()) f.attributes["casc_type"] = c.casc_type;
  f.attributes["setting"] = primary.field;
  const std::pair<const char*, const std::string*> plain[] = {
      {"username", &c.username}, {"scope", &c.scope},         {"description", &c.description},
      {"plugin", &c.plugin},     {"domain", &c.domain},       {"store", &c.store},
      {"file_name", &c.file_name}, {"role_arn", &c.role_arn},
  };
  for (const auto& [attribute, value] : plain)
    if (!value->empty()) f.attributes[attribute] = *value;
  if (!c.app_id.empty()) {
    f.attributes["app_id"] = c.app_id;
    if (!c.owner.empty()) f.attributes["github_owner"] = c.owner;
  }
  if (looks_like_aws_key_id(c.access_key)) {
    f.external_ids.push_back(c.access_key);
    f.attributes["key_type"] = starts_with(c.access_key, "ASIA") ? "temporary" : "long_term";
  }

  // An encrypted value is a literal one in an encoding (as FileZilla's
  // base64 and WinSCP's obfuscation are): whoever holds the controller's
  // key reads it, so the inventory records it like any stored secret. Its
  // fingerprint is the rules': the base64 inside the braces.
  bool first = true;
  for (const jenkins_secret_value& s : fields) {
    const bool encrypted = encrypted_form(s.text);
    const std::string source = encrypted ? "literal" : value_source(s.text);
    const std::string suffix = first ? std::string() : "." + s.field;
    f.attributes["value_source" + suffix] = source;
    if (first) f.attributes["encrypted"] = encrypted ? "true" : "false";
    if (encrypted)
      f.attributes["encoding" + suffix] =
          jenkins_value_form(s.text) == jenkins_form::secret_bytes ? "jenkins-secret-bytes" : "jenkins-secret";
    if (source == "literal")
      f.attributes["fingerprint" + suffix] = fingerprint_of(encrypted ? std::string_view(s.text).substr(1, s.text.size() - 2)
                                                                      : std::string_view(s.reported.empty() ? s.text : s.reported));
    first = false;
  }
  out.identities.push_back(std::move(f));
}

}  // namespace nhi::detail
