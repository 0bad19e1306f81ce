// SPDX-License-Identifier: Apache-2.0
// The user files of Java application servers: Jetty's HashLoginService
// realm.properties and the properties realms of JBoss EAP / WildFly
// (mgmt-users.properties, application-users.properties). Each user becomes one
// fact named USER@jetty or USER@REALM with its roles; the value is only
// fingerprinted as the rules see it. Jetty's OBF: form is reversible without a
// key: the plaintext is recovered only to fingerprint it too
// (`fingerprint.decrypted`), then wiped. MD5:, CRYPT: and WildFly's digests are
// hashes (kind password_hash): an offline attack, not a login as they stand.
#include <cctype>

#include "analyze/analyzers.hpp"
#include "nhi/finding.hpp"
#include "util/cipher.hpp"
#include "util/text.hpp"

namespace nhi::detail {
namespace {

int base36_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return -1;
}

bool base36_group(std::string_view four, int& value) {
  value = 0;
  for (char c : four) {
    const int d = base36_digit(c);
    if (d < 0) return false;
    value = value * 36 + d;
  }
  return true;
}

// The file's properties, Java style: `key=value`, `key: value` or `key value`;
// # and ! start comments. Continuation lines and escapes are not needed by
// the files read here (user names are plain words).
struct property_line {
  std::string key, value;
  std::uint64_t line = 0;
};

std::vector<property_line> properties_of(std::string_view content) {
  std::vector<property_line> out;
  std::uint64_t number = 0;
  for (const std::string& raw : split(content, '\n')) {
    ++number;
    const std::string line = trim(raw);
    if (line.empty() || line[0] == '#' || line[0] == '!') continue;
    const std::size_t sep = line.find_first_of("=: \t");
    if (sep == std::string::npos || sep == 0) continue;
    std::size_t v = line.find_first_not_of(" \t", sep + 1);
    if (v != std::string::npos && line[sep] != '=' && line[sep] != ':' && (line[v] == '=' || line[v] == ':'))
      v = line.find_first_not_of(" \t", v + 1);
    out.push_back({line.substr(0, sep), v == std::string::npos ? std::string() : trim(std::string_view(line).substr(v)),
                   number});
  }
  return out;
}

identity_fact server_user_fact(std::string kind, std::string provider, const std::string& user,
                               const std::string& service, std::string_view value, const source_file& file,
                               std::uint64_t line) {
  identity_fact f = make_fact(std::move(kind), std::move(provider), user + "@" + service, file, line);
  f.attributes["username"] = user;
  f.attributes["value_source"] = "literal";
  f.attributes["fingerprint"] = fingerprint_of(value);
  return f;
}

// Jetty's obfuscation (org.eclipse.jetty.util.security.Password, documented
// with the Password tool): for byte i of n, with b1 = byte i and b2 = byte
// n-1-i, either four base-36 digits of (127+b1+b2)*256 + (127+b1-b2) when
// both are ASCII, or "U" and four base-36 digits of b1*256+b2 otherwise.
// Undone: b1 = (high + low - 254) / 2, or the high byte after a "U".
bool jetty_deobfuscate(std::string_view value, std::string& out) {
  out.clear();
  if (starts_with(value, "OBF:")) value.remove_prefix(4);
  std::size_t i = 0;
  while (i < value.size()) {
    int v = 0;
    if (value[i] == 'U') {
      if (i + 5 > value.size() || !base36_group(value.substr(i + 1, 4), v) || v > 0xFFFF) break;
      out += static_cast<char>(v >> 8);
      i += 5;
      continue;
    }
    if (i + 4 > value.size() || !base36_group(value.substr(i, 4), v)) break;
    const int sum = v / 256 + v % 256 - 254;
    if (sum < 0 || sum % 2 != 0 || sum / 2 > 127) break;
    out += static_cast<char>(sum / 2);
    i += 4;
  }
  if (i == value.size() && !out.empty()) return true;
  wipe_secret(out);
  return false;
}

}  // namespace

// Jetty's realm.properties (HashLoginService, also the older HashUserRealm):
// `username: credential[, role ...]`, the credential plain, OBF: (reversible),
// MD5:hex, CRYPT:... (UnixCrypt) or MD:ALGORITHM:hex (checksums).
void analyze_jetty_realm(const source_file& file, analysis_result& out) {
  for (const property_line& p : properties_of(file.content)) {
    const std::vector<std::string> parts = split(p.value, ',');
    if (parts.empty()) continue;
    const std::string credential = trim(parts[0]);
    std::string roles;
    for (std::size_t i = 1; i < parts.size(); ++i) {
      const std::string role = trim(parts[i]);
      if (role.empty()) continue;
      if (!roles.empty()) roles += ",";
      roles += role;
    }
    if (credential.empty() || is_reference_or_placeholder(credential)) continue;
    identity_fact f;
    if (starts_with(credential, "OBF:")) {
      std::string plain;
      const bool recovered = jetty_deobfuscate(credential, plain);
      if (recovered && is_reference_or_placeholder(plain)) {
        wipe_secret(plain);
        continue;
      }
      f = server_user_fact("password", "jetty", p.key, "jetty", credential, file, p.line);
      f.attributes["encoding"] = "jetty-obf";
      if (recovered) f.attributes["fingerprint.decrypted"] = fingerprint_of(plain);
      else f.attributes["decrypt_error"] = "not Jetty's obfuscation";
      wipe_secret(plain);
    } else if (starts_with(credential, "MD5:") || starts_with(credential, "CRYPT:") || starts_with(credential, "MD:")) {
      f = server_user_fact("password_hash", "jetty", p.key, "jetty", credential, file, p.line);
      if (starts_with(credential, "MD5:")) f.attributes["encoding"] = "md5";
      else if (starts_with(credential, "CRYPT:")) f.attributes["encoding"] = "unix-crypt";
      else f.attributes["encoding"] = to_lower_ascii(credential.substr(3, credential.find(':', 3) - 3));
    } else {
      f = server_user_fact("password", "jetty", p.key, "jetty", credential, file, p.line);
      f.attributes["encoding"] = "plain";
    }
    if (!roles.empty()) f.attributes["roles"] = roles;
    f.attributes["realm"] = "HashLoginService";
    out.identities.push_back(std::move(f));
  }
}

// JBoss EAP / WildFly properties realms (add-user.sh writes them):
// `username=HEX` with HEX = MD5(username ":" realm ":" password), the realm
// named by the `#$REALM_NAME=NAME$` line (ManagementRealm for
// mgmt-users.properties, ApplicationRealm for application-users.properties
// when absent). A realm configured plain-text="true" keeps plain passwords.
void analyze_wildfly_users(const source_file& file, analysis_result& out) {
  std::string realm;
  if (const std::size_t at = file.content.find("#$REALM_NAME="); at != std::string_view::npos) {
    const std::size_t from = at + 13, end = file.content.find_first_of("$\r\n", from);
    if (end != std::string_view::npos && file.content[end] == '$') realm = trim(file.content.substr(from, end - from));
  }
  if (realm.empty()) {
    const std::string lower = to_lower_ascii(file.path);
    realm = lower.find("application-users") != std::string::npos ? "ApplicationRealm" : "ManagementRealm";
  }
  for (const property_line& p : properties_of(file.content)) {
    if (p.value.empty() || is_reference_or_placeholder(p.value)) continue;
    const bool digest = p.value.size() == 32 && all_hex(p.value);
    identity_fact f = server_user_fact(digest ? "password_hash" : "password", "wildfly", p.key, realm, p.value, file,
                                       p.line);
    f.attributes["realm"] = realm;
    f.attributes["encoding"] = digest ? "md5-user-realm-password" : "plain";
    out.identities.push_back(std::move(f));
  }
}

}  // namespace nhi::detail
