// SPDX-License-Identifier: Apache-2.0
// A thin RAII layer over the SQLite C API: a connection, prepared statements
// with typed binds and columns, and transactions. Failures are thrown as
// db_error and turned into nhi::status at the public boundary (one place
// decides how SQLite's codes map to errc).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "nhi/status.hpp"

namespace nhi::detail {

struct db_error : std::runtime_error {
  db_error(int code, const std::string& message) : std::runtime_error(message), sqlite_code(code) {}
  int sqlite_code;
};

// The status a failed SQLite call means for the caller: damage is `corrupt`,
// a lock held too long or a full disk is `io_error`.
status status_from(const db_error& e, const std::string& path);

class statement {
 public:
  statement(sqlite3* db, std::string_view sql);
  ~statement();
  statement(const statement&) = delete;
  statement& operator=(const statement&) = delete;

  // Binds are 1-based, like SQLite's. Empty strings are stored as ''.
  statement& bind(int index, std::string_view text);
  statement& bind(int index, std::int64_t value);
  statement& bind_null(int index);

  // Steps once: true when a row is available.
  bool step();
  // Steps to completion, for statements that return no rows.
  void run();
  void reset();

  std::string text(int column) const;  // "" for NULL
  std::int64_t integer(int column) const;
  bool is_null(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

class connection {
 public:
  connection() = default;
  ~connection();
  connection(connection&& other) noexcept;
  connection& operator=(connection&& other) noexcept;

  // Opens an existing file (create=false) or creates it; throws db_error.
  void open(const std::string& path, bool create);
  void exec(std::string_view sql);
  std::int64_t scalar(std::string_view sql);
  std::int64_t last_insert_rowid() const;
  int changes() const;
  sqlite3* handle() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

// BEGIN IMMEDIATE on construction (takes the write lock up front, so two
// writers queue on busy_timeout instead of failing to upgrade a read lock),
// ROLLBACK unless commit() was called.
class write_transaction {
 public:
  explicit write_transaction(connection& db);
  ~write_transaction();
  void commit();

 private:
  connection& db_;
  bool done_ = false;
};

// BEGIN (deferred): a consistent view for a series of reads.
class read_transaction {
 public:
  explicit read_transaction(connection& db);
  ~read_transaction();

 private:
  connection& db_;
};

}  // namespace nhi::detail
