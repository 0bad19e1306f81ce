// SPDX-License-Identifier: Apache-2.0
// --plugin FILE[:OPTIONS] for `nhi scan` and `nhi baseline create`: what the
// plugins add to a scan, kept out of the subcommands themselves.
#pragma once

#include <string>
#include <vector>

#include "nhi/nhi.hpp"
#include "nhi/plugins.hpp"

namespace nhi_cli {

// The plugins of one run, in the order they were given.
class plugin_set {
 public:
  // Loads each FILE[:OPTIONS]; the first plugin that cannot be loaded is the
  // error (a usage error: exit 2).
  static nhi::result<plugin_set> load(const std::vector<std::string>& specs);

  // Appends every plugin's detectors to options.detectors.
  void add_detectors(nhi::scan_options& options) const;
  // Runs every plugin's sources after the main scan (unless it was stopped):
  // their findings go to `sink`, their numbers are added to `stats`.
  nhi::status run_sources(const nhi::scanner& scanner, nhi::collecting_sink& sink, nhi::scan_stats& stats) const;
  // Hands the report's findings (sorted, after the baseline) to every plugin
  // reporter: begin, each finding until it says stop, end. Every reporter
  // runs; the first failure is returned.
  nhi::status report(const std::vector<nhi::finding>& findings, const nhi::scan_stats& stats) const;

 private:
  std::vector<nhi::plugin> plugins_;
};

// Splits FILE[:OPTIONS]. FILE is the longest prefix ending before a ':' that
// names an existing file, so paths containing ':' still work; when none
// exists, FILE ends at the first ':'.
void split_plugin_spec(const std::string& spec, std::string& file, std::string& options);

}  // namespace nhi_cli
