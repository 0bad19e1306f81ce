// SPDX-License-Identifier: Apache-2.0
#include "unit/analyze/analyze_support.hpp"

using namespace analyze_test;

TEST_CASE("analyze: Maven settings.xml servers") {
  const auto r = analyze_fixture("home/dev/.m2/settings.xml", "credentials/maven-settings.xml");
  REQUIRE(r.identities.size() == 3);
  const auto& nexus = fact(r, "password", "deployer@nexus-releases");
  CHECK(nexus.provider == "maven");
  CHECK(nexus.line == 8);
  CHECK(attribute(nexus, "server_id") == "nexus-releases");
  CHECK(attribute(nexus, "fingerprint") == nhi::fingerprint_of("Tq8vLz2mWx5Rk3Pn"));
  CHECK(fact(r, "password", "acme-bot@github").provider == "github");
  CHECK(attribute(fact(r, "password", "${env.NEXUS_USER}@snapshots"), "value_source") == "reference");
  check_no_secret(r, "Tq8vLz2mWx5Rk3Pn");
  // Another tool's settings.xml is not Maven's.
  auto other = nhi::analyze_file("app/settings.xml", "<settings><theme>dark</theme></settings>");
  REQUIRE(other.is_ok());
  CHECK(other->identities.empty());
}

TEST_CASE("analyze: NuGet.Config feed credentials, plain and DPAPI") {
  const auto r = analyze_fixture("src/NuGet.Config", "credentials/NuGet.Config");
  REQUIRE(r.identities.size() == 2);
  const auto& feed = fact(r, "password", "ci-builder@pkgs.acme-corp.io");
  CHECK(feed.provider == "nuget");
  CHECK(feed.line == 10);
  CHECK(attribute(feed, "feed") == "acme-feed");
  CHECK(attribute(feed, "setting") == "ClearTextPassword");
  CHECK(attribute(feed, "fingerprint") == nhi::fingerprint_of("Hq7vR2mXk9Lp4tWz"));
  // The element name decodes _x0020_; no packageSources entry, so the feed name stands for the host.
  const auto& other = fact(r, "password", "dev@Other Feed");
  CHECK(other.line == 14);
  CHECK(attribute(other, "encoding") == "dpapi");
  check_no_secret(r, "Hq7vR2mXk9Lp4tWz");
}

TEST_CASE("analyze: Composer auth.json, one identity per host and method") {
  const auto r = analyze_fixture("home/dev/.composer/auth.json", "credentials/composer-auth.json");
  REQUIRE(r.identities.size() == 5);
  const auto& packagist = fact(r, "password", "token@repo.packagist.com");
  CHECK(packagist.line == 5);
  CHECK(packagist.provider == "composer");
  CHECK(attribute(packagist, "auth_method") == "http-basic");
  CHECK(fact(r, "password", "deploy@satis.acme-corp.io").line == 9);
  const auto& gh = fact(r, "token", "github.com");
  CHECK(gh.provider == "github");
  CHECK(gh.line == 13);
  CHECK(fact(r, "token", "gitlab.acme-corp.io").provider == "gitlab");
  const auto& bearer = fact(r, "token", "packages.acme-corp.io");
  CHECK(bearer.line == 19);
  CHECK(attribute(bearer, "auth_method") == "bearer");
  CHECK(attribute(bearer, "fingerprint") == nhi::fingerprint_of("Wm7qT2xLk9VrHq7vR2mXk9Lp"));
  check_no_secret(r, "Wm7qT2xLk9VrHq7vR2mXk9Lp");
  // A composer.json without auth settings is a manifest.
  auto manifest = nhi::analyze_file("composer.json", "{\"require\": {\"php\": \">=8.1\"}}");
  REQUIRE(manifest.is_ok());
  CHECK(manifest->identities.empty());
}

TEST_CASE("analyze: Terraform CLI credentials in HCL and JSON") {
  const auto rc = analyze_fixture("home/dev/.terraformrc", "credentials/terraformrc");
  REQUIRE(rc.identities.size() == 2);
  const auto& tfe = fact(rc, "token", "tfe.acme-corp.io");
  CHECK(tfe.provider == "terraform");
  CHECK(tfe.line == 8);
  CHECK(attribute(tfe, "fingerprint") == nhi::fingerprint_of("Hq7vR2mXk9Lp4tWzWm7qT2xLk9Vr"));
  CHECK(fact(rc, "token", "app.terraform.io").line == 4);

  const auto json = analyze_fixture("home/dev/.terraform.d/credentials.tfrc.json", "credentials/credentials.tfrc.json");
  REQUIRE(json.identities.size() == 2);
  CHECK(fact(json, "token", "tfe.acme-corp.io").line == 6);
  CHECK(attribute(fact(json, "token", "app.terraform.io"), "config_format") == "credentials.tfrc.json");
  check_no_secret(json, "Hq7vR2mXk9Lp4tWzWm7qT2xLk9Vr");
}

TEST_CASE("analyze: Yarn .yarnrc.yml tokens and idents by registry") {
  const auto r = analyze_fixture("web/.yarnrc.yml", "credentials/yarnrc.yml");
  REQUIRE(r.identities.size() == 3);
  const auto& scope = fact(r, "token", "npm.acme-corp.io");
  CHECK(scope.line == 6);
  CHECK(attribute(scope, "scope") == "@acme");
  const auto& ident = fact(r, "password", "acme-bot@npm.pkg.github.com");
  CHECK(ident.provider == "github");
  CHECK(ident.line == 10);
  CHECK(attribute(ident, "fingerprint") == nhi::fingerprint_of("acme-bot:Lr8vQ2mTz5Wk"));
  CHECK(attribute(fact(r, "token", "registry.yarnpkg.com"), "value_source") == "reference");
  check_no_secret(r, "Lr8vQ2mTz5Wk");
}

TEST_CASE("analyze: Tomcat users and Sublime SFTP connections") {
  const auto t = analyze_fixture("tomcat/conf/tomcat-users.xml", "credentials/tomcat-users.xml");
  REQUIRE(t.identities.size() == 2);  // the commented-out user is not one
  const auto& admin = fact(t, "password", "admin@tomcat");
  CHECK(admin.line == 5);
  CHECK(attribute(admin, "roles") == "manager-gui,admin-gui");
  CHECK(attribute(fact(t, "password", "deployer@tomcat"), "fingerprint") == nhi::fingerprint_of("Hq7vR2mXk9Lp4tWz"));
  check_no_secret(t, "Tq8vLz2mWx5Rk3Pn");

  const auto s = analyze_fixture("site/sftp-config.json", "credentials/sftp-config.json");
  REQUIRE(s.identities.size() == 1);
  const auto& deploy = fact(s, "password", "deploy@web1.acme-corp.io");
  CHECK(deploy.line == 11);
  CHECK(attribute(deploy, "protocol") == "sftp");
  CHECK(attribute(deploy, "remote_path") == "/var/www/site/");
  check_no_secret(s, "Lr8vQ2mTz5Wk");
}

TEST_CASE("analyze: Ansible inventories, INI and YAML") {
  const auto r = analyze_fixture("deploy/inventory/hosts.ini", "credentials/ansible-hosts.ini");
  REQUIRE(r.identities.size() == 5);
  const auto& web1 = fact(r, "password", "deploy@web1.acme-corp.io");
  CHECK(web1.line == 2);
  CHECK(attribute(web1, "setting") == "ansible_password");
  CHECK(attribute(web1, "group") == "web");
  auto reached = nhi::analyze_file("inventory/hosts", "[db]\ndb1 ansible_host=10.0.0.5 ansible_user=pg ansible_password=Zt5qW9mLx3Rv\n");
  REQUIRE(reached.is_ok());
  CHECK(attribute(fact(*reached, "password", "pg@db1"), "address") == "10.0.0.5");
  int web2 = 0;
  for (const auto& f : r.identities)
    if (f.name == "deploy@web2.acme-corp.io") {
      ++web2;
      CHECK(f.line == 3);
    }
  CHECK(web2 == 2);  // ansible_ssh_pass and ansible_become_password
  for (const auto& f : r.identities) {
    if (f.name != "dbadmin@ansible group db") continue;
    if (attribute(f, "setting") == "ansible_become_pass") {
      CHECK(f.line == 7);
      CHECK(attribute(f, "become_user") == "root");
    } else {
      CHECK(attribute(f, "setting") == "ansible_password");
      CHECK(attribute(f, "value_source") == "reference");  // {{ vault_db_password }}
    }
  }
  check_no_secret(r, "Tq8vLz2mWx5Rk3Pn");

  const auto y = analyze_fixture("deploy/inventory/hosts.yml", "credentials/ansible-hosts.yml");
  REQUIRE(y.identities.size() == 1);
  const auto& win = fact(y, "password", "Administrator@win1.acme-corp.io");
  CHECK(win.provider == "winrm");
  CHECK(win.line == 7);
  CHECK(attribute(win, "group") == "windows");

  auto vars = nhi::analyze_file("deploy/host_vars/db1.acme-corp.io.yml",
                                "ansible_user: postgres\nansible_become_password: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  6136\n");
  REQUIRE(vars.is_ok());
  CHECK(attribute(fact(*vars, "password", "postgres@db1.acme-corp.io"), "value_source") == "reference");
  // /etc/hosts is not an inventory.
  auto hosts = nhi::analyze_file("etc/hosts", "127.0.0.1 localhost\n");
  REQUIRE(hosts.is_ok());
  CHECK(hosts->identities.empty());
}

TEST_CASE("analyze: Postfix relays, PgBouncer users and SMB mounts") {
  const auto p = analyze_fixture("etc/postfix/sasl_passwd", "credentials/sasl_passwd");
  REQUIRE(p.identities.size() == 2);
  CHECK(fact(p, "password", "apikey@smtp.sendgrid.net").provider == "sendgrid");
  const auto& relay = fact(p, "password", "relay@acme-corp.io@smtp.acme-corp.io");
  CHECK(relay.line == 2);
  CHECK(attribute(relay, "port") == "587");
  check_no_secret(p, "Tq8vLz2mWx5Rk3Pn");

  const auto u = analyze_fixture("etc/pgbouncer/userlist.txt", "credentials/userlist.txt");
  REQUIRE(u.identities.size() == 3);
  CHECK(attribute(fact(u, "password", "app@pgbouncer"), "encoding") == "plain");
  CHECK(attribute(fact(u, "password", "reporting@pgbouncer"), "encoding") == "md5");
  CHECK(attribute(fact(u, "password", "admin@pgbouncer"), "encoding") == "scram-sha-256");

  const auto f = analyze_fixture("etc/fstab", "credentials/fstab");
  REQUIRE(f.identities.size() == 2);
  const auto& share = fact(f, "password", "backup@nas.acme-corp.lan");
  CHECK(share.provider == "smb");
  CHECK(share.line == 2);
  CHECK(attribute(share, "share") == "//nas.acme-corp.lan/backups");
  CHECK(attribute(share, "fingerprint") == nhi::fingerprint_of("Tq8vLz2mWx5Rk3Pn"));
  const auto& media = fact(f, "password", "nas.acme-corp.lan");
  CHECK(attribute(media, "credentials_file") == "/etc/samba/.smbcredentials");
  CHECK(attribute(media, "value_source") == "reference");
  check_no_secret(f, "Tq8vLz2mWx5Rk3Pn");
}

TEST_CASE("analyze: Wi-Fi networks in wpa_supplicant.conf and NetworkManager") {
  const auto w = analyze_fixture("etc/wpa_supplicant/wpa_supplicant.conf", "credentials/wpa_supplicant.conf");
  REQUIRE(w.identities.size() == 2);
  const auto& office = fact(w, "password", "wifi:acme-office");
  CHECK(office.line == 7);
  CHECK(office.provider == "wifi");
  CHECK(attribute(office, "fingerprint") == nhi::fingerprint_of("Wm7qT2xLk9Vr"));
  CHECK(fact(w, "password", "svc-kiosk@wifi:acme-corp").line == 16);
  check_no_secret(w, "Wm7qT2xLk9Vr");

  const auto n = analyze_fixture("etc/NetworkManager/system-connections/office.nmconnection",
                                 "credentials/office.nmconnection");
  REQUIRE(n.identities.size() == 1);
  CHECK(fact(n, "password", "wifi:acme-office").line == 13);
  check_no_secret(n, "Wm7qT2xLk9Vr");
}
