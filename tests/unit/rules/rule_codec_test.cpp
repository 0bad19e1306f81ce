// SPDX-License-Identifier: Apache-2.0
// The built-in rules are parsed at build time and decoded at start-up
// (rules/rule_codec.hpp): what rule_set::builtin() holds must be exactly what
// the YAML loader makes of patterns/*.yaml.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "match/compiled_rules.hpp"
#include "nhi/rules.hpp"
#include "rules/rule_codec.hpp"
#include "rules/rule_loader.hpp"
#include "test_util.hpp"

namespace {

#if defined(__x86_64__) && defined(__GLIBCXX__)
static_assert(sizeof(nhi::rule_info) == 528, "rule_info changed: compare the new field in first_difference()");
#endif

std::string quoted(const std::vector<std::string>& v) {
  std::string out = "[";
  for (const auto& s : v) out += (out.size() > 1 ? ", \"" : "\"") + s + "\"";
  return out + "]";
}

// Every field of rule_info; empty when the two are identical, else the first
// field that differs. Doubles are compared bit for bit.
std::string first_difference(const nhi::rule_info& a, const nhi::rule_info& b) {
  auto str = [](const char* field, const std::string& x, const std::string& y) {
    return x == y ? std::string() : std::string(field) + ": \"" + x + "\" vs \"" + y + "\"";
  };
  auto list = [](const char* field, const std::vector<std::string>& x, const std::vector<std::string>& y) {
    return x == y ? std::string() : std::string(field) + ": " + quoted(x) + " vs " + quoted(y);
  };
  auto num = [](const char* field, auto x, auto y) {
    return x == y ? std::string() : std::string(field) + ": " + std::to_string(x) + " vs " + std::to_string(y);
  };
  std::uint64_t ea = 0, eb = 0;
  std::memcpy(&ea, &a.min_entropy, sizeof ea);
  std::memcpy(&eb, &b.min_entropy, sizeof eb);
  const std::string diffs[] = {
      str("id", a.id, b.id),
      str("name", a.name, b.name),
      str("provider", a.provider, b.provider),
      str("kind", a.kind, b.kind),
      num("level", static_cast<int>(a.level), static_cast<int>(b.level)),
      str("pattern", a.pattern, b.pattern),
      str("secret", a.secret, b.secret),
      list("keywords", a.keywords, b.keywords),
      num("keyword_within_lines", a.keyword_within_lines, b.keyword_within_lines),
      list("public_context", a.public_context, b.public_context),
      num("public_context_lines", a.public_context_lines, b.public_context_lines),
      ea == eb ? std::string() : num("min_entropy", a.min_entropy, b.min_entropy) + " (bits differ)",
      list("validators", a.validators, b.validators),
      num("generic", a.generic, b.generic),
      str("expires", a.expires, b.expires),
      num("identifier", a.identifier, b.identifier),
      str("companion", a.companion, b.companion),
      num("companion_within_lines", a.companion_within_lines, b.companion_within_lines),
      num("companion_required", a.companion_required, b.companion_required),
      str("description", a.description, b.description),
      list("references", a.references, b.references),
      list("examples", a.examples, b.examples),
      list("negative_examples", a.negative_examples, b.negative_examples),
      str("source_file", a.source_file, b.source_file),
      num("source_line", a.source_line, b.source_line),
  };
  for (const auto& d : diffs)
    if (!d.empty()) return "rule '" + a.id + "': " + d;
  return {};
}

// patterns/*.yaml through the YAML loader, named as the library names them.
std::vector<nhi::rule_info> load_patterns_yaml() {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(nhi_test::source_dir() + "/patterns"))
    if (e.path().extension() == ".yaml") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  std::vector<nhi::rule_info> rules;
  for (const auto& f : files) {
    const std::string name = "patterns/" + std::filesystem::path(f).filename().string();
    const nhi::status s = nhi::detail::parse_rule_file(nhi_test::read_file(f), name, rules);
    REQUIRE_MESSAGE(s.is_ok(), s.to_string());
  }
  return rules;
}

// A rule with a value other than the default in every field.
nhi::rule_info full_rule() {
  nhi::rule_info r;
  r.id = "codec-test";
  r.name = "Codec \"test\" \\ rule";
  r.provider = "acme";
  r.kind = "token";
  r.level = nhi::severity::critical;
  r.pattern = "(?i)acme_([a-z0-9]{32})\\b";
  r.secret = "[a-z0-9]{32}";
  r.keywords = {"acme_", "ACME"};
  r.keyword_within_lines = 7;
  r.public_context = {"authDomain", "firebaseapp.com"};
  r.public_context_lines = 4;
  r.min_entropy = 3.3219280948873622;
  r.validators = {"not_placeholder", "jwt"};
  r.generic = true;
  r.expires = "yes";
  r.identifier = true;
  r.companion = "codec-test-id";
  r.companion_within_lines = 1000;
  r.companion_required = true;
  r.description = std::string("bytes: \0\x01\xff\n\xc3\xa9", 10);
  r.references = {"https://example.com/a", ""};
  r.examples = {"acme_0123456789abcdef0123456789abcdef", "x"};
  r.negative_examples = {"acme_xxxxxxxx"};
  r.source_file = "patterns/acme.yaml";
  r.source_line = 0x1234567890ULL;
  return r;
}

}  // namespace

TEST_CASE("the pre-parsed built-in rules are exactly the YAML loader's") {
  const std::vector<nhi::rule_info> yaml = load_patterns_yaml();
  auto builtin = nhi::rule_set::builtin();
  REQUIRE_MESSAGE(builtin.is_ok(), builtin.error().to_string());
  REQUIRE(builtin->size() == yaml.size());
  for (std::size_t i = 0; i < yaml.size(); ++i) {
    const std::string diff = first_difference(builtin->at(i), yaml[i]);
    CHECK_MESSAGE(diff.empty(), diff);
  }

  // What compile_rules builds from them matches too.
  auto from_yaml = nhi::detail::compile_rules(yaml);
  REQUIRE(from_yaml.is_ok());
  const nhi::detail::compiled_rules& a = builtin->compiled();
  const nhi::detail::compiled_rules& b = *from_yaml.value();
  CHECK(a.version == b.version);
  CHECK(builtin->version() == b.version);
  CHECK(a.by_id == b.by_id);
  REQUIRE(a.rules.size() == b.rules.size());
  for (std::size_t i = 0; i < a.rules.size(); ++i) {
    CHECK(a.rules[i].regex.pattern() == b.rules[i].regex.pattern());
    CHECK(a.rules[i].validators == b.rules[i].validators);
    CHECK(a.rules[i].companion == b.rules[i].companion);
  }
  CHECK(a.prefilter.state_count() == b.prefilter.state_count());
  const auto& ka = a.prefilter.keywords();
  const auto& kb = b.prefilter.keywords();
  REQUIRE(ka.size() == kb.size());
  for (std::size_t i = 0; i < ka.size(); ++i) {
    CHECK(ka[i].keyword == kb[i].keyword);
    CHECK(ka[i].rule == kb[i].rule);
  }
}

TEST_CASE("every rule_info field survives encoding") {
  const nhi::rule_info full = full_rule();
  const std::vector<nhi::rule_info> rules = {full, nhi::rule_info{}, full};
  std::vector<nhi::rule_info> decoded;
  std::string version;
  REQUIRE(nhi::detail::decode_rules(nhi::detail::encode_rules(rules, "4a71c43727cf"), decoded, version).is_ok());
  CHECK(version == "4a71c43727cf");
  REQUIRE(decoded.size() == 3);
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const std::string diff = first_difference(decoded[i], rules[i]);
    CHECK_MESSAGE(diff.empty(), diff);
  }

  std::vector<nhi::rule_info> none;
  REQUIRE(nhi::detail::decode_rules(nhi::detail::encode_rules({}, ""), none, version).is_ok());
  CHECK(none.empty());
  CHECK(version.empty());
}

TEST_CASE("the rule comparison notices a change in any field") {
  const nhi::rule_info base = full_rule();
  const std::vector<std::function<void(nhi::rule_info&)>> changes = {
      [](nhi::rule_info& r) { r.id += "x"; },
      [](nhi::rule_info& r) { r.name += "x"; },
      [](nhi::rule_info& r) { r.provider += "x"; },
      [](nhi::rule_info& r) { r.kind += "x"; },
      [](nhi::rule_info& r) { r.level = nhi::severity::low; },
      [](nhi::rule_info& r) { r.pattern += "x"; },
      [](nhi::rule_info& r) { r.secret += "x"; },
      [](nhi::rule_info& r) { r.keywords.push_back("x"); },
      [](nhi::rule_info& r) { r.keyword_within_lines = -1; },
      [](nhi::rule_info& r) { r.min_entropy += 1e-12; },
      [](nhi::rule_info& r) { r.validators.pop_back(); },
      [](nhi::rule_info& r) { r.generic = false; },
      [](nhi::rule_info& r) { r.expires = "no"; },
      [](nhi::rule_info& r) { r.identifier = false; },
      [](nhi::rule_info& r) { r.companion += "x"; },
      [](nhi::rule_info& r) { r.companion_within_lines = 5; },
      [](nhi::rule_info& r) { r.companion_required = false; },
      [](nhi::rule_info& r) { r.description.back() = 'x'; },
      [](nhi::rule_info& r) { r.references[1] = "x"; },
      [](nhi::rule_info& r) { r.examples.clear(); },
      [](nhi::rule_info& r) { r.negative_examples[0] += "x"; },
      [](nhi::rule_info& r) { r.source_file += "x"; },
      [](nhi::rule_info& r) { r.source_line += 1; },
  };
  CHECK(first_difference(base, base).empty());
  for (std::size_t i = 0; i < changes.size(); ++i) {
    nhi::rule_info changed = base;
    changes[i](changed);
    CHECK_MESSAGE(!first_difference(base, changed).empty(), "change ", i, " went unnoticed");
  }
}

TEST_CASE("damaged rule data is an error, never undefined behaviour") {
  const std::string set_version = "0123456789ab";
  const std::string good = nhi::detail::encode_rules({full_rule(), full_rule()}, set_version);
  auto decode_error = [](const std::string& data) {
    std::vector<nhi::rule_info> out = {nhi::rule_info{}};
    std::string version = "unchanged";
    const nhi::status s = nhi::detail::decode_rules(data, out, version);
    CHECK(out.size() == 1);  // left unchanged
    CHECK(version == "unchanged");
    return s;
  };
  // magic, format version, the set's version, rule count, first rule
  const std::size_t count_at = 8 + 4 + 4 + set_version.size();
  const std::size_t rule_at = count_at + 4;

  nhi::status s = decode_error("");
  CHECK(s.code() == nhi::errc::corrupt);
  std::string bad = good;
  bad[0] = 'X';
  s = decode_error(bad);
  CHECK(s.code() == nhi::errc::corrupt);
  CHECK(s.message().find("not a serialized rule set") != std::string::npos);

  bad = good;
  bad[8] = static_cast<char>(nhi::detail::kRuleCodecVersion + 1);
  s = decode_error(bad);
  CHECK(s.code() == nhi::errc::corrupt);
  CHECK(s.message().find("version") != std::string::npos);

  for (std::size_t n = 0; n < good.size(); ++n)  // every truncation
    CHECK_MESSAGE(decode_error(good.substr(0, n)).code() == nhi::errc::corrupt, "truncated at ", n);
  CHECK(decode_error(good + '\0').message().find("after the last rule") != std::string::npos);

  bad = good;
  bad[count_at] = bad[count_at + 1] = bad[count_at + 2] = bad[count_at + 3] = '\xff';
  CHECK(decode_error(bad).message().find("rule count") != std::string::npos);

  // The set's version length, the first rule's first string length, then its severity byte.
  bad = good;
  bad[12] = bad[13] = bad[14] = bad[15] = '\xff';
  CHECK(decode_error(bad).code() == nhi::errc::corrupt);
  bad = good;
  bad[rule_at] = bad[rule_at + 1] = bad[rule_at + 2] = bad[rule_at + 3] = '\xff';
  CHECK(decode_error(bad).code() == nhi::errc::corrupt);
  const nhi::rule_info r = full_rule();
  const std::size_t level_at = rule_at + 4 * 4 + r.id.size() + r.name.size() + r.provider.size() + r.kind.size();
  bad = good;
  REQUIRE(bad[level_at] == static_cast<char>(nhi::severity::critical));
  bad[level_at] = 9;
  CHECK(decode_error(bad).message().find("severity") != std::string::npos);

  // A flag byte other than 0 or 1 (generic follows the validators).
  std::vector<nhi::rule_info> one = {r};
  const std::string single = nhi::detail::encode_rules(one, set_version);
  const std::size_t generic_at = single.find("jwt") + 3;
  bad = single;
  REQUIRE(bad[generic_at] == 1);
  bad[generic_at] = 2;
  CHECK(decode_error(bad).code() == nhi::errc::corrupt);
}
