// SPDX-License-Identifier: Apache-2.0
// The SQLite engine of the inventory's storage interface: one file, WAL,
// PRAGMA user_version for the schema version and PRAGMA application_id to
// tell an nhi inventory from another program's SQLite file.
#pragma once

#include <memory>
#include <string>

#include "inventory/database.hpp"

namespace nhi::detail {

constexpr int kSqliteApplicationId = 0x6E686931;  // "nhi1"

// Opens an existing file; throws db_error.
std::unique_ptr<connection> open_sqlite(const std::string& path, int busy_timeout_ms);

}  // namespace nhi::detail
