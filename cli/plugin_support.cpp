// SPDX-License-Identifier: Apache-2.0
#include "plugin_support.hpp"

#include <sys/stat.h>

#include <set>

namespace nhi_cli {
namespace {

bool is_file(const std::string& path) {
  struct stat st{};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

void add_stats(nhi::scan_stats& into, nhi::scan_stats&& more, std::size_t keep_per_kind) {
  into.files_scanned += more.files_scanned;
  into.bytes_scanned += more.bytes_scanned;
  into.files_skipped += more.files_skipped;
  into.findings += more.findings;
  into.suppressed += more.suppressed;
  into.duration_ms += more.duration_ms;
  into.stopped = into.stopped || more.stopped;
  nhi::merge_diagnostics(into, std::move(more), keep_per_kind);
}

}  // namespace

void split_plugin_spec(const std::string& spec, std::string& file, std::string& options) {
  std::size_t cut = std::string::npos;  // the whole spec is the file
  if (!is_file(spec)) {
    cut = spec.find(':');
    for (std::size_t at = spec.rfind(':'); at != std::string::npos && at > 0; at = spec.rfind(':', at - 1)) {
      if (is_file(spec.substr(0, at))) {
        cut = at;
        break;
      }
    }
  }
  file = spec.substr(0, cut);
  options = cut == std::string::npos ? std::string() : spec.substr(cut + 1);
}

nhi::result<plugin_set> plugin_set::load(const std::vector<std::string>& specs) {
  plugin_set set;
  for (const auto& spec : specs) {
    std::string file, options;
    split_plugin_spec(spec, file, options);
    auto p = nhi::load_plugin(file, options);
    if (!p) return p.error();
    set.plugins_.push_back(std::move(p.value()));
  }
  return set;
}

void plugin_set::add_detectors(nhi::scan_options& options) const {
  for (const auto& p : plugins_)
    for (auto& d : p.detectors()) options.detectors.push_back(std::move(d));
}

nhi::status plugin_set::run_sources(const nhi::scanner& scanner, nhi::collecting_sink& sink,
                                    nhi::scan_stats& stats) const {
  bool ran = false;
  for (const auto& p : plugins_) {
    if (stats.stopped || !p.has_sources()) continue;
    auto more = p.run_sources(scanner, sink);
    if (!more) return more.error();
    add_stats(stats, std::move(more.value()), scanner.options().diagnostics_per_kind);
    ran = true;
  }
  if (ran) {
    std::set<std::string> distinct;
    for (const auto& f : sink.findings()) distinct.insert(f.fingerprint);
    stats.unique_secrets = distinct.size();
  }
  return nhi::status::ok();
}

nhi::status plugin_set::report(const std::vector<nhi::finding>& findings, const nhi::scan_stats& stats) const {
  nhi::status first;
  auto keep = [&first](nhi::status s) {
    if (first.is_ok()) first = std::move(s);
  };
  for (const auto& p : plugins_) {
    for (const auto& r : p.reporters()) {
      if (nhi::status s = r->begin(); !s) {
        keep(std::move(s));
        continue;
      }
      for (const auto& f : findings)
        if (r->on_finding(f) == nhi::sink_action::stop) break;
      keep(r->end(stats));
    }
  }
  return first;
}

}  // namespace nhi_cli
