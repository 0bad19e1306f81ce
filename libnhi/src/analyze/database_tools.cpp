// SPDX-License-Identifier: Apache-2.0
// The connection stores of Java and MongoDB database client tools: SQuirreL
// SQL (SQLAliases23.xml), Robo 3T / Studio 3T (robo3t.json) and DbVisualizer
// (dbvis.xml). Each saved login becomes a fact named user@host, the host,
// port and database read from the JDBC URL (or the tool's own fields). Plain
// values are fingerprinted as the rules see them; DbVisualizer's encrypted
// value is fingerprinted as stored and marked as such (its static key is not
// published by the vendor, so it is not decrypted here).
#include <algorithm>
#include <cctype>

#include "analyze/analyzers.hpp"
#include "analyze/json_util.hpp"
#include "nhi/finding.hpp"
#include "util/text.hpp"

namespace nhi::detail {
namespace {

// Where a JDBC URL points: jdbc:postgresql://host:5432/db,
// jdbc:sqlserver://host:1433;databaseName=db, jdbc:oracle:thin:@host:1521:SID,
// jdbc:oracle:thin:@//host:1521/service, (DESCRIPTION=...(HOST=h)(PORT=p)...).
struct jdbc_target {
  std::string provider = "database", host, port, database;
};

std::string jdbc_provider(const std::string& sub) {
  if (sub == "postgresql" || sub == "pgsql") return "postgres";
  if (sub == "mysql" || sub == "mariadb") return "mysql";
  if (sub == "sqlserver" || sub == "jtds" || sub == "microsoft") return "mssql";
  if (sub == "oracle") return "oracle";
  if (sub == "db2" || sub == "as400") return "db2";
  for (const char* known : {"redshift", "snowflake", "clickhouse", "sybase", "informix", "vertica", "teradata",
                            "mongodb", "cassandra", "presto", "trino", "hive2", "sap", "exasol", "firebirdsql"})
    if (sub == known) return sub;
  return "database";
}

// host[:port] of an authority; "[v6]:port" kept without the brackets.
void split_host_port(std::string_view authority, jdbc_target& t) {
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  authority = authority.substr(0, authority.find(','));  // the first of several hosts
  if (!authority.empty() && authority.front() == '[') {
    const std::size_t close = authority.find(']');
    t.host = std::string(authority.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1));
    if (close != std::string_view::npos && close + 1 < authority.size() && authority[close + 1] == ':')
      t.port = std::string(authority.substr(close + 2));
    return;
  }
  const std::size_t colon = authority.find(':');
  t.host = std::string(authority.substr(0, colon));
  if (colon != std::string_view::npos) t.port = std::string(authority.substr(colon + 1));
}

std::string after_icase(std::string_view text, std::string_view key, std::string_view stops) {
  const std::size_t at = ifind(text, key);
  if (at == std::string_view::npos) return {};
  const std::string_view rest = text.substr(at + key.size());
  return trim(rest.substr(0, rest.find_first_of(stops)));
}

jdbc_target parse_jdbc_url(std::string_view url) {
  jdbc_target t;
  std::string_view u = url;
  if (u.size() >= 5 && iequals(u.substr(0, 5), "jdbc:")) u.remove_prefix(5);
  t.provider = jdbc_provider(to_lower_ascii(u.substr(0, u.find(':'))));
  if (ifind(u, "(description") != std::string_view::npos || ifind(u, "(address") != std::string_view::npos) {
    t.host = after_icase(u, "host=", ")");
    t.port = after_icase(u, "port=", ")");
    t.database = after_icase(u, "service_name=", ")");
    return t;
  }
  if (const std::size_t slashes = u.find("//"); slashes != std::string_view::npos) {
    const std::string_view rest = u.substr(slashes + 2);
    const std::size_t end = rest.find_first_of("/;?");
    split_host_port(rest.substr(0, end), t);
    if (end != std::string_view::npos && rest[end] == '/') {
      const std::string_view path = rest.substr(end + 1);
      t.database = std::string(path.substr(0, path.find_first_of(";?&")));
    }
    if (t.database.empty()) t.database = after_icase(rest, "databasename=", ";&");
    if (t.database.empty()) t.database = after_icase(rest, "database=", ";&");
    return t;
  }
  // Oracle thin: jdbc:oracle:thin:@host:1521:SID (also user/password@host:...).
  if (const std::size_t at = u.rfind('@'); at != std::string_view::npos && t.provider == "oracle") {
    const std::vector<std::string> parts = split(u.substr(at + 1), ':');
    if (!parts.empty()) t.host = parts[0];
    if (parts.size() > 1) t.port = parts[1];
    if (parts.size() > 2) t.database = parts[2];
  }
  return t;
}

void add_target(identity_fact& f, const jdbc_target& t) {
  if (!t.port.empty()) f.attributes["port"] = t.port;
  if (!t.database.empty()) f.attributes["database"] = t.database;
}

// A child element of a SQuirreL bean: the first <name> not inside a nested <Bean>.
std::string bean_property(std::string_view bean, std::string_view name, std::size_t* offset) {
  const std::string open = "<" + std::string(name) + ">", close = "</" + std::string(name) + ">";
  for (std::size_t at = bean.find(open); at != std::string_view::npos; at = bean.find(open, at + 1)) {
    const std::string_view before = bean.substr(0, at);
    std::size_t opened = 0, closed = 0;
    for (std::size_t p = before.find("<Bean"); p != std::string_view::npos; p = before.find("<Bean", p + 1)) ++opened;
    for (std::size_t p = before.find("</Bean>"); p != std::string_view::npos; p = before.find("</Bean>", p + 1)) ++closed;
    if (opened > closed) continue;
    const std::size_t end = bean.find(close, at);
    if (end == std::string_view::npos) return {};
    *offset = at;
    return trim(xml_entities_unescaped(bean.substr(at + open.size(), end - at - open.size())));
  }
  return {};
}

std::string json_scalar(const json& j, std::string_view key) {
  const json* m = json_member(j, key);
  if (!m) return {};
  if (m->is_string()) return m->get<std::string>();
  if (m->is_number_integer()) return std::to_string(m->get<long long>());
  return {};
}

}  // namespace

// SQuirreL SQL's aliases (~/.squirrel-sql/SQLAliases23.xml): one
// <Bean Class="net.sourceforge.squirrel_sql.client.gui.db.SQLAlias"> per
// alias with <name>, <url>, <userName> and, when "save password" is on, the
// <password> in plain text.
void analyze_squirrel_aliases(const source_file& file, analysis_result& out) {
  const std::string_view c = file.content;
  constexpr std::string_view kAlias = "net.sourceforge.squirrel_sql.client.gui.db.SQLAlias\"";
  std::vector<std::size_t> starts;
  for (std::size_t at = c.find(kAlias); at != std::string_view::npos; at = c.find(kAlias, at + 1)) {
    const std::size_t tag_end = c.find('>', at);
    if (tag_end == std::string_view::npos) throw parse_failure("SQuirreL alias file ends inside a <Bean> tag", line_at(c, at));
    starts.push_back(tag_end + 1);
  }
  for (std::size_t i = 0; i < starts.size(); ++i) {
    const std::size_t end = i + 1 < starts.size() ? starts[i + 1] : c.size();
    const std::string_view bean = c.substr(starts[i], end - starts[i]);
    std::size_t at = 0;
    const std::string password = bean_property(bean, "password", &at);
    if (password.empty() || is_reference_or_placeholder(password)) continue;
    const std::uint64_t line = line_at(c, starts[i] + at);
    std::size_t ignored = 0;
    const std::string user = bean_property(bean, "userName", &ignored);
    const jdbc_target t = parse_jdbc_url(bean_property(bean, "url", &ignored));
    const std::string alias = bean_property(bean, "name", &ignored);
    identity_fact f = client_password_fact("password", t.provider, user, t.host.empty() ? alias : t.host, password, file,
                                           line);
    add_target(f, t);
    if (!alias.empty()) f.attributes["alias"] = alias;
    f.attributes["encoding"] = "plain";
    out.identities.push_back(std::move(f));
  }
}

// Robo 3T / Studio 3T (robo3t.json, older robomongo.json): connections[] with
// serverHost, serverPort, connectionName and credentials[] of databaseName,
// userName, userPassword in plain text; an SSH tunnel's userPassword and
// passphrase under "ssh".
void analyze_robo3t(const source_file& file, analysis_result& out) {
  const json doc = parse_json(file.content);
  const json* connections = doc.is_object() ? json_member(doc, "connections") : nullptr;
  if (!connections || !connections->is_array()) return;
  // Lines of the password keys in file order (Robo 3T writes keys sorted, so
  // credentials come before the SSH tunnel's passphrase and userPassword).
  std::size_t cursor = 0;
  const auto next_line = [&](std::string_view key) -> std::uint64_t {
    const std::size_t at = file.content.find(key, cursor);
    if (at == std::string_view::npos) return 0;
    cursor = at + key.size();
    return line_at(file.content, at);
  };
  for (const json& conn : *connections) {
    if (!conn.is_object()) continue;
    const std::string host = json_scalar(conn, "serverHost"), port = json_scalar(conn, "serverPort"),
                      name = json_scalar(conn, "connectionName");
    if (const json* creds = json_member(conn, "credentials"); creds && creds->is_array()) {
      for (const json& cred : *creds) {
        if (!cred.is_object() || !json_member(cred, "userPassword")) continue;
        const std::uint64_t line = next_line("\"userPassword\"");
        const std::string password = json_scalar(cred, "userPassword");
        if (password.empty() || is_reference_or_placeholder(password)) continue;
        identity_fact f = client_password_fact("password", "mongodb", json_scalar(cred, "userName"), host, password,
                                               file, line);
        if (!port.empty()) f.attributes["port"] = port;
        if (const std::string db = json_scalar(cred, "databaseName"); !db.empty()) f.attributes["database"] = db;
        if (const std::string mechanism = json_scalar(cred, "mechanism"); !mechanism.empty())
          f.attributes["mechanism"] = mechanism;
        if (!name.empty()) f.attributes["connection"] = name;
        out.identities.push_back(std::move(f));
      }
    }
    const json* ssh = json_member(conn, "ssh");
    if (!ssh || !ssh->is_object()) continue;
    for (const char* key : {"passphrase", "userPassword"}) {
      if (!json_member(*ssh, key)) continue;
      const std::uint64_t line = next_line("\"" + std::string(key) + "\"");
      const std::string value = json_scalar(*ssh, key);
      if (value.empty() || is_reference_or_placeholder(value)) continue;
      identity_fact f = client_password_fact("password", "ssh", json_scalar(*ssh, "userName"), json_scalar(*ssh, "host"),
                                             value, file, line);
      f.attributes["setting"] = std::string("ssh ") + key;
      if (const std::string ssh_port = json_scalar(*ssh, "port"); !ssh_port.empty()) f.attributes["port"] = ssh_port;
      if (!name.empty()) f.attributes["connection"] = name;
      out.identities.push_back(std::move(f));
    }
  }
}

// DbVisualizer's dbvis.xml: <Database> entries with <Alias>, <Url> (or the
// Server, Port and Database URL variables), <Userid> and the <Password>
// DbVisualizer encrypted (PBE with MD5 and DES, base64) under a static key, or
// under the user's master password when one is set.
void analyze_dbvis(const source_file& file, analysis_result& out) {
  const std::string_view c = file.content;
  for (const auto& [offset, tag] : xml_start_tags(c, "Database")) {
    const std::size_t body = offset + tag.size();
    const std::size_t end = c.find("</Database>", body);
    const std::string_view entry = c.substr(body, end == std::string_view::npos ? std::string_view::npos : end - body);
    std::size_t at = 0;
    const std::string password = xml_element_text(entry, "Password", &at);
    // Base64 ciphertext may start with '/' or hold any word: only a value of
    // other characters is judged as a template, reference or mask.
    const bool ciphertext = std::all_of(password.begin(), password.end(), [](char ch) {
      return std::isalnum(static_cast<unsigned char>(ch)) || ch == '+' || ch == '/' || ch == '=';
    });
    if (password.empty() || (ciphertext ? password.find_first_not_of("xX") == std::string::npos
                                        : is_reference_or_placeholder(password)))
      continue;
    jdbc_target t = parse_jdbc_url(xml_element_text(entry, "Url"));
    for (const auto& [var_at, var] : xml_start_tags(entry, "UrlVariable")) {
      const std::string name = to_lower_ascii(xml_tag_attribute(var, "UrlVariableName"));
      const std::size_t from = var_at + var.size(), to = entry.find('<', from);
      if (to == std::string_view::npos) break;
      const std::string value = trim(xml_entities_unescaped(entry.substr(from, to - from)));
      if (name == "server" && t.host.empty()) t.host = value;
      else if (name == "port" && t.port.empty()) t.port = value;
      else if (name == "database" && t.database.empty()) t.database = value;
    }
    if (t.host.empty()) t.host = xml_element_text(entry, "Server");
    const std::string alias = xml_element_text(entry, "Alias");
    if (t.provider == "database") {
      const std::string driver = to_lower_ascii(xml_element_text(entry, "Driver"));
      for (const char* known : {"postgres", "mysql", "oracle", "db2", "mongodb", "snowflake", "redshift"})
        if (driver.find(known) != std::string::npos) t.provider = known;
      if (driver.find("sql server") != std::string::npos) t.provider = "mssql";
    }
    identity_fact f = encoded_password_fact("password", t.provider, xml_element_text(entry, "Userid"),
                                            t.host.empty() ? alias : t.host, password, file, line_at(c, body + at));
    add_target(f, t);
    if (!alias.empty()) f.attributes["alias"] = alias;
    f.attributes["encoding"] = "dbvisualizer-pbe-md5-des";
    f.attributes["decrypt_error"] = "not decrypted: DbVisualizer's static key is not published by its vendor";
    out.identities.push_back(std::move(f));
  }
}

}  // namespace nhi::detail
