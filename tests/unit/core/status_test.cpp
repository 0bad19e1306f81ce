// SPDX-License-Identifier: Apache-2.0
#include "nhi/status.hpp"

#include <doctest/doctest.h>

#include <string>
#include <type_traits>
#include <vector>

namespace {

nhi::result<std::vector<std::string>> words() { return std::vector<std::string>{"alpha", "beta", "gamma"}; }
nhi::result<std::vector<std::string>> refused() { return nhi::status(nhi::errc::invalid_argument, "no words"); }

}  // namespace

TEST_CASE("result: value() of a temporary is the value itself, safe to iterate") {
  // A range-for binds the expression to a reference and lets the temporary
  // result die first: value() && must hand out the value, not a reference.
  static_assert(std::is_same_v<decltype(words().value()), std::vector<std::string>>);
  std::string joined;
  for (const std::string& w : words().value()) joined += w + " ";
  CHECK(joined == "alpha beta gamma ");

  auto kept = words();
  static_assert(std::is_same_v<decltype(kept.value()), std::vector<std::string>&>);
  CHECK(kept.value().size() == 3);
  CHECK(kept->front() == "alpha");
}

TEST_CASE("result: an error carries its status and no value") {
  const auto r = refused();
  CHECK_FALSE(r.is_ok());
  CHECK(r.error().code() == nhi::errc::invalid_argument);
  CHECK(r.error().message() == "no words");
  CHECK(words().error().is_ok());
}
