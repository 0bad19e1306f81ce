// SPDX-License-Identifier: Apache-2.0
// The connection stores of remote-access and database admin tools: mRemoteNG
// (confCons.xml and its CSV export), HeidiSQL (portable_settings.txt and its
// registry keys), Remmina profiles, and WinSCP sessions in a registry export.
// Each saved login becomes a fact named user@host with the host, port and
// protocol beside it. The stored value is fingerprinted as the rules see it;
// where the tool's scheme is reversible without a secret of the user's
// (HeidiSQL's shifted hex, mRemoteNG under its default master password) the
// plaintext is recovered only to fingerprint it too (`fingerprint.decrypted`),
// so the same password found in plain text elsewhere joins it, and is dropped.
#include <algorithm>
#include <cctype>
#include <map>
#include <tuple>

#include "analyze/analyzers.hpp"
#include "nhi/finding.hpp"
#include "util/cipher.hpp"
#include "util/text.hpp"

namespace nhi::detail {
namespace {

// Bounds on the key derivations one file may ask for (mRemoteNG's
// KdfIterations is read from the file): past them values are fingerprinted
// as stored but not decrypted.
constexpr std::uint32_t kMaxKdfIterations = 100'000;
constexpr std::uint64_t kMaxKdfWork = 5'000'000;  // iterations summed over a file (about 2 s of CPU)

// The provider of a connection from its protocol: "SSH2" -> "ssh", "RDP" -> "rdp".
std::string protocol_provider(const std::string& protocol, const char* fallback) {
  if (protocol.empty()) return fallback;
  const std::string p = to_lower_ascii(protocol);
  return starts_with(p, "ssh") ? std::string("ssh") : p;
}

// ---- mRemoteNG --------------------------------------------------------------

// How mRemoteNG encrypted a file's passwords, read from the root element.
struct mrng_scheme {
  std::string engine = "AES", mode;  // mode empty: before ConfVersion 2.6, AES-CBC under MD5 of the key
  std::uint32_t iterations = 1000;
  bool default_key = false;          // the Protected marker decrypts with mRemoteNG's built-in "mR3m"
  bool protected_checked = false;    // a Protected marker was there to try
  bool full_file = false;
  std::uint64_t work = 0;            // KDF iterations spent so far
};

constexpr std::string_view kMrngDefaultKey = "mR3m";

// Decrypts one mRemoteNG value with `password`; false when it does not.
bool mrng_decrypt(mrng_scheme& s, std::string_view value, std::string_view password, std::string& out) {
  std::string raw;
  if (!base64_decode(value, raw)) return false;
  if (s.mode.empty() || iequals(s.mode, "CBC")) {
    if (raw.size() < 32) return false;
    return aes_cbc_decrypt(md5_digest(password), std::string_view(raw).substr(0, 16), std::string_view(raw).substr(16),
                           out);
  }
  if (!iequals(s.engine, "AES") || !iequals(s.mode, "GCM")) return false;
  // salt (16, also the authenticated data) | nonce (16) | ciphertext | tag (16)
  if (raw.size() < 48 || s.iterations == 0 || s.iterations > kMaxKdfIterations ||
      s.work + s.iterations > kMaxKdfWork)
    return false;
  s.work += s.iterations;
  const std::string_view r = raw, salt = r.substr(0, 16);
  std::string key;
  if (!pbkdf2_sha1(password, salt, s.iterations, 32, key)) return false;
  return aes_gcm_decrypt(key, r.substr(16, 16), salt, r.substr(32), out);
}

mrng_scheme mrng_scheme_of(std::string_view root_tag) {
  mrng_scheme s;
  if (const std::string engine = xml_tag_attribute(root_tag, "EncryptionEngine"); !engine.empty()) s.engine = engine;
  s.mode = xml_tag_attribute(root_tag, "BlockCipherMode");
  if (const std::string n = xml_tag_attribute(root_tag, "KdfIterations"); !n.empty()) {
    s.iterations = 0;
    for (char c : n) {
      if (c < '0' || c > '9' || s.iterations > kMaxKdfIterations) {
        s.iterations = kMaxKdfIterations + 1;
        break;
      }
      s.iterations = s.iterations * 10 + static_cast<std::uint32_t>(c - '0');
    }
  }
  s.full_file = iequals(xml_tag_attribute(root_tag, "FullFileEncryption"), "true");
  const std::string marker = xml_tag_attribute(root_tag, "Protected");
  if (!marker.empty()) {
    s.protected_checked = true;
    std::string plain;
    s.default_key = mrng_decrypt(s, marker, kMrngDefaultKey, plain) && plain == "ThisIsNotProtected";
  }
  return s;
}

// One password attribute of a <Node> and the attributes naming what it opens.
struct mrng_secret { const char* password; const char* user; const char* host; const char* setting; };
constexpr mrng_secret kMrngSecrets[] = {
    {"Password", "Username", "Hostname", "connection"},
    {"RDGatewayPassword", "RDGatewayUsername", "RDGatewayHostname", "rd gateway"},
    {"VNCProxyPassword", "VNCProxyUsername", "VNCProxyIP", "vnc proxy"},
};

}  // namespace

// mRemoteNG's connection file (confCons.xml, or an exported connections XML):
// one <Node> per connection or folder with Username, Domain, Hostname,
// Protocol, Port and a Password encrypted under the file's master password,
// mRemoteNG's default "mR3m" unless the user set one (the root's Protected
// attribute tells which).
void analyze_mremoteng_xml(const source_file& file, analysis_result& out) {
  const std::string_view c = file.content;
  std::size_t root_at = c.find("<mrng:Connections");
  if (root_at == std::string_view::npos) root_at = c.find("<Connections");
  if (root_at == std::string_view::npos) return;
  const std::size_t root_end = c.find('>', root_at);
  if (root_end == std::string_view::npos)
    throw parse_failure("mRemoteNG connection file ends inside its <Connections> element", line_at(c, root_at));
  mrng_scheme scheme = mrng_scheme_of(c.substr(root_at, root_end - root_at + 1));
  const std::string scheme_name =
      scheme.mode.empty() ? "mremoteng-aes-cbc" : "mremoteng-" + to_lower_ascii(scheme.engine + "-" + scheme.mode);
  if (scheme.full_file) {
    // The nodes themselves are encrypted: nothing names a host until the file is opened.
    add_finding(out, "mremoteng-encrypted-file", "NHI2", scheme.default_key ? "high" : "medium",
                "mRemoteNG's connection file " + file.path + " is encrypted whole" +
                    (scheme.default_key ? std::string(" under mRemoteNG's built-in default master password, so "
                                                      "anyone with the file reads every saved login")
                                        : std::string(" under a master password of the user's")) +
                    "; keep it out of repositories and rotate the passwords it holds.",
                file.path, file, line_at(c, root_at));
    return;
  }
  line_index lines(c);
  for (std::size_t at = c.find("<Node", root_end); at != std::string_view::npos; at = c.find("<Node", at + 5)) {
    const std::size_t end = c.find('>', at);
    if (end == std::string_view::npos)
      throw parse_failure("mRemoteNG connection file ends inside a <Node> element", lines.line_of(at));
    const std::string_view tag = c.substr(at, end - at + 1);
    for (const mrng_secret& secret : kMrngSecrets) {
      const std::string value = xml_tag_attribute(tag, secret.password);
      if (value.empty()) continue;
      const std::size_t value_at = tag.find(std::string(secret.password) + "=");
      const std::uint64_t line = lines.line_of(at + (value_at == std::string_view::npos ? 0 : value_at));
      std::string plain;
      const bool decrypted = scheme.default_key || !scheme.protected_checked
                                 ? mrng_decrypt(scheme, value, kMrngDefaultKey, plain)
                                 : false;
      if (decrypted && (plain.empty() || is_reference_or_placeholder(plain))) {
        wipe_secret(plain);
        continue;
      }
      const std::string protocol = xml_tag_attribute(tag, "Protocol");
      identity_fact f = encoded_password_fact("password", protocol_provider(protocol, "mremoteng"),
                                              xml_tag_attribute(tag, secret.user), xml_tag_attribute(tag, secret.host),
                                              value, file, line);
      if (const std::string name = xml_tag_attribute(tag, "Name"); !name.empty()) f.attributes["connection"] = name;
      if (&secret == &kMrngSecrets[0]) {  // the connection's own login
        if (const std::string domain = xml_tag_attribute(tag, "Domain"); !domain.empty()) f.attributes["domain"] = domain;
        if (const std::string port = xml_tag_attribute(tag, "Port"); !port.empty()) f.attributes["port"] = port;
      }
      if (!protocol.empty()) f.attributes["protocol"] = protocol;
      f.attributes["setting"] = secret.setting;
      f.attributes["encoding"] = scheme_name;
      if (decrypted) {
        f.attributes["master_password"] = "mremoteng-default";
        f.attributes["fingerprint.decrypted"] = fingerprint_of(plain);
        wipe_secret(plain);
      } else {
        f.attributes["master_password"] = scheme.protected_checked && !scheme.default_key ? "custom" : "unknown";
        std::string raw;
        if (!base64_decode(value, raw)) f.attributes["decrypt_error"] = "the value is not base64";
      }
      out.identities.push_back(std::move(f));
    }
  }
}

namespace {

// One line of a CSV file with `sep` between fields, "quoted" fields and ""
// inside them as a quote.
std::vector<std::string> csv_fields(std::string_view line, char sep) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char ch = line[i];
    if (quoted) {
      if (ch == '"' && i + 1 < line.size() && line[i + 1] == '"') fields.back() += line[++i];
      else if (ch == '"') quoted = false;
      else fields.back() += ch;
    } else if (ch == '"' && fields.back().empty()) {
      quoted = true;
    } else if (ch == sep) {
      fields.emplace_back();
    } else if (ch != '\r') {
      fields.back() += ch;
    }
  }
  return fields;
}

}  // namespace

// mRemoteNG's CSV export ("Name;Id;Parent;NodeType;...;Username;Password;
// Domain;Hostname;Port;...;Protocol;..."): the passwords in plain text, one
// connection a line, the columns named by the header.
void analyze_mremoteng_csv(const source_file& file, analysis_result& out) {
  std::map<std::string, std::size_t> column;
  std::uint64_t line_number = 0;
  for (const std::string& raw : split(file.content, '\n')) {
    ++line_number;
    std::string_view line = raw;
    if (line_number == 1 && starts_with(line, "\xEF\xBB\xBF")) line.remove_prefix(3);
    const std::vector<std::string> fields = csv_fields(line, ';');
    if (line_number == 1) {
      for (std::size_t i = 0; i < fields.size(); ++i) column.emplace(to_lower_ascii(trim(fields[i])), i);
      if (!column.count("password")) return;  // exported without passwords
      continue;
    }
    const auto get = [&](const char* name) {
      const auto it = column.find(name);
      return it == column.end() || it->second >= fields.size() ? std::string() : fields[it->second];
    };
    const std::string password = get("password");
    if (password.empty() || is_reference_or_placeholder(password)) continue;
    const std::string protocol = get("protocol");
    identity_fact f = client_password_fact("password", protocol_provider(protocol, "mremoteng"),
                                           get("username"), get("hostname"), password, file, line_number);
    for (const auto& [attribute, name] : {std::pair<const char*, const char*>{"connection", "name"},
                                          {"domain", "domain"}, {"port", "port"}, {"protocol", "protocol"}})
      if (const std::string v = get(name); !v.empty()) f.attributes[attribute] = v;
    f.attributes["encoding"] = "plain";
    const std::string name = f.name;
    out.identities.push_back(std::move(f));
    add_finding(out, "mremoteng-export-password", "NHI2", "high",
                "mRemoteNG's CSV export " + file.path + " holds the password of " + name +
                    " in plain text; delete the export and rotate the password.",
                name, file, line_number);
  }
}

namespace {

// ---- HeidiSQL ---------------------------------------------------------------

// HeidiSQL writes each character's code plus a shift of 1 to 9 as two hex
// digits, then the shift as one decimal digit; an empty password is the digit
// alone. False when `encoded` is not of that form.
bool heidisql_decode(std::string_view encoded, std::string& out) {
  out.clear();
  if (encoded.empty() || encoded.size() % 2 == 0 || encoded.back() < '0' || encoded.back() > '9') return false;
  const int shift = encoded.back() - '0';
  const auto hex = [](char ch) {
    return ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
  };
  for (std::size_t i = 0; i + 1 < encoded.size(); i += 2) {
    const int hi = hex(encoded[i]), lo = hex(encoded[i + 1]);
    if (hi < 0 || lo < 0) return false;
    int code = hi * 16 + lo - shift;
    if (code < 0) code += 255;
    out += static_cast<char>(code);
  }
  return true;
}

// HeidiSQL's NetType: 0-2 MySQL/MariaDB, 3-7 SQL Server, 8-9 PostgreSQL.
std::string heidisql_provider(const std::string& net_type) {
  if (net_type.empty() || net_type.size() > 3 || !std::all_of(net_type.begin(), net_type.end(), ::isdigit)) return "database";
  const int n = std::stoi(net_type);
  return n <= 2 ? "mysql" : n <= 7 ? "mssql" : n <= 9 ? "postgres" : "database";
}

struct setting { std::string value; std::uint64_t line = 0; };
using settings = std::map<std::string, setting>;  // lowercase name -> value

void heidisql_session_fact(const std::string& session, const settings& values, const source_file& file,
                           analysis_result& out) {
  const auto get = [&](const char* key) { auto it = values.find(key); return it == values.end() ? std::string() : it->second.value; };
  const auto password = values.find("password");
  if (password == values.end() || password->second.value.empty()) return;
  std::string plain;
  const bool decoded = heidisql_decode(password->second.value, plain);
  if (decoded && (plain.empty() || is_reference_or_placeholder(plain))) {
    wipe_secret(plain);
    return;
  }
  identity_fact f = client_password_fact("password", heidisql_provider(get("nettype")), get("user"), get("host"),
                                         password->second.value, file, password->second.line);
  f.attributes["session"] = session;
  f.attributes["encoding"] = "heidisql-shifted-hex";
  if (const std::string port = get("port"); !port.empty()) f.attributes["port"] = port;
  if (decoded) f.attributes["fingerprint.decrypted"] = fingerprint_of(plain);
  else f.attributes["decrypt_error"] = "not HeidiSQL's encoding";
  wipe_secret(plain);
  out.identities.push_back(std::move(f));
}

}  // namespace

// HeidiSQL's settings file (portable_settings.txt, or an exported settings
// file): "Servers\FOLDER\NAME\Key<|||>TYPE<|||>VALUE" lines, Host, User, Port,
// NetType and Password beside each other.
void analyze_heidisql_settings(const source_file& file, analysis_result& out) {
  std::map<std::string, settings> sessions;
  std::vector<std::string> order;
  std::uint64_t line_number = 0;
  for (const std::string& raw : split(file.content, '\n')) {
    ++line_number;
    std::string_view line = raw;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!starts_with(line, "Servers\\")) continue;
    const std::size_t sep = line.find("<|||>");
    if (sep == std::string_view::npos) continue;
    const std::string_view path = line.substr(8, sep - 8);
    const std::size_t type_end = line.find("<|||>", sep + 5);
    if (type_end == std::string_view::npos) continue;
    const std::size_t slash = path.rfind('\\');
    if (slash == std::string_view::npos) continue;
    const std::string session(path.substr(0, slash));
    if (!sessions.count(session)) order.push_back(session);
    sessions[session][to_lower_ascii(path.substr(slash + 1))] = {std::string(line.substr(type_end + 5)), line_number};
  }
  for (const std::string& session : order) heidisql_session_fact(session, sessions[session], file, out);
}

namespace {

// ---- Windows registry exports -----------------------------------------------

// A value of a .reg file: "string" (with \\ and \" escaped) or dword:HEX, as text.
std::string reg_value(std::string_view v) {
  if (starts_with(v, "dword:")) {
    const std::string digits = trim(v.substr(6));
    if (digits.size() > 8 || !all_hex(digits))
      return {};
    return std::to_string(std::stoul(digits, nullptr, 16));
  }
  if (v.size() < 2 || v.front() != '"') return {};
  std::string out;
  for (std::size_t i = 1; i < v.size(); ++i) {
    if (v[i] == '"') return out;
    if (v[i] == '\\' && i + 1 < v.size()) ++i;
    out += v[i];
  }
  return {};  // cut before its closing quote: not a value
}

// WinSCP writes session names %-encoded ("My%20site").
std::string winscp_session_name(std::string_view name) {
  std::string decoded;
  return percent_decode(name, decoded) ? decoded : std::string(name);
}

}  // namespace

// A Windows registry export (regedit, `reg export`): WinSCP sessions under
// Software\Martin Prikryl\WinSCP 2\Sessions\NAME, HeidiSQL servers under
// Software\HeidiSQL\Servers\NAME, read as the .ini and settings files are,
// Navicat servers under Software\PremiumSoft\<product>\Servers\NAME, and
// MobaXterm's stored passwords and credentials (Software\Mobatek\MobaXterm\P, \C).
// regedit writes UTF-16 with a byte order mark; such a file is read as text.
void analyze_registry_export(const source_file& file, analysis_result& out) {
  std::string converted;
  std::string_view c = file.content;
  if (const utf16_encoding e = detect_utf16(c); e != utf16_encoding::none) {
    converted = utf16_to_utf8(c, e);
    c = converted;
  }
  enum class tool { none, winscp, heidisql, navicat, mobaxterm_passwords, mobaxterm_credentials };
  tool current = tool::none;
  std::string session, product;
  settings values;
  const auto flush = [&]() {
    const auto get = [&](const char* key) { auto it = values.find(key); return it == values.end() ? std::string() : it->second.value; };
    if (current == tool::winscp && values.count("password") && !values["password"].value.empty())
      add_winscp_session_fact(session, get("username"), get("hostname"), get("portnumber"), values["password"].value,
                              file, values["password"].line, out);
    if (current == tool::heidisql) heidisql_session_fact(session, values, file, out);
    if (current == tool::navicat && values.count("pwd"))
      add_navicat_server_fact(product, session, get("username"), get("host"), get("port"), values["pwd"].value, file,
                              values["pwd"].line, out);
    values.clear();
    current = tool::none;
  };
  std::uint64_t line_number = 0;
  for (const std::string& raw : split(c, '\n')) {
    ++line_number;
    const std::string line = trim(raw);
    if (!line.empty() && line.front() == '[') {
      flush();
      const std::size_t close = line.rfind(']');
      const std::string key = line.substr(1, (close == std::string::npos ? line.size() : close) - 1);
      const std::string lower = to_lower_ascii(key);
      for (const auto& [marker, which] : {std::pair<const char*, tool>{"\\software\\martin prikryl\\winscp 2\\sessions\\", tool::winscp},
                                          {"\\software\\heidisql\\servers\\", tool::heidisql}}) {
        const std::size_t at = lower.find(marker);
        if (at == std::string::npos || at + std::string_view(marker).size() >= key.size()) continue;
        session = key.substr(at + std::string_view(marker).size());
        if (which == tool::winscp) {
          if (session.find('\\') != std::string::npos) break;  // a subkey of a session
          session = winscp_session_name(session);
        }
        current = which;
      }
      // MobaXterm keeps its stored passwords (P) and credentials (C) in the
      // registry unless it runs portable: read as MobaXterm.ini's sections.
      if (ends_with(lower, "\\software\\mobatek\\mobaxterm\\p")) current = tool::mobaxterm_passwords;
      if (ends_with(lower, "\\software\\mobatek\\mobaxterm\\c")) current = tool::mobaxterm_credentials;
      // Navicat's products each have a key: Navicat (MySQL), NavicatPG, NavicatMSSQL, NavicatOra, ...
      if (const std::size_t at = lower.find("\\software\\premiumsoft\\navicat"); at != std::string::npos) {
        const std::size_t name_at = at + std::string_view("\\software\\premiumsoft\\").size();
        const std::size_t servers = lower.find("\\servers\\", name_at);
        if (servers != std::string::npos && servers + 9 < key.size() && key.find('\\', servers + 9) == std::string::npos) {
          product = key.substr(name_at, servers - name_at);
          session = key.substr(servers + 9);
          current = tool::navicat;
        }
      }
      continue;
    }
    if (current == tool::none || line.size() < 3 || line.front() != '"') continue;
    const std::size_t eq = line.find("\"=");
    if (eq == std::string::npos) continue;
    if (current == tool::mobaxterm_passwords || current == tool::mobaxterm_credentials) {
      add_mobaxterm_entry(current == tool::mobaxterm_credentials, reg_value(line), reg_value(std::string_view(line).substr(eq + 2)),
                          file, line_number, out);
      continue;
    }
    values[to_lower_ascii(line.substr(1, eq - 1))] = {reg_value(std::string_view(line).substr(eq + 2)), line_number};
  }
  flush();
}

// ---- Remmina ----------------------------------------------------------------

namespace {

// The [remmina] settings of a profile; `seen` false when it has no such section.
struct remmina_profile {
  settings values;
  bool seen = false;
};

remmina_profile read_remmina_profile(std::string_view content) {
  remmina_profile p;
  bool in_remmina = false;
  std::uint64_t line_number = 0;
  for (const std::string& raw : split(content, '\n')) {
    ++line_number;
    const std::string line = trim(raw);
    if (!line.empty() && line.front() == '[') {
      in_remmina = line == "[remmina]";
      p.seen = p.seen || in_remmina;
      continue;
    }
    const std::size_t eq = line.find('=');
    if (in_remmina && eq != std::string::npos && line.front() != '#')
      p.values[to_lower_ascii(trim(std::string_view(line).substr(0, eq)))] = {
          trim(std::string_view(line).substr(eq + 1)), line_number};
  }
  return p;
}

// Each password of a profile, the settings naming what it opens, and the
// provider of that (empty: the profile's protocol, for its own login).
struct remmina_secret {
  const char *password, *user, *host, *setting, *provider;
};
constexpr remmina_secret kRemminaSecrets[] = {
    {"password", "username", "", "connection", ""},
    {"ssh_tunnel_password", "ssh_tunnel_username", "ssh_tunnel_server", "ssh tunnel", "ssh"},
    {"ssh_tunnel_passphrase", "ssh_tunnel_username", "ssh_tunnel_server", "ssh tunnel key", "ssh"},
    {"gateway_password", "gateway_username", "gateway_server", "rd gateway", "rdp"},
};

// Remmina's encryption: base64 of whole 3DES blocks.
bool remmina_encrypted(const std::string& value) {
  std::string raw;
  return base64_decode(value, raw) && !raw.empty() && raw.size() % 8 == 0;
}

// A saved value of a password setting: not empty, not "." (the keyring holds
// it), encrypted or else not a placeholder (base64 may start with "/").
const setting* remmina_saved_value(const settings& values, const char* key) {
  const auto it = values.find(key);
  if (it == values.end() || it->second.value.empty() || it->second.value == "." ||
      (!remmina_encrypted(it->second.value) && is_reference_or_placeholder(it->second.value)))
    return nullptr;
  return &it->second;
}

}  // namespace

// A Remmina connection profile (~/.local/share/remmina/*.remmina): a
// [remmina] section with server (host[:port]), protocol, username, domain and
// the passwords, each base64 of 3DES-CBC under the `secret` of remmina.pref in
// the same home directory (so whoever copies both reads them). "." means the
// password is in the desktop keyring instead. One file at a time, the value
// is fingerprinted as stored; decrypt_remmina_passwords decrypts it when the
// scan also read the pref.
void analyze_remmina(const source_file& file, analysis_result& out) {
  const remmina_profile profile = read_remmina_profile(file.content);
  if (!profile.seen) return;
  const auto get = [&](const std::string& key) {
    auto it = profile.values.find(key);
    return it == profile.values.end() ? std::string() : it->second.value;
  };
  // "host:port" (one colon; an IPv6 address has more and no port here).
  const auto host_port = [](std::string s) {
    const std::size_t colon = s.find(':');
    if (colon == std::string::npos || s.find(':', colon + 1) != std::string::npos) return std::pair<std::string, std::string>{s, {}};
    return std::pair<std::string, std::string>{s.substr(0, colon), s.substr(colon + 1)};
  };
  const auto [server, port] = host_port(get("server"));
  const std::string protocol = get("protocol");
  for (const remmina_secret& secret : kRemminaSecrets) {
    const setting* value = remmina_saved_value(profile.values, secret.password);
    if (!value) continue;
    const bool own_login = !*secret.host;
    const std::string host = own_login ? server : host_port(get(secret.host)).first;
    const bool encrypted = remmina_encrypted(value->value);
    identity_fact f = (encrypted ? encoded_password_fact : client_password_fact)(
        "password", own_login ? protocol_provider(protocol, "remmina") : secret.provider, get(secret.user), host,
        value->value, file, value->line);
    if (!port.empty() && own_login) f.attributes["port"] = port;
    if (!protocol.empty()) f.attributes["protocol"] = protocol;
    if (const std::string name = get("name"); !name.empty()) f.attributes["connection"] = name;
    if (const std::string domain = get("domain"); !domain.empty() && own_login) f.attributes["domain"] = domain;
    f.attributes["setting"] = secret.setting;
    f.attributes["encoding"] = encrypted ? "remmina-3des" : "unrecognised";
    if (encrypted) f.attributes["key"] = "remmina.pref secret";
    out.identities.push_back(std::move(f));
  }
}

namespace {

// By name; called on every file a scan reads.
bool iends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && iequals(s.substr(s.size() - suffix.size()), suffix);
}
bool is_remmina_pref_path(std::string_view path) {
  return iends_with(path, "/remmina.pref") || iends_with(path, "\\remmina.pref") || iequals(path, "remmina.pref");
}

// The secret of remmina.pref ([remmina_pref] secret=, base64 of 32 random
// bytes: the 3DES key, then the IV); empty when the file has none.
std::string remmina_pref_secret(std::string_view content) {
  bool in_pref = false;
  for (const std::string& raw : split(content, '\n')) {
    const std::string line = trim(raw);
    if (!line.empty() && line.front() == '[') in_pref = line == "[remmina_pref]";
    if (!in_pref || !starts_with(line, "secret=")) continue;
    std::string secret;
    if (!base64_decode(trim(std::string_view(line).substr(7)), secret) || secret.size() < 32) {
      wipe_secret(secret);
      return {};
    }
    secret.resize(32);  // Remmina reads the first 32 bytes
    return secret;
  }
  return {};
}

// The home directory a Remmina file belongs to, so a profile under
// ~/.local/share/remmina finds the pref under ~/.config/remmina: its path up
// to the last .config/, .local/share/, .remmina/ (before Remmina 1.2) or
// .var/app/ (Flatpak); else the directory the file is in.
std::string remmina_home(std::string_view path) {
  std::string p = "/" + std::string(path);
  std::replace(p.begin(), p.end(), '\\', '/');
  std::size_t home = std::string::npos;
  for (const char* marker : {"/.config/", "/.local/share/", "/.remmina/", "/.var/app/"}) {
    const std::size_t at = p.rfind(marker);
    if (at != std::string::npos && (home == std::string::npos || at > home)) home = at;
  }
  if (home == std::string::npos) home = p.rfind('/');
  return p.substr(0, home);
}

// Decrypts a profile's stored value under a pref's secret. Remmina pads the
// text with 1 to 8 zero bytes to whole 3DES blocks; a result that does not
// end so, or is not UTF-8 text without control characters, was made under
// another key (about one in 10^9 passes by chance), and is wiped.
bool remmina_decrypt(std::string_view stored, std::string_view secret, std::string& plain) {
  std::string raw;
  if (!base64_decode(stored, raw) || raw.empty() || raw.size() % 8 != 0 ||
      !des_ede3_cbc_decrypt(secret.substr(0, 24), secret.substr(24, 8), raw, plain))
    return false;
  const std::size_t end = plain.find('\0');
  const bool padded = end != std::string::npos && end > 0 && plain.size() - end <= 8 &&
                      plain.find_first_not_of('\0', end) == std::string::npos;
  if (padded) plain.resize(end);
  const bool text = padded && first_invalid_utf8(plain) == std::string_view::npos &&
                    std::none_of(plain.begin(), plain.end(), [](char ch) {
                      return static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f;
                    });
  if (!text) wipe_secret(plain);
  return text;
}

}  // namespace

void remmina_join_inputs::collect(std::string_view path, std::string_view content) {
  if (is_remmina_pref_path(path)) {
    std::string secret = remmina_pref_secret(content);
    if (!secret.empty()) prefs.push_back({std::string(path), std::move(secret)});
    return;
  }
  if (!is_remmina_profile(path)) return;
  const remmina_profile profile = read_remmina_profile(content);
  if (!profile.seen) return;
  for (const remmina_secret& secret : kRemminaSecrets)
    if (const setting* value = remmina_saved_value(profile.values, secret.password);
        value && remmina_encrypted(value->value))
      passwords.push_back({std::string(path), value->line, value->value});
}

void remmina_join_inputs::take_from(remmina_join_inputs& more) {
  std::move(more.passwords.begin(), more.passwords.end(), std::back_inserter(passwords));
  std::move(more.prefs.begin(), more.prefs.end(), std::back_inserter(prefs));
  more.wipe();  // what is left are moved-from strings
}

void remmina_join_inputs::wipe() noexcept {
  for (stored_password& p : passwords) wipe_secret(p.value);
  for (pref_secret& p : prefs) wipe_secret(p.secret);
  passwords.clear();
  prefs.clear();
}

void decrypt_remmina_passwords(std::vector<identity_fact>& facts, remmina_join_inputs& inputs) {
  if (inputs.prefs.empty() || inputs.passwords.empty()) {
    inputs.wipe();
    return;
  }
  // The same pref read twice (overlapping scan paths) is one candidate.
  using pref_secret = remmina_join_inputs::pref_secret;
  std::sort(inputs.prefs.begin(), inputs.prefs.end(),
            [](const pref_secret& a, const pref_secret& b) { return a.path < b.path; });
  std::map<std::pair<std::string, std::uint64_t>, const std::string*> stored;
  for (const auto& p : inputs.passwords) stored.emplace(std::make_pair(p.path, p.line), &p.value);
  for (identity_fact& f : facts) {
    const auto encoding = f.attributes.find("encoding");
    if (encoding == f.attributes.end() || encoding->second != "remmina-3des") continue;
    const auto value = stored.find({f.path, f.line});
    if (value == stored.end()) continue;
    // The prefs of the profile's home, else the scan's only pref.
    std::vector<const pref_secret*> keys;
    const std::string home = remmina_home(f.path);
    for (const auto& pref : inputs.prefs)
      if (remmina_home(pref.path) == home && (keys.empty() || keys.back()->path != pref.path)) keys.push_back(&pref);
    if (keys.empty() && inputs.prefs.front().path == inputs.prefs.back().path) keys.push_back(&inputs.prefs.front());
    if (keys.empty()) continue;
    std::string plain;
    const auto key = std::find_if(keys.begin(), keys.end(), [&](const pref_secret* k) {
      return remmina_decrypt(*value->second, k->secret, plain);
    });
    if (key == keys.end()) {
      f.attributes["decrypt_error"] = keys.size() == 1 ? "does not decrypt under the secret of " + keys.front()->path
                                                       : std::string("does not decrypt under the secret of any "
                                                                     "remmina.pref of its home");
      continue;
    }
    f.attributes["fingerprint.decrypted"] = fingerprint_of(plain);
    f.attributes["key_file"] = (*key)->path;
    wipe_secret(plain);
  }
  inputs.wipe();
}

}  // namespace nhi::detail
