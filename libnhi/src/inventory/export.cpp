// SPDX-License-Identifier: Apache-2.0
// Writing identities, snapshots and diffs as text, JSON or CSV.
#include <iomanip>
#include <sstream>

#include "classify/evidence.hpp"
#include "inventory/output.hpp"
#include "util/text.hpp"

namespace nhi::detail {

std::string dump_json(const ordered_json& j) {
  return j.dump(2, ' ', false, ordered_json::error_handler_t::replace);
}

ordered_json identity_json(const identity& id, bool detailed) {
  ordered_json j;
  j["id"] = id.id;
  j["kind"] = id.kind;
  j["provider"] = id.provider;
  j["name"] = id.name;
  j["external_ids"] = id.external_ids;
  j["fingerprints"] = id.fingerprints;
  j["status"] = identity_status_name(id.status);
  j["owner"] = id.owner;
  j["first_seen"] = id.first_seen;
  j["last_seen"] = id.last_seen;
  j["created_at"] = id.created_at;
  j["expires_at"] = id.expires_at;
  j["last_used_at"] = id.last_used_at;
  j["environments"] = id.environments;
  j["services"] = id.services;
  ordered_json locations = ordered_json::array();
  for (const location& l : id.locations) {
    ordered_json lj;
    lj["repo"] = l.repo;
    lj["path"] = l.path;
    lj["line"] = l.line;
    lj["commit"] = l.commit;
    lj["date"] = l.date;
    lj["author"] = l.author;
    if (detailed) {
      lj["author_email"] = l.author_email;
      lj["rule_id"] = l.rule_id;
      lj["redacted"] = l.redacted;
      lj["in_head"] = l.in_head;
      lj["current"] = l.current;
    }
    locations.push_back(std::move(lj));
  }
  j["locations"] = std::move(locations);
  ordered_json risks = ordered_json::array();
  for (const risk& r : id.risks) risks.push_back({{"id", r.id}, {"reason", r.reason}});
  j["risks"] = std::move(risks);
  if (detailed) {
    j["status_reason"] = id.status_reason;
    j["owner_source"] = id.owner_source;
    j["last_rotated_at"] = id.last_rotated_at;
    j["parent"] = id.parent;
    j["replaced_by"] = id.replaced_by;
    j["repositories"] = id.repositories;
    j["leaked"] = id.leaked;
    j["validity"] = id.validity;
    j["nature"] = id.nature;
    j["nature_reason"] = id.nature_reason;
    j["unowned"] = id.unowned;
  }
  return j;
}

ordered_json snapshot_json(const snapshot_info& s) {
  return ordered_json{{"id", s.id},
                      {"kind", s.kind},
                      {"target", s.target},
                      {"taken_at", s.taken_at},
                      {"recorded_at", s.recorded_at},
                      {"tool_version", s.tool_version},
                      {"rules_version", s.rules_version},
                      {"findings", s.findings},
                      {"facts", s.facts},
                      {"config_findings", s.config_findings},
                      {"identities", s.identities},
                      {"new_identities", s.new_identities}};
}

ordered_json event_json(const event& e) {
  return ordered_json{{"id", e.id},           {"identity_id", e.identity_id}, {"snapshot_id", e.snapshot_id},
                      {"at", e.at},           {"type", e.type},               {"from_status", e.from_status},
                      {"to_status", e.to_status}, {"detail", e.detail}};
}

std::string csv_cell(std::string_view text) {
  std::string cell(text);
  if (!cell.empty() && std::string_view("=+-@\t\r").find(cell.front()) != std::string_view::npos) cell.insert(0, "'");
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (char c : cell) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : sanitize_utf8(text)) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string risk_ids(const identity& id) {
  std::string out;
  for (const risk& r : id.risks) out += (out.empty() ? "" : ",") + r.id;
  return out.empty() ? "-" : out;
}

std::string short_date(const std::string& when) { return when.size() >= 10 ? when.substr(0, 10) : when; }

namespace {

std::string joined(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : sep) + s;
  return out;
}

std::string or_dash(const std::string& s) { return s.empty() ? "-" : s; }

// Terminal text: control characters from scanned names never reach the terminal raw.
std::string printable(std::string_view s) {
  std::string out = sanitize_utf8(s);
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  return out;
}

void identity_line(std::ostream& out, const identity& id) {
  out << std::left << std::setw(17) << printable(id.id) << ' ' << std::setw(8) << identity_status_name(id.status) << ' '
      << printable(or_dash(id.provider) + "/" + or_dash(id.kind)) << "  " << printable(or_dash(id.name)) << "  owner "
      << printable(or_dash(id.owner)) << "  " << printable(risk_ids(id)) << '\n';
}

status unsupported(inventory_format f, const char* what) {
  static const char* const kNames[] = {"text", "json", "csv", "html"};
  return status(errc::invalid_argument,
                std::string("format '") + kNames[static_cast<int>(f)] + "' is not available for " + what);
}

}  // namespace
}  // namespace nhi::detail

NHI_BEGIN_NAMESPACE

bool parse_inventory_format(std::string_view text, inventory_format& out) noexcept {
  if (text == "text") out = inventory_format::text;
  else if (text == "json") out = inventory_format::json;
  else if (text == "csv") out = inventory_format::csv;
  else if (text == "html") out = inventory_format::html;
  else return false;
  return true;
}

status write_identities(std::ostream& out, inventory_format format, const std::vector<identity>& ids) {
  using namespace detail;
  switch (format) {
    case inventory_format::json: {
      ordered_json list = ordered_json::array();
      for (const identity& id : ids) list.push_back(identity_json(id, false));
      out << dump_json(ordered_json{{"identities", std::move(list)}}) << '\n';
      break;
    }
    case inventory_format::csv: {
      out << "id,kind,provider,name,status,owner,first_seen,last_seen,created_at,expires_at,last_used_at,"
             "external_ids,fingerprints,environments,services,repositories,locations,risks,risk_reasons\r\n";
      for (const identity& id : ids) {
        std::vector<std::string> places, reasons;
        for (const location& l : id.locations) places.push_back(l.repo + ":" + place_of(l.path, l.line));
        for (const risk& r : id.risks) reasons.push_back(r.id + ": " + r.reason);
        const std::string cells[] = {id.id, id.kind, id.provider, id.name, identity_status_name(id.status), id.owner,
                                     id.first_seen, id.last_seen, id.created_at, id.expires_at, id.last_used_at,
                                     joined(id.external_ids, ";"), joined(id.fingerprints, ";"),
                                     joined(id.environments, ";"), joined(id.services, ";"),
                                     joined(id.repositories, ";"), joined(places, ";"),
                                     id.risks.empty() ? "" : risk_ids(id), joined(reasons, " | ")};
        std::string row;
        for (const std::string& c : cells) row += (row.empty() ? "" : ",") + csv_cell(sanitize_utf8(c));
        out << row << "\r\n";
      }
      break;
    }
    case inventory_format::text:
      for (const identity& id : ids) identity_line(out, id);
      out << ids.size() << (ids.size() == 1 ? " identity\n" : " identities\n");
      break;
    case inventory_format::html: return unsupported(format, "identity lists (use json or csv)");
  }
  return out ? status::ok() : status(errc::io_error, "cannot write the identities");
}

status write_identity(std::ostream& out, inventory_format format, const identity& id,
                      const std::vector<event>& events) {
  using namespace detail;
  if (format == inventory_format::json) {
    ordered_json j = identity_json(id, true);
    ordered_json ev = ordered_json::array();
    for (const event& e : events) ev.push_back(event_json(e));
    j["events"] = std::move(ev);
    out << dump_json(j) << '\n';
    return out ? status::ok() : status(errc::io_error, "cannot write the identity");
  }
  if (format != inventory_format::text) return unsupported(format, "one identity (use text or json)");
  auto field = [&out](const char* name, const std::string& value) {
    if (!value.empty()) out << "  " << std::left << std::setw(15) << name << printable(value) << '\n';
  };
  out << printable(id.id) << "  " << printable(id.name) << '\n';
  field("kind", id.provider + "/" + id.kind);
  field("status", std::string(identity_status_name(id.status)) + " (" + id.status_reason + ")");
  field("owner", id.owner.empty() ? "(none)" : id.owner + (id.owner_source.empty() ? "" : " [" + id.owner_source + "]"));
  field("external ids", joined(id.external_ids, ", "));
  field("fingerprints", joined(id.fingerprints, ", "));
  field("first seen", id.first_seen);
  field("last seen", id.last_seen);
  field("created", id.created_at);
  field("expires", id.expires_at);
  field("last used", id.last_used_at);
  field("last rotated", id.last_rotated_at);
  field("parent", id.parent);
  field("replaced by", id.replaced_by);
  field("environments", joined(id.environments, ", "));
  field("services", joined(id.services, ", "));
  field("repositories", joined(id.repositories, ", "));
  if (!id.locations.empty()) out << "  locations\n";
  for (const location& l : id.locations) {
    out << "    " << printable(l.repo) << ": " << printable(place_of(l.path, l.line));
    if (!l.commit.empty()) out << "  commit " << printable(l.commit.substr(0, 12));
    if (!l.date.empty()) out << "  " << printable(short_date(l.date));
    if (!l.author.empty()) out << "  " << printable(l.author);
    if (!l.redacted.empty()) out << "  " << printable(l.redacted);
    if (!l.in_head) out << "  [history only]";
    if (!l.current) out << "  [gone]";
    out << '\n';
  }
  if (!id.risks.empty()) out << "  risks\n";
  for (const risk& r : id.risks)
    out << "    " << std::left << std::setw(6) << printable(r.id) << printable(r.reason) << '\n';
  if (!events.empty()) out << "  events\n";
  for (const event& e : events) {
    out << "    " << printable(short_date(e.at)) << "  #" << e.snapshot_id << "  " << printable(e.type);
    if (!e.from_status.empty() || !e.to_status.empty())
      out << " " << printable(or_dash(e.from_status)) << " -> " << printable(or_dash(e.to_status));
    out << "  " << printable(e.detail) << '\n';
  }
  return out ? status::ok() : status(errc::io_error, "cannot write the identity");
}

status write_snapshots(std::ostream& out, inventory_format format, const std::vector<snapshot_info>& snapshots) {
  using namespace detail;
  switch (format) {
    case inventory_format::json: {
      ordered_json list = ordered_json::array();
      for (const snapshot_info& s : snapshots) list.push_back(snapshot_json(s));
      out << dump_json(ordered_json{{"snapshots", std::move(list)}}) << '\n';
      break;
    }
    case inventory_format::csv:
      out << "id,kind,target,taken_at,recorded_at,tool_version,rules_version,findings,facts,config_findings,"
             "identities,new_identities\r\n";
      for (const snapshot_info& s : snapshots)
        out << s.id << ',' << csv_cell(s.kind) << ',' << csv_cell(sanitize_utf8(s.target)) << ','
            << csv_cell(s.taken_at) << ',' << csv_cell(s.recorded_at) << ',' << csv_cell(s.tool_version) << ','
            << csv_cell(s.rules_version) << ',' << s.findings << ',' << s.facts << ',' << s.config_findings << ','
            << s.identities << ',' << s.new_identities << "\r\n";
      break;
    case inventory_format::text:
      for (const snapshot_info& s : snapshots)
        // Every string comes from the database, which may come from someone else.
        out << '#' << s.id << "  " << std::left << std::setw(6) << printable(s.kind) << ' ' << printable(s.taken_at)
            << "  " << printable(s.target) << "  findings " << s.findings << ", facts " << s.facts << ", identities "
            << s.identities << " (" << s.new_identities << " new)"
            << (s.rules_version.empty() ? "" : ", rules " + printable(s.rules_version)) << '\n';
      break;
    case inventory_format::html: return unsupported(format, "snapshots");
  }
  return out ? status::ok() : status(errc::io_error, "cannot write the snapshots");
}

status write_diff(std::ostream& out, inventory_format format, const snapshot_diff& d) {
  using namespace detail;
  // inventory::compare: two inventories, no snapshot ids; `gone` is its own.
  const bool two_inventories = d.from.id == 0 && d.to.id == 0;
  switch (format) {
    case inventory_format::json: {
      ordered_json j;
      j["from"] = snapshot_json(d.from);
      j["to"] = snapshot_json(d.to);
      for (const auto& [key, list] : {std::pair<const char*, const std::vector<identity>*>{"new", &d.added},
                                      {"resolved", &d.resolved}}) {
        ordered_json arr = ordered_json::array();
        for (const identity& id : *list) arr.push_back(identity_json(id, false));
        j[key] = std::move(arr);
      }
      ordered_json changed = ordered_json::array();
      for (const identity_change& c : d.changed) changed.push_back({{"id", c.id}, {"name", c.name}, {"changes", c.what}});
      j["changed"] = std::move(changed);
      ordered_json transitions = ordered_json::array();
      for (const status_transition& t : d.transitions)
        transitions.push_back(
            {{"id", t.id}, {"from", identity_status_name(t.from)}, {"to", identity_status_name(t.to)}});
      j["transitions"] = std::move(transitions);
      if (two_inventories) {
        ordered_json gone = ordered_json::array();
        for (const identity& id : d.gone) gone.push_back(identity_json(id, false));
        j["gone"] = std::move(gone);
      }
      out << dump_json(j) << '\n';
      break;
    }
    case inventory_format::csv:
      out << "change,id,name,from_status,to_status,detail\r\n";
      for (const identity& id : d.added)
        out << "new," << csv_cell(id.id) << ',' << csv_cell(sanitize_utf8(id.name)) << ",," 
            << identity_status_name(id.status) << ',' << csv_cell(risk_ids(id)) << "\r\n";
      for (const identity& id : d.resolved)
        out << "resolved," << csv_cell(id.id) << ',' << csv_cell(sanitize_utf8(id.name)) << ",,"
            << identity_status_name(id.status) << ',' << csv_cell(sanitize_utf8(id.status_reason)) << "\r\n";
      for (const identity_change& c : d.changed)
        for (const std::string& w : c.what)
          out << "changed," << csv_cell(c.id) << ',' << csv_cell(sanitize_utf8(c.name)) << ",,,"
              << csv_cell(sanitize_utf8(w)) << "\r\n";
      for (const status_transition& t : d.transitions)
        out << "transition," << csv_cell(t.id) << ",," << identity_status_name(t.from) << ','
            << identity_status_name(t.to) << ",\r\n";
      for (const identity& id : d.gone)
        out << "gone," << csv_cell(id.id) << ',' << csv_cell(sanitize_utf8(id.name)) << ','
            << identity_status_name(id.status) << ",,\r\n";
      break;
    case inventory_format::text: {
      if (two_inventories)
        out << "inventory " << printable(d.from.target) << " -> " << printable(d.to.target) << " (as of "
            << printable(short_date(d.to.taken_at)) << ")\n";
      else
        out << "snapshot #" << d.from.id << " (" << printable(d.from.kind) << ' ' << printable(d.from.target) << ", "
            << printable(short_date(d.from.taken_at)) << ") -> #" << d.to.id << " (" << printable(d.to.kind) << ' '
            << printable(d.to.target) << ", " << printable(short_date(d.to.taken_at)) << ")\n";
      out << "new: " << d.added.size() << '\n';
      for (const identity& id : d.added) {
        out << "  + ";
        identity_line(out, id);
      }
      out << "resolved: " << d.resolved.size() << '\n';
      for (const identity& id : d.resolved)
        out << "  - " << printable(id.id) << "  " << printable(or_dash(id.name)) << "  " << identity_status_name(id.status)
            << ": " << printable(id.status_reason) << '\n';
      out << "changed: " << d.changed.size() << '\n';
      for (const identity_change& c : d.changed) {
        out << "  ~ " << printable(c.id) << "  " << printable(or_dash(c.name)) << '\n';
        for (const std::string& w : c.what) out << "      " << printable(w) << '\n';
      }
      out << "state transitions: " << d.transitions.size() << '\n';
      for (const status_transition& t : d.transitions)
        out << "  " << printable(t.id) << "  " << identity_status_name(t.from) << " -> " << identity_status_name(t.to) << '\n';
      if (two_inventories) {
        out << "gone: " << d.gone.size() << '\n';
        for (const identity& id : d.gone) {
          out << "  - ";
          identity_line(out, id);
        }
      }
      break;
    }
    case inventory_format::html: return unsupported(format, "diffs");
  }
  return out ? status::ok() : status(errc::io_error, "cannot write the diff");
}

NHI_END_NAMESPACE
