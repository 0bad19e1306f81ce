// SPDX-License-Identifier: Apache-2.0
// structure_analyzer: the analyzers as a scan detector, so identity facts are
// drawn from the same buffers the secret rules read. Each file is analysed
// alone; take() then joins what one file names and another completes
// (DBeaver's logins and connections, Remmina's profiles and key).
#include <algorithm>
#include <mutex>

#include "analyze/analyzers.hpp"
#include "nhi/analysis.hpp"

NHI_BEGIN_NAMESPACE

struct structure_analyzer::impl {
  std::mutex mu;
  analysis_result collected;
  // Encrypted values and keys kept for the join in take(), wiped there.
  detail::remmina_join_inputs remmina;
};

structure_analyzer::structure_analyzer() : impl_(std::make_unique<impl>()) {}
structure_analyzer::~structure_analyzer() = default;

const std::string& structure_analyzer::name() const {
  static const std::string kName = "structure";
  return kName;
}

status structure_analyzer::detect(std::string_view data, const origin& where, std::vector<detection>&) const {
  if (where.git && !where.git->in_head) return status::ok();
  auto facts = analyze_file(where.path, data);
  if (!facts) return facts.error();
  detail::remmina_join_inputs remmina;
  remmina.collect(where.path, data);
  if (facts->identities.empty() && facts->findings.empty() && remmina.empty()) return status::ok();
  std::lock_guard<std::mutex> lock(impl_->mu);
  auto& all = impl_->collected;
  std::move(facts->identities.begin(), facts->identities.end(), std::back_inserter(all.identities));
  std::move(facts->findings.begin(), facts->findings.end(), std::back_inserter(all.findings));
  impl_->remmina.take_from(remmina);
  return status::ok();
}

analysis_result structure_analyzer::take() {
  analysis_result out;
  detail::remmina_join_inputs remmina;
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    std::swap(out, impl_->collected);
    remmina.take_from(impl_->remmina);
  }
  // Threads deliver files in any order; callers get a deterministic one.
  std::stable_sort(out.identities.begin(), out.identities.end(), [](const identity_fact& a, const identity_fact& b) {
    return std::tie(a.path, a.line) < std::tie(b.path, b.line);
  });
  std::stable_sort(out.findings.begin(), out.findings.end(), [](const config_finding& a, const config_finding& b) {
    return std::tie(a.path, a.line, a.id) < std::tie(b.path, b.line, b.id);
  });
  detail::join_dbeaver_credentials(out.identities);
  detail::decrypt_remmina_passwords(out.identities, remmina);
  return out;
}

NHI_END_NAMESPACE
