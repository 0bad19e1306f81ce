// SPDX-License-Identifier: Apache-2.0
// More settings files of self-hosted applications, read as web_apps.cpp reads
// its own (the same PHP and INI readers, the same facts): TYPO3's
// LocalConfiguration.php / settings.php and AdditionalConfiguration.php /
// additional.php, Grafana's grafana.ini / custom.ini and its datasource
// provisioning YAML, Zabbix server, proxy and agent configurations with their
// PSK files and Zabbix web's zabbix.conf.php, Roundcube's config.inc.php, and
// the database accounts (and PrestaShop's keys) of Moodle's, phpBB's and
// OpenCart's config.php and PrestaShop's app/config/parameters.php, and the
// $USERn$ macros of Nagios' resource.cfg.
//
// Each credential is a fact naming what it unlocks: the database account
// (user@host/database), the mail relay's account (user@host), a data source's
// account or token, a pre-shared key, or the application's own key or
// password hash (APP:SETTING@SITE). Values are only fingerprinted, as the
// rules of patterns/config-webapps-2.yaml capture them.
#include <algorithm>
#include <tuple>

#include "analyze/web_apps.hpp"
#include "analyze/yaml_util.hpp"
#include "nhi/finding.hpp"
#include "util/text.hpp"

namespace nhi::detail {
namespace {

// scheme://user:password@host[:port][/database]: the parts of a database URL
// (the password as written, as the connection-URI rules capture it).
struct db_url {
  std::string scheme, user, host, database;
  php_value password;
};

bool parse_db_url(const std::string& url, std::uint64_t line, db_url& out) {
  const std::size_t scheme = url.find("://");
  if (scheme == std::string::npos) return false;
  const std::string rest = url.substr(scheme + 3);
  const std::size_t at = rest.substr(0, rest.find('/')).rfind('@');
  if (at == std::string::npos) return false;
  const std::string userinfo = rest.substr(0, at);
  const std::size_t colon = userinfo.find(':');
  if (colon == std::string::npos) return false;
  std::string where = rest.substr(at + 1);
  where = where.substr(0, where.find('?'));
  const std::size_t slash = where.find('/');
  out.scheme = url.substr(0, scheme);
  out.user = userinfo.substr(0, colon);
  out.host = where.substr(0, slash);
  out.database = slash == std::string::npos ? std::string() : where.substr(slash + 1);
  out.password = php_value::literal_string(userinfo.substr(colon + 1), line);
  return true;
}

// ------------------------------------------------------------------ TYPO3

// The hash scheme of TYPO3's installToolPassword (the password_hash() kinds,
// salted PBKDF2 and phpass of older releases, unsalted MD5 before TYPO3 6).
std::string typo3_hash_scheme(std::string_view hash) {
  if (starts_with(hash, "$argon2id$")) return "argon2id";
  if (starts_with(hash, "$argon2i$")) return "argon2i";
  if (starts_with(hash, "$2y$") || starts_with(hash, "$2a$") || starts_with(hash, "$2b$")) return "bcrypt";
  if (starts_with(hash, "$pbkdf2-")) return "pbkdf2";
  if (starts_with(hash, "$P$")) return "phpass";
  if (hash.size() == 32 && all_hex(hash)) return "md5";
  return "unknown";
}

// One TYPO3_CONF_VARS tree: DB (Connections.NAME since TYPO3 8, flat before),
// SYS.encryptionKey, BE.installToolPassword, MAIL.transport_smtp_*.
void typo3_conf(const php_value& conf, web_app_file& app) {
  if (const php_value* sys = conf.get("SYS"))
    if (const std::string name = sys->str("sitename"); !name.empty() && !is_reference_or_placeholder(name))
      app.site = name;
  if (const php_value* db = conf.get("DB")) {
    if (const php_value* connections = db->get("Connections"))
      for (const auto& [name, c] : connections->items)
        if (const php_value* pw = c.get("password"))
          app.database(*pw, "DB.Connections." + name + ".password", c.str("driver"), c.str("user"), c.str("host"),
                       c.str("dbname"), c.str("port"));
    if (const php_value* pw = db->get("password"))  // TYPO3 6 and 7
      app.database(*pw, "DB.password", "mysql", db->str("username"), db->str("host"), db->str("database"),
                   db->str("port"));
  }
  app.key(at_path(conf, {"SYS", "encryptionKey"}), "SYS.encryptionKey",
          "the HMACs of the site's links, forms and cookies (with it, forged requests and unserialized objects)");
  // A hash of a known scheme is a literal whatever it looks like ("$argon2i$..." is no PHP variable).
  const php_value* hash = at_path(conf, {"BE", "installToolPassword"});
  if (hash && hash->kind == php_value::type::string && hash->literal &&
      (typo3_hash_scheme(hash->text) != "unknown" || is_credential(hash))) {
    identity_fact f = make_fact("password_hash", "typo3", "typo3:install-tool@" + app.site, app.file, hash->line);
    f.attributes["value_source"] = "literal";
    f.attributes["fingerprint"] = fingerprint_of(hash->text);
    f.attributes["hash_scheme"] = typo3_hash_scheme(hash->text);
    f.attributes["unlocks"] = "the Install Tool once cracked (system settings, database, new administrators)";
    f.attributes["site"] = app.site;
    app.add(std::move(f), "BE.installToolPassword");
  }
  if (const php_value* mail = conf.get("MAIL"))
    app.account(mail->get("transport_smtp_password"), "MAIL.transport_smtp_password", "smtp",
                mail->str("transport_smtp_username"), mail->str("transport_smtp_server"), "mail relay");
}

// The site of a TYPO3 file: its directory without typo3conf/ or config/system/.
std::string typo3_site(std::string_view path) {
  std::string site = site_of(path);
  for (const char* inner : {"/typo3conf", "/config/system"})
    if (ends_with(site, inner)) {
      site.resize(site.size() - std::string_view(inner).size());
      break;
    }
  for (const char* inner : {"typo3conf", "config/system"})
    if (site == inner) site = ".";
  return site.empty() ? std::string(".") : site;
}

void typo3(const source_file& file, web_app_file& app) {
  app.site = typo3_site(file.path);
  const php_value vars = read_php_settings(file.content);
  for (const php_value* conf : {vars.get("return"), at_path(vars, {"GLOBALS", "TYPO3_CONF_VARS"}),
                                vars.get("TYPO3_CONF_VARS")})
    if (conf) typo3_conf(*conf, app);
}

// ---------------------------------------------------------------- Grafana

// A grafana.ini value as Grafana reads it: """triple""" quotes taken off, an
// unquoted value ended by a ';' or '#' comment.
php_value grafana_value(const ini_setting* s) {
  if (!s) return {};
  std::string v = s->value;
  if (s->quoted && v.size() >= 4 && starts_with(v, "\"\"") && ends_with(v, "\"\""))
    v = v.substr(2, v.size() - 4);
  else if (!s->quoted)
    v = trim(std::string_view(v).substr(0, v.find_first_of(";#")));
  // $__env{X}, $__file{path}, $__vault{...}: Grafana's expansions, not literals.
  return php_value::literal_string(v, s->line);
}

// The secret_key Grafana ships in defaults.ini: published, not a secret.
constexpr std::string_view kGrafanaDefaultsIniValue = "SW2YcwTIb9zpOOhoPsMm";

void grafana_ini(const source_file& file, web_app_file& app) {
  const ini_sections ini = read_app_ini(file.content);
  auto get = [&](const std::string& section, const char* key) -> const ini_setting* {
    const auto s = ini.find(section);
    if (s == ini.end()) return nullptr;
    const auto k = s->second.find(key);
    return k == s->second.end() ? nullptr : &k->second;
  };
  auto text = [&](const std::string& section, const char* key) { return grafana_value(get(section, key)).text; };
  std::string domain = text("server", "ROOT_URL");
  if (const std::size_t scheme = domain.find("://"); scheme != std::string::npos) domain = domain.substr(scheme + 3);
  domain = domain.substr(0, domain.find('/'));
  if (domain.empty() || domain.find('%') != std::string::npos) domain = text("server", "DOMAIN");
  if (!domain.empty() && !is_reference_or_placeholder(domain)) app.site = domain;

  const php_value admin = grafana_value(get("security", "ADMIN_PASSWORD"));
  if (admin.text != "admin" && is_credential(&admin)) {  // "admin": the default, changed at first login
    std::string user = text("security", "ADMIN_USER");
    identity_fact f = client_password_fact("password", "grafana", user.empty() ? "admin" : user, app.site, admin.text,
                                           file, admin.line);
    f.attributes["unlocks"] = "the instance's first administrator account (until its password is changed)";
    f.attributes["site"] = app.site;
    app.add(std::move(f), "[security] admin_password");
  }
  const php_value secret = grafana_value(get("security", "SECRET_KEY"));
  if (secret.text != kGrafanaDefaultsIniValue)
    app.key(&secret, "secret_key", "the data sources' secureJsonData and other secrets Grafana stores encrypted");

  const php_value db = grafana_value(get("database", "PASSWORD"));
  std::string host = text("database", "HOST");
  app.database(db, "[database] password", text("database", "TYPE"), text("database", "USER"), host,
               text("database", "NAME"));
  if (db_url url; parse_db_url(text("database", "URL"), get("database", "URL") ? get("database", "URL")->line : 0, url))
    app.database(url.password, "[database] url", url.scheme, url.user, url.host, url.database);

  const php_value smtp = grafana_value(get("smtp", "PASSWORD"));
  app.account(&smtp, "[smtp] password", "smtp", text("smtp", "USER"), text("smtp", "HOST"), "mail relay");

  for (const auto& [section, keys] : ini) {
    if (!starts_with(section, "auth.")) continue;
    const php_value client_secret = grafana_value(get(section, "CLIENT_SECRET"));
    if (!is_credential(&client_secret)) continue;
    const std::string client_id = text(section, "CLIENT_ID");
    identity_fact f = make_fact("client_secret", section.substr(5), "grafana:[" + section + "]@" + app.site, file,
                                client_secret.line);
    f.attributes["value_source"] = "literal";
    f.attributes["fingerprint"] = fingerprint_of(client_secret.text);
    if (!client_id.empty()) f.attributes["client_id"] = client_id;
    f.attributes["unlocks"] = "the OAuth client Grafana signs users in with (" + section.substr(5) + ")";
    f.attributes["site"] = app.site;
    app.add(std::move(f), "[" + section + "] client_secret");
  }
}

// The host of a data source's url (scheme and path off), or the url as written.
std::string url_host(std::string url) {
  if (const std::size_t scheme = url.find("://"); scheme != std::string::npos) url = url.substr(scheme + 3);
  if (const std::size_t at = url.rfind('@', url.find('/')); at != std::string::npos && at < url.find('/')) url = url.substr(at + 1);
  return url.substr(0, url.find('/'));
}

// The provider a data source's type names (postgres, mysql, ...), its plugin id otherwise.
std::string datasource_provider(std::string type) {
  type = to_lower_ascii(type);
  for (const char* known : {"postgres", "mysql", "mssql", "influxdb", "elasticsearch", "prometheus", "loki",
                            "cloudwatch", "clickhouse", "mongodb", "graphite", "tempo", "jaeger"})
    if (type.find(known) != std::string::npos) return known;
  return type.empty() ? std::string("grafana") : type;
}

// A value of secureJsonData as the rule captures it: an Authorization
// header's value without its scheme word.
std::string without_auth_scheme(const std::string& value) {
  for (const char* scheme : {"Bearer ", "Token ", "Basic "})
    if (starts_with(value, scheme)) return trim(std::string_view(value).substr(std::string_view(scheme).size()));
  return value;
}

// provisioning/datasources/*.yaml: datasources[] with secureJsonData.
void grafana_datasources(const source_file& file, web_app_file& app) {
  for (const YAML::Node& doc : load_yaml_documents(file.content)) {
    const YAML::Node list = yaml_child(doc, "datasources");
    if (!yaml_is_seq(list)) continue;
    for (const YAML::Node& ds : list) {
      const YAML::Node secure = yaml_child(ds, "secureJsonData");
      if (!yaml_is_map(secure)) continue;
      const std::string name = yaml_string(ds, "name"), type = yaml_string(ds, "type"), provider = datasource_provider(type);
      const std::string host = url_host(yaml_string(ds, "url"));
      std::string database = yaml_string(ds, "database");
      if (database.empty()) database = yaml_string(yaml_child(ds, "jsonData"), "database");
      for (const auto& entry : secure) {
        const std::string key = yaml_scalar(entry.first);
        const YAML::Node value = entry.second;
        const php_value v = php_value::literal_string(without_auth_scheme(yaml_scalar(value)), yaml_line(value));
        if (!is_credential(&v)) continue;
        identity_fact f;
        if (key == "password") {
          f = client_password_fact("password", provider, yaml_string(ds, "user"), host, v.text, file, v.line);
          if (!database.empty()) {
            f.name += "/" + database;
            f.attributes["database"] = database;
          }
        } else if (key == "basicAuthPassword") {
          f = client_password_fact("password", provider, yaml_string(ds, "basicAuthUser"), host, v.text, file, v.line);
        } else if (key == "token" || key == "apiKey" || starts_with(key, "httpHeaderValue")) {
          f = make_fact("token", provider, "grafana-datasource:" + name + "@" + host, file, v.line);
          f.attributes["value_source"] = "literal";
          f.attributes["fingerprint"] = fingerprint_of(v.text);
        } else {
          continue;  // keys, certificates: their own rules report them
        }
        f.attributes["datasource"] = name;
        f.attributes["unlocks"] = "the data source " + (name.empty() ? type : name) + " Grafana queries";
        f.attributes["site"] = app.site;
        app.add(std::move(f), "secureJsonData." + key);
      }
    }
  }
}

// ----------------------------------------------------------------- Zabbix

// KEY=VALUE lines of a Zabbix daemon's configuration ('#' comments); the last
// value of a key wins, as the daemons read them.
std::map<std::string, ini_setting> zabbix_settings(std::string_view content) {
  std::map<std::string, ini_setting> out;
  std::uint64_t number = 0;
  for (const std::string& raw : split(content, '\n')) {
    ++number;
    const std::string line = trim(raw);
    const std::size_t eq = line.find('=');
    if (line.empty() || line[0] == '#' || eq == std::string::npos || eq == 0) continue;
    if (out.size() < 4096) out[trim(std::string_view(line).substr(0, eq))] = {trim(std::string_view(line).substr(eq + 1)), number, false};
  }
  return out;
}

void zabbix_daemon(const source_file& file, web_app_file& app) {
  const auto conf = zabbix_settings(file.content);
  const std::string lower = to_lower_ascii(file.path);
  const std::string daemon = lower.find("agent") != std::string::npos   ? "Zabbix agent"
                             : lower.find("proxy") != std::string::npos ? "Zabbix proxy"
                                                                        : "Zabbix server";
  auto text = [&](const char* key) {
    const auto it = conf.find(key);
    return it == conf.end() ? std::string() : it->second.value;
  };
  const std::string hostname = text("Hostname");
  if (!hostname.empty() && !is_reference_or_placeholder(hostname)) app.site = hostname;
  if (const auto pw = conf.find("DBPassword"); pw != conf.end()) {
    // The build chooses the database; DBSchema and port 5432 are PostgreSQL's.
    const std::string port = text("DBPort");
    const std::string driver = (!text("DBSchema").empty() || port == "5432") ? "pgsql" : "mysql";
    app.database(php_value::literal_string(pw->second.value, pw->second.line), "DBPassword", driver, text("DBUser"),
                 text("DBHost"), text("DBName"), port);
  }
  const std::string identity = text("TLSPSKIdentity"), key_file = text("TLSPSKFile");
  if (!identity.empty() && !key_file.empty()) {
    identity_fact f = make_fact("secret_key", "zabbix", "zabbix:psk:" + identity + "@" + app.site, file,
                                conf.at("TLSPSKFile").line);
    f.attributes["value_source"] = "file";
    f.attributes["key_file"] = key_file;
    f.attributes["psk_identity"] = identity;
    f.attributes["daemon"] = daemon;
    f.attributes["unlocks"] = "the TLS-PSK connections of this " + daemon +
                              " (with the key file, impersonating it to the server, or the server to it)";
    f.attributes["site"] = app.site;
    app.add(std::move(f), "TLSPSKFile");
  }
}

// A PSK file: one line of 32 to 512 hex digits (16 to 256 bytes).
void zabbix_psk(const source_file& file, web_app_file& app) {
  const std::string psk = trim(file.content);
  if (psk.size() < 32 || psk.size() > 512 || psk.size() % 2 != 0 || !all_hex(psk)) return;
  identity_fact f = make_fact("secret_key", "zabbix", "zabbix:psk@" + file.path, file, 1);
  f.attributes["value_source"] = "literal";
  f.attributes["fingerprint"] = fingerprint_of(psk);
  f.attributes["unlocks"] = "the TLS-PSK connections of the Zabbix component whose TLSPSKFile names this file";
  app.add(std::move(f), "TLSPSKFile");
}

// Zabbix web's conf/zabbix.conf.php: $DB[TYPE, SERVER, PORT, DATABASE, USER, PASSWORD], $ZBX_SERVER_NAME.
void zabbix_web(const source_file& file, web_app_file& app) {
  const php_value vars = read_php_settings(file.content);
  if (const std::string name = vars.str("ZBX_SERVER_NAME"); !name.empty() && !is_reference_or_placeholder(name))
    app.site = name;
  const php_value* db = vars.get("DB");
  if (!db) return;
  if (const php_value* pw = db->get("PASSWORD")) {
    const std::string port = db->str("PORT") == "0" ? std::string() : db->str("PORT");
    app.database(*pw, "$DB['PASSWORD']", db->str("TYPE"), db->str("USER"), db->str("SERVER"), db->str("DATABASE"), port);
  }
}

// -------------------------------------------------------------- Roundcube

// Roundcube's published default des_key (config.inc.php.sample), not a secret.
constexpr std::string_view kRoundcubeDefaultDesKey = "rcmail-!24ByteDESkey*Str";

// config/config.inc.php: $config (or $rcmail_config before 1.0) db_dsnw,
// db_dsnr, des_key, smtp_server / smtp_host with smtp_user and smtp_pass.
void roundcube(const source_file& file, web_app_file& app) {
  const php_value vars = read_php_settings(file.content);
  const php_value* config = vars.get("config");
  if (!config) config = vars.get("rcmail_config");
  if (!config) return;
  if (const std::string name = config->str("product_name"); !name.empty() && !is_reference_or_placeholder(name))
    app.site = name;
  for (const char* setting : {"db_dsnw", "db_dsnr"})
    if (const php_value* dsn = config->get(setting); dsn && dsn->literal)
      if (db_url url; parse_db_url(dsn->text, dsn->line, url))
        app.database(url.password, setting, url.scheme, url.user, url.host, url.database);
  if (const php_value* key = config->get("des_key"); key && key->text != kRoundcubeDefaultDesKey)
    app.key(key, "des_key", "the IMAP passwords Roundcube keeps in its sessions, its request tokens");
  const php_value* smtp_pass = config->get("smtp_pass");
  const std::string user = config->str("smtp_user");
  // '%p' and '%u': the signed-in user's own password and name, no stored credential.
  if (smtp_pass && smtp_pass->text != "%p" && user != "%u") {
    std::string host = config->str("smtp_host");
    if (host.empty()) host = config->str("smtp_server");
    if (const std::size_t scheme = host.find("://"); scheme != std::string::npos) host = host.substr(scheme + 3);
    app.account(smtp_pass, "smtp_pass", "smtp", user, host, "mail relay");
  }
}

// ------------------------------------------- PHP shops and forums, Moodle

// Moodle's config.php: $CFG->dbtype, dbhost, dbname, dbuser, dbpass, wwwroot.
void moodle(const php_value& vars, web_app_file& app) {
  const php_value* cfg = vars.get("CFG");
  if (!cfg) return;
  if (const std::string root = url_host(cfg->str("wwwroot")); !root.empty()) app.site = root;
  if (const php_value* pw = cfg->get("dbpass"))
    app.database(*pw, "$CFG->dbpass", cfg->str("dbtype"), cfg->str("dbuser"), cfg->str("dbhost"), cfg->str("dbname"));
}

// phpBB's config.php: $dbms, $dbhost, $dbport, $dbname, $dbuser, $dbpasswd.
void phpbb(const php_value& vars, web_app_file& app) {
  if (const php_value* pw = vars.get("dbpasswd"))
    app.database(*pw, "$dbpasswd", vars.str("dbms"), vars.str("dbuser"), vars.str("dbhost"), vars.str("dbname"),
                 vars.str("dbport"));
}

// OpenCart's config.php and admin/config.php: define('DB_PASSWORD', ...) and its neighbours.
void opencart(const php_value& vars, web_app_file& app) {
  if (const std::string server = url_host(vars.str("HTTP_SERVER")); !server.empty()) app.site = server;
  if (const php_value* pw = vars.get("DB_PASSWORD"))
    app.database(*pw, "DB_PASSWORD", vars.str("DB_DRIVER"), vars.str("DB_USERNAME"), vars.str("DB_HOSTNAME"),
                 vars.str("DB_DATABASE"), vars.str("DB_PORT"));
}

// PrestaShop 1.7+'s app/config/parameters.php: return ['parameters' => [database_*, secret, cookie_key, ...]].
void prestashop(const php_value& vars, web_app_file& app) {
  const php_value* parameters = at_path(vars, {"return", "parameters"});
  if (!parameters) return;
  if (const php_value* pw = parameters->get("database_password"))
    app.database(*pw, "database_password", "mysql", parameters->str("database_user"),
                 parameters->str("database_host"), parameters->str("database_name"), parameters->str("database_port"));
  app.key(parameters->get("secret"), "secret", "the signatures of the shop's forms and remember-me cookies");
  app.key(parameters->get("cookie_key"), "cookie_key",
          "the customers' and employees' cookies, and the password hashes of PrestaShop before 1.7 (salted with it)");
  app.key(parameters->get("new_cookie_key"), "new_cookie_key", "the customers' and employees' cookies");
}

// ---------------------------------------------------------------- Nagios

// resource.cfg of Nagios (and Icinga 1): $USERn$=VALUE lines, which the
// checks' command lines use for their passwords and community strings;
// plugin paths and other paths are not credentials.
void nagios_resources(const source_file& file, web_app_file& app) {
  std::uint64_t number = 0;
  for (const std::string& raw : split(file.content, '\n')) {
    ++number;
    const std::string line = trim(raw);
    const std::size_t eq = line.find('=');
    if (!starts_with(line, "$USER") || eq == std::string::npos) continue;
    const std::string macro = trim(std::string_view(line).substr(0, eq)), value = trim(std::string_view(line).substr(eq + 1));
    if (macro.size() < 7 || macro.back() != '$' ||
        !std::all_of(macro.begin() + 5, macro.end() - 1, [](char c) { return c >= '0' && c <= '9'; }) ||
        value.empty() || value[0] == '/')
      continue;
    const php_value v = php_value::literal_string(value, number);
    if (!is_credential(&v)) continue;
    identity_fact f = make_fact("password", "nagios", "nagios:" + macro + "@" + app.site, file, number);
    f.attributes["value_source"] = "literal";
    f.attributes["fingerprint"] = fingerprint_of(value);
    f.attributes["unlocks"] = "what the check commands that use " + macro + " log in to";
    f.attributes["site"] = app.site;
    app.add(std::move(f), macro);
    if (app.out.identities.size() >= 4096) return;
  }
}

// ------------------------------------------------------------------ which

enum class app_kind { none, typo3, grafana_ini, grafana_datasources, zabbix_daemon, zabbix_psk, zabbix_web, roundcube,
                      moodle, phpbb, opencart, prestashop, nagios };

app_kind app_kind_of(std::string_view path, std::string_view content) {
  std::string p = to_lower_ascii(path);
  std::replace(p.begin(), p.end(), '\\', '/');
  const std::size_t slash = p.rfind('/');
  const std::string base = slash == std::string::npos ? p : p.substr(slash + 1);
  const std::string dir = slash == std::string::npos ? std::string() : p.substr(0, slash);
  const std::size_t parent_slash = dir.rfind('/');
  const std::string parent = parent_slash == std::string::npos ? dir : dir.substr(parent_slash + 1);
  auto has = [&](std::string_view s) { return content.find(s) != std::string_view::npos; };
  auto under = [&](std::string_view folder) { return dir == folder || ends_with(dir, "/" + std::string(folder)); };
  if ((base == "localconfiguration.php" || base == "additionalconfiguration.php") && has("TYPO3_CONF_VARS"))
    return app_kind::typo3;
  if (base == "localconfiguration.php" && has("'SYS'")) return app_kind::typo3;
  if ((base == "settings.php" || base == "additional.php") && under("config/system") &&
      (has("'SYS'") || has("'DB'") || has("TYPO3_CONF_VARS")))
    return app_kind::typo3;
  if ((base == "grafana.ini" || (base == "custom.ini" && p.find("grafana") != std::string::npos)) &&
      (has("[security]") || has("[database]") || has("[smtp]") || has("[auth.")))
    return app_kind::grafana_ini;
  if ((ends_with(base, ".yaml") || ends_with(base, ".yml")) && has("datasources:") && has("secureJsonData"))
    return app_kind::grafana_datasources;
  if ((base == "zabbix_server.conf" || base == "zabbix_proxy.conf" || base == "zabbix_agentd.conf" ||
       base == "zabbix_agent2.conf" ||
       (ends_with(base, ".conf") && (parent == "zabbix_agentd.d" || parent == "zabbix_agent2.d"))) &&
      (has("DBPassword") || has("TLSPSKFile")))
    return app_kind::zabbix_daemon;
  if (ends_with(base, ".psk") && p.find("zabbix") != std::string::npos) return app_kind::zabbix_psk;
  if (base == "zabbix.conf.php" && has("$DB")) return app_kind::zabbix_web;
  if ((base == "config.inc.php" || base == "main.inc.php" || base == "db.inc.php") &&
      (has("$config['db_dsnw']") || has("$config['des_key']") || has("$rcmail_config")))
    return app_kind::roundcube;
  if (base == "config.php" && has("$CFG->dbpass")) return app_kind::moodle;
  if (base == "config.php" && has("$dbpasswd") && has("$dbms")) return app_kind::phpbb;
  if (base == "config.php" && has("DB_PASSWORD") && has("DB_HOSTNAME") && has("DIR_APPLICATION"))
    return app_kind::opencart;
  if (base == "parameters.php" && ends_with(dir, "app/config") && has("'parameters'")) return app_kind::prestashop;
  if (base == "resource.cfg" && has("$USER")) return app_kind::nagios;
  return app_kind::none;
}

}  // namespace

bool looks_like_web_app_settings_2(std::string_view path, std::string_view content) {
  return app_kind_of(path, content) != app_kind::none;
}

void analyze_web_app_settings_2(const source_file& file, analysis_result& out) {
  const app_kind which = app_kind_of(file.path, file.content);
  static const char* const names[] = {"",          "typo3",  "grafana", "grafana",  "zabbix",    "zabbix",
                                      "zabbix",    "roundcube", "moodle", "phpbb", "opencart", "prestashop",
                                      "nagios"};
  web_app_file app{file, out, names[static_cast<int>(which)], site_of(file.path)};
  switch (which) {
    case app_kind::typo3: typo3(file, app); return;
    case app_kind::grafana_ini: grafana_ini(file, app); return;
    case app_kind::grafana_datasources: grafana_datasources(file, app); return;
    case app_kind::zabbix_daemon: zabbix_daemon(file, app); return;
    case app_kind::zabbix_psk: zabbix_psk(file, app); return;
    case app_kind::zabbix_web: zabbix_web(file, app); return;
    case app_kind::roundcube: roundcube(file, app); return;
    case app_kind::moodle: moodle(read_php_settings(file.content), app); return;
    case app_kind::phpbb: phpbb(read_php_settings(file.content), app); return;
    case app_kind::opencart: opencart(read_php_settings(file.content), app); return;
    case app_kind::prestashop: prestashop(read_php_settings(file.content), app); return;
    case app_kind::nagios: nagios_resources(file, app); return;
    case app_kind::none: return;
  }
}

}  // namespace nhi::detail
