// SPDX-License-Identifier: Apache-2.0
#include "util/flat_map.hpp"

#include <doctest/doctest.h>

#include <cstring>

#include "source/history_tables.hpp"

using nhi::detail::flat_map;
using nhi::detail::object_at_path;
using nhi::detail::object_id;
using nhi::detail::u64_key;

namespace {

object_id id_of(std::uint32_t n, unsigned char tail = 0) {
  object_id id{};
  // Only the last bytes differ for some ids: their hash (the first 8 bytes) collides.
  std::memcpy(id.bytes + (tail ? 12 : 0), &n, sizeof n);
  id.bytes[19] ^= tail;
  return id;
}

}  // namespace

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

TEST_CASE("flat_map over 64-bit keys: pack offsets close together stay apart") {
  flat_map<u64_key, std::uint32_t> map;
  for (std::uint32_t n = 0; n < 3000; ++n) CHECK(map.emplace({(std::uint64_t{n % 3} << 48) | (n * 17)}, n).second);
  for (std::uint32_t n = 0; n < 3000; ++n) {
    const std::uint32_t* v = map.find({(std::uint64_t{n % 3} << 48) | (n * 17)});
    REQUIRE(v != nullptr);
    CHECK(*v == n);
  }
  CHECK(map.find({(std::uint64_t{1} << 48) | 17 * 3}) == nullptr);  // n = 3 sits in pack 0
}
