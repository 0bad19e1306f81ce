// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>

#include "nhi/baseline.hpp"
#include "nhi/finding.hpp"
#include "test_util.hpp"

TEST_CASE("fingerprints are keyed by default, SHA-256 only when the host asks") {
  CHECK(nhi::keyed_fingerprint("", "") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(nhi::keyed_fingerprint("abc", "") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  nhi::reset_fingerprint_key();
  REQUIRE(nhi::fingerprint_key_status());
  const std::string keyed = nhi::fingerprint_of("abc");
  CHECK(keyed.size() == 64);
  CHECK(keyed != nhi::keyed_fingerprint("abc", ""));
  CHECK(nhi::fingerprint_scheme().rfind("hmac-sha256:", 0) == 0);
  nhi::set_fingerprint_key("");
  CHECK(nhi::fingerprint_of("abc") == nhi::keyed_fingerprint("abc", ""));
  CHECK(nhi::fingerprint_scheme() == "sha256");
  nhi::set_fingerprint_key("short");
  CHECK_FALSE(nhi::fingerprint_key_status());
  nhi::reset_fingerprint_key();
  CHECK(nhi::fingerprint_of("abc") == keyed);  // the installation's key, read again
}

TEST_CASE("redaction reveals neither the secret nor its length") {
  const std::string secret = "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";
  const std::string r = nhi::redact(secret);
  CHECK(r == "ghp_************");
  // Short values (passwords) keep no prefix; every length looks the same.
  for (const char* s : {"abc", "hunter2", "Summer2024!", "Summer2024!Summer2024"}) CHECK(nhi::redact(s) == "************");
  CHECK(nhi::redact(std::string(24, 'x') + "y") == "xxxx************");
  CHECK(nhi::redact(std::string(300, 'x')) == nhi::redact(std::string(30, 'x')));
  CHECK(nhi::redact("\xc3\xa9\xc3\xa9" + std::string(30, 'x')) == "\xc3\xa9\xc3\xa9************");  // whole characters
  CHECK(nhi::redact("\xc3\xa9x\xc3\xa9" + std::string(30, 'x')) == "\xc3\xa9x************");
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
