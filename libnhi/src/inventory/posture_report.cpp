// SPDX-License-Identifier: Apache-2.0
// The OWASP NHI Top 10 posture report: text for a terminal, JSON for tools,
// and one self-contained HTML page (inline CSS, no script, no external
// asset; a Content-Security-Policy forbids loading any).
#include <iomanip>
#include <sstream>

#include "classify/evidence.hpp"
#include "inventory/output.hpp"
#include "util/text.hpp"

namespace nhi::detail {
namespace {

constexpr std::size_t kTextWorst = 20;  // identities listed in full by the text report

// Terminal text: every string may come from a shared (hostile) inventory.
std::string printable(std::string_view s) {
  std::string out = sanitize_utf8(s);
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  return out;
}

std::string status_summary(const posture& p) {
  std::string out;
  for (const auto& [name, count] : p.by_status)
    out += (out.empty() ? "" : ", ") + printable(name) + " " + std::to_string(count);
  return out.empty() ? "none" : out;
}

// The report's "valid and leaked" column: a leaked secret the cloud says
// works is the first thing to fix.
const char* exposure_of(const identity& id) {
  if (id.leaked && id.validity == "valid" && !is_dead(id)) return "valid and leaked";
  if (id.leaked && is_dead(id)) return "leaked, no longer valid";
  if (id.leaked) return "leaked";
  return "";
}

std::string count_of(std::uint64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

void write_text(std::ostream& out, const posture& p) {
  out << "OWASP NHI Top 10 posture as of " << printable(short_date(p.as_of)) << ": "
      << count_of(p.identities, "identity", "identities") << " ("
      << status_summary(p) << ")\n\n";
  for (const posture::category& c : p.categories) {
    out << "  " << std::left << std::setw(6) << printable(c.id) << std::setw(44) << printable(c.title) << std::right << std::setw(5)
        << c.identities << (c.identities == 1 ? " identity" : " identities");
    if (c.config_findings) out << ", " << count_of(c.config_findings, "configuration finding", "configuration findings");
    out << '\n';
  }
  out << "\nWorst identities first (" << p.worst.size() << " with risks)\n";
  for (std::size_t i = 0; i < p.worst.size() && i < kTextWorst; ++i) {
    const identity& id = p.worst[i];
    out << std::right << std::setw(4) << i + 1 << ". " << printable(id.id) << "  " << identity_status_name(id.status) << "  "
        << printable(id.provider + "/" + id.kind) << "  " << printable(id.name) << "  owner "
        << printable(id.owner.empty() ? "(none)" : id.owner);
    if (*exposure_of(id)) out << "  [" << exposure_of(id) << "]";
    out << '\n';
    for (const risk& r : id.risks) out << "        " << std::left << std::setw(6) << printable(r.id) << printable(r.reason) << '\n';
  }
  if (p.worst.size() > kTextWorst)
    out << "      ... and " << p.worst.size() - kTextWorst << " more (--format json lists all)\n";
  out << "\nOwners to contact\n";
  if (p.owners.empty()) out << "  nobody: no usable identity carries a risk\n";
  for (const posture::owner_contact& o : p.owners) {
    out << "  " << printable(o.owner.empty() ? "(no owner: find one)" : o.owner) << (o.departed ? " [departed]" : "")
        << ": " << count_of(o.identity_ids.size(), "identity", "identities") << ", "
        << count_of(o.risks, "risk", "risks") << ":";
    for (const std::string& id : o.identity_ids) out << ' ' << printable(id);
    out << '\n';
  }
  if (!p.unattached.empty()) {
    out << "\nConfiguration findings tied to no identity\n";
    for (const config_finding& c : p.unattached)
      out << "  " << std::left << std::setw(6) << printable(c.category) << printable(place_of(c.path, c.line)) << "  " << printable(c.id)
          << ": " << printable(c.message) << '\n';
  }
}

void write_json(std::ostream& out, const posture& p) {
  ordered_json j;
  j["as_of"] = p.as_of;
  j["identities"] = p.identities;
  j["by_status"] = p.by_status;
  ordered_json cats = ordered_json::array();
  for (const posture::category& c : p.categories)
    cats.push_back({{"id", c.id}, {"title", c.title}, {"identities", c.identities}, {"config_findings", c.config_findings}});
  j["categories"] = std::move(cats);
  ordered_json worst = ordered_json::array();
  for (const identity& id : p.worst) {
    ordered_json w = identity_json(id, false);
    w["exposure"] = exposure_of(id);
    worst.push_back(std::move(w));
  }
  j["worst"] = std::move(worst);
  ordered_json owners = ordered_json::array();
  for (const posture::owner_contact& o : p.owners)
    owners.push_back({{"owner", o.owner}, {"departed", o.departed}, {"identities", o.identity_ids}, {"risks", o.risks}});
  j["owners"] = std::move(owners);
  ordered_json unattached = ordered_json::array();
  for (const config_finding& c : p.unattached)
    unattached.push_back({{"id", c.id}, {"category", c.category}, {"message", c.message}, {"subject", c.subject},
                          {"path", c.path}, {"line", c.line}, {"severity", c.severity}});
  j["config_findings"] = std::move(unattached);
  out << dump_json(j) << '\n';
}

const char* const kStyle = R"css(
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1d2330}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #d8dce3}
.sub{color:#5a6372}table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e6e9ee;vertical-align:top}
th{background:#f3f5f8;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}
.bar{display:inline-block;height:.7rem;background:#c0392b;border-radius:2px}
.risk{font-weight:600;color:#8e2a1f;white-space:nowrap}code{font:12px ui-monospace,monospace;background:#f3f5f8;padding:0 .2rem}
.st{font-size:.8rem;padding:.05rem .4rem;border-radius:.6rem;background:#e8ecf2}
.st-active,.st-orphaned,.st-stale{background:#fbe3e0}.st-revoked,.st-expired,.st-removed{background:#e2f2e6}
.dep{color:#8e2a1f;font-weight:600}
)css";

void write_html(std::ostream& out, const posture& p) {
  auto e = [](std::string_view s) { return html_escape(s); };
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>OWASP NHI Top 10 posture " << e(short_date(p.as_of)) << "</title>\n<style>" << kStyle
      << "</style></head><body>\n";
  out << "<h1>OWASP NHI Top 10 posture</h1>\n<p class=\"sub\">As of " << e(short_date(p.as_of)) << " &middot; "
      << p.identities << " identities (" << e(status_summary(p)) << ")</p>\n";

  std::uint64_t most = 1;
  for (const posture::category& c : p.categories) most = std::max(most, c.identities);
  out << "<h2>Categories</h2>\n<table><tr><th>Id</th><th>Risk</th><th>Identities</th><th></th>"
      << "<th>Configuration findings</th></tr>\n";
  for (const posture::category& c : p.categories)
    out << "<tr><td>" << e(c.id) << "</td><td>" << e(c.title) << "</td><td class=\"n\">" << c.identities
        << "</td><td><span class=\"bar\" style=\"width:" << (c.identities * 160 / most) << "px\"></span></td>"
        << "<td class=\"n\">" << c.config_findings << "</td></tr>\n";
  out << "</table>\n";

  out << "<h2>Worst identities first</h2>\n";
  if (p.worst.empty()) out << "<p>No identity carries a risk.</p>\n";
  else out << "<table><tr><th>#</th><th>Identity</th><th>Valid and leaked</th><th>Status</th><th>Owner</th><th>Risks</th></tr>\n";
  for (std::size_t i = 0; i < p.worst.size(); ++i) {
    const identity& id = p.worst[i];
    const std::string st = identity_status_name(id.status);
    out << "<tr><td class=\"n\">" << i + 1 << "</td><td><code>" << e(id.id) << "</code><br>" << e(id.name) << "<br>"
        << "<span class=\"sub\">" << e(id.provider + "/" + id.kind) << "</span></td><td>"
        << (id.leaked && id.validity == "valid" && !is_dead(id) ? "<span class=\"risk\">yes</span>" : e(exposure_of(id)))
        << "</td><td><span class=\"st st-" << e(st)
        << "\">" << e(st) << "</span><br><span class=\"sub\">" << e(id.status_reason) << "</span></td><td>"
        << e(id.owner.empty() ? "(none)" : id.owner) << "</td><td>";
    // The first reason shown, the others folded (HTML's own <details>: no script).
    for (const risk& r : id.risks) {
      const std::size_t more = r.reason.find("; ");
      out << "<div><span class=\"risk\">" << e(r.id) << "</span> ";
      if (more == std::string::npos)
        out << e(r.reason);
      else
        out << "<details><summary>" << e(r.reason.substr(0, more)) << "</summary>" << e(r.reason.substr(more + 2))
            << "</details>";
      out << "</div>";
    }
    out << "</td></tr>\n";
  }
  if (!p.worst.empty()) out << "</table>\n";

  out << "<h2>Owners to contact</h2>\n";
  if (p.owners.empty()) out << "<p>Nobody: no usable identity carries a risk.</p>\n";
  else out << "<table><tr><th>Owner</th><th>Identities</th><th>Risks</th></tr>\n";
  for (const posture::owner_contact& o : p.owners) {
    out << "<tr><td>" << e(o.owner.empty() ? "(no owner: find one)" : o.owner)
        << (o.departed ? " <span class=\"dep\">departed</span>" : "") << "</td><td>";
    for (const std::string& id : o.identity_ids) out << "<code>" << e(id) << "</code> ";
    out << "</td><td class=\"n\">" << o.risks << "</td></tr>\n";
  }
  if (!p.owners.empty()) out << "</table>\n";

  if (!p.unattached.empty()) {
    out << "<h2>Configuration findings tied to no identity</h2>\n<table><tr><th>Category</th><th>Where</th>"
        << "<th>Finding</th></tr>\n";
    for (const config_finding& c : p.unattached)
      out << "<tr><td>" << e(c.category) << "</td><td><code>" << e(place_of(c.path, c.line)) << "</code></td><td>"
          << e(c.id) << ": " << e(c.message) << "</td></tr>\n";
    out << "</table>\n";
  }
  out << "</body></html>\n";
}

}  // namespace
}  // namespace nhi::detail

NHI_BEGIN_NAMESPACE

status write_posture(std::ostream& out, inventory_format format, const posture& p) {
  switch (format) {
    case inventory_format::text: detail::write_text(out, p); break;
    case inventory_format::json: detail::write_json(out, p); break;
    case inventory_format::html: detail::write_html(out, p); break;
    case inventory_format::csv:
      return status(errc::invalid_argument, "format 'csv' is not available for the report (text, json, html)");
  }
  return out ? status::ok() : status(errc::io_error, "cannot write the report");
}

NHI_END_NAMESPACE
