// SPDX-License-Identifier: Apache-2.0
// The PostgreSQL test harness itself (docs/testing.md): each scratch database
// is a new, empty, usable database of its own, and is gone after its scope.
// Registered only as "postgresql:..." (it needs the postgres_server fixture).
#include <doctest/doctest.h>
#include <libpq-fe.h>

#include <memory>
#include <string>

#include "nhi/inventory.hpp"
#include "support/scratch_database.hpp"
#include "support/test_inventory.hpp"

namespace {

struct connection {
  explicit connection(const std::string& url) : conn(PQconnectdb(url.c_str())) {}
  ~connection() { PQfinish(conn); }
  bool ok() const { return PQstatus(conn) == CONNECTION_OK; }
  // The first column of the first row, or "ERROR: ..." when the statement fails.
  std::string value(const std::string& sql) const {
    PGresult* r = PQexec(conn, sql.c_str());
    std::string out;
    const ExecStatusType st = PQresultStatus(r);
    if (st == PGRES_TUPLES_OK && PQntuples(r) > 0) out = PQgetvalue(r, 0, 0);
    else if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) out = std::string("ERROR: ") + PQresultErrorMessage(r);
    PQclear(r);
    return out;
  }
  PGconn* conn;
};

// How many databases of that name the server has: "1" or "0".
std::string databases_named(const std::string& admin_url, const std::string& name) {
  connection admin(admin_url);
  REQUIRE(admin.ok());
  return admin.value("SELECT count(*) FROM pg_database WHERE datname = '" + name + "'");
}

}  // namespace

TEST_SUITE("postgresql_only") {

TEST_CASE("postgresql harness: scratch databases are distinct, usable and dropped") {
  std::string admin_url, first_name, second_name;
  std::unique_ptr<connection> lingering;  // still connected when its database is dropped
  {
    nhi_test::scratch_database first, second;
    admin_url = first.admin_url();
    first_name = first.name();
    second_name = second.name();
    CHECK(first_name != second_name);
    CHECK(first.url() != second.url());
    CHECK(first_name.rfind("nhi_t_", 0) == 0);

    connection a(first.url()), b(second.url());
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(a.value("SELECT current_database()") == first_name);
    CHECK(b.value("SELECT current_database()") == second_name);
    // Empty when made, and what one holds the other does not.
    CHECK(a.value("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == "0");
    CHECK(a.value("CREATE TABLE t(x int)").empty());
    CHECK(a.value("INSERT INTO t VALUES (42)").empty());
    CHECK(a.value("SELECT x FROM t") == "42");
    CHECK(b.value("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == "0");
    CHECK(databases_named(admin_url, first_name) == "1");
    CHECK(databases_named(admin_url, second_name) == "1");
    lingering = std::make_unique<connection>(first.url());
    REQUIRE(lingering->ok());
  }
  CHECK(databases_named(admin_url, first_name) == "0");
  CHECK(databases_named(admin_url, second_name) == "0");
  CHECK(lingering->value("SELECT 1").rfind("ERROR: ", 0) == 0);  // dropped under it (WITH (FORCE))
}

TEST_CASE("postgresql harness: the inventory location is a scratch database URL, and an inventory opens there") {
  REQUIRE(nhi_test::test_inventory_backend() == "postgresql");
  std::string admin_url, name;
  {
    nhi_test::test_inventory where("/nonexistent", "inv.db");
    CHECK(where.postgresql());
    CHECK(where.location().rfind("postgresql://", 0) == 0);
    CHECK(where.location().find("/nhi_t_") != std::string::npos);
    connection c(where.location());
    REQUIRE(c.ok());
    name = c.value("SELECT current_database()");
    admin_url = nhi_test::postgresql_admin_url();
    CHECK(databases_named(admin_url, name) == "1");
    // The inventory tests' open() lands in that database: its schema appears there.
    CHECK(c.value("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == "0");
    auto inv = nhi::inventory::open(where.location());
    REQUIRE(inv);
    CHECK(c.value("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = 'snapshots'") == "1");
  }
  CHECK(databases_named(admin_url, name) == "0");
}

TEST_CASE("postgresql harness: a URL's database is replaced, its parameters kept") {
  using nhi_test::postgresql_url_with_database;
  CHECK(postgresql_url_with_database("postgresql://nhi@/postgres?host=/tmp/x&port=5", "d1") ==
        "postgresql://nhi@/d1?host=/tmp/x&port=5");
  CHECK(postgresql_url_with_database("postgresql://nhi@h:5432?sslmode=disable", "d2") ==
        "postgresql://nhi@h:5432/d2?sslmode=disable");
  CHECK(postgresql_url_with_database("postgres://h/db", "d3") == "postgres://h/d3");
}

}  // TEST_SUITE("postgresql_only")
