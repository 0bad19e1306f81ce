// SPDX-License-Identifier: Apache-2.0
#include "analyze/iam_policy.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "analyze/common.hpp"
#include "util/text.hpp"

namespace nhi::detail {
namespace {

std::vector<std::string> string_list(const json* value) {
  std::vector<std::string> out;
  if (!value) return out;
  if (value->is_string()) out.push_back(value->get<std::string>());
  if (value->is_array())
    for (const json& v : *value)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

std::vector<const json*> statements(const json& document) {
  std::vector<const json*> out;
  const json* s = json_member(document, "Statement");
  if (!s) return out;
  if (s->is_object()) out.push_back(s);
  if (s->is_array())
    for (const json& item : *s)
      if (item.is_object()) out.push_back(&item);
  return out;
}

bool allows(const json& statement) {
  const json* effect = json_member(statement, "Effect");
  return effect && effect->is_string() && iequals(effect->get<std::string>(), "Allow");
}

bool contains(const std::vector<std::string>& values, std::string_view v) {
  return std::any_of(values.begin(), values.end(), [&](const std::string& x) { return iequals(x, v); });
}

std::string join(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& v : values) out += (out.empty() ? "" : ",") + v;
  return out;
}

// Condition keys (lowercased) -> their values, across all operators.
std::map<std::string, std::vector<std::string>> condition_keys(const json& statement) {
  std::map<std::string, std::vector<std::string>> keys;
  const json* condition = json_member(statement, "Condition");
  if (!condition || !condition->is_object()) return keys;
  for (const auto& [op, tests] : condition->items()) {
    if (!tests.is_object()) continue;
    for (const auto& [key, values] : tests.items()) {
      std::vector<std::string>& slot = keys[to_lower_ascii(key)];
      for (const std::string& v : string_list(&values)) slot.push_back(v);
    }
  }
  return keys;
}

bool is_twelve_digits(std::string_view s) {
  return s.size() == 12 && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

// The OIDC issuer behind a Federated principal, or empty for SAML and others.
std::string oidc_issuer(const std::string& federated) {
  if (const std::size_t p = federated.find("oidc-provider/"); p != std::string::npos) return federated.substr(p + 14);
  for (const char* issuer : {"token.actions.githubusercontent.com", "gitlab.com", "accounts.google.com",
                             "app.terraform.io", "cognito-identity.amazonaws.com", "oidc.eks."})
    if (federated.find(issuer) != std::string::npos) return federated;
  return {};
}

}  // namespace

bool is_admin_managed_policy_arn(std::string_view arn) {
  return ends_with(arn, ":policy/AdministratorAccess");
}

policy_summary summarize_policy(const json& document) {
  policy_summary out;
  for (const json* s : statements(document)) {
    if (!allows(*s)) continue;
    const auto actions = string_list(json_member(*s, "Action"));
    const auto not_actions = string_list(json_member(*s, "NotAction"));
    auto resources = string_list(json_member(*s, "Resource"));
    const bool any_resource = contains(resources, "*") || (resources.empty() && !json_member(*s, "NotResource"));
    const bool conditioned = json_member(*s, "Condition") != nullptr;
    const std::string on = " on Resource:" + (resources.empty() ? std::string("*") : join(resources)) +
                           (conditioned ? " (with condition)" : "");
    if (contains(actions, "*") || contains(actions, "*:*")) {
      out.wildcard_action = true;
      out.admin_equivalent = out.admin_equivalent || any_resource;
      out.grants.push_back("Action:*" + on);
    } else if (contains(actions, "iam:*") && any_resource) {
      // Whoever may change IAM may grant themselves anything.
      out.admin_equivalent = true;
      out.grants.push_back("Action:iam:*" + on);
    } else if (!not_actions.empty()) {
      out.wildcard_action = true;
      out.grants.push_back("NotAction:" + join(not_actions) + on);
    }
  }
  return out;
}

std::string account_of_arn(std::string_view arn) {
  // arn:partition:service:region:account:resource
  const std::vector<std::string> parts = split(arn, ':');
  if (parts.size() < 6 || parts[0] != "arn") return {};
  return is_twelve_digits(parts[4]) ? parts[4] : std::string();
}

trust_summary summarize_trust(const json& document, std::string_view own_account) {
  trust_summary out;
  for (const json* s : statements(document)) {
    if (!allows(*s)) continue;
    const auto conditions = condition_keys(*s);
    const json* principal = json_member(*s, "Principal");
    if (!principal) continue;
    std::vector<std::string> aws, federated, service;
    if (principal->is_string()) aws = string_list(principal);
    if (principal->is_object()) {
      aws = string_list(json_member(*principal, "AWS"));
      federated = string_list(json_member(*principal, "Federated"));
      service = string_list(json_member(*principal, "Service"));
    }
    const bool external_id = conditions.count("sts:externalid") > 0;
    for (const std::string& p : aws) {
      if (p == "*") {
        out.trust.push_back(std::string("aws * (anyone)") + (conditions.empty() ? "" : " with conditions"));
        if (conditions.empty()) out.issues.push_back({trust_issue::type::public_principal, p});
        continue;
      }
      const std::string account = is_twelve_digits(p) ? p : account_of_arn(p);
      const bool cross = !account.empty() && account != own_account;
      out.trust.push_back("aws " + p + (cross ? " (cross-account)" : "") + (external_id ? " external_id" : ""));
      if (cross && !external_id)
        out.issues.push_back({trust_issue::type::cross_account_without_external_id, p});
    }
    for (const std::string& p : federated) {
      const std::string issuer = oidc_issuer(p);
      if (issuer.empty()) {
        out.trust.push_back("federated " + p);
        continue;
      }
      std::vector<std::string> subjects;
      for (const auto& [key, values] : conditions)
        if (ends_with(key, ":sub")) subjects.insert(subjects.end(), values.begin(), values.end());
      if (subjects.empty()) {
        out.trust.push_back("oidc " + issuer + " (no sub condition)");
        out.issues.push_back({trust_issue::type::oidc_without_sub, p});
        continue;
      }
      out.trust.push_back("oidc " + issuer + " sub=" + join(subjects));
      if (contains(subjects, "*")) out.issues.push_back({trust_issue::type::oidc_wildcard_sub, p});
    }
    for (const std::string& p : service) out.trust.push_back("service " + p);
  }
  return out;
}

json policy_document_from(const json& value) {
  if (value.is_object()) return value;
  if (!value.is_string()) return nullptr;
  std::string text = value.get<std::string>();
  if (text.find('%') != std::string::npos && text.find('{') == std::string::npos) {
    std::string decoded;
    if (!percent_decode(text, decoded)) return nullptr;
    text = std::move(decoded);
  }
  if (!looks_like_json(text)) return nullptr;
  try {
    json doc = parse_json(text);
    return doc.is_object() ? doc : json(nullptr);
  } catch (const parse_failure&) {
    return nullptr;
  }
}

void report_trust_issues(const std::vector<trust_issue>& issues, const std::string& role,
                         const std::string& subject, const source_file& file, std::uint64_t line,
                         analysis_result& out) {
  for (const trust_issue& issue : issues) {
    switch (issue.kind) {
      case trust_issue::type::oidc_without_sub:
        add_finding(out, "aws-oidc-trust-without-sub", "NHI6", "high",
                    role + " trusts OIDC provider " + issue.principal +
                        " without a `sub` condition: any workload that can get a token from that issuer "
                        "(for GitHub, any repository) can assume it. Add a condition on the issuer's "
                        ":sub claim naming the repository and branch or environment.",
                    subject, file, line);
        break;
      case trust_issue::type::oidc_wildcard_sub:
        add_finding(out, "aws-oidc-trust-wildcard-sub", "NHI6", "high",
                    role + " trusts OIDC provider " + issue.principal +
                        " for any subject (sub = \"*\"); name the repository and branch or environment.",
                    subject, file, line);
        break;
      case trust_issue::type::cross_account_without_external_id:
        add_finding(out, "aws-cross-account-trust-without-external-id", "NHI3", "high",
                    role + " can be assumed from account " + issue.principal +
                        " without an sts:ExternalId condition, which leaves it open to the confused-deputy "
                        "problem; require the external id the third party issued to you.",
                    subject, file, line);
        break;
      case trust_issue::type::public_principal:
        add_finding(out, "aws-role-trusts-anyone", "NHI3", "critical",
                    role + " trusts Principal \"*\" without any condition: any AWS account can assume it. "
                    "Name the accounts or roles allowed.",
                    subject, file, line);
        break;
    }
  }
}

void report_broad_grant(const policy_summary& summary, const std::string& who, const std::string& via,
                        const std::string& subject, const source_file& file, std::uint64_t line,
                        analysis_result& out) {
  if (!summary.admin_equivalent && !summary.wildcard_action) return;
  std::string what;
  for (const std::string& g : summary.grants) what += (what.empty() ? "" : "; ") + g;
  add_finding(out, summary.admin_equivalent ? "aws-admin-policy" : "aws-wildcard-action-policy", "NHI5",
              summary.admin_equivalent ? "high" : "medium",
              who + " is granted " + what + (via.empty() ? std::string() : " through " + via) +
                  "; grant only the actions and resources it uses.",
              subject, file, line);
}

}  // namespace nhi::detail
