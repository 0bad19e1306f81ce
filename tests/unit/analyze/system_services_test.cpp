// SPDX-License-Identifier: Apache-2.0
// Unix system-service configuration (analyze/system_services.cpp and the
// rules of patterns/config-unix.yaml): PPP and IPsec secrets, Samba's
// smbpasswd, OpenLDAP servers and LDAP clients, hostapd, Jupyter. Every value
// is random, made in the test; base64 forms are encoded here.
#include <algorithm>

#include "unit/analyze/analyze_support.hpp"
#include "unit/analyze/scan_support.hpp"

using namespace analyze_test;

namespace {

bool has_rule_on(const std::vector<nhi::finding>& found, const std::string& rule, std::uint64_t line) {
  return std::any_of(found.begin(), found.end(),
                     [&](const nhi::finding& f) { return f.rule_id == rule && f.line == line; });
}

std::string random_hex(std::size_t bytes, bool upper = false) {
  const char* hex = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string s;
  for (unsigned char b : random_bytes(bytes)) {
    s += hex[b >> 4];
    s += hex[b & 15];
  }
  return s;
}

// What sss_obfuscate writes for `password`: a random AES-256 key and IV, the
// password with its NUL encrypted in CBC mode, packed with method 0, the
// ciphertext's length (little-endian), and the sentinel 00 01 02 03; base64.
std::string sss_obfuscated(const std::string& password) {
  const std::string key = random_bytes(32), iv = random_bytes(16);
  std::string ct(password.size() + 1 + 16, '\0');
  int n = 0, tail = 0;
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  REQUIRE(EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), nullptr, reinterpret_cast<const unsigned char*>(key.data()),
                             reinterpret_cast<const unsigned char*>(iv.data())) == 1);
  REQUIRE(EVP_EncryptUpdate(ctx, reinterpret_cast<unsigned char*>(ct.data()), &n,
                            reinterpret_cast<const unsigned char*>(password.c_str()),
                            static_cast<int>(password.size() + 1)) == 1);
  REQUIRE(EVP_EncryptFinal_ex(ctx, reinterpret_cast<unsigned char*>(ct.data()) + n, &tail) == 1);
  EVP_CIPHER_CTX_free(ctx);
  ct.resize(static_cast<std::size_t>(n + tail));
  std::string blob{'\0', '\0', static_cast<char>(ct.size() & 0xff), static_cast<char>(ct.size() >> 8)};
  blob += key + iv + ct + std::string("\0\1\2\3", 4);
  return base64(blob);
}

std::string unpadded(std::string b64) {
  while (!b64.empty() && b64.back() == '=') b64.pop_back();
  return b64;
}

}  // namespace

TEST_CASE("analyze: PPP chap-secrets and pap-secrets lines, client@server") {
  const std::string quoted = random_password(), plain = random_password();
  const std::string content =
      "# Secrets for authentication using CHAP\n"
      "# client\tserver\tsecret\t\t\tIP addresses\n"
      "\"acme-dsl@isp.example\"\t*\t\"" + quoted + "\"\t*\n"
      "vpnuser  pptpd  " + plain + "  10.8.0.10 10.8.0.11\n"
      "fromfile * @/etc/ppp/fromfile.secret *\n"
      "guest * \"\" *\n"
      "templated * \"${PPP_SECRET}\" *\n";
  const auto r = analyze("etc/ppp/chap-secrets", content);
  const auto& dsl = fact(r, "password", "acme-dsl@isp.example@ppp");
  CHECK(dsl.line == 3);
  CHECK(dsl.provider == "ppp");
  CHECK(attribute(dsl, "protocol") == "chap");
  CHECK(attribute(dsl, "fingerprint") == nhi::fingerprint_of(quoted));
  const auto& vpn = fact(r, "password", "vpnuser@pptpd");
  CHECK(attribute(vpn, "addresses") == "10.8.0.10 10.8.0.11");
  CHECK(attribute(fact(r, "password", "fromfile@ppp"), "value_source") == "reference");
  CHECK(attribute(fact(r, "password", "fromfile@ppp"), "secret_file") == "/etc/ppp/fromfile.secret");
  CHECK_FALSE(has_fact(r, "password", "guest@ppp"));
  CHECK(attribute(fact(r, "password", "templated@ppp"), "value_source") == "reference");
  check_no_secret(r, plain);

  const auto found = rule_findings("etc/ppp/chap-secrets", content);
  check_joined(found, "ppp-chap-pap-secret", dsl);
  check_joined(found, "ppp-chap-pap-secret", vpn);
  for (std::uint64_t line : {1, 2, 5, 6, 7}) CHECK_FALSE(has_rule_on(found, "ppp-chap-pap-secret", line));

  const auto pap = analyze("etc/ppp/pap-secrets", "isp-login * " + plain + "\n");
  CHECK(attribute(fact(pap, "password", "isp-login@ppp"), "protocol") == "pap");
}

TEST_CASE("analyze: ipsec.secrets PSK, XAUTH and EAP secrets with the ids they belong to") {
  const std::string psk = random_password(), xauth = random_password(), eap = random_password();
  const std::string b64 = base64(random_bytes(32));
  const std::string content =
      "# ipsec.secrets - strongSwan IPsec secrets file\n"
      ": RSA moonKey.pem\n"
      "10.0.1.1 203.0.113.7 : PSK \"" + psk + "\"\n"
      "carol : XAUTH \"" + xauth + "\"\n"
      "dave@acme.io : EAP \"" + eap + "\"\n"
      "%any : PSK 0s" + b64 + "\n"
      "include /var/lib/strongswan/ipsec.secrets.inc\n"
      "env : PSK \"${IPSEC_PSK}\"\n";
  const auto r = analyze("etc/ipsec.secrets", content);
  const auto& site = fact(r, "password", "ipsec:10.0.1.1 203.0.113.7");
  CHECK(site.line == 3);
  CHECK(attribute(site, "secret_type") == "PSK");
  CHECK(attribute(site, "fingerprint") == nhi::fingerprint_of(psk));
  const auto& carol = fact(r, "password", "carol@ipsec");
  CHECK(attribute(carol, "username") == "carol");
  const auto& dave = fact(r, "password", "dave@acme.io@ipsec");
  CHECK(attribute(dave, "secret_type") == "EAP");
  const auto& any = fact(r, "password", "ipsec:%any");
  CHECK(attribute(any, "encoding") == "base64");
  CHECK(attribute(any, "fingerprint") == nhi::fingerprint_of("0s" + b64));
  CHECK(attribute(fact(r, "private_key", "ipsec:%any"), "key_file") == "moonKey.pem");
  CHECK(attribute(fact(r, "password", "ipsec:env"), "value_source") == "reference");
  check_no_secret(r, psk);
  check_no_secret(r, xauth);

  const auto found = rule_findings("etc/ipsec.secrets", content);
  check_joined(found, "ipsec-secrets-psk", site);
  check_joined(found, "ipsec-secrets-psk", carol);
  check_joined(found, "ipsec-secrets-psk", dave);
  check_joined(found, "ipsec-secrets-psk", any);
  CHECK_FALSE(has_rule_on(found, "ipsec-secrets-psk", 2));
  CHECK_FALSE(has_rule_on(found, "ipsec-secrets-psk", 8));
}

TEST_CASE("analyze: swanctl.conf secrets: ike PSKs and EAP passwords") {
  const std::string psk = base64(random_bytes(32)), eap = random_password();
  const std::string content =
      "connections {\n  rw {\n    local_addrs = 192.0.2.1\n  }\n}\n"
      "secrets {\n  ike-moon {\n    id-moon = moon.acme.io\n    id-sun = sun.acme.io\n"
      "    secret = 0s" + psk + "\n  }\n  eap-carol {\n    id = carol\n    secret = \"" + eap + "\"\n  }\n"
      "  private-moon {\n    file = moonKey.pem\n  }\n}\n";
  const auto r = analyze("etc/swanctl/swanctl.conf", content);
  REQUIRE(r.identities.size() == 2);
  const auto& moon = fact(r, "password", "ipsec:moon.acme.io sun.acme.io");
  CHECK(moon.line == 10);
  CHECK(attribute(moon, "secret_type") == "ike");
  CHECK(attribute(moon, "fingerprint") == nhi::fingerprint_of("0s" + psk));
  const auto& carol = fact(r, "password", "carol@ipsec");
  CHECK(attribute(carol, "section") == "secrets.eap-carol");
  check_no_secret(r, eap);
  const auto found = rule_findings("swanctl.conf", content);
  check_joined(found, "swanctl-secret", moon);
  check_joined(found, "swanctl-secret", carol);
}

TEST_CASE("analyze: Samba smbpasswd NT hashes are pass-the-hash credentials") {
  const std::string nt = random_hex(16, true), lm = random_hex(16, true), machine = random_hex(16, true);
  const std::string content =
      "backup:1001:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:" + nt + ":[U          ]:LCT-6570F0A2:\n"
      "legacy:1002:" + lm + ":" + random_hex(16, true) + ":[DU         ]:LCT-5A1B2C3D:\n"
      "guest:1003:NO PASSWORDXXXXXXXXXXXXXXXXXXXXX:NO PASSWORDXXXXXXXXXXXXXXXXXXXXX:[NU         ]:LCT-6570F0A2:\n"
      "locked:1004:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:[DU         ]:LCT-00000000:\n"
      "ws01$:1005:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:" + machine + ":[W          ]:LCT-6570F0A2:\n";
  const auto r = analyze("var/lib/samba/private/smbpasswd", content);
  REQUIRE(r.identities.size() == 3);
  const auto& backup = fact(r, "password_hash", "backup@samba");
  CHECK(backup.provider == "samba");
  CHECK(attribute(backup, "encoding") == "nt-hash");
  CHECK_FALSE(attribute(backup, "pass_the_hash").empty());
  CHECK(attribute(backup, "fingerprint") == nhi::fingerprint_of(nt));
  CHECK(attribute(fact(r, "password_hash", "legacy@samba"), "lm_hash") == "present");
  CHECK(attribute(fact(r, "password_hash", "legacy@samba"), "disabled") == "true");
  CHECK(attribute(fact(r, "password_hash", "ws01$@samba"), "account_type") == "machine");

  const auto found = rule_findings("smbpasswd", content);
  check_joined(found, "samba-smbpasswd-nt-hash", backup);
  check_joined(found, "samba-smbpasswd-nt-hash", fact(r, "password_hash", "ws01$@samba"));
  CHECK_FALSE(has_rule_on(found, "samba-smbpasswd-nt-hash", 3));
  CHECK_FALSE(has_rule_on(found, "samba-smbpasswd-nt-hash", 4));
}

TEST_CASE("analyze: OpenLDAP rootpw in slapd.conf and olcRootPW in cn=config LDIF") {
  const std::string plain = random_password(), ssha = "{SSHA}" + base64(random_bytes(24));
  const std::string conf =
      "include /etc/openldap/schema/core.schema\n\n"
      "database mdb\nsuffix \"dc=acme,dc=io\"\nrootdn \"cn=Manager,dc=acme,dc=io\"\n"
      "rootpw    " + plain + "\ndirectory /var/lib/ldap\n\n"
      "database mdb\nsuffix \"dc=lab,dc=acme,dc=io\"\nrootdn \"cn=admin,dc=lab,dc=acme,dc=io\"\n"
      "rootpw  " + ssha + "\n";
  const auto r = analyze("etc/openldap/slapd.conf", conf);
  REQUIRE(r.identities.size() == 2);
  const auto& manager = fact(r, "password", "cn=Manager,dc=acme,dc=io");
  CHECK(manager.line == 6);
  CHECK(attribute(manager, "suffix") == "dc=acme,dc=io");
  CHECK(attribute(manager, "fingerprint") == nhi::fingerprint_of(plain));
  const auto& lab = fact(r, "password_hash", "cn=admin,dc=lab,dc=acme,dc=io");
  CHECK(attribute(lab, "encoding") == "ssha");
  check_no_secret(r, plain);
  const auto found = rule_findings("slapd.conf", conf);
  check_joined(found, "openldap-rootpw", manager);
  check_joined(found, "openldap-rootpw-hash", lab);

  const std::string ldif_plain = random_password(), ldif_b64 = base64(ldif_plain);
  const std::string hashed_b64 = base64("{SSHA}" + base64(random_bytes(24)));
  const std::string ldif =
      "dn: olcDatabase={1}mdb,cn=config\nobjectClass: olcDatabaseConfig\nobjectClass: olcMdbConfig\n"
      "olcDatabase: {1}mdb\nolcSuffix: dc=acme,dc=io\nolcRootDN: cn=admin,dc=acme,dc=io\n"
      "olcRootPW:: " + ldif_b64 + "\n\n"
      "dn: olcDatabase={2}mdb,cn=config\nolcSuffix: dc=lab,dc=io\nolcRootDN: cn=root,dc=lab,dc=io\n"
      "olcRootPW:: " + hashed_b64 + "\n\n"
      "dn: olcDatabase={3}mdb,cn=config\nolcRootDN: cn=ops,dc=ops,dc=io\nolcRootPW: " + plain + "\n";
  const auto l = analyze("etc/openldap/slapd.d/cn=config/olcDatabase={1}mdb.ldif", ldif);
  REQUIRE(l.identities.size() == 3);
  const auto& admin = fact(l, "password", "cn=admin,dc=acme,dc=io");
  CHECK(admin.line == 7);
  CHECK(attribute(admin, "fingerprint") == nhi::fingerprint_of(ldif_b64));
  CHECK(attribute(admin, "fingerprint.decrypted") == nhi::fingerprint_of(ldif_plain));
  const auto& root = fact(l, "password_hash", "cn=root,dc=lab,dc=io");
  CHECK(attribute(root, "encoding") == "ssha");
  const auto& ops = fact(l, "password", "cn=ops,dc=ops,dc=io");
  check_no_secret(l, ldif_plain);
  const auto ldif_found = rule_findings("config.ldif", ldif);
  check_joined(ldif_found, "openldap-olcrootpw-base64", admin);
  check_joined(ldif_found, "openldap-olcrootpw-base64-hash", root);
  check_joined(ldif_found, "openldap-rootpw", ops);
  CHECK_FALSE(has_rule_on(ldif_found, "openldap-olcrootpw-base64", root.line));
  CHECK_FALSE(has_rule_on(ldif_found, "openldap-olcrootpw-base64-hash", admin.line));
}

TEST_CASE("analyze: LDAP client bind passwords: nslcd.conf, sssd.conf, ldap.secret") {
  const std::string bindpw = random_password(), authtok = random_password(), obfuscated = base64(random_bytes(60));
  const std::string nslcd = "uid nslcd\ngid nslcd\nuri ldaps://ldap1.acme.io:636/ ldap://ldap2.acme.io/\n"
                            "base dc=acme,dc=io\nbinddn cn=nslcd,ou=services,dc=acme,dc=io\nbindpw " + bindpw + "\n";
  INFO("bindpw " << bindpw);  // a random test value
  const auto r = analyze("etc/nslcd.conf", nslcd);
  const auto& f = fact(r, "password", "cn=nslcd,ou=services,dc=acme,dc=io@ldap1.acme.io");
  CHECK(f.line == 6);
  CHECK(attribute(f, "bind_dn") == "cn=nslcd,ou=services,dc=acme,dc=io");
  check_joined(rule_findings("nslcd.conf", nslcd), "ldap-client-bindpw", f);
  check_no_secret(r, bindpw);

  const std::string sssd =
      "[sssd]\nservices = nss, pam\ndomains = acme.io\n\n[domain/acme.io]\nid_provider = ldap\n"
      "ldap_uri = ldap://dc1.acme.io\nldap_default_bind_dn = cn=sssd,ou=services,dc=acme,dc=io\n"
      "ldap_default_authtok_type = password\nldap_default_authtok = " + authtok + "\n\n"
      "[domain/lab]\nldap_uri = ldaps://ldap.lab.acme.io\nldap_default_bind_dn = cn=reader,dc=lab\n"
      "ldap_default_authtok_type = obfuscated_password\nldap_default_authtok = " + obfuscated + "\n";
  const auto s = analyze("etc/sssd/sssd.conf", sssd);
  const auto& acme = fact(s, "password", "cn=sssd,ou=services,dc=acme,dc=io@dc1.acme.io");
  CHECK(acme.line == 10);
  CHECK(attribute(acme, "sssd_domain") == "acme.io");
  CHECK(attribute(acme, "encoding") == "plain");
  const auto& lab = fact(s, "password", "cn=reader,dc=lab@ldap.lab.acme.io");
  CHECK(attribute(lab, "encoding") == "sssd-obfuscated");
  CHECK(attribute(lab, "fingerprint") == nhi::fingerprint_of(obfuscated));
  const auto found = rule_findings("sssd.conf", sssd);
  check_joined(found, "sssd-ldap-default-authtok", acme);
  check_joined(found, "sssd-ldap-default-authtok", lab);

  // What sss_obfuscate wrote: decoded, the password fingerprinted as a plain authtok is.
  const std::string hidden = random_password(), written = sss_obfuscated(hidden);
  const std::string sssd2 = "[domain/corp]\nldap_uri = ldap://dc2.acme.io\nldap_default_bind_dn = cn=sssd2,dc=acme\n"
                            "ldap_default_authtok_type = obfuscated_password\nldap_default_authtok = " + written + "\n";
  const auto s2 = analyze("etc/sssd/sssd.conf", sssd2);
  const auto& corp = fact(s2, "password", "cn=sssd2,dc=acme@dc2.acme.io");
  CHECK(attribute(corp, "fingerprint.decrypted") == nhi::fingerprint_of(hidden));
  CHECK(attribute(corp, "decrypt_error").empty());
  check_joined(rule_findings("sssd.conf", sssd2), "sssd-ldap-default-authtok", corp);
  check_no_secret(s2, hidden);
  CHECK_FALSE(attribute(lab, "decrypt_error").empty());  // 60 random bytes are no sss_obfuscate value

  const std::string secret = random_password();
  const auto ls = analyze("etc/ldap.secret", secret + "\n");
  CHECK(attribute(fact(ls, "password", "rootbinddn@ldap"), "fingerprint") == nhi::fingerprint_of(secret));
  CHECK(findings(ls, "ldap-secret-file").size() == 1);
  check_no_secret(ls, secret);
  CHECK(analyze("etc/ldap.secret", "").identities.empty());
}

TEST_CASE("analyze: hostapd.conf passphrase, PSK and SAE passwords of wifi:SSID") {
  const std::string passphrase = random_password(), sae = random_password(), psk = random_hex(32);
  const std::string content =
      "interface=wlan0\ndriver=nl80211\nssid=acme-lab\nhw_mode=g\nchannel=6\nwpa=2\n"
      "wpa_key_mgmt=WPA-PSK SAE\n#wpa_passphrase=secret passphrase\nwpa_passphrase=" + passphrase + "\n"
      "wpa_psk=" + psk + "\nsae_password=" + sae + "|mac=ff:ff:ff:ff:ff:ff|id=guests\n";
  const auto r = analyze("etc/hostapd/hostapd.conf", content);
  REQUIRE(r.identities.size() == 3);
  const auto* pass = &r.identities[0];
  for (const auto& f : r.identities)
    if (attribute(f, "setting") == "wpa_passphrase") pass = &f;
  CHECK(pass->name == "wifi:acme-lab");
  CHECK(pass->line == 9);
  CHECK(attribute(*pass, "key_mgmt") == "WPA-PSK SAE");
  const auto& guests = fact(r, "password", "guests@wifi:acme-lab");
  CHECK(attribute(guests, "fingerprint") == nhi::fingerprint_of(sae));
  check_no_secret(r, passphrase);
  const auto found = rule_findings("hostapd.conf", content);
  check_joined(found, "hostapd-wpa-passphrase", *pass);
  check_joined(found, "hostapd-wpa-passphrase", guests);
  CHECK(has_rule_on(found, "hostapd-wpa-psk", 10));
  CHECK_FALSE(has_rule_on(found, "hostapd-wpa-passphrase", 8));
}

TEST_CASE("analyze: Jupyter password hashes and tokens in .py and .json configs") {
  const std::string sha1 = "sha1:" + random_hex(6) + ":" + random_hex(20);
  const std::string argon = "argon2:$argon2id$v=19$m=10240,t=10,p=8$" + unpadded(base64(random_bytes(16))) + "$" +
                            unpadded(base64(random_bytes(32)));
  const std::string token = random_hex(24);
  const std::string py = "# Configuration file for jupyter-notebook.\nc = get_config()\n"
                         "c.NotebookApp.ip = '0.0.0.0'\nc.NotebookApp.port = 9999\n"
                         "c.NotebookApp.password = u'" + sha1 + "'\n"
                         "c.ServerApp.token = '" + token + "'\n"
                         "c.PasswordIdentityProvider.hashed_password = '" + argon + "'\n"
                         "c.IdentityProvider.token = os.environ['JUPYTER_TOKEN']\n"
                         "#c.ServerApp.password = ''\n";
  const auto r = analyze("home/ds/.jupyter/jupyter_notebook_config.py", py);
  REQUIRE(r.identities.size() == 3);
  for (const auto& f : r.identities) CHECK(f.name == "jupyter:0.0.0.0:9999");
  const auto& hashed = *std::find_if(r.identities.begin(), r.identities.end(),
                                     [](const nhi::identity_fact& f) { return f.line == 5; });
  CHECK(hashed.kind == "password_hash");
  CHECK(attribute(hashed, "encoding") == "sha1");
  CHECK(attribute(hashed, "setting") == "NotebookApp.password");
  const auto& tok = fact(r, "token", "jupyter:0.0.0.0:9999");
  CHECK(tok.line == 6);
  const auto found = rule_findings("jupyter_notebook_config.py", py);
  check_joined(found, "jupyter-password-hash", hashed);
  check_joined(found, "jupyter-server-token", tok);
  CHECK(has_rule_on(found, "jupyter-password-hash", 7));
  CHECK_FALSE(has_rule_on(found, "jupyter-server-token", 8));

  const std::string json = "{\n  \"ServerApp\": {\n    \"password\": \"" + argon + "\",\n    \"port\": 8890\n  }\n}\n";
  const auto j = analyze("home/ds/.jupyter/jupyter_server_config.json", json);
  const auto& jf = fact(j, "password_hash", "jupyter:localhost:8890");
  CHECK(jf.line == 3);
  CHECK(attribute(jf, "encoding") == "argon2");
  check_joined(rule_findings("jupyter_server_config.json", json), "jupyter-password-hash", jf);
}

std::string random_uuid() {
  const std::string h = random_hex(16);
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20, 12);
}

TEST_CASE("analyze: Consul and Nomad agent configs: gossip keys and ACL tokens") {
  const std::string gossip = base64(random_bytes(32)), management = random_uuid(), agent = random_uuid();
  const std::string legacy = random_uuid();
  const std::string hcl = "datacenter = \"dc-east\"\ndata_dir = \"/opt/consul\"\n"
                          "encrypt = \"" + gossip + "\"\n"
                          "encrypt_verify_incoming = true\n"
                          "acl {\n  enabled = true\n  default_policy = \"deny\"\n  tokens {\n"
                          "    initial_management = \"" + management + "\"\n"
                          "    agent = \"" + agent + "\"\n"
                          "    default = \"${CONSUL_DEFAULT_TOKEN}\"\n  }\n}\n"
                          "service {\n  name = \"web\"\n  token = \"" + random_uuid() + "\"\n}\n";
  const auto r = analyze("etc/consul.d/consul.hcl", hcl);
  const auto& g = fact(r, "secret_key", "gossip@consul:dc-east");
  CHECK(g.line == 3);
  CHECK(attribute(g, "key_bytes") == "32");
  const auto& m = fact(r, "token", "acl.tokens.initial_management@consul:dc-east");
  CHECK(m.line == 9);
  CHECK_FALSE(attribute(m, "privilege").empty());
  const auto& a = fact(r, "token", "acl.tokens.agent@consul:dc-east");
  CHECK_FALSE(has_fact(r, "token", "acl.tokens.default@consul:dc-east"));
  check_no_secret(r, management);
  const auto found = rule_findings("consul.hcl", hcl);
  check_joined(found, "consul-gossip-encryption-key", g);
  check_joined(found, "consul-acl-token", m);
  check_joined(found, "consul-acl-token", a);
  CHECK_FALSE(has_rule_on(found, "consul-acl-token", 11));

  const std::string json = "{\n  \"datacenter\": \"dc1\",\n  \"encrypt\": \"" + base64(random_bytes(16)) + "\",\n"
                           "  \"acl_master_token\": \"" + legacy + "\"\n}\n";
  const auto j = analyze("etc/nomad.d/server.json", json);
  CHECK(attribute(fact(j, "secret_key", "gossip@nomad:dc1"), "key_bytes") == "16");
  const auto& l = fact(j, "token", "acl_master_token@nomad:dc1");
  check_joined(rule_findings("server.json", json), "consul-acl-token", l);

  // A value that is not base64 of 16 or 32 bytes is no gossip key.
  CHECK(analyze("consul.d/a.hcl", "encrypt = \"" + base64(random_bytes(20)) + "\"\n").identities.empty());
}

TEST_CASE("analyze: OpenVPN static keys and inline auth-user-pass of a profile") {
  std::string key;
  for (int i = 0; i < 16; ++i) key += (i ? "\n" : "") + random_hex(16);
  const std::string password = random_password();
  const std::string profile = "client\ndev tun\nproto udp\nremote vpn.acme.io 1194\n"
                              "<auth-user-pass>\njdoe\n" + password + "\n</auth-user-pass>\n"
                              "key-direction 1\n<tls-auth>\n#\n# 2048 bit OpenVPN static key\n#\n"
                              "-----BEGIN OpenVPN Static key V1-----\n" + key +
                              "\n-----END OpenVPN Static key V1-----\n</tls-auth>\n";
  const auto r = analyze("home/jdoe/acme.ovpn", profile);
  REQUIRE(r.identities.size() == 2);
  const auto& k = fact(r, "secret_key", "openvpn:vpn.acme.io");
  CHECK(k.line == 15);
  CHECK(attribute(k, "usage") == "tls-auth");
  CHECK(attribute(k, "port") == "1194");
  CHECK(attribute(k, "fingerprint") == nhi::fingerprint_of(key));
  const auto& login = fact(r, "password", "jdoe@vpn.acme.io");
  CHECK(login.line == 7);
  check_no_secret(r, password);
  check_no_secret(r, key.substr(0, 32));
  const auto found = rule_findings("acme.ovpn", profile);
  check_joined(found, "openvpn-static-key", k);
  check_joined(found, "openvpn-inline-auth-user-pass", login);

  // A key file alone (ta.key), found by its content; a truncated key is not one.
  const std::string ta = "#\n# 2048 bit OpenVPN static key\n#\n-----BEGIN OpenVPN Static key V1-----\n" + key +
                         "\n-----END OpenVPN Static key V1-----\n";
  const auto t = analyze("etc/openvpn/server/ta.key", ta);
  CHECK(attribute(fact(t, "secret_key", "openvpn:ta.key"), "usage") == "key file");
  const auto cut = analyze("etc/openvpn/ta.key", "-----BEGIN OpenVPN Static key V1-----\n" + key.substr(0, 100) +
                                                   "\n-----END OpenVPN Static key V1-----\n");
  CHECK(cut.identities.empty());
  // Documentation quoting a profile is not analyzed.
  const auto doc = analyze("docs/vpn.md", profile);
  for (const auto& f : doc.identities) CHECK_MESSAGE(false, "fact from a document: " << f.kind << " " << f.name);
}

TEST_CASE("analyze: the system-service analyzers take malformed input without crashing") {
  for (const char* path : {"etc/ppp/chap-secrets", "etc/ipsec.secrets", "smbpasswd", "slapd.conf", "x.ldif",
                           "nslcd.conf", "ldap.secret", "sssd.conf", "hostapd.conf", "jupyter_server_config.py",
                           "consul.d/agent.hcl", "swanctl.conf", "a.ovpn"}) {
    for (int i = 0; i < 20; ++i) {
      std::string junk = random_bytes(static_cast<std::size_t>(i * 13));
      for (const char* piece : {":", " : PSK ", "\n", "[", "olcRootPW:: ", "c.ServerApp.token = '", "=", "|id=", "\"", "{", "}", "tokens {", "secrets {", "secret = ", "<auth-user-pass>\n", "</auth-user-pass>",
                                 "-----BEGIN OpenVPN Static key V1-----\n", "-----END OpenVPN Static key V1-----"})
        junk += std::string(piece) + random_password().substr(0, static_cast<std::size_t>(i % 7));
      auto r = nhi::analyze_file(path, junk);
      (void)r;
    }
  }
  // A Jupyter JSON config that is not JSON is a parse error, not a crash.
  CHECK_FALSE(nhi::analyze_file("jupyter_server_config.json", "{\"ServerApp\": {").is_ok());
}
