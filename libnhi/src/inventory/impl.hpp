// SPDX-License-Identifier: Apache-2.0
// The state behind nhi::inventory (one connection and the options it was
// opened with), shared by the files that implement its members.
#pragma once

#include <string>

#include "inventory/sqlite.hpp"
#include "nhi/inventory.hpp"

NHI_BEGIN_NAMESPACE

struct inventory::impl {
  std::string path;
  inventory_options options;
  detail::connection db;
};

NHI_END_NAMESPACE
