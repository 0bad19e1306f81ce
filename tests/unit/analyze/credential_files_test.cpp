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
  CHECK(has_id(def, "AKIAZ4X7QJ2K5LMNWPQR"));
  CHECK(def.line == 2);
  CHECK(attribute(def, "key_type") == "long_term");
  const auto& temporary = fact(r, "access_key", "ci-temporary");
  CHECK(has_id(temporary, "ASIAZ4X7QJ2K5LMNWPQS"));
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

TEST_CASE("analyze: .pgpass lines are passwords of user@host") {
  const auto r = analyze_fixture("home/ops/.pgpass", "credentials/pgpass");
  REQUIRE(r.identities.size() == 3);
  const auto& app = fact(r, "password", "orders_app@db.internal.acme.io");
  CHECK(app.provider == "postgres");
  CHECK(app.line == 2);
  CHECK(attribute(app, "database") == "orders");
  CHECK(attribute(app, "port") == "5432");
  CHECK(attribute(app, "fingerprint") == nhi::fingerprint_of("ouppeqTMd2qT1X"));
  CHECK(attribute(fact(r, "password", "replicator@*"), "host") == "*");
  // '\:' escapes a colon inside a field.
  const auto& ro = fact(r, "password", "report:ro@reporting.acme.io");
  CHECK(attribute(ro, "fingerprint") == nhi::fingerprint_of("Kd8:vQ2mT7xL"));
  check_no_secret(r, "ouppeqTMd2qT1X");
}

TEST_CASE("analyze: MySQL option files: [client] sections with a password") {
  const auto r = analyze_fixture("home/backup/.my.cnf", "credentials/my.cnf");
  REQUIRE(r.identities.size() == 2);
  const auto& agent = fact(r, "password", "backup_agent@db-primary.acme.io");
  CHECK(agent.provider == "mysql");
  CHECK(agent.line == 6);
  CHECK(attribute(agent, "fingerprint") == nhi::fingerprint_of("Hv3qR8nLm2Xw9TzP"));
  CHECK(attribute(fact(r, "password", "dumper@localhost"), "value_source") == "empty");
  // The same file under another name is recognised by its sections.
  auto renamed = nhi::analyze_file("etc/mysql/conf.d/backup.cnf", read_fixture("credentials/my.cnf"));
  REQUIRE(renamed.is_ok());
  CHECK(renamed->identities.size() == 2);
  check_no_secret(r, "Hv3qR8nLm2Xw9TzP");
}

TEST_CASE("analyze: msmtp accounts, literal passwords and passwordeval") {
  const auto r = analyze_fixture("home/ops/.msmtprc", "credentials/msmtprc");
  REQUIRE(r.identities.size() == 2);
  const auto& alerts = fact(r, "password", "postmaster@mg.acme.io@smtp.mailgun.org");
  CHECK(alerts.provider == "mailgun");  // from the host
  CHECK(alerts.line == 12);
  CHECK(attribute(alerts, "account") == "alerts");
  CHECK(attribute(alerts, "fingerprint") == nhi::fingerprint_of("Zq7vTn3RkW9mLp2X"));
  CHECK(attribute(fact(r, "password", "ops@mail.acme.io"), "value_source") == "command");
  check_no_secret(r, "Zq7vTn3RkW9mLp2X");
}

TEST_CASE("analyze: .netrc machines, the default entry, and macros skipped") {
  const auto r = analyze_fixture("home/ci/.netrc", "credentials/netrc");
  REQUIRE(r.identities.size() == 3);
  CHECK(fact(r, "password", "deploy@acme.io@api.heroku.com").provider == "heroku");
  const auto& gh = fact(r, "password", "ci-bot@github.com");
  CHECK(gh.provider == "github");
  CHECK(gh.line == 4);
  CHECK(attribute(gh, "fingerprint") == nhi::fingerprint_of("ghp_R8mQ2vX7kL4nT9wZ3pB6cF1hJ5sD0gY2aE8u"));
  CHECK(fact(r, "password", "anonymous").line == 5);
  check_no_secret(r, "guest-Tn4qW8");
}

TEST_CASE("analyze: git credential store URLs") {
  const auto r = analyze_fixture("home/ci/.git-credentials", "credentials/git-credentials");
  REQUIRE(r.identities.size() == 2);
  CHECK(fact(r, "token", "ci-bot@github.com").provider == "github");
  const auto& gl = fact(r, "token", "deployer@gitlab.acme.io");
  CHECK(gl.provider == "gitlab");
  CHECK(gl.line == 2);
  check_no_secret(r, "glpat-Vx3mR9kT2qL7nW4zB8pC");
}

TEST_CASE("analyze: rclone remotes and s3cmd keys") {
  const auto r = analyze_fixture("home/ops/.config/rclone/rclone.conf", "credentials/rclone.conf");
  REQUIRE(r.identities.size() == 2);
  const auto& s3 = fact(r, "secret_key", "AKIAZ4X7QJ2K5LMNWPQR@s3");
  CHECK(s3.provider == "aws");
  CHECK(has_id(s3, "AKIAZ4X7QJ2K5LMNWPQR"));
  const auto& nas = fact(r, "password", "backup@nas.acme.lan");
  CHECK(attribute(nas, "encoding") == "rclone-obscured");
  CHECK(attribute(nas, "remote") == "nas");

  const auto c = analyze_fixture("home/ops/.s3cfg", "credentials/s3cfg");
  REQUIRE(c.identities.size() == 1);
  const auto& key = fact(c, "access_key", "AKIAZ4X7QJ2K5LMNWPQS@s3.amazonaws.com");
  CHECK(has_id(key, "AKIAZ4X7QJ2K5LMNWPQS"));
  CHECK(key.line == 3);
  check_no_secret(c, "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");
}
