// SPDX-License-Identifier: Apache-2.0
// More stores of desktop and administration tools (analyze/client_apps_2.cpp
// and patterns/config-clients-2.yaml): Subversion's auth cache, Pidgin's
// accounts.xml, Navicat's .ncx exports and registry keys, MobaXterm.ini,
// SecureCRT sessions.
// Every value is random, made in the test (Navicat's and SecureCRT's values
// encrypted here with their published keys); each fact's fingerprint must be the one of the
// rule's finding on its line, and no fact may hold a secret.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/blowfish.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cctype>
#include <cstring>

#include "unit/analyze/analyze_support.hpp"
#include "unit/analyze/scan_support.hpp"
#include "util/text.hpp"

using namespace analyze_test;

namespace {


// MobaXterm's ciphertext alphabet.
std::string random_moba(std::size_t n) {
  return random_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwyz0123456789+/", n);
}

// Hex as Navicat writes it, in capitals.
std::string upper_hex(const std::string& bytes) {
  std::string hex = nhi::detail::hex_encode(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  std::transform(hex.begin(), hex.end(), hex.begin(), [](char ch) { return static_cast<char>(std::toupper(ch)); });
  return hex;
}

// Navicat 12 and later: AES-128-CBC, PKCS#7, its built-in key and IV, upper-case hex.
std::string navicat12(const std::string& plain) {
  return upper_hex(encrypt(EVP_aes_128_cbc(), "libcckeylibcckey", "libcciv libcciv ", plain, true));
}

// Navicat 11: Blowfish under SHA-1("3DC5CA39"), the vector the encrypted block
// of 0xFF bytes; each block XORed with the vector then encrypted, the vector
// XORed with the result; a partial block XORed with the vector encrypted again.
std::string navicat11(const std::string& plain) {
  unsigned char key[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>("3DC5CA39"), 8, key);
  BF_KEY bf;
  BF_set_key(&bf, sizeof key, key);
  unsigned char vector[8];
  std::memset(vector, 0xff, 8);
  BF_ecb_encrypt(vector, vector, &bf, BF_ENCRYPT);
  std::string out;
  std::size_t at = 0;
  for (; at + 8 <= plain.size(); at += 8) {
    unsigned char block[8];
    for (int i = 0; i < 8; ++i) block[i] = static_cast<unsigned char>(plain[at + i]) ^ vector[i];
    BF_ecb_encrypt(block, block, &bf, BF_ENCRYPT);
    for (int i = 0; i < 8; ++i) {
      vector[i] ^= block[i];
      out += static_cast<char>(block[i]);
    }
  }
  if (at < plain.size()) {
    BF_ecb_encrypt(vector, vector, &bf, BF_ENCRYPT);
    for (std::size_t i = 0; at + i < plain.size(); ++i) out += static_cast<char>(plain[at + i] ^ vector[i]);
  }
  return upper_hex(out);
}

// SecureCRT's Password V2 with prefix 02 and no configuration passphrase:
// AES-256-CBC under SHA-256 of "", zero IV, over length (LE 32-bit),
// password, SHA-256 of the password and 1 to 16 random bytes.
std::string securecrt_v2(const std::string& plain) {
  unsigned char key[SHA256_DIGEST_LENGTH], digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(""), 0, key);
  SHA256(reinterpret_cast<const unsigned char*>(plain.data()), plain.size(), digest);
  std::string data;
  for (int i = 0; i < 4; ++i) data += static_cast<char>((plain.size() >> (8 * i)) & 0xff);
  data += plain + std::string(reinterpret_cast<const char*>(digest), sizeof digest);
  data += random_bytes(16 - data.size() % 16);
  return "02:" + nhi::detail::hex_encode(reinterpret_cast<const unsigned char*>(
                     encrypt(EVP_aes_256_cbc(), std::string(reinterpret_cast<const char*>(key), 32),
                             std::string(16, '\0'), data, false).data()),
                 data.size());
}

// SecureCRT's older Password: UTF-16LE with a zero code unit, random bytes to
// whole blocks, Blowfish-CBC under the second fixed key, four random bytes
// either side, Blowfish-CBC under the first; "u" and hex.
std::string securecrt_v1(const std::string& plain) {
  static const unsigned char key1[16] = {0x24, 0xa6, 0x3d, 0xde, 0x5b, 0xd3, 0xb3, 0x82,
                                         0x9c, 0x7e, 0x06, 0xf4, 0x08, 0x16, 0xaa, 0x07};
  static const unsigned char key2[16] = {0x5f, 0xb0, 0x45, 0xa2, 0x94, 0x17, 0xd9, 0x16,
                                         0xc6, 0xc6, 0xa2, 0xff, 0x06, 0x41, 0x82, 0xb7};
  const auto cbc = [](const unsigned char* key, std::string data) {
    BF_KEY bf;
    BF_set_key(&bf, 16, key);
    unsigned char iv[8] = {0};
    std::string out(data.size(), '\0');
    BF_cbc_encrypt(reinterpret_cast<const unsigned char*>(data.data()), reinterpret_cast<unsigned char*>(out.data()),
                   static_cast<long>(data.size()), &bf, iv, BF_ENCRYPT);
    return out;
  };
  std::string text;
  for (char ch : plain) text += std::string(1, ch) + '\0';
  text += std::string(2, '\0');
  text += random_bytes(8 - text.size() % 8);
  const std::string raw = cbc(key1, random_bytes(4) + cbc(key2, text) + random_bytes(4));
  return "u" + nhi::detail::hex_encode(reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
}

// svn's hash file format: "K len\nkey\nV len\nvalue\n" per entry, then END.
std::string svn_hash(const std::vector<std::pair<std::string, std::string>>& entries) {
  std::string out;
  for (const auto& [k, v] : entries)
    out += "K " + std::to_string(k.size()) + "\n" + k + "\nV " + std::to_string(v.size()) + "\n" + v + "\n";
  return out + "END\n";
}

const char* kSvnPath = "home/ci/.subversion/auth/svn.simple/5f1c0a7be8d3e6a2c4b9f0d1e2a3b4c5";

}  // namespace

TEST_CASE("analyze: Subversion svn.simple: a plain-text password names user@host of the realm") {
  const std::string pw = random_password();
  const std::string content = svn_hash({{"passtype", "simple"},
                                        {"password", pw},
                                        {"svn:realmstring", "<https://svn.acme.io:443> Acme Subversion"},
                                        {"username", "build"}});
  const auto r = analyze(kSvnPath, content);
  REQUIRE(r.identities.size() == 1);
  const auto& f = fact(r, "password", "build@svn.acme.io");
  CHECK(f.line == 8);
  CHECK(attribute(f, "realm") == "<https://svn.acme.io:443> Acme Subversion");
  CHECK(attribute(f, "port") == "443");
  CHECK(attribute(f, "passtype") == "simple");
  CHECK(attribute(f, "fingerprint") == nhi::fingerprint_of(pw));
  check_joined(rule_findings(kSvnPath, content), "svn-simple-password", f);
  check_no_secret(r, pw);
}

TEST_CASE("analyze: Subversion passwords held by a keyring or DPAPI are facts without a fingerprint or finding") {
  const std::string blob = base64(random_bytes(120));
  const std::string wincrypt = svn_hash({{"passtype", "wincrypt"},
                                         {"password", blob},
                                         {"svn:realmstring", "<svn://svn.acme.io:3690> repos"},
                                         {"username", "ACME\\builder"}});
  const auto r = analyze(kSvnPath, wincrypt);
  REQUIRE(r.identities.size() == 1);
  const auto& f = fact(r, "password", "ACME\\builder@svn.acme.io");
  CHECK(attribute(f, "value_source") == "windows-dpapi");
  CHECK(attribute(f, "fingerprint").empty());
  CHECK(by_rule(rule_findings(kSvnPath, wincrypt)).count("svn-simple-password") == 0);
  check_no_secret(r, blob);
  const auto keyring = analyze(kSvnPath, svn_hash({{"passtype", "gnome-keyring"},
                                                   {"svn:realmstring", "<https://svn.acme.io:443> Acme"},
                                                   {"username", "build"}}));
  REQUIRE(keyring.identities.size() == 1);
  CHECK(attribute(keyring.identities[0], "value_source") == "os-keyring");
  // A cached user name only (svn.username), and placeholders.
  CHECK(analyze(kSvnPath, svn_hash({{"svn:realmstring", "<https://svn.acme.io:443> Acme"}, {"username", "build"}}))
            .identities.empty());
  const std::string placeholder =
      svn_hash({{"passtype", "simple"}, {"password", "changeme"}, {"svn:realmstring", "<https://svn.acme.io:443> A"}});
  CHECK(analyze(kSvnPath, placeholder).identities.empty());
  CHECK(by_rule(rule_findings(kSvnPath, placeholder)).count("svn-simple-password") == 0);
}

TEST_CASE("analyze: Subversion auth files cut short or with bad lengths are parse errors") {
  const std::string good = svn_hash({{"passtype", "simple"}, {"password", random_password()}});
  for (const std::string& bad : {good.substr(0, good.size() - 4), good.substr(0, 20), std::string("K x\nab\nEND\n"),
                                 std::string("K 99999\npasstype\nEND\n"), std::string("V 3\nabc\nEND\n")}) {
    auto r = nhi::analyze_file(kSvnPath, bad);
    REQUIRE_FALSE(r.is_ok());
    CHECK(r.error().code() == nhi::errc::parse_error);
  }
  // Copied out of svn.simple: the name and the content still tell the format.
  const std::string pw = random_password();
  const auto r = analyze("backup/5f1c0a7be8d3e6a2c4b9f0d1e2a3b4c5",
                         svn_hash({{"passtype", "simple"}, {"password", pw}, {"svn:realmstring", "<http://svn> x"}}));
  REQUIRE(r.identities.size() == 1);
  check_no_secret(r, pw);
}

TEST_CASE("analyze: Pidgin accounts.xml: each remembered password names name@protocol") {
  const std::string xmpp = random_password(), irc = random_password();
  const std::string content =
      "<?xml version='1.0' encoding='UTF-8' ?>\n"                   // 1
      "\n"                                                         // 2
      "<account version='1.0'>\n"                                  // 3
      "\t<account>\n"                                              // 4
      "\t\t<protocol>prpl-jabber</protocol>\n"                     // 5
      "\t\t<name>deploy-bot@chat.acme.io/Pidgin</name>\n"          // 6
      "\t\t<password>" + xmpp + "</password>\n"                    // 7
      "\t\t<alias>Deploy bot</alias>\n"                            // 8
      "\t\t<settings>\n"                                           // 9
      "\t\t\t<setting name='connect_server' type='string'>xmpp.acme.io</setting>\n"  // 10
      "\t\t</settings>\n"                                          // 11
      "\t</account>\n"                                             // 12
      "\t<account>\n"                                              // 13
      "\t\t<protocol>prpl-irc</protocol>\n"                        // 14
      "\t\t<name>opsbot@irc.libera.chat</name>\n"                  // 15
      "\t\t<password>" + irc + "</password>\n"                     // 16
      "\t</account>\n"                                             // 17
      "\t<account>\n"                                              // 18
      "\t\t<protocol>prpl-jabber</protocol>\n"                     // 19
      "\t\t<name>alice@chat.acme.io/Home</name>\n"                 // 20
      "\t</account>\n"                                             // 21
      "</account>\n";
  const char* path = "home/ops/.purple/accounts.xml";
  const auto r = analyze(path, content);
  REQUIRE(r.identities.size() == 2);
  const auto& jabber = fact(r, "password", "deploy-bot@chat.acme.io@jabber");
  CHECK(jabber.line == 7);
  CHECK(attribute(jabber, "protocol") == "prpl-jabber");
  CHECK(attribute(jabber, "fingerprint") == nhi::fingerprint_of(xmpp));
  const auto& bot = fact(r, "password", "opsbot@irc.libera.chat@irc");
  CHECK(bot.line == 16);
  const auto found = rule_findings(path, content);
  check_joined(found, "pidgin-account-password", jabber);
  check_joined(found, "pidgin-account-password", bot);
  check_no_secret(r, xmpp);
  check_no_secret(r, irc);
  // An account whose <account> never closes is a parse error; a placeholder is no credential.
  CHECK_FALSE(nhi::analyze_file(path, content.substr(0, content.find("</account>"))).is_ok());
  CHECK(analyze(path, "<account version='1.0'><account><protocol>prpl-irc</protocol><name>a</name>"
                      "<password>changeme</password></account></account>")
            .identities.empty());
}

TEST_CASE("analyze: Navicat .ncx export: AES and Blowfish passwords decrypted to fingerprint them") {
  const std::string db = random_password(), tunnel = random_password(), legacy = random_password();
  const std::string db_hex = navicat12(db), tunnel_hex = navicat12(tunnel), legacy_hex = navicat11(legacy);
  const std::string content =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"  // 1
      "<Connections Ver=\"1.5\">\n"                    // 2
      "\t<Connection ConnectionName=\"billing-prod\" ConnType=\"MYSQL\" ServiceProvider=\"Default\" "
      "Host=\"db1.acme.io\" Port=\"3306\" UserName=\"billing\" Password=\"" + db_hex +
      "\" SavePassword=\"true\" SSL=\"false\"/>\n"  // 3
      "\t<Connection ConnectionName=\"reports\" ConnType=\"POSTGRESQL\" Host=\"10.4.0.12\" Port=\"5432\" "
      "UserName=\"report\" Password=\"\" SavePassword=\"false\" SSH=\"true\" SSH_Host=\"bastion.acme.io\" "
      "SSH_Port=\"22\" SSH_UserName=\"ops\" SSH_AuthenMethod=\"PASSWORD\" SSH_Password=\"" + tunnel_hex +
      "\" SSH_SavePassword=\"true\"/>\n"  // 4
      "\t<Connection ConnectionName=\"legacy\" ConnType=\"SQLSERVER\" Host=\"mssql.acme.io\" Port=\"1433\" "
      "UserName=\"sa\" Password=\"" + legacy_hex + "\" SavePassword=\"true\"/>\n"  // 5
      "\t<Connection ConnectionName=\"local\" ConnType=\"SQLITE\" DatabaseFileName=\"C:\\data\\a.db\" UserName=\"\" "
      "Password=\"\" SavePassword=\"true\"/>\n"  // 6
      "</Connections>\n";
  const char* path = "exports/connections.ncx";
  const auto r = analyze(path, content);
  REQUIRE(r.identities.size() == 3);
  const auto& mysql = fact(r, "password", "billing@db1.acme.io:3306");
  CHECK(mysql.line == 3);
  CHECK(mysql.provider == "mysql");
  CHECK(attribute(mysql, "connection") == "billing-prod");
  CHECK(attribute(mysql, "encoding") == "navicat12-aes");
  CHECK(attribute(mysql, "fingerprint.decrypted") == nhi::fingerprint_of(db));
  const auto& ssh = fact(r, "password", "ops@bastion.acme.io:22");
  CHECK(ssh.line == 4);
  CHECK(ssh.provider == "ssh");
  CHECK(attribute(ssh, "setting") == "SSH_Password");
  CHECK(attribute(ssh, "fingerprint.decrypted") == nhi::fingerprint_of(tunnel));
  const auto& old = fact(r, "password", "sa@mssql.acme.io:1433");
  CHECK(old.provider == "mssql");
  CHECK(attribute(old, "encoding") == "navicat11-blowfish");
  CHECK(attribute(old, "fingerprint.decrypted") == nhi::fingerprint_of(legacy));
  const auto found = rule_findings(path, content);
  check_joined(found, "navicat-connection-password", mysql);
  check_joined(found, "navicat-connection-password", ssh);
  check_joined(found, "navicat-connection-password", old);
  CHECK(attribute(mysql, "fingerprint") == nhi::fingerprint_of(db_hex));
  for (const std::string& secret : {db, tunnel, legacy, db_hex, tunnel_hex, legacy_hex}) check_no_secret(r, secret);
  // Random hex that decrypts to no text is kept as stored, with the reason.
  const auto noise = analyze("exports/x.ncx", "<Connections Ver=\"1.5\"><Connection ConnectionName=\"n\" Host=\"h\" "
                                              "UserName=\"u\" Password=\"" + upper_hex(random_bytes(32)) + "\"/>");
  REQUIRE(noise.identities.size() == 1);
  CHECK_FALSE(attribute(noise.identities[0], "fingerprint").empty());
}

TEST_CASE("analyze: Navicat servers in a registry export") {
  const std::string pw = random_password();
  const std::string hex = navicat11(pw);
  const std::string content =
      "Windows Registry Editor Version 5.00\n"                                  // 1
      "\n"                                                                      // 2
      "[HKEY_CURRENT_USER\\Software\\PremiumSoft\\NavicatPG\\Servers\\warehouse]\n"  // 3
      "\"Host\"=\"pg.acme.io\"\n"                                               // 4
      "\"Port\"=dword:00001538\n"                                               // 5
      "\"UserName\"=\"etl\"\n"                                                  // 6
      "\"Pwd\"=\"" + hex + "\"\n"                                               // 7
      "\n"                                                                      // 8
      "[HKEY_CURRENT_USER\\Software\\PremiumSoft\\NavicatPG\\Servers\\warehouse\\Profiles]\n"  // 9
      "\"Pwd\"=\"\"\n"                                                          // 10
      "\n"
      "[HKEY_CURRENT_USER\\Software\\PremiumSoft\\Navicat\\Servers\\nopass]\n"
      "\"Host\"=\"db.acme.io\"\n";
  const char* path = "backup/navicat.reg";
  const auto r = analyze(path, content);
  REQUIRE(r.identities.size() == 1);
  const auto& f = fact(r, "password", "etl@pg.acme.io:5432");
  CHECK(f.line == 7);
  CHECK(f.provider == "postgres");
  CHECK(attribute(f, "connection") == "warehouse");
  CHECK(attribute(f, "encoding") == "navicat11-blowfish");
  CHECK(attribute(f, "fingerprint.decrypted") == nhi::fingerprint_of(pw));
  check_joined(rule_findings(path, content), "navicat-registry-password", f);
  check_no_secret(r, pw);
  check_no_secret(r, hex);
}

TEST_CASE("analyze: MobaXterm.ini: stored passwords and credentials, sessions named from the bookmarks") {
  const std::string ssh = random_moba(40), old = random_moba(36), cred = random_moba(44);
  const std::string content =
      "[Bookmarks]\n"                                                                            // 1
      "SubRep=\n"                                                                                // 2
      "ImgNum=42\n"                                                                              // 3
      "web01 (root)=#109#0%10.20.0.5%22%root%%-1%-1%%%%%0%0%0%%%-1%0%0%0%%1080%%0%0%1#MobaFont%10%0%0%-1%15%236,236,236%30,30,30%180,180,192%0%-1%0%%xterm%-1%0%_Std_Colors_0_%80%24%0%1%-1%<none>%%0%0%-1#0# #-1\n"  // 4
      "\n"                                                                                       // 5
      "[Passwords]\n"                                                                            // 6
      "ssh22:root@10.20.0.5=" + ssh + "\n"                                                       // 7
      "deploy@build.acme.io=" + old + "\n"                                                       // 8
      "ssh22:nobody@10.20.0.9=\n"                                                                // 9
      "\n"                                                                                       // 10
      "[Credentials]\n"                                                                          // 11
      "prod-admin=Administrator:" + cred + "\n"                                                  // 12
      "\n"                                                                                       // 13
      "[Misc]\n"                                                                                 // 14
      "PasswordsInRegistry=0\n";                                                                 // 15
  const char* path = "tools/MobaXterm/MobaXterm.ini";
  const auto r = analyze(path, content);
  REQUIRE(r.identities.size() == 3);
  const auto& root = fact(r, "password", "root@10.20.0.5");
  CHECK(root.line == 7);
  CHECK(root.provider == "ssh");
  CHECK(attribute(root, "port") == "22");
  CHECK(attribute(root, "session") == "web01 (root)");
  CHECK(attribute(root, "encoding") == "mobaxterm-encrypted");
  const auto& deploy = fact(r, "password", "deploy@build.acme.io");
  CHECK(deploy.line == 8);
  const auto& admin = fact(r, "password", "Administrator@prod-admin");
  CHECK(admin.line == 12);
  CHECK(attribute(admin, "credential") == "prod-admin");
  const auto found = rule_findings(path, content);
  check_joined(found, "mobaxterm-stored-password", root);
  check_joined(found, "mobaxterm-stored-password", deploy);
  check_joined(found, "mobaxterm-stored-credential", admin);
  for (const auto& f : found) CHECK_MESSAGE(f.line != 4, f.rule_id << " on the bookmark");
  for (const std::string& secret : {ssh, old, cred}) check_no_secret(r, secret);
}

TEST_CASE("analyze: MobaXterm's stored passwords and credentials in a registry export") {
  const std::string ssh = random_moba(40), cred = random_moba(44);
  const std::string content =
      "Windows Registry Editor Version 5.00\n"                               // 1
      "\n"                                                                   // 2
      "[HKEY_CURRENT_USER\\Software\\Mobatek\\MobaXterm]\n"                 // 3
      "\"SessionP\"=\"1733472954\"\n"                                        // 4
      "\n"                                                                   // 5
      "[HKEY_CURRENT_USER\\Software\\Mobatek\\MobaXterm\\C]\n"              // 6
      "\"prod-admin\"=\"ACME\\\\Administrator:" + cred + "\"\n"               // 7
      "\n"                                                                   // 8
      "[HKEY_CURRENT_USER\\Software\\Mobatek\\MobaXterm\\P]\n"              // 9
      "\"ssh22:root@10.20.0.5\"=\"" + ssh + "\"\n"                            // 10
      "\"ssh22:nobody@10.20.0.9\"=\"\"\n";                                     // 11
  const char* path = "backup/mobaxterm.reg";
  const auto r = analyze(path, content);
  REQUIRE(r.identities.size() == 2);
  const auto& root = fact(r, "password", "root@10.20.0.5");
  CHECK(root.line == 10);
  CHECK(attribute(root, "port") == "22");
  const auto& admin = fact(r, "password", "ACME\\Administrator@prod-admin");
  CHECK(admin.line == 7);
  const auto found = rule_findings(path, content);
  check_joined(found, "mobaxterm-registry-password", root);
  check_joined(found, "mobaxterm-registry-credential", admin);
  check_no_secret(r, ssh);
  check_no_secret(r, cred);
}

TEST_CASE("analyze: SecureCRT sessions: Password V2 and the older Password decrypted, 03 kept as stored") {
  const std::string v2_pw = random_password(), v1_pw = random_password();
  const std::string v2 = securecrt_v2(v2_pw), v1 = securecrt_v1(v1_pw);
  const auto session = [](const std::string& user, const std::string& host, const std::string& password_line) {
    return "S:\"Username\"=" + user + "\n"                // 1
           "S:\"Firewall Name\"=None\n"                    // 2
           + password_line + "\n"                         // 3
           "S:\"Hostname\"=" + host + "\n"                // 4
           "S:\"Protocol Name\"=SSH2\n"                    // 5
           "D:\"[SSH2] Port\"=00000016\n"                  // 6
           "S:\"Login Script V3\"=\n";
  };
  const std::string content = session("netops", "core-sw1.acme.io", "S:\"Password V2\"=" + v2);
  const char* path = "VanDyke/Config/Sessions/core-sw1.ini";
  const auto r = analyze(path, content);
  REQUIRE(r.identities.size() == 1);
  const auto& f = fact(r, "password", "netops@core-sw1.acme.io");
  CHECK(f.line == 3);
  CHECK(f.provider == "ssh");
  CHECK(attribute(f, "port") == "22");
  CHECK(attribute(f, "encoding") == "securecrt-v2-02");
  CHECK(attribute(f, "fingerprint.decrypted") == nhi::fingerprint_of(v2_pw));
  check_joined(rule_findings(path, content), "securecrt-session-password", f);
  check_no_secret(r, v2_pw);
  check_no_secret(r, v2);

  const std::string old_content = session("root", "10.1.2.3", "S:\"Password\"=" + v1);
  const auto old = analyze("Sessions/old.ini", old_content);
  REQUIRE(old.identities.size() == 1);
  const auto& o = old.identities[0];
  CHECK(o.name == "root@10.1.2.3");
  CHECK(attribute(o, "encoding") == "securecrt-v1");
  CHECK(attribute(o, "fingerprint.decrypted") == nhi::fingerprint_of(v1_pw));
  check_joined(rule_findings("Sessions/old.ini", old_content), "securecrt-session-password", o);
  check_no_secret(old, v1_pw);

  // 03 (bcrypt_pbkdf of the passphrase) and 02 under a passphrase: kept as stored, with the reason.
  for (const std::string& stored : {"03:" + nhi::detail::hex_encode(reinterpret_cast<const unsigned char*>(
                                                random_bytes(64).data()), 64),
                                    "02:" + nhi::detail::hex_encode(reinterpret_cast<const unsigned char*>(
                                                random_bytes(48).data()), 48)}) {
    const auto kept = analyze(path, session("a", "h", "S:\"Password V2\"=" + stored));
    REQUIRE(kept.identities.size() == 1);
    CHECK(attribute(kept.identities[0], "fingerprint") == nhi::fingerprint_of(stored));
    CHECK_FALSE(attribute(kept.identities[0], "decrypt_error").empty());
  }
  // No saved password: no fact.
  CHECK(analyze(path, session("a", "h", "S:\"Password V2\"=")).identities.empty());
}

TEST_CASE("analyze: the round-3 client stores on bytes of any kind: a result or a parse error, never a crash") {
  const std::string bad = "\xff\xfe\xc3(\xa0\xa1";
  const std::string huge(2'000'000, 'A');
  const std::vector<std::pair<std::string, std::string>> inputs = {
      {kSvnPath, "K 8\npasstype\nV 6\nsimple\nK 8\npassword\nV 4000000\n" + bad},
      {kSvnPath, "K 8\npasstype\nV 6\nsimple\nK 8\npassword\nV " + huge + "\n"},
      {kSvnPath, bad},
      {kSvnPath, ""},
      {".purple/accounts.xml", "<account><password>" + bad},
      {".purple/accounts.xml", "<account><password></account>" + huge},
      {"a.ncx", "<Connection Password=\"" + huge + "\" ConnectionName=\"x\""},
      {"a.ncx", "<Connection Password=\"ABC\" SSH_Password=\"0\" SSH_Passphrase=\"" + upper_hex(bad) + "\"/>"},
      {"a.ncx", "<Connection Password=\"" + upper_hex(huge) + "\"/>"},
      {"navicat.reg", "[HKEY_CURRENT_USER\\Software\\PremiumSoft\\Navicat\\Servers\\]\n\"Pwd\"=\"AB\n"},
      {"navicat.reg", "[HKEY_CURRENT_USER\\Software\\PremiumSoft\\Navicat\\Servers\\x]\n\"Pwd\"=dword:1\n\"Pwd\"=\"" + bad},
      {"MobaXterm.ini", "[Passwords]\n@=" + huge + "\n[Credentials]\n=:\nx=:" + bad + "\n[Bookmarks\nq=#%%%\n"},
      {"MobaXterm.ini", "[Bookmarks]\na=#109#0%\n[Passwords]\nssh:@=AAAAAAAAAAAA\n"},
      {"s.ini", "S:\"Hostname\"=\nS:\"Password V2\"=02:" + std::string(64, 'a') + "\nD:\"[SSH2] Port\"=zz\n"},
      {"s.ini", "S:\"Hostname\"=h\nS:\"Password\"=u" + std::string(48, '0') + "\nS:\"=\nS:\"" + bad + "\n"},
  };
  for (const auto& input : inputs) {
    auto r = nhi::analyze_file(input.first, input.second);
    CHECK_MESSAGE((r.is_ok() || r.error().code() == nhi::errc::parse_error), input.first);
  }
}
