// SPDX-License-Identifier: Apache-2.0
// AWS IAM policy documents, as Terraform and `aws iam` exports carry them:
// what a permission policy grants and whom a trust policy lets in.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "analyze/common.hpp"
#include "analyze/json_util.hpp"

namespace nhi::detail {

struct policy_summary {
  bool admin_equivalent = false;  // Allow "*" (or "iam:*") on Resource "*"
  bool wildcard_action = false;   // Allow "*" on anything, or Allow NotAction
  std::vector<std::string> grants;  // "Action:* on Resource:*", one per broad statement
};

// Reads a permission policy (Statement as object or array; Action, NotAction,
// Resource as string or array). Unknown shapes grant nothing.
policy_summary summarize_policy(const json& document);

// The AWS managed policy that is admin-equivalent by definition.
bool is_admin_managed_policy_arn(std::string_view arn);

struct trust_issue {
  enum class type {
    oidc_without_sub,       // NHI6: any repository/workload of the issuer can assume the role
    oidc_wildcard_sub,      // NHI6: a sub condition of "*" is no condition
    cross_account_without_external_id,  // NHI3: confused-deputy exposure to another account
    public_principal,       // NHI3: Principal "*" without a condition
  };
  type kind;
  std::string principal;
};

struct trust_summary {
  std::vector<std::string> trust;  // "oidc token.actions.githubusercontent.com sub=repo:org/x:*", ...
  std::vector<trust_issue> issues;
};

// Reads an assume-role (trust) policy. `own_account` (12 digits, may be empty
// when unknown) tells same-account principals from cross-account ones.
trust_summary summarize_trust(const json& document, std::string_view own_account);

// "arn:aws:iam::123456789012:role/x" -> "123456789012"; empty when not an ARN.
std::string account_of_arn(std::string_view arn);

// The policy document in `value`: an object as is, a JSON string (plain or
// URL-encoded, as get-account-authorization-details may write it) parsed.
// Null when it is neither.
json policy_document_from(const json& value);

// The findings for a role's trust issues (NHI6 for OIDC, NHI3 for other
// accounts). `role` names it for a person; `subject` identifies it.
void report_trust_issues(const std::vector<trust_issue>& issues, const std::string& role,
                         const std::string& subject, const source_file& file, std::uint64_t line,
                         analysis_result& out);

// The NHI5 finding when `summary` is admin-equivalent or grants wildcard
// actions. `who` is e.g. "IAM role deployer", `via` the policy or resource
// (empty when the grants already say).
void report_broad_grant(const policy_summary& summary, const std::string& who, const std::string& via,
                        const std::string& subject, const source_file& file, std::uint64_t line,
                        analysis_result& out);

}  // namespace nhi::detail
