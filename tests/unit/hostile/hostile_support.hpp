// SPDX-License-Identifier: Apache-2.0
// Shared by the hostile-input tests (docs/hardening.md): the built-in rules,
// a planted secret they find, and helpers to scan and to time.
#pragma once

#include <doctest/doctest.h>

#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "nhi/nhi.hpp"
#include "test_util.hpp"

namespace hostile {

// A Slack bot token from the rule's own examples (random, not real).
inline const std::string kToken = "xoxb-5796955216759-7395166538800-JcMXyjMIwfjtTq6HSS9Fwtvr";
inline const std::string kLine = "SLACK_BOT_TOKEN=" + kToken + "\n";

inline const nhi::rule_set& rules() {
  static const nhi::rule_set r = [] {
    auto loaded = nhi::rule_set::builtin();
    REQUIRE(loaded.is_ok());
    return loaded.value();
  }();
  return r;
}

struct scan_result {
  std::vector<nhi::finding> findings;
  nhi::scan_stats stats;
  bool has(nhi::diagnostic::kind k, const std::string& path_part = {}) const {
    return std::any_of(stats.diagnostics.begin(), stats.diagnostics.end(), [&](const nhi::diagnostic& d) {
      return d.what == k && d.path.find(path_part) != std::string::npos;
    });
  }
  const nhi::diagnostic* find(nhi::diagnostic::kind k) const {
    for (const auto& d : stats.diagnostics)
      if (d.what == k) return &d;
    return nullptr;
  }
  std::size_t count_token() const {
    return static_cast<std::size_t>(std::count_if(findings.begin(), findings.end(), [](const nhi::finding& f) {
      return f.fingerprint == nhi::fingerprint_of(kToken);
    }));
  }
};

inline scan_result scan_paths(const std::vector<std::string>& paths, nhi::scan_options o = {}) {
  nhi::collecting_sink sink;
  auto stats = nhi::scanner(rules(), std::move(o)).scan_paths(paths, sink);
  REQUIRE_MESSAGE(stats.is_ok(), stats.error().to_string());
  sink.sort();
  return {std::move(sink.findings()), std::move(stats.value())};
}

inline scan_result scan_text(const std::string& text, const std::string& path = "mem.txt", nhi::scan_options o = {}) {
  scan_result r;
  nhi::scanner(rules(), std::move(o)).scan_buffer(text, nhi::origin{path, std::nullopt}, r.findings,
                                                  &r.stats.diagnostics);
  return r;
}

// No test here times itself: wall-clock bounds fail on loaded or sanitized
// hosts and prove little. A hang or a blow-up is caught by ctest's per-test
// TIMEOUT (tests/CMakeLists.txt); measured times are in docs/hardening.md.

inline bool nlohmann_accepts(const std::string& s) { return nlohmann::json::accept(s); }

inline bool is_root() { return ::geteuid() == 0; }

inline std::string cli() { return nhi_test::nhi_cli(); }

// Writes `bytes` over the file at offset `at` (git makes objects read-only).
inline void overwrite(const std::string& path, std::size_t at, const std::string& bytes) {
  ::chmod(path.c_str(), 0644);
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  REQUIRE(f.good());
  f.seekp(static_cast<std::streamoff>(at));
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

}  // namespace hostile
