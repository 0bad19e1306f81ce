// SPDX-License-Identifier: Apache-2.0
// Network device configurations: the rules that report their passwords, keys
// and communities, and the analyzer that names each after the device it opens.
// Type 7 and $9$ values are encoded here, from random passwords, by encoders
// written from the published algorithms (not the library's decoders run
// backwards).
#include "unit/analyze/analyze_support.hpp"
#include "unit/analyze/device_support.hpp"

#include <cstdio>
#include <map>
#include <set>

#include "nhi/nhi.hpp"
#include "unit/analyze/scan_support.hpp"
#include "util/device_secrets.hpp"

using namespace analyze_test;

namespace {

// Cisco type 7: two decimal digits of an offset 0-15 into a fixed string,
// then each character XORed with that string from the offset on, in hex.
std::string type7(const std::string& plain, unsigned seed = 99) {
  static const std::string xlat = "dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87";
  if (seed > 15) seed = std::uniform_int_distribution<unsigned>(0, 15)(test_rng());
  char out[4];
  std::snprintf(out, sizeof out, "%02u", seed);
  std::string s = out;
  for (std::size_t i = 0; i < plain.size(); ++i) {
    std::snprintf(out, sizeof out, "%02X",
                  static_cast<unsigned>(static_cast<unsigned char>(plain[i]) ^
                                        static_cast<unsigned char>(xlat[(seed + i) % xlat.size()])));
    s += out;
  }
  return s;
}

// Junos $9$ (Crypt::Juniper): a random start character of the alphabet, as
// many random fillers as its family asks (3, 2, 1, 0), then each byte as its
// digits in the weights of its place (modulo 7), each digit written as the
// character that many places plus one after the previous one.
std::string junos9(const std::string& plain) {
  static const std::string families[4] = {"QzF3n6/9CAtpu0O", "B1IREhcSyrleKvMW8LXx", "7N-dVbwsY2g4oaJZGUDj",
                                          "iHkq.mPf5T"};
  static const std::vector<std::vector<int>> weights = {{1, 4, 32}, {1, 16, 32}, {1, 8, 32}, {1, 64},
                                                        {1, 32},    {1, 4, 16, 128}, {1, 32, 64}};
  const std::string alphabet = families[0] + families[1] + families[2] + families[3];
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::size_t prev = pick(test_rng());
  std::string out = "$9$";
  out += alphabet[prev];
  int fillers = 0;
  for (int f = 0; f < 4; ++f)
    if (families[f].find(alphabet[prev]) != std::string::npos) fillers = 3 - f;
  for (int i = 0; i < fillers; ++i) out += alphabet[pick(test_rng())];
  for (std::size_t pos = 0; pos < plain.size(); ++pos) {
    const std::vector<int>& w = weights[pos % 7];
    int value = static_cast<unsigned char>(plain[pos]);
    std::vector<int> gaps(w.size());
    for (std::size_t k = w.size(); k-- > 0;) {
      gaps[k] = value / w[k];
      value %= w[k];
    }
    for (int gap : gaps) {
      prev = (prev + static_cast<std::size_t>(gap) + 1) % alphabet.size();
      out += alphabet[prev];
    }
  }
  return out;
}

// Printable ASCII with punctuation, as IOS and Junos passwords are (no space, no quote; `#` too),
// with a lower-case letter and a digit, and nothing the rules' placeholder filter takes for one:
// drawn at random, about one value in ten thousand is all capitals (`CJWCW_U-ZZT`, which device
// rules read as an argument's name) or holds a placeholder's word (`-dummy`), and a test of
// twenty such values failed now and then (as device_password() in device_support.hpp).
std::string ios_password() {
  static const std::string alphabet =
      "ABCDEFGHJKLMNPQRSTUVWYZabcdefghijkmnopqrstuvwyz23456789!#%+-_.@";
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1), length(10, 20);
  std::string s;
  do {
    s.clear();
    for (std::size_t i = 0, n = length(test_rng()); i < n; ++i) s += alphabet[pick(test_rng())];
  } while (!std::isalnum(static_cast<unsigned char>(s.front())) ||
           s.find_first_of("abcdefghijkmnopqrstuvwyz") == std::string::npos ||
           s.find_first_of("23456789") == std::string::npos || nhi::detail::is_placeholder(s));
  return s;
}

// A Cisco IOS-XE running configuration as `show running-config` prints it.
struct ios_values {
  std::string enable_secret_hash = "$1$mERr$QbyxynF/Q9P8P4w69K1Xt/";
  std::string admin_hash = "$9$9g6oH0ZqpD33ke$XS2b.7B2NoZVH3fciFkkulBWrSarVaf/pc0kF5evhhX";
  std::string enable_password = ios_password();
  std::string netops = ios_password();
  std::string backup = ios_password();
  std::string key_string = ios_password();
  std::string ospf_md5 = ios_password();
  std::string ospf_plain = ios_password();
  std::string bgp = ios_password();
  std::string tacacs = ios_password();
  std::string tacacs_legacy = ios_password();
  std::string radius = ios_password();
  std::string isakmp = ios_password();
  std::string ikev2 = ios_password();
  std::string ntp = ios_password();
  std::string console = ios_password();
  std::string vty = ios_password();
  std::string community_ro = ios_password();
  std::string community_rw = ios_password();
  std::string wifi = ios_password();
};

std::string ios_config(const ios_values& v) {
  return "Building configuration...\n"
         "\n"
         "Current configuration : 6120 bytes\n"
         "!\n"
         "! Last configuration change at 10:12:44 UTC Tue Mar 5 2024 by netops\n"
         "!\n"
         "version 17.3\n"
         "service timestamps debug datetime msec\n"
         "service password-encryption\n"
         "!\n"
         "hostname core-sw1\n"  // 11
         "!\n"
         "enable secret 5 " + v.enable_secret_hash + "\n"  // 13
         "enable password 7 " + type7(v.enable_password) + "\n"  // 14
         "!\n"
         "aaa new-model\n"
         "!\n"
         "username admin privilege 15 secret 9 " + v.admin_hash + "\n"  // 18
         "username netops privilege 15 password 7 " + type7(v.netops) + "\n"  // 19
         "username backup password 0 " + v.backup + "\n"  // 20
         "username readonly privilege 1 secret 9 {{ readonly_hash }}\n"  // 21: a template
         "!\n"
         "key chain OSPF-KEYS\n"  // 23
         " key 1\n"
         "  key-string 7 " + type7(v.key_string) + "\n"  // 25
         "!\n"
         "interface GigabitEthernet0/0\n"  // 27
         " description uplink to edge1\n"
         " ip address 10.0.0.1 255.255.255.252\n"
         " ip ospf message-digest-key 1 md5 7 " + type7(v.ospf_md5) + "\n"  // 30
         " ip ospf authentication-key 0 " + v.ospf_plain + "\n"  // 31
         "!\n"
         "router bgp 65001\n"  // 33
         " neighbor 10.255.0.2 remote-as 65002\n"
         " neighbor 10.255.0.2 password 7 " + type7(v.bgp) + "\n"  // 35
         "!\n"
         "tacacs server ISE-1\n"  // 37
         " address ipv4 10.20.0.15\n"
         " key 7 " + type7(v.tacacs) + "\n"  // 39
         "tacacs-server host 10.20.0.11 key " + v.tacacs_legacy + "\n"  // 40
         "radius-server key 0 " + v.radius + "\n"  // 41
         "!\n"
         "crypto isakmp key " + v.isakmp + " address 203.0.113.5\n"  // 43
         "crypto ikev2 keyring KR-BRANCH\n"  // 44
         " peer branch1\n"
         "  address 198.51.100.7\n"
         "  pre-shared-key local " + v.ikev2 + "\n"  // 47
         "!\n"
         "dot11 ssid OPS-WLAN\n"  // 49
         " authentication key-management wpa version 2\n"
         " wpa-psk ascii 7 " + type7(v.wifi) + "\n"  // 51
         "!\n"
         "snmp-server community " + v.community_ro + " RO 10\n"  // 53
         "snmp-server community " + v.community_rw + " RW\n"  // 54
         "snmp-server community public RO\n"  // 55
         "snmp-server community private RW\n"  // 56
         "!\n"
         "ntp authentication-key 1 md5 " + type7(v.ntp) + " 7\n"  // 58
         "!\n"
         "line con 0\n"  // 60
         " password 7 " + type7(v.console) + "\n"  // 61
         "line vty 0 4\n"  // 62
         " exec-timeout 5 0\n"
         " password " + v.vty + "\n"  // 64
         " login\n"
         " transport input ssh\n"
         "!\n"
         "end\n";
}

const nhi::identity_fact& fact_at(const nhi::analysis_result& r, std::string_view name, std::uint64_t line) {
  for (const auto& f : r.identities)
    if (f.name == name && f.line == line) return f;
  return fact(r, "(a fact at line " + std::to_string(line) + ")", name);  // fails, listing the facts
}

}  // namespace

TEST_CASE("network devices: Cisco type 7 and Junos $9$ decode, and what is not theirs does not") {
  std::string plain;
  // Values published with the algorithms' descriptions.
  CHECK(nhi::detail::cisco_type7_decode("0822455D0A16", plain));
  CHECK(plain == "cisco");
  CHECK(nhi::detail::juniper9_decode("$9$FNkC3/t1IcevLuOWx", plain));
  CHECK(plain == "hello");
  CHECK(nhi::detail::juniper9_decode("$9$o1aGiPfz/Cuk.tO", plain));
  CHECK(plain == "hello");
  for (int i = 0; i < 200; ++i) {
    const std::string password = ios_password();
    for (unsigned seed : {0u, 7u, 15u}) {
      CHECK(nhi::detail::cisco_type7_decode(type7(password, seed), plain));
      CHECK(plain == password);
    }
    const std::string encoded = junos9(password);
    CHECK(nhi::detail::juniper9_decode(encoded, plain));
    CHECK(plain == password);
    // Cut short by one character, a $9$ value no longer decodes.
    CHECK_FALSE(nhi::detail::juniper9_decode(encoded.substr(0, encoded.size() - 1), plain));
    CHECK(plain.empty());
  }
  // An offset past 15, an odd length, a letter past F, a control character.
  CHECK_FALSE(nhi::detail::cisco_type7_decode("9922455D0A16", plain));
  CHECK_FALSE(nhi::detail::cisco_type7_decode("0822455D0A1", plain));
  CHECK_FALSE(nhi::detail::cisco_type7_decode("0822455D0G16", plain));
  CHECK_FALSE(nhi::detail::cisco_type7_decode(type7(std::string("ab\x01" "cd"), 3), plain));
  CHECK_FALSE(nhi::detail::cisco_type7_decode("08", plain));
  CHECK(plain.empty());
  // Another prefix, a character outside the alphabet, nothing after the filler.
  CHECK_FALSE(nhi::detail::juniper9_decode("$8$FNkC3/t1IcevLuOWx", plain));
  CHECK_FALSE(nhi::detail::juniper9_decode("$9$FNkC3/t1Ice_LuOWx", plain));
  CHECK_FALSE(nhi::detail::juniper9_decode("$9$Q123", plain));
  CHECK_FALSE(nhi::detail::juniper9_decode("$9$", plain));
  // Cisco's type 9 hash starts with $9$ too, but holds a $ the alphabet lacks.
  CHECK_FALSE(nhi::detail::juniper9_decode("$9$9g6oH0ZqpD33ke$XS2b.7B2NoZVH3fciFkkulBWrSarVaf/pc0kF5evhhX", plain));
}

TEST_CASE("network devices: a Cisco running configuration's credentials, each under its rule") {
  const ios_values v;
  const std::string config = ios_config(v);
  const auto rules = by_rule(rule_findings("backups/core-sw1-confg", config));
  using lines = std::set<std::uint64_t>;
  CHECK(rules.at("cisco-password-hash") == lines{13, 18});
  CHECK(rules.at("cisco-type7-password") == lines{14, 19, 25, 30, 35, 39, 51, 61});
  CHECK(rules.at("cisco-plaintext-password") == lines{20});
  CHECK(rules.at("cisco-plaintext-shared-key") == lines{31, 40, 41, 43, 47});
  CHECK(rules.at("cisco-snmp-community") == lines{53, 54});  // not public, not private
  CHECK(rules.at("cisco-ntp-authentication-key") == lines{58});
  CHECK(rules.at("cisco-line-password") == lines{64});
  std::size_t total = 0;
  for (const auto& [rule, at] : rules) total += at.size();
  CHECK(total == 2 + 8 + 1 + 5 + 2 + 1 + 1);
}

TEST_CASE("network devices: a Cisco running configuration's identities, named after the device") {
  const ios_values v;
  const std::string config = ios_config(v);
  const auto r = analyze("backups/core-sw1-confg", config);
  CHECK(r.identities.size() == 22);

  const auto& enable_secret = fact_at(r, "enable@core-sw1", 13);
  CHECK(enable_secret.kind == "password_hash");
  CHECK(enable_secret.provider == "cisco");
  CHECK(attribute(enable_secret, "encoding") == "md5-crypt");
  CHECK(attribute(enable_secret, "type") == "5");
  CHECK(attribute(enable_secret, "weak_hash") == "true");
  CHECK(attribute(enable_secret, "fingerprint") == nhi::fingerprint_of(v.enable_secret_hash));
  CHECK(attribute(enable_secret, "device") == "core-sw1");
  CHECK(attribute(enable_secret, "device_source") == "hostname");
  CHECK(enable_secret.admin_equivalent);

  const auto& enable = fact_at(r, "enable@core-sw1", 14);
  CHECK(enable.kind == "password");
  CHECK(attribute(enable, "encoding") == "cisco-type7");
  CHECK(attribute(enable, "fingerprint.decrypted") == nhi::fingerprint_of(v.enable_password));
  CHECK(attribute(enable, "setting") == "enable password");

  const auto& admin = fact(r, "password_hash", "admin@core-sw1");
  CHECK(attribute(admin, "encoding") == "cisco-type9-scrypt");
  CHECK(attribute(admin, "privilege") == "15");
  CHECK(attribute(admin, "weak_hash").empty());
  CHECK(admin.admin_equivalent);

  const auto& netops = fact(r, "password", "netops@core-sw1");
  CHECK(netops.line == 19);
  CHECK(attribute(netops, "username") == "netops");
  CHECK(attribute(netops, "type") == "7");
  CHECK(attribute(netops, "fingerprint") != nhi::fingerprint_of(v.netops));  // the stored value's, as the rules'
  CHECK(attribute(netops, "fingerprint.decrypted") == nhi::fingerprint_of(v.netops));
  CHECK(attribute(netops, "decrypt_error").empty());

  const auto& backup = fact(r, "password", "backup@core-sw1");
  CHECK(attribute(backup, "encoding") == "plain");
  CHECK(attribute(backup, "type") == "0");
  CHECK(attribute(backup, "fingerprint") == nhi::fingerprint_of(v.backup));
  CHECK_FALSE(backup.admin_equivalent);
  CHECK_FALSE(has_fact(r, "password_hash", "readonly@core-sw1"));  // {{ readonly_hash }}

  const auto decrypted = [&](std::string_view kind, std::string_view name) {
    return attribute(fact(r, kind, name), "fingerprint.decrypted");
  };
  CHECK(decrypted("shared_secret", "key-chain:OSPF-KEYS#1@core-sw1") == nhi::fingerprint_of(v.key_string));
  CHECK(decrypted("shared_secret", "ospf:GigabitEthernet0/0#1@core-sw1") == nhi::fingerprint_of(v.ospf_md5));
  CHECK(attribute(fact(r, "shared_secret", "ospf:GigabitEthernet0/0@core-sw1"), "fingerprint") ==
        nhi::fingerprint_of(v.ospf_plain));
  const auto& bgp = fact(r, "shared_secret", "bgp:10.255.0.2@core-sw1");
  CHECK(attribute(bgp, "fingerprint.decrypted") == nhi::fingerprint_of(v.bgp));
  CHECK(attribute(bgp, "asn") == "65001");
  const auto& ise = fact(r, "shared_secret", "tacacs:ISE-1@core-sw1");
  CHECK(attribute(ise, "fingerprint.decrypted") == nhi::fingerprint_of(v.tacacs));
  CHECK(attribute(ise, "server_address") == "10.20.0.15");
  CHECK(attribute(fact(r, "shared_secret", "tacacs:10.20.0.11@core-sw1"), "fingerprint") ==
        nhi::fingerprint_of(v.tacacs_legacy));
  CHECK(attribute(fact(r, "shared_secret", "radius@core-sw1"), "fingerprint") == nhi::fingerprint_of(v.radius));
  const auto& isakmp = fact(r, "pre_shared_key", "isakmp:203.0.113.5@core-sw1");
  CHECK(attribute(isakmp, "fingerprint") == nhi::fingerprint_of(v.isakmp));
  const auto& ikev2 = fact(r, "pre_shared_key", "ike:branch1@core-sw1");
  CHECK(attribute(ikev2, "peer_address") == "198.51.100.7");
  CHECK(attribute(ikev2, "keyring") == "KR-BRANCH");
  CHECK(attribute(ikev2, "fingerprint") == nhi::fingerprint_of(v.ikev2));
  CHECK(decrypted("pre_shared_key", "wifi:OPS-WLAN@core-sw1") == nhi::fingerprint_of(v.wifi));
  CHECK(decrypted("shared_secret", "ntp:1@core-sw1") == nhi::fingerprint_of(v.ntp));
  const auto& console = fact(r, "password", "console@core-sw1");
  CHECK(attribute(console, "line") == "con 0");
  CHECK(attribute(console, "fingerprint.decrypted") == nhi::fingerprint_of(v.console));
  const auto& vty = fact(r, "password", "vty@core-sw1");
  CHECK(attribute(vty, "line") == "vty 0 4");
  CHECK(attribute(vty, "fingerprint") == nhi::fingerprint_of(v.vty));

  const auto& ro = fact(r, "snmp_community", "snmp:core-sw1/ro");
  CHECK(attribute(ro, "access") == "read-only");
  CHECK(attribute(ro, "acl") == "10");
  CHECK(attribute(ro, "fingerprint") == nhi::fingerprint_of(v.community_ro));
  const auto& rw = fact(r, "snmp_community", "snmp:core-sw1/rw");
  CHECK(attribute(rw, "access") == "read-write");
  CHECK(rw.admin_equivalent);
  CHECK(finding(r, "snmp-read-write-community", "snmp:core-sw1/rw").line == 54);
  // The defaults are facts and findings, named (they are no secret), never fingerprinted.
  const auto& pub = fact(r, "snmp_community", "snmp:core-sw1/public");
  CHECK(attribute(pub, "default_community") == "true");
  CHECK(attribute(pub, "fingerprint").empty());
  CHECK(finding(r, "snmp-default-community", "snmp:core-sw1/public").severity == "high");
  CHECK(finding(r, "snmp-default-community", "snmp:core-sw1/private").severity == "critical");
  CHECK(r.findings.size() == 3);

  for (const std::string& secret : {v.enable_password, v.netops, v.backup, v.key_string, v.ospf_md5, v.ospf_plain,
                                    v.bgp, v.tacacs, v.tacacs_legacy, v.radius, v.isakmp, v.ikev2, v.ntp, v.console,
                                    v.vty, v.community_ro, v.community_rw, v.wifi})
    check_no_secret(r, secret);
}

// The inventory joins a fact to the rules' finding of the same value by its
// fingerprint: every fact a value was fingerprinted for has its finding.
TEST_CASE("network devices: each fingerprinted fact has the rules' finding of the same value") {
  const ios_values v;
  const std::string config = ios_config(v);
  const auto r = analyze("core-sw1.cfg", config);
  CHECK(check_joined(r, rule_findings("core-sw1.cfg", config)) == 20);  // all but the two default communities
}

TEST_CASE("network devices: NX-OS, ASA and Arista EOS configurations") {
  const std::string tacacs = ios_password(), psk = ios_password(), community = ios_password(),
                    automation = ios_password();
  const std::string nxos = "!Command: show running-config\n"
                           "!Running configuration last done at: Tue Mar  5 10:12:44 2024\n"
                           "\n"
                           "version 9.3(10) Bios:version 05.47\n"
                           "hostname n9k-1\n"
                           "feature tacacs+\n"
                           "\n"
                           "username admin password 5 $5$9fKd2LqWm1$xobXAYRyNvlU21k7UDrk5uP68r34Od017hhULv.Sdt3  role "
                           "network-admin\n"  // 8
                           "tacacs-server host 10.20.0.15 key 7 \"Vwritos2Wsgs\"\n"  // 9
                           "snmp-server community " + community + " group network-admin\n"  // 10
                           "\n"
                           "interface mgmt0\n"
                           "  vrf member management\n";
  auto r = analyze("n9k-1.txt", nxos);
  const auto& admin = fact(r, "password_hash", "admin@n9k-1");
  CHECK(attribute(admin, "encoding") == "sha256-crypt");
  CHECK(attribute(admin, "role") == "network-admin");
  CHECK(admin.admin_equivalent);
  const auto& key = fact(r, "shared_secret", "tacacs:10.20.0.15@n9k-1");
  CHECK(attribute(key, "encoding") == "nxos-type7");
  CHECK(attribute(key, "fingerprint") == nhi::fingerprint_of("Vwritos2Wsgs"));
  CHECK(attribute(key, "decrypt_error") == "NX-OS type 7 is not decoded");
  CHECK(attribute(fact(r, "snmp_community", "snmp:n9k-1/rw"), "group") == "network-admin");
  auto rules = by_rule(rule_findings("n9k-1.txt", nxos));
  CHECK(rules["cisco-password-hash"] == std::set<std::uint64_t>{8});
  CHECK(rules["cisco-nxos-type7-key"] == std::set<std::uint64_t>{9});
  CHECK(rules["cisco-snmp-community"] == std::set<std::uint64_t>{10});

  const std::string asa = ": Saved\n"
                          ":\n"
                          "ASA Version 9.8(4)\n"
                          "!\n"
                          "hostname asa-fw\n"
                          "enable password 8Ry2YjIyt7RRXU24 encrypted\n"  // 6
                          "names\n"
                          "!\n"
                          "interface GigabitEthernet1/1\n"
                          " nameif outside\n"
                          "!\n"
                          "username admin password $sha512$5000$RvB2KsO6WqtGmI8ZAbE9Hg==$PfLa1YlI0Xo9h3mHn5yMtA== "
                          "pbkdf2 privilege 15\n"  // 12
                          "tunnel-group 198.51.100.7 type ipsec-l2l\n"
                          "tunnel-group 198.51.100.7 ipsec-attributes\n"
                          " ikev1 pre-shared-key " + psk + "\n"  // 15
                          " ikev2 remote-authentication pre-shared-key *****\n";
  r = analyze("asa-fw.cfg", asa);
  CHECK(attribute(fact(r, "password_hash", "enable@asa-fw"), "encoding") == "asa-md5");
  const auto& asa_admin = fact(r, "password_hash", "admin@asa-fw");
  CHECK(attribute(asa_admin, "encoding") == "asa-pbkdf2-sha512");
  CHECK(attribute(asa_admin, "privilege") == "15");
  const auto& tunnel = fact(r, "pre_shared_key", "ike:198.51.100.7@asa-fw");
  CHECK(tunnel.line == 15);  // the masked ikev2 key is no value
  CHECK(attribute(tunnel, "fingerprint") == nhi::fingerprint_of(psk));
  CHECK(r.identities.size() == 3);
  rules = by_rule(rule_findings("asa-fw.cfg", asa));
  CHECK(rules["cisco-asa-password-hash"] == std::set<std::uint64_t>{6, 12});
  CHECK(rules["cisco-plaintext-shared-key"] == std::set<std::uint64_t>{15});

  const std::string eos = "! Command: show running-config\n"
                          "! device: leaf1 (DCS-7050SX3-48YC8, EOS-4.28.3M)\n"
                          "!\n"
                          "hostname leaf1\n"
                          "!\n"
                          "username admin privilege 15 role network-admin secret sha512 "
                          "$6$Xn3pQ8vL2mRt$Ug1PwcBg/PRPRNilms1OcDGpOcHVqegdE3GTsEOcczZ7IcIVxS9jAYTxchoXg81kw"
                          "lFWjrCkzjICZM8/657qp.\n"  // 6
                          "username automation privilege 15 secret 0 " + automation + "\n"  // 7
                          "!\n"
                          "interface Ethernet1\n"
                          "   description spine1\n"
                          "!\n"
                          "end\n";
  r = analyze("leaf1.cfg", eos);
  const auto& eos_admin = fact(r, "password_hash", "admin@leaf1");
  CHECK(eos_admin.provider == "arista");
  CHECK(attribute(eos_admin, "encoding") == "sha512-crypt");
  CHECK(attribute(eos_admin, "type") == "sha512");
  CHECK(attribute(fact(r, "password", "automation@leaf1"), "fingerprint") == nhi::fingerprint_of(automation));
  rules = by_rule(rule_findings("leaf1.cfg", eos));
  CHECK(rules["arista-eos-password-hash"] == std::set<std::uint64_t>{6});
  CHECK(rules["cisco-plaintext-password"] == std::set<std::uint64_t>{7});
  check_no_secret(r, automation);
}

TEST_CASE("network devices: a Junos configuration, curly-brace and set forms") {
  const std::string radius = ios_password(), bgp = ios_password(), psk = ios_password(),
                    community = ios_password(), tacplus = ios_password();
  const std::string curly =
      "## Last commit: 2024-03-05 10:12:44 UTC by netops\n"
      "version 21.4R3.15;\n"
      "system {\n"
      "    host-name fw1;\n"
      "    root-authentication {\n"
      "        encrypted-password \"$6$Xn3pQ8vL2mRt$Ug1PwcBg/PRPRNilms1OcDGpOcHVqegdE3GTsEOcczZ7IcIVxS9jAYTx"
      "choXg81kwlFWjrCkzjICZM8/657qp.\"; ## SECRET-DATA\n"  // 6
      "    }\n"
      "    login {\n"
      "        /* the automation account */\n"
      "        user netops {\n"
      "            uid 2001;\n"
      "            class super-user;\n"
      "            authentication {\n"
      "                encrypted-password \"$1$b8Jt$02rEQvuK6P/csI1xJwAkn0\"; ## SECRET-DATA\n"  // 14
      "            }\n"
      "        }\n"
      "    }\n"
      "    radius-server {\n"
      "        10.20.0.16 secret \"" + junos9(radius) + "\"; ## SECRET-DATA\n"  // 19
      "    }\n"
      "}\n"
      "snmp {\n"
      "    location \"DC1 row 4\";\n"
      "    community " + community + " {\n"  // 24
      "        authorization read-write;\n"
      "    }\n"
      "    community public {\n"  // 27
      "        authorization read-only;\n"
      "    }\n"
      "}\n"
      "protocols {\n"
      "    bgp {\n"
      "        group TRANSIT {\n"
      "            neighbor 10.255.0.2 {\n"
      "                authentication-key \"" + junos9(bgp) + "\"; ## SECRET-DATA\n"  // 35
      "            }\n"
      "        }\n"
      "    }\n"
      "}\n"
      "security {\n"
      "    ike {\n"
      "        policy IKE-POL {\n"
      "            pre-shared-key ascii-text \"" + junos9(psk) + "\"; ## SECRET-DATA\n"  // 43
      "        }\n"
      "    }\n"
      "}\n"
      "policy-options {\n"
      "    community TRANSIT-IN members 65001:100;\n"  // 48
      "}\n"
      "services {\n"
      "    radius {\n"
      "        secret \"$9$Q123\";\n"  // not what Junos writes
      "    }\n"
      "}\n";
  auto r = analyze("configs/fw1.conf", curly);
  const auto& root = fact(r, "password_hash", "root@fw1");
  CHECK(root.provider == "juniper");
  CHECK(root.line == 6);
  CHECK(attribute(root, "encoding") == "sha512-crypt");
  CHECK(root.admin_equivalent);
  const auto& netops = fact(r, "password_hash", "netops@fw1");
  CHECK(attribute(netops, "class") == "super-user");
  CHECK(attribute(netops, "weak_hash") == "true");
  CHECK(netops.admin_equivalent);
  const auto& radius_fact = fact(r, "shared_secret", "radius:10.20.0.16@fw1");
  CHECK(radius_fact.line == 19);
  CHECK(attribute(radius_fact, "encoding") == "juniper-9");
  CHECK(attribute(radius_fact, "fingerprint.decrypted") == nhi::fingerprint_of(radius));
  CHECK(attribute(radius_fact, "path") == "system radius-server 10.20.0.16 secret");
  CHECK(attribute(fact(r, "shared_secret", "bgp:10.255.0.2@fw1"), "fingerprint.decrypted") == nhi::fingerprint_of(bgp));
  CHECK(attribute(fact(r, "pre_shared_key", "ike:IKE-POL@fw1"), "fingerprint.decrypted") == nhi::fingerprint_of(psk));
  const auto& rw = fact(r, "snmp_community", "snmp:fw1/rw");
  CHECK(rw.line == 24);
  CHECK(attribute(rw, "fingerprint") == nhi::fingerprint_of(community));
  CHECK(finding(r, "snmp-read-write-community", "snmp:fw1/rw").line == 24);
  CHECK(finding(r, "snmp-default-community", "snmp:fw1/public").line == 27);
  CHECK(r.identities.size() == 7);
  for (const std::string& secret : {radius, bgp, psk, community}) check_no_secret(r, secret);

  auto rules = by_rule(rule_findings("configs/fw1.conf", curly));
  CHECK(rules["juniper-encrypted-password"] == std::set<std::uint64_t>{6, 14});
  CHECK(rules["juniper-type9-secret"] == std::set<std::uint64_t>{19, 35, 43});
  CHECK(rules["juniper-snmp-community"] == std::set<std::uint64_t>{24});  // not public, not a policy community

  const std::string set_form = "set version 21.4R3.15\n"
                               "set groups node0 system host-name srx2-node0\n"
                               "set system host-name srx2\n"
                               "set system login user ops class operator\n"
                               "set system login user ops authentication encrypted-password "
                               "\"$1$b8Jt$02rEQvuK6P/csI1xJwAkn0\"\n"  // 5
                               "set system tacplus-server 10.20.0.17 secret \"" + junos9(tacplus) + "\"\n"  // 6
                               "set snmp community " + community + " authorization read-only\n"  // 7
                               "set snmp community " + community + " clients 10.0.0.0/8\n"
                               "set interfaces ge-0/0/0 unit 0 family inet address 192.0.2.1/24\n";
  r = analyze("srx2.set", set_form);
  const auto& ops = fact(r, "password_hash", "ops@srx2");
  CHECK(attribute(ops, "class") == "operator");
  CHECK_FALSE(ops.admin_equivalent);
  CHECK(attribute(fact(r, "shared_secret", "tacacs:10.20.0.17@srx2"), "fingerprint.decrypted") ==
        nhi::fingerprint_of(tacplus));
  const auto& ro = fact(r, "snmp_community", "snmp:srx2/ro");
  CHECK(ro.line == 7);
  CHECK(attribute(ro, "acl") == "clients");
  CHECK(r.identities.size() == 3);
  CHECK(r.findings.empty());
  rules = by_rule(rule_findings("srx2.set", set_form));
  CHECK(rules["juniper-encrypted-password"] == std::set<std::uint64_t>{5});
  CHECK(rules["juniper-type9-secret"] == std::set<std::uint64_t>{6});
  CHECK(rules["juniper-snmp-community"] == std::set<std::uint64_t>{7, 8});

  // Without a host-name the file's name stands for the device, and says so.
  r = analyze("backups/edge7.conf", "system {\n    root-authentication {\n        encrypted-password "
                                    "\"$1$b8Jt$02rEQvuK6P/csI1xJwAkn0\";\n    }\n}\ninterfaces {\n}\n");
  CHECK(attribute(fact(r, "password_hash", "root@edge7"), "device_source") == "file name");
  // A generic file name names no device: the subject alone.
  r = analyze("mocks/show_running_config.txt", "system {\n    root-authentication {\n        encrypted-password "
                                               "\"$1$b8Jt$02rEQvuK6P/csI1xJwAkn0\";\n    }\n}\n");
  CHECK(attribute(fact(r, "password_hash", "root"), "device").empty());
}

TEST_CASE("network devices: near misses are neither facts nor findings") {
  // Documentation, templates and argument names in a device command's place.
  const std::string doc = "hostname R1\n"
                          "!\n"
                          "enable password 7 <hash>\n"
                          "enable secret <PASSWORD>\n"
                          "username {{ user }} privilege 15 secret {{ password }}\n"
                          "username admin password 7 $TYPE7\n"
                          "snmp-server community {{ community }} RO\n"
                          "snmp-server community WORD RO\n"
                          "tacacs-server key 7 $KEY\n"
                          "tacacs-server host 10.0.0.9 key 7 0123456789ABCDEF0123456789AB\n"  // no type 7 IOS wrote
                          "username ops secret 5 $1$salt$\n"
                          "enable secret \"***\"\n"
                          "interface Loopback0\n"
                          "!\n"
                          "line vty 0 4\n"
                          " password LINE\n"
                          "end\n";
  const auto r = analyze("templates/R1.cfg", doc);
  CHECK(r.identities.empty());
  CHECK(r.findings.empty());
  CHECK(rule_findings("templates/R1.cfg", doc).empty());

  // Prose naming the commands is no configuration.
  const std::string prose = "To set the enable password 7 0121200A5E2F5100097D is not the way: use enable secret.\n"
                            "The snmp-server community string defaults to public.\n";
  CHECK(rule_findings("docs/hardening.txt", prose).empty());

  // A configuration quoted in Markdown or source code is not analysed (its
  // values are the rules' to report).
  const ios_values v;
  for (const char* path : {"docs/ios.md", "tools/render.py", "roles/ios/templates/base.cfg.j2"})
    CHECK(analyze(path, ios_config(v)).identities.empty());
  // A file with Cisco commands but no hostname and no configuration layout is not analysed.
  CHECK(analyze("notes.txt", "username admin password 0 " + v.backup + "\n").identities.empty());
  // A shell script that sets the host name is no configuration.
  CHECK(analyze("setup", "#!/bin/sh\nhostname web1\nservice nginx restart\n").identities.empty());
}
