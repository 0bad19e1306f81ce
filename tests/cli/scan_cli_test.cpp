// SPDX-License-Identifier: Apache-2.0
// End-to-end tests of `nhi scan` over working trees: exit codes, the JSON and
// SARIF contracts, redaction, report files, excludes and the demo monorepo.
#include <sys/stat.h>
#include <unistd.h>

#include <regex>

#include "cli/cli_helpers.hpp"

using namespace nhi_cli_test;

namespace {

// A small tree: two secrets at known places and a clean file.
struct sample_tree {
  temp_dir dir;
  std::string env_text = "# billing\nLOG_LEVEL=info\nSTRIPE_KEY=" + kStripeKey + "\n";
  std::string py_text = "import os\n\ndef client():\n    return Github(token=\"" + kGithubToken + "\")\n";
  std::string clean_text = "nothing to see here\n";
  sample_tree() {
    write_file(dir / "config/app.env", env_text);
    write_file(dir / "src/client.py", py_text);
    write_file(dir / "README.txt", clean_text);
  }
};

// 1-based line and byte column of the first occurrence of `needle`.
std::pair<std::uint64_t, std::uint64_t> position_of(const std::string& text, const std::string& needle) {
  const auto at = text.find(needle);
  REQUIRE(at != std::string::npos);
  const auto line = 1 + static_cast<std::uint64_t>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
  const auto bol = text.rfind('\n', at);
  const auto column = static_cast<std::uint64_t>(at - (bol == std::string::npos ? 0 : bol + 1) + 1);
  return {line, column};
}

const std::string kRule =
    "rules:\n"
    "  - id: test-token\n"
    "    name: Test Token\n"
    "    provider: test\n"
    "    kind: token\n"
    "    severity: high\n"
    "    pattern: '\\b(tst_[a-z0-9]{20})\\b'\n"
    "    keywords: [tst_]\n";

}  // namespace

TEST_CASE("cli scan: exit 0 on a clean tree, 1 when secrets are found") {
  temp_dir dir;
  write_file(dir / "a/readme.md", "# hello\nno secrets: ${API_TOKEN}\n");
  write_file(dir / "b/main.c", "int main(void) { return 0; }\n");
  const run_result clean = run_nhi("scan " + shell_quote(dir.str()));
  INFO(clean.out << clean.err);
  CHECK(clean.exit_code == 0);
  CHECK(clean.err.find("0 findings") != std::string::npos);

  write_file(dir / "b/token.txt", "token: " + kGithubToken + "\n");
  const run_result dirty = run_nhi("scan " + shell_quote(dir.str()));
  INFO(dirty.out << dirty.err);
  CHECK(dirty.exit_code == 1);
  CHECK(dirty.out.find("b/token.txt:1:8") != std::string::npos);
}

TEST_CASE("cli scan: a malformed rule file exits 2 and names file:line") {
  temp_dir dir;
  write_file(dir / "tree/clean.txt", "nothing\n");
  SUBCASE("invalid pattern") {
    // Lines 9-15 are the broken rule; its pattern is on line 14.
    write_file(dir / "bad-rules.yaml", kRule +
                                           "  - id: broken\n"
                                           "    name: Broken\n"
                                           "    provider: test\n"
                                           "    kind: token\n"
                                           "    severity: high\n"
                                           "    pattern: '(unclosed'\n"
                                           "    keywords: [unclosed]\n");
    const run_result r = run_nhi("scan --rules bad-rules.yaml tree", dir.str());
    INFO(r.err);
    CHECK(r.exit_code == 2);
    std::smatch m;
    REQUIRE(std::regex_search(r.err, m, std::regex(R"(bad-rules\.yaml:(\d+):)")));
    const int line = std::stoi(m[1]);
    CHECK(line >= 9);
    CHECK(line <= 14);
    CHECK(r.err.find("broken") != std::string::npos);
    CHECK(r.out.empty());
  }
  SUBCASE("invalid YAML") {
    write_file(dir / "bad-rules.yaml", "rules:\n  - id: x\n    name: [unclosed\n    provider: p\n");
    const run_result r = run_nhi("scan tree --rules bad-rules.yaml", dir.str());
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(std::regex_search(r.err, std::regex(R"(bad-rules\.yaml:[1-9]\d*: )")));
  }
  SUBCASE("missing required key") {
    write_file(dir / "bad-rules.yaml", kRule + "  - id: nameless\n    provider: test\n    pattern: '(x+)'\n");
    const run_result r = run_nhi("scan tree --rules bad-rules.yaml", dir.str());
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("bad-rules.yaml:9:") != std::string::npos);
    CHECK(r.err.find("name") != std::string::npos);
  }
}

TEST_CASE("cli scan: repeatable options do not swallow the scanned path") {
  // `--rules FILE PATH` and `--exclude GLOB PATH` must scan PATH, not take it
  // as a second rule file or glob (and then scan the current directory).
  temp_dir dir;
  write_file(dir / "rules.yaml", kRule);
  write_file(dir / "target/t.txt", "tok = tst_q8w3kz0p5vn2rx7ml4ty\ngh = " + kGithubToken + "\n");
  write_file(dir / "target/skip.md", "gh = " + kGithubToken + "\n");
  write_file(dir / "elsewhere/other.txt", "gh = " + kGithubToken + "\n");

  const json with_rules = nhi_json("scan --rules rules.yaml target", 1, dir.str());
  CHECK(path_rules(with_rules) == std::set<std::pair<std::string, std::string>>{{"target/t.txt", "test-token"}});

  const json excluded = nhi_json("scan --exclude '*.md' target", 1, dir.str());
  CHECK(path_rules(excluded) ==
        std::set<std::pair<std::string, std::string>>{{"target/t.txt", "github-pat-classic"}});

  const json two_excludes = nhi_json("scan --exclude '*.md' --exclude 't.txt' target", 0, dir.str());
  CHECK(two_excludes["findings"].empty());
}

TEST_CASE("cli scan: usage errors exit 2") {
  temp_dir dir;
  write_file(dir / "a.txt", "hello\n");
  const std::string d = shell_quote(dir.str());
  for (const std::string& args : std::vector<std::string>{"scan --no-such-option " + d, "scan --format xml " + d, "scan --group-by path " + d,
                                  "scan --branch main " + d, "scan " + shell_quote(dir / "does-not-exist"),
                                  "scan --threads many " + d, std::string("frobnicate"), "scan --git --staged " + d}) {
    const run_result r = run_nhi(args);
    INFO("nhi " << args << "\nstdout: " << r.out << "\nstderr: " << r.err);
    CHECK(r.exit_code == 2);
    CHECK_FALSE(r.err.empty());
    CHECK(r.out.empty());
    // The message names what was wrong.
    if (args.find("does-not-exist") != std::string::npos) CHECK(r.err.find("does-not-exist") != std::string::npos);
    if (args.find("xml") != std::string::npos) CHECK(r.err.find("xml") != std::string::npos);
  }
}

TEST_CASE("cli scan: a runtime failure exits 3") {
  sample_tree t;
  // The report cannot be written: its directory does not exist.
  const run_result r = run_nhi("scan . -o " + shell_quote(t.dir / "missing-dir/report.json"), t.dir.str());
  INFO(r.err);
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("missing-dir/report.json") != std::string::npos);
}

TEST_CASE("cli scan: JSON findings and stats follow the contract") {
  sample_tree t;
  const json doc = nhi_json("scan .", 1, t.dir.str());
  REQUIRE(doc.is_object());
  REQUIRE(doc.contains("findings"));
  REQUIRE(doc.contains("stats"));
  const json& findings = doc["findings"];
  REQUIRE(findings.size() == 2);

  const std::regex hex64("[0-9a-f]{64}");
  const std::set<std::string> severities{"critical", "high", "medium", "low", "info"};
  for (const auto& f : findings) {
    INFO(f.dump());
    for (const char* key : {"rule_id", "rule_name", "provider", "kind", "severity", "path", "redacted", "fingerprint"}) {
      REQUIRE(f.contains(key));
      CHECK(f[key].is_string());
      CHECK_FALSE(f[key].get<std::string>().empty());
    }
    REQUIRE(f.contains("line"));
    REQUIRE(f.contains("column"));
    CHECK(f["line"].is_number_unsigned());
    CHECK(f["column"].is_number_unsigned());
    CHECK(severities.count(f["severity"].get<std::string>()) == 1);
    CHECK(std::regex_match(f["fingerprint"].get<std::string>(), hex64));
    // Files are not git: no provenance, and no plaintext without --show-secrets.
    for (const char* key : {"commit", "author", "author_email", "date", "secret"}) CHECK_FALSE(f.contains(key));
  }

  struct expected {
    std::string path, rule_id, provider, secret, text;
  };
  for (const expected& e : {expected{"config/app.env", "stripe-secret-key", "stripe", kStripeKey, t.env_text},
                            expected{"src/client.py", "github-pat-classic", "github", kGithubToken, t.py_text}}) {
    const auto by_path = findings_of(doc, e.secret);
    REQUIRE(by_path.count(e.path) == 1);
    const json& f = by_path.at(e.path);
    CHECK(f["rule_id"] == e.rule_id);
    CHECK(f["provider"] == e.provider);
    const auto [line, column] = position_of(e.text, e.secret);
    CHECK(f["line"] == line);
    CHECK(f["column"] == column);
    CHECK(f["fingerprint"] == nhi::fingerprint_of(e.secret));
    const std::string redacted = f["redacted"];
    CHECK(redacted.find(e.secret) == std::string::npos);
    CHECK(redacted.substr(0, 3) == e.secret.substr(0, 3));
  }

  const json& s = doc["stats"];
  CHECK(s["source"] == "files");
  CHECK(s["files_scanned"] == 3);
  CHECK(s["bytes_scanned"] == t.env_text.size() + t.py_text.size() + t.clean_text.size());
  CHECK(s["findings"] == 2);
  CHECK(s["unique_secrets"] == 2);
  CHECK(s["rules"].get<int>() > 100);
  CHECK(s["diagnostics"].is_array());
}

TEST_CASE("cli scan: the plaintext secret is printed only with --show-secrets") {
  sample_tree t;
  for (const char* format : {"text", "json", "sarif"}) {
    CAPTURE(format);
    const run_result hidden = run_nhi(std::string("scan . --format ") + format, t.dir.str());
    CHECK(hidden.exit_code == 1);
    CHECK(hidden.out.size() > 100);
    for (const std::string& secret : {kStripeKey, kGithubToken}) {
      CHECK(hidden.out.find(secret) == std::string::npos);
      CHECK(hidden.err.find(secret) == std::string::npos);
      // Nor its unique tail (a partial leak).
      CHECK(hidden.out.find(secret.substr(secret.size() - 12)) == std::string::npos);
    }
    const run_result shown = run_nhi(std::string("scan . --show-secrets --format ") + format, t.dir.str());
    CHECK(shown.exit_code == 1);
    for (const std::string& secret : {kStripeKey, kGithubToken}) CHECK(shown.out.find(secret) != std::string::npos);
    if (std::string(format) == "json")
      CHECK(findings_of(parse_json(shown.out), kStripeKey).at("config/app.env")["secret"] == kStripeKey);
  }
}

TEST_CASE("cli scan: SARIF 2.1.0 shape") {
  sample_tree t;
  const run_result r = run_nhi("scan . --format sarif", t.dir.str());
  REQUIRE(r.exit_code == 1);
  const json sarif = parse_json(r.out);
  CHECK(sarif["version"] == "2.1.0");
  REQUIRE(sarif["$schema"].is_string());
  CHECK(sarif["$schema"].get<std::string>().find("sarif-2.1.0") != std::string::npos);
  REQUIRE(sarif["runs"].is_array());
  REQUIRE(sarif["runs"].size() == 1);
  const json& run0 = sarif["runs"][0];
  CHECK(run0["tool"]["driver"]["name"] == "nhi");
  const json& rules = run0["tool"]["driver"]["rules"];
  REQUIRE(rules.is_array());
  std::set<std::string> rule_ids;
  for (const auto& rule : rules) {
    REQUIRE(rule["id"].is_string());
    rule_ids.insert(rule["id"].get<std::string>());
    CHECK(rule["shortDescription"]["text"].is_string());
  }
  CHECK(rule_ids == std::set<std::string>{"stripe-secret-key", "github-pat-classic"});

  const json& results = run0["results"];
  REQUIRE(results.size() == 2);
  std::map<std::string, std::uint64_t> line_by_uri;
  for (const auto& res : results) {
    INFO(res.dump());
    REQUIRE(res["ruleId"].is_string());
    CHECK(rule_ids.count(res["ruleId"].get<std::string>()) == 1);
    if (res.contains("ruleIndex")) CHECK(rules[res["ruleIndex"].get<std::size_t>()]["id"] == res["ruleId"]);
    CHECK(res["message"]["text"].is_string());
    REQUIRE(res["locations"].size() == 1);
    const json& phys = res["locations"][0]["physicalLocation"];
    const std::string uri = phys["artifactLocation"]["uri"];
    line_by_uri[uri] = phys["region"]["startLine"].get<std::uint64_t>();
    REQUIRE(res["partialFingerprints"].is_object());
    CHECK_FALSE(res["partialFingerprints"].empty());
    for (const auto& [name, value] : res["partialFingerprints"].items()) CHECK(value.is_string());
  }
  CHECK(line_by_uri == std::map<std::string, std::uint64_t>{{"config/app.env", position_of(t.env_text, kStripeKey).first},
                                                            {"src/client.py", position_of(t.py_text, kGithubToken).first}});
}

TEST_CASE("cli scan: -o writes the report to a new file with mode 0600") {
  sample_tree t;
  const std::string out = t.dir / "out/report.sarif";
  nhi_test::fs::create_directories(t.dir / "out");
  ::umask(022);  // a permissive umask must not widen the file
  const run_result r = run_nhi("scan . --format sarif -o out/report.sarif", t.dir.str());
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.out.empty());
  struct stat st {};
  REQUIRE(::stat(out.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(parse_json(read_file(out))["version"] == "2.1.0");

  // An existing world-readable file is narrowed to 0600 as well.
  write_file(t.dir / "out/old.json", "stale");
  REQUIRE(::chmod((t.dir / "out/old.json").c_str(), 0644) == 0);
  CHECK(run_nhi("scan . --format json -o out/old.json", t.dir.str()).exit_code == 1);
  REQUIRE(::stat((t.dir / "out/old.json").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(parse_json(read_file(t.dir / "out/old.json"))["findings"].size() == 2);
  // A report file holds no plaintext either.
  for (const std::string& secret : {kStripeKey, kGithubToken}) {
    CHECK(read_file(t.dir / "out/old.json").find(secret) == std::string::npos);
    CHECK(read_file(out).find(secret) == std::string::npos);
  }
}

TEST_CASE("cli scan: --exclude skips matching paths") {
  sample_tree t;
  const json no_env = nhi_json("scan . --exclude '*.env'", 1, t.dir.str());
  CHECK(path_rules(no_env) == std::set<std::pair<std::string, std::string>>{{"src/client.py", "github-pat-classic"}});
  CHECK(no_env["stats"]["files_scanned"] == 2);

  const json no_dir = nhi_json("scan . --exclude 'src/**' --exclude 'config/*'", 0, t.dir.str());
  CHECK(no_dir["findings"].empty());
}

TEST_CASE("cli scan: the demo monorepo reports exactly its planted secrets") {
  // examples/demo/README.md: secrets in services/billing/config/prod.env,
  // services/api/src/, deploy/k8s/ and keys/; nothing from docs/setup.md or
  // services/billing/config/dev.env (placeholders, documentation keys,
  // variable references and an `nhi:allow` line).
  const json doc = nhi_json("scan examples/demo", 1, nhi_test::source_dir());
  const std::string p = "examples/demo/";
  const std::set<std::pair<std::string, std::string>> expected{
      {p + "services/billing/config/prod.env", "aws-secret-access-key"},  // paired with its AKIA key id
      {p + "services/billing/config/prod.env", "stripe-secret-key"},
      {p + "services/billing/config/prod.env", "postgres-connection-uri"},
      {p + "services/api/src/github_client.py", "github-pat-classic"},
      {p + "services/api/src/settings.yaml", "slack-bot-token"},
      {p + "services/api/src/settings.yaml", "openai-project-key"},
      {p + "deploy/k8s/api-secret.yaml", "stripe-secret-key"},  // base64 in a Kubernetes Secret
      {p + "keys/deploy_rsa", "pem-rsa-private-key"},
  };
  CHECK(path_rules(doc) == expected);
  CHECK(doc["findings"].size() == expected.size());

  // The Kubernetes secret is the production Stripe key, found under base64.
  const auto stripe = findings_of(doc, "sk_live_SGrdabb4j5ciAzzwReiMsnOt");
  REQUIRE(stripe.size() == 2);
  CHECK(stripe.at(p + "deploy/k8s/api-secret.yaml")["decoded"] == "base64");
  // The AWS pair: the secret key carries the access key id from the line above.
  for (const auto& f : doc["findings"])
    if (f["rule_id"] == "aws-secret-access-key") {
      REQUIRE(f.contains("companion"));
      CHECK(f["companion"]["rule_id"] == "aws-access-key-id");
      CHECK(f["companion"]["fingerprint"] == nhi::fingerprint_of("AKIAPPDJEVWGC2UL6KOS"));
    }
  CHECK(doc["stats"]["unique_secrets"] == expected.size() - 1);  // the Stripe key is in two places
  CHECK(doc["stats"]["suppressed"].get<int>() >= 1);              // docs/setup.md's nhi:allow line
  std::size_t files = 0;
  for (const auto& e : nhi_test::fs::recursive_directory_iterator(nhi_test::source_dir() + "/examples/demo"))
    files += e.is_regular_file() ? 1 : 0;
  CHECK(doc["stats"]["files_scanned"] == files);

  // Nothing of the plaintext reaches the text report.
  const run_result text = run_nhi("scan examples/demo --color never", nhi_test::source_dir());
  CHECK(text.exit_code == 1);
  for (const std::string& secret :
       {std::string("sk_live_SGrdabb4j5ciAzzwReiMsnOt"), std::string("hwnuUdSL7MD3z4iuXVs9SMBbSIKTawrQrOv3LzPj"),
        std::string("V52QNUp6EqXwgFJ8d0"), std::string("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"),
        std::string("c2tfbGl2ZV9TR3JkYWJiNGo1Y2lBenp3UmVpTXNuT3Q="), std::string("u8apWybTtfspf4H4XulxGN4Z34QzFVZk")})
    CHECK(text.out.find(secret) == std::string::npos);
}

TEST_CASE("cli scan: progress is drawn only when asked for or on a terminal") {
  temp_dir dir;
  for (int i = 0; i < 3; ++i) write_file(dir / ("f" + std::to_string(i) + ".txt"), "hello\n");
  const std::string d = shell_quote(dir.str());
  // The tests' stderr is a pipe: no progress by default.
  const run_result piped = run_nhi("scan " + d);
  INFO(piped.err);
  CHECK(piped.exit_code == 0);
  CHECK(piped.err.find("scanning files") == std::string::npos);
  // --progress draws plain lines into a log, even under CI=true.
  const run_result forced = run_nhi("scan --progress " + d + " 2>&1", "");
  const run_result forced_ci = run("CI=true " + shell_quote(nhi_test::nhi_cli()) + " scan --progress " + d);
  for (const auto& r : {forced, forced_ci}) {
    INFO(r.out << r.err);
    const std::string log = r.out + r.err;
    CHECK(log.find("nhi: listing files: 3 to scan") != std::string::npos);
    CHECK(log.find("nhi: scanning files: 3/3 (100%)") != std::string::npos);
    CHECK(log.find("\x1b[K") == std::string::npos);  // no terminal control in a log
  }
  // --quiet and --no-progress win.
  for (const std::string& flag : {"--quiet", "--no-progress"}) {
    const run_result r = run_nhi("scan --progress " + flag + " " + d);
    INFO(flag << ": " << r.err);
    CHECK(r.err.find("scanning files") == std::string::npos);
  }
}

TEST_CASE("cli scan: --diagnostics bounds the diagnostics kept per kind, all are counted") {
  temp_dir dir;
  for (int i = 0; i < 3; ++i) write_file(dir / ("latin" + std::to_string(i) + ".txt"), "caf\xe9\n");
  const std::string d = shell_quote(dir.str());
  const json one = nhi_json("scan --diagnostics 1 " + d, 0);
  CHECK(one["stats"]["diagnostics"].size() == 1);
  CHECK(one["stats"]["diagnostic_counts"]["invalid_utf8"] == 3);
  CHECK(one["stats"]["diagnostics_omitted"] == 2);
  const json all = nhi_json("scan --diagnostics all " + d, 0);
  CHECK(all["stats"]["diagnostics"].size() == 3);
  CHECK_FALSE(all["stats"].contains("diagnostics_omitted"));
  for (const std::string& bad : {"0", "-1", "lots", ""}) {
    const run_result r = run_nhi("scan --diagnostics '" + bad + "' " + d);
    INFO(bad << ": " << r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("--diagnostics") != std::string::npos);
  }
}

namespace fs = std::filesystem;

// Issue 20, items 12-14 and 17: the repository under scan may plant links and
// special files where nhi reads configuration and writes reports.
TEST_CASE("cli scan: -o replaces a planted symbolic link instead of writing through it") {
  sample_tree t;
  temp_dir outside;
  const std::string victim = outside / "bashrc";
  write_file(victim, "export PATH=/usr/bin\n");
  ::chmod(victim.c_str(), 0644);
  fs::create_symlink(victim, t.dir / "results.json");
  fs::create_symlink(outside / "never-created", t.dir / "dangling.json");

  run_result r = run_nhi("scan src -q --format json -o results.json", t.dir.str());
  CHECK(r.exit_code == 1);
  r = run_nhi("scan src -q --format json -o dangling.json", t.dir.str());
  CHECK(r.exit_code == 1);

  CHECK(read_file(victim) == "export PATH=/usr/bin\n");  // untouched
  struct stat st{};
  REQUIRE(::stat(victim.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0644);                       // and not chmod-ed
  CHECK_FALSE(fs::exists(outside / "never-created"));       // a dangling link creates nothing
  for (const char* name : {"results.json", "dangling.json"}) {
    const std::string out = t.dir / name;
    CHECK_FALSE(fs::is_symlink(out));
    REQUIRE(::lstat(out.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    CHECK(read_file(out).find("\"findings\"") != std::string::npos);
  }
  // No temporary file is left beside the report.
  for (const auto& entry : fs::directory_iterator(t.dir.path()))
    CHECK(entry.path().filename().string().find(".nhi-") == std::string::npos);
}

TEST_CASE("cli scan: a report that cannot be written leaves the old file whole") {
  sample_tree t;
  write_file(t.dir / "out/report.json", "previous report\n");
  // A file size limit of 1 KiB makes the write fail part-way, as a full disk
  // would (SIGXFSZ ignored, so write() returns EFBIG).
  const run_result r = run("( trap '' XFSZ; ulimit -f 1; " + shell_quote(nhi_test::nhi_cli()) +
                               " scan src -q --format json -o out/report.json )",
                           t.dir.str());
  INFO(r.err);
  CHECK(r.exit_code == 3);
  CHECK(read_file(t.dir / "out/report.json") == "previous report\n");
  for (const auto& entry : fs::directory_iterator(t.dir / "out"))
    CHECK(entry.path().filename() == "report.json");  // no temporary file left
}

TEST_CASE("cli scan: FIFOs and devices given as input files are refused, not read") {
  sample_tree t;
  REQUIRE(::mkfifo((t.dir / "fifo").c_str(), 0600) == 0);
  for (const std::string args : {"scan src --baseline fifo", "scan src --config fifo", "scan src --rules fifo",
                                 "scan src --baseline /dev/zero"}) {
    CAPTURE(args);
    const run_result r = run_nhi(args, t.dir.str());  // would block forever if the FIFO were opened
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("not a regular file") != std::string::npos);
  }
}

TEST_CASE("cli scan: a .nhi.yaml linking out of the repository is refused unread") {
  sample_tree t;
  temp_dir outside;
  write_file(outside / "shadow", "root:$6$c2VjcmV0c2FsdA$AAAA:19700:0:99999:7:::\nnot yaml: [\n");
  fs::create_symlink(outside / "shadow", t.dir / ".nhi.yaml");
  const run_result r = run_nhi("scan .", t.dir.str());
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("leads out of the repository") != std::string::npos);
  CHECK(r.err.find("root:") == std::string::npos);
  // A link that stays inside the repository is read as usual.
  fs::remove(t.dir / ".nhi.yaml");
  write_file(t.dir / "ci/nhi.yaml", "exclude:\n  - \"src/**\"\n");
  fs::create_symlink("ci/nhi.yaml", t.dir / ".nhi.yaml");
  const run_result inside = run_nhi("scan . -q", t.dir.str());
  CHECK(inside.exit_code == 1);  // config/app.env still holds a key; src/ is excluded
}
