// SPDX-License-Identifier: Apache-2.0
// libnhi — loading plugins written against the C ABI in nhi/plugin.h.
//
// A plugin is a shared object given by an explicit path. Its detectors plug
// into scan_options::detectors, its sources feed a scanner, its reporters are
// finding sinks. Everything here keeps the shared object loaded for as long as
// it lives, so adapters may outlive the nhi::plugin they came from.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "nhi/export.hpp"
#include "nhi/scanner.hpp"
#include "nhi/status.hpp"

namespace nhi::detail { struct plugin_module; }

NHI_BEGIN_NAMESPACE

// A plugin's reporter as a sink. Call begin() before the first finding and
// end() after the last. A reporter that answers NHI_STOP, or fails, makes
// on_finding return sink_action::stop; the failure is returned by end().
// Like every sink, it must not be called from two threads at once.
class NHI_API plugin_reporter final : public finding_sink {
 public:
  ~plugin_reporter() override;
  plugin_reporter(const plugin_reporter&) = delete;
  plugin_reporter& operator=(const plugin_reporter&) = delete;

  // "plugin/reporter", for messages.
  const std::string& name() const noexcept;
  status begin();
  sink_action on_finding(const finding& f) override;
  // Calls the reporter's end (when begin succeeded) and returns the first
  // failure of begin, on_finding or end.
  status end(const scan_stats& stats);

 private:
  friend class plugin;
  struct impl;
  explicit plugin_reporter(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

// A loaded plugin. Copies share the loaded shared object.
class NHI_API plugin {
 public:
  // The name and version the plugin declares, and the file it was loaded from.
  const std::string& name() const noexcept;
  const std::string& version() const noexcept;
  const std::string& path() const noexcept;

  // The plugin's detectors, ready for scan_options::detectors. A detector
  // failure is a status, which the scanner turns into a diagnostic.
  std::vector<std::shared_ptr<const detector>> detectors() const;

  bool has_sources() const noexcept;
  // Runs each of the plugin's sources in turn: every blob it yields goes
  // through scanner.scan_buffer's pipeline (rules, decoding, detectors,
  // allowlists) on the calling thread, and its findings and diagnostics go
  // to `sink`. Stops when the sink says so. Fails when a source fails; the
  // findings delivered until then stay delivered.
  result<scan_stats> run_sources(const scanner& scanner, finding_sink& sink) const;

  // A new sink for each of the plugin's reporters.
  std::vector<std::shared_ptr<plugin_reporter>> reporters() const;

  explicit plugin(std::shared_ptr<const detail::plugin_module> module);

 private:
  std::shared_ptr<const detail::plugin_module> module_;
};

// Loads the shared object at `path` (exactly that file: no search path) and
// initialises it with `options`, which the plugin parses itself.
// Refuses, with a message naming the file:
// - not_found: no such file;
// - invalid_argument: not a regular file, writable by group or others, owned
//   by another user than the current one or root, not loadable, a description
//   that is missing or smaller than ABI v1's, or an init that fails (with
//   the plugin's message);
// - unsupported: no nhi_plugin_init_v1 entry point, or another ABI version.
NHI_API result<plugin> load_plugin(const std::string& path, const std::string& options = {});

NHI_END_NAMESPACE
