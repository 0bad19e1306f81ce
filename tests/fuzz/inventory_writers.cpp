// SPDX-License-Identifier: Apache-2.0
// The inventory writers (JSON, CSV, text, HTML) given hostile strings in every
// identity, location, risk, event and posture field: JSON stays parseable,
// HTML holds no unescaped markup from the data, CSV cells are quoted.
#include <fuzzer/FuzzedDataProvider.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "fuzz_util.hpp"
#include "nhi/inventory.hpp"

namespace {

std::string field(FuzzedDataProvider& p) { return p.ConsumeRandomLengthString(48); }

nhi::identity make_identity(FuzzedDataProvider& p) {
  nhi::identity id;
  for (std::string* s : {&id.id, &id.kind, &id.provider, &id.name, &id.status_reason, &id.owner, &id.owner_source,
                         &id.first_seen, &id.last_seen, &id.created_at, &id.expires_at, &id.last_used_at,
                         &id.last_rotated_at, &id.parent, &id.replaced_by})
    *s = field(p);
  id.status = static_cast<nhi::identity_status>(p.ConsumeIntegralInRange<int>(0, 6));
  for (auto* v : {&id.external_ids, &id.fingerprints, &id.environments, &id.services, &id.repositories}) {
    const unsigned n = p.ConsumeIntegralInRange<unsigned>(0, 2);
    for (unsigned i = 0; i < n; ++i) v->push_back(field(p));
  }
  const unsigned nl = p.ConsumeIntegralInRange<unsigned>(0, 2);
  for (unsigned i = 0; i < nl; ++i) {
    nhi::location l;
    for (std::string* s : {&l.repo, &l.path, &l.commit, &l.date, &l.author, &l.author_email, &l.rule_id, &l.redacted})
      *s = field(p);
    l.line = p.ConsumeIntegral<std::uint64_t>();
    l.in_head = p.ConsumeBool();
    l.current = p.ConsumeBool();
    id.locations.push_back(std::move(l));
  }
  const unsigned nr = p.ConsumeIntegralInRange<unsigned>(0, 2);
  for (unsigned i = 0; i < nr; ++i) id.risks.push_back({field(p), field(p)});
  return id;
}

void check_output(nhi::inventory_format format, const std::string& s, const std::string& what) {
  if (format == nhi::inventory_format::json) nhi_fuzz::check(nlohmann::json::accept(s), "inventory JSON parses", what);
  if (format == nhi::inventory_format::text)
    for (unsigned char c : s) nhi_fuzz::check(c >= 0x20 || c == '\n', "inventory text holds no control bytes", what);
  if (format == nhi::inventory_format::html)
    nhi_fuzz::check(s.find("<fuzz") == std::string::npos, "HTML escapes data", what);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  FuzzedDataProvider p(data, size);
  std::vector<nhi::identity> ids;
  const unsigned n = p.ConsumeIntegralInRange<unsigned>(0, 3);
  for (unsigned i = 0; i < n; ++i) ids.push_back(make_identity(p));

  std::vector<nhi::event> events(1);
  for (std::string* s : {&events[0].identity_id, &events[0].at, &events[0].type, &events[0].from_status,
                         &events[0].to_status, &events[0].detail})
    *s = field(p);

  nhi::snapshot_info snap;
  for (std::string* s : {&snap.kind, &snap.target, &snap.taken_at, &snap.recorded_at, &snap.tool_version,
                         &snap.rules_version})
    *s = field(p);

  nhi::snapshot_diff diff;
  diff.from = snap;
  diff.to = snap;
  diff.added = ids;
  diff.resolved = ids;
  diff.changed.push_back({field(p), field(p), {field(p), field(p)}});
  diff.transitions.push_back({field(p), nhi::identity_status::active, nhi::identity_status::removed});

  nhi::posture posture;
  posture.as_of = field(p);
  posture.identities = ids.size();
  posture.by_status[field(p)] = 1;
  posture.categories.push_back({field(p), field(p), 1, 2});
  posture.worst = ids;
  posture.owners.push_back({field(p), p.ConsumeBool(), {field(p)}, 3});
  nhi::config_finding cf;
  for (std::string* s : {&cf.id, &cf.category, &cf.message, &cf.subject, &cf.path, &cf.environment, &cf.severity})
    *s = field(p);
  posture.unattached.push_back(cf);

  using F = nhi::inventory_format;
  for (F format : {F::text, F::json, F::csv, F::html}) {
    {
      std::ostringstream out;
      if (nhi::write_identities(out, format, ids)) check_output(format, out.str(), "identities");
    }
    if (!ids.empty()) {
      std::ostringstream out;
      if (nhi::write_identity(out, format, ids.front(), events)) check_output(format, out.str(), "identity");
    }
    {
      std::ostringstream out;
      if (nhi::write_snapshots(out, format, {snap})) check_output(format, out.str(), "snapshots");
    }
    {
      std::ostringstream out;
      if (nhi::write_diff(out, format, diff)) check_output(format, out.str(), "diff");
    }
    {
      std::ostringstream out;
      if (nhi::write_posture(out, format, posture)) check_output(format, out.str(), "posture");
    }
  }
  return 0;
}
