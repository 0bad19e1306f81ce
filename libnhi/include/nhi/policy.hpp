// SPDX-License-Identifier: Apache-2.0
// libnhi — the classification policy: the thresholds and lists the OWASP NHI
// Top 10 classifier and the inventory's lifecycle states are judged against.
//
// A plain value type: every default is written beside its field and repeated
// in docs/policy.md. load_policy() reads the same fields from YAML; a key that
// is present replaces the default (lists and maps are replaced, not merged).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "nhi/export.hpp"
#include "nhi/status.hpp"

NHI_BEGIN_NAMESPACE

struct policy {
  // NHI7: a secret older than this (from its creation or last rotation, else
  // from when it was first seen) is long-lived.
  int max_age_days = 90;
  // NHI1 and the "stale" state: an active credential not used for longer.
  int max_unused_days = 90;
  // NHI1 and the "orphaned" state: an owner (the author who introduced a
  // secret) with no commit for this long before the as-of date has left.
  int owner_inactive_days = 180;
  // NHI7: a credential valid for longer than this from creation to expiry.
  int max_lifetime_days = 365;
  // NHI7: an expiry this many years or more after the as-of date is as good
  // as none (GCP's 9999-12-31, certificates valid until 2299).
  int far_expiry_years = 50;

  // Environment names (the keys) and the words in paths, file names,
  // namespaces and workspaces that mean them (NHI8). Words are matched whole,
  // case-insensitively; trailing digits are ignored ("prod2" is prod); an
  // alias with '-' matches two adjacent words ("pre-prod").
  std::map<std::string, std::vector<std::string>> environments = {
      {"dev", {"dev", "development", "develop"}},
      {"test", {"test", "testing", "qa"}},
      {"staging", {"staging", "stage", "stg", "preprod", "pre-prod", "pre-production", "uat"}},
      {"prod", {"prod", "production", "prd", "live"}},
  };

  // NHI5: a permission summary containing any of these (case-insensitive) is
  // admin-equivalent, in addition to what the analyzers already flagged.
  std::vector<std::string> admin_permissions = {
      "AdministratorAccess", "Action:* on Resource:*", "iam:*", "roles/owner", "roles/editor",
      "roles/iam.securityAdmin", "cluster-admin", "Global Administrator",
      "Privileged Role Administrator"};

  // NHI1 and the "orphaned" state: owners (e-mail or name, case-insensitive)
  // known to have left, e.g. exported from the HR system.
  std::vector<std::string> offboarded_owners;

  // An identity nobody is known to own is flagged `unowned` (identity::
  // unowned); true makes that NHI1 as well. False by default: OWASP's NHI1
  // is about offboarding, and exports rarely name owners, so "no owner"
  // alone is no evidence that anyone left.
  bool unowned_is_nhi1 = false;

  std::string source_file;  // where it was read from; empty for the defaults

  // The environment a path, file name, namespace or workspace name points
  // at, per `environments`; empty when no word names one. The last matching
  // word wins: "envs/prod/dev-notes.env" is dev.
  NHI_API std::string environment_of(std::string_view path_or_name) const;
  // The canonical name for an environment alias ("production" -> "prod"),
  // or `name` itself, lowercased, when it is no alias.
  NHI_API std::string canonical_environment(std::string_view name) const;
  // True when `owner` (an e-mail or a name) is listed in offboarded_owners.
  NHI_API bool is_offboarded(std::string_view owner) const;
  // The admin_permissions pattern `permission` contains; empty when none.
  NHI_API std::string admin_pattern_in(std::string_view permission) const;
};

// Reads a policy file (YAML mapping of the fields above). A syntax error, a
// wrong type, a negative number or an unknown key is a parse_error naming the
// file and line.
NHI_API result<policy> load_policy(const std::string& path);
// The same from text; `file_name` is used in error messages.
NHI_API result<policy> parse_policy(std::string_view yaml, const std::string& file_name);

NHI_END_NAMESPACE
