// SPDX-License-Identifier: Apache-2.0
// nhi::inventory::merge_from: an inventory made elsewhere (a laptop, an
// air-gapped CI) recorded into this one, snapshot by snapshot. Each source
// snapshot's evidence is the rows that were current at it (rows carry the
// interval of snapshots that saw them), rebuilt as the findings and facts a
// scan or import would hand over, and recorded with the snapshot's own date:
// identities then merge by fingerprint and cloud id exactly as if the scan
// had been recorded here, and the classifier judges them the same way.
#include <algorithm>

#include "inventory/impl.hpp"
#include "inventory/store.hpp"
#include "nhi/inventory.hpp"
#include "nhi/rules.hpp"

NHI_BEGIN_NAMESPACE

namespace {

struct source_snapshot {
  std::int64_t id = 0;
  std::string kind, target, taken_at, tool_version, rules_version;
  bool complete = true;
};

std::vector<source_snapshot> snapshots_of(detail::connection& db) {
  detail::statement st(db, R"sql(
    SELECT id, kind, target, taken_at, tool_version, rules_version, complete FROM snapshots ORDER BY id)sql");
  std::vector<source_snapshot> out;
  while (st.step())
    out.push_back({st.integer(0), st.text(1), st.text(2), st.text(3), st.text(4), st.text(5), st.integer(6) != 0});
  return out;
}

// The findings of `s`, as the scanner reported them (without the secret,
// which the inventory never had).
std::vector<finding> findings_at(detail::connection& db, const source_snapshot& s) {
  detail::statement st(db, R"sql(
    SELECT fingerprint, external_id, rule_id, rule_name, provider, kind, severity, redacted, decoded, path, line,
           col, commit_id, author, author_email, commit_date, in_head
    FROM occurrences WHERE target = ?1 AND first_snapshot <= ?2 AND last_snapshot >= ?2 ORDER BY id)sql");
  st.bind(1, s.target).bind(2, s.id);
  std::vector<finding> out;
  while (st.step()) {
    finding f;
    f.fingerprint = st.text(0);
    f.external_id = st.text(1);
    f.rule_id = st.text(2);
    f.rule_name = st.text(3);
    f.provider = st.text(4);
    f.kind = st.text(5);
    if (!parse_severity(st.text(6), f.level)) f.level = severity::high;
    f.redacted = st.text(7);
    f.decoded = st.text(8);
    f.path = st.text(9);
    f.line = static_cast<std::uint64_t>(st.integer(10));
    f.column = static_cast<std::uint64_t>(st.integer(11));
    git_provenance git;
    git.commit = st.text(12);
    git.author = st.text(13);
    git.author_email = st.text(14);
    git.date = st.text(15);
    git.in_head = st.integer(16) != 0;
    if (!git.in_head || !git.commit.empty() || !git.author_email.empty()) f.git = std::move(git);
    out.push_back(std::move(f));
  }
  return out;
}

analysis_result facts_at(detail::connection& db, const source_snapshot& s) {
  analysis_result r;
  r.complete = s.complete;
  // An export's target starts with its account (export_target()).
  if (s.kind == "import") r.account = s.target.substr(0, s.target.find(' '));
  {
    detail::statement st(db, std::string("SELECT ") + detail::kFactColumns +
                                 " FROM facts WHERE target = ?1 AND first_snapshot <= ?2 AND last_snapshot >= ?2"
                                 " ORDER BY id");
    st.bind(1, s.target).bind(2, s.id);
    while (st.step()) r.identities.push_back(detail::fact_from_row(st, 0));
  }
  detail::statement st(db, R"sql(
    SELECT rule_id, category, message, subject, path, line, environment, severity FROM config_findings
    WHERE target = ?1 AND first_snapshot <= ?2 AND last_snapshot >= ?2 ORDER BY id)sql");
  st.bind(1, s.target).bind(2, s.id);
  while (st.step())
    r.findings.push_back({st.text(0), st.text(1), st.text(2), st.text(3), st.text(4),
                          static_cast<std::uint64_t>(st.integer(5)), st.text(6), st.text(7)});
  return r;
}

std::map<std::string, std::string> authors_of(detail::connection& db, const std::string& target) {
  detail::statement st(db, "SELECT email, last_commit FROM authors WHERE target = ?1");
  st.bind(1, target);
  std::map<std::string, std::string> out;
  while (st.step()) out[st.text(0)] = st.text(1);
  return out;
}

std::uint64_t live_identities(detail::connection& db) {
  return static_cast<std::uint64_t>(db.scalar("SELECT count(*) FROM identities WHERE merged_into IS NULL"));
}

// -1: this inventory has the snapshot already; 1: it has a later one of the
// same target (recording this one would make the older view current); 0:
// neither.
int standing_here(detail::connection& db, const source_snapshot& s) {
  detail::statement st(db, R"sql(
    SELECT coalesce(sum(CASE WHEN kind = ?3 AND taken_at = ?2 THEN 1 ELSE 0 END), 0),
           coalesce(sum(CASE WHEN taken_at > ?2 THEN 1 ELSE 0 END), 0)
    FROM snapshots WHERE target = ?1)sql");
  st.bind(1, s.target).bind(2, s.taken_at).bind(3, s.kind);
  if (!st.step()) return 0;
  if (st.integer(0) > 0) return -1;
  return st.integer(1) > 0 ? 1 : 0;
}

}  // namespace

result<merge_summary> inventory::merge_from(const inventory& source) {
  if (&source == this || source.impl_->path == impl_->path)
    return status(errc::invalid_argument, "an inventory cannot be merged into itself", impl_->printable);
  return detail::guarded<merge_summary>(impl_->printable, [&]() -> result<merge_summary> {
    detail::connection& from = source.impl_->db();
    detail::connection& into = impl_->db();
    merge_summary summary;
    summary.identities_before = live_identities(into);
    std::vector<source_snapshot> snaps;
    std::string scheme;
    {
      detail::read_transaction tx(from);
      snaps = snapshots_of(from);
      scheme = detail::stored_fingerprint_scheme(from);
    }
    if (!scheme.empty() && scheme != "unrecorded" && scheme != fingerprint_scheme())
      return status(errc::invalid_argument,
                    "the source inventory's fingerprints were made under key " + scheme + ", this run uses " +
                        fingerprint_scheme() + ": set NHI_FINGERPRINT_KEY to the key it was recorded with",
                    source.impl_->printable);
    // In the order they were taken, so each target's latest stays latest.
    std::stable_sort(snaps.begin(), snaps.end(),
                     [](const source_snapshot& a, const source_snapshot& b) { return a.taken_at < b.taken_at; });
    for (const source_snapshot& s : snaps) {
      if (standing_here(into, s) != 0) {
        ++summary.skipped_snapshots;
        continue;
      }
      std::vector<finding> findings;
      analysis_result facts;
      scan_record meta;
      {
        detail::read_transaction tx(from);
        if (s.kind == "scan") findings = findings_at(from, s);
        facts = facts_at(from, s);
        meta.author_last_commit = authors_of(from, s.target);
      }
      meta.target = s.target;
      meta.taken_at = s.taken_at;
      meta.tool_version = s.tool_version;
      meta.rules_version = s.rules_version;
      detail::record_input in{s.kind, &meta, s.kind == "scan" ? &findings : nullptr, &facts, impl_->printable};
      auto recorded = detail::record_snapshot(into, impl_->options.policy, in);
      if (!recorded) return recorded.error();
      ++summary.snapshots;
    }
    summary.identities_after = live_identities(into);
    return summary;
  });
}

NHI_END_NAMESPACE
