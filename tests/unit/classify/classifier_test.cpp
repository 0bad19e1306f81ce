// SPDX-License-Identifier: Apache-2.0
// The lifecycle judgement and the OWASP NHI Top 10 classifier, on evidence
// built by hand: every category and every state with its exact reason.
#include <doctest/doctest.h>

#include <string>

#include "classify/dates.hpp"
#include "classify/evidence.hpp"

namespace {

using nhi::detail::config_evidence;
using nhi::detail::fact_evidence;
using nhi::detail::identity_evidence;
using nhi::detail::occurrence_evidence;

occurrence_evidence occurrence(const std::string& path, const std::string& date = "2022-02-10T09:30:00+01:00") {
  occurrence_evidence o;
  o.target = "git@example.com:acme/platform.git";
  o.fingerprint = std::string(64, 'a');
  o.rule_id = "stripe-secret-key";
  o.rule_name = "Stripe Secret Key";
  o.provider = "stripe";
  o.kind = "api_key";
  o.redacted = "sk_l****************";
  o.path = path;
  o.line = 3;
  o.commit = "4f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c";
  o.author = "Alice Example";
  o.author_email = "alice@example.com";
  o.date = date;
  o.seen_at = "2024-01-10T00:00:00Z";
  return o;
}

fact_evidence cloud_key(const std::string& status, const std::string& created = "2023-01-01T00:00:00Z") {
  fact_evidence f;
  f.fact.kind = "access_key";
  f.fact.provider = "aws";
  f.fact.name = "deploy-bot";
  f.fact.external_ids = {"AKIAIOSFODNN7EXAMPL1"};
  f.fact.status = status;
  f.fact.created_at = created;
  f.fact.path = "exports/access-keys.json";
  f.target = "aws:123456789012";
  f.from_import = true;
  f.seen_at = "2024-01-11T00:00:00Z";
  f.last_snapshot = 2;
  return f;
}

struct judged {
  nhi::policy policy;
  std::map<std::string, std::string> authors;

  nhi::identity operator()(const identity_evidence& ev, const std::string& as_of) const {
    const nhi::detail::judgement_context ctx{policy, *nhi::detail::parse_time(as_of), authors};
    return nhi::detail::judge(ev, ctx);
  }
};

std::string reason(const nhi::identity& id, const std::string& category) {
  for (const nhi::risk& r : id.risks)
    if (r.id == category) return r.reason;
  return {};
}

identity_evidence evidence_with(std::vector<occurrence_evidence> occ, std::vector<fact_evidence> facts = {}) {
  identity_evidence ev;
  ev.id = "nhi-0123456789ab";
  ev.first_snapshot_at = "2024-01-10T00:00:00Z";
  ev.fingerprints = {std::string(64, 'a')};
  ev.occurrences = std::move(occ);
  ev.facts = std::move(facts);
  return ev;
}

}  // namespace

TEST_CASE("classify: dates parse every ISO 8601 form the sources write") {
  using nhi::detail::parse_time;
  CHECK(parse_time("2024-03-01") == 1709251200);
  CHECK(parse_time("2024-03-01T00:00:00Z") == 1709251200);
  CHECK(parse_time("2024-03-01T02:00:00+02:00") == 1709251200);
  CHECK(parse_time("2024-03-01 02:00:00 +0200") == 1709251200);
  CHECK(parse_time("2024-02-29T23:00:00.1234567-01:00") == 1709251200);
  CHECK_FALSE(parse_time("never"));
  CHECK_FALSE(parse_time("2023-02-29"));
  CHECK_FALSE(parse_time("2024-03-01T25:00:00Z"));
  CHECK_FALSE(parse_time("2024-03-01Tjunk"));
  CHECK(nhi::detail::format_date(*parse_time("9999-12-31")) == "9999-12-31");
  CHECK(nhi::detail::format_time(1709251200) == "2024-03-01T00:00:00Z");
}

TEST_CASE("classify: NHI7 by first seen, with the place and the policy value") {
  const judged judge;
  const nhi::identity id = judge(evidence_with({occurrence("services/billing/config/prod.env")}), "2025-11-23");
  CHECK(reason(id, "NHI7") == "first seen 2022-02-10 in services/billing/config/prod.env: 1382 days old "
                              "(policy max_age_days 90)");
  CHECK(id.first_seen == "2022-02-10T08:30:00Z");
  // Younger than the policy: not long-lived.
  const nhi::identity young = judge(evidence_with({occurrence("app/.env", "2024-01-01")}), "2024-02-01");
  CHECK(reason(young, "NHI7").empty());
}

TEST_CASE("classify: NHI7 by creation, rotation, missing or far expiry and lifetime") {
  judged judge;
  fact_evidence f = cloud_key("Active", "2023-01-01T00:00:00Z");
  f.fact.last_rotated_at = "2023-12-01T00:00:00Z";
  f.fact.expires_at = "never";
  nhi::identity id = judge(evidence_with({}, {f}), "2024-03-01");
  CHECK(reason(id, "NHI7") == "last rotated 2023-12-01: 91 days old (policy max_age_days 90); never expires");

  f = cloud_key("Active", "2024-01-01T00:00:00Z");
  f.fact.expires_at = "9999-12-31T23:59:59Z";
  id = judge(evidence_with({}, {f}), "2024-03-01");
  CHECK(reason(id, "NHI7") == "expires 9999-12-31, 7975+ years away (policy far_expiry_years 50)");

  f.fact.expires_at = "2026-01-01";
  id = judge(evidence_with({}, {f}), "2024-03-01");
  CHECK(reason(id, "NHI7") == "valid for 731 days, from 2024-01-01 to 2026-01-01 (policy max_lifetime_days 365)");

  judge.policy.max_lifetime_days = 800;
  id = judge(evidence_with({}, {f}), "2024-03-01");
  CHECK(reason(id, "NHI7").empty());
}

TEST_CASE("classify: NHI1 for unused, departed, offboarded and ownerless identities") {
  judged judge;
  fact_evidence f = cloud_key("Active", "2024-01-01");
  f.fact.last_used_at = "2023-06-01T10:00:00Z";
  f.fact.created_at = "2023-01-01";
  nhi::identity id = judge(evidence_with({}, {f}), "2024-03-01");
  CHECK(id.status == nhi::identity_status::stale);
  CHECK(id.status_reason == "last used 2023-06-01, 274 days before the as-of date (policy max_unused_days 90)");
  CHECK(reason(id, "NHI1") == "still usable but last used 2023-06-01: unused for 274 days (policy max_unused_days 90)");
  CHECK(id.unowned);

  // No owner alone is a flag, not NHI1, unless the policy escalates it.
  fact_evidence used = cloud_key("Active", "2024-01-01");
  used.fact.last_used_at = "2024-02-28T10:00:00Z";
  id = judge(evidence_with({}, {used}), "2024-03-01");
  CHECK(id.unowned);
  CHECK(reason(id, "NHI1").empty());
  judge.policy.unowned_is_nhi1 = true;
  id = judge(evidence_with({}, {used}), "2024-03-01");
  CHECK(reason(id, "NHI1") ==
        "no owner: no owner tag, owners list or introducing commit author is known (policy unowned_is_nhi1)");
  judge.policy.unowned_is_nhi1 = false;

  // A key the credential report says was never used (N/A), created long ago.
  fact_evidence never = cloud_key("Active", "2024-01-01");
  never.fact.created_at = "2023-10-01T00:00:00Z";
  never.fact.attributes["never_used"] = "true";
  id = judge(evidence_with({}, {never}), "2024-03-01");
  CHECK(id.status == nhi::identity_status::stale);
  CHECK(reason(id, "NHI1") == "never used since it was created on 2023-10-01, 152 days ago (policy max_unused_days "
                              "90): decommission it");
  // The principal of a credential is disabled: decommissioning left it behind.
  identity_evidence left = evidence_with({}, {used});
  left.parent_disabled = "service_account old@p.iam.gserviceaccount.com is disabled (gcp:p gcp_service_accounts)";
  id = judge(left, "2024-03-01");
  CHECK(reason(id, "NHI1") == "its service_account old@p.iam.gserviceaccount.com is disabled (gcp:p "
                              "gcp_service_accounts), but this credential remains: delete it with the decommissioning");

  never.fact.created_at = "2024-02-01T00:00:00Z";  // new, not yet used: nothing to say
  id = judge(evidence_with({}, {never}), "2024-03-01");
  CHECK(id.status == nhi::identity_status::active);
  CHECK(reason(id, "NHI1").empty());

  // The author who introduced the secret stopped committing.
  judge.authors["alice@example.com"] = "2023-05-01T00:00:00Z";
  id = judge(evidence_with({occurrence("app/config.yaml", "2023-04-01")}), "2024-03-01");
  CHECK(id.owner == "alice@example.com");
  CHECK(id.owner_source == "git:author");
  CHECK(id.status == nhi::identity_status::orphaned);
  CHECK(reason(id, "NHI1") == "owner alice@example.com (who introduced it in commit 4f1c2d3e4f5a) has made no commit "
                              "since 2023-05-01: 305 days (policy owner_inactive_days 180); hand it to a current "
                              "owner or revoke it");
  // Still committing: no NHI1.
  judge.authors["alice@example.com"] = "2024-02-20T00:00:00Z";
  id = judge(evidence_with({occurrence("app/config.yaml", "2023-04-01")}), "2024-03-01");
  CHECK(reason(id, "NHI1").empty());
  CHECK(id.status == nhi::identity_status::active);

  // Listed as offboarded; a tag owner outranks the commit author.
  judge.policy.offboarded_owners = {"team-payments"};
  f = cloud_key("Active", "2024-02-01");
  f.fact.owner = "team-payments";
  f.fact.owner_source = "tag:owner";
  id = judge(evidence_with({occurrence("app/config.yaml", "2024-02-01")}, {f}), "2024-03-01");
  CHECK(id.owner == "team-payments");
  CHECK(id.owner_source == "tag:owner");
  CHECK(id.status == nhi::identity_status::orphaned);
  CHECK(id.status_reason == "owner team-payments is listed in offboarded_owners");
  CHECK(reason(id, "NHI1") == "owner team-payments is listed in offboarded_owners; hand it to a current owner or "
                              "revoke it");
}

TEST_CASE("classify: NHI2 names where the secret lies, history included") {
  const judged judge;
  occurrence_evidence head = occurrence("services/billing/config/prod.env", "2024-01-02");
  occurrence_evidence old = occurrence("services/billing/config/old.env", "2024-01-01");
  old.in_head = false;
  old.line = 9;
  const nhi::identity id = judge(evidence_with({head, old}), "2024-02-01");
  CHECK(reason(id, "NHI2") ==
        "secret in plaintext in git@example.com:acme/platform.git at services/billing/config/old.env:9 (commit "
        "4f1c2d3e4f5a by Alice Example, 2024-01-01), only in git history, services/billing/config/prod.env:3 (commit "
        "4f1c2d3e4f5a by Alice Example, 2024-01-02)");
}

TEST_CASE("classify: NHI3 and NHI6 come from configuration findings, NHI6 also from unconditioned trust") {
  const judged judge;
  identity_evidence ev = evidence_with({occurrence(".github/workflows/deploy.yml", "2024-01-01")});
  config_evidence third;
  third.finding = {"gha-unpinned-action-with-secrets", "NHI3", "secrets go to an action pinned to a tag",
                   "deploy", ".github/workflows/deploy.yml", 14, "", "high"};
  config_evidence cloud;
  cloud.finding = {"gha-static-cloud-keys", "NHI6", "static AWS keys instead of OIDC", "deploy",
                   ".github/workflows/deploy.yml", 20, "", "high"};
  ev.config = {third, cloud};
  fact_evidence role = cloud_key("Active", "2024-01-01");
  role.fact.kind = "role";
  role.fact.external_trust_without_condition = true;
  role.fact.trust = {"oidc token.actions.githubusercontent.com"};
  role.fact.path = "exports/auth.json";
  role.fact.line = 0;
  ev.facts = {role};
  const nhi::identity id = judge(ev, "2024-02-01");
  CHECK(reason(id, "NHI3") == "secrets go to an action pinned to a tag (gha-unpinned-action-with-secrets at "
                              ".github/workflows/deploy.yml:14)");
  CHECK(reason(id, "NHI6") == "trusts an external principal or OIDC provider without an ExternalId or subject "
                              "condition: oidc token.actions.githubusercontent.com (exports/auth.json); static AWS "
                              "keys instead of OIDC (gha-static-cloud-keys at .github/workflows/deploy.yml:20)");
}

TEST_CASE("classify: NHI4 for credentials in URLs and legacy service-account tokens") {
  const judged judge;
  occurrence_evidence url = occurrence("config/database.yml", "2024-01-01");
  url.rule_id = "postgres-uri-credentials";
  url.kind = "connection_string";
  nhi::identity id = judge(evidence_with({url}), "2024-02-01");
  CHECK(reason(id, "NHI4") == "credential embedded in a URL or connection string (postgres-uri-credentials) at "
                              "config/database.yml:3; pass it separately, from a secret store");

  fact_evidence token;
  token.fact.kind = "k8s_service_account_token";
  token.fact.provider = "kubernetes";
  token.fact.name = "payments/ci-token";
  token.fact.path = "k8s/prod/ci-token.yaml";
  token.fact.line = 4;
  token.target = "repo";
  token.seen_at = "2024-01-10";
  id = judge(evidence_with({}, {token}), "2024-02-01");
  CHECK(reason(id, "NHI4") == "legacy service-account token secret payments/ci-token at k8s/prod/ci-token.yaml:4: a "
                              "token that never expires; use projected tokens (TokenRequest) instead");
  // A plain API key is not NHI4.
  CHECK(reason(judge(evidence_with({occurrence("a.env", "2024-01-01")}), "2024-02-01"), "NHI4").empty());
}

TEST_CASE("classify: NHI5 for admin-equivalent grants, policy patterns and root keys") {
  judged judge;
  fact_evidence user = cloud_key("Active", "2024-01-01");
  user.fact.kind = "user";
  user.fact.admin_equivalent = true;
  user.fact.permissions = {"Action:* on Resource:*"};
  nhi::identity id = judge(evidence_with({}, {user}), "2024-02-01");
  CHECK(reason(id, "NHI5") == "holds admin-equivalent permissions: Action:* on Resource:* (exports/access-keys.json); "
                              "permission 'Action:* on Resource:*' is admin-equivalent (matches admin_permissions "
                              "'Action:* on Resource:*')");

  judge.policy.admin_permissions = {"storage.admin"};
  user.fact.admin_equivalent = false;
  user.fact.permissions = {"roles/storage.admin on project acme"};
  id = judge(evidence_with({}, {user}), "2024-02-01");
  CHECK(reason(id, "NHI5") == "permission 'roles/storage.admin on project acme' is admin-equivalent (matches "
                              "admin_permissions 'storage.admin')");

  fact_evidence root = cloud_key("Active", "2024-01-01");
  root.fact.name = "<root_account>";
  id = judge(evidence_with({}, {root}), "2024-02-01");
  CHECK(reason(id, "NHI5") == "a root account credential: full control of the account; delete it and use roles");
}

TEST_CASE("classify: NHI8 and NHI9 for one credential in several environments, services, repositories") {
  const judged judge;
  occurrence_evidence prod = occurrence("services/billing/config/prod.env", "2024-01-01");
  occurrence_evidence dev = occurrence("services/payments/config/dev.env", "2024-01-01");
  occurrence_evidence other = occurrence("services/billing/config/prod.env", "2024-01-01");
  other.target = "git@example.com:acme/legacy.git";
  const nhi::identity id = judge(evidence_with({prod, dev, other}), "2024-02-01");
  CHECK(id.environments == std::vector<std::string>{"dev", "prod"});
  CHECK(id.services == std::vector<std::string>{"billing", "payments"});
  CHECK(reason(id, "NHI8") == "the same credential is used in 2 environments: dev "
                              "(services/payments/config/dev.env:3), prod (services/billing/config/prod.env:3)");
  CHECK(reason(id, "NHI9") == "the same credential is used by 2 services: billing "
                              "(services/billing/config/prod.env:3), payments (services/payments/config/dev.env:3); "
                              "the same credential is in 2 repositories: git@example.com:acme/legacy.git, "
                              "git@example.com:acme/platform.git");
  // One place: neither.
  const nhi::identity single = judge(evidence_with({prod}), "2024-02-01");
  CHECK(reason(single, "NHI8").empty());
  CHECK(reason(single, "NHI9").empty());
}

TEST_CASE("classify: NHI10 for interactive use of a service identity") {
  const judged judge;
  fact_evidence user = cloud_key("Active", "2024-01-01");
  user.fact.kind = "user";
  user.fact.interactive_use = true;
  user.fact.path = "exports/credential-report.csv";
  user.fact.line = 7;
  const nhi::identity id = judge(evidence_with({}, {user}), "2024-02-01");
  CHECK(reason(id, "NHI10") == "also used interactively (console password enabled or used, or a workstation login) "
                               "per exports/credential-report.csv:7");
}

TEST_CASE("classify: states in their order of precedence, each with its reason") {
  const judged judge;
  const std::string as_of = "2024-03-01";

  fact_evidence expiring = cloud_key("Active", "2023-12-01");
  expiring.fact.expires_at = "2024-02-01T00:00:00Z";
  nhi::identity id = judge(evidence_with({occurrence("a.env")}, {expiring}), as_of);
  CHECK(id.status == nhi::identity_status::expired);
  CHECK(id.status_reason == "expired on 2024-02-01");
  // A dead credential keeps only its leak, noted as such.
  REQUIRE(id.risks.size() == 1);
  CHECK(id.risks[0].id == "NHI2");
  CHECK(id.risks[0].reason.find("(the credential is expired; purge it from history when convenient)") !=
        std::string::npos);

  id = judge(evidence_with({occurrence("a.env")}, {cloud_key("Inactive")}), as_of);
  CHECK(id.status == nhi::identity_status::revoked);
  CHECK(id.status_reason == "aws reports it inactive (aws:123456789012, 2024-01-11)");

  identity_evidence deleted = evidence_with({occurrence("a.env")}, {cloud_key("Active")});
  deleted.facts[0].current = false;
  deleted.deleted_from = "aws:123456789012";
  deleted.deleted_at = "2024-02-11T00:00:00Z";
  id = judge(deleted, as_of);
  CHECK(id.status == nhi::identity_status::revoked);
  CHECK(id.status_reason == "no longer listed by the latest import of aws:123456789012 (2024-02-11)");

  identity_evidence rotated = evidence_with({occurrence("a.env", "2024-02-01")});
  rotated.replaced_by = nhi::detail::rotation_evidence{"nhi-fedcba987654", "at a.env (rule stripe-secret-key)",
                                                       "2024-02-15T00:00:00Z"};
  id = judge(rotated, as_of);
  CHECK(id.status == nhi::identity_status::rotated);
  CHECK(id.status_reason == "replaced by nhi-fedcba987654 at a.env (rule stripe-secret-key) (2024-02-15)");
  CHECK(reason(id, "NHI1") == "replaced by nhi-fedcba987654 at a.env (rule stripe-secret-key), but nothing shows "
                              "the old credential was revoked");

  occurrence_evidence history = occurrence("a.env", "2024-02-01");
  history.in_head = false;
  id = judge(evidence_with({history}), as_of);
  CHECK(id.status == nhi::identity_status::removed);
  CHECK(id.status_reason == "no longer in HEAD of git@example.com:acme/platform.git; still in git history at a.env:3 "
                            "(commit 4f1c2d3e4f5a)");

  occurrence_evidence gone = occurrence("a.env", "2024-02-01");
  gone.current = false;
  id = judge(evidence_with({gone}, {cloud_key("Active")}), as_of);
  CHECK(id.status == nhi::identity_status::removed);
  CHECK(id.status_reason == "no longer found by the latest scan of git@example.com:acme/platform.git (last seen "
                            "2024-01-10); aws reports it active (aws:123456789012, 2024-01-11)");

  id = judge(evidence_with({occurrence("a.env", "2024-02-01")}), as_of);
  CHECK(id.status == nhi::identity_status::active);
  CHECK(id.status_reason == "present at a.env:3 in git@example.com:acme/platform.git");
}

TEST_CASE("classify: a category holds one entry with every reason, in NHI order") {
  const judged judge;
  occurrence_evidence prod = occurrence("services/billing/config/prod.env", "2022-02-10");
  occurrence_evidence dev = occurrence("services/billing/config/dev.env", "2022-02-10");
  const nhi::identity id = judge(evidence_with({prod, dev}), "2025-11-23");
  std::vector<std::string> ids;
  for (const nhi::risk& r : id.risks) ids.push_back(r.id);
  CHECK(ids == std::vector<std::string>{"NHI2", "NHI7", "NHI8"});
}

// Issue 15 item 8: people and groups are no NHIs; root is not told to be
// deleted; a user with keys and no console password is non-human.
TEST_CASE("classify: principal nature from the credential report, humans and groups out of NHI categories") {
  const judged judge;
  auto report_user = [](const std::string& kind, const std::string& name, const std::string& password,
                        const std::string& keys) {
    fact_evidence f = cloud_key("active", "2019-04-02T11:20:15Z");
    f.fact.kind = kind;
    f.fact.name = name;
    f.fact.external_ids = {"arn:aws:iam::210987654321:user/" + name};
    f.fact.path = "credential-report.csv";
    f.fact.attributes = {{"password_enabled", password}, {"mfa_active", "true"}, {"active_access_keys", keys}};
    return f;
  };
  const nhi::identity person = judge(evidence_with({}, {report_user("user", "maria.lopez", "true", "0")}), "2026-11-01");
  CHECK(person.nature == "human");
  CHECK(person.nature_reason == "signs in to the console with a password; no access keys (credential-report.csv)");
  CHECK(person.risks.empty());  // no NHI1 "no owner", no NHI7 for its age

  fact_evidence root = report_user("root_account", "<root_account>", "not_supported", "0");
  root.fact.admin_equivalent = true;
  root.fact.permissions = {"root account"};
  const nhi::identity root_id = judge(evidence_with({}, {root}), "2026-11-01");
  CHECK(root_id.nature == "human");
  CHECK(root_id.risks.empty());  // no NHI5 advice to delete the root user
  root.fact.attributes["active_access_keys"] = "1";
  const nhi::identity root_with_keys = judge(evidence_with({}, {root}), "2026-11-01");
  CHECK(root_with_keys.nature == "mixed");
  CHECK(reason(root_with_keys, "NHI5").find("delete it") == std::string::npos);
  CHECK_FALSE(reason(root_with_keys, "NHI5").empty());

  const nhi::identity bot = judge(evidence_with({}, {report_user("user", "deploy-bot", "false", "2")}), "2026-11-01");
  CHECK(bot.nature == "non_human");
  CHECK(bot.unowned);                        // no owner: a flag,
  CHECK(reason(bot, "NHI1").empty());        // not NHI1 by itself
  CHECK_FALSE(person.unowned);               // a person is no NHI to own
  CHECK(reason(bot, "NHI7").empty());        // a user is no secret: its age is no NHI7

  fact_evidence group = cloud_key("active", "2019-01-01");
  group.fact.kind = "group";
  group.fact.admin_equivalent = true;
  CHECK(judge(evidence_with({}, {group}), "2026-11-01").risks.empty());
}

// Issue 15 item 9: an admin user's key is as powerful as the user.
TEST_CASE("classify: a credential inherits its principal's owner and admin rights") {
  const judged judge;
  identity_evidence ev = evidence_with({}, {cloud_key("Active", "2026-10-01")});
  ev.facts[0].fact.parent = "arn:aws:iam::210987654321:user/ci/deploy-bot";
  ev.parent_owner = "platform-team@example.com";
  ev.parent_owner_source = "tag:owner";
  ev.parent_admin = "AdministratorAccess via arn:aws:iam::aws:policy/AdministratorAccess (group deployers)";
  const nhi::identity id = judge(ev, "2026-11-01");
  CHECK(id.owner == "platform-team@example.com");
  CHECK(id.owner_source == "parent:tag:owner");
  CHECK(reason(id, "NHI5") == "its principal arn:aws:iam::210987654321:user/ci/deploy-bot holds admin-equivalent "
                              "permissions (AdministratorAccess via arn:aws:iam::aws:policy/AdministratorAccess "
                              "(group deployers)): whoever holds this credential has them");
  CHECK(reason(id, "NHI1").empty());
}
