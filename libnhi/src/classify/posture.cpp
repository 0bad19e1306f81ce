// SPDX-License-Identifier: Apache-2.0
// The posture a report shows: how many identities fall in each category,
// which identities to fix first, and whom to call about them.
#include <algorithm>
#include <cstdlib>
#include <limits>
#include <map>

#include "classify/dates.hpp"
#include "classify/evidence.hpp"

NHI_BEGIN_NAMESPACE

const char* owasp_nhi_title(std::string_view id) noexcept {
  static const std::pair<const char*, const char*> kTitles[] = {
      {"NHI1", "Improper Offboarding"},
      {"NHI2", "Secret Leakage"},
      {"NHI3", "Vulnerable Third-Party NHI"},
      {"NHI4", "Insecure Authentication"},
      {"NHI5", "Overprivileged NHI"},
      {"NHI6", "Insecure Cloud Deployment Configurations"},
      {"NHI7", "Long-Lived Secrets"},
      {"NHI8", "Environment Isolation"},
      {"NHI9", "NHI Reuse"},
      {"NHI10", "Human Use of NHI"},
  };
  for (const auto& [key, title] : kTitles)
    if (id == key) return title;
  return "";
}

NHI_END_NAMESPACE

namespace nhi::detail {
namespace {

int category_rank(const risk& r) { return std::atoi(r.id.c_str() + 3); }

bool has_risk(const identity& id, const char* category) {
  for (const risk& r : id.risks)
    if (r.id == category) return true;
  return false;
}

// When it came to be: created (or last rotated), else first seen. The
// older, the longer it has been exposed.
std::int64_t born(const identity& id) {
  for (const std::string* when : {&id.last_rotated_at, &id.created_at, &id.first_seen})
    if (const auto t = parse_time(*when)) return *t;
  return std::numeric_limits<std::int64_t>::max();
}

// Worst first, by exposure: a leaked secret the cloud says still works, then
// usable before dead, then privilege (NHI5), then leaked before not, then
// the oldest; then more categories, then by id for a stable order.
bool worse(const identity& a, const identity& b) {
  const bool live_leak_a = a.leaked && a.validity == "valid" && !is_dead(a);
  const bool live_leak_b = b.leaked && b.validity == "valid" && !is_dead(b);
  if (live_leak_a != live_leak_b) return live_leak_a;
  if (is_dead(a) != is_dead(b)) return !is_dead(a);
  if (has_risk(a, "NHI5") != has_risk(b, "NHI5")) return has_risk(a, "NHI5");
  if (a.leaked != b.leaked) return a.leaked;
  if (born(a) != born(b)) return born(a) < born(b);
  if (a.risks.size() != b.risks.size()) return a.risks.size() > b.risks.size();
  const int ra = a.risks.empty() ? 99 : category_rank(a.risks.front());
  const int rb = b.risks.empty() ? 99 : category_rank(b.risks.front());
  if (ra != rb) return ra < rb;
  return a.id < b.id;
}

}  // namespace

posture build_posture(std::vector<identity> identities, const std::vector<config_evidence>& config,
                      const std::vector<bool>& attached, const judgement_context& ctx) {
  posture p;
  p.as_of = format_time(ctx.as_of);
  p.identities = identities.size();
  for (int n = 1; n <= 10; ++n) {
    const std::string id = "NHI" + std::to_string(n);
    p.categories.push_back({id, owasp_nhi_title(id), 0, 0});
  }
  std::map<std::string, posture::owner_contact> owners;
  for (const identity& id : identities) {
    ++p.by_status[identity_status_name(id.status)];
    for (const risk& r : id.risks) {
      const int n = category_rank(r);
      if (n >= 1 && n <= 10) ++p.categories[static_cast<std::size_t>(n - 1)].identities;
    }
    if (id.risks.empty() || is_dead(id)) continue;
    posture::owner_contact& contact = owners[id.owner];
    contact.owner = id.owner;
    contact.departed = owner_departure(id, ctx).has_value();
    contact.identity_ids.push_back(id.id);
    contact.risks += id.risks.size();
  }
  for (std::size_t i = 0; i < config.size(); ++i) {
    const std::string& cat = config[i].finding.category;
    for (posture::category& c : p.categories)
      if (c.id == cat) ++c.config_findings;
    if (i < attached.size() && !attached[i]) p.unattached.push_back(config[i].finding);
  }
  for (identity& id : identities)
    if (!id.risks.empty()) p.worst.push_back(std::move(id));
  std::sort(p.worst.begin(), p.worst.end(), worse);
  for (auto& [name, contact] : owners) p.owners.push_back(std::move(contact));
  std::sort(p.owners.begin(), p.owners.end(), [](const posture::owner_contact& a, const posture::owner_contact& b) {
    if (a.risks != b.risks) return a.risks > b.risks;
    return a.owner < b.owner;
  });
  return p;
}

}  // namespace nhi::detail
