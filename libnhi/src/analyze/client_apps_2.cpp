// SPDX-License-Identifier: Apache-2.0
// More credential stores of desktop and administration tools: Subversion's
// auth cache, Pidgin's accounts.xml, Navicat's connection exports and
// registry keys, MobaXterm.ini. Each saved login becomes a fact named after
// the identity it unlocks (user@host, name@protocol); the value is never
// kept, only whether it is literal and its fingerprint as the rules see it.
// Navicat's fixed-key ciphers are public knowledge: its passwords are also
// decrypted, fingerprinted and dropped. MobaXterm's are encrypted under a
// master password or a key of the machine and are fingerprinted as stored.
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
    if (section == "passwords" && key.find('@') != std::string::npos && moba_ciphertext(value)) {
      secrets.push_back({key, value, line_number, false});
    } else if (section == "credentials") {
      const std::size_t colon = value.find(':');
      if (colon != std::string::npos && moba_ciphertext(value.substr(colon + 1)))
        secrets.push_back({key, value, line_number, true});
    } else if (starts_with(section, "bookmarks") && starts_with(value, "#")) {
      const std::vector<std::string> fields = split(value, '%');
      if (fields.size() > 3 && !fields[1].empty() && !fields[3].empty())
        sessions.emplace(fields[3] + "@" + fields[1], key);
    }
  }
  for (const stored& s : secrets) {
    identity_fact f;
    if (s.credential) {
      const std::size_t colon = s.value.find(':');
      const std::string user = s.value.substr(0, colon), ciphertext = s.value.substr(colon + 1);
      f = encoded_password_fact("password", "mobaxterm", user, "", ciphertext, file, s.line);
      f.name = user_at_host(user, s.key);
      f.attributes["credential"] = s.key;
    } else {
      const moba_login l = moba_login_of(s.key);
      f = encoded_password_fact("password", l.protocol.empty() ? "mobaxterm" : l.protocol, l.user, l.host, s.value,
                                file, s.line);
      if (!l.protocol.empty()) f.attributes["protocol"] = l.protocol;
      if (!l.port.empty()) f.attributes["port"] = l.port;
      if (auto it = sessions.find(l.user + "@" + l.host); it != sessions.end()) f.attributes["session"] = it->second;
    }
    f.attributes["encoding"] = "mobaxterm-encrypted";
    f.attributes["decrypt_error"] =
        "not decrypted: encrypted under MobaXterm's master password or a key of the user's machine";
    out.identities.push_back(std::move(f));
  }
}

}  // namespace nhi::detail
