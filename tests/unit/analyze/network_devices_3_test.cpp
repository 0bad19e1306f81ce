// SPDX-License-Identifier: Apache-2.0
// Network device configurations, round 3: HPE ProCurve / ArubaOS-Switch and
// Aruba AOS-CX configurations, and the SNMPv3 users of Cisco NX-OS. The rules
// that report their passwords, keys and communities, and the analyzer that
// names each after the switch it opens. Every value is random, drawn per run.
#include "unit/analyze/analyze_support.hpp"
#include "unit/analyze/device_support.hpp"

#include <set>

#include "analyze/analyzers.hpp"
#include "match/validators.hpp"
#include "nhi/nhi.hpp"
#include "unit/analyze/scan_support.hpp"
#include "util/text.hpp"

using namespace analyze_test;

namespace {

// `n` random bytes as lower-case hex, not one the placeholder filter takes
// for a placeholder (a run of ascending digits).
std::string random_hex(std::size_t n) {
  std::string v;
  do {
    const std::string bytes = random_bytes(n);
    v = nhi::detail::hex_encode(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  } while (nhi::detail::is_placeholder(v));
  return v;
}

// An AOS-CX `ciphertext` value: base64 of a version header and random bytes.
std::string aoscx_ciphertext() {
  std::string v;
  do v = base64(std::string("\x01\x00\x5a\xa5", 4) + random_bytes(44));
  while (nhi::detail::is_placeholder(v));
  return v;
}

// ---- ProCurve / ArubaOS-Switch ---------------------------------------------------

struct procurve_values {
  std::string manager_sha1 = random_hex(20);
  std::string operator_plain = device_password();
  std::string radius = device_password();
  std::string tacacs = device_password();
  std::string radius_encrypted = aoscx_ciphertext();
  std::string community_rw = device_password();
  std::string community_ro = device_password();
};

std::string procurve_config(const procurve_values& v) {
  return "; J9850A Configuration Editor; Created on release #KB.16.10.0009\n"
         "; Ver #14:01.4f.f8.1d.9b.3f.bf.bb.ef.7c.59.fc.6b.fb.9f.fc.ff.ff.37.ef:05\n"
         "hostname \"sw-core1\"\n"
         "module A type j9993a\n"
         "include-credentials\n"
         "radius-server host 10.20.0.16 key \"" + v.radius + "\"\n"  // 6
         "radius-server host 10.20.0.17 encrypted-key \"" + v.radius_encrypted + "\"\n"  // 7
         "tacacs-server host 10.20.0.15 key \"" + v.tacacs + "\"\n"  // 8
         "snmp-server community \"public\" unrestricted\n"  // 9
         "snmp-server community \"" + v.community_rw + "\" manager unrestricted\n"  // 10
         "snmp-server community \"" + v.community_ro + "\" operator\n"  // 11
         "vlan 1\n"
         "   name \"DEFAULT_VLAN\"\n"
         "   untagged A1-A24\n"
         "   ip address dhcp-bootp\n"
         "   exit\n"
         "aaa authentication ssh login tacacs local\n"
         "password manager user-name \"netadmin\" sha1 \"" + v.manager_sha1 + "\"\n"  // 18
         "password operator user-name \"monitor\" plaintext \"" + v.operator_plain + "\"\n";  // 19
}

TEST_CASE("network devices 3: a ProCurve configuration's credentials, each under its rule") {
  const procurve_values v;
  const std::string config = procurve_config(v);
  const auto rules = by_rule(rule_findings("backups/sw-core1.cfg", config));
  using lines = std::set<std::uint64_t>;
  CHECK(rules.at("aruba-switch-server-key") == lines{6, 7, 8});
  CHECK(rules.at("aruba-switch-snmp-community") == lines{10, 11});
  CHECK(rules.at("aruba-switch-password-hash") == lines{18});
  CHECK(rules.at("aruba-switch-plaintext-password") == lines{19});
  std::size_t total = 0;
  for (const auto& [rule, at] : rules) total += at.size();
  CHECK(total == 3 + 2 + 1 + 1);  // no generic rule, no Cisco rule
}

TEST_CASE("network devices 3: a ProCurve configuration's identities, named after the switch") {
  const procurve_values v;
  const std::string config = procurve_config(v);
  const auto r = analyze("backups/sw-core1.cfg", config);
  CHECK(r.identities.size() == 7);
  const auto& manager = fact(r, "password_hash", "netadmin@sw-core1");
  CHECK(manager.line == 18);
  CHECK(manager.provider == "aruba");
  CHECK(manager.admin_equivalent);
  CHECK(attribute(manager, "encoding") == "procurve-sha1");
  CHECK(attribute(manager, "weak_hash") == "true");
  CHECK(attribute(manager, "access_level") == "manager");
  CHECK(attribute(manager, "device_source") == "hostname");
  CHECK(attribute(manager, "fingerprint") == nhi::fingerprint_of(v.manager_sha1));
  const auto& monitor = fact(r, "password", "monitor@sw-core1");
  CHECK_FALSE(monitor.admin_equivalent);
  CHECK(attribute(monitor, "encoding") == "plain");
  CHECK(attribute(monitor, "fingerprint") == nhi::fingerprint_of(v.operator_plain));
  const auto& radius = fact(r, "shared_secret", "radius:10.20.0.16@sw-core1");
  CHECK(attribute(radius, "fingerprint") == nhi::fingerprint_of(v.radius));
  CHECK(attribute(radius, "server") == "10.20.0.16");
  const auto& encrypted = fact(r, "shared_secret", "radius:10.20.0.17@sw-core1");
  CHECK(attribute(encrypted, "encoding") == "arubaos-switch-encrypted");
  CHECK_FALSE(attribute(encrypted, "decrypt_error").empty());
  CHECK(attribute(encrypted, "fingerprint") == nhi::fingerprint_of(v.radius_encrypted));
  CHECK(attribute(fact(r, "shared_secret", "tacacs:10.20.0.15@sw-core1"), "fingerprint") ==
        nhi::fingerprint_of(v.tacacs));
  const auto& rw = fact(r, "snmp_community", "snmp:sw-core1/rw");
  CHECK(rw.admin_equivalent);
  CHECK(attribute(rw, "fingerprint") == nhi::fingerprint_of(v.community_rw));
  CHECK(attribute(rw, "mib_view") == "manager");
  CHECK(attribute(fact(r, "snmp_community", "snmp:sw-core1/ro"), "fingerprint") ==
        nhi::fingerprint_of(v.community_ro));
  // The factory default community is a finding, not a fact.
  CHECK(finding(r, "snmp-default-community", "snmp:sw-core1/public").severity == "critical");
  CHECK(check_joined(r, rule_findings("backups/sw-core1.cfg", config)) == 7);
  for (const std::string& secret :
       {v.manager_sha1, v.operator_plain, v.radius, v.tacacs, v.radius_encrypted, v.community_rw, v.community_ro})
    check_no_secret(r, secret);
}

// ---- AOS-CX --------------------------------------------------------------------

struct aoscx_values {
  std::string admin = aoscx_ciphertext();
  std::string ops_plain = device_password();
  std::string radius = aoscx_ciphertext();
  std::string tacacs_plain = device_password();
  std::string snmp_auth = aoscx_ciphertext();
  std::string snmp_priv = aoscx_ciphertext();
  std::string community = device_password();
};

std::string aoscx_config(const aoscx_values& v) {
  return "Current configuration:\n"
         "!\n"
         "!Version ArubaOS-CX FL.10.10.1020\n"
         "!export-password: default\n"
         "hostname cx-sw1\n"
         "user admin group administrators password ciphertext " + v.admin + "\n"  // 6
         "user ops group operators password plaintext " + v.ops_plain + "\n"  // 7
         "ntp server pool.ntp.org minpoll 4 maxpoll 4 iburst\n"
         "radius-server host 10.20.0.16 key ciphertext " + v.radius + " vrf mgmt\n"  // 9
         "tacacs-server host 10.20.0.15 key plaintext " + v.tacacs_plain + " vrf mgmt\n"  // 10
         "ssh server vrf mgmt\n"
         "snmp-server community " + v.community + "\n"  // 12
         "snmpv3 user monitor auth sha auth-pass ciphertext " + v.snmp_auth + " priv aes priv-pass ciphertext " +
         v.snmp_priv + "\n"  // 13
         "vlan 1,10\n"
         "interface 1/1/1\n"
         "    no shutdown\n"
         "    vlan access 10\n";
}

TEST_CASE("network devices 3: an AOS-CX configuration's identities, each with its rule's finding") {
  const aoscx_values v;
  const std::string config = aoscx_config(v);
  const auto found = rule_findings("backups/cx-sw1.cfg", config);
  const auto rules = by_rule(found);
  using lines = std::set<std::uint64_t>;
  CHECK(rules.at("aruba-aoscx-ciphertext-secret") == lines{6, 9, 13});
  CHECK(rules.at("aruba-switch-plaintext-password") == lines{7});
  CHECK(rules.at("aruba-aoscx-plaintext-key") == lines{10});
  const auto r = analyze("backups/cx-sw1.cfg", config);
  CHECK(r.identities.size() == 7);
  const auto& admin = fact(r, "password", "admin@cx-sw1");
  CHECK(admin.line == 6);
  CHECK(admin.admin_equivalent);
  CHECK(attribute(admin, "group") == "administrators");
  CHECK(attribute(admin, "os") == "aos-cx");
  CHECK(attribute(admin, "encoding") == "aoscx-ciphertext");
  CHECK(attribute(admin, "fingerprint") == nhi::fingerprint_of(v.admin));
  const auto& ops = fact(r, "password", "ops@cx-sw1");
  CHECK_FALSE(ops.admin_equivalent);
  CHECK(attribute(ops, "fingerprint") == nhi::fingerprint_of(v.ops_plain));
  const auto& radius = fact(r, "shared_secret", "radius:10.20.0.16@cx-sw1");
  CHECK(attribute(radius, "vrf") == "mgmt");
  CHECK(attribute(radius, "fingerprint") == nhi::fingerprint_of(v.radius));
  CHECK(attribute(fact(r, "shared_secret", "tacacs:10.20.0.15@cx-sw1"), "fingerprint") ==
        nhi::fingerprint_of(v.tacacs_plain));
  CHECK(attribute(fact(r, "snmp_community", "snmp:cx-sw1/ro"), "fingerprint") == nhi::fingerprint_of(v.community));
  std::set<std::string> snmpv3;
  for (const auto& f : r.identities)
    if (f.name == "snmpv3:monitor@cx-sw1") snmpv3.insert(attribute(f, "fingerprint"));
  CHECK(snmpv3 == std::set<std::string>{nhi::fingerprint_of(v.snmp_auth), nhi::fingerprint_of(v.snmp_priv)});
  CHECK(check_joined(r, found) == 7);
  for (const std::string& secret : {v.admin, v.ops_plain, v.radius, v.tacacs_plain, v.snmp_auth, v.snmp_priv,
                                    v.community})
    check_no_secret(r, secret);
}

// ---- Cisco NX-OS SNMPv3 users ----------------------------------------------------

TEST_CASE("network devices 3: NX-OS SNMPv3 users, localized keys and passphrases") {
  const std::string auth_key = "0x" + random_hex(16), priv_key = "0x" + random_hex(16);
  const std::string auth_pass = device_password(), priv_pass = device_password();
  const std::string config = "!Command: show running-config\n"
                             "version 9.3(8) Bios:version 05.45\n"
                             "hostname nx-leaf1\n"
                             "feature tacacs+\n"
                             "feature interface-vlan\n"
                             "snmp-server user admin network-admin auth md5 " + auth_key + " priv " + priv_key +
                             " localizedkey\n"  // 6
                             "snmp-server user monitor network-operator auth sha " + auth_pass + " priv aes-128 " +
                             priv_pass + "\n"  // 7
                             "snmp-server user tmpl network-operator auth sha <passphrase> priv aes-128 {{ priv }}\n"
                             "interface mgmt0\n"
                             "  vrf member management\n";
  const auto found = rule_findings("backups/nx-leaf1.cfg", config);
  const auto rules = by_rule(found);
  using lines = std::set<std::uint64_t>;
  CHECK(rules.at("cisco-snmpv3-localized-key") == lines{6});
  CHECK(rules.at("cisco-snmpv3-plaintext-passphrase") == lines{7});
  std::size_t reported = 0;
  for (const auto& f : found) reported += f.line == 6 || f.line == 7;
  CHECK(reported == 4);  // both keys of each line, nothing else
  const auto r = analyze("backups/nx-leaf1.cfg", config);
  std::set<std::string> admin, monitor;
  for (const auto& f : r.identities) {
    if (f.name == "snmpv3:admin@nx-leaf1") {
      CHECK(f.kind == "shared_secret");
      CHECK(f.admin_equivalent);
      CHECK(attribute(f, "encoding") == "snmpv3-localized-key");
      admin.insert(attribute(f, "fingerprint"));
    }
    if (f.name == "snmpv3:monitor@nx-leaf1") {
      CHECK(f.kind == "password");
      CHECK_FALSE(f.admin_equivalent);
      CHECK(attribute(f, "role") == "network-operator");
      monitor.insert(attribute(f, "fingerprint"));
    }
    CHECK(f.name.find("tmpl") == std::string::npos);
  }
  CHECK(admin == std::set<std::string>{nhi::fingerprint_of(auth_key), nhi::fingerprint_of(priv_key)});
  CHECK(monitor == std::set<std::string>{nhi::fingerprint_of(auth_pass), nhi::fingerprint_of(priv_pass)});
  CHECK(check_joined(r, found) == 4);
  for (const std::string& secret : {auth_key, priv_key, auth_pass, priv_pass}) check_no_secret(r, secret);
}

// ---- Huawei VRP, H3C Comware -----------------------------------------------------

// A VRP `cipher` value: `%^%#`, printable characters without blanks, `%` or
// quotes, `%^%#`.
std::string vrp_cipher() {
  static const std::string alphabet = "ABCDEFGHJKLMNPQRSTUVWYZabcdefghijkmnopqrstuvwyz23456789!&()*+,-./:;=?@[]^_|~";
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::string v;
  do {
    v = "%^%#";
    for (int i = 0; i < 40; ++i) v += alphabet[pick(test_rng())];
    v += "%^%#";
  } while (nhi::detail::is_placeholder(v));
  return v;
}

// crypt(3)'s alphabet, for a VRP `irreversible-cipher` hash.
std::string crypt_text(std::size_t n) {
  static const std::string alphabet = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::string s;
  do {
    s.clear();
    for (std::size_t i = 0; i < n; ++i) s += alphabet[pick(test_rng())];
  } while (nhi::detail::is_placeholder(s));
  return s;
}

std::string comware_cipher() {
  std::string v;
  do v = "$c$3$" + base64(random_bytes(30));
  while (nhi::detail::is_placeholder(v));
  return v;
}

struct vrp_values {
  std::string admin_hash = "$1a$" + crypt_text(16) + "$" + crypt_text(40) + "$";
  std::string netops = vrp_cipher();
  std::string radius = vrp_cipher();
  std::string tacacs = vrp_cipher();
  std::string ike = vrp_cipher();
  std::string community_ro = vrp_cipher();
  std::string community_rw = device_password();
  std::string usm = vrp_cipher();
  std::string vty = vrp_cipher();
};

std::string vrp_config(const vrp_values& v) {
  return "!Software Version V200R019C10SPC500\n"
         "#\n"
         " sysname HW-CORE1\n"
         "#\n"
         " info-center source default channel 2 log level warning\n"
         "#\n"
         "aaa\n"
         " local-user admin password irreversible-cipher " + v.admin_hash + "\n"  // 8
         " local-user admin privilege level 15\n"
         " local-user admin service-type ssh terminal\n"
         " local-user netops password cipher " + v.netops + "\n"  // 11
         " local-user netops privilege level 3\n"
         "#\n"
         "radius-server template RAD\n"
         " radius-server shared-key cipher " + v.radius + "\n"  // 15
         " radius-server authentication 10.20.0.16 1812 weight 80\n"
         "#\n"
         "hwtacacs-server template TAC\n"
         " hwtacacs-server shared-key cipher " + v.tacacs + "\n"  // 19
         "#\n"
         "ike peer BRANCH1\n"
         " pre-shared-key cipher " + v.ike + "\n"  // 22
         " remote-address 203.0.113.5\n"
         "#\n"
         "snmp-agent\n"
         "snmp-agent community read cipher " + v.community_ro + "\n"  // 26
         "snmp-agent community write simple " + v.community_rw + "\n"  // 27
         "snmp-agent community read public\n"  // 28
         "snmp-agent usm-user v3 nms authentication-mode sha cipher " + v.usm + "\n"  // 29
         "#\n"
         "user-interface vty 0 4\n"
         " authentication-mode password\n"
         " set authentication password cipher " + v.vty + "\n"  // 33
         "#\n"
         "return\n";
}

TEST_CASE("network devices 3: a Huawei VRP configuration, each credential under its rule and named after the device") {
  const vrp_values v;
  const std::string config = vrp_config(v);
  const auto found = rule_findings("backups/HW-CORE1.cfg", config);
  const auto rules = by_rule(found);
  using lines = std::set<std::uint64_t>;
  CHECK(rules.at("huawei-cipher-secret") == lines{11, 15, 19, 22, 26, 29, 33});
  CHECK(rules.at("huawei-password-hash") == lines{8});
  CHECK(rules.at("huawei-plaintext-secret") == lines{27});
  CHECK(found.size() == 9);  // no generic rule, no other device's rule
  const auto r = analyze("backups/HW-CORE1.cfg", config);
  CHECK(r.identities.size() == 9);
  const auto& admin = fact(r, "password_hash", "admin@HW-CORE1");
  CHECK(admin.provider == "huawei");
  CHECK(admin.admin_equivalent);
  CHECK(attribute(admin, "privilege") == "15");
  CHECK(attribute(admin, "encoding") == "huawei-irreversible-cipher");
  CHECK(attribute(admin, "fingerprint") == nhi::fingerprint_of(v.admin_hash));
  const auto& netops = fact(r, "password", "netops@HW-CORE1");
  CHECK_FALSE(netops.admin_equivalent);
  CHECK(attribute(netops, "encoding") == "huawei-cipher");
  CHECK_FALSE(attribute(netops, "decrypt_error").empty());
  CHECK(attribute(fact(r, "shared_secret", "radius:RAD@HW-CORE1"), "fingerprint") == nhi::fingerprint_of(v.radius));
  CHECK(attribute(fact(r, "shared_secret", "tacacs:TAC@HW-CORE1"), "fingerprint") == nhi::fingerprint_of(v.tacacs));
  CHECK(attribute(fact(r, "pre_shared_key", "ike:BRANCH1@HW-CORE1"), "fingerprint") == nhi::fingerprint_of(v.ike));
  CHECK(attribute(fact(r, "snmp_community", "snmp:HW-CORE1/ro"), "fingerprint") ==
        nhi::fingerprint_of(v.community_ro));
  const auto& rw = fact(r, "snmp_community", "snmp:HW-CORE1/rw");
  CHECK(rw.admin_equivalent);
  CHECK(attribute(rw, "fingerprint") == nhi::fingerprint_of(v.community_rw));
  CHECK(attribute(fact(r, "password", "snmpv3:nms@HW-CORE1"), "algorithm") == "sha");
  CHECK(attribute(fact(r, "password", "vty@HW-CORE1"), "line") == "vty 0 4");
  CHECK(finding(r, "snmp-default-community", "snmp:HW-CORE1/public").severity == "high");
  CHECK(check_joined(r, found) == 9);
  for (const std::string& secret : {v.admin_hash, v.netops, v.radius, v.tacacs, v.ike, v.community_ro,
                                    v.community_rw, v.usm, v.vty})
    check_no_secret(r, secret);
}

TEST_CASE("network devices 3: an H3C Comware configuration's local users and schemes") {
  const std::string radius = comware_cipher(), radius_acct = device_password(), ike = comware_cipher();
  const std::string admin_hash = "$h$6$" + base64(random_bytes(12)) + "$" + base64(random_bytes(64));
  const std::string ops = device_password(), community = comware_cipher();
  const std::string config = "#\n"
                             " version 7.1.070, Release 6555P01\n"
                             "#\n"
                             " sysname H3C-SW1\n"
                             "#\n"
                             "radius scheme RAD\n"
                             " primary authentication 10.20.0.16\n"
                             " key authentication cipher " + radius + "\n"  // 8
                             " key accounting simple " + radius_acct + "\n"  // 9
                             "#\n"
                             "ike keychain KC1\n"
                             " pre-shared-key address 203.0.113.5 255.255.255.255 key cipher " + ike + "\n"  // 12
                             "#\n"
                             "local-user admin class manage\n"
                             " password hash " + admin_hash + "\n"  // 15
                             " service-type ssh terminal\n"
                             " authorization-attribute user-role network-admin\n"
                             "#\n"
                             "local-user ops class manage\n"
                             " password simple " + ops + "\n"  // 20
                             " authorization-attribute user-role network-operator\n"
                             "#\n"
                             "snmp-agent community write cipher " + community + "\n"  // 23
                             "#\n"
                             "line vty 0 63\n"
                             " authentication-mode scheme\n"
                             "#\n"
                             "return\n";
  const auto found = rule_findings("backups/h3c-sw1.cfg", config);
  const auto rules = by_rule(found);
  using lines = std::set<std::uint64_t>;
  CHECK(rules.at("huawei-cipher-secret") == lines{8, 12, 23});
  CHECK(rules.at("huawei-plaintext-secret") == lines{9, 20});
  CHECK(rules.at("huawei-password-hash") == lines{15});
  const auto r = analyze("backups/h3c-sw1.cfg", config);
  CHECK(r.identities.size() == 6);
  const auto& admin = fact(r, "password_hash", "admin@H3C-SW1");
  CHECK(admin.provider == "h3c");
  CHECK(admin.admin_equivalent);
  CHECK(attribute(admin, "role") == "network-admin");
  CHECK(attribute(admin, "encoding") == "h3c-hash");
  const auto& op = fact(r, "password", "ops@H3C-SW1");
  CHECK_FALSE(op.admin_equivalent);
  CHECK(attribute(op, "fingerprint") == nhi::fingerprint_of(ops));
  std::set<std::string> keys;
  for (const auto& f : r.identities)
    if (f.name == "radius:RAD@H3C-SW1") keys.insert(attribute(f, "fingerprint"));
  CHECK(keys == std::set<std::string>{nhi::fingerprint_of(radius), nhi::fingerprint_of(radius_acct)});
  const auto& psk = fact(r, "pre_shared_key", "ike:203.0.113.5@H3C-SW1");
  CHECK(attribute(psk, "keychain") == "KC1");
  CHECK(attribute(psk, "encoding") == "h3c-cipher");
  CHECK(attribute(fact(r, "snmp_community", "snmp:H3C-SW1/rw"), "fingerprint") == nhi::fingerprint_of(community));
  CHECK(check_joined(r, found) == 6);
  for (const std::string& secret : {radius, radius_acct, ike, admin_hash, ops, community}) check_no_secret(r, secret);
}

TEST_CASE("network devices 3: VRP templates and prose are not credentials") {
  const std::string config = "#\n sysname {{ hostname }}\n#\naaa\n"
                             " local-user admin password cipher <password>\n"
                             " local-user admin password simple {{ admin_password }}\n"
                             " local-user ops password irreversible-cipher $1a$short$\n"
                             "#\nsnmp-agent community read simple public\n"
                             "#\nreturn\n";
  CHECK(nhi::detail::looks_like_vrp_config(config));
  const auto r = analyze("templates/hw.cfg", config);
  CHECK(r.identities.empty());
  CHECK(rule_findings("templates/hw.cfg", config).empty());
  for (const char* text : {"hostname core-sw1\n!\ninterface Vlan1\nline vty 0 4\n",
                           "# sysname is the device name\nSet it with sysname X.\n"})
    CHECK_FALSE(nhi::detail::looks_like_vrp_config(text));
}

// ---- Palo Alto PAN-OS --------------------------------------------------------------

std::string panos_encrypted() {
  std::string v;
  do v = "-AQ==" + base64(random_bytes(32));
  while (nhi::detail::is_placeholder(v));
  return v;
}

TEST_CASE("network devices 3: a PAN-OS running-config.xml, each secret under its rule and named after the firewall") {
  const std::string admin_hash = "$5$" + crypt_text(16) + "$" + crypt_text(43);
  const std::string auditor_hash = "$1$" + crypt_text(8) + "$" + crypt_text(22);
  const std::string radius = panos_encrypted(), ldap = panos_encrypted(), psk = panos_encrypted();
  const std::string community = device_password();
  const std::string config =
      "<?xml version=\"1.0\"?>\n"
      "<config version=\"10.1.0\" urldb=\"paloaltonetworks\" detail-version=\"10.1.3\">\n"
      "  <mgt-config>\n    <users>\n      <entry name=\"admin\">\n"
      "        <phash>" + admin_hash + "</phash>\n"
      "        <permissions>\n          <role-based>\n            <superuser>yes</superuser>\n"
      "          </role-based>\n        </permissions>\n      </entry>\n"
      "      <entry name=\"auditor\">\n"
      "        <phash>" + auditor_hash + "</phash>\n"
      "        <permissions><role-based><superreader>yes</superreader></role-based></permissions>\n"
      "      </entry>\n    </users>\n  </mgt-config>\n"
      "  <shared>\n    <server-profile>\n      <radius>\n        <entry name=\"RAD\">\n          <server>\n"
      "            <entry name=\"nps1\">\n              <ip-address>10.20.0.16</ip-address>\n"
      "              <secret>" + radius + "</secret>\n"
      "              <port>1812</port>\n            </entry>\n          </server>\n        </entry>\n      </radius>\n"
      "      <ldap>\n        <entry name=\"AD\">\n          <bind-dn>svc-panos@corp.internal</bind-dn>\n"
      "          <bind-password>" + ldap + "</bind-password>\n"
      "        </entry>\n      </ldap>\n    </server-profile>\n  </shared>\n"
      "  <devices>\n    <entry name=\"localhost.localdomain\">\n      <network>\n        <ike>\n          <gateway>\n"
      "            <entry name=\"GW-BRANCH1\">\n              <authentication>\n                <pre-shared-key>\n"
      "                  <key>" + psk + "</key>\n"
      "                </pre-shared-key>\n              </authentication>\n            </entry>\n"
      "          </gateway>\n        </ike>\n      </network>\n"
      "      <deviceconfig>\n        <system>\n          <hostname>PA-FW1</hostname>\n"
      "          <snmp-setting><access-setting><version><v2c>\n"
      "            <snmp-community-string>" + community + "</snmp-community-string>\n"
      "          </v2c></version></access-setting></snmp-setting>\n"
      "        </system>\n      </deviceconfig>\n    </entry>\n  </devices>\n</config>\n";
  const auto line_of = [&](const std::string& value) { return nhi::detail::line_of_text(config, value); };
  const auto found = rule_findings("backups/running-config.xml", config);
  const auto rules = by_rule(found);
  using lines = std::set<std::uint64_t>;
  CHECK(rules.at("panos-password-hash") == lines{line_of(admin_hash), line_of(auditor_hash)});
  CHECK(rules.at("panos-encrypted-secret") == lines{line_of(radius), line_of(ldap), line_of(psk)});
  CHECK(rules.at("panos-snmp-community") == lines{line_of(community)});
  const auto r = analyze("backups/running-config.xml", config);
  CHECK(r.identities.size() == 6);
  const auto& admin = fact(r, "password_hash", "admin@PA-FW1");
  CHECK(admin.provider == "paloalto");
  CHECK(admin.admin_equivalent);
  CHECK(admin.line == line_of(admin_hash));
  CHECK(attribute(admin, "encoding") == "sha256-crypt");
  const auto& auditor = fact(r, "password_hash", "auditor@PA-FW1");
  CHECK_FALSE(auditor.admin_equivalent);
  CHECK(attribute(auditor, "weak_hash") == "true");
  const auto& rad = fact(r, "shared_secret", "radius:RAD@PA-FW1");
  CHECK(attribute(rad, "server") == "nps1");
  CHECK(attribute(rad, "encoding") == "panos-encrypted");
  CHECK_FALSE(attribute(rad, "decrypt_error").empty());
  CHECK(attribute(fact(r, "password", "ldap:AD@PA-FW1"), "fingerprint") == nhi::fingerprint_of(ldap));
  CHECK(attribute(fact(r, "pre_shared_key", "ike:GW-BRANCH1@PA-FW1"), "fingerprint") == nhi::fingerprint_of(psk));
  CHECK(attribute(fact(r, "snmp_community", "snmp:PA-FW1/ro"), "fingerprint") == nhi::fingerprint_of(community));
  CHECK(check_joined(r, found) == 6);
  for (const std::string& secret : {admin_hash, auditor_hash, radius, ldap, psk, community}) check_no_secret(r, secret);
  // Cut anywhere, or with bytes appended, the reader neither crashes nor names a fact after half a tag.
  for (int i = 0; i < 40; ++i) {
    std::string mangled = config.substr(0, std::uniform_int_distribution<std::size_t>(0, config.size())(test_rng()));
    if (i % 2) mangled += random_bytes(64);
    nhi::detail::source_file file{"fw.xml", mangled};
    nhi::analysis_result out;
    nhi::detail::analyze_panos_config(file, out);
    for (const auto& f : out.identities) CHECK(f.name.find('<') == std::string::npos);
  }
  CHECK_FALSE(nhi::detail::looks_like_panos_config("<config><mgt-config/></config>"));
  CHECK_FALSE(nhi::detail::looks_like_panos_config("<?xml version=\"1.0\"?>\n<settings><servers/></settings>\n"));
}

// ---- detection, placeholders, malformed input --------------------------------------

TEST_CASE("network devices 3: Aruba switches are recognised by their content, and no other") {
  const procurve_values pv;
  const aoscx_values av;
  CHECK(nhi::detail::looks_like_aruba_switch_config(procurve_config(pv)));
  CHECK(nhi::detail::looks_like_aruba_switch_config(aoscx_config(av)));
  // Without the header: a quoted hostname beside `password manager`, or `user ... group ... password ciphertext`.
  CHECK(nhi::detail::looks_like_aruba_switch_config("hostname \"sw2\"\npassword manager user-name \"a\" sha1 \"b\"\n"));
  CHECK(nhi::detail::looks_like_aruba_switch_config("hostname cx2\nuser a group administrators password ciphertext b\n"));
  for (const char* text : {"hostname core-sw1\n!\ninterface Vlan1\n ip address 10.0.0.1 255.255.255.0\nline vty 0 4\n",
                           "Set the hostname \"x\" first, then the password manager.\n",
                           "hostname cx3\nusername admin password 0 abc\n"})
    CHECK_FALSE(nhi::detail::looks_like_aruba_switch_config(text));
  // A ProCurve file is no Cisco configuration: its facts are Aruba's.
  for (const auto& f : analyze("sw-core1", procurve_config(pv)).identities) CHECK(f.provider == "aruba");
}

TEST_CASE("network devices 3: templates and placeholders are not credentials") {
  const std::string config = "; J9850A Configuration Editor; Created on release #KB.16.10.0009\n"
                             "hostname \"{{ inventory_hostname }}\"\n"
                             "password manager user-name \"admin\" plaintext \"{{ manager_password }}\"\n"
                             "password operator user-name \"op\" sha1 \"<hash>\"\n"
                             "radius-server host 10.20.0.16 key \"<key>\"\n"
                             "tacacs-server host 10.20.0.15 key \"WORD\"\n"
                             "snmp-server community \"{{ community }}\" operator\n"
                             "user admin group administrators password ciphertext <ciphertext>\n"
                             "radius-server host 10.20.0.18 key plaintext ${RADIUS_KEY}\n";
  const auto r = analyze("templates/switch.cfg", config);
  CHECK(r.identities.empty());
  CHECK(rule_findings("templates/switch.cfg", config).empty());
}

TEST_CASE("network devices 3: malformed and truncated configurations do not break the analyzer") {
  const procurve_values pv;
  const aoscx_values av;
  const vrp_values vv;
  for (const std::string& config : {procurve_config(pv), aoscx_config(av), vrp_config(vv)}) {
    for (int i = 0; i < 40; ++i) {
      const std::size_t cut = std::uniform_int_distribution<std::size_t>(0, config.size())(test_rng());
      std::string mangled = config.substr(0, cut);
      if (i % 2) mangled += random_bytes(std::uniform_int_distribution<std::size_t>(1, 64)(test_rng()));
      for (const auto analyzer : {nhi::detail::analyze_aruba_switch_config, nhi::detail::analyze_vrp_config}) {
        nhi::detail::source_file file{"x.cfg", mangled};
        nhi::analysis_result out;
        analyzer(file, out);
      }
    }
  }
  // A huge line, binary bytes, quotes left open, commands cut short.
  const std::string huge = "password manager user-name \"" + std::string(1 << 20, 'a') + "\" plaintext \"b";
  const std::string huge_vrp = " local-user " + std::string(1 << 20, 'a') + " password simple b";
  for (const std::string& text : {huge, huge_vrp, random_bytes(4096), std::string("password manager user-name\n"),
                                  std::string("radius-server host\nsnmpv3 user\nuser a group\n"),
                                  std::string("snmp-server community \"abc\nradius-server key \""),
                                  std::string("local-user\n local-user a password\nsnmp-agent usm-user v3\n"
                                              "ike peer\n pre-shared-key cipher\n set authentication password")}) {
    for (const auto analyzer : {nhi::detail::analyze_aruba_switch_config, nhi::detail::analyze_vrp_config}) {
      nhi::detail::source_file file{"x.cfg", text};
      nhi::analysis_result out;
      analyzer(file, out);
      for (const auto& f : out.identities) CHECK(f.name.size() < 200);
    }
  }
}

}  // namespace
