// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "match/compiled_rules.hpp"
#include "match/matcher.hpp"
#include "match/provider_names.hpp"
#include "nhi/rules.hpp"

using namespace nhi::detail;

TEST_CASE("names_service: letters-only keywords of rules keyed by their provider's name") {
  nhi::rule_info r;
  r.provider = "atlassian";
  r.keywords = {"jira", "confluence", "Atlassian", "bbdc-", "pat"};
  CHECK(names_service(r, "jira"));
  CHECK(names_service(r, "Atlassian"));
  CHECK_FALSE(names_service(r, "bbdc-"));
  CHECK_FALSE(names_service(r, "pat"));
  r.provider = "azure";
  r.keywords = {"account", "storage"};
  CHECK_FALSE(names_service(r, "account"));
  CHECK(key_kind("api_key"));
  CHECK(key_kind("token"));
  CHECK_FALSE(key_kind("password"));
  CHECK_FALSE(key_kind("connection_string"));
}

TEST_CASE("provider_names: a value where the service is named, one edit from its shapes") {
  provider_names names;
  names.add_name("acme", 0);
  names.add_shape("acme", 0, "[a-f0-9]{32}");
  names.add_name("widget", 1);
  names.add_shape("widget", 1, "wg_[A-Za-z0-9]{20}");
  names.add_shape("unknown", 2, "[0-9]{8}");  // not a name: ignored
  CHECK(names.size() == 2);
  const auto rejects = [&](const std::string& text, const std::string& value) {
    const auto at = text.find(value);
    REQUIRE(at != std::string::npos);
    int budget = 8;
    return names.rejects(text, at, at + value.size(), budget);
  };
  // Named on the line, the value not in the shape: rejected; in it: not.
  CHECK(rejects("ACME_API_KEY=c2167730016rf34b89e200ecf55710e8", "c2167730016rf34b89e200ecf55710e8"));
  CHECK(rejects("[DEBUG] Using acme Key=c2167730016rf34b89e200ecf55710e8", "c2167730016rf34b89e200ecf55710e8"));
  CHECK(rejects("acmetoken = 'c2167730016rf34b89e200ecf55710e8'", "c2167730016rf34b89e200ecf55710e8"));
  CHECK(rejects("myAcmeSecret := \"c2167730016rf34b89e200ecf55710e8\"", "c2167730016rf34b89e200ecf55710e8"));
  CHECK_FALSE(rejects("ACME_API_KEY=c2167730016af34b89e200ecf55710e8", "c2167730016af34b89e200ecf55710e8"));
  // Not the service's name: inside a word, or a longer word.
  CHECK_FALSE(rejects("MACME_API_KEY=c2167730016rf34b89e200ecf55710e8", "c2167730016rf34b89e200ecf55710e8"));
  CHECK_FALSE(rejects("acmeline_key=c2167730016rf34b89e200ecf55710e8", "c2167730016rf34b89e200ecf55710e8"));
  // Out of the rule's reach: acme on the line above counts for no acme rule.
  CHECK_FALSE(rejects("# acme\nAPI_KEY=c2167730016rf34b89e200ecf55710e8", "c2167730016rf34b89e200ecf55710e8"));
  // Within it: widget's rule looks one line away.
  CHECK(rejects("[INFO] calling the widget API\n[DEBUG] key=wg_Zk3mQpR7vWx2Yt8NbLc", "wg_Zk3mQpR7vWx2Yt8NbLc"));
  CHECK_FALSE(rejects("[INFO] calling the widget API\n[DEBUG] key=wg_Zk3mQpR7vWx2Yt8NbLc4", "wg_Zk3mQpR7vWx2Yt8NbLc4"));
  CHECK_FALSE(rejects("widget\n\nkey=wg_Zk3mQpR7vWx2Yt8NbLc", "wg_Zk3mQpR7vWx2Yt8NbLc"));
  // One edit away only: a character dropped, a letter or digit changed or
  // added. A value further off is some other credential of the service; a
  // separator where the shape has a letter may be the rule's narrowness.
  CHECK(rejects("ACME_API_KEY=c2167730016af34b89e200ecf55710e8f", "c2167730016af34b89e200ecf55710e8f"));
  CHECK(rejects("ACME_API_KEY=c2167730016af34b89e200ecf55710e", "c2167730016af34b89e200ecf55710e"));
  CHECK(rejects("ACME_API_KEY=c2167730016af34-b89e200ecf55710e8", "c2167730016af34-b89e200ecf55710e8"));
  CHECK_FALSE(rejects("ACME_API_KEY=c2167730016af34-89e200ecf55710e8", "c2167730016af34-89e200ecf55710e8"));
  CHECK_FALSE(rejects("ACME_API_KEY=Zk3mQpR7vWx2Yt8NbLc4HdEfGh5JkLmNp7Rw2Kq9", "Zk3mQpR7vWx2Yt8NbLc4HdEfGh5JkLmNp7Rw2Kq9"));
  // A length no shape takes, up to four characters off one's: that key cut
  // short or run into what follows, whatever its characters; five off, or a
  // length some shape takes, is not.
  CHECK(rejects("ACME_API_KEY=Zk3mQpR7vWx2Yt8NbLc4HdEfGh5JkL", "Zk3mQpR7vWx2Yt8NbLc4HdEfGh5JkL"));
  CHECK(rejects("ACME_API_KEY=Zk3mQpR7vWx2Yt8NbLc4HdEfGh5JkLmNp", "Zk3mQpR7vWx2Yt8NbLc4HdEfGh5JkLmNp"));
  CHECK(rejects("ACME_API_KEY=c2167730016af34b89e200ecf5571", "c2167730016af34b89e200ecf5571"));
  CHECK_FALSE(rejects("ACME_API_KEY=c2167730016af34b89e200ecf55", "c2167730016af34b89e200ecf55"));
  CHECK_FALSE(rejects("ACME_API_KEY=Zk3mQpR7vWx2Yt8NbLc4HdEfGh5JkLmN", "Zk3mQpR7vWx2Yt8NbLc4HdEfGh5JkLmN"));
  CHECK_FALSE(rejects("ACME_API_KEY=c2167730016rf34b89e200ecf55710zz", "c2167730016rf34b89e200ecf55710zz"));
  // A name inside the value is not one.
  CHECK_FALSE(rejects("API_KEY=acme_Zk3mQpR7vWx2Yt8NbLc4Hd", "acme_Zk3mQpR7vWx2Yt8NbLc4Hd"));
  // Removed names count no more.
  names.remove("acme");
  CHECK_FALSE(rejects("ACME_API_KEY=c2167730016rf34b89e200ecf55710e8", "c2167730016rf34b89e200ecf55710e8"));
}

namespace {
const char* kRules = R"(
rules:
  - id: acme-api-key
    name: Acme API key
    provider: acme
    kind: api_key
    pattern: '(?i:acme)\w{0,20}\s*=\s*([a-f0-9]{32})\b'
    keywords: [acme]
  - id: acme-db-password
    name: Acme database password
    provider: acmedb
    kind: password
    pattern: '(?i:acmedb)_password\s*=\s*(\S{8,})'
    keywords: [acmedb]
  - id: generic-secret
    name: Generic secret
    provider: generic
    kind: secret_key
    generic: true
    pattern: '(?i)(?:key|secret|token)\s*=\s*([A-Za-z0-9_]{12,})'
    keywords: [key, secret, token]
  - id: generic-password
    name: Generic password
    provider: generic
    kind: password
    generic: true
    pattern: '(?i)password\s*=\s*([A-Za-z0-9_]{12,})'
    keywords: [password]
)";

std::vector<std::string> rule_ids(const nhi::rule_set& rs, const std::string& text) {
  match_scratch scratch;
  std::vector<raw_match> out;
  find_matches(rs.compiled(), text, {}, scratch, out);
  std::vector<std::string> ids;
  for (const auto& m : out) ids.push_back(rs.compiled().rules[m.rule].info.id);
  return ids;
}
}  // namespace

TEST_CASE("matcher: a generic key yields where its service is named and it is one edit from the shape") {
  auto parsed = nhi::rule_set::from_yaml(kRules, "test.yaml");
  REQUIRE(parsed.is_ok());
  const auto& rs = parsed.value();
  CHECK(rule_ids(rs, "ACME_KEY=c2167730016af34b89e200ecf55710e8") == std::vector<std::string>{"acme-api-key"});
  // A "hex" key with an r: not an Acme key, and no generic secret either.
  CHECK(rule_ids(rs, "ACME_KEY=c2167730016rf34b89e200ecf55710e8").empty());
  // Far from the shape: another credential of the service, still reported.
  CHECK(rule_ids(rs, "ACME_KEY=Zk3mQpR7vWx2Yt8NbLc4HdEfGh5JkLmNp7Rw2Kq9") == std::vector<std::string>{"generic-secret"});
  // A few characters off the shape's length: a broken key, not another credential.
  CHECK(rule_ids(rs, "ACME_KEY=Zk3mQpR7vWx2Yt8NbLc4HdEfGh5JkL").empty());
  // In the shape but not where the rule reads it: the generic rule keeps it.
  CHECK(rule_ids(rs, "ACME = 1; KEY=c2167730016af34b89e200ecf55710e8") == std::vector<std::string>{"generic-secret"});
  // Without the service's name, any generic key is still reported.
  CHECK(rule_ids(rs, "API_KEY=c2167730016rf34b89e200ecf55710e8") == std::vector<std::string>{"generic-secret"});
  // Passwords are no service's key: a generic password stays.
  CHECK(rule_ids(rs, "ACME_PASSWORD=c2167730016rf34b89e200ecf55710e8") == std::vector<std::string>{"generic-password"});
  // A name some password rule keys on is not used.
  CHECK(rs.compiled().provider_name_set.size() == 1);
}

TEST_CASE("matcher: the built-in rules name services with key shapes") {
  auto rs = nhi::rule_set::builtin();
  REQUIRE(rs.is_ok());
  const auto& names = rs->compiled().provider_name_set;
  CHECK(names.size() > 200);
  const std::string jira = "jira_token: ATg4OTI1Mzk1OTA1OiBb9S4WPEoK6cmOe6pq6VO0lt6M";
  int budget = 8;
  CHECK(names.rejects(jira, 12, jira.size(), budget));
  // Four characters short of a Data Center token: one cut short.
  const std::string cut = "jira_token: NzMxOTQ2MjA1ODE3OkPMxZUUtkkOY0mC+rXow7KJ";
  CHECK(names.rejects(cut, 12, cut.size(), budget));
  const std::string plain = "api_token: ATg4OTI1Mzk1OTA1OiBb9S4WPEoK6cmOe6pq6VO0lt6M";
  CHECK_FALSE(names.rejects(plain, 11, plain.size(), budget));
  // A spent budget rejects nothing: the value is reported.
  budget = 0;
  CHECK_FALSE(names.rejects(jira, 12, jira.size(), budget));
}
