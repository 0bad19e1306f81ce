// SPDX-License-Identifier: Apache-2.0
// analyze_file: chooses the analyzer from the file's name (and, for generic
// extensions such as .yaml and .json, from a cheap look at its content), runs
// it, and turns a failure into a status naming the file and line.
#include <algorithm>

#include "analyze/analyzers.hpp"
#include "analyze/binary_stores.hpp"
#include "analyze/entry.hpp"
#include "analyze/jenkins.hpp"
#include "util/text.hpp"

namespace nhi::detail {
namespace {

enum class file_format {
  unrecognised, kubernetes, terraform, tfvars, tfstate, github_workflow, gitlab_ci, compose,
  dockerfile, dotenv, helm_values, kubeconfig, npmrc, pypirc, docker_config, aws_credentials,
  pgpass, mysql_options, msmtprc, netrc, git_credentials, rclone, s3cfg,
  muttrc, fetchmailrc, vscode_sftp, winscp_ini, filezilla, dbeaver_data_sources, dbeaver_credentials,
  rails_master_key, jenkins_credentials, jenkins_casc,
  maven_settings, nuget_config, composer_auth, terraform_cli, yarnrc, tomcat_users, sublime_sftp,
  ansible_ini, ansible_yaml, postfix_sasl, wpa_supplicant, nmconnection, pgbouncer_userlist, fstab,
  mremoteng_xml, mremoteng_csv, heidisql_settings, registry_export, remmina,
  unattend, gpp, rdp, machine_key, vnc,
  jetty_realm, wildfly_users, squirrel_aliases, robo3t, dbvis,
  cisco_config, junos_config,
  mikrotik_export, fortios_config, vyos_config,
  aruba_switch_config, vrp_config, panos_config,
  web_app_settings, web_app_settings_2,
  ppp_secrets, ipsec_secrets, smbpasswd, slapd_conf, slapd_ldif, ldap_client_conf, ldap_secret, sssd_conf, hostapd,
  jupyter_config, hashicorp_agent, openvpn,
  svn_auth, pidgin_accounts, navicat_ncx, mobaxterm_ini, securecrt_session,
  cloud_export,
};

struct path_parts {
  std::string normalized;  // forward slashes
  std::string base;        // lowercase file name
  std::string parent;      // lowercase name of the containing directory
};

path_parts split_path(std::string_view path) {
  path_parts p;
  p.normalized = std::string(path);
  std::replace(p.normalized.begin(), p.normalized.end(), '\\', '/');
  const std::size_t slash = p.normalized.rfind('/');
  p.base = to_lower_ascii(slash == std::string::npos ? p.normalized : p.normalized.substr(slash + 1));
  if (slash != std::string::npos && slash > 0) {
    const std::size_t before = p.normalized.rfind('/', slash - 1);
    p.parent = to_lower_ascii(p.normalized.substr(before == std::string::npos ? 0 : before + 1,
                                                  slash - (before == std::string::npos ? 0 : before + 1)));
  }
  return p;
}

bool is_dbeaver_credentials(const path_parts& p) { return p.base == "credentials-config.json" && p.parent == ".dbeaver"; }

bool is_yaml_name(const std::string& base) { return ends_with(base, ".yaml") || ends_with(base, ".yml"); }

// A line starting at column 0 with `prefix` (a top-level YAML key).
bool has_top_level_key(std::string_view content, std::string_view prefix) {
  for (std::size_t pos = content.find(prefix); pos != std::string_view::npos; pos = content.find(prefix, pos + 1))
    if (pos == 0 || content[pos - 1] == '\n') return true;
  return false;
}

// Templates, samples and examples describe settings; they hold no identities.
bool is_sample(const std::string& base) {
  for (const char* suffix : {".example", ".sample", ".template", ".dist", ".tmpl", ".tpl"})
    if (ends_with(base, suffix)) return true;
  return false;
}

file_format format_from_name(const path_parts& p) {
  const std::string& b = p.base;
  if (ends_with(b, ".tfstate") || ends_with(b, ".tfstate.backup")) return file_format::tfstate;
  if (ends_with(b, ".tf")) return file_format::terraform;
  if (ends_with(b, ".tfvars")) return file_format::tfvars;
  if (is_yaml_name(b) && (p.parent == "workflows") &&
      (p.normalized.find(".github/workflows/") != std::string::npos))
    return file_format::github_workflow;
  if (b == ".gitlab-ci.yml" || ends_with(b, ".gitlab-ci.yml")) return file_format::gitlab_ci;
  if (is_yaml_name(b) && (starts_with(b, "docker-compose") || b == "compose.yaml" || b == "compose.yml" ||
                          starts_with(b, "compose.")))
    return file_format::compose;
  if (b == "dockerfile" || starts_with(b, "dockerfile.") || ends_with(b, ".dockerfile") || b == "containerfile")
    return file_format::dockerfile;
  if (b == ".npmrc") return file_format::npmrc;
  if (b == ".pypirc") return file_format::pypirc;
  if (b == ".pgpass" || b == "pgpass.conf") return file_format::pgpass;
  if (b == ".my.cnf" || b == "my.cnf" || b == "my.ini") return file_format::mysql_options;
  if (b == ".msmtprc" || b == "msmtprc") return file_format::msmtprc;
  if (b == ".netrc" || b == "_netrc") return file_format::netrc;
  if (b == ".git-credentials" || (b == "credentials" && p.parent == "git")) return file_format::git_credentials;
  if (b == "rclone.conf") return file_format::rclone;
  if (b == ".muttrc" || (b == "muttrc" && (p.parent == ".mutt" || p.parent == "mutt"))) return file_format::muttrc;
  if (b == ".fetchmailrc" || b == "fetchmailrc") return file_format::fetchmailrc;
  if (b == "sftp.json" && p.parent == ".vscode") return file_format::vscode_sftp;
  if (b == "winscp.ini") return file_format::winscp_ini;
  if (b == "confcons.xml") return file_format::mremoteng_xml;
  if (b == "portable_settings.txt") return file_format::heidisql_settings;
  if (ends_with(b, ".reg")) return file_format::registry_export;
  if (ends_with(b, ".remmina")) return file_format::remmina;
  if (b == "autounattend.xml" || b == "unattend.xml" || b == "sysprep.xml") return file_format::unattend;
  if (ends_with(b, ".rdp")) return file_format::rdp;
  if (ends_with(b, ".vnc") || b == "ultravnc.ini") return file_format::vnc;
  if (b == "sitemanager.xml" || b == "recentservers.xml") return file_format::filezilla;
  if (b == "data-sources.json" || (starts_with(b, "data-sources-") && ends_with(b, ".json")))
    return file_format::dbeaver_data_sources;
  if (is_dbeaver_credentials(p)) return file_format::dbeaver_credentials;
  if ((b == "master.key" && p.parent == "config") ||
      (ends_with(b, ".key") && p.parent == "credentials" && p.normalized.find("config/credentials/") != std::string::npos))
    return file_format::rails_master_key;
  if (b == "nuget.config") return file_format::nuget_config;
  if (b == ".terraformrc" || b == "terraform.rc" || b == "credentials.tfrc.json") return file_format::terraform_cli;
  if (b == ".yarnrc.yml" || b == ".yarnrc.yaml") return file_format::yarnrc;
  if (b == "tomcat-users.xml") return file_format::tomcat_users;
  if (ends_with(b, "realm.properties")) return file_format::jetty_realm;
  if (b == "mgmt-users.properties" || b == "application-users.properties") return file_format::wildfly_users;
  if (b == "sqlaliases23.xml") return file_format::squirrel_aliases;
  if (b == "robo3t.json" || b == "robomongo.json") return file_format::robo3t;
  if (b == "dbvis.xml") return file_format::dbvis;
  if (p.parent == "svn.simple" && b.size() == 32 && all_hex(b)) return file_format::svn_auth;
  if (b == "accounts.xml" && p.parent == ".purple") return file_format::pidgin_accounts;
  if (ends_with(b, ".ncx")) return file_format::navicat_ncx;
  if (b == "mobaxterm.ini") return file_format::mobaxterm_ini;
  if (b == "sftp-config.json" || (starts_with(b, "sftp-config-alt") && ends_with(b, ".json")))
    return file_format::sublime_sftp;
  if (b == "sasl_passwd" || (b == "sasl_password" && p.parent == "postfix")) return file_format::postfix_sasl;
  if (ends_with(b, ".nmconnection")) return file_format::nmconnection;
  if (b == "fstab") return file_format::fstab;
  if (b == "userlist.txt") return file_format::pgbouncer_userlist;
  if (b == ".s3cfg") return file_format::s3cfg;
  if ((b == "config.json" && p.parent == ".docker") || b == ".dockercfg") return file_format::docker_config;
  if ((b == "credentials" || b == "config") && p.parent == ".aws") return file_format::aws_credentials;
  if (b == "kubeconfig" || ends_with(b, ".kubeconfig") || (b == "config" && p.parent == ".kube"))
    return file_format::kubeconfig;
  if (b == "chap-secrets" || b == "pap-secrets") return file_format::ppp_secrets;
  // ipsec.secrets and swanctl.conf's secrets section (analyze_ipsec_secrets reads both).
  if (b == "ipsec.secrets" || (ends_with(b, ".secrets") && p.parent == "ipsec.d") || b == "swanctl.conf")
    return file_format::ipsec_secrets;
  if (b == "smbpasswd") return file_format::smbpasswd;
  if (b == "slapd.conf") return file_format::slapd_conf;
  if (b == "nslcd.conf" || b == "pam_ldap.conf" || b == "libnss-ldap.conf") return file_format::ldap_client_conf;
  if (b == "ldap.secret" || b == "libnss-ldap.secret" || b == "pam_ldap.secret") return file_format::ldap_secret;
  if (b == "sssd.conf") return file_format::sssd_conf;
  if (b == "hostapd.conf" || (starts_with(b, "hostapd") && ends_with(b, ".conf") && p.parent == "hostapd"))
    return file_format::hostapd;
  for (const char* jupyter : {"jupyter_notebook_config", "jupyter_server_config"})
    if (b == std::string(jupyter) + ".py" || b == std::string(jupyter) + ".json") return file_format::jupyter_config;
  if ((ends_with(b, ".hcl") || ends_with(b, ".json")) &&
      (p.parent == "consul.d" || p.parent == "nomad.d" || b == "consul.hcl" || b == "consul.json" ||
       b == "nomad.hcl" || b == "nomad.json"))
    return file_format::hashicorp_agent;
  if (ends_with(b, ".ovpn")) return file_format::openvpn;
  if (is_sample(b)) return file_format::unrecognised;
  if (b == ".env" || starts_with(b, ".env.") || ends_with(b, ".env") || b == ".envrc") return file_format::dotenv;
  if (is_yaml_name(b) && (b == "values.yaml" || b == "values.yml" || starts_with(b, "values-") ||
                          starts_with(b, "values.") || starts_with(b, "values_")))
    return file_format::helm_values;
  return file_format::unrecognised;
}

// Ansible variables: host_vars/HOST(.yml) or group_vars/GROUP(.yml), also
// as a directory of files (host_vars/HOST/vars.yml).
bool is_ansible_vars_path(const path_parts& p) {
  for (const char* dir : {"host_vars/", "group_vars/"}) {
    const std::size_t at = p.normalized.rfind(dir);
    if (at != std::string::npos && (at == 0 || p.normalized[at - 1] == '/')) return true;
  }
  return false;
}

// An Ansible INI inventory: hosts, inventory, *.ini under an inventory directory.
bool is_ansible_inventory_name(const path_parts& p) {
  const std::string& b = p.base;
  if (b == "hosts" || b == "inventory" || b == "hosts.ini" || b == "inventory.ini") return true;
  return (ends_with(b, ".ini") || ends_with(b, ".yml") || ends_with(b, ".yaml") || b.find('.') == std::string::npos) &&
         (p.parent == "inventory" || p.parent == "inventories" ||
          p.normalized.find("/inventories/") != std::string::npos || starts_with(p.normalized, "inventories/") ||
          starts_with(p.normalized, "inventory/") || p.normalized.find("/inventory/") != std::string::npos);
}

// A name a device configuration may have: anything but source code, markup,
// structured data and templates (a configuration's extension, when it has
// one, is whatever the backup tool chose: .cfg, .conf, .txt, a domain name).
bool may_be_device_config(const path_parts& p) {
  const std::size_t dot = p.base.rfind('.');
  if (dot == std::string::npos) return true;
  const std::string ext = p.base.substr(dot + 1);
  for (const char* other : {"md", "markdown", "rst", "adoc", "html", "htm", "xml", "json", "yaml", "yml", "toml", "py",
                            "rb", "go", "rs", "java", "kt", "js", "ts", "c", "h", "cc", "cpp", "hpp", "cs", "php", "pl",
                            "pm", "sh", "bash", "ps1", "j2", "jinja", "jinja2", "tmpl", "tpl", "template", "tf", "sql",
                            "csv", "ipynb", "lock", "svg", "tex", "example", "sample", "dist", "erb", "mustache",
                            "hbs"})
    if (ext == other) return false;
  return true;
}

file_format format_from_content(const path_parts& p, std::string_view content) {
  if (looks_like_web_app_settings(p.normalized, content)) return file_format::web_app_settings;
  if (looks_like_web_app_settings_2(p.normalized, content)) return file_format::web_app_settings_2;
  if (p.base == "credentials" && content.find("aws_access_key_id") != std::string_view::npos)
    return file_format::aws_credentials;
  if (content.find("ansible_") != std::string_view::npos) {
    if (is_ansible_vars_path(p)) return file_format::ansible_yaml;
    if (is_ansible_inventory_name(p)) {
      const bool yaml = is_yaml_name(p.base) || has_top_level_key(content, "all:");
      return yaml ? file_format::ansible_yaml : file_format::ansible_ini;
    }
  }
  if (p.base == "settings.xml" && content.find("<servers>") != std::string_view::npos) return file_format::maven_settings;
  if ((p.base == "auth.json" || p.base == "composer.json") && looks_like_json(content)) {
    for (const char* key : {"\"http-basic\"", "\"github-oauth\"", "\"gitlab-token\"", "\"gitlab-oauth\"",
                            "\"bitbucket-oauth\"", "\"bearer\""})
      if (content.find(key) != std::string_view::npos) return file_format::composer_auth;
  }
  if (starts_with(p.base, "wpa_supplicant") && content.find("network=") != std::string_view::npos)
    return file_format::wpa_supplicant;
  if (is_yaml_name(p.base)) {
    if (has_top_level_key(content, "kind: Config") && has_top_level_key(content, "users:")) return file_format::kubeconfig;
    // Helm templates are Go templates that only become YAML when rendered.
    if (p.normalized.find("/templates/") != std::string::npos && content.find("{{") != std::string_view::npos)
      return file_format::unrecognised;
    if (has_top_level_key(content, "apiVersion:") && has_top_level_key(content, "kind:")) return file_format::kubernetes;
    // Jenkins Configuration as Code (jenkins.yaml, casc.yaml, or any name
    // CASC_JENKINS_CONFIG points at) with a system credential store.
    if (looks_like_jenkins_casc(content)) return file_format::jenkins_casc;
    return file_format::unrecognised;
  }
  if (ends_with(p.base, ".json") && looks_like_json(content)) {
    if (content.find("\"auths\"") != std::string_view::npos && content.find("\"apiVersion\"") == std::string_view::npos)
      return file_format::docker_config;
    // Manifests in JSON are manifests: committed, not exported from a cluster.
    if (content.find("\"apiVersion\"") != std::string_view::npos && content.find("\"kind\"") != std::string_view::npos)
      return file_format::kubernetes;
    for (const char* marker : {"\"private_key_id\"", "\"AccessKeyMetadata\"", "\"UserDetailList\"", "\"RoleDetailList\"",
                               "\"passwordCredentials\"", "\"servicePrincipalType\"",
                               "\"validAfterTime\"", "\"uniqueId\"", "\"ReportFormat\""})
      if (content.find(marker) != std::string_view::npos) return file_format::cloud_export;
    return file_format::unrecognised;
  }
  if (ends_with(p.base, ".csv") && starts_with(content, "user,arn,user_creation_time")) return file_format::cloud_export;
  // mRemoteNG's connections exported as XML under another name, or as CSV
  // (its header names the Password column only when passwords were exported).
  if (ends_with(p.base, ".xml") && (content.find("<mrng:Connections") != std::string_view::npos ||
                                    (content.find("<Connections") != std::string_view::npos &&
                                     content.find("ConfVersion=") != std::string_view::npos)))
    return file_format::mremoteng_xml;
  if (ends_with(p.base, ".csv")) {
    const std::string_view header = content.substr(0, content.find('\n'));
    if (header.find("Name;") != std::string_view::npos && header.find(";Password;") != std::string_view::npos &&
        header.find(";Hostname;") != std::string_view::npos)
      return file_format::mremoteng_csv;
  }
  // Subversion auth files copied out of svn.simple (the name is the realm's MD5).
  if (p.base.size() == 32 && all_hex(p.base) && starts_with(content, "K 8\n") &&
      content.find("\nsvn:realmstring\n") != std::string_view::npos)
    return file_format::svn_auth;
  // Pidgin's accounts.xml and Navicat's exports under other names.
  if (ends_with(p.base, ".xml") && content.find("<account version=") != std::string_view::npos &&
      content.find("<protocol>prpl-") != std::string_view::npos)
    return file_format::pidgin_accounts;
  if (ends_with(p.base, ".xml") && content.find("<Connections Ver=") != std::string_view::npos &&
      content.find("ConnectionName=") != std::string_view::npos)
    return file_format::navicat_ncx;
  // MobaXterm's settings under another name (a copy, a portable install's renamed file).
  if (ends_with(p.base, ".ini") && content.find("\n[Passwords]") != std::string_view::npos &&
      content.find("[Bookmarks") != std::string_view::npos)
    return file_format::mobaxterm_ini;
  // SecureCRT sessions (Config/Sessions/NAME.ini, or copied anywhere).
  if (ends_with(p.base, ".ini") && content.find("S:\"Hostname\"=") != std::string_view::npos &&
      content.find("S:\"Password") != std::string_view::npos)
    return file_format::securecrt_session;
  // A properties realm of WildFly under another name (add-user.sh -up FILE).
  if (ends_with(p.base, "-users.properties") && content.find("#$REALM_NAME=") != std::string_view::npos)
    return file_format::wildfly_users;
  if (ends_with(p.base, ".xml") && content.find("squirrel_sql.client.gui.db.SQLAlias\"") != std::string_view::npos)
    return file_format::squirrel_aliases;
  // HeidiSQL settings exported under another name.
  if (ends_with(p.base, ".txt") && content.find("<|||>") != std::string_view::npos &&
      (starts_with(content, "Servers\\") || content.find("\nServers\\") != std::string_view::npos))
    return file_format::heidisql_settings;
  // Windows answer files under other names (a Packer or MDT template's
  // answer_files/2019/Autounattend.xml is named so; Unattend-Win11.xml is not).
  if (ends_with(p.base, ".xml") && (content.find("urn:schemas-microsoft-com:unattend") != std::string_view::npos ||
                                    content.find(std::string_view("u\0r\0n\0:\0s\0c\0h\0e\0m\0a\0s\0-\0m\0i\0c\0r\0o\0"
                                                                  "s\0o\0f\0t\0-\0c\0o\0m\0:\0u\0n\0a\0t\0t\0e\0n\0d\0",
                                                                  68)) != std::string_view::npos))  // UTF-16LE
    return file_format::unattend;
  // Group Policy Preferences items: their names, or any XML of their roots with a cpassword.
  if (ends_with(p.base, ".xml") && content.find("cpassword=") != std::string_view::npos) {
    for (const char* name : {"groups.xml", "services.xml", "scheduledtasks.xml", "datasources.xml", "drives.xml",
                             "printers.xml"})
      if (p.base == name) return file_format::gpp;
    if (content.find("clsid=\"{") != std::string_view::npos) return file_format::gpp;
  }
  // ASP.NET configuration with a machineKey (web.config, web.Release.config, machine.config).
  if (ends_with(p.base, ".config") && content.find("<machineKey") != std::string_view::npos)
    return file_format::machine_key;
  // Jenkins' credentials.xml, a folder's config.xml with its own store, an
  // import file for create-credentials-by-xml: any XML naming a credential class.
  if (ends_with(p.base, ".xml") && looks_like_jenkins_credentials(content)) return file_format::jenkins_credentials;
  // Palo Alto PAN-OS: running-config.xml, a firewall's backup (`fw1.xml`), a Panorama export.
  if ((ends_with(p.base, ".xml") || may_be_device_config(p)) && looks_like_panos_config(content))
    return file_format::panos_config;
  // Network device configurations: device backups (running-config,
  // startup-config, R1-confg, core-sw1.cfg, RANCID's and Oxidized's files named
  // after the device), lab and automation repositories' configs. Source code,
  // markup and templates that quote one are not configurations.
  if (may_be_device_config(p)) {
    if (looks_like_vyos_config(content)) return file_format::vyos_config;  // before Junos: the same curly syntax
    if (looks_like_junos_config(content)) return file_format::junos_config;
    // before Cisco: a `hostname` with `snmp-server` and `vlan` lines, as IOS writes them
    if (looks_like_aruba_switch_config(content)) return file_format::aruba_switch_config;
    if (looks_like_vrp_config(content)) return file_format::vrp_config;
    if (looks_like_cisco_config(content)) return file_format::cisco_config;
    if (looks_like_fortios_config(content)) return file_format::fortios_config;
    if (looks_like_mikrotik_export(content)) return file_format::mikrotik_export;
  }
  // cn=config LDIF with a database's root password (slapcat -n0, olcDatabase={1}mdb.ldif, ldapmodify input).
  if (ends_with(p.base, ".ldif") && content.find("olcRootPW:") != std::string_view::npos) return file_format::slapd_ldif;
  // nss_ldap's /etc/ldap.conf (OpenLDAP's client ldap.conf has no bindpw).
  if (p.base == "ldap.conf" && content.find("bindpw") != std::string_view::npos) return file_format::ldap_client_conf;
  // OpenVPN configs and static key files of any name (server.conf, client.conf, ta.key, static.key).
  // Documentation and source code that quote one are not configurations.
  if (may_be_device_config(p) && (content.find("-----BEGIN OpenVPN Static key V1-----") != std::string_view::npos ||
                                  content.find("<auth-user-pass>") != std::string_view::npos))
    return file_format::openvpn;
  // MySQL option files under other names (conf.d/client.cnf, backup.cnf).
  if (ends_with(p.base, ".cnf") && (content.find("[client") != std::string_view::npos ||
                                    content.find("[mysql") != std::string_view::npos) &&
      content.find("password") != std::string_view::npos)
    return file_format::mysql_options;
  return file_format::unrecognised;
}

void run_analyzer(file_format format, const source_file& file, analysis_result& out) {
  switch (format) {
    case file_format::kubernetes: analyze_kubernetes(file, k8s_origin::manifest, out); return;
    case file_format::terraform: analyze_terraform_config(file, out); return;
    case file_format::tfvars: analyze_tfvars(file, out); return;
    case file_format::tfstate: analyze_tfstate(file, out); return;
    case file_format::github_workflow: analyze_github_workflow(file, out); return;
    case file_format::gitlab_ci: analyze_gitlab_ci(file, out); return;
    case file_format::compose: analyze_compose(file, out); return;
    case file_format::dockerfile: analyze_dockerfile(file, out); return;
    case file_format::dotenv: analyze_dotenv(file, out); return;
    case file_format::helm_values: analyze_helm_values(file, out); return;
    case file_format::kubeconfig: analyze_kubeconfig(file, out); return;
    case file_format::npmrc: analyze_npmrc(file, out); return;
    case file_format::pypirc: analyze_pypirc(file, out); return;
    case file_format::docker_config: analyze_docker_config(file, out); return;
    case file_format::aws_credentials: analyze_aws_credentials_file(file, out); return;
    case file_format::pgpass: analyze_pgpass(file, out); return;
    case file_format::mysql_options: analyze_mysql_options(file, out); return;
    case file_format::msmtprc: analyze_msmtprc(file, out); return;
    case file_format::netrc: analyze_netrc(file, out); return;
    case file_format::git_credentials: analyze_git_credentials(file, out); return;
    case file_format::rclone: analyze_rclone(file, out); return;
    case file_format::s3cfg: analyze_s3cfg(file, out); return;
    case file_format::muttrc: analyze_muttrc(file, out); return;
    case file_format::fetchmailrc: analyze_fetchmailrc(file, out); return;
    case file_format::vscode_sftp: analyze_vscode_sftp(file, out); return;
    case file_format::winscp_ini: analyze_winscp_ini(file, out); return;
    case file_format::filezilla: analyze_filezilla(file, out); return;
    case file_format::dbeaver_data_sources: analyze_dbeaver_data_sources(file, out); return;
    case file_format::dbeaver_credentials: analyze_dbeaver_credentials(file, out); return;
    case file_format::rails_master_key: analyze_rails_master_key(file, out); return;
    case file_format::jenkins_credentials: analyze_jenkins_credentials(file, out); return;
    case file_format::jenkins_casc: analyze_jenkins_casc(file, out); return;
    case file_format::maven_settings: analyze_maven_settings(file, out); return;
    case file_format::nuget_config: analyze_nuget_config(file, out); return;
    case file_format::composer_auth: analyze_composer_auth(file, out); return;
    case file_format::terraform_cli: analyze_terraform_cli_config(file, out); return;
    case file_format::yarnrc: analyze_yarnrc(file, out); return;
    case file_format::tomcat_users: analyze_tomcat_users(file, out); return;
    case file_format::sublime_sftp: analyze_sublime_sftp(file, out); return;
    case file_format::ansible_ini: analyze_ansible_ini_inventory(file, out); return;
    case file_format::ansible_yaml: analyze_ansible_yaml(file, out); return;
    case file_format::postfix_sasl: analyze_postfix_sasl_passwd(file, out); return;
    case file_format::wpa_supplicant: analyze_wpa_supplicant(file, out); return;
    case file_format::nmconnection: analyze_nmconnection(file, out); return;
    case file_format::pgbouncer_userlist: analyze_pgbouncer_userlist(file, out); return;
    case file_format::fstab: analyze_fstab(file, out); return;
    case file_format::mremoteng_xml: analyze_mremoteng_xml(file, out); return;
    case file_format::mremoteng_csv: analyze_mremoteng_csv(file, out); return;
    case file_format::heidisql_settings: analyze_heidisql_settings(file, out); return;
    case file_format::registry_export:
      analyze_registry_export(file, out);
      analyze_vnc_registry(file, out);
      return;
    case file_format::remmina: analyze_remmina(file, out); return;
    case file_format::unattend: analyze_unattend(file, out); return;
    case file_format::gpp: analyze_gpp(file, out); return;
    case file_format::rdp: analyze_rdp(file, out); return;
    case file_format::machine_key: analyze_machine_key(file, out); return;
    case file_format::vnc: analyze_vnc_file(file, out); return;
    case file_format::jetty_realm: analyze_jetty_realm(file, out); return;
    case file_format::wildfly_users: analyze_wildfly_users(file, out); return;
    case file_format::squirrel_aliases: analyze_squirrel_aliases(file, out); return;
    case file_format::robo3t: analyze_robo3t(file, out); return;
    case file_format::dbvis: analyze_dbvis(file, out); return;
    case file_format::cisco_config: analyze_cisco_config(file, out); return;
    case file_format::junos_config: analyze_junos_config(file, out); return;
    case file_format::mikrotik_export: analyze_mikrotik_export(file, out); return;
    case file_format::fortios_config: analyze_fortios_config(file, out); return;
    case file_format::vyos_config: analyze_vyos_config(file, out); return;
    case file_format::aruba_switch_config: analyze_aruba_switch_config(file, out); return;
    case file_format::vrp_config: analyze_vrp_config(file, out); return;
    case file_format::panos_config: analyze_panos_config(file, out); return;
    case file_format::web_app_settings: analyze_web_app_settings(file, out); return;
    case file_format::web_app_settings_2: analyze_web_app_settings_2(file, out); return;
    case file_format::ppp_secrets: analyze_ppp_secrets(file, out); return;
    case file_format::ipsec_secrets: analyze_ipsec_secrets(file, out); return;
    case file_format::smbpasswd: analyze_smbpasswd(file, out); return;
    case file_format::slapd_conf: analyze_slapd_conf(file, out); return;
    case file_format::slapd_ldif: analyze_slapd_ldif(file, out); return;
    case file_format::ldap_client_conf: analyze_ldap_client_conf(file, out); return;
    case file_format::ldap_secret: analyze_ldap_secret_file(file, out); return;
    case file_format::sssd_conf: analyze_sssd_conf(file, out); return;
    case file_format::hostapd: analyze_hostapd(file, out); return;
    case file_format::jupyter_config: analyze_jupyter_config(file, out); return;
    case file_format::hashicorp_agent: analyze_hashicorp_agent(file, out); return;
    case file_format::openvpn: analyze_openvpn(file, out); return;
    case file_format::svn_auth: analyze_svn_auth(file, out); return;
    case file_format::pidgin_accounts: analyze_pidgin_accounts(file, out); return;
    case file_format::navicat_ncx: analyze_navicat_ncx(file, out); return;
    case file_format::mobaxterm_ini: analyze_mobaxterm_ini(file, out); return;
    case file_format::securecrt_session: analyze_securecrt_session(file, out); return;
    case file_format::cloud_export:
    case file_format::unrecognised: return;
  }
}

}  // namespace

bool is_analyzed_binary_store(std::string_view path) { return is_dbeaver_credentials(split_path(path)); }
bool is_remmina_profile(std::string_view path) {
  return format_from_name(split_path(path)) == file_format::remmina;
}

}  // namespace nhi::detail

NHI_BEGIN_NAMESPACE

result<analysis_result> analyze_file(std::string_view path, std::string_view content) {
  using namespace detail;
  const path_parts parts = split_path(path);
  file_format format = format_from_name(parts);
  if (format == file_format::unrecognised) format = format_from_content(parts, content);
  if (format == file_format::unrecognised) return analysis_result{};
  if (format == file_format::cloud_export) {
    // A cloud export kept in a repository; anything else with these markers is not ours.
    result<analysis_result> r = import_export_in_context(path, content, import_options{}, true);
    if (!r && r.error().message().rfind("unknown export", 0) == 0) return analysis_result{};
    return r;
  }
  return run_guarded(path, content, [&](const source_file& file, analysis_result& out) {
    try {
      run_analyzer(format, file, out);
    } catch (const parse_failure&) {
      // Kubernetes or JCasC YAML that does not parse and holds template
      // markers is a template of some tool (Helm, Ansible, Jinja), not a
      // broken file.
      if ((format == file_format::kubernetes || format == file_format::jenkins_casc) &&
          content.find("{{") != std::string_view::npos) {
        out = analysis_result{};
        return;
      }
      throw;
    }
  });
}

NHI_END_NAMESPACE
