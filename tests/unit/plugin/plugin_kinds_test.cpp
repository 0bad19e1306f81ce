// SPDX-License-Identifier: Apache-2.0
// A loaded plugin at work: detectors in scans, sources feeding a scanner,
// reporters as sinks — and what the host does when each misbehaves.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <map>

#include "nhi/plugins.hpp"
#include "plugin_test_util.hpp"

#if defined(NHI_TEST_PLUGIN_ACME) && defined(NHI_TEST_PLUGIN_FAULTY)

using plugin_test::temp_dir;

namespace {

// One rule of our own, so these tests do not depend on patterns/.
const char* kTestRules = R"(rules:
  - id: test-key
    name: Test key
    provider: test
    kind: api_key
    pattern: '\b(tsk_[a-z0-9]{20})\b'
    keywords: [tsk_]
    examples: ['key = tsk_q8w7e6r5t4y3u2i1o9p0']
    negative_examples: ['key = tsk_short']
)";

const std::string kLive = "acme_live_4fQz8LmN2pRtX7vKc9YbWe3HsJdA6gUi";
const std::string kTest = "acme_test_Zq1Wx2Ec3Rv4Tb5Yn6Um7Ik8Ol9Pa0Sd";

nhi::plugin load(const std::string& path, const std::string& options = {}) {
  auto p = nhi::load_plugin(path, options);
  REQUIRE_MESSAGE(p, p.error().to_string());
  return p.value();
}

nhi::scanner scanner_with(const nhi::plugin& p, unsigned threads = 1) {
  auto rules = nhi::rule_set::from_yaml(kTestRules, "test.yaml");
  REQUIRE_MESSAGE(rules, rules.error().to_string());
  nhi::scan_options options;
  options.threads = threads;
  options.detectors = p.detectors();
  return nhi::scanner(rules.value(), options);
}

std::vector<nhi::finding> scan_text(const nhi::scanner& s, const std::string& text,
                                    std::vector<nhi::diagnostic>* diags = nullptr) {
  std::vector<nhi::finding> out;
  s.scan_buffer(text, nhi::origin{"config.txt", std::nullopt}, out, diags);
  return out;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Stops the scan at its Nth finding.
class stopping_sink : public nhi::collecting_sink {
 public:
  explicit stopping_sink(std::size_t n) : n_(n) {}
  nhi::sink_action on_finding(const nhi::finding& f) override {
    collecting_sink::on_finding(f);
    return findings().size() >= n_ ? nhi::sink_action::stop : nhi::sink_action::proceed;
  }

 private:
  std::size_t n_;
};

}  // namespace

TEST_CASE("plugin: the example detector finds ACME tokens and only them") {
  const auto p = load(NHI_TEST_PLUGIN_ACME);
  const auto s = scanner_with(p);
  const auto found = scan_text(s, "a = 1\nlive = \"" + kLive + "\"\n  test: " + kTest + "\n");
  REQUIRE(found.size() == 2);
  CHECK(found[0].rule_id == "acme-live-token");
  CHECK(found[0].rule_name == "ACME live API token");
  CHECK(found[0].provider == "acme");
  CHECK(found[0].kind == "api_key");
  CHECK(found[0].level == nhi::severity::critical);
  CHECK(found[0].line == 2);
  CHECK(found[0].column == 9);
  CHECK(found[0].fingerprint == nhi::fingerprint_of(kLive));
  CHECK(found[1].rule_id == "acme-test-token");
  CHECK(found[1].level == nhi::severity::low);
  CHECK(found[1].line == 3);

  CHECK(scan_text(s, "x = acme_live_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\n").empty());  // placeholder
  CHECK(scan_text(s, "x = my" + kLive + "\n").empty());                             // inside a word
  CHECK(scan_text(s, "x = " + kLive + "7\n").empty());                              // body too long
  CHECK(scan_text(s, "x = " + kLive.substr(0, 41) + "\n").empty());                 // too short
  CHECK(scan_text(s, "x = acme_prod_4fQz8LmN2pRtX7vKc9YbWe3HsJdA6gUi\n").empty());   // unknown kind
  CHECK(scan_text(s, "x = " + kLive + " # nhi:allow\n").empty());                  // allow-comments apply
}

TEST_CASE("plugin: a detector runs beside the rules on every file of a threaded scan") {
  const auto p = load(NHI_TEST_PLUGIN_ACME);
  const auto s = scanner_with(p, 4);
  temp_dir dir;
  for (int i = 0; i < 40; ++i) dir.write("f" + std::to_string(i) + ".txt", "k = " + kLive + "\n");
  dir.write("rule.txt", "key = tsk_q8w7e6r5t4y3u2i1o9p0\n");
  nhi::collecting_sink sink;
  auto stats = s.scan_paths({dir.path()}, sink);
  REQUIRE(stats);
  std::size_t acme = 0, rule = 0;
  for (const auto& f : sink.findings()) (f.rule_id == "acme-live-token" ? acme : rule) += 1;
  CHECK(acme == 40);
  CHECK(rule == 1);
}

TEST_CASE("plugin: a failing detector becomes a diagnostic and the scan goes on") {
  const auto p = load(NHI_TEST_PLUGIN_FAULTY);
  const auto s = scanner_with(p);
  temp_dir dir;
  dir.write("a.txt", "FAIL_DETECT\ntoken FAULTY-000000000001\nkey = tsk_q8w7e6r5t4y3u2i1o9p0\n");
  dir.write("b.txt", "token FAULTY-000000000002\n");
  dir.write("c.txt", "BAD_OFFSET\ntoken FAULTY-000000000003\n");
  dir.write("d.txt", "SWALLOW_BAD\n");
  nhi::collecting_sink sink;
  auto stats = s.scan_paths({dir.path()}, sink);
  REQUIRE(stats);
  sink.sort();
  auto file_name = [](const std::string& path) { return std::filesystem::path(path).filename().string(); };
  std::vector<std::string> where;
  for (const auto& f : sink.findings()) where.push_back(file_name(f.path) + " " + f.rule_id);
  // a.txt: the rules still ran; the failed call's detections are dropped.
  CHECK(where == std::vector<std::string>{"a.txt test-key", "b.txt faulty-token"});
  std::map<std::string, std::string> diags;
  for (const auto& d : stats->diagnostics) diags[file_name(d.path)] = d.message;
  CHECK(diags["a.txt"] == "detector 'faulty/faulty': asked to fail");
  CHECK(contains(diags["c.txt"], "detection 'faulty-token' lies outside the buffer"));
  // A detector that ignores a refused detection is still reported.
  CHECK(contains(diags["d.txt"], "lies outside the buffer"));
}

TEST_CASE("plugin: the example source feeds an export file through the scanner") {
#ifdef NHI_TEST_PLUGIN_EXPORT_SOURCE
  temp_dir dir;
  const std::string exported =
      "# exported by a wiki dump\n"
      "\n"
      "pages/deploy.md\t" + plugin_test::base64("Deploy with\nkey " + kLive + "\n") +
      "\tc0ffee00c0ffee00c0ffee00c0ffee00c0ffee00\tAlice\talice@example.com\t2024-05-01T10:00:00Z\n"
      "pages/other.md\t" + plugin_test::base64("key = tsk_q8w7e6r5t4y3u2i1o9p0") + "\r\n"
      "pages/empty.md\t\n";
  const std::string file = dir.write("export.tsv", exported);
  const auto source = load(NHI_TEST_PLUGIN_EXPORT_SOURCE, file);
  CHECK(source.has_sources());
  const auto detector = load(NHI_TEST_PLUGIN_ACME);
  const auto s = scanner_with(detector);
  nhi::collecting_sink sink;
  auto stats = source.run_sources(s, sink);
  REQUIRE_MESSAGE(stats, stats.error().to_string());
  CHECK(stats->source == "plugin");
  CHECK(stats->files_scanned == 3);
  CHECK(stats->findings == 2);
  CHECK(stats->unique_secrets == 2);
  CHECK_FALSE(stats->stopped);
  REQUIRE(sink.findings().size() == 2);
  const auto& live = sink.findings()[0];
  CHECK(live.path == "pages/deploy.md");
  CHECK(live.rule_id == "acme-live-token");
  CHECK(live.line == 2);
  REQUIRE(live.git);
  CHECK(live.git->commit == "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00");
  CHECK(live.git->author == "Alice");
  CHECK(live.git->author_email == "alice@example.com");
  CHECK(live.git->date == "2024-05-01T10:00:00Z");
  const auto& rule = sink.findings()[1];
  CHECK(rule.path == "pages/other.md");
  CHECK(rule.rule_id == "test-key");
  CHECK_FALSE(rule.git);
#else
  MESSAGE("example plugins not built");
#endif
}

TEST_CASE("plugin: a malformed export line fails the source with file and line") {
#ifdef NHI_TEST_PLUGIN_EXPORT_SOURCE
  temp_dir dir;
  const std::string file =
      dir.write("export.tsv", "a.txt\t" + plugin_test::base64("key " + kLive) + "\nb.txt\tnot*base64\n");
  const auto source = load(NHI_TEST_PLUGIN_EXPORT_SOURCE, file);
  const auto s = scanner_with(load(NHI_TEST_PLUGIN_ACME));
  nhi::collecting_sink sink;
  auto stats = source.run_sources(s, sink);
  REQUIRE_FALSE(stats);
  CHECK(stats.error().code() == nhi::errc::parse_error);
  CHECK(stats.error().message() == "source 'export-source/export': " + file + ":2: content is not valid base64");
  CHECK(sink.findings().size() == 1);  // what came before the bad line was delivered
#else
  MESSAGE("example plugins not built");
#endif
}

TEST_CASE("plugin: a sink that stops ends a source's run") {
  const auto p = load(NHI_TEST_PLUGIN_FAULTY);
  const auto s = scanner_with(p);
  stopping_sink sink(1);
  auto stats = p.run_sources(s, sink);
  REQUIRE(stats);
  CHECK(stats->stopped);
  CHECK(sink.findings().size() == 1);
  CHECK(stats->files_scanned == 1);

  // A source that ignores NHI_STOP gets nothing more scanned.
  const auto stubborn = load(NHI_TEST_PLUGIN_FAULTY, "ignore_stop");
  stopping_sink sink2(1);
  auto stats2 = stubborn.run_sources(scanner_with(stubborn), sink2);
  REQUIRE(stats2);
  CHECK(stats2->stopped);
  CHECK(sink2.findings().size() == 1);
  CHECK(stats2->files_scanned == 1);
}

TEST_CASE("plugin: a failing or malformed source is an error naming the plugin") {
  const auto failing = load(NHI_TEST_PLUGIN_FAULTY, "fail_source");
  nhi::collecting_sink sink;
  auto stats = failing.run_sources(scanner_with(failing), sink);
  REQUIRE_FALSE(stats);
  CHECK(stats.error().code() == nhi::errc::parse_error);
  CHECK(stats.error().file() == NHI_TEST_PLUGIN_FAULTY);
  CHECK(stats.error().message() == "source 'faulty/faulty': export truncated after blob 1");
  CHECK(sink.findings().size() == 1);

  const auto bad = load(NHI_TEST_PLUGIN_FAULTY, "bad_blob");
  nhi::collecting_sink sink2;
  auto stats2 = bad.run_sources(scanner_with(bad), sink2);
  REQUIRE_FALSE(stats2);
  CHECK(stats2.error().code() == nhi::errc::invalid_argument);
  CHECK(stats2.error().message() == "source 'faulty/faulty': blob without a path");
  CHECK(sink2.findings().empty());
}

TEST_CASE("plugin: the example reporter writes one line per finding") {
#ifdef NHI_TEST_PLUGIN_LINE_REPORTER
  temp_dir dir;
  const std::string out = dir / "findings.txt";
  const auto p = load(NHI_TEST_PLUGIN_LINE_REPORTER, out);
  const auto reporters = p.reporters();
  REQUIRE(reporters.size() == 1);
  auto& r = *reporters[0];
  CHECK(r.name() == "line-reporter/lines");

  nhi::finding a;
  a.rule_id = "acme-live-token";
  a.level = nhi::severity::critical;
  a.path = "app/config.yaml";
  a.line = 12;
  a.column = 7;
  a.fingerprint = nhi::fingerprint_of(kLive);
  a.redacted = nhi::redact(kLive);
  a.secret = kLive;  // captured, but this reporter never prints it
  nhi::finding b = a;
  b.path = "old.env";
  b.git = nhi::git_provenance{"", "c0ffee00", "Bob", "bob@example.com", "2023-01-01", false};

  REQUIRE(r.begin().is_ok());
  CHECK(r.on_finding(a) == nhi::sink_action::proceed);
  CHECK(r.on_finding(b) == nhi::sink_action::proceed);
  REQUIRE(r.end(nhi::scan_stats{}).is_ok());

  const std::string fp16 = a.fingerprint.substr(0, 16);
  CHECK(plugin_test::read_text(out) ==
        "app/config.yaml:12:7: critical acme-live-token " + a.redacted + " fp=" + fp16 + "\n" +
        "old.env:12:7: critical acme-live-token " + a.redacted + " fp=" + fp16 + " commit=c0ffee00\n");
  struct stat st{};
  REQUIRE(::stat(out.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
#else
  MESSAGE("example plugins not built");
#endif
}

TEST_CASE("plugin: a reporter that says stop halts the scan it is attached to") {
  const auto p = load(NHI_TEST_PLUGIN_FAULTY, "stop_after=2");
  auto reporter = p.reporters().at(0);
  temp_dir dir;
  for (int i = 0; i < 6; ++i) dir.write("f" + std::to_string(i) + ".txt", "key = tsk_q8w7e6r5t4y3u2i1o9p" + std::to_string(i) + "\n");
  const auto s = scanner_with(p);
  REQUIRE(reporter->begin().is_ok());
  auto stats = s.scan_paths({dir.path()}, *reporter);
  REQUIRE(stats);
  CHECK(stats->stopped);
  CHECK(stats->findings == 2);
  CHECK(reporter->end(stats.value()).is_ok());
  // After the stop, the reporter gets nothing more.
  CHECK(reporter->on_finding(nhi::finding{}) == nhi::sink_action::stop);
}

TEST_CASE("plugin: a failing reporter stops and reports the failure from end") {
  nhi::finding f;
  f.rule_id = "x";
  f.path = "x.txt";
  SUBCASE("in report") {
    const auto p = load(NHI_TEST_PLUGIN_FAULTY, "fail_report");
    auto r = p.reporters().at(0);
    REQUIRE(r->begin().is_ok());
    CHECK(r->on_finding(f) == nhi::sink_action::stop);
    const nhi::status s = r->end(nhi::scan_stats{});
    CHECK(s.code() == nhi::errc::io_error);
    CHECK(s.message() == "reporter 'faulty/faulty' report: cannot reach the ticket system");
    CHECK(s.file() == NHI_TEST_PLUGIN_FAULTY);
  }
  SUBCASE("in begin") {
    const auto p = load(NHI_TEST_PLUGIN_FAULTY, "fail_begin");
    auto r = p.reporters().at(0);
    const nhi::status s = r->begin();
    CHECK(s.message() == "reporter 'faulty/faulty' begin: cannot open the ticket system");
    CHECK(r->on_finding(f) == nhi::sink_action::stop);
    CHECK(r->end(nhi::scan_stats{}).message() == s.message());
  }
  SUBCASE("in end") {
    const auto p = load(NHI_TEST_PLUGIN_FAULTY, "fail_end");
    auto r = p.reporters().at(0);
    REQUIRE(r->begin().is_ok());
    CHECK(r->on_finding(f) == nhi::sink_action::proceed);
    CHECK(r->end(nhi::scan_stats{}).message() == "reporter 'faulty/faulty' end: flush failed");
  }
}

#endif
