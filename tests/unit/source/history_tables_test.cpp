// SPDX-License-Identifier: Apache-2.0
#include "source/history_tables.hpp"

#include <doctest/doctest.h>

#include <map>
#include <random>
#include <string>

using nhi::detail::path_table;

TEST_CASE("path_table interns each (directory, name) once and keeps full paths") {
  path_table paths;
  CHECK(paths.path(path_table::kRoot).empty());
  const auto src = paths.child(path_table::kRoot, "src");
  const auto main = paths.child(src, "main.cpp");
  CHECK(paths.path(src) == "src");
  CHECK(paths.path(main) == "src/main.cpp");
  CHECK(paths.child(src, "main.cpp") == main);
  CHECK(paths.child(path_table::kRoot, "main.cpp") != main);  // same name, another directory
  CHECK(paths.path(paths.child(path_table::kRoot, "main.cpp")) == "main.cpp");
  // A name is not a prefix match: "main.c" differs from "main.cpp".
  CHECK(paths.child(src, "main.c") != main);

  // Thousands of paths (the table grows many times) all keep their ids.
  std::map<std::string, std::uint32_t> ids;
  for (int d = 0; d < 40; ++d) {
    const auto dir = paths.child(src, "dir" + std::to_string(d));
    for (int f = 0; f < 100; ++f) ids["src/dir" + std::to_string(d) + "/f" + std::to_string(f)] =
        paths.child(dir, "f" + std::to_string(f));
  }
  for (const auto& [path, id] : ids) CHECK(paths.path(id) == path);
  const auto dir7 = paths.child(src, "dir7");
  CHECK(paths.child(dir7, "f42") == ids["src/dir7/f42"]);
  CHECK(paths.size() == 1 + 4 + 40 + 4000);
}
