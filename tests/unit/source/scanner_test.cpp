// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <algorithm>

#include "nhi/config.hpp"
#include "nhi/scanner.hpp"
#include "test_util.hpp"
#include "util/text.hpp"

namespace {

const char* kRules = R"(
rules:
  - id: acme-token
    name: Acme token
    provider: acme
    kind: token
    pattern: '\b(acme_[A-Za-z0-9]{20})\b'
    keywords: [acme_]
    examples: ['t = acme_Zk3mQpR7vWx2Yt8NbLc4']
    negative_examples: ['acme_short']
  - id: acme-password
    name: Acme password
    provider: acme
    kind: password
    pattern: '(?i)acme_password\s*[:=]\s*["'']?([A-Za-z0-9!@#%^&*]{12,})'
    keywords: [acme_password]
    examples: ['ACME_PASSWORD=Zk3mQpR7vWx2Yt8N']
    negative_examples: ['ACME_PASSWORD=short']
  - id: test-private-key
    name: Private key
    provider: generic
    kind: private_key
    pattern: '(-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]+?-----END [A-Z ]*PRIVATE KEY-----)'
    keywords: ['-----begin']
    validators: [pem_private_key]
    examples: []
    negative_examples: []
)";

const std::string kToken = "acme_Zk3mQpR7vWx2Yt8NbLc4";

nhi::scanner make_scanner(nhi::scan_options o = {}) {
  auto rs = nhi::rule_set::from_yaml(kRules, "test.yaml");
  REQUIRE(rs.is_ok());
  return nhi::scanner(rs.value(), std::move(o));
}

std::vector<nhi::finding> scan_text(const std::string& text, nhi::scan_options o = {}) {
  std::vector<nhi::finding> out;
  make_scanner(std::move(o)).scan_buffer(text, nhi::origin{"mem.txt", std::nullopt}, out);
  return out;
}

}  // namespace

TEST_CASE("a finding carries rule, place, fingerprint and a redacted preview, not the secret") {
  auto found = scan_text("first line\n  token: " + kToken + "\n");
  REQUIRE(found.size() == 1);
  const auto& f = found[0];
  CHECK(f.rule_id == "acme-token");
  CHECK(f.provider == "acme");
  CHECK(f.kind == "token");
  CHECK(f.line == 2);
  CHECK(f.column == 10);
  CHECK(f.fingerprint == nhi::fingerprint_of(kToken));
  CHECK(f.secret.empty());
  CHECK(f.redacted.find(kToken.substr(5)) == std::string::npos);

  nhi::scan_options o;
  o.capture_secrets = true;
  CHECK(scan_text(kToken, o).at(0).secret == kToken);
}

TEST_CASE("inline nhi:allow and fingerprint allowlists suppress") {
  CHECK(scan_text("t = " + kToken + "  # nhi:allow test fixture\n").empty());
  nhi::scan_options o;
  o.allow_fingerprints = {nhi::fingerprint_of(kToken)};
  CHECK(scan_text("t = " + kToken + "\n", o).empty());
}

TEST_CASE("several findings on one line: UTF-16 columns counted across them, the allow marker read for each") {
  // "é" is two bytes and one UTF-16 unit, "😀" four bytes and two units.
  const std::string t2 = "acme_Qx7vR2mT9bN4kWz8LpD3";
  const std::string line = "é " + kToken + " 😀 " + t2 + " é " + kToken.substr(0, 5) + "Hy6cP1sVw3Zq8NfRt5Lm";
  auto found = scan_text(line + "\n");
  REQUIRE(found.size() == 3);
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.column < b.column; });
  CHECK(found[0].column == 4);
  CHECK(found[0].column_utf16 == 3);
  CHECK(found[1].column == 4 + kToken.size() + 6);
  CHECK(found[1].column_utf16 == 3 + kToken.size() + 4);
  CHECK(found[2].column == 4 + kToken.size() + 6 + t2.size() + 4);
  CHECK(found[2].column_utf16 == 3 + kToken.size() + 4 + t2.size() + 3);
  CHECK(scan_text(line + " # nhi:allow\n").empty());
}

TEST_CASE("placeholders and templating are not reported") {
  CHECK(scan_text("ACME_PASSWORD=${ACME_PASSWORD_FROM_VAULT}\n").empty());
  CHECK(scan_text("ACME_PASSWORD=changeme12345678\n").empty());
  CHECK(scan_text("ACME_PASSWORD=xxxxxxxxxxxxxxxx\n").empty());
  CHECK(scan_text("ACME_PASSWORD=Zk3mQpR7vWx2Yt8N\n").size() == 1);
}

TEST_CASE("decoding: in a page saved from a site, catch-alls found in its decoded strings are dropped too") {
  auto rs = nhi::rule_set::from_yaml(R"(
rules:
  - id: generic-token
    name: Generic token
    provider: generic
    kind: token
    generic: true
    pattern: '(?i)token["'']?\s*[:=]\s*["'']?([A-Za-z0-9]{16,})'
    keywords: [token]
    examples: ['token = Zk3mQpR7vWx2Yt8N']
    negative_examples: ['token = short']
)", "test.yaml");
  REQUIRE(rs.is_ok());
  const nhi::scanner scanner(rs.value(), {});
  // The value is base64 of a token setting: only the base64 decoder finds it.
  const std::string body = "<script>cfg.set({\"blob\": \"" + nhi::detail::base64_encode("token=Zk3mQpR7vWx2Yt8N") + "\"});</script>\n";
  const auto scan = [&](const std::string& head) {
    std::vector<nhi::finding> out;
    scanner.scan_buffer("<!DOCTYPE html><html><head>" + head + "</head><body>\n" + body + "</body></html>\n",
                        nhi::origin{"page.html", std::nullopt}, out);
    return out;
  };
  const auto own = scan("<script nonce=\"{{ nonce }}\"></script>");
  REQUIRE(own.size() == 1);
  CHECK(own[0].decoded == "base64");
  CHECK(scan("<script nonce=\"i5mZyQ5q2rmPWzKMFhehXQ\"></script>").empty());
}

TEST_CASE("decoding: base64 values, with their key as context, reported at the encoded run") {
  const std::string encoded = nhi::detail::base64_encode("Zk3mQpR7vWx2Yt8N");
  auto found = scan_text("kind: Secret\ndata:\n  acme_password: " + encoded + "\n");
  REQUIRE(found.size() == 1);
  CHECK(found[0].rule_id == "acme-password");
  CHECK(found[0].decoded == "base64");
  CHECK(found[0].line == 3);
  CHECK(found[0].fingerprint == nhi::fingerprint_of("Zk3mQpR7vWx2Yt8N"));

  // base64 inside base64 (a .dockerconfigjson holding a base64 auth).
  const std::string inner = nhi::detail::base64_encode("{\"token\": \"" + kToken + "\"}");
  found = scan_text("config: " + nhi::detail::base64_encode("{\"auth\": \"" + inner + "\"}") + "\n");
  REQUIRE(found.size() == 1);
  CHECK(found[0].decoded == "base64/base64");

  nhi::scan_options off;
  off.decode = false;
  found = scan_text("  acme_password: " + encoded + "\n", off);  // only the encoded text itself
  REQUIRE(found.size() == 1);
  CHECK(found[0].decoded.empty());
  CHECK(found[0].fingerprint == nhi::fingerprint_of(encoded.substr(0, encoded.find('='))));
}

TEST_CASE("decoding: a PEM key inside a JSON string, and percent-encoded text") {
  const std::string body = nhi::detail::base64_encode(std::string("\x30\x76", 2) + std::string(118, '\x5a'));  // DER
  const std::string json = "{\"private_key\": \"-----BEGIN PRIVATE KEY-----\\n" + body.substr(0, 64) + "\\n" +
                           body.substr(64) + "\\n-----END PRIVATE KEY-----\\n\"}";
  auto found = scan_text(json);
  REQUIRE(found.size() == 1);
  CHECK(found[0].rule_id == "test-private-key");

  found = scan_text("url=https://example.org/?acme_password%3DZk3mQpR7vWx2Yt8N\n");
  REQUIRE(found.size() == 1);
  CHECK(found[0].decoded == "percent");
  // Not URL text, or escapes that stand for letters and digits (which no
  // encoder escapes): the '%' belongs to the secret, reported as written.
  for (const std::string line : {"acme_password: \"Zk3m%41pR7vWx2Yt8N\"\n", "acme_password=Zk3m%69pR7vWx2Yt8N\n"}) {
    found = scan_text(line);
    REQUIRE(found.size() == 1);
    CHECK(found[0].decoded.empty());
    CHECK(found[0].fingerprint == nhi::fingerprint_of(line.substr(line.find("Zk3m"), 18)));
  }
}

TEST_CASE("base64 image data and hashes are not decoded into findings") {
  std::string png = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
  CHECK(scan_text(png).empty());
  CHECK(scan_text("integrity: sha512-Zk3mQpR7vWx2Yt8NbLc4HdEfGh5JkLMnPqRsTuVwXyZ0123456789abcdefghij==").empty());
}

TEST_CASE("long lines are scanned in overlapping windows: every secret found once, with its column") {
  nhi::scan_options o;
  o.max_line_length = 100;  // windows are then twice the rule set's overlap
  std::vector<nhi::finding> out;
  std::vector<nhi::diagnostic> diags;
  const std::string text = std::string(200000, 'a') + " " + kToken + " " + std::string(300000, 'b') + " " + kToken +
                           "\nnext " + kToken + "\n";
  make_scanner(o).scan_buffer(text, nhi::origin{"long.js", std::nullopt}, out, &diags);
  REQUIRE(out.size() == 3);
  CHECK(out[0].line == 1);
  CHECK(out[0].column == 200002);
  CHECK(out[1].line == 1);
  CHECK(out[1].column == 200002 + kToken.size() + 300002);
  CHECK(out[2].line == 2);
  CHECK(diags.empty());
}

TEST_CASE("invalid UTF-8 is reported with its line and the text is still scanned") {
  std::vector<nhi::finding> out;
  std::vector<nhi::diagnostic> diags;
  make_scanner().scan_buffer("caf\xe9\n" + kToken + "\n", nhi::origin{"latin1.txt", std::nullopt}, out, &diags);
  CHECK(out.size() == 1);
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].what == nhi::diagnostic::kind::invalid_utf8);
  CHECK(diags[0].line == 1);
}

TEST_CASE("a directory scan: binaries, size limit, excludes, symlinks, FIFOs, unreadable files") {
  nhi_test::temp_dir dir;
  nhi_test::write_file(dir / "src/app.env", "TOKEN=" + kToken + "\n");
  nhi_test::write_file(dir / "src/other.env", "TOKEN=" + kToken + "\n");
  nhi_test::write_file(dir / "vendor/lib.env", "TOKEN=" + kToken + "\n");
  nhi_test::write_file(dir / "bin/blob.bin", std::string(2, '\0') + kToken);
  nhi_test::write_file(dir / "big.env", std::string(5000, 'x') + "\n" + kToken);
  nhi_test::write_file(dir / ".git/config.env", "TOKEN=" + kToken + "\n");  // never scanned
  nhi_test::write_file(dir / "locked.env", "TOKEN=" + kToken + "\n");
  ::chmod((dir / "locked.env").c_str(), 0);
  nhi_test::temp_dir outside;
  nhi_test::write_file(outside / "leak.env", "TOKEN=" + kToken + "\n");
  std::filesystem::create_symlink(outside.path(), dir.path() / "link-out");
  std::filesystem::create_directories(dir.path() / "loop");
  std::filesystem::create_symlink(dir.path(), dir.path() / "loop" / "again");
  ::mkfifo((dir / "pipe").c_str(), 0600);

  nhi::scan_options o;
  o.exclude_globs = {"vendor/**"};
  o.max_file_size = 1000;
  o.threads = 2;
  nhi::collecting_sink sink;
  auto stats = make_scanner(o).scan_paths({dir.str()}, sink);
  REQUIRE(stats.is_ok());
  sink.sort();
  const bool root = ::geteuid() == 0;  // root reads mode-0 files
  REQUIRE(sink.findings().size() == (root ? 3u : 2u));
  CHECK(sink.findings()[0].path == dir.str() + (root ? "/locked.env" : "/src/app.env"));
  CHECK(stats->files_excluded == 1);
  CHECK(stats->unique_secrets == 1);
  auto has = [&](nhi::diagnostic::kind k) {
    for (const auto& d : stats->diagnostics)
      if (d.what == k) return true;
    return false;
  };
  CHECK(has(nhi::diagnostic::kind::binary));
  CHECK(has(nhi::diagnostic::kind::too_large));
  CHECK(has(nhi::diagnostic::kind::special_file));
  if (!root) CHECK(has(nhi::diagnostic::kind::unreadable));
}

TEST_CASE("paths are shown relative to the root as given, path allowlist") {
  nhi_test::temp_dir dir;
  nhi_test::write_file(dir / "a/x.env", "TOKEN=" + kToken + "\n");
  nhi_test::write_file(dir / "tests/fixtures/y.env", "TOKEN=" + kToken + "\n");
  nhi::scan_options o;
  o.allow_paths = {"tests/fixtures/**"};
  nhi::collecting_sink sink;
  const auto cwd = std::filesystem::current_path();
  std::filesystem::current_path(dir.path());
  auto stats = make_scanner(o).scan_paths({"."}, sink);
  std::filesystem::current_path(cwd);
  REQUIRE(stats.is_ok());
  REQUIRE(sink.findings().size() == 1);
  CHECK(sink.findings()[0].path == "a/x.env");
  CHECK(stats->suppressed == 1);
}

TEST_CASE("a sink can stop the scan") {
  struct stop_after_one : nhi::finding_sink {
    int seen = 0;
    nhi::sink_action on_finding(const nhi::finding&) override { ++seen; return nhi::sink_action::stop; }
  } sink;
  nhi_test::temp_dir dir;
  for (int i = 0; i < 20; ++i) nhi_test::write_file(dir / ("f" + std::to_string(i) + ".env"), "T=" + kToken);
  auto stats = make_scanner().scan_paths({dir.str()}, sink);
  REQUIRE(stats.is_ok());
  CHECK(sink.seen == 1);
  CHECK(stats->stopped);
}

TEST_CASE("scanning a missing path is an error naming it") {
  nhi::collecting_sink sink;
  auto stats = make_scanner().scan_paths({"/nonexistent/nhi/path"}, sink);
  CHECK(stats.error().code() == nhi::errc::not_found);
  CHECK(stats.error().file() == "/nonexistent/nhi/path");
}

TEST_CASE("custom detectors report spans, the scanner builds uniform findings") {
  struct digits_detector : nhi::detector {
    std::string n = "digits";
    const std::string& name() const override { return n; }
    nhi::status detect(std::string_view data, const nhi::origin&, std::vector<nhi::detection>& out) const override {
      const auto pos = data.find("PIN-");
      if (pos != std::string_view::npos) out.push_back({"pin", "PIN", "internal", "password", nhi::severity::low, pos, 8});
      return {};
    }
  };
  nhi::scan_options o;
  o.detectors.push_back(std::make_shared<digits_detector>());
  auto found = scan_text("x\nmy PIN-4821 here\n", o);
  REQUIRE(found.size() == 1);
  CHECK(found[0].rule_id == "pin");
  CHECK(found[0].line == 2);
  CHECK(found[0].column == 4);
  CHECK(found[0].fingerprint == nhi::fingerprint_of("PIN-4821"));
}

TEST_CASE("project configuration: exclude and allow lists, errors with lines") {
  nhi_test::temp_dir dir;
  nhi_test::write_file(dir / ".nhi.yaml", "exclude: [\"vendor/**\"]\nallow:\n  paths: [\"docs/**\"]\n  fingerprints: [\"ab12cd34ef56ab78\"]\n");
  auto cfg = nhi::find_project_config(dir.str());
  REQUIRE(cfg.is_ok());
  CHECK(cfg->exclude == std::vector<std::string>{"vendor/**"});
  nhi::scan_options o;
  cfg->apply_to(o);
  CHECK(o.allow_paths.size() == 1);
  CHECK(o.allow_fingerprints.size() == 1);

  nhi_test::write_file(dir / "bad.yaml", "exclude: []\nallowed:\n  paths: []\n");
  auto bad = nhi::load_project_config(dir / "bad.yaml");
  CHECK(bad.error().code() == nhi::errc::parse_error);
  CHECK(bad.error().line() == 2);
  CHECK(nhi::find_project_config(dir / "nothing-here").is_ok());
}

// Issue 20, item 10: a file of a million fake keys cost gigabytes of report.
TEST_CASE("findings past the per-file limit are dropped with an error, making the scan incomplete") {
  nhi::scan_options o;
  o.max_findings_per_file = 5;
  std::string text;
  for (int i = 0; i < 8; ++i) text += "token: " + kToken + "\n";
  std::vector<nhi::finding> out;
  std::vector<nhi::diagnostic> diags;
  make_scanner(o).scan_buffer(text, nhi::origin{"many.txt", std::nullopt}, out, &diags);
  CHECK(out.size() == 5);
  CHECK(out.back().line == 5);
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].what == nhi::diagnostic::kind::error);
  CHECK(diags[0].line == 6);
  CHECK(diags[0].message.find("8 matches in one file: only the first 5") != std::string::npos);
  CHECK(nhi::makes_scan_incomplete(diags[0].what));
  o.max_findings_per_file = 0;  // no limit
  out.clear();
  make_scanner(o).scan_buffer(text, nhi::origin{"many.txt", std::nullopt}, out);
  CHECK(out.size() == 8);
}

// Many files, each under the per-file limit, must not add up to gigabytes
// either: the scan stops at the per-scan limit and says so (incomplete).
TEST_CASE("a scan stops at the per-scan findings limit with an error, making it incomplete") {
  nhi_test::temp_dir dir;
  for (int i = 0; i < 4; ++i) {
    std::string text;
    for (int j = 0; j < 3; ++j) text += "token: " + kToken + "\n";
    nhi_test::write_file(dir / ("f" + std::to_string(i) + ".txt"), text);
  }
  nhi::scan_options o;
  o.max_findings_per_scan = 5;
  o.threads = 1;
  nhi::collecting_sink sink;
  auto stats = make_scanner(o).scan_paths({dir.str()}, sink);
  REQUIRE(stats.is_ok());
  CHECK(sink.findings().size() == 5);
  CHECK(stats->findings == 5);
  CHECK(stats->stopped);
  REQUIRE(stats->diagnostics.size() == 1);
  CHECK(stats->diagnostics[0].what == nhi::diagnostic::kind::error);
  CHECK(stats->diagnostics[0].message == "more than 5 findings in one scan: the scan stopped there");
  CHECK(nhi::incomplete_count(stats.value()) == 1);
  o.max_findings_per_scan = 0;  // no limit
  nhi::collecting_sink all;
  CHECK(make_scanner(o).scan_paths({dir.str()}, all)->findings == 12);
}

// Decoded matches once escaped the limit: 20,000 base64-wrapped tokens gave
// 20,000 findings and a complete scan.
TEST_CASE("decoded findings count toward the per-file limit") {
  nhi::scan_options o;
  o.max_findings_per_file = 5;
  std::string text = "token: " + kToken + "\n";
  for (int i = 0; i < 7; ++i) text += "blob" + std::to_string(i) + ": " + nhi::detail::base64_encode("token: " + kToken) + "\n";
  std::vector<nhi::finding> out;
  std::vector<nhi::diagnostic> diags;
  make_scanner(o).scan_buffer(text, nhi::origin{"encoded.txt", std::nullopt}, out, &diags);
  CHECK(out.size() == 5);
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].message.find("8 matches in one file: only the first 5") != std::string::npos);
  CHECK(diags[0].line == 6);  // the first decoded match past the cut (line 1 plain, 2-5 decoded kept)
  CHECK(nhi::makes_scan_incomplete(diags[0].what));
}

TEST_CASE("decoding: a value two rules of one class read, once decoded, is one finding") {
  // The first rule reads the raw URI; the second reads any query's secret=,
  // raw and percent-decoded. Raw, the same span goes to the first rule; the
  // decoded copy of that value must not come back as a second finding.
  const char* rules = R"(
rules:
  - id: acme-uri-seed
    name: Acme URI seed
    provider: acme
    kind: secret_key
    pattern: 'acmeuri://[^\s?]{0,50}\?secret=([A-Z2-7]{16,})'
    keywords: [acmeuri]
  - id: acme-query-secret
    name: Acme query secret
    provider: url
    kind: password
    pattern: '[?&]secret=([A-Za-z0-9]{16,})'
    keywords: ['secret=']
)";
  auto rs = nhi::rule_set::from_yaml(rules, "test.yaml");
  REQUIRE(rs.is_ok());
  std::vector<nhi::finding> out;
  nhi::scanner(rs.value(), {}).scan_buffer("u='acmeuri://Acme%20CI?secret=N7QZK4MWR2XTPJ6LVB3H&issuer=Acme%20CI'\n",
                                           nhi::origin{"mem.txt", std::nullopt}, out);
  REQUIRE(out.size() == 1);
  CHECK(out[0].rule_id == "acme-uri-seed");
  CHECK(out[0].decoded.empty());
}
