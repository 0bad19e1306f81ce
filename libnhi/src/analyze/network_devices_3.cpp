// SPDX-License-Identifier: Apache-2.0
// Network device configurations, round 3: HPE ProCurve / ArubaOS-Switch
// (`; J9850A Configuration Editor; Created on release #KB.16...`, credentials
// written with `include-credentials`) and Aruba AOS-CX (`!Version
// ArubaOS-CX ...`); Huawei VRP and H3C Comware (`sysname`, `#` between
// sections); Palo Alto PAN-OS XML configurations (running-config.xml). As for
// the other device analyzers (network_devices.cpp, network_devices_more.cpp,
// whose naming helpers analyze/device_config.hpp shares), each password, key
// and community becomes a fact named after what it opens on which device:
// `admin@sw-core1` (a login), `radius:10.20.0.16@sw-core1`,
// `tacacs:TAC@HW-CORE1`, `ike:GW-BRANCH1@PA-FW1`, `snmpv3:monitor@cx-sw1`,
// `snmp:sw-core1/rw`; the device is the configuration's own name
// (`hostname`, `sysname`, `deviceconfig/system/hostname`), else the file's
// name. Values are fingerprinted as the rules report them. Hashes (ProCurve's
// unsalted `sha1`, VRP `irreversible-cipher`, Comware `password hash`, PAN-OS
// `phash`) are facts of kind `password_hash`; values the device encrypted
// (ArubaOS-Switch `encrypted-key`, AOS-CX `ciphertext`, VRP and Comware
// `cipher`, PAN-OS `-AQ==`) are fingerprinted as stored, not decrypted.
#include <algorithm>
#include <map>
#include <set>

#include "analyze/analyzers.hpp"
#include "analyze/device_config.hpp"
#include "nhi/finding.hpp"
#include "util/device_secrets.hpp"
#include "util/text.hpp"

namespace nhi::detail {
namespace {

// The longest line read: an AOS-CX `snmpv3 user` line with two ciphertexts
// is under 1 KiB.
constexpr std::size_t kMaxLine = 8192;

// An SNMP community public or private: a finding, not a fact (no secret),
// named once the device is known.
struct default_community {
  std::string community;
  bool write = false;
  std::uint64_t line = 0;
};

// The finding `snmp-default-community` of each default community, after
// name_device_facts gave the device its name; `access` says what the write
// and read forms are called on the device.
void report_default_communities(const std::vector<default_community>& defaults, const device_facts& dev,
                                const char* write_access, const char* read_access, const source_file& file,
                                analysis_result& out) {
  const std::string where = dev.hostname.empty() ? file.path : dev.hostname;
  for (const auto& d : defaults)
    add_finding(out, "snmp-default-community", "NHI4", d.write ? "critical" : "high",
                "The SNMP community of " + where + " is the default " + d.community + " (" +
                    (d.write ? write_access : read_access) +
                    "), which every scanner and manager tries first; remove it, use SNMPv3 users, or a random "
                    "community restricted to its managers.",
                (dev.hostname.empty() ? std::string("snmp") : "snmp:" + dev.hostname) + "/" + d.community, file,
                d.line);
}

struct aruba_state {
  device_facts dev;
  bool aoscx = false;
  std::vector<default_community> defaults;
};

bool word_at(const std::vector<std::string>& w, std::size_t i, std::string_view word) {
  return i < w.size() && w[i] == word;
}

// A stored value and the encoding it is stored in, as read_typed_value reads it.
struct aruba_value {
  std::string value;
  std::string encoding;  // plain, procurve-sha1, arubaos-switch-encrypted, aoscx-ciphertext, huawei-cipher, ...
  bool hash = false;
};

// `%^%#...%^%#` (also `%@%@` and `%$%$`) as VRP writes `cipher` values, or
// Comware's `$c$N$base64`.
bool vrp_cipher_shape(std::string_view v) {
  for (const std::string_view mark : {std::string_view("%^%#"), std::string_view("%@%@"), std::string_view("%$%$")})
    if (v.size() >= 16 + 2 * mark.size() && starts_with(v, mark) && ends_with(v, mark)) return true;
  return v.size() >= 16 + 5 && starts_with(v, "$c$") && v[3] >= '0' && v[3] <= '9' && v[4] == '$';
}

// A VRP `irreversible-cipher` hash (`$1a$...$`, `$1b$`...) or a Comware
// `password hash $h$6$...`.
bool vrp_hash_shape(std::string_view v) {
  if (v.size() >= 24 && starts_with(v, "$1") && v[2] >= 'a' && v[2] <= 'd' && v[3] == '$' && v.back() == '$')
    return true;
  return v.size() >= 24 && starts_with(v, "$h$") && v[3] >= '0' && v[3] <= '9' && v[4] == '$';
}

// The value after its type word, with the encoding it is stored in: Aruba's
// `sha1`, `plaintext`, `ciphertext`, `key`, `encrypted-key`; VRP's and
// Comware's `cipher`, `irreversible-cipher`, `hash`, `simple`. False when it
// is no value worth a fact (a placeholder, not of its type's shape).
bool read_typed_value(const std::string& type, const std::string& value, aruba_value& v) {
  if (type == "sha1") {
    if (value.size() != 40 || !all_hex(value)) return false;
    v.encoding = "procurve-sha1";
    v.hash = true;
  } else if (type == "ciphertext" || type == "encrypted-key") {
    if (value.size() < 16 || not_a_value(value) || value.find_first_of(" <>{}$") != std::string::npos) return false;
    v.encoding = type == "ciphertext" ? "aoscx-ciphertext" : "arubaos-switch-encrypted";
  } else if (type == "cipher") {
    if (!vrp_cipher_shape(value)) return false;
    v.encoding = starts_with(value, "$c$") ? "h3c-cipher" : "huawei-cipher";
  } else if (type == "irreversible-cipher" || type == "hash") {
    if (!vrp_hash_shape(value)) return false;
    v.encoding = starts_with(value, "$h$") ? "h3c-hash" : "huawei-irreversible-cipher";
    v.hash = true;
  } else if (type == "plaintext" || type == "key" || type == "simple") {
    if (not_a_value(value)) return false;
    v.encoding = "plain";
  } else {
    return false;
  }
  v.value = value;
  return true;
}



identity_fact& add_aruba(aruba_state& st, std::string kind, std::string subject, std::string setting,
                         const aruba_value& v, const source_file& file, std::uint64_t line, analysis_result& out) {
  identity_fact& f = add_fact(st.dev, v.hash ? "password_hash" : std::move(kind), std::move(subject),
                              std::move(setting), v.value, v.encoding, file, line, out);
  f.attributes["os"] = st.aoscx ? "aos-cx" : "arubaos-switch";
  if (v.encoding == "procurve-sha1") f.attributes["weak_hash"] = "true";
  if (v.encoding == "aoscx-ciphertext" || v.encoding == "arubaos-switch-encrypted")
    f.attributes["decrypt_error"] = "encrypted by the switch; not decrypted here";
  return f;
}

// password manager|operator|port-access [user-name NAME] sha1|plaintext VALUE
void procurve_password(aruba_state& st, const std::vector<std::string>& w, const source_file& file,
                       std::uint64_t line, analysis_result& out) {
  const std::string level = w[1];
  if (level != "manager" && level != "operator" && level != "port-access") return;
  std::size_t i = 2;
  std::string user;
  if (word_at(w, i, "user-name") && i + 1 < w.size()) user = w[i + 1], i += 2;
  if (i + 1 >= w.size()) return;
  aruba_value v;
  if (!read_typed_value(w[i], w[i + 1], v)) return;
  std::string subject = user.empty() ? level : user;
  if (level == "port-access") subject = "port-access:" + subject;
  identity_fact& f = add_aruba(st, "password", subject, "password " + level + " " + w[i], v, file, line, out);
  if (!user.empty()) f.attributes["username"] = user;
  f.attributes["access_level"] = level;
  if (level == "manager") {
    f.admin_equivalent = true;
    f.permissions.push_back("manager");
  }
}

// AOS-CX: user NAME group GROUP password ciphertext|plaintext VALUE
void aoscx_user(aruba_state& st, const std::vector<std::string>& w, const source_file& file, std::uint64_t line,
                analysis_result& out) {
  std::string group;
  for (std::size_t i = 2; i + 2 < w.size(); ++i) {
    if (w[i] == "group") group = w[i + 1];
    if (w[i] != "password") continue;
    aruba_value v;
    if (!read_typed_value(w[i + 1], w[i + 2], v)) return;
    identity_fact& f = add_aruba(st, "password", w[1], "user password " + w[i + 1], v, file, line, out);
    f.attributes["username"] = w[1];
    if (!group.empty()) f.attributes["group"] = group;
    if (group == "administrators") {
      f.admin_equivalent = true;
      f.permissions.push_back("group administrators");
    }
    return;
  }
}

// radius-server|tacacs-server [host A ...] key|encrypted-key VALUE (ArubaOS-Switch),
// ... key ciphertext|plaintext VALUE [vrf V] (AOS-CX)
void aaa_server_key(aruba_state& st, const std::vector<std::string>& w, const source_file& file, std::uint64_t line,
                    analysis_result& out) {
  const std::string service = w[0] == "radius-server" ? "radius" : "tacacs";
  const std::string host = word_at(w, 1, "host") && w.size() > 2 ? w[2] : std::string();
  for (std::size_t i = 1; i + 1 < w.size(); ++i) {
    if (w[i] != "key" && w[i] != "encrypted-key") continue;
    aruba_value v;
    const bool typed = w[i] == "key" && (w[i + 1] == "ciphertext" || w[i + 1] == "plaintext") && i + 2 < w.size();
    if (!(typed ? read_typed_value(w[i + 1], w[i + 2], v) : read_typed_value(w[i], w[i + 1], v))) return;
    identity_fact& f = add_aruba(st, "shared_secret", host.empty() ? service : service + ":" + host,
                                 w[0] + " " + w[i] + (typed ? " " + w[i + 1] : std::string()), v, file, line, out);
    if (!host.empty()) f.attributes["server"] = host;
    const std::size_t next = i + (typed ? 3 : 2);
    if (word_at(w, next, "vrf") && next + 1 < w.size()) f.attributes["vrf"] = w[next + 1];
    return;
  }
}

// snmp-server community NAME [operator|manager] [restricted|unrestricted]
// (ArubaOS-Switch: unrestricted is read-write); AOS-CX: snmp-server community NAME
void snmp_community(aruba_state& st, const std::vector<std::string>& w, const source_file& file, std::uint64_t line,
                    analysis_result& out) {
  const std::string& community = w[2];
  if (not_a_value(community)) return;
  bool write = false, manager = false;
  for (std::size_t i = 3; i < w.size(); ++i) {
    if (w[i] == "unrestricted") write = true;
    if (w[i] == "manager") manager = true;
  }
  if (is_default_snmp_community(community)) {
    st.defaults.push_back({to_lower_ascii(community), write, line});
    return;
  }
  identity_fact& f = add_community(st.dev, community, write, "snmp-server community", file, line, out);
  f.attributes["os"] = st.aoscx ? "aos-cx" : "arubaos-switch";
  if (!st.aoscx) f.attributes["mib_view"] = manager ? "manager" : "operator";
}

// AOS-CX: snmpv3 user NAME auth sha auth-pass ciphertext V priv aes priv-pass ciphertext V
void snmpv3_user(aruba_state& st, const std::vector<std::string>& w, const source_file& file, std::uint64_t line,
                 analysis_result& out) {
  const std::string& user = w[2];
  for (std::size_t i = 3; i + 2 < w.size(); ++i) {
    if (w[i] != "auth-pass" && w[i] != "priv-pass") continue;
    aruba_value v;
    if (!read_typed_value(w[i + 1], w[i + 2], v)) continue;
    identity_fact& f = add_aruba(st, "password", "snmpv3:" + user, "snmpv3 user " + w[i], v, file, line, out);
    f.attributes["username"] = user;
    f.attributes["algorithm"] = w[i - 1];
  }
}


// ---- Huawei VRP, H3C Comware --------------------------------------------------

struct vrp_state {
  device_facts dev;
  std::vector<std::string> section;  // the words of the last unindented command
  std::map<std::string, std::vector<std::size_t>> user_facts;  // local user -> indexes of its facts
  std::map<std::string, std::string> user_privilege;           // VRP `local-user U privilege level N`
  std::map<std::string, std::string> user_role;                // Comware `authorization-attribute user-role R`
  std::vector<default_community> defaults;
};

bool read_vrp_value(const std::vector<std::string>& w, std::size_t i, aruba_value& v) {
  return i + 1 < w.size() && read_typed_value(w[i], w[i + 1], v);
}

// The index of the first of `cipher`, `simple`, `irreversible-cipher`, `hash` from `from` on, or 0.
std::size_t vrp_type_at(const std::vector<std::string>& w, std::size_t from) {
  for (std::size_t i = from; i + 1 < w.size(); ++i)
    if (w[i] == "cipher" || w[i] == "simple" || w[i] == "irreversible-cipher" || w[i] == "hash") return i;
  return 0;
}

identity_fact* add_vrp(vrp_state& st, std::string kind, std::string subject, std::string setting,
                       const std::vector<std::string>& w, std::size_t from, const source_file& file,
                       std::uint64_t line, analysis_result& out) {
  const std::size_t at = vrp_type_at(w, from);
  aruba_value v;
  if (!at || !read_vrp_value(w, at, v)) return nullptr;
  identity_fact& f = add_fact(st.dev, v.hash ? "password_hash" : std::move(kind), std::move(subject),
                              std::move(setting), v.value, v.encoding, file, line, out);
  if (v.encoding == "huawei-cipher" || v.encoding == "h3c-cipher")
    f.attributes["decrypt_error"] = "encrypted by the device; not decrypted here";
  return &f;
}

// A local user's fact (the last one added), for the privilege or role read later.
void vrp_user_fact(vrp_state& st, const std::string& user, identity_fact* f, const analysis_result& out) {
  if (!f) return;
  f->attributes["username"] = user;
  st.user_facts[user].push_back(out.identities.size() - 1);
}

void vrp_line(vrp_state& st, const std::vector<std::string>& w, bool top, const source_file& file, std::uint64_t line,
              analysis_result& out) {
  const auto in = [&](std::string_view a, std::string_view b = {}) {
    return word_at(st.section, 0, a) && (b.empty() || word_at(st.section, 1, b));
  };
  const std::string section_name = st.section.size() > 2 ? st.section[2] : st.section.size() > 1 ? st.section[1] : "";
  if (w[0] == "sysname" && w.size() >= 2) {
    if (st.dev.hostname.empty() && !not_a_value(w[1])) st.dev.hostname = w[1];
    return;
  }
  // VRP: local-user U password cipher|irreversible-cipher|simple V ; local-user U privilege level N
  if (w[0] == "local-user" && w.size() >= 4 && !top) {
    const std::string& user = w[1];
    if (w[2] == "privilege" && word_at(w, 3, "level") && w.size() >= 5) st.user_privilege[user] = w[4];
    if (w[2] == "password")
      vrp_user_fact(st, user, add_vrp(st, "password", user, "local-user password", w, 3, file, line, out), out);
    return;
  }
  // Comware: local-user U [class manage] / password hash|cipher|simple V / authorization-attribute user-role R
  if (in("local-user") && st.section.size() >= 2 && !top) {
    const std::string& user = st.section[1];
    if (w[0] == "password")
      vrp_user_fact(st, user, add_vrp(st, "password", user, "local-user password", w, 1, file, line, out), out);
    if (w[0] == "authorization-attribute" && word_at(w, 1, "user-role") && w.size() >= 3) st.user_role[user] = w[2];
    return;
  }
  // super password [level N] cipher|simple V (the enable password)
  if (w[0] == "super" && word_at(w, 1, "password")) {
    if (identity_fact* f = add_vrp(st, "password", "super", "super password", w, 2, file, line, out)) {
      f->admin_equivalent = true;
      f->permissions.push_back("super (level 15)");
    }
    return;
  }
  // user-interface vty 0 4 / line vty 0 63: set authentication password cipher|simple V
  if (w[0] == "set" && word_at(w, 1, "authentication") && word_at(w, 2, "password") &&
      (in("user-interface") || in("line")) && st.section.size() >= 2) {
    const std::string kind_of_line = st.section[1] == "con" || st.section[1] == "console" ? "console" : st.section[1];
    if (identity_fact* f = add_vrp(st, "password", kind_of_line, "set authentication password", w, 3, file, line, out)) {
      std::string lines;
      for (std::size_t i = 1; i < st.section.size(); ++i) lines += (i > 1 ? " " : "") + st.section[i];
      f->attributes["line"] = lines;
    }
    return;
  }
  // snmp-agent community read|write [cipher|simple] C [mib-view V] [acl N]
  if (w[0] == "snmp-agent" && word_at(w, 1, "community") && w.size() >= 4) {
    const bool write = w[2] == "write";
    std::size_t at = 3;
    aruba_value v;
    if (w[at] == "cipher" || w[at] == "simple") {
      if (!read_vrp_value(w, at, v)) return;
    } else {  // an older VRP's community without a type: only the defaults are read
      if (is_default_snmp_community(w[at])) st.defaults.push_back({to_lower_ascii(w[at]), write, line});
      return;
    }
    if (v.encoding == "plain" && is_default_snmp_community(v.value)) {
      st.defaults.push_back({to_lower_ascii(v.value), write, line});
      return;
    }
    identity_fact& f = add_community(st.dev, v.value, write, "snmp-agent community", file, line, out);
    f.attributes["encoding"] = v.encoding;
    for (std::size_t i = at + 2; i + 1 < w.size(); ++i)
      if (w[i] == "acl") f.attributes["acl"] = w[i + 1];
    return;
  }
  // snmp-agent usm-user v3 U authentication-mode A cipher V ; ... privacy-mode P cipher V
  if (w[0] == "snmp-agent" && word_at(w, 1, "usm-user") && word_at(w, 2, "v3") && w.size() >= 7) {
    for (std::size_t i = 4; i + 3 < w.size(); ++i)
      if (w[i] == "authentication-mode" || w[i] == "privacy-mode") {
        if (identity_fact* f = add_vrp(st, "password", "snmpv3:" + w[3], "snmp-agent usm-user " + w[i], w, i + 2,
                                       file, line, out)) {
          f->attributes["username"] = w[3];
          f->attributes["algorithm"] = w[i + 1];
        }
        return;
      }
    return;
  }
  if (top) return;
  // radius-server template T / radius-server shared-key cipher V ; hwtacacs-server template T likewise
  if ((in("radius-server", "template") || in("hwtacacs-server", "template")) && w.size() >= 3 &&
      (w[0] == "radius-server" || w[0] == "hwtacacs-server") && w[1] == "shared-key") {
    const std::string service = w[0] == "radius-server" ? "radius" : "tacacs";
    if (identity_fact* f = add_vrp(st, "shared_secret", service + ":" + section_name, w[0] + " shared-key", w, 2,
                                   file, line, out))
      f->attributes["template"] = section_name;
    return;
  }
  // Comware: radius scheme S / hwtacacs scheme S: key authentication|accounting|authorization cipher|simple V
  if ((in("radius", "scheme") || in("hwtacacs", "scheme")) && w[0] == "key" && w.size() >= 4) {
    const std::string service = in("radius") ? "radius" : "tacacs";
    if (identity_fact* f = add_vrp(st, "shared_secret", service + ":" + section_name, "key " + w[1], w, 2, file,
                                   line, out))
      f->attributes["scheme"] = section_name;
    return;
  }
  // ike peer P: pre-shared-key cipher|simple V ; Comware ike keychain K: pre-shared-key address A [M] key cipher V
  if (in("ike") && w[0] == "pre-shared-key") {
    std::string peer = section_name;
    if (word_at(w, 1, "address") && w.size() > 2) peer = w[2];
    if (identity_fact* f = add_vrp(st, "pre_shared_key", "ike:" + peer, "pre-shared-key", w, 1, file, line, out))
      f->attributes[in("ike", "keychain") ? "keychain" : "ike_peer"] = section_name;
    return;
  }
}

}  // namespace

void analyze_aruba_switch_config(const source_file& file, analysis_result& out) {
  aruba_state st;
  st.dev.provider = "aruba";
  st.dev.first_fact = out.identities.size();
  const std::string_view head = std::string_view(file.content).substr(0, 4096);
  st.aoscx = head.find("ArubaOS-CX") != std::string_view::npos || head.find("!export-password") != std::string_view::npos;
  each_line(file.content, [&](std::string_view raw, std::uint64_t number) {
    if (raw.empty() || raw[0] == ' ' || raw[0] == '\t' || raw[0] == ';' || raw[0] == '!') return;  // only top level
    if (raw.size() > kMaxLine) return;  // no command is this long: not a configuration line
    const std::vector<std::string> w = config_words(raw);
    if (w.size() < 2) return;
    if (w[0] == "hostname") {
      if (st.dev.hostname.empty() && !not_a_value(w[1])) st.dev.hostname = w[1];
    } else if (w[0] == "password" && w.size() >= 4) {
      procurve_password(st, w, file, number, out);
    } else if (w[0] == "user" && w.size() >= 5) {
      aoscx_user(st, w, file, number, out);
    } else if (w[0] == "radius-server" || w[0] == "tacacs-server") {
      aaa_server_key(st, w, file, number, out);
    } else if (w[0] == "snmp-server" && w[1] == "community" && w.size() >= 3) {
      snmp_community(st, w, file, number, out);
    } else if (w[0] == "snmpv3" && w[1] == "user" && w.size() >= 6) {
      snmpv3_user(st, w, file, number, out);
    }
  });
  name_device_facts(st.dev, file, out);
  report_default_communities(st.defaults, st.dev, "unrestricted: read-write", "read-only", file, out);
}

// ArubaOS-Switch / ProCurve: the Configuration Editor header, or a quoted
// `hostname "..."` beside `password manager|operator` or `include-credentials`
// lines. AOS-CX: its `!Version ArubaOS-CX` header or `!export-password`
// line, or a `user NAME group G password ciphertext` line beside `hostname`.
bool looks_like_aruba_switch_config(std::string_view content) {
  const std::string_view head = content.substr(0, 4096);
  if (head.find("Configuration Editor; Created on release #") != std::string_view::npos ||
      head.find("!Version ArubaOS-CX ") != std::string_view::npos ||
      head.find("!export-password:") != std::string_view::npos)
    return true;
  const unsigned seen = line_starts(content, {"hostname \"", "password manager ", "password operator ",
                                              "include-credentials", "encrypt-credentials", "hostname "});
  if ((seen & 0x1) && (seen & 0x1E)) return true;
  if (!(seen & 0x20)) return false;
  bool user_line = false;
  each_line(content.substr(0, std::size_t{64} << 10), [&](std::string_view line, std::uint64_t) {
    if (starts_with(line, "user ") && line.find(" group ") != std::string_view::npos &&
        (line.find(" password ciphertext ") != std::string_view::npos ||
         line.find(" password plaintext ") != std::string_view::npos))
      user_line = true;
  });
  return user_line;
}

}  // namespace nhi::detail

namespace nhi::detail {

void analyze_vrp_config(const source_file& file, analysis_result& out) {
  vrp_state st;
  const std::string_view c = file.content;
  st.dev.provider = c.find(" $c$") != std::string_view::npos || c.find(" $h$") != std::string_view::npos ||
                            c.find("Comware") != std::string_view::npos
                        ? "h3c"
                        : "huawei";
  st.dev.first_fact = out.identities.size();
  each_line(c, [&](std::string_view raw, std::uint64_t number) {
    if (raw.size() > kMaxLine) return;
    const std::string_view text = trimmed(raw);
    if (text.empty() || text[0] == '#') {
      if (!text.empty() && raw[0] == '#') st.section.clear();  // `#` closes a section
      return;
    }
    std::vector<std::string> w = config_words(text);
    if (w.empty()) return;
    const bool top = raw[0] != ' ' && raw[0] != '\t';
    if (top) st.section = w;
    vrp_line(st, w, top, file, number, out);
  });
  for (const auto& [user, indexes] : st.user_facts)
    for (std::size_t i : indexes) {
      identity_fact& f = out.identities[i];
      const auto level = st.user_privilege.find(user);
      const auto role = st.user_role.find(user);
      if (level != st.user_privilege.end()) f.attributes["privilege"] = level->second;
      if (role != st.user_role.end()) f.attributes["role"] = role->second;
      if ((level != st.user_privilege.end() && level->second == "15") ||
          (role != st.user_role.end() && (role->second == "network-admin" || role->second == "level-15"))) {
        f.admin_equivalent = true;
        f.permissions.push_back(level != st.user_privilege.end() && level->second == "15" ? "privilege level 15"
                                                                                          : "user-role " + role->second);
      }
    }
  name_device_facts(st.dev, file, out);
  report_default_communities(st.defaults, st.dev, "write", "read", file, out);
}

// Huawei VRP or H3C Comware: a `sysname` line beside `#` section separators
// and one of the commands every such configuration has (`aaa`, `local-user`,
// `snmp-agent`, `user-interface`, `line vty`, `return`, `interface`).
bool looks_like_vrp_config(std::string_view content) {
  const unsigned seen = line_starts(content, {"sysname ", "#", "aaa", "local-user ", "snmp-agent", "user-interface ",
                                              "line vty", "return", "interface ", "info-center "});
  return (seen & 0x1) && (seen & 0x2) && (seen & ~0x3u);
}

}  // namespace nhi::detail

namespace nhi::detail {
namespace {

// ---- Palo Alto PAN-OS ------------------------------------------------------------

// One open element of a PAN-OS configuration: its tag and, for a list entry,
// its `name` attribute.
struct panos_element {
  std::string tag;
  std::string name;
};

struct panos_state {
  device_facts dev;
  std::vector<panos_element> path;
  std::map<std::string, std::vector<std::size_t>> user_facts;  // administrator -> indexes of its facts
  std::set<std::string> superusers;
};

// The `name` of the nearest entry below the element `tag` in the path (the
// entry a list `tag` holds), empty when there is none.
std::string panos_entry(const std::vector<panos_element>& path, std::string_view tag) {
  for (std::size_t i = path.size(); i-- > 1;)
    if (path[i - 1].tag == tag && path[i].tag == "entry") return path[i].name;
  return {};
}

bool panos_in(const std::vector<panos_element>& path, std::string_view tag) {
  return std::any_of(path.begin(), path.end(), [&](const panos_element& e) { return e.tag == tag; });
}

// A value as PAN-OS stores a secret: `-AQ==` then base64 (encrypted under
// the firewall's master key), or as written (a template, an older release).
bool panos_value(std::string_view value, aruba_value& v) {
  if (starts_with(value, "-AQ==")) {
    if (value.size() < 5 + 16) return false;
    v.encoding = "panos-encrypted";
  } else if (not_a_value(value) || value.find_first_of(" \t\n") != std::string_view::npos) {
    return false;
  } else {
    v.encoding = "plain";
  }
  v.value = std::string(value);
  return true;
}

// A leaf element's text: what it opens, from the leaf's tag and its path.
void panos_leaf(panos_state& st, const std::string& leaf, const std::string& text, const source_file& file,
                std::uint64_t line, analysis_result& out) {
  const auto& path = st.path;
  if (leaf == "hostname" && panos_in(path, "deviceconfig") && panos_in(path, "system")) {
    if (st.dev.hostname.empty() && !not_a_value(text)) st.dev.hostname = text;
    return;
  }
  if (leaf == "superuser" && text == "yes" && panos_in(path, "mgt-config")) {
    st.superusers.insert(panos_entry(path, "users"));
    return;
  }
  // mgt-config users entry NAME phash; local-user-database user entry NAME phash
  if (leaf == "phash") {
    const std::string user = panos_in(path, "mgt-config") ? panos_entry(path, "users") : panos_entry(path, "user");
    if (user.empty()) return;
    aruba_value v;
    v.value = text;
    v.hash = true;
    if (starts_with(text, "$1$")) v.encoding = "md5-crypt";
    else if (starts_with(text, "$5$")) v.encoding = "sha256-crypt";
    else if (starts_with(text, "$6$")) v.encoding = "sha512-crypt";
    else return;
    if (text.size() < 26) return;
    identity_fact& f = add_fact(st.dev, "password_hash", panos_in(path, "mgt-config") ? user : "local:" + user,
                                "phash", v.value, v.encoding, file, line, out);
    f.attributes["username"] = user;
    if (v.encoding == "md5-crypt") f.attributes["weak_hash"] = "true";
    if (panos_in(path, "mgt-config")) st.user_facts[user].push_back(out.identities.size() - 1);
    return;
  }
  struct target { const char* leaf; const char* list; const char* kind; const char* prefix; };
  static constexpr target kTargets[] = {
      {"key", "gateway", "pre_shared_key", "ike:"},          // network ike gateway NAME ... pre-shared-key key
      {"secret", "radius", "shared_secret", "radius:"},      // server-profile radius NAME server entry S secret
      {"secret", "tacplus", "shared_secret", "tacacs:"},     // server-profile tacplus NAME server entry S secret
      {"bind-password", "ldap", "password", "ldap:"},        // server-profile ldap NAME bind-password
      {"authpwd", "users", "password", "snmpv3:"},           // snmp-setting ... v3 users entry NAME authpwd
      {"privpwd", "users", "password", "snmpv3:"},
  };
  for (const target& t : kTargets) {
    if (leaf != t.leaf) continue;
    if (leaf == "key" && !panos_in(path, "pre-shared-key")) continue;
    if ((leaf == "authpwd" || leaf == "privpwd") && !panos_in(path, "snmp-setting")) continue;
    const std::string name = panos_entry(path, t.list);
    aruba_value v;
    if (name.empty() || !panos_value(text, v)) continue;
    identity_fact& f = add_fact(st.dev, t.kind, t.prefix + name, leaf, v.value, v.encoding, file, line, out);
    if (v.encoding == "panos-encrypted")
      f.attributes["decrypt_error"] = "encrypted under the firewall's master key; not decrypted here";
    if (leaf == "secret") f.attributes["server"] = panos_entry(path, "server");
    return;
  }
  // deviceconfig system snmp-setting access-setting version v2c snmp-community-string
  if (leaf == "snmp-community-string") {
    aruba_value v;
    if (!panos_value(text, v)) return;
    if (v.encoding == "plain" && is_default_snmp_community(v.value)) return;
    identity_fact& f = add_community(st.dev, v.value, false, "snmp-community-string", file, line, out);
    f.attributes["encoding"] = v.encoding;
  }
}

}  // namespace

void analyze_panos_config(const source_file& file, analysis_result& out) {
  panos_state st;
  st.dev.provider = "paloalto";
  st.dev.first_fact = out.identities.size();
  const std::string_view c = file.content;
  std::uint64_t line = 1;
  std::size_t counted = 0;  // line counts `c` up to here
  const auto line_at_offset = [&](std::size_t at) {
    line += static_cast<std::uint64_t>(std::count(c.begin() + static_cast<std::ptrdiff_t>(counted),
                                                  c.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
    counted = at;
    return line;
  };
  std::size_t text_from = std::string_view::npos;  // where the text of the last start tag begins
  for (std::size_t at = c.find('<'); at != std::string_view::npos; at = c.find('<', at)) {
    if (c.compare(at, 4, "<!--") == 0 || c.compare(at, 2, "<?") == 0 || c.compare(at, 2, "<!") == 0) {
      const std::size_t end = c.find('>', at);
      if (end == std::string_view::npos) break;
      at = c.compare(at, 4, "<!--") == 0 ? c.find("-->", at) : end;
      if (at == std::string_view::npos) break;
      continue;
    }
    const std::size_t end = c.find('>', at);
    if (end == std::string_view::npos) break;
    const std::string_view tag = c.substr(at + 1, end - at - 1);
    if (!tag.empty() && tag[0] == '/') {
      const std::string name = trim(tag.substr(1));
      if (text_from != std::string_view::npos && !st.path.empty() && st.path.back().tag == name) {
        const std::string text = xml_entities_unescaped(trim(c.substr(text_from, at - text_from)));
        panos_leaf(st, name, text, file, line_at_offset(text_from), out);
      }
      text_from = std::string_view::npos;
      for (std::size_t i = st.path.size(); i-- > 0;)
        if (st.path[i].tag == name) {
          st.path.resize(i);
          break;
        }
    } else {
      std::size_t name_end = 0;
      while (name_end < tag.size() && tag[name_end] != ' ' && tag[name_end] != '\t' && tag[name_end] != '\n' &&
             tag[name_end] != '\r' && tag[name_end] != '/')
        ++name_end;
      const bool self_closing = !tag.empty() && tag.back() == '/';
      text_from = std::string_view::npos;
      if (!self_closing && st.path.size() < static_cast<std::size_t>(kMaxNesting)) {
        st.path.push_back({std::string(tag.substr(0, name_end)), xml_tag_attribute(c.substr(at, end - at + 1), "name")});
        text_from = end + 1;
      }
    }
    at = end + 1;
  }
  for (const std::string& user : st.superusers) {
    const auto it = st.user_facts.find(user);
    if (it == st.user_facts.end()) continue;
    for (std::size_t i : it->second) {
      out.identities[i].admin_equivalent = true;
      out.identities[i].permissions.push_back("superuser");
    }
  }
  name_device_facts(st.dev, file, out);
}

// A PAN-OS configuration (running-config.xml, a Panorama export): a
// `<config version="...">` root whose head names the URL database or holds
// `<mgt-config>` or `<deviceconfig>`.
bool looks_like_panos_config(std::string_view content) {
  const std::string_view head = content.substr(0, 4096);
  if (head.find("<config version=") == std::string_view::npos) return false;
  return head.find("urldb=") != std::string_view::npos ||
         content.substr(0, std::size_t{64} << 10).find("<mgt-config>") != std::string_view::npos ||
         content.substr(0, std::size_t{64} << 10).find("<deviceconfig>") != std::string_view::npos;
}

}  // namespace nhi::detail
