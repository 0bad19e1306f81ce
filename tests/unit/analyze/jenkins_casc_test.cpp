// SPDX-License-Identifier: Apache-2.0
#include <map>

#include "nhi/rules.hpp"
#include "nhi/scanner.hpp"
#include "unit/analyze/analyze_support.hpp"

using namespace analyze_test;

namespace {

// The plain and encrypted values of the fixture, as the rules report them.
constexpr const char* kNexusPassword = "plum Vortex quill~harbor";
constexpr const char* kSlackSecret =
    "AQAAABAAAAAwglTXLz2t8tQfCa6XGVvmqn8LkrUzFPwE7tn1/EOTljBjM5uK+sU4IQOwxhENcz06e6VHnXwo7MQA7L870lou/g==";
constexpr const char* kAwsSecret = "D2w8gE9ZFjIFGKnIATtj77y0tFoIqKzzHs8DvviF";
constexpr const char* kSigningPassword = "Kestrel''s harbour 44";  // as written between the quotes
constexpr const char* kGitlabToken = "glpat-ZeabQRrsKQlEguH7wOPJ";

// Fingerprint -> rule of every finding the built-in rules make in `content`.
std::map<std::string, std::string> scanned(const std::string& path, const std::string& content) {
  auto rules = nhi::rule_set::builtin();
  REQUIRE(rules.is_ok());
  const nhi::scanner scanner(std::move(rules).value());
  std::vector<nhi::finding> found;
  scanner.scan_buffer(content, nhi::origin{path, {}, {}}, found);
  std::map<std::string, std::string> out;
  for (const auto& f : found) out[f.fingerprint] = f.rule_id;
  return out;
}

}  // namespace

TEST_CASE("analyze: Jenkins Configuration as Code credentials, one identity per credential") {
  const auto r = analyze_fixture("ci/jenkins/casc.yaml", "credentials/jenkins-casc.yaml");
  // Nine credentials; the Vault binding holds no secret, the admin user is a person.
  REQUIRE(r.identities.size() == 9);

  const auto& nexus = fact(r, "password", "ci-publisher@jenkins:nexus-deploy");
  CHECK(nexus.provider == "jenkins");
  CHECK(nexus.line == 20);
  CHECK(attribute(nexus, "credential_id") == "nexus-deploy");
  CHECK(attribute(nexus, "casc_type") == "usernamePassword");
  CHECK(attribute(nexus, "class") == "com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl");
  CHECK(attribute(nexus, "scope") == "GLOBAL");
  CHECK(attribute(nexus, "description") == "Nexus & Maven deploy user");
  CHECK(attribute(nexus, "store") == "system");
  CHECK(attribute(nexus, "domain").empty());  // the global domain
  CHECK(attribute(nexus, "setting") == "password");
  CHECK(attribute(nexus, "encrypted") == "false");
  CHECK(attribute(nexus, "value_source") == "literal");
  CHECK(attribute(nexus, "fingerprint") == nhi::fingerprint_of(kNexusPassword));

  // A ${VAR} is resolved by Jenkins when it loads the file: a reference, no fingerprint.
  const auto& sonar = fact(r, "secret", "jenkins:sonar-token");
  CHECK(attribute(sonar, "value_source") == "reference");
  CHECK(attribute(sonar, "fingerprint").empty());
  CHECK(attribute(sonar, "description") == "SonarQube analysis");

  // What a configuration export writes: Jenkins' encrypted form.
  const auto& slack = fact(r, "secret", "jenkins:slack-bot");
  CHECK(attribute(slack, "encrypted") == "true");
  CHECK(attribute(slack, "encoding") == "jenkins-secret");
  CHECK(attribute(slack, "value_source") == "literal");
  CHECK(attribute(slack, "fingerprint") == nhi::fingerprint_of(kSlackSecret));

  // A key in a block scalar is fingerprinted as the file holds it, indentation
  // included, as the private-key rules report it; its passphrase is a reference.
  const auto& ssh = fact(r, "private_key", "jenkins@jenkins:agent-ssh");
  CHECK(ssh.line == 39);  // the key's BEGIN line, where its finding is
  CHECK(attribute(ssh, "scope") == "SYSTEM");
  CHECK(attribute(ssh, "setting") == "privateKey");
  CHECK(attribute(ssh, "value_source") == "literal");
  CHECK_FALSE(attribute(ssh, "fingerprint").empty());
  CHECK(attribute(ssh, "value_source.passphrase") == "reference");
  CHECK(attribute(ssh, "fingerprint.passphrase").empty());

  const auto& file = fact(r, "secret", "jenkins:prod-kubeconfig");
  CHECK(attribute(file, "file_name") == "kubeconfig");
  CHECK(attribute(file, "setting") == "secretBytes");
  CHECK(attribute(file, "value_source") == "reference");  // ${readFileBase64:...}

  const auto& aws = fact(r, "access_key", "jenkins:aws-release");
  CHECK(aws.provider == "aws");
  REQUIRE(aws.external_ids.size() == 1);
  CHECK(aws.external_ids[0] == "AKIA2OGYBAH6VTX4MQ7P");
  CHECK(attribute(aws, "key_type") == "long_term");
  CHECK(attribute(aws, "role_arn") == "arn:aws:iam::123456789012:role/release-publisher");
  CHECK(attribute(aws, "fingerprint") == nhi::fingerprint_of(kAwsSecret));

  // The keystore (two maps down) comes before its password.
  const auto& cert = fact(r, "certificate", "jenkins:android-signing");
  CHECK(attribute(cert, "setting") == "uploadedKeystore");
  CHECK(attribute(cert, "value_source") == "reference");
  CHECK(attribute(cert, "value_source.password") == "literal");
  CHECK(attribute(cert, "fingerprint.password") == nhi::fingerprint_of(kSigningPassword));

  const auto& gitlab = fact(r, "token", "jenkins:gitlab-api");
  CHECK(gitlab.provider == "gitlab");
  CHECK(attribute(gitlab, "fingerprint") == nhi::fingerprint_of(kGitlabToken));

  // A named domain.
  const auto& app = fact(r, "private_key", "jenkins:github-app");
  CHECK(app.provider == "github");
  CHECK(attribute(app, "domain") == "github.com");
  CHECK(attribute(app, "app_id") == "412087");
  CHECK(attribute(app, "github_owner") == "acme-corp");
  CHECK(attribute(app, "value_source") == "reference");  // ${decodeBase64:${...}}

  check_no_secret(r, kNexusPassword);
  check_no_secret(r, kSlackSecret);
  check_no_secret(r, kAwsSecret);
  check_no_secret(r, "Kestrel");
  check_no_secret(r, kGitlabToken);
}

TEST_CASE("analyze: every literal JCasC credential is a finding the inventory joins to its identity") {
  const std::string content = read_fixture("credentials/jenkins-casc.yaml");
  auto analysed = nhi::analyze_file("ci/jenkins/casc.yaml", content);
  REQUIRE(analysed.is_ok());
  const auto findings = scanned("ci/jenkins/casc.yaml", content);
  int literal = 0;
  for (const auto& f : analysed->identities)
    for (const auto& attribute : f.attributes)  // no structured binding: doctest's messages capture it
      if (attribute.first.rfind("fingerprint", 0) == 0) {
        ++literal;
        CHECK_MESSAGE(findings.count(attribute.second) == 1, f.name << " " << attribute.first << " has no finding");
      }
  CHECK(literal == 6);  // nexus, slack, ssh key, aws, signing password, gitlab
  // The values without a digit or with spaces are the JCasC rule's.
  CHECK(findings.at(nhi::fingerprint_of(kNexusPassword)) == "jenkins-casc-credential-plaintext");
  CHECK(findings.at(nhi::fingerprint_of(kSigningPassword)) == "jenkins-casc-credential-plaintext");
  CHECK(findings.at(nhi::fingerprint_of(kGitlabToken)).rfind("gitlab", 0) == 0);
  // References are nobody's finding.
  for (const auto& finding : findings)
    CHECK_MESSAGE(finding.second != "generic-password", "a reference reported: " << finding.second);
}

TEST_CASE("analyze: JCasC selection, malformed files and what is not a credential") {
  // Selected by content, under any name; a file without a credential store is not.
  const std::string minimal =
      "credentials:\n  system:\n    domainCredentials:\n      - credentials:\n"
      "          - string:\n              id: deploy-hook\n              secret: Lq7Vx2RmT9bN4kWz\n";
  for (const char* path : {"jenkins.yaml", "casc_configs/credentials.yml", "deploy/jenkins/controller.yaml"}) {
    auto r = nhi::analyze_file(path, minimal);
    REQUIRE(r.is_ok());
    REQUIRE_MESSAGE(r->identities.size() == 1, path);
    CHECK(r->identities[0].name == "jenkins:deploy-hook");
    CHECK(attribute(r->identities[0], "fingerprint") == nhi::fingerprint_of("Lq7Vx2RmT9bN4kWz"));
  }
  auto other = nhi::analyze_file("jenkins.yaml", "jenkins:\n  systemMessage: hi\ncredentials: {}\n");
  REQUIRE(other.is_ok());
  CHECK(other->identities.empty());

  // An unknown type with a secret field: kind from the field, no class.
  auto unknown = nhi::analyze_file(
      "jenkins.yaml",
      "credentials:\n  system:\n    domainCredentials:\n      - credentials:\n"
      "          - harborRobot:\n              id: harbor\n              token: ${HARBOR_TOKEN}\n"
      "          - vaultStringCredentialBinding:\n              id: v\n              path: secret/x\n");
  REQUIRE(unknown.is_ok());
  REQUIRE(unknown->identities.size() == 1);
  const auto& h = fact(*unknown, "token", "jenkins:harbor");
  CHECK(attribute(h, "casc_type") == "harborRobot");
  CHECK(attribute(h, "class").empty());
  CHECK(h.provider == "jenkins");

  // Quoted values are fingerprinted as written between the quotes, escapes included.
  auto quoted = nhi::analyze_file(
      "jenkins.yaml",
      "credentials:\n  system:\n    domainCredentials:\n      - credentials:\n"
      "          - string:\n              id: q\n              secret: \"Rt5\\\"Lm9 Wq2\"\n");
  REQUIRE(quoted.is_ok());
  CHECK(attribute(fact(*quoted, "secret", "jenkins:q"), "fingerprint") == nhi::fingerprint_of("Rt5\\\"Lm9 Wq2"));

  // Malformed YAML is a parse error at its line, as for the other YAML formats;
  // a templated file that does not parse is a template, not an error.
  auto broken = nhi::analyze_file(
      "jenkins.yaml",
      "credentials:\n  system:\n    domainCredentials:\n      - credentials:\n"
      "          - string:\n              id: [broken\n              secret: x\n");
  REQUIRE_FALSE(broken.is_ok());
  CHECK(broken.error().code() == nhi::errc::parse_error);
  CHECK(broken.error().line() >= 6);
  auto templated = nhi::analyze_file(
      "jenkins.yaml",
      "credentials:\n  system:\n    domainCredentials:\n      - credentials:\n"
      "          - string:\n              id: {{ item.id }}\n              secret: {{ item.secret }}: x\n");
  REQUIRE(templated.is_ok());
  CHECK(templated->identities.empty());
}
