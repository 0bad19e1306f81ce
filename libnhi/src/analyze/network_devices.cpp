// SPDX-License-Identifier: Apache-2.0
// Network device configurations: Cisco IOS, IOS-XE, NX-OS and ASA running
// configurations (and Arista EOS, which writes the same commands), and Juniper
// Junos configurations in both their curly-brace and `set` forms. Each
// password, key and community becomes a fact named after what it opens on
// which device: `admin@core-sw1` (a local user), `enable@core-sw1`,
// `vty@core-sw1` (a line's login), `tacacs:ISE-1@core-sw1`,
// `bgp:10.255.0.2@edge1`, `isakmp:203.0.113.5@edge1`, `snmp:core-sw1`; the
// device is the configuration's `hostname` (`host-name` on Junos), else the
// file's name. The value is fingerprinted as the rules report it; a Cisco
// type 7 or Junos $9$ value is decoded (util/device_secrets.hpp: both are
// keyless and published) only to fingerprint the plaintext as
// `fingerprint.decrypted`, so the same password found in clear text
// elsewhere joins it, and is wiped. Hashes (type 4, 5, 8, 9, sha512, ASA
// `encrypted`/`pbkdf2`, Junos `encrypted-password`) are facts of kind
// `password_hash` with their scheme. SNMPv3 users' keys (`snmp-server user
// NAME network-admin auth md5 0x... localizedkey` on NX-OS) are facts
// `snmpv3:NAME@DEVICE`: a key localized to the engine ID authenticates to that
// device as the passphrase would. The defaults public and private as SNMP
// communities are facts too, with a finding: every manager tries them.
#include <algorithm>
#include <map>

#include "analyze/analyzers.hpp"
#include "nhi/finding.hpp"
#include "util/cipher.hpp"
#include "util/device_secrets.hpp"
#include "util/text.hpp"

namespace nhi::detail {
namespace {

// ---- shared -----------------------------------------------------------------

struct token {
  std::string text;
  bool quoted = false;
};

// Whitespace-separated words of one line, a "double quoted" word kept whole
// (\" inside it is a quote) and marked. Junos' `;`, `{` and `}` end a word and
// are words of their own when `braces` is set.
std::vector<token> tokens_of(std::string_view line, bool braces) {
  std::vector<token> out;
  std::size_t i = 0;
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  const auto is_brace = [braces](char c) { return braces && (c == ';' || c == '{' || c == '}'); };
  while (i < line.size()) {
    while (i < line.size() && is_space(line[i])) ++i;
    if (i == line.size()) break;
    token t;
    if (line[i] == '"') {
      t.quoted = true;
      for (++i; i < line.size() && line[i] != '"'; ++i) {
        if (line[i] == '\\' && i + 1 < line.size()) ++i;
        t.text += line[i];
      }
      ++i;
    } else if (is_brace(line[i])) {
      t.text = line[i++];
    } else {
      while (i < line.size() && !is_space(line[i]) && !is_brace(line[i])) t.text += line[i++];
    }
    out.push_back(std::move(t));
  }
  return out;
}

bool word_is(const std::vector<token>& w, std::size_t i, std::string_view text) {
  return i < w.size() && !w[i].quoted && iequals(w[i].text, text);
}

struct device {
  std::string provider;  // cisco, arista, juniper
  std::string hostname;
  std::string hostname_source;  // "hostname" (the configuration's own), "file name", or empty
};

// An SNMP community's identity: `snmp:DEVICE/rw` or `/ro` (the community
// itself is the secret), `snmp:DEVICE/public` or `/private` for the defaults.
std::string snmp_name(const std::string& device_name, std::string_view community, const std::string& access) {
  const std::string name = device_name.empty() ? std::string("snmp") : "snmp:" + device_name;
  if (is_default_snmp_community(community)) return name + "/" + to_lower_ascii(community);
  return name + (access == "read-write" ? "/rw" : "/ro");
}

// A community's value: fingerprinted when it is a secret; public and private
// are named instead (they are no secret, and would join every device's
// default community into one identity), and have no value_source: the
// inventory records them by name, as it does a setting with no literal value.
void set_community_value(identity_fact& f, std::string_view community) {
  if (is_default_snmp_community(community)) {
    f.attributes["default_community"] = "true";
    f.attributes["community"] = to_lower_ascii(community);
    return;
  }
  f.attributes["value_source"] = "literal";
  f.attributes["fingerprint"] = fingerprint_of(community);
}

// "subject@device", or the subject alone when the device is unknown.
std::string at_device(const std::string& subject, const device& d) {
  return d.hostname.empty() ? subject : subject + "@" + d.hostname;
}

// A value in a secret's place as written: its type field (a digit, `sha512`,
// ASA's trailing `encrypted` or `pbkdf2`; empty when none was written).
struct stored_value {
  std::string type;
  std::string value;
  bool quoted = false;
};

// What a stored value is, from its type field and shape.
struct value_form {
  bool hash = false;        // a one-way hash: kind password_hash
  bool weak = false;        // a hash recovered quickly offline (MD5-crypt, type 4, ASA MD5, $sha1$)
  std::string encoding;     // plain, cisco-type7, nxos-type7, cisco-type6-aes, md5-crypt, ...
};

bool crypt_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '.' || c == '/';
}

// `$ID$salt$hash` with crypt(3)'s alphabet in salt and hash.
bool crypt_shape(std::string_view v, std::string_view id) {
  if (!starts_with(v, id)) return false;
  const std::string_view rest = v.substr(id.size());
  const std::size_t dollar = rest.find('$');
  if (dollar == std::string_view::npos || dollar == 0 || rest.size() - dollar - 1 < 22) return false;
  return std::all_of(rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(dollar), crypt_char) &&
         std::all_of(rest.begin() + static_cast<std::ptrdiff_t>(dollar) + 1, rest.end(), crypt_char);
}

bool hex_text(std::string_view v) {
  return !v.empty() && std::all_of(v.begin(), v.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
  });
}

// The form of a Cisco-style value; false when the value is not one worth a
// fact: a template or placeholder, an argument name, or not of its type's shape
// (`password 7 <hash>`, `secret 5 $HASH`).
bool cisco_form(const stored_value& v, value_form& form) {
  const std::string& s = v.value;
  if (s.empty()) return false;
  const std::string& t = v.type;
  if (t.empty() || t == "0") {
    if (is_reference_or_placeholder(s) || is_device_syntax_word(s)) return false;
    form.encoding = "plain";
    return true;
  }
  if (t == "7") {
    if (v.quoted) {  // NX-OS writes its own reversible form of `key 7` in quotes
      form.encoding = "nxos-type7";
      return !is_reference_or_placeholder(s) && !is_device_syntax_word(s);
    }
    // A value IOS did not write (a placeholder of hex digits, one cut short)
    // is no password: the rules do not report it either.
    form.encoding = "cisco-type7";
    std::string plain;
    const bool decodes = hex_text(s) && cisco_type7_decode(s, plain);
    wipe_secret(plain);
    return decodes;
  }
  if (t == "6") {
    form.encoding = "cisco-type6-aes";
    return s.size() >= 8 && s.find("{{") == std::string::npos && s.front() != '<' && s.front() != '$' &&
           !is_device_syntax_word(s);
  }
  form.hash = true;
  if (t == "5" || t == "sha512") {
    if (crypt_shape(s, "$1$")) form.encoding = "md5-crypt", form.weak = true;
    else if (crypt_shape(s, "$5$")) form.encoding = "sha256-crypt";
    else if (crypt_shape(s, "$6$")) form.encoding = "sha512-crypt";
    else return false;
    return t == "5" || form.encoding == "sha512-crypt";
  }
  if (t == "8" || t == "9") {
    if (!crypt_shape(s, t == "8" ? "$8$" : "$9$")) return false;
    form.encoding = t == "8" ? "cisco-type8-pbkdf2-sha256" : "cisco-type9-scrypt";
    return true;
  }
  if (t == "4") {
    form.encoding = "cisco-type4-sha256";
    form.weak = true;
    return s.size() == 43 && std::all_of(s.begin(), s.end(), crypt_char);
  }
  if (t == "encrypted") {
    form.encoding = "asa-md5";
    form.weak = true;
    return s.size() >= 12 && s.size() <= 32 && std::all_of(s.begin(), s.end(), crypt_char);
  }
  if (t == "pbkdf2") {
    form.encoding = "asa-pbkdf2-sha512";
    return starts_with(s, "$sha512$") && s.find("{{") == std::string::npos;
  }
  return false;
}

// The fact of one stored credential: the value's fingerprint as the rules
// report it, its encoding and type, and for a reversible encoding the
// plaintext's fingerprint (or why it was not recovered).
identity_fact credential_fact(std::string kind, const device& dev, const std::string& subject, const stored_value& v,
                              const value_form& form, std::string setting, const source_file& file,
                              std::uint64_t line) {
  if (form.hash) kind = "password_hash";
  identity_fact f = make_fact(std::move(kind), dev.provider, at_device(subject, dev), file, line);
  if (!dev.hostname.empty()) {
    f.attributes["device"] = dev.hostname;
    f.attributes["device_source"] = dev.hostname_source;
  }
  f.attributes["setting"] = std::move(setting);
  f.attributes["encoding"] = form.encoding;
  if (!v.type.empty()) f.attributes["type"] = v.type;
  if (form.weak) f.attributes["weak_hash"] = "true";
  f.attributes["value_source"] = "literal";
  f.attributes["fingerprint"] = fingerprint_of(v.value);
  std::string plain;
  if ((form.encoding == "cisco-type7" && cisco_type7_decode(v.value, plain)) ||
      (form.encoding == "juniper-9" && juniper9_decode(v.value, plain))) {
    f.attributes["fingerprint.decrypted"] = fingerprint_of(plain);
  } else if (form.encoding == "nxos-type7") {
    f.attributes["decrypt_error"] = "NX-OS type 7 is not decoded";
  } else if (form.encoding == "cisco-type6-aes") {
    f.attributes["decrypt_error"] =
        "encrypted under the device's master key (type 6), which the configuration does not hold";
  }
  wipe_secret(plain);
  return f;
}

// ---- Cisco IOS, IOS-XE, NX-OS, ASA; Arista EOS ------------------------------

// Reads `[TYPE] VALUE [encrypted|pbkdf2]` from w[i]: a type is a single digit
// or `sha512` with a value after it. Returns the index after what it read, 0
// when there is no value.
std::size_t read_cisco_value(const std::vector<token>& w, std::size_t i, stored_value& v) {
  if (i >= w.size()) return 0;
  const std::string& first = w[i].text;
  if (i + 1 < w.size() && !w[i].quoted &&
      ((first.size() == 1 && first[0] >= '0' && first[0] <= '9') || iequals(first, "sha512"))) {
    v.type = to_lower_ascii(first);
    ++i;
  }
  v.value = w[i].text;
  v.quoted = w[i].quoted;
  ++i;
  if (v.type.empty() && (word_is(w, i, "encrypted") || word_is(w, i, "pbkdf2"))) {
    v.type = to_lower_ascii(w[i].text);
    ++i;
  }
  return i;
}

// Where a Cisco configuration's reader is: the device, and the block commands
// that give a nested command its meaning.
struct cisco_state {
  device dev;
  std::vector<token> top;   // the unindented command whose block this is
  std::vector<token> sub;   // the command one level in (`key 1` of a key chain, `peer X` of a keyring)
  std::string server_address;  // ` address ipv4 A` of a tacacs/radius server block
  std::string peer_address;    // `  address A` of an IKEv2 keyring peer
};

bool add_cisco(cisco_state& st, std::string kind, const std::string& subject, const stored_value& v,
               std::string setting, const source_file& file, std::uint64_t line, analysis_result& out,
               identity_fact** added = nullptr) {
  value_form form;
  if (!cisco_form(v, form)) return false;
  out.identities.push_back(credential_fact(std::move(kind), st.dev, subject, v, form, std::move(setting), file, line));
  if (added) *added = &out.identities.back();
  return true;
}

void mark_privilege(identity_fact& f, const std::string& privilege, const std::string& role) {
  if (!privilege.empty()) f.attributes["privilege"] = privilege;
  if (!role.empty()) f.attributes["role"] = role;
  if (privilege == "15" || role == "network-admin" || role == "priv-15" || role == "vdc-admin")
    f.admin_equivalent = true;
  if (f.admin_equivalent) f.permissions.push_back(privilege == "15" ? "privilege 15" : "role " + role);
}

// snmp-server community STRING [view V] [ro|rw] [ipv6 ACL] [ACL] ; NX-OS: [group G] [use-ipv4acl ACL]
void cisco_snmp_community(cisco_state& st, const std::vector<token>& w, const source_file& file, std::uint64_t line,
                          analysis_result& out) {
  if (w.size() < 3) return;
  const std::string& community = w[2].text;
  if (community.empty() || is_reference_or_placeholder(community) || is_device_syntax_word(community)) return;
  std::string access = "read-only", view, acl, group;
  for (std::size_t i = 3; i < w.size(); ++i) {
    const std::string word = to_lower_ascii(w[i].text);
    if (word == "rw") access = "read-write";
    else if (word == "ro") access = "read-only";
    else if (word == "view" && i + 1 < w.size()) view = w[++i].text;
    else if (word == "group" && i + 1 < w.size()) group = w[++i].text;
    else if ((word == "ipv6" || word == "use-ipv4acl" || word == "use-ipv6acl" || word == "use-acl") &&
             i + 1 < w.size())
      acl += (acl.empty() ? "" : ",") + w[++i].text;
    else acl += (acl.empty() ? "" : ",") + w[i].text;
  }
  if (iequals(group, "network-admin")) access = "read-write";
  const bool fallback = is_default_snmp_community(community);
  identity_fact f = make_fact("snmp_community", st.dev.provider, snmp_name(st.dev.hostname, community, access), file,
                              line);
  if (!st.dev.hostname.empty()) {
    f.attributes["device"] = st.dev.hostname;
    f.attributes["device_source"] = st.dev.hostname_source;
  }
  f.attributes["setting"] = "snmp-server community";
  f.attributes["snmp_version"] = "v1/v2c";
  f.attributes["access"] = access;
  if (!view.empty()) f.attributes["view"] = view;
  if (!group.empty()) f.attributes["group"] = group;
  if (!acl.empty()) f.attributes["acl"] = acl;
  f.attributes["encoding"] = "plain";
  set_community_value(f, community);
  if (access == "read-write") {
    f.permissions.push_back("snmp write");
    f.admin_equivalent = view.empty();
  }
  const std::string name = f.name;
  out.identities.push_back(std::move(f));
  const std::string where = st.dev.hostname.empty() ? file.path : st.dev.hostname;
  if (fallback)
    add_finding(out, "snmp-default-community", "NHI4", access == "read-write" ? "critical" : "high",
                "The SNMP community of " + where + " is the default " + to_lower_ascii(community) + " (" + access +
                    "), which every scanner and manager tries first" +
                    (acl.empty() ? std::string(", and no access list limits who may use it") : std::string()) +
                    "; remove it, use SNMPv3 users, or a random community restricted by an ACL.",
                name, file, line);
  else if (access == "read-write" && acl.empty())
    add_finding(out, "snmp-read-write-community", "NHI5", "high",
                "A read-write SNMP community of " + where +
                    " is not restricted by an access list: whoever has the string and reaches the device can "
                    "change its configuration or copy it out; restrict it with an ACL, make it read-only, or use "
                    "SNMPv3.",
                name, file, line);
}

// An SNMPv3 user: `snmp-server user` NAME, its group or role (IOS: then `v3`),
// `auth` with an algorithm (md5, sha, sha-256...) and the value, optionally
// `priv` with aes-128, des or `aes 128` and the value, and on NX-OS
// `localizedkey` last: the keys localized to the engine ID, `0x` and hex, where
// IOS and templates write the passphrases.
void cisco_snmp_user(cisco_state& st, const std::vector<token>& w, const source_file& file, std::uint64_t line,
                     analysis_result& out) {
  const std::string& user = w[2].text;
  const std::string role = word_is(w, 3, "auth") ? std::string() : w[3].text;
  const bool localized = std::any_of(w.begin(), w.end(), [](const token& t) {
    return !t.quoted && iequals(t.text, "localizedkey");
  });
  for (std::size_t i = 3; i + 2 < w.size(); ++i) {
    const bool auth = word_is(w, i, "auth");
    if (!auth && !word_is(w, i, "priv")) continue;
    std::size_t at = i + 1;
    std::string algorithm = auth ? to_lower_ascii(w[at++].text) : std::string("des");
    if (!auth && (word_is(w, at, "aes-128") || word_is(w, at, "des") || word_is(w, at, "3des"))) {
      algorithm = to_lower_ascii(w[at++].text);
    } else if (!auth && word_is(w, at, "aes")) {
      algorithm = "aes";
      if (++at < w.size() && (w[at].text == "128" || w[at].text == "192" || w[at].text == "256"))
        algorithm += "-" + w[at++].text;
    }
    if (at >= w.size()) return;
    stored_value v;
    v.value = w[at].text;
    value_form form;
    const bool hex_key = starts_with(v.value, "0x") && v.value.size() >= 34 && hex_text(v.value.substr(2));
    if (localized ? !hex_key
                  : (hex_key || v.value.size() < 8 || v.value.size() > 64 || iequals(v.value, "localizedkey") ||
                     is_reference_or_placeholder(v.value) || is_device_syntax_word(v.value)))
      continue;
    form.encoding = localized ? "snmpv3-localized-key" : "plain";
    identity_fact f = credential_fact(localized ? "shared_secret" : "password", st.dev, "snmpv3:" + user, v, form,
                                      std::string("snmp-server user ") + (auth ? "auth" : "priv"), file, line);
    f.attributes["username"] = user;
    f.attributes["algorithm"] = algorithm;
    f.attributes["snmp_version"] = "v3";
    mark_privilege(f, {}, role);
    out.identities.push_back(std::move(f));
    i = at;
  }
}

void cisco_line(cisco_state& st, const std::vector<token>& w, std::size_t indent, const source_file& file,
                std::uint64_t line, analysis_result& out) {
  const auto top_is = [&](std::size_t i, std::string_view word) { return word_is(st.top, i, word); };
  stored_value v;
  // enable password|secret [level N] [TYPE] VALUE [encrypted|pbkdf2]
  if (indent == 0 && word_is(w, 0, "enable") && (word_is(w, 1, "password") || word_is(w, 1, "secret"))) {
    std::size_t i = 2;
    std::string level = "15";
    if (word_is(w, i, "level") && i + 1 < w.size()) level = w[i + 1].text, i += 2;
    if (!read_cisco_value(w, i, v)) return;
    identity_fact* f = nullptr;
    if (add_cisco(st, "password", "enable", v, "enable " + to_lower_ascii(w[1].text), file, line, out, &f))
      mark_privilege(*f, level, {});
    return;
  }
  // username NAME [privilege N] [view V] [role R] [algorithm-type T] password|secret [TYPE] VALUE ...
  if (indent == 0 && word_is(w, 0, "username") && w.size() >= 4) {
    const std::string user = w[1].text;
    std::string privilege, role;
    for (std::size_t i = 2; i < w.size(); ++i) {
      if ((word_is(w, i, "privilege") || word_is(w, i, "role") || word_is(w, i, "view") ||
           word_is(w, i, "algorithm-type")) && i + 1 < w.size()) {
        if (word_is(w, i, "privilege")) privilege = w[i + 1].text;
        if (word_is(w, i, "role")) role = w[i + 1].text;
        ++i;
        continue;
      }
      if (!(word_is(w, i, "password") || word_is(w, i, "secret"))) return;  // nopassword, ssh-key, autocommand...
      std::size_t next = read_cisco_value(w, i + 1, v);
      if (!next) return;
      for (; next + 1 < w.size(); ++next) {  // ASA's and NX-OS' trailing privilege / role
        if (word_is(w, next, "privilege")) privilege = w[next + 1].text;
        if (word_is(w, next, "role")) role = w[next + 1].text;
      }
      identity_fact* f = nullptr;
      if (add_cisco(st, "password", user, v, "username " + to_lower_ascii(w[i].text), file, line, out, &f)) {
        f->attributes["username"] = user;
        mark_privilege(*f, privilege, role);
      }
      return;
    }
    return;
  }
  // ASA: passwd VALUE encrypted (the login password of telnet and SSH sessions without AAA)
  if (indent == 0 && word_is(w, 0, "passwd") && w.size() >= 2) {
    if (read_cisco_value(w, 1, v)) add_cisco(st, "password", "passwd", v, "passwd", file, line, out);
    return;
  }
  // tacacs-server [host A ...] key [TYPE] VALUE ; radius-server likewise
  if (indent == 0 && (word_is(w, 0, "tacacs-server") || word_is(w, 0, "radius-server"))) {
    const std::string service = word_is(w, 0, "tacacs-server") ? "tacacs" : "radius";
    const std::string host = word_is(w, 1, "host") && w.size() > 2 ? w[2].text : std::string();
    for (std::size_t i = 1; i + 1 < w.size(); ++i)
      if (word_is(w, i, "key") && read_cisco_value(w, i + 1, v)) {
        identity_fact* f = nullptr;
        if (add_cisco(st, "shared_secret", host.empty() ? service : service + ":" + host, v, w[0].text + " key", file,
                      line, out, &f) && !host.empty())
          f->attributes["server"] = host;
        return;
      }
    return;
  }
  // crypto isakmp key [TYPE] VALUE address A [MASK] [no-xauth] | hostname H
  if (indent == 0 && word_is(w, 0, "crypto") && word_is(w, 1, "isakmp") && word_is(w, 2, "key")) {
    const std::size_t next = read_cisco_value(w, 3, v);
    if (!next) return;
    const std::string peer = (word_is(w, next, "address") || word_is(w, next, "hostname")) && next + 1 < w.size()
                                 ? w[next + 1].text
                                 : std::string();
    identity_fact* f = nullptr;
    if (add_cisco(st, "pre_shared_key", peer.empty() ? std::string("isakmp") : "isakmp:" + peer, v,
                  "crypto isakmp key", file, line, out, &f) && !peer.empty())
      f->attributes["peer"] = peer;
    return;
  }
  // ntp authentication-key N md5 VALUE [7]
  if (indent == 0 && word_is(w, 0, "ntp") && word_is(w, 1, "authentication-key") && w.size() >= 5) {
    v.value = w[4].text;
    if (w.size() > 5 && w[5].text.size() == 1) v.type = w[5].text;
    add_cisco(st, "shared_secret", "ntp:" + w[2].text, v, "ntp authentication-key", file, line, out);
    return;
  }
  if (indent == 0 && word_is(w, 0, "snmp-server") && word_is(w, 1, "community")) {
    cisco_snmp_community(st, w, file, line, out);
    return;
  }
  if (indent == 0 && word_is(w, 0, "snmp-server") && word_is(w, 1, "user") && w.size() >= 6) {
    cisco_snmp_user(st, w, file, line, out);
    return;
  }
  if (indent == 0 || st.top.empty()) return;

  // ---- inside a block ----
  const std::string block_name = st.top.size() > 1 ? st.top.back().text : std::string();
  // line vty 0 4 / line con 0 / line aux 0: password [TYPE] VALUE
  if (top_is(0, "line") && word_is(w, 0, "password") && st.top.size() >= 2) {
    if (!read_cisco_value(w, 1, v)) return;
    std::string kind_of_line = to_lower_ascii(st.top[1].text);
    if (kind_of_line == "con" || kind_of_line == "console") kind_of_line = "console";
    identity_fact* f = nullptr;
    if (add_cisco(st, "password", kind_of_line, v, "line password", file, line, out, &f)) {
      std::string lines;
      for (std::size_t i = 1; i < st.top.size(); ++i) lines += (i > 1 ? " " : "") + st.top[i].text;
      f->attributes["line"] = lines;
    }
    return;
  }
  // tacacs server NAME / radius server NAME: address ipv4 A, key [TYPE] VALUE
  if ((top_is(0, "tacacs") || top_is(0, "radius")) && top_is(1, "server") && st.top.size() >= 3) {
    if (word_is(w, 0, "address") && w.size() >= 3) st.server_address = w[2].text;
    if (word_is(w, 0, "key") && read_cisco_value(w, 1, v)) {
      identity_fact* f = nullptr;
      if (add_cisco(st, "shared_secret", to_lower_ascii(st.top[0].text) + ":" + st.top[2].text, v,
                    to_lower_ascii(st.top[0].text) + " server key", file, line, out, &f)) {
        f->attributes["server"] = st.top[2].text;
        if (!st.server_address.empty()) f->attributes["server_address"] = st.server_address;
      }
    }
    return;
  }
  // aaa group server tacacs+|radius G: server-private A [...] key [TYPE] VALUE
  if (top_is(0, "aaa") && top_is(1, "group") && word_is(w, 0, "server-private") && w.size() >= 2) {
    const std::string service = top_is(3, "radius") ? "radius" : "tacacs";
    for (std::size_t i = 2; i + 1 < w.size(); ++i)
      if (word_is(w, i, "key") && read_cisco_value(w, i + 1, v)) {
        identity_fact* f = nullptr;
        if (add_cisco(st, "shared_secret", service + ":" + w[1].text, v, "server-private key", file, line, out, &f))
          f->attributes["server"] = w[1].text;
        return;
      }
    return;
  }
  // key chain NAME / key N / key-string [TYPE] VALUE
  if (top_is(0, "key") && top_is(1, "chain") && word_is(w, 0, "key-string")) {
    if (!read_cisco_value(w, 1, v)) return;
    const std::string key_id = word_is(st.sub, 0, "key") && st.sub.size() > 1 ? st.sub[1].text : std::string();
    add_cisco(st, "shared_secret", "key-chain:" + block_name + (key_id.empty() ? "" : "#" + key_id), v,
              "key chain key-string", file, line, out);
    return;
  }
  if (top_is(0, "interface")) {
    // ip ospf authentication-key [TYPE] VALUE
    if (word_is(w, 0, "ip") && word_is(w, 1, "ospf") && word_is(w, 2, "authentication-key")) {
      if (read_cisco_value(w, 3, v))
        add_cisco(st, "shared_secret", "ospf:" + block_name, v, "ip ospf authentication-key", file, line, out);
      return;
    }
    // ip ospf message-digest-key N md5 [TYPE] VALUE
    if (word_is(w, 0, "ip") && word_is(w, 1, "ospf") && word_is(w, 2, "message-digest-key") && word_is(w, 4, "md5")) {
      if (read_cisco_value(w, 5, v))
        add_cisco(st, "shared_secret", "ospf:" + block_name + "#" + w[3].text, v, "ip ospf message-digest-key", file,
                  line, out);
      return;
    }
    // standby G authentication [md5 key-string] [TYPE] VALUE ; vrrp G authentication text VALUE
    if ((word_is(w, 0, "standby") || word_is(w, 0, "vrrp")) && word_is(w, 2, "authentication")) {
      std::size_t i = 3;
      if (word_is(w, i, "md5") && word_is(w, i + 1, "key-string")) i += 2;
      else if (word_is(w, i, "text")) i += 1;
      else if (word_is(w, i, "md5")) return;  // md5 key-chain NAME
      if (read_cisco_value(w, i, v))
        add_cisco(st, "shared_secret",
                  std::string(word_is(w, 0, "vrrp") ? "vrrp:" : "hsrp:") + block_name + "#" + w[1].text, v,
                  to_lower_ascii(w[0].text) + " authentication", file, line, out);
      return;
    }
    // ppp chap password [TYPE] VALUE ; ppp pap sent-username U password [TYPE] VALUE
    if (word_is(w, 0, "ppp") && word_is(w, 1, "chap") && word_is(w, 2, "password")) {
      if (read_cisco_value(w, 3, v))
        add_cisco(st, "password", "ppp:" + block_name, v, "ppp chap password", file, line, out);
      return;
    }
    if (word_is(w, 0, "ppp") && word_is(w, 1, "pap") && word_is(w, 2, "sent-username") && word_is(w, 4, "password")) {
      identity_fact* f = nullptr;
      if (read_cisco_value(w, 5, v) &&
          add_cisco(st, "password", "ppp:" + block_name, v, "ppp pap sent-username", file, line, out, &f))
        f->attributes["username"] = w[3].text;
      return;
    }
    return;
  }
  // router bgp ASN: neighbor A password [TYPE] VALUE (also inside address families)
  if (top_is(0, "router") && top_is(1, "bgp") && word_is(w, 0, "neighbor") && word_is(w, 2, "password")) {
    identity_fact* f = nullptr;
    if (read_cisco_value(w, 3, v) &&
        add_cisco(st, "shared_secret", "bgp:" + w[1].text, v, "neighbor password", file, line, out, &f)) {
      f->attributes["peer"] = w[1].text;
      if (st.top.size() > 2) f->attributes["asn"] = st.top[2].text;
    }
    return;
  }
  // crypto keyring NAME: pre-shared-key address A [MASK] key [TYPE] VALUE | hostname H key VALUE
  // crypto ikev2 keyring NAME: peer P / address A / pre-shared-key [local|remote] [TYPE] VALUE
  if (top_is(0, "crypto") && (top_is(1, "keyring") || (top_is(1, "ikev2") && top_is(2, "keyring")))) {
    if (word_is(w, 0, "peer") && w.size() >= 2) st.peer_address.clear();
    if (word_is(w, 0, "address") && w.size() >= 2) st.peer_address = w[1].text;
    if (!word_is(w, 0, "pre-shared-key")) return;
    std::size_t i = 1;
    std::string peer;
    if ((word_is(w, 1, "address") || word_is(w, 1, "hostname")) && w.size() > 2) {
      peer = w[2].text;
      for (i = 3; i < w.size() && !word_is(w, i, "key"); ++i) {}
      ++i;
    } else if (word_is(w, 1, "local") || word_is(w, 1, "remote")) {
      i = 2;
    }
    if (peer.empty() && word_is(st.sub, 0, "peer") && st.sub.size() > 1) peer = st.sub[1].text;
    identity_fact* f = nullptr;
    if (read_cisco_value(w, i, v) &&
        add_cisco(st, "pre_shared_key", "ike:" + (peer.empty() ? block_name : peer), v, "keyring pre-shared-key", file,
                  line, out, &f)) {
      f->attributes["keyring"] = top_is(1, "ikev2") && st.top.size() > 3 ? st.top[3].text : block_name;
      if (!st.peer_address.empty()) f->attributes["peer_address"] = st.peer_address;
      if (word_is(w, 1, "local") || word_is(w, 1, "remote")) f->attributes["direction"] = to_lower_ascii(w[1].text);
    }
    return;
  }
  // ASA: tunnel-group NAME ipsec-attributes: [ikev1] pre-shared-key VALUE,
  // ikev2 local-authentication|remote-authentication pre-shared-key VALUE
  if (top_is(0, "tunnel-group") && st.top.size() >= 3) {
    for (std::size_t i = 0; i < w.size() && i < 3; ++i)
      if (word_is(w, i, "pre-shared-key")) {
        identity_fact* f = nullptr;
        if (read_cisco_value(w, i + 1, v) &&
            add_cisco(st, "pre_shared_key", "ike:" + st.top[1].text, v, "tunnel-group pre-shared-key", file, line,
                      out, &f))
          f->attributes["tunnel_group"] = st.top[1].text;
        return;
      }
    return;
  }
  // dot11 ssid NAME: wpa-psk ascii [TYPE] VALUE
  if (top_is(0, "dot11") && top_is(1, "ssid") && word_is(w, 0, "wpa-psk") && word_is(w, 1, "ascii")) {
    if (read_cisco_value(w, 2, v)) add_cisco(st, "pre_shared_key", "wifi:" + block_name, v, "wpa-psk", file, line, out);
    return;
  }
}

}  // namespace

// The device's own name in a Cisco-style configuration: `hostname X`
// (`switchname X` on older NX-OS), first at the start of a line.
void analyze_cisco_config(const source_file& file, analysis_result& out) {
  cisco_state st;
  const std::string_view c = file.content;
  st.dev.provider = "cisco";
  // Arista EOS writes the same commands; its header and sha512 secrets say so.
  if ((c.find("! device: ") != std::string_view::npos && c.find("EOS-") != std::string_view::npos) ||
      c.find(" secret sha512 $6$") != std::string_view::npos)
    st.dev.provider = "arista";
  for (const std::string& raw : split(c, '\n')) {
    if (!(starts_with(raw, "hostname ") || starts_with(raw, "switchname "))) continue;
    const std::vector<token> w = tokens_of(raw, false);
    if (w.size() >= 2 && !is_reference_or_placeholder(w[1].text)) {
      st.dev.hostname = w[1].text;
      st.dev.hostname_source = "hostname";
    }
    break;
  }
  if (st.dev.hostname.empty()) {
    st.dev.hostname = device_name_from_path(file.path);
    if (!st.dev.hostname.empty()) st.dev.hostname_source = "file name";
  }
  std::uint64_t line_number = 0;
  for (const std::string& raw : split(c, '\n')) {
    ++line_number;
    std::size_t indent = 0;
    while (indent < raw.size() && (raw[indent] == ' ' || raw[indent] == '\t')) ++indent;
    if (indent == raw.size() || raw[indent] == '!' || raw[indent] == '\r') continue;
    const std::vector<token> w = tokens_of(std::string_view(raw).substr(indent), false);
    if (w.empty()) continue;
    if (indent == 0) {
      st.top = w;
      st.sub.clear();
      st.server_address.clear();
      st.peer_address.clear();
    } else if (indent == 1) {
      st.sub = w;
    }
    cisco_line(st, w, indent, file, line_number, out);
  }
}

namespace {

// ---- Juniper Junos ----------------------------------------------------------

// Facts are named by subject while the configuration is read and get their
// device at the end: Junos may set host-name anywhere, and in a group.
struct junos_state {
  device dev;                       // provider only until junos_finish
  std::size_t first_fact = 0;       // out.identities.size() when the file began
  std::string host_name, group_host_name;
  std::map<std::string, std::size_t> communities;  // SNMP community -> index of its fact
  std::map<std::string, std::vector<std::size_t>> user_facts;  // login user -> indexes of its facts
  std::map<std::string, std::string> user_class;               // login user -> class
};

// The index of `word` in `w` from `from` on, or npos.
std::size_t find_word(const std::vector<std::string>& w, std::string_view word, std::size_t from = 0) {
  for (std::size_t i = from; i < w.size(); ++i)
    if (w[i] == word) return i;
  return std::string::npos;
}

std::string after(const std::vector<std::string>& w, std::string_view word) {
  const std::size_t i = find_word(w, word);
  return i != std::string::npos && i + 1 < w.size() ? w[i + 1] : std::string();
}

void junos_add(junos_state& st, identity_fact f, const std::string& user, analysis_result& out) {
  if (!user.empty()) st.user_facts[user].push_back(out.identities.size());
  out.identities.push_back(std::move(f));
}

// What a $9$ secret opens, from the statement's path: `radius:10.20.0.16`,
// `bgp:10.255.0.2`, `ike:IKE-POL`, `ospf:ge-0/0/0.0`, ...
std::pair<std::string, std::string> junos_secret_subject(const std::vector<std::string>& w, std::size_t at) {
  const auto in = [&](std::string_view word) { return find_word(w, word) < at; };
  if (in("radius-server")) return {"shared_secret", "radius:" + after(w, "radius-server")};
  if (in("tacplus-server")) return {"shared_secret", "tacacs:" + after(w, "tacplus-server")};
  if (in("accounting-server")) return {"shared_secret", "radius:" + after(w, "accounting-server")};
  if (in("bgp")) {
    const std::string neighbor = in("neighbor") ? after(w, "neighbor") : std::string();
    return {"shared_secret", "bgp:" + (neighbor.empty() ? after(w, "group") : neighbor)};
  }
  if (in("ospf") || in("ospf3")) return {"shared_secret", "ospf:" + after(w, "interface")};
  if (in("isis")) return {"shared_secret", "isis:" + (in("interface") ? after(w, "interface") : w[at - 1])};
  if (in("ldp") || in("rsvp")) return {"shared_secret", (in("ldp") ? "ldp:" : "rsvp:") + w[at - 1]};
  if (in("ike") || in("ipsec")) {
    std::string name = after(w, "policy");
    if (name.empty()) name = after(w, "gateway");
    return {"pre_shared_key", "ike:" + name};
  }
  if (in("usm")) return {"shared_secret", "snmpv3:" + after(w, "user")};
  if (in("ntp")) return {"shared_secret", "ntp:" + after(w, "authentication-key")};
  if (in("vrrp-group")) return {"shared_secret", "vrrp:" + after(w, "vrrp-group")};
  // Anything else: the section and the statement's name.
  const std::string section = w.size() > 1 && (w[0] == "system" || w[0] == "protocols" || w[0] == "security" ||
                                                w[0] == "services")
                                  ? w[1]
                                  : w[0];
  return {"shared_secret", section + ":" + w[at - 1]};
}

// One statement, its path from the root included (curly form: the enclosing
// blocks' words; `set` form: the words after `set`).
void junos_statement(junos_state& st, const std::vector<std::string>& w, const source_file& file, std::uint64_t line,
                     analysis_result& out) {
  if (w.empty()) return;
  std::vector<std::string> words = w;
  const bool in_group = words[0] == "groups" && words.size() > 2;
  if (in_group) words.erase(words.begin(), words.begin() + 2);  // groups NAME ...
  // system host-name NAME
  if (words.size() == 3 && words[0] == "system" && words[1] == "host-name" && !is_reference_or_placeholder(words[2])) {
    std::string& name = in_group ? st.group_host_name : st.host_name;
    if (name.empty()) name = words[2];
    return;
  }
  // system login user NAME class CLASS
  const std::size_t user_at = find_word(words, "user");
  const bool login_user = user_at != std::string::npos && user_at > 0 && words[user_at - 1] == "login" &&
                          user_at + 1 < words.size();
  if (login_user && user_at + 3 < words.size() && words[user_at + 2] == "class")
    st.user_class[words[user_at + 1]] = words[user_at + 3];
  // encrypted-password "$6$..."
  if (const std::size_t at = find_word(words, "encrypted-password"); at != std::string::npos && at + 1 < words.size()) {
    const std::string& hash = words[at + 1];
    value_form form;
    form.hash = true;
    if (crypt_shape(hash, "$1$")) form.encoding = "md5-crypt", form.weak = true;
    else if (crypt_shape(hash, "$5$")) form.encoding = "sha256-crypt";
    else if (crypt_shape(hash, "$6$")) form.encoding = "sha512-crypt";
    else if (starts_with(hash, "$sha1$") && hash.size() > 20) form.encoding = "junos-sha1", form.weak = true;
    else return;
    const bool root = find_word(words, "root-authentication") < at;
    const std::string user = root ? std::string("root") : login_user ? words[user_at + 1] : std::string();
    if (user.empty()) return;
    stored_value v;
    v.value = hash;
    identity_fact f = credential_fact("password", st.dev, user, v, form,
                                      root ? "root-authentication encrypted-password" : "login user encrypted-password",
                                      file, line);
    f.attributes["username"] = user;
    if (root) {
      f.admin_equivalent = true;
      f.permissions.push_back("root");
    }
    junos_add(st, std::move(f), root ? std::string() : user, out);
    return;
  }
  // snmp community NAME [authorization read-only|read-write] [clients ...]
  if (words.size() >= 3 && words[0] == "snmp" && words[1] == "community") {
    const std::string& community = words[2];
    if (community.empty() || is_reference_or_placeholder(community) || is_device_syntax_word(community)) return;
    auto it = st.communities.find(community);
    if (it == st.communities.end()) {
      identity_fact f = make_fact("snmp_community", st.dev.provider, "snmp", file, line);
      f.attributes["setting"] = "snmp community";
      f.attributes["snmp_version"] = "v1/v2c";
      f.attributes["access"] = "read-only";
      f.attributes["encoding"] = "plain";
      set_community_value(f, community);
      it = st.communities.emplace(community, out.identities.size()).first;
      junos_add(st, std::move(f), {}, out);
    }
    identity_fact& f = out.identities[it->second];
    if (const std::string auth = after(words, "authorization"); !auth.empty()) {
      f.attributes["access"] = auth;
      if (auth == "read-write" && f.permissions.empty()) f.permissions.push_back("snmp write");
    }
    if (find_word(words, "clients") != std::string::npos || find_word(words, "client-list-name") != std::string::npos)
      f.attributes["acl"] = "clients";
    return;
  }
  // Any "$9$..." value.
  for (std::size_t at = 1; at < words.size(); ++at) {
    if (!starts_with(words[at], "$9$")) continue;
    auto [kind, subject] = junos_secret_subject(words, at);
    stored_value v;
    v.value = words[at];
    v.type = "9";
    value_form form;
    form.encoding = "juniper-9";
    std::string plain;
    const bool decodes = juniper9_decode(v.value, plain);
    wipe_secret(plain);
    if (!decodes) return;  // not what Junos writes: a placeholder, or cut short
    identity_fact f = credential_fact(kind, st.dev, subject, v, form, words[at - 1], file, line);
    std::string path;
    for (std::size_t i = 0; i < at; ++i) path += (i ? " " : "") + words[i];
    f.attributes["path"] = path;
    junos_add(st, std::move(f), {}, out);
    return;
  }
}

// The device's name, user classes and findings once the whole configuration is read.
void junos_finish(junos_state& st, const source_file& file, analysis_result& out) {
  st.dev.hostname = !st.host_name.empty() ? st.host_name : st.group_host_name;
  st.dev.hostname_source = "hostname";
  if (st.dev.hostname.empty()) {
    st.dev.hostname = device_name_from_path(file.path);
    st.dev.hostname_source = st.dev.hostname.empty() ? "" : "file name";
  }
  for (const auto& [community, index] : st.communities) {
    identity_fact& f = out.identities[index];
    f.name = snmp_name(st.dev.hostname, community, f.attributes["access"]);
  }
  if (!st.dev.hostname.empty())
    for (std::size_t i = st.first_fact; i < out.identities.size(); ++i) {
      identity_fact& f = out.identities[i];
      if (f.kind != "snmp_community") f.name += "@" + st.dev.hostname;
      f.attributes["device"] = st.dev.hostname;
      f.attributes["device_source"] = st.dev.hostname_source;
    }
  for (const auto& [user, indexes] : st.user_facts) {
    const auto cls = st.user_class.find(user);
    if (cls == st.user_class.end()) continue;
    for (std::size_t i : indexes) {
      identity_fact& f = out.identities[i];
      f.attributes["class"] = cls->second;
      if (cls->second == "super-user") {
        f.admin_equivalent = true;
        f.permissions.push_back("class super-user");
      }
    }
  }
  const std::string where = st.dev.hostname.empty() ? file.path : st.dev.hostname;
  for (const auto& [community, index] : st.communities) {
    const identity_fact& f = out.identities[index];
    const auto attr = [&f](const char* key) {
      const auto it = f.attributes.find(key);
      return it == f.attributes.end() ? std::string() : it->second;
    };
    const std::string access = attr("access");
    if (attr("default_community") == "true")
      add_finding(out, "snmp-default-community", "NHI4", access == "read-write" ? "critical" : "high",
                  "The SNMP community of " + where + " is the default " + to_lower_ascii(community) + " (" + access +
                      "), which every scanner and manager tries first; remove it, use SNMPv3 users, or a random "
                      "community restricted to its clients.",
                  f.name, file, f.line);
    else if (access == "read-write" && attr("acl").empty())
      add_finding(out, "snmp-read-write-community", "NHI5", "high",
                  "A read-write SNMP community of " + where +
                      " is not restricted to clients: whoever has the string and reaches the device can change its "
                      "configuration; restrict it with clients, make it read-only, or use SNMPv3.",
                  f.name, file, f.line);
  }
}

}  // namespace

// Junos, curly-brace (`show configuration`) or `set` (`| display set`) form.
void analyze_junos_config(const source_file& file, analysis_result& out) {
  junos_state st;
  st.dev.provider = "juniper";
  st.first_fact = out.identities.size();
  std::vector<std::vector<std::string>> stack;  // the words of each open block
  std::size_t ignored_depth = 0;                // blocks past kMaxNesting, not kept
  std::vector<std::string> pending;             // a statement's words until ; or {
  std::uint64_t pending_line = 0;
  bool in_comment = false;
  std::uint64_t line_number = 0;
  const auto path_with = [&](const std::vector<std::string>& words) {
    std::vector<std::string> full;
    for (const auto& block : stack) full.insert(full.end(), block.begin(), block.end());
    full.insert(full.end(), words.begin(), words.end());
    return full;
  };
  for (const std::string& raw : split(file.content, '\n')) {
    ++line_number;
    std::string_view line = raw;
    // /* annotations */ over one or more lines
    std::string uncommented;
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (in_comment) {
        if (line.substr(i, 2) == "*/") in_comment = false, ++i;
        continue;
      }
      if (line.substr(i, 2) == "/*") {
        in_comment = true;
        ++i;
        continue;
      }
      uncommented += line[i];
    }
    const std::string trimmed = trim(uncommented);
    if (trimmed.empty() || trimmed[0] == '#') continue;
    if (stack.empty() && ignored_depth == 0 && pending.empty() &&
        (starts_with(trimmed, "set ") || starts_with(trimmed, "deactivate ") || starts_with(trimmed, "delete ") ||
         starts_with(trimmed, "activate "))) {
      if (!starts_with(trimmed, "set ")) continue;
      std::vector<std::string> words;
      for (token& t : tokens_of(std::string_view(trimmed).substr(4), false)) {
        if (!t.quoted && t.text[0] == '#') break;
        words.push_back(std::move(t.text));
      }
      junos_statement(st, words, file, line_number, out);
      continue;
    }
    for (token& t : tokens_of(trimmed, true)) {
      if (!t.quoted && t.text[0] == '#') break;  // ## SECRET-DATA, # comment
      if (!t.quoted && t.text == ";") {
        if (!pending.empty() && ignored_depth == 0) junos_statement(st, path_with(pending), file, pending_line, out);
        pending.clear();
      } else if (!t.quoted && t.text == "{") {
        // inactive: / protect: / replace: prefixes are not part of the name.
        while (!pending.empty() && pending.front().size() > 1 && pending.front().back() == ':')
          pending.erase(pending.begin());
        if (ignored_depth > 0 || stack.size() >= static_cast<std::size_t>(kMaxNesting)) {
          ++ignored_depth;
        } else {
          junos_statement(st, path_with(pending), file, pending_line ? pending_line : line_number, out);
          stack.push_back(std::move(pending));
        }
        pending.clear();
      } else if (!t.quoted && t.text == "}") {
        pending.clear();
        if (ignored_depth > 0) --ignored_depth;
        else if (!stack.empty()) stack.pop_back();
      } else {
        if (pending.empty()) pending_line = line_number;
        if (pending.empty() && !t.quoted && t.text.size() > 1 && t.text.back() == ':' &&
            (t.text == "inactive:" || t.text == "protect:" || t.text == "replace:"))
          continue;
        pending.push_back(std::move(t.text));
      }
    }
  }
  junos_finish(st, file, out);
}

namespace {

// The lines of the first 64 KiB of `content`, each to `visit` until it returns false.
template <typename Visit>
void head_lines(std::string_view content, Visit&& visit) {
  const std::string_view head = content.substr(0, std::size_t{64} << 10);
  for (std::size_t at = 0; at < head.size();) {
    std::size_t end = head.find('\n', at);
    if (end == std::string_view::npos) end = head.size();
    std::string_view line = head.substr(at, end - at);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!visit(line)) return;
    at = end + 1;
  }
}

// A line `hostname NAME` (`switchname NAME`) at the start of a line of the head.
bool has_hostname_line(std::string_view content) {
  const std::string_view head = content.substr(0, std::size_t{64} << 10);
  for (const std::string_view word : {std::string_view("hostname "), std::string_view("switchname ")})
    for (std::size_t at = head.find(word); at != std::string_view::npos; at = head.find(word, at + 1))
      if (at == 0 || head[at - 1] == '\n') return true;
  return false;
}

}  // namespace

// A Cisco-style configuration: a `hostname` line and at least two other kinds
// of the lines every running configuration has (`!` separators, `interface`,
// `line vty`, `version`, `end`, `service`, `username`, `enable`, `ip route`,
// `snmp-server`, `router`, `aaa`, `ntp`, NX-OS `feature`, `logging`). The
// hostname search alone rejects almost every other file.
bool looks_like_cisco_config(std::string_view content) {
  if (!has_hostname_line(content)) return false;
  static constexpr std::string_view kMarkers[] = {
      "interface ", "line vty", "line con", "version ", "service ", "username ", "enable ",  "ip route ",
      "snmp-server ", "router ", "aaa ", "ntp ", "feature ", "logging ", "ip domain", "spanning-tree ", "vlan "};
  unsigned seen = 0;  // bit per marker; bit 31 for "!" and "end"
  head_lines(content, [&](std::string_view line) {
    if (line == "!" || starts_with(line, "! ") || line == "end") seen |= 1u << 31;
    for (std::size_t i = 0; i < std::size(kMarkers); ++i)
      if (starts_with(line, kMarkers[i])) seen |= 1u << i;
    unsigned kinds = 0;
    for (unsigned bits = seen; bits; bits &= bits - 1) ++kinds;
    return kinds < 3;
  });
  unsigned kinds = 0;
  for (unsigned bits = seen; bits; bits &= bits - 1) ++kinds;
  return kinds >= 2;
}

// A Junos configuration: `set system ...` lines beside other `set` lines, or
// a top-level `system {` block naming a host or holding logins.
bool looks_like_junos_config(std::string_view content) {
  const std::string_view head = content.substr(0, std::size_t{64} << 10);
  const auto line_start = [&](std::string_view word) {
    for (std::size_t at = head.find(word); at != std::string_view::npos; at = head.find(word, at + 1))
      if (at == 0 || head[at - 1] == '\n') return true;
    return false;
  };
  if (line_start("set system ")) {
    for (const char* other : {"set interfaces ", "set protocols ", "set security ", "set snmp ", "set routing-options ",
                              "set policy-options ", "set version ", "set chassis ", "set system host-name "})
      if (line_start(other)) return true;
    return false;
  }
  if (!line_start("system {")) return false;
  return head.find("host-name ") != std::string_view::npos ||
         head.find("root-authentication") != std::string_view::npos ||
         head.find("## Last commit") != std::string_view::npos || line_start("interfaces {");
}

}  // namespace nhi::detail
