// SPDX-License-Identifier: Apache-2.0
#include "inventory_recording.hpp"

#include <iostream>

namespace nhi_cli {

void add_recording_options(CLI::App* cmd, recording_args& a) {
  cmd->add_option("--inventory", a.db,
                  "Record this run as a snapshot in the inventory: an SQLite FILE (created 0600) or a postgresql:// URL")
      ->envname("NHI_INVENTORY");
  cmd->add_option("--as-of", a.as_of, "The snapshot's date for ages and staleness (ISO 8601; default: now)");
  cmd->add_option("--policy", a.policy_file, "Policy YAML used to judge lifecycle states (docs/policy.md)");
  cmd->add_flag("--new-fingerprint-key", a.new_fingerprint_key,
                "Record although the inventory's fingerprints were made under another key (starts over: secrets "
                "recorded before are not recognised)");
}

nhi::result<nhi::inventory> open_for_recording(const recording_args& a) {
  nhi::inventory_options options;
  if (!a.policy_file.empty()) {
    auto p = nhi::load_policy(a.policy_file);
    if (!p) return p.error();
    options.policy = std::move(p.value());
  }
  return nhi::inventory::open(a.db, options);
}

void announce_snapshot(const recording_args& a, const nhi::snapshot_info& s) {
  std::cerr << "nhi: snapshot " << s.id << " recorded in " << a.db << ": " << s.identities << " identities ("
            << s.new_identities << " new)\n";
}

}  // namespace nhi_cli
