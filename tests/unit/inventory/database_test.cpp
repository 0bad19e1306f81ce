// SPDX-License-Identifier: Apache-2.0
// The storage interface's pure parts: choosing the engine from the location,
// writing SQLite's parameters as PostgreSQL's, masking a URL's password.
#include <doctest/doctest.h>

#include "inventory/database.hpp"
#include "inventory/postgresql_database.hpp"

using nhi::detail::is_postgresql_location;
using nhi::detail::postgresql_parameters;
using nhi::detail::printable_location;

TEST_CASE("storage: a postgresql:// or postgres:// URL is a server, anything else a file") {
  CHECK(is_postgresql_location("postgresql://nhi@db/inventory"));
  CHECK(is_postgresql_location("postgres:///inventory?host=/run/postgresql"));
  CHECK_FALSE(is_postgresql_location("inventory.db"));
  CHECK_FALSE(is_postgresql_location("./postgresql://x"));
  CHECK_FALSE(is_postgresql_location("/var/lib/nhi/postgresql.db"));
}

TEST_CASE("storage: numbered parameters become $N outside quoted text") {
  CHECK(postgresql_parameters("SELECT a FROM t WHERE x = ?1 AND y = ?12") == "SELECT a FROM t WHERE x = $1 AND y = $12");
  CHECK(postgresql_parameters("SELECT '?1', \"?2\" WHERE z = ?3") == "SELECT '?1', \"?2\" WHERE z = $3");
  CHECK(postgresql_parameters("SELECT 'it''s ?1' WHERE ?2 = ''") == "SELECT 'it''s ?1' WHERE $2 = ''");
  CHECK(postgresql_parameters("SELECT ? FROM t") == "SELECT ? FROM t");  // not numbered: left alone
}

TEST_CASE("storage: a URL's password never reaches a message") {
  CHECK(printable_location("postgresql://nhi:s3cret@db.example:5432/inv") == "postgresql://nhi:***@db.example:5432/inv");
  CHECK(printable_location("postgresql://nhi@db/inv?sslmode=require&password=s3cret&x=1") ==
        "postgresql://nhi@db/inv?sslmode=require&password=***&x=1");
  CHECK(printable_location("postgres://db/inv") == "postgres://db/inv");
  CHECK(printable_location("/tmp/a:b@c.db") == "/tmp/a:b@c.db");  // a file path is shown as given
}
