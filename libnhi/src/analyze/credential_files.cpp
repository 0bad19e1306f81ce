// SPDX-License-Identifier: Apache-2.0
// Client credential stores: kubeconfig, .npmrc, .pypirc, docker config.json
// and AWS credentials/config files. Each yields one fact per credential it
// holds or points at; the values themselves stay with the secret scanner.
#include <algorithm>
#include <map>

#include "analyze/analyzers.hpp"
#include "analyze/yaml_util.hpp"
#include "nhi/finding.hpp"
#include "util/text.hpp"

namespace nhi::detail {
namespace {

struct ini_entry {
  std::string key;
  std::string value;
  std::uint64_t line = 0;
};
struct ini_section {
  std::string name;
  std::uint64_t line = 0;
  std::vector<ini_entry> entries;

  const ini_entry* find(std::string_view key) const {
    for (const ini_entry& e : entries)
      if (iequals(e.key, key)) return &e;
    return nullptr;
  }
  std::string get(std::string_view key) const {
    const ini_entry* e = find(key);
    return e ? e->value : std::string();
  }
};

// INI as .pypirc and AWS files write it: [section], key = value (or key: value),
// ';' and '#' comments. Indented continuation lines (pypirc index-servers) are
// skipped; entries before the first section land in an unnamed one.
std::vector<ini_section> parse_ini(std::string_view content) {
  std::vector<ini_section> sections(1);
  std::uint64_t line_number = 0;
  for (const std::string& raw : split(content, '\n')) {
    ++line_number;
    const std::string line = trim(raw);
    if (line.empty() || line[0] == ';' || line[0] == '#') continue;
    if (line.front() == '[') {
      const std::size_t close = line.find(']');
      if (close == std::string::npos) throw parse_failure("unterminated section header", line_number);
      sections.push_back({trim(std::string_view(line).substr(1, close - 1)), line_number, {}});
      continue;
    }
    if (!raw.empty() && (raw[0] == ' ' || raw[0] == '\t')) continue;  // continuation
    const std::size_t sep = line.find_first_of("=:");
    if (sep == std::string::npos) continue;
    sections.back().entries.push_back(
        {trim(std::string_view(line).substr(0, sep)), trim(std::string_view(line).substr(sep + 1)), line_number});
  }
  return sections;
}

std::string registry_provider(std::string_view registry) {
  const std::string r = to_lower_ascii(registry);
  if (r.find(".dkr.ecr.") != std::string::npos) return "aws";
  if (r.find("gcr.io") != std::string::npos || r.find("-docker.pkg.dev") != std::string::npos) return "gcp";
  if (r.find("azurecr.io") != std::string::npos) return "azure";
  if (r.find("ghcr.io") != std::string::npos || r.find("pkg.github.com") != std::string::npos) return "github";
  if (r.find("gitlab") != std::string::npos) return "gitlab";
  if (r.find("quay.io") != std::string::npos) return "quay";
  if (r.find("npmjs") != std::string::npos) return "npm";
  return "docker";
}

// "https://index.docker.io/v1/" -> "index.docker.io".
std::string registry_host(std::string_view registry) {
  std::string r(registry);
  if (const std::size_t scheme = r.find("://"); scheme != std::string::npos) r = r.substr(scheme + 3);
  if (starts_with(r, "//")) r = r.substr(2);
  if (const std::size_t slash = r.find('/'); slash != std::string::npos) r = r.substr(0, slash);
  return r;
}

void literal_credential_finding(analysis_result& out, const char* id, const std::string& what,
                                const std::string& fix, const std::string& subject,
                                const source_file& file, std::uint64_t line) {
  add_finding(out, id, "NHI2", "high", what + " is stored in plain text in " + file.path + "; " + fix,
              subject, file, line);
}

std::string kubernetes_exec_provider(const std::string& command) {
  const std::string c = to_lower_ascii(command);
  if (c.find("aws") != std::string::npos) return "aws";
  if (c.find("gke") != std::string::npos || c.find("gcloud") != std::string::npos) return "gcp";
  if (c.find("kubelogin") != std::string::npos || c.find("az") == 0) return "azure";
  return "kubernetes";
}

}  // namespace

void docker_auth_facts(const json& config, const source_file& file, std::uint64_t line,
                       analysis_result& out) {
  const json* auths = json_member(config, "auths");
  if (!auths || !auths->is_object()) return;
  for (const auto& [registry, entry] : auths->items()) {
    if (!entry.is_object()) continue;
    std::string username, password;
    if (const json* auth = json_member(entry, "auth"); auth && auth->is_string()) {
      std::string decoded;
      if (base64_decode(auth->get<std::string>(), decoded)) {
        const std::size_t colon = decoded.find(':');
        username = decoded.substr(0, colon);
        if (colon != std::string::npos) password = decoded.substr(colon + 1);
      }
    }
    if (const json* u = json_member(entry, "username"); u && u->is_string()) username = u->get<std::string>();
    if (const json* p = json_member(entry, "password"); p && p->is_string()) password = p->get<std::string>();
    std::string token;
    for (const char* key : {"identitytoken", "registrytoken"})
      if (const json* t = json_member(entry, key); t && t->is_string()) token = t->get<std::string>();
    if (password.empty() && token.empty()) continue;  // a credential helper holds it

    const std::string host = registry_host(registry);
    const std::uint64_t where = std::max(line, file.locator->line_of("\"" + registry + "\""));
    identity_fact f = make_fact(token.empty() ? "password" : "token", registry_provider(host),
                                username.empty() ? host : username + "@" + host, file, where);
    f.attributes["registry"] = host;
    if (!username.empty()) f.attributes["username"] = username;
    f.attributes["fingerprint"] = fingerprint_of(token.empty() ? password : token);
    out.identities.push_back(std::move(f));
  }
}

void analyze_docker_config(const source_file& file, analysis_result& out) {
  const json config = parse_json(file.content);
  if (!config.is_object()) throw parse_failure("$: expected an object", 0);
  analysis_result registries;
  docker_auth_facts(config, file, 0, registries);
  for (identity_fact& f : registries.identities) {
    literal_credential_finding(out, "docker-config-embedded-auth",
                               "The registry credential for " + f.attributes["registry"],
                               "log in through a credential helper (credsStore/credHelpers) and rotate "
                               "the password or token.",
                               f.name, file, f.line);
    out.identities.push_back(std::move(f));
  }
}

void analyze_kubeconfig(const source_file& file, analysis_result& out) {
  const std::vector<YAML::Node> docs = load_yaml_documents(file.content);
  if (docs.empty()) return;
  const YAML::Node& doc = docs.front();
  if (!yaml_is_map(doc)) throw parse_failure("a kubeconfig must be a mapping", yaml_line(doc));

  // user name -> the first context that uses it (cluster, namespace).
  std::map<std::string, YAML::Node> context_of_user;
  std::map<std::string, std::string> context_name_of_user;
  const YAML::Node contexts = yaml_child(doc, "contexts");
  if (yaml_is_seq(contexts)) {
    for (const YAML::Node& c : contexts) {
      const YAML::Node ctx = yaml_child(c, "context");
      const std::string user = yaml_string(ctx, "user");
      if (!user.empty() && !context_of_user.count(user)) {
        context_of_user[user] = ctx;
        context_name_of_user[user] = yaml_string(c, "name");
      }
    }
  }
  const YAML::Node users = yaml_child(doc, "users");
  if (!yaml_is_seq(users)) return;
  for (const YAML::Node& entry : users) {
    const std::string name = yaml_string(entry, "name");
    const YAML::Node user = yaml_child(entry, "user");
    if (!yaml_is_map(user)) continue;
    const std::uint64_t line = yaml_line(entry);
    identity_fact f = make_fact("", "kubernetes", name, file, line);
    if (auto it = context_of_user.find(name); it != context_of_user.end()) {
      f.namespace_ = yaml_string(it->second, "namespace");
      f.attributes["cluster"] = yaml_string(it->second, "cluster");
      f.attributes["context"] = context_name_of_user[name];
      for (const std::string& hint : {context_name_of_user[name], f.attributes["cluster"], f.namespace_})
        if (f.environment.empty()) f.environment = infer_environment(hint);
    }
    const std::string token = yaml_string(user, "token");
    const std::string key_data = yaml_string(user, "client-key-data");
    const YAML::Node exec = yaml_child(user, "exec");
    const YAML::Node auth_provider = yaml_child(user, "auth-provider");
    if (!token.empty()) {
      f.kind = "token";
      f.attributes["auth"] = "token";
      f.attributes["value_source"] = value_source(token);
      if (f.attributes["value_source"] == "literal") {
        f.attributes["fingerprint"] = fingerprint_of(token);
        literal_credential_finding(out, "kubeconfig-embedded-token", "The bearer token of kubeconfig user " + name,
                                   "use short-lived credentials from an exec plugin and revoke this token.",
                                   name, file, yaml_line(yaml_child(user, "token")));
      }
    } else if (!key_data.empty() || !yaml_string(user, "client-key").empty()) {
      f.kind = "certificate";
      f.attributes["auth"] = "client-certificate";
      if (!key_data.empty()) {
        f.attributes["value_source"] = "literal";
        literal_credential_finding(out, "kubeconfig-embedded-client-key", "The client private key of kubeconfig user " + name,
                                   "keep the key out of the repository (or use an exec plugin) and re-issue the certificate.",
                                   name, file, yaml_line(yaml_child(user, "client-key-data")));
      } else {
        f.attributes["value_source"] = "reference";
        f.attributes["key_file"] = yaml_string(user, "client-key");
      }
    } else if (!yaml_string(user, "password").empty()) {
      f.kind = "password";
      f.attributes["auth"] = "basic";
      f.attributes["value_source"] = value_source(yaml_string(user, "password"));
      add_finding(out, "kubeconfig-basic-auth", "NHI4", "high",
                  "kubeconfig user " + name + " authenticates with a static username and password; basic "
                  "authentication was removed from Kubernetes 1.19: use client certificates or OIDC.",
                  name, file, line);
    } else if (yaml_is_map(exec)) {
      const std::string command = yaml_string(exec, "command");
      f.kind = "exec_credential";
      f.provider = kubernetes_exec_provider(command);
      f.attributes["auth"] = "exec";
      f.attributes["exec_command"] = command;
    } else if (yaml_is_map(auth_provider)) {
      f.kind = "auth_provider";
      f.attributes["auth"] = "auth-provider:" + yaml_string(auth_provider, "name");
      add_finding(out, "kubeconfig-deprecated-auth-provider", "NHI4", "low",
                  "kubeconfig user " + name + " uses the auth-provider mechanism removed in kubectl 1.26; "
                  "switch to the matching exec credential plugin.",
                  name, file, line);
    } else {
      continue;  // no credential of its own
    }
    out.identities.push_back(std::move(f));
  }
}

void analyze_npmrc(const source_file& file, analysis_result& out) {
  std::uint64_t line_number = 0;
  for (const std::string& raw : split(file.content, '\n')) {
    ++line_number;
    const std::string line = trim(raw);
    if (line.empty() || line[0] == ';' || line[0] == '#') continue;
    const std::size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    const std::string key = trim(std::string_view(line).substr(0, eq));
    std::string value = trim(std::string_view(line).substr(eq + 1));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
      value = value.substr(1, value.size() - 2);
    // "//registry.example.com/path/:_authToken" scopes a setting to one registry.
    std::string registry = "registry.npmjs.org", setting = key;
    if (starts_with(key, "//")) {
      const std::size_t colon = key.rfind(':');
      if (colon == std::string::npos) continue;
      registry = registry_host(key.substr(0, colon));
      setting = key.substr(colon + 1);
    }
    std::string kind;
    if (setting == "_authToken") kind = "token";
    else if (setting == "_auth") kind = "credentials";
    else if (setting == "_password") kind = "password";
    else continue;
    identity_fact f = make_fact(kind, registry_provider(registry) == "docker" ? "npm" : registry_provider(registry),
                                registry, file, line_number);
    f.attributes["registry"] = registry;
    f.attributes["setting"] = setting;
    f.attributes["value_source"] = value_source(value);
    if (f.attributes["value_source"] == "literal") {
      f.attributes["fingerprint"] = fingerprint_of(value);
      literal_credential_finding(out, "npmrc-literal-token", "The " + setting + " for " + registry,
                                 "write `" + key + "=${NPM_TOKEN}` and provide the token from the environment.",
                                 registry, file, line_number);
    }
    out.identities.push_back(std::move(f));
  }
}

void analyze_pypirc(const source_file& file, analysis_result& out) {
  for (const ini_section& section : parse_ini(file.content)) {
    const ini_entry* password = section.find("password");
    if (section.name.empty() || !password) continue;
    const std::string username = section.get("username");
    const std::string repository = section.get("repository");
    identity_fact f = make_fact(username == "__token__" ? "token" : "password", "pypi", section.name, file,
                                password->line);
    if (!repository.empty()) f.attributes["repository"] = repository;
    if (!username.empty() && username != "__token__") f.attributes["username"] = username;
    f.attributes["value_source"] = value_source(password->value);
    if (f.attributes["value_source"] == "literal") {
      f.attributes["fingerprint"] = fingerprint_of(password->value);
      literal_credential_finding(out, "pypirc-literal-password", "The password for index " + section.name,
                                 "use a scoped API token supplied through TWINE_PASSWORD or a keyring.",
                                 section.name, file, password->line);
    }
    out.identities.push_back(std::move(f));
  }
}

void analyze_aws_credentials_file(const source_file& file, analysis_result& out) {
  for (const ini_section& section : parse_ini(file.content)) {
    if (section.name.empty()) continue;
    // ~/.aws/config writes [profile x]; ~/.aws/credentials writes [x].
    std::string profile = section.name;
    if (starts_with(profile, "profile ")) profile = trim(std::string_view(profile).substr(8));
    if (const ini_entry* key_id = section.find("aws_access_key_id")) {
      identity_fact f = make_fact("access_key", "aws", profile, file, key_id->line);
      if (looks_like_aws_key_id(key_id->value)) {
        f.external_ids.push_back(key_id->value);
        f.attributes["key_type"] = starts_with(key_id->value, "ASIA") ? "temporary" : "long_term";
      }
      f.attributes["profile"] = profile;
      f.attributes["value_source"] = value_source(section.get("aws_secret_access_key"));
      if (section.find("aws_session_token")) f.attributes["session_token"] = "true";
      out.identities.push_back(std::move(f));
    }
    if (const ini_entry* role = section.find("role_arn")) {
      const std::string arn = role->value;
      identity_fact f = make_fact("role", "aws", arn.substr(arn.rfind('/') == std::string::npos ? 0 : arn.rfind('/') + 1),
                                  file, role->line);
      f.external_ids.push_back(arn);
      f.attributes["profile"] = profile;
      const std::string source = section.get("source_profile");
      if (!source.empty()) f.trust.push_back("assumed with profile " + source);
      if (!section.get("credential_source").empty()) f.trust.push_back("assumed with " + section.get("credential_source"));
      if (!section.get("mfa_serial").empty()) f.attributes["mfa"] = "true";
      if (section.find("external_id")) f.attributes["external_id"] = "true";
      out.identities.push_back(std::move(f));
    }
  }
}

}  // namespace nhi::detail
