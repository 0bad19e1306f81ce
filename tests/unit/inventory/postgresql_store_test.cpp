// SPDX-License-Identifier: Apache-2.0
// What only a PostgreSQL inventory has: the schema version in nhi_schema,
// a database shared with other applications' tables, and the libpq URL.
// Registered only against the test server (TEST_SUITE("postgresql_only")).
#include <doctest/doctest.h>
#include <libpq-fe.h>

#include <string>

#include "inventory/schema.hpp"
#include "nhi/inventory.hpp"
#include "support/scratch_database.hpp"

namespace {

// Runs `sql` on `url`; returns libpq's error message, or "".
std::string run_sql(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  PGresult* r = PQexec(conn, sql.c_str());
  const ExecStatusType st = PQresultStatus(r);
  std::string error = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ? "" : PQresultErrorMessage(r);
  if (error.empty() && PQntuples(r) > 0) error = std::string("=") + PQgetvalue(r, 0, 0);  // the value, marked
  PQclear(r);
  PQfinish(conn);
  return error;
}

}  // namespace

TEST_SUITE("postgresql_only") {

TEST_CASE("postgresql: an empty database gets the schema, recorded in nhi_schema") {
  nhi_test::scratch_database db;
  nhi::inventory_options must_exist;
  must_exist.create_if_missing = false;
  auto refused = nhi::inventory::open(db.url(), must_exist);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code() == nhi::errc::not_found);
  auto inv = nhi::inventory::open(db.url());
  REQUIRE(inv);
  CHECK(std::string(inv->backend()) == "postgresql");
  CHECK(inv->migrated_from() == 0);
  CHECK(run_sql(db.url(), "SELECT version FROM nhi_schema") == "=" + std::to_string(nhi::detail::kSchemaVersion));
}

TEST_CASE("postgresql: a newer schema is refused and the database left as it was") {
  nhi_test::scratch_database db;
  REQUIRE(nhi::inventory::open(db.url()));
  REQUIRE(run_sql(db.url(), "UPDATE nhi_schema SET version = 999").empty());
  auto inv = nhi::inventory::open(db.url());
  REQUIRE_FALSE(inv);
  CHECK(inv.error().code() == nhi::errc::unsupported);
  CHECK(inv.error().message().find("newer than this libnhi supports") != std::string::npos);
  CHECK(run_sql(db.url(), "SELECT version FROM nhi_schema") == "=999");
}

TEST_CASE("postgresql: a database holding another application's tables is refused untouched") {
  nhi_test::scratch_database db;
  REQUIRE(run_sql(db.url(), "CREATE TABLE customers (id bigint)").empty());
  auto inv = nhi::inventory::open(db.url());
  REQUIRE_FALSE(inv);
  CHECK(inv.error().code() == nhi::errc::invalid_argument);
  CHECK(run_sql(db.url(), "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'") == "=1");
  // Its own schema in the same database is fine (search_path in the URL).
  REQUIRE(run_sql(db.url(), "CREATE SCHEMA nhi").empty());
  const std::string in_schema = db.url() + (db.url().find('?') == std::string::npos ? "?" : "&") +
                                "options=-csearch_path%3Dnhi";
  auto own = nhi::inventory::open(in_schema);
  REQUIRE(own);
  CHECK(run_sql(db.url(), "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'nhi'") != "=0");
}

TEST_CASE("postgresql: an unreachable server is an I/O error that names it without its password") {
  auto inv = nhi::inventory::open("postgresql://nhi:s3cret@/nhi?host=/nonexistent-socket-dir&connect_timeout=2");
  REQUIRE_FALSE(inv);
  CHECK(inv.error().code() == nhi::errc::io_error);
  CHECK(inv.error().to_string().find("s3cret") == std::string::npos);
  CHECK(inv.error().to_string().find("nhi:***@") != std::string::npos);
}

}  // TEST_SUITE("postgresql_only")
