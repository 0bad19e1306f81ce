// SPDX-License-Identifier: Apache-2.0
// libnhi — the project configuration file (.nhi.yaml).
//
//   exclude: [ "vendor/**", "*.min.js" ]     # not read at all
//   allow:
//     paths: [ "tests/fixtures/**" ]         # read, findings suppressed
//     fingerprints: [ "3f2a..." ]            # these secrets are known and accepted
#pragma once

#include <string>
#include <vector>

#include "nhi/export.hpp"
#include "nhi/scanner.hpp"
#include "nhi/status.hpp"

NHI_BEGIN_NAMESPACE

struct project_config {
  std::vector<std::string> exclude;
  std::vector<std::string> allow_paths;
  std::vector<std::string> allow_fingerprints;
  std::string source_file;  // where it was read from; empty if none

  // Adds this configuration to scan options (lists are appended).
  NHI_API void apply_to(scan_options& options) const;
};

// Reads a configuration file; a malformed file is a parse_error with its line.
NHI_API result<project_config> load_project_config(const std::string& path);

// The configuration that applies to scanning `root`: `root/.nhi.yaml` when it
// exists, else an empty configuration.
NHI_API result<project_config> find_project_config(const std::string& root);

NHI_END_NAMESPACE
