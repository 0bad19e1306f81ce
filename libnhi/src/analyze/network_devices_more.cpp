// SPDX-License-Identifier: Apache-2.0
// More network device configurations: MikroTik RouterOS `/export` files and
// scripts, Fortinet FortiGate (FortiOS) configurations, and VyOS / EdgeOS /
// Vyatta configurations in curly-brace or `set` form. As for Cisco and Junos
// (network_devices.cpp), each password, key and community becomes a fact named
// after what it opens on which device: `netops@rtr1` (a login),
// `ppp:vpn-branch1@rtr1`, `wifi:office@rtr1`, `ipsec:branch1@fgt-hq`,
// `radius:10.20.0.16@rtr1`, `snmp:rtr1/ro`; the device is the configuration's
// own name (RouterOS `/system identity set name=`, FortiOS `set hostname`,
// VyOS `system host-name`), else the file's name. Values are fingerprinted as
// the rules report them. Hashes (FortiOS `ENC SH2/AK1/PB2`, VyOS
// `encrypted-password`) are facts of kind `password_hash`; FortiOS' other
// `ENC` values are encrypted under a key that is the same on every device
// (CVE-2019-6693) and are fingerprinted as stored, not decrypted.
#include <algorithm>
#include <map>

#include "analyze/analyzers.hpp"
#include "analyze/device_config.hpp"
#include "nhi/finding.hpp"
#include "util/device_secrets.hpp"
#include "util/text.hpp"

namespace nhi::detail {

// ---- shared with network_devices_3.cpp (analyze/device_config.hpp) ----------

bool not_a_value(std::string_view value) {
  return value.empty() || is_reference_or_placeholder(value) || is_device_syntax_word(value);
}

identity_fact& add_fact(device_facts& d, std::string kind, std::string subject, std::string setting,
                        std::string_view value, std::string encoding, const source_file& file, std::uint64_t line,
                        analysis_result& out) {
  identity_fact f = make_fact(std::move(kind), d.provider, std::move(subject), file, line);
  f.attributes["setting"] = std::move(setting);
  f.attributes["encoding"] = std::move(encoding);
  f.attributes["value_source"] = "literal";
  f.attributes["fingerprint"] = fingerprint_of(value);
  out.identities.push_back(std::move(f));
  return out.identities.back();
}

identity_fact& add_community(device_facts& d, std::string_view community, bool write, std::string setting,
                             const source_file& file, std::uint64_t line, analysis_result& out) {
  identity_fact& f = add_fact(d, "snmp_community", write ? "snmp/rw" : "snmp/ro", std::move(setting), community,
                              "plain", file, line, out);
  f.attributes["snmp_version"] = "v1/v2c";
  f.attributes["access"] = write ? "read-write" : "read-only";
  if (write) {
    f.permissions.push_back("snmp write");
    f.admin_equivalent = true;
  }
  return f;
}

void name_device_facts(device_facts& d, const source_file& file, analysis_result& out) {
  std::string source = "hostname";
  if (d.hostname.empty()) {
    d.hostname = device_name_from_path(file.path);
    source = "file name";
  }
  if (d.hostname.empty()) return;
  for (std::size_t i = d.first_fact; i < out.identities.size(); ++i) {
    identity_fact& f = out.identities[i];
    if (f.kind == "snmp_community" && starts_with(f.name, "snmp/")) f.name = "snmp:" + d.hostname + f.name.substr(4);
    else f.name += "@" + d.hostname;
    f.attributes["device"] = d.hostname;
    f.attributes["device_source"] = source;
  }
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::vector<std::string> config_words(std::string_view line) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < line.size();) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i >= line.size()) break;
    std::string w;
    if (line[i] == '"' || line[i] == '\'') {
      const char q = line[i];
      for (++i; i < line.size() && line[i] != q; ++i) {
        if (line[i] == '\\' && i + 1 < line.size()) ++i;
        w += line[i];
      }
      ++i;
    } else {
      while (i < line.size() && line[i] != ' ' && line[i] != '\t') w += line[i++];
    }
    out.push_back(std::move(w));
  }
  return out;
}

unsigned line_starts(std::string_view content, std::initializer_list<std::string_view> prefixes) {
  const std::string_view head = content.substr(0, std::size_t{64} << 10);
  unsigned seen = 0;
  each_line(head, [&](std::string_view line, std::uint64_t) {
    line = trimmed(line);
    unsigned bit = 1;
    for (std::string_view p : prefixes) {
      if (starts_with(line, p)) seen |= bit;
      bit <<= 1;
    }
  });
  return seen;
}

unsigned bit_count(unsigned bits) {
  unsigned n = 0;
  for (; bits; bits &= bits - 1) ++n;
  return n;
}

namespace {

// ---- MikroTik RouterOS --------------------------------------------------------

// One `add` or `set` command: its `key=value` arguments (quoted values
// unescaped), its words without `=` (`set admin`), and the `key=value` pairs
// inside a `[ find ... ]`.
struct ros_command {
  std::map<std::string, std::string> args;
  std::map<std::string, std::string> find;
  std::vector<std::string> words;
  std::string get(const std::string& key) const {
    const auto it = args.find(key);
    return it == args.end() ? std::string() : it->second;
  }
};

// A RouterOS value from `s[i]` on: "quoted" with the script escapes (\" \\ \$
// \? \_ for a space, \n \r \t, \XX in hex), or up to the next blank.
std::string ros_value(std::string_view s, std::size_t& i) {
  std::string v;
  if (i < s.size() && s[i] == '"') {
    for (++i; i < s.size() && s[i] != '"'; ++i) {
      if (s[i] != '\\' || i + 1 >= s.size()) {
        v += s[i];
        continue;
      }
      const char c = s[++i];
      const int hi = hex_digit_value(c), lo = i + 1 < s.size() ? hex_digit_value(s[i + 1]) : -1;
      if (hi >= 0 && lo >= 0) v += static_cast<char>(hi * 16 + lo), ++i;
      else if (c == 'n') v += '\n';
      else if (c == 'r') v += '\r';
      else if (c == 't') v += '\t';
      else if (c == '_') v += ' ';
      else v += c;
    }
    ++i;
    return v;
  }
  while (i < s.size() && s[i] != ' ' && s[i] != '\t') v += s[i++];
  return v;
}

ros_command parse_ros_command(std::string_view s) {
  ros_command c;
  bool in_find = false;
  for (std::size_t i = 0; i < s.size();) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    if (i >= s.size()) break;
    if (s[i] == '[') in_find = true, ++i;
    else if (s[i] == ']') in_find = false, ++i;
    else {
      std::size_t key_end = i;
      while (key_end < s.size() && s[key_end] != '=' && s[key_end] != ' ' && s[key_end] != '\t' &&
             s[key_end] != ']' && s[key_end] != '"')
        ++key_end;
      if (key_end < s.size() && s[key_end] == '=' && key_end > i) {
        std::string key = to_lower_ascii(s.substr(i, key_end - i));
        i = key_end + 1;
        std::string value = ros_value(s, i);
        (in_find ? c.find : c.args)[std::move(key)] = std::move(value);
      } else {
        std::string word = ros_value(s, i);
        if (!in_find && !word.empty()) c.words.push_back(std::move(word));
        if (i == key_end && i < s.size()) ++i;  // a stray quote or bracket
      }
    }
  }
  return c;
}

// The name an `add` gives or a `set` selects: name=, `set NAME`, `[ find name=NAME ]`,
// `[ find default=yes ]`.
std::string ros_subject(const ros_command& c) {
  if (const std::string n = c.get("name"); !n.empty()) return n;
  if (!c.words.empty()) return c.words.front();
  if (const auto it = c.find.find("name"); it != c.find.end()) return it->second;
  if (c.find.count("default")) return "default";
  return {};
}

struct ros_state {
  device_facts dev;
  std::vector<std::string> section;  // the menu of the last `/menu` line
};

void ros_command_line(ros_state& st, const std::string& menu, const std::string& verb, std::string_view rest,
                      const source_file& file, std::uint64_t line, analysis_result& out) {
  ros_command c = parse_ros_command(rest);
  const std::string subject = ros_subject(c);
  if (menu == "system identity" && verb == "set") {
    if (const std::string n = c.get("name"); !n.empty() && !is_reference_or_placeholder(n)) st.dev.hostname = n;
    return;
  }
  const auto value_of = [&c](const char* key) {
    const std::string v = c.get(key);
    return not_a_value(v) ? std::string() : v;
  };
  if (menu == "user") {
    const std::string password = value_of("password");
    if (password.empty() || subject.empty()) return;
    identity_fact& f = add_fact(st.dev, "password", subject, "/user password", password, "plain", file, line, out);
    f.attributes["username"] = subject;
    if (const std::string group = c.get("group"); !group.empty()) {
      f.attributes["group"] = group;
      if (group == "full") {
        f.admin_equivalent = true;
        f.permissions.push_back("group full");
      }
    }
  } else if (menu == "ppp secret") {
    const std::string password = value_of("password");
    if (password.empty() || subject.empty()) return;
    identity_fact& f =
        add_fact(st.dev, "password", "ppp:" + subject, "/ppp secret password", password, "plain", file, line, out);
    f.attributes["username"] = subject;
    if (const std::string service = c.get("service"); !service.empty()) f.attributes["service"] = service;
  } else if (menu == "interface wireless security-profiles") {
    for (const char* key : {"wpa2-pre-shared-key", "wpa-pre-shared-key"}) {
      const std::string psk = value_of(key);
      if (psk.empty()) continue;
      add_fact(st.dev, "pre_shared_key", "wifi:" + subject, key, psk, "plain", file, line, out);
      break;  // RouterOS exports both with the same value
    }
  } else if (menu == "interface wifi security" || menu == "interface wifiwave2 security" || menu == "interface wifi" ||
             menu == "interface wifiwave2") {
    const bool inline_security = menu == "interface wifi" || menu == "interface wifiwave2";
    const std::string psk = value_of(inline_security ? "security.passphrase" : "passphrase");
    if (!psk.empty())
      add_fact(st.dev, "pre_shared_key", "wifi:" + subject, inline_security ? "security.passphrase" : "passphrase", psk,
               "plain", file, line, out);
  } else if (menu == "ip ipsec identity" || menu == "ip ipsec peer") {
    const std::string secret = value_of("secret");
    if (secret.empty()) return;
    std::string peer = menu == "ip ipsec identity" ? c.get("peer") : c.get("address");
    if (peer.empty() && menu == "ip ipsec peer") peer = subject;
    identity_fact& f = add_fact(st.dev, "pre_shared_key", peer.empty() ? std::string("ipsec") : "ipsec:" + peer,
                                "/" + menu + " secret", secret, "plain", file, line, out);
    if (!peer.empty()) f.attributes["peer"] = peer;
  } else if (menu == "radius") {
    const std::string secret = value_of("secret");
    if (secret.empty()) return;
    const std::string address = c.get("address");
    identity_fact& f = add_fact(st.dev, "shared_secret", address.empty() ? std::string("radius") : "radius:" + address,
                                "/radius secret", secret, "plain", file, line, out);
    if (!address.empty()) f.attributes["server_address"] = address;
    if (const std::string service = c.get("service"); !service.empty()) f.attributes["service"] = service;
  } else if (menu == "snmp community") {
    // An SNMPv3 user (passwords, or a security level v1/v2c may not use) is no community.
    const std::string name = c.get("name"), security = c.get("security");
    const bool v3_only = !c.get("authentication-password").empty() || !c.get("encryption-password").empty() ||
                         security == "private" || security == "authorized";
    if (!v3_only && !not_a_value(name) && !is_default_snmp_community(name)) {
      identity_fact& f = add_community(st.dev, name, c.get("write-access") == "yes", "/snmp community name", file,
                                       line, out);
      if (const std::string addresses = c.get("addresses"); !addresses.empty()) f.attributes["acl"] = addresses;
    }
    const std::string user = name.empty() ? subject : name;
    for (const char* key : {"authentication-password", "encryption-password"})
      if (const std::string v = value_of(key); !v.empty())
        add_fact(st.dev, "password", "snmpv3:" + user, key, v, "plain", file, line, out);
  }
  // L2TP's IPsec secret, on any menu (`/interface l2tp-server server`, `/interface l2tp-client`).
  if (const std::string v = value_of("ipsec-secret"); !v.empty())
    add_fact(st.dev, "pre_shared_key", "l2tp-ipsec" + (subject.empty() ? std::string() : ":" + subject),
             "ipsec-secret", v, "plain", file, line, out);
}

// One logical line (continuations joined): `/menu words`, `/menu add|set ...`,
// or `add|set ...` under the last menu.
void ros_line(ros_state& st, std::string_view text, const source_file& file, std::uint64_t line,
              analysis_result& out) {
  text = trimmed(text);
  if (text.empty() || text[0] == '#') return;
  if (text[0] == ':' && text.size() > 1 && text[1] == '/') text.remove_prefix(1);
  std::vector<std::string> menu = st.section;
  if (text[0] == '/') {
    menu.clear();
    std::size_t i = 1;
    while (i < text.size()) {
      std::size_t end = i;
      while (end < text.size() && text[end] != ' ' && text[end] != '\t') ++end;
      const std::string_view word = text.substr(i, end - i);
      if (word == "add" || word == "set" || word.find_first_of("=[") != std::string_view::npos) break;
      if (!word.empty()) menu.emplace_back(to_lower_ascii(word));
      i = end;
      while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    }
    text = text.substr(std::min(i, text.size()));
    if (text.empty()) {
      st.section = std::move(menu);
      return;
    }
  }
  std::string verb;
  if (starts_with(text, "add ") || starts_with(text, "add\t")) verb = "add";
  else if (starts_with(text, "set ") || starts_with(text, "set\t")) verb = "set";
  else return;
  std::string joined;
  for (const std::string& w : menu) joined += (joined.empty() ? "" : " ") + w;
  ros_command_line(st, joined, verb, text.substr(4), file, line, out);
}

// ---- Fortinet FortiOS ---------------------------------------------------------

struct fgt_frame {
  bool edit = false;
  std::string name;                   // the config path (`system admin`) or the edit's name
  std::vector<std::size_t> facts;     // facts made in this edit, for settings after them
  std::map<std::string, std::string> settings;  // other settings of the edit (accprofile, remote-gw, server)
};

struct fgt_state {
  device_facts dev;
  std::vector<fgt_frame> stack;
};

// The stored form of a FortiOS value after `set KEY`: `ENC` then the encrypted
// or hashed value, or the value in clear text.
struct fgt_value {
  std::string value;
  std::string encoding;  // plain, fortios-enc, fortios-sha256, fortios-sha1, fortios-pbkdf2
  bool hash = false;
};

// What FortiOS writes after `ENC`: base64 (of ciphertext or of a salted
// hash), which may start with `/` and is then no file path; `xxxx` in it is
// masked, as the rules' placeholder filter takes it.
bool stored_base64(std::string_view v) {
  if (v.size() < 24 || icontains(v, "xxxx")) return false;
  const std::size_t end = v.find_last_not_of('=');
  return v.size() - end <= 3 && std::all_of(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(end) + 1, [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
         });
}

bool fgt_read_value(const std::vector<std::string>& w, bool admin_password, fgt_value& v) {
  if (w.size() < 3) return false;
  if (w[2] == "ENC") {
    if (w.size() < 4 || !stored_base64(w[3])) return false;
    v.value = w[3];
    const std::string prefix = v.value.substr(0, 3);
    if (admin_password && (prefix == "SH2" || prefix == "AK1" || prefix == "PB2")) {
      v.hash = true;
      v.encoding = prefix == "SH2" ? "fortios-sha256" : prefix == "AK1" ? "fortios-sha1" : "fortios-pbkdf2";
    } else {
      v.encoding = "fortios-enc";
    }
    return true;
  }
  if (not_a_value(w[2])) return false;
  v.value = w[2];
  v.encoding = "plain";
  return true;
}

void fgt_set(fgt_state& st, const std::vector<std::string>& w, const source_file& file, std::uint64_t line,
             analysis_result& out) {
  std::string config;
  fgt_frame* edit = nullptr;
  for (auto it = st.stack.rbegin(); it != st.stack.rend(); ++it) {
    if (it->edit && !edit) edit = &*it;
    if (!it->edit) {
      config = it->name;
      break;
    }
  }
  const std::string key = to_lower_ascii(w[1]);
  if (config == "system global" && key == "hostname" && w.size() > 2) {
    if (!is_reference_or_placeholder(w[2])) st.dev.hostname = w[2];
    return;
  }
  if (!edit) return;
  const std::string& name = edit->name;
  struct target { const char* config; const char* key; const char* kind; const char* prefix; };
  static constexpr target kTargets[] = {
      {"system admin", "password", "password", ""},
      {"user local", "passwd", "password", ""},
      {"vpn ipsec phase1-interface", "psksecret", "pre_shared_key", "ipsec:"},
      {"vpn ipsec phase1", "psksecret", "pre_shared_key", "ipsec:"},
      {"vpn ipsec phase1-interface", "psksecret-remote", "pre_shared_key", "ipsec:"},
      {"user radius", "secret", "shared_secret", "radius:"},
      {"user radius", "secondary-secret", "shared_secret", "radius:"},
      {"user tacacs+", "key", "shared_secret", "tacacs:"},
      {"user ldap", "password", "password", "ldap:"},
      {"system snmp user", "auth-pwd", "password", "snmpv3:"},
      {"system snmp user", "priv-pwd", "password", "snmpv3:"},
      {"wireless-controller vap", "passphrase", "pre_shared_key", "wifi:"},
  };
  if (config == "system snmp community" && key == "name" && w.size() > 2) {
    if (!not_a_value(w[2]) && !is_default_snmp_community(w[2])) {
      identity_fact& f = add_community(st.dev, w[2], false, "config system snmp community", file, line, out);
      f.attributes["community_id"] = name;
    }
    return;
  }
  for (const target& t : kTargets) {
    if (config != t.config || key != t.key) continue;
    fgt_value v;
    if (!fgt_read_value(w, config == "system admin", v)) return;
    identity_fact& f = add_fact(st.dev, v.hash ? "password_hash" : t.kind, t.prefix + name,
                                "config " + config + " set " + key, v.value, v.encoding, file, line, out);
    if (v.hash && v.encoding != "fortios-pbkdf2") f.attributes["weak_hash"] = "true";
    if (v.encoding == "fortios-enc")
      f.attributes["decrypt_error"] =
          "FortiOS ENC: encrypted under a key that is the same on every FortiOS device (CVE-2019-6693); not decrypted "
          "here";
    if (*t.prefix == '\0') f.attributes["username"] = name;
    edit->facts.push_back(out.identities.size() - 1);
    for (const auto& [setting, value] : edit->settings) {
      if (setting == "accprofile") {
        f.attributes["accprofile"] = value;
        if (value == "super_admin") f.admin_equivalent = true, f.permissions.push_back("accprofile super_admin");
      } else {
        f.attributes[setting] = value;
      }
    }
    return;
  }
  // Settings that describe the edit's credential, before or after it.
  std::string attribute;
  if (key == "accprofile") attribute = "accprofile";
  else if (key == "remote-gw") attribute = "peer_address";
  else if (key == "server") attribute = "server_address";
  else if (key == "ssid") attribute = "ssid";
  else if (key == "dn") attribute = "dn";
  if (attribute.empty() || w.size() < 3) return;
  edit->settings[attribute] = w[2];
  for (std::size_t i : edit->facts) {
    identity_fact& f = out.identities[i];
    if (attribute == "accprofile") {
      f.attributes["accprofile"] = w[2];
      if (w[2] == "super_admin" && !f.admin_equivalent)
        f.admin_equivalent = true, f.permissions.push_back("accprofile super_admin");
    } else {
      f.attributes[attribute] = w[2];
    }
  }
}

// ---- VyOS, EdgeOS, Vyatta ----------------------------------------------------

struct vyos_state {
  device_facts dev;
  std::map<std::string, std::vector<std::size_t>> user_facts;  // login user -> facts, for `level`
  std::map<std::string, std::string> user_level;
};

std::vector<std::string> vyos_words(std::string_view line) {
  std::vector<std::string> out;
  for (std::string& w : config_words(line)) {
    if (!w.empty() && w[0] == '#') break;
    out.push_back(std::move(w));
  }
  return out;
}

std::string crypt_scheme(std::string_view hash) {
  if (starts_with(hash, "$6$")) return "sha512-crypt";
  if (starts_with(hash, "$5$")) return "sha256-crypt";
  if (starts_with(hash, "$1$")) return "md5-crypt";
  return {};
}

// One leaf statement, its full path of words (`system login user vyos
// authentication plaintext-password VALUE`).
void vyos_statement(vyos_state& st, const std::vector<std::string>& w, const source_file& file, std::uint64_t line,
                    analysis_result& out) {
  const auto at = [&w](std::size_t i, std::string_view word) { return i < w.size() && w[i] == word; };
  const std::size_t n = w.size();
  if (n == 3 && at(0, "system") && at(1, "host-name")) {
    if (!is_reference_or_placeholder(w[2])) st.dev.hostname = w[2];
    return;
  }
  if (n >= 6 && at(0, "system") && at(1, "login") && at(2, "user")) {
    const std::string& user = w[3];
    if (n == 6 && at(4, "level")) {
      st.user_level[user] = w[5];
      return;
    }
    if (n != 7 || !at(4, "authentication")) return;
    const std::string& value = w[6];
    if (at(5, "plaintext-password")) {
      if (not_a_value(value) || value.size() < 3) return;
      identity_fact& f =
          add_fact(st.dev, "password", user, "login user plaintext-password", value, "plain", file, line, out);
      f.attributes["username"] = user;
      st.user_facts[user].push_back(out.identities.size() - 1);
    } else if (at(5, "encrypted-password")) {
      const std::string scheme = crypt_scheme(value);
      if (scheme.empty() || value.size() < 20) return;
      identity_fact& f =
          add_fact(st.dev, "password_hash", user, "login user encrypted-password", value, scheme, file, line, out);
      f.attributes["username"] = user;
      if (scheme == "md5-crypt") f.attributes["weak_hash"] = "true";
      st.user_facts[user].push_back(out.identities.size() - 1);
    }
    return;
  }
  // system login radius|tacacs server A key V (VyOS 1.3+); system login radius-server A secret V (1.2, EdgeOS)
  if (n >= 7 && at(0, "system") && at(1, "login") && (at(2, "radius") || at(2, "tacacs")) && at(3, "server") &&
      at(n - 2, "key")) {
    if (!not_a_value(w[n - 1])) {
      identity_fact& f = add_fact(st.dev, "shared_secret", w[2] + ":" + w[4], "login " + w[2] + " server key",
                                  w[n - 1], "plain", file, line, out);
      f.attributes["server_address"] = w[4];
    }
    return;
  }
  if (n == 6 && at(0, "system") && at(1, "login") && at(2, "radius-server") && at(4, "secret")) {
    if (!not_a_value(w[5]))
      add_fact(st.dev, "shared_secret", "radius:" + w[3], "login radius-server secret", w[5], "plain", file, line, out)
          .attributes["server_address"] = w[3];
    return;
  }
  // vpn ipsec site-to-site peer P authentication pre-shared-secret V
  if (n == 8 && at(0, "vpn") && at(1, "ipsec") && at(2, "site-to-site") && at(3, "peer") && at(5, "authentication") &&
      at(6, "pre-shared-secret")) {
    if (!not_a_value(w[7]))
      add_fact(st.dev, "pre_shared_key", "ipsec:" + w[4], "site-to-site peer pre-shared-secret", w[7], "plain", file,
               line, out)
          .attributes["peer"] = w[4];
    return;
  }
  // vpn ipsec authentication psk NAME secret V (VyOS 1.4+)
  if (n == 7 && at(0, "vpn") && at(1, "ipsec") && at(2, "authentication") && at(3, "psk") && at(5, "secret")) {
    if (!not_a_value(w[6]))
      add_fact(st.dev, "pre_shared_key", "ipsec:" + w[4], "authentication psk secret", w[6], "plain", file, line, out);
    return;
  }
  // interfaces wireguard wgN private-key V; ... peer P preshared-key V
  if (n >= 5 && at(0, "interfaces") && at(1, "wireguard") && (at(n - 2, "private-key") || at(n - 2, "preshared-key"))) {
    if (w[n - 1].size() == 44 && w[n - 1].back() == '=') {
      const bool own = at(n - 2, "private-key");
      add_fact(st.dev, own ? "private_key" : "pre_shared_key",
               "wireguard:" + w[2] + (own || n < 6 ? std::string() : "/" + w[n - 3]), w[n - 2], w[n - 1], "plain",
               file, line, out);
    }
    return;
  }
  // service snmp community C [authorization ro|rw]
  if (n >= 4 && at(0, "service") && at(1, "snmp") && at(2, "community")) {
    const std::string& community = w[3];
    if (not_a_value(community) || is_default_snmp_community(community)) return;
    const bool write = n == 6 && at(4, "authorization") && w[5] == "rw";
    // One fact per community: the curly form writes it once, the set form once per setting.
    for (std::size_t i = st.dev.first_fact; i < out.identities.size(); ++i) {
      identity_fact& f = out.identities[i];
      if (f.kind == "snmp_community" && f.attributes["fingerprint"] == fingerprint_of(community)) {
        if (write && f.attributes["access"] != "read-write") {
          f.name = "snmp/rw";
          f.attributes["access"] = "read-write";
          f.permissions.push_back("snmp write");
          f.admin_equivalent = true;
        }
        return;
      }
    }
    add_community(st.dev, community, write, "service snmp community", file, line, out);
  }
}

}  // namespace

void analyze_mikrotik_export(const source_file& file, analysis_result& out) {
  ros_state st;
  st.dev.provider = "mikrotik";
  st.dev.first_fact = out.identities.size();
  std::string logical;
  std::uint64_t first_line = 0;
  each_line(file.content, [&](std::string_view line, std::uint64_t number) {
    if (logical.empty()) first_line = number;
    const bool continued = !line.empty() && line.back() == '\\';
    if (continued) line.remove_suffix(1);
    logical += logical.empty() ? line : trimmed(line);
    if (continued && logical.size() < (std::size_t{64} << 10)) return;
    ros_line(st, logical, file, first_line, out);
    logical.clear();
  });
  if (!logical.empty()) ros_line(st, logical, file, first_line, out);
  name_device_facts(st.dev, file, out);
}

void analyze_fortios_config(const source_file& file, analysis_result& out) {
  fgt_state st;
  st.dev.provider = "fortinet";
  st.dev.first_fact = out.identities.size();
  each_line(file.content, [&](std::string_view line, std::uint64_t number) {
    line = trimmed(line);
    if (line.empty() || line[0] == '#') return;
    const std::vector<std::string> w = config_words(line);
    if (w.empty()) return;
    if (w[0] == "config" && w.size() >= 2) {
      if (st.stack.size() >= static_cast<std::size_t>(kMaxNesting)) return;
      fgt_frame f;
      for (std::size_t i = 1; i < w.size(); ++i) f.name += (i > 1 ? " " : "") + w[i];
      st.stack.push_back(std::move(f));
    } else if (w[0] == "edit" && w.size() >= 2) {
      if (st.stack.size() >= static_cast<std::size_t>(kMaxNesting)) return;
      fgt_frame f;
      f.edit = true;
      f.name = w[1];
      st.stack.push_back(std::move(f));
    } else if (w[0] == "next") {
      if (!st.stack.empty() && st.stack.back().edit) st.stack.pop_back();
    } else if (w[0] == "end") {
      while (!st.stack.empty() && st.stack.back().edit) st.stack.pop_back();  // an `edit` left open
      if (!st.stack.empty()) st.stack.pop_back();
    } else if (w[0] == "set" && w.size() >= 3) {
      fgt_set(st, w, file, number, out);
    }
  });
  name_device_facts(st.dev, file, out);
}

void analyze_vyos_config(const source_file& file, analysis_result& out) {
  vyos_state st;
  st.dev.provider = "vyos";
  st.dev.first_fact = out.identities.size();
  std::vector<std::vector<std::string>> stack;
  std::size_t ignored_depth = 0;
  bool in_comment = false;
  each_line(file.content, [&](std::string_view raw, std::uint64_t number) {
    std::string_view line = trimmed(raw);
    if (in_comment || starts_with(line, "/*")) {
      in_comment = line.find("*/") == std::string_view::npos;
      return;
    }
    if (line.empty() || line[0] == '#' || starts_with(line, "//")) return;
    if (starts_with(line, "set ")) {
      vyos_statement(st, vyos_words(line.substr(4)), file, number, out);
      return;
    }
    if (line == "}") {
      if (ignored_depth > 0) --ignored_depth;
      else if (!stack.empty()) stack.pop_back();
      return;
    }
    std::vector<std::string> words = vyos_words(line);
    if (words.empty()) return;
    const bool opens = words.back() == "{";
    if (opens) words.pop_back();
    if (opens) {
      if (ignored_depth > 0 || stack.size() >= static_cast<std::size_t>(kMaxNesting)) ++ignored_depth;
      else stack.push_back(std::move(words));
      return;
    }
    if (ignored_depth > 0) return;
    std::vector<std::string> full;
    for (const auto& block : stack) full.insert(full.end(), block.begin(), block.end());
    full.insert(full.end(), words.begin(), words.end());
    vyos_statement(st, full, file, number, out);
  });
  for (const auto& [user, level] : st.user_level) {
    const auto it = st.user_facts.find(user);
    if (it == st.user_facts.end()) continue;
    for (std::size_t i : it->second) out.identities[i].attributes["level"] = level;
  }
  for (const auto& [user, indexes] : st.user_facts)
    if (!st.user_level.count(user) || st.user_level[user] == "admin")
      for (std::size_t i : indexes) {
        out.identities[i].admin_equivalent = true;
        out.identities[i].permissions.push_back("login (administrator)");
      }
  name_device_facts(st.dev, file, out);
}

// A RouterOS export (`# ... by RouterOS 7.14`, `# software id =`) or a script
// of at least two kinds of menu commands (`/interface`, `/ip`, `/user`, ...).
bool looks_like_mikrotik_export(std::string_view content) {
  const std::string_view head = content.substr(0, 4096);
  if (head.find(" by RouterOS ") != std::string_view::npos || head.find("# software id = ") != std::string_view::npos)
    return true;
  const unsigned seen = line_starts(content, {"/interface ", "/ip ", "/system ", "/user", "/ppp ", "/routing ",
                                              "/snmp", "/radius", "/tool ", "/queue ", "/ipv6 ", "/certificate"});
  return bit_count(seen) >= 2;
}

// A FortiOS configuration: its `#config-version=` header, or `config system
// ...` blocks with `set` lines and `end`.
bool looks_like_fortios_config(std::string_view content) {
  if (starts_with(content, "#config-version=")) return true;
  const unsigned seen =
      line_starts(content, {"config system ", "config user ", "config vpn ", "config firewall ", "set ", "end"});
  return (seen & 0x0F) != 0 && (seen & 0x10) && (seen & 0x20);
}

// VyOS, EdgeOS or Vyatta: its version footer, or `set` / curly statements of
// the Vyatta command tree (`interfaces ethernet eth0`, `system login user`).
bool looks_like_vyos_config(std::string_view content) {
  for (const char* footer : {"vyos-config-version", "vyatta-config-version", "=== vyatta-config-version"})
    if (content.find(footer) != std::string_view::npos) return true;
  const unsigned seen = line_starts(content, {"set interfaces ethernet eth", "set system login user ",
                                              "set service ", "ethernet eth", "system {", "interfaces {"});
  return ((seen & 0x1) && (seen & 0x6)) || ((seen & 0x8) && (seen & 0x10) && (seen & 0x20));
}

}  // namespace nhi::detail
