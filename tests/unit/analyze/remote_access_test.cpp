// SPDX-License-Identifier: Apache-2.0
// The connection stores of remote-access and database admin tools
// (analyze/remote_access.cpp). Every encrypted value in the fixtures was made
// for these tests from random passwords with the tools' published schemes.
#include "unit/analyze/analyze_support.hpp"
#include "unit/analyze/scan_support.hpp"

using namespace analyze_test;

namespace {

// Remmina's encryption, written for these tests from its published
// description: the text padded with 1 to 8 zero bytes to whole 8-byte
// blocks, 3DES-CBC under the first 24 bytes of remmina.pref's secret with
// the next 8 as IV, then base64.
std::string remmina_encrypt(const std::string& secret, const std::string& password) {
  const std::string padded = password + std::string(8 - password.size() % 8, '\0');
  return base64(encrypt(EVP_des_ede3_cbc(), secret.substr(0, 24), secret.substr(24, 8), padded, false));
}

std::string remmina_pref(const std::string& secret) {
  return "[remmina_pref]\nsave_view_mode=true\nsecret=" + base64(secret) + "\nscale_quality=3\n";
}

std::string remmina_profile(const std::string& server, const std::string& user, const std::string& password_value) {
  return "[remmina]\nname=" + server + "\nprotocol=RDP\nserver=" + server + "\nusername=" + user +
         "\npassword=" + password_value + "\n";
}

}  // namespace

TEST_CASE("analyze: mRemoteNG connections under the default master password are decrypted to fingerprint them") {
  const auto r = analyze_fixture("Users/ops/AppData/Roaming/mRemoteNG/confCons.xml", "credentials/confCons.xml");
  REQUIRE(r.identities.size() == 3);  // the folder and the kiosk saved no password
  const auto& web = fact(r, "password", "svc-rdp@web1.acme.io");
  CHECK(web.line == 4);
  CHECK(attribute(web, "protocol") == "RDP");
  CHECK(attribute(web, "port") == "3389");
  CHECK(attribute(web, "domain") == "ACME");
  CHECK(attribute(web, "connection") == "web1");
  CHECK(attribute(web, "encoding") == "mremoteng-aes-gcm");
  CHECK(attribute(web, "master_password") == "mremoteng-default");
  // The rules' fingerprint (the stored value) joins the finding; the decrypted one joins the password elsewhere.
  CHECK(attribute(web, "fingerprint") == nhi::fingerprint_of("WpsBLNAtAuzhwgn2xs9R1zow2YgltSsFjIbxGAKqK6oheWlmYmgpPk04NYTK9ETVhx1cx9cgP9PTqtXlJrw="));
  CHECK(attribute(web, "fingerprint.decrypted") == nhi::fingerprint_of("ERksiPQ8Gvhuxr"));
  const auto& gateway = fact(r, "password", "gwuser@gw.acme.io");
  CHECK(attribute(gateway, "setting") == "rd gateway");
  CHECK(attribute(gateway, "fingerprint.decrypted") == nhi::fingerprint_of("AErbR8aobsSNSH"));
  const auto& ssh = fact(r, "password", "ops@db1.acme.io");
  CHECK(attribute(ssh, "protocol") == "SSH2");
  CHECK(attribute(ssh, "fingerprint.decrypted") == nhi::fingerprint_of("f9ooaIFMOixKJ4Et"));
  for (const char* secret : {"ERksiPQ8Gvhuxr", "f9ooaIFMOixKJ4Et", "AErbR8aobsSNSH"}) check_no_secret(r, secret);
}

TEST_CASE("analyze: mRemoteNG files under a master password of the user's, and the older AES-CBC files") {
  // Encrypted whole: one finding for the file, no node to read.
  auto whole = nhi::analyze_file("confCons.xml",
                                 "<mrng:Connections Name=\"Connections\" EncryptionEngine=\"AES\" BlockCipherMode=\"GCM\" "
                                 "KdfIterations=\"1000\" FullFileEncryption=\"true\" Protected=\"DJMxTfVK+LSotOf1ZVlMiaDENqa64iweQ3SgZ+I2djpScQ0yVzAnQfMDHayPznDnJoNsyWrpp0Nriefs78dKJuag\" "
                                 "ConfVersion=\"2.6\">WpsBLNAtAuzhwgn2xs9R1zow2YgltSsFjIbxGAKqK6oheWlmYmgpPk04NYTK9ETVhx1cx9cgP9PTqtXlJrw=</mrng:Connections>\n");
  REQUIRE(whole.is_ok());
  CHECK(whole->identities.empty());
  CHECK(finding(*whole, "mremoteng-encrypted-file", "confCons.xml").severity == "high");

  const auto custom = analyze_fixture("backup/confCons.xml", "credentials/confCons-custom.xml");
  REQUIRE(custom.identities.size() == 1);
  const auto& dc = fact(custom, "password", "Administrator@dc1.corp.acme.io");
  CHECK(attribute(dc, "master_password") == "custom");
  CHECK(attribute(dc, "fingerprint") == nhi::fingerprint_of("jSw2s47NeB7hzThjLKXqeh2XT5isCiDiRVj2jEy7TxeL03rWNOt6dz4JP9vJsKmkpfiOHKG6xm49kcc/9xg="));
  CHECK(attribute(dc, "fingerprint.decrypted").empty());

  // Exported under another name: the root element tells.
  const auto legacy = analyze_fixture("it/old-connections.xml", "credentials/confCons-legacy.xml");
  const auto& old = fact(legacy, "password", "backup@files.acme.io");
  CHECK(attribute(old, "encoding") == "mremoteng-aes-cbc");
  CHECK(attribute(old, "fingerprint.decrypted") == nhi::fingerprint_of("avd8MsHGwqKzCT"));
  check_no_secret(legacy, "avd8MsHGwqKzCT");
}

TEST_CASE("analyze: malformed mRemoteNG files are parse errors or values left undecrypted") {
  const std::string root = read_fixture("credentials/confCons.xml");
  // Cut inside a <Node>: a parse error at the node's line.
  auto cut = nhi::analyze_file("confCons.xml", root.substr(0, root.find("Hostname=\"db1")));
  REQUIRE_FALSE(cut.is_ok());
  CHECK(cut.error().code() == nhi::errc::parse_error);
  CHECK(cut.error().line() == 5);
  auto no_root_end = nhi::analyze_file("confCons.xml", "<mrng:Connections Name=\"Connections\" Protected=\"");
  REQUIRE_FALSE(no_root_end.is_ok());
  CHECK(no_root_end.error().code() == nhi::errc::parse_error);
  // A value that is not base64 is still a saved value, said to be undecryptable.
  std::string bad = root;
  bad.replace(bad.find("OHptuTG4vxIBCp9NHS9hKQmoxRJEqxST7XOpt/Y5XYF1SBSTfPyseEErstexK9v+a5yO17bR6r7m0iajEFdfJQ=="), 88, "not*base64*at*all");
  auto r = nhi::analyze_file("confCons.xml", bad);
  REQUIRE(r.is_ok());
  CHECK(attribute(fact(*r, "password", "ops@db1.acme.io"), "decrypt_error") == "the value is not base64");
  // Base64 that starts with "/" is a stored value like any other, not a file path.
  const std::string slash_value = "/" + std::string(87, 'A');
  auto slash = nhi::analyze_file("confCons.xml", "<mrng:Connections Name=\"Connections\" BlockCipherMode=\"GCM\">"
                                                 "<Node Name=\"x\" Username=\"u\" Hostname=\"h\" Password=\"" +
                                                     slash_value + "\"/></mrng:Connections>\n");
  REQUIRE(slash.is_ok());
  CHECK(attribute(fact(*slash, "password", "u@h"), "fingerprint") == nhi::fingerprint_of(slash_value));
  // A tag cut by a wrong ciphertext (GCM's tag fails): fingerprinted as stored, not decrypted.
  std::string flipped = root;
  flipped[flipped.find("WpsBLNAtAuzhwgn2xs9R1zow2YgltSsFjIbxGAKqK6oheWlmYmgpPk04NYTK9ETVhx1cx9cgP9PTqtXlJrw=") + 30] ^= 1;
  auto f = nhi::analyze_file("confCons.xml", flipped);
  REQUIRE(f.is_ok());
  CHECK(attribute(fact(*f, "password", "svc-rdp@web1.acme.io"), "fingerprint.decrypted").empty());
}

TEST_CASE("analyze: mRemoteNG CSV export holds passwords in plain text") {
  const auto r = analyze_fixture("Users/ops/Desktop/connections.csv", "credentials/mremoteng-export.csv");
  REQUIRE(r.identities.size() == 1);  // the kiosk row has no password
  const auto& web = fact(r, "password", "svc-rdp@web1.acme.io");
  CHECK(web.line == 2);
  CHECK(attribute(web, "port") == "3389");
  CHECK(attribute(web, "fingerprint") == nhi::fingerprint_of("ERksiPQ8Gvhuxr"));
  CHECK(finding(r, "mremoteng-export-password", "svc-rdp@web1.acme.io").severity == "high");
  check_no_secret(r, "ERksiPQ8Gvhuxr");
  // An export without the Password column is no store of passwords.
  auto none = nhi::analyze_file("c.csv", "Name;Id;Parent;NodeType;Username;Domain;Hostname;Port\nweb1;1;;Connection;u;;h;22\n");
  REQUIRE(none.is_ok());
  CHECK(none->identities.empty());
}

TEST_CASE("analyze: HeidiSQL settings decode the shifted hex passwords to fingerprint them") {
  const auto r = analyze_fixture("tools/HeidiSQL/portable_settings.txt", "credentials/portable_settings.txt");
  REQUIRE(r.identities.size() == 1);  // the reporting session's password is empty (the shift digit alone)
  const auto& orders = fact(r, "password", "orders_rw@db.acme.io");
  CHECK(orders.line == 3);
  CHECK(orders.provider == "mysql");
  CHECK(attribute(orders, "session") == "prod\\orders");
  CHECK(attribute(orders, "port") == "3306");
  CHECK(attribute(orders, "fingerprint") == nhi::fingerprint_of("58746B734B3948506A4646505B6B5"));
  CHECK(attribute(orders, "fingerprint.decrypted") == nhi::fingerprint_of("SofnF4CKeAAKVf"));
  check_no_secret(r, "SofnF4CKeAAKVf");
  // Not HeidiSQL's encoding (even length, a non-hex digit): kept as stored, flagged.
  auto odd = nhi::analyze_file("portable_settings.txt", "Servers\\x\\Host<|||>1<|||>h\nServers\\x\\Password<|||>1<|||>ZZ12\n");
  REQUIRE(odd.is_ok());
  CHECK(attribute(fact(*odd, "password", "h"), "decrypt_error") == "not HeidiSQL's encoding");
  // Truncated in the middle of a line: that line is skipped.
  auto cut = nhi::analyze_file("portable_settings.txt", "Servers\\x\\Host<|||>1<|||>h\nServers\\x\\Password<|||");
  REQUIRE(cut.is_ok());
  CHECK(cut->identities.empty());
}

TEST_CASE("analyze: registry exports with WinSCP sessions and HeidiSQL servers") {
  const auto r = analyze_fixture("Users/ops/Desktop/sessions.reg", "credentials/sessions.reg");
  REQUIRE(r.identities.size() == 2);  // Default Settings saved no password
  const auto& winscp = fact(r, "password", "deploy@web1.acme.io");
  CHECK(winscp.line == 8);
  CHECK(winscp.provider == "winscp");
  CHECK(attribute(winscp, "session") == "deploy@web1 prod");
  CHECK(attribute(winscp, "port") == "2222");
  CHECK(attribute(winscp, "encoding") == "winscp-obfuscated");
  CHECK(attribute(winscp, "fingerprint") == nhi::fingerprint_of("A35CD0A1C3863B3320C97B654348788D9610CE00B16FF7D2199E3850F37A3CF1"));
  const auto& heidi = fact(r, "password", "analyst@mysql.acme.io");
  CHECK(heidi.provider == "mysql");
  CHECK(attribute(heidi, "fingerprint.decrypted") == nhi::fingerprint_of("gC05CEDTCp4R"));
  check_no_secret(r, "gC05CEDTCp4R");

  // regedit writes UTF-16LE with a byte order mark.
  const std::string text = read_fixture("credentials/sessions.reg");
  std::string utf16 = "\xFF\xFE";
  for (char ch : text) {
    utf16 += ch;
    utf16 += '\0';
  }
  auto wide = nhi::analyze_file("sessions.reg", utf16);
  REQUIRE(wide.is_ok());
  CHECK(fact(*wide, "password", "deploy@web1.acme.io").line == 8);
  // Cut inside a value: that value is skipped, no error.
  auto cut = nhi::analyze_file("s.reg", "[HKEY_CURRENT_USER\\Software\\Martin Prikryl\\WinSCP 2\\Sessions\\x]\n\"Password\"=\"A3");
  REQUIRE(cut.is_ok());
  CHECK(cut->identities.empty());
}

TEST_CASE("analyze: Remmina profiles, each password encrypted with remmina.pref's secret") {
  const auto r = analyze_fixture("home/jdoe/.local/share/remmina/office.remmina", "credentials/office.remmina");
  REQUIRE(r.identities.size() == 2);  // gateway_password is empty
  const auto& rdp = fact(r, "password", "jdoe@rdp.acme.io");
  CHECK(rdp.line == 7);
  CHECK(rdp.provider == "rdp");
  CHECK(attribute(rdp, "port") == "3390");
  CHECK(attribute(rdp, "domain") == "ACME");
  CHECK(attribute(rdp, "encoding") == "remmina-3des");
  CHECK(attribute(rdp, "key") == "remmina.pref secret");
  CHECK(attribute(rdp, "fingerprint") == nhi::fingerprint_of("LEloZ4hP/2518zrMBz9zVQ=="));
  const auto& tunnel = fact(r, "password", "tunnel@bastion.acme.io");
  CHECK(attribute(tunnel, "setting") == "ssh tunnel");
  CHECK(tunnel.provider == "ssh");
  CHECK(attribute(tunnel, "port").empty());
  // "." is the keyring's; a value that is not base64 is kept and said to be unrecognised.
  auto keyring = nhi::analyze_file("k.remmina", "[remmina]\npassword=.\nserver=h\n");
  REQUIRE(keyring.is_ok());
  CHECK(keyring->identities.empty());
  auto bad = nhi::analyze_file("b.remmina", "[remmina]\npassword=%%not-base64%%\nserver=h\nusername=u\n");
  REQUIRE(bad.is_ok());
  CHECK(attribute(fact(*bad, "password", "u@h"), "encoding") == "unrecognised");
  // Base64 that starts with "/" is an encrypted value, not a file path.
  auto slash = nhi::analyze_file("s.remmina", "[remmina]\npassword=/EloZ4hP/2518zrMBz9zVQ==\nserver=h\nusername=u\n");
  REQUIRE(slash.is_ok());
  CHECK(attribute(fact(*slash, "password", "u@h"), "fingerprint") == nhi::fingerprint_of("/EloZ4hP/2518zrMBz9zVQ=="));
  CHECK(attribute(fact(*slash, "password", "u@h"), "encoding") == "remmina-3des");
  auto other = nhi::analyze_file("x.remmina", "[plugin]\npassword=abc\n");
  REQUIRE(other.is_ok());
  CHECK(other->identities.empty());
}

// Profiles live in ~/.local/share/remmina, the key in ~/.config/remmina
// (both in ~/.remmina before Remmina 1.2): a scan of a home reads both, and
// its end decrypts each profile's passwords to fingerprint them.
TEST_CASE("analyze: a scan decrypts Remmina profiles with the secret of the remmina.pref of their home") {
  const std::string jdoe_secret = random_bytes(32), ann_secret = random_bytes(32), bob_secret = random_bytes(32);
  const std::string rdp = random_password(), tunnel = random_password();
  const std::string lab = random_password(), bob = random_password();
  const std::string rdp_stored = remmina_encrypt(jdoe_secret, rdp);
  const std::string office = remmina_profile("rdp.acme.io:3390", "jdoe", rdp_stored) +
                             "ssh_tunnel_server=bastion.acme.io\nssh_tunnel_username=tunnel\nssh_tunnel_password=" +
                             remmina_encrypt(jdoe_secret, tunnel) + "\n";
  const auto scan = scan_tree({
      {"home/jdoe/.config/remmina/remmina.pref", remmina_pref(jdoe_secret)},
      {"home/jdoe/.local/share/remmina/office.remmina", office},
      {"home/ann/.remmina/remmina.pref", remmina_pref(ann_secret)},
      {"home/ann/.remmina/lab.remmina", remmina_profile("lab.acme.io", "ann", remmina_encrypt(ann_secret, lab))},
      // A profile of bob's home encrypted under another key than his pref's.
      {"home/bob/.config/remmina/remmina.pref", remmina_pref(bob_secret)},
      {"home/bob/.local/share/remmina/ci.remmina",
       remmina_profile("ci.acme.io", "bob", remmina_encrypt(ann_secret, bob))},
      // A profile in no home of the scan, with three prefs to choose from: left as stored.
      {"restore/kiosk.remmina", remmina_profile("kiosk.acme.io", "kiosk", remmina_encrypt(ann_secret, lab))},
  });
  const auto& r = scan.result;
  const auto& own = fact(r, "password", "jdoe@rdp.acme.io");
  CHECK(attribute(own, "fingerprint") == nhi::fingerprint_of(rdp_stored));  // what the rules find
  CHECK(attribute(own, "fingerprint.decrypted") == nhi::fingerprint_of(rdp));
  CHECK(attribute(own, "key_file") == scan.root + "/home/jdoe/.config/remmina/remmina.pref");
  CHECK(attribute(own, "encoding") == "remmina-3des");
  CHECK(attribute(own, "port") == "3390");
  CHECK(attribute(fact(r, "password", "tunnel@bastion.acme.io"), "fingerprint.decrypted") ==
        nhi::fingerprint_of(tunnel));
  const auto& ann = fact(r, "password", "ann@lab.acme.io");
  CHECK(attribute(ann, "fingerprint.decrypted") == nhi::fingerprint_of(lab));
  CHECK(attribute(ann, "key_file") == scan.root + "/home/ann/.remmina/remmina.pref");
  const auto& wrong = fact(r, "password", "bob@ci.acme.io");
  CHECK(attribute(wrong, "fingerprint.decrypted").empty());
  CHECK(attribute(wrong, "decrypt_error") ==
        "does not decrypt under the secret of " + scan.root + "/home/bob/.config/remmina/remmina.pref");
  const auto& kiosk = fact(r, "password", "kiosk@kiosk.acme.io");
  CHECK(attribute(kiosk, "fingerprint.decrypted").empty());
  CHECK(attribute(kiosk, "decrypt_error").empty());
  for (const std::string& secret : {rdp, tunnel, lab, bob}) check_no_secret(r, secret);

  // The scan's only pref keys a profile found elsewhere (a backup of each).
  const std::string desk = random_password();
  const std::string desk_profile = remmina_profile("desk.acme.io", "jdoe", remmina_encrypt(jdoe_secret, desk));
  const auto backup = scan_tree(
      {{"backup/config/remmina.pref", remmina_pref(jdoe_secret)}, {"backup/data/desk.remmina", desk_profile}});
  const auto& restored = fact(backup.result, "password", "jdoe@desk.acme.io");
  CHECK(attribute(restored, "fingerprint.decrypted") == nhi::fingerprint_of(desk));
  CHECK(attribute(restored, "key_file") == backup.root + "/backup/config/remmina.pref");
  check_no_secret(backup.result, desk);
}

TEST_CASE("analyze: the remote-access stores on bytes of any kind: a result or a parse error, never a crash") {
  const std::string bad = "\xff\xfe\xc3(\xa0\xa1";
  const std::vector<std::pair<std::string, std::string>> inputs = {
      {"confCons.xml", "<mrng:Connections Protected=\"" + bad + "\" KdfIterations=\"99999999999\" BlockCipherMode=\"GCM\">"
                       "<Node Password=\"" + bad + "\" Username=\"" + bad + "\"/><Node Password=\"AAAA\"/>"},
      {"x.csv", "Name;Username;Password;Hostname\n" + bad + ";\"a;\"\"b;" + bad + ";h\n\"unterminated;x"},
      {"portable_settings.txt", "Servers\\" + bad + "\\Password<|||>1<|||>" + bad + "\nServers\\<|||><|||>\n"},
      {"x.reg", "[HKEY_CURRENT_USER\\Software\\HeidiSQL\\Servers\\]\n\"Port\"=dword:" + bad + "\n\"Password\"=\"" + bad},
      {"x.reg", "[" + bad + "\n\"\"=\n[\n"},
      {"x.remmina", "[remmina]\npassword=" + bad + "\nserver=:::\nssh_tunnel_server=:\nssh_tunnel_password=QUFB\n"},
      {".dbeaver/credentials-config.json", std::string(64, '\0') + bad},
  };
  for (const auto& input : inputs) {
    // (Not a structured binding: doctest's CHECK captures it in a lambda, which C++17 forbids.)
    const std::string& path = input.first;
    auto r = nhi::analyze_file(path, input.second);
    CHECK_MESSAGE((r.is_ok() || r.error().code() == nhi::errc::parse_error), path);
  }
}
