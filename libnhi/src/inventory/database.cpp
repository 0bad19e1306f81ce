// SPDX-License-Identifier: Apache-2.0
#include "inventory/database.hpp"

#include <string>

#include "inventory/postgresql_database.hpp"
#include "inventory/sqlite_database.hpp"

namespace nhi::detail {

status status_from(const db_error& e, const std::string& where) {
  switch (e.failure) {
    case db_failure::corrupt:
      return status(errc::corrupt,
                    "the inventory is damaged or not " + std::string(e.engine) + " (" + std::string(e.what()) +
                        "); it was not modified",
                    where);
    case db_failure::busy:
      return status(errc::io_error, "the inventory stayed locked by another writer: " + std::string(e.what()), where);
    case db_failure::unavailable:
      return status(errc::io_error, e.what(), where);
    case db_failure::other:
      break;
  }
  return status(errc::internal, e.what(), where);
}

std::int64_t connection::scalar(std::string_view sql) {
  statement st(*this, sql);
  return st.step() ? st.integer(0) : 0;
}

// The outermost level starts a transaction with `start`; a nested one is a
// savepoint.
void connection::enter(void (connection::*start)()) {
  if (depth_ == 0)
    (this->*start)();
  else
    exec("SAVEPOINT nhi_" + std::to_string(depth_));
  ++depth_;
}

void connection::begin_write() {
  enter(&connection::start_write);
  lock_writers();
}

void connection::begin_read() { enter(&connection::start_read); }

void connection::begin_plain() { enter(&connection::start_plain); }

void connection::commit() {
  if (depth_ == 0) return;
  if (depth_ == 1)
    exec("COMMIT");
  else
    exec("RELEASE SAVEPOINT nhi_" + std::to_string(depth_ - 1));
  --depth_;
}

void connection::rollback() noexcept {
  if (depth_ == 0) return;
  if (depth_ == 1) {
    exec_quietly("ROLLBACK");
  } else {
    const std::string name = "nhi_" + std::to_string(depth_ - 1);
    exec_quietly(("ROLLBACK TO SAVEPOINT " + name).c_str());
    exec_quietly(("RELEASE SAVEPOINT " + name).c_str());
  }
  --depth_;
}

bool is_postgresql_location(std::string_view location) {
  return location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0;
}

std::string printable_location(const std::string& location) {
  if (!is_postgresql_location(location)) return location;
  std::string out = location;
  // postgresql://user:password@host/...: the password between the first ':'
  // of the user part and the '@'.
  const std::size_t begin = out.find("://") + 3;
  const std::size_t at = out.find('@', begin);
  const std::size_t slash = out.find('/', begin);
  if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
    const std::size_t colon = out.find(':', begin);
    if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
  }
  // ...?password=secret&...
  for (std::size_t p = out.find("password="); p != std::string::npos; p = out.find("password=", p + 1)) {
    const std::size_t value = p + 9;
    const std::size_t end = out.find('&', value);
    out.replace(value, (end == std::string::npos ? out.size() : end) - value, "***");
  }
  return out;
}

std::unique_ptr<connection> open_connection(const std::string& location, int busy_timeout_ms) {
  if (is_postgresql_location(location)) return open_postgresql(location, busy_timeout_ms);
  return open_sqlite(location, busy_timeout_ms);
}

}  // namespace nhi::detail
