// SPDX-License-Identifier: Apache-2.0
// The inventory's storage interface: a connection, prepared statements with
// typed binds and columns, and transactions, over either SQLite (a file) or
// PostgreSQL (a server many machines share). Everything above this layer
// (recording, the view, the classifier) is the same for both; the SQL it
// writes is the subset both engines read alike (docs/scale.md, "One schema,
// two engines"): `?N` parameters, ON CONFLICT upserts, RETURNING, no
// engine-specific functions. Failures are thrown as db_error and turned into
// nhi::status at the public boundary (one place decides what they mean).
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "nhi/status.hpp"

namespace nhi::detail {

enum class backend { sqlite, postgresql };

// What a failure means for the caller, whichever engine reported it.
enum class db_failure {
  corrupt,      // damaged, or not a database at all
  busy,         // another writer held the lock too long
  unavailable,  // cannot reach or open it, disk full, read-only, permission
  other,
};

struct db_error : std::runtime_error {
  db_error(db_failure kind, const std::string& message, const char* engine = "a database")
      : std::runtime_error(message), failure(kind), engine(engine) {}
  db_failure failure;
  const char* engine;  // what the storage should have been, for a `corrupt` message
};

// The status a failed call means for the caller; `where` names the inventory.
status status_from(const db_error& e, const std::string& where);

// One engine's prepared statement. Binds are 1-based.
class statement_driver {
 public:
  virtual ~statement_driver() = default;
  virtual void bind_text(int index, std::string_view text) = 0;
  virtual void bind_integer(int index, std::int64_t value) = 0;
  virtual void bind_null(int index) = 0;
  virtual bool step() = 0;  // true when a row is available
  virtual void reset() = 0;  // ready to bind and run again
  virtual std::string text(int column) const = 0;  // "" for NULL
  virtual std::int64_t integer(int column) const = 0;
  virtual bool is_null(int column) const = 0;
};

class connection {
 public:
  virtual ~connection() = default;
  virtual backend kind() const = 0;
  virtual std::unique_ptr<statement_driver> prepare(std::string_view sql) = 0;
  // Runs one or more statements that return no rows.
  virtual void exec(std::string_view sql) = 0;
  // Rows changed by the last INSERT, UPDATE or DELETE.
  virtual int changes() const = 0;

  // A write transaction serializes with every other writer of the inventory
  // (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock taken inside the
  // transaction), so that identity merging sees the others' identities. A
  // read transaction is one consistent view for a series of reads. A plain
  // transaction takes no lock up front (the work queue claims a row in one
  // and records into it later). Inside another transaction, begin_write is
  // a savepoint that still takes the writers' lock: commit releases the
  // savepoint and rollback undoes only what was done since.
  void begin_write();
  void begin_read();
  void begin_plain();
  void commit();
  void rollback() noexcept;
  bool in_transaction() const { return depth_ > 0; }

  // The schema version this inventory holds (0: none yet), and whether the
  // storage holds something that is not an nhi inventory (another
  // application's file or tables): such storage is never written.
  virtual std::int64_t schema_version() = 0;
  virtual bool holds_foreign_data() = 0;
  // Marks the storage as an nhi inventory of `version`, inside the caller's
  // write transaction.
  virtual void set_schema_version(std::int64_t version) = 0;
  // Settings for everyday use, applied once the storage is known to be an
  // inventory (so that a refused file is left untouched).
  virtual void settle() {}

  std::int64_t scalar(std::string_view sql);

 protected:
  // The engine's statements for the above, at the outermost level.
  virtual void start_write() = 0;
  virtual void start_read() = 0;
  virtual void start_plain() = 0;
  // Waits for the writers' lock inside the current transaction; SQLite's
  // BEGIN IMMEDIATE took it already.
  virtual void lock_writers() {}
  // Runs a statement during rollback: must not throw.
  virtual void exec_quietly(const char* sql) noexcept = 0;

 private:
  void enter(void (connection::*start)());
  int depth_ = 0;
};

// Opens the inventory at `location`: a `postgresql://` or `postgres://` URL,
// or else a path to an SQLite file that exists (the caller creates it 0600).
std::unique_ptr<connection> open_connection(const std::string& location, int busy_timeout_ms);

bool is_postgresql_location(std::string_view location);

// `location` fit for messages and logs: a URL's password is masked.
std::string printable_location(const std::string& location);

// A statement on either engine.
class statement {
 public:
  statement(connection& db, std::string_view sql) : driver_(db.prepare(sql)) {}
  statement(const statement&) = delete;
  statement& operator=(const statement&) = delete;

  statement& bind(int index, std::string_view text) {
    driver_->bind_text(index, text);
    return *this;
  }
  statement& bind(int index, std::int64_t value) {
    driver_->bind_integer(index, value);
    return *this;
  }
  statement& bind_null(int index) {
    driver_->bind_null(index);
    return *this;
  }
  bool step() { return driver_->step(); }
  // Steps to completion, for statements that return no rows.
  void run() {
    while (driver_->step()) {
    }
  }
  void reset() { driver_->reset(); }
  std::string text(int column) const { return driver_->text(column); }
  std::int64_t integer(int column) const { return driver_->integer(column); }
  bool is_null(int column) const { return driver_->is_null(column); }

 private:
  std::unique_ptr<statement_driver> driver_;
};

// A transaction opened by `Begin` that rolls back unless commit() was
// called: write_transaction (the writers' lock up front) and
// plain_transaction (no lock up front: the work queue's claim).
template <void (connection::*Begin)()>
class scoped_transaction {
 public:
  explicit scoped_transaction(connection& db) : db_(db) { (db_.*Begin)(); }
  ~scoped_transaction() {
    if (!done_) db_.rollback();
  }
  scoped_transaction(const scoped_transaction&) = delete;
  scoped_transaction& operator=(const scoped_transaction&) = delete;
  void commit() {
    db_.commit();
    done_ = true;
  }

 private:
  connection& db_;
  bool done_ = false;
};
using write_transaction = scoped_transaction<&connection::begin_write>;
using plain_transaction = scoped_transaction<&connection::begin_plain>;

class read_transaction {
 public:
  explicit read_transaction(connection& db) : db_(db) { db_.begin_read(); }
  ~read_transaction() { db_.rollback(); }
  read_transaction(const read_transaction&) = delete;
  read_transaction& operator=(const read_transaction&) = delete;

 private:
  connection& db_;
};

}  // namespace nhi::detail
