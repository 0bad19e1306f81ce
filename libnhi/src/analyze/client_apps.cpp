// SPDX-License-Identifier: Apache-2.0
// The configuration files of mail, file-transfer and database client
// applications, and a Rails application's master key. Each saved login
// becomes a fact named user@host, the identity the password unlocks; the
// value is never kept, only whether it is literal and, if so, the fingerprint
// the secret scanner gives the same bytes, so the inventory joins the two.
#include <algorithm>
#include <map>
#include <tuple>

#include "analyze/analyzers.hpp"
#include "analyze/json_util.hpp"
#include "nhi/finding.hpp"
#include "util/cipher.hpp"
#include "util/text.hpp"

namespace nhi::detail {
namespace {

// "imaps://ops@mail.acme.io:993/INBOX" -> user "ops", host "mail.acme.io";
// a password in the URL is left to the scanner.
struct url_login { std::string user, host; };
url_login login_of_url(std::string_view url) {
  url_login l;
  const std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return l;
  std::string_view rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find('/'));
  const std::size_t at = rest.rfind('@');
  if (at != std::string_view::npos) {
    const std::string_view userinfo = rest.substr(0, at);
    percent_decode(userinfo.substr(0, userinfo.find(':')), l.user);
    rest = rest.substr(at + 1);
  }
  l.host = std::string(rest.substr(0, rest.find(':')));
  return l;
}

// A value mutt runs a command for (`pass show mail`) is not stored here.
identity_fact mail_fact(const std::string& provider, const std::string& user, const std::string& host,
                        const std::string& value, const source_file& file, std::uint64_t line) {
  const bool command = !value.empty() && value.front() == '`';
  identity_fact f = client_password_fact("password", provider, user, host, command ? "$(command)" : value, file, line);
  if (command) f.attributes["value_source"] = "command";
  return f;
}

const json* member_object(const json& j, std::string_view key) {
  const json* m = json_member(j, key);
  return m && m->is_object() ? m : nullptr;
}

std::string json_text(const json& j, std::string_view key) {
  const json* m = json_member(j, key);
  if (!m) return {};
  if (m->is_string()) return m->get<std::string>();
  if (m->is_number_integer()) return std::to_string(m->get<long long>());
  return {};
}

// Whether member `key` of `j` is the JSON literal true.
bool json_true(const json& j, std::string_view key) {
  const json* m = json_member(j, key);
  return m && m->is_boolean() && m->get<bool>();
}

// The text of the first <name ...>text</name> element at or after `from` and
// before `end`; empty when absent.
std::string xml_text(std::string_view block, std::string_view name) {
  const std::string open = "<" + std::string(name);
  for (std::size_t at = block.find(open); at != std::string_view::npos; at = block.find(open, at + 1)) {
    const std::size_t after = at + open.size();
    if (after >= block.size() || (block[after] != '>' && block[after] != ' ')) continue;  // <Passive> is not <Pass>
    const std::size_t gt = block.find('>', after);
    if (gt == std::string_view::npos || block[gt - 1] == '/') return {};
    const std::size_t close = block.find("</" + std::string(name) + ">", gt);
    if (close == std::string_view::npos) return {};
    return std::string(block.substr(gt + 1, close - gt - 1));
  }
  return {};
}

}  // namespace

// mutt (~/.muttrc, ~/.mutt/muttrc, ~/.config/mutt/muttrc): "set name = value"
// lines. smtp_pass goes with the user and host of smtp_url; imap_pass with
// imap_user and the host of folder or spoolfile; pop_pass with pop_user and
// pop_host.
void analyze_muttrc(const source_file& file, analysis_result& out) {
  std::map<std::string, std::pair<std::string, std::uint64_t>> set;
  std::uint64_t line_number = 0;
  for (const std::string& raw : split(file.content, '\n')) {
    ++line_number;
    const std::string line = trim(raw);
    if (!starts_with(line, "set ") && !starts_with(line, "set\t")) continue;
    const std::size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string value = trim(std::string_view(line).substr(eq + 1));
    if (!value.empty() && value.front() != '"' && value.front() != '\'') value = value.substr(0, value.find_first_of(" \t#"));
    set[to_lower_ascii(trim(std::string_view(line).substr(4, eq - 4)))] = {trim_unquote(value), line_number};
  }
  const auto get = [&](const char* key) { auto it = set.find(key); return it == set.end() ? std::string() : it->second.first; };
  const auto mailbox_host = [&]() {
    for (const char* key : {"folder", "spoolfile", "imap_url"}) {
      const url_login l = login_of_url(get(key));
      if (!l.host.empty()) return l;
    }
    return url_login{};
  };
  if (auto it = set.find("smtp_pass"); it != set.end() && !it->second.first.empty()) {
    const url_login smtp = login_of_url(get("smtp_url"));
    identity_fact f = mail_fact("smtp", smtp.user, smtp.host, it->second.first, file, it->second.second);
    f.attributes["setting"] = "smtp_pass";
    out.identities.push_back(std::move(f));
  }
  if (auto it = set.find("imap_pass"); it != set.end() && !it->second.first.empty()) {
    const url_login box = mailbox_host();
    const std::string user = get("imap_user").empty() ? box.user : get("imap_user");
    identity_fact f = mail_fact("imap", user, box.host, it->second.first, file, it->second.second);
    f.attributes["setting"] = "imap_pass";
    out.identities.push_back(std::move(f));
  }
  if (auto it = set.find("pop_pass"); it != set.end() && !it->second.first.empty()) {
    std::string host = login_of_url(get("pop_host")).host;
    if (host.empty()) host = get("pop_host");
    identity_fact f = mail_fact("pop3", get("pop_user"), host, it->second.first, file, it->second.second);
    f.attributes["setting"] = "pop_pass";
    out.identities.push_back(std::move(f));
  }
}

// fetchmail (~/.fetchmailrc): free-form entries "poll HOST [via H] protocol P
// user NAME there with password SECRET is LOCAL here ..." over one or more
// lines; "skip" entries are kept but not polled, "defaults" apply to all.
void analyze_fetchmailrc(const source_file& file, analysis_result& out) {
  struct entry { std::string host, protocol, user, password; std::uint64_t line = 0; bool open = false; };
  entry e;
  const auto flush = [&]() {
    if (e.open && !e.password.empty()) {
      identity_fact f = client_password_fact("password", "mail", e.user, e.host, e.password, file, e.line);
      if (!e.protocol.empty()) f.attributes["protocol"] = to_lower_ascii(e.protocol);
      out.identities.push_back(std::move(f));
    }
    e = entry{};
  };
  std::uint64_t line_number = 0;
  for (const std::string& raw : split(file.content, '\n')) {
    ++line_number;
    std::vector<std::string> w = words_of(raw);
    for (std::size_t i = 0; i < w.size(); ++i) {
      const std::string word = to_lower_ascii(w[i]);
      const bool has_next = i + 1 < w.size();
      if (!word.empty() && word[0] == '#') break;
      if (word == "poll" || word == "skip" || word == "server" || word == "defaults") {
        flush();
        e.open = word != "defaults";
        if (e.open && has_next) e.host = trim_unquote(w[++i]);
      } else if ((word == "user" || word == "username") && has_next) {
        e.user = trim_unquote(w[++i]);
      } else if ((word == "pass" || word == "password") && has_next) {
        e.password = trim_unquote(w[++i]);
        e.line = line_number;
      } else if ((word == "protocol" || word == "proto") && has_next) {
        e.protocol = trim_unquote(w[++i]);
      } else if ((word == "via" || word == "is" || word == "to") && has_next) {
        ++i;  // the host polled through, or the local user mail goes to
      }
    }
  }
  flush();
}

// The SFTP extension of VS Code (.vscode/sftp.json): one connection object or
// a list of them; a password or the passphrase of privateKeyPath.
void analyze_vscode_sftp(const source_file& file, analysis_result& out) {
  const json doc = parse_json(file.content);
  std::vector<const json*> configs;
  if (doc.is_object()) configs.push_back(&doc);
  else if (doc.is_array())
    for (const json& c : doc)
      if (c.is_object()) configs.push_back(&c);
  for (const json* c : configs) {
    const std::string host = json_text(*c, "host"), user = json_text(*c, "username");
    for (const char* key : {"password", "passphrase"}) {
      const std::string value = json_text(*c, key);
      if (value.empty()) continue;
      identity_fact f = client_password_fact("password", "sftp", user, host, value, file,
                                             file.locator->line_of("\"" + std::string(key) + "\""));
      f.attributes["setting"] = key;
      if (const std::string port = json_text(*c, "port"); !port.empty()) f.attributes["port"] = port;
      if (const std::string protocol = json_text(*c, "protocol"); !protocol.empty()) f.attributes["protocol"] = protocol;
      if (const std::string name = json_text(*c, "name"); !name.empty()) f.attributes["connection"] = name;
      out.identities.push_back(std::move(f));
    }
  }
}

namespace {

// WinSCP's obfuscation of a saved password (no key, published with WinSCP's
// source): each byte as two upper-case hex digits of ~(byte ^ 0xA3); then a
// flag 0xFF, a form byte (0: one length byte follows, 2: two, big-endian;
// 1: the rest is encrypted under a WinSCP master password), a count of random
// bytes to skip, and `length` bytes that are the user name, the host name and
// the password; random bytes pad the value to 50 bytes or more. Recovers the
// password into `out` (empty on failure), or says why it cannot be recovered.
constexpr unsigned char kWinscpMagic = 0xA3, kWinscpFlag = 0xFF;
constexpr unsigned char kWinscpOneByteLength = 0x00, kWinscpMasterPassword = 0x01, kWinscpTwoByteLength = 0x02;

const char* winscp_deobfuscate(std::string_view stored, const std::string& user_and_host, std::string& out) {
  out.clear();
  const auto digit = [](char ch) {
    return ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
  };
  std::size_t at = 0;
  bool complete = true;
  const auto next = [&]() -> unsigned {
    if (at + 2 > stored.size()) {
      complete = false;
      return 0;
    }
    const int hi = digit(stored[at]), lo = digit(stored[at + 1]);
    at += 2;
    return static_cast<unsigned char>(~((hi * 16 + lo) ^ kWinscpMagic));
  };
  if (stored.size() % 2 != 0 || !std::all_of(stored.begin(), stored.end(), [&](char ch) { return digit(ch) >= 0; }))
    return "not WinSCP's hex";
  if (next() != kWinscpFlag) return "no WinSCP flag byte (an older form without the user and host names)";
  const unsigned form = next();
  if (form == kWinscpMasterPassword) return "encrypted under a WinSCP master password";
  std::size_t length = 0;
  if (form == kWinscpOneByteLength) {
    length = next();
  } else if (form == kWinscpTwoByteLength) {
    length = next() * 256u;
    length += next();
  } else {
    return "an unknown WinSCP form";
  }
  at += 2 * static_cast<std::size_t>(next());  // random bytes before the text
  std::string text;
  text.reserve(length);  // grown in place: no copy of a part of it is left behind
  for (std::size_t i = 0; i < length && complete; ++i) text += static_cast<char>(next());
  const char* error = !complete                           ? "shorter than its length byte says"
                      : !starts_with(text, user_and_host) ? "does not start with the session's user and host names"
                                                          : nullptr;
  if (!error) out.assign(text, user_and_host.size());
  wipe_secret(text);
  return error;
}

}  // namespace

// A session WinSCP saved (WinSCP.ini, or the registry under
// Software\Martin Prikryl\WinSCP 2\Sessions): Password holds the password
// obfuscated with the user and host names, fingerprinted as the rules see it
// and, recovered (no key needed), as the password itself; the recovered
// password is dropped once fingerprinted. A session whose password recovers
// empty or as a placeholder has no saved password.
void add_winscp_session_fact(const std::string& session, const std::string& user, const std::string& host,
                             const std::string& port, std::string_view password, const source_file& file,
                             std::uint64_t line, analysis_result& out) {
  std::string plain;
  const char* error = winscp_deobfuscate(password, user + host, plain);
  if (!error && (plain.empty() || is_reference_or_placeholder(plain))) {
    wipe_secret(plain);
    return;
  }
  identity_fact f = client_password_fact("password", "winscp", user, host, password, file, line);
  f.attributes["session"] = session;
  f.attributes["encoding"] = "winscp-obfuscated";
  if (!port.empty()) f.attributes["port"] = port;
  if (error) f.attributes["decrypt_error"] = error;
  else f.attributes["fingerprint.decrypted"] = fingerprint_of(plain);
  wipe_secret(plain);
  out.identities.push_back(std::move(f));
}

// WinSCP.ini: one [Sessions\NAME] section per saved site.
void analyze_winscp_ini(const source_file& file, analysis_result& out) {
  std::string session;
  std::map<std::string, std::pair<std::string, std::uint64_t>> values;
  const auto flush = [&]() {
    const auto get = [&](const char* key) { auto it = values.find(key); return it == values.end() ? std::string() : it->second.first; };
    if (!session.empty() && values.count("password"))
      add_winscp_session_fact(session, get("username"), get("hostname"), get("portnumber"), values["password"].first,
                              file, values["password"].second, out);
    values.clear();
  };
  std::uint64_t line_number = 0;
  for (const std::string& raw : split(file.content, '\n')) {
    ++line_number;
    const std::string line = trim(raw);
    if (!line.empty() && line.front() == '[') {
      flush();
      const std::string name = line.substr(1, line.find(']') - 1);
      session = starts_with(name, "Sessions\\") ? name.substr(9) : std::string();
      continue;
    }
    const std::size_t eq = line.find('=');
    if (!session.empty() && eq != std::string::npos)
      values[to_lower_ascii(line.substr(0, eq))] = {line.substr(eq + 1), line_number};
  }
  flush();
}

// FileZilla (sitemanager.xml, recentservers.xml): <Server> elements with
// Host, Port, Protocol, User and a Pass that is base64 (encoding="base64") or
// plain text, never encrypted unless a master password is set (then the
// element is <Pass encoding="crypt">, which is not a usable value).
void analyze_filezilla(const source_file& file, analysis_result& out) {
  const std::string_view c = file.content;
  for (std::size_t at = c.find("<Server>"); at != std::string_view::npos; at = c.find("<Server>", at + 1)) {
    const std::size_t end = c.find("</Server>", at);
    if (end == std::string_view::npos) break;
    const std::string_view block = c.substr(at, end - at);
    const std::string pass = xml_text(block, "Pass");
    if (pass.empty()) continue;
    const std::size_t pass_at = block.find("<Pass");
    if (block.substr(pass_at, 40).find("encoding=\"crypt\"") != std::string_view::npos) continue;
    identity_fact f = client_password_fact("password", "ftp", xml_text(block, "User"), xml_text(block, "Host"), pass,
                                           file, line_at(c, at + pass_at));
    if (const std::string port = xml_text(block, "Port"); !port.empty()) f.attributes["port"] = port;
    if (block.substr(pass_at, 40).find("base64") != std::string_view::npos) f.attributes["encoding"] = "base64";
    if (const std::string name = trim(xml_text(block, "Name")); !name.empty()) f.attributes["site"] = name;
    out.identities.push_back(std::move(f));
  }
}

namespace {

// The SSH tunnels of DBeaver's connections ("handlers" of type TUNNEL under
// "configuration", host and port in "properties"), when their password is
// saved: its user and password are in credentials-config.json under
// "network/ID", which the scan's end joins to this fact (the tunnel's host
// is what that password opens).
void dbeaver_tunnel_facts(const json& connections, const source_file& file, analysis_result& out) {
  for (const auto& [id, conn] : connections.items()) {
    const json* cfg = conn.is_object() ? member_object(conn, "configuration") : nullptr;
    const json* handlers = cfg ? json_member(*cfg, "handlers") : nullptr;
    if (!handlers || !handlers->is_array()) continue;
    for (const json& handler : *handlers) {
      if (!handler.is_object() || json_text(handler, "type") != "TUNNEL") continue;
      if (!json_true(handler, "enabled") || !json_true(handler, "save-password")) continue;
      const json* props = member_object(handler, "properties");
      const std::string host = props ? json_text(*props, "host") : std::string();
      const std::string handler_id = json_text(handler, "id");
      if (host.empty() || handler_id.empty()) continue;
      identity_fact f = client_password_fact("password", "ssh", props ? json_text(*props, "user") : std::string(), host,
                                             {}, file, file.locator->line_of("\"" + id + "\""));
      f.attributes["connection"] = json_text(conn, "name").empty() ? id : json_text(conn, "name");
      f.attributes["connection_id"] = id;
      f.attributes["tunnel"] = "network/" + handler_id;
      if (const std::string port = props ? json_text(*props, "port") : std::string(); !port.empty())
        f.attributes["port"] = port;
      f.attributes["value_source"] = "dbeaver-credentials-config";
      out.identities.push_back(std::move(f));
    }
  }
}

}  // namespace

// DBeaver's data-sources.json: one connection per id, with host, port,
// database and user under "configuration". Passwords saved by DBeaver go to
// credentials-config.json beside it (AES with a key built into DBeaver, so
// whoever has the file reads them); older versions and hand-written files
// keep "password" in the configuration itself.
void analyze_dbeaver_data_sources(const source_file& file, analysis_result& out) {
  const json doc = parse_json(file.content);
  const json* connections = doc.is_object() ? member_object(doc, "connections") : nullptr;
  if (!connections) return;
  for (const auto& [id, conn] : connections->items()) {
    if (!conn.is_object()) continue;
    const json* cfg = member_object(conn, "configuration");
    if (!cfg) continue;
    const std::string password = json_text(*cfg, "password");
    const bool saved = json_true(conn, "save-password");
    if (password.empty() && !saved) continue;
    std::string provider = json_text(conn, "provider");
    if (provider == "postgresql") provider = "postgres";
    const std::uint64_t line = file.locator->line_of("\"" + id + "\"");
    identity_fact f = client_password_fact("password", provider.empty() ? "database" : provider,
                                           json_text(*cfg, "user"), json_text(*cfg, "host"), password, file, line);
    f.attributes["connection"] = json_text(conn, "name").empty() ? id : json_text(conn, "name");
    f.attributes["connection_id"] = id;
    if (const std::string db = json_text(*cfg, "database"); !db.empty()) f.attributes["database"] = db;
    if (const std::string port = json_text(*cfg, "port"); !port.empty()) f.attributes["port"] = port;
    if (password.empty()) f.attributes["value_source"] = "dbeaver-credentials-config";
    out.identities.push_back(std::move(f));
  }
  dbeaver_tunnel_facts(*connections, file, out);
}


// DBeaver's credentials-config.json: the saved users and passwords of every
// connection, AES-128-CBC under a key that is the same in every installation
// (the first 16 bytes are the IV). Decrypted here only to fingerprint each
// password: the plaintext is dropped as soon as that is done. The file names
// connections by id only; data-sources.json beside it gives their hosts (its
// facts carry the same connection_id).
void analyze_dbeaver_credentials(const source_file& file, analysis_result& out) {
  if (file.content.empty()) return;
  if (file.content.size() < 32 || file.content.size() % 16 != 0)
    throw parse_failure("not a DBeaver credential store: " + std::to_string(file.content.size()) +
                            " bytes, where DBeaver writes a 16-byte IV and whole 16-byte AES blocks",
                        1);
  add_finding(out, "dbeaver-credentials-store", "NHI2", "high",
              "DBeaver's saved database passwords are in " + file.path +
                  ", encrypted with a key built into DBeaver, so anyone with the file reads them; keep it out of "
                  "repositories and backups, and rotate the passwords of the connections it holds.",
              file.path, file, 1);
  // The key DBeaver ships in every installation (published in its source).
  static const unsigned char kKey[16] = {0xba, 0xbb, 0x4a, 0x9f, 0x77, 0x4a, 0xb8, 0x53,
                                         0xc9, 0x6c, 0x2d, 0x65, 0x3d, 0xfe, 0x54, 0x4a};
  std::string plain;
  const std::string_view key(reinterpret_cast<const char*>(kKey), sizeof kKey);
  if (!aes_cbc_decrypt(key, file.content.substr(0, 16), file.content.substr(16), plain)) return;  // another key
  json doc;
  try {
    doc = parse_json(plain);
  } catch (const parse_failure&) {
    return;  // decrypted to something other than DBeaver's JSON: left as the store finding
  }
  wipe_secret(plain);
  if (!doc.is_object()) return;
  for (const auto& [id, entry] : doc.items()) {
    if (!entry.is_object()) continue;
    for (const auto& [part, credential] : entry.items()) {
      if (!credential.is_object()) continue;
      const std::string password = json_text(credential, "password");
      if (password.empty() || is_reference_or_placeholder(password)) continue;
      std::string provider = "database";
      for (const char* known : {"postgres", "mysql", "mariadb", "oracle", "mssql", "sqlserver", "db2", "clickhouse"})
        if (starts_with(id, known)) provider = std::string(known) == "postgres" ? "postgres" : known;
      identity_fact f = client_password_fact("password", provider, json_text(credential, "user"), id, password, file, 1);
      f.attributes.erase("host");  // the connection id, not a host: data-sources.json has the host
      f.attributes["connection_id"] = id;
      f.attributes["credential"] = part;
      f.attributes["encoding"] = "dbeaver-aes";
      out.identities.push_back(std::move(f));
    }
  }
}

namespace {

std::string directory_of(const std::string& path) {
  const std::size_t slash = path.find_last_of("/\\");
  return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

std::string attribute_of(const identity_fact& f, const char* key) {
  const auto it = f.attributes.find(key);
  return it == f.attributes.end() ? std::string() : it->second;
}

}  // namespace

// A connection's own login (#connection) opens the connection's host; a
// saved SSH tunnel login (network/ssh_tunnel) opens the tunnel's host, from
// the connection's TUNNEL handler (dbeaver_tunnel_facts).
void join_dbeaver_credentials(std::vector<identity_fact>& facts) {
  // Only the DBeaver analyzers give a connection_id; the credential store's facts say which credential.
  const auto is_data_sources = [](const identity_fact& f) {
    return f.attributes.count("connection_id") && !f.attributes.count("credential");
  };
  // (directory, connection id, "#connection" or the tunnel's "network/ID") ->
  // the first data-sources fact in the facts' order.
  std::map<std::tuple<std::string, std::string, std::string>, std::size_t> connections;
  for (std::size_t i = 0; i < facts.size(); ++i)
    if (is_data_sources(facts[i])) {
      const std::string tunnel = attribute_of(facts[i], "tunnel");
      connections.emplace(std::make_tuple(directory_of(facts[i].path), attribute_of(facts[i], "connection_id"),
                                          tunnel.empty() ? std::string("#connection") : tunnel),
                          i);
    }
  if (connections.empty()) return;
  for (identity_fact& f : facts) {
    if (attribute_of(f, "encoding") != "dbeaver-aes") continue;
    const auto it =
        connections.find({directory_of(f.path), attribute_of(f, "connection_id"), attribute_of(f, "credential")});
    if (it == connections.end()) continue;
    const identity_fact& connection = facts[it->second];
    const std::string host = attribute_of(connection, "host");
    if (host.empty()) continue;  // an embedded database: the id names it best
    std::string user = attribute_of(f, "username");
    if (user.empty()) user = attribute_of(connection, "username");
    f.name = user_at_host(user, host);
    f.provider = connection.provider;
    if (!user.empty()) f.attributes["username"] = user;
    for (const char* key : {"host", "port", "database", "connection"})
      if (const std::string value = attribute_of(connection, key); !value.empty()) f.attributes[key] = value;
    f.attributes["data_sources"] = connection.path;
  }
}

// A Rails application's master key (config/master.key) or per-environment key
// (config/credentials/production.key): 32 hex digits that decrypt
// config/credentials*.yml.enc, and with it every secret the application holds.
void analyze_rails_master_key(const source_file& file, analysis_result& out) {
  const std::string key = trim(file.content);
  if (key.size() != 32 || !std::all_of(key.begin(), key.end(), [](char ch) {
        return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
      }))
    return;
  std::string environment;
  const std::size_t slash = file.path.find_last_of("/\\");
  const std::string base = slash == std::string::npos ? file.path : file.path.substr(slash + 1);
  if (base != "master.key") environment = base.substr(0, base.size() - 4);
  identity_fact f = make_fact("secret_key", "rails",
                              environment.empty() ? "rails master key" : "rails credentials key (" + environment + ")",
                              file, 1);
  f.attributes["decrypts"] = environment.empty() ? "config/credentials.yml.enc"
                                                 : "config/credentials/" + environment + ".yml.enc";
  f.attributes["value_source"] = "literal";
  f.attributes["fingerprint"] = fingerprint_of(key);
  if (!environment.empty()) f.environment = environment;
  const std::string decrypts = f.attributes.at("decrypts"), name = f.name;
  out.identities.push_back(std::move(f));
  add_finding(out, "rails-master-key", "NHI2", "critical",
              "A Rails key that decrypts " + decrypts + " is in " + file.path +
                  "; keep it out of the repository (config/master.key is in Rails' default .gitignore), "
                  "give it to the servers through RAILS_MASTER_KEY, and rotate the credentials it decrypts.",
              name, file, 1);
}

}  // namespace nhi::detail
