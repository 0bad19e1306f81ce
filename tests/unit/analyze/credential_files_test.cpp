// SPDX-License-Identifier: Apache-2.0
#include "unit/analyze/analyze_support.hpp"

using namespace analyze_test;

TEST_CASE("analyze: kubeconfig users: static tokens, embedded keys, exec plugins") {
  const auto r = analyze_fixture("ops/kubeconfig", "credentials/kubeconfig");
  const auto& exec = fact(r, "exec_credential", "prod-eks-user");
  CHECK(exec.provider == "aws");
  CHECK(exec.environment == "prod");
  CHECK(exec.namespace_ == "payments-prod");
  CHECK(attribute(exec, "cluster") == "prod-eks");
  CHECK(attribute(exec, "exec_command") == "aws");

  const auto& token = fact(r, "token", "ci-bot");
  CHECK(token.line == 32);
  CHECK(token.environment == "dev");
  CHECK(attribute(token, "auth") == "token");
  const auto& leaked = finding(r, "kubeconfig-embedded-token", "ci-bot");
  CHECK(leaked.category == "NHI2");
  CHECK(leaked.line == 34);

  const auto& cert = fact(r, "certificate", "kind-admin");
  CHECK(attribute(cert, "auth") == "client-certificate");
  CHECK(finding(r, "kubeconfig-embedded-client-key", "kind-admin").line == 38);
  check_no_secret(r, "ZmFrZXNpZ25hdHVyZQ");
}

TEST_CASE("analyze: kubeconfig detected from content under any YAML name") {
  const std::string content = "apiVersion: v1\nkind: Config\nusers:\n- name: u\n  user:\n    password: pw-Zr4kT9qW2\n    username: admin\n";
  auto r = nhi::analyze_file("clusters/legacy.yaml", content);
  REQUIRE(r.is_ok());
  CHECK(fact(*r, "password", "u").attributes.at("auth") == "basic");
  CHECK(finding(*r, "kubeconfig-basic-auth", "u").category == "NHI4");
}

TEST_CASE("analyze: .npmrc auth tokens per registry") {
  const auto r = analyze_fixture("packages/checkout-ui/.npmrc", "credentials/npmrc");
  const auto& github = fact(r, "token", "npm.pkg.github.com");
  CHECK(github.provider == "github");
  CHECK(attribute(github, "value_source") == "reference");
  CHECK(github.service == "checkout-ui");
  const auto& npm = fact(r, "token", "registry.npmjs.org");
  CHECK(npm.provider == "npm");
  CHECK(npm.line == 5);
  CHECK(attribute(npm, "fingerprint") == nhi::fingerprint_of("npm_Qm8vR2kT9xW4yL7nB3cF6hJ1pD5sA0gE2iU8"));
  CHECK(finding(r, "npmrc-literal-token", "registry.npmjs.org").category == "NHI2");
  CHECK(r.findings.size() == 1);
  check_no_secret(r, "npm_Qm8vR2kT9xW4yL7nB3cF6hJ1pD5sA0gE2iU8");
}

TEST_CASE("analyze: .pypirc passwords and API tokens") {
  const auto r = analyze_fixture("tools/release/.pypirc", "credentials/pypirc");
  const auto& pypi = fact(r, "token", "pypi");
  CHECK(pypi.provider == "pypi");
  CHECK(pypi.line == 8);
  CHECK(finding(r, "pypirc-literal-password", "pypi").line == 8);
  const auto& internal = fact(r, "password", "internal");
  CHECK(attribute(internal, "repository") == "https://pypi.internal.acme.io/simple/");
  CHECK(attribute(internal, "username") == "release-bot");
  CHECK(attribute(internal, "value_source") == "reference");  // %(VAR)s interpolation
  CHECK(r.findings.size() == 1);
}

TEST_CASE("analyze: docker config.json registry credentials") {
  const auto r = analyze_fixture("ci/.docker/config.json", "credentials/docker-config.json");
  REQUIRE(r.identities.size() == 1);  // the ECR entry uses a credential helper
  const auto& hub = fact(r, "password", "deploy-bot@index.docker.io");
  CHECK(hub.provider == "docker");
  CHECK(hub.line == 3);
  CHECK(attribute(hub, "username") == "deploy-bot");
  CHECK(finding(r, "docker-config-embedded-auth", "deploy-bot@index.docker.io").category == "NHI2");
  check_no_secret(r, "Vn6!qT3#pL8w");
  check_no_secret(r, "ZGVwbG95LWJvdDpWbjYhcVQzI3BMOHc=");
}

TEST_CASE("analyze: AWS credentials files: profiles with key ids and roles") {
  const auto r = analyze_fixture("home/.aws/credentials", "credentials/aws-credentials");
  const auto& def = fact(r, "access_key", "default");
  CHECK(has_id(def, "AKIAZ4X7QJ2K5LMN8PQR"));
  CHECK(def.line == 2);
  CHECK(attribute(def, "key_type") == "long_term");
  const auto& temporary = fact(r, "access_key", "ci-temporary");
  CHECK(has_id(temporary, "ASIAZ4X7QJ2K5LMN8PQS"));
  CHECK(attribute(temporary, "key_type") == "temporary");
  CHECK(attribute(temporary, "session_token") == "true");
  const auto& role = fact(r, "role", "deployer");
  CHECK(has_id(role, "arn:aws:iam::123456789012:role/deployer"));
  CHECK(role.trust == std::vector<std::string>{"assumed with profile default"});
  CHECK(attribute(role, "mfa") == "true");
  check_no_secret(r, "q8Vd2kR7mN4pL9xT3wZ6yB1cF5hJ0gS2aE7uI4oQ");
  check_no_secret(r, "FwoGZXIvYXdzEfakeSessionToken");

  auto elsewhere = nhi::analyze_file("backup/credentials", read_fixture("credentials/aws-credentials"));
  REQUIRE(elsewhere.is_ok());
  CHECK(elsewhere->identities.size() == 3);  // recognised from content
}
