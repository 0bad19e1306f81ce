// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>

#include "nhi/rules.hpp"
#include "test_util.hpp"

namespace {
nhi::status load_error(const std::string& yaml) {
  auto rs = nhi::rule_set::from_yaml(yaml, "bad.yaml");
  REQUIRE_FALSE(rs.is_ok());
  return rs.error();
}
const std::string kHead = "rules:\n  - id: x\n    name: X\n    provider: p\n    kind: token\n";
}  // namespace

TEST_CASE("malformed rule files name the file and the line") {
  auto e = load_error("rules:\n  - id: x\n    name: [unclosed\n");
  CHECK(e.code() == nhi::errc::parse_error);
  CHECK(e.file() == "bad.yaml");
  CHECK(e.line() >= 3);
  CHECK(e.to_string().rfind("bad.yaml:", 0) == 0);

  e = load_error(kHead + "    pattern: 'a(b'\n    keywords: [a]\n");
  CHECK(e.message().find("invalid pattern") != std::string::npos);
  CHECK(e.line() == 2);

  e = load_error(kHead + "    pattern: 'ab'\n    keywords: [a]\n    keyword: [oops]\n");
  CHECK(e.message().find("unknown rule key 'keyword'") != std::string::npos);
  CHECK(e.line() == 8);

  e = load_error(kHead + "    pattern: 'ab'\n");
  CHECK(e.message().find("keyword") != std::string::npos);

  e = load_error(kHead + "    pattern: 'ab'\n    keywords: [a]\n    severity: urgent\n");
  CHECK(e.message().find("severity") != std::string::npos);

  e = load_error(kHead + "    pattern: 'ab'\n    keywords: [a]\n    validators: [nope]\n");
  CHECK(e.message().find("unknown validator 'nope'") != std::string::npos);

  e = load_error(kHead + "    pattern: '(?<=a)b'\n    keywords: [a]\n");  // RE2 has no look-behind
  CHECK(e.code() == nhi::errc::parse_error);

  e = load_error(kHead + "    pattern: 'ab'\n    secret: '[a-z]{8}'\n    keywords: [a]\n");
  CHECK(e.message().find("exactly one of 'pattern' and 'secret'") != std::string::npos);
  CHECK(e.line() == 2);
  e = load_error(kHead + "    keywords: [a]\n");
  CHECK(e.message().find("exactly one of 'pattern' and 'secret'") != std::string::npos);
  e = load_error(kHead + "    secret: '[a-z]{8}'\n    keywords: [a]\n    keyword_within_lines: 51\n");
  CHECK(e.message().find("keyword_within_lines must be within 0..50") != std::string::npos);
  CHECK(e.line() == 8);
  e = load_error(kHead + "    pattern: 'ab'\n    keywords: [a]\n    public_context: [x]\n    public_context_lines: 99\n");
  CHECK(e.message().find("public_context_lines must be within 0..50") != std::string::npos);
  CHECK(e.line() == 9);
  e = load_error(kHead + "    pattern: 'ab'\n    keywords: [a]\n    public_context: ['']\n");
  CHECK(e.message().find("empty public_context word") != std::string::npos);
  e = load_error(kHead + "    secret: '[a-z'\n    keywords: [a]\n");
  CHECK(e.message().find("invalid secret pattern") != std::string::npos);
  CHECK(e.line() == 6);

  e = load_error("rules: {}\n");
  CHECK(e.message().find("'rules:' list") != std::string::npos);

  e = load_error(kHead + "    pattern: 'ab'\n    keywords: [a]\n" + "  - id: x\n    name: Y\n    provider: p\n    kind: k\n"
                 "    pattern: 'cd'\n    keywords: [c]\n");
  CHECK(e.message().find("duplicate rule id 'x'") != std::string::npos);
  CHECK(e.line() == 8);
}

TEST_CASE("load reads every yaml file in a directory in name order") {
  nhi_test::temp_dir dir;
  nhi_test::write_file(dir / "b.yaml", kHead + "    pattern: 'x_([0-9]{6})'\n    keywords: [x_]\n");
  nhi_test::write_file(dir / "a.yml",
                       "rules:\n  - id: a\n    name: A\n    provider: p\n    kind: token\n    pattern: 'a'\n    keywords: [a]\n");
  nhi_test::write_file(dir / "notes.txt", "not a rule file");
  auto rs = nhi::rule_set::load({dir.str()});
  REQUIRE(rs.is_ok());
  CHECK(rs->size() == 2);
  CHECK(rs->at(0).id == "a");
  CHECK(rs->find("x") != nullptr);
  CHECK(rs->find("missing") == nullptr);
  CHECK(rs->version().size() == 12);

  auto missing = nhi::rule_set::load({dir / "nope"});
  CHECK(missing.error().code() == nhi::errc::not_found);
}

TEST_CASE("the built-in rule set loads, is large, and every rule carries examples") {
  auto rs = nhi::rule_set::builtin();
  REQUIRE_MESSAGE(rs.is_ok(), rs.error().to_string());
  CHECK(rs->size() >= 60);
  for (std::size_t i = 0; i < rs->size(); ++i) {
    const auto& r = rs->at(i);
    CHECK_MESSAGE(!r.examples.empty(), r.id);
    CHECK_MESSAGE(!r.negative_examples.empty(), r.id);
    CHECK_MESSAGE(!r.keywords.empty(), r.id);
  }
}

TEST_CASE("severity names round-trip") {
  nhi::severity s;
  CHECK(nhi::parse_severity("critical", s));
  CHECK(s == nhi::severity::critical);
  CHECK(std::string(nhi::severity_name(nhi::severity::low)) == "low");
  CHECK_FALSE(nhi::parse_severity("urgent", s));
}

TEST_CASE("a context rule's pattern is built from its keywords and secret, proximity defaults to 3 lines") {
  auto rs = nhi::rule_set::from_yaml(kHead + "    secret: '[a-z]{8}'\n    keywords: [a.b, c]\n", "ctx.yaml");
  REQUIRE_MESSAGE(rs.is_ok(), rs.error().to_string());
  const nhi::rule_info& r = rs->at(0);
  CHECK(r.secret == "[a-z]{8}");
  CHECK(r.keyword_within_lines == 3);
  CHECK(r.pattern.find("(?i:a\\.b)") != std::string::npos);  // keywords quoted, not regex
  CHECK(r.pattern.find("[a-z0-9]A(?i:\\.b)") != std::string::npos);  // or the capitalised part of a camelCase name
  CHECK(r.pattern.find("([a-z]{8})") != std::string::npos);
  auto plain = nhi::rule_set::from_yaml(kHead + "    pattern: 'ab'\n    keywords: [a]\n    keyword_within_lines: 0\n", "p.yaml");
  REQUIRE(plain.is_ok());
  CHECK(plain->at(0).keyword_within_lines == 0);
  CHECK(plain->at(0).secret.empty());
}
