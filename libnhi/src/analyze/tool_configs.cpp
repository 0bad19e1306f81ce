// SPDX-License-Identifier: Apache-2.0
// The configuration files of package managers (Maven, NuGet, Composer, Yarn),
// the Terraform CLI, servers (Tomcat users, Postfix relays, PgBouncer), deploy
// tools (Ansible inventories, Sublime SFTP) and machines (Wi-Fi networks, SMB
// mounts). Each saved login becomes one fact named for what it opens,
// user@host where the file names both; the value is never kept, only whether
// it is literal and, if so, the fingerprint the secret scanner gives the same
// bytes, so the inventory joins the two.
#include <algorithm>
#include <map>

#include "analyze/analyzers.hpp"
#include "analyze/hcl.hpp"
#include "analyze/json_util.hpp"
#include "analyze/yaml_util.hpp"
#include "nhi/finding.hpp"
#include "util/text.hpp"

namespace nhi::detail {
namespace {

std::string json_text(const json& j, std::string_view key) {
  const json* m = json_member(j, key);
  if (!m) return {};
  if (m->is_string()) return m->get<std::string>();
  if (m->is_number_integer()) return std::to_string(m->get<long long>());
  return {};
}

// "https://npm.acme.io:8443/path" -> "npm.acme.io"; a bare host stays as it is.
std::string host_of_url(std::string_view url) {
  if (const std::size_t scheme = url.find("://"); scheme != std::string_view::npos) url = url.substr(scheme + 3);
  url = url.substr(0, url.find_first_of("/?#"));
  if (const std::size_t at = url.rfind('@'); at != std::string_view::npos) url = url.substr(at + 1);
  if (!url.empty() && url.front() == '[') return std::string(url.substr(1, url.find(']') - 1));
  return std::string(url.substr(0, url.find(':')));
}

// A password of `user` for a service the file names but no host: "admin@tomcat".
identity_fact service_password_fact(std::string kind, std::string provider, const std::string& user,
                                    const std::string& service, std::string_view value, const source_file& file,
                                    std::uint64_t line) {
  identity_fact f = make_fact(std::move(kind), std::move(provider), user.empty() ? service : user + "@" + service,
                              file, line);
  if (!user.empty()) f.attributes["username"] = user;
  f.attributes["value_source"] = value_source(value);
  if (f.attributes["value_source"] == "literal") f.attributes["fingerprint"] = fingerprint_of(std::string(value));
  return f;
}

// NuGet writes source names that are not XML names with _xHHHH_ escapes ("My Feed" -> My_x0020_Feed).
std::string nuget_element_name(std::string_view name) {
  std::string out;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name.substr(i, 2) == "_x" && i + 7 <= name.size() && name[i + 6] == '_') {
      unsigned code = 0;
      bool hex = true;
      for (std::size_t k = i + 2; k < i + 6 && hex; ++k) {
        const char c = name[k];
        code = code * 16 + static_cast<unsigned>(c >= '0' && c <= '9'   ? c - '0'
                                                 : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                                 : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                                        : (hex = false, 0));
      }
      if (hex && code < 0x80) {
        out += static_cast<char>(code);
        i += 6;
        continue;
      }
    }
    out += name[i];
  }
  return out;
}

}  // namespace

// Maven settings.xml: <servers><server><id>, <username>, <password> or the
// <passphrase> of <privateKey>. The id is the repository a pom's
// distributionManagement or repositories name; a value in braces is
// encrypted with the master password of settings-security.xml.
void analyze_maven_settings(const source_file& file, analysis_result& out) {
  const std::string content = without_xml_comments(file.content);
  for (std::size_t at = content.find("<server>"); at != std::string::npos; at = content.find("<server>", at + 1)) {
    const std::size_t end = content.find("</server>", at);
    if (end == std::string::npos) break;
    const std::string_view block = std::string_view(content).substr(at, end - at);
    const std::string id = xml_element_text(block, "id"), user = xml_element_text(block, "username");
    for (const char* setting : {"password", "passphrase"}) {
      const std::string value = xml_element_text(block, setting);
      if (value.empty()) continue;
      identity_fact f = service_password_fact("password", "maven", user, id.empty() ? "maven" : id, value, file,
                                              line_of_text(content, "<" + std::string(setting) + ">", at));
      if (const std::string from_id = provider_for_name(id); from_id != "generic") f.provider = from_id;
      f.attributes["server_id"] = id;
      f.attributes["setting"] = setting;
      if (value.size() > 2 && value.front() == '{' && value.back() == '}') f.attributes["encoding"] = "maven-encrypted";
      out.identities.push_back(std::move(f));
    }
  }
}

// NuGet.Config: <packageSources> maps a source name to its URL;
// <packageSourceCredentials> holds one element per source name with
// Username and ClearTextPassword (plain) or Password (DPAPI, one Windows user).
void analyze_nuget_config(const source_file& file, analysis_result& out) {
  const std::string content = without_xml_comments(file.content);
  const std::string_view c = content;
  std::map<std::string, std::string> urls;
  if (const std::size_t sources = c.find("<packageSources>"); sources != std::string_view::npos) {
    const std::string_view block = c.substr(sources, c.find("</packageSources>", sources) - sources);
    for (const auto& [offset, tag] : xml_start_tags(block, "add")) urls[xml_tag_attribute(tag, "key")] = xml_tag_attribute(tag, "value");
  }
  const std::size_t creds = c.find("<packageSourceCredentials>");
  if (creds == std::string_view::npos) return;
  const std::size_t creds_end = std::min(c.size(), c.find("</packageSourceCredentials>", creds));
  std::size_t at = creds + std::string_view("<packageSourceCredentials>").size();
  while (at < creds_end) {
    const std::size_t open = c.find('<', at);
    if (open == std::string_view::npos || open >= creds_end) break;
    const std::size_t gt = c.find('>', open);
    if (gt == std::string_view::npos) break;
    const std::string name(trim(c.substr(open + 1, gt - open - 1)));
    if (name.empty() || name[0] == '/' || name.back() == '/') { at = gt + 1; continue; }
    const std::size_t close = c.find("</" + name + ">", gt);
    if (close == std::string_view::npos || close > creds_end) break;
    const std::string_view block = c.substr(gt + 1, close - gt - 1);
    std::map<std::string, std::pair<std::string, std::size_t>> keys;
    for (const auto& [offset, tag] : xml_start_tags(block, "add"))
      keys[to_lower_ascii(xml_tag_attribute(tag, "key"))] = {xml_tag_attribute(tag, "value"), gt + 1 + offset};
    const std::string source = nuget_element_name(name);
    for (const char* setting : {"cleartextpassword", "password"}) {
      const auto it = keys.find(setting);
      if (it == keys.end()) continue;
      const std::string url = urls.count(source) ? urls[source] : std::string();
      const std::string user = keys.count("username") ? keys["username"].first : std::string();
      identity_fact f = client_password_fact("password", "nuget", user, url.empty() ? source : host_of_url(url),
                                             it->second.first, file, line_at(c, it->second.second));
      f.attributes["feed"] = source;
      if (!url.empty()) f.attributes["url"] = url;
      f.attributes["setting"] = std::string(setting) == "password" ? "Password" : "ClearTextPassword";
      if (std::string(setting) == "password") f.attributes["encoding"] = "dpapi";
      out.identities.push_back(std::move(f));
    }
    at = close + name.size() + 3;
  }
}

// Composer auth.json (or the "config" of composer.json): http-basic host ->
// {username, password}; github-oauth, gitlab-oauth and bearer host -> token;
// gitlab-token host -> token or {username, token}; bitbucket-oauth host ->
// {consumer-key, consumer-secret}.
void analyze_composer_auth(const source_file& file, analysis_result& out) {
  const json doc = parse_json(file.content);
  if (!doc.is_object()) return;
  const json* auth = &doc;
  if (const json* config = json_member(doc, "config"); config && config->is_object()) auth = config;
  const std::string_view c = file.content;
  const auto add = [&](const char* section, const std::string& host, const std::string& kind, const std::string& user,
                       const std::string& value, const char* setting) {
    if (value.empty()) return;
    // The value's line: its host's entry in its section, then the setting in an object entry.
    std::size_t at = c.find("\"" + std::string(section) + "\"");
    at = c.find("\"" + host + "\"", at == std::string_view::npos ? 0 : at);
    if (at == std::string_view::npos) at = 0;
    const std::size_t setting_at = c.find("\"" + std::string(setting) + "\"", at);
    const bool in_object = std::string_view(setting) != "token" || user.size() > 0;
    const std::uint64_t line = line_at(c, in_object && setting_at != std::string_view::npos ? setting_at : at);
    identity_fact f = client_password_fact(kind, "composer", user, host, value, file, line);
    f.attributes["auth_method"] = section;
    f.attributes["setting"] = setting;
    out.identities.push_back(std::move(f));
  };
  for (const char* section : {"http-basic", "github-oauth", "gitlab-oauth", "gitlab-token", "bitbucket-oauth", "bearer"}) {
    const json* entries = json_member(*auth, section);
    if (!entries || !entries->is_object()) continue;
    for (const auto& [host, entry] : entries->items()) {
      if (entry.is_string()) {
        add(section, host, "token", "", entry.get<std::string>(), "token");
      } else if (entry.is_object() && std::string_view(section) == "http-basic") {
        add(section, host, "password", json_text(entry, "username"), json_text(entry, "password"), "password");
      } else if (entry.is_object() && std::string_view(section) == "gitlab-token") {
        add(section, host, "token", json_text(entry, "username"), json_text(entry, "token"), "token");
      } else if (entry.is_object() && std::string_view(section) == "bitbucket-oauth") {
        add(section, host, "client_secret", json_text(entry, "consumer-key"), json_text(entry, "consumer-secret"),
            "consumer-secret");
      }
    }
  }
}

// The Terraform CLI configuration (.terraformrc, terraform.rc: credentials
// "HOST" { token = "..." }) and the file terraform login writes
// (credentials.tfrc.json: {"credentials": {"HOST": {"token": "..."}}}).
void analyze_terraform_cli_config(const source_file& file, analysis_result& out) {
  const auto add = [&](const std::string& host, const std::string& token, std::uint64_t line, const char* format) {
    identity_fact f = client_password_fact("token", "terraform", "", host, token, file, line);
    f.attributes["config_format"] = format;
    out.identities.push_back(std::move(f));
  };
  if (looks_like_json(file.content)) {
    const json doc = parse_json(file.content);
    const json* credentials = doc.is_object() ? json_member(doc, "credentials") : nullptr;
    if (!credentials || !credentials->is_object()) return;
    for (const auto& [host, entry] : credentials->items())
      if (entry.is_object())
        if (const std::string token = json_text(entry, "token"); !token.empty())
          add(host, token, line_of_text(file.content, "\"" + host + "\""), "credentials.tfrc.json");
    return;
  }
  for (const hcl_block& block : parse_hcl(file.content).blocks) {
    if (block.type != "credentials" || block.labels.empty()) continue;
    const hcl_attribute* token = block.body.attribute("token");
    if (!token || token->value.kind != hcl_value::type::string) continue;
    add(block.labels[0], token->value.templated ? "${" + token->value.text + "}" : token->value.text, token->line,
        "terraformrc");
  }
}

// Yarn (Berry) .yarnrc.yml: npmAuthToken / npmAuthIdent at the top level (for
// npmRegistryServer), under npmScopes.NAME (for that scope's registry) and
// under npmRegistries."URL".
void analyze_yarnrc(const source_file& file, analysis_result& out) {
  const auto add_from = [&](const YAML::Node& node, const std::string& registry, const std::string& scope) {
    for (const char* setting : {"npmAuthToken", "npmAuthIdent"}) {
      const YAML::Node value = yaml_child(node, setting);
      const std::string text = yaml_scalar(value);
      if (text.empty()) continue;
      const bool ident = std::string_view(setting) == "npmAuthIdent";
      std::string user;
      if (ident && text.find(':') != std::string::npos && text.find("${") == std::string::npos)
        user = text.substr(0, text.find(':'));
      const std::string host = host_of_url(registry);
      identity_fact f = client_password_fact(ident ? "password" : "token", "npm", user, host, text, file,
                                             yaml_line(value));
      if (ends_with(host, "pkg.github.com")) f.provider = "github";  // GitHub Packages, not npmjs
      f.attributes["setting"] = setting;
      f.attributes["registry"] = registry;
      if (!scope.empty()) f.attributes["scope"] = "@" + scope;
      out.identities.push_back(std::move(f));
    }
  };
  for (const YAML::Node& doc : load_yaml_documents(file.content)) {
    if (!yaml_is_map(doc)) continue;
    std::string top_registry = yaml_string(doc, "npmRegistryServer");
    if (top_registry.empty()) top_registry = "https://registry.yarnpkg.com";
    add_from(doc, top_registry, "");
    const YAML::Node scopes = yaml_child(doc, "npmScopes");
    if (yaml_is_map(scopes))
      for (auto it = scopes.begin(); it != scopes.end(); ++it) {
        const std::string registry = yaml_string(it->second, "npmRegistryServer");
        add_from(it->second, registry.empty() ? top_registry : registry, yaml_scalar(it->first));
      }
    const YAML::Node registries = yaml_child(doc, "npmRegistries");
    if (yaml_is_map(registries))
      for (auto it = registries.begin(); it != registries.end(); ++it) add_from(it->second, yaml_scalar(it->first), "");
  }
}

// Tomcat conf/tomcat-users.xml: <user username="..." password="..." roles="..."/>
// (Tomcat 6 and older wrote name= instead of username=).
void analyze_tomcat_users(const source_file& file, analysis_result& out) {
  const std::string content = without_xml_comments(file.content);
  for (const auto& [offset, tag] : xml_start_tags(content, "user")) {
    const std::string password = xml_tag_attribute(tag, "password");
    if (password.empty()) continue;
    std::string user = xml_tag_attribute(tag, "username");
    if (user.empty()) user = xml_tag_attribute(tag, "name");
    identity_fact f = service_password_fact("password", "tomcat", user, "tomcat", password, file,
                                            line_at(content, offset + tag.find("password")));
    if (const std::string roles = xml_tag_attribute(tag, "roles"); !roles.empty()) f.attributes["roles"] = roles;
    f.attributes["realm"] = "UserDatabaseRealm";
    out.identities.push_back(std::move(f));
  }
}

// Sublime Text SFTP's sftp-config.json: JSON with // comments and trailing
// commas, one "key": value per line as the package writes it.
void analyze_sublime_sftp(const source_file& file, analysis_result& out) {
  std::map<std::string, std::pair<std::string, std::uint64_t>> settings;
  std::uint64_t line_number = 0;
  for (const std::string& raw : split(file.content, '\n')) {
    ++line_number;
    const std::string line = trim(raw);
    if (line.size() < 4 || line[0] != '"') continue;  // comments start with //
    const std::size_t key_end = line.find('"', 1);
    const std::size_t colon = key_end == std::string::npos ? std::string::npos : line.find(':', key_end);
    if (colon == std::string::npos) continue;
    std::string value = trim(std::string_view(line).substr(colon + 1));
    if (!value.empty() && value.back() == ',') value.pop_back();
    settings[line.substr(1, key_end - 1)] = {trim_unquote(value), line_number};
  }
  const auto get = [&](const char* key) { auto it = settings.find(key); return it == settings.end() ? std::string() : it->second.first; };
  for (const char* setting : {"password", "ssh_key_file_password"}) {
    const auto it = settings.find(setting);
    if (it == settings.end() || it->second.first.empty()) continue;
    identity_fact f = client_password_fact("password", "sftp", get("user"), get("host"), it->second.first, file,
                                           it->second.second);
    f.attributes["setting"] = setting;
    if (!get("type").empty()) f.attributes["protocol"] = get("type");
    if (!get("port").empty()) f.attributes["port"] = get("port");
    if (!get("remote_path").empty()) f.attributes["remote_path"] = get("remote_path");
    out.identities.push_back(std::move(f));
  }
}

namespace {

// The variables of one Ansible host or group, with the lines of the passwords.
struct ansible_vars {
  std::map<std::string, std::pair<std::string, std::uint64_t>> values;
  std::string get(const char* key) const {
    auto it = values.find(key);
    return it == values.end() ? std::string() : it->second.first;
  }
};

const char* const kAnsiblePasswordVars[] = {
    "ansible_password", "ansible_ssh_pass", "ansible_pass", "ansible_become_password", "ansible_become_pass",
    "ansible_sudo_pass", "ansible_sudo_password", "ansible_winrm_password", "ansible_httpapi_pass",
    "ansible_httpapi_password"};

// One fact per password variable of a host (or of a group: `host` is then
// empty and `group` names it); the user is the host's, else its group's.
void ansible_facts(const ansible_vars& vars, const ansible_vars& inherited, const std::string& host,
                   const std::string& group, const source_file& file, analysis_result& out) {
  const auto get = [&](const char* key) {
    std::string v = vars.get(key);
    return v.empty() ? inherited.get(key) : v;
  };
  for (const char* setting : kAnsiblePasswordVars) {
    const auto it = vars.values.find(setting);
    if (it == vars.values.end() || it->second.first.empty()) continue;
    std::string user = get("ansible_user");
    if (user.empty()) user = get("ansible_ssh_user");
    // The inventory name names the machine; ansible_host, when set, is where Ansible reaches it.
    const std::string address = host.empty() ? get("ansible_host") : host;
    identity_fact f = address.empty()
                          ? service_password_fact("password", "ansible", user, "ansible group " + group,
                                                  it->second.first, file, it->second.second)
                          : client_password_fact("password", "ssh", user, address, it->second.first, file,
                                                 it->second.second);
    f.attributes["setting"] = setting;
    if (!host.empty()) f.attributes["inventory_host"] = host;
    if (const std::string reached = get("ansible_host"); !reached.empty()) f.attributes["address"] = reached;
    if (!group.empty()) f.attributes["group"] = group;
    if (const std::string connection = get("ansible_connection"); !connection.empty()) {
      f.attributes["connection"] = connection;
      if (connection == "winrm" && !address.empty()) f.provider = "winrm";
    }
    const std::string become = get("ansible_become_user");
    if (std::string_view(setting).find("become") != std::string_view::npos ||
        std::string_view(setting).find("sudo") != std::string_view::npos)
      f.attributes["become_user"] = become.empty() ? "root" : become;
    out.identities.push_back(std::move(f));
  }
}

ansible_vars yaml_vars(const YAML::Node& node) {
  ansible_vars v;
  if (!yaml_is_map(node)) return v;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string key = yaml_scalar(it->first);
    if (!starts_with(key, "ansible_")) continue;
    std::string value = yaml_scalar(it->second);
    if (it->second.Tag() == "!vault") value = "$ANSIBLE_VAULT";  // encrypted in place: not a literal
    v.values[key] = {value, yaml_line(it->second)};
  }
  return v;
}

// A YAML inventory group: hosts (name -> vars), vars, children (name -> group).
void ansible_yaml_group(const YAML::Node& node, const std::string& name, const ansible_vars& inherited,
                        const source_file& file, analysis_result& out, int depth) {
  if (!yaml_is_map(node) || depth > kMaxNesting) return;
  ansible_vars group_vars = yaml_vars(yaml_child(node, "vars"));
  ansible_facts(group_vars, inherited, "", name, file, out);
  for (const auto& [key, value] : inherited.values) group_vars.values.emplace(key, value);
  const YAML::Node hosts = yaml_child(node, "hosts");
  if (yaml_is_map(hosts))
    for (auto it = hosts.begin(); it != hosts.end(); ++it)
      ansible_facts(yaml_vars(it->second), group_vars, yaml_scalar(it->first), name, file, out);
  const YAML::Node children = yaml_child(node, "children");
  if (yaml_is_map(children))
    for (auto it = children.begin(); it != children.end(); ++it)
      ansible_yaml_group(it->second, yaml_scalar(it->first), group_vars, file, out, depth + 1);
}

}  // namespace

// Ansible INI inventories: "[group]" sections of "HOST key=value ..." lines,
// "[group:vars]" sections of "key=value" lines; "[group:children]" lists groups.
void analyze_ansible_ini_inventory(const source_file& file, analysis_result& out) {
  std::string section;
  bool vars_section = false, children_section = false;
  std::map<std::string, ansible_vars> group_vars;
  struct host_line { std::string host, group; ansible_vars vars; };
  std::vector<host_line> hosts;
  std::uint64_t line_number = 0;
  for (const std::string& raw : split(file.content, '\n')) {
    ++line_number;
    const std::string line = trim(raw);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (line.front() == '[') {
      section = line.substr(1, line.find(']') - 1);
      vars_section = ends_with(section, ":vars");
      children_section = ends_with(section, ":children");
      if (vars_section) section = section.substr(0, section.size() - 5);
      continue;
    }
    if (children_section) continue;
    const std::vector<std::string> words = words_of(line);
    if (words.empty()) continue;
    ansible_vars vars;
    for (std::size_t i = vars_section ? 0 : 1; i < words.size(); ++i) {
      if (!words[i].empty() && words[i][0] == '#') break;
      const std::size_t eq = words[i].find('=');
      if (eq == std::string::npos) continue;
      vars.values[words[i].substr(0, eq)] = {trim_unquote(words[i].substr(eq + 1)), line_number};
    }
    if (vars_section) {
      for (auto& [key, value] : vars.values) group_vars[section].values[key] = value;
    } else {
      hosts.push_back({words[0], section, std::move(vars)});
    }
  }
  for (const auto& [group, vars] : group_vars) ansible_facts(vars, ansible_vars{}, "", group, file, out);
  for (const host_line& h : hosts) {
    const auto g = group_vars.find(h.group);
    ansible_facts(h.vars, g == group_vars.end() ? ansible_vars{} : g->second, h.host, h.group, file, out);
  }
}

// Ansible YAML: an inventory (all: {hosts, vars, children}), or a host_vars /
// group_vars file whose name (or directory name) is the host or group.
void analyze_ansible_yaml(const source_file& file, analysis_result& out) {
  std::string normalized = file.path;
  std::replace(normalized.begin(), normalized.end(), '\\', '/');
  std::string owner;  // the host or group a *_vars file is for
  bool host_vars = false;
  for (const char* dir : {"host_vars/", "group_vars/"}) {
    const std::size_t at = normalized.rfind(dir);
    if (at == std::string::npos || (at > 0 && normalized[at - 1] != '/')) continue;
    owner = normalized.substr(at + std::string_view(dir).size());
    owner = owner.substr(0, owner.find('/'));
    for (const char* ext : {".yml", ".yaml", ".json"})
      if (ends_with(owner, ext)) owner = owner.substr(0, owner.size() - std::string_view(ext).size());
    host_vars = std::string_view(dir) == "host_vars/";
  }
  for (const YAML::Node& doc : load_yaml_documents(file.content)) {
    if (!yaml_is_map(doc)) continue;
    if (!owner.empty()) {
      ansible_facts(yaml_vars(doc), ansible_vars{}, host_vars ? owner : "", host_vars ? "" : owner, file, out);
      continue;
    }
    for (auto it = doc.begin(); it != doc.end(); ++it)
      ansible_yaml_group(it->second, yaml_scalar(it->first), ansible_vars{}, file, out, 0);
  }
}

// Postfix sasl_passwd (smtp_sasl_password_maps): "[relay]:port user:password"
// or "@domain user:password" per line.
void analyze_postfix_sasl_passwd(const source_file& file, analysis_result& out) {
  std::uint64_t line_number = 0;
  for (const std::string& raw : split(file.content, '\n')) {
    ++line_number;
    const std::vector<std::string> w = words_of(raw);
    if (w.size() < 2 || w[0][0] == '#') continue;
    const std::size_t colon = w[1].find(':');
    if (colon == std::string::npos) continue;
    std::string host = w[0], port;
    if (host.front() == '[') {
      const std::size_t close = host.find(']');
      if (close != std::string::npos && close + 1 < host.size() && host[close + 1] == ':') port = host.substr(close + 2);
      host = host.substr(1, close == std::string::npos ? std::string::npos : close - 1);
    } else if (const std::size_t c = host.rfind(':'); c != std::string::npos) {
      port = host.substr(c + 1);
      host = host.substr(0, c);
    }
    identity_fact f = client_password_fact("password", "smtp", w[1].substr(0, colon), host,
                                           std::string_view(w[1]).substr(colon + 1), file, line_number);
    f.attributes["relay"] = w[0];
    if (!port.empty()) f.attributes["port"] = port;
    out.identities.push_back(std::move(f));
  }
}

namespace {

void wifi_facts(const std::string& ssid, const std::string& psk, std::uint64_t psk_line, const std::string& identity,
                const std::string& password, std::uint64_t password_line, const std::string& key_mgmt,
                const source_file& file, analysis_result& out) {
  const std::string network = "wifi:" + (ssid.empty() ? std::string("(unnamed)") : ssid);
  if (!psk.empty()) {
    identity_fact f = service_password_fact("password", "wifi", "", network, psk, file, psk_line);
    f.attributes["ssid"] = ssid;
    f.attributes["setting"] = "psk";
    if (!key_mgmt.empty()) f.attributes["key_mgmt"] = key_mgmt;
    out.identities.push_back(std::move(f));
  }
  if (!password.empty()) {
    identity_fact f = service_password_fact("password", "wifi", identity, network, password, file, password_line);
    f.attributes["ssid"] = ssid;
    f.attributes["setting"] = "password";
    if (!key_mgmt.empty()) f.attributes["key_mgmt"] = key_mgmt;
    out.identities.push_back(std::move(f));
  }
}

}  // namespace

// wpa_supplicant.conf: network={ ssid="..." psk="..." | identity="..." password="..." }.
void analyze_wpa_supplicant(const source_file& file, analysis_result& out) {
  std::map<std::string, std::pair<std::string, std::uint64_t>> net;
  bool in_network = false;
  const auto flush = [&]() {
    const auto get = [&](const char* k) { auto it = net.find(k); return it == net.end() ? std::pair<std::string, std::uint64_t>{} : it->second; };
    wifi_facts(get("ssid").first, get("psk").first, get("psk").second, get("identity").first, get("password").first,
               get("password").second, get("key_mgmt").first, file, out);
    net.clear();
  };
  std::uint64_t line_number = 0;
  for (const std::string& raw : split(file.content, '\n')) {
    ++line_number;
    const std::string line = trim(raw);
    if (line.empty() || line[0] == '#') continue;
    if (starts_with(line, "network") && line.find('{') != std::string::npos) { in_network = true; continue; }
    if (in_network && line[0] == '}') { flush(); in_network = false; continue; }
    const std::size_t eq = line.find('=');
    if (!in_network || eq == std::string::npos) continue;
    net[trim(std::string_view(line).substr(0, eq))] = {trim_unquote(line.substr(eq + 1)), line_number};
  }
}

// NetworkManager keyfiles (*.nmconnection): [connection] id, [wifi] ssid,
// [wifi-security] psk, [802-1x] identity and password.
void analyze_nmconnection(const source_file& file, analysis_result& out) {
  std::map<std::string, std::pair<std::string, std::uint64_t>> values;  // "section.key"
  std::string section;
  std::uint64_t line_number = 0;
  for (const std::string& raw : split(file.content, '\n')) {
    ++line_number;
    const std::string line = trim(raw);
    if (line.empty() || line[0] == '#') continue;
    if (line[0] == '[') { section = line.substr(1, line.find(']') - 1); continue; }
    const std::size_t eq = line.find('=');
    if (eq != std::string::npos) values[section + "." + trim(std::string_view(line).substr(0, eq))] = {line.substr(eq + 1), line_number};
  }
  const auto get = [&](const char* k) { auto it = values.find(k); return it == values.end() ? std::pair<std::string, std::uint64_t>{} : it->second; };
  std::string ssid = get("wifi.ssid").first;
  if (ssid.empty()) ssid = get("802-11-wireless.ssid").first;
  if (ssid.empty()) ssid = get("connection.id").first;
  auto psk = get("wifi-security.psk");
  if (psk.first.empty()) psk = get("802-11-wireless-security.psk");
  wifi_facts(ssid, psk.first, psk.second, get("802-1x.identity").first, get("802-1x.password").first,
             get("802-1x.password").second, get("wifi-security.key-mgmt").first, file, out);
}

// PgBouncer auth_file (userlist.txt): "user" "password" per line; the
// password is plain, "md5..." or a SCRAM verifier (both log in through it).
void analyze_pgbouncer_userlist(const source_file& file, analysis_result& out) {
  std::uint64_t line_number = 0;
  for (const std::string& raw : split(file.content, '\n')) {
    ++line_number;
    const std::vector<std::string> w = words_of(raw);
    if (w.size() < 2 || raw.find('"') == std::string::npos || w[0].empty() || w[0][0] == ';' || w[1].empty()) continue;
    identity_fact f = service_password_fact("password", "postgres", w[0], "pgbouncer", w[1], file, line_number);
    f.attributes["encoding"] = starts_with(w[1], "md5") && w[1].size() == 35 ? "md5"
                               : starts_with(w[1], "SCRAM-SHA-256$")      ? "scram-sha-256"
                                                                          : "plain";
    out.identities.push_back(std::move(f));
  }
}

// /etc/fstab: "//server/share mountpoint cifs options dump pass"; the options
// give username= (user=), password= (pass=), domain= or a credentials= file.
void analyze_fstab(const source_file& file, analysis_result& out) {
  std::uint64_t line_number = 0;
  for (const std::string& raw : split(file.content, '\n')) {
    ++line_number;
    const std::vector<std::string> w = words_of(raw);
    if (w.size() < 4 || w[0][0] == '#' || !(w[2] == "cifs" || w[2] == "smb3" || w[2] == "smbfs")) continue;
    std::map<std::string, std::string> options;
    for (const std::string& option : split(w[3], ',')) {
      const std::size_t eq = option.find('=');
      if (eq != std::string::npos) options[option.substr(0, eq)] = option.substr(eq + 1);
    }
    std::string user = options.count("username") ? options["username"] : options["user"];
    std::string password = options.count("password") ? options["password"] : options["pass"];
    const bool from_file = password.empty() && options.count("credentials");
    if (password.empty() && !from_file) continue;
    if (user.find('%') != std::string::npos && password.empty()) password = user.substr(user.find('%') + 1);
    user = user.substr(0, user.find('%'));  // user%password is also accepted
    std::string server = w[0];
    while (!server.empty() && server.front() == '/') server.erase(0, 1);
    server = server.substr(0, server.find('/'));
    identity_fact f = client_password_fact("password", "smb", user, server,
                                           from_file ? "file:" + options["credentials"] : password, file, line_number);
    f.attributes["share"] = w[0];
    f.attributes["mount_point"] = w[1];
    if (options.count("domain")) f.attributes["domain"] = options["domain"];
    if (from_file) f.attributes["credentials_file"] = options["credentials"];
    out.identities.push_back(std::move(f));
  }
}

}  // namespace nhi::detail
