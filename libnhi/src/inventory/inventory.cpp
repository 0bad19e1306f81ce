// SPDX-License-Identifier: Apache-2.0
// nhi::inventory: opening the file safely, and the public calls, each of
// which turns SQLite failures into a status naming the file.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <set>

#include "classify/dates.hpp"
#include "inventory/impl.hpp"
#include "inventory/schema.hpp"
#include "inventory/store.hpp"
#include "nhi/inventory.hpp"
#include "util/text.hpp"

NHI_BEGIN_NAMESPACE

namespace {

// Creates the file with mode 0600 before SQLite sees it: SQLite would create
// it with the umask's mode, and gives its -wal and -shm files the mode of the
// database file.
status create_private_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return status::ok();  // another process was first; it is a file now either way
    return status(errc::io_error, std::string("cannot create the inventory: ") + std::strerror(errno), path);
  }
  ::fchmod(fd, 0600);
  ::close(fd);
  return status::ok();
}

std::optional<std::int64_t> as_of_for(detail::connection& db, const identity_query& q) {
  if (!q.as_of.empty()) return detail::parse_time(q.as_of);
  if (q.snapshot > 0) return detail::parse_time(detail::read_snapshot(db, q.snapshot).taken_at);
  return detail::now_seconds();
}

bool same_text(std::string_view a, std::string_view b) { return detail::to_lower_ascii(a) == detail::to_lower_ascii(b); }

bool matches(const identity& id, const identity_query& q) {
  if (!q.risk.empty() &&
      std::none_of(id.risks.begin(), id.risks.end(), [&](const risk& r) { return same_text(r.id, q.risk); }))
    return false;
  if (!q.status.empty() && !same_text(identity_status_name(id.status), q.status)) return false;
  if (!q.owner.empty() && !detail::icontains(id.owner, q.owner)) return false;
  if (!q.provider.empty() && !same_text(id.provider, q.provider)) return false;
  return true;
}

status check_query(const identity_query& q) {
  identity_status s;
  if (!q.status.empty() && !parse_identity_status(q.status, s))
    return status(errc::invalid_argument, "unknown status '" + q.status +
                                              "' (active, stale, rotated, revoked, expired, removed, orphaned)");
  std::string risk_id = q.risk;
  for (char& c : risk_id) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (!q.risk.empty() && !*owasp_nhi_title(risk_id))
    return status(errc::invalid_argument, "unknown risk '" + q.risk + "' (NHI1 .. NHI10)");
  if (!q.as_of.empty() && !detail::parse_time(q.as_of))
    return status(errc::invalid_argument, "--as-of '" + q.as_of + "' is not an ISO 8601 date (e.g. 2024-03-01)");
  return status::ok();
}

}  // namespace

const char* identity_status_name(identity_status s) noexcept {
  switch (s) {
    case identity_status::expired: return "expired";
    case identity_status::revoked: return "revoked";
    case identity_status::rotated: return "rotated";
    case identity_status::orphaned: return "orphaned";
    case identity_status::removed: return "removed";
    case identity_status::stale: return "stale";
    case identity_status::active: return "active";
  }
  return "active";
}

bool parse_identity_status(std::string_view text, identity_status& out) noexcept {
  for (identity_status s : {identity_status::expired, identity_status::revoked, identity_status::rotated,
                            identity_status::orphaned, identity_status::removed, identity_status::stale,
                            identity_status::active})
    if (text == identity_status_name(s)) {
      out = s;
      return true;
    }
  return false;
}

inventory::inventory(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
inventory::~inventory() = default;
inventory::inventory(inventory&&) noexcept = default;
inventory& inventory::operator=(inventory&&) noexcept = default;

const std::string& inventory::path() const noexcept { return impl_->printable; }

const char* inventory::backend() const noexcept {
  return impl_->db().kind() == detail::backend::postgresql ? "postgresql" : "sqlite";
}

std::int64_t inventory::schema_version() noexcept { return detail::kSchemaVersion; }

std::int64_t inventory::migrated_from() const noexcept { return impl_->schema_from; }

result<inventory> inventory::open(const std::string& location, const inventory_options& options) {
  if (location.empty()) return status(errc::invalid_argument, "no inventory given (a file path or a postgresql:// URL)");
  const bool server = detail::is_postgresql_location(location);
  if (!server) {
    struct stat st {};
    if (::stat(location.c_str(), &st) != 0) {
      if (!options.create_if_missing)
        return status(errc::not_found, "no inventory here (record a scan first)", location);
      if (status s = create_private_file(location); !s) return s;
    } else if (!S_ISREG(st.st_mode)) {
      return status(errc::invalid_argument, "the inventory must be a regular file", location);
    }
  }
  auto p = std::make_unique<impl>();
  p->path = location;
  p->printable = detail::printable_location(location);
  p->options = options;
  return detail::guarded<inventory>(p->printable, [&]() -> result<inventory> {
    p->conn = detail::open_connection(location, options.busy_timeout_ms);
    if (server && !options.create_if_missing && p->conn->schema_version() == 0)
      return status(errc::not_found, "no inventory in this database (record a scan first)", p->printable);
    auto change = detail::prepare_schema(*p->conn, p->printable, options.migrate);
    if (!change) return change.error();
    p->conn->settle();
    p->schema_from = change.value().from;
    return inventory(std::move(p));
  });
}

result<snapshot_info> inventory::record_scan(const scan_record& meta, const std::vector<finding>& findings,
                                             const analysis_result* facts) {
  detail::record_input in{"scan", &meta, &findings, facts, impl_->printable};
  return detail::guarded<snapshot_info>(impl_->printable, [&] { return detail::record_snapshot(impl_->db(), impl_->options.policy, in); });
}

result<snapshot_info> inventory::record_import(const scan_record& meta, const analysis_result& facts) {
  detail::record_input in{"import", &meta, nullptr, &facts, impl_->printable};
  return detail::guarded<snapshot_info>(impl_->printable, [&] { return detail::record_snapshot(impl_->db(), impl_->options.policy, in); });
}

result<std::vector<identity>> inventory::list(const identity_query& query) const {
  if (status s = check_query(query); !s) return s;
  return detail::guarded<std::vector<identity>>(impl_->printable, [&]() -> result<std::vector<identity>> {
    detail::read_transaction tx(impl_->db());
    if (query.snapshot > 0 && detail::read_snapshot(impl_->db(), query.snapshot).id == 0)
      return status(errc::not_found, "no snapshot " + std::to_string(query.snapshot), impl_->printable);
    const auto as_of = as_of_for(impl_->db(), query);
    const detail::inventory_view view = detail::load_view(impl_->db(), query.snapshot);
    std::vector<identity> all = detail::judge_view(view, query.policy, as_of.value_or(detail::now_seconds()));
    std::vector<identity> out;
    for (identity& id : all)
      if (matches(id, query)) out.push_back(std::move(id));
    return out;
  });
}

result<std::vector<identity>> inventory::classify(const nhi::policy& p, std::string_view as_of) const {
  identity_query q;
  q.policy = p;
  q.as_of = std::string(as_of);
  return list(q);
}

result<identity> inventory::get(std::string_view id, const identity_query& query) const {
  if (status s = check_query(query); !s) return s;
  return detail::guarded<identity>(impl_->printable, [&]() -> result<identity> {
    detail::read_transaction tx(impl_->db());
    const std::string resolved = detail::resolve_identity_id(impl_->db(), std::string(id));
    if (resolved.empty()) return status(errc::not_found, "no identity '" + std::string(id) + "'", impl_->printable);
    const auto as_of = as_of_for(impl_->db(), query);
    const detail::inventory_view view = detail::load_view(impl_->db(), query.snapshot);
    for (const auto& ev : view.identities)
      if (ev.id == resolved) {
        const detail::judgement_context ctx{query.policy, as_of.value_or(detail::now_seconds()), view.author_last_commit};
        return detail::judge(ev, ctx);
      }
    return status(errc::not_found, "identity '" + std::string(id) + "' did not exist yet at snapshot " +
                                       std::to_string(query.snapshot), impl_->printable);
  });
}

result<std::vector<event>> inventory::events(std::string_view identity_id) const {
  return detail::guarded<std::vector<event>>(impl_->printable, [&]() -> result<std::vector<event>> {
    detail::read_transaction tx(impl_->db());
    std::string id(identity_id);
    if (!id.empty()) {
      id = detail::resolve_identity_id(impl_->db(), id);
      if (id.empty()) return status(errc::not_found, "no identity '" + std::string(identity_id) + "'", impl_->printable);
    }
    detail::statement st(impl_->db(), R"sql(
      SELECT e.id, e.identity_id, e.snapshot_id, s.taken_at, e.type, e.from_status, e.to_status, e.detail
      FROM events e JOIN snapshots s ON s.id = e.snapshot_id
      WHERE ?1 = '' OR e.identity_id = ?1 ORDER BY e.id)sql");
    st.bind(1, id);
    std::vector<event> out;
    while (st.step())
      out.push_back({st.integer(0), st.text(1), st.integer(2), st.text(3), st.text(4), st.text(5), st.text(6),
                     st.text(7)});
    return out;
  });
}

result<std::vector<snapshot_info>> inventory::snapshots() const {
  return detail::guarded<std::vector<snapshot_info>>(impl_->printable, [&] {
    detail::read_transaction tx(impl_->db());
    return detail::read_snapshots(impl_->db());
  });
}

NHI_END_NAMESPACE
