// SPDX-License-Identifier: Apache-2.0
// More network device configurations: MikroTik RouterOS exports and scripts,
// Fortinet FortiOS configurations, VyOS / EdgeOS configurations. The rules that
// report their passwords, keys and communities, and the analyzer that names
// each after the device it opens. Every value is random, drawn per run.
#include "unit/analyze/analyze_support.hpp"
#include "unit/analyze/device_support.hpp"

#include <map>
#include <set>

#include "analyze/analyzers.hpp"
#include "match/validators.hpp"
#include "nhi/nhi.hpp"
#include "unit/analyze/scan_support.hpp"

using namespace analyze_test;

namespace {

// A FortiOS `ENC` value: base64 of random bytes, as long as the device's (an IV
// and whole cipher blocks). The rule leaves values starting SH, AK or PB to
// the hash rule (the hash schemes' prefixes), so none is drawn here, nor one
// the placeholder filter takes for masked (`xXxX` inside).
std::string fortios_enc() {
  std::string v;
  do v = base64(random_bytes(4 + 16 * std::uniform_int_distribution<std::size_t>(3, 8)(test_rng())));
  while (v.rfind("SH", 0) == 0 || v.rfind("AK", 0) == 0 || v.rfind("PB", 0) == 0 || nhi::detail::is_placeholder(v));
  return v;
}

// crypt(3)'s alphabet, for the salt and digest of a random `$6$` hash.
std::string random_crypt(std::size_t n) {
  static const std::string alphabet = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += alphabet[pick(test_rng())];
  return s;
}

// ---- MikroTik ----------------------------------------------------------------

struct ros_values {
  std::string wifi_psk = device_password(12);
  std::string wifi7_psk = device_password(12);
  std::string ipsec = device_password();
  std::string ipsec6 = device_password();
  std::string l2tp = device_password();
  std::string ppp1 = device_password();
  std::string ppp2 = device_password();
  std::string radius = device_password();
  std::string community = device_password();
  std::string snmp_auth = device_password();
  std::string admin = device_password();
};

// `/export show-sensitive` of RouterOS 7, long lines continued as the router
// writes them, and a provisioning script's one-line commands after it.
std::string ros_export(const ros_values& v) {
  return "# 2024-03-05 10:12:44 by RouterOS 7.14.1\n"
         "# software id = 8KQ2-XN4P\n"
         "#\n"
         "# model = RB4011iGS+\n"
         "/interface bridge\n"
         "add name=bridge-lan\n"
         "/interface wireless security-profiles\n"  // 7
         "set [ find default=yes ] supplicant-identity=MikroTik\n"
         "add authentication-types=wpa2-psk mode=dynamic-keys name=office \\\n"  // 9
         "    supplicant-identity=MikroTik wpa2-pre-shared-key=" + v.wifi_psk + "\n"  // 10
         "/interface wifi security\n"
         "add authentication-types=wpa2-psk,wpa3-psk name=sec-guest passphrase=\"" + v.wifi7_psk + "\"\n"  // 12
         "/ip ipsec peer\n"
         "add address=203.0.113.5/32 exchange-mode=ike2 name=branch1\n"
         "add address=198.51.100.7/32 name=legacy secret=" + v.ipsec6 + "\n"  // 15
         "/ip ipsec identity\n"
         "add peer=branch1 secret=" + v.ipsec + "\n"  // 17
         "add auth-method=digital-signature certificate=r1 peer=legacy\n"
         "/interface l2tp-server server\n"
         "set enabled=yes ipsec-secret=" + v.l2tp + " use-ipsec=yes\n"  // 20
         "/ppp secret\n"
         "add name=vpn-branch1 password=" + v.ppp1 + " profile=default-encryption service=l2tp\n"  // 22
         "add local-address=10.99.0.1 name=roadwarrior \\\n"  // 23
         "    password=\"" + v.ppp2 + "\" remote-address=10.99.0.10 service=sstp\n"
         "add name=templated password=$vpnPass service=l2tp\n"  // 25: a variable
         "/radius\n"
         "add address=10.20.0.16 secret=" + v.radius + " service=login,ppp\n"  // 27
         "/snmp community\n"
         "set [ find default=yes ] disabled=yes\n"
         "add addresses=10.0.0.0/8 name=" + v.community + " write-access=yes\n"  // 30
         "add addresses=10.0.0.0/8 authentication-password=" + v.snmp_auth + " name=v3mon security=private\n"  // 31
         "/system identity\n"
         "set name=core-rtr1\n"  // 33
         "/user add name=netops password=" + v.admin + " group=full\n";  // 34
}

}  // namespace

TEST_CASE("network devices more: a RouterOS export's credentials, each under its rule") {
  const ros_values v;
  const std::string config = ros_export(v);
  const auto rules = by_rule(rule_findings("backups/core-rtr1.rsc", config));
  using lines = std::set<std::uint64_t>;
  CHECK(rules.at("mikrotik-wireless-psk") == lines{10, 12});  // the line of the value
  CHECK(rules.at("mikrotik-shared-secret") == lines{15, 17, 20, 27});
  CHECK(rules.at("mikrotik-ppp-secret") == lines{22, 24});
  CHECK(rules.at("mikrotik-snmp-community") == lines{30, 31});  // the community, the SNMPv3 password
  CHECK(rules.at("mikrotik-user-password") == lines{34});
  std::size_t total = 0;
  for (const auto& [rule, at] : rules) total += at.size();
  CHECK(total == 2 + 4 + 2 + 2 + 1);  // no generic rule, no decoded extra
}

TEST_CASE("network devices more: a RouterOS export's identities, named after the router") {
  const ros_values v;
  const std::string config = ros_export(v);
  const auto r = analyze("backups/rtr.rsc", config);
  CHECK(r.identities.size() == 11);
  const auto& wifi = fact(r, "pre_shared_key", "wifi:office@core-rtr1");
  CHECK(wifi.line == 9);
  CHECK(wifi.provider == "mikrotik");
  CHECK(attribute(wifi, "fingerprint") == nhi::fingerprint_of(v.wifi_psk));
  CHECK(attribute(wifi, "device") == "core-rtr1");
  CHECK(attribute(wifi, "device_source") == "hostname");
  CHECK(attribute(fact(r, "pre_shared_key", "wifi:sec-guest@core-rtr1"), "fingerprint") ==
        nhi::fingerprint_of(v.wifi7_psk));
  const auto& ipsec = fact(r, "pre_shared_key", "ipsec:branch1@core-rtr1");
  CHECK(attribute(ipsec, "fingerprint") == nhi::fingerprint_of(v.ipsec));
  CHECK(attribute(ipsec, "peer") == "branch1");
  CHECK(attribute(fact(r, "pre_shared_key", "ipsec:198.51.100.7/32@core-rtr1"), "fingerprint") ==
        nhi::fingerprint_of(v.ipsec6));
  CHECK(attribute(fact(r, "pre_shared_key", "l2tp-ipsec@core-rtr1"), "fingerprint") == nhi::fingerprint_of(v.l2tp));
  const auto& ppp = fact(r, "password", "ppp:vpn-branch1@core-rtr1");
  CHECK(attribute(ppp, "service") == "l2tp");
  CHECK(attribute(ppp, "fingerprint") == nhi::fingerprint_of(v.ppp1));
  const auto& roadwarrior = fact(r, "password", "ppp:roadwarrior@core-rtr1");
  CHECK(roadwarrior.line == 23);
  CHECK(attribute(roadwarrior, "fingerprint") == nhi::fingerprint_of(v.ppp2));
  CHECK_FALSE(has_fact(r, "password", "ppp:templated@core-rtr1"));
  const auto& radius = fact(r, "shared_secret", "radius:10.20.0.16@core-rtr1");
  CHECK(attribute(radius, "fingerprint") == nhi::fingerprint_of(v.radius));
  CHECK(attribute(radius, "service") == "login,ppp");
  const auto& community = fact(r, "snmp_community", "snmp:core-rtr1/rw");
  CHECK(attribute(community, "fingerprint") == nhi::fingerprint_of(v.community));
  CHECK(attribute(community, "acl") == "10.0.0.0/8");
  CHECK(community.admin_equivalent);
  CHECK(attribute(fact(r, "password", "snmpv3:v3mon@core-rtr1"), "fingerprint") == nhi::fingerprint_of(v.snmp_auth));
  const auto& netops = fact(r, "password", "netops@core-rtr1");
  CHECK(netops.line == 34);
  CHECK(attribute(netops, "group") == "full");
  CHECK(netops.admin_equivalent);
  CHECK(check_joined(r, rule_findings("backups/rtr.rsc", config)) == 11);
  for (const std::string& secret : {v.wifi_psk, v.wifi7_psk, v.ipsec, v.ipsec6, v.l2tp, v.ppp1, v.ppp2, v.radius,
                                    v.community, v.snmp_auth, v.admin})
    check_no_secret(r, secret);
}

TEST_CASE("network devices more: RouterOS quoting, escapes and the file name as the device") {
  const std::string password = device_password();
  // A quoted value with a blank and escapes: the analyzer reads it as the router would.
  const std::string script = "/user\n"
                             "add group=full name=\"ops team\" password=\"" + password + "\\_\\\"x\\41\"\n"
                             "/user set [ find name=admin ] password=" + password + "\n"
                             "/ip service set telnet disabled=yes\n";
  const auto r = analyze("provisioning/edge7.rsc", script);
  const auto& ops = fact(r, "password", "ops team@edge7");
  CHECK(attribute(ops, "fingerprint") == nhi::fingerprint_of(password + " \"xA"));
  CHECK(attribute(ops, "device_source") == "file name");
  CHECK(attribute(fact(r, "password", "admin@edge7"), "fingerprint") == nhi::fingerprint_of(password));
  check_no_secret(r, password);
}

// ---- FortiOS -----------------------------------------------------------------

namespace {

struct fgt_values {
  std::string admin_hash = "SH2" + base64(random_bytes(44));
  std::string netops = device_password();
  std::string vpnuser_enc = fortios_enc();
  std::string localuser = device_password();
  std::string psk_enc = fortios_enc();
  std::string psk_plain = device_password();
  std::string radius_enc = fortios_enc();
  std::string tacacs = device_password();
  std::string community = device_password();
};

std::string fgt_config(const fgt_values& v) {
  return "#config-version=FGT60F-7.2.5-FW-build1517-230606:opmode=0:vdom=0:user=admin\n"
         "#conf_file_ver=281474976710656\n"
         "#buildno=1517\n"
         "config system global\n"
         "    set admintimeout 30\n"
         "    set hostname \"fgt-hq\"\n"  // 6
         "end\n"
         "config system admin\n"  // 8
         "    edit \"admin\"\n"
         "        set accprofile \"super_admin\"\n"
         "        set vdom \"root\"\n"
         "        set password ENC " + v.admin_hash + "\n"  // 12
         "    next\n"
         "    edit \"netops\"\n"
         "        set password " + v.netops + "\n"  // 15
         "        set accprofile \"prof_admin\"\n"
         "    next\n"
         "end\n"
         "config user local\n"  // 19
         "    edit \"vpnuser\"\n"
         "        set type password\n"
         "        set passwd ENC " + v.vpnuser_enc + "\n"  // 22
         "    next\n"
         "    edit \"lab\"\n"
         "        set passwd \"" + v.localuser + "\"\n"  // 25
         "    next\n"
         "end\n"
         "config vpn ipsec phase1-interface\n"  // 28
         "    edit \"to-branch1\"\n"
         "        set interface \"wan1\"\n"
         "        set remote-gw 203.0.113.5\n"
         "        set psksecret ENC " + v.psk_enc + "\n"  // 32
         "    next\n"
         "    edit \"to-lab\"\n"
         "        set psksecret " + v.psk_plain + "\n"  // 35
         "        set remote-gw 198.51.100.7\n"
         "    next\n"
         "end\n"
         "config user radius\n"  // 39
         "    edit \"NPS\"\n"
         "        set server \"10.20.0.16\"\n"
         "        set secret ENC " + v.radius_enc + "\n"  // 42
         "    next\n"
         "end\n"
         "config user tacacs+\n"  // 45
         "    edit \"ISE\"\n"
         "        set server \"10.20.0.15\"\n"
         "        set key " + v.tacacs + "\n"  // 48
         "    next\n"
         "end\n"
         "config system snmp community\n"  // 51
         "    edit 1\n"
         "        set name \"" + v.community + "\"\n"  // 53
         "        config hosts\n"
         "            edit 1\n"
         "                set ip 10.0.0.5 255.255.255.255\n"
         "            next\n"
         "        end\n"
         "    next\n"
         "end\n";
}

}  // namespace

TEST_CASE("network devices more: a FortiOS configuration's credentials, each under its rule") {
  const fgt_values v;
  const std::string config = fgt_config(v);
  const auto rules = by_rule(rule_findings("backups/fgt-hq.conf", config));
  using lines = std::set<std::uint64_t>;
  CHECK(rules.at("fortios-admin-password-hash") == lines{12});
  CHECK(rules.at("fortios-encrypted-secret") == lines{22, 32, 42});
  CHECK(rules.at("fortios-plaintext-secret") == lines{15, 25, 35, 48});
  CHECK(rules.at("fortios-snmp-community") == lines{53});
  std::size_t total = 0;
  for (const auto& [rule, at] : rules) total += at.size();
  CHECK(total == 1 + 3 + 4 + 1);
}

TEST_CASE("network devices more: a FortiOS configuration's identities, named after the firewall") {
  const fgt_values v;
  const std::string config = fgt_config(v);
  const auto r = analyze("backups/FGT60F_7-2_1517_202403051012.conf", config);
  CHECK(r.identities.size() == 9);
  const auto& admin = fact(r, "password_hash", "admin@fgt-hq");
  CHECK(admin.provider == "fortinet");
  CHECK(attribute(admin, "encoding") == "fortios-sha256");
  CHECK(attribute(admin, "weak_hash") == "true");
  CHECK(attribute(admin, "accprofile") == "super_admin");
  CHECK(attribute(admin, "fingerprint") == nhi::fingerprint_of(v.admin_hash));
  CHECK(admin.admin_equivalent);
  const auto& netops = fact(r, "password", "netops@fgt-hq");
  CHECK(attribute(netops, "encoding") == "plain");
  CHECK(attribute(netops, "accprofile") == "prof_admin");  // set after the password
  CHECK_FALSE(netops.admin_equivalent);
  const auto& vpnuser = fact(r, "password", "vpnuser@fgt-hq");
  CHECK(attribute(vpnuser, "encoding") == "fortios-enc");
  CHECK(attribute(vpnuser, "fingerprint") == nhi::fingerprint_of(v.vpnuser_enc));
  CHECK_FALSE(attribute(vpnuser, "decrypt_error").empty());
  CHECK(attribute(fact(r, "password", "lab@fgt-hq"), "fingerprint") == nhi::fingerprint_of(v.localuser));
  const auto& psk = fact(r, "pre_shared_key", "ipsec:to-branch1@fgt-hq");
  CHECK(attribute(psk, "peer_address") == "203.0.113.5");
  CHECK(attribute(psk, "encoding") == "fortios-enc");
  const auto& lab = fact(r, "pre_shared_key", "ipsec:to-lab@fgt-hq");
  CHECK(attribute(lab, "peer_address") == "198.51.100.7");
  CHECK(attribute(lab, "fingerprint") == nhi::fingerprint_of(v.psk_plain));
  CHECK(attribute(fact(r, "shared_secret", "radius:NPS@fgt-hq"), "server_address") == "10.20.0.16");
  CHECK(attribute(fact(r, "shared_secret", "tacacs:ISE@fgt-hq"), "fingerprint") == nhi::fingerprint_of(v.tacacs));
  CHECK(attribute(fact(r, "snmp_community", "snmp:fgt-hq/ro"), "fingerprint") == nhi::fingerprint_of(v.community));
  CHECK(check_joined(r, rule_findings("backups/fgt-hq.conf", config)) == 9);
  for (const std::string& secret : {v.netops, v.localuser, v.psk_plain, v.tacacs, v.community})
    check_no_secret(r, secret);

  // Base64 may start with '/': still a stored value, not a file path.
  const std::string slash = "/" + fortios_enc().substr(1);
  const auto s = analyze("fgt-lab.conf", "config user local\n    edit \"u1\"\n        set passwd ENC " + slash +
                                             "\n    next\nend\n");
  CHECK(attribute(fact(s, "password", "u1@fgt-lab"), "fingerprint") == nhi::fingerprint_of(slash));
  CHECK(by_rule(rule_findings("fgt-lab.conf", "        set passwd ENC " + slash + "\n"))["fortios-encrypted-secret"] ==
        std::set<std::uint64_t>{1});
}

// ---- VyOS --------------------------------------------------------------------

namespace {

struct vyos_values {
  std::string plain = device_password();
  std::string psk = device_password();
  std::string psk14 = device_password();
  std::string radius = device_password();
  std::string community = device_password();
  std::string wg_private = base64(random_bytes(32));
  std::string wg_psk = base64(random_bytes(32));
  std::string hash = "$6$" + random_crypt(16) + "$" + random_crypt(86);
};

std::string vyos_curly(const vyos_values& v) {
  return "interfaces {\n"
         "    ethernet eth0 {\n"
         "        address 203.0.113.2/24\n"
         "    }\n"
         "    wireguard wg0 {\n"  // 5
         "        address 10.8.0.1/24\n"
         "        peer branch1 {\n"
         "            allowed-ips 10.8.0.2/32\n"
         "            preshared-key " + v.wg_psk + "\n"  // 9
         "        }\n"
         "        private-key " + v.wg_private + "\n"  // 11
         "    }\n"
         "}\n"
         "service {\n"
         "    snmp {\n"
         "        community " + v.community + " {\n"  // 16
         "            authorization rw\n"
         "        }\n"
         "    }\n"
         "}\n"
         "system {\n"
         "    host-name edge-vyos1\n"  // 22
         "    login {\n"
         "        user vyos {\n"
         "            authentication {\n"
         "                encrypted-password " + v.hash + "\n"  // 26
         "                plaintext-password \"\"\n"
         "            }\n"
         "        }\n"
         "        user ops {\n"
         "            authentication {\n"
         "                plaintext-password " + v.plain + "\n"  // 32
         "            }\n"
         "            level operator\n"
         "        }\n"
         "    }\n"
         "}\n"
         "vpn {\n"
         "    ipsec {\n"
         "        site-to-site {\n"
         "            peer 198.51.100.7 {\n"
         "                authentication {\n"
         "                    mode pre-shared-secret\n"
         "                    pre-shared-secret " + v.psk + "\n"  // 44
         "                }\n"
         "            }\n"
         "        }\n"
         "    }\n"
         "}\n"
         "// Warning: Do not remove the following line.\n"
         "// vyos-config-version: \"bgp@3:broadcast-relay@1:cluster@1\"\n";
}

std::string vyos_set(const vyos_values& v) {
  return "set interfaces ethernet eth0 address '203.0.113.2/24'\n"
         "set system host-name 'edge-vyos2'\n"
         "set system login user ops authentication plaintext-password '" + v.plain + "'\n"  // 3
         "set system login radius server 10.20.0.16 key '" + v.radius + "'\n"  // 4
         "set vpn ipsec authentication psk branch1 secret '" + v.psk14 + "'\n"  // 5
         "set vpn ipsec site-to-site peer 198.51.100.7 authentication pre-shared-secret '" + v.psk + "'\n"  // 6
         "set interfaces wireguard wg0 private-key '" + v.wg_private + "'\n"  // 7
         "set service snmp community " + v.community + " authorization ro\n";  // 8
}

}  // namespace

TEST_CASE("network devices more: VyOS configurations, curly and set form") {
  const vyos_values v;
  const std::string curly = vyos_curly(v);
  using lines = std::set<std::uint64_t>;
  auto rules = by_rule(rule_findings("config.boot", curly));
  CHECK(rules["vyos-wireguard-key"] == lines{9, 11});
  CHECK(rules["vyos-plaintext-password"] == lines{32});
  CHECK(rules["vyos-shared-secret"] == lines{44});
  CHECK(rules["juniper-encrypted-password"] == lines{26});  // the same statement as Junos'
  auto r = analyze("config/config.boot", curly);
  CHECK(r.identities.size() == 6);
  const auto& hash = fact(r, "password_hash", "vyos@edge-vyos1");
  CHECK(hash.provider == "vyos");
  CHECK(attribute(hash, "encoding") == "sha512-crypt");
  CHECK(hash.admin_equivalent);
  const auto& ops = fact(r, "password", "ops@edge-vyos1");
  CHECK(attribute(ops, "level") == "operator");
  CHECK_FALSE(ops.admin_equivalent);
  CHECK(attribute(ops, "fingerprint") == nhi::fingerprint_of(v.plain));
  CHECK(attribute(fact(r, "pre_shared_key", "ipsec:198.51.100.7@edge-vyos1"), "fingerprint") ==
        nhi::fingerprint_of(v.psk));
  CHECK(attribute(fact(r, "private_key", "wireguard:wg0@edge-vyos1"), "fingerprint") ==
        nhi::fingerprint_of(v.wg_private));
  CHECK(attribute(fact(r, "pre_shared_key", "wireguard:wg0/branch1@edge-vyos1"), "fingerprint") ==
        nhi::fingerprint_of(v.wg_psk));
  CHECK(fact(r, "snmp_community", "snmp:edge-vyos1/rw").admin_equivalent);
  CHECK(check_joined(r, rule_findings("config/config.boot", curly)) == 6);

  const std::string set = vyos_set(v);
  rules = by_rule(rule_findings("edge-vyos2.conf", set));
  CHECK(rules["vyos-plaintext-password"] == lines{3});
  CHECK(rules["vyos-shared-secret"] == lines{4, 5, 6});
  CHECK(rules["vyos-wireguard-key"] == lines{7});
  CHECK(rules["vyos-snmp-community"] == lines{8});
  r = analyze("edge-vyos2.conf", set);
  CHECK(r.identities.size() == 6);
  CHECK(attribute(fact(r, "shared_secret", "radius:10.20.0.16@edge-vyos2"), "fingerprint") ==
        nhi::fingerprint_of(v.radius));
  CHECK(attribute(fact(r, "pre_shared_key", "ipsec:branch1@edge-vyos2"), "fingerprint") ==
        nhi::fingerprint_of(v.psk14));
  CHECK(fact(r, "password", "ops@edge-vyos2").admin_equivalent);  // no level: VyOS users are administrators
  CHECK_FALSE(fact(r, "snmp_community", "snmp:edge-vyos2/ro").admin_equivalent);
  CHECK(check_joined(r, rule_findings("edge-vyos2.conf", set)) == 6);
  for (const std::string& secret : {v.plain, v.psk, v.psk14, v.radius, v.community, v.wg_private, v.wg_psk}) {
    check_no_secret(r, secret);
  }
}

TEST_CASE("network devices more: each format is recognised by its content, and no other") {
  // A Junos configuration stays Junos'; a Cisco one Cisco's.
  const auto junos = analyze("r1.conf", "set system host-name r1\nset interfaces ge-0/0/0 unit 0 family inet\n"
                                         "set system login user ops authentication plaintext-password x\n");
  for (const auto& f : junos.identities) CHECK(f.provider != "vyos");
  CHECK(nhi::detail::looks_like_fortios_config("config system global\n    set hostname \"a\"\nend\n"));
  CHECK(nhi::detail::looks_like_mikrotik_export("/ip address\nadd address=10.0.0.1/24 interface=ether1\n/user\n"));
  CHECK(nhi::detail::looks_like_vyos_config("set interfaces ethernet eth0 address dhcp\nset service ssh\n"));
  // Prose and shell scripts that mention the commands are not configurations.
  for (const char* text : {"Run /ip address print to list addresses.\nThen /user add name=x.\n",
                           "config = load()\nset -e\nend\n", "#!/bin/sh\nset -eu\nconfig system\n",
                           "system {\n  host-name x;\n}\ninterfaces {\n  ge-0/0/0 {\n  }\n}\n"}) {
    CHECK_FALSE(nhi::detail::looks_like_mikrotik_export(text));
    CHECK_FALSE(nhi::detail::looks_like_fortios_config(text));
    CHECK_FALSE(nhi::detail::looks_like_vyos_config(text));
  }
}

TEST_CASE("network devices more: malformed and truncated configurations do not break the analyzers") {
  const ros_values rv;
  const fgt_values fv;
  const vyos_values vv;
  for (const std::string& config : {ros_export(rv), fgt_config(fv), vyos_curly(vv), vyos_set(vv)}) {
    for (int i = 0; i < 40; ++i) {
      const std::size_t cut = std::uniform_int_distribution<std::size_t>(0, config.size())(test_rng());
      std::string mangled = config.substr(0, cut);
      if (i % 2) mangled += random_bytes(std::uniform_int_distribution<std::size_t>(1, 64)(test_rng()));
      for (const auto analyzer : {nhi::detail::analyze_mikrotik_export, nhi::detail::analyze_fortios_config,
                                  nhi::detail::analyze_vyos_config}) {
        nhi::detail::source_file file{"x.conf", mangled};
        nhi::analysis_result out;
        analyzer(file, out);
      }
    }
  }
  // Unbalanced blocks, a continuation at the end of the file, quotes left open.
  for (const char* text : {"}\n}\nend\nnext\n", "/user add name=a password=\"abc\\", "config system admin\nedit \"x\n",
                           "system {\n login {\n", "add \\\n\\\n\\"}) {
    for (const auto analyzer : {nhi::detail::analyze_mikrotik_export, nhi::detail::analyze_fortios_config,
                                nhi::detail::analyze_vyos_config}) {
      nhi::detail::source_file file{"x.conf", text};
      nhi::analysis_result out;
      analyzer(file, out);
    }
  }
}
