// SPDX-License-Identifier: Apache-2.0
#include "inventory/postgresql_database.hpp"

#include <libpq-fe.h>

#include <cstdlib>
#include <string>
#include <vector>

namespace nhi::detail {
namespace {

// Type oids of the parameters we bind (pg_type.h is not in libpq-dev).
constexpr Oid kInt8Oid = 20;
constexpr Oid kTextOid = 25;

// What an SQLSTATE means for the caller (PostgreSQL's Appendix A classes).
db_failure failure_of(const char* sqlstate) {
  const std::string code = sqlstate ? sqlstate : "";
  if (code.rfind("08", 0) == 0 || code.rfind("53", 0) == 0 || code.rfind("57P", 0) == 0 || code == "42501" ||
      code == "25006")
    return db_failure::unavailable;  // connection, resources, shutdown, privilege, read-only
  if (code == "55P03" || code == "40P01" || code == "40001" || code == "57014") return db_failure::busy;
  if (code == "XX001" || code == "XX002") return db_failure::corrupt;
  return db_failure::other;
}

std::string trimmed(const char* message) {
  std::string m = message ? message : "";
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
  return m;
}

// Throws for a failed result (and frees it).
void check(PGconn* conn, PGresult* r, std::string_view what) {
  const ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return;
  const std::string message =
      std::string(what) + ": " + trimmed(r ? PQresultErrorMessage(r) : PQerrorMessage(conn));
  const db_failure kind = r ? failure_of(PQresultErrorField(r, PG_DIAG_SQLSTATE))
                            : (PQstatus(conn) == CONNECTION_BAD ? db_failure::unavailable : db_failure::other);
  PQclear(r);
  throw db_error(kind, message);
}

class postgresql_connection;

class postgresql_statement final : public statement_driver {
 public:
  postgresql_statement(postgresql_connection& owner, std::string sql) : owner_(owner), sql_(std::move(sql)) {}
  ~postgresql_statement() override { PQclear(result_); }

  void bind_text(int index, std::string_view text) override { set(index, std::string(text), kTextOid); }
  void bind_integer(int index, std::int64_t value) override { set(index, std::to_string(value), kInt8Oid); }
  void bind_null(int index) override {
    slot(index);
    nulls_[static_cast<std::size_t>(index - 1)] = true;
    types_[static_cast<std::size_t>(index - 1)] = kTextOid;
  }

  bool step() override;
  void reset() override {
    PQclear(result_);
    result_ = nullptr;
    row_ = -1;
    values_.clear();
    nulls_.clear();
    types_.clear();
  }
  std::string text(int column) const override {
    if (is_null(column)) return {};
    return std::string(PQgetvalue(result_, row_, column), static_cast<std::size_t>(PQgetlength(result_, row_, column)));
  }
  std::int64_t integer(int column) const override {
    if (is_null(column)) return 0;
    const char* v = PQgetvalue(result_, row_, column);
    if (v[0] == 't' || v[0] == 'f') return v[0] == 't';  // a boolean expression
    return std::strtoll(v, nullptr, 10);
  }
  bool is_null(int column) const override {
    return !result_ || row_ < 0 || PQgetisnull(result_, row_, column) != 0;
  }

 private:
  void slot(int index) {
    const auto n = static_cast<std::size_t>(index);
    if (values_.size() < n) {
      values_.resize(n);
      nulls_.resize(n, true);
      types_.resize(n, kTextOid);
    }
  }
  void set(int index, std::string value, Oid type) {
    slot(index);
    const auto i = static_cast<std::size_t>(index - 1);
    values_[i] = std::move(value);
    nulls_[i] = false;
    types_[i] = type;
  }

  postgresql_connection& owner_;
  std::string sql_;
  std::vector<std::string> values_;
  std::vector<bool> nulls_;
  std::vector<Oid> types_;
  PGresult* result_ = nullptr;
  int row_ = -1;
};

class postgresql_connection final : public connection {
 public:
  postgresql_connection(PGconn* conn, int busy_timeout_ms) : conn_(conn) {
    // Notices (an ON CONFLICT that did nothing, IF NOT EXISTS) are not for
    // the user of a scanner.
    PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
    exec("SET client_min_messages = warning");
    // A writer waits this long for the others (SQLite's busy_timeout).
    exec("SET lock_timeout = " + std::to_string(busy_timeout_ms));
  }
  ~postgresql_connection() override { PQfinish(conn_); }

  backend kind() const override { return backend::postgresql; }
  std::unique_ptr<statement_driver> prepare(std::string_view sql) override {
    return std::make_unique<postgresql_statement>(*this, postgresql_parameters(sql));
  }
  void exec(std::string_view sql) override {
    PGresult* r = PQexec(conn_, std::string(sql).c_str());
    check(conn_, r, "exec");
    note_changes(r);
    PQclear(r);
  }
  int changes() const override { return changes_; }

  std::int64_t schema_version() override {
    if (scalar("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() "
               "AND table_name = 'nhi_schema'") == 0)
      return 0;
    return scalar("SELECT coalesce(max(version), 0) FROM nhi_schema");
  }
  bool holds_foreign_data() override {
    if (schema_version() != 0) return false;
    return scalar("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()") != 0;
  }
  void set_schema_version(std::int64_t version) override {
    exec("CREATE TABLE IF NOT EXISTS nhi_schema (version BIGINT NOT NULL)");
    exec("DELETE FROM nhi_schema");
    exec("INSERT INTO nhi_schema(version) VALUES (" + std::to_string(version) + ")");
  }

  PGresult* run(const std::string& sql, const std::vector<std::string>& values, const std::vector<bool>& nulls,
                const std::vector<Oid>& types) {
    std::vector<const char*> params(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) params[i] = nulls[i] ? nullptr : values[i].c_str();
    PGresult* r = PQexecParams(conn_, sql.c_str(), static_cast<int>(params.size()), types.data(), params.data(),
                               nullptr, nullptr, 0);
    check(conn_, r, "query");
    note_changes(r);
    return r;
  }

 protected:
  void start_write() override { exec("BEGIN ISOLATION LEVEL READ COMMITTED"); }
  // REPEATABLE READ: every read of the series sees the same snapshot.
  void start_read() override { exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); }
  void start_plain() override { exec("BEGIN ISOLATION LEVEL READ COMMITTED"); }
  // One writer at a time, across machines: identity merging reads the
  // identities the others recorded before deciding to create one.
  void lock_writers() override { exec("SELECT pg_advisory_xact_lock(" + std::to_string(kPostgresqlWriterLock) + ")"); }
  void exec_quietly(const char* sql) noexcept override { PQclear(PQexec(conn_, sql)); }

 private:
  void note_changes(PGresult* r) {
    const char* n = PQcmdTuples(r);
    changes_ = n && *n ? std::atoi(n) : 0;
  }

  PGconn* conn_;
  int changes_ = 0;
};

bool postgresql_statement::step() {
  if (!result_) {
    result_ = owner_.run(sql_, values_, nulls_, types_);
    row_ = -1;
  }
  if (row_ + 1 < PQntuples(result_)) {
    ++row_;
    return true;
  }
  return false;
}

}  // namespace

std::string postgresql_parameters(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  char quote = 0;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '?' && i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
      out += '$';
      continue;
    }
    out += c;
  }
  return out;
}

std::unique_ptr<connection> open_postgresql(const std::string& url, int busy_timeout_ms) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (!conn || PQstatus(conn) != CONNECTION_OK) {
    const std::string message = conn ? trimmed(PQerrorMessage(conn)) : "out of memory";
    PQfinish(conn);
    throw db_error(db_failure::unavailable, "cannot connect: " + message);
  }
  return std::make_unique<postgresql_connection>(conn, busy_timeout_ms);
}

}  // namespace nhi::detail
