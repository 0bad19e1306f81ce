// SPDX-License-Identifier: Apache-2.0
// The work queue (inventory::enqueue, queue, work_next, retry_failed) and
// merging inventories (merge_from, compare). Backend-neutral: ctest runs
// them on SQLite and again on PostgreSQL ("postgresql:...").
#include <doctest/doctest.h>

#include "unit/inventory/inventory_test_util.hpp"

using namespace inventory_test;

namespace {

nhi::status found_one(const std::string& secret, const nhi::work_unit& unit, nhi::unit_result& out) {
  out.meta = record(unit.repository, "2024-03-01");
  out.findings = {git_finding(secret, "github-pat", "ci.env", 1, "c1", "dev@x.io", "2024-02-01")};
  return nhi::status::ok();
}

}  // namespace

TEST_SUITE("inventory") {

TEST_CASE("inventory: a batch queues each repository once and records each as its own snapshot") {
  temp_dir dir;
  test_inventory where(dir, "q.db");
  auto inv = nhi::inventory::open(where.location()).value();
  CHECK(inv.enqueue("b1", {"/m/a", "/m/b", "/m/a"}).value() == 2);
  CHECK(inv.enqueue("b1", {"/m/b", "/m/c"}).value() == 1);  // b was queued already
  CHECK(inv.enqueue("b2", {"/m/a"}).value() == 1);          // another batch is another unit
  CHECK(inv.queue("b1").value().size() == 3);
  CHECK(inv.queue().value().size() == 4);
  CHECK_FALSE(inv.enqueue("", {"/m/a"}));

  std::vector<std::string> order;
  for (;;) {
    auto unit = inv.work_next("b1", "w1", [&](const nhi::work_unit& u, nhi::unit_result& out) {
      order.push_back(u.repository);
      return found_one("ghp_Qx81kLmQ0pRsT2uVwXyZ3aBcDeFgHiJkLm" + u.repository.substr(3), u, out);
    });
    REQUIRE(unit);
    if (!unit.value()) break;
    CHECK(unit.value()->state == "done");
    CHECK(unit.value()->worker == "w1");
    CHECK(unit.value()->attempts == 1);
    CHECK(unit.value()->snapshot > 0);
  }
  CHECK(order == std::vector<std::string>{"/m/a", "/m/b", "/m/c"});
  const auto snaps = inv.snapshots().value();
  REQUIRE(snaps.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) CHECK(snaps[i].target == order[i]);
  CHECK(inv.classify({}, "2024-03-01").value().size() == 3);
  // Nothing is left: the next worker finds no unit, and the other batch is untouched.
  CHECK_FALSE(inv.work_next("b1", "w2", [](const nhi::work_unit&, nhi::unit_result&) {
                   FAIL("no unit should be left");
                   return nhi::status::ok();
                 }).value());
  CHECK(inv.queue("b2").value().at(0).state == "pending");
}

TEST_CASE("inventory: a repository that fails is recorded failed with its error and the others go on") {
  temp_dir dir;
  test_inventory where(dir, "q.db");
  auto inv = nhi::inventory::open(where.location()).value();
  REQUIRE(inv.enqueue("b", {"/m/broken", "/m/fine"}));
  auto first = inv.work_next("b", "w", [](const nhi::work_unit& u, nhi::unit_result&) {
    return nhi::status(nhi::errc::not_found, "not a git repository", u.repository);
  });
  REQUIRE(first);
  REQUIRE(first.value());
  CHECK(first.value()->state == "failed");
  CHECK(first.value()->error.find("not a git repository") != std::string::npos);
  CHECK(first.value()->snapshot == 0);
  // A result the inventory refuses (no target) fails the unit, not the worker.
  auto second = inv.work_next("b", "w", [](const nhi::work_unit&, nhi::unit_result& out) {
    out.meta = record("", "2024-03-01");
    return nhi::status::ok();
  });
  REQUIRE(second);
  REQUIRE(second.value());
  CHECK(second.value()->state == "failed");
  CHECK(inv.snapshots().value().empty());
  // Retried, both are pending again and then done.
  CHECK(inv.retry_failed("b").value() == 2);
  while (inv.work_next("b", "w", [](const nhi::work_unit& u, nhi::unit_result& out) {
                 out.meta = record(u.repository, "2024-03-02");
                 return nhi::status::ok();
               }).value()) {
  }
  const std::vector<nhi::work_unit> units = inv.queue("b").value();
  REQUIRE(units.size() == 2);
  for (const nhi::work_unit& u : units) {
    CHECK(u.state == "done");
    CHECK(u.attempts == 2);
    CHECK(u.error.empty());
  }
  CHECK(inv.snapshots().value().size() == 2);
}

TEST_CASE("inventory: merging an offline inventory gives the identities a scan here would, and twice changes nothing") {
  temp_dir dir;
  test_inventory where(dir, "central.db");
  const std::string laptop_path = dir.file("laptop.db");  // merged from: always a file
  const std::string shared = "ghp_Mx81kLmQ0pRsT2uVwXyZ3aBcDeFgHiJkLm45";
  const std::string own = "ghp_Nx81kLmQ0pRsT2uVwXyZ3aBcDeFgHiJkLm45";
  {
    auto laptop = nhi::inventory::open(laptop_path).value();
    REQUIRE(laptop.record_scan(record("repo-a", "2024-01-01"),
                               {git_finding(shared, "github-pat", "a.env", 1, "c1", "dev@x.io", "2023-12-01"),
                                git_finding(own, "github-pat", "b.env", 2, "c1", "dev@x.io", "2023-12-01")},
                               nullptr));
    // The second scan no longer has `own`: it is removed, and must stay so after the merge.
    REQUIRE(laptop.record_scan(record("repo-a", "2024-02-01"),
                               {git_finding(shared, "github-pat", "a.env", 1, "c1", "dev@x.io", "2023-12-01")},
                               nullptr));
  }
  auto central = nhi::inventory::open(where.location()).value();
  REQUIRE(central.record_scan(record("repo-b", "2024-01-15"),
                              {git_finding(shared, "github-pat", "x.env", 3, "c9", "ops@x.io", "2024-01-10")},
                              nullptr));
  auto laptop = nhi::inventory::open(laptop_path).value();
  auto merged = central.merge_from(laptop);
  REQUIRE(merged);
  CHECK(merged->snapshots == 2);
  CHECK(merged->skipped_snapshots == 0);
  CHECK(merged->identities_before == 1);
  CHECK(merged->identities_after == 2);  // the shared secret is one identity in both repositories

  const auto ids = central.classify({}, "2024-02-01").value();
  REQUIRE(ids.size() == 2);
  const nhi::identity* both = find_by_fingerprint(ids, shared);
  REQUIRE(both);
  CHECK(both->repositories.size() == 2);
  const nhi::identity* gone = find_by_fingerprint(ids, own);
  REQUIRE(gone);
  CHECK(gone->status == nhi::identity_status::removed);

  auto again = central.merge_from(laptop);
  REQUIRE(again);
  CHECK(again->snapshots == 0);
  CHECK(again->skipped_snapshots == 2);
  CHECK(central.snapshots().value().size() == 3);
  CHECK_FALSE(central.merge_from(central));
}

TEST_CASE("inventory: compare finds identities only here, only there and in another state") {
  temp_dir dir;
  test_inventory where(dir, "one.db");
  const std::string other_path = dir.file("two.db");
  const std::string a = "ghp_Ax81kLmQ0pRsT2uVwXyZ3aBcDeFgHiJkLm45", b = "ghp_Bx81kLmQ0pRsT2uVwXyZ3aBcDeFgHiJkLm45";
  auto one = nhi::inventory::open(where.location()).value();
  auto two = nhi::inventory::open(other_path).value();
  const auto fa = git_finding(a, "github-pat", "a.env", 1, "c1", "dev@x.io", "2024-01-01");
  const auto fb = git_finding(b, "github-pat", "b.env", 1, "c1", "dev@x.io", "2024-01-01");
  for (nhi::inventory* inv : {&one, &two}) REQUIRE(inv->record_scan(record("repo", "2024-02-01"), {fa}, nullptr));
  auto same = one.compare(two, {}, "2024-03-01");
  REQUIRE(same);
  CHECK(same->added.empty());
  CHECK(same->gone.empty());
  CHECK(same->changed.empty());
  // Here `a` is removed by a later scan and `b` is new; there, nothing changed.
  REQUIRE(one.record_scan(record("repo", "2024-02-15"), {fb}, nullptr));
  auto d = one.compare(two, {}, "2024-03-01");
  REQUIRE(d);
  REQUIRE(d->added.size() == 1);
  CHECK(d->added[0].fingerprints == std::vector<std::string>{nhi::fingerprint_of(b)});
  CHECK(d->gone.empty());
  REQUIRE(d->transitions.size() == 1);
  CHECK(d->transitions[0].to == nhi::identity_status::removed);
  auto reverse = two.compare(one, {}, "2024-03-01");
  REQUIRE(reverse);
  CHECK(reverse->gone.size() == 1);
}

}  // TEST_SUITE("inventory")
