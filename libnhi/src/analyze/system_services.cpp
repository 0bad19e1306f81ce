// SPDX-License-Identifier: Apache-2.0
// The configuration files of Unix system services: pppd's chap-secrets and
// pap-secrets, IPsec's ipsec.secrets (strongSwan, Libreswan, Openswan),
// Samba's smbpasswd, OpenLDAP's slapd.conf and cn=config LDIF, the LDAP
// clients (nslcd.conf, pam_ldap.conf, libnss-ldap.conf, /etc/ldap.secret,
// sssd.conf), hostapd.conf and Jupyter's notebook/server configuration. Each
// credential becomes one fact named for what it opens (client@server, the
// IPsec peers, a DN, wifi:SSID); the value is never kept, only whether it is
// literal and its fingerprint, which the rules of patterns/config-unix.yaml
// give the same bytes. Password hashes are kind password_hash.
#include <algorithm>
#include <cctype>
#include <map>

#include "analyze/analyzers.hpp"
#include "nhi/finding.hpp"
#include "util/cipher.hpp"
#include "util/text.hpp"

namespace nhi::detail {
namespace {

// A fact for `value`: its fingerprint when literal. `always_literal` for
// hashes and encoded values, which the placeholder heuristics must not judge.
identity_fact secret_fact(std::string kind, std::string provider, std::string name, std::string_view value,
                          const source_file& file, std::uint64_t line, bool always_literal = false) {
  identity_fact f = make_fact(std::move(kind), std::move(provider), std::move(name), file, line);
  f.attributes["value_source"] = always_literal ? std::string("literal") : value_source(value);
  if (f.attributes["value_source"] == "literal") f.attributes["fingerprint"] = fingerprint_of(std::string(value));
  return f;
}

// "ldaps://ldap1.acme.io:636/ ldap://ldap2" -> "ldap1.acme.io" (the first URI's host).
std::string host_of_ldap_uri(std::string_view uris) {
  std::string_view uri = uris.substr(0, uris.find_first_of(" \t,"));
  if (const std::size_t scheme = uri.find("://"); scheme != std::string_view::npos) uri = uri.substr(scheme + 3);
  uri = uri.substr(0, uri.find('/'));
  if (!uri.empty() && uri.front() == '[') return std::string(uri.substr(1, uri.find(']') - 1));
  return std::string(uri.substr(0, uri.find(':')));
}

// A password-scheme prefix of OpenLDAP ({SSHA}, {CRYPT}, {PBKDF2-SHA512}, ...), lower case; empty for plain text.
std::string ldap_scheme(std::string_view value) {
  if (value.size() < 3 || value.front() != '{') return {};
  const std::size_t close = value.find('}');
  if (close == std::string_view::npos || close < 2 || close > 24) return {};
  return to_lower_ascii(value.substr(1, close - 1));
}

// `key value` of a line (the first word, then the trimmed rest); empty key for blanks and comments.
std::pair<std::string, std::string> key_and_rest(std::string_view raw) {
  const std::string line = trim(raw);
  if (line.empty() || line[0] == '#') return {};
  const std::size_t space = line.find_first_of(" \t");
  if (space == std::string::npos) return {line, {}};
  return {line.substr(0, space), trim(std::string_view(line).substr(space))};
}

// `key=value` or `key = value` of an INI-like line; empty key for blanks and comments.
std::pair<std::string, std::string> key_equals_value(std::string_view raw) {
  const std::string line = trim(raw);
  if (line.empty() || line[0] == '#' || line[0] == ';') return {};
  const std::size_t eq = line.find('=');
  if (eq == std::string::npos) return {};
  return {trim(std::string_view(line).substr(0, eq)), trim(std::string_view(line).substr(eq + 1))};
}

// The value of a Python assignment's right side: 'x', "x", u'x', r"x"; empty when not a string literal.
std::string python_string(std::string_view rhs, bool& is_literal) {
  std::string v = trim(rhs);
  is_literal = false;
  if (!v.empty() && (v[0] == 'u' || v[0] == 'r' || v[0] == 'b')) v.erase(0, 1);
  if (v.size() < 2 || (v[0] != '\'' && v[0] != '"')) return {};
  const std::size_t close = v.find(v[0], 1);
  if (close == std::string::npos) return {};
  is_literal = true;
  return v.substr(1, close - 1);
}

}  // namespace

// /etc/ppp/chap-secrets, pap-secrets: "client server secret [addresses...]",
// "quoted" words allowed; a secret "@FILE" names a file holding it.
void analyze_ppp_secrets(const source_file& file, analysis_result& out) {
  const bool pap = file.path.find("pap-secrets") != std::string::npos;
  std::uint64_t line_number = 0;
  for (const std::string& raw : split(file.content, '\n')) {
    ++line_number;
    const std::string line = trim(raw);
    if (line.empty() || line[0] == '#') continue;
    const std::vector<std::string> w = words_of(line);
    if (w.size() < 3 || w[2].empty()) continue;
    const std::string& client = w[0];
    const std::string& server = w[1];
    const bool from_file = w[2][0] == '@';
    const std::string name = (client.empty() || client == "*" ? std::string("*") : client) + "@" +
                             (server.empty() || server == "*" ? std::string("ppp") : server);
    identity_fact f = secret_fact("password", "ppp", name, from_file ? "file:" + w[2].substr(1) : w[2], file,
                                  line_number);
    f.attributes["client"] = client;
    f.attributes["server"] = server;
    f.attributes["protocol"] = pap ? "pap" : "chap";
    if (from_file) f.attributes["secret_file"] = w[2].substr(1);
    std::string addresses;
    for (std::size_t i = 3; i < w.size(); ++i) addresses += (i > 3 ? " " : "") + w[i];
    if (!addresses.empty()) f.attributes["addresses"] = addresses;
    out.identities.push_back(std::move(f));
  }
}

namespace {

// swanctl.conf: secrets { ike-NAME { id = ID secret = KEY } eap-NAME { id = USER
// secret = PASSWORD } xauth-NAME, ntlm-NAME, ppk-NAME ... } (idN = for more ids).
void analyze_swanctl_conf(const source_file& file, analysis_result& out) {
  struct section { std::string name, secret, ids; std::uint64_t secret_line = 0; };
  std::vector<std::string> blocks;
  section current;
  std::uint64_t line_number = 0;
  for (const std::string& raw : split(file.content, '\n')) {
    ++line_number;
    std::string line = trim(raw);
    if (const std::size_t hash = line.find('#'); hash != std::string::npos && line.find('"') == std::string::npos)
      line = trim(std::string_view(line).substr(0, hash));
    if (line.empty()) continue;
    if (ends_with(line, "{")) {
      blocks.push_back(trim(std::string_view(line).substr(0, line.size() - 1)));
      if (blocks.size() == 2 && blocks[0] == "secrets") current = section{blocks[1], {}, {}, 0};
      if (blocks.size() > static_cast<std::size_t>(kMaxNesting)) throw parse_failure("blocks nested too deep", line_number);
      continue;
    }
    if (line == "}") {
      if (blocks.size() == 2 && blocks[0] == "secrets" && current.secret_line) {
        const std::string type = to_lower_ascii(current.name.substr(0, current.name.find('-')));
        const bool user_secret = type == "eap" || type == "xauth" || type == "ntlm";
        const std::string first_id = current.ids.substr(0, current.ids.find(' '));
        const std::string name = user_secret && !first_id.empty() ? first_id + "@ipsec"
                                 : "ipsec:" + (current.ids.empty() ? std::string("%any") : current.ids);
        const bool encoded = starts_with(current.secret, "0x") || starts_with(current.secret, "0s");
        identity_fact f = secret_fact("password", "ipsec", name, current.secret, file, current.secret_line, encoded);
        if (f.attributes["value_source"] != "empty") {
          f.attributes["secret_type"] = type;
          f.attributes["section"] = "secrets." + current.name;
          f.attributes["ids"] = current.ids.empty() ? "%any" : current.ids;
          if (user_secret && !first_id.empty()) f.attributes["username"] = first_id;
          out.identities.push_back(std::move(f));
        }
        current = section{};
      }
      if (!blocks.empty()) blocks.pop_back();
      continue;
    }
    if (blocks.size() != 2 || blocks[0] != "secrets") continue;
    const std::size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    const std::string key = trim(std::string_view(line).substr(0, eq));
    const std::string value = trim_unquote(std::string_view(line).substr(eq + 1));
    if (key == "secret") current.secret = value, current.secret_line = line_number;
    else if (starts_with(key, "id")) current.ids += (current.ids.empty() ? "" : " ") + value;
  }
}

}  // namespace

// ipsec.secrets: "[ids] : TYPE secret". PSK keys are shared by the peers the
// ids name; XAUTH, EAP and NTLM secrets are user passwords; RSA, ECDSA,
// BLISS, P12 and PIN lines name key files or smartcards.
void analyze_ipsec_secrets(const source_file& file, analysis_result& out) {
  if (ends_with(to_lower_ascii(file.path), "swanctl.conf")) return analyze_swanctl_conf(file, out);
  std::uint64_t line_number = 0;
  for (const std::string& raw : split(file.content, '\n')) {
    ++line_number;
    const std::string line = trim(raw);
    if (line.empty() || line[0] == '#' || starts_with(line, "include ")) continue;
    // The separator is the first " :" or a leading ":" (ids may hold colons: IPv6 addresses).
    std::size_t colon = line[0] == ':' ? 0 : line.find(" :");
    if (colon == std::string::npos) colon = line.find("\t:");
    if (colon == std::string::npos) continue;
    const std::string ids = trim(std::string_view(line).substr(0, colon));
    const std::vector<std::string> w = words_of(std::string_view(line).substr(line.find(':', colon) + 1));
    if (w.size() < 2) continue;
    const std::string type = to_lower_ascii(w[0]);
    std::string value = w[1];
    if (!value.empty() && value[0] == '#') continue;
    if (type == "rsa" || type == "ecdsa" || type == "bliss" || type == "p12" || type == "pkcs8" || type == "pkcs12") {
      identity_fact f = secret_fact("private_key", "ipsec", ids.empty() ? "ipsec:%any" : "ipsec:" + ids,
                                    "file:" + value, file, line_number);
      f.attributes["secret_type"] = w[0];
      f.attributes["key_file"] = value;
      out.identities.push_back(std::move(f));
      continue;
    }
    if (type != "psk" && type != "xauth" && type != "eap" && type != "ntlm") continue;
    const bool user_secret = type != "psk";
    std::string name;
    if (user_secret)
      name = (ids.empty() ? std::string("%any") : words_of(ids)[0]) + "@ipsec";
    else
      name = "ipsec:" + (ids.empty() ? std::string("%any") : ids);
    const bool encoded = starts_with(value, "0x") || starts_with(value, "0s");
    identity_fact f = secret_fact("password", "ipsec", name, value, file, line_number, encoded);
    f.attributes["secret_type"] = w[0];
    f.attributes["ids"] = ids.empty() ? "%any" : ids;
    f.attributes["encoding"] = starts_with(value, "0x") ? "hex" : starts_with(value, "0s") ? "base64" : "plain";
    if (user_secret && !ids.empty()) f.attributes["username"] = words_of(ids)[0];
    out.identities.push_back(std::move(f));
  }
}

// Samba's smbpasswd: "user:uid:LMHASH:NTHASH:[flags]:LCT-time:". The NT hash
// logs in as it stands (NTLM takes it, not the password): a pass-the-hash credential.
void analyze_smbpasswd(const source_file& file, analysis_result& out) {
  std::uint64_t line_number = 0;
  for (const std::string& raw : split(file.content, '\n')) {
    ++line_number;
    const std::string line = trim(raw);
    if (line.empty() || line[0] == '#') continue;
    const std::vector<std::string> fields = split(line, ':');
    if (fields.size() < 5 || fields[0].empty()) continue;
    const std::string& nt = fields[3];
    if (nt.size() != 32 || !all_hex(nt)) continue;  // XXXX... and NO PASSWORD placeholders
    identity_fact f = secret_fact("password_hash", "samba", fields[0] + "@samba", nt, file, line_number, true);
    f.attributes["username"] = fields[0];
    f.attributes["uid"] = fields[1];
    f.attributes["encoding"] = "nt-hash";
    f.attributes["pass_the_hash"] = "yes: NTLM logs in with the NT hash as it stands";
    if (fields[2].size() == 32 && all_hex(fields[2])) f.attributes["lm_hash"] = "present";
    const std::string flags = trim(fields[4]);
    f.attributes["account_flags"] = flags;
    if (flags.find('D') != std::string::npos) f.attributes["disabled"] = "true";
    if (flags.find('W') != std::string::npos || flags.find('S') != std::string::npos)
      f.attributes["account_type"] = "machine";
    out.identities.push_back(std::move(f));
  }
}

namespace {

// One rootpw / olcRootPW value of a database: plain, a {SCHEME} hash, or
// base64 (olcRootPW::) of either, decoded to tell them apart and fingerprint it.
void add_rootpw_fact(const std::string& rootdn, const std::string& suffix, const std::string& value, bool base64,
                     const source_file& file, std::uint64_t line, analysis_result& out) {
  if (value.empty()) return;
  std::string decoded;
  if (base64 && !base64_decode(value, decoded)) {
    identity_fact f = secret_fact("password", "ldap", rootdn.empty() ? "rootdn@slapd" : rootdn, value, file, line, true);
    f.attributes["decrypt_error"] = "not base64";
    out.identities.push_back(std::move(f));
    return;
  }
  const std::string scheme = ldap_scheme(base64 ? decoded : value);
  identity_fact f = secret_fact(scheme.empty() ? "password" : "password_hash", "ldap",
                                rootdn.empty() ? "rootdn@slapd" : rootdn, value, file, line,
                                base64 || !scheme.empty());
  if (f.attributes["value_source"] != "literal") {
    wipe_secret(decoded);
    return;  // a template or placeholder rootpw
  }
  f.attributes["role"] = "rootdn";
  if (!rootdn.empty()) f.attributes["bind_dn"] = rootdn;
  if (!suffix.empty()) f.attributes["suffix"] = suffix;
  f.attributes["encoding"] = scheme.empty() ? "plain" : scheme;
  if (base64) {
    f.attributes["ldif_base64"] = "true";
    f.attributes["fingerprint.decrypted"] = fingerprint_of(decoded);
  }
  wipe_secret(decoded);
  out.identities.push_back(std::move(f));
}

}  // namespace

// slapd.conf: "database TYPE" sections with suffix, rootdn and rootpw.
void analyze_slapd_conf(const source_file& file, analysis_result& out) {
  std::string rootdn, suffix, rootpw;
  std::uint64_t rootpw_line = 0;
  const auto flush = [&]() {
    if (rootpw_line) add_rootpw_fact(rootdn, suffix, rootpw, false, file, rootpw_line, out);
    rootdn.clear(), suffix.clear(), rootpw.clear(), rootpw_line = 0;
  };
  std::uint64_t line_number = 0;
  for (const std::string& raw : split(file.content, '\n')) {
    ++line_number;
    const auto [key, rest] = key_and_rest(raw);
    const std::string k = to_lower_ascii(key);
    if (k == "database") flush();
    else if (k == "rootdn") rootdn = trim_unquote(rest);
    else if (k == "suffix") suffix = trim_unquote(rest);
    else if (k == "rootpw") rootpw = trim_unquote(rest), rootpw_line = line_number;
  }
  flush();
}

// cn=config LDIF (slapcat -n0, olcDatabase={1}mdb.ldif): entries separated by
// blank lines, "attr: value" or "attr:: base64", continuation lines start with a space.
void analyze_slapd_ldif(const source_file& file, analysis_result& out) {
  struct attribute_line { std::string value; bool base64 = false; std::uint64_t line = 0; };
  std::map<std::string, attribute_line> entry;
  const auto flush = [&]() {
    const auto pw = entry.find("olcrootpw");
    if (pw != entry.end()) {
      std::string dn = entry["olcrootdn"].value;
      if (entry["olcrootdn"].base64) {
        std::string decoded;
        if (base64_decode(dn, decoded)) dn = decoded;
      }
      add_rootpw_fact(dn, entry["olcsuffix"].value, pw->second.value, pw->second.base64, file, pw->second.line, out);
    }
    entry.clear();
  };
  std::string last;
  std::uint64_t line_number = 0;
  for (const std::string& raw0 : split(file.content, '\n')) {
    ++line_number;
    const std::string raw = !raw0.empty() && raw0.back() == '\r' ? raw0.substr(0, raw0.size() - 1) : raw0;
    if (trim(raw).empty()) { flush(); last.clear(); continue; }
    if (raw[0] == '#') continue;
    if (raw[0] == ' ') {
      if (!last.empty()) entry[last].value += raw.substr(1);
      continue;
    }
    const std::size_t colon = raw.find(':');
    if (colon == std::string::npos) continue;
    last = to_lower_ascii(raw.substr(0, colon));
    attribute_line a;
    a.line = line_number;
    a.base64 = colon + 1 < raw.size() && raw[colon + 1] == ':';
    a.value = trim(std::string_view(raw).substr(colon + (a.base64 ? 2 : 1)));
    entry[last] = std::move(a);
  }
  flush();
}

// nslcd.conf, pam_ldap.conf, libnss-ldap.conf, /etc/ldap.conf of nss_ldap:
// "binddn DN" and "bindpw PASSWORD" (also rootbinddn, whose password is in
// /etc/ldap.secret), "uri ldap://HOST" or "host HOST".
void analyze_ldap_client_conf(const source_file& file, analysis_result& out) {
  std::string binddn, uri, bindpw;
  std::uint64_t bindpw_line = 0;
  std::uint64_t line_number = 0;
  for (const std::string& raw : split(file.content, '\n')) {
    ++line_number;
    const auto [key, rest] = key_and_rest(raw);
    const std::string k = to_lower_ascii(key);
    if (k == "binddn") binddn = trim_unquote(rest);
    else if ((k == "uri" || k == "host") && uri.empty()) uri = rest;
    else if (k == "bindpw" && !starts_with(rest, "=")) bindpw = trim_unquote(rest), bindpw_line = line_number;
  }
  if (!bindpw_line || bindpw.empty()) return;
  const std::string host = host_of_ldap_uri(uri);
  identity_fact f = secret_fact("password", "ldap", user_at_host(binddn.empty() ? "binddn" : binddn, host), bindpw,
                                file, bindpw_line);
  if (f.attributes["value_source"] == "empty") return;
  if (!binddn.empty()) f.attributes["bind_dn"] = binddn;
  if (!host.empty()) f.attributes["host"] = host;
  out.identities.push_back(std::move(f));
}

// /etc/ldap.secret (also libnss-ldap.secret, pam_ldap.secret): the password of
// the rootbinddn of /etc/ldap.conf, alone in the file. Only the file name says so.
void analyze_ldap_secret_file(const source_file& file, analysis_result& out) {
  std::string value = trim(file.content);
  if (value.empty() || value.find('\n') != std::string::npos || value.size() > 256) return;
  identity_fact f = secret_fact("password", "ldap", "rootbinddn@ldap", value, file, 1);
  if (f.attributes["value_source"] != "literal") return;
  f.attributes["role"] = "rootbinddn";
  f.attributes["note"] = "the bind DN is rootbinddn of /etc/ldap.conf (libnss-ldap, pam_ldap)";
  out.identities.push_back(std::move(f));
  add_finding(out, "ldap-secret-file", "NHI2", "high",
              "The LDAP rootbinddn password of libnss-ldap/pam_ldap is in " + file.path +
                  " (mode 0600 on the host, never in a repository or an image): rotate it and bind with a "
                  "less privileged DN through nslcd or SSSD.",
              "rootbinddn@ldap", file, 1);
}

namespace {

// An ldap_default_authtok of type obfuscated_password, as sss_obfuscate
// writes it: base64 of the method (16 bits, 0 for AES-256-CBC), the
// ciphertext's length (16 bits; both little-endian, as the x86 hosts that
// write them store them), the key (32 bytes), the IV (16), the ciphertext and
// the sentinel 00 01 02 03. The key travels with the value: anyone decrypts
// it. The plaintext may end with the C string's NUL, which is no part of it.
bool sssd_deobfuscate(std::string_view value, std::string& plain) {
  std::string blob;
  if (!base64_decode(value, blob) || blob.size() < 4 + 32 + 16 + 16 + 4) return false;
  const auto u16 = [&](std::size_t at) {
    return static_cast<std::size_t>(static_cast<unsigned char>(blob[at])) |
           static_cast<std::size_t>(static_cast<unsigned char>(blob[at + 1])) << 8;
  };
  const std::size_t method = u16(0), length = u16(2);
  if (method != 0 || length == 0 || length % 16 != 0 || blob.size() != 4 + 32 + 16 + length + 4 ||
      blob.compare(blob.size() - 4, 4, std::string_view("\0\1\2\3", 4)) != 0)
    return false;
  const std::string_view bytes(blob);
  const bool ok = aes_cbc_decrypt(bytes.substr(4, 32), bytes.substr(36, 16), bytes.substr(52, length), plain);
  wipe_secret(blob);
  if (!ok) return false;
  if (!plain.empty() && plain.back() == '\0') plain.pop_back();
  return true;
}

}  // namespace

// sssd.conf: [domain/NAME] sections with ldap_default_bind_dn,
// ldap_default_authtok, ldap_default_authtok_type (password or
// obfuscated_password: SSSD's reversible obfuscation, decoded) and ldap_uri.
void analyze_sssd_conf(const source_file& file, analysis_result& out) {
  struct setting { std::string value; std::uint64_t line = 0; };
  std::map<std::string, setting> section;
  std::string name;
  const auto flush = [&]() {
    const setting& tok = section["ldap_default_authtok"];
    if (tok.line && !tok.value.empty()) {
      const std::string dn = section["ldap_default_bind_dn"].value;
      const std::string host = host_of_ldap_uri(section["ldap_uri"].value);
      const std::string type = to_lower_ascii(section["ldap_default_authtok_type"].value);
      const bool obfuscated = type == "obfuscated_password";
      identity_fact f = secret_fact("password", "ldap", user_at_host(dn.empty() ? "ldap_default_bind_dn" : dn, host),
                                    tok.value, file, tok.line, obfuscated);
      if (f.attributes["value_source"] != "empty") {
        if (!dn.empty()) f.attributes["bind_dn"] = dn;
        if (!host.empty()) f.attributes["host"] = host;
        f.attributes["sssd_domain"] = starts_with(name, "domain/") ? name.substr(7) : name;
        f.attributes["encoding"] = obfuscated ? "sssd-obfuscated" : "plain";
        // The obfuscation is decoded so the password is fingerprinted as a plain one would be.
        std::string plain;
        if (obfuscated && sssd_deobfuscate(tok.value, plain))
          f.attributes["fingerprint.decrypted"] = fingerprint_of(plain);
        else if (obfuscated)
          f.attributes["decrypt_error"] = "not sss_obfuscate's layout (AES-256-CBC, key and IV in the value)";
        wipe_secret(plain);
        out.identities.push_back(std::move(f));
      }
    }
    section.clear();
  };
  std::uint64_t line_number = 0;
  for (const std::string& raw : split(file.content, '\n')) {
    ++line_number;
    const std::string line = trim(raw);
    if (!line.empty() && line[0] == '[') {
      flush();
      name = line.substr(1, line.find(']') - 1);
      continue;
    }
    const auto [key, value] = key_equals_value(line);
    if (!key.empty()) section[to_lower_ascii(key)] = {value, line_number};
  }
  flush();
}

// hostapd.conf: ssid= (or ssid2= "quoted"/hex), wpa_passphrase=, wpa_psk=,
// sae_password=SECRET[|mac=..][|id=..] (one line per password).
void analyze_hostapd(const source_file& file, analysis_result& out) {
  struct value_at { std::string key, value; std::uint64_t line = 0; };
  std::vector<value_at> secrets;
  std::string ssid, key_mgmt;
  std::uint64_t line_number = 0;
  for (const std::string& raw : split(file.content, '\n')) {
    ++line_number;
    std::string line = raw;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::string t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    const std::size_t eq = t.find('=');
    if (eq == std::string::npos) continue;
    const std::string key = t.substr(0, eq), value = t.substr(eq + 1);  // hostapd keeps spaces in values
    if (key == "ssid" && ssid.empty()) ssid = value;
    else if (key == "ssid2" && ssid.empty()) ssid = trim_unquote(value);
    else if (key == "wpa_key_mgmt") key_mgmt = value;
    else if (key == "wpa_passphrase" || key == "wpa_psk" || key == "sae_password") secrets.push_back({key, value, line_number});
  }
  for (const value_at& s : secrets) {
    std::string value = s.value, sae_id;
    if (s.key == "sae_password") {
      for (const std::string& param : split(value.substr(std::min(value.size(), value.find('|'))), '|'))
        if (starts_with(param, "id=")) sae_id = param.substr(3);
      value = value.substr(0, value.find('|'));
    }
    if (value.empty()) continue;
    const std::string network = "wifi:" + (ssid.empty() ? std::string("(no ssid)") : ssid);
    identity_fact f = secret_fact("password", "wifi", sae_id.empty() ? network : sae_id + "@" + network, value, file,
                                  s.line, s.key == "wpa_psk");
    if (f.attributes["value_source"] != "literal") continue;
    f.attributes["setting"] = s.key;
    if (!ssid.empty()) f.attributes["ssid"] = ssid;
    if (!key_mgmt.empty()) f.attributes["key_mgmt"] = key_mgmt;
    f.attributes["role"] = "access point";
    out.identities.push_back(std::move(f));
  }
}

namespace {

// One Jupyter credential: `setting` is "password", "hashed_password" or "token".
void add_jupyter_fact(const std::string& app, const std::string& setting, const std::string& value,
                      const std::string& endpoint, const source_file& file, std::uint64_t line, analysis_result& out) {
  if (value.empty()) return;
  const bool hashed = setting != "token";
  identity_fact f = secret_fact(hashed ? "password_hash" : "token", "jupyter", "jupyter:" + endpoint, value, file,
                                line, hashed && (starts_with(value, "sha1:") || starts_with(value, "argon2:")));
  if (f.attributes["value_source"] != "literal") return;
  f.attributes["setting"] = app + "." + setting;
  if (hashed) {
    f.attributes["encoding"] = starts_with(value, "argon2:") ? "argon2" : starts_with(value, "sha1:") ? "sha1" : "plain";
    // Jupyter compares a value without an algorithm prefix as it stands: a plain password.
    if (f.attributes["encoding"] == "plain") f.kind = "password";
  }
  out.identities.push_back(std::move(f));
}

}  // namespace

// jupyter_notebook_config.py / jupyter_server_config.py ("c.ServerApp.password
// = 'sha1:...'") and their .json forms ({"ServerApp": {"password": ...}}).
void analyze_jupyter_config(const source_file& file, analysis_result& out) {
  struct found { std::string app, setting, value; std::uint64_t line; };
  std::vector<found> values;
  std::string ip, port;
  if (ends_with(file.path, ".json")) {
    const json doc = parse_json(file.content);
    if (!doc.is_object()) return;
    for (auto it = doc.begin(); it != doc.end(); ++it) {
      if (!it.value().is_object()) continue;
      for (const char* setting : {"password", "hashed_password", "token", "ip", "port"}) {
        const json* m = json_member(it.value(), setting);
        if (!m) continue;
        const std::string v = m->is_string() ? m->get<std::string>()
                              : m->is_number_integer() ? std::to_string(m->get<long long>())
                                                       : std::string();
        if (std::string(setting) == "ip") ip = v;
        else if (std::string(setting) == "port") port = v;
        else if (m->is_string())
          values.push_back({it.key(), setting, v, line_of_text(file.content, "\"" + std::string(setting) + "\"")});
      }
    }
  } else {
    std::uint64_t line_number = 0;
    for (const std::string& raw : split(file.content, '\n')) {
      ++line_number;
      const std::string line = trim(raw);
      if (!starts_with(line, "c.")) continue;
      const std::size_t eq = line.find('=');
      if (eq == std::string::npos) continue;
      const std::string lhs = trim(std::string_view(line).substr(2, eq - 2));
      const std::size_t dot = lhs.rfind('.');
      if (dot == std::string::npos) continue;
      const std::string app = lhs.substr(0, dot), setting = lhs.substr(dot + 1);
      bool literal = false;
      const std::string rhs = line.substr(eq + 1);
      if (setting == "ip") ip = python_string(rhs, literal);
      else if (setting == "port") port = trim(rhs);
      else if (setting == "password" || setting == "hashed_password" || setting == "token") {
        const std::string v = python_string(rhs, literal);
        if (literal) values.push_back({app, setting, v, line_number});
      }
    }
  }
  const std::string endpoint = (ip.empty() ? std::string("localhost") : ip) + ":" + (port.empty() ? "8888" : port);
  for (const found& v : values) add_jupyter_fact(v.app, v.setting, v.value, endpoint, file, v.line, out);
}

// Consul and Nomad agent configurations (HCL or JSON, read line by line as
// both write one setting per line): the gossip key (`encrypt`, base64 of 16
// or 32 bytes) and Consul's ACL tokens (`acl { tokens { NAME = "..." } }`,
// the legacy `acl_master_token`, `acl_agent_token`, `acl_token`, ...).
void analyze_hashicorp_agent(const source_file& file, analysis_result& out) {
  const std::string lower_path = to_lower_ascii(file.path);
  const std::string product = lower_path.find("nomad") != std::string::npos ? "nomad" : "consul";
  struct value_at { std::string key, value, block; std::uint64_t line = 0; };
  std::vector<value_at> values;
  std::vector<std::string> blocks;  // names of the open blocks, innermost last
  std::string datacenter;
  std::uint64_t line_number = 0;
  for (const std::string& raw : split(file.content, '\n')) {
    ++line_number;
    const std::string line = trim(raw);
    if (line.empty() || line[0] == '#' || starts_with(line, "//")) continue;
    // KEY = "VALUE", "KEY": "VALUE", KEY { or "KEY": {
    std::size_t i = 0;
    std::string key;
    const bool quoted = line[0] == '"';
    for (i = quoted ? 1 : 0; i < line.size() && (std::isalnum(static_cast<unsigned char>(line[i])) || line[i] == '_' || line[i] == '-'); ++i)
      key += line[i];
    if (quoted && i < line.size() && line[i] == '"') ++i;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (!key.empty() && i < line.size() && (line[i] == '=' || line[i] == ':')) {
      ++i;
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
      if (i < line.size() && line[i] == '"') {
        const std::size_t close = line.find('"', i + 1);
        if (close != std::string::npos) {
          const std::string value = line.substr(i + 1, close - i - 1);
          if (key == "datacenter") datacenter = value;
          values.push_back({key, value, blocks.empty() ? std::string() : blocks.back(), line_number});
        }
      }
    }
    // Blocks opened and closed on this line (a value's braces are not counted: HCL and JSON quote them).
    bool in_string = false;
    for (std::size_t j = 0; j < line.size(); ++j) {
      if (line[j] == '"' && (j == 0 || line[j - 1] != '\\')) in_string = !in_string;
      if (in_string) continue;
      if (line[j] == '{') blocks.push_back(j == line.find('{') ? key : std::string());
      else if (line[j] == '}' && !blocks.empty()) blocks.pop_back();
    }
    if (blocks.size() > static_cast<std::size_t>(kMaxNesting)) throw parse_failure("blocks nested too deep", line_number);
  }
  const std::string where = product + (datacenter.empty() ? std::string() : ":" + datacenter);
  for (const value_at& v : values) {
    if (v.key == "encrypt") {
      std::string key;
      const bool decodes = base64_decode(v.value, key) && (key.size() == 16 || key.size() == 32) &&
                           key.find_first_not_of('\0') != std::string::npos;  // all zero: a placeholder
      const std::size_t key_bytes = key.size();
      wipe_secret(key);
      if (!decodes) continue;
      // A key that decodes is a literal, whatever it looks like (base64 may start with "/").
      identity_fact f = secret_fact("secret_key", product, "gossip@" + where, v.value, file, v.line, true);
      f.attributes["key_bytes"] = std::to_string(key_bytes);
      f.attributes["purpose"] = "gossip (serf) encryption";
      out.identities.push_back(std::move(f));
      continue;
    }
    static const char* const token_names[] = {"initial_management", "master", "agent", "agent_master",
                                              "agent_recovery", "default", "replication",
                                              "config_file_service_registration", "dns"};
    const bool in_tokens = v.block == "tokens" &&
                           std::any_of(std::begin(token_names), std::end(token_names),
                                       [&](const char* n) { return v.key == n; });
    const bool legacy = starts_with(v.key, "acl_") && ends_with(v.key, "token");
    if (!in_tokens && !legacy) continue;
    if (v.value.empty()) continue;
    const std::string token_name = legacy ? v.key : "acl.tokens." + v.key;
    identity_fact f = secret_fact("token", "consul", token_name + "@" + where, v.value, file, v.line);
    if (f.attributes["value_source"] != "literal") continue;
    f.attributes["token"] = token_name;
    if (v.key == "initial_management" || v.key == "master" || v.key == "acl_master_token")
      f.attributes["privilege"] = "global-management (bootstrap token)";
    out.identities.push_back(std::move(f));
  }
}

// OpenVPN: client profiles (.ovpn) and server/client configs with inline
// blocks, and static key files (ta.key, static.key). Each static key
// (`-----BEGIN OpenVPN Static key V1-----`, inline in <tls-auth>, <tls-crypt>,
// <tls-crypt-v2> or <secret>, or alone in a key file) is a secret_key of
// `openvpn:REMOTE`; an inline <auth-user-pass> block (username line, password
// line) is the password of `user@REMOTE`.
void analyze_openvpn(const source_file& file, analysis_result& out) {
  const std::string_view content = file.content;
  std::string remote, port;
  for (const std::string& raw : split(content, '\n')) {
    const auto [key, rest] = key_and_rest(raw);
    if (key == "remote" && remote.empty()) {
      const std::vector<std::string> w = words_of(rest);
      if (!w.empty()) remote = w[0];
      if (w.size() > 1) port = w[1];
    }
  }
  const std::size_t slash = file.path.find_last_of("/\\");
  const std::string base = slash == std::string::npos ? file.path : file.path.substr(slash + 1);
  const std::string target = "openvpn:" + (remote.empty() ? base : remote);
  static constexpr std::string_view begin_marker = "-----BEGIN OpenVPN Static key V1-----";
  static constexpr std::string_view end_marker = "-----END OpenVPN Static key V1-----";
  for (std::size_t at = content.find(begin_marker); at != std::string_view::npos;
       at = content.find(begin_marker, at + begin_marker.size())) {
    const std::size_t body = content.find('\n', at);
    if (body == std::string_view::npos) break;
    const std::size_t end = content.find(end_marker, body);
    if (end == std::string_view::npos) break;
    std::string key = trim(content.substr(body + 1, end - body - 1));
    std::size_t hex_digits = 0;
    bool well_formed = true;
    for (char c : key) {
      if (hex_digit_value(c) >= 0) ++hex_digits;
      else if (c != '\n' && c != '\r' && c != ' ' && c != '\t') well_formed = false;
    }
    if (!well_formed || hex_digits != 512 || key.find_first_not_of("0\r\n \t") == std::string::npos) continue;
    // The inline block it is in: the last opening tag before it.
    std::string usage = "key file";
    std::size_t best = 0;
    for (const char* tag : {"<tls-auth>", "<tls-crypt>", "<tls-crypt-v2>", "<secret>"}) {
      const std::size_t t = content.rfind(tag, at);
      if (t != std::string_view::npos && t + 1 > best) {
        best = t + 1;
        usage = std::string(tag).substr(1, std::string(tag).size() - 2);
      }
    }
    identity_fact f = secret_fact("secret_key", "openvpn", target, key, file, line_at(content, body + 1), true);
    f.attributes["usage"] = usage;
    f.attributes["key_bits"] = "2048";
    if (!remote.empty()) f.attributes["host"] = remote;
    if (!port.empty()) f.attributes["port"] = port;
    wipe_secret(key);
    out.identities.push_back(std::move(f));
  }
  for (std::size_t at = content.find("<auth-user-pass>"); at != std::string_view::npos;
       at = content.find("<auth-user-pass>", at + 1)) {
    const std::size_t end = content.find("</auth-user-pass>", at);
    if (end == std::string_view::npos) break;
    const std::size_t first = content.find('\n', at);
    if (first == std::string_view::npos || first > end) continue;
    std::vector<std::string> lines;
    for (const std::string& l : split(content.substr(first + 1, end - first - 1), '\n'))
      if (!trim(l).empty()) lines.push_back(trim(l));
    if (lines.size() < 2) continue;
    const std::size_t user_at = content.find(lines[0], first + 1);
    std::size_t password_at = user_at == std::string_view::npos ? first + 1 : content.find(lines[1], user_at + lines[0].size());
    if (password_at == std::string_view::npos || password_at > end) password_at = first + 1;
    identity_fact f = secret_fact("password", "openvpn", user_at_host(lines[0], remote.empty() ? "openvpn" : remote),
                                  lines[1], file, line_at(content, password_at));
    if (f.attributes["value_source"] == "literal") {
      f.attributes["username"] = lines[0];
      if (!remote.empty()) f.attributes["host"] = remote;
      if (!port.empty()) f.attributes["port"] = port;
      out.identities.push_back(std::move(f));
    }
  }
}

}  // namespace nhi::detail
