// SPDX-License-Identifier: Apache-2.0
#include "unit/analyze/analyze_support.hpp"

#include <memory>

#include "nhi/nhi.hpp"

using namespace analyze_test;

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

  const auto f = analyze_fixture("Users/ops/AppData/Roaming/FileZilla/sitemanager.xml", "credentials/sitemanager.xml");
  REQUIRE(f.identities.size() == 1);  // the partner site asks for its password
  const auto& site = fact(f, "password", "webdeploy@ftp.acme.io");
  CHECK(site.line == 10);
  CHECK(attribute(site, "encoding") == "base64");
  CHECK(attribute(site, "site") == "acme web");
  CHECK(attribute(site, "fingerprint") == nhi::fingerprint_of("UnE4dlRtMkx4OVdr"));
}

TEST_CASE("analyze: DBeaver connections and its credential store") {
  const auto r = analyze_fixture("home/dev/.local/share/DBeaverData/workspace6/General/.dbeaver/data-sources.json",
                                 "credentials/data-sources.json");
  REQUIRE(r.identities.size() == 2);  // the SQLite file has no login
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
