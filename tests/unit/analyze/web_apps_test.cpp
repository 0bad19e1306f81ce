// SPDX-License-Identifier: Apache-2.0
// The settings files of web applications and CMSs (analyze/web_apps.cpp and
// patterns/config-webapps.yaml): Joomla, Drupal, Magento 2 and 1, phpMyAdmin,
// MediaWiki, Nextcloud, Gitea, GitLab Omnibus. Every value is random, made in the test; each fact's
// fingerprint must be the one of the rule's finding on its line (the join the
// inventory makes).
#include <algorithm>

#include "unit/analyze/analyze_support.hpp"
#include "unit/analyze/scan_support.hpp"

using namespace analyze_test;

namespace {

// No finding at all on `line` (a placeholder, an empty value, a sample).
void check_no_finding_on(const std::vector<nhi::finding>& found, std::uint64_t line) {
  for (const auto& f : found) CHECK_MESSAGE(f.line != line, f.rule_id << " on line " << line);
}

// No finding of `rule` on `line` (a commented line: generic rules may still report it).
void check_no_rule_on(const std::vector<nhi::finding>& found, const std::string& rule, std::uint64_t line) {
  for (const auto& f : found) CHECK_MESSAGE(!(f.line == line && f.rule_id == rule), rule << " on line " << line);
}

}  // namespace

TEST_CASE("analyze: Joomla configuration.php: the database account, the site secret, SMTP and FTP accounts") {
  const std::string db_pw = random_password(), secret = random_alnum(16), smtp_pw = random_password(),
                    ftp_pw = random_password();
  const std::string content =
      "<?php\n"                                          // 1
      "class JConfig {\n"                                // 2
      "\tpublic $sitename = 'Acme Intranet';\n"          // 3
      "\tpublic $dbtype = 'mysqli';\n"                   // 4
      "\tpublic $host = 'db.acme.internal';\n"           // 5
      "\tpublic $user = 'joomla_app';\n"                 // 6
      "\tpublic $password = '" + db_pw + "';\n"          // 7
      "\tpublic $db = 'joomla_prod';\n"                  // 8
      "\tpublic $secret = '" + secret + "';\n"           // 9
      "\tpublic $smtpuser = 'noreply@acme.io';\n"        // 10
      "\tpublic $smtppass = '" + smtp_pw + "';\n"        // 11
      "\tpublic $smtphost = 'smtp.acme.io';\n"           // 12
      "\tpublic $ftp_host = 'ftp.acme.io';\n"            // 13
      "\tpublic $ftp_user = 'deploy';\n"                 // 14
      "\tpublic $ftp_pass = '" + ftp_pw + "';\n"         // 15
      "\t// public $ftp_pass = 'Old" + ftp_pw + "';\n"   // 16
      "}\n";
  const auto r = analyze("www/joomla/configuration.php", content);
  REQUIRE(r.identities.size() == 4);
  const auto& db = fact(r, "password", "joomla_app@db.acme.internal/joomla_prod");
  CHECK(db.line == 7);
  CHECK(db.provider == "mysql");
  CHECK(attribute(db, "application") == "joomla");
  CHECK(attribute(db, "database") == "joomla_prod");
  CHECK(attribute(db, "unlocks") == "database");
  CHECK(attribute(db, "fingerprint") == nhi::fingerprint_of(db_pw));
  const auto& key = fact(r, "secret_key", "joomla:secret@Acme Intranet");
  CHECK(key.line == 9);
  CHECK(attribute(key, "fingerprint") == nhi::fingerprint_of(secret));
  const auto& smtp = fact(r, "password", "noreply@acme.io@smtp.acme.io");
  CHECK(attribute(smtp, "unlocks") == "mail relay");
  const auto& ftp = fact(r, "password", "deploy@ftp.acme.io");
  CHECK(ftp.line == 15);
  const auto found = rule_findings("configuration.php", content);
  check_joined(found, "joomla-config-password", db);
  check_joined(found, "joomla-config-secret", key);
  check_joined(found, "joomla-config-password", smtp);
  check_joined(found, "joomla-config-password", ftp);
  check_no_rule_on(found, "joomla-config-password", 16);
  for (const std::string& s : {db_pw, secret, smtp_pw, ftp_pw}) check_no_secret(r, s);
}

TEST_CASE("analyze: Joomla's blank installer values, expressions and other classes are not credentials") {
  const std::string content =
      "<?php\nclass JConfig {\n\tpublic $host = 'localhost';\n\tpublic $user = 'root';\n\tpublic $password = '';\n"
      "\tpublic $secret = getenv('JOOMLA_SECRET');\n\tpublic $smtppass = 'changeme';\n"
      "\tpublic $ftp_pass = \"$ftpPassword\";\n}\n";
  CHECK(analyze("configuration.php", content).identities.empty());
  CHECK(rule_findings("configuration.php", content).empty());
  // Not Joomla's: a class of an application's code with a $password default.
  const std::string other = "<?php\nclass User {\n\tpublic $password = '" + random_password() + "';\n}\n";
  CHECK(analyze("src/configuration.php", other).identities.empty());
  for (const auto& f : rule_findings("src/User.php", other)) CHECK(f.rule_id.rfind("joomla-", 0) != 0);
}

TEST_CASE("analyze: Drupal settings.php: each $databases connection in [] and array() form, the hash salt") {
  const std::string pw = random_password(), replica_pw = random_password(), salt = random_alnum(43);
  const std::string content =
      "<?php\n"                                                     // 1
      "/**\n"                                                       // 2
      " *   $databases['default']['default'] = [\n"                 // 3
      " *     'password' => 'sqlpassword',\n"                       // 4
      " *   ];\n"                                                   // 5
      " */\n"                                                       // 6
      "$databases = [];\n"                                          // 7
      "$databases['default']['default'] = [\n"                      // 8
      "  'database' => 'drupal_prod',\n"                            // 9
      "  'username' => 'drupal',\n"                                 // 10
      "  'password' => '" + pw + "',\n"                             // 11
      "  'prefix' => '',\n"                                         // 12
      "  'host' => 'mysql.acme.internal',\n"                        // 13
      "  'port' => '3306',\n"                                       // 14
      "  'driver' => 'mysql',\n"                                    // 15
      "];\n"                                                        // 16
      "$databases['default']['replica'][] = array(\n"               // 17
      "  'database' => 'drupal_prod', 'username' => 'reader',\n"    // 18
      "  'password' => '" + replica_pw + "',\n"                     // 19
      "  'host' => 'pg-replica.acme.internal', 'driver' => 'pgsql',\n"  // 20
      ");\n"                                                        // 21
      "$settings['hash_salt'] = '" + salt + "';\n";                 // 22
  const auto r = analyze("web/sites/default/settings.php", content);
  for (const std::string& s : {pw, replica_pw, salt}) check_no_secret(r, s);
  REQUIRE(r.identities.size() == 3);
  const auto& db = fact(r, "password", "drupal@mysql.acme.internal/drupal_prod");
  CHECK(db.line == 11);
  CHECK(attribute(db, "port") == "3306");
  CHECK(attribute(db, "setting") == "$databases['default']['default']");
  CHECK(attribute(db, "site") == "web/sites/default");
  const auto& replica = fact(r, "password", "reader@pg-replica.acme.internal/drupal_prod");
  CHECK(replica.provider == "postgres");
  const auto& key = fact(r, "secret_key", "drupal:hash_salt@web/sites/default");
  CHECK(key.line == 22);
  const auto found = rule_findings("sites/default/settings.php", content);
  check_joined(found, "drupal-database-password", db);
  check_joined(found, "drupal-hash-salt", key);
  check_no_finding_on(found, 4);

  // Drupal 7: nested array() and $drupal_hash_salt.
  const std::string d7_pw = random_password(), d7_salt = random_alnum(43);
  const std::string d7 =
      "<?php\n$databases = array (\n  'default' =>\n  array (\n    'default' =>\n    array (\n"
      "      'database' => 'd7',\n      'username' => 'd7user',\n      'password' => '" + d7_pw + "',\n"
      "      'host' => 'localhost',\n      'port' => '',\n      'driver' => 'mysql',\n      'prefix' => '',\n"
      "    ),\n  ),\n);\n$drupal_hash_salt = '" + d7_salt + "';\n";
  const auto r7 = analyze("sites/default/settings.php", d7);
  for (const std::string& s : {d7_pw, d7_salt}) check_no_secret(r7, s);
  const auto& db7 = fact(r7, "password", "d7user@localhost/d7");
  CHECK(db7.line == 9);
  const auto& key7 = fact(r7, "secret_key", "drupal:drupal_hash_salt@sites/default");
  const auto found7 = rule_findings("sites/default/settings.php", d7);
  check_joined(found7, "drupal-database-password", db7);
  check_joined(found7, "drupal-hash-salt", key7);

  // The installer's defaults.
  const std::string blank = "<?php\n$databases = [];\n$settings['hash_salt'] = '';\n"
                            "$databases['default']['default'] = ['password' => getenv('DB_PASS'), 'username' => 'u'];\n";
  CHECK(analyze("sites/default/settings.php", blank).identities.empty());
  CHECK(rule_findings("sites/default/settings.php", blank).empty());
}

TEST_CASE("analyze: Magento 2 env.php and Magento 1 local.xml: the crypt key and the database account") {
  const std::string key = random_hex_digits(32), pw = random_password();
  const std::string env =
      "<?php\n"                                       // 1
      "return [\n"                                    // 2
      "    'backend' => [\n"                          // 3
      "        'frontName' => 'admin_q8z'\n"          // 4
      "    ],\n"                                      // 5
      "    'crypt' => [\n"                            // 6
      "        'key' => '" + key + "'\n"              // 7
      "    ],\n"                                      // 8
      "    'db' => [\n"                               // 9
      "        'table_prefix' => '',\n"               // 10
      "        'connection' => [\n"                   // 11
      "            'default' => [\n"                  // 12
      "                'host' => 'db.shop.internal',\n"  // 13
      "                'dbname' => 'magento',\n"      // 14
      "                'username' => 'magento',\n"    // 15
      "                'password' => '" + pw + "',\n"  // 16
      "                'model' => 'mysql4',\n"        // 17
      "                'active' => '1'\n"             // 18
      "            ]\n"                               // 19
      "        ]\n"                                   // 20
      "    ],\n"                                      // 21
      "    'MAGE_MODE' => 'production',\n"            // 22
      "];\n";
  const auto r = analyze("shop/app/etc/env.php", env);
  for (const std::string& s : {key, pw}) check_no_secret(r, s);
  REQUIRE(r.identities.size() == 2);
  const auto& crypt = fact(r, "secret_key", "magento:crypt.key@shop");
  CHECK(crypt.line == 7);
  const auto& db = fact(r, "password", "magento@db.shop.internal/magento");
  CHECK(db.line == 16);
  CHECK(db.provider == "mysql");
  CHECK(attribute(db, "setting") == "db.connection.default");
  const auto found = rule_findings("app/etc/env.php", env);
  check_joined(found, "magento-env-crypt-key", crypt);
  check_joined(found, "magento-env-db-password", db);

  const std::string key1 = random_hex_digits(32), pw1 = random_password();
  const std::string local =
      "<?xml version=\"1.0\"?>\n<config>\n    <global>\n        <crypt>\n"
      "            <key><![CDATA[" + key1 + "]]></key>\n"                     // 5
      "        </crypt>\n        <resources>\n            <default_setup>\n                <connection>\n"
      "                    <host><![CDATA[localhost]]></host>\n"               // 10
      "                    <username><![CDATA[mage]]></username>\n"
      "                    <password><![CDATA[" + pw1 + "]]></password>\n"    // 12
      "                    <dbname><![CDATA[magento1]]></dbname>\n"
      "                    <type><![CDATA[pdo_mysql]]></type>\n"
      "                </connection>\n            </default_setup>\n        </resources>\n    </global>\n</config>\n";
  const auto r1 = analyze("shop/app/etc/local.xml", local);
  for (const std::string& s : {key1, pw1}) check_no_secret(r1, s);
  REQUIRE(r1.identities.size() == 2);
  const auto& crypt1 = fact(r1, "secret_key", "magento:crypt.key@shop");
  CHECK(crypt1.line == 5);
  const auto& db1 = fact(r1, "password", "mage@localhost/magento1");
  CHECK(db1.line == 12);
  const auto found1 = rule_findings("app/etc/local.xml", local);
  check_joined(found1, "magento1-local-xml-crypt-key", crypt1);
  check_joined(found1, "magento1-local-xml-db-password", db1);
  // The template's empty values.
  CHECK(analyze("app/etc/local.xml", "<config><crypt><key><![CDATA[]]></key></crypt><connection><password><![CDATA[]]>"
                                      "</password></connection></config>")
            .identities.empty());
}

TEST_CASE("analyze: phpMyAdmin config.inc.php: the blowfish secret, each server's user and control user") {
  const std::string secret = random_alnum(32), root_pw = random_password(), control_pw = random_password(),
                    second_pw = random_password();
  const std::string content =
      "<?php\n"                                                                   // 1
      "$cfg['blowfish_secret'] = '" + secret + "';\n"                             // 2
      "$i = 0;\n"                                                                 // 3
      "$i++;\n"                                                                   // 4
      "$cfg['Servers'][$i]['auth_type'] = 'config';\n"                            // 5
      "$cfg['Servers'][$i]['host'] = 'db1.acme.internal';\n"                      // 6
      "$cfg['Servers'][$i]['user'] = 'root';\n"                                   // 7
      "$cfg['Servers'][$i]['password'] = '" + root_pw + "';\n"                    // 8
      "$cfg['Servers'][$i]['controluser'] = 'pma';\n"                             // 9
      "$cfg['Servers'][$i]['controlpass'] = '" + control_pw + "';\n"              // 10
      "$i++;\n"                                                                   // 11
      "$cfg['Servers'][$i]['host'] = 'db2.acme.internal';\n"                      // 12
      "$cfg['Servers'][$i]['user'] = 'report';\n"                                 // 13
      "$cfg['Servers'][$i]['password'] = \"" + second_pw + "\";\n"                // 14
      "// $cfg['Servers'][$i]['controlpass'] = 'pmapass';\n";                     // 15
  const auto r = analyze("etc/phpmyadmin/config.inc.php", content);
  for (const std::string& s : {secret, root_pw, control_pw, second_pw}) check_no_secret(r, s);
  REQUIRE(r.identities.size() == 4);
  const auto& key = fact(r, "secret_key", "phpmyadmin:blowfish_secret@etc/phpmyadmin");
  const auto& root = fact(r, "password", "root@db1.acme.internal");
  CHECK(attribute(root, "setting") == "Servers[1].password");
  const auto& control = fact(r, "password", "pma@db1.acme.internal");
  CHECK(control.line == 10);
  const auto& second = fact(r, "password", "report@db2.acme.internal");
  CHECK(attribute(second, "setting") == "Servers[2].password");
  const auto found = rule_findings("config.inc.php", content);
  check_joined(found, "phpmyadmin-blowfish-secret", key);
  check_joined(found, "phpmyadmin-server-password", root);
  check_joined(found, "phpmyadmin-server-password", control);
  check_joined(found, "phpmyadmin-server-password", second);
  check_no_finding_on(found, 15);

  // phpMyAdmin 5.2's setup writes the secret as hex for sodium.
  const std::string hex = random_hex_digits(64);
  const std::string sodium = "<?php\n$cfg['blowfish_secret'] = sodium_hex2bin('" + hex + "');\n";
  const auto hex_result = analyze("config.inc.php", sodium);
  const auto& hex_key = fact(hex_result, "secret_key", "phpmyadmin:blowfish_secret@.");
  CHECK(attribute(hex_key, "fingerprint") == nhi::fingerprint_of(hex));
  check_joined(rule_findings("config.inc.php", sodium), "phpmyadmin-blowfish-secret", hex_key);
}

TEST_CASE("analyze: MediaWiki LocalSettings.php: the database account, the secret and upgrade keys, SMTP") {
  const std::string pw = random_password(), secret = random_hex_digits(64), upgrade = random_hex_digits(16),
                    smtp_pw = random_password();
  const std::string content =
      "<?php\n"                                       // 1
      "$wgSitename = \"AcmeWiki\";\n"                 // 2
      "$wgDBtype = \"postgres\";\n"                   // 3
      "$wgDBserver = \"wikidb.acme.internal\";\n"     // 4
      "$wgDBname = \"wikidb\";\n"                     // 5
      "$wgDBuser = \"wikiuser\";\n"                   // 6
      "$wgDBpassword = \"" + pw + "\";\n"             // 7
      "$wgSecretKey = \"" + secret + "\";\n"          // 8
      "$wgUpgradeKey = \"" + upgrade + "\";\n"        // 9
      "$wgSMTP = [\n"                                 // 10
      "    'host' => 'ssl://smtp.acme.io',\n"         // 11
      "    'port' => 465,\n"                          // 12
      "    'auth' => true,\n"                         // 13
      "    'username' => 'wiki@acme.io',\n"           // 14
      "    'password' => '" + smtp_pw + "'\n"         // 15
      "];\n";
  const auto r = analyze("w/LocalSettings.php", content);
  for (const std::string& s : {pw, secret, upgrade, smtp_pw}) check_no_secret(r, s);
  REQUIRE(r.identities.size() == 4);
  const auto& db = fact(r, "password", "wikiuser@wikidb.acme.internal/wikidb");
  CHECK(db.provider == "postgres");
  const auto& key = fact(r, "secret_key", "mediawiki:wgSecretKey@AcmeWiki");
  const auto& up = fact(r, "secret_key", "mediawiki:wgUpgradeKey@AcmeWiki");
  const auto& smtp = fact(r, "password", "wiki@acme.io@smtp.acme.io");
  CHECK(smtp.line == 15);
  const auto found = rule_findings("LocalSettings.php", content);
  check_joined(found, "mediawiki-db-password", db);
  check_joined(found, "mediawiki-secret-key", key);
  check_joined(found, "mediawiki-secret-key", up);
  check_joined(found, "mediawiki-smtp-password", smtp);

  const std::string blank = "<?php\n$wgDBpassword = \"\";\n$wgSecretKey = false;\n$wgDBpassword = getenv('X');\n"
                            "$wgSMTP = [ 'password' => $smtpPassword ];\n";
  CHECK(analyze("LocalSettings.php", blank).identities.empty());
  CHECK(rule_findings("LocalSettings.php", blank).empty());
}

TEST_CASE("analyze: Nextcloud config/config.php: the secret and salt, the database and SMTP accounts") {
  const std::string salt = random_alnum(30), secret = random_alnum(48), pw = random_password(),
                    smtp_pw = random_password();
  const std::string content =
      "<?php\n"                                         // 1
      "$CONFIG = array (\n"                             // 2
      "  'instanceid' => 'ocq8z2x7v4b1',\n"             // 3
      "  'passwordsalt' => '" + salt + "',\n"           // 4
      "  'secret' => '" + secret + "',\n"               // 5
      "  'trusted_domains' =>\n"                        // 6
      "  array (\n"                                     // 7
      "    0 => 'cloud.acme.io',\n"                     // 8
      "  ),\n"                                          // 9
      "  'dbtype' => 'pgsql',\n"                        // 10
      "  'dbname' => 'nextcloud',\n"                    // 11
      "  'dbhost' => 'localhost:5432',\n"               // 12
      "  'dbuser' => 'oc_admin',\n"                     // 13
      "  'dbpassword' => '" + pw + "',\n"               // 14
      "  'mail_smtpname' => 'cloud@acme.io',\n"         // 15
      "  'mail_smtphost' => 'smtp.acme.io',\n"          // 16
      "  'mail_smtppassword' => '" + smtp_pw + "',\n"   // 17
      ");\n";
  const auto r = analyze("nextcloud/config/config.php", content);
  for (const std::string& s : {salt, secret, pw, smtp_pw}) check_no_secret(r, s);
  REQUIRE(r.identities.size() == 4);
  const auto& key = fact(r, "secret_key", "nextcloud:secret@cloud.acme.io");
  CHECK(attribute(key, "instanceid") == "ocq8z2x7v4b1");
  const auto& s = fact(r, "secret_key", "nextcloud:passwordsalt@cloud.acme.io");
  const auto& db = fact(r, "password", "oc_admin@localhost:5432/nextcloud");
  CHECK(db.provider == "postgres");
  const auto& smtp = fact(r, "password", "cloud@acme.io@smtp.acme.io");
  const auto found = rule_findings("config/config.php", content);
  check_joined(found, "nextcloud-config-secret", key);
  check_joined(found, "nextcloud-config-secret", s);
  check_joined(found, "nextcloud-config-password", db);
  check_joined(found, "nextcloud-config-password", smtp);
  check_no_finding_on(found, 3);  // the instance id is no secret
}

TEST_CASE("analyze: Gitea app.ini: the secret key, internal token, JWT secrets, database and mailer accounts") {
  const std::string db_pw = random_password(), mail_pw = random_password() + ";#", secret = random_alnum(64),
                    lfs = random_of("ABCDEFGHJKLMNPQRSTUVWYZabcdefghijkmnopqrstuvwyz23456789_-", 43),
                    jwt_secret = random_alnum(43),
                    token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJuYmYiOjE3MzI2MTQwMDB9." + random_alnum(43);
  const std::string content =
      "APP_NAME = Acme Git\n"                   // 1
      "RUN_MODE = prod\n"                       // 2
      "\n"                                      // 3
      "[database]\n"                            // 4
      "DB_TYPE  = postgres\n"                   // 5
      "HOST     = pg.acme.internal:5432\n"      // 6
      "NAME     = gitea\n"                      // 7
      "USER     = gitea\n"                      // 8
      "PASSWD   = " + db_pw + "\n"              // 9
      "\n"                                      // 10
      "[server]\n"                              // 11
      "DOMAIN           = git.acme.io\n"        // 12
      "LFS_START_SERVER = true\n"               // 13
      "LFS_JWT_SECRET   = " + lfs + "\n"        // 14
      "\n"                                      // 15
      "[mailer]\n"                              // 16
      "ENABLED = true\n"                        // 17
      "SMTP_ADDR = smtp.acme.io\n"              // 18
      "SMTP_PORT = 465\n"                       // 19
      "USER = git@acme.io\n"                    // 20
      "PASSWD = `" + mail_pw + "`\n"            // 21
      "\n"                                      // 22
      "[security]\n"                            // 23
      "INSTALL_LOCK   = true\n"                 // 24
      "SECRET_KEY     = " + secret + "\n"       // 25
      "INTERNAL_TOKEN = " + token + "\n"        // 26
      "\n"                                      // 27
      "[oauth2]\n"                              // 28
      "JWT_SECRET = " + jwt_secret + "\n";      // 29
  const auto r = analyze("etc/gitea/app.ini", content);
  for (const std::string& s : {db_pw, mail_pw, secret, jwt_secret, token}) check_no_secret(r, s);
  REQUIRE(r.identities.size() == 6);
  const auto& db = fact(r, "password", "gitea@pg.acme.internal:5432/gitea");
  CHECK(db.provider == "postgres");
  CHECK(db.line == 9);
  const auto& mail = fact(r, "password", "git@acme.io@smtp.acme.io:465");
  CHECK(attribute(mail, "fingerprint") == nhi::fingerprint_of(mail_pw));
  const auto& key = fact(r, "secret_key", "gitea:SECRET_KEY@git.acme.io");
  const auto& internal = fact(r, "secret_key", "gitea:INTERNAL_TOKEN@git.acme.io");
  const auto& lfs_key = fact(r, "secret_key", "gitea:LFS_JWT_SECRET@git.acme.io");
  const auto& oauth = fact(r, "secret_key", "gitea:JWT_SECRET@git.acme.io");
  CHECK(oauth.line == 29);
  const auto found = rule_findings("app.ini", content);
  check_joined(found, "gitea-app-ini-password", db);
  check_joined(found, "gitea-app-ini-password", mail);
  check_joined(found, "gitea-app-ini-secret", key);
  check_joined(found, "gitea-app-ini-secret", internal);
  check_joined(found, "gitea-app-ini-jwt-secret", lfs_key);
  check_joined(found, "gitea-app-ini-jwt-secret", oauth);

  // Before installation, and secrets kept in files.
  const std::string blank = "[database]\nDB_TYPE = sqlite3\nPASSWD =\n[security]\nINSTALL_LOCK = false\n"
                            "SECRET_KEY =\nINTERNAL_TOKEN_URI = file:/etc/gitea/internal_token\n[oauth2]\nJWT_SECRET =\n";
  CHECK(analyze("app.ini", blank).identities.empty());
  CHECK(rule_findings("app.ini", blank).empty());
}

TEST_CASE("analyze: GitLab Omnibus gitlab.rb and gitlab-secrets.json: database, root, SMTP, runner token, keys") {
  const std::string db_pw = random_password(), root_pw = random_password(), smtp_pw = random_password(),
                    runner = random_alnum(20);
  const std::string rb =
      "external_url 'https://gitlab.acme.io'\n"                                                       // 1
      "gitlab_rails['initial_root_password'] = '" + root_pw + "'\n"                                   // 2
      "gitlab_rails['db_username'] = \"gitlab_app\"\n"                                                // 3
      "gitlab_rails['db_password'] = \"" + db_pw + "\"\n"                                             // 4
      "gitlab_rails['db_host'] = 'pg.acme.internal'\n"                                                // 5
      "gitlab_rails['smtp_enable'] = true\n"                                                          // 6
      "gitlab_rails['smtp_address'] = 'smtp.acme.io'\n"                                               // 7
      "gitlab_rails['smtp_user_name'] = 'gitlab@acme.io'\n"                                           // 8
      "gitlab_rails['smtp_password'] = '" + smtp_pw + "'\n"                                           // 9
      "gitlab_rails['initial_shared_runners_registration_token'] = '" + runner + "'\n"                // 10
      "# gitlab_rails['smtp_password'] = 'Old" + smtp_pw + "'\n"                                      // 11
      "gitlab_rails['ldap_servers'] = { 'main' => { 'password' => ENV['LDAP_PW'] } }\n";              // 12
  const auto r = analyze("etc/gitlab/gitlab.rb", rb);
  for (const std::string& s : {db_pw, root_pw, smtp_pw, runner}) check_no_secret(r, s);
  REQUIRE(r.identities.size() == 4);
  const auto& db = fact(r, "password", "gitlab_app@pg.acme.internal/gitlabhq_production");
  CHECK(db.provider == "postgres");
  CHECK(db.line == 4);
  const auto& root = fact(r, "password", "root@gitlab.acme.io");
  CHECK(root.provider == "gitlab");
  const auto& smtp = fact(r, "password", "gitlab@acme.io@smtp.acme.io");
  CHECK(smtp.line == 9);
  const auto& token = fact(r, "token", "gitlab:runner-registration@gitlab.acme.io");
  const auto found = rule_findings("gitlab.rb", rb);
  check_joined(found, "gitlab-omnibus-password", db);
  check_joined(found, "gitlab-omnibus-password", root);
  check_joined(found, "gitlab-omnibus-password", smtp);
  check_joined(found, "gitlab-omnibus-runner-registration-token", token);
  check_no_rule_on(found, "gitlab-omnibus-password", 11);

  const std::string secret_key_base = random_hex_digits(128), db_key_base = random_hex_digits(128), otp_key_base = random_hex_digits(128);
  const std::string json = "{\n  \"gitlab_workhorse\": {\n    \"secret_token\": \"" + random_alnum(44) + "\"\n  },\n"
                           "  \"gitlab_rails\": {\n"                                    // 5
                           "    \"secret_key_base\": \"" + secret_key_base + "\",\n"   // 6
                           "    \"db_key_base\": \"" + db_key_base + "\",\n"           // 7
                           "    \"otp_key_base\": \"" + otp_key_base + "\"\n"          // 8
                           "  }\n}\n";
  const auto rs = analyze("etc/gitlab/gitlab-secrets.json", json);
  for (const std::string& s : {secret_key_base, db_key_base, otp_key_base}) check_no_secret(rs, s);
  REQUIRE(rs.identities.size() == 3);
  const auto& db_key = fact(rs, "secret_key", "gitlab:db_key_base@etc/gitlab");
  CHECK(db_key.line == 7);
  const auto found_json = rule_findings("gitlab-secrets.json", json);
  check_joined(found_json, "gitlab-secrets-json-key", db_key);
  check_joined(found_json, "gitlab-secrets-json-key", fact(rs, "secret_key", "gitlab:secret_key_base@etc/gitlab"));
  check_joined(found_json, "gitlab-secrets-json-key", fact(rs, "secret_key", "gitlab:otp_key_base@etc/gitlab"));
}

TEST_CASE("analyze: web application settings on bytes of any kind: a result, never a crash") {
  const std::string bad = "\xff\xfe\xc3(\xa0\xa1";
  std::string deep = "<?php\n$CONFIG = ";
  for (int i = 0; i < 5000; ++i) deep += "[";
  std::string many = "<?php\n";
  for (int i = 0; i < 6000; ++i) many += "$cfg['Servers'][" + std::to_string(i) + "]['password'] = 'p" + std::to_string(i) + "q';\n";
  const std::vector<std::pair<std::string, std::string>> inputs = {
      {"configuration.php", "<?php class JConfig { public $password = '" + bad},
      {"configuration.php", "JConfig public $ = = ; $password [ [ ] ] = array( 'a' => "},
      {"sites/default/settings.php", "$databases['default'] = [ 'default' => [ 'password' => 'abc\\"},
      {"sites/default/settings.php", "$databases[$x][] = array(,,, => => ) ] ) $settings['hash_salt'] = \"" + bad},
      {"app/etc/env.php", "<?php return ['db' => ['connection' => 5, 'crypt' => ['key' => []]]]; 'db'"},
      {"app/etc/local.xml", "<config><crypt><key><![CDATA[" + bad + "<connection><password>"},
      {"config.inc.php", "$cfg['Servers'][$i]['password'] = 'x'; $i++; ++$i; $i = 'a'; $cfg['Servers'][$i][]"},
      {"LocalSettings.php", "$wgSMTP = 'x'; $wgSMTP['password'] = ['a']; $wgDBpassword = ["},
      {"config/config.php", deep},
      {"config.inc.php", "<?php $cfg = 1;\n" + many},
      {"config/config.php", "$CONFIG = array('trusted_domains' => array(), 'dbpassword' => array('x'));"},
      {"app.ini", "[database\n=\n[]\nPASSWD = `\n[security]\nSECRET_KEY = \"" + bad + "\n"},
      {"gitlab.rb", "gitlab_rails['\ngitlab_rails['a'] = \ngitlab_rails['b' = 'c'\nexternal_url '" + bad + "\n"},
      {"gitlab-secrets.json", "{\"gitlab_rails\": [1, " + bad},
      {"gitlab-secrets.json", "{\"gitlab_rails\": {\"db_key_base\": 5, \"otp_key_base\": null}}"},
  };
  for (const auto& input : inputs) {
    auto r = nhi::analyze_file(input.first, input.second);
    CHECK_MESSAGE((r.is_ok() || r.error().code() == nhi::errc::parse_error), input.first);
  }
}
