// SPDX-License-Identifier: Apache-2.0
// The user files of Java application servers (analyze/java_servers.cpp: Jetty
// realm.properties, WildFly properties realms) and the connection stores of
// database client tools (analyze/database_tools.cpp: SQuirreL SQL, Robo 3T,
// DbVisualizer). Every value is random, made in the test; Jetty's OBF: form is
// made here from its published description and checked against the example
// of Jetty's documentation.
#include <openssl/evp.h>

#include <algorithm>

#include "unit/analyze/analyze_support.hpp"
#include "unit/analyze/scan_support.hpp"

using namespace analyze_test;

namespace {

std::string base36(int n) {
  static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::string s;
  do {
    s.insert(s.begin(), digits[n % 36]);
    n /= 36;
  } while (n > 0);
  return s;
}

// Jetty's OBF: form as its Password tool writes it: for byte i of n, b1 =
// byte i and b2 = byte n-1-i; four base-36 digits of (127+b1+b2)*256 +
// (127+b1-b2) when both are ASCII, else "U" and four of b1*256+b2.
std::string jetty_obfuscate(const std::string& plain) {
  std::string out = "OBF:";
  const std::size_t n = plain.size();
  for (std::size_t i = 0; i < n; ++i) {
    const int b1 = static_cast<unsigned char>(plain[i]), b2 = static_cast<unsigned char>(plain[n - 1 - i]);
    if (b1 > 127 || b2 > 127) {
      const std::string x = base36(b1 * 256 + b2);
      out += "U" + std::string(4 - x.size(), '0') + x;
    } else {
      const std::string x = base36((127 + b1 + b2) * 256 + (127 + b1 - b2));
      out += std::string(4 - x.size(), '0') + x;
    }
  }
  return out;
}

std::string md5_hex(const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  REQUIRE(EVP_Digest(text.data(), text.size(), digest, &n, EVP_md5(), nullptr) == 1);
  static const char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < n; ++i) {
    const unsigned char b = digest[i];
    out += hex[b >> 4];
    out += hex[b & 15];
  }
  return out;
}

std::string random_hex_digest() {
  static const char hex[] = "0123456789abcdef";
  std::string s;
  for (unsigned char b : random_bytes(16)) {
    s += hex[b >> 4];
    s += hex[b & 15];
  }
  return s;
}

}  // namespace

TEST_CASE("analyze: Jetty's OBF: form is the published one, and random passwords recover from it") {
  // The example of Jetty's Password tool documentation.
  CHECK(jetty_obfuscate("secret") == "OBF:1yta1t331v8w1v9q1t331ytc");
  for (int i = 0; i < 50; ++i) {
    // Letters and digits, and bytes past ASCII (UTF-8 of "é", the "U" groups) now and then.
    const std::string plain = random_password() + (i % 3 == 0 ? "\xc3\xa9" : "") + (i % 5 == 0 ? "#,!" : "");
    const std::string stored = jetty_obfuscate(plain);
    auto r = nhi::analyze_file("etc/realm.properties", "svc: " + stored + ",user\n");
    REQUIRE(r.is_ok());
    const auto& f = fact(*r, "password", "svc@jetty");
    CHECK(attribute(f, "fingerprint") == nhi::fingerprint_of(stored));
    CHECK(attribute(f, "fingerprint.decrypted") == nhi::fingerprint_of(plain));
    CHECK(attribute(f, "decrypt_error").empty());
    check_no_secret(*r, plain);
  }
}

TEST_CASE("analyze: Jetty realm.properties users, with their roles, as passwords or hashes") {
  const std::string plain = random_password(), obf_plain = random_password();
  const std::string obf = jetty_obfuscate(obf_plain), md5 = "MD5:" + md5_hex(random_password());
  const std::string crypt = "CRYPT:" + (random_password() + random_password()).substr(0, 13);
  const std::string content =
      "#\n# This file defines users passwords and roles for a HashLoginService\n#\n"
      "# The format is\n#  <username>: <password>[,<rolename> ...]\n#\n"
      "jdeploy: " + plain + ", admin, user\n"
      "metrics: " + md5 + ",user\n"
      "ops: " + crypt + ",server-administrator,content-administrator\n"
      "other: " + obf + ",user\n"
      "# disabled: " + random_password() + ",user\n"
      "env: ${JETTY_ENV_PASSWORD},user\n"
      "empty: ,user\n"
      "broken: OBF:1yta1t33zz,user\n"
      "sha: MD:SHA-256:" + random_hex_digest() + random_hex_digest() + ",user\n";
  auto r = nhi::analyze_file("jetty-base/etc/realm.properties", content);
  REQUIRE(r.is_ok());
  REQUIRE(r->identities.size() == 6);
  const auto& user = fact(*r, "password", "jdeploy@jetty");
  CHECK(user.line == 7);
  CHECK(user.provider == "jetty");
  CHECK(attribute(user, "roles") == "admin,user");
  CHECK(attribute(user, "encoding") == "plain");
  CHECK(attribute(user, "realm") == "HashLoginService");
  CHECK(attribute(user, "fingerprint") == nhi::fingerprint_of(plain));
  const auto& hashed = fact(*r, "password_hash", "metrics@jetty");
  CHECK(attribute(hashed, "encoding") == "md5");
  CHECK(attribute(hashed, "fingerprint") == nhi::fingerprint_of(md5));
  CHECK(attribute(fact(*r, "password_hash", "ops@jetty"), "encoding") == "unix-crypt");
  CHECK(attribute(fact(*r, "password_hash", "ops@jetty"), "roles") == "server-administrator,content-administrator");
  CHECK(attribute(fact(*r, "password", "other@jetty"), "fingerprint.decrypted") == nhi::fingerprint_of(obf_plain));
  CHECK(attribute(fact(*r, "password", "broken@jetty"), "decrypt_error") == "not Jetty's obfuscation");
  CHECK(attribute(fact(*r, "password_hash", "sha@jetty"), "encoding") == "sha-256");
  check_no_secret(*r, obf_plain);

  // The rules find the same values: a finding per user, joined by fingerprint.
  const auto found = rule_findings("jetty-base/etc/realm.properties", content);
  check_joined(found, "jetty-realm-password", user);
  check_joined(found, "jetty-realm-password-hash", hashed);
  check_joined(found, "jetty-realm-password-hash", fact(*r, "password_hash", "ops@jetty"));
  check_joined(found, "jetty-obfuscated-password", fact(*r, "password", "other@jetty"));
  for (const auto& f : found) CHECK_MESSAGE(f.line != 11, f.rule_id);  // the commented user
  for (const auto& f : found) CHECK_MESSAGE(f.line != 12, f.rule_id);  // the template

  // ActiveMQ's web console users: conf/jetty-realm.properties, in Jetty's format under its own header.
  const std::string console_pw = random_password();
  const std::string console = "# Defines users that can access the web (console, demo, etc.)\n"
                              "# username: password [,rolename ...]\n#\nadmin: " + console_pw + ", admin\n";
  auto activemq = nhi::analyze_file("apache-activemq/conf/jetty-realm.properties", console);
  REQUIRE(activemq.is_ok());
  check_joined(rule_findings("jetty-realm.properties", console), "jetty-realm-password",
               fact(*activemq, "password", "admin@jetty"));

  // An OBF: value that recovers to a placeholder is no password.
  auto placeholder = nhi::analyze_file("realm.properties", "a: " + jetty_obfuscate("changeme") + ",user\n");
  REQUIRE(placeholder.is_ok());
  CHECK(placeholder->identities.empty());
}

TEST_CASE("analyze: WildFly properties realms: MD5(user:realm:password) per user, the realm from the file") {
  const std::string admin_pw = random_password(), monitor_pw = random_password();
  const std::string admin = md5_hex("admin:ManagementRealm:" + admin_pw);
  const std::string monitor = md5_hex("monitor:ManagementRealm:" + monitor_pw);
  const std::string content =
      "#\n# Properties declaration of users for the realm 'ManagementRealm' which is the default realm\n"
      "# for new installations.\n#\n# username=HEX( MD5( username ':' realm ':' password))\n#\n"
      "#$REALM_NAME=ManagementRealm$ This line is used by the add-user utility to identify the realm name "
      "already used in this file.\n#\n"
      "#admin=" + random_hex_digest() + "\n"
      "admin=" + admin + "\n"
      "#disabled=" + random_hex_digest() + "\n"
      "monitor=" + monitor + "\n";
  auto r = nhi::analyze_file("standalone/configuration/mgmt-users.properties", content);
  REQUIRE(r.is_ok());
  REQUIRE(r->identities.size() == 2);
  const auto& f = fact(*r, "password_hash", "admin@ManagementRealm");
  CHECK(f.line == 10);
  CHECK(f.provider == "wildfly");
  CHECK(attribute(f, "realm") == "ManagementRealm");
  CHECK(attribute(f, "encoding") == "md5-user-realm-password");
  CHECK(attribute(f, "fingerprint") == nhi::fingerprint_of(admin));
  const auto found = rule_findings("mgmt-users.properties", content);
  check_joined(found, "wildfly-users-password-hash", f);
  check_joined(found, "wildfly-users-password-hash", fact(*r, "password_hash", "monitor@ManagementRealm"));
  CHECK(found.size() == 2);  // the commented example and the disabled user are not

  // The realm line names another realm; without one, the file name decides.
  auto app = nhi::analyze_file("domain/configuration/application-users.properties",
                                     "ejb=" + random_hex_digest() + "\n");
  REQUIRE(app.is_ok());
  CHECK(has_fact(*app, "password_hash", "ejb@ApplicationRealm"));
  auto custom = nhi::analyze_file("conf/partner-users.properties",
                                        "#$REALM_NAME=PartnerRealm$\npartner=" + random_hex_digest() + "\n");
  REQUIRE(custom.is_ok());
  CHECK(has_fact(*custom, "password_hash", "partner@PartnerRealm"));
  // A properties realm configured plain-text="true" keeps the password itself.
  const std::string plain = random_password();
  auto clear = nhi::analyze_file("application-users.properties", "guest=" + plain + "\nnone=\n");
  REQUIRE(clear.is_ok());
  REQUIRE(clear->identities.size() == 1);
  CHECK(attribute(fact(*clear, "password", "guest@ApplicationRealm"), "encoding") == "plain");
  // Other -users.properties files without the realm line are not WildFly's.
  auto other = nhi::analyze_file("conf/app-users.properties", "ejb=" + random_hex_digest() + "\n");
  REQUIRE(other.is_ok());
  CHECK(other->identities.empty());
  CHECK(rule_findings("app.properties", "build.checksum=" + random_hex_digest() + "\n").empty());
}

TEST_CASE("analyze: SQuirreL SQL aliases: the saved password of each alias as user@host of its JDBC URL") {
  const std::string pg = random_password(), ora = random_password();
  const auto alias = [](const std::string& name, const std::string& password, const std::string& url,
                        const std::string& user) {
    return "  <Bean Class=\"net.sourceforge.squirrel_sql.client.gui.db.SQLAlias\">\n"
           "    <autoLogon>false</autoLogon>\n"
           "    <driverIdentifier Class=\"net.sourceforge.squirrel_sql.fw.id.UidIdentifier\">"
           "<string>-3</string></driverIdentifier>\n"
           "    <driverProperties Class=\"net.sourceforge.squirrel_sql.fw.sql.SQLDriverPropertyCollection\">\n"
           "      <driverProperties Indexed=\"true\">\n"
           "        <Bean Class=\"net.sourceforge.squirrel_sql.fw.sql.SQLDriverProperty\">\n"
           "          <isSpecified>false</isSpecified>\n          <name>user</name>\n"
           "          <password>nested</password>\n        </Bean>\n"
           "      </driverProperties>\n    </driverProperties>\n"
           "    <identifier Class=\"net.sourceforge.squirrel_sql.fw.id.UidIdentifier\"><string>" +
           name + "-id</string></identifier>\n"
           "    <name>" + name + "</name>\n"
           "    <password>" + password + "</password>\n"
           "    <url>" + url + "</url>\n"
           "    <userName>" + user + "</userName>\n"
           "  </Bean>\n";
  };
  const std::string content =
      "<Beans>\n" + alias("orders prod", pg, "jdbc:postgresql://db1.acme.io:5433/orders", "orders_rw") +
      alias("billing", ora, "jdbc:oracle:thin:@ora1.acme.io:1521:BILL", "billing") +
      alias("local", "", "jdbc:h2:mem:test", "sa") +
      alias("ci", "${CI_DB_PASSWORD}", "jdbc:mysql://ci-db.acme.io/app", "ci") + "</Beans>\n";
  auto r = nhi::analyze_file("home/dev/.squirrel-sql/SQLAliases23.xml", content);
  REQUIRE(r.is_ok());
  REQUIRE(r->identities.size() == 2);
  const auto& f = fact(*r, "password", "orders_rw@db1.acme.io");
  CHECK(f.provider == "postgres");
  CHECK(f.line == 16);
  CHECK(attribute(f, "port") == "5433");
  CHECK(attribute(f, "database") == "orders");
  CHECK(attribute(f, "alias") == "orders prod");
  CHECK(attribute(f, "fingerprint") == nhi::fingerprint_of(pg));
  const auto& oracle = fact(*r, "password", "billing@ora1.acme.io");
  CHECK(oracle.provider == "oracle");
  CHECK(attribute(oracle, "port") == "1521");
  CHECK(attribute(oracle, "database") == "BILL");
  const auto found = rule_findings("SQLAliases23.xml", content);
  check_joined(found, "squirrel-sql-alias-password", f);
  check_joined(found, "squirrel-sql-alias-password", oracle);
  // An export under another name is recognised by the alias bean class.
  auto renamed = nhi::analyze_file("backup/aliases.xml", content);
  REQUIRE(renamed.is_ok());
  CHECK(renamed->identities.size() == 2);
}

TEST_CASE("analyze: Robo 3T connections: each credential as user@serverHost, an SSH tunnel's password too") {
  const std::string admin = random_password(), reader = random_password(), ssh = random_password();
  const std::string content =
      "{\n    \"autoExpand\": true,\n    \"connections\": [\n        {\n"
      "            \"configVersion\": 4,\n            \"connectionName\": \"prod cluster\",\n"
      "            \"credentials\": [\n                {\n"
      "                    \"databaseName\": \"admin\",\n                    \"enabled\": true,\n"
      "                    \"mechanism\": \"SCRAM-SHA-1\",\n                    \"userName\": \"ops\",\n"
      "                    \"userPassword\": \"" + admin + "\"\n                },\n                {\n"
      "                    \"databaseName\": \"reports\",\n                    \"enabled\": true,\n"
      "                    \"mechanism\": \"SCRAM-SHA-256\",\n                    \"userName\": \"reader\",\n"
      "                    \"userPassword\": \"" + reader + "\"\n                }\n            ],\n"
      "            \"serverHost\": \"mongo1.acme.io\",\n            \"serverPort\": 27018,\n"
      "            \"ssh\": {\n                \"enabled\": true,\n                \"host\": \"bastion.acme.io\",\n"
      "                \"method\": \"password\",\n                \"passphrase\": \"\",\n"
      "                \"port\": 22,\n                \"userName\": \"tunnel\",\n"
      "                \"userPassword\": \"" + ssh + "\"\n            }\n        },\n        {\n"
      "            \"connectionName\": \"local\",\n            \"credentials\": [\n                {\n"
      "                    \"databaseName\": \"admin\",\n                    \"userName\": \"dev\",\n"
      "                    \"userPassword\": \"\"\n                }\n            ],\n"
      "            \"serverHost\": \"localhost\",\n            \"serverPort\": 27017\n        }\n    ]\n}\n";
  auto r = nhi::analyze_file("home/dev/.3T/robo-3t/1.4.4/robo3t.json", content);
  REQUIRE(r.is_ok());
  REQUIRE(r->identities.size() == 3);
  const auto& ops = fact(*r, "password", "ops@mongo1.acme.io");
  CHECK(ops.provider == "mongodb");
  CHECK(ops.line == 13);
  CHECK(attribute(ops, "port") == "27018");
  CHECK(attribute(ops, "database") == "admin");
  CHECK(attribute(ops, "mechanism") == "SCRAM-SHA-1");
  CHECK(attribute(ops, "connection") == "prod cluster");
  const auto& rd = fact(*r, "password", "reader@mongo1.acme.io");
  CHECK(rd.line == 20);
  CHECK(attribute(rd, "database") == "reports");
  const auto& tunnel = fact(*r, "password", "tunnel@bastion.acme.io");
  CHECK(tunnel.provider == "ssh");
  CHECK(tunnel.line == 32);
  CHECK(attribute(tunnel, "setting") == "ssh userPassword");
  const auto found = rule_findings("robo3t.json", content);
  check_joined(found, "robo3t-connection-password", ops);
  check_joined(found, "robo3t-connection-password", rd);
  check_joined(found, "robo3t-connection-password", tunnel);
}

TEST_CASE("analyze: DbVisualizer connections: the encrypted password as stored, user@host from the URL") {
  const std::string stored = base64(random_bytes(16)), other = base64(random_bytes(24));
  const std::string content =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DbVisualizer>\n  <Databases>\n"
      "    <Database id=\"0\">\n      <Alias>orders-prod</Alias>\n      <Notes/>\n"
      "      <Url>jdbc:sqlserver://sql1.acme.io:1433;databaseName=orders</Url>\n"
      "      <Driver>SQL Server (Microsoft JDBC Driver)</Driver>\n      <Userid>orders_rw</Userid>\n"
      "      <Password>" + stored + "</Password>\n    </Database>\n"
      "    <Database id=\"1\">\n      <Alias>warehouse</Alias>\n      <Url/>\n      <Driver>PostgreSQL</Driver>\n"
      "      <Userid>etl</Userid>\n      <Password>" + other + "</Password>\n"
      "      <UrlVariables>\n        <Driver>PostgreSQL</Driver>\n"
      "        <UrlVariable UrlVariableName=\"Server\">pg.acme.io</UrlVariable>\n"
      "        <UrlVariable UrlVariableName=\"Port\">5432</UrlVariable>\n"
      "        <UrlVariable UrlVariableName=\"Database\">dw</UrlVariable>\n      </UrlVariables>\n"
      "    </Database>\n    <Database id=\"2\">\n      <Alias>scratch</Alias>\n      <Userid>sa</Userid>\n"
      "      <Password/>\n    </Database>\n  </Databases>\n</DbVisualizer>\n";
  auto r = nhi::analyze_file("home/dev/.dbvis/config70/dbvis.xml", content);
  REQUIRE(r.is_ok());
  REQUIRE(r->identities.size() == 2);
  const auto& f = fact(*r, "password", "orders_rw@sql1.acme.io");
  CHECK(f.provider == "mssql");
  CHECK(f.line == 10);
  CHECK(attribute(f, "port") == "1433");
  CHECK(attribute(f, "database") == "orders");
  CHECK(attribute(f, "alias") == "orders-prod");
  CHECK(attribute(f, "encoding") == "dbvisualizer-pbe-md5-des");
  CHECK(attribute(f, "fingerprint") == nhi::fingerprint_of(stored));
  const auto& pg = fact(*r, "password", "etl@pg.acme.io");
  CHECK(pg.provider == "postgres");
  CHECK(attribute(pg, "port") == "5432");
  CHECK(attribute(pg, "database") == "dw");
  const auto found = rule_findings("dbvis.xml", content);
  check_joined(found, "dbvisualizer-encrypted-password", f);
  check_joined(found, "dbvisualizer-encrypted-password", pg);
}

TEST_CASE("analyze: the Java server and database tool files on bytes of any kind: a result or a parse error") {
  const std::string bad = "\xff\xfe\xc3(\xa0\xa1";
  const std::vector<std::pair<std::string, std::string>> inputs = {
      {"realm.properties", "a: OBF:" + bad + "\nb: OBFU\n: x\n" + bad + ":" + bad + ",\nc: OBF:U1ekfU\nd: MD:\n"},
      {"mgmt-users.properties", "#$REALM_NAME=" + bad + "\n=\n" + bad + "=" + bad + "\n#$REALM_NAME="},
      {"SQLAliases23.xml", "<Bean Class=\"net.sourceforge.squirrel_sql.client.gui.db.SQLAlias\">" + bad +
                               "<password>" + bad + "</password><url>jdbc:oracle:@</url><Bean </Bean></Bean>"},
      {"SQLAliases23.xml", "<Bean Class=\"net.sourceforge.squirrel_sql.client.gui.db.SQLAlias\""},
      {"robo3t.json", "{\"connections\": [1, {\"credentials\": [{\"userPassword\": 5}], \"ssh\": []}, null]}"},
      {"robo3t.json", bad},
      {"dbvis.xml", "<Database><Password>" + bad + "</Password><Url>jdbc:x://[::1</Url><UrlVariable "},
      {"dbvis.xml", "<Database id=\"1\"><Url>jdbc:oracle:thin:@(DESCRIPTION=(HOST=h</Url><Password>AAAA"},
  };
  for (const auto& input : inputs) {
    const std::string& path = input.first;
    auto r = nhi::analyze_file(path, input.second);
    CHECK_MESSAGE((r.is_ok() || r.error().code() == nhi::errc::parse_error), path);
  }
}
