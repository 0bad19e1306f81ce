// SPDX-License-Identifier: Apache-2.0
// The PostgreSQL engine of the inventory's storage interface (libpq): an
// inventory many scanners on many machines write at once. The schema version
// lives in the table nhi_schema; writers serialize on one advisory lock held
// for their transaction (docs/scale.md).
#pragma once

#include <memory>
#include <string>

#include "inventory/database.hpp"

namespace nhi::detail {

// The advisory lock key writers take ("nhi1").
constexpr long long kPostgresqlWriterLock = 0x6E686931;

// Connects to `url` (a libpq connection URI); throws db_error.
std::unique_ptr<connection> open_postgresql(const std::string& url, int busy_timeout_ms);

// `sql` with SQLite's numbered parameters (?1) written as PostgreSQL's ($1);
// text inside quotes is left alone.
std::string postgresql_parameters(std::string_view sql);

}  // namespace nhi::detail
