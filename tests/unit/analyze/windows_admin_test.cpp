// SPDX-License-Identifier: Apache-2.0
// Windows deployment and administration files (analyze/windows_admin.cpp):
// answer files, Group Policy Preferences, .rdp files, ASP.NET machineKey and
// VNC passwords. Every hidden or encrypted value is made here, from random
// passwords, with the schemes Microsoft and the VNC vendors published.
#include "unit/analyze/analyze_support.hpp"
#include "unit/analyze/scan_support.hpp"

using namespace analyze_test;

namespace {

std::string utf16le(const std::string& ascii) {
  std::string out;
  for (char ch : ascii) {
    out += ch;
    out += '\0';
  }
  return out;
}

// Windows SIM's hiding: base64 of UTF-16LE(password + element name).
std::string unattend_hide(const std::string& password, const std::string& element) {
  return base64(utf16le(password + element));
}

// [MS-GPPREF] 2.2.1.1.4: AES-256-CBC, zero IV, of the UTF-16LE password; base64 without padding.
std::string gpp_encrypt(const std::string& password) {
  const unsigned char k[32] = {0x4e, 0x99, 0x06, 0xe8, 0xfc, 0xb6, 0x6c, 0xc9, 0xfa, 0xf4, 0x93,
                               0x10, 0x62, 0x0f, 0xfe, 0xe8, 0xf4, 0x96, 0xe8, 0x06, 0xcc, 0x05,
                               0x79, 0x90, 0x20, 0x9b, 0x09, 0xa4, 0x33, 0xb6, 0x6c, 0x1b};
  std::string b64 = base64(encrypt(EVP_aes_256_cbc(), std::string(reinterpret_cast<const char*>(k), 32),
                                   std::string(16, '\0'), utf16le(password), true));
  while (!b64.empty() && b64.back() == '=') b64.pop_back();
  return b64;
}

// VNC: the password cut or zero-padded to 8 bytes, one DES block under the
// fixed key (e84ad660c4721ae0 once each byte's bits are in DES order), as hex.
std::string vnc_encrypt(const std::string& password) {
  const std::string key("\xe8\x4a\xd6\x60\xc4\x72\x1a\xe0", 8);
  std::string block = password.substr(0, 8);
  block.resize(8, '\0');
  const std::string raw = encrypt(EVP_des_ede3_ecb(), key + key + key, "", block, false);
  static const char* digits = "0123456789abcdef";
  std::string hex;
  for (unsigned char ch : raw) {
    hex += digits[ch >> 4];
    hex += digits[ch & 15];
  }
  return hex;
}

std::string answer_file(const std::string& admin_value, bool admin_plain, const std::string& autologon_password,
                        const std::string& local_value, const std::string& join_password) {
  return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"                                   // 1
         "<unattend xmlns=\"urn:schemas-microsoft-com:unattend\">\n"                      // 2
         "  <settings pass=\"specialize\">\n"                                             // 3
         "    <component name=\"Microsoft-Windows-Shell-Setup\" processorArchitecture=\"amd64\">\n"  // 4
         "      <ComputerName>WEB-07</ComputerName>\n"                                   // 5
         "    </component>\n"                                                            // 6
         "    <component name=\"Microsoft-Windows-UnattendedJoin\" processorArchitecture=\"amd64\">\n"  // 7
         "      <Identification>\n"                                                      // 8
         "        <Credentials>\n"                                                       // 9
         "          <Domain>corp.acme.io</Domain>\n"                                     // 10
         "          <Password>" + join_password + "</Password>\n"                        // 11
         "          <Username>svc_join</Username>\n"                                     // 12
         "        </Credentials>\n"                                                      // 13
         "        <JoinDomain>corp.acme.io</JoinDomain>\n"                               // 14
         "      </Identification>\n"                                                     // 15
         "    </component>\n"                                                            // 16
         "  </settings>\n"                                                               // 17
         "  <settings pass=\"oobeSystem\">\n"                                            // 18
         "    <component name=\"Microsoft-Windows-Shell-Setup\" processorArchitecture=\"amd64\">\n"  // 19
         "      <AutoLogon>\n"                                                           // 20
         "        <Password>\n"                                                          // 21
         "          <Value>" + autologon_password + "</Value>\n"                         // 22
         "          <PlainText>true</PlainText>\n"                                       // 23
         "        </Password>\n"                                                         // 24
         "        <Enabled>true</Enabled>\n"                                             // 25
         "        <LogonCount>1</LogonCount>\n"                                          // 26
         "        <Username>deploy</Username>\n"                                         // 27
         "      </AutoLogon>\n"                                                          // 28
         "      <UserAccounts>\n"                                                        // 29
         "        <AdministratorPassword>\n"                                             // 30
         "          <Value>" + admin_value + "</Value>\n"                                // 31
         "          <PlainText>" + (admin_plain ? "true" : "false") + "</PlainText>\n"   // 32
         "        </AdministratorPassword>\n"                                            // 33
         "        <LocalAccounts>\n"                                                     // 34
         "          <LocalAccount wcm:action=\"add\">\n"                                 // 35
         "            <Password>\n"                                                      // 36
         "              <Value>" + local_value + "</Value>\n"                            // 37
         "              <PlainText>false</PlainText>\n"                                  // 38
         "            </Password>\n"                                                     // 39
         "            <Group>Administrators</Group>\n"                                   // 40
         "            <Name>deploy</Name>\n"                                             // 41
         "          </LocalAccount>\n"                                                   // 42
         "        </LocalAccounts>\n"                                                    // 43
         "      </UserAccounts>\n"                                                       // 44
         "    </component>\n"                                                            // 45
         "  </settings>\n"                                                               // 46
         "</unattend>\n";
}

}  // namespace

TEST_CASE("analyze: a Windows answer file's passwords, hidden ones unhidden to fingerprint them") {
  const std::string admin = random_password(), autologon = random_password(), local = random_password(),
                    join = random_password();
  const std::string admin_hidden = unattend_hide(admin, "AdministratorPassword");
  const auto r = analyze("packer/win2022/autounattend.xml",
                         answer_file(admin_hidden, false, autologon, unattend_hide(local, "Password"), join));
  REQUIRE(r.identities.size() == 4);

  const auto& a = fact(r, "password", "Administrator@WEB-07");
  CHECK(a.line == 31);
  CHECK(a.provider == "windows");
  CHECK(attribute(a, "setting") == "administrator password");
  CHECK(attribute(a, "encoding") == "unattend-hidden-base64");
  CHECK(attribute(a, "fingerprint") == nhi::fingerprint_of(admin_hidden));  // what the rule reports
  CHECK(attribute(a, "fingerprint.decrypted") == nhi::fingerprint_of(admin));
  CHECK(attribute(a, "component") == "Microsoft-Windows-Shell-Setup");
  CHECK(attribute(a, "pass") == "oobeSystem");
  CHECK(attribute(a, "computer_name") == "WEB-07");

  // The AutoLogon account and the local account are both deploy@WEB-07; the setting tells them apart.
  std::size_t deploy = 0;
  for (const auto& f : r.identities)
    if (f.name == "deploy@WEB-07") {
      ++deploy;
      if (attribute(f, "setting") == "autologon") {
        CHECK(f.line == 22);
        CHECK(attribute(f, "encoding") == "plain");
        CHECK(attribute(f, "fingerprint") == nhi::fingerprint_of(autologon));
      } else {
        CHECK(attribute(f, "setting") == "local account");
        CHECK(f.line == 37);
        CHECK(attribute(f, "group") == "Administrators");
        CHECK(attribute(f, "fingerprint.decrypted") == nhi::fingerprint_of(local));
      }
    }
  CHECK(deploy == 2);

  const auto& j = fact(r, "password", "svc_join@corp.acme.io");
  CHECK(j.line == 11);
  CHECK(attribute(j, "setting") == "domain join");
  CHECK(attribute(j, "component") == "Microsoft-Windows-UnattendedJoin");
  CHECK(attribute(j, "fingerprint") == nhi::fingerprint_of(join));
  CHECK(r.findings.empty());
  for (const std::string& secret : {admin, autologon, local, join}) check_no_secret(r, secret);
}

TEST_CASE("analyze: answer-file values that are no password, and the public defaults of Vagrant boxes") {
  // Setup's own erasure, templates of Packer, Terraform and MDT, empty values: nothing.
  const auto none = analyze("autounattend.xml", answer_file("*SENSITIVE*DATA*DELETED*", true,
                                                            "{{ user `winrm_password` }}",
                                                            unattend_hide("%AdminPassword%", "Password"),
                                                            "${var.join_password}"));
  CHECK(none.identities.empty());
  const auto empty = analyze("autounattend.xml", answer_file("", true, "", "", ""));
  CHECK(empty.identities.empty());
  CHECK(analyze("Autounattend.xml", answer_file(unattend_hide("", "AdministratorPassword"), false, "__AutoLogonPw__",
                                                "", "@@JOIN_PASSWORD@@"))
            .identities.empty());

  // vagrant/vagrant is a documented convention: reported as the identity it
  // is, marked, with a low finding that the image takes a public password.
  const auto box = analyze("answer_files/2019/Autounattend.xml",
                           answer_file("vagrant", true, "vagrant", unattend_hide("vagrant", "Password"), ""));
  REQUIRE(box.identities.size() == 3);
  for (const auto& f : box.identities) CHECK(attribute(f, "well_known_default") == "vagrant-box");
  CHECK(findings(box, "windows-unattend-well-known-password").size() == 3);
  CHECK(finding(box, "windows-unattend-well-known-password", "Administrator@WEB-07").severity == "low");
}

TEST_CASE("analyze: answer files are found by their namespace and read in UTF-16, a hidden value that is not is kept") {
  const std::string admin = random_password();
  const std::string xml = answer_file(admin, true, "", "", "");
  // Another name, UTF-16LE with a byte order mark as Windows SIM can save it.
  const auto wide = analyze("deploy/Control/002/Unattend-Server.xml", "\xFF\xFE" + utf16le(xml));
  CHECK(attribute(fact(wide, "password", "Administrator@WEB-07"), "fingerprint") == nhi::fingerprint_of(admin));
  // Not the hidden form: fingerprinted as stored, flagged.
  const auto odd = analyze("unattend.xml", answer_file("bm90LWhpZGRlbg==", false, "", "", ""));
  const auto& f = fact(odd, "password", "Administrator@WEB-07");
  CHECK(attribute(f, "decrypt_error") == "not base64 of UTF-16LE text ending in the element's name");
  CHECK(attribute(f, "fingerprint.decrypted").empty());
  // A computer name Setup makes up ("*"): the account alone.
  std::string generated = xml;
  generated.replace(generated.find("WEB-07"), 6, "*");
  const auto g = analyze("sysprep.xml", generated);
  CHECK(attribute(fact(g, "password", "Administrator"), "computer_name") == "generated by Setup");
  // Cut anywhere: no crash, no throw.
  for (std::size_t cut = 0; cut < xml.size(); cut += 37)
    CHECK(nhi::analyze_file("autounattend.xml", xml.substr(0, cut)).is_ok());
  // An XML that is not an answer file is not read as one.
  CHECK(analyze("pom.xml", "<project><password><Value>x</Value></password></project>").identities.empty());
}

TEST_CASE("analyze: Group Policy Preferences cpasswords decrypt under Microsoft's published key") {
  const std::string admin = random_password(), service = random_password(), task = random_password();
  const std::string groups =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
      "<Groups clsid=\"{3125E937-EB16-4b4c-9934-544FC6D24D26}\">\n"
      "  <User clsid=\"{DF5F1855-51E5-4d24-8B1A-D9BDE98BA1D1}\" name=\"Administrator (built-in)\" image=\"2\" "
      "changed=\"2019-03-04 10:12:44\" uid=\"{A1B2C3D4-0000-4000-8000-000000000001}\">\n"
      "    <Properties action=\"U\" newName=\"\" fullName=\"\" description=\"\" cpassword=\"" + gpp_encrypt(admin) +
      "\" changeLogon=\"0\" noChange=\"0\" neverExpires=\"1\" acctDisabled=\"0\" "
      "userName=\"Administrator (built-in)\"/>\n"
      "  </User>\n"
      "  <User clsid=\"{DF5F1855-51E5-4d24-8B1A-D9BDE98BA1D1}\" name=\"kiosk\" image=\"2\">\n"
      "    <Properties action=\"U\" newName=\"\" cpassword=\"\" userName=\"kiosk\"/>\n"
      "  </User>\n"
      "</Groups>\n";
  const auto g = analyze("sysvol/acme.io/Policies/{31B2F340-016D-11D2-945F-00C04FB984F9}/Machine/Preferences/Groups/"
                         "Groups.xml",
                         groups);
  REQUIRE(g.identities.size() == 1);
  const auto& a = fact(g, "password", "Administrator (built-in)");
  CHECK(a.line == 4);
  CHECK(a.provider == "windows");
  CHECK(attribute(a, "item") == "local user");
  CHECK(attribute(a, "item_name") == "Administrator (built-in)");
  CHECK(attribute(a, "encoding") == "gpp-aes256");
  CHECK(attribute(a, "fingerprint") == nhi::fingerprint_of(gpp_encrypt(admin)));
  CHECK(attribute(a, "fingerprint.decrypted") == nhi::fingerprint_of(admin));
  check_no_secret(g, admin);

  const auto s = analyze("Policies/{6AC1786C-016F-11D2-945F-00C04FB984F9}/Machine/Preferences/Services/Services.xml",
                         "<NTServices clsid=\"{2CFB484A-4E96-4b5d-A0B6-093D2F91E6AE}\">"
                         "<NTService clsid=\"{AB5F2A62-A9B2-4bd6-9C13-59BFDC2C8A5F}\" "
                         "name=\"AcmeBackup\"><Properties startupType=\"AUTOMATIC\" serviceName=\"AcmeBackup\" "
                         "accountName=\"ACME\\svc_backup\" cpassword=\"" + gpp_encrypt(service) +
                             "\"/></NTService></NTServices>\n");
  const auto& svc = fact(s, "password", "ACME\\svc_backup");
  CHECK(attribute(svc, "item") == "service");
  CHECK(attribute(svc, "serviceName") == "AcmeBackup");
  CHECK(attribute(svc, "fingerprint.decrypted") == nhi::fingerprint_of(service));

  const auto t = analyze("Preferences/ScheduledTasks/ScheduledTasks.xml",
                         "<ScheduledTasks clsid=\"{CC63F200-7309-4ba0-B154-A71CD118DBCC}\">"
                         "<Task clsid=\"{2DEECB1C-261F-4e13-9B21-16FB83BC03BD}\" "
                         "name=\"nightly\"><Properties action=\"C\" name=\"nightly\" runAs=\"ACME\\svc_tasks\" "
                         "cpassword=\"" +
                             gpp_encrypt(task) + "\" logonType=\"Password\"/></Task></ScheduledTasks>\n");
  CHECK(attribute(fact(t, "password", "ACME\\svc_tasks"), "fingerprint.decrypted") == nhi::fingerprint_of(task));

  // A mapped drive names the server too; a value that is not GPP's is kept and flagged.
  const std::string junk = base64(random_bytes(32));
  const auto d = analyze("Drives.xml", "<Drives clsid=\"{8FDDCC1A-0C3C-43cd-A6B4-71A6DF20DA8C}\">"
                                       "<Drive clsid=\"{935D1B74-9CB8-4e3c-9914-7DD559B7A417}\" "
                                       "name=\"S:\"><Properties action=\"U\" path=\"\\\\files01\\share\" "
                                       "userName=\"ACME\\mapper\" "
                                       "cpassword=\"" + junk + "\"/></Drive></Drives>\n");
  const auto& drive = fact(d, "password", "ACME\\mapper@files01");
  CHECK(attribute(drive, "decrypt_error") == "does not decrypt under the published GPP key");
  CHECK(attribute(drive, "path") == "\\\\files01\\share");
  // Templates are nothing; a cut file does not throw.
  CHECK(analyze("Groups.xml",
                "<Groups><User name=\"x\"><Properties cpassword=\"${GPP}\" userName=\"x\"/></User></Groups>")
            .identities.empty());
  CHECK(nhi::analyze_file("Groups.xml", groups.substr(0, groups.find("changeLogon"))).is_ok());
}

TEST_CASE("analyze: an .rdp file's saved password is a DPAPI blob of user@host") {
  const std::string blob = "01000000D08C9DDF0115D1118C7A00C04FC297EB01000000" + [] {
    std::string hex;
    for (unsigned char ch : random_bytes(100)) {
      static const char* digits = "0123456789ABCDEF";
      hex += digits[ch >> 4];
      hex += digits[ch & 15];
    }
    return hex;
  }();
  const auto r = analyze("ops/jump/dc1.rdp", "screen mode id:i:2\r\nfull address:s:dc1.corp.acme.io:3390\r\n"
                                             "gatewayhostname:s:rdg.acme.io\r\nusername:s:ACME\\ops\r\n"
                                             "password 51:b:" + blob + "\r\nprompt for credentials:i:0\r\n");
  REQUIRE(r.identities.size() == 1);
  const auto& f = fact(r, "password", "ACME\\ops@dc1.corp.acme.io");
  CHECK(f.line == 5);
  CHECK(f.provider == "rdp");
  CHECK(attribute(f, "port") == "3390");
  CHECK(attribute(f, "gateway") == "rdg.acme.io");
  CHECK(attribute(f, "encoding") == "dpapi");
  CHECK(attribute(f, "decrypt_error") == "DPAPI: readable only by the Windows user who saved it, on that machine");
  CHECK(attribute(f, "fingerprint") == nhi::fingerprint_of(blob));
  CHECK(analyze("x.rdp", "full address:s:h\nusername:s:u\nprompt for credentials:i:1\n").identities.empty());
  CHECK(nhi::analyze_file("x.rdp", "password 51:b").is_ok());
}

TEST_CASE("analyze: ASP.NET machineKey keys are reported for the site, AutoGenerate is not") {
  const std::string validation = "B6A13B1420B71FCFD146646B3E03541BBF4D76AE08E318FB8F369D5B2A153B9F";
  const std::string decryption = "865A4324EBDCE15A436C0EFD389333E9F4C3A044EF727FA6";
  const auto r = analyze("src/Acme.Portal/Web.config",
                         "<configuration>\n  <system.web>\n    <compilation targetFramework=\"4.8\" />\n"
                         "    <machineKey validationKey=\"" + validation + "\"\n                decryptionKey=\"" +
                             decryption + "\" validation=\"HMACSHA256\" decryption=\"AES\" />\n"
                         "  </system.web>\n</configuration>\n");
  REQUIRE(r.identities.size() == 2);
  const auto& v = fact(r, "secret_key", "machineKey.validationKey@Acme.Portal");
  CHECK(v.line == 4);
  CHECK(v.provider == "aspnet");
  CHECK(attribute(v, "algorithm") == "HMACSHA256");
  CHECK(attribute(v, "fingerprint") == nhi::fingerprint_of(validation));
  const auto& d = fact(r, "secret_key", "machineKey.decryptionKey@Acme.Portal");
  CHECK(d.line == 5);
  CHECK(attribute(d, "algorithm") == "AES");
  CHECK(attribute(d, "key_bits") == "192");
  CHECK(analyze("web.config",
                "<machineKey validationKey=\"AutoGenerate,IsolateApps\" decryptionKey=\"AutoGenerate,IsolateApps\" />")
            .identities.empty());
  CHECK(analyze("web.config", "<!-- <machineKey validationKey=\"" + validation + "\" /> -->").identities.empty());
  const auto m = analyze("Windows/Microsoft.NET/Framework64/v4.0.30319/Config/machine.config",
                         "<machineKey decryptionKey=\"" + decryption + "\" />");
  CHECK(has_fact(m, "secret_key", "machineKey.decryptionKey@machine.config"));
}

TEST_CASE("analyze: VNC passwords decrypt under the fixed DES key every VNC shares") {
  const std::string password = random_password().substr(0, 8), server = random_password().substr(0, 6);
  const auto r = analyze("Desktop/lab-ws3.vnc",
                         "[Connection]\nHost=10.20.0.15:5901\nPassword=" + vnc_encrypt(password) +
                                                    "\n[Options]\nUseLocalCursor=1\n");
  REQUIRE(r.identities.size() == 1);
  const auto& f = fact(r, "password", "10.20.0.15:5901");
  CHECK(f.provider == "vnc");
  CHECK(f.line == 3);
  CHECK(attribute(f, "fingerprint.decrypted") == nhi::fingerprint_of(password));
  check_no_secret(r, password);

  const auto reg = analyze("backup/tightvnc.reg", "Windows Registry Editor Version 5.00\n\n"
                                                  "[HKEY_LOCAL_MACHINE\\SOFTWARE\\TightVNC\\Server]\n"
                                                  "\"RfbPort\"=dword:0000170c\n\"Password\"=hex:" + [&] {
                                                    const std::string hex = vnc_encrypt(server);
                                                    std::string commas;
                                                    for (std::size_t i = 0; i < hex.size(); i += 2)
                                                      commas += (i ? "," : "") + hex.substr(i, 2);
                                                    return commas;
                                                  }() + "\n");
  REQUIRE(reg.identities.size() == 1);
  CHECK(attribute(reg.identities[0], "fingerprint.decrypted") == nhi::fingerprint_of(server));
  CHECK(attribute(reg.identities[0], "registry_key") == "HKEY_LOCAL_MACHINE\\SOFTWARE\\TightVNC\\Server");
  // Another program's "Password" in a registry export is not VNC's.
  CHECK(analyze("x.reg", "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Acme\\Agent]\n\"Password\"=hex:7e,d4,8b,ff,c4,d9,8d,ff\n")
            .identities.empty());
}
