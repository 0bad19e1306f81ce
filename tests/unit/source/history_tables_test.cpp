#include "source/history_tables.hpp"

#include <doctest/doctest.h>

#include <map>
#include <random>
#include <string>

using nhi::detail::flat_map;
using nhi::detail::object_at_path;
using nhi::detail::object_id;
using nhi::detail::path_table;

namespace {

object_id id_of(std::uint32_t n, unsigned char tail = 0) {
  object_id id{};
  // Only the last bytes differ for some ids: their hash (the first 8 bytes) collides.
  std::memcpy(id.bytes + (tail ? 12 : 0), &n, sizeof n);
  id.bytes[19] ^= tail;
  return id;
}

}  // namespace

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

TEST_CASE("flat_map finds what it holds, refuses duplicates and survives collisions") {
  flat_map<object_id, std::uint32_t> map;
  CHECK(map.find(id_of(1)) == nullptr);
  for (std::uint32_t n = 0; n < 5000; ++n) {
    const auto [value, added] = map.emplace(id_of(n, n % 3 == 0 ? 7 : 0), n);
    CHECK(added);
    CHECK(*value == n);
  }
  CHECK(map.size() == 5000);
  for (std::uint32_t n = 0; n < 5000; ++n) {
    const std::uint32_t* v = map.find(id_of(n, n % 3 == 0 ? 7 : 0));
    REQUIRE(v != nullptr);
    CHECK(*v == n);
    // The other variant of the id (same or different hash) is absent.
    CHECK(map.find(id_of(n, n % 3 == 0 ? 0 : 7)) == nullptr);
  }
  const auto [kept, added] = map.emplace(id_of(10, 0), 99);
  CHECK_FALSE(added);
  CHECK(*kept == 10);

  flat_map<object_at_path, bool> seen;
  CHECK(seen.emplace({id_of(1), 1}, true).second);
  CHECK(seen.emplace({id_of(1), 2}, true).second);  // the same tree at another path
  CHECK_FALSE(seen.emplace({id_of(1), 1}, true).second);
  CHECK(seen.find({id_of(2), 1}) == nullptr);
}
