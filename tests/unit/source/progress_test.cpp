// SPDX-License-Identifier: Apache-2.0
// Progress reports (scan_options::progress) and bounded diagnostics
// (scan_options::diagnostics_per_kind), for tree and history scans.
#include <doctest/doctest.h>

#include <atomic>
#include <sstream>

#include <nlohmann/json.hpp>

#include "nhi/git.hpp"
#include "nhi/report.hpp"
#include "nhi/scanner.hpp"
#include "test_util.hpp"
#include "unit/hostile/hostile_support.hpp"

namespace {

using nhi::scan_progress;

// Every report a scan made, and whether two ever overlapped.
struct recorder {
  std::vector<scan_progress> reports;
  std::atomic<int> inside{0};
  bool overlapped = false;
  nhi::progress_callback callback() {
    return [this](const scan_progress& p) {
      if (inside.fetch_add(1) != 0) overlapped = true;
      reports.push_back(p);
      inside.fetch_sub(1);
    };
  }
  const scan_progress* last(scan_progress::phase stage) const {
    for (auto it = reports.rbegin(); it != reports.rend(); ++it)
      if (it->stage == stage) return &*it;
    return nullptr;
  }
};

const std::string kEnv = nhi_test::git_env("Dev", "dev@example.com", "2024-03-01T12:00:00Z");

void git(const std::string& repo, const std::string& args) {
  const auto r = nhi_test::run(kEnv + "git -C '" + repo + "' " + args);
  REQUIRE_MESSAGE(r.exit_code == 0, "git " << args << ": " << r.err);
}

// A history of `versions` commits, each changing one file that holds invalid UTF-8.
void make_latin1_history(const std::string& repo, int versions) {
  git(repo, "init -q -b main");
  for (int i = 0; i < versions; ++i) {
    nhi_test::write_file(repo + "/notes.txt", "caf\xe9 version " + std::to_string(i) + "\n");
    git(repo, "add notes.txt");
    git(repo, "commit -q -m v" + std::to_string(i));
  }
}

}  // namespace

TEST_CASE("a tree scan reports listing, then scanning with every file and byte, serialized") {
  nhi_test::temp_dir dir;
  std::uint64_t bytes = 0;
  for (int i = 0; i < 40; ++i) {
    const std::string text = "line " + std::to_string(i) + "\n";
    nhi_test::write_file(dir / ("f" + std::to_string(i) + ".txt"), text);
    bytes += text.size();
  }
  recorder rec;
  nhi::scan_options o;
  o.threads = 4;
  o.progress = rec.callback();
  nhi::collecting_sink sink;
  auto stats = nhi::scanner(hostile::rules(), o).scan_paths({dir.str()}, sink);
  REQUIRE(stats.is_ok());
  CHECK_FALSE(rec.overlapped);
  const scan_progress* listed = rec.last(scan_progress::phase::listing);
  REQUIRE(listed);
  CHECK(listed->finished);
  CHECK(listed->items_done == 40);
  const scan_progress* scanned = rec.last(scan_progress::phase::scanning);
  REQUIRE(scanned);
  CHECK(scanned->finished);
  CHECK(scanned->items_done == 40);
  CHECK(scanned->items_total == 40);
  CHECK(scanned->bytes_done == bytes);
  // Listing comes first; the scanning reports never go backwards.
  CHECK(rec.reports.front().stage == scan_progress::phase::listing);
  std::uint64_t previous = 0;
  for (const auto& p : rec.reports)
    if (p.stage == scan_progress::phase::scanning) {
      CHECK(p.items_done >= previous);
      previous = p.items_done;
    }
}

TEST_CASE("a history scan reports its blobs, and many versions of a file with invalid UTF-8 give a bounded list") {
  nhi_test::temp_dir repo;
  make_latin1_history(repo.str(), 12);
  recorder rec;
  nhi::scan_options o;
  o.diagnostics_per_kind = 5;
  o.progress = rec.callback();
  nhi::collecting_sink sink;
  auto stats = nhi::scan_git_history(nhi::scanner(hostile::rules(), o), repo.str(), {}, sink);
  REQUIRE(stats.is_ok());

  const scan_progress* scanned = rec.last(scan_progress::phase::scanning);
  REQUIRE(scanned);
  CHECK(scanned->finished);
  CHECK(scanned->items_total == 12);
  CHECK(scanned->items_done == 12);
  CHECK(scanned->bytes_done == stats->bytes_scanned);

  // The sink saw every diagnostic; the stats keep 5 and count 12.
  const auto utf8 = nhi::diagnostic::kind::invalid_utf8;
  CHECK(std::count_if(sink.diagnostics().begin(), sink.diagnostics().end(),
                      [&](const nhi::diagnostic& d) { return d.what == utf8; }) == 12);
  CHECK(std::count_if(stats->diagnostics.begin(), stats->diagnostics.end(),
                      [&](const nhi::diagnostic& d) { return d.what == utf8; }) == 5);
  CHECK(stats->diagnostic_counts.at(utf8) == 12);
  CHECK(nhi::diagnostic_total(stats.value()) == 12);

  std::ostringstream json;
  nhi::write_report(json, nhi::report_format::json, {}, stats.value(), hostile::rules());
  const auto doc = nlohmann::json::parse(json.str());
  CHECK(doc["stats"]["diagnostics"].size() == 5);
  CHECK(doc["stats"]["diagnostic_counts"]["invalid_utf8"] == 12);
  CHECK(doc["stats"]["diagnostics_omitted"] == 7);

  std::ostringstream notes;
  nhi::write_notes(notes, stats.value());
  CHECK(notes.str().find("note: 12 with invalid UTF-8") != std::string::npos);
  std::ostringstream every;
  nhi::write_notes(every, stats.value(), /*every=*/true);
  CHECK(every.str().find("7 more with invalid UTF-8") != std::string::npos);
}

TEST_CASE("diagnostics_per_kind 0 keeps every diagnostic") {
  nhi_test::temp_dir repo;
  make_latin1_history(repo.str(), 8);
  nhi::scan_options o;
  o.diagnostics_per_kind = 0;
  nhi::collecting_sink sink;
  auto stats = nhi::scan_git_history(nhi::scanner(hostile::rules(), o), repo.str(), {}, sink);
  REQUIRE(stats.is_ok());
  CHECK(stats->diagnostics.size() == 8);
  CHECK(stats->diagnostic_counts.at(nhi::diagnostic::kind::invalid_utf8) == 8);
}

TEST_CASE("add_diagnostic and merge_diagnostics keep counts right under the bound") {
  using kind = nhi::diagnostic::kind;
  nhi::scan_stats a, b;
  for (int i = 0; i < 4; ++i) nhi::add_diagnostic(a, {kind::unreadable, "a" + std::to_string(i), 0, "x"}, 3);
  for (int i = 0; i < 5; ++i) nhi::add_diagnostic(b, {kind::unreadable, "b" + std::to_string(i), 0, "x"}, 2);
  nhi::add_diagnostic(b, {kind::binary, "bin", 0, "x"}, 2);
  CHECK(a.diagnostics.size() == 3);
  CHECK(b.diagnostics.size() == 3);
  nhi::merge_diagnostics(a, std::move(b), 3);
  CHECK(a.diagnostic_counts.at(kind::unreadable) == 9);
  CHECK(a.diagnostic_counts.at(kind::binary) == 1);
  CHECK(a.diagnostics.size() == 4);  // 3 unreadable (a0..a2) and the binary one
  CHECK(a.diagnostics[0].path == "a0");
  CHECK(nhi::diagnostic_total(a) == 10);
}
