// SPDX-License-Identifier: Apache-2.0
// import_export: detects which cloud export a file is (from its content, not
// its name) and hands it to the matching reader.
#include <array>

#include "analyze/analyzers.hpp"
#include "analyze/entry.hpp"
#include "util/text.hpp"

namespace nhi::detail {
namespace {

constexpr std::array<std::pair<export_kind, const char*>, 15> kKindNames = {{
    {export_kind::detect, "detect"},
    {export_kind::aws_credential_report, "aws_credential_report"},
    {export_kind::aws_access_keys, "aws_access_keys"},
    {export_kind::aws_authorization_details, "aws_authorization_details"},
    {export_kind::gcp_service_accounts, "gcp_service_accounts"},
    {export_kind::gcp_service_account_keys, "gcp_service_account_keys"},
    {export_kind::gcp_key_file, "gcp_key_file"},
    {export_kind::azure_apps, "azure_apps"},
    {export_kind::azure_service_principals, "azure_service_principals"},
    {export_kind::kubernetes, "kubernetes"},
    {export_kind::gcp_iam_policy, "gcp_iam_policy"},
    {export_kind::azure_app_credentials, "azure_app_credentials"},
    {export_kind::aws_ssh_public_keys, "aws_ssh_public_keys"},
    {export_kind::aws_service_specific_credentials, "aws_service_specific_credentials"},
    {export_kind::aws_access_key_last_used, "aws_access_key_last_used"},
}};

std::string_view without_bom(std::string_view s) { return starts_with(s, "\xEF\xBB\xBF") ? s.substr(3) : s; }

bool is_credential_report_csv(std::string_view content) {
  return starts_with(without_bom(content), "user,arn,user_creation_time");
}

bool has(const json& object, const char* key) { return object.is_object() && object.contains(key); }

// The kind of a JSON export from its shape; `detect` when it is none we know.
export_kind kind_of_json(const json& doc) {
  if (doc.is_object()) {
    if (has(doc, "AccessKeyMetadata")) return export_kind::aws_access_keys;
    if (has(doc, "SSHPublicKeys")) return export_kind::aws_ssh_public_keys;
    if (has(doc, "ServiceSpecificCredentials")) return export_kind::aws_service_specific_credentials;
    if (has(doc, "AccessKeyLastUsed")) return export_kind::aws_access_key_last_used;
    for (const char* key : {"UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"})
      if (has(doc, key)) return export_kind::aws_authorization_details;
    // list-users / list-roles: the same principals without their policies.
    for (const char* key : {"Users", "Roles"})
      if (const json* list = json_member(doc, key); list && list->is_array() &&
          (list->empty() || (list->front().is_object() && list->front().contains("Arn"))))
        return export_kind::aws_authorization_details;
    if (has(doc, "Content") && has(doc, "ReportFormat")) return export_kind::aws_credential_report;
    if (doc.value("type", json()) == "service_account") return export_kind::gcp_key_file;
    if (const json* b = json_member(doc, "bindings"); b && b->is_array() && (has(doc, "etag") || has(doc, "version")))
      return export_kind::gcp_iam_policy;
    if (has(doc, "apiVersion") && has(doc, "kind")) return export_kind::kubernetes;
    return export_kind::detect;
  }
  if (!doc.is_array() || doc.empty() || !doc.front().is_object()) return export_kind::detect;
  const json& first = doc.front();
  if (has(first, "servicePrincipalType") || has(first, "servicePrincipalNames")) return export_kind::azure_service_principals;
  if (has(first, "appId")) return export_kind::azure_apps;
  // az ad app credential list: credentials without their app.
  if (has(first, "keyId") && (has(first, "endDateTime") || has(first, "startDateTime")))
    return export_kind::azure_app_credentials;
  if (first.value("name", json()).is_string() && first["name"].get<std::string>().find("/keys/") != std::string::npos)
    return export_kind::gcp_service_account_keys;
  if (has(first, "email")) return export_kind::gcp_service_accounts;
  return export_kind::detect;
}

// `aws iam get-credential-report` wraps the CSV, base64-encoded, in JSON.
std::string unwrap_credential_report(const json& doc) {
  const std::string encoded = optional_string(doc, "Content", "$");
  std::string csv;
  if (!base64_decode(encoded, csv)) json_shape_error("$.Content", "expected the base64-encoded CSV report");
  return csv;
}

void import_json(export_kind kind, const json& doc, const source_file& file, const import_options& options,
                 analysis_result& out) {
  switch (kind) {
    case export_kind::aws_ssh_public_keys: import_aws_user_credentials(doc, file, true, out); return;
    case export_kind::aws_service_specific_credentials: import_aws_user_credentials(doc, file, false, out); return;
    case export_kind::aws_access_key_last_used: import_aws_access_key_last_used(doc, file, options.key_id, out); return;
    case export_kind::aws_access_keys: import_aws_access_keys(doc, file, out); return;
    case export_kind::aws_authorization_details: import_aws_authorization_details(doc, file, out); return;
    case export_kind::gcp_service_accounts: import_gcp_service_accounts(doc, file, out); return;
    case export_kind::gcp_service_account_keys: import_gcp_service_account_keys(doc, file, out); return;
    case export_kind::gcp_key_file: import_gcp_key_file(doc, file, out); return;
    case export_kind::azure_apps: import_azure_apps(doc, file, out); return;
    case export_kind::azure_service_principals: import_azure_service_principals(doc, file, out); return;
    case export_kind::azure_app_credentials: import_azure_app_credentials(doc, file, out); return;
    case export_kind::gcp_iam_policy: import_gcp_iam_policy(doc, file, out); return;
    default: return;
  }
}

// True when a JSON export says it is one page of a longer listing: the AWS
// CLI's NextToken (--max-items), the IAM API's Marker / IsTruncated, Google
// APIs' nextPageToken, Microsoft Graph's @odata.nextLink, a Kubernetes
// list's metadata.continue.
bool is_page(const json& doc) {
  if (!doc.is_object()) return false;
  auto non_empty = [](const json* v) { return v && v->is_string() && !v->get<std::string>().empty(); };
  for (const char* key : {"NextToken", "Marker", "nextPageToken", "@odata.nextLink"})
    if (non_empty(json_member(doc, key))) return true;
  if (const json* t = json_member(doc, "IsTruncated"); t && ((t->is_boolean() && t->get<bool>()) || *t == "true"))
    return true;
  if (const json* meta = json_member(doc, "metadata"); meta && meta->is_object())
    if (non_empty(json_member(*meta, "continue"))) return true;
  return false;
}

// `kind` becomes the kind the content was read as.
void import_any(export_kind& kind, const source_file& file, const import_options& options, analysis_result& out) {
  const bool is_json = looks_like_json(file.content);
  if (kind == export_kind::kubernetes) {
    analyze_kubernetes(file, k8s_origin::cluster_export, out);
    return;
  }
  if (kind == export_kind::aws_credential_report && !is_json) {
    import_aws_credential_report(file, out);
    return;
  }
  if (kind == export_kind::detect && !is_json) {
    if (is_credential_report_csv(file.content)) {
      kind = export_kind::aws_credential_report;
      return import_aws_credential_report(file, out);
    }
    // kubectl -o yaml
    const std::string_view head = file.content.substr(0, 4096);
    if (head.find("apiVersion:") != std::string_view::npos && head.find("kind:") != std::string_view::npos) {
      kind = export_kind::kubernetes;
      return analyze_kubernetes(file, k8s_origin::cluster_export, out);
    }
    throw parse_failure("unknown export: neither JSON, a Kubernetes list nor an IAM credential report", 1);
  }
  if (!is_json) throw parse_failure(std::string("expected a JSON ") + export_kind_name(kind) + " export", 1);
  json doc = parse_json(file.content);
  if (is_page(doc)) out.complete = false;
  // Microsoft Graph's own responses wrap the list az prints bare:
  // {"@odata.context": ..., "value": [...]} (issue 15 item 12).
  if (doc.is_object() && (doc.contains("@odata.context") || kind == export_kind::azure_apps ||
                          kind == export_kind::azure_service_principals))
    if (const json* value = json_member(doc, "value"); value && value->is_array()) {
      json list = std::move(doc["value"]);
      doc = std::move(list);
    }
  if (kind == export_kind::detect) {
    kind = kind_of_json(doc);
    if (kind == export_kind::detect) {
      if (doc.is_array() && doc.empty()) return;  // an export of nothing
      throw parse_failure("unknown export: the JSON matches no supported cloud export (see docs/analysis.md)", 0);
    }
    if (kind == export_kind::kubernetes) {
      doc = json();  // the YAML reader builds its own tree: not both at once
      return analyze_kubernetes(file, k8s_origin::cluster_export, out);
    }
  }
  if (kind == export_kind::aws_credential_report) {
    const std::string csv = unwrap_credential_report(doc);
    analysis_result report;
    import_aws_credential_report(source_file{file.path, csv}, report);
    for (identity_fact& f : report.identities) out.identities.push_back(std::move(f));
    for (config_finding& f : report.findings) out.findings.push_back(std::move(f));
    return;
  }
  import_json(kind, doc, file, options, out);
}

}  // namespace
}  // namespace nhi::detail

NHI_BEGIN_NAMESPACE

const char* export_kind_name(export_kind k) noexcept {
  for (const auto& [kind, name] : detail::kKindNames)
    if (kind == k) return name;
  return "unknown";
}

bool parse_export_kind(std::string_view text, export_kind& out) noexcept {
  std::string normalized(text);
  for (char& c : normalized) c = c == '-' ? '_' : static_cast<char>(detail::ascii_lower(static_cast<unsigned char>(c)));
  for (const auto& [kind, name] : detail::kKindNames)
    if (normalized == name) {
      out = kind;
      return true;
    }
  return false;
}

namespace {

// "arn:aws:iam::123456789012:user/x" -> "123456789012"
std::string aws_account_of(const std::string& id) {
  static const std::string kPrefix = "arn:aws:iam::";
  if (id.compare(0, kPrefix.size(), kPrefix) != 0) return {};
  const std::size_t end = id.find(':', kPrefix.size());
  return end == std::string::npos ? std::string() : id.substr(kPrefix.size(), end - kPrefix.size());
}

const char* provider_of_kind(export_kind k) {
  switch (k) {
    case export_kind::aws_credential_report:
    case export_kind::aws_access_keys:
    case export_kind::aws_authorization_details:
    case export_kind::aws_ssh_public_keys:
    case export_kind::aws_service_specific_credentials:
    case export_kind::aws_access_key_last_used: return "aws";
    case export_kind::gcp_service_accounts:
    case export_kind::gcp_service_account_keys:
    case export_kind::gcp_key_file:
    case export_kind::gcp_iam_policy: return "gcp";
    case export_kind::azure_apps:
    case export_kind::azure_service_principals:
    case export_kind::azure_app_credentials: return "azure";
    case export_kind::kubernetes: return "kubernetes";
    default: return "";
  }
}

// The account the export names itself: the account of its IAM ARNs, the
// project of its GCP records. Azure and Kubernetes listings name none (the
// tenant that owns an app or service principal is not the tenant listed).
std::string account_in_export(const analysis_result& r, const std::string& provider) {
  for (const identity_fact& f : r.identities) {
    if (provider == "aws" && f.provider == "aws") {
      for (const std::string& id : f.external_ids)
        if (std::string a = aws_account_of(id); !a.empty()) return "aws:" + a;
      if (std::string a = aws_account_of(f.parent); !a.empty()) return "aws:" + a;
    } else if (provider == "gcp" && f.provider == "gcp") {
      auto it = f.attributes.find("project");
      if (it != f.attributes.end() && !it->second.empty()) return "gcp:" + it->second;
    }
  }
  return {};
}

}  // namespace

status check_account(std::string_view account) {
  const std::size_t colon = account.find(':');
  const std::string provider(colon == std::string_view::npos ? std::string_view() : account.substr(0, colon));
  const std::string id(colon == std::string_view::npos ? std::string_view() : account.substr(colon + 1));
  const bool known = provider == "aws" || provider == "gcp" || provider == "azure" || provider == "kubernetes";
  if (!known || id.empty() || id.find_first_of(" \t\r\n") != std::string::npos)
    return status(errc::invalid_argument, "account '" + std::string(account) +
                                              "' is not PROVIDER:ID (aws:123456789012, gcp:my-project, "
                                              "azure:<tenant id>, kubernetes:<cluster>)");
  if (provider == "aws" && (id.size() != 12 || id.find_first_not_of("0123456789") != std::string::npos))
    return status(errc::invalid_argument, "account '" + std::string(account) + "': an AWS account id is 12 digits");
  return status::ok();
}

result<analysis_result> import_export(std::string_view path, std::string_view content, export_kind kind) {
  import_options options;
  options.kind = kind;
  return import_export(path, content, options);
}

result<analysis_result> import_export(std::string_view path, std::string_view content, const import_options& options) {
  return detail::import_export_in_context(path, content, options, false);
}

NHI_END_NAMESPACE

namespace nhi::detail {

result<analysis_result> import_export_in_context(std::string_view path, std::string_view content,
                                                 const import_options& options, bool context_from_path) {
  if (!options.account.empty())
    if (status s = check_account(options.account); !s) return s;
  export_kind kind = options.kind;
  auto r = run_guarded(path, content, [&](const source_file& file, analysis_result& out) {
    import_any(kind, file, options, out);
    out.source_kind = export_kind_name(kind);
  }, context_from_path);
  if (!r) return r;
  analysis_result& out = r.value();
  const std::string provider = provider_of_kind(kind);
  out.account = account_in_export(out, provider);
  if (!options.account.empty()) {
    const std::string given_provider = options.account.substr(0, options.account.find(':'));
    if (!provider.empty() && given_provider != provider)
      return status(errc::invalid_argument,
                    "this " + provider + " export cannot come from account " + options.account, std::string(path));
    if (!out.account.empty() && out.account != options.account)
      return status(errc::invalid_argument, "the export lists account " + out.account + ", not " + options.account,
                    std::string(path));
    out.account = options.account;
  }
  // A cluster's ids are its own: every cluster has a default/default service
  // account. Qualified by the cluster the export was taken from, they join
  // within it (bindings, tokens, findings) and never across clusters.
  if (kind == export_kind::kubernetes && !out.account.empty()) {
    auto qualify = [&out](std::string& id) {
      if (starts_with(id, "system:serviceaccount:") || starts_with(id, "kubernetes:secret:")) id = out.account + "/" + id;
    };
    for (identity_fact& f : out.identities) {
      for (std::string& e : f.external_ids) qualify(e);
      qualify(f.parent);
    }
    for (config_finding& c : out.findings) qualify(c.subject);
  }
  if (!options.key_id.empty() && kind != export_kind::aws_access_key_last_used)
    return status(errc::invalid_argument,
                  "a key id is only for get-access-key-last-used output, not for this " + provider + " " +
                      export_kind_name(kind) + " export",
                  std::string(path));
  // list-access-keys and the other per-user listings name users, not their
  // account: with the account known, the parent becomes the user's ARN, as
  // the other exports name it (but without the user's IAM path, which they
  // do not print).
  const bool per_user = kind == export_kind::aws_access_keys || kind == export_kind::aws_ssh_public_keys ||
                        kind == export_kind::aws_service_specific_credentials ||
                        kind == export_kind::aws_access_key_last_used;
  if (per_user && starts_with(out.account, "aws:"))
    for (identity_fact& f : out.identities)
      if (!f.parent.empty() && !starts_with(f.parent, "arn:"))
        f.parent = "arn:aws:iam::" + out.account.substr(4) + ":user/" + f.parent;
  return r;
}

}  // namespace nhi::detail

NHI_BEGIN_NAMESPACE

std::string export_target(const analysis_result& r) {
  if (r.account.empty()) return {};
  std::string target = r.account + " " + (r.source_kind.empty() ? std::string("export") : r.source_kind);
  if (!r.scope.empty()) target += " " + r.scope;
  return target;
}

NHI_END_NAMESPACE
