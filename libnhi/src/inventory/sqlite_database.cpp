// SPDX-License-Identifier: Apache-2.0
#include "inventory/sqlite_database.hpp"

#include <sqlite3.h>

namespace nhi::detail {
namespace {

constexpr const char* kEngine = "an SQLite database";

db_failure failure_of(int rc) {
  switch (rc & 0xff) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return db_failure::corrupt;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return db_failure::busy;
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return db_failure::unavailable;
    default:
      return db_failure::other;
  }
}

[[noreturn]] void fail(sqlite3* db, int rc, std::string_view what) {
  std::string message(what);
  message += ": ";
  message += db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  throw db_error(failure_of(rc), message, kEngine);
}

class sqlite_statement final : public statement_driver {
 public:
  sqlite_statement(sqlite3* db, std::string_view sql) : db_(db) {
    const int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
    if (rc != SQLITE_OK) fail(db, rc, "prepare");
  }
  ~sqlite_statement() override { sqlite3_finalize(stmt_); }

  void bind_text(int index, std::string_view text) override {
    // An empty view may have no data at all, which SQLite would bind as NULL.
    check(sqlite3_bind_text(stmt_, index, text.data() ? text.data() : "", static_cast<int>(text.size()),
                            SQLITE_TRANSIENT));
  }
  void bind_integer(int index, std::int64_t value) override { check(sqlite3_bind_int64(stmt_, index, value)); }
  void bind_null(int index) override { check(sqlite3_bind_null(stmt_, index)); }

  bool step() override {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(db_, rc, "step");
  }
  void reset() override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  std::string text(int column) const override {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))) : std::string();
  }
  std::int64_t integer(int column) const override { return sqlite3_column_int64(stmt_, column); }
  bool is_null(int column) const override { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

 private:
  void check(int rc) {
    if (rc != SQLITE_OK) fail(db_, rc, "bind");
  }

  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

class sqlite_connection final : public connection {
 public:
  explicit sqlite_connection(sqlite3* db) : db_(db) {}
  ~sqlite_connection() override { sqlite3_close_v2(db_); }

  backend kind() const override { return backend::sqlite; }
  std::unique_ptr<statement_driver> prepare(std::string_view sql) override {
    return std::make_unique<sqlite_statement>(db_, sql);
  }
  void exec(std::string_view sql) override {
    char* error = nullptr;
    const int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
      const std::string message = error ? error : sqlite3_errstr(rc);
      sqlite3_free(error);
      throw db_error(failure_of(rc), message, kEngine);
    }
  }
  int changes() const override { return sqlite3_changes(db_); }

  std::int64_t schema_version() override { return scalar("PRAGMA user_version"); }
  bool holds_foreign_data() override {
    // Reading the header is the first access: a non-SQLite or damaged file
    // fails here (SQLITE_NOTADB), before anything is written.
    const std::int64_t app = scalar("PRAGMA application_id");
    if (app == kSqliteApplicationId) return false;
    return app != 0 || schema_version() != 0 || scalar("SELECT count(*) FROM sqlite_master") != 0;
  }
  void set_schema_version(std::int64_t version) override {
    exec("PRAGMA user_version = " + std::to_string(version));
    exec("PRAGMA application_id = " + std::to_string(kSqliteApplicationId));
  }
  // WAL lets readers (list, report) run while a scan records.
  void settle() override {
    exec("PRAGMA journal_mode = WAL");
    exec("PRAGMA synchronous = NORMAL");
  }

 protected:
  // BEGIN IMMEDIATE takes the write lock up front, so two writers queue on
  // busy_timeout instead of failing to upgrade a read lock.
  void start_write() override { exec("BEGIN IMMEDIATE"); }
  void start_read() override { exec("BEGIN"); }
  void start_plain() override { exec("BEGIN"); }
  void exec_quietly(const char* sql) noexcept override { sqlite3_exec(db_, sql, nullptr, nullptr, nullptr); }

 private:
  sqlite3* db_;
};

}  // namespace

std::unique_ptr<connection> open_sqlite(const std::string& path, int busy_timeout_ms) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    const std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    throw db_error(failure_of(rc), "cannot open: " + message, kEngine);
  }
  auto conn = std::make_unique<sqlite_connection>(db);
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, busy_timeout_ms);
  return conn;
}

}  // namespace nhi::detail
