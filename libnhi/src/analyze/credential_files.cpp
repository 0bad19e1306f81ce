// SPDX-License-Identifier: Apache-2.0
// Client credential stores: kubeconfig, .npmrc, .pypirc, docker config.json,
// AWS credentials/config files, and the password files of database, mail and
// transfer clients (.pgpass, .my.cnf, .msmtprc, .netrc, .git-credentials,
// rclone.conf, .s3cfg). Each yields one fact per credential it
// holds or points at; the values themselves stay with the secret scanner.
#include <algorithm>
#include <map>
#include <set>

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

// --- Client configuration files that hold a password for user@host ---------
//
// Database, mail and file-transfer clients keep passwords in small files of
// their own. Each entry becomes a fact named user@host (the identity the
// password unlocks); the value is never kept, only whether it is literal and,
// if so, the fingerprint the secret scanner gives it, so the inventory joins
// the two.

namespace nhi::detail {
namespace {

}  // namespace

std::string user_at_host(const std::string& user, const std::string& host) {
  if (user.empty()) return host.empty() ? std::string("(unnamed)") : host;
  return host.empty() ? user : user + "@" + host;
}

identity_fact client_password_fact(std::string kind, std::string provider, const std::string& user,
                                   const std::string& host, std::string_view value, const source_file& file,
                                   std::uint64_t line) {
  const std::string from_host = provider_for_name(host);
  identity_fact f = make_fact(std::move(kind), from_host != "generic" ? from_host : std::move(provider),
                              user_at_host(user, host), file, line);
  if (!user.empty()) f.attributes["username"] = user;
  if (!host.empty()) f.attributes["host"] = host;
  f.attributes["value_source"] = value_source(value);
  if (f.attributes["value_source"] == "literal") f.attributes["fingerprint"] = fingerprint_of(std::string(value));
  return f;
}

identity_fact encoded_password_fact(std::string kind, std::string provider, const std::string& user,
                                    const std::string& host, std::string_view value, const source_file& file,
                                    std::uint64_t line) {
  identity_fact f = client_password_fact(std::move(kind), std::move(provider), user, host, value, file, line);
  f.attributes["value_source"] = "literal";
  f.attributes["fingerprint"] = fingerprint_of(std::string(value));
  return f;
}

// Whitespace-separated words, with "double quoted" words kept whole (netrc, msmtp, fetchmail).
std::vector<std::string> words_of(std::string_view line) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    if (i == line.size()) break;
    std::string w;
    if (line[i] == '"') {
      for (++i; i < line.size() && line[i] != '"'; ++i) {
        if (line[i] == '\\' && i + 1 < line.size()) ++i;
        w += line[i];
      }
      ++i;
    } else {
      while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') w += line[i++];
    }
    words.push_back(std::move(w));
  }
  return words;
}

// ~/.pgpass: host:port:database:username:password, '\:' and '\\' escaped.
void analyze_pgpass(const source_file& file, analysis_result& out) {
  std::uint64_t line_number = 0;
  for (const std::string& raw : split(file.content, '\n')) {
    ++line_number;
    const std::string line = trim(raw);
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields(1);
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '\\' && i + 1 < line.size()) fields.back() += line[++i];
      else if (line[i] == ':' && fields.size() < 5) fields.emplace_back();
      else fields.back() += line[i];
    }
    if (fields.size() != 5 || fields[4].empty()) continue;
    identity_fact f = client_password_fact("password", "postgres", fields[3], fields[0], fields[4], file, line_number);
    f.attributes["port"] = fields[1];
    f.attributes["database"] = fields[2];
    out.identities.push_back(std::move(f));
  }
}

// MySQL/MariaDB option files (~/.my.cnf): [client], [mysql], [mysqldump], ...
void analyze_mysql_options(const source_file& file, analysis_result& out) {
  for (const ini_section& section : parse_ini(file.content)) {
    const std::string name = to_lower_ascii(section.name);
    if (!(starts_with(name, "client") || starts_with(name, "mysql") || starts_with(name, "mariadb"))) continue;
    const ini_entry* password = section.find("password");
    if (!password) continue;
    const std::string host = trim_unquote(section.get("host"));
    identity_fact f = client_password_fact("password", "mysql", trim_unquote(section.get("user")),
                                           host.empty() ? "localhost" : host, trim_unquote(password->value), file,
                                           password->line);
    f.attributes["section"] = section.name;
    out.identities.push_back(std::move(f));
  }
}

// msmtp (~/.msmtprc): "account NAME [: PARENT]" blocks of "key value" lines
// after an optional "defaults" block; a password or a passwordeval command.
void analyze_msmtprc(const source_file& file, analysis_result& out) {
  using settings = std::map<std::string, std::pair<std::string, std::uint64_t>>;
  std::map<std::string, settings> accounts;
  settings defaults;
  std::vector<std::string> order;
  settings* current = &defaults;
  std::uint64_t line_number = 0;
  for (const std::string& raw : split(file.content, '\n')) {
    ++line_number;
    const std::string line = trim(raw);
    if (line.empty() || line[0] == '#') continue;
    const std::vector<std::string> w = words_of(line);
    if (w.empty()) continue;
    if (w[0] == "defaults") { current = &defaults; continue; }
    if (w[0] == "account" && w.size() >= 2) {
      settings s = defaults;
      if (w.size() >= 4 && w[2] == ":" && accounts.count(w[3])) s = accounts[w[3]];
      order.push_back(w[1]);
      current = &(accounts[w[1]] = std::move(s));
      continue;
    }
    std::string value;
    for (std::size_t i = 1; i < w.size(); ++i) value += (i > 1 ? " " : "") + w[i];
    (*current)[w[0]] = {value, line_number};
  }
  std::set<std::uint64_t> reported;  // "account default : alerts" reuses alerts' password line
  for (const std::string& name : order) {
    const settings& s = accounts[name];
    const auto get = [&](const char* key) { auto it = s.find(key); return it == s.end() ? std::string() : it->second.first; };
    const auto password = s.find("password");
    const auto eval = s.find("passwordeval");
    if (password == s.end() && eval == s.end()) continue;
    const bool literal = password != s.end();
    if (!reported.insert(literal ? password->second.second : eval->second.second).second) continue;
    identity_fact f = client_password_fact("password", "smtp", get("user"), get("host"),
                                           literal ? password->second.first : "$(passwordeval)", file,
                                           literal ? password->second.second : eval->second.second);
    f.attributes["account"] = name;
    if (!literal) f.attributes["value_source"] = "command";
    out.identities.push_back(std::move(f));
  }
}

// ~/.netrc: "machine HOST login USER password PASS" in any layout; "default"
// is any host; "macdef" bodies run to the next blank line.
void analyze_netrc(const source_file& file, analysis_result& out) {
  std::string host, user, password;
  std::uint64_t password_line = 0, line_number = 0;
  bool in_entry = false, in_macro = false;
  const auto flush = [&]() {
    if (in_entry && !password.empty()) {
      identity_fact f = client_password_fact("password", "netrc", user, host, password, file, password_line);
      out.identities.push_back(std::move(f));
    }
    host.clear(); user.clear(); password.clear();
    in_entry = false;
  };
  for (const std::string& raw : split(file.content, '\n')) {
    ++line_number;
    if (in_macro) { if (trim(raw).empty()) in_macro = false; continue; }
    const std::vector<std::string> w = words_of(raw);
    for (std::size_t i = 0; i < w.size(); ++i) {
      if (w[i] == "machine" || w[i] == "default") {
        flush();
        in_entry = true;
        if (w[i] == "machine" && i + 1 < w.size()) host = w[++i];
      } else if (w[i] == "login" && i + 1 < w.size()) {
        user = w[++i];
      } else if ((w[i] == "password" || w[i] == "passwd") && i + 1 < w.size()) {
        password = w[++i];
        password_line = line_number;
      } else if (w[i] == "account" && i + 1 < w.size()) {
        ++i;
      } else if (w[i] == "macdef") {
        in_macro = true;
        break;
      } else if (!w[i].empty() && w[i][0] == '#') {
        break;
      }
    }
  }
  flush();
}

// git's credential store (~/.git-credentials): one https://user:password@host URL per line.
void analyze_git_credentials(const source_file& file, analysis_result& out) {
  std::uint64_t line_number = 0;
  for (const std::string& raw : split(file.content, '\n')) {
    ++line_number;
    const std::string line = trim(raw);
    const std::size_t scheme = line.find("://");
    const std::size_t at = line.rfind('@');
    if (scheme == std::string::npos || at == std::string::npos || at < scheme) continue;
    const std::string userinfo = line.substr(scheme + 3, at - scheme - 3);
    const std::size_t colon = userinfo.find(':');
    if (colon == std::string::npos) continue;
    std::string host = line.substr(at + 1);
    host = host.substr(0, host.find_first_of("/:"));
    std::string user, password;
    percent_decode(userinfo.substr(0, colon), user);
    percent_decode(userinfo.substr(colon + 1), password);
    identity_fact f = client_password_fact("token", "git", user, host, password, file, line_number);
    out.identities.push_back(std::move(f));
  }
}

// rclone.conf: one [remote] per storage account; the secret settings depend
// on the backend type (pass is "obscured", a reversible encoding, not a hash).
void analyze_rclone(const source_file& file, analysis_result& out) {
  for (const ini_section& section : parse_ini(file.content)) {
    if (section.name.empty()) continue;
    const std::string type = section.get("type");
    for (const char* key : {"pass", "password", "secret_access_key", "key", "client_secret", "token", "account_key"}) {
      const ini_entry* e = section.find(key);
      if (!e || e->value.empty()) continue;
      std::string user = section.get("user");
      if (user.empty()) user = section.get("access_key_id");
      if (user.empty()) user = section.get("account");
      std::string host = section.get("host");
      if (host.empty()) host = section.get("endpoint");
      if (host.empty()) host = type;
      identity_fact f = client_password_fact(std::string(key) == "pass" || std::string(key) == "password" ? "password"
                                                                                                           : "secret_key",
                                             type == "s3" ? "aws" : (type.empty() ? "rclone" : type), user, host,
                                             e->value, file, e->line);
      f.attributes["remote"] = section.name;
      f.attributes["setting"] = key;
      if (looks_like_aws_key_id(user)) f.external_ids.push_back(user);
      if (std::string(key) == "pass") f.attributes["encoding"] = "rclone-obscured";
      out.identities.push_back(std::move(f));
    }
  }
}

// s3cmd (~/.s3cfg): access_key / secret_key for host_base (AWS or any S3 API).
void analyze_s3cfg(const source_file& file, analysis_result& out) {
  for (const ini_section& section : parse_ini(file.content)) {
    const ini_entry* secret = section.find("secret_key");
    if (!secret || secret->value.empty()) continue;
    const std::string key_id = section.get("access_key");
    std::string host = section.get("host_base");
    if (host.empty()) host = "s3.amazonaws.com";
    identity_fact f = client_password_fact("access_key", "aws", key_id, host, secret->value, file, secret->line);
    if (looks_like_aws_key_id(key_id)) f.external_ids.push_back(key_id);
    f.attributes["profile"] = section.name;
    out.identities.push_back(std::move(f));
  }
}

}  // namespace nhi::detail
