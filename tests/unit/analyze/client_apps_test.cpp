// SPDX-License-Identifier: Apache-2.0
#include "unit/analyze/analyze_support.hpp"

#include <cctype>
#include <cstdio>
#include <memory>

#include "nhi/nhi.hpp"
#include "unit/analyze/scan_support.hpp"

using namespace analyze_test;

namespace {

// WinSCP's obfuscation, written for these tests from its published
// description: each byte as two upper-case hex digits of ~(byte ^ 0xA3); flag
// 0xFF, form 0 and a length byte (form 2 and two bytes past 255), a count of
// random bytes that follow, then user name, host name and password, then
// random bytes up to 50 in all.
std::string winscp_obfuscate(const std::string& user_and_host, const std::string& password) {
  std::string out;
  const auto put = [&out](unsigned byte) {
    char hex[3];
    std::snprintf(hex, sizeof hex, "%02X", ~(byte ^ 0xA3u) & 0xFFu);
    out += hex;
  };
  const std::string text = user_and_host + password;
  put(0xFF);
  if (text.size() > 255) {
    put(0x02);
    put(static_cast<unsigned>(text.size() >> 8));
    put(static_cast<unsigned>(text.size() & 0xFF));
  } else {
    put(0x00);
    put(static_cast<unsigned>(text.size()));
  }
  const std::size_t used = out.size() / 2 + 1 + text.size();
  const std::size_t skipped = used < 50 ? std::uniform_int_distribution<std::size_t>(0, 49 - used)(test_rng()) : 0;
  const std::string shift = random_bytes(skipped);
  put(static_cast<unsigned>(shift.size()));
  for (char ch : shift + text) put(static_cast<unsigned char>(ch));
  for (char ch : random_bytes(out.size() < 100 ? (100 - out.size()) / 2 : 0)) put(static_cast<unsigned char>(ch));
  return out;
}

std::string winscp_ini(const std::string& user, const std::string& host, const std::string& password) {
  return "[Sessions\\" + user + "@" + host + "]\nHostName=" + host + "\nUserName=" + user + "\nPassword=" + password +
         "\n";
}

// The fact a DBeaver credential store gave for a connection (not the data-sources fact of the same name).
const nhi::identity_fact& saved_login(const nhi::analysis_result& r, const std::string& name) {
  for (const auto& f : r.identities)
    if (f.name == name && attribute(f, "encoding") == "dbeaver-aes") return f;
  return fact(r, "saved DBeaver login", name);  // fails, listing the facts
}

// credentials-config.json as DBeaver writes it: a random IV, then the JSON
// under AES-128-CBC with the key every installation shares.
std::string dbeaver_store(const std::string& json) {
  const std::string key("\xba\xbb\x4a\x9f\x77\x4a\xb8\x53\xc9\x6c\x2d\x65\x3d\xfe\x54\x4a", 16);
  const std::string iv = random_bytes(16);
  return iv + encrypt(EVP_aes_128_cbc(), key, iv, json, true);
}

}  // namespace

TEST_CASE("analyze: mutt passwords with the mailbox they open") {
  const auto r = analyze_fixture("home/ops/.muttrc", "credentials/muttrc");
  REQUIRE(r.identities.size() == 2);
  const auto& imap = fact(r, "password", "ops@acme.io@imap.acme.io");
  CHECK(imap.line == 5);
  CHECK(attribute(imap, "setting") == "imap_pass");
  CHECK(attribute(imap, "fingerprint") == nhi::fingerprint_of("Wq4zT8vLm2Rk"));
  // smtp_pass runs `pass show ...`: the user and host come from smtp_url, no value is stored.
  const auto& smtp = fact(r, "password", "ops@acme.io@smtp.acme.io");
  CHECK(attribute(smtp, "value_source") == "command");
  CHECK(attribute(smtp, "fingerprint").empty());
  check_no_secret(r, "Wq4zT8vLm2Rk");

  auto other = nhi::analyze_file("home/ops/.config/mutt/muttrc", "set pop_user = ops\nset pop_host = pops://pop.acme.io\nset pop_pass = Zt5qW9mLx3Rv\n");
  REQUIRE(other.is_ok());
  CHECK(fact(*other, "password", "ops@pop.acme.io").line == 3);
}

TEST_CASE("analyze: fetchmail entries over one or several lines") {
  const auto r = analyze_fixture("home/backup/.fetchmailrc", "credentials/fetchmailrc");
  REQUIRE(r.identities.size() == 2);  // the kerberos entry has no password
  const auto& imap = fact(r, "password", "backup@acme.io@imap.acme.io");
  CHECK(imap.line == 6);
  CHECK(attribute(imap, "protocol") == "imap");
  const auto& pop = fact(r, "password", "archive@pop.legacy.acme.io");
  CHECK(pop.line == 9);
  CHECK(attribute(pop, "fingerprint") == nhi::fingerprint_of("Zr3kW8mVq5Tn"));
  check_no_secret(r, "Hm7vQ2xTk9Lw");
}

TEST_CASE("analyze: VS Code SFTP connections, password and key passphrase") {
  const auto r = analyze_fixture("shop/.vscode/sftp.json", "credentials/sftp.json");
  REQUIRE(r.identities.size() == 2);
  const auto& prod = fact(r, "password", "deploy@web1.acme.io");
  CHECK(prod.line == 8);
  CHECK(attribute(prod, "port") == "22");
  CHECK(attribute(prod, "connection") == "production");
  const auto& stage = fact(r, "password", "deploy@stage.acme.io");
  CHECK(attribute(stage, "setting") == "passphrase");
  check_no_secret(r, "Tk8vLq2Zm5Wx");
  // The same name outside .vscode is someone else's file.
  auto elsewhere = nhi::analyze_file("tools/sftp.json", "{\"host\": \"h\", \"password\": \"Tk8vLq2Zm5Wx\"}");
  REQUIRE(elsewhere.is_ok());
  CHECK(elsewhere->identities.empty());
}

TEST_CASE("analyze: WinSCP sessions and FileZilla sites") {
  const auto w = analyze_fixture("Users/ops/AppData/Roaming/WinSCP.ini", "credentials/WinSCP.ini");
  REQUIRE(w.identities.size() == 1);  // the second session saved no password
  const auto& s = fact(w, "password", "deploy@web1.acme.io");
  CHECK(s.line == 8);
  CHECK(attribute(s, "encoding") == "winscp-obfuscated");
  CHECK(attribute(s, "port") == "2222");
  CHECK(attribute(s, "fingerprint") == nhi::fingerprint_of("A35C4A5D1D6E6A2E333D3B3C6D6C6B723A2B3C3D7E6F5E5D5C"));
  // The fixture's value is cut short of the length it declares: kept as stored.
  CHECK(attribute(s, "decrypt_error") == "shorter than its length byte says");
  CHECK(attribute(s, "fingerprint.decrypted").empty());

  const auto f = analyze_fixture("Users/ops/AppData/Roaming/FileZilla/sitemanager.xml", "credentials/sitemanager.xml");
  REQUIRE(f.identities.size() == 1);  // the partner site asks for its password
  const auto& site = fact(f, "password", "webdeploy@ftp.acme.io");
  CHECK(site.line == 10);
  CHECK(attribute(site, "encoding") == "base64");
  CHECK(attribute(site, "site") == "acme web");
  CHECK(attribute(site, "fingerprint") == nhi::fingerprint_of("UnE4dlRtMkx4OVdr"));
}

TEST_CASE("analyze: WinSCP passwords are recovered from their obfuscation to fingerprint them") {
  const std::string password = random_password();
  const std::string stored = winscp_obfuscate("deploy" "web1.acme.io", password);
  auto r = nhi::analyze_file("WinSCP.ini", winscp_ini("deploy", "web1.acme.io", stored));
  REQUIRE(r.is_ok());
  const auto& s = fact(*r, "password", "deploy@web1.acme.io");
  CHECK(attribute(s, "encoding") == "winscp-obfuscated");
  CHECK(attribute(s, "fingerprint") == nhi::fingerprint_of(stored));  // what the rules find
  CHECK(attribute(s, "fingerprint.decrypted") == nhi::fingerprint_of(password));
  CHECK(attribute(s, "decrypt_error").empty());
  check_no_secret(*r, password);

  // Past 255 bytes of user, host and password WinSCP writes a two-byte length.
  const std::string long_password = random_password() + std::string(280, 'k');
  auto long_one = nhi::analyze_file("WinSCP.ini", winscp_ini("deploy", "web1.acme.io",
                                                             winscp_obfuscate("deploy" "web1.acme.io", long_password)));
  REQUIRE(long_one.is_ok());
  CHECK(attribute(fact(*long_one, "password", "deploy@web1.acme.io"), "fingerprint.decrypted") ==
        nhi::fingerprint_of(long_password));

  // The same in a registry export.
  const std::string reg = "Windows Registry Editor Version 5.00\n\n"
                          "[HKEY_CURRENT_USER\\Software\\Martin Prikryl\\WinSCP 2\\Sessions\\ops@db]\n"
                          "\"HostName\"=\"db.acme.io\"\n\"UserName\"=\"ops\"\n\"Password\"=\"" +
                          winscp_obfuscate("ops" "db.acme.io", password) + "\"\n";
  auto registry = nhi::analyze_file("sessions.reg", reg);
  REQUIRE(registry.is_ok());
  CHECK(attribute(fact(*registry, "password", "ops@db.acme.io"), "fingerprint.decrypted") ==
        nhi::fingerprint_of(password));
  check_no_secret(*registry, password);

  // A password that recovers empty is no saved password.
  auto empty = nhi::analyze_file("WinSCP.ini",
                                 winscp_ini("deploy", "web1.acme.io", winscp_obfuscate("deploy" "web1.acme.io", "")));
  REQUIRE(empty.is_ok());
  CHECK(empty->identities.empty());
}

TEST_CASE("analyze: WinSCP values that do not recover are fingerprinted as stored and say why") {
  const std::string password = random_password();
  const std::string stored = winscp_obfuscate("deploy" "web1.acme.io", password);
  const auto why = [](const std::string& user, const std::string& value) {
    auto r = nhi::analyze_file("WinSCP.ini", winscp_ini(user, "web1.acme.io", value));
    REQUIRE(r.is_ok());
    const auto& s = fact(*r, "password", user + "@web1.acme.io");
    CHECK(attribute(s, "fingerprint") == nhi::fingerprint_of(value));
    CHECK(attribute(s, "fingerprint.decrypted").empty());
    CHECK(attribute(s, "encoding") == "winscp-obfuscated");
    return attribute(s, "decrypt_error");
  };
  CHECK(why("deploy", stored + "A") == "not WinSCP's hex");  // odd length
  std::string lower = stored;
  for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  CHECK(why("deploy", lower) == "not WinSCP's hex");
  CHECK(why("deploy", stored.substr(0, 10)) == "shorter than its length byte says");
  // Obfuscated for another user name: the text does not start with this session's.
  CHECK(why("admin", stored) == "does not start with the session's user and host names");
  // Flag 0xFF, form 1: AES under a master password the file does not hold.
  CHECK(why("deploy", "A35DA0B1C2D3E4F5A6B7C8D9E0F1") == "encrypted under a WinSCP master password");
  CHECK(why("deploy", "A35D" + stored.substr(4)) == "encrypted under a WinSCP master password");
  CHECK(why("deploy", "A0" + stored.substr(2)) ==
        "no WinSCP flag byte (an older form without the user and host names)");
  CHECK(why("deploy", "A359" + stored.substr(4)) == "an unknown WinSCP form");
}

TEST_CASE("analyze: DBeaver connections and its credential store") {
  const auto r = analyze_fixture("home/dev/.local/share/DBeaverData/workspace6/General/.dbeaver/data-sources.json",
                                 "credentials/data-sources.json");
  REQUIRE(r.identities.size() == 3);  // the SQLite file has no login; the MySQL one an SSH tunnel
  const auto& tunnel = fact(r, "password", "bastion.acme.io");
  CHECK(tunnel.provider == "ssh");
  CHECK(attribute(tunnel, "port") == "2222");
  CHECK(attribute(tunnel, "tunnel") == "network/ssh_tunnel");
  CHECK(attribute(tunnel, "connection_id") == "mysql8-18c3a1b2f4e-1a2b3c4d5e6f7081");
  CHECK(attribute(tunnel, "value_source") == "dbeaver-credentials-config");
  const auto& pg = fact(r, "password", "orders_ro@db.acme.io");
  CHECK(pg.provider == "postgres");
  CHECK(attribute(pg, "value_source") == "dbeaver-credentials-config");
  CHECK(attribute(pg, "database") == "orders");
  const auto& my = fact(r, "password", "shop@mysql.legacy.acme.io");
  CHECK(my.provider == "mysql");
  CHECK(attribute(my, "fingerprint") == nhi::fingerprint_of("Vn3qK8zTm2Lx"));
  check_no_secret(r, "Vn3qK8zTm2Lx");

  CHECK(attribute(pg, "connection_id") == "postgres-jdbc-18c3a1b2f4e-5d2a7c9e1b3f4a6d");
}

TEST_CASE("analyze: DBeaver's credential store is decrypted with its built-in key to fingerprint each password") {
  const std::string path = "home/dev/.local/share/DBeaverData/workspace6/General/.dbeaver/credentials-config.json";
  const auto c = analyze_fixture(path, "credentials/dbeaver-credentials-config.json");
  CHECK(findings(c, "dbeaver-credentials-store").size() == 1);
  REQUIRE(c.identities.size() == 2);  // the MySQL connection saved its user only; its SSH tunnel a password
  const auto& pg = fact(c, "password", "orders_ro@postgres-jdbc-18c3a1b2f4e-5d2a7c9e1b3f4a6d");
  CHECK(pg.provider == "postgres");
  CHECK(attribute(pg, "connection_id") == "postgres-jdbc-18c3a1b2f4e-5d2a7c9e1b3f4a6d");
  CHECK(attribute(pg, "credential") == "#connection");
  CHECK(attribute(pg, "host").empty());
  CHECK(attribute(pg, "fingerprint") == nhi::fingerprint_of("gb2UFha3POiO5e"));
  const auto& tunnel = fact(c, "password", "jump@mysql8-18c3a1b2f4e-1a2b3c4d5e6f7081");
  CHECK(attribute(tunnel, "credential") == "network/ssh_tunnel");
  CHECK(attribute(tunnel, "fingerprint") == nhi::fingerprint_of("K8T4ZDlP3WSKf"));
  check_no_secret(c, "gb2UFha3POiO5e");
  check_no_secret(c, "K8T4ZDlP3WSKf");

  // Another key (or random bytes of whole blocks): the store is reported, nothing decrypted.
  auto other = nhi::analyze_file(path, std::string(48, '\x5a'));
  REQUIRE(other.is_ok());
  CHECK(findings(*other, "dbeaver-credentials-store").size() == 1);
  CHECK(other->identities.empty());
  // Truncated: not whole AES blocks, a parse error that says so.
  const std::string store = read_fixture("credentials/dbeaver-credentials-config.json");
  auto cut = nhi::analyze_file(path, store.substr(0, store.size() - 5));
  REQUIRE_FALSE(cut.is_ok());
  CHECK(cut.error().code() == nhi::errc::parse_error);
  CHECK(cut.error().message().find("whole 16-byte AES blocks") != std::string::npos);
}

// A scan skips binary files for the rules; the structure analyzer still reads
// DBeaver's store (AES output holds NUL bytes: this fixture has one).
TEST_CASE("analyze: a scan hands DBeaver's binary store to the structure analyzer, not to the rules") {
  const std::string store = read_fixture("credentials/dbeaver-credentials-config.json");
  REQUIRE(store.find('\0') != std::string::npos);
  auto rules = nhi::rule_set::builtin();
  REQUIRE(rules.is_ok());
  auto analyzer = std::make_shared<nhi::structure_analyzer>();
  nhi::scan_options o;
  o.detectors.push_back(analyzer);
  std::vector<nhi::finding> found;
  std::vector<nhi::diagnostic> diagnostics;
  nhi::scanner(rules.value(), o).scan_buffer(store, nhi::origin{"ws/General/.dbeaver/credentials-config.json", std::nullopt},
                                             found, &diagnostics);
  CHECK(found.empty());
  const nhi::analysis_result r = analyzer->take();
  CHECK(r.identities.size() == 2);
  CHECK(findings(r, "dbeaver-credentials-store").size() == 1);
  // Any other binary file is not handed on.
  nhi::scanner(rules.value(), o).scan_buffer(store, nhi::origin{"ws/General/.dbeaver/other.bin", std::nullopt}, found,
                                             &diagnostics);
  CHECK(analyzer->take().identities.empty());
}

// Files are analysed one at a time; the scan's end joins a login of the
// credential store to the host its connection names in data-sources.json.
TEST_CASE("analyze: a scan joins DBeaver's saved logins to their connection's host") {
  const std::string sources = read_fixture("credentials/data-sources.json");
  const auto scan = scan_tree({{"ws/General/.dbeaver/data-sources.json", sources},
                               {"ws/General/.dbeaver/credentials-config.json",
                                read_fixture("credentials/dbeaver-credentials-config.json")}});
  const auto& pg = saved_login(scan.result, "orders_ro@db.acme.io");
  CHECK(pg.provider == "postgres");
  CHECK(attribute(pg, "fingerprint") == nhi::fingerprint_of("gb2UFha3POiO5e"));
  CHECK(attribute(pg, "host") == "db.acme.io");
  CHECK(attribute(pg, "port") == "5432");
  CHECK(attribute(pg, "database") == "orders");
  CHECK(attribute(pg, "connection") == "orders (prod)");
  CHECK(attribute(pg, "connection_id") == "postgres-jdbc-18c3a1b2f4e-5d2a7c9e1b3f4a6d");
  CHECK(attribute(pg, "data_sources") == scan.root + "/ws/General/.dbeaver/data-sources.json");
  // An SSH tunnel's password opens the tunnel's host, not the database's.
  const auto& jump = saved_login(scan.result, "jump@bastion.acme.io");
  CHECK(jump.provider == "ssh");
  CHECK(attribute(jump, "host") == "bastion.acme.io");
  CHECK(attribute(jump, "port") == "2222");
  CHECK(attribute(jump, "database").empty());
  CHECK(attribute(jump, "credential") == "network/ssh_tunnel");
  CHECK(attribute(jump, "fingerprint") == nhi::fingerprint_of("K8T4ZDlP3WSKf"));
  CHECK(attribute(fact(scan.result, "password", "shop@mysql.legacy.acme.io"), "credential").empty());  // the file's own
  check_no_secret(scan.result, "gb2UFha3POiO5e");

  // A login without a user takes the connection's, a connection without a
  // user the login's (DBeaver keeps both in the store when it saves them);
  // an id no connection has, and a store in another project's directory,
  // keep user@CONNECTION-ID.
  const std::string password = random_password(), other = random_password(), report = random_password();
  const std::string store = dbeaver_store(
      "{\"postgres-jdbc-18c3a1b2f4e-5d2a7c9e1b3f4a6d\": {\"#connection\": {\"password\": \"" + password +
      "\"}}, \"mysql8-gone\": {\"#connection\": {\"user\": \"svc\", \"password\": \"" + other +
      "\"}}, \"mariadb-7f3e\": {\"#connection\": {\"user\": \"report\", \"password\": \"" + report + "\"}}}");
  std::string more_sources = sources;
  more_sources.replace(more_sources.find("\"connections\": {"), 16,
                       "\"connections\": {\"mariadb-7f3e\": {\"provider\": \"mysql\", \"save-password\": true, "
                       "\"configuration\": {\"host\": \"maria.acme.io\", \"port\": \"3307\"}},");
  const auto more = scan_tree({{"ws/General/.dbeaver/data-sources.json", more_sources},
                               {"ws/General/.dbeaver/credentials-config.json", store},
                               {"ws/Other/.dbeaver/credentials-config.json", store}});
  std::vector<const nhi::identity_fact*> joined;
  for (const auto& f : more.result.identities)
    if (attribute(f, "encoding") == "dbeaver-aes" && f.name == "orders_ro@db.acme.io") joined.push_back(&f);
  REQUIRE(joined.size() == 1);
  CHECK(joined[0]->path == more.root + "/ws/General/.dbeaver/credentials-config.json");
  CHECK(attribute(*joined[0], "username") == "orders_ro");
  CHECK(attribute(*joined[0], "fingerprint") == nhi::fingerprint_of(password));
  const auto& unjoined = saved_login(more.result, "postgres-jdbc-18c3a1b2f4e-5d2a7c9e1b3f4a6d");
  CHECK(unjoined.path == more.root + "/ws/Other/.dbeaver/credentials-config.json");
  CHECK(attribute(unjoined, "host").empty());
  CHECK(attribute(saved_login(more.result, "svc@mysql8-gone"), "fingerprint") == nhi::fingerprint_of(other));
  CHECK(attribute(saved_login(more.result, "svc@mysql8-gone"), "data_sources").empty());
  const auto& maria = saved_login(more.result, "report@maria.acme.io");
  CHECK(attribute(maria, "port") == "3307");
  CHECK(attribute(maria, "fingerprint") == nhi::fingerprint_of(report));
  for (const std::string& secret : {password, other, report}) check_no_secret(more.result, secret);
}

TEST_CASE("analyze: Rails master and per-environment keys") {
  const auto r = analyze_fixture("shop/config/master.key", "credentials/master.key");
  const auto& key = fact(r, "secret_key", "rails master key");
  CHECK(key.provider == "rails");
  CHECK(attribute(key, "decrypts") == "config/credentials.yml.enc");
  CHECK(attribute(key, "fingerprint") == nhi::fingerprint_of("4f1c9e2b7a6d3058e1b4c7a29d0f6e83"));
  CHECK(finding(r, "rails-master-key", "rails master key").severity == "critical");
  check_no_secret(r, "4f1c9e2b7a6d3058e1b4c7a29d0f6e83");

  const auto p = analyze_fixture("shop/config/credentials/production.key", "credentials/master.key");
  CHECK(fact(p, "secret_key", "rails credentials key (production)").environment == "production");
  // Not 32 hex digits: some other key file.
  auto other = nhi::analyze_file("shop/config/master.key", "-----BEGIN PRIVATE KEY-----\n");
  REQUIRE(other.is_ok());
  CHECK(other->identities.empty());
}
