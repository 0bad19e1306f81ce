// SPDX-License-Identifier: Apache-2.0
// The descriptive side of an identity: what it is, who owns it, where and
// since when it is known. Sources are ranked by authority: a cloud export
// names a credential better than a file that holds it, and a tag names an
// owner better than the author who committed the secret.
#include <algorithm>
#include <map>
#include <tuple>

#include "classify/dates.hpp"
#include "classify/evidence.hpp"
#include "util/text.hpp"

namespace nhi::detail {
namespace {

void push_unique(std::vector<std::string>& v, const std::string& s) {
  if (!s.empty() && std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}

// The first non-empty value among current facts, then among all of them
// (facts are ordered most recent first).
template <class Get>
std::string freshest(const identity_evidence& ev, Get get) {
  for (bool want_current : {true, false})
    for (const fact_evidence& f : ev.facts)
      if (f.current == want_current && !get(f.fact).empty()) return get(f.fact);
  return {};
}

std::vector<const std::string*> seen_times(const identity_evidence& ev) {
  std::vector<const std::string*> out;
  for (const occurrence_evidence& o : ev.occurrences) out.push_back(&o.seen_at);
  for (const fact_evidence& f : ev.facts) out.push_back(&f.seen_at);
  return out;
}

const fact_evidence* naming_fact(const identity_evidence& ev) {
  for (const fact_evidence& f : ev.facts)
    if (f.from_import) return &f;
  return ev.facts.empty() ? nullptr : &ev.facts.front();
}

std::string environment_of_fact(const fact_evidence& f, const nhi::policy& p) {
  if (!f.fact.namespace_.empty())
    if (std::string env = p.environment_of(f.fact.namespace_); !env.empty()) return env;
  if (!f.fact.environment.empty()) return p.canonical_environment(f.fact.environment);
  // Where an export was saved (exports/test/) says nothing of where its
  // credentials are used.
  return f.from_import ? std::string() : p.environment_of(f.fact.path);
}

std::string attribute(const identity_fact& f, const char* name) {
  const auto it = f.attributes.find(name);
  return it == f.attributes.end() ? std::string() : it->second;
}

// Human, non-human or mixed, from the freshest record that says (issue 15
// item 8): OWASP's NHI Top 10 is about the identities programs use; a
// person's console sign-in is not one, and one shared by both is NHI10.
void judge_nature(const identity_evidence& ev, identity& id) {
  auto set = [&id](const char* nature, std::string reason) {
    id.nature = nature;
    id.nature_reason = std::move(reason);
  };
  for (bool want_current : {true, false})
    for (const fact_evidence& fe : ev.facts) {
      if (fe.current != want_current) continue;
      const identity_fact& f = fe.fact;
      const std::string password = attribute(f, "password_enabled");
      const std::string keys = attribute(f, "active_access_keys");
      const bool console = password == "true" || (f.kind == "root_account" && !attribute(f, "mfa_active").empty());
      if (f.kind == "user" && f.provider == "gcp")
        return set("human", "a Google account (user:) in the project's IAM policy (" + f.path + ")");
      if (f.kind == "user" || f.kind == "root_account") {
        if (keys.empty() && password.empty()) continue;  // a listing that does not say how it signs in
        if (console && keys != "0")
          return set("mixed", "a console password and " + keys + " active access key(s) (" + f.path + ")");
        if (console) return set("human", "signs in to the console with a password; no access keys (" + f.path + ")");
        if (keys != "0") return set("non_human", "access keys and no console password (" + f.path + ")");
        return set("non_human", "neither a console password nor access keys (" + f.path + ")");
      }
      if (f.kind == "role") {
        if (starts_with(f.name, "AWSReservedSSO_"))
          return set("human", "an IAM Identity Center permission-set role: people assume it (" + f.path + ")");
        return set("non_human", "an IAM role (" + f.path + ")");
      }
      if (f.kind == "service_account" || f.kind == "service_principal" || f.kind == "app" ||
          f.kind == "managed_identity" || f.kind == "k8s_secret")
        return set("non_human", "a " + f.provider + " " + f.kind + " (" + f.path + ")");
      if (f.interactive_use)
        return set("mixed", "a credential of a principal people also sign in as (" + f.path + ")");
    }
  if (!ev.occurrences.empty())
    return set("non_human", "a secret found in files, where programs read it");
  for (const fact_evidence& fe : ev.facts)
    if (!fe.fact.parent.empty() || !attribute(fe.fact, "value_source").empty())
      return set("non_human", "a " + fe.fact.kind + " credential (" + fe.fact.path + ")");
}

}  // namespace

bool is_closed(identity_status s) noexcept { return s == identity_status::revoked || s == identity_status::expired; }

bool is_dead(const identity& id) noexcept { return is_closed(id.status) || id.validity == "invalid"; }

std::string place_of(const std::string& path, std::uint64_t line) {
  return line ? path + ":" + std::to_string(line) : path;
}

const occurrence_evidence* introducing_occurrence(const identity_evidence& ev) {
  const occurrence_evidence* best = ev.occurrences.empty() ? nullptr : &ev.occurrences.front();
  std::optional<std::int64_t> best_time;
  for (const occurrence_evidence& o : ev.occurrences) {
    const auto t = parse_time(o.date);
    if (t && (!best_time || *t < *best_time)) {
      best = &o;
      best_time = t;
    }
  }
  return best;
}

std::string never_used_since(const identity_evidence& ev, const identity& id) {
  if (!id.last_used_at.empty()) return {};
  for (const fact_evidence& f : ev.facts) {
    if (!f.current || !f.from_import) continue;
    const auto it = f.fact.attributes.find("never_used");
    if (it == f.fact.attributes.end()) continue;
    if (it->second != "true") return {};
    return f.fact.created_at.empty() ? id.created_at : f.fact.created_at;
  }
  return {};
}

std::optional<std::string> owner_departure(const identity& id, const judgement_context& ctx) {
  if (id.owner.empty()) return std::nullopt;
  if (ctx.policy.is_offboarded(id.owner)) return std::string("is listed in offboarded_owners");
  // Only an e-mail we have seen commit can be judged by its activity.
  if (id.owner.find('@') == std::string::npos) return std::nullopt;
  const auto it = ctx.author_last_commit.find(to_lower_ascii(id.owner));
  if (it == ctx.author_last_commit.end()) return std::nullopt;
  const auto last = parse_time(it->second);
  if (!last) return std::nullopt;
  const std::int64_t idle = days_between(*last, ctx.as_of);
  if (idle <= ctx.policy.owner_inactive_days) return std::nullopt;
  return "has made no commit since " + format_date(*last) + ": " + std::to_string(idle) +
         " days (policy owner_inactive_days " + std::to_string(ctx.policy.owner_inactive_days) + ")";
}

identity summarize(const identity_evidence& ev, const judgement_context& ctx) {
  identity id;
  id.id = ev.id;
  id.fingerprints = ev.fingerprints;
  id.external_ids = ev.external_ids;
  std::sort(id.fingerprints.begin(), id.fingerprints.end());
  std::sort(id.external_ids.begin(), id.external_ids.end());

  const occurrence_evidence* intro = introducing_occurrence(ev);
  if (const fact_evidence* f = naming_fact(ev)) {
    id.kind = f->fact.kind;
    id.provider = f->fact.provider;
    id.name = f->fact.name;
  }
  if (intro) {
    if (id.kind.empty()) id.kind = intro->kind;
    if (id.provider.empty() || id.provider == "generic") id.provider = intro->provider;
    if (id.name.empty()) id.name = intro->rule_name;
  }

  for (bool want_current : {true, false})
    for (const fact_evidence& f : ev.facts)
      if (id.owner.empty() && f.current == want_current && !f.fact.owner.empty()) {
        id.owner = f.fact.owner;
        id.owner_source = f.fact.owner_source.empty() ? f.fact.kind : f.fact.owner_source;
      }
  if (id.owner.empty() && !ev.parent_owner.empty()) {
    // A key belongs to whoever owns its user or service account.
    id.owner = ev.parent_owner;
    id.owner_source = "parent:" + ev.parent_owner_source;
  }
  if (id.owner.empty() && intro && (!intro->author_email.empty() || !intro->author.empty())) {
    // Whoever committed a secret is the best evidence of who knows what it is for.
    id.owner = intro->author_email.empty() ? intro->author : intro->author_email;
    id.owner_source = "git:author";
  }

  std::optional<std::int64_t> first = parse_time(ev.first_snapshot_at);
  std::optional<std::int64_t> last;
  // First seen: the introducing commit when older than the inventory;
  // last seen: the latest snapshot that still had it.
  for (const occurrence_evidence& o : ev.occurrences)
    if (const auto t = parse_time(o.date); t && (!first || *t < *first)) first = t;
  for (const std::string* when : seen_times(ev))
    if (const auto t = parse_time(*when); t && (!last || *t > *last)) last = t;
  if (first) id.first_seen = format_time(*first);
  if (last) id.last_seen = format_time(std::max(*last, first.value_or(*last)));

  id.created_at = freshest(ev, [](const identity_fact& f) -> const std::string& { return f.created_at; });
  id.expires_at = freshest(ev, [](const identity_fact& f) -> const std::string& { return f.expires_at; });
  id.last_used_at = freshest(ev, [](const identity_fact& f) -> const std::string& { return f.last_used_at; });
  id.last_rotated_at = freshest(ev, [](const identity_fact& f) -> const std::string& { return f.last_rotated_at; });
  id.parent = freshest(ev, [](const identity_fact& f) -> const std::string& { return f.parent; });
  if (ev.replaced_by) id.replaced_by = ev.replaced_by->new_id;
  judge_nature(ev, id);
  id.leaked = !ev.occurrences.empty();
  for (const fact_evidence& f : ev.facts) {
    const auto it = f.fact.attributes.find("value_source");
    id.leaked = id.leaked || (it != f.fact.attributes.end() && it->second == "literal");
  }

  // Where it is consumed: code and configuration say so; a cloud export only
  // says where it is managed, so it names no service or repository.
  for (const occurrence_evidence& o : ev.occurrences) {
    push_unique(id.environments, ctx.policy.environment_of(o.path));
    push_unique(id.services, infer_service(o.path));
    push_unique(id.repositories, o.target);
  }
  for (const fact_evidence& f : ev.facts) {
    push_unique(id.environments, environment_of_fact(f, ctx.policy));
    if (f.from_import) continue;
    push_unique(id.services, f.fact.service.empty() ? infer_service(f.fact.path) : f.fact.service);
    push_unique(id.repositories, f.target);
  }
  std::sort(id.environments.begin(), id.environments.end());
  std::sort(id.services.begin(), id.services.end());
  std::sort(id.repositories.begin(), id.repositories.end());

  // One location per place and commit; the row the latest snapshot saw wins
  // (the same blob is first in HEAD, later only in history).
  std::map<std::tuple<std::string, std::string, std::uint64_t, std::string>, std::size_t> seen;
  for (const occurrence_evidence& o : ev.occurrences) {
    const auto [it, fresh] = seen.emplace(std::make_tuple(o.target, o.path, o.line, o.commit), id.locations.size());
    if (!fresh && !o.current) continue;
    location l;
    l.repo = o.target;
    l.path = o.path;
    l.line = o.line;
    l.commit = o.commit;
    l.date = o.date;
    l.author = o.author;
    l.author_email = o.author_email;
    l.rule_id = o.rule_id;
    l.redacted = o.redacted;
    l.in_head = o.in_head;
    l.current = o.current;
    if (fresh) id.locations.push_back(std::move(l));
    else id.locations[it->second] = std::move(l);
  }
  for (const fact_evidence& f : ev.facts) {
    if (!seen.emplace(std::make_tuple(f.target, f.fact.path, f.fact.line, std::string()), id.locations.size()).second)
      continue;
    location l;
    l.repo = f.target;
    l.path = f.fact.path;
    l.line = f.fact.line;
    l.rule_id = f.fact.kind;
    l.current = f.current;
    id.locations.push_back(std::move(l));
  }
  std::sort(id.locations.begin(), id.locations.end(), [](const location& a, const location& b) {
    return std::tie(a.repo, a.path, a.line, a.commit) < std::tie(b.repo, b.path, b.line, b.commit);
  });
  return id;
}

identity judge(const identity_evidence& ev, const judgement_context& ctx) {
  identity id = summarize(ev, ctx);
  judge_status(ev, ctx, id);
  classify_risks(ev, ctx, id);
  return id;
}

}  // namespace nhi::detail
