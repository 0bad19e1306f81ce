// SPDX-License-Identifier: Apache-2.0
// More credential stores of desktop and administration tools: Subversion's
// auth cache, Pidgin's accounts.xml, Navicat's connection exports and
// registry keys, MobaXterm.ini, SecureCRT sessions. Each saved login becomes
// a fact named after the identity it unlocks (user@host, name@protocol); the
// value is never kept, only whether it is literal and its fingerprint as the
// rules see it. Navicat's and SecureCRT's fixed-key ciphers are public
// knowledge: their passwords are also decrypted, fingerprinted and dropped.
// MobaXterm's are encrypted under a master password or a key of the machine
// and are fingerprinted as stored.
#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>

#include "analyze/analyzers.hpp"
#include "nhi/finding.hpp"
#include "util/cipher.hpp"
#include "util/text.hpp"

namespace nhi::detail {
namespace {

// ---- Subversion --------------------------------------------------------------

// One entry of svn's hash file format: "K <len>\n<key>\nV <len>\n<value>\n",
// ending with "END\n". `line` is the 1-based line of the value.
struct svn_entry {
  std::string value;
  std::uint64_t line = 0;
};

// Reads "<tag> <len>\n<len bytes>\n" at `at`; false (and `error` set) when malformed.
bool read_svn_item(std::string_view c, std::size_t& at, std::uint64_t& line, char tag, std::string& text,
                   std::uint64_t& text_line, const char*& error) {
  const std::size_t eol = c.find('\n', at);
  if (eol == std::string_view::npos || eol - at < 3 || c[at] != tag || c[at + 1] != ' ') {
    error = tag == 'K' ? "expected a \"K <length>\" line" : "expected a \"V <length>\" line";
    return false;
  }
  std::string digits = trim(c.substr(at + 2, eol - at - 2));
  if (digits.empty() || digits.size() > 7 || !std::all_of(digits.begin(), digits.end(), [](char ch) {
        return ch >= '0' && ch <= '9';
      })) {
    error = "a length that is not a number";
    return false;
  }
  const std::size_t length = std::stoul(digits);
  const std::size_t begin = eol + 1;
  if (begin + length >= c.size() || c[begin + length] != '\n') {
    error = "an item shorter than its length says";
    return false;
  }
  text.assign(c.substr(begin, length));
  text_line = line + 1;
  line += 2 + static_cast<std::uint64_t>(std::count(text.begin(), text.end(), '\n'));
  at = begin + length + 1;
  return true;
}

// "<https://svn.acme.io:443> Acme repository" -> host svn.acme.io, port 443.
void svn_realm_host(std::string_view realm, std::string& host, std::string& port) {
  if (realm.empty() || realm.front() != '<') return;
  std::string_view root = realm.substr(1, realm.find('>') - 1);
  if (const std::size_t scheme = root.find("://"); scheme != std::string_view::npos) root.remove_prefix(scheme + 3);
  root = root.substr(0, root.find('/'));
  if (const std::size_t at = root.rfind('@'); at != std::string_view::npos) root.remove_prefix(at + 1);
  const std::size_t colon = root.rfind(':');
  host = std::string(root.substr(0, colon));
  if (colon != std::string_view::npos) port = std::string(root.substr(colon + 1));
}

// ---- Navicat -----------------------------------------------------------------

// Printable text (UTF-8 letters allowed, no control characters): what a
// password decrypted with the right key looks like.
bool printable_text(std::string_view s) {
  return !s.empty() && std::none_of(s.begin(), s.end(), [](char ch) {
    const auto u = static_cast<unsigned char>(ch);
    return u < 0x20 || u == 0x7f;
  });
}

// Navicat 12 and later: AES-128-CBC with PKCS#7 padding under the key and IV
// built into every installation.
bool navicat_aes_decrypt(std::string_view data, std::string& out) {
  return data.size() % 16 == 0 && aes_cbc_decrypt("libcckeylibcckey", "libcciv libcciv ", data, out);
}

// Navicat 11 (and its registry keys): Blowfish under SHA-1 of "3DC5CA39",
// chained its own way. The IV is the encrypted block of eight 0xFF bytes;
// each whole block decrypts and is XORed with the vector, which is then XORed
// with the ciphertext block; a last partial block is XORed with the vector
// encrypted once more.
void navicat_blowfish_decrypt(std::string_view data, std::string& out) {
  const std::string key = sha1_digest("3DC5CA39");
  const blowfish_blocks cipher(key);
  unsigned char vector[8];
  std::memset(vector, 0xff, sizeof vector);
  cipher.encrypt(vector);
  out.clear();
  out.reserve(data.size());
  std::size_t at = 0;
  for (; at + 8 <= data.size(); at += 8) {
    unsigned char block[8];
    std::memcpy(block, data.data() + at, 8);
    cipher.decrypt(block);
    for (int i = 0; i < 8; ++i) {
      out += static_cast<char>(block[i] ^ vector[i]);
      vector[i] ^= static_cast<unsigned char>(data[at + i]);
    }
    std::memset(block, 0, sizeof block);
  }
  if (at < data.size()) {
    cipher.encrypt(vector);
    for (std::size_t i = 0; at + i < data.size(); ++i) out += static_cast<char>(data[at + i] ^ vector[i]);
  }
  std::memset(vector, 0, sizeof vector);
}

// The provider of Navicat's connection type (ConnType, or the product's registry key).
std::string navicat_provider(std::string_view type) {
  const std::string t = to_lower_ascii(type);
  if (t.find("mysql") != std::string::npos || t == "navicat") return "mysql";
  if (t.find("mariadb") != std::string::npos) return "mariadb";
  if (t.find("postgre") != std::string::npos || t == "navicatpg") return "postgres";
  if (t.find("mssql") != std::string::npos || t.find("sqlserver") != std::string::npos) return "mssql";
  if (t.find("ora") != std::string::npos) return "oracle";
  if (t.find("mongo") != std::string::npos) return "mongodb";
  if (t.find("redis") != std::string::npos) return "redis";
  if (t.find("sqlite") != std::string::npos) return "sqlite";
  return "database";
}

// Navicat limits passwords to a few hundred characters; longer hex is not one.
constexpr std::size_t kMaxNavicatHex = 4096;

// The fact of one Navicat password: hex as stored (what the rules fingerprint),
// and decrypted with Navicat's published keys to fingerprint the password.
identity_fact navicat_fact(const std::string& provider, const std::string& user, const std::string& host,
                           const std::string& port, const std::string& hex, const source_file& file,
                           std::uint64_t line) {
  identity_fact f = encoded_password_fact("password", provider, user, host, hex, file, line);
  if (!port.empty()) f.attributes["port"] = port;
  if (!port.empty() && !host.empty()) f.name += ":" + port;
  std::string data, plain;
  if (hex.size() > kMaxNavicatHex || !hex_decode(hex, data)) {
    f.attributes["decrypt_error"] = hex.size() > kMaxNavicatHex ? "longer than a Navicat password" : "not hex";
    return f;
  }
  const char* encoding = nullptr;
  if (navicat_aes_decrypt(data, plain) && printable_text(plain)) encoding = "navicat12-aes";
  if (!encoding) {
    navicat_blowfish_decrypt(data, plain);
    if (printable_text(plain)) encoding = "navicat11-blowfish";
  }
  wipe_secret(data);
  if (encoding) {
    f.attributes["encoding"] = encoding;
    f.attributes["fingerprint.decrypted"] = fingerprint_of(plain);
  } else {
    f.attributes["encoding"] = "navicat";
    f.attributes["decrypt_error"] = "decrypts to text with neither of Navicat's published keys";
  }
  wipe_secret(plain);
  return f;
}

// ---- MobaXterm ---------------------------------------------------------------

// "ssh22:root@10.0.0.5" -> protocol ssh, port 22, user root, host 10.0.0.5;
// "root@10.0.0.5" (older versions) has no protocol.
struct moba_login { std::string protocol, port, user, host; };
moba_login moba_login_of(std::string_view key) {
  moba_login l;
  const std::size_t at = key.rfind('@');
  if (at == std::string_view::npos) return l;
  std::string_view user = key.substr(0, at);
  if (const std::size_t colon = user.find(':'); colon != std::string_view::npos) {
    const std::string_view scheme = user.substr(0, colon);
    const std::size_t digits = scheme.find_first_of("0123456789");
    l.protocol = std::string(scheme.substr(0, digits));
    if (digits != std::string_view::npos) l.port = std::string(scheme.substr(digits));
    user.remove_prefix(colon + 1);
  }
  l.user = std::string(user);
  l.host = std::string(key.substr(at + 1));
  return l;
}

// MobaXterm writes base64-like ciphertext; anything else is not a stored password.
bool moba_ciphertext(std::string_view v) {
  return v.size() >= 8 && std::all_of(v.begin(), v.end(), [](char ch) {
           return std::isalnum(static_cast<unsigned char>(ch)) || ch == '+' || ch == '/' || ch == '=';
         });
}

// ---- SecureCRT ---------------------------------------------------------------

// "Password V2"=02:HEX (SecureCRT 7.3.3 and later, no configuration
// passphrase): AES-256-CBC under SHA-256 of the empty passphrase, zero IV;
// the plaintext is a little-endian 32-bit length, the password, its SHA-256,
// and 1 to 16 random bytes to a whole block. False when the layout or the
// checksum does not hold (a configuration passphrase was set).
bool securecrt_v2_decrypt(std::string_view data, std::string& out) {
  std::string plain;
  out.clear();
  if (data.empty() || data.size() % 16 != 0 ||
      !aes_cbc_decrypt(sha256_digest(""), std::string(16, '\0'), data, plain, false))
    return false;
  bool ok = plain.size() >= 4;
  std::size_t length = 0;
  if (ok) {
    for (int i = 3; i >= 0; --i) length = length * 256 + static_cast<unsigned char>(plain[static_cast<std::size_t>(i)]);
    const std::size_t used = 4 + length + 32;
    ok = length <= plain.size() && used <= plain.size() && plain.size() - used == 16 - used % 16;
  }
  if (ok) {
    out.assign(plain, 4, length);
    ok = sha256_digest(out) == std::string_view(plain).substr(4 + length, 32);
  }
  if (!ok) wipe_secret(out);
  wipe_secret(plain);
  return ok;
}

// Blowfish-CBC decryption under `cipher` with a zero IV, whole blocks only.
void blowfish_cbc_decrypt(const blowfish_blocks& cipher, std::string_view data, std::string& out) {
  unsigned char vector[8] = {0};
  out.clear();
  for (std::size_t at = 0; at + 8 <= data.size(); at += 8) {
    unsigned char block[8];
    std::memcpy(block, data.data() + at, 8);
    cipher.decrypt(block);
    for (int i = 0; i < 8; ++i) {
      out += static_cast<char>(block[i] ^ vector[i]);
      vector[i] = static_cast<unsigned char>(data[at + i]);
    }
  }
}

// "Password"=uHEX (SecureCRT before 7.3.3): Blowfish-CBC under SecureCRT's
// first fixed key, four random bytes either side stripped, Blowfish-CBC under
// the second, then UTF-16LE text ending with a zero code unit. False when
// it does not decrypt so.
bool securecrt_v1_decrypt(std::string_view data, std::string& out) {
  static const unsigned char kKey1[16] = {0x24, 0xa6, 0x3d, 0xde, 0x5b, 0xd3, 0xb3, 0x82,
                                          0x9c, 0x7e, 0x06, 0xf4, 0x08, 0x16, 0xaa, 0x07};
  static const unsigned char kKey2[16] = {0x5f, 0xb0, 0x45, 0xa2, 0x94, 0x17, 0xd9, 0x16,
                                          0xc6, 0xc6, 0xa2, 0xff, 0x06, 0x41, 0x82, 0xb7};
  out.clear();
  if (data.size() < 16 || data.size() % 8 != 0) return false;
  std::string outer, inner;
  blowfish_cbc_decrypt(blowfish_blocks(std::string_view(reinterpret_cast<const char*>(kKey1), 16)), data, outer);
  blowfish_cbc_decrypt(blowfish_blocks(std::string_view(reinterpret_cast<const char*>(kKey2), 16)),
                       std::string_view(outer).substr(4, outer.size() - 8), inner);
  wipe_secret(outer);
  std::size_t end = 0;
  while (end + 1 < inner.size() && (inner[end] != 0 || inner[end + 1] != 0)) end += 2;
  const bool ok = end + 1 < inner.size();
  if (ok) out = utf16_to_utf8(std::string_view(inner).substr(0, end), utf16_encoding::little_endian);
  wipe_secret(inner);
  return ok && printable_text(out);
}

}  // namespace

// Subversion's auth cache (~/.subversion/auth/svn.simple/<md5 of the realm>):
// a hash file of username, passtype, svn:realmstring and, for passtype
// "simple", the password in plain text. Other passtypes (gnome-keyring,
// kwallet, keychain, gpg-agent, wincrypt) keep the password elsewhere or
// encrypted to the user's Windows account: a fact without a fingerprint.
void analyze_svn_auth(const source_file& file, analysis_result& out) {
  const std::string_view c = file.content;
  if (trim(c).empty()) return;
  std::map<std::string, svn_entry> entries;
  std::size_t at = 0;
  std::uint64_t line = 1;
  bool ended = false;
  while (at < c.size()) {
    if (c.substr(at, 3) == "END") {
      ended = true;
      break;
    }
    std::string key, value;
    std::uint64_t key_line = 0, value_line = 0;
    const char* error = nullptr;
    if (!read_svn_item(c, at, line, 'K', key, key_line, error) ||
        !read_svn_item(c, at, line, 'V', value, value_line, error))
      throw parse_failure("Subversion auth file: " + std::string(error), line);
    entries[key] = {std::move(value), value_line};
  }
  if (!ended) throw parse_failure("Subversion auth file ends without its END line", line);
  const auto get = [&](const char* key) { auto it = entries.find(key); return it == entries.end() ? std::string() : it->second.value; };
  const std::string realm = get("svn:realmstring"), passtype = get("passtype");
  auto password = entries.find("password");
  if (password == entries.end() && passtype.empty()) return;  // a cached user name only
  std::string host, port;
  svn_realm_host(realm, host, port);
  const bool plain = passtype == "simple" || passtype.empty();  // svn before 1.6 wrote no passtype
  const std::string value = plain && password != entries.end() ? password->second.value : std::string();
  if (plain && (value.empty() || is_reference_or_placeholder(value))) return;
  identity_fact f = client_password_fact("password", "subversion", get("username"), host.empty() ? realm : host, value,
                                         file, password != entries.end() ? password->second.line : 1);
  if (!realm.empty()) f.attributes["realm"] = realm;
  if (!port.empty()) f.attributes["port"] = port;
  f.attributes["passtype"] = passtype.empty() ? "simple" : passtype;
  if (!plain) {
    f.attributes["value_source"] = passtype == "wincrypt" ? "windows-dpapi" : "os-keyring";
    f.attributes.erase("fingerprint");
  }
  out.identities.push_back(std::move(f));
}

// Pidgin / libpurple (~/.purple/accounts.xml): an <account> per account with
// <protocol>, <name> and, when "remember password" is on, <password> in plain
// text. The identity is name@protocol (a Jabber resource after '/' dropped).
void analyze_pidgin_accounts(const source_file& file, analysis_result& out) {
  const std::string_view c = file.content;
  for (std::size_t at = c.find("<account>"); at != std::string_view::npos; at = c.find("<account>", at + 1)) {
    const std::size_t end = c.find("</account>", at);
    if (end == std::string_view::npos) throw parse_failure("Pidgin accounts file ends inside an <account>", line_at(c, at));
    const std::string_view block = c.substr(at, end - at);
    std::size_t password_at = 0;
    const std::string password = xml_element_text(block, "password", &password_at);
    if (password.empty() || is_reference_or_placeholder(password)) continue;
    std::string protocol = xml_element_text(block, "protocol"), name = xml_element_text(block, "name");
    const std::string short_protocol = starts_with(protocol, "prpl-") ? protocol.substr(5) : protocol;
    if (short_protocol == "jabber" || short_protocol == "xmpp") name = name.substr(0, name.find('/'));
    identity_fact f = client_password_fact("password", short_protocol.empty() ? "pidgin" : short_protocol, name, "",
                                           password, file, line_at(c, at + password_at));
    f.name = name + "@" + (short_protocol.empty() ? "pidgin" : short_protocol);
    f.attributes["protocol"] = protocol;
    f.attributes["client"] = "pidgin";
    out.identities.push_back(std::move(f));
  }
}

// Navicat's connection export (File > Export Connections, *.ncx): a
// <Connection> element per connection with ConnectionName, ConnType, Host,
// Port, UserName and the Password in hex of Navicat's fixed-key cipher; an
// SSH tunnel's SSH_Host, SSH_Port, SSH_UserName, SSH_Password and
// SSH_Passphrase likewise.
void analyze_navicat_ncx(const source_file& file, analysis_result& out) {
  const std::string_view c = file.content;
  for (const auto& [offset, tag] : xml_start_tags(c, "Connection")) {
    const std::string name = xml_tag_attribute(tag, "ConnectionName");
    const std::string provider = navicat_provider(xml_tag_attribute(tag, "ConnType"));
    // The database login, the SSH tunnel's password and its key's passphrase.
    for (const char* setting : {"Password", "SSH_Password", "SSH_Passphrase"}) {
      const std::string hex = xml_tag_attribute(tag, setting);
      if (hex.empty() || !all_hex(hex)) continue;
      const std::string p = starts_with(setting, "SSH_") ? "SSH_" : "";
      std::size_t at = tag.find(std::string(setting) + "=");
      while (at != std::string_view::npos && at > 0 && tag[at - 1] == '_') at = tag.find(std::string(setting) + "=", at + 1);
      const std::uint64_t line = line_at(c, offset + (at == std::string_view::npos ? 0 : at));
      identity_fact f = navicat_fact(p.empty() ? provider : "ssh", xml_tag_attribute(tag, p + "UserName"),
                                     xml_tag_attribute(tag, p + "Host"), xml_tag_attribute(tag, p + "Port"), hex, file,
                                     line);
      if (!name.empty()) f.attributes["connection"] = name;
      f.attributes["setting"] = setting;
      out.identities.push_back(std::move(f));
    }
  }
}

void add_navicat_server_fact(const std::string& product, const std::string& server, const std::string& user,
                             const std::string& host, const std::string& port, const std::string& pwd,
                             const source_file& file, std::uint64_t line, analysis_result& out) {
  if (pwd.empty() || !all_hex(pwd)) return;
  identity_fact f = navicat_fact(navicat_provider(product), user, host, port, pwd, file, line);
  f.attributes["connection"] = server;
  f.attributes["registry_key"] = "Software\\PremiumSoft\\" + product + "\\Servers\\" + server;
  out.identities.push_back(std::move(f));
}

// MobaXterm.ini (MobaXterm's settings, beside the portable executable or in
// %APPDATA%\MobaXterm): [Passwords] entries "ssh22:user@host=CIPHERTEXT",
// [Credentials] entries "NAME=user:CIPHERTEXT", both encrypted under the
// master password or a key derived from the machine and user, and [Bookmarks*]
// sessions "NAME=#109#0%host%port%user%..." naming the session of a login.
void analyze_mobaxterm_ini(const source_file& file, analysis_result& out) {
  std::string section;
  std::map<std::string, std::string> sessions;  // user@host -> first session name
  struct stored { std::string key, value; std::uint64_t line; bool credential; };
  std::vector<stored> secrets;
  std::uint64_t line_number = 0;
  for (const std::string& raw : split(file.content, '\n')) {
    ++line_number;
    const std::string line = trim(raw);
    if (!line.empty() && line.front() == '[') {
      section = to_lower_ascii(line.substr(1, line.find(']') - 1));
      continue;
    }
    const std::size_t eq = line.find('=');
    if (eq == std::string::npos || eq == 0) continue;
    const std::string key = line.substr(0, eq), value = line.substr(eq + 1);
    if (section == "passwords" || section == "credentials") {
      secrets.push_back({key, value, line_number, section == "credentials"});
    } else if (starts_with(section, "bookmarks") && starts_with(value, "#")) {
      const std::vector<std::string> fields = split(value, '%');
      if (fields.size() > 3 && !fields[1].empty() && !fields[3].empty())
        sessions.emplace(fields[3] + "@" + fields[1], key);
    }
  }
  for (const stored& s : secrets) {
    const std::size_t before = out.identities.size();
    add_mobaxterm_entry(s.credential, s.key, s.value, file, s.line, out);
    if (s.credential || out.identities.size() == before) continue;
    const moba_login l = moba_login_of(s.key);
    if (auto it = sessions.find(l.user + "@" + l.host); it != sessions.end())
      out.identities.back().attributes["session"] = it->second;
  }
}

void add_mobaxterm_entry(bool credential, const std::string& name, const std::string& value, const source_file& file,
                         std::uint64_t line, analysis_result& out) {
  identity_fact f;
  if (credential) {
    const std::size_t colon = value.find(':');
    if (colon == std::string::npos || !moba_ciphertext(std::string_view(value).substr(colon + 1))) return;
    const std::string user = value.substr(0, colon), ciphertext = value.substr(colon + 1);
    f = encoded_password_fact("password", "mobaxterm", user, "", ciphertext, file, line);
    f.name = user_at_host(user, name);
    f.attributes["credential"] = name;
  } else {
    if (name.find('@') == std::string::npos || !moba_ciphertext(value)) return;
    const moba_login l = moba_login_of(name);
    f = encoded_password_fact("password", l.protocol.empty() ? "mobaxterm" : l.protocol, l.user, l.host, value, file,
                              line);
    if (!l.protocol.empty()) f.attributes["protocol"] = l.protocol;
    if (!l.port.empty()) f.attributes["port"] = l.port;
  }
  f.attributes["encoding"] = "mobaxterm-encrypted";
  f.attributes["decrypt_error"] =
      "not decrypted: encrypted under MobaXterm's master password or a key of the user's machine";
  out.identities.push_back(std::move(f));
}

// A SecureCRT session (Config/Sessions/NAME.ini, each setting a line
// `S:"Name"=value` or `D:"Name"=HEX`): the saved login's Password V2 (prefix
// 02: decrypted with the key of an empty configuration passphrase; 03:, whose
// key comes from bcrypt_pbkdf of the passphrase, fingerprinted as stored) or
// the older Password (Blowfish under two fixed keys, decrypted), for
// Username@Hostname with the protocol and the SSH port.
void analyze_securecrt_session(const source_file& file, analysis_result& out) {
  std::map<std::string, std::pair<std::string, std::uint64_t>> values;
  std::uint64_t line_number = 0;
  for (const std::string& raw : split(file.content, '\n')) {
    ++line_number;
    const std::string line = trim(raw);
    if (line.size() < 5 || (line[0] != 'S' && line[0] != 'D') || line[1] != ':' || line[2] != '"') continue;
    const std::size_t close = line.find("\"=", 3);
    if (close == std::string::npos) continue;
    values.emplace(line.substr(3, close - 3), std::make_pair(line.substr(close + 2), line_number));
  }
  const auto get = [&](const char* key) { auto it = values.find(key); return it == values.end() ? std::string() : it->second.first; };
  std::string port;
  if (const std::string hex = get("[SSH2] Port"); !hex.empty() && hex.size() <= 8 && all_hex(hex))
    port = std::to_string(std::stoul(hex, nullptr, 16));
  for (const char* setting : {"Password V2", "Password"}) {
    const auto it = values.find(setting);
    if (it == values.end()) continue;
    const std::string& stored = it->second.first;
    const bool v2 = std::string_view(setting) == "Password V2";
    const std::size_t hex_at = v2 ? 3 : 1;
    if (stored.size() < hex_at + 16 || !all_hex(std::string_view(stored).substr(hex_at))) continue;
    if (v2 ? stored[2] != ':' : stored[0] != 'u') continue;
    identity_fact f = encoded_password_fact("password", to_lower_ascii(get("Protocol Name")).find("ssh") == 0 ? "ssh"
                                                                                                           : "securecrt",
                                            get("Username"), get("Hostname"), stored, file, it->second.second);
    f.attributes["setting"] = setting;
    if (!port.empty()) f.attributes["port"] = port;
    if (const std::string protocol = get("Protocol Name"); !protocol.empty()) f.attributes["protocol"] = protocol;
    std::string data, plain;
    bool decrypted = false;
    if (hex_decode(std::string_view(stored).substr(hex_at), data)) {
      if (!v2) decrypted = securecrt_v1_decrypt(data, plain);
      else if (starts_with(stored, "02:")) decrypted = securecrt_v2_decrypt(data, plain);
    }
    wipe_secret(data);
    f.attributes["encoding"] = v2 ? "securecrt-v2-" + stored.substr(0, 2) : std::string("securecrt-v1");
    if (decrypted) f.attributes["fingerprint.decrypted"] = fingerprint_of(plain);
    else
      f.attributes["decrypt_error"] = !v2 ? "does not decrypt with SecureCRT's fixed keys"
                                      : starts_with(stored, "02:")
                                          ? "encrypted under a configuration passphrase"
                                          : "key derived from the configuration passphrase by bcrypt_pbkdf: not decrypted here";
    wipe_secret(plain);
    out.identities.push_back(std::move(f));
    break;  // SecureCRT writes the V2 value and leaves the old one empty
  }
}

}  // namespace nhi::detail
