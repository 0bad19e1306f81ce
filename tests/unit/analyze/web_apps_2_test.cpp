// SPDX-License-Identifier: Apache-2.0
// More self-hosted application settings (analyze/web_apps_2.cpp and
// patterns/config-webapps-2.yaml): TYPO3, Grafana, Zabbix, Roundcube, Moodle,
// phpBB, OpenCart, PrestaShop. Every
// value is random, made in the test; each fact's fingerprint must be the one
// of the rule's finding on its line (the join the inventory makes).
#include "unit/analyze/analyze_support.hpp"
#include "unit/analyze/scan_support.hpp"

using namespace analyze_test;

namespace {

void check_no_finding_of(const std::vector<nhi::finding>& found, const std::string& rule) {
  for (const auto& f : found) CHECK_MESSAGE(f.rule_id != rule, rule << " on line " << f.line);
}

// A key the rules take whatever its draw: a fixed first letter (no default's
// prefix) and 24 random letters and digits.
std::string random_key() { return "K" + random_alnum(24); }

}  // namespace

TEST_CASE("analyze: TYPO3 LocalConfiguration.php: the database account, encryption key, Install Tool hash, SMTP") {
  const std::string pw = random_password(), key = random_hex_digits(96), smtp_pw = random_password();
  const std::string hash = "$argon2i$v=19$m=65536,t=16,p=1$" + random_alnum(22) + "$" + random_alnum(43);
  const std::string content =
      "<?php\n"                                                           // 1
      "return [\n"                                                        // 2
      "    'BE' => [\n"                                                   // 3
      "        'debug' => false,\n"                                       // 4
      "        'installToolPassword' => '" + hash + "',\n"                // 5
      "    ],\n"                                                          // 6
      "    'DB' => [\n"                                                   // 7
      "        'Connections' => [\n"                                      // 8
      "            'Default' => [\n"                                      // 9
      "                'charset' => 'utf8mb4',\n"                         // 10
      "                'dbname' => 'typo3_prod',\n"                       // 11
      "                'driver' => 'mysqli',\n"                           // 12
      "                'host' => 'db.acme.internal',\n"                   // 13
      "                'password' => '" + pw + "',\n"                     // 14
      "                'port' => 3306,\n"                                 // 15
      "                'user' => 'typo3',\n"                              // 16
      "            ],\n"                                                  // 17
      "        ],\n"                                                      // 18
      "    ],\n"                                                          // 19
      "    'MAIL' => [\n"                                                 // 20
      "        'transport' => 'smtp',\n"                                  // 21
      "        'transport_smtp_password' => '" + smtp_pw + "',\n"         // 22
      "        'transport_smtp_server' => 'smtp.acme.io:587',\n"          // 23
      "        'transport_smtp_username' => 'typo3@acme.io',\n"           // 24
      "    ],\n"                                                          // 25
      "    'SYS' => [\n"                                                  // 26
      "        'encryptionKey' => '" + key + "',\n"                       // 27
      "        'sitename' => 'Acme Website',\n"                           // 28
      "    ],\n"                                                          // 29
      "];\n";
  const auto r = analyze("var/www/acme/typo3conf/LocalConfiguration.php", content);
  for (const std::string& s : {pw, key, smtp_pw, hash}) check_no_secret(r, s);
  REQUIRE(r.identities.size() == 4);
  const auto& db = fact(r, "password", "typo3@db.acme.internal/typo3_prod");
  CHECK(db.line == 14);
  CHECK(db.provider == "mysql");
  CHECK(attribute(db, "application") == "typo3");
  CHECK(attribute(db, "setting") == "DB.Connections.Default.password");
  CHECK(attribute(db, "site") == "Acme Website");
  const auto& enc = fact(r, "secret_key", "typo3:SYS.encryptionKey@Acme Website");
  CHECK(enc.line == 27);
  const auto& install = fact(r, "password_hash", "typo3:install-tool@Acme Website");
  CHECK(install.line == 5);
  CHECK(attribute(install, "hash_scheme") == "argon2i");
  const auto& smtp = fact(r, "password", "typo3@acme.io@smtp.acme.io:587");
  CHECK(smtp.line == 22);
  const auto found = rule_findings("LocalConfiguration.php", content);
  check_joined(found, "typo3-db-password", db);
  check_joined(found, "typo3-encryption-key", enc);
  check_joined(found, "typo3-install-tool-password-hash", install);
  check_joined(found, "typo3-smtp-password", smtp);

  // TYPO3 12's config/system/settings.php: the same tree; the site from the path.
  const auto r12 = analyze("srv/typo3/config/system/settings.php", content);
  CHECK(r12.identities.size() == 4);
  // AdditionalConfiguration.php / additional.php assign parts of $GLOBALS['TYPO3_CONF_VARS'].
  const std::string add_pw = random_password(), add_key = random_hex_digits(96);
  const std::string additional =
      "<?php\n"                                                                                                 // 1
      "$GLOBALS['TYPO3_CONF_VARS']['DB']['Connections']['Default']['host'] = 'pg.acme.internal';\n"           // 2
      "$GLOBALS['TYPO3_CONF_VARS']['DB']['Connections']['Default']['driver'] = 'pdo_pgsql';\n"                // 3
      "$GLOBALS['TYPO3_CONF_VARS']['DB']['Connections']['Default']['user'] = 'web';\n"                        // 4
      "$GLOBALS['TYPO3_CONF_VARS']['DB']['Connections']['Default']['password'] = '" + add_pw + "';\n"         // 5
      "$GLOBALS['TYPO3_CONF_VARS']['SYS']['encryptionKey'] = '" + add_key + "';\n"                            // 6
      "$GLOBALS['TYPO3_CONF_VARS']['MAIL']['transport_smtp_password'] = getenv('SMTP_PASSWORD');\n";         // 7
  const auto ra = analyze("web/typo3conf/AdditionalConfiguration.php", additional);
  for (const std::string& s : {add_pw, add_key}) check_no_secret(ra, s);
  REQUIRE(ra.identities.size() == 2);
  const auto& add_db = fact(ra, "password", "web@pg.acme.internal");
  CHECK(add_db.provider == "postgres");
  const auto& add_enc = fact(ra, "secret_key", "typo3:SYS.encryptionKey@web");
  const auto found_add = rule_findings("AdditionalConfiguration.php", additional);
  check_joined(found_add, "typo3-db-password", add_db);
  check_joined(found_add, "typo3-encryption-key", add_enc);
  check_no_finding_of(found_add, "typo3-smtp-password");
}

TEST_CASE("analyze: TYPO3 blank installer values and an MD5 Install Tool hash of TYPO3 4") {
  const std::string md5 = random_hex_digits(32);
  const std::string content =
      "<?php\n"
      "return [\n"
      "    'BE' => ['installToolPassword' => '" + md5 + "'],\n"
      "    'DB' => ['Connections' => ['Default' => ['password' => '', 'user' => 'typo3']]],\n"
      "    'MAIL' => ['transport_smtp_password' => ''],\n"
      "    'SYS' => ['encryptionKey' => ''],\n"
      "];\n";
  const auto r = analyze("typo3conf/LocalConfiguration.php", content);
  REQUIRE(r.identities.size() == 1);
  const auto& install = fact(r, "password_hash", "typo3:install-tool@.");
  CHECK(attribute(install, "hash_scheme") == "md5");
  check_no_secret(r, md5);
}

TEST_CASE("analyze: Grafana grafana.ini: the administrator, secret key, database, SMTP and OAuth accounts") {
  const std::string admin_pw = random_password(), secret = random_key(), db_pw = random_password(),
                    smtp_pw = random_password() + "#" + random_password(), client_secret = random_key();
  const std::string content =
      "[server]\n"                                                      // 1
      "root_url = https://grafana.acme.io/\n"                           // 2
      "[database]\n"                                                    // 3
      "type = postgres\n"                                               // 4
      "host = pg.acme.internal:5432\n"                                  // 5
      "name = grafana\n"                                                // 6
      "user = grafana\n"                                                // 7
      "password = " + db_pw + "\n"                                      // 8
      ";password = Old" + db_pw + "\n"                                  // 9
      "[security]\n"                                                    // 10
      "admin_user = ops\n"                                              // 11
      "admin_password = " + admin_pw + "\n"                             // 12
      "secret_key = " + secret + "\n"                                   // 13
      "[smtp]\n"                                                        // 14
      "enabled = true\n"                                                // 15
      "host = smtp.acme.io:587\n"                                       // 16
      "user = grafana@acme.io\n"                                        // 17
      "password = \"\"\"" + smtp_pw + "\"\"\"\n"                        // 18
      "[auth.generic_oauth]\n"                                          // 19
      "enabled = true\n"                                                // 20
      "client_id = grafana-web\n"                                       // 21
      "client_secret = " + client_secret + "\n"                         // 22
      "[auth.github]\n"                                                 // 23
      "client_secret = $__env{GITHUB_CLIENT_SECRET}\n";                 // 24
  const auto r = analyze("etc/grafana/grafana.ini", content);
  for (const std::string& s : {admin_pw, secret, db_pw, smtp_pw, client_secret}) check_no_secret(r, s);
  REQUIRE(r.identities.size() == 5);
  const auto& db = fact(r, "password", "grafana@pg.acme.internal:5432/grafana");
  CHECK(db.provider == "postgres");
  CHECK(db.line == 8);
  const auto& admin = fact(r, "password", "ops@grafana.acme.io");
  CHECK(admin.line == 12);
  const auto& key = fact(r, "secret_key", "grafana:secret_key@grafana.acme.io");
  CHECK(key.line == 13);
  const auto& smtp = fact(r, "password", "grafana@acme.io@smtp.acme.io:587");
  CHECK(attribute(smtp, "fingerprint") == nhi::fingerprint_of(smtp_pw));
  const auto& oauth = fact(r, "client_secret", "grafana:[auth.generic_oauth]@grafana.acme.io");
  CHECK(attribute(oauth, "client_id") == "grafana-web");
  const auto found = rule_findings("grafana.ini", content);
  check_joined(found, "grafana-ini-password", db);
  check_joined(found, "grafana-ini-admin-password", admin);
  check_joined(found, "grafana-ini-secret-key", key);
  check_joined(found, "grafana-ini-oauth-client-secret", oauth);

  // The defaults (admin, the published secret_key), an unquoted value's comment, a url.
  const std::string url_pw = random_password();
  const std::string defaults =
      "[security]\nadmin_user = admin\nadmin_password = admin\nsecret_key = SW2YcwTIb9zpOOhoPsMm\n"
      "[database]\nurl = mysql://grafana:" + url_pw + "@mysql.acme.internal:3306/grafana\n";
  const auto rd = analyze("grafana/conf/custom.ini", defaults);
  check_no_secret(rd, url_pw);
  REQUIRE(rd.identities.size() == 1);
  const auto& url = fact(rd, "password", "grafana@mysql.acme.internal:3306/grafana");
  check_joined(rule_findings("custom.ini", defaults), "mysql-connection-uri", url);
  check_no_finding_of(rule_findings("custom.ini", defaults), "grafana-ini-secret-key");
}

TEST_CASE("analyze: Grafana datasource provisioning: passwords with their user and url, tokens") {
  const std::string pg_pw = random_password(), basic_pw = random_password(), token = random_key();
  const std::string content =
      "apiVersion: 1\n"                                         // 1
      "datasources:\n"                                          // 2
      "  - name: Warehouse\n"                                   // 3
      "    type: postgres\n"                                    // 4
      "    url: pg.acme.internal:5432\n"                        // 5
      "    user: grafana_ro\n"                                  // 6
      "    jsonData:\n"                                         // 7
      "      database: warehouse\n"                             // 8
      "    secureJsonData:\n"                                   // 9
      "      password: '" + pg_pw + "'\n"                       // 10
      "  - name: Metrics\n"                                     // 11
      "    type: prometheus\n"                                  // 12
      "    url: https://prom.acme.io\n"                         // 13
      "    basicAuth: true\n"                                   // 14
      "    basicAuthUser: grafana\n"                            // 15
      "    secureJsonData:\n"                                   // 16
      "      basicAuthPassword: " + basic_pw + "\n"             // 17
      "      httpHeaderValue1: 'Bearer " + token + "'\n"        // 18
      "  - name: Logs\n"                                        // 19
      "    type: loki\n"                                        // 20
      "    secureJsonData:\n"                                   // 21
      "      basicAuthPassword: $LOKI_PASSWORD\n";              // 22
  const auto r = analyze("grafana/provisioning/datasources/datasources.yaml", content);
  for (const std::string& s : {pg_pw, basic_pw, token}) check_no_secret(r, s);
  REQUIRE(r.identities.size() == 3);
  const auto& pg = fact(r, "password", "grafana_ro@pg.acme.internal:5432/warehouse");
  CHECK(pg.provider == "postgres");
  CHECK(pg.line == 10);
  const auto& basic = fact(r, "password", "grafana@prom.acme.io");
  CHECK(basic.provider == "prometheus");
  const auto& header = fact(r, "token", "grafana-datasource:Metrics@prom.acme.io");
  CHECK(header.line == 18);
  const auto found = rule_findings("datasources.yaml", content);
  check_joined(found, "grafana-datasource-secure-json", pg);
  check_joined(found, "grafana-datasource-secure-json", basic);
  check_joined(found, "grafana-datasource-secure-json", header);
}

TEST_CASE("analyze: Zabbix server, agent and PSK files, and zabbix.conf.php") {
  const std::string db_pw = random_password();
  const std::string server =
      "LogFile=/var/log/zabbix/zabbix_server.log\n"   // 1
      "DBHost=pg.acme.internal\n"                     // 2
      "DBName=zabbix\n"                               // 3
      "DBSchema=public\n"                             // 4
      "DBUser=zabbix\n"                               // 5
      "# DBPassword=Old" + db_pw + "\n"               // 6
      "DBPassword=" + db_pw + "\n";                   // 7
  const auto r = analyze("etc/zabbix/zabbix_server.conf", server);
  check_no_secret(r, db_pw);
  REQUIRE(r.identities.size() == 1);
  const auto& db = fact(r, "password", "zabbix@pg.acme.internal/zabbix");
  CHECK(db.provider == "postgres");
  CHECK(db.line == 7);
  const auto found = rule_findings("zabbix_server.conf", server);
  check_joined(found, "zabbix-db-password", db);
  for (const auto& f : found) CHECK_MESSAGE(!(f.rule_id == "zabbix-db-password" && f.line == 6), "a commented DBPassword");

  const std::string agent =
      "Server=zabbix.acme.internal\nHostname=web-01\nTLSConnect=psk\nTLSAccept=psk\n"
      "TLSPSKIdentity=PSK web-01\nTLSPSKFile=/etc/zabbix/zabbix_agentd.psk\n";
  const auto ra = analyze("etc/zabbix/zabbix_agentd.conf", agent);
  REQUIRE(ra.identities.size() == 1);
  const auto& psk_ref = fact(ra, "secret_key", "zabbix:psk:PSK web-01@web-01");
  CHECK(attribute(psk_ref, "key_file") == "/etc/zabbix/zabbix_agentd.psk");
  CHECK(attribute(psk_ref, "daemon") == "Zabbix agent");

  const std::string psk = random_hex_digits(64);
  const auto rp = analyze("etc/zabbix/zabbix_agentd.psk", psk + "\n");
  check_no_secret(rp, psk);
  REQUIRE(rp.identities.size() == 1);
  CHECK(attribute(rp.identities[0], "fingerprint") == nhi::fingerprint_of(psk));
  CHECK(analyze("etc/zabbix/zabbix_agentd.psk", psk.substr(0, 31) + "\n").identities.empty());
  CHECK(analyze("etc/zabbix/zabbix_agentd.psk", "not a key at all, but text\n").identities.empty());

  const std::string web_pw = random_password();
  const std::string web =
      "<?php\n"                                     // 1
      "$DB['TYPE']     = 'MYSQL';\n"                // 2
      "$DB['SERVER']   = 'mysql.acme.internal';\n"  // 3
      "$DB['PORT']     = '0';\n"                    // 4
      "$DB['DATABASE'] = 'zabbix';\n"               // 5
      "$DB['USER']     = 'zabbix_web';\n"           // 6
      "$DB['PASSWORD'] = '" + web_pw + "';\n"       // 7
      "$ZBX_SERVER_NAME = 'Acme monitoring';\n";    // 8
  const auto rw = analyze("usr/share/zabbix/conf/zabbix.conf.php", web);
  check_no_secret(rw, web_pw);
  REQUIRE(rw.identities.size() == 1);
  const auto& web_db = fact(rw, "password", "zabbix_web@mysql.acme.internal/zabbix");
  CHECK(attribute(web_db, "site") == "Acme monitoring");
  check_joined(rule_findings("zabbix.conf.php", web), "zabbix-web-db-password", web_db);
}

TEST_CASE("analyze: Roundcube config.inc.php: the database URL, DES key and a fixed SMTP account") {
  const std::string db_pw = random_password(), des = random_key().substr(0, 24), smtp_pw = random_password();
  const std::string content =
      "<?php\n"                                                                                  // 1
      "$config = [];\n"                                                                          // 2
      "$config['db_dsnw'] = 'mysql://roundcube:" + db_pw + "@db.acme.internal/roundcubemail';\n"  // 3
      "$config['imap_host'] = 'ssl://imap.acme.io:993';\n"                                       // 4
      "$config['smtp_host'] = 'tls://smtp.acme.io:587';\n"                                       // 5
      "$config['smtp_user'] = 'webmail@acme.io';\n"                                              // 6
      "$config['smtp_pass'] = '" + smtp_pw + "';\n"                                              // 7
      "$config['des_key'] = '" + des + "';\n"                                                    // 8
      "$config['product_name'] = 'Acme Webmail';\n";                                             // 9
  const auto r = analyze("var/www/roundcube/config/config.inc.php", content);
  for (const std::string& s : {db_pw, des, smtp_pw}) check_no_secret(r, s);
  REQUIRE(r.identities.size() == 3);
  const auto& db = fact(r, "password", "roundcube@db.acme.internal/roundcubemail");
  CHECK(db.line == 3);
  const auto& key = fact(r, "secret_key", "roundcube:des_key@Acme Webmail");
  const auto& smtp = fact(r, "password", "webmail@acme.io@smtp.acme.io:587");
  const auto found = rule_findings("config.inc.php", content);
  check_joined(found, "mysql-connection-uri", db);
  check_joined(found, "roundcube-des-key", key);
  check_joined(found, "roundcube-smtp-password", smtp);

  // The sample's values: the published DES key, the user's own login for SMTP.
  const std::string sample =
      "<?php\n$config['db_dsnw'] = 'sqlite:////var/lib/roundcube/db.sqlite?mode=0646';\n"
      "$config['smtp_user'] = '%u';\n$config['smtp_pass'] = '%p';\n"
      "$config['des_key'] = 'rcmail-!24ByteDESkey*Str';\n";
  const auto rs = analyze("roundcube/config/config.inc.php", sample);
  CHECK(rs.identities.empty());
  const auto found_sample = rule_findings("config.inc.php", sample);
  check_no_finding_of(found_sample, "roundcube-des-key");
  check_no_finding_of(found_sample, "roundcube-smtp-password");
}

TEST_CASE("analyze: Moodle, phpBB and OpenCart config.php, PrestaShop parameters.php: database accounts and keys") {
  const std::string moodle_pw = random_password(), phpbb_pw = random_password(), cart_pw = random_password(),
                    shop_pw = random_password(), shop_secret = random_key(), shop_cookie = random_key() + random_key();
  const std::string moodle =
      "<?php\n"                                          // 1
      "unset($CFG);\n"                                   // 2
      "global $CFG;\n"                                   // 3
      "$CFG = new stdClass();\n"                         // 4
      "$CFG->dbtype    = 'pgsql';\n"                     // 5
      "$CFG->dbhost    = 'pg.acme.internal';\n"          // 6
      "$CFG->dbname    = 'moodle';\n"                    // 7
      "$CFG->dbuser    = 'moodleuser';\n"                // 8
      "$CFG->dbpass    = '" + moodle_pw + "';\n"         // 9
      "$CFG->wwwroot   = 'https://learn.acme.io';\n"     // 10
      "require_once(__DIR__ . '/lib/setup.php');\n";     // 11
  const auto rm = analyze("var/www/moodle/config.php", moodle);
  check_no_secret(rm, moodle_pw);
  REQUIRE(rm.identities.size() == 1);
  const auto& m = fact(rm, "password", "moodleuser@pg.acme.internal/moodle");
  CHECK(m.provider == "postgres");
  CHECK(m.line == 9);
  CHECK(attribute(m, "site") == "learn.acme.io");
  check_joined(rule_findings("config.php", moodle), "moodle-db-password", m);

  const std::string phpbb =
      "<?php\n$dbms = 'phpbb\\\\db\\\\driver\\\\mysqli';\n$dbhost = 'mysql.acme.internal';\n$dbport = '';\n"
      "$dbname = 'forum';\n$dbuser = 'phpbb';\n$dbpasswd = '" + phpbb_pw + "';\n$table_prefix = 'phpbb_';\n";
  const auto rp = analyze("forum/config.php", phpbb);
  check_no_secret(rp, phpbb_pw);
  REQUIRE(rp.identities.size() == 1);
  const auto& b = fact(rp, "password", "phpbb@mysql.acme.internal/forum");
  CHECK(b.line == 7);
  check_joined(rule_findings("config.php", phpbb), "phpbb-db-password", b);

  const std::string cart =
      "<?php\ndefine('HTTP_SERVER', 'https://shop.acme.io/');\ndefine('DIR_APPLICATION', '/var/www/catalog/');\n"
      "define('DB_DRIVER', 'mysqli');\ndefine('DB_HOSTNAME', 'db.acme.internal');\ndefine('DB_USERNAME', 'oc');\n"
      "define('DB_PASSWORD', '" + cart_pw + "');\ndefine('DB_DATABASE', 'opencart');\ndefine('DB_PORT', '3306');\n";
  const auto rc = analyze("www/opencart/config.php", cart);
  check_no_secret(rc, cart_pw);
  REQUIRE(rc.identities.size() == 1);
  const auto& c = fact(rc, "password", "oc@db.acme.internal/opencart");
  CHECK(c.line == 7);
  CHECK(attribute(c, "site") == "shop.acme.io");
  check_joined(rule_findings("config.php", cart), "wordpress-db-password", c);  // the define() rule

  const std::string shop =
      "<?php return array (\n"                                          // 1
      "  'parameters' =>\n"                                             // 2
      "  array (\n"                                                     // 3
      "    'database_host' => '127.0.0.1',\n"                           // 4
      "    'database_port' => '',\n"                                    // 5
      "    'database_name' => 'prestashop',\n"                          // 6
      "    'database_user' => 'ps_user',\n"                             // 7
      "    'database_password' => '" + shop_pw + "',\n"                 // 8
      "    'database_prefix' => 'ps_',\n"                               // 9
      "    'secret' => '" + shop_secret + "',\n"                        // 10
      "    'cookie_key' => '" + shop_cookie + "',\n"                    // 11
      "    'cookie_iv' => '',\n"                                        // 12
      "  ),\n"
      ");\n";
  const auto rs = analyze("www/shop/app/config/parameters.php", shop);
  for (const std::string& s : {shop_pw, shop_secret, shop_cookie}) check_no_secret(rs, s);
  REQUIRE(rs.identities.size() == 3);
  const auto& db = fact(rs, "password", "ps_user@127.0.0.1/prestashop");
  const auto& secret = fact(rs, "secret_key", "prestashop:secret@www/shop/app");
  const auto& cookie = fact(rs, "secret_key", "prestashop:cookie_key@www/shop/app");
  const auto found = rule_findings("parameters.php", shop);
  check_joined(found, "prestashop-db-password", db);
  check_joined(found, "prestashop-cookie-key", secret);
  check_joined(found, "prestashop-cookie-key", cookie);
}

TEST_CASE("analyze: Nagios resource.cfg: each $USERn$ that is not a path") {
  const std::string pw = random_password(), community = random_password();
  const std::string content =
      "# Sets $USER1$ to be the path to the plugins\n"   // 1
      "$USER1$=/usr/local/nagios/libexec\n"              // 2
      "$USER3$=" + pw + "\n"                              // 3
      "#$USER4$=Old" + pw + "\n"                          // 4
      "$USER5$ = " + community + "\n";                    // 5
  const auto r = analyze("usr/local/nagios/etc/resource.cfg", content);
  for (const std::string& s : {pw, community}) check_no_secret(r, s);
  REQUIRE(r.identities.size() == 2);
  const auto& user3 = fact(r, "password", "nagios:$USER3$@usr/local/nagios/etc");
  CHECK(user3.line == 3);
  const auto& user5 = fact(r, "password", "nagios:$USER5$@usr/local/nagios/etc");
  const auto found = rule_findings("resource.cfg", content);
  check_joined(found, "nagios-resource-macro", user3);
  check_joined(found, "nagios-resource-macro", user5);
  for (const auto& f : found) CHECK_MESSAGE(!(f.rule_id == "nagios-resource-macro" && f.line != 3 && f.line != 5), f.line);
}

TEST_CASE("analyze: more application settings on bytes of any kind: a result, never a crash") {
  const std::string bad = "\xff\xfe\xc3(\xa0\xa1";
  const std::string huge(1 << 20, 'a');
  const std::vector<std::pair<std::string, std::string>> inputs = {
      {"typo3conf/LocalConfiguration.php", "<?php return ['DB' => ['Connections' => ['Default' => 'x']], 'SYS' => "},
      {"typo3conf/LocalConfiguration.php", "<?php return ['SYS' => ['encryptionKey' => ['a']], 'BE' => 5, 'MAIL' => '" + bad},
      {"typo3conf/AdditionalConfiguration.php", "$GLOBALS['TYPO3_CONF_VARS'] = 1; $GLOBALS['TYPO3_CONF_VARS']['DB'][] = 'x"},
      {"config/system/settings.php", "<?php 'SYS' " + huge},
      {"grafana.ini", "[security\nadmin_password = \"\"\"\nsecret_key = \"" + bad + "\n[auth.]\nclient_secret=x\n"},
      {"grafana.ini", "[database]\nurl = mysql://a@b:c\nurl = ://:@/\npassword = " + huge + "\n"},
      {"provisioning/datasources/ds.yaml", "datasources:\n  - secureJsonData: [1, 2]\n  - secureJsonData:\n      password: [x]\n"},
      {"provisioning/datasources/ds.yaml", "datasources: {secureJsonData: 1}\n"},
      {"provisioning/datasources/ds.yaml", "datasources:\n  - secureJsonData:\n      password: '" + bad},
      {"zabbix_server.conf", "DBPassword\n=\nDBPassword=" + bad + "\nTLSPSKFile=\nTLSPSKIdentity=x\n"},
      {"zabbix/a.psk", bad + huge},
      {"zabbix.conf.php", "<?php $DB = 'x'; $DB['PASSWORD'] = ['y']; $DB["},
      {"config/config.inc.php", "<?php $config['db_dsnw'] = 'mysql://:@'; $config['des_key'] = ['x']; $config['smtp_pass'] = " + bad},
      {"config/config.inc.php", "<?php $rcmail_config['db_dsnw'] = 'pgsql://u:p@'; $rcmail_config = 5;"},
      {"moodle/config.php", "<?php $CFG->dbpass->x = 'a'; $CFG-> = ; $CFG->dbpass = ['x']; $CFG->"},
      {"opencart/config.php", "define('DB_PASSWORD', define('DB_HOSTNAME', 'DIR_APPLICATION' define( 'x'"},
      {"app/config/parameters.php", "<?php return ['parameters' => 'x', 'parameters' => ['secret' => ["},
      {"nagios/etc/resource.cfg", "$USER\n$USER$=\n$USERx$=abc\n$USER1=\n$USER99999$=" + bad + "\n"},
  };
  for (const auto& input : inputs) {
    auto r = nhi::analyze_file(input.first, input.second);
    CHECK_MESSAGE((r.is_ok() || r.error().code() == nhi::errc::parse_error), input.first);
  }
}
