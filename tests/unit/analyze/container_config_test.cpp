// SPDX-License-Identifier: Apache-2.0
#include "unit/analyze/analyze_support.hpp"

using namespace analyze_test;

TEST_CASE("analyze: .env files name the credentials a service consumes") {
  const auto r = analyze_fixture("services/billing/config/prod.env", "containers/prod.env");
  const auto& password = fact(r, "password", "DB_PASSWORD");
  CHECK(password.environment == "prod");
  CHECK(password.service == "billing");
  CHECK(password.line == 3);
  CHECK(attribute(password, "value_source") == "literal");
  CHECK(attribute(password, "fingerprint") == nhi::fingerprint_of("Xp4!vN7#qR2t"));  // quotes are not the value

  const auto& id = fact(r, "access_key", "AWS_ACCESS_KEY_ID");
  CHECK(has_id(id, "AKIAZ4X7QJ2K5LMNWPQR"));
  CHECK(id.provider == "aws");
  CHECK(fact(r, "secret_key", "AWS_SECRET_ACCESS_KEY").provider == "aws");
  CHECK(fact(r, "secret", "STRIPE_SECRET_KEY").provider == "stripe");
  CHECK(attribute(fact(r, "credentials", "GOOGLE_APPLICATION_CREDENTIALS"), "value_source") == "reference");
  CHECK(fact(r, "private_key", "PRIVATE_KEY").line == 10);  // a quoted value across lines
  CHECK_FALSE(has_fact(r, "token", "SENTRY_TOKEN"));          // empty, only a comment after '='
  CHECK(r.identities.size() == 6);                           // DATABASE_URL, FEATURE_FLAGS are not credentials
  CHECK(r.findings.empty());                                 // the secret scanner reports .env values
  check_no_secret(r, "Xp4!vN7#qR2t");
  check_no_secret(r, "sk_live_51Hx8mQ2vL9tZ4pR7wK3nB6cYfake");
}

TEST_CASE("analyze: sample .env files are not analysed") {
  auto r = nhi::analyze_file("services/billing/.env.example", "DB_PASSWORD=hunter2\n");
  REQUIRE(r.is_ok());
  CHECK(r->identities.empty());
}

TEST_CASE("analyze: Dockerfile ENV and ARG with literal credentials are NHI2") {
  const auto r = analyze_fixture("services/search/Dockerfile", "containers/Dockerfile");
  const auto& arg = finding(r, "dockerfile-credential-in-arg", "GITHUB_TOKEN");
  CHECK(arg.category == "NHI2");
  CHECK(arg.line == 4);
  CHECK(finding(r, "dockerfile-credential-in-env", "API_PASSWORD").line == 5);  // continued instruction
  CHECK(finding(r, "dockerfile-credential-in-env", "SECRET_KEY_BASE").line == 9);  // legacy `ENV k v`
  CHECK(r.findings.size() == 3);
  const auto& npm = fact(r, "token", "NPM_TOKEN");  // a build argument without a default
  CHECK(attribute(npm, "value_source") == "empty");
  CHECK(attribute(npm, "instruction") == "ARG");
  CHECK(npm.service == "search");
  CHECK_FALSE(has_fact(r, "password", "DB_PASSWORD_FILE"));
  check_no_secret(r, "Tq5#mZ8!rW2k");
}

TEST_CASE("analyze: docker-compose environment in list and map form") {
  const auto r = analyze_fixture("billing/docker-compose.yml", "containers/docker-compose.yml");
  const auto& db = fact(r, "password", "DATABASE_PASSWORD");
  CHECK(db.service == "api");
  CHECK(db.line == 6);
  CHECK(finding(r, "compose-literal-credential", "DATABASE_PASSWORD").category == "NHI2");
  const auto& redis = fact(r, "password", "REDIS_PASSWORD");
  CHECK(redis.service == "worker");
  CHECK(redis.line == 12);
  CHECK(has_id(fact(r, "access_key", "AWS_ACCESS_KEY_ID"), "AKIAZ4X7QJ2K5LMNWPQR"));
  CHECK(attribute(fact(r, "api_key", "STRIPE_API_KEY"), "value_source") == "reference");  // passed through
  CHECK(attribute(fact(r, "secret", "JWT_SECRET"), "value_source") == "reference");
  CHECK(attribute(fact(r, "connection_string", "SENTRY_DSN"), "value_source") == "reference");
  CHECK(findings(r, "compose-literal-credential").size() == 3);
  check_no_secret(r, "Lm3#tY8!pQ2w");
}

TEST_CASE("analyze: Helm values: literal credentials and the chart's service account") {
  const auto r = analyze_fixture("deploy/values-staging.yaml", "containers/values-staging.yaml");
  const auto& password = fact(r, "password", "postgresql.auth.password");
  CHECK(password.environment == "staging");
  CHECK(password.service == "checkout");  // nameOverride
  CHECK(password.line == 14);
  CHECK(finding(r, "helm-values-literal-credential", "postgresql.auth.password").category == "NHI2");
  const auto& paypal = fact(r, "client_secret", "extraEnv.PAYPAL_CLIENT_SECRET");
  CHECK(paypal.provider == "generic");
  CHECK(paypal.line == 22);
  CHECK(findings(r, "helm-values-literal-credential").size() == 2);
  // existingSecret, adminPasswordKey and an empty password are chart plumbing.
  CHECK(r.identities.size() == 3);
  const auto& sa = fact(r, "service_account", "checkout");
  CHECK(sa.trust == std::vector<std::string>{"iam.gke.io/gcp-service-account=checkout@acme-staging.iam.gserviceaccount.com"});
  CHECK(attribute(sa, "create") == "true");
  check_no_secret(r, "Wd8!nK3#sP6z");
}
