// SPDX-License-Identifier: Apache-2.0
// nhi scan --plugin FILE[:OPTIONS], end to end through the binary.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include "plugin_test_util.hpp"

#if defined(NHI_TEST_PLUGIN_ACME) && defined(NHI_TEST_PLUGIN_EXPORT_SOURCE) && \
    defined(NHI_TEST_PLUGIN_LINE_REPORTER) && defined(NHI_TEST_PLUGIN_INIT_ERROR)

using plugin_test::run_nhi;
using plugin_test::shell_quote;
using plugin_test::temp_dir;

namespace {

const std::string kLive = "acme_live_4fQz8LmN2pRtX7vKc9YbWe3HsJdA6gUi";

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::size_t count_of(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size())) ++n;
  return n;
}

std::string plugin_arg(const std::string& file, const std::string& options = {}) {
  return "--plugin " + shell_quote(options.empty() ? file : file + ":" + options);
}

}  // namespace

TEST_CASE("plugin cli: --plugin adds the plugin's detectors to the scan") {
  temp_dir dir;
  dir.write("tree/app.env", "ACME_TOKEN=" + kLive + "\n");
  auto without = run_nhi("scan tree --format json", dir);
  CHECK_FALSE(contains(without.out, "acme-live-token"));
  auto with = run_nhi("scan tree --format json " + plugin_arg(NHI_TEST_PLUGIN_ACME), dir);
  CHECK_MESSAGE(with.exit_code == 1, with.err);
  CHECK(contains(with.out, "\"rule_id\": \"acme-live-token\""));
  CHECK(contains(with.out, "\"path\": \"tree/app.env\""));
}

TEST_CASE("plugin cli: sources add blobs and reporters receive the report's findings") {
  temp_dir dir;
  dir.write("tree/app.env", "ACME_TOKEN=" + kLive + "\n");
  const std::string exported = dir.write(
      "export.tsv", "wiki/page.md\t" + plugin_test::base64("old key acme_live_9fQz8LmN2pRtX7vKc9YbWe3HsJdA6gUi\n") +
                        "\tc0ffee00\tAlice\talice@example.com\t2024-05-01\n");
  const std::string lines = dir / "lines.txt";
  auto r = run_nhi("scan tree --format json " + plugin_arg(NHI_TEST_PLUGIN_ACME) + " " +
                       plugin_arg(NHI_TEST_PLUGIN_EXPORT_SOURCE, exported) + " " +
                       plugin_arg(NHI_TEST_PLUGIN_LINE_REPORTER, lines),
                   dir);
  CHECK_MESSAGE(r.exit_code == 1, r.err);
  CHECK(contains(r.out, "\"path\": \"wiki/page.md\""));
  CHECK(contains(r.out, "\"commit\": \"c0ffee00\""));
  // One line per finding of the report (built-in rules may add their own).
  const std::string reported = plugin_test::read_text(lines);
  CHECK(contains(reported, "tree/app.env:1:12: critical acme-live-token "));
  CHECK(contains(reported, "wiki/page.md:1:9: critical acme-live-token "));
  CHECK(contains(reported, " commit=c0ffee00\n"));
  CHECK(count_of(reported, "\n") == count_of(r.out, "\"rule_id\":"));
}

TEST_CASE("plugin cli: detectors also run on git history, and reporters see its provenance") {
  temp_dir dir;
  dir.write("repo/a.txt", "k=" + kLive + "\n");
  const std::string git = "git -C " + shell_quote(dir / "repo") + " -c user.name=Ann -c user.email=ann@example.com ";
  REQUIRE(std::system((git + "init -q && " + git + "add a.txt && " + git + "commit -qm one && " + git +
                       "rm -q a.txt && " + git + "commit -qm two")
                          .c_str()) == 0);
  const std::string lines = dir / "lines.txt";
  auto r = run_nhi("scan --git repo " + plugin_arg(NHI_TEST_PLUGIN_ACME) + " " +
                       plugin_arg(NHI_TEST_PLUGIN_LINE_REPORTER, lines),
                   dir);
  CHECK_MESSAGE(r.exit_code == 1, r.err);
  const std::string reported = plugin_test::read_text(lines);
  CHECK(contains(reported, "a.txt:1:3: critical acme-live-token "));
  CHECK(contains(reported, " commit="));
}

TEST_CASE("plugin cli: a plugin that cannot be loaded is exit 2 with the reason") {
  temp_dir dir;
  const std::string tree = dir / "tree";
  dir.write("tree/a.txt", "nothing here\n");

  auto missing = run_nhi("scan " + shell_quote(tree) + " " + plugin_arg(dir / "missing.so"), dir);
  CHECK(missing.exit_code == 2);
  CHECK(contains(missing.err, dir / "missing.so"));
  CHECK(contains(missing.err, "No such file"));

  const std::string writable = dir.copy(NHI_TEST_PLUGIN_ACME, "acme.so");
  REQUIRE(::chmod(writable.c_str(), 0757) == 0);
  auto ww = run_nhi("scan " + shell_quote(tree) + " " + plugin_arg(writable), dir);
  CHECK(ww.exit_code == 2);
  CHECK(contains(ww.err, writable + ": cannot load plugin: it is writable by group or others"));

  auto init = run_nhi("scan " + shell_quote(tree) + " " + plugin_arg(NHI_TEST_PLUGIN_INIT_ERROR), dir);
  CHECK(init.exit_code == 2);
  CHECK(contains(init.err, "licence file acme.lic not found"));

  auto options = run_nhi("scan " + shell_quote(tree) + " " + plugin_arg(NHI_TEST_PLUGIN_EXPORT_SOURCE), dir);
  CHECK(options.exit_code == 2);
  CHECK(contains(options.err, "export-source needs the export file"));
}

TEST_CASE("plugin cli: FILE may contain ':' and still take OPTIONS") {
  temp_dir dir;
  dir.write("tree/app.env", "ACME_TOKEN=" + kLive + "\n");
  std::filesystem::create_directories(dir / "odd:dir");
  const std::string reporter = dir.copy(NHI_TEST_PLUGIN_LINE_REPORTER, "odd:dir/line_reporter.so");
  const std::string lines = dir / "out:put.txt";
  auto r = run_nhi("scan " + shell_quote(dir / "tree") + " " + plugin_arg(NHI_TEST_PLUGIN_ACME) + " " +
                       plugin_arg(reporter, lines),
                   dir);
  CHECK_MESSAGE(r.exit_code == 1, r.err);
  CHECK(contains(plugin_test::read_text(lines), "app.env:1:12: critical acme-live-token"));
}

#endif
