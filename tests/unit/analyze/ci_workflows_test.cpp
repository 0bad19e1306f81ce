// SPDX-License-Identifier: Apache-2.0
#include "unit/analyze/analyze_support.hpp"

using namespace analyze_test;

TEST_CASE("analyze: GitHub Actions static cloud keys without OIDC are NHI6") {
  const auto r = analyze_fixture(".github/workflows/deploy.yml", "ci/deploy.yml");
  const auto& build = finding(r, "gha-static-cloud-keys", "build");
  CHECK(build.category == "NHI6");
  CHECK(build.line == 22);
  CHECK(build.message.find("aws-access-key-id") != std::string::npos);
  const auto& gcp = finding(r, "gha-static-cloud-keys", "gcp");
  CHECK(gcp.message.find("azure, gcp") != std::string::npos);
  // deploy-oidc federates with `id-token: write` and a role: nothing to say.
  CHECK(findings(r, "gha-static-cloud-keys").size() == 2);
}

TEST_CASE("analyze: GitHub Actions unpinned third-party actions that receive secrets are NHI3") {
  const auto r = analyze_fixture(".github/workflows/deploy.yml", "ci/deploy.yml");
  const auto& slack = finding(r, "gha-unpinned-action-with-secrets", "slackapi/slack-github-action@v1.24.0");
  CHECK(slack.category == "NHI3");
  CHECK(slack.line == 25);
  CHECK(slack.message.find("SLACK_WEBHOOK") != std::string::npos);
  const auto& reusable = finding(r, "gha-unpinned-action-with-secrets", "acme/shared-workflows/.github/workflows/release.yml@main");
  CHECK(reusable.message.find("secrets: inherit") != std::string::npos);
  // actions/* and SHA-pinned actions are trusted; aws-actions is third-party
  // but pinned to a tag and given secrets, so it is reported too.
  CHECK(findings(r, "gha-unpinned-action-with-secrets").size() == 5);
}

TEST_CASE("analyze: GitHub Actions write-all token permissions are NHI5") {
  const auto r = analyze_fixture(".github/workflows/deploy.yml", "ci/deploy.yml");
  const auto& all = finding(r, "gha-write-all-permissions", "The workflow");
  CHECK(all.category == "NHI5");
  CHECK(all.line == 7);
}

TEST_CASE("analyze: GitHub Actions secrets become facts, GITHUB_TOKEN does not") {
  const auto r = analyze_fixture(".github/workflows/deploy.yml", "ci/deploy.yml");
  const auto& id = fact(r, "access_key", "AWS_ACCESS_KEY_ID");
  CHECK(id.provider == "aws");
  CHECK(attribute(id, "secret_store") == "github");
  CHECK(attribute(id, "job") == "build");
  CHECK(attribute(id, "action") == "aws-actions/configure-aws-credentials@v4");
  CHECK(fact(r, "secret_key", "AWS_SECRET_ACCESS_KEY").provider == "aws");
  CHECK(fact(r, "secret", "GCP_SA_KEY").provider == "gcp");
  CHECK(fact(r, "credentials", "AZURE_CREDENTIALS").provider == "azure");
  CHECK(fact(r, "token", "CODECOV_TOKEN").line == 34);
  CHECK(fact(r, "secret", "SLACK_WEBHOOK").provider == "slack");
  CHECK_FALSE(has_fact(r, "token", "GITHUB_TOKEN"));
}

TEST_CASE("analyze: GitLab CI literal credentials and static keys versus id_tokens") {
  const auto r = analyze_fixture(".gitlab-ci.yml", "ci/gitlab-ci.yml");
  const auto& sonar = finding(r, "gitlab-ci-literal-credential", "SONAR_TOKEN");
  CHECK(sonar.category == "NHI2");
  CHECK(sonar.line == 5);
  CHECK(finding(r, "gitlab-ci-literal-credential", "DEPLOY_API_KEY").line == 22);
  CHECK(findings(r, "gitlab-ci-literal-credential").size() == 2);
  CHECK(attribute(fact(r, "password", "REGISTRY_PASSWORD"), "value_source") == "reference");

  const auto& prod = finding(r, "gitlab-ci-static-cloud-keys", "deploy-prod");
  CHECK(prod.category == "NHI6");
  CHECK(prod.line == 18);
  CHECK(prod.message.find("AWS_SECRET_ACCESS_KEY") != std::string::npos);
  // deploy-staging extends .oidc, which requests id_tokens.
  CHECK(findings(r, "gitlab-ci-static-cloud-keys").size() == 1);
  const auto& used = fact(r, "secret_key", "AWS_SECRET_ACCESS_KEY");
  CHECK(used.provider == "aws");
  CHECK(attribute(used, "job") == "deploy-prod");
  check_no_secret(r, "k7Rq2Wm9Xt4Yl8Nb3Cf6Hj1P");
  check_no_secret(r, "sqp_3f9a1c7e5b2d8f4a6c0e9b1d7f3a5c8e12345678");
}

TEST_CASE("analyze: workflows that are not mappings are parse errors with a line") {
  auto r = nhi::analyze_file(".github/workflows/x.yml", "jobs:\n  a:\n    steps: [\n");
  REQUIRE_FALSE(r.is_ok());
  CHECK(r.error().code() == nhi::errc::parse_error);
  CHECK(r.error().file() == ".github/workflows/x.yml");
  CHECK(r.error().line() >= 3);
  auto list = nhi::analyze_file(".gitlab-ci.yml", "- a\n- b\n");
  REQUIRE_FALSE(list.is_ok());
  CHECK(list.error().line() == 1);
}

TEST_CASE("analyze: a job's permissions replace the workflow's for the OIDC check") {
  const std::string workflow = R"(on: push
permissions:
  id-token: write
jobs:
  inherits:
    runs-on: ubuntu-latest
    env:
      AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}
    steps:
      - run: ./deploy.sh
  overrides:
    runs-on: ubuntu-latest
    permissions:
      contents: read
    env:
      AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}
    steps:
      - run: ./deploy.sh
)";
  auto r = nhi::analyze_file(".github/workflows/deploy.yaml", workflow);
  REQUIRE(r.is_ok());
  REQUIRE(findings(*r, "gha-static-cloud-keys").size() == 1);
  CHECK(findings(*r, "gha-static-cloud-keys").front().subject == "overrides");
  CHECK(findings(*r, "gha-static-cloud-keys").front().line == 16);
}
