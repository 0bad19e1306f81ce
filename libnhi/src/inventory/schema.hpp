// SPDX-License-Identifier: Apache-2.0
// The inventory's schema and its migrations. PRAGMA user_version is the
// schema version; PRAGMA application_id marks the file as an nhi inventory so
// that another program's SQLite file is never taken for one.
#pragma once

#include <string>

#include "inventory/sqlite.hpp"
#include "nhi/status.hpp"

namespace nhi::detail {

constexpr int kSchemaVersion = 3;
constexpr int kApplicationId = 0x6E686931;  // "nhi1"

// Checks that `db` is an inventory this build can use and brings an older
// schema (or an empty file) up to kSchemaVersion in one transaction. A file
// it refuses is left untouched. Throws db_error on SQLite failures.
status prepare_schema(connection& db, const std::string& path);

// The SQL of migration `version` (1..kSchemaVersion), for tests that build a
// file of an older schema; nullptr for any other number.
const char* migration_sql(int version);

}  // namespace nhi::detail
