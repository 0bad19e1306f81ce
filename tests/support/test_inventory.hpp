// SPDX-License-Identifier: Apache-2.0
// Where a backend-neutral inventory test keeps its inventory: a file in the
// test's temporary directory (NHI_TEST_INVENTORY unset or "sqlite"), or a
// scratch PostgreSQL database (NHI_TEST_INVENTORY=postgresql, set by the
// second registration of TEST_SUITE("inventory"), "postgresql:<case>").
#pragma once

#include <doctest/doctest.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "support/scratch_database.hpp"
#include "test_util.hpp"

namespace nhi_test {

// The backend the inventory tests run against: "sqlite" or "postgresql".
inline std::string test_inventory_backend() {
  const char* v = std::getenv("NHI_TEST_INVENTORY");
  const std::string backend = v == nullptr || *v == '\0' ? "sqlite" : v;
  if (backend != "sqlite" && backend != "postgresql")
    FAIL(("NHI_TEST_INVENTORY='" + backend + "': expected sqlite or postgresql"));
  return backend;
}

class test_inventory {
 public:
  // `directory`/`name` for SQLite; a fresh database for PostgreSQL.
  test_inventory(const std::string& directory, const std::string& name) {
    if (test_inventory_backend() == "postgresql") {
      database_ = std::make_unique<scratch_database>();
      location_ = database_->url();
    } else {
      location_ = directory + "/" + name;
    }
  }
  test_inventory(const temp_dir& dir, const std::string& name) : test_inventory(dir.str(), name) {}
  const std::string& location() const { return location_; }
  bool postgresql() const { return database_ != nullptr; }

 private:
  std::unique_ptr<scratch_database> database_;
  std::string location_;
};

}  // namespace nhi_test
