// SPDX-License-Identifier: Apache-2.0
// Environment and service inference from names and paths.
//
// Both work on whole words only: a path is split at separators and
// punctuation, so "prod" in "config/prod.env" or "payments-prod" counts, while
// "product", "devise" or "testimony" never do.
#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "analyze/common.hpp"
#include "nhi/analysis.hpp"
#include "util/text.hpp"

namespace nhi::detail {
namespace {

std::string environment_of_word(const std::string& w) {
  static const std::pair<const char*, const char*> kWords[] = {
      {"dev", "dev"},         {"development", "dev"}, {"develop", "dev"},
      {"test", "test"},       {"testing", "test"},    {"qa", "test"},
      {"staging", "staging"}, {"stage", "staging"},   {"stg", "staging"},
      {"preprod", "staging"}, {"uat", "staging"},
      {"prod", "prod"},       {"production", "prod"}, {"prd", "prod"},   {"live", "prod"}};
  for (const auto& [word, env] : kWords)
    if (w == word) return env;
  return {};
}

// Directories whose child directory names the consuming service.
bool is_service_container(const std::string& segment) {
  static const char* const kContainers[] = {"services", "service", "apps", "applications", "cmd",
                                            "packages", "charts", "microservices", "functions",
                                            "lambdas", "workers", "components"};
  return std::any_of(std::begin(kContainers), std::end(kContainers),
                     [&](const char* c) { return segment == c; });
}

// Top-level folders that say how a repository is organised, not what runs.
bool is_generic_folder(const std::string& segment) {
  static const char* const kGeneric[] = {
      "src", "source", "sources", "config", "configs", "configuration", "conf", "etc", "deploy",
      "deployment", "deployments", "deploys", "k8s", "kube", "kubernetes", "manifests", "helm",
      "charts", "chart", "terraform", "tf", "infra", "infrastructure", "iac", "ops", "devops",
      "ci", "cd", "scripts", "script", "docs", "doc", "test", "tests", "spec", "specs", "env",
      "envs", "environments", "environment", "lib", "libs", "pkg", "internal", "build", "dist",
      "bin", "home", "tmp", "var", "usr", "opt", "root", "workflows", "docker", "compose",
      "secrets", "vendor", "node_modules", "modules", "module", "base", "overlays", "common",
      "shared", "tools", "hack", "examples", "example", "fixtures", "testdata", "data",
      "resources", "assets", "public", "static", "services", "apps", "cmd", "packages", "stacks",
      "live", "platform", "cluster", "clusters", "global", "app", "main", "templates", "work",
      "aws", "gcp", "azure", "ansible", "playbooks", "roles", "files", "kustomize", "argocd",
      "flux", "gitops", "pipelines", "local", "regions"};
  if (segment.empty() || segment[0] == '.') return true;
  if (!environment_of_word(segment).empty()) return true;
  return std::any_of(std::begin(kGeneric), std::end(kGeneric),
                     [&](const char* g) { return segment == g; });
}

}  // namespace
}  // namespace nhi::detail

NHI_BEGIN_NAMESPACE

std::string infer_environment(std::string_view path_or_name) {
  const std::vector<std::string> words = detail::environment_words(path_or_name);
  // The last word is the most specific: "envs/prod/dev-notes.env" is about dev.
  for (std::size_t i = words.size(); i-- > 0;) {
    // "pre-prod" and "pre_production" are staging, not prod.
    if (i > 0 && words[i - 1] == "pre" && (words[i] == "prod" || words[i] == "production"))
      return "staging";
    std::string env = detail::environment_of_word(words[i]);
    if (!env.empty()) return env;
  }
  return {};
}

std::string infer_service(std::string_view path) {
  std::string normalized(path);
  std::replace(normalized.begin(), normalized.end(), '\\', '/');
  std::vector<std::string> segments;
  for (std::string& s : detail::split(normalized, '/'))
    if (!s.empty() && s != ".") segments.push_back(std::move(s));
  if (segments.size() < 2) return {};
  // The last segment is the file itself; only directories name a service.
  const std::size_t dirs = segments.size() - 1;
  for (std::size_t i = dirs; i-- > 0;) {
    if (i + 1 < dirs && detail::is_service_container(detail::to_lower_ascii(segments[i])))
      return segments[i + 1];
  }
  // An absolute path's first folder is the machine's layout, not the project's.
  if (normalized[0] == '/') return {};
  if (!detail::is_generic_folder(detail::to_lower_ascii(segments[0]))) return segments[0];
  return {};
}

NHI_END_NAMESPACE
