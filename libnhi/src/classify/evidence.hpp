// SPDX-License-Identifier: Apache-2.0
// What the inventory knows about one identity, as plain data: the input of
// the lifecycle judgement and the OWASP classifier. The inventory builds it
// from its tables (inventory/view.cpp); tests can build it by hand.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "nhi/analysis.hpp"
#include "nhi/inventory.hpp"
#include "nhi/policy.hpp"

namespace nhi::detail {

// One finding location recorded for the identity.
struct occurrence_evidence {
  std::string target;  // the scan target (repository) it was found in
  std::string fingerprint;
  std::string external_id;
  std::string rule_id;
  std::string rule_name;
  std::string provider;
  std::string kind;
  std::string redacted;
  std::string path;
  std::uint64_t line = 0;
  std::string commit;
  std::string author;
  std::string author_email;
  std::string date;      // commit date
  bool in_head = true;
  bool current = true;   // the latest snapshot of `target` still has it
  std::string seen_at;   // taken_at of the latest snapshot that had it
};

// One identity fact recorded for the identity.
struct fact_evidence {
  identity_fact fact;
  std::string target;
  bool from_import = false;  // a cloud export (true) or a scanned file (false)
  bool current = true;
  std::string seen_at;
  std::int64_t last_snapshot = 0;  // for "most recent first"
};

// A configuration finding tied to the identity (by subject or by file).
struct config_evidence {
  config_finding finding;
  std::string target;
};

struct rotation_evidence {
  std::string new_id;
  std::string reason;  // where or why
  std::string at;      // taken_at of the snapshot that saw it
};

struct identity_evidence {
  std::string id;
  std::string first_snapshot_at;  // taken_at of the snapshot that discovered it
  std::vector<std::string> fingerprints;
  std::vector<std::string> external_ids;
  std::vector<occurrence_evidence> occurrences;
  std::vector<fact_evidence> facts;  // most recent first
  std::vector<config_evidence> config;
  std::optional<rotation_evidence> replaced_by;
  // Set when cloud imports listed it and the latest import of each such
  // target no longer does: deleted in the cloud.
  std::string deleted_from;
  std::string deleted_at;
  // Set when the parent identity (a credential's user or service account)
  // was deleted that way.
  std::string parent_deleted;
  // Set when the parent's latest cloud record says it is disabled: the
  // principal is being decommissioned, its credentials left behind.
  std::string parent_disabled;
  // What a credential inherits from its principal (the identity its
  // `parent` names) when the inventory knows it: the owner the principal's
  // records state (tag, owners list), and its admin-equivalent grants
  // ("AdministratorAccess via ...") when it has any.
  std::string parent_label;  // "user deploy-bot", from the principal's freshest record
  std::string parent_owner;
  std::string parent_owner_source;
  std::string parent_admin;
};

// Everything a judgement depends on besides the evidence.
struct judgement_context {
  const nhi::policy& policy;
  std::int64_t as_of = 0;  // seconds since the epoch
  // Lowercase author e-mail -> latest commit date known for them.
  const std::map<std::string, std::string>& author_last_commit;
};

// summarize.cpp: the identity's descriptive fields (everything but status,
// status_reason and risks).
identity summarize(const identity_evidence& ev, const judgement_context& ctx);

// lifecycle.cpp: the status and its reason (fills status, status_reason).
void judge_status(const identity_evidence& ev, const judgement_context& ctx, identity& out);

// classifier.cpp: the OWASP NHI categories (fills risks).
void classify_risks(const identity_evidence& ev, const judgement_context& ctx, identity& out);

// All three.
identity judge(const identity_evidence& ev, const judgement_context& ctx);

// Helpers the three share (summarize.cpp).
// Why the owner counts as departed ("is listed in offboarded_owners", "has
// made no commit since ..."), or nullopt while they are around.
std::optional<std::string> owner_departure(const identity& id, const judgement_context& ctx);
// True when a status means the credential can no longer be used.
bool is_closed(identity_status s) noexcept;
// True when it can no longer be used: its status says so, or the cloud does
// (a rotated key whose old version is deleted or deactivated).
bool is_dead(const identity& id) noexcept;
// "path:line" ("path" when the line is unknown).
std::string place_of(const std::string& path, std::uint64_t line);
// When a credential the cloud says was never used was created ("" when it
// was used, or nothing says): the freshest current record with
// attributes.never_used (the credential report's N/A last-used date).
std::string never_used_since(const identity_evidence& ev, const identity& id);
// The earliest-dated occurrence: where and by whom the secret was introduced.
const occurrence_evidence* introducing_occurrence(const identity_evidence& ev);

}  // namespace nhi::detail

namespace nhi::detail {

// posture.cpp: the report's view of judged identities. `config` are the
// current configuration findings, `attached` says which concern an identity.
posture build_posture(std::vector<identity> identities, const std::vector<config_evidence>& config,
                      const std::vector<bool>& attached, const judgement_context& ctx);

}  // namespace nhi::detail
