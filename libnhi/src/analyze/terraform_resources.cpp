// SPDX-License-Identifier: Apache-2.0
// The IAM resources of a Terraform model: identities (users, roles, service
// accounts, applications), their credentials (access keys, service-account
// keys, client secrets), what they are granted and whom they trust.
#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <tuple>

#include "analyze/iam_policy.hpp"
#include "analyze/terraform.hpp"
#include "nhi/finding.hpp"
#include "util/text.hpp"

namespace nhi::detail {
namespace {

std::string str(const json& attributes, std::string_view key) {
  const json* v = json_member(attributes, key);
  return v && v->is_string() ? v->get<std::string>() : std::string();
}

bool unresolved(const std::string& s) { return s.find("${") != std::string::npos; }

// A literal (already known) string attribute, or empty.
std::string literal(const json& attributes, std::string_view key) {
  std::string s = str(attributes, key);
  return unresolved(s) ? std::string() : s;
}

std::vector<std::string> strings(const json& attributes, std::string_view key) {
  std::vector<std::string> out;
  const json* v = json_member(attributes, key);
  if (!v) return out;
  if (v->is_string()) out.push_back(v->get<std::string>());
  if (v->is_array())
    for (const json& item : *v)
      if (item.is_string()) out.push_back(item.get<std::string>());
  return out;
}

struct tf_ref {
  std::string mode = "managed";
  std::string type, name, attribute;
};

// "${aws_iam_user.ci.name}", "${data.aws_iam_policy_document.x.json}",
// "${aws_iam_user.ci[0].arn}"; also the first such reference inside a
// template such as "serviceAccount:${google_service_account.x.email}".
std::optional<tf_ref> find_ref(const std::string& s) {
  const std::size_t open = s.find("${");
  if (open == std::string::npos) return std::nullopt;
  const std::size_t close = s.find('}', open);
  if (close == std::string::npos) return std::nullopt;
  std::string inner;
  int bracket = 0;
  for (char c : s.substr(open + 2, close - open - 2)) {  // drop [index] parts
    if (c == '[') ++bracket;
    else if (c == ']') --bracket;
    else if (bracket == 0) inner.push_back(c);
  }
  for (char c : inner)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.') return std::nullopt;
  std::vector<std::string> parts = split(inner, '.');
  tf_ref ref;
  if (!parts.empty() && parts[0] == "data") {
    ref.mode = "data";
    parts.erase(parts.begin());
  }
  if (parts.size() < 3) return std::nullopt;
  ref.type = parts[0];
  ref.name = parts[1];
  ref.attribute = parts[2];
  return ref;
}

// Go duration ("87600h", "2160h30m") in hours; -1 when unreadable.
double duration_hours(const std::string& d) {
  double hours = 0, number = 0;
  bool any = false, in_number = false;
  for (char c : d) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      number = number * 10 + (c - '0');
      in_number = any = true;
      continue;
    }
    if (!in_number) return -1;
    if (c == 'h') hours += number;
    else if (c == 'm') hours += number / 60;
    else if (c == 's') hours += number / 3600;
    else return -1;
    number = 0;
    in_number = false;
  }
  return any && !in_number ? hours : -1;
}

const char* aws_kind_label(const std::string& kind) {
  if (kind == "user") return "IAM user";
  if (kind == "role") return "IAM role";
  return "IAM group";
}

class tf_analysis {
 public:
  tf_analysis(const tf_model& model, const source_file& file, analysis_result& out)
      : model_(model), file_(file), out_(out) {}

  void run() {
    for (const tf_resource& r : model_.resources) {
      if (r.mode != "managed") continue;
      if (r.type == "aws_iam_user") aws_principal(r, "user");
      else if (r.type == "aws_iam_role") aws_principal(r, "role");
      else if (r.type == "aws_iam_group") aws_principal(r, "group");
      else if (r.type == "google_service_account") gcp_service_account(r);
      else if (r.type == "azuread_application") azure_identity(r, "app");
      else if (r.type == "azuread_service_principal") azure_identity(r, "service_principal");
    }
    for (const tf_resource& r : model_.resources) {
      if (r.mode != "managed") continue;
      if (r.type == "aws_iam_access_key") aws_access_key(r);
      else if (r.type == "google_service_account_key") gcp_key(r);
      else if (r.type == "azuread_application_password" || r.type == "azuread_service_principal_password")
        azure_credential(r, "client_secret");
      else if (r.type == "azuread_application_certificate" || r.type == "azuread_service_principal_certificate")
        azure_credential(r, "certificate");
    }
    for (const tf_resource& r : model_.resources) {
      if (r.mode != "managed") continue;
      if (r.type == "aws_iam_role") role_policies(r);
      else if (r.type == "aws_iam_user_policy") inline_policy(r, "user", "aws_iam_user");
      else if (r.type == "aws_iam_role_policy") inline_policy(r, "role", "aws_iam_role");
      else if (r.type == "aws_iam_group_policy") inline_policy(r, "group", "aws_iam_group");
      else if (r.type == "aws_iam_user_policy_attachment") attachment(r, "user", "aws_iam_user");
      else if (r.type == "aws_iam_role_policy_attachment") attachment(r, "role", "aws_iam_role");
      else if (r.type == "aws_iam_group_policy_attachment") attachment(r, "group", "aws_iam_group");
      else if (r.type == "aws_iam_policy_attachment") shared_attachment(r);
      else if (is_gcp_iam_grant(r.type)) gcp_grant(r);
    }
  }

 private:
  // ---- lookups -------------------------------------------------------------

  const tf_resource* find(const std::string& mode, const std::string& type, const std::string& name) const {
    for (const tf_resource& r : model_.resources)
      if (r.mode == mode && r.type == type && r.name == name) return &r;
    return nullptr;
  }

  const tf_resource* find_by(const std::string& type, std::string_view attribute, const std::string& value) const {
    if (value.empty()) return nullptr;
    for (const tf_resource& r : model_.resources)
      if (r.mode == "managed" && r.type == type && str(r.attributes, attribute) == value) return &r;
    return nullptr;
  }

  std::optional<std::size_t> fact_of(const tf_resource* r) const {
    if (!r) return std::nullopt;
    const auto it = facts_.find(r);
    if (it == facts_.end()) return std::nullopt;
    return it->second;
  }

  // The fact of the `type` resource a setting points at: by reference in
  // configuration, by name (or ARN/email) in state or for literal names.
  std::optional<std::size_t> target(const std::string& value, const std::string& type) const {
    if (const auto ref = find_ref(value); ref && ref->type == type) return fact_of(find(ref->mode, ref->type, ref->name));
    for (const char* key : {"name", "arn", "email", "id"})
      if (const tf_resource* r = find_by(type, key, value)) return fact_of(r);
    return std::nullopt;
  }

  std::uint64_t line_of(const tf_resource& r, const std::string& attribute) const {
    const auto it = r.attribute_lines.find(attribute);
    return it == r.attribute_lines.end() ? r.line : it->second;
  }

  // A fact for something granted or referenced but not declared in this file.
  std::size_t undeclared(const std::string& kind, const std::string& provider, const std::string& name,
                         std::uint64_t line) {
    for (std::size_t i = 0; i < out_.identities.size(); ++i)
      if (out_.identities[i].kind == kind && out_.identities[i].name == name) return i;
    identity_fact f = make_fact(kind, provider, name, file_, line);
    if (name.find('@') != std::string::npos || starts_with(name, "arn:")) f.external_ids.push_back(name);
    f.attributes["declared"] = "false";
    return push(std::move(f), nullptr);
  }

  std::size_t push(identity_fact f, const tf_resource* r) {
    if (r) {
      f.attributes["terraform_address"] = r->address;
      if (!model_.workspace.empty()) f.namespace_ = model_.workspace;
    }
    out_.identities.push_back(std::move(f));
    if (r) facts_[r] = out_.identities.size() - 1;
    return out_.identities.size() - 1;
  }

  void read_owner(const json& attributes, identity_fact& f) {
    const json* tags = json_member(attributes, "tags");
    if (!tags || !tags->is_object()) return;
    for (const char* wanted : {"owner", "team", "owner-email", "contact"})
      for (const auto& [key, value] : tags->items())
        if (iequals(key, wanted) && value.is_string() && f.owner.empty()) {
          f.owner = value.get<std::string>();
          f.owner_source = "tag:" + key;
        }
  }

  // ---- AWS -----------------------------------------------------------------

  json resolve_policy(const json& value, int depth = 0) const {
    if (depth > 3 || value.is_null()) return nullptr;
    if (value.is_string()) {
      if (const auto ref = find_ref(value.get<std::string>())) {
        const tf_resource* r = find(ref->mode, ref->type, ref->name);
        if (!r) return nullptr;
        if (ref->type == "aws_iam_policy_document") {
          const json* rendered = json_member(r->attributes, "json");
          if (rendered && rendered->is_string() && !unresolved(rendered->get<std::string>()))
            return policy_document_from(*rendered);
          return policy_from_statements(r->attributes);
        }
        if (ref->type == "aws_iam_policy" && ref->attribute == "policy") {
          const json* policy = json_member(r->attributes, "policy");
          return policy ? resolve_policy(*policy, depth + 1) : json(nullptr);
        }
        return nullptr;
      }
    }
    return policy_document_from(value);
  }

  // data "aws_iam_policy_document" blocks in IAM's own JSON shape.
  static json policy_from_statements(const json& attributes) {
    json doc = {{"Version", "2012-10-17"}, {"Statement", json::array()}};
    const json* statements = json_member(attributes, "statement");
    if (!statements || !statements->is_array()) return doc;
    for (const json& s : *statements) {
      if (!s.is_object()) continue;
      json out = {{"Effect", str(s, "effect").empty() ? "Allow" : str(s, "effect")}};
      static const std::pair<const char*, const char*> kLists[] = {
          {"actions", "Action"}, {"not_actions", "NotAction"}, {"resources", "Resource"}, {"not_resources", "NotResource"}};
      for (const auto& [from, to] : kLists)
        if (const json* v = json_member(s, from)) out[to] = *v;
      if (const json* principals = json_member(s, "principals"); principals && principals->is_array())
        for (const json& p : *principals)
          for (const std::string& id : strings(p, "identifiers")) out["Principal"][str(p, "type")].push_back(id);
      if (const json* conditions = json_member(s, "condition"); conditions && conditions->is_array())
        for (const json& c : *conditions)
          out["Condition"][str(c, "test")][str(c, "variable")] = strings(c, "values");
      doc["Statement"].push_back(std::move(out));
    }
    return doc;
  }

  void aws_principal(const tf_resource& r, const std::string& kind) {
    std::string name = literal(r.attributes, "name");
    if (name.empty()) name = r.address;
    identity_fact f = make_fact(kind, "aws", name, file_, r.line);
    for (const char* id : {"arn", "unique_id"})
      if (const std::string v = literal(r.attributes, id); !v.empty()) f.external_ids.push_back(v);
    f.created_at = literal(r.attributes, "create_date");
    read_owner(r.attributes, f);
    if (kind == "role") {
      if (const json* trust = json_member(r.attributes, "assume_role_policy"))
        read_trust(f, resolve_policy(*trust), r);
    }
    push(std::move(f), &r);
  }

  void read_trust(identity_fact& f, const json& document, const tf_resource& r) {
    if (document.is_null()) return;
    const trust_summary summary = summarize_trust(document, account_of_arn(literal(r.attributes, "arn")));
    f.trust = summary.trust;
    if (!summary.issues.empty()) f.external_trust_without_condition = true;
    report_trust_issues(summary.issues, "IAM role " + f.name, f.name, file_, line_of(r, "assume_role_policy"), out_);
  }

  void aws_access_key(const tf_resource& r) {
    const std::string user = str(r.attributes, "user");
    identity_fact f = make_fact("access_key", "aws", r.address, file_, r.line);
    if (const std::string id = literal(r.attributes, "id"); looks_like_aws_key_id(id)) {
      f.external_ids.push_back(id);
      f.name = id;
    }
    if (const auto owner = target(user, "aws_iam_user")) {
      const identity_fact& u = out_.identities[*owner];
      f.parent = u.external_ids.empty() ? u.name : u.external_ids.front();
    } else if (!unresolved(user)) {
      f.parent = user;
    }
    const std::string status = to_lower_ascii(literal(r.attributes, "status"));
    f.status = status.empty() ? (model_.from_state ? "active" : "") : status;
    f.created_at = literal(r.attributes, "create_date");
    f.attributes["user"] = user;
    // The state holds the secret beside its key id: its fingerprint (never
    // the value) pairs the scanner's finding of it with this key (issue 15:
    // it was a "Generic Secret" identity of its own).
    if (model_.from_state)
      if (const std::string secret = literal(r.attributes, "secret"); !secret.empty())
        f.attributes["fingerprint"] = fingerprint_of(secret);
    push(std::move(f), &r);
    if (!model_.from_state && str(r.attributes, "pgp_key").empty()) {
      add_finding(out_, "tf-access-key-secret-in-state", "NHI2", "medium",
                  r.address + " has no pgp_key, so its secret access key is written in plain text to the "
                  "Terraform state; encrypt it with pgp_key or issue keys outside Terraform (better: use "
                  "roles instead of access keys).",
                  r.address, file_, r.line);
    }
  }

  // Records that identity `index` is granted `summary` through `via`.
  void grant(std::size_t index, const policy_summary& summary, const std::string& label, const tf_resource& via,
             std::uint64_t line) {
    identity_fact& f = out_.identities[index];
    if (summary.grants.empty()) {
      f.permissions.push_back(label + " via " + via.address);
      return;
    }
    for (const std::string& g : summary.grants) f.permissions.push_back(g + " via " + via.address);
    f.admin_equivalent = f.admin_equivalent || summary.admin_equivalent;
    report_broad_grant(summary, std::string(aws_kind_label(f.kind)) + " " + f.name, via.address,
                       f.external_ids.empty() ? f.name : f.external_ids.front(), file_, line, out_);
  }

  policy_summary summary_for_arn(const std::string& arn, std::string& label) const {
    policy_summary s;
    label = arn;
    if (is_admin_managed_policy_arn(arn)) {
      s.admin_equivalent = true;
      s.grants.push_back("AdministratorAccess");
      return s;
    }
    const tf_resource* policy = nullptr;
    if (const auto ref = find_ref(arn); ref && ref->type == "aws_iam_policy") policy = find("managed", ref->type, ref->name);
    if (!policy) policy = find_by("aws_iam_policy", "arn", arn);
    if (!policy) return s;
    label = policy->address;
    if (const json* doc = json_member(policy->attributes, "policy")) s = summarize_policy(resolve_policy(*doc));
    return s;
  }

  std::size_t target_or_undeclared(const std::string& value, const std::string& kind, const std::string& type,
                                   std::uint64_t line) {
    if (const auto index = target(value, type)) return *index;
    return undeclared(kind, "aws", value, line);
  }

  void inline_policy(const tf_resource& r, const std::string& kind, const std::string& type) {
    const std::string who = str(r.attributes, kind);
    const json* doc = json_member(r.attributes, "policy");
    if (who.empty() || !doc) return;
    const std::size_t index = target_or_undeclared(who, kind, type, r.line);
    grant(index, summarize_policy(resolve_policy(*doc)), "inline policy", r, line_of(r, "policy"));
  }

  void attachment(const tf_resource& r, const std::string& kind, const std::string& type) {
    const std::string who = str(r.attributes, kind);
    const std::string arn = str(r.attributes, "policy_arn");
    if (who.empty() || arn.empty()) return;
    std::string label;
    const policy_summary s = summary_for_arn(arn, label);
    grant(target_or_undeclared(who, kind, type, r.line), s, label, r, line_of(r, "policy_arn"));
  }

  void shared_attachment(const tf_resource& r) {
    const std::string arn = str(r.attributes, "policy_arn");
    if (arn.empty()) return;
    std::string label;
    const policy_summary s = summary_for_arn(arn, label);
    for (const auto& [list, kind, type] : {std::tuple{"users", "user", "aws_iam_user"},
                                           std::tuple{"roles", "role", "aws_iam_role"},
                                           std::tuple{"groups", "group", "aws_iam_group"}})
      for (const std::string& who : strings(r.attributes, list))
        grant(target_or_undeclared(who, kind, type, r.line), s, label, r, line_of(r, "policy_arn"));
  }

  void role_policies(const tf_resource& r) {
    const auto index = fact_of(&r);
    if (!index) return;
    for (const std::string& arn : strings(r.attributes, "managed_policy_arns")) {
      std::string label;
      const policy_summary s = summary_for_arn(arn, label);
      grant(*index, s, label, r, line_of(r, "managed_policy_arns"));
    }
    if (const json* blocks = json_member(r.attributes, "inline_policy"); blocks && blocks->is_array())
      for (const json& b : *blocks)
        if (const json* doc = json_member(b, "policy"))
          grant(*index, summarize_policy(resolve_policy(*doc)), "inline policy " + str(b, "name"), r,
                line_of(r, "inline_policy"));
  }

  // ---- Google Cloud --------------------------------------------------------

  void gcp_service_account(const tf_resource& r) {
    std::string email = literal(r.attributes, "email");
    const std::string account_id = literal(r.attributes, "account_id");
    const std::string project = literal(r.attributes, "project");
    if (email.empty() && !account_id.empty() && !project.empty())
      email = account_id + "@" + project + ".iam.gserviceaccount.com";
    identity_fact f = make_fact("service_account", "gcp",
                                !email.empty() ? email : !account_id.empty() ? account_id : r.address, file_, r.line);
    if (!email.empty()) f.external_ids.push_back(email);
    if (const std::string id = literal(r.attributes, "unique_id"); !id.empty()) f.external_ids.push_back(id);
    if (const json* disabled = json_member(r.attributes, "disabled"); disabled && disabled->is_boolean())
      f.status = disabled->get<bool>() ? "disabled" : "active";
    if (const std::string d = literal(r.attributes, "display_name"); !d.empty()) f.attributes["display_name"] = d;
    if (!account_id.empty()) f.attributes["account_id"] = account_id;
    if (!project.empty()) f.attributes["project"] = project;
    push(std::move(f), &r);
  }

  std::string service_account_id(const std::string& value) const {
    if (const auto index = target(value, "google_service_account")) {
      const identity_fact& sa = out_.identities[*index];
      return sa.external_ids.empty() ? sa.name : sa.external_ids.front();
    }
    if (unresolved(value)) return {};
    // "projects/p/serviceAccounts/x@p.iam.gserviceaccount.com" -> the email.
    const std::size_t slash = value.rfind('/');
    return slash == std::string::npos ? value : value.substr(slash + 1);
  }

  void gcp_key(const tf_resource& r) {
    identity_fact f = make_fact("service_account_key", "gcp", r.address, file_, r.line);
    std::string key_name = literal(r.attributes, "name");
    if (key_name.empty()) key_name = literal(r.attributes, "id");
    if (const std::size_t k = key_name.find("/keys/"); k != std::string::npos) {
      f.external_ids.push_back(key_name.substr(k + 6));
      f.name = key_name.substr(k + 6);
    }
    f.parent = service_account_id(str(r.attributes, "service_account_id"));
    f.created_at = literal(r.attributes, "valid_after");
    f.expires_at = literal(r.attributes, "valid_before");
    if (starts_with(f.expires_at, "9999-12-31")) f.expires_at = "never";
    if (const std::string a = literal(r.attributes, "key_algorithm"); !a.empty()) f.attributes["key_algorithm"] = a;
    f.attributes["key_type"] = "USER_MANAGED";
    push(std::move(f), &r);
  }

  static bool is_gcp_iam_grant(const std::string& type) {
    for (const char* scope : {"google_project_iam_", "google_folder_iam_", "google_organization_iam_"})
      if (starts_with(type, scope) && (ends_with(type, "_member") || ends_with(type, "_binding"))) return true;
    return false;
  }

  void gcp_grant(const tf_resource& r) {
    const std::string role = str(r.attributes, "role");
    if (role.empty()) return;
    std::string scope = "project " + str(r.attributes, "project");
    if (starts_with(r.type, "google_folder")) scope = "folder " + str(r.attributes, "folder");
    if (starts_with(r.type, "google_organization")) scope = "organization " + str(r.attributes, "org_id");
    const bool primitive = role == "roles/owner" || role == "roles/editor";
    std::vector<std::string> members = strings(r.attributes, "members");
    for (const std::string& m : strings(r.attributes, "member")) members.push_back(m);
    for (const std::string& member : members) {
      if (!starts_with(member, "serviceAccount:")) continue;  // users and groups are people
      const std::string account = member.substr(15);
      std::size_t index;
      if (const auto declared = target(account, "google_service_account")) {
        index = *declared;
      } else {
        std::optional<std::size_t> by_email;
        for (std::size_t i = 0; i < out_.identities.size(); ++i)
          if (out_.identities[i].kind == "service_account" && out_.identities[i].name == account) by_email = i;
        index = by_email ? *by_email : undeclared("service_account", "gcp", account, r.line);
      }
      identity_fact& f = out_.identities[index];
      f.permissions.push_back(role + " on " + scope + " via " + r.address);
      if (!primitive) continue;
      f.admin_equivalent = true;
      add_finding(out_, "gcp-primitive-role-service-account", "NHI5", "high",
                  "Service account " + f.name + " holds " + role + " on " + scope + " through " + r.address +
                      "; primitive roles grant nearly every permission in the " + scope.substr(0, scope.find(' ')) +
                      ": grant predefined roles limited to what it uses.",
                  f.name, file_, line_of(r, "role"));
    }
  }

  // ---- Azure AD ------------------------------------------------------------

  void azure_identity(const tf_resource& r, const std::string& kind) {
    std::string name = literal(r.attributes, "display_name");
    if (name.empty()) name = r.address;
    identity_fact f = make_fact(kind, "azure", name, file_, r.line);
    for (const char* id : {"client_id", "application_id", "object_id"})
      if (const std::string v = literal(r.attributes, id); !v.empty() &&
          std::find(f.external_ids.begin(), f.external_ids.end(), v) == f.external_ids.end())
        f.external_ids.push_back(v);
    std::string owners;
    for (const std::string& o : strings(r.attributes, "owners"))
      if (!unresolved(o)) owners += (owners.empty() ? "" : ",") + o;
    if (!owners.empty()) {
      f.owner = owners;
      f.owner_source = "azure:owners";
    }
    if (kind == "service_principal") {
      for (const char* key : {"client_id", "application_id"})
        if (const auto app = target(str(r.attributes, key), "azuread_application")) {
          const identity_fact& a = out_.identities[*app];
          f.parent = a.external_ids.empty() ? a.name : a.external_ids.front();
        }
    }
    push(std::move(f), &r);
  }

  void azure_credential(const tf_resource& r, const std::string& kind) {
    std::string name = literal(r.attributes, "display_name");
    identity_fact f = make_fact(kind, "azure", name.empty() ? r.address : name, file_, r.line);
    if (const std::string key_id = literal(r.attributes, "key_id"); !key_id.empty()) f.external_ids.push_back(key_id);
    for (const char* key : {"application_id", "application_object_id", "service_principal_id"}) {
      const std::string value = str(r.attributes, key);
      if (value.empty()) continue;
      auto owner = target(value, "azuread_application");
      if (!owner) owner = target(value, "azuread_service_principal");
      if (owner) {
        const identity_fact& o = out_.identities[*owner];
        f.parent = o.external_ids.empty() ? o.name : o.external_ids.front();
      } else if (!unresolved(value)) {
        f.parent = value.substr(value.rfind('/') == std::string::npos ? 0 : value.rfind('/') + 1);
      }
    }
    f.created_at = literal(r.attributes, "start_date");
    f.expires_at = literal(r.attributes, "end_date");
    const std::string relative = literal(r.attributes, "end_date_relative");
    const bool has_end = json_member(r.attributes, "end_date") != nullptr;
    if (!relative.empty()) {
      f.attributes["end_date_relative"] = relative;
      const double hours = duration_hours(relative);
      if (hours >= 0) {
        const long days = static_cast<long>(hours / 24);
        f.attributes["validity_days"] = std::to_string(days);
        if (days > 730)
          add_finding(out_, "azure-secret-long-validity", "NHI7", "medium",
                      r.address + " issues a " + kind + " valid for " + std::to_string(days) +
                          " days (end_date_relative = " + relative +
                          "); keep credential lifetimes short (e.g. 90 days) and rotate automatically.",
                      f.name, file_, line_of(r, "end_date_relative"));
      }
    } else if (!has_end && !model_.from_state) {
      f.attributes["expiry"] = "provider default";
    }
    push(std::move(f), &r);
  }

  const tf_model& model_;
  const source_file& file_;
  analysis_result& out_;
  std::map<const tf_resource*, std::size_t> facts_;  // resource -> its fact in out_.identities
};

}  // namespace

void analyze_terraform_resources(const tf_model& model, const source_file& file, analysis_result& out) {
  tf_analysis(model, file, out).run();
}

}  // namespace nhi::detail
