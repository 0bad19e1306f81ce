// SPDX-License-Identifier: Apache-2.0
// The OWASP NHI Top 10 (2025) categories of one identity, each with the
// evidence that puts it there: dates, places, and the policy value crossed,
// so the person reading it knows what to fix and where.
#include <algorithm>
#include <array>
#include <cmath>
#include <map>

#include "classify/dates.hpp"
#include "classify/evidence.hpp"
#include "util/text.hpp"

namespace nhi::detail {
namespace {

constexpr std::size_t kMaxPlaces = 3;  // places named in one reason; the rest are counted

class reasons {
 public:
  void add(int category, std::string reason) {
    auto& list = by_category_[static_cast<std::size_t>(category - 1)];
    if (!reason.empty() && std::find(list.begin(), list.end(), reason) == list.end()) list.push_back(std::move(reason));
  }
  void emit(std::vector<risk>& out) const {
    for (std::size_t i = 0; i < by_category_.size(); ++i) {
      if (by_category_[i].empty()) continue;
      std::string joined;
      for (const std::string& r : by_category_[i]) joined += (joined.empty() ? "" : "; ") + r;
      out.push_back({"NHI" + std::to_string(i + 1), std::move(joined)});
    }
  }

 private:
  std::array<std::vector<std::string>, 10> by_category_;
};

int category_number(const std::string& id) {
  if (id.size() < 4 || !starts_with(to_lower_ascii(id), "nhi")) return 0;
  int n = 0;
  for (std::size_t i = 3; i < id.size(); ++i) {
    if (id[i] < '0' || id[i] > '9') return 0;
    n = n * 10 + (id[i] - '0');
  }
  return n >= 1 && n <= 10 ? n : 0;
}

// Rules whose secret sits in a URL's userinfo or a connection string
// (docs/inventory.md lists the names rule authors should use).
bool credential_in_url(const occurrence_evidence& o) {
  if (o.kind == "connection_string") return true;
  static const char* const kMarkers[] = {"basic-auth", "url-credential", "uri-credential", "url-password",
                                         "uri-password", "userinfo", "connection-string", "database-url"};
  for (const char* m : kMarkers)
    if (o.rule_id.find(m) != std::string::npos) return true;
  return false;
}

// A credential of the root user (its access keys), not the root user itself:
// deleting the root user is no advice anyone can follow.
bool is_root_credential(const identity_fact& f) {
  if (f.kind == "root_account") return false;
  const std::string name = to_lower_ascii(f.name);
  if (f.provider == "aws" && (name == "<root_account>" || name == "root")) return true;
  if (ends_with(f.parent, ":root")) return true;
  const auto it = f.attributes.find("root");
  return it != f.attributes.end() && it->second == "true";
}

std::string describe_occurrence(const occurrence_evidence& o) {
  std::string s = place_of(o.path, o.line);
  std::string how;
  if (!o.commit.empty()) how = "commit " + o.commit.substr(0, 12);
  if (!o.author.empty() || !o.author_email.empty())
    how += (how.empty() ? "by " : " by ") + (o.author.empty() ? o.author_email : o.author);
  if (const auto t = parse_time(o.date)) how += (how.empty() ? "" : ", ") + format_date(*t);
  if (!how.empty()) s += " (" + how + ")";
  if (!o.in_head) s += ", only in git history";
  return s;
}

std::string list_places(const std::vector<std::string>& places) {
  std::string out;
  for (std::size_t i = 0; i < places.size() && i < kMaxPlaces; ++i) out += (i ? ", " : "") + places[i];
  if (places.size() > kMaxPlaces) out += " and " + std::to_string(places.size() - kMaxPlaces) + " more";
  return out;
}

std::string policy_note(const char* name, int value) {
  return std::string("policy ") + name + " " + std::to_string(value);
}

// NHI1: still usable, but nobody who could offboard it is around, or it is
// no longer needed.
void improper_offboarding(const identity_evidence& ev, const judgement_context& ctx, const identity& id,
                          reasons& r) {
  const nhi::policy& p = ctx.policy;
  if (const auto used = parse_time(id.last_used_at)) {
    const std::int64_t idle = days_between(*used, ctx.as_of);
    if (idle > p.max_unused_days)
      r.add(1, "still usable but last used " + format_date(*used) + ": unused for " + std::to_string(idle) +
                   " days (" + policy_note("max_unused_days", p.max_unused_days) + ")");
  }
  if (const auto created = parse_time(never_used_since(ev, id))) {
    const std::int64_t idle = days_between(*created, ctx.as_of);
    if (idle > p.max_unused_days)
      r.add(1, "never used since it was created on " + format_date(*created) + ", " + std::to_string(idle) +
                   " days ago (" + policy_note("max_unused_days", p.max_unused_days) + "): decommission it");
  }
  // No owner is a flag (identity::unowned), not evidence that anyone left;
  // the policy may make it NHI1.
  if (id.owner.empty()) {
    if (p.unowned_is_nhi1)
      r.add(1, "no owner: no owner tag, owners list or introducing commit author is known (policy unowned_is_nhi1)");
  } else if (const auto departed = owner_departure(id, ctx)) {
    std::string who = "owner " + id.owner;
    if (const occurrence_evidence* intro = introducing_occurrence(ev);
        intro && !intro->commit.empty() && id.owner_source == "git:author")
      who += " (who introduced it in commit " + intro->commit.substr(0, 12) + ")";
    r.add(1, who + " " + *departed + "; hand it to a current owner or revoke it");
  }
  if (!ev.parent_deleted.empty()) r.add(1, "its parent identity was deleted (" + ev.parent_deleted + ") but it remains");
  if (!ev.parent_disabled.empty())
    r.add(1, "its " + ev.parent_disabled + ", but this credential remains: delete it with the decommissioning");
  if (ev.replaced_by)
    r.add(1, "replaced by " + ev.replaced_by->new_id + " " + ev.replaced_by->reason +
                 ", but nothing shows the old credential was revoked");
}

// NHI2: every place the secret lies in plaintext.
void secret_leakage(const identity_evidence& ev, const identity& id, reasons& r) {
  std::vector<std::string> current, past;
  for (const occurrence_evidence& o : ev.occurrences)
    (o.current ? current : past).push_back(describe_occurrence(o));
  std::sort(current.begin(), current.end());
  current.erase(std::unique(current.begin(), current.end()), current.end());
  std::string suffix = is_dead(id) ? " (the credential is " + std::string(identity_status_name(id.status)) +
                                                  "; purge it from history when convenient)"
                                            : "";
  if (!current.empty()) {
    r.add(2, "secret in plaintext in " + ev.occurrences.front().target + " at " + list_places(current) + suffix);
  } else if (!past.empty()) {
    r.add(2, "secret was in plaintext at " + list_places(past) + " (no longer found there; last seen " +
                 (id.last_seen.empty() ? std::string("unknown") : id.last_seen.substr(0, 10)) + ")" + suffix);
  }
  for (const fact_evidence& f : ev.facts) {
    const auto it = f.fact.attributes.find("value_source");
    if (f.current && it != f.fact.attributes.end() && it->second == "literal")
      r.add(2, "literal value of " + f.fact.name + " at " + place_of(f.fact.path, f.fact.line) + suffix);
  }
}

// A principal (a user, role, group, app, service account) is no secret:
// NHI7 is about the age of keys, tokens and client secrets, and an IAM user
// created in 2019 holds no long-lived secret by itself (issue 15 item 6). A
// principal whose secret a scan found is a credential all the same.
bool is_principal(const identity_evidence& ev, const identity& id) {
  static const char* const kPrincipals[] = {"user", "group", "role", "root_account", "app", "service_principal",
                                            "service_account", "managed_identity"};
  if (!ev.occurrences.empty()) return false;
  return std::find(std::begin(kPrincipals), std::end(kPrincipals), id.kind) != std::end(kPrincipals);
}

void long_lived(const identity_evidence& ev, const judgement_context& ctx, const identity& id, reasons& r) {
  if (is_principal(ev, id)) return;
  const nhi::policy& p = ctx.policy;
  const auto created = parse_time(id.created_at);
  const auto rotated = parse_time(id.last_rotated_at);
  if (created || rotated) {
    const bool use_rotation = rotated && (!created || *rotated > *created);
    const std::int64_t since = use_rotation ? *rotated : *created;
    const std::int64_t age = days_between(since, ctx.as_of);
    if (age > p.max_age_days)
      r.add(7, std::string(use_rotation ? "last rotated " : "created ") + format_date(since) + ": " +
                   std::to_string(age) + " days old (" + policy_note("max_age_days", p.max_age_days) + ")");
  } else if (const auto first = parse_time(id.first_seen)) {
    const std::int64_t age = days_between(*first, ctx.as_of);
    std::string where;
    if (const occurrence_evidence* intro = introducing_occurrence(ev)) where = " in " + intro->path;
    if (age > p.max_age_days)
      r.add(7, "first seen " + format_date(*first) + where + ": " + std::to_string(age) + " days old (" +
                   policy_note("max_age_days", p.max_age_days) + ")");
  }
  if (to_lower_ascii(id.expires_at) == "never") {
    r.add(7, "never expires");
    return;
  }
  const auto expires = parse_time(id.expires_at);
  if (!expires) return;
  const std::int64_t ahead = days_between(ctx.as_of, *expires);
  // Years as 365.2425 days: the calendar's mean, so 50 years is 18262 days.
  const double years = static_cast<double>(ahead) / 365.2425;
  if (years >= p.far_expiry_years) {
    r.add(7, "expires " + format_date(*expires) + ", " + std::to_string(static_cast<long long>(std::floor(years))) +
                 "+ years away (policy far_expiry_years " + std::to_string(p.far_expiry_years) + ")");
  } else if (created) {
    const std::int64_t lifetime = days_between(*created, *expires);
    if (lifetime > p.max_lifetime_days)
      r.add(7, "valid for " + std::to_string(lifetime) + " days, from " + format_date(*created) + " to " +
                   format_date(*expires) + " (" + policy_note("max_lifetime_days", p.max_lifetime_days) + ")");
  }
}

// NHI8 and NHI9: the same credential in several environments, services or repositories.
void reuse(const identity_evidence& ev, const judgement_context& ctx, const identity& id, reasons& r) {
  auto first_place = [&](auto matches) -> std::string {
    for (const occurrence_evidence& o : ev.occurrences)
      if (matches(o.path, o.target, std::string())) return place_of(o.path, o.line);
    for (const fact_evidence& f : ev.facts)
      if (matches(f.fact.path, f.target, f.fact.environment)) return place_of(f.fact.path, f.fact.line);
    return {};
  };
  if (id.environments.size() > 1) {
    std::vector<std::string> parts;
    for (const std::string& env : id.environments) {
      const std::string where = first_place([&](const std::string& path, const std::string&, const std::string& e) {
        return ctx.policy.environment_of(path) == env || (!e.empty() && ctx.policy.canonical_environment(e) == env);
      });
      parts.push_back(env + (where.empty() ? "" : " (" + where + ")"));
    }
    r.add(8, "the same credential is used in " + std::to_string(parts.size()) + " environments: " + list_places(parts));
  }
  if (id.services.size() > 1) {
    std::vector<std::string> parts;
    for (const std::string& svc : id.services) {
      const std::string where = first_place([&](const std::string& path, const std::string&, const std::string&) {
        return infer_service(path) == svc;
      });
      parts.push_back(svc + (where.empty() ? "" : " (" + where + ")"));
    }
    r.add(9, "the same credential is used by " + std::to_string(parts.size()) + " services: " + list_places(parts));
  }
  if (id.repositories.size() > 1)
    r.add(9, "the same credential is in " + std::to_string(id.repositories.size()) +
                 " repositories: " + list_places(id.repositories));
}

void from_facts(const identity_evidence& ev, const judgement_context& ctx, const identity& id, reasons& r) {
  bool own_admin = false;
  for (const fact_evidence& f : ev.facts) own_admin = own_admin || (f.current && f.fact.admin_equivalent);
  if (!own_admin && !ev.parent_admin.empty())
    r.add(5, "its " + (ev.parent_label.empty() ? "principal " + id.parent : ev.parent_label) +
                 " holds admin-equivalent permissions (" + ev.parent_admin +
                 "): whoever holds this credential has them");
  for (const fact_evidence& f : ev.facts) {
    if (!f.current) continue;
    const identity_fact& fact = f.fact;
    const std::string where = place_of(fact.path, fact.line);
    if (fact.kind == "k8s_service_account_token")
      r.add(4, "legacy service-account token secret " + fact.name + " at " + where +
                   ": a token that never expires; use projected tokens (TokenRequest) instead");
    if (fact.admin_equivalent) {
      std::string grants;
      for (const std::string& perm : fact.permissions) grants += (grants.empty() ? "" : ", ") + perm;
      r.add(5, "holds admin-equivalent permissions" + (grants.empty() ? std::string() : ": " + grants) + " (" +
                   where + ")");
    }
    for (const std::string& perm : fact.permissions)
      if (const std::string pattern = ctx.policy.admin_pattern_in(perm); !pattern.empty())
        r.add(5, "permission '" + perm + "' is admin-equivalent (matches admin_permissions '" + pattern + "')");
    if (is_root_credential(fact))
      r.add(5, "a root account credential: full control of the account; delete it and use roles");
    if (fact.external_trust_without_condition) {
      std::string trust;
      for (const std::string& t : fact.trust) trust += (trust.empty() ? "" : ", ") + t;
      r.add(6, "trusts an external principal or OIDC provider without an ExternalId or subject condition" +
                   (trust.empty() ? std::string() : ": " + trust) + " (" + where + ")");
    }
    if (fact.interactive_use)
      r.add(10, "also used interactively (console password enabled or used, or a workstation login) per " + where);
  }
}

}  // namespace

void classify_risks(const identity_evidence& ev, const judgement_context& ctx, identity& id) {
  reasons r;
  id.unowned = id.owner.empty() && id.nature != "human" && id.kind != "group";
  secret_leakage(ev, id, r);
  // A person's sign-in is no NHI, and a group signs nothing in (its members
  // are judged with what it grants them): only a leak of theirs counts.
  if (id.nature == "human" || (id.kind == "group" && ev.occurrences.empty())) {
    id.risks.clear();
    r.emit(id.risks);
    return;
  }
  // A revoked or expired credential can do no more harm than its leak shows.
  if (!is_dead(id)) {
    improper_offboarding(ev, ctx, id, r);
    for (const occurrence_evidence& o : ev.occurrences)
      if (o.current && credential_in_url(o))
        r.add(4, "credential embedded in a URL or connection string (" + o.rule_id + ") at " +
                     place_of(o.path, o.line) + "; pass it separately, from a secret store");
    long_lived(ev, ctx, id, r);
    reuse(ev, ctx, id, r);
    from_facts(ev, ctx, id, r);
    for (const config_evidence& c : ev.config)
      if (const int n = category_number(c.finding.category))
        r.add(n, c.finding.message + " (" + c.finding.id + " at " + place_of(c.finding.path, c.finding.line) + ")");
  }
  id.risks.clear();
  r.emit(id.risks);
}

}  // namespace nhi::detail
