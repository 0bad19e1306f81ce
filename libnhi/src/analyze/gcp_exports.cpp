// SPDX-License-Identifier: Apache-2.0
// Google Cloud exports: `gcloud iam service-accounts list --format=json`,
// `gcloud iam service-accounts keys list --format=json`, service-account key
// files (of which only the ids and the private key's fingerprint are kept,
// never private_key), and `gcloud projects get-iam-policy --format=json`.
#include <map>
#include <set>

#include "analyze/analyzers.hpp"
#include "nhi/finding.hpp"
#include "util/text.hpp"

namespace nhi::detail {
namespace {

// "x@my-project.iam.gserviceaccount.com" -> "my-project".
std::string project_of_email(const std::string& email) {
  const std::size_t at = email.find('@');
  const std::size_t dot = email.find(".iam.gserviceaccount.com");
  if (at == std::string::npos || dot == std::string::npos || dot < at) return {};
  return email.substr(at + 1, dot - at - 1);
}

}  // namespace

void import_gcp_service_accounts(const json& doc, const source_file& file, analysis_result& out) {
  if (!doc.is_array()) json_shape_error("$", "expected an array of service accounts");
  for (std::size_t i = 0; i < doc.size(); ++i) {
    const std::string path = json_index_path("$", i);
    const json& sa = doc[i];
    expect_object(sa, path);
    const std::string email = required_string(sa, "email", path);
    identity_fact f = make_fact("service_account", "gcp", email, file, file.locator->line_of("\"" + email + "\""));
    f.external_ids.push_back(email);
    if (const std::string id = optional_string(sa, "uniqueId", path); !id.empty()) f.external_ids.push_back(id);
    f.status = optional_bool(sa, "disabled", path, false) ? "disabled" : "active";
    std::string project = optional_string(sa, "projectId", path);
    if (project.empty()) project = project_of_email(email);
    if (!project.empty()) f.attributes["project"] = project;
    for (const auto& [key, attribute] : {std::pair{"displayName", "display_name"}, std::pair{"description", "description"}})
      if (const std::string v = optional_string(sa, key, path); !v.empty()) f.attributes[attribute] = v;
    out.identities.push_back(std::move(f));
  }
}

void import_gcp_service_account_keys(const json& doc, const source_file& file, analysis_result& out) {
  if (!doc.is_array()) json_shape_error("$", "expected an array of service-account keys");
  // `keys list --iam-account X` lists X's keys: a complete listing of that
  // account's keys, not of the project's (another account's list must not
  // end them); an empty list names no account.
  std::set<std::string> accounts;
  for (std::size_t i = 0; i < doc.size(); ++i) {
    const std::string path = json_index_path("$", i);
    const json& key = doc[i];
    expect_object(key, path);
    // projects/<project>/serviceAccounts/<email>/keys/<key id>
    const std::string name = required_string(key, "name", path);
    const std::size_t keys_at = name.find("/keys/");
    const std::size_t account_at = name.find("serviceAccounts/");
    if (keys_at == std::string::npos || account_at == std::string::npos || account_at > keys_at)
      json_shape_error(json_member_path(path, "name"), "expected projects/<project>/serviceAccounts/<email>/keys/<id>");
    const std::string key_id = name.substr(keys_at + 6);
    identity_fact f = make_fact("service_account_key", "gcp", key_id, file, file.locator->line_of(key_id));
    f.external_ids.push_back(key_id);
    f.parent = name.substr(account_at + 16, keys_at - account_at - 16);
    accounts.insert(f.parent);
    std::string project;
    if (starts_with(name, "projects/") && account_at > 9) project = name.substr(9, account_at - 10);
    if (project.empty() || project == "-") project = project_of_email(f.parent);
    if (!project.empty()) f.attributes["project"] = project;
    f.created_at = optional_string(key, "validAfterTime", path);
    f.expires_at = optional_string(key, "validBeforeTime", path);
    if (starts_with(f.expires_at, "9999-12-31")) f.expires_at = "never";
    f.status = optional_bool(key, "disabled", path, false) ? "disabled" : "active";
    // Google disables a key it finds published and says so (issue 15 item 11).
    std::string exposed;
    if (const std::string reason = optional_string(key, "disableReason", path); reason.find("EXPOSED") != std::string::npos)
      exposed = reason;
    if (const json* extended = optional_array(key, "extendedStatus", path))
      for (std::size_t e = 0; e < extended->size(); ++e) {
        const std::string epath = json_index_path(json_member_path(path, "extendedStatus"), e);
        expect_object((*extended)[e], epath);
        if (optional_string((*extended)[e], "key", epath) == "SERVICE_ACCOUNT_KEY_EXPOSED") {
          const std::string where = optional_string((*extended)[e], "value", epath);
          exposed = where.empty() ? "SERVICE_ACCOUNT_KEY_EXPOSED" : "exposed at " + where;
        }
      }
    if (!exposed.empty()) {
      f.attributes["exposed"] = exposed;
      add_finding(out, "gcp-key-exposed", "NHI2", "critical",
                  "Google found key " + key_id + " of " + f.parent + " exposed publicly (" + exposed +
                      "); delete it, find where it leaked, and use workload identity instead of keys.",
                  key_id, file, f.line);
    }
    for (const auto& [field, attribute] : {std::pair{"keyType", "key_type"}, std::pair{"keyAlgorithm", "key_algorithm"},
                                           std::pair{"keyOrigin", "key_origin"}})
      if (const std::string v = optional_string(key, field, path); !v.empty()) f.attributes[attribute] = v;
    out.identities.push_back(std::move(f));
  }
  if (accounts.empty()) out.complete = false;
  for (const std::string& a : accounts) out.scope += (out.scope.empty() ? "service_account/" : ",") + a;
}

void import_gcp_key_file(const json& doc, const source_file& file, analysis_result& out) {
  expect_object(doc, "$");
  if (optional_string(doc, "type", "$") != "service_account")
    json_shape_error("$.type", "expected \"service_account\"");
  const std::string key_id = required_string(doc, "private_key_id", "$");
  identity_fact f = make_fact("service_account_key", "gcp", key_id, file, file.locator->line_of(key_id));
  f.external_ids.push_back(key_id);
  f.parent = required_string(doc, "client_email", "$");
  f.attributes["key_type"] = "USER_MANAGED";
  f.attributes["source"] = "key_file";
  // The private key is what a scan reports the file for (the PEM rule's
  // match): its fingerprint, never the key, makes that finding and this
  // key id one identity.
  if (const std::string pem = trim(optional_string(doc, "private_key", "$")); !pem.empty())
    f.attributes["fingerprint"] = fingerprint_of(pem);
  for (const auto& [field, attribute] : {std::pair{"project_id", "project"}, std::pair{"client_id", "client_id"}})
    if (const std::string v = optional_string(doc, field, "$"); !v.empty()) f.attributes[attribute] = v;
  out.identities.push_back(std::move(f));
}

}  // namespace nhi::detail

namespace nhi::detail {
namespace {

// Basic roles and the roles that can grant any other: admin-equivalent on
// the project (OWASP NHI5 names roles/owner and roles/editor).
bool is_admin_role(const std::string& role) {
  static const char* const kAdmin[] = {"roles/owner", "roles/editor", "roles/iam.securityAdmin",
                                       "roles/resourcemanager.projectIamAdmin"};
  for (const char* a : kAdmin)
    if (role == a) return true;
  return false;
}

}  // namespace

// `gcloud projects get-iam-policy PROJECT --format=json`: the project's
// bindings, which name no project. One fact per service account and per
// user member, with the roles bound to it; groups, domains and allUsers sign
// nothing in themselves, and deleted: members are gone.
void import_gcp_iam_policy(const json& doc, const source_file& file, analysis_result& out) {
  expect_object(doc, "$");
  const json& bindings = required_array(doc, "bindings", "$");
  std::map<std::string, std::size_t> index;  // member -> position in out.identities
  for (std::size_t i = 0; i < bindings.size(); ++i) {
    const std::string path = json_index_path("$.bindings", i);
    expect_object(bindings[i], path);
    const std::string role = required_string(bindings[i], "role", path);
    const json& members = required_array(bindings[i], "members", path);
    std::string condition;
    if (const json* c = json_member(bindings[i], "condition"); c && c->is_object())
      condition = optional_string(*c, "title", json_member_path(path, "condition"));
    for (std::size_t m = 0; m < members.size(); ++m) {
      const std::string mpath = json_index_path(json_member_path(path, "members"), m);
      if (!members[m].is_string()) json_shape_error(mpath, "expected a string");
      const std::string who = members[m].get<std::string>();
      const std::size_t colon = who.find(':');
      const std::string type = colon == std::string::npos ? who : who.substr(0, colon);
      if (type != "serviceAccount" && type != "user") continue;
      const std::string email = who.substr(colon + 1);
      auto it = index.find(who);
      if (it == index.end()) {
        identity_fact f = make_fact(type == "user" ? "user" : "service_account", "gcp", email, file,
                                    file.locator->line_of("\"" + who + "\""));
        f.external_ids.push_back(email);
        f.attributes["member"] = type;
        it = index.emplace(who, out.identities.size()).first;
        out.identities.push_back(std::move(f));
      }
      identity_fact& f = out.identities[it->second];
      f.permissions.push_back(role + " on the project" + (condition.empty() ? "" : " if " + condition));
      if (is_admin_role(role) && condition.empty()) f.admin_equivalent = true;
    }
  }
}

}  // namespace nhi::detail
