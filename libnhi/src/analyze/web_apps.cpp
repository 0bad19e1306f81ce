// SPDX-License-Identifier: Apache-2.0
// The settings files of web applications and content management systems:
// Joomla's configuration.php, Drupal's settings.php, Magento 2's app/etc/env.php
// and Magento 1's app/etc/local.xml, phpMyAdmin's config.inc.php, MediaWiki's
// LocalSettings.php, Nextcloud's / ownCloud's config/config.php, Gitea's /
// Forgejo's app.ini, and GitLab Omnibus' gitlab.rb and gitlab-secrets.json.
//
// Each yields a fact per credential naming what it unlocks: the database
// account (user@host/database, its provider from the driver), the mail relay
// or FTP account (user@host), or the application itself for its signing and
// encryption keys (APP:SETTING@SITE). Values are only fingerprinted, as the
// rules of patterns/config-webapps.yaml capture them (the text between the
// quotes); empty values, placeholders and expressions (getenv(), constants,
// concatenations, "$interpolated" strings) are not literals and are skipped.
//
// The PHP files are read with a small reader of what settings files write:
// assignments of string, number and array literals to variables, their
// subscripts and properties ($CFG->x), class properties, `return [...]` and
// define('NAME', ...) (kept as a variable NAME); everything else is
// skipped as an expression. Assignments to parts of a variable
// ($cfg['Servers'][$i]['host'] = ...) build one tree per variable, so each
// format reads its settings the same way whatever style wrote them.
#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <map>
#include <tuple>

#include "analyze/web_apps.hpp"
#include "nhi/finding.hpp"
#include "util/text.hpp"

namespace nhi::detail {
namespace {

// ---------------------------------------------------------------- PHP reader

struct php_token {
  enum class type { string, variable, word, number, punct, end } kind = type::end;
  std::string text;           // a string's text as written between its quotes; a variable's name without '$'
  bool interpolated = false;  // a "double-quoted" string holding a $variable
  std::uint64_t line = 0;
};

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || (c & 0x80) != 0; }

std::vector<php_token> php_tokens(std::string_view s) {
  std::vector<php_token> out;
  std::uint64_t line = 1;
  std::size_t i = 0;
  auto skip_to = [&](std::size_t end) {
    for (; i < end && i < s.size(); ++i)
      if (s[i] == '\n') ++line;
  };
  while (i < s.size()) {
    const char c = s[i];
    if (c == '\n') {
      ++line;
      ++i;
      continue;
    }
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    if (c == '#' || (c == '/' && i + 1 < s.size() && s[i + 1] == '/')) {
      const std::size_t eol = s.find('\n', i);
      i = eol == std::string_view::npos ? s.size() : eol;
      continue;
    }
    if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      const std::size_t close = s.find("*/", i + 2);
      skip_to(close == std::string_view::npos ? s.size() : close + 2);
      continue;
    }
    php_token t;
    t.line = line;
    if (c == '\'' || c == '"') {
      std::size_t j = i + 1;
      while (j < s.size() && s[j] != c) j += (s[j] == '\\' && j + 1 < s.size()) ? 2 : 1;
      t.kind = php_token::type::string;
      t.text = std::string(s.substr(i + 1, std::min(j, s.size()) - i - 1));
      t.interpolated = c == '"' && t.text.find('$') != std::string::npos;
      skip_to(j + 1);
    } else if (c == '$' && i + 1 < s.size() && is_word_char(s[i + 1])) {
      std::size_t j = i + 1;
      while (j < s.size() && is_word_char(s[j])) ++j;
      t.kind = php_token::type::variable;
      t.text = std::string(s.substr(i + 1, j - i - 1));
      i = j;
    } else if (is_word_char(c)) {
      std::size_t j = i;
      while (j < s.size() && (is_word_char(s[j]) || (std::isdigit(static_cast<unsigned char>(c)) && s[j] == '.'))) ++j;
      t.kind = std::isdigit(static_cast<unsigned char>(c)) ? php_token::type::number : php_token::type::word;
      t.text = std::string(s.substr(i, j - i));
      i = j;
    } else {
      t.kind = php_token::type::punct;
      const std::string_view two = s.substr(i, 2);
      t.text = (two == "=>" || two == "==" || two == "++" || two == "->" || two == "::") ? std::string(two)
                                                                                        : std::string(1, c);
      i += t.text.size();
    }
    out.push_back(std::move(t));
  }
  return out;
}

// The variables a PHP settings file assigns (class properties and `return [...]`,
// named "return", included), each a tree built from all its assignments.
class php_settings_reader {
 public:
  explicit php_settings_reader(std::string_view content) : tokens_(php_tokens(content)) {}

  php_value read() {
    php_value vars;
    vars.kind = php_value::type::array;
    while (at_ < tokens_.size()) {
      const php_token& t = tokens_[at_];
      if (t.kind == php_token::type::word && t.text == "return" && opens_array(at_ + 1)) {
        ++at_;
        vars.slot("return") = value(0);
      } else if (t.kind == php_token::type::word && iequals(t.text, "define") && is_punct(peek(1), "(") &&
                 peek(2).kind == php_token::type::string && is_punct(peek(3), ",")) {
        const std::string name = peek(2).text;  // define('NAME', value): a constant, kept as a variable
        at_ += 4;
        vars.slot(name) = value(0);
      } else if (t.kind == php_token::type::punct && t.text == "++" && peek(1).kind == php_token::type::variable) {
        ++integers_[peek(1).text];
        at_ += 2;
      } else if (t.kind == php_token::type::variable) {
        assignment(vars);
      } else {
        ++at_;
      }
    }
    return vars;
  }

 private:
  const php_token& peek(std::size_t ahead = 0) const {
    static const php_token end;
    return at_ + ahead < tokens_.size() ? tokens_[at_ + ahead] : end;
  }
  bool is_punct(const php_token& t, std::string_view p) const { return t.kind == php_token::type::punct && t.text == p; }
  bool opens_array(std::size_t index) const {
    if (index >= tokens_.size()) return false;
    const php_token& t = tokens_[index];
    return is_punct(t, "[") ||
           (t.kind == php_token::type::word && iequals(t.text, "array") && index + 1 < tokens_.size() &&
            is_punct(tokens_[index + 1], "("));
  }

  // $name[sub]...[sub] = value;   $name++;   (at a variable token)
  void assignment(php_value& vars) {
    const std::string name = peek().text;
    ++at_;
    if (is_punct(peek(), "++")) {
      ++integers_[name];
      ++at_;
      return;
    }
    std::vector<std::string> path{name};
    while (is_punct(peek(), "[") || is_punct(peek(), "->")) {
      if (is_punct(peek(), "->")) {  // $CFG->dbpass = x: a property, read as a key
        if (peek(1).kind != php_token::type::word) return;
        path.push_back(peek(1).text);
        at_ += 2;
        continue;
      }
      ++at_;
      if (is_punct(peek(), "]")) {  // $a[] = x: appends
        path.push_back("[]");
        ++at_;
        continue;
      }
      const php_token& key = peek();
      if (key.kind == php_token::type::variable && integers_.count(key.text)) path.push_back(std::to_string(integers_[key.text]));
      else if (key.kind == php_token::type::variable) path.push_back("$" + key.text);
      else path.push_back(key.text);
      skip_expression();
      if (!is_punct(peek(), "]")) return;
      ++at_;
    }
    if (!is_punct(peek(), "=")) return;
    ++at_;
    php_value v = value(0);
    if (path.size() == 1 && v.kind == php_value::type::other) {
      try {
        integers_[name] = std::stol(v.text);
      } catch (const std::exception&) {
        integers_.erase(name);
      }
    }
    php_value* node = &vars;
    for (const std::string& part : path) {
      if (part == "[]") {
        if (node->kind != php_value::type::array) *node = php_value{php_value::type::array, {}, false, 0, {}};
        node = &node->slot(std::to_string(node->items.size()));
      } else {
        node = &node->slot(part);
      }
    }
    *node = std::move(v);
  }

  php_value value(int depth) {
    php_value v;
    v.line = peek().line;
    if (depth > kMaxNesting) {
      skip_expression();
      return v;
    }
    if (opens_array(at_)) {
      const std::string close = is_punct(peek(), "[") ? "]" : ")";
      at_ += close == "]" ? 1 : 2;
      v.kind = php_value::type::array;
      std::size_t index = 0;
      while (at_ < tokens_.size() && !is_punct(peek(), close)) {
        const std::size_t before = at_;
        php_value first = value(depth + 1);
        if (is_punct(peek(), "=>")) {
          ++at_;
          std::string key = first.text;
          v.items.emplace_back(std::move(key), value(depth + 1));
        } else {
          v.items.emplace_back(std::to_string(index++), std::move(first));
        }
        if (is_punct(peek(), ",")) ++at_;
        else if (at_ == before) ++at_;  // no progress: a token no value starts with
        else if (!is_punct(peek(), close)) skip_expression();
      }
      if (at_ < tokens_.size()) ++at_;
      return v;
    }
    const php_token& t = peek();
    if (t.kind == php_token::type::string) {
      v.kind = php_value::type::string;
      v.text = t.text;
      v.literal = !t.interpolated;
      ++at_;
      if (!ends_value(peek())) {  // 'a' . $b, 'x' ?? ...
        v.literal = false;
        skip_expression();
      }
      return v;
    }
    const std::size_t from = at_;
    skip_expression();
    for (std::size_t k = from; k < at_ && k < from + 8; ++k) v.text += tokens_[k].text;
    return v;
  }

  bool ends_value(const php_token& t) const {
    return t.kind == php_token::type::end ||
           (t.kind == php_token::type::punct && (t.text == "," || t.text == "]" || t.text == ")" || t.text == ";" ||
                                                 t.text == "=>"));
  }

  // Past one expression: up to a ',', ']', ')', ';' or '=>' outside brackets.
  void skip_expression() {
    int open = 0;
    while (at_ < tokens_.size()) {
      const php_token& t = tokens_[at_];
      if (t.kind == php_token::type::punct) {
        if (t.text == "(" || t.text == "[" || t.text == "{") ++open;
        else if (t.text == ")" || t.text == "]" || t.text == "}") {
          if (open == 0) return;
          --open;
        } else if (open == 0 && (t.text == "," || t.text == ";" || t.text == "=>")) {
          return;
        } else if (t.text == ";") {
          return;  // a statement ends whatever was left open
        }
      }
      ++at_;
    }
  }

  std::vector<php_token> tokens_;
  std::size_t at_ = 0;
  std::map<std::string, long> integers_;  // $i of phpMyAdmin's server blocks
};

}  // namespace

php_value& php_value::slot(const std::string& key) {
  static constexpr std::size_t kMaxItems = 4096;
  if (kind != type::array) *this = php_value{type::array, {}, false, line, {}};
  for (auto& item : items)
    if (item.first == key) return item.second;
  if (items.size() >= kMaxItems) {
    static thread_local php_value discarded;
    discarded = php_value{};
    return discarded;
  }
  items.emplace_back(key, php_value{});
  return items.back().second;
}

php_value read_php_settings(std::string_view content) { return php_settings_reader(content).read(); }

bool is_credential(const php_value* v) {
  return v && v->kind == php_value::type::string && v->literal && !trim(v->text).empty() &&
         !is_reference_or_placeholder(v->text);
}

// ------------------------------------------------------------------- facts

// The database a driver name points at, as the other analyzers name it.
std::string db_provider(std::string_view driver) {
  const std::string d = to_lower_ascii(driver);
  if (d.find("pgsql") != std::string::npos || d.find("postgres") != std::string::npos) return "postgres";
  if (d.find("sqlsrv") != std::string::npos || d.find("mssql") != std::string::npos) return "mssql";
  if (d.find("oci") != std::string::npos || d.find("oracle") != std::string::npos) return "oracle";
  if (d.find("sqlite") != std::string::npos) return "sqlite";
  return "mysql";
}

// The site a file configures: its directory, without the folders the
// application keeps the file in (app/etc, config, sites/NAME stays).
std::string site_of(std::string_view path) {
  std::string dir(path);
  std::replace(dir.begin(), dir.end(), '\\', '/');
  const std::size_t slash = dir.rfind('/');
  dir = slash == std::string::npos ? std::string() : dir.substr(0, slash);
  for (const char* inner : {"/app/etc", "app/etc", "/config", "config"})
    if (ends_with(dir, inner) && (dir.size() == std::string_view(inner).size() || inner[0] == '/')) {
      dir.resize(dir.size() - std::string_view(inner).size());
      break;
    }
  return dir.empty() ? std::string(".") : dir;
}

void web_app_file::add(identity_fact f, const std::string& setting) {
  f.attributes["application"] = application;
  f.attributes["setting"] = setting;
  out.identities.push_back(std::move(f));
}

void web_app_file::database(const php_value& password, const std::string& setting, const std::string& driver,
                            const std::string& user, const std::string& host, const std::string& database,
                            const std::string& port) {
  if (!is_credential(&password)) return;
  identity_fact f = client_password_fact("password", db_provider(driver), user, host.empty() ? "localhost" : host,
                                         password.text, file, password.line);
  if (!database.empty()) {
    f.name += "/" + database;
    f.attributes["database"] = database;
  }
  if (!port.empty()) f.attributes["port"] = port;
  f.attributes["unlocks"] = "database";
  f.attributes["site"] = site;
  add(std::move(f), setting);
}

void web_app_file::account(const php_value* password, const std::string& setting, const std::string& provider,
                           const std::string& user, const std::string& host, const std::string& unlocks) {
  if (!is_credential(password)) return;
  identity_fact f = client_password_fact("password", provider, user, host, password->text, file, password->line);
  f.attributes["unlocks"] = unlocks;
  f.attributes["site"] = site;
  add(std::move(f), setting);
}

void web_app_file::key(const php_value* value, const std::string& setting, const std::string& unlocks) {
  if (!is_credential(value)) return;
  identity_fact f = make_fact("secret_key", application, application + ":" + setting + "@" + site, file, value->line);
  f.attributes["value_source"] = "literal";
  f.attributes["fingerprint"] = fingerprint_of(value->text);
  f.attributes["unlocks"] = unlocks;
  f.attributes["site"] = site;
  add(std::move(f), setting);
}

const php_value* at_path(const php_value& root, std::initializer_list<std::string_view> path) {
  const php_value* v = &root;
  for (std::string_view part : path) {
    v = v->get(part);
    if (!v) return nullptr;
  }
  return v;
}

ini_sections read_app_ini(std::string_view content) {
  ini_sections out;
  std::string section;  // "" before the first: the default section
  std::uint64_t number = 0;
  for (const std::string& raw : split(content, '\n')) {
    ++number;
    const std::string line = trim(raw);
    if (line.empty() || line[0] == ';' || line[0] == '#') continue;
    if (line[0] == '[') {
      const std::size_t close = line.find(']');
      section = to_lower_ascii(trim(std::string_view(line).substr(1, close == std::string::npos ? std::string::npos : close - 1)));
      continue;
    }
    const std::size_t eq = line.find('=');
    if (eq == std::string::npos || eq == 0) continue;
    std::string key = trim(std::string_view(line).substr(0, eq)), value = trim(std::string_view(line).substr(eq + 1));
    const bool quoted = value.size() >= 2 && (value[0] == '`' || value[0] == '"') && value.back() == value[0];
    if (quoted) value = value.substr(1, value.size() - 2);
    for (char& c : key) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (out.size() < 256 && out[section].size() < 4096) out[section][key] = {std::move(value), number, quoted};
  }
  return out;
}

namespace {

// Joomla: class JConfig { public $host, $user, $password, $db, $secret, $smtp*, $ftp_* }.
void joomla(const php_value& vars, web_app_file& app) {
  if (const std::string name = vars.str("sitename"); !name.empty() && !is_reference_or_placeholder(name)) app.site = name;
  if (const php_value* pw = vars.get("password"))
    app.database(*pw, "$password", vars.str("dbtype"), vars.str("user"), vars.str("host"), vars.str("db"));
  app.key(vars.get("secret"), "secret", "session, form and remember-me tokens of the site");
  app.account(vars.get("smtppass"), "$smtppass", "smtp", vars.str("smtpuser"), vars.str("smtphost"), "mail relay");
  app.account(vars.get("ftp_pass"), "$ftp_pass", "ftp", vars.str("ftp_user"), vars.str("ftp_host"), "ftp");
}

// Drupal: $databases[TARGET][KEY] = [...] (any style), $settings['hash_salt'], $drupal_hash_salt.
void drupal(const php_value& vars, web_app_file& app) {
  if (const php_value* databases = vars.get("databases"); databases && databases->kind == php_value::type::array)
    for (const auto& [target, keys] : databases->items)
      for (const auto& [key, c] : keys.items) {
        const std::string setting = "$databases['" + target + "']['" + key + "']";
        if (const php_value* pw = c.get("password")) {
          app.database(*pw, setting, c.str("driver"), c.str("username"), c.str("host"), c.str("database"),
                       c.str("port"));
          continue;
        }
        for (const auto& [index, replica] : c.items)  // a list of replicas: $databases['default']['replica'][]
          if (const php_value* pw = replica.get("password"))
            app.database(*pw, setting + "[" + index + "]", replica.str("driver"), replica.str("username"),
                         replica.str("host"), replica.str("database"), replica.str("port"));
      }
  const std::string unlocks = "one-time login and password-reset links, form tokens";
  if (const php_value* salt = at_path(vars, {"settings", "hash_salt"})) app.key(salt, "hash_salt", unlocks);
  app.key(vars.get("drupal_hash_salt"), "drupal_hash_salt", unlocks);
}

// Magento 2: return ['crypt' => ['key' => ...], 'db' => ['connection' => [NAME => [...]]]].
void magento2(const php_value& vars, web_app_file& app) {
  const php_value* env = vars.get("return");
  if (!env) return;
  app.key(at_path(*env, {"crypt", "key"}), "crypt.key",
          "values the store keeps encrypted (payment and API credentials), admin and customer tokens");
  if (const php_value* connections = at_path(*env, {"db", "connection"}))
    for (const auto& [name, c] : connections->items)
      if (const php_value* pw = c.get("password"))
        app.database(*pw, "db.connection." + name, c.str("model"), c.str("username"), c.str("host"), c.str("dbname"));
}

// phpMyAdmin: $cfg['blowfish_secret'], $cfg['Servers'][N][host, user, password, controluser, controlpass].
void phpmyadmin(const php_value& vars, web_app_file& app) {
  const php_value* cfg = vars.get("cfg");
  if (!cfg) return;
  const php_value* secret = cfg->get("blowfish_secret");
  php_value hex;  // sodium_hex2bin('...'), as phpMyAdmin 5.2's setup writes it: the rule takes the hex
  if (secret && secret->kind == php_value::type::other && starts_with(secret->text, "sodium_hex2bin(") &&
      ends_with(secret->text, ")")) {
    hex = php_value{php_value::type::string, secret->text.substr(15, secret->text.size() - 16), true, secret->line, {}};
    secret = &hex;
  }
  app.key(secret, "blowfish_secret", "the MySQL passwords phpMyAdmin keeps in login cookies");
  if (const php_value* servers = cfg->get("Servers"))
    for (const auto& [index, s] : servers->items) {
      const std::string host = s.str("host"), port = s.str("port");
      if (const php_value* pw = s.get("password"))
        app.database(*pw, "Servers[" + index + "].password", "mysql", s.str("user"), host, {}, port);
      if (const php_value* pw = s.get("controlpass"))
        app.database(*pw, "Servers[" + index + "].controlpass", "mysql", s.str("controluser"), host, {}, port);
    }
}

// MediaWiki: $wgDBpassword with $wgDBuser/$wgDBserver/$wgDBname, $wgDBadminpassword,
// $wgSecretKey, $wgUpgradeKey, $wgSMTP['password'].
void mediawiki(const php_value& vars, web_app_file& app) {
  if (const std::string name = vars.str("wgSitename"); !name.empty()) app.site = name;
  const std::string type = vars.str("wgDBtype"), server = vars.str("wgDBserver"), db = vars.str("wgDBname");
  if (const php_value* pw = vars.get("wgDBpassword"))
    app.database(*pw, "$wgDBpassword", type, vars.str("wgDBuser"), server, db);
  if (const php_value* pw = vars.get("wgDBadminpassword"))
    app.database(*pw, "$wgDBadminpassword", type, vars.str("wgDBadminuser"), server, db);
  app.key(vars.get("wgSecretKey"), "wgSecretKey", "session and token signatures");
  app.key(vars.get("wgUpgradeKey"), "wgUpgradeKey", "the web installer's upgrade of the wiki");
  if (const php_value* smtp = vars.get("wgSMTP")) {
    std::string host = smtp->str("host");
    if (const std::size_t scheme = host.find("://"); scheme != std::string::npos) host = host.substr(scheme + 3);
    app.account(smtp->get("password"), "$wgSMTP", "smtp", smtp->str("username"), host, "mail relay");
  }
}

// Nextcloud / ownCloud: $CONFIG = [passwordsalt, secret, dbpassword + dbuser/dbhost/dbname, mail_smtppassword].
void nextcloud(const php_value& vars, web_app_file& app) {
  const php_value* config = vars.get("CONFIG");
  if (!config) return;
  if (const php_value* domains = config->get("trusted_domains"); domains && !domains->items.empty() &&
                                                                domains->items[0].second.literal)
    app.site = domains->items[0].second.text;
  const std::string instance = config->str("instanceid");
  const std::size_t before = app.out.identities.size();
  app.key(config->get("secret"), "secret", "credentials the server stores encrypted, its signed tokens");
  app.key(config->get("passwordsalt"), "passwordsalt", "the users' password hashes (with the hashes, an offline attack)");
  if (const php_value* pw = config->get("dbpassword"))
    app.database(*pw, "dbpassword", config->str("dbtype"), config->str("dbuser"), config->str("dbhost"),
                 config->str("dbname"));
  std::string smtp_host = config->str("mail_smtphost");
  if (const std::string port = config->str("mail_smtpport"); !port.empty() && !smtp_host.empty()) smtp_host += ":" + port;
  app.account(config->get("mail_smtppassword"), "mail_smtppassword", "smtp", config->str("mail_smtpname"), smtp_host,
              "mail relay");
  if (!instance.empty())
    for (std::size_t i = before; i < app.out.identities.size(); ++i) app.out.identities[i].attributes["instanceid"] = instance;
}

// ----------------------------------------------------------- Magento 1 XML

// The text of the first <tag> in `block` (CDATA unwrapped), and its offset in
// `block`; npos when absent.
std::pair<std::string, std::size_t> xml_text(std::string_view block, std::string_view tag) {
  const std::string open = "<" + std::string(tag) + ">", close = "</" + std::string(tag) + ">";
  const std::size_t from = block.find(open);
  if (from == std::string_view::npos) return {{}, std::string_view::npos};
  const std::size_t start = from + open.size(), end = block.find(close, start);
  if (end == std::string_view::npos) return {{}, std::string_view::npos};
  std::string_view text = block.substr(start, end - start);
  const std::string trimmed = trim(text);
  if (starts_with(trimmed, "<![CDATA[") && ends_with(trimmed, "]]>"))
    return {trimmed.substr(9, trimmed.size() - 12), start};
  return {xml_entities_unescaped(trimmed), start};
}

void magento1(const source_file& file, web_app_file& app) {
  const std::string content = without_xml_comments(file.content);
  const std::string_view text(content);
  auto literal = [&](const std::pair<std::string, std::size_t>& found, std::size_t base) {
    php_value v;
    v.kind = php_value::type::string;
    v.literal = found.second != std::string_view::npos;
    v.text = found.first;
    v.line = v.literal ? line_at(text, base + found.second) : 0;
    return v;
  };
  if (const std::size_t crypt = text.find("<crypt>"); crypt != std::string_view::npos) {
    const php_value key = literal(xml_text(text.substr(crypt), "key"), crypt);
    app.key(&key, "crypt.key", "values the store keeps encrypted (payment and API credentials)");
  }
  for (std::size_t at = text.find("<connection>"); at != std::string_view::npos; at = text.find("<connection>", at + 1)) {
    const std::size_t end = text.find("</connection>", at);
    if (end == std::string_view::npos) break;
    const std::string_view block = text.substr(at, end - at);
    const php_value pw = literal(xml_text(block, "password"), at);
    app.database(pw, "connection", xml_text(block, "type").first, xml_text(block, "username").first,
                 xml_text(block, "host").first, xml_text(block, "dbname").first);
  }
}

// -------------------------------------------------------- Gitea app.ini

void gitea(const source_file& file, web_app_file& app) {
  const ini_sections ini = read_app_ini(file.content);
  auto get = [&](const char* section, const char* key) -> const ini_setting* {
    const auto s = ini.find(section);
    if (s == ini.end()) return nullptr;
    const auto k = s->second.find(key);
    return k == s->second.end() ? nullptr : &k->second;
  };
  auto text = [&](const char* section, const char* key) {
    const ini_setting* v = get(section, key);
    return v ? v->value : std::string();
  };
  auto as_value = [](const ini_setting* v) { return v ? php_value::literal_string(v->value, v->line) : php_value{}; };
  if (const std::string domain = text("server", "DOMAIN"); !domain.empty() && !is_reference_or_placeholder(domain))
    app.site = domain;
  for (const auto& [section, key, unlocks] :
       {std::tuple<const char*, const char*, const char*>{"security", "SECRET_KEY",
                                                          "the secrets Gitea stores encrypted (2FA, OAuth2 and mirror credentials), its cookies"},
        {"security", "INTERNAL_TOKEN", "Gitea's internal API, which the SSH and hook commands call"},
        {"oauth2", "JWT_SECRET", "the OAuth2 access and ID tokens Gitea signs as a provider"},
        {"server", "LFS_JWT_SECRET", "the LFS tokens Gitea signs (read and write to any repository's LFS objects)"}}) {
    const php_value v = as_value(get(section, key));
    app.key(&v, key, unlocks);
  }
  const php_value db = as_value(get("database", "PASSWD"));
  std::string host = text("database", "HOST");
  app.database(db, "[database] PASSWD", text("database", "DB_TYPE"), text("database", "USER"), host,
               text("database", "NAME"));
  const php_value mail = as_value(get("mailer", "PASSWD"));
  std::string smtp = text("mailer", "SMTP_ADDR");
  if (smtp.empty()) smtp = text("mailer", "HOST");  // before Gitea 1.18: host:port
  else if (const std::string port = text("mailer", "SMTP_PORT"); !port.empty()) smtp += ":" + port;
  app.account(&mail, "[mailer] PASSWD", "smtp", text("mailer", "USER"), smtp, "mail relay");
}

// ------------------------------------------------------- GitLab Omnibus

// The quoted text at the start of `s` ('x' or "x"); false when `s` does not
// start with a quote or the string is not closed. Ruby interpolation
// ("#{...}") makes a double-quoted string no literal.
bool ruby_string(std::string_view s, std::string& out, bool& literal) {
  if (s.empty() || (s[0] != '\'' && s[0] != '"')) return false;
  const std::size_t close = s.find(s[0], 1);
  if (close == std::string_view::npos) return false;
  out = std::string(s.substr(1, close - 1));
  literal = !(s[0] == '"' && out.find("#{") != std::string::npos);
  return true;
}

// /etc/gitlab/gitlab.rb: `gitlab_rails['KEY'] = 'VALUE'` lines and `external_url 'URL'`.
void gitlab_rb(const source_file& file, web_app_file& app) {
  std::map<std::string, php_value> rails;
  std::string external_host;
  std::uint64_t number = 0;
  for (const std::string& raw : split(file.content, '\n')) {
    ++number;
    const std::string line = trim(raw);
    if (line.empty() || line[0] == '#') continue;
    std::string text;
    bool literal = false;
    if (starts_with(line, "external_url") && ruby_string(trim(std::string_view(line).substr(12)), text, literal)) {
      const std::size_t scheme = text.find("://");
      external_host = scheme == std::string::npos ? text : text.substr(scheme + 3);
      external_host = external_host.substr(0, external_host.find('/'));
      continue;
    }
    if (!starts_with(line, "gitlab_rails[")) continue;
    const std::string_view rest = std::string_view(line).substr(13);
    std::string key;
    bool key_literal = false;
    if (!ruby_string(rest, key, key_literal)) continue;
    const std::size_t eq = rest.find('=', key.size() + 2);
    if (eq == std::string_view::npos || rest.substr(key.size() + 2, eq - key.size() - 2).find(']') == std::string_view::npos)
      continue;
    php_value v;
    v.line = number;
    if (ruby_string(trim(rest.substr(eq + 1)), text, literal)) {
      v.kind = php_value::type::string;
      v.text = text;
      v.literal = literal;
    }
    if (rails.size() < 4096) rails[key] = std::move(v);
  }
  auto str = [&](const char* key, const char* fallback) {
    const auto it = rails.find(key);
    return it != rails.end() && it->second.literal ? it->second.text : std::string(fallback);
  };
  auto get = [&](const char* key) -> const php_value* {
    const auto it = rails.find(key);
    return it == rails.end() ? nullptr : &it->second;
  };
  if (!external_host.empty()) app.site = external_host;
  if (const php_value* pw = get("db_password"))
    app.database(*pw, "gitlab_rails['db_password']", str("db_adapter", "postgresql"), str("db_username", "gitlab"),
                 str("db_host", "localhost"), str("db_database", "gitlabhq_production"));
  if (const php_value* pw = get("initial_root_password"); is_credential(pw)) {
    identity_fact f = client_password_fact("password", "gitlab", "root", app.site, pw->text, file, pw->line);
    f.attributes["unlocks"] = "the instance's administrator account (until its password is changed)";
    f.attributes["site"] = app.site;
    app.add(std::move(f), "gitlab_rails['initial_root_password']");
  }
  app.account(get("smtp_password"), "gitlab_rails['smtp_password']", "smtp", str("smtp_user_name", ""),
              str("smtp_address", ""), "mail relay");
  if (const php_value* token = get("initial_shared_runners_registration_token"); is_credential(token)) {
    identity_fact f = make_fact("token", "gitlab", "gitlab:runner-registration@" + app.site, file, token->line);
    f.attributes["value_source"] = "literal";
    f.attributes["fingerprint"] = fingerprint_of(token->text);
    f.attributes["unlocks"] = "registering instance runners (which then receive jobs and their CI variables)";
    f.attributes["site"] = app.site;
    app.add(std::move(f), "gitlab_rails['initial_shared_runners_registration_token']");
  }
}

// /etc/gitlab/gitlab-secrets.json: the keys under "gitlab_rails".
void gitlab_secrets(const source_file& file, web_app_file& app) {
  const json doc = json::parse(file.content, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return;
  const auto rails = doc.find("gitlab_rails");
  if (rails == doc.end() || !rails->is_object()) return;
  for (const auto& [key, unlocks] :
       {std::pair<const char*, const char*>{"secret_key_base", "session cookies and signed values of the instance"},
        {"db_key_base", "the secrets GitLab stores encrypted in its database (CI variables, tokens, integrations)"},
        {"otp_key_base", "the users' two-factor seeds"},
        {"encrypted_settings_key_base", "the encrypted settings files (LDAP, SMTP, incoming mail credentials)"},
        {"openid_connect_signing_key", "the ID tokens GitLab signs as an OpenID Connect provider"}}) {
    const auto v = rails->find(key);
    if (v == rails->end() || !v->is_string()) continue;
    const std::string value = v->get<std::string>();
    php_value found{php_value::type::string, value, true, line_of_text(file.content, "\"" + std::string(key) + "\""), {}};
    // openid_connect_signing_key is a PEM key: the private-key rules report it.
    app.key(&found, key, unlocks);
  }
}

enum class web_app { none, joomla, drupal, magento2, magento1, phpmyadmin, mediawiki, nextcloud, gitea, gitlab_rb,
                     gitlab_secrets };

web_app web_app_of(std::string_view path, std::string_view content) {
  std::string p = to_lower_ascii(path);
  std::replace(p.begin(), p.end(), '\\', '/');
  const std::size_t slash = p.rfind('/');
  const std::string base = slash == std::string::npos ? p : p.substr(slash + 1);
  const std::string dir = slash == std::string::npos ? std::string() : p.substr(0, slash);
  auto has = [&](std::string_view s) { return content.find(s) != std::string_view::npos; };
  if (base == "configuration.php" && has("JConfig")) return web_app::joomla;
  if ((base == "settings.php" || base == "settings.local.php") && (has("$databases") || has("hash_salt")))
    return web_app::drupal;
  if (base == "env.php" && ends_with(dir, "app/etc") && has("'db'")) return web_app::magento2;
  if (base == "local.xml" && ends_with(dir, "app/etc") && has("<config>")) return web_app::magento1;
  if (base == "config.inc.php" && has("$cfg")) return web_app::phpmyadmin;
  if (base == "localsettings.php" && has("$wg")) return web_app::mediawiki;
  if (base == "config.php" && (dir == "config" || ends_with(dir, "/config")) && has("$CONFIG")) return web_app::nextcloud;
  if (base == "app.ini" && (has("[database]") || has("[security]"))) return web_app::gitea;
  if (base == "gitlab.rb" && has("gitlab_rails[")) return web_app::gitlab_rb;
  if (base == "gitlab-secrets.json" && has("\"gitlab_rails\"")) return web_app::gitlab_secrets;
  return web_app::none;
}

}  // namespace

bool looks_like_web_app_settings(std::string_view path, std::string_view content) {
  return web_app_of(path, content) != web_app::none;
}

void analyze_web_app_settings(const source_file& file, analysis_result& out) {
  const web_app which = web_app_of(file.path, file.content);
  if (which == web_app::none) return;
  static const char* const names[] = {"",           "joomla",    "drupal",    "magento", "magento",
                                      "phpmyadmin", "mediawiki", "nextcloud", "gitea",   "gitlab",
                                      "gitlab"};
  web_app_file app{file, out, names[static_cast<int>(which)], site_of(file.path)};
  if (which == web_app::magento1) {
    magento1(file, app);
    return;
  }
  if (which == web_app::gitea) {
    gitea(file, app);
    return;
  }
  if (which == web_app::gitlab_rb) {
    gitlab_rb(file, app);
    return;
  }
  if (which == web_app::gitlab_secrets) {
    gitlab_secrets(file, app);
    return;
  }
  const php_value vars = read_php_settings(file.content);
  switch (which) {
    case web_app::joomla: joomla(vars, app); return;
    case web_app::drupal: drupal(vars, app); return;
    case web_app::magento2: magento2(vars, app); return;
    case web_app::phpmyadmin: phpmyadmin(vars, app); return;
    case web_app::mediawiki: mediawiki(vars, app); return;
    case web_app::nextcloud: nextcloud(vars, app); return;
    case web_app::magento1:
    case web_app::gitea:
    case web_app::gitlab_rb:
    case web_app::gitlab_secrets:
    case web_app::none: return;
  }
}

}  // namespace nhi::detail
