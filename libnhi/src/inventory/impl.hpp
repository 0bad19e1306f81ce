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

namespace nhi::detail {

// Runs `body` for a public call, mapping a storage failure to a status about
// the inventory `where` and anything else to `internal`.
template <class T, class Body>
result<T> guarded(const std::string& where, Body body) {
  try {
    return body();
  } catch (const db_error& e) {
    return status_from(e, where);
  } catch (const std::exception& e) {
    return status(errc::internal, e.what(), where);
  }
}

}  // namespace nhi::detail
