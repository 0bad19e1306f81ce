// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>

#include "nhi/baseline.hpp"
#include "nhi/finding.hpp"
#include "test_util.hpp"

TEST_CASE("fingerprint is lowercase hex SHA-256 of the secret bytes") {
  CHECK(nhi::fingerprint_of("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(nhi::fingerprint_of("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("redaction keeps at most a short prefix and never the secret") {
  const std::string secret = "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";
  const std::string r = nhi::redact(secret);
  CHECK(r.rfind("ghp_", 0) == 0);
  CHECK(r.find("ZJDe") == std::string::npos);
  CHECK(r.size() < secret.size());
  CHECK(nhi::redact("hunter2").rfind("h", 0) == 0);
  CHECK(nhi::redact("hunter2").find("unter") == std::string::npos);
  CHECK(nhi::redact("abc") == "****");  // too short for any prefix
}

TEST_CASE("baseline keys on fingerprint, path and rule, not on line") {
  nhi::finding f;
  f.fingerprint = "ab";
  f.path = "a.env";
  f.rule_id = "r";
  f.line = 3;
  const auto b = nhi::baseline::from_findings({f});
  nhi::finding moved = f;
  moved.line = 40;
  CHECK(b.contains(moved));
  nhi::finding elsewhere = f;
  elsewhere.path = "b.env";
  CHECK_FALSE(b.contains(elsewhere));

  nhi_test::temp_dir dir;
  nhi_test::write_file(dir / "b.json", b.to_json());
  auto loaded = nhi::baseline::load(dir / "b.json");
  REQUIRE(loaded.is_ok());
  CHECK(loaded->contains(moved));

  nhi_test::write_file(dir / "bad.json", "{\n  \"version\": 1,\n  \"entries\": [\n    {oops}\n]}");
  auto bad = nhi::baseline::load(dir / "bad.json");
  CHECK(bad.error().code() == nhi::errc::parse_error);
  CHECK(bad.error().line() == 4);
  nhi_test::write_file(dir / "shape.json", R"({"version": 1, "entries": [{"fingerprint": 1}]})");
  CHECK(nhi::baseline::load(dir / "shape.json").error().message().find("$.entries[0]") != std::string::npos);
}
