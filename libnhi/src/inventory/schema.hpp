// SPDX-License-Identifier: Apache-2.0
// The inventory's schema and its migrations. The storage says which version
// it holds (SQLite: PRAGMA user_version, with PRAGMA application_id marking
// the file as an nhi inventory; PostgreSQL: the table nhi_schema), and
// storage that holds anything else is never taken for an inventory.
#pragma once

#include <cstdint>
#include <string>

#include "inventory/database.hpp"
#include "nhi/status.hpp"

namespace nhi::detail {

constexpr int kSchemaVersion = 4;

struct schema_change {
  std::int64_t from = 0;  // 0: the storage was empty
  std::int64_t to = 0;
};

// Checks that `db` is an inventory this build can use. Empty storage gets
// the current schema; an older schema is migrated in one transaction only
// when `migrate` is set (nhi inventory migrate), otherwise it is refused
// with a hint; a newer one is always refused. Refused storage is left
// untouched. Throws db_error on engine failures.
result<schema_change> prepare_schema(connection& db, const std::string& where, bool migrate);

// The SQL of SQLite migration `version` (1..kSchemaVersion), for tests that
// build a file of an older schema; nullptr for any other number.
const char* migration_sql(int version);

}  // namespace nhi::detail
