// SPDX-License-Identifier: Apache-2.0
// The work queue: repositories to scan, in named batches, shared by workers
// on any number of machines (docs/scale.md). A unit's new state is written
// in the same transaction as its snapshot, so a repository is either
// recorded and done or neither; a worker that dies leaves it pending.
//
// How a unit is claimed is the one place the engines differ: PostgreSQL
// holds the unit's row lock (FOR UPDATE SKIP LOCKED) while the repository is
// scanned, so other workers skip it and a dead worker's lock dies with its
// connection. SQLite has one writer per file and no row locks: the unit is
// picked without a lock and checked again, under the write lock, before its
// result is recorded (a unit another process completed meanwhile is left
// as that process recorded it).
#include <algorithm>
#include <ostream>

#include <nlohmann/json.hpp>

#include "classify/dates.hpp"
#include "inventory/impl.hpp"
#include "inventory/store.hpp"
#include "nhi/inventory.hpp"

NHI_BEGIN_NAMESPACE

namespace {

constexpr const char* kUnitColumns =
    "id, batch, repository, state, attempts, worker, snapshot_id, error, queued_at, finished_at";

work_unit read_unit(const detail::statement& st) {
  work_unit u;
  u.id = st.integer(0);
  u.batch = st.text(1);
  u.repository = st.text(2);
  u.state = st.text(3);
  u.attempts = st.integer(4);
  u.worker = st.text(5);
  u.snapshot = st.integer(6);
  u.error = st.text(7);
  u.queued_at = st.text(8);
  u.finished_at = st.text(9);
  return u;
}

std::optional<work_unit> unit_by_id(detail::connection& db, std::int64_t id) {
  detail::statement st(db, std::string("SELECT ") + kUnitColumns + " FROM work_units WHERE id = ?1");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return read_unit(st);
}

// The next pending unit of `batch`; on PostgreSQL locked for this
// transaction, skipping those other workers hold.
std::optional<work_unit> pick_pending(detail::connection& db, std::string_view batch) {
  std::string sql = std::string("SELECT ") + kUnitColumns +
                    " FROM work_units WHERE batch = ?1 AND state = 'pending' ORDER BY id LIMIT 1";
  if (db.kind() == detail::backend::postgresql) sql += " FOR UPDATE SKIP LOCKED";
  detail::statement st(db, sql);
  st.bind(1, batch);
  if (!st.step()) return std::nullopt;
  return read_unit(st);
}

// Records `work`'s outcome for `unit` inside the caller's transaction.
work_unit complete(detail::connection& db, const nhi::policy& policy, const std::string& where,
                           const work_unit& unit, std::string_view worker, const status& outcome,
                           const unit_result& found) {
  std::int64_t snapshot = 0;
  std::string error;
  if (outcome) {
    detail::record_input in{"scan", &found.meta, &found.findings, &found.facts, where};
    auto recorded = detail::record_snapshot(db, policy, in);
    if (recorded)
      snapshot = recorded.value().id;
    else
      error = recorded.error().to_string();
  } else {
    error = outcome.to_string();
  }
  detail::statement st(db, R"sql(
    UPDATE work_units SET state = ?2, attempts = attempts + 1, worker = ?3, snapshot_id = ?4, error = ?5,
      finished_at = ?6
    WHERE id = ?1)sql");
  st.bind(1, unit.id).bind(2, error.empty() ? "done" : "failed").bind(3, worker).bind(4, snapshot).bind(5, error);
  st.bind(6, detail::format_time(detail::now_seconds()));
  st.run();
  return unit_by_id(db, unit.id).value_or(unit);
}

}  // namespace

result<std::uint64_t> inventory::enqueue(std::string_view batch, const std::vector<std::string>& repositories) {
  if (batch.empty()) return status(errc::invalid_argument, "a batch needs a name");
  return detail::guarded<std::uint64_t>(impl_->printable, [&]() -> result<std::uint64_t> {
    detail::connection& db = impl_->db();
    detail::write_transaction tx(db);
    detail::statement st(db, R"sql(
      INSERT INTO work_units(batch, repository, queued_at) VALUES (?1, ?2, ?3)
      ON CONFLICT (batch, repository) DO NOTHING)sql");
    const std::string now = detail::format_time(detail::now_seconds());
    std::uint64_t added = 0;
    for (const std::string& repo : repositories) {
      if (repo.empty()) continue;
      st.reset();
      st.bind(1, batch).bind(2, repo).bind(3, now);
      st.run();
      added += static_cast<std::uint64_t>(db.changes());
    }
    tx.commit();
    return added;
  });
}

result<std::vector<work_unit>> inventory::queue(std::string_view batch) const {
  return detail::guarded<std::vector<work_unit>>(impl_->printable, [&]() -> result<std::vector<work_unit>> {
    detail::connection& db = impl_->db();
    detail::read_transaction tx(db);
    detail::statement st(db, std::string("SELECT ") + kUnitColumns +
                                 " FROM work_units WHERE ?1 = '' OR batch = ?1 ORDER BY id");
    st.bind(1, batch);
    std::vector<work_unit> out;
    while (st.step()) out.push_back(read_unit(st));
    return out;
  });
}

result<std::uint64_t> inventory::retry_failed(std::string_view batch) {
  return detail::guarded<std::uint64_t>(impl_->printable, [&]() -> result<std::uint64_t> {
    detail::connection& db = impl_->db();
    detail::write_transaction tx(db);
    detail::statement st(db, "UPDATE work_units SET state = 'pending' WHERE batch = ?1 AND state = 'failed'");
    st.bind(1, batch);
    st.run();
    const auto n = static_cast<std::uint64_t>(db.changes());
    tx.commit();
    return n;
  });
}

result<std::optional<work_unit>> inventory::work_next(std::string_view batch, std::string_view worker,
                                                      const unit_work& work) {
  return detail::guarded<std::optional<work_unit>>(impl_->printable, [&]() -> result<std::optional<work_unit>> {
    detail::connection& db = impl_->db();
    const bool row_locks = db.kind() == detail::backend::postgresql;
    for (;;) {
      // Rolled back (the claim released) on any exception.
      std::optional<detail::plain_transaction> claim;
      if (row_locks) claim.emplace(db);
      const std::optional<work_unit> unit = pick_pending(db, batch);
      if (!unit) return std::optional<work_unit>();
      unit_result found;
      status outcome = status::ok();
      try {
        outcome = work(*unit, found);
      } catch (const std::exception& e) {
        outcome = status(errc::internal, e.what(), unit->repository);
      }
      if (row_locks) {
        work_unit done = complete(db, impl_->options.policy, impl_->printable, *unit, worker, outcome, found);
        claim->commit();
        return std::optional<work_unit>(std::move(done));
      }
      detail::write_transaction tx(db);
      const std::optional<work_unit> now = unit_by_id(db, unit->id);
      if (!now || now->state != "pending") continue;  // another process completed it meanwhile
      work_unit done = complete(db, impl_->options.policy, impl_->printable, *unit, worker, outcome, found);
      tx.commit();
      return std::optional<work_unit>(std::move(done));
    }
  });
}

status write_work_units(std::ostream& out, const std::vector<work_unit>& units) {
  nlohmann::json j = {{"units", nlohmann::json::array()}};
  for (const work_unit& u : units)
    j["units"].push_back({{"batch", u.batch}, {"repository", u.repository}, {"state", u.state},
                          {"attempts", u.attempts}, {"worker", u.worker}, {"snapshot", u.snapshot},
                          {"error", u.error}, {"queued_at", u.queued_at}, {"finished_at", u.finished_at}});
  out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  return out ? status::ok() : status(errc::io_error, "cannot write the work units");
}

NHI_END_NAMESPACE
