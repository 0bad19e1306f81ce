// SPDX-License-Identifier: Apache-2.0
// CI workflows: GitHub Actions and GitLab CI.
//
// What matters in a pipeline is how it authenticates to clouds (long-lived
// keys from the secret store versus OIDC federation), which third parties
// receive its secrets, and how much its own token may do.
#include <algorithm>
#include <set>

#include "analyze/analyzers.hpp"
#include "analyze/yaml_util.hpp"
#include "util/text.hpp"

namespace nhi::detail {
namespace {

std::string upper_snake(std::string_view key) {
  std::string out;
  for (char c : key) out.push_back(c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  return out;
}

// The cloud a setting authenticates to with a static, long-lived credential,
// or empty. `action` is the step's `uses:` (inputs such as `creds` only mean
// a credential for the action that defines them).
std::string static_cloud_key_provider(std::string_view key, std::string_view action = {}) {
  const std::string k = upper_snake(key);
  static const std::pair<const char*, const char*> kKeys[] = {
      {"AWS_ACCESS_KEY_ID", "aws"},          {"AWS_SECRET_ACCESS_KEY", "aws"},
      {"GOOGLE_CREDENTIALS", "gcp"},         {"GOOGLE_APPLICATION_CREDENTIALS", "gcp"},
      {"GCP_SA_KEY", "gcp"},                 {"GCP_CREDENTIALS", "gcp"},
      {"GCLOUD_SERVICE_KEY", "gcp"},         {"CREDENTIALS_JSON", "gcp"},
      {"SERVICE_ACCOUNT_KEY", "gcp"},        {"AZURE_CREDENTIALS", "azure"},
      {"ARM_CLIENT_SECRET", "azure"},        {"AZURE_CLIENT_SECRET", "azure"},
      {"CLIENT_SECRET", "azure"}};
  for (const auto& [name, provider] : kKeys)
    if (k == name) {
      if (k == "CLIENT_SECRET" && action.find("azure/") == std::string_view::npos) return {};
      return provider;
    }
  if (k == "CREDS" && action.find("azure/login") != std::string_view::npos) return "azure";
  return {};
}

// Names X of every `secrets.X` in a GitHub expression.
std::vector<std::string> referenced_secrets(std::string_view value) {
  std::vector<std::string> names;
  for (std::size_t pos = value.find("secrets."); pos != std::string_view::npos;
       pos = value.find("secrets.", pos + 8)) {
    std::size_t end = pos + 8;
    while (end < value.size() && (std::isalnum(static_cast<unsigned char>(value[end])) || value[end] == '_' || value[end] == '-'))
      ++end;
    if (end > pos + 8) names.emplace_back(value.substr(pos + 8, end - pos - 8));
  }
  return names;
}

bool is_commit_sha(std::string_view ref) {
  return ref.size() == 40 && std::all_of(ref.begin(), ref.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
         });
}

std::string join(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& v : values) out += (out.empty() ? "" : ", ") + v;
  return out;
}

struct cloud_key_use {
  std::string provider;
  std::string setting;
  std::uint64_t line = 0;
};

class github_workflow {
 public:
  github_workflow(const source_file& file, analysis_result& out) : file_(file), out_(out) {}

  void run(const YAML::Node& doc) {
    const YAML::Node permissions = yaml_child(doc, "permissions");
    check_write_all(permissions, "The workflow");
    const YAML::Node jobs = yaml_child(doc, "jobs");
    if (!yaml_is_map(jobs)) return;
    for (auto it = jobs.begin(); it != jobs.end(); ++it) {
      const std::string job = yaml_scalar(it->first);
      const YAML::Node def = it->second;
      const YAML::Node job_permissions = yaml_child(def, "permissions");
      check_write_all(job_permissions, "Job " + job);
      // A job's `permissions:` replaces the workflow's entirely.
      const bool oidc = allows_oidc(job_permissions.IsDefined() ? job_permissions : permissions);

      std::vector<cloud_key_use> keys;
      read_settings(yaml_child(doc, "env"), job, {}, keys);
      read_settings(yaml_child(def, "env"), job, {}, keys);
      read_reusable_workflow(def, job);
      const YAML::Node steps = yaml_child(def, "steps");
      if (yaml_is_seq(steps)) {
        for (const YAML::Node& step : steps) {
          const std::string uses = yaml_string(step, "uses");
          read_settings(yaml_child(step, "env"), job, uses, keys);
          read_settings(yaml_child(step, "with"), job, uses, keys);
          check_third_party(step, uses, job);
        }
      }
      if (keys.empty() || oidc) continue;
      std::set<std::string> providers;
      std::vector<std::string> settings;
      for (const cloud_key_use& k : keys) providers.insert(k.provider), settings.push_back(k.setting);
      std::vector<std::string> provider_list(providers.begin(), providers.end());
      add_finding(out_, "gha-static-cloud-keys", "NHI6", "high",
                  "Job " + job + " authenticates to " + join(provider_list) +
                      " with long-lived keys from repository secrets (" + join(settings) +
                      "); grant `permissions: id-token: write`, federate the workflow through OIDC "
                      "(role-to-assume / workload_identity_provider) and delete the keys.",
                  job, file_, keys.front().line);
    }
  }

 private:
  // Only an explicit `id-token: write` counts: write-all grants it too, but a
  // job that uses static keys under write-all has not opted into OIDC.
  static bool allows_oidc(const YAML::Node& permissions) {
    return yaml_string(permissions, "id-token") == "write";
  }

  void check_write_all(const YAML::Node& permissions, const std::string& who) {
    if (yaml_scalar(permissions) != "write-all") return;
    add_finding(out_, "gha-write-all-permissions", "NHI5", "medium",
                who + " gives its GITHUB_TOKEN `permissions: write-all`; list only the scopes it "
                "needs (e.g. `contents: read`).",
                who, file_, yaml_line(permissions));
  }

  // Settings from env:/with: maps: every referenced secret becomes a fact,
  // static cloud keys are remembered for the OIDC check.
  void read_settings(const YAML::Node& settings, const std::string& job, const std::string& uses,
                     std::vector<cloud_key_use>& keys) {
    if (!yaml_is_map(settings)) return;
    for (auto it = settings.begin(); it != settings.end(); ++it) {
      const std::string key = yaml_scalar(it->first);
      const std::string value = yaml_scalar(it->second);
      const std::vector<std::string> secrets = referenced_secrets(value);
      const std::string cloud = static_cloud_key_provider(key, uses);
      if (!cloud.empty() && !secrets.empty()) keys.push_back({cloud, key, yaml_line(it->first)});
      for (const std::string& secret : secrets) record_secret(secret, cloud, job, uses, yaml_line(it->first));
    }
  }

  void record_secret(const std::string& secret, const std::string& cloud, const std::string& job,
                     const std::string& uses, std::uint64_t line) {
    if (secret == "GITHUB_TOKEN") return;  // minted per run, expires with the job
    const std::string key = job + "\n" + secret;
    if (seen_.count(key)) return;
    seen_.insert(key);
    std::string kind = credential_kind_for_name(secret);
    if (kind.empty()) kind = "secret";
    identity_fact f = make_fact(kind, cloud.empty() ? provider_for_name(secret) : cloud, secret, file_, line);
    f.attributes["secret_store"] = "github";
    f.attributes["job"] = job;
    if (!uses.empty()) f.attributes["action"] = uses;
    out_.identities.push_back(std::move(f));
  }

  void check_third_party(const YAML::Node& step, const std::string& uses, const std::string& job) {
    if (uses.empty() || starts_with(uses, "./") || starts_with(uses, "docker://")) return;
    const std::string owner = to_lower_ascii(uses.substr(0, uses.find('/')));
    if (owner == "actions" || owner == "github") return;
    const std::size_t at = uses.find('@');
    const std::string ref = at == std::string::npos ? std::string() : uses.substr(at + 1);
    if (is_commit_sha(ref)) return;
    std::vector<std::string> handed;
    for (const char* section : {"with", "env"}) {
      const YAML::Node settings = yaml_child(step, section);
      if (!yaml_is_map(settings)) continue;
      for (auto it = settings.begin(); it != settings.end(); ++it)
        for (const std::string& s : referenced_secrets(yaml_scalar(it->second))) handed.push_back(s);
    }
    if (handed.empty()) return;
    add_finding(out_, "gha-unpinned-action-with-secrets", "NHI3", "high",
                "Job " + job + " hands secrets (" + join(handed) + ") to third-party action " + uses +
                    ", pinned to a movable ref" + (ref.empty() ? std::string() : " '" + ref + "'") +
                    "; pin it to a full 40-character commit SHA so a compromised tag cannot take them.",
                uses, file_, yaml_line(step));
  }

  // `jobs.x.uses: org/repo/.github/workflows/y.yml@ref` with `secrets:`.
  void read_reusable_workflow(const YAML::Node& def, const std::string& job) {
    const std::string uses = yaml_string(def, "uses");
    const YAML::Node secrets = yaml_child(def, "secrets");
    if (uses.empty() || !secrets.IsDefined() || starts_with(uses, "./")) return;
    const std::string owner = to_lower_ascii(uses.substr(0, uses.find('/')));
    const std::size_t at = uses.find('@');
    const std::string ref = at == std::string::npos ? std::string() : uses.substr(at + 1);
    if (owner == "actions" || owner == "github" || is_commit_sha(ref)) return;
    const bool inherit = yaml_scalar(secrets) == "inherit";
    add_finding(out_, "gha-unpinned-action-with-secrets", "NHI3", "high",
                "Job " + job + " passes " + (inherit ? "all repository secrets (`secrets: inherit`)" : "secrets") +
                    " to reusable workflow " + uses +
                    " pinned to a movable ref; pin it to a full commit SHA and pass only the secrets it needs.",
                uses, file_, yaml_line(def));
  }

  const source_file& file_;
  analysis_result& out_;
  std::set<std::string> seen_;  // "job\nsecret" already recorded
};

// GitLab keywords that are not jobs.
bool is_gitlab_keyword(const std::string& key) {
  static const char* const kKeywords[] = {"image", "services", "stages", "types", "before_script",
                                          "after_script", "variables", "cache", "include", "default",
                                          "workflow"};
  return std::any_of(std::begin(kKeywords), std::end(kKeywords), [&](const char* k) { return key == k; });
}

class gitlab_ci {
 public:
  gitlab_ci(const source_file& file, analysis_result& out) : file_(file), out_(out) {}

  void run(const YAML::Node& doc) {
    doc_ = doc;
    std::vector<cloud_key_use> global_keys;
    read_variables(yaml_child(doc, "variables"), "(global)", global_keys);
    const bool default_oidc = yaml_child(yaml_child(doc, "default"), "id_tokens").IsDefined();
    for (auto it = doc.begin(); it != doc.end(); ++it) {
      const std::string job = yaml_scalar(it->first);
      if (is_gitlab_keyword(job) || !yaml_is_map(it->second)) continue;
      std::vector<cloud_key_use> keys = global_keys;
      read_variables(yaml_child(it->second, "variables"), job, keys);
      read_scripts(it->second, job, keys);
      if (keys.empty() || default_oidc || has_id_tokens(it->second, 0)) continue;
      if (job[0] == '.') continue;  // a template: reported through the jobs that extend it
      std::set<std::string> providers;
      std::vector<std::string> settings;
      for (const cloud_key_use& k : keys) {
        providers.insert(k.provider);
        if (std::find(settings.begin(), settings.end(), k.setting) == settings.end()) settings.push_back(k.setting);
      }
      add_finding(out_, "gitlab-ci-static-cloud-keys", "NHI6", "high",
                  "Job " + job + " authenticates to " +
                      join(std::vector<std::string>(providers.begin(), providers.end())) +
                      " with long-lived keys from CI/CD variables (" + join(settings) +
                      "); request an OIDC token with `id_tokens:` and exchange it for short-lived "
                      "credentials, then delete the keys.",
                  job, file_, yaml_line(it->first));
    }
  }

 private:
  // A job, or a template it extends, requests OIDC tokens.
  bool has_id_tokens(const YAML::Node& job, int depth) const {
    if (depth > 8 || !yaml_is_map(job)) return false;
    if (yaml_child(job, "id_tokens").IsDefined()) return true;
    const YAML::Node extends = yaml_child(job, "extends");
    std::vector<std::string> parents;
    if (yaml_is_seq(extends)) {
      for (const YAML::Node& e : extends) parents.push_back(yaml_scalar(e));
    } else if (!yaml_scalar(extends).empty()) {
      parents.push_back(yaml_scalar(extends));
    }
    for (const std::string& p : parents)
      if (has_id_tokens(yaml_child(doc_, p), depth + 1)) return true;
    return false;
  }

  void read_variables(const YAML::Node& variables, const std::string& job, std::vector<cloud_key_use>& keys) {
    if (!yaml_is_map(variables)) return;
    for (auto it = variables.begin(); it != variables.end(); ++it) {
      const std::string name = yaml_scalar(it->first);
      // `NAME: value` or `NAME: {value: ..., description: ...}`.
      const std::string value = it->second.IsMap() ? yaml_string(it->second, "value") : yaml_scalar(it->second);
      const std::uint64_t line = yaml_line(it->first);
      const std::string cloud = static_cloud_key_provider(name);
      if (!cloud.empty()) keys.push_back({cloud, name, line});
      std::string kind = credential_kind_for_name(name);
      if (kind.empty() && !cloud.empty()) kind = "credentials";
      if (kind.empty()) continue;
      identity_fact f = credential_setting_fact(name, value, kind, file_, line);
      if (!cloud.empty()) f.provider = cloud;
      f.attributes["secret_store"] = "gitlab";
      f.attributes["job"] = job;
      const bool literal = f.attributes["value_source"] == "literal";
      out_.identities.push_back(std::move(f));
      if (!literal) continue;
      add_finding(out_, "gitlab-ci-literal-credential", "NHI2", "high",
                  "Variable " + name + " (" + job + ") holds a literal credential in .gitlab-ci.yml, "
                  "readable by everyone with access to the repository; store it as a masked, protected "
                  "CI/CD variable and rotate it.",
                  name, file_, line);
    }
  }

  // `$AWS_SECRET_ACCESS_KEY` in a script uses a key configured in the project settings.
  void read_scripts(const YAML::Node& job, const std::string& name, std::vector<cloud_key_use>& keys) {
    for (const char* section : {"before_script", "script", "after_script"}) {
      const YAML::Node script = yaml_child(job, section);
      std::vector<YAML::Node> lines;
      if (yaml_is_seq(script)) {
        for (const YAML::Node& l : script) lines.push_back(l);
      } else if (script.IsDefined() && script.IsScalar()) {
        lines.push_back(script);
      }
      for (const YAML::Node& l : lines) {
        const std::string text = yaml_scalar(l);
        for (std::size_t pos = text.find('$'); pos != std::string::npos; pos = text.find('$', pos + 1)) {
          std::size_t start = pos + 1;
          if (start < text.size() && text[start] == '{') ++start;
          std::size_t end = start;
          while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_')) ++end;
          const std::string variable = text.substr(start, end - start);
          const std::string cloud = static_cloud_key_provider(variable);
          if (cloud.empty()) continue;
          keys.push_back({cloud, variable, yaml_line(l)});
          const std::string key = name + "\n" + variable;
          if (seen_.count(key)) continue;
          seen_.insert(key);
          identity_fact f = make_fact(credential_kind_for_name(variable).empty() ? "credentials"
                                                                                 : credential_kind_for_name(variable),
                                      cloud, variable, file_, yaml_line(l));
          f.attributes["secret_store"] = "gitlab";
          f.attributes["job"] = name;
          f.attributes["value_source"] = "reference";
          out_.identities.push_back(std::move(f));
        }
      }
    }
  }

  const source_file& file_;
  analysis_result& out_;
  YAML::Node doc_;
  std::set<std::string> seen_;
};

}  // namespace

void analyze_github_workflow(const source_file& file, analysis_result& out) {
  const std::vector<YAML::Node> docs = load_yaml_documents(file.content);
  if (docs.empty()) return;
  if (!yaml_is_map(docs.front())) throw parse_failure("a workflow must be a mapping", yaml_line(docs.front()));
  github_workflow(file, out).run(docs.front());
}

void analyze_gitlab_ci(const source_file& file, analysis_result& out) {
  const std::vector<YAML::Node> docs = load_yaml_documents(file.content);
  if (docs.empty()) return;
  if (!yaml_is_map(docs.front())) throw parse_failure(".gitlab-ci.yml must be a mapping", yaml_line(docs.front()));
  gitlab_ci(file, out).run(docs.front());
}

}  // namespace nhi::detail
