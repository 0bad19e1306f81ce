// SPDX-License-Identifier: Apache-2.0
// The inventory's internals shared by its translation units: recording a
// snapshot (record.cpp) and reading the evidence back as of a snapshot
// (view.cpp). Both work inside the caller's transaction and throw db_error.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "classify/evidence.hpp"
#include "inventory/database.hpp"
#include "nhi/inventory.hpp"

namespace nhi::detail {

struct record_input {
  std::string kind;  // "scan" or "import"
  const scan_record* meta = nullptr;
  const std::vector<finding>* findings = nullptr;  // may be null (imports)
  const analysis_result* facts = nullptr;          // may be null
  std::string path;                                // the inventory file, for messages
};

// Records one snapshot in one write transaction, then judges every identity
// at the snapshot's date under `p` and logs what changed. Returns an error
// status for unusable input (no target, a bad date).
result<snapshot_info> record_snapshot(connection& db, const nhi::policy& p, const record_input& in);

// The fingerprint key the inventory's fingerprints were made under
// (fingerprint_scheme()); "unrecorded" for files from before it was kept,
// empty when nothing was recorded yet.
std::string stored_fingerprint_scheme(connection& db);

// The inventory as it stood after snapshot `cutoff`.
struct inventory_view {
  std::int64_t cutoff = 0;  // 0 when the inventory is empty
  std::string cutoff_taken_at;
  std::vector<identity_evidence> identities;  // sorted by id
  std::vector<config_evidence> config;        // current configuration findings
  std::vector<bool> config_attached;          // parallel to `config`
  std::map<std::string, std::string> author_last_commit;  // lowercase e-mail -> latest date
};

// `cutoff` 0 means the latest snapshot.
inventory_view load_view(connection& db, std::int64_t cutoff);

// Every identity of the view, judged at `as_of` under `p`; sorted by id.
std::vector<identity> judge_view(const inventory_view& view, const nhi::policy& p, std::int64_t as_of);

snapshot_info read_snapshot(connection& db, std::int64_t id);  // id 0 when absent
std::vector<snapshot_info> read_snapshots(connection& db);

// JSON columns: a list or map of strings ('[]', '{}' when empty).
std::vector<std::string> string_list(const std::string& text);
std::map<std::string, std::string> string_map(const std::string& text);

// The columns of a fact row, kind .. scoped_ids in the order of
// kFactColumns, from column `first` on.
constexpr const char* kFactColumns =
    "kind, provider, name, parent, status, owner, owner_source, created_at, last_used_at, last_rotated_at, "
    "expires_at, admin_equivalent, interactive_use, untrusted_trust, environment, service, namespace, path, line, "
    "external_ids, permissions, trust, attributes, scoped_ids";
identity_fact fact_from_row(const statement& st, int first);

// The identity `id` was merged into, or `id` itself; empty when unknown.
std::string resolve_identity_id(connection& db, const std::string& id);

}  // namespace nhi::detail
