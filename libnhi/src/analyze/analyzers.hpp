// SPDX-License-Identifier: Apache-2.0
// The analyzers, one per format family. Each reads one file, appends facts
// and findings to `out`, and throws parse_failure when the file is malformed;
// the public entry points (analyze_file.cpp, import_export.cpp) choose the
// analyzer, catch the failure and drop partial results.
#pragma once

#include "analyze/common.hpp"
#include "analyze/json_util.hpp"

namespace nhi::detail {

// kubernetes.cpp — manifests (multi-document, `kind: List`) and kubectl exports.
enum class k8s_origin { manifest, cluster_export };
void analyze_kubernetes(const source_file& file, k8s_origin origin, analysis_result& out);

// terraform_config.cpp — .tf and .tfvars (HCL); terraform_state.cpp — .tfstate (JSON).
void analyze_terraform_config(const source_file& file, analysis_result& out);
void analyze_tfvars(const source_file& file, analysis_result& out);
void analyze_tfstate(const source_file& file, analysis_result& out);

// ci_workflows.cpp
void analyze_github_workflow(const source_file& file, analysis_result& out);
void analyze_gitlab_ci(const source_file& file, analysis_result& out);

// container_config.cpp — environment-variable style configuration.
void analyze_dotenv(const source_file& file, analysis_result& out);
void analyze_dockerfile(const source_file& file, analysis_result& out);
void analyze_compose(const source_file& file, analysis_result& out);
void analyze_helm_values(const source_file& file, analysis_result& out);

// credential_files.cpp — client credential stores.
void analyze_kubeconfig(const source_file& file, analysis_result& out);
void analyze_npmrc(const source_file& file, analysis_result& out);
void analyze_pypirc(const source_file& file, analysis_result& out);
// Client files holding a password for user@host: ~/.pgpass, MySQL option
// files, ~/.msmtprc, ~/.netrc, ~/.git-credentials, rclone.conf, ~/.s3cfg.
void analyze_pgpass(const source_file& file, analysis_result& out);
void analyze_mysql_options(const source_file& file, analysis_result& out);
void analyze_msmtprc(const source_file& file, analysis_result& out);
void analyze_netrc(const source_file& file, analysis_result& out);
void analyze_git_credentials(const source_file& file, analysis_result& out);
void analyze_rclone(const source_file& file, analysis_result& out);
void analyze_s3cfg(const source_file& file, analysis_result& out);
// Shared by the client-file analyzers: "user@host" (either may be empty), the
// fact for a password of user@host (its provider from the host when the host
// names one; the value only as a fingerprint), and the words of a line with
// "double quoted" words kept whole.
std::string user_at_host(const std::string& user, const std::string& host);
identity_fact client_password_fact(std::string kind, std::string provider, const std::string& user,
                                   const std::string& host, std::string_view value, const source_file& file,
                                   std::uint64_t line);
std::vector<std::string> words_of(std::string_view line);
// client_password_fact for a value a tool stored encrypted or encoded: always
// a literal, whatever it looks like (base64 may start with "/" or hold "xxxx").
identity_fact encoded_password_fact(std::string kind, std::string provider, const std::string& user,
                                    const std::string& host, std::string_view value, const source_file& file,
                                    std::uint64_t line);

// client_apps.cpp — the configuration files of mail, transfer and database
// client applications: mutt, fetchmail, the VS Code SFTP extension, WinSCP,
// FileZilla, DBeaver, and a Rails application's master key.
void analyze_muttrc(const source_file& file, analysis_result& out);
void analyze_fetchmailrc(const source_file& file, analysis_result& out);
void analyze_vscode_sftp(const source_file& file, analysis_result& out);
void analyze_winscp_ini(const source_file& file, analysis_result& out);
// The fact of one saved WinSCP session (WinSCP.ini and registry exports
// alike), its password recovered to fingerprint it; none when it recovers empty.
void add_winscp_session_fact(const std::string& session, const std::string& user, const std::string& host,
                             const std::string& port, std::string_view password, const source_file& file,
                             std::uint64_t line, analysis_result& out);
void analyze_filezilla(const source_file& file, analysis_result& out);
void analyze_dbeaver_data_sources(const source_file& file, analysis_result& out);
void analyze_dbeaver_credentials(const source_file& file, analysis_result& out);
void analyze_rails_master_key(const source_file& file, analysis_result& out);
// remote_access.cpp — connection stores of remote-access and database admin
// tools: mRemoteNG (confCons.xml, CSV export), HeidiSQL settings, Windows
// registry exports (WinSCP sessions, HeidiSQL servers), Remmina profiles.
void analyze_mremoteng_xml(const source_file& file, analysis_result& out);
void analyze_mremoteng_csv(const source_file& file, analysis_result& out);
void analyze_heidisql_settings(const source_file& file, analysis_result& out);
void analyze_registry_export(const source_file& file, analysis_result& out);
void analyze_remmina(const source_file& file, analysis_result& out);
// analyze_file.cpp: true when analyze_file would read `path` as a Remmina
// profile (the same test, so the decryption join cannot drift from it).
bool is_remmina_profile(std::string_view path);
// tool_configs.cpp — package managers (Maven settings.xml, NuGet.Config,
// Composer auth.json, Yarn .yarnrc.yml), the Terraform CLI configuration,
// servers (tomcat-users.xml, Postfix sasl_passwd, PgBouncer userlist.txt),
// deploy tools (Ansible inventories and host/group vars, Sublime SFTP) and
// machines (wpa_supplicant.conf, NetworkManager keyfiles, fstab SMB mounts).
void analyze_maven_settings(const source_file& file, analysis_result& out);
void analyze_nuget_config(const source_file& file, analysis_result& out);
void analyze_composer_auth(const source_file& file, analysis_result& out);
void analyze_terraform_cli_config(const source_file& file, analysis_result& out);
void analyze_yarnrc(const source_file& file, analysis_result& out);
void analyze_tomcat_users(const source_file& file, analysis_result& out);
void analyze_sublime_sftp(const source_file& file, analysis_result& out);
void analyze_ansible_ini_inventory(const source_file& file, analysis_result& out);
void analyze_ansible_yaml(const source_file& file, analysis_result& out);
void analyze_postfix_sasl_passwd(const source_file& file, analysis_result& out);
void analyze_wpa_supplicant(const source_file& file, analysis_result& out);
void analyze_nmconnection(const source_file& file, analysis_result& out);
void analyze_pgbouncer_userlist(const source_file& file, analysis_result& out);
void analyze_fstab(const source_file& file, analysis_result& out);
void analyze_docker_config(const source_file& file, analysis_result& out);
void analyze_aws_credentials_file(const source_file& file, analysis_result& out);
// The registries of a docker config.json document (also Kubernetes
// .dockerconfigjson secrets): one fact per registry with embedded credentials.
void docker_auth_facts(const json& config, const source_file& file, std::uint64_t line,
                       analysis_result& out);

// client_apps_2.cpp — more stores of desktop and administration tools:
// Subversion's auth cache (svn.simple), Pidgin's accounts.xml, Navicat's
// connection exports (.ncx) and registry keys, MobaXterm.ini, SecureCRT
// sessions. Navicat's passwords (and SecureCRT's where no configuration
// passphrase is set) are decrypted with published keys to fingerprint them.
void analyze_svn_auth(const source_file& file, analysis_result& out);
void analyze_pidgin_accounts(const source_file& file, analysis_result& out);
void analyze_navicat_ncx(const source_file& file, analysis_result& out);
void analyze_mobaxterm_ini(const source_file& file, analysis_result& out);
// One MobaXterm stored password (`name` PROTOCOLPORT:user@host, `value` the
// ciphertext) or credential (`name` its name, `value` user:ciphertext), from
// MobaXterm.ini or the registry (Software\Mobatek\MobaXterm\P and \C); none
// when the value is not MobaXterm's ciphertext.
void add_mobaxterm_entry(bool credential, const std::string& name, const std::string& value, const source_file& file,
                         std::uint64_t line, analysis_result& out);
// SecureCRT session files (Config/Sessions/*.ini): Password V2 and the older
// Password, decrypted where SecureCRT's keys are fixed.
void analyze_securecrt_session(const source_file& file, analysis_result& out);
// The fact of one server of a Navicat registry export
// (HKCU\Software\PremiumSoft\<product>\Servers\<server>), none without a Pwd.
void add_navicat_server_fact(const std::string& product, const std::string& server, const std::string& user,
                             const std::string& host, const std::string& port, const std::string& pwd,
                             const source_file& file, std::uint64_t line, analysis_result& out);

// network_devices.cpp — network device configurations: Cisco IOS, IOS-XE,
// NX-OS and ASA running configurations (and Arista EOS, which writes the same
// commands), Juniper Junos in curly-brace or `set` form. One fact per local
// user, enable, line, AAA server, routing, IPsec and Wi-Fi key and SNMP
// community, named SUBJECT@DEVICE (`admin@core-sw1`, `tacacs:ISE-1@core-sw1`,
// `snmp:core-sw1`); type 7 and $9$ values decoded to fingerprint the plaintext.
void analyze_cisco_config(const source_file& file, analysis_result& out);
void analyze_junos_config(const source_file& file, analysis_result& out);
// A cheap look at a file's beginning: a Cisco-style or a Junos configuration.
bool looks_like_cisco_config(std::string_view content);
bool looks_like_junos_config(std::string_view content);

// aws_exports.cpp, gcp_exports.cpp, azure_exports.cpp — cloud exports.
void import_aws_credential_report(const source_file& file, analysis_result& out);
// "access_key:<user>@<creation time, UTC>": an IAM user's access key as the
// credential report and list-access-keys both name it; empty when unknown.
std::string aws_key_scoped_id(const std::string& user, const std::string& created);
void import_aws_access_keys(const json& doc, const source_file& file, analysis_result& out);
void import_aws_authorization_details(const json& doc, const source_file& file, analysis_result& out);
void import_aws_user_credentials(const json& doc, const source_file& file, bool ssh, analysis_result& out);
void import_aws_access_key_last_used(const json& doc, const source_file& file, const std::string& key_id,
                                     analysis_result& out);
void import_gcp_service_accounts(const json& doc, const source_file& file, analysis_result& out);
void import_gcp_service_account_keys(const json& doc, const source_file& file, analysis_result& out);
void import_gcp_key_file(const json& doc, const source_file& file, analysis_result& out);
void import_azure_apps(const json& doc, const source_file& file, analysis_result& out);
void import_azure_service_principals(const json& doc, const source_file& file, analysis_result& out);
void import_azure_app_credentials(const json& doc, const source_file& file, analysis_result& out);
void import_gcp_iam_policy(const json& doc, const source_file& file, analysis_result& out);

// Joins across the files of one scan, made by structure_analyzer::take() on
// all the facts it collected, in their final order (path, then line).
//
// client_apps.cpp — a login of DBeaver's credentials-config.json (named
// user@CONNECTION-ID) whose connection_id a data-sources fact of the same
// directory has takes that fact's host, port, database and provider, and its
// name user@host (its user from data-sources.json when it has none).
void join_dbeaver_credentials(std::vector<identity_fact>& facts);
// remote_access.cpp — what the scan keeps for the Remmina join until it ends:
// the encrypted values of the profiles and the secrets of remmina.pref files
// (never a plaintext). Wiped when destroyed and by the join.
struct remmina_join_inputs {
  struct stored_password { std::string path; std::uint64_t line = 0; std::string value; };
  struct pref_secret { std::string path; std::string secret; };  // the 3DES key (24 bytes), then the IV (8)
  std::vector<stored_password> passwords;
  std::vector<pref_secret> prefs;

  remmina_join_inputs() = default;
  ~remmina_join_inputs() { wipe(); }
  remmina_join_inputs(const remmina_join_inputs&) = delete;
  remmina_join_inputs& operator=(const remmina_join_inputs&) = delete;
  // Keeps what a scanned file gives: a profile's encrypted passwords (*.remmina),
  // a remmina.pref's secret; nothing from other files.
  void collect(std::string_view path, std::string_view content);
  void take_from(remmina_join_inputs& more);  // moves everything of `more` here
  bool empty() const noexcept { return passwords.empty() && prefs.empty(); }
  void wipe() noexcept;
};
// Decrypts the password of each remmina-3des fact under the secret of the
// remmina.pref of the profile's home (~/.config/remmina for
// ~/.local/share/remmina), else of the scan's only remmina.pref, to add
// `fingerprint.decrypted` and `key_file`; then wipes `inputs`.
void decrypt_remmina_passwords(std::vector<identity_fact>& facts, remmina_join_inputs& inputs);

// windows_admin.cpp — Windows deployment and administration files: answer
// files of Windows Setup (autounattend.xml, unattend.xml, sysprep.xml),
// Group Policy Preferences items with a cpassword (Groups.xml, Services.xml,
// ScheduledTasks.xml, DataSources.xml, Drives.xml, Printers.xml), Remote
// Desktop .rdp files, ASP.NET's <machineKey> (web.config, machine.config),
// and VNC passwords (.vnc, ultravnc.ini, registry exports).
void analyze_unattend(const source_file& file, analysis_result& out);
void analyze_gpp(const source_file& file, analysis_result& out);
void analyze_rdp(const source_file& file, analysis_result& out);
void analyze_machine_key(const source_file& file, analysis_result& out);
void analyze_vnc_file(const source_file& file, analysis_result& out);
void analyze_vnc_registry(const source_file& file, analysis_result& out);
// java_servers.cpp — user files of Java application servers: Jetty's
// realm.properties (HashLoginService) and the JBoss / WildFly properties
// realms (mgmt-users.properties, application-users.properties).
void analyze_jetty_realm(const source_file& file, analysis_result& out);
void analyze_wildfly_users(const source_file& file, analysis_result& out);
// database_tools.cpp — connection stores of database client tools: SQuirreL
// SQL (SQLAliases23.xml), Robo 3T / Studio 3T (robo3t.json), DbVisualizer (dbvis.xml).
void analyze_squirrel_aliases(const source_file& file, analysis_result& out);
void analyze_robo3t(const source_file& file, analysis_result& out);
void analyze_dbvis(const source_file& file, analysis_result& out);
// web_apps.cpp — settings files of web applications and CMSs: Joomla
// configuration.php, Drupal settings.php, Magento 2 app/etc/env.php and
// Magento 1 app/etc/local.xml, phpMyAdmin config.inc.php, MediaWiki
// LocalSettings.php, Nextcloud / ownCloud config/config.php, Gitea / Forgejo
// app.ini, GitLab Omnibus gitlab.rb and gitlab-secrets.json. One fact per
// credential: the database account (user@host/database), the mail or FTP
// account (user@host), or the application's own key (APP:SETTING@SITE).
bool looks_like_web_app_settings(std::string_view path, std::string_view content);
void analyze_web_app_settings(const source_file& file, analysis_result& out);
// web_apps_2.cpp — more self-hosted applications, read with web_apps.hpp's
// readers: TYPO3 LocalConfiguration.php / settings.php and
// AdditionalConfiguration.php / additional.php, Grafana grafana.ini /
// custom.ini and datasource provisioning YAML, Zabbix server / proxy / agent
// configurations, PSK files and zabbix.conf.php, Roundcube config.inc.php,
// Moodle / phpBB / OpenCart config.php, PrestaShop app/config/parameters.php,
// Nagios resource.cfg.
// Facts as web_apps.cpp makes them, plus a data source's account or token,
// a TLS-PSK (zabbix:psk:IDENTITY@HOST) and TYPO3's Install Tool hash.
bool looks_like_web_app_settings_2(std::string_view path, std::string_view content);
void analyze_web_app_settings_2(const source_file& file, analysis_result& out);

// network_devices_more.cpp — more network device configurations: MikroTik
// RouterOS exports and scripts, Fortinet FortiOS configurations, VyOS / EdgeOS
// / Vyatta configurations (curly or `set` form). Facts named SUBJECT@DEVICE as
// network_devices.cpp names them; FortiOS ENC values fingerprinted as stored.
void analyze_mikrotik_export(const source_file& file, analysis_result& out);
void analyze_fortios_config(const source_file& file, analysis_result& out);
void analyze_vyos_config(const source_file& file, analysis_result& out);
// A cheap look at a file's beginning, as looks_like_cisco_config.
bool looks_like_mikrotik_export(std::string_view content);
bool looks_like_fortios_config(std::string_view content);
bool looks_like_vyos_config(std::string_view content);

// network_devices_3.cpp — Aruba / HPE switch configurations: ProCurve and
// ArubaOS-Switch (`password manager ... sha1|plaintext`, quoted RADIUS / TACACS+
// keys and communities under include-credentials, `encrypted-key`) and AOS-CX
// (`user NAME group G password ciphertext`, `key ciphertext`, `snmpv3 user`).
// Facts named SUBJECT@DEVICE as network_devices.cpp names them; ProCurve sha1
// is a password_hash, encrypted values are fingerprinted as stored.
void analyze_aruba_switch_config(const source_file& file, analysis_result& out);
bool looks_like_aruba_switch_config(std::string_view content);
// Huawei VRP and H3C Comware configurations (`sysname`, `#` sections):
// `local-user U password cipher|irreversible-cipher|simple`, Comware
// `password hash|cipher`, `super password`, VTY `set authentication password`,
// `snmp-agent community|usm-user`, RADIUS/HWTACACS keys, IKE pre-shared keys.
// Stored ciphers (`%^%#...%^%#`, `$c$`) fingerprinted as stored; hashes
// (`$1a$`, `$h$`) are password_hash facts.
void analyze_vrp_config(const source_file& file, analysis_result& out);
bool looks_like_vrp_config(std::string_view content);
// Palo Alto PAN-OS XML configurations (running-config.xml): administrators'
// `phash` (password_hash), IKE gateways' pre-shared keys, RADIUS / TACACS+
// secrets, LDAP bind passwords, SNMP communities and SNMPv3 passwords;
// `-AQ==` values (encrypted under the master key) fingerprinted as stored.
void analyze_panos_config(const source_file& file, analysis_result& out);
bool looks_like_panos_config(std::string_view content);

// system_services.cpp — Unix system-service configuration: pppd's
// chap-secrets / pap-secrets, ipsec.secrets, Samba's smbpasswd, OpenLDAP's
// slapd.conf and cn=config LDIF, LDAP clients (nslcd.conf, pam_ldap.conf,
// libnss-ldap.conf, /etc/ldap.secret, sssd.conf), hostapd.conf, Jupyter's
// notebook / server configuration (.py, .json) and Consul / Nomad agents.
void analyze_ppp_secrets(const source_file& file, analysis_result& out);
void analyze_ipsec_secrets(const source_file& file, analysis_result& out);
void analyze_smbpasswd(const source_file& file, analysis_result& out);
void analyze_slapd_conf(const source_file& file, analysis_result& out);
void analyze_slapd_ldif(const source_file& file, analysis_result& out);
void analyze_ldap_client_conf(const source_file& file, analysis_result& out);
void analyze_ldap_secret_file(const source_file& file, analysis_result& out);
void analyze_sssd_conf(const source_file& file, analysis_result& out);
void analyze_hostapd(const source_file& file, analysis_result& out);
void analyze_jupyter_config(const source_file& file, analysis_result& out);
// Consul and Nomad agent configurations (consul.d/*.hcl|json, nomad.d/*, consul.hcl, nomad.hcl).
void analyze_hashicorp_agent(const source_file& file, analysis_result& out);
// OpenVPN profiles (.ovpn), configs with inline blocks and static key files.
void analyze_openvpn(const source_file& file, analysis_result& out);

}  // namespace nhi::detail
