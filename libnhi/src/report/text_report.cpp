// SPDX-License-Identifier: Apache-2.0
#include <map>
#include <sstream>
#include <set>
#include <vector>

#include "report/writers.hpp"
#include "util/text.hpp"

namespace nhi::detail {
namespace {

struct palette {
  const char* bold = "";
  const char* dim = "";
  const char* red = "";
  const char* yellow = "";
  const char* cyan = "";
  const char* reset = "";
};

palette make_palette(bool color) {
  if (!color) return {};
  return {"\x1b[1m", "\x1b[2m", "\x1b[31m", "\x1b[33m", "\x1b[36m", "\x1b[0m"};
}

const char* severity_color(const palette& p, severity s) {
  return s >= severity::high ? p.red : s == severity::medium ? p.yellow : p.dim;
}

}  // namespace

std::string human_bytes(std::uint64_t n) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(n);
  int u = 0;
  while (v >= 1024 && u < 4) { v /= 1024; ++u; }
  char buf[32];
  std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
  return buf;
}

void write_text(std::ostream& out, const std::vector<finding>& findings, const scan_stats& stats,
                const report_options& options) {
  const palette p = make_palette(options.color);
  std::set<std::string> seen;
  // With grouping, each secret's other places, found in one pass (a scan over
  // all findings per secret was quadratic).
  std::map<std::string, std::vector<const finding*>> places;
  if (options.group_by_secret)
    for (const auto& f : findings) places[f.fingerprint].push_back(&f);
  for (const auto& f : findings) {
    const bool first_time = seen.insert(f.fingerprint).second;
    if (options.group_by_secret && !first_time) continue;
    out << p.bold << sanitize_utf8(f.path) << ':' << f.line << ':' << f.column << p.reset << "  "
        << severity_color(p, f.level) << severity_name(f.level) << p.reset << "  " << f.rule_name << ' '
        << p.dim << '(' << f.rule_id << ')' << p.reset << '\n';
    out << "    " << p.cyan
        << sanitize_utf8(options.show_secrets && !f.secret.empty() ? f.secret : f.redacted) << p.reset
        << "  fingerprint " << f.fingerprint.substr(0, 16);
    if (!f.decoded.empty()) out << "  decoded from " << f.decoded;
    out << '\n';
    if (f.companion)
      out << "    " << p.dim << "paired with " << f.companion->rule_id << " on line " << f.companion->line << ": "
          << (f.external_id.empty() ? sanitize_utf8(f.companion->redacted) : sanitize_utf8(f.external_id)) << p.reset
          << '\n';
    if (f.git) {
      out << "    " << p.dim << "commit " << f.git->commit.substr(0, 12) << ' ' << f.git->date << " by "
          << sanitize_utf8(f.git->author) << " <" << sanitize_utf8(f.git->author_email) << '>'
          << (f.git->in_head ? "" : "  (not in HEAD: lives in history only)") << p.reset << '\n';
    }
    if (options.group_by_secret) {
      std::size_t also = 0;
      for (const finding* g : places[f.fingerprint])
        if (g != &f) {
          if (also++ < 5) out << "    also at " << sanitize_utf8(g->path) << ':' << g->line << '\n';
        }
      if (also > 5) out << "    ... and " << (also - 5) << " more places\n";
    }
  }
  if (!options.text_summary) return;
  if (!findings.empty()) out << '\n';
  out << p.bold << summary_line(findings, stats) << p.reset << '\n';
  if (!findings.empty())
    out << "To accept a known test value, put `nhi:allow` in a comment on its line, or record current "
           "findings with `nhi baseline create`.\n";
}

}  // namespace nhi::detail

NHI_BEGIN_NAMESPACE

std::string summary_line(const std::vector<finding>& findings, const scan_stats& stats) {
  std::set<std::string> unique;
  for (const auto& f : findings) unique.insert(f.fingerprint);
  std::ostringstream out;
  out << findings.size() << (findings.size() == 1 ? " finding" : " findings") << " (" << unique.size() << " unique "
      << (unique.size() == 1 ? "secret" : "secrets") << ") in " << stats.files_scanned
      << (stats.source == "files" ? (stats.files_scanned == 1 ? " file, " : " files, ")
                                  : (stats.files_scanned == 1 ? " blob, " : " blobs, ")) << detail::human_bytes(stats.bytes_scanned) << ", "
      << stats.duration_ms << " ms";
  if (stats.suppressed) out << "; " << stats.suppressed << " suppressed";
  if (stats.files_skipped) out << "; " << stats.files_skipped << " skipped";
  if (stats.files_ignored) out << "; " << stats.files_ignored << " ignored (.gitignore)";
  if (const auto it = stats.diagnostic_counts.find(diagnostic::kind::submodule);
      it != stats.diagnostic_counts.end() && it->second)
    out << "; " << it->second << (it->second == 1 ? " submodule" : " submodules") << " not scanned";
  if (const std::uint64_t missed = incomplete_count(stats)) out << "; INCOMPLETE: " << missed << " not read";
  return out.str();
}

namespace {
const char* kind_phrase(diagnostic::kind k) {
  switch (k) {
    case diagnostic::kind::unreadable: return "unreadable (skipped)";
    case diagnostic::kind::binary: return "binary (skipped)";
    case diagnostic::kind::too_large: return "over the size limit (skipped)";
    case diagnostic::kind::long_line: return "lines over the line limit (not scanned)";
    case diagnostic::kind::invalid_utf8: return "with invalid UTF-8 (scanned as bytes)";
    case diagnostic::kind::special_file: return "special files (skipped)";
    case diagnostic::kind::symlink: return "symbolic links (not followed)";
    case diagnostic::kind::corrupt_object: return "corrupt git objects";
    case diagnostic::kind::error: return "errors";
    case diagnostic::kind::not_in_clone: return "history the clone does not hold (shallow or partial clone)";
    case diagnostic::kind::submodule: return "submodules (other repositories: not scanned, scan them separately)";
  }
  return "errors";
}

void write_one(std::ostream& out, const diagnostic& d) {
  out << detail::terminal_safe(detail::sanitize_utf8(d.path));
  if (d.line) out << ':' << d.line;
}
}  // namespace

void write_notes(std::ostream& out, const scan_stats& stats, bool every) {
  if (every) {
    for (const auto& d : stats.diagnostics) {
      out << "note: ";
      write_one(out, d);
      out << ": " << detail::terminal_safe(detail::sanitize_utf8(d.message)) << '\n';
    }
    // Kinds with more than the report kept (scan_options::diagnostics_per_kind).
    std::map<diagnostic::kind, std::uint64_t> kept;
    for (const auto& d : stats.diagnostics) ++kept[d.what];
    for (const auto& [kind, n] : stats.diagnostic_counts)
      if (n > kept[kind])
        out << "note: " << (n - kept[kind]) << " more " << kind_phrase(kind) << " not listed (--diagnostics all)\n";
    return;
  }
  // Kinds in a fixed order, each with its count (kept or only counted) and first case.
  std::map<int, std::pair<std::uint64_t, const diagnostic*>> by_kind;
  for (const auto& d : stats.diagnostics) {
    if (d.what == diagnostic::kind::binary) continue;  // expected and common: counted in the summary
    auto& slot = by_kind[static_cast<int>(d.what)];
    if (slot.first++ == 0) slot.second = &d;
  }
  for (auto& [kind, entry] : by_kind) {
    const auto counted = stats.diagnostic_counts.find(static_cast<diagnostic::kind>(kind));
    if (counted != stats.diagnostic_counts.end()) entry.first = std::max(entry.first, counted->second);
  }
  for (const auto& [kind, entry] : by_kind) {
    const diagnostic& first = *entry.second;
    out << "note: ";
    if (entry.first == 1) {
      write_one(out, first);
      out << ": " << detail::terminal_safe(detail::sanitize_utf8(first.message)) << '\n';
    } else {
      out << entry.first << ' ' << kind_phrase(first.what) << ", e.g. ";
      write_one(out, first);
      out << ": " << detail::terminal_safe(detail::sanitize_utf8(first.message)) << " (--verbose lists all)\n";
    }
  }
}

bool parse_report_format(std::string_view text, report_format& out) noexcept {
  if (text == "text") out = report_format::text;
  else if (text == "json") out = report_format::json;
  else if (text == "sarif") out = report_format::sarif;
  else if (text == "gitlab") out = report_format::gitlab;
  else return false;
  return true;
}

void write_report(std::ostream& out, report_format format, const std::vector<finding>& findings,
                  const scan_stats& stats, const rule_set& rules, const report_options& options) {
  switch (format) {
    case report_format::text: {
      // Text goes to terminals: every string that came from scanned content,
      // a repository or a plugin is made inert first (escape sequences in a
      // file name must not retitle the window or hide a line).
      std::vector<finding> safe = findings;
      for (auto& f : safe) {
        for (std::string* s : {&f.rule_id, &f.rule_name, &f.provider, &f.kind, &f.path, &f.fingerprint, &f.redacted,
                               &f.decoded, &f.secret, &f.external_id})
          *s = detail::terminal_safe(*s);
        if (f.git)
          for (std::string* s : {&f.git->commit, &f.git->author, &f.git->author_email, &f.git->date})
            *s = detail::terminal_safe(*s);
      }
      scan_stats safe_stats = stats;
      safe_stats.source = detail::terminal_safe(stats.source);
      for (auto& d : safe_stats.diagnostics) {
        d.path = detail::terminal_safe(d.path);
        d.message = detail::terminal_safe(d.message);
      }
      detail::write_text(out, safe, safe_stats, options);
      break;
    }
    case report_format::json: detail::write_json(out, findings, stats, options); break;
    case report_format::sarif: detail::write_sarif(out, findings, rules, options); break;
    case report_format::gitlab: detail::write_gitlab(out, findings, stats, options); break;
  }
}

NHI_END_NAMESPACE
