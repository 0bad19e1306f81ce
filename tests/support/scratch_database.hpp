// SPDX-License-Identifier: Apache-2.0
// A fresh PostgreSQL database for one test, dropped when it goes out of scope.
// The server is the throwaway one of tests/support/postgres_server.sh (ctest
// fixture `postgres_server`); the file named by NHI_TEST_POSTGRESQL_URL_FILE
// holds the libpq URL of its admin database.
#pragma once

#include <doctest/doctest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>

namespace nhi_test {

// The admin URL the fixture wrote; fails the test when there is none.
inline std::string postgresql_admin_url() {
  const char* file = std::getenv("NHI_TEST_POSTGRESQL_URL_FILE");
  if (file == nullptr || *file == '\0')
    FAIL("NHI_TEST_POSTGRESQL_URL_FILE is not set: the PostgreSQL tests run under ctest (fixture postgres_server), "
         "or start a server with tests/support/postgres_server.sh start DIR and set it to DIR/url");
  std::ifstream in(file);
  std::string url;
  std::getline(in, url);
  if (url.empty())
    FAIL(("no PostgreSQL URL in " + std::string(file) +
          " (NHI_TEST_POSTGRESQL_URL_FILE): is the server running? "
          "(ctest fixture postgres_server, tests/support/postgres_server.sh start DIR)"));
  return url;
}

// `url` with its database (the path after the authority) replaced by `dbname`.
inline std::string postgresql_url_with_database(const std::string& url, const std::string& dbname) {
  const std::size_t scheme = url.find("://");
  const std::size_t authority = scheme == std::string::npos ? 0 : scheme + 3;
  const std::size_t query = url.find('?', authority);
  std::size_t path = url.find('/', authority);
  if (path != std::string::npos && query != std::string::npos && path > query) path = std::string::npos;
  const std::size_t path_start = path == std::string::npos ? (query == std::string::npos ? url.size() : query) : path;
  const std::string rest = query == std::string::npos ? std::string() : url.substr(query);
  return url.substr(0, path_start) + "/" + dbname + rest;
}

class scratch_database {
 public:
  scratch_database() : admin_url_(postgresql_admin_url()) {
    static std::atomic<unsigned> counter{0};
    std::random_device rd;
    std::ostringstream name;
    name << "nhi_t_" << ::getpid() << "_" << counter++ << "_" << std::hex << rd();
    name_ = name.str();
    const std::string error = admin("CREATE DATABASE " + name_);
    if (!error.empty()) FAIL(("cannot create the scratch database " + name_ + ": " + error));
    url_ = postgresql_url_with_database(admin_url_, name_);
  }
  ~scratch_database() {
    // FORCE: a connection the test left open (or leaked) does not keep it.
    const std::string error = admin("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    if (error.empty()) return;
    const std::string message = "cannot drop the scratch database " + name_ + ": " + error;
    if (std::uncaught_exceptions() == 0) FAIL_CHECK(message);
    else std::cerr << message << "\n";
  }
  scratch_database(const scratch_database&) = delete;
  scratch_database& operator=(const scratch_database&) = delete;

  const std::string& name() const { return name_; }
  const std::string& url() const { return url_; }
  const std::string& admin_url() const { return admin_url_; }

 private:
  // Runs one statement on the admin database; returns libpq's error, or "".
  std::string admin(const std::string& sql) const {
    PGconn* conn = PQconnectdb(admin_url_.c_str());
    std::string error;
    if (PQstatus(conn) != CONNECTION_OK) {
      error = std::string("connecting to ") + admin_url_ + ": " + PQerrorMessage(conn);
    } else {
      PGresult* r = PQexec(conn, sql.c_str());
      if (PQresultStatus(r) != PGRES_COMMAND_OK) error = PQresultErrorMessage(r);
      PQclear(r);
    }
    PQfinish(conn);
    while (!error.empty() && error.back() == '\n') error.pop_back();
    return error;
  }

  std::string admin_url_;
  std::string name_;
  std::string url_;
};

}  // namespace nhi_test
