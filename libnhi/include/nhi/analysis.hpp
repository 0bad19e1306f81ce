// SPDX-License-Identifier: Apache-2.0
// libnhi — structure-aware analysis: identity evidence from IaC, CI workflows,
// configuration files and cloud exports.
//
// Secrets are half of a non-human identity; the other half is the evidence
// around it: who owns it, when it was created, last used, when it expires,
// what it may do, where it is consumed. The analyzers read that evidence from
// the files where it lives and return plain values; the inventory merges them.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "nhi/export.hpp"
#include "nhi/scanner.hpp"
#include "nhi/status.hpp"

NHI_BEGIN_NAMESPACE

// Dates are ISO 8601 strings ("2024-03-01T12:00:00Z" or "2024-03-01"), empty
// when unknown. `expires_at` is "never" when the source says the credential
// does not expire (e.g. GCP validBeforeTime 9999-12-31).
struct identity_fact {
  std::string kind;       // user, role, group, access_key, service_account, service_account_key,
                          // app, service_principal, client_secret, certificate, k8s_secret,
                          // k8s_service_account_token, ...
  std::string provider;   // aws, gcp, azure, kubernetes, github, gitlab, docker, npm, ...
  std::string name;       // human-readable name (user name, SA email, app display name, ...)
  std::vector<std::string> external_ids;  // ids usable to match across sources (AKIA..., key id, ARN, appId)
  // Ids that name it only within its account, project, tenant or cluster
  // (analysis_result::account): "access_key:bob@2026-01-15T10:00:00Z" (an
  // IAM user's key by its creation time, as the credential report and
  // list-access-keys both state it), "serviceaccount:prod/billing". The
  // inventory joins facts on them once prefixed with the account; never a
  // file name or path.
  std::vector<std::string> scoped_ids;
  std::string parent;     // external id of the identity this credential belongs to, if any
  std::string status;     // active, inactive, disabled, expired, unknown
  std::string owner;      // who is responsible (tag, owners list, creator), empty if none
  std::string owner_source;  // where `owner` came from: "tag:owner", "azure:owners", ...
  std::string created_at;
  std::string last_used_at;
  std::string last_rotated_at;
  std::string expires_at;
  bool admin_equivalent = false;      // holds an admin-equivalent grant (see permissions)
  std::vector<std::string> permissions;  // summaries, e.g. "Action:* on Resource:*", "roles/owner"
  std::vector<std::string> trust;        // trust conditions, e.g. "oidc token.actions.githubusercontent.com sub=repo:org/x:*"
  bool interactive_use = false;       // a human-style use: console password enabled/used
  bool external_trust_without_condition = false;  // cross-account/OIDC trust lacking ExternalId / sub
  std::string environment;  // dev, test, staging, prod, or empty
  std::string service;      // service/application that consumes it, if known
  std::string namespace_;   // Kubernetes namespace, Terraform workspace, ...
  std::string path;         // file the evidence came from
  std::uint64_t line = 0;   // 1-based line in that file when known
  std::map<std::string, std::string> attributes;  // anything else worth keeping (no secrets!)
};

// A configuration weakness that is not a secret by itself, tied to an OWASP
// NHI category (e.g. a workflow that hands static AWS keys to a job: NHI6).
struct config_finding {
  std::string id;        // stable, e.g. "gha-static-cloud-keys", "k8s-cluster-admin-binding"
  std::string category;  // "NHI1".."NHI10"
  std::string message;   // what is wrong and what to do, for a person
  std::string subject;   // the identity it concerns (name or external id), if any
  std::string path;
  std::uint64_t line = 0;
  std::string environment;
  std::string severity;  // info, low, medium, high, critical
};

struct analysis_result {
  std::vector<identity_fact> identities;
  std::vector<config_finding> findings;
  std::string source_kind;  // for imports: the export kind read ("aws_access_keys"); else empty
  // For imports: the account the export lists ("aws:123456789012",
  // "gcp:my-project", "azure:<tenant id>", "kubernetes:<cluster>"), from the
  // export itself or import_options::account; empty when neither names it.
  std::string account;
  // For imports: what within the account the listing covers when it is not
  // the whole account ("user/bob" for list-access-keys); empty otherwise.
  std::string scope;
  // For imports: false when the export is one page of a longer listing
  // (NextToken, Marker, IsTruncated, nextPageToken, @odata.nextLink,
  // metadata.continue) or cannot say whose listing it is. The inventory
  // takes a credential missing from a complete listing as deleted, and from
  // an incomplete one as nothing.
  bool complete = true;
};

// analyze_file and import_export refuse content larger than this (64 MiB) as
// `unsupported`, before parsing. Their memory is bounded by what they build,
// not by bytes: past 2.5 M YAML nodes, 14 M JSON values or 300 000 facts and
// findings a file is `unsupported` too (under 2 GB in any shape; see
// docs/hardening.md, "Memory bound").
inline constexpr std::uint64_t max_analysis_bytes = std::uint64_t{64} << 20;

// Guesses the environment (dev, test, staging, prod) from a path, file name,
// namespace or workspace name; empty when nothing says.
NHI_API std::string infer_environment(std::string_view path_or_name);
// Guesses the consuming service from a path's directory layout
// ("services/billing/config/prod.env" -> "billing"); empty when unclear.
NHI_API std::string infer_service(std::string_view path);

// Analyses one IaC/configuration file (Kubernetes YAML, Terraform .tf/.tfvars/
// .tfstate, GitHub Actions / GitLab CI workflows, docker-compose, Dockerfile,
// .env, Helm values, kubeconfig, .npmrc, .pypirc, docker config.json, AWS
// credentials files). Files it does not recognise yield an empty result; a file
// it recognises but cannot parse yields a parse_error naming file and line.
NHI_API result<analysis_result> analyze_file(std::string_view path, std::string_view content);

// Runs analyze_file on every buffer a scan reads, in the same pass (each
// file or git blob is read once): add it to scan_options::detectors. It
// reports no secrets itself. A file it recognises but cannot parse becomes a
// diagnostic naming the file and line; the scan goes on. Git blobs that live
// only in history are skipped: their facts no longer hold.
class NHI_API structure_analyzer final : public detector {
 public:
  structure_analyzer();
  ~structure_analyzer() override;
  const std::string& name() const override;
  status detect(std::string_view data, const origin& where, std::vector<detection>& out) const override;
  // Everything collected so far, in a stable order (by path, then line); the
  // analyzer is empty afterwards. Facts one file leaves incomplete are joined
  // with another file of the scan here: a DBeaver login takes the host of its
  // connection in data-sources.json beside it, a Remmina profile's passwords
  // are decrypted (to fingerprint them) under the secret of remmina.pref.
  analysis_result take();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

enum class export_kind {
  detect,                     // decide from the content
  aws_credential_report,      // IAM credential report CSV
  aws_access_keys,            // aws iam list-access-keys JSON
  aws_authorization_details,  // aws iam get-account-authorization-details JSON
  gcp_service_accounts,       // gcloud iam service-accounts list --format=json
  gcp_service_account_keys,   // gcloud iam service-accounts keys list --format=json
  gcp_key_file,               // a service-account key JSON file
  azure_apps,                 // az ad app list
  azure_service_principals,   // az ad sp list
  kubernetes,                 // kubectl get sa,secrets,rolebindings,clusterrolebindings -A -o yaml|json
  gcp_iam_policy,             // gcloud projects get-iam-policy PROJECT --format=json
  azure_app_credentials,      // az ad app credential list --id APP [--cert]
  aws_ssh_public_keys,        // aws iam list-ssh-public-keys --user-name U
  aws_service_specific_credentials,  // aws iam list-service-specific-credentials --user-name U
  aws_access_key_last_used,   // aws iam get-access-key-last-used --access-key-id K (with import_options::key_id)
};

NHI_API const char* export_kind_name(export_kind k) noexcept;        // "aws_credential_report"
NHI_API bool parse_export_kind(std::string_view text, export_kind& out) noexcept;

struct import_options {
  export_kind kind = export_kind::detect;
  // The account the export comes from, for exports that do not name it
  // (list-access-keys, az ad app/sp list, az ad app credential list,
  // gcloud projects get-iam-policy, kubectl): "aws:123456789012",
  // "gcp:my-project", "azure:<tenant id>", "kubernetes:<cluster>". An export
  // that names another account than this one is an invalid_argument error.
  std::string account;
  // The credential an export is about when it names it nowhere: `aws iam
  // get-access-key-last-used` prints the user and the last use, not the key
  // id it was asked about. Required for that export, refused for others.
  std::string key_id;
};

// Parses one cloud export. A malformed export is a parse_error naming the file
// and the line or JSON path; nothing is returned from it then.
NHI_API result<analysis_result> import_export(std::string_view path, std::string_view content,
                                              export_kind kind = export_kind::detect);
NHI_API result<analysis_result> import_export(std::string_view path, std::string_view content,
                                              const import_options& options);

// Checks an account name as import_options::account takes it: a known
// provider, a colon, an id (12 digits for AWS). invalid_argument otherwise.
NHI_API status check_account(std::string_view account);

// A stable name for the account, kind and scope of an imported export, for
// the inventory's snapshot target: "aws:123456789012 aws_access_keys
// user/bob", "gcp:my-project gcp_service_account_keys", "azure:<tenant>
// azure_apps". Empty when the account is unknown: such an export cannot be
// recorded (its file name would stand for the account, and the same account
// saved in two folders would be two).
NHI_API std::string export_target(const analysis_result& imported);

NHI_END_NAMESPACE
