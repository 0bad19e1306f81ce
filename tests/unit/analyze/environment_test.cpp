// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>

#include "nhi/analysis.hpp"

TEST_CASE("analyze: infer_environment reads whole words of paths and names") {
  CHECK(nhi::infer_environment("config/prod.env") == "prod");
  CHECK(nhi::infer_environment("charts/api/values-staging.yaml") == "staging");
  CHECK(nhi::infer_environment("payments-prod") == "prod");
  CHECK(nhi::infer_environment("deploy/production/main.tf") == "prod");
  CHECK(nhi::infer_environment("envs/prd/terraform.tfvars") == "prod");
  CHECK(nhi::infer_environment("live") == "prod");
  CHECK(nhi::infer_environment("k8s/dev/deployment.yaml") == "dev");
  CHECK(nhi::infer_environment("development.env") == "dev");
  CHECK(nhi::infer_environment("qa/settings.yml") == "test");
  CHECK(nhi::infer_environment("testing") == "test");
  CHECK(nhi::infer_environment("test") == "test");
  CHECK(nhi::infer_environment("uat") == "staging");
  CHECK(nhi::infer_environment("stage/app.env") == "staging");
  CHECK(nhi::infer_environment("config/pre-prod.yaml") == "staging");
  CHECK(nhi::infer_environment("preprod") == "staging");
  CHECK(nhi::infer_environment("cluster-prod2") == "prod");
  CHECK(nhi::infer_environment("C:\\deploy\\staging\\app.env") == "staging");
}

TEST_CASE("analyze: infer_environment ignores environment words inside other words") {
  CHECK(nhi::infer_environment("src/product/catalog.yaml").empty());
  CHECK(nhi::infer_environment("vendor/devise/config.rb").empty());
  CHECK(nhi::infer_environment("docs/testimony.md").empty());
  CHECK(nhi::infer_environment("stagecoach/app.yaml").empty());
  CHECK(nhi::infer_environment("liveness-probe.yaml").empty());
  CHECK(nhi::infer_environment("tests/unit/latest.yaml").empty());
  CHECK(nhi::infer_environment("kube-system").empty());
  CHECK(nhi::infer_environment("").empty());
}

TEST_CASE("analyze: infer_environment prefers the most specific (last) word") {
  CHECK(nhi::infer_environment("envs/prod/dev-overrides.env") == "dev");
  CHECK(nhi::infer_environment("staging/values-prod.yaml") == "prod");
}

TEST_CASE("analyze: infer_service follows the directory layout") {
  CHECK(nhi::infer_service("services/billing/config/prod.env") == "billing");
  CHECK(nhi::infer_service("apps/web/.env") == "web");
  CHECK(nhi::infer_service("cmd/ledger-sync/main.go") == "ledger-sync");
  CHECK(nhi::infer_service("packages/checkout-ui/.npmrc") == "checkout-ui");
  CHECK(nhi::infer_service("charts/payments/values.yaml") == "payments");
  CHECK(nhi::infer_service("deploy/charts/payments/values-prod.yaml") == "payments");
  CHECK(nhi::infer_service("billing/docker-compose.yml") == "billing");
  CHECK(nhi::infer_service("/srv/repo/services/search/Dockerfile") == "search");
}

TEST_CASE("analyze: infer_service refuses generic and ambiguous layouts") {
  CHECK(nhi::infer_service("src/config/prod.env").empty());
  CHECK(nhi::infer_service("deploy/k8s/payments.yaml").empty());
  CHECK(nhi::infer_service("k8s/base/deployment.yaml").empty());
  CHECK(nhi::infer_service("config/app.env").empty());
  CHECK(nhi::infer_service(".github/workflows/deploy.yml").empty());
  CHECK(nhi::infer_service("prod/app.env").empty());
  CHECK(nhi::infer_service("services/billing.env").empty());  // a file, not a service directory
  CHECK(nhi::infer_service("Dockerfile").empty());
  CHECK(nhi::infer_service("/etc/app/config.env").empty());  // absolute: the machine's layout
}
