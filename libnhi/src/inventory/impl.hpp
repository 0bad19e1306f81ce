// SPDX-License-Identifier: Apache-2.0
// The state behind nhi::inventory (one connection to its storage and the
// options it was opened with), shared by the files that implement its members.
#pragma once

#include <memory>
#include <string>

#include "inventory/database.hpp"
#include "nhi/inventory.hpp"

NHI_BEGIN_NAMESPACE

struct inventory::impl {
  std::string path;  // as given: a file path or a PostgreSQL URL
  std::string printable;  // for messages: a URL's password masked
  inventory_options options;
  std::unique_ptr<detail::connection> conn;
  std::int64_t schema_from = 0;  // the schema version found on opening

  detail::connection& db() const { return *conn; }
};

NHI_END_NAMESPACE
