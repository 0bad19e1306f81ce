// SPDX-License-Identifier: Apache-2.0
// The text, JSON and SARIF writers given hostile strings in every field a
// finding, a git provenance or a diagnostic carries (file names, rule fields
// from user rules or plugins, commit metadata from a repository or a plugin
// source). JSON and SARIF must stay parseable; text must not pass terminal
// control bytes through; without show_secrets the secret never appears.
#include <fuzzer/FuzzedDataProvider.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "fuzz_util.hpp"
#include "nhi/report.hpp"

namespace {

constexpr const char* kMarker = "SECRET-";  // longer than any preview keeps

std::string field(FuzzedDataProvider& p) { return p.ConsumeRandomLengthString(64); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  FuzzedDataProvider p(data, size);
  std::vector<nhi::finding> findings;
  nhi::scan_stats stats;
  const unsigned n = p.ConsumeIntegralInRange<unsigned>(0, 4);
  std::vector<std::string> fields;  // everything but the secrets
  auto take = [&](std::string& into) {
    into = field(p);
    fields.push_back(into);
  };
  for (unsigned i = 0; i < n; ++i) {
    nhi::finding f;
    take(f.rule_id);
    take(f.rule_name);
    take(f.provider);
    take(f.kind);
    f.level = static_cast<nhi::severity>(p.ConsumeIntegralInRange<int>(0, 4));
    take(f.path);
    f.line = p.ConsumeIntegral<std::uint64_t>();
    f.column = p.ConsumeIntegral<std::uint64_t>();
    f.secret = kMarker + field(p);
    f.fingerprint = p.ConsumeBool() ? nhi::fingerprint_of(f.secret) : field(p);
    fields.push_back(f.fingerprint);
    f.redacted = nhi::redact(f.secret);
    if (p.ConsumeBool()) take(f.decoded);
    if (p.ConsumeBool()) {
      nhi::git_provenance g;
      take(g.blob_id);
      take(g.commit);
      take(g.author);
      take(g.author_email);
      take(g.date);
      g.in_head = p.ConsumeBool();
      f.git = std::move(g);
    }
    findings.push_back(std::move(f));
  }
  const unsigned nd = p.ConsumeIntegralInRange<unsigned>(0, 3);
  for (unsigned i = 0; i < nd; ++i) {
    nhi::diagnostic d;
    d.what = static_cast<nhi::diagnostic::kind>(p.ConsumeIntegralInRange<int>(0, 8));
    take(d.path);
    d.line = p.ConsumeIntegral<std::uint64_t>();
    take(d.message);
    stats.diagnostics.push_back(std::move(d));
  }
  take(stats.source);
  stats.findings = findings.size();
  stats.bytes_scanned = p.ConsumeIntegral<std::uint64_t>();

  bool marker_elsewhere = false;
  for (const auto& s : fields) marker_elsewhere |= s.find(kMarker) != std::string::npos;

  for (nhi::report_format format : {nhi::report_format::text, nhi::report_format::json, nhi::report_format::sarif}) {
    for (bool group : {false, true}) {
      for (bool show : {false, true}) {
        nhi::report_options o;
        o.show_secrets = show;
        o.group_by_secret = group;
        std::ostringstream out;
        nhi::write_report(out, format, findings, stats, nhi_fuzz::builtin_rules(), o);
        const std::string s = out.str();
        if (format != nhi::report_format::text) {
          nhi_fuzz::check(nlohmann::json::accept(s), "JSON/SARIF output parses");
        } else {
          for (unsigned char c : s)
            nhi_fuzz::check(c >= 0x20 || c == '\n', "text output holds no control bytes");
        }
        if (!show && !marker_elsewhere)
          nhi_fuzz::check(s.find(kMarker) == std::string::npos, "no secret without show_secrets");
      }
    }
  }
  return 0;
}
