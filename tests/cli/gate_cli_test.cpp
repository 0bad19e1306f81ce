// SPDX-License-Identifier: Apache-2.0
// End-to-end tests of the gate as CI jobs and pre-commit hooks use it (issue
// 19): exit codes of file-valued options, the pre-commit framework's entry.
#include <regex>

#include "cli/cli_helpers.hpp"

using namespace nhi_cli_test;

namespace {
std::string q(const std::string& s) { return shell_quote(s); }
}  // namespace

TEST_CASE("cli gate: a missing or directory --config/--baseline is a usage error (exit 2)") {
  temp_dir dir;
  write_file(dir / "tree/a.py", "token = \"" + kGithubToken + "\"\n");
  for (const std::string& args : {std::string("scan --config missing.yaml tree"), std::string("scan --config tree tree"),
                                  std::string("scan --baseline missing.json tree"),
                                  std::string("scan --baseline tree tree")}) {
    const run_result r = run_nhi(args, dir.str());
    INFO("nhi " << args << "\nstdout: " << r.out << "\nstderr: " << r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK((r.err.find("missing") != std::string::npos || r.err.find("directory") != std::string::npos));
  }
}

TEST_CASE("cli gate: `nhi hook run` scans the staged changes and honours a committed .nhi-baseline.json") {
  temp_dir dir;
  const std::string git = kUnsetGit + "git -C " + q(dir.str()) + " -c user.name=t -c user.email=t@example.com ";
  REQUIRE(run(git + "init -q").exit_code == 0);
  write_file(dir / "a.py", "token = \"" + kGithubToken + "\"\n");
  REQUIRE(run(git + "add a.py").exit_code == 0);
  const run_result blocked = run_nhi("hook run", dir.str());
  INFO(blocked.out << blocked.err);
  CHECK(blocked.exit_code == 1);
  CHECK(blocked.out.find("a.py:1") != std::string::npos);

  REQUIRE(run_nhi("baseline create -o .nhi-baseline.json a.py", dir.str()).exit_code == 0);
  const run_result accepted = run_nhi("hook run " + q(dir.str()));
  INFO(accepted.out << accepted.err);
  CHECK(accepted.exit_code == 0);

  write_file(dir / "b.py", "key = \"" + kStripeKey + "\"\n");
  REQUIRE(run(git + "add b.py").exit_code == 0);
  const run_result fresh = run_nhi("hook run", dir.str());
  CHECK(fresh.exit_code == 1);
  CHECK(fresh.out.find("b.py:1") != std::string::npos);
  CHECK(fresh.out.find("a.py:1") == std::string::npos);
}

TEST_CASE("cli gate: tree scans honour .gitignore, .ignore and .git/info/exclude, --no-ignore scans everything") {
  temp_dir dir;
  const std::string git = kUnsetGit + "git -C " + q(dir.str()) + " ";
  REQUIRE(run(git + "init -q").exit_code == 0);
  const std::string secret = "token = \"" + kGithubToken + "\"\n";
  write_file(dir / ".gitignore", "build/\n*.log\n!keep.log\n/top.env\nlogs/**/*.tmp\n");
  write_file(dir / ".git/info/exclude", "private.txt\n");
  write_file(dir / "build/gen.py", secret);        // directory-only pattern
  write_file(dir / "a.log", secret);               // glob at any depth
  write_file(dir / "src/b.log", secret);
  write_file(dir / "keep.log", secret);            // negation re-includes
  write_file(dir / "top.env", secret);             // anchored
  write_file(dir / "src/top.env", secret);         // anchored: not ignored below
  write_file(dir / "logs/x/y/z.tmp", secret);      // "**"
  write_file(dir / "private.txt", secret);         // .git/info/exclude
  write_file(dir / "src/.gitignore", "local.py\n!b.log\n");  // nested, and overriding the top
  write_file(dir / "src/local.py", secret);
  write_file(dir / "local.py", secret);            // the nested file applies only below src/
  write_file(dir / "web/.ignore", "dist\n");       // ripgrep's .ignore
  write_file(dir / "web/dist/app.js", secret);

  const std::set<std::string> kept = {"keep.log", "local.py", "src/b.log", "src/top.env"};
  auto paths_of = [](const json& doc) {
    std::set<std::string> out;
    for (const auto& f : doc["findings"]) out.insert(f["path"].get<std::string>());
    return out;
  };
  const json doc = nhi_json("scan .", 1, dir.str());
  CHECK(paths_of(doc) == kept);
  CHECK(doc["stats"]["files_ignored"].get<int>() >= 6);

  // Scanning a subdirectory still honours the ignore files above it.
  const json sub = nhi_json("scan src", 1, dir.str());
  CHECK(paths_of(sub) == std::set<std::string>{"src/b.log", "src/top.env"});

  // A file named on the command line is scanned even when ignored.
  CHECK(paths_of(nhi_json("scan a.log", 1, dir.str())) == std::set<std::string>{"a.log"});

  const json all = nhi_json("scan --no-ignore .", 1, dir.str());
  CHECK(paths_of(all).size() == 11);
  CHECK(all["stats"]["files_ignored"] == 0);
}

TEST_CASE("cli gate: allow.fingerprints takes what the text report shows, and allowing one half allows the pair") {
  temp_dir dir;
  const std::string key_id = "AKIAZ4X7QJ2K5LMNWPQR";
  const std::string secret = "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";
  write_file(dir / "tree/app.env", "AWS_ACCESS_KEY_ID=" + key_id + "\nAWS_SECRET_ACCESS_KEY=" + secret + "\n");
  const json before = nhi_json("scan tree", 1, dir.str());
  REQUIRE(before["findings"].size() == 1);  // one finding for the pair
  const std::string shown = before["findings"][0]["fingerprint"].get<std::string>().substr(0, 16);
  const run_result text = run_nhi("scan tree", dir.str());
  CHECK(text.out.find("fingerprint " + shown) != std::string::npos);

  SUBCASE("the secret's short fingerprint") {
    write_file(dir / "tree/.nhi.yaml", "allow:\n  fingerprints: [\"" + shown + "\"]\n");
    const json after = nhi_json("scan tree", 0, dir.str());
    CHECK(after["findings"].empty());
    CHECK(after["stats"]["suppressed"].get<int>() >= 1);
  }
  SUBCASE("the key id's fingerprint allows the pair") {
    write_file(dir / "tree/.nhi.yaml", "allow:\n  fingerprints: [\"" + nhi::fingerprint_of(key_id) + "\"]\n");
    CHECK(nhi_json("scan tree", 0, dir.str())["findings"].empty());
  }
  SUBCASE("nhi:allow on the secret's line allows the pair") {
    write_file(dir / "tree/app.env",
               "AWS_ACCESS_KEY_ID=" + key_id + "\nAWS_SECRET_ACCESS_KEY=" + secret + "  # nhi:allow\n");
    CHECK(nhi_json("scan tree", 0, dir.str())["findings"].empty());
  }
  SUBCASE("an entry that matches nothing is a warning; a short one an error") {
    write_file(dir / "tree/.nhi.yaml", "allow:\n  fingerprints: [\"" + std::string(20, 'e') + "\"]\n");
    const run_result warned = run_nhi("scan tree", dir.str());
    CHECK(warned.exit_code == 1);
    CHECK(warned.err.find("matched no finding") != std::string::npos);
    write_file(dir / "tree/.nhi.yaml", "allow:\n  fingerprints: [\"" + shown.substr(0, 8) + "\"]\n");
    const run_result bad = run_nhi("scan tree", dir.str());
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find(".nhi.yaml:2") != std::string::npos);
  }
}

TEST_CASE("cli gate: notes go to stderr, one line per kind, --quiet, a summary on stderr with -o") {
  temp_dir dir;
  for (int i = 0; i < 30; ++i) write_file(dir / ("tree/latin1-" + std::to_string(i) + ".txt"), "caf\xe9 au lait\n");
  write_file(dir / "tree/a.py", "token = \"" + kGithubToken + "\"\n");
  auto count = [](const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
  };

  const run_result plain = run_nhi("scan tree", dir.str());
  INFO(plain.out << "\n---\n" << plain.err);
  CHECK(plain.exit_code == 1);
  CHECK(plain.out.find("note:") == std::string::npos);
  CHECK(plain.out.find("a.py:1") != std::string::npos);
  CHECK(count(plain.err, "note:") == 1);
  CHECK(plain.err.find("30 ") != std::string::npos);
  CHECK(plain.err.find("1 finding (1 unique secret)") != std::string::npos);

  const run_result verbose = run_nhi("scan --verbose tree", dir.str());
  CHECK(count(verbose.err, "note:") == 30);

  const run_result quiet = run_nhi("scan --quiet tree", dir.str());
  CHECK(quiet.exit_code == 1);
  CHECK(quiet.err.empty());
  CHECK(quiet.out.find("a.py:1") != std::string::npos);

  const run_result to_file = run_nhi("scan --quiet --format sarif -o out.sarif tree", dir.str());
  CHECK(to_file.exit_code == 1);
  CHECK(to_file.out.empty());
  const run_result logged = run_nhi("scan --format sarif -o out.sarif tree", dir.str());
  CHECK(logged.out.empty());
  CHECK(logged.err.find("1 finding (1 unique secret)") != std::string::npos);
  CHECK(logged.err.find("out.sarif") != std::string::npos);
  CHECK(count(logged.err, "\n") == 2);  // the note line and the summary line
}

TEST_CASE("cli gate: --fail-on, --enable-rule/--disable-rule (and in .nhi.yaml), --exit-code") {
  temp_dir dir;
  const std::string low = "sk_test_Qw8Rt5Yu2Io9Pa3Sd6Fg1Hj4Kl";  // stripe-test-secret-key: low
  write_file(dir / "tree/a.env", "STRIPE_KEY=\"" + low + "\"\n");
  write_file(dir / "tree/b.py", "token = \"" + kGithubToken + "\"\n");  // github-pat-classic: critical

  // The threshold decides the exit code; the report still lists everything.
  const json high = nhi_json("scan --fail-on high tree", 1, dir.str());
  CHECK(high["findings"].size() == 2);
  const json only_low = nhi_json("scan --fail-on high tree/a.env", 0, dir.str());
  CHECK(only_low["findings"].size() == 1);
  nhi_json("scan --fail-on low tree/a.env", 1, dir.str());

  // Rules and families (providers), by glob.
  CHECK(path_rules(nhi_json("scan --disable-rule 'github-*' tree", 1, dir.str())) ==
        std::set<std::pair<std::string, std::string>>{{"tree/a.env", "stripe-test-secret-key"}});
  CHECK(path_rules(nhi_json("scan --disable-rule stripe tree", 1, dir.str())) ==
        std::set<std::pair<std::string, std::string>>{{"tree/b.py", "github-pat-classic"}});
  CHECK(path_rules(nhi_json("scan --enable-rule github tree", 1, dir.str())) ==
        std::set<std::pair<std::string, std::string>>{{"tree/b.py", "github-pat-classic"}});
  nhi_json("scan --disable-rule stripe --disable-rule github tree", 0, dir.str());
  const run_result typo = run_nhi("scan --disable-rule 'gihtub-*' tree", dir.str());
  CHECK(typo.err.find("matches no rule") != std::string::npos);

  write_file(dir / "tree/.nhi.yaml", "rules:\n  disable: [\"stripe-test-*\"]\nfail_on: critical\n");
  CHECK(path_rules(nhi_json("scan tree", 1, dir.str())) ==
        std::set<std::pair<std::string, std::string>>{{"tree/b.py", "github-pat-classic"}});
  write_file(dir / "tree/.nhi.yaml", "fail_on: severe\n");
  const run_result bad = run_nhi("scan tree", dir.str());
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find(".nhi.yaml:1") != std::string::npos);
  write_file(dir / "tree/.nhi.yaml", "");

  CHECK(run_nhi("scan --exit-code 7 tree", dir.str()).exit_code == 7);
  CHECK(run_nhi("scan --exit-code 0 tree", dir.str()).exit_code == 0);
  CHECK(run_nhi("scan --exit-code 3 tree", dir.str()).exit_code == 2);
  CHECK(run_nhi("scan --fail-on severe tree", dir.str()).exit_code == 2);
}

TEST_CASE("cli gate: --format gitlab writes GitLab's secret-detection report") {
  temp_dir dir;
  write_file(dir / "tree/b.py", "token = \"" + kGithubToken + "\"\n");
  const run_result r = run_nhi("scan --format gitlab tree", dir.str());
  CHECK(r.exit_code == 1);
  CHECK(r.out.find(kGithubToken) == std::string::npos);
  const json doc = parse_json(r.out);
  // The schema's required fields and formats (security-report-schemas 15.x).
  CHECK(doc["version"].get<std::string>().rfind("15.", 0) == 0);
  const json& scan = doc["scan"];
  CHECK(scan["type"] == "secret_detection");
  CHECK(scan["status"] == "success");
  for (const char* k : {"analyzer", "scanner"})
    for (const char* f : {"id", "name", "version"}) CHECK(scan[k][f].is_string());
  const std::regex when(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})");
  CHECK(std::regex_match(scan["start_time"].get<std::string>(), when));
  CHECK(std::regex_match(scan["end_time"].get<std::string>(), when));
  REQUIRE(doc["vulnerabilities"].size() == 1);
  const json& v = doc["vulnerabilities"][0];
  CHECK(std::regex_match(v["id"].get<std::string>(),
                         std::regex("[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
  CHECK(v["severity"] == "Critical");
  CHECK(v["identifiers"][0]["value"] == "github-pat-classic");
  CHECK(v["location"]["file"] == "tree/b.py");
  CHECK(v["location"]["start_line"] == 1);
  CHECK(v["location"]["commit"]["sha"].is_string());
  // Stable across runs: GitLab tracks the vulnerability by it.
  CHECK(parse_json(run_nhi("scan --format gitlab tree", dir.str()).out)["vulnerabilities"][0]["id"] == v["id"]);
}

TEST_CASE("cli gate: migrating from gitleaks and detect-secrets: inline markers, .gitleaksignore, a gitleaks report") {
  temp_dir dir;
  const std::string tok = "token = \"" + kGithubToken + "\"";
  write_file(dir / "tree/a.py", tok + "  # gitleaks:allow\n" + "slack = \"" + kSlackToken + "\"  # pragma: allowlist secret\n" +
                                    "# pragma: allowlist nextline secret\nkey = \"" + kStripeKey + "\"\n");
  CHECK(nhi_json("scan tree", 0, dir.str())["findings"].empty());
  CHECK(nhi_json("scan --only-nhi-allow tree", 1, dir.str())["findings"].size() == 3);

  write_file(dir / "tree/a.py", tok + "\n\nslack = \"" + kSlackToken + "\"\n");
  SUBCASE(".gitleaksignore: file:rule:line, and commit:file:rule:line") {
    write_file(dir / "tree/.gitleaksignore",
               "# accepted\na.py:generic-api-key:1\n0123456789abcdef0123456789abcdef01234567:a.py:slack-bot-token:3\n");
    // The commit-qualified line applies only to that commit: a tree scan still reports it.
    CHECK(path_rules(nhi_json("scan .", 1, (dir / "tree").c_str())) ==
          std::set<std::pair<std::string, std::string>>{{"a.py", "slack-bot-token"}});
    write_file(dir / "tree/.gitleaksignore", "a.py:generic-api-key:1\na.py:slack-bot-token:3\n");
    CHECK(nhi_json("scan .", 0, (dir / "tree").c_str())["findings"].empty());
    CHECK(nhi_json("scan --only-nhi-allow .", 1, (dir / "tree").c_str())["findings"].size() == 2);
    write_file(dir / "tree/.gitleaksignore", "a.py:1\n");
    const run_result bad = run_nhi("scan .", (dir / "tree").c_str());
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find(".gitleaksignore:1") != std::string::npos);
  }
  SUBCASE("a gitleaks JSON report as --baseline") {
    // One leak with its secret (accepted by fingerprint, even after it moves),
    // one redacted (accepted at its location only).
    write_file(dir / "report.json", json::array({{{"RuleID", "github-pat"}, {"File", "a.py"}, {"StartLine", 1},
                                                   {"Secret", kGithubToken}, {"Commit", ""}},
                                                  {{"RuleID", "slack-bot-token"}, {"File", "a.py"}, {"StartLine", 3},
                                                   {"Secret", "REDACTED"}}})
                                          .dump());
    CHECK(nhi_json("scan --baseline ../report.json .", 0, (dir / "tree").c_str())["findings"].empty());
    write_file(dir / "tree/a.py", "\n\n\n\n" + tok + "\nslack = \"" + kSlackToken + "\"\n");
    CHECK(path_rules(nhi_json("scan --baseline ../report.json .", 1, (dir / "tree").c_str())) ==
          std::set<std::pair<std::string, std::string>>{{"a.py", "slack-bot-token"}});
    write_file(dir / "report.json", "[{\"File\": \"a.py\"}]");
    CHECK(run_nhi("scan --baseline ../report.json .", (dir / "tree").c_str()).exit_code == 2);
  }
}

namespace {
std::string percent_decode(const std::string& uri) {
  std::string out;
  for (std::size_t i = 0; i < uri.size(); ++i)
    if (uri[i] == '%' && i + 2 < uri.size()) {
      out += static_cast<char>(std::stoi(uri.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += uri[i];
    }
  return out;
}
}  // namespace

TEST_CASE("cli gate: SARIF URIs are RFC 3986 references of the raw path, columns in UTF-16 code units") {
  temp_dir dir;
  const std::string line = "token = \"" + kGithubToken + "\"\n";
  const std::vector<std::string> names = {"caf\xc3\xa9.env", "a[1].env", "a b#?%.env", "x\xff.env"};
  for (const auto& n : names) write_file(dir / ("tree/" + n), line);
  write_file(dir / "tree/wide.txt", "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e \xf0\x9f\x94\x91 " + line);  // 3 CJK, 1 emoji
  const run_result r = run_nhi("scan --format sarif tree", dir.str());
  CHECK(r.exit_code == 1);
  const json doc = parse_json(r.out);
  std::set<std::string> decoded;
  const std::regex reference(R"(([A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-F]{2})*)");
  for (const auto& res : doc["runs"][0]["results"]) {
    const json& loc = res["locations"][0]["physicalLocation"];
    const std::string uri = loc["artifactLocation"]["uri"].get<std::string>();
    INFO(uri);
    CHECK(std::regex_match(uri, reference));
    decoded.insert(percent_decode(uri));
    if (uri == "tree/wide.txt") {
      // Byte column 23 ("日本語 🔑 " is 9 + 1 + 4 + 1 bytes, then `token = "`); UTF-16: 3 + 1 + 2 + 1 units.
      CHECK(loc["region"]["startColumn"] == 1 + 7 + 9);
    }
  }
  for (const auto& n : names) CHECK(decoded.count("tree/" + n) == 1);
  CHECK(decoded.count("tree/wide.txt") == 1);
  // JSON keeps byte columns. (The document is kept in a variable: a range-for
  // over a member of a temporary reads freed memory.)
  const json wide = nhi_json("scan tree/wide.txt", 1, dir.str());
  CHECK(wide["findings"].size() == 1);
  for (const auto& f : wide["findings"]) CHECK(f["column"] == 1 + 15 + 9);
}

TEST_CASE("cli gate: a baseline tells apart names that differ only in bytes that are not UTF-8") {
  temp_dir dir;
  const std::string line = "token = \"" + kGithubToken + "\"\n";
  write_file(dir / "tree/a\xff.env", line);
  REQUIRE(run_nhi("baseline create -o base.json tree", dir.str()).exit_code == 0);
  CHECK(read_file(dir / "base.json").find("path_hex") != std::string::npos);
  CHECK(nhi_json("scan --baseline base.json tree", 0, dir.str())["findings"].empty());
  write_file(dir / "tree/a\xfe.env", line);
  const json doc = nhi_json("scan --baseline base.json tree", 1, dir.str());
  REQUIRE(doc["findings"].size() == 1);
}

TEST_CASE("cli gate: rough edges: a mistyped command, --color values, stdin, size suffixes") {
  const run_result typo = run_nhi("sacn .");
  CHECK(typo.exit_code == 2);
  CHECK(typo.err.find("did you mean 'scan'") != std::string::npos);

  temp_dir dir;
  write_file(dir / "tree/a.py", "token = \"" + kGithubToken + "\"\n" + std::string(3000, '#') + "\n");
  const run_result colour = run_nhi("scan --color sometimes tree", dir.str());
  CHECK(colour.exit_code == 2);
  CHECK(colour.err.find("sometimes") != std::string::npos);

  const run_result piped = run("{ " + kUnsetGit + "printf 'x = \"%s\"\\n' " + q(kGithubToken) + " | " +
                               q(nhi_test::nhi_cli()) + " scan --format json -; }");
  CHECK(piped.exit_code == 1);
  const json doc = parse_json(piped.out);
  REQUIRE(doc["findings"].size() == 1);
  CHECK(doc["findings"][0]["path"] == "-");
  CHECK(doc["findings"][0]["line"] == 1);
  CHECK(run_nhi("scan - tree", dir.str()).exit_code == 2);

  CHECK(nhi_json("scan --max-file-size 1K tree", 0, dir.str())["stats"]["files_skipped"] == 1);
  CHECK(nhi_json("scan --max-file-size 3KB tree", 0, dir.str())["stats"]["files_skipped"] == 1);  // 3000 < size
  CHECK(nhi_json("scan --max-file-size 10MiB tree", 1, dir.str())["stats"]["files_skipped"] == 0);
  CHECK(nhi_json("scan --max-file-size 1M tree", 1, dir.str())["stats"]["files_skipped"] == 0);
  CHECK(nhi_json("scan --max-file-size 4000 tree", 1, dir.str())["stats"]["files_skipped"] == 0);
  CHECK(run_nhi("scan --max-file-size 1X tree", dir.str()).exit_code == 2);
}

TEST_CASE("cli gate: nhi baseline import merges a gitleaks report and a .gitleaksignore into an nhi baseline") {
  temp_dir dir;
  write_file(dir / "tree/a.py", "token = \"" + kGithubToken + "\"\n\nslack = \"" + kSlackToken + "\"\n");
  write_file(dir / "tree/b.env", "STRIPE=" + std::string(kStripeKey) + "\n");
  write_file(dir / "report.json", json::array({{{"RuleID", "github-pat"}, {"File", "a.py"}, {"StartLine", 1},
                                                 {"Secret", kGithubToken}}})
                                        .dump());
  write_file(dir / "ignore", "a.py:slack-bot-token:3\n");
  const run_result imported = run_nhi("baseline import report.json ignore -o tree/merged.json", dir.str());
  INFO(imported.err);
  REQUIRE(imported.exit_code == 0);
  const std::string text = read_file(dir / "tree/merged.json");
  CHECK(text.find(kGithubToken) == std::string::npos);
  const json merged = parse_json(text);
  CHECK(merged["any_rule"].size() == 1);
  CHECK(merged["locations"].size() == 2);
  // The merged baseline accepts both; b.env (not imported) still fails.
  CHECK(path_rules(nhi_json("scan --baseline merged.json .", 1, (dir / "tree").c_str())) ==
        std::set<std::pair<std::string, std::string>>{{"b.env", "stripe-secret-key"}});
  CHECK(run_nhi("baseline import missing.json -o x.json", dir.str()).exit_code == 2);

  // A detect-secrets baseline: accepted at file and line.
  write_file(dir / "tree/.secrets.baseline",
             json{{"version", "1.4.0"},
                  {"results",
                   {{"b.env", json::array({{{"type", "Stripe Access Key"}, {"filename", "b.env"},
                                            {"hashed_secret", std::string(40, '0')}, {"line_number", 1}}})}}}}
                 .dump());
  CHECK(path_rules(nhi_json("scan --baseline .secrets.baseline .", 1, (dir / "tree").c_str())) ==
        std::set<std::pair<std::string, std::string>>{{"a.py", "github-pat-classic"}, {"a.py", "slack-bot-token"}});
}
