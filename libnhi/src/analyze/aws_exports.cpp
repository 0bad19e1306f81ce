// SPDX-License-Identifier: Apache-2.0
// AWS exports: the IAM credential report (CSV), `aws iam list-access-keys`
// and `aws iam get-account-authorization-details` (JSON).
#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "analyze/analyzers.hpp"
#include "analyze/iam_policy.hpp"
#include "classify/dates.hpp"
#include "util/text.hpp"

namespace nhi::detail {
namespace {

// ---- credential report ------------------------------------------------------

constexpr const char* kReportColumns[] = {
    "user", "arn", "user_creation_time", "password_enabled", "password_last_used",
    "password_last_changed", "password_next_rotation", "mfa_active", "access_key_1_active",
    "access_key_1_last_rotated", "access_key_1_last_used_date", "access_key_1_last_used_region",
    "access_key_1_last_used_service", "access_key_2_active", "access_key_2_last_rotated",
    "access_key_2_last_used_date", "access_key_2_last_used_region", "access_key_2_last_used_service",
    "cert_1_active", "cert_1_last_rotated", "cert_2_active", "cert_2_last_rotated"};
constexpr std::size_t kReportWidth = sizeof(kReportColumns) / sizeof(kReportColumns[0]);

enum column : std::size_t {
  user_name, arn, user_creation_time, password_enabled, password_last_used, password_last_changed,
  password_next_rotation, mfa_active, key1_active, key1_last_rotated, key1_last_used_date,
  key1_last_used_region, key1_last_used_service, key2_active, key2_last_rotated, key2_last_used_date,
  key2_last_used_region, key2_last_used_service, cert1_active, cert1_last_rotated, cert2_active,
  cert2_last_rotated
};

// Values the report writes instead of a date or boolean.
bool is_absent(const std::string& v) { return v == "N/A" || v == "not_supported" || v == "no_information"; }

bool is_iso_date(const std::string& v) {
  if (v.size() < 10) return false;
  for (std::size_t i = 0; i < 10; ++i) {
    const bool dash = i == 4 || i == 7;
    if (dash ? v[i] != '-' : !std::isdigit(static_cast<unsigned char>(v[i]))) return false;
  }
  return true;
}

// RFC 4180 fields of one record (the report does not quote, but a re-saved one may).
std::vector<std::string> csv_fields(std::string_view line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') fields.back() += '"', ++i;
      else if (c == '"') quoted = false;
      else fields.back() += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

std::string date_or_empty(const std::string& v) { return is_absent(v) ? std::string() : v; }

std::string latest(std::initializer_list<std::string> dates) {
  std::string best;
  for (const std::string& d : dates)
    if (!d.empty() && d > best) best = d;  // ISO 8601 in one zone sorts as text
  return best;
}

void check_report_row(const std::vector<std::string>& f, std::uint64_t line) {
  static const std::size_t kDates[] = {user_creation_time, password_last_used, password_last_changed,
                                       password_next_rotation, key1_last_rotated, key1_last_used_date,
                                       key2_last_rotated, key2_last_used_date, cert1_last_rotated,
                                       cert2_last_rotated};
  static const std::size_t kFlags[] = {password_enabled, mfa_active, key1_active, key2_active, cert1_active,
                                       cert2_active};
  for (std::size_t c : kDates)
    if (!is_absent(f[c]) && !is_iso_date(f[c]))
      throw parse_failure(std::string("column ") + kReportColumns[c] + ": expected a date or N/A, found '" + f[c] + "'", line);
  for (std::size_t c : kFlags)
    if (f[c] != "true" && f[c] != "false" && !is_absent(f[c]))
      throw parse_failure(std::string("column ") + kReportColumns[c] + ": expected true or false, found '" + f[c] + "'", line);
  if (f[user_name].empty() || f[arn].empty()) throw parse_failure("user and arn must not be empty", line);
}

}  // namespace

std::string aws_key_scoped_id(const std::string& user, const std::string& created) {
  const auto t = parse_time(created);
  if (user.empty() || !t) return {};
  return "access_key:" + user + "@" + format_time(*t);
}

void import_aws_credential_report(const source_file& file, analysis_result& out) {
  std::vector<std::string> lines = split(file.content, '\n');
  for (std::string& l : lines)
    if (!l.empty() && l.back() == '\r') l.pop_back();
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  if (lines.empty()) throw parse_failure("empty credential report", 1);
  std::string header = lines[0];
  if (starts_with(header, "\xEF\xBB\xBF")) header = header.substr(3);
  const std::vector<std::string> columns = csv_fields(header);
  if (columns.size() != kReportWidth)
    throw parse_failure("expected the " + std::to_string(kReportWidth) + "-column IAM credential report header, found " +
                            std::to_string(columns.size()) + " columns", 1);
  for (std::size_t c = 0; c < kReportWidth; ++c)
    if (columns[c] != kReportColumns[c])
      throw parse_failure("header column " + std::to_string(c + 1) + " is '" + columns[c] + "', expected '" +
                              kReportColumns[c] + "'", 1);

  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::uint64_t line = i + 1;
    if (lines[i].empty()) continue;
    const std::vector<std::string> f = csv_fields(lines[i]);
    if (f.size() != kReportWidth)
      throw parse_failure("expected " + std::to_string(kReportWidth) + " columns, found " + std::to_string(f.size()) +
                              (f.size() < kReportWidth ? " (truncated report?)" : ""), line);
    check_report_row(f, line);

    const bool root = f[user_name] == "<root_account>";
    identity_fact user = make_fact(root ? "root_account" : "user", "aws", f[user_name], file, line);
    user.external_ids.push_back(f[arn]);
    user.status = "active";
    user.created_at = date_or_empty(f[user_creation_time]);
    user.admin_equivalent = root;  // the root user can do anything, policies do not bind it
    if (root) user.permissions.push_back("root account");
    user.attributes["password_enabled"] = f[password_enabled];
    user.attributes["mfa_active"] = f[mfa_active];
    for (std::size_t c : {password_last_used, password_last_changed, password_next_rotation})
      if (!date_or_empty(f[c]).empty()) user.attributes[kReportColumns[c]] = f[c];
    user.last_used_at = latest({date_or_empty(f[password_last_used]), date_or_empty(f[key1_last_used_date]),
                                date_or_empty(f[key2_last_used_date])});
    const bool console = f[password_enabled] == "true";

    std::vector<identity_fact> keys;
    struct slot { int number; std::size_t active, rotated, used, region, service; };
    for (const slot& s : {slot{1, key1_active, key1_last_rotated, key1_last_used_date, key1_last_used_region, key1_last_used_service},
                          slot{2, key2_active, key2_last_rotated, key2_last_used_date, key2_last_used_region, key2_last_used_service}}) {
      const bool active = f[s.active] == "true";
      if (!active && date_or_empty(f[s.rotated]).empty()) continue;  // no key in this slot
      identity_fact key = make_fact("access_key", "aws", f[user_name] + " access key " + std::to_string(s.number), file, line);
      key.parent = f[arn];
      key.status = active ? "active" : "inactive";
      key.created_at = key.last_rotated_at = date_or_empty(f[s.rotated]);
      key.last_used_at = date_or_empty(f[s.used]);
      // N/A beside a key: never used (since IAM began tracking, 2015-04-22).
      key.attributes["never_used"] = key.last_used_at.empty() ? "true" : "false";
      key.admin_equivalent = root;
      key.attributes["slot"] = std::to_string(s.number);
      // The report names no key id. A key is its user's key created at that
      // instant: the slot is no name for it, as a key deleted from slot 1
      // moves the other one from slot 2 to slot 1 in the next report.
      if (std::string id = aws_key_scoped_id(f[user_name], key.created_at); !id.empty())
        key.scoped_ids.push_back(std::move(id));
      if (!is_absent(f[s.region])) key.attributes["last_used_region"] = f[s.region];
      if (!is_absent(f[s.service])) key.attributes["last_used_service"] = f[s.service];
      keys.push_back(std::move(key));
    }
    const bool active_keys = std::any_of(keys.begin(), keys.end(), [](const identity_fact& k) { return k.status == "active"; });
    user.attributes["active_access_keys"] = std::to_string(
        std::count_if(keys.begin(), keys.end(), [](const identity_fact& k) { return k.status == "active"; }));
    if (console && active_keys) {
      // A console password is for people; an identity with both is shared by people and programs.
      user.interactive_use = true;
      for (identity_fact& k : keys) k.interactive_use = true;
      add_finding(out, "aws-user-console-and-keys", "NHI10", "medium",
                  "IAM user " + f[user_name] + " has a console password and active access keys: people "
                  "sign in as the identity programs use. Give people their own (SSO) identities and "
                  "remove the password from this one.",
                  f[arn], file, line);
    }
    if (root && active_keys)
      add_finding(out, "aws-root-access-keys", "NHI5", "critical",
                  "The root account has active access keys, which no policy can restrict; delete them and "
                  "use IAM roles for automation.",
                  f[arn], file, line);
    out.identities.push_back(std::move(user));
    for (std::size_t c : {cert1_active, cert2_active}) {
      if (f[c] != "true") continue;
      const int number = c == cert1_active ? 1 : 2;
      identity_fact cert = make_fact("certificate", "aws", f[user_name] + " signing certificate " + std::to_string(number), file, line);
      cert.parent = f[arn];
      cert.status = "active";
      cert.last_rotated_at = date_or_empty(f[c + 1]);
      cert.attributes["slot"] = std::to_string(number);
      if (const auto t = parse_time(cert.last_rotated_at))
        cert.scoped_ids.push_back("signing_certificate:" + f[user_name] + "@" + format_time(*t));
      out.identities.push_back(std::move(cert));
    }
    for (identity_fact& k : keys) out.identities.push_back(std::move(k));
  }
}

void import_aws_access_keys(const json& doc, const source_file& file, analysis_result& out) {
  expect_object(doc, "$");
  const json& keys = required_array(doc, "AccessKeyMetadata", "$");
  // `aws iam list-access-keys --user-name X` lists the keys of one user: a
  // complete listing of that user's keys, not of the account's.
  std::set<std::string> users;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const std::string path = json_index_path("$.AccessKeyMetadata", i);
    expect_object(keys[i], path);
    const std::string id = required_string(keys[i], "AccessKeyId", path);
    identity_fact f = make_fact("access_key", "aws", id, file, file.locator->line_of("\"" + id + "\""));
    f.external_ids.push_back(id);
    f.parent = required_string(keys[i], "UserName", path);
    f.status = to_lower_ascii(optional_string(keys[i], "Status", path));
    f.created_at = optional_string(keys[i], "CreateDate", path);
    if (std::string scoped = aws_key_scoped_id(f.parent, f.created_at); !scoped.empty())
      f.scoped_ids.push_back(std::move(scoped));
    users.insert(f.parent);
    out.identities.push_back(std::move(f));
  }
  // An empty list names no user: it cannot say whose keys are gone.
  if (users.empty()) out.complete = false;
  for (const std::string& u : users) out.scope += (out.scope.empty() ? "user/" : ",") + u;
}

// list-ssh-public-keys and list-service-specific-credentials: a user's
// other credentials, listed like list-access-keys (one user's, complete
// unless paged; an empty list names no user).
void import_aws_user_credentials(const json& doc, const source_file& file, bool ssh, analysis_result& out) {
  expect_object(doc, "$");
  const char* list = ssh ? "SSHPublicKeys" : "ServiceSpecificCredentials";
  const char* id_key = ssh ? "SSHPublicKeyId" : "ServiceSpecificCredentialId";
  const json& items = required_array(doc, list, "$");
  std::set<std::string> users;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string path = json_index_path(std::string("$.") + list, i);
    expect_object(items[i], path);
    const std::string id = required_string(items[i], id_key, path);
    identity_fact f = make_fact(ssh ? "ssh_public_key" : "service_specific_credential", "aws", id, file,
                                file.locator->line_of("\"" + id + "\""));
    f.external_ids.push_back(id);
    f.parent = required_string(items[i], "UserName", path);
    f.status = to_lower_ascii(optional_string(items[i], "Status", path));
    f.created_at = optional_string(items[i], ssh ? "UploadDate" : "CreateDate", path);
    if (!ssh) {
      f.expires_at = optional_string(items[i], "ExpirationDate", path);
      for (const auto& [field, attribute] : {std::pair{"ServiceName", "service_name"},
                                             std::pair{"ServiceUserName", "service_user_name"}})
        if (const std::string v = optional_string(items[i], field, path); !v.empty()) f.attributes[attribute] = v;
    }
    users.insert(f.parent);
    out.identities.push_back(std::move(f));
  }
  if (users.empty()) out.complete = false;
  for (const std::string& u : users) out.scope += (out.scope.empty() ? "user/" : ",") + u;
}

// get-access-key-last-used prints no key id: `key_id` is the one it was
// asked about. It says when the key was last used, nothing of other keys.
void import_aws_access_key_last_used(const json& doc, const source_file& file, const std::string& key_id,
                                     analysis_result& out) {
  expect_object(doc, "$");
  if (key_id.empty())
    throw parse_failure("get-access-key-last-used output names no access key: give the key id it was run for "
                        "(nhi import --key-id AKIA...)", 1);
  const json* last = json_member(doc, "AccessKeyLastUsed");
  if (!last || !last->is_object()) json_shape_error("$.AccessKeyLastUsed", "missing, expected an object");
  identity_fact f = make_fact("access_key", "aws", key_id, file, file.locator->line_of("\"AccessKeyLastUsed\""));
  f.external_ids.push_back(key_id);
  f.parent = required_string(doc, "UserName", "$");
  f.last_used_at = optional_string(*last, "LastUsedDate", "$.AccessKeyLastUsed");
  // Never used: no date, and N/A for the region and service.
  f.attributes["never_used"] = f.last_used_at.empty() ? "true" : "false";
  for (const auto& [field, attribute] : {std::pair{"Region", "last_used_region"},
                                         std::pair{"ServiceName", "last_used_service"}})
    if (const std::string v = optional_string(*last, field, "$.AccessKeyLastUsed"); !v.empty() && v != "N/A")
      f.attributes[attribute] = v;
  out.scope = "key/" + key_id;
  out.complete = false;
  out.identities.push_back(std::move(f));
}

namespace {

// get-account-authorization-details, read in dependency order: managed
// policies, then groups, then the users in them, then roles.
class authorization_details {
 public:
  authorization_details(const source_file& file, analysis_result& out) : file_(file), out_(out) {}

  void run(const json& doc) {
    expect_object(doc, "$");
    if (const json* policies = optional_array(doc, "Policies", "$"))
      for (std::size_t i = 0; i < policies->size(); ++i) managed_policy((*policies)[i], json_index_path("$.Policies", i));
    if (const json* groups = optional_array(doc, "GroupDetailList", "$"))
      for (std::size_t i = 0; i < groups->size(); ++i) principal((*groups)[i], json_index_path("$.GroupDetailList", i), "group");
    if (const json* users = optional_array(doc, "UserDetailList", "$"))
      for (std::size_t i = 0; i < users->size(); ++i) principal((*users)[i], json_index_path("$.UserDetailList", i), "user");
    if (const json* roles = optional_array(doc, "RoleDetailList", "$"))
      for (std::size_t i = 0; i < roles->size(); ++i) principal((*roles)[i], json_index_path("$.RoleDetailList", i), "role");
    // `aws iam list-users` and `list-roles` print the same principals without
    // their policies: a listing of the account's users, or of its roles,
    // under a target of its own (issue 15 item 12).
    if (const json* users = optional_array(doc, "Users", "$")) {
      out_.scope = "users";
      for (std::size_t i = 0; i < users->size(); ++i) principal((*users)[i], json_index_path("$.Users", i), "user");
    }
    if (const json* roles = optional_array(doc, "Roles", "$")) {
      out_.scope = out_.scope.empty() ? "roles" : out_.scope + ",roles";
      for (std::size_t i = 0; i < roles->size(); ++i) principal((*roles)[i], json_index_path("$.Roles", i), "role");
    }
  }

 private:
  json document_at(const json& holder, const char* key, const std::string& path) const {
    const json* value = json_member(holder, key);
    if (!value) return nullptr;
    json doc = policy_document_from(*value);
    if (doc.is_null()) json_shape_error(json_member_path(path, key), "expected a policy document (object or URL-encoded JSON)");
    return doc;
  }

  void managed_policy(const json& p, const std::string& path) {
    expect_object(p, path);
    const std::string arn = required_string(p, "Arn", path);
    const std::string default_version = optional_string(p, "DefaultVersionId", path);
    const json* versions = optional_array(p, "PolicyVersionList", path);
    if (!versions) return;
    for (std::size_t i = 0; i < versions->size(); ++i) {
      const std::string vpath = json_index_path(json_member_path(path, "PolicyVersionList"), i);
      const json& v = (*versions)[i];
      expect_object(v, vpath);
      const bool is_default = optional_bool(v, "IsDefaultVersion", vpath, false) ||
                              (!default_version.empty() && optional_string(v, "VersionId", vpath) == default_version);
      if (!is_default) continue;
      policies_[arn] = summarize_policy(document_at(v, "Document", vpath));
    }
  }

  // Inline and attached policies of one principal, merged.
  policy_summary permissions_of(const json& p, const std::string& path, const char* inline_key,
                                std::vector<std::string>& attached) {
    policy_summary total;
    auto merge = [&](const policy_summary& s, const std::string& via) {
      total.admin_equivalent = total.admin_equivalent || s.admin_equivalent;
      total.wildcard_action = total.wildcard_action || s.wildcard_action;
      for (const std::string& g : s.grants) total.grants.push_back(g + " via " + via);
    };
    if (const json* inline_policies = optional_array(p, inline_key, path)) {
      for (std::size_t i = 0; i < inline_policies->size(); ++i) {
        const std::string ipath = json_index_path(json_member_path(path, inline_key), i);
        expect_object((*inline_policies)[i], ipath);
        merge(summarize_policy(document_at((*inline_policies)[i], "PolicyDocument", ipath)),
              "inline policy " + optional_string((*inline_policies)[i], "PolicyName", ipath));
      }
    }
    // The AWS CLI documentation's own sample writes one group's
    // AttachedManagedPolicies as a single object: read it as a list of one.
    json single;
    const json* managed = nullptr;
    if (const json* m = json_member(p, "AttachedManagedPolicies"); m && m->is_object()) {
      single = json::array({*m});
      managed = &single;
    } else {
      managed = optional_array(p, "AttachedManagedPolicies", path);
    }
    if (managed) {
      for (std::size_t i = 0; i < managed->size(); ++i) {
        const std::string mpath = json_index_path(json_member_path(path, "AttachedManagedPolicies"), i);
        expect_object((*managed)[i], mpath);
        const std::string arn = required_string((*managed)[i], "PolicyArn", mpath);
        const std::string name = optional_string((*managed)[i], "PolicyName", mpath);
        attached.push_back(name.empty() ? arn : name);
        if (is_admin_managed_policy_arn(arn)) {
          policy_summary admin;
          admin.admin_equivalent = true;
          admin.grants.push_back("AdministratorAccess");
          merge(admin, arn);
        } else if (auto it = policies_.find(arn); it != policies_.end()) {
          merge(it->second, name.empty() ? arn : name);
        }
      }
    }
    return total;
  }

  void read_tags(const json& p, const std::string& path, identity_fact& f) {
    const json* tags = optional_array(p, "Tags", path);
    if (!tags) return;
    for (const char* wanted : {"owner", "team"})
      for (std::size_t i = 0; i < tags->size(); ++i) {
        const std::string tpath = json_index_path(json_member_path(path, "Tags"), i);
        expect_object((*tags)[i], tpath);
        const std::string key = required_string((*tags)[i], "Key", tpath);
        if (iequals(key, wanted) && f.owner.empty()) {
          f.owner = optional_string((*tags)[i], "Value", tpath);
          f.owner_source = "tag:" + key;
        }
      }
  }

  void principal(const json& p, const std::string& path, const std::string& kind) {
    expect_object(p, path);
    const char* name_key = kind == "user" ? "UserName" : kind == "group" ? "GroupName" : "RoleName";
    const char* id_key = kind == "user" ? "UserId" : kind == "group" ? "GroupId" : "RoleId";
    const char* inline_key = kind == "user" ? "UserPolicyList" : kind == "group" ? "GroupPolicyList" : "RolePolicyList";
    const std::string name = required_string(p, name_key, path);
    const std::string arn = required_string(p, "Arn", path);
    identity_fact f = make_fact(kind, "aws", name, file_, file_.locator->line_of("\"" + arn + "\""));
    f.external_ids.push_back(arn);
    if (const std::string id = optional_string(p, id_key, path); !id.empty()) f.external_ids.push_back(id);
    f.created_at = optional_string(p, "CreateDate", path);
    f.status = "active";
    read_tags(p, path, f);

    std::vector<std::string> attached;
    policy_summary granted = permissions_of(p, path, inline_key, attached);
    for (const std::string& a : attached) f.permissions.push_back("managed policy " + a);
    if (kind == "user") {
      if (const json* groups = optional_array(p, "GroupList", path)) {
        for (std::size_t i = 0; i < groups->size(); ++i) {
          if (!(*groups)[i].is_string()) json_shape_error(json_index_path(json_member_path(path, "GroupList"), i), "expected a string");
          const std::string group = (*groups)[i].get<std::string>();
          f.permissions.push_back("member of group " + group);
          if (auto it = groups_.find(group); it != groups_.end()) {
            granted.admin_equivalent = granted.admin_equivalent || it->second.admin_equivalent;
            granted.wildcard_action = granted.wildcard_action || it->second.wildcard_action;
            for (const std::string& g : it->second.grants) granted.grants.push_back(g + " (group " + group + ")");
          }
        }
      }
    }
    if (kind == "group") groups_[name] = granted;
    for (const std::string& g : granted.grants) f.permissions.push_back(g);
    f.admin_equivalent = granted.admin_equivalent;

    if (kind == "user")
      if (const std::string used = optional_string(p, "PasswordLastUsed", path); !used.empty()) {
        f.last_used_at = used;
        f.attributes["password_last_used"] = used;
      }
    if (kind == "role") {
      if (const json* last = json_member(p, "RoleLastUsed"); last && last->is_object()) {
        f.last_used_at = optional_string(*last, "LastUsedDate", json_member_path(path, "RoleLastUsed"));
        if (const std::string region = optional_string(*last, "Region", json_member_path(path, "RoleLastUsed")); !region.empty())
          f.attributes["last_used_region"] = region;
      }
      if (const std::string p_path = optional_string(p, "Path", path); !p_path.empty()) f.attributes["path"] = p_path;
      const json trust_doc = document_at(p, "AssumeRolePolicyDocument", path);
      if (!trust_doc.is_null()) {
        const trust_summary trust = summarize_trust(trust_doc, account_of_arn(arn));
        f.trust = trust.trust;
        f.external_trust_without_condition = !trust.issues.empty();
        report_trust_issues(trust.issues, "IAM role " + name, arn, file_, f.line, out_);
      }
    }
    // Groups are reported through their members: the group itself signs nothing in.
    if (kind != "group")
      report_broad_grant(granted, (kind == "user" ? "IAM user " : "IAM role ") + name, {}, arn,
                         file_, f.line, out_);
    out_.identities.push_back(std::move(f));
  }

  const source_file& file_;
  analysis_result& out_;
  std::map<std::string, policy_summary> policies_;     // managed policy ARN -> default version
  std::map<std::string, policy_summary> groups_;       // group name -> what membership grants
};

}  // namespace

void import_aws_authorization_details(const json& doc, const source_file& file, analysis_result& out) {
  authorization_details(file, out).run(doc);
}

}  // namespace nhi::detail
