// SPDX-License-Identifier: Apache-2.0
// Azure AD exports: `az ad app list` and `az ad sp list` (Microsoft Graph
// shapes). Each application or service principal is a fact; each password
// and certificate credential is a fact of its own, tied to the appId. The
// `hint` of a password credential (its first characters) is never kept.
#include "analyze/analyzers.hpp"
#include "util/text.hpp"

namespace nhi::detail {
namespace {

std::string owner_name(const json& owner) {
  if (owner.is_string()) return owner.get<std::string>();
  for (const char* key : {"userPrincipalName", "mail", "displayName", "id"})
    if (const json* v = json_member(owner, key); v && v->is_string()) return v->get<std::string>();
  return {};
}

void credentials(const json& entry, const std::string& path, const char* list, const char* kind,
                 const identity_fact& owner, const source_file& file, analysis_result& out) {
  const json* creds = optional_array(entry, list, path);
  if (!creds) return;
  for (std::size_t i = 0; i < creds->size(); ++i) {
    const std::string cpath = json_index_path(json_member_path(path, list), i);
    const json& c = (*creds)[i];
    expect_object(c, cpath);
    const std::string key_id = required_string(c, "keyId", cpath);
    std::string name = optional_string(c, "displayName", cpath);
    identity_fact f = make_fact(kind, "azure", name.empty() ? owner.name + " " + kind : name, file,
                                file.locator->line_of("\"" + key_id + "\""));
    f.external_ids.push_back(key_id);
    f.parent = owner.external_ids.front();
    f.created_at = optional_string(c, "startDateTime", cpath);
    f.expires_at = optional_string(c, "endDateTime", cpath);
    f.owner = owner.owner;
    f.owner_source = owner.owner_source;
    if (const std::string type = optional_string(c, "type", cpath); !type.empty()) f.attributes["type"] = type;
    f.attributes["app_display_name"] = owner.name;
    out.identities.push_back(std::move(f));
  }
}

void import_azure_entries(const json& doc, const source_file& file, const char* kind, analysis_result& out) {
  if (!doc.is_array()) json_shape_error("$", std::string("expected an array of ") + (std::string(kind) == "app" ? "applications" : "service principals"));
  for (std::size_t i = 0; i < doc.size(); ++i) {
    const std::string path = json_index_path("$", i);
    const json& entry = doc[i];
    expect_object(entry, path);
    const std::string app_id = required_string(entry, "appId", path);
    std::string name = optional_string(entry, "displayName", path);
    // A managed identity is a service principal Azure creates and rotates
    // the credentials of; no one holds a secret of it.
    const bool managed = std::string(kind) == "service_principal" &&
                         optional_string(entry, "servicePrincipalType", path) == "ManagedIdentity";
    identity_fact f = make_fact(managed ? "managed_identity" : kind, "azure", name.empty() ? app_id : name, file,
                                file.locator->line_of("\"" + app_id + "\""));
    f.external_ids.push_back(app_id);
    if (const std::string id = optional_string(entry, "id", path); !id.empty()) f.external_ids.push_back(id);
    f.created_at = optional_string(entry, "createdDateTime", path);
    f.status = optional_bool(entry, "accountEnabled", path, true) ? "active" : "disabled";
    if (const json* owners = optional_array(entry, "owners", path)) {
      for (const json& o : *owners)
        if (const std::string n = owner_name(o); !n.empty()) f.owner += (f.owner.empty() ? "" : ",") + n;
      if (!f.owner.empty()) f.owner_source = "azure:owners";
    }
    for (const auto& [field, attribute] : {std::pair{"servicePrincipalType", "service_principal_type"},
                                           std::pair{"appOwnerOrganizationId", "app_owner_organization_id"},
                                           std::pair{"signInAudience", "sign_in_audience"},
                                           std::pair{"publisherDomain", "publisher_domain"}})
      if (const json* v = json_member(entry, field); v && v->is_string()) f.attributes[attribute] = v->get<std::string>();
    for (const char* list : {"federatedIdentityCredentials", "federatedCredentials"}) {
      const json* federated = optional_array(entry, list, path);
      if (!federated) continue;
      for (std::size_t k = 0; k < federated->size(); ++k) {
        const std::string fpath = json_index_path(json_member_path(path, list), k);
        expect_object((*federated)[k], fpath);
        f.trust.push_back("oidc " + optional_string((*federated)[k], "issuer", fpath) +
                          " sub=" + optional_string((*federated)[k], "subject", fpath));
      }
    }
    // OWASP NHI4's own examples: tokens handed out through the implicit
    // grant, and public-client flows that need no secret (issue 15 item 11).
    if (const json* web = json_member(entry, "web"); web && web->is_object())
      if (const json* grant = json_member(*web, "implicitGrantSettings"); grant && grant->is_object())
        if (optional_bool(*grant, "enableAccessTokenIssuance", json_member_path(json_member_path(path, "web"), "implicitGrantSettings"), false)) {
          f.attributes["implicit_grant_access_tokens"] = "true";
          add_finding(out, "azure-implicit-grant-access-tokens", "NHI4", "high",
                      "App " + f.name + " issues access tokens through the OAuth implicit grant, which returns them "
                      "in the browser's URL; turn enableAccessTokenIssuance off and use the authorization code flow "
                      "with PKCE.",
                      app_id, file, f.line);
        }
    if (optional_bool(entry, "isFallbackPublicClient", path, false)) {
      f.attributes["public_client"] = "true";
      add_finding(out, "azure-public-client", "NHI4", "medium",
                  "App " + f.name + " allows public client flows (isFallbackPublicClient): tokens for it can be "
                  "had with a user's password or a device code and no client credential; turn it off unless a "
                  "native app needs it.",
                  app_id, file, f.line);
    }
    credentials(entry, path, "passwordCredentials", "client_secret", f, file, out);
    if (managed) f.attributes["managed_credentials"] = "true";  // Azure's own certificates
    else credentials(entry, path, "keyCredentials", "certificate", f, file, out);
    out.identities.push_back(std::move(f));
  }
}

}  // namespace

// `az ad app credential list --id APP` prints the app's password
// credentials (with --cert, its key credentials) as a bare list that names
// no app: each joins the app listing's record of it by keyId. A listing of
// an app it cannot name can say nothing of what is missing: incomplete.
void import_azure_app_credentials(const json& doc, const source_file& file, analysis_result& out) {
  if (!doc.is_array()) json_shape_error("$", "expected an array of credentials");
  out.complete = false;
  for (std::size_t i = 0; i < doc.size(); ++i) {
    const std::string path = json_index_path("$", i);
    const json& c = doc[i];
    expect_object(c, path);
    const std::string key_id = required_string(c, "keyId", path);
    const bool certificate = !optional_string(c, "type", path).empty() || json_member(c, "usage");
    const char* kind = certificate ? "certificate" : "client_secret";
    const std::string name = optional_string(c, "displayName", path);
    identity_fact f = make_fact(kind, "azure", name.empty() ? std::string(kind) + " " + key_id : name, file,
                                file.locator->line_of("\"" + key_id + "\""));
    f.external_ids.push_back(key_id);
    f.created_at = optional_string(c, "startDateTime", path);
    f.expires_at = optional_string(c, "endDateTime", path);
    if (const std::string type = optional_string(c, "type", path); !type.empty()) f.attributes["type"] = type;
    // `hint` (a secret's first characters) and `secretText` are never kept.
    out.identities.push_back(std::move(f));
  }
}

void import_azure_apps(const json& doc, const source_file& file, analysis_result& out) {
  import_azure_entries(doc, file, "app", out);
}

void import_azure_service_principals(const json& doc, const source_file& file, analysis_result& out) {
  import_azure_entries(doc, file, "service_principal", out);
}

}  // namespace nhi::detail
