// SPDX-License-Identifier: Apache-2.0
// --inventory DB, --as-of DATE and --policy FILE for the commands that record
// snapshots (scan, import).
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "nhi/nhi.hpp"

namespace nhi_cli {

struct recording_args {
  std::string db;           // empty: do not record
  std::string as_of;        // the snapshot's "now"
  std::string policy_file;  // judges statuses for the event log
  bool new_fingerprint_key = false;  // record under this key although the inventory used another
};

void add_recording_options(CLI::App* cmd, recording_args& a);

// Opens (or creates, 0600) the inventory named by --inventory with the policy.
nhi::result<nhi::inventory> open_for_recording(const recording_args& a);

// "nhi: snapshot 3 recorded in inv.db: 12 identities (2 new)" on stderr.
void announce_snapshot(const recording_args& a, const nhi::snapshot_info& s);

}  // namespace nhi_cli
