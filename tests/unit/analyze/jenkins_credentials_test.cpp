// SPDX-License-Identifier: Apache-2.0
#include "unit/analyze/analyze_support.hpp"

using namespace analyze_test;

namespace {

// The encrypted values of the fixture, without their braces (what the rules report).
constexpr const char* kNexusPassword =
    "AQAAABAAAAAgYJYCd4CN9WYyAJBL5ETIKbt9AloVNMUsGf2H1Y80Xy2NpFXhBV+gE+SX+F8u5LDw";
constexpr const char* kSlackSecret =
    "AQAAABAAAAAwglTXLz2t8tQfCa6XGVvmqn8LkrUzFPwE7tn1/EOTljBjM5uK+sU4IQOwxhENcz06e6VHnXwo7MQA7L870lou/g==";
constexpr const char* kAgentPassphrase =
    "AQAAABAAAAAgM+Eo06ThmgrgZXaRoWexeb4N1V6L6DDk4oTwaJflz7brLux76FQlPTMrZGN0k25l";

}  // namespace

TEST_CASE("analyze: Jenkins credentials.xml, one identity per credential") {
  const auto r = analyze_fixture("jenkins_home/credentials.xml", "credentials/jenkins-credentials.xml");
  REQUIRE(r.identities.size() == 6);

  const auto& nexus = fact(r, "password", "ci-publisher@jenkins:nexus-deploy");
  CHECK(nexus.provider == "jenkins");
  CHECK(nexus.line == 14);
  CHECK(attribute(nexus, "credential_id") == "nexus-deploy");
  CHECK(attribute(nexus, "scope") == "GLOBAL");
  CHECK(attribute(nexus, "description") == "Nexus & Maven deploy user");
  CHECK(attribute(nexus, "class") == "com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl");
  CHECK(attribute(nexus, "store") == "system");
  CHECK(attribute(nexus, "domain").empty());  // the global domain has no name
  CHECK(attribute(nexus, "encrypted") == "true");
  CHECK(attribute(nexus, "value_source") == "literal");  // in an encoding: the inventory keeps it
  CHECK(attribute(nexus, "encoding") == "jenkins-secret");
  CHECK(attribute(nexus, "fingerprint") == nhi::fingerprint_of(kNexusPassword));

  const auto& slack = fact(r, "secret", "jenkins:slack-bot");
  CHECK(attribute(slack, "setting") == "secret");
  CHECK(attribute(slack, "plugin") == "plain-credentials@183.va_de8f1dd5a_2b_");
  CHECK(attribute(slack, "fingerprint") == nhi::fingerprint_of(kSlackSecret));

  // The key is the credential's value; its passphrase is kept beside it.
  const auto& ssh = fact(r, "private_key", "jenkins@jenkins:agent-ssh");
  CHECK(ssh.line == 30);
  CHECK(attribute(ssh, "scope") == "SYSTEM");
  CHECK(attribute(ssh, "setting") == "privateKey");
  CHECK(attribute(ssh, "class") == "com.cloudbees.jenkins.plugins.sshcredentials.impl.BasicSSHUserPrivateKey");
  CHECK(attribute(ssh, "fingerprint.passphrase") == nhi::fingerprint_of(kAgentPassphrase));
  CHECK(attribute(ssh, "value_source.passphrase") == "literal");
  CHECK(attribute(ssh, "encoding.passphrase") == "jenkins-secret");

  // SecretBytes: a salted form of its own, encrypted all the same.
  const auto& file = fact(r, "secret", "jenkins:prod-kubeconfig");
  CHECK(attribute(file, "file_name") == "kubeconfig");
  CHECK(attribute(file, "encrypted") == "true");
  CHECK(attribute(file, "encoding") == "jenkins-secret-bytes");
  CHECK(attribute(file, "setting") == "secretBytes");
  CHECK(attribute(file, "description").empty());

  const auto& aws = fact(r, "access_key", "jenkins:aws-release");
  CHECK(aws.provider == "aws");
  REQUIRE(aws.external_ids.size() == 1);
  CHECK(aws.external_ids[0] == "AKIA2OGYBAH6VTX4MQ7P");
  CHECK(attribute(aws, "key_type") == "long_term");
  CHECK(attribute(aws, "setting") == "secretKey");

  // XStream's "__" in a class name is "_"; the entry's domain is named.
  const auto& app = fact(r, "private_key", "jenkins:github-app");
  CHECK(app.provider == "github");
  CHECK(attribute(app, "class") == "org.jenkinsci.plugins.github_branch_source.GitHubAppCredentials");
  CHECK(attribute(app, "app_id") == "412087");
  CHECK(attribute(app, "github_owner") == "acme-corp");
  CHECK(attribute(app, "domain") == "github.com");

  check_no_secret(r, kNexusPassword);
  check_no_secret(r, kSlackSecret);
  check_no_secret(r, kAgentPassphrase);
}

TEST_CASE("analyze: Jenkins credential XML written for import holds plain values") {
  // What `jenkins-cli create-credentials-by-xml system::system::jenkins _` reads.
  const std::string xml =
      "<com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl>\n"
      "  <scope>GLOBAL</scope>\n"
      "  <id>artifactory</id>\n"
      "  <description>Artifactory publisher</description>\n"
      "  <username>ci-publisher</username>\n"
      "  <password>  yYQShbid.x561~Gx8I correct horse </password>\n"
      "</com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl>\n";
  auto r = nhi::analyze_file("ops/jenkins/artifactory-credential.xml", xml);
  REQUIRE(r.is_ok());
  REQUIRE(r->identities.size() == 1);
  const auto& f = fact(*r, "password", "ci-publisher@jenkins:artifactory");
  CHECK(f.line == 6);
  CHECK(attribute(f, "encrypted") == "false");
  CHECK(attribute(f, "value_source") == "literal");
  // Trimmed, as the rule reports it; a space inside is part of the password.
  CHECK(attribute(f, "fingerprint") == nhi::fingerprint_of("yYQShbid.x561~Gx8I correct horse"));
  CHECK(attribute(f, "store").empty());
  check_no_secret(*r, "yYQShbid");

  // A template's variable is a reference: no fingerprint.
  auto templated = nhi::analyze_file(
      "ops/jenkins/token.xml",
      "<org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl>\n  <id>sonar</id>\n"
      "  <secret>${SONAR_TOKEN}</secret>\n</org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl>\n");
  REQUIRE(templated.is_ok());
  const auto& t = fact(*templated, "secret", "jenkins:sonar");
  CHECK(attribute(t, "value_source") == "reference");
  CHECK(attribute(t, "fingerprint").empty());

  // A {AQAAAB...} whose layout is not Jenkins' is read as the plain value it is.
  auto odd = nhi::analyze_file(
      "ops/jenkins/odd.xml",
      "<com.cloudbees.plugins.credentials.impl.StringCredentialsImpl>\n  <id>{svc}</id>\n"
      "  <secret>{AQAAABAAA S2wQ7mLx9TvK4pRz}</secret>\n</com.cloudbees.plugins.credentials.impl.StringCredentialsImpl>\n");
  REQUIRE(odd.is_ok());
  const auto& o = fact(*odd, "secret", "jenkins:{svc}");
  CHECK(attribute(o, "encrypted") == "false");
  CHECK(attribute(o, "fingerprint") == nhi::fingerprint_of("{AQAAABAAA S2wQ7mLx9TvK4pRz}"));
}

TEST_CASE("analyze: Jenkins XML selection and what is not a credential") {
  // A folder's config.xml with its own store.
  const std::string folder =
      "<?xml version='1.1' encoding='UTF-8'?>\n<com.cloudbees.hudson.plugins.folder.Folder plugin=\"cloudbees-folder@6.9\">\n"
      "  <properties>\n    <com.cloudbees.hudson.plugins.folder.properties.FolderCredentialsProvider_-FolderCredentialsProperty>\n"
      "      <domainCredentialsMap class=\"hudson.util.CopyOnWriteMap$Hash\">\n        <entry>\n"
      "          <com.cloudbees.plugins.credentials.domains.Domain><specifications/></com.cloudbees.plugins.credentials.domains.Domain>\n"
      "          <java.util.concurrent.CopyOnWriteArrayList>\n"
      "            <org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl>\n"
      "              <scope>GLOBAL</scope>\n              <id>team-token</id>\n"
      "              <secret><![CDATA[Lq7Vx2RmT9bN4kWz]]></secret>\n"
      "            </org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl>\n"
      "          </java.util.concurrent.CopyOnWriteArrayList>\n        </entry>\n      </domainCredentialsMap>\n"
      "    </com.cloudbees.hudson.plugins.folder.properties.FolderCredentialsProvider_-FolderCredentialsProperty>\n"
      "  </properties>\n  <!-- <secret>not this</secret> -->\n</com.cloudbees.hudson.plugins.folder.Folder>\n";
  auto r = nhi::analyze_file("jobs/payments/config.xml", folder);
  REQUIRE(r.is_ok());
  REQUIRE(r->identities.size() == 1);
  const auto& f = fact(*r, "secret", "jenkins:team-token");
  CHECK(attribute(f, "store") == "folder");
  CHECK(attribute(f, "fingerprint") == nhi::fingerprint_of("Lq7Vx2RmT9bN4kWz"));

  // A job that only names a credential by id, and XML of another tool.
  const std::string job =
      "<project>\n  <scm class=\"hudson.plugins.git.GitSCM\">\n    <userRemoteConfigs><hudson.plugins.git.UserRemoteConfig>\n"
      "      <url>https://git.acme.io/app.git</url>\n      <credentialsId>deploy-key</credentialsId>\n"
      "    </hudson.plugins.git.UserRemoteConfig></userRemoteConfigs>\n  </scm>\n</project>\n";
  auto none = nhi::analyze_file("jobs/app/config.xml", job);
  REQUIRE(none.is_ok());
  CHECK(none->identities.empty());
  // A credential class with no stored secret (the key lives on the agent) is no secret here.
  auto keyless = nhi::analyze_file(
      "ops/cred.xml",
      "<com.cloudbees.jenkins.plugins.sshcredentials.impl.BasicSSHUserPrivateKey>\n  <id>k</id>\n  <username>git</username>\n"
      "  <privateKeySource class=\"x.UsersPrivateKeySource\"/>\n</com.cloudbees.jenkins.plugins.sshcredentials.impl.BasicSSHUserPrivateKey>\n");
  REQUIRE(keyless.is_ok());
  CHECK(keyless->identities.empty());

  // Malformed XML names its line.
  auto broken = nhi::analyze_file(
      "jenkins_home/credentials.xml",
      "<com.cloudbees.plugins.credentials.SystemCredentialsProvider>\n  <domainCredentialsMap>\n"
      "  </domainCredentials>\n</com.cloudbees.plugins.credentials.SystemCredentialsProvider>\n");
  REQUIRE_FALSE(broken.is_ok());
  CHECK(broken.error().line() == 3);
}
