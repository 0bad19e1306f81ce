// SPDX-License-Identifier: Apache-2.0
// The tool's own secrets (docs/hardening.md, "The secrets nhi holds"): plant
// secrets, run every output nhi has — scan text/JSON/SARIF (also grouped, to
// files, of git history and of staged changes), baselines, diagnostics and
// error messages (stderr: nhi has no other log), nhi import, the inventory
// file itself and every inventory/report format (HTML too, also written with
// -o) — and fail if any
// plaintext appears without --show-secrets. Files nhi creates are 0600.
// Keyed fingerprints (NHI_FINGERPRINT_KEY) are tested at the end.
#include <sys/stat.h>

#include <filesystem>
#include <map>
#include <set>

#include "support/test_inventory.hpp"
#include "unit/hostile/hostile_support.hpp"
#include "util/text.hpp"

using namespace hostile;
namespace fs = std::filesystem;

namespace {

// A PEM key (random, not a real key) and a Kubernetes secret holding a
// base64-encoded password next to the Slack token.
const std::string kPemBody =
    "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u\n"
    "+qKhbwKfBstIs+bMY2Zkp18gnTxKLxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW/VDL5AaWTg0nLVkjRo9z+40RQz\n"
    "uVaE8AkAFmxZzow3x+VJYKdjykkJ0iT9wCS0DRTXu269V264Vf/3jvredZiKRkgwlL9xNAwxXFg0x/XFw005UWVRIkdgcKWTjpBP\n";
const std::string kPem = "-----BEGIN RSA PRIVATE KEY-----\n" + kPemBody + "-----END RSA PRIVATE KEY-----\n";
const std::string kK8sPassword = "Qx7!pR2#vL9@tZ4mWk8$";

void plant(const nhi_test::temp_dir& dir) {
  nhi_test::write_file(dir / "services/api/app.env", kLine);
  nhi_test::write_file(dir / "keys/deploy_rsa", kPem);
  nhi_test::write_file(dir / "deploy/k8s/db-secret.yaml",
                       "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: prod\ntype: Opaque\ndata:\n"
                       "  password: " + nhi::detail::base64_encode(kK8sPassword) + "\n");
  // A line over a small line limit and invalid UTF-8 next to a secret: diagnostics must not quote it.
  nhi_test::write_file(dir / "long/minified.js", std::string(3000, 'x') + " " + kToken + "\n");
  nhi_test::write_file(dir / "latin1/notes.txt", "caf\xe9 " + kToken + "\n");
}

// Everything that must never be printed: each planted secret, its base64 and
// its middle (a preview keeps at most a 4-byte prefix).
std::vector<std::string> forbidden(const std::set<std::string>& secrets) {
  std::vector<std::string> out;
  for (const std::string& s : secrets) {
    out.push_back(s);
    out.push_back(nhi::detail::base64_encode(s));
    if (s.size() >= 24) out.push_back(s.substr(s.size() / 2 - 6, 12));
  }
  return out;
}

void check_clean(const std::string& what, const std::string& text, const std::vector<std::string>& bad) {
  for (const std::string& b : bad) {
    CAPTURE(what);
    CAPTURE(b);
    CHECK_MESSAGE(text.find(b) == std::string::npos, what << " holds planted secret material");
  }
}

unsigned mode_of(const std::string& path) {
  struct stat st{};
  return ::stat(path.c_str(), &st) == 0 ? (st.st_mode & 0777) : 0;
}

std::string q(const std::string& s) { return "'" + s + "'"; }

}  // namespace

TEST_CASE("own secrets: no output, report, diagnostic or inventory holds a planted secret without --show-secrets") {
  nhi_test::temp_dir dir, out;
  plant(dir);
  const std::string nhi = cli(), root = q(dir.str());

  // The positive control: with --show-secrets the planted values are found.
  const auto shown = nhi_test::run(nhi + " scan --show-secrets --max-file-size 100000 -f json " + root);
  REQUIRE(shown.exit_code == 1);
  const auto doc = nlohmann::json::parse(shown.out);
  std::set<std::string> secrets;
  for (const auto& f : doc["findings"]) {
    REQUIRE(f.contains("secret"));
    secrets.insert(f["secret"].get<std::string>());
  }
  CHECK(secrets.count(kToken) == 1);
  CHECK(std::any_of(secrets.begin(), secrets.end(), [](const std::string& s) { return s.find(kPemBody.substr(0, 60)) != std::string::npos; }));
  secrets.insert(kK8sPassword);  // found or not, it is planted
  secrets.insert(kPemBody.substr(0, kPemBody.find('\n')));
  const auto bad = forbidden(secrets);
  CHECK(shown.out.find(kToken) != std::string::npos);  // the control works

  // nhi scan, every format, to stdout and to files.
  std::map<std::string, std::string> outputs;
  for (const std::string fmt : {"text", "json", "sarif"}) {
    for (const std::string extra : {"", "--group-by secret", "--color always"}) {
      if (fmt == "sarif" && !extra.empty()) continue;
      const auto r = nhi_test::run(nhi + " scan -f " + fmt + " " + extra + " " + root);
      CHECK(r.exit_code == 1);
      outputs["scan " + fmt + " " + extra] = r.out + r.err;
    }
    const std::string file = out / ("report." + fmt);
    const auto r = nhi_test::run("umask 000 && " + nhi + " scan -f " + fmt + " -o " + q(file) + " " + root);
    CHECK(r.exit_code == 1);
    CHECK(mode_of(file) == 0600);
    outputs["scan -o " + fmt] = nhi_test::read_file(file) + r.out + r.err;
  }
  // Diagnostics about the lines that hold secrets (long line, invalid UTF-8).
  {
    const auto r = nhi_test::run(nhi + " scan -f json " + root);
    CHECK(r.out.find("\"long_line\"") == std::string::npos);  // 3000 bytes is under the default limit
  }
  // A pre-existing world-readable output file is tightened too.
  {
    const std::string file = out / "existing.json";
    nhi_test::write_file(file, "old");
    ::chmod(file.c_str(), 0644);
    CHECK(nhi_test::run(nhi + " scan -f json -o " + q(file) + " " + root).exit_code == 1);
    CHECK(mode_of(file) == 0600);
  }
  // Baselines hold fingerprints, paths and rule ids.
  {
    const std::string file = out / "baseline.json";
    const auto r = nhi_test::run("umask 000 && " + nhi + " baseline create -o " + q(file) + " " + root);
    CHECK(r.exit_code == 0);
    CHECK(mode_of(file) == 0600);
    outputs["baseline"] = nhi_test::read_file(file) + r.out + r.err;
  }
  // Error messages: a truncated service-account key file and a broken docker config.
  {
    const std::string key_file = out / "sa-key.json";
    nhi_test::write_file(key_file, "{\"type\": \"service_account\", \"private_key_id\": \"abc\", \"private_key\": \"" +
                                       kPem.substr(0, kPem.size() / 2));
    const auto r = nhi_test::run(nhi + " import -f json " + q(key_file));
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("sa-key.json") != std::string::npos);
    outputs["import error"] = r.out + r.err;
    const std::string complete = out / "sa-key-ok.json";
    nlohmann::json key{{"type", "service_account"}, {"project_id", "p"}, {"private_key_id", "0123456789abcdef"},
                       {"private_key", kPem}, {"client_email", "ci@p.iam.gserviceaccount.com"}, {"client_id", "1"}};
    nhi_test::write_file(complete, key.dump());
    for (const std::string fmt : {"text", "json"}) {
      const auto ok = nhi_test::run(nhi + " import -f " + fmt + " " + q(complete));
      CHECK(ok.exit_code == 0);
      outputs["import " + fmt] = ok.out + ok.err;
    }
  }

  // Error messages about files that hold secrets: a configuration whose keys
  // are a pasted secret, and Terraform whose syntax error is at the secret.
  {
    const std::string config = out / "nhi.yaml";
    nhi_test::write_file(config, kToken + ": 1\n");
    const auto r = nhi_test::run(nhi + " scan --config " + q(config) + " " + root);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("nhi.yaml") != std::string::npos);
    outputs["scan --config error"] = r.out + r.err;
    nhi_test::temp_dir tf;
    const std::string secret_word = "TfSecretWord9xQ2mLp7Vr4KcZ8nB3wY";
    nhi_test::write_file(tf / "main.tf", secret_word + " extra\nresource \"aws_db_instance\" \"db\" {\n  password " +
                                             secret_word + "\n}\n");
    for (const std::string fmt : {"text", "json", "sarif"}) {
      // --inventory runs the structure analysis, whose parse error is reported as a diagnostic.
      const auto t = nhi_test::run(nhi + " scan -f " + fmt + " --inventory " + q(out / ("tf-" + fmt + ".db")) + " " +
                                   q(tf.str()));
      // The parse error is reported with where (SARIF carries findings only).
      if (fmt != "sarif") CHECK((t.out + t.err).find("main.tf") != std::string::npos);
      outputs["scan broken terraform " + fmt] = t.out + t.err;
      check_clean("scan broken terraform " + fmt, t.out + t.err, forbidden({secret_word}));
    }
  }
  // Git history (each format) and the pre-commit path (`nhi scan --staged`, what the hook runs).
  {
    const std::string repo = out / "repo";
    const std::string git = "git -C " + q(repo) + " -c user.name=t -c user.email=t@example.com ";
    REQUIRE(nhi_test::run("cp -r " + root + " " + q(repo) + " && " + git + "init -q && " + git + "add -A && " + git +
                          "commit -qm planted")
                .exit_code == 0);
    for (const std::string fmt : {"text", "json", "sarif"}) {
      const auto r = nhi_test::run(nhi + " scan --git -f " + fmt + " " + q(repo));
      CHECK(r.exit_code == 1);
      outputs["scan --git " + fmt] = r.out + r.err;
    }
    nhi_test::write_file(repo + "/staged.env", kLine);
    REQUIRE(nhi_test::run(git + "add staged.env").exit_code == 0);
    for (const std::string fmt : {"text", "json"}) {
      const auto r = nhi_test::run(nhi + " scan --staged -f " + fmt + " " + q(repo));
      CHECK(r.exit_code == 1);
      outputs["scan --staged " + fmt] = r.out + r.err;
    }
  }

  // The inventory: recorded through the library with the plaintext captured
  // (as --show-secrets would), then read back through every command.
  const std::string db = out / "inventory.db";
  {
    nhi::scan_options o;
    o.capture_secrets = true;
    nhi::collecting_sink sink;
    REQUIRE(nhi::scanner(rules(), o).scan_paths({dir.str()}, sink).is_ok());
    nhi::analysis_result facts;
    auto k8s = nhi::analyze_file("deploy/k8s/db-secret.yaml", nhi_test::read_file(dir / "deploy/k8s/db-secret.yaml"));
    REQUIRE(k8s.is_ok());
    facts = k8s.value();
    ::umask(0);
    auto inv = nhi::inventory::open(db);
    ::umask(022);
    REQUIRE(inv.is_ok());
    nhi::scan_record meta;
    meta.target = dir.str();
    meta.taken_at = "2024-06-01T00:00:00Z";
    REQUIRE(inv->record_scan(meta, sink.findings(), &facts).is_ok());
    auto key = nhi::import_export("sa-key.json", nhi_test::read_file(out / "sa-key-ok.json"));
    REQUIRE(key.is_ok());
    meta.target = "gcp:p";
    REQUIRE(inv->record_import(meta, key.value()).is_ok());
  }
  CHECK(mode_of(db) == 0600);
  for (const char* suffix : {"-wal", "-shm"})
    if (fs::exists(db + suffix)) CHECK(mode_of(db + suffix) == 0600);
  // Optional CLI paths, when this build has them.
  if (nhi_test::run(nhi + " scan --help").out.find("--inventory") != std::string::npos) {
    const std::string db2 = out / "scan-inventory.db";
    const auto r = nhi_test::run("umask 000 && " + nhi + " scan --inventory " + q(db2) + " " + root);
    CHECK(r.exit_code == 1);
    CHECK(mode_of(db2) == 0600);
    outputs["scan --inventory"] = r.out + r.err;
    for (const char* suffix : {"", "-wal", "-shm"})
      if (fs::exists(db2 + suffix)) outputs[std::string("db2") + suffix] = nhi_test::read_file(db2 + suffix);
  }
  {
    const auto list = nhi_test::run(nhi + " inventory export -f json --inventory " + q(db));
    REQUIRE(list.exit_code == 0);
    outputs["inventory export json"] = list.out + list.err;
    const auto exported = nlohmann::json::parse(list.out);
    for (const auto& id : exported["identities"]) {
      const std::string which = id["id"].get<std::string>();
      for (const std::string fmt : {"text", "json"}) {
        const auto show = nhi_test::run(nhi + " inventory show " + which + " -f " + fmt + " --inventory " + q(db));
        CHECK(show.exit_code == 0);
        outputs["inventory show " + which + " " + fmt] = show.out + show.err;
      }
    }
  }
  for (const std::string cmd : {"inventory export -f csv", "inventory list", "inventory list -f json",
                                "inventory list -f csv", "inventory snapshots", "inventory snapshots -f json",
                                "inventory diff 1 2", "inventory diff 1 2 -f json", "report", "report -f json",
                                "report -f html"}) {
    const auto r = nhi_test::run(nhi + " " + cmd + " --inventory " + q(db));
    CHECK_MESSAGE(r.exit_code == 0, cmd << ": " << r.err);
    outputs[cmd] = r.out + r.err;
  }
  {
    const std::string file = out / "posture.html";
    CHECK(nhi_test::run("umask 000 && " + nhi + " report -f html -o " + q(file) + " --inventory " + q(db)).exit_code == 0);
    CHECK(mode_of(file) == 0600);
    outputs["report -f html -o"] = nhi_test::read_file(file);
    const std::string exported = out / "identities.csv";
    CHECK(nhi_test::run("umask 000 && " + nhi + " inventory export -f csv -o " + q(exported) + " --inventory " + q(db))
              .exit_code == 0);
    CHECK(mode_of(exported) == 0600);
    outputs["inventory export -o"] = nhi_test::read_file(exported);
    const std::string imported = out / "import.json";
    CHECK(nhi_test::run("umask 000 && " + nhi + " import -f json -o " + q(imported) + " " + q(out / "sa-key-ok.json"))
              .exit_code == 0);
    CHECK(mode_of(imported) == 0600);
    outputs["import -o"] = nhi_test::read_file(imported);
  }
  // The database file, byte for byte, with its journal.
  for (const char* suffix : {"", "-wal", "-shm"})
    if (fs::exists(db + suffix)) outputs[std::string("inventory file") + suffix] = nhi_test::read_file(db + suffix);

  CHECK(outputs.size() > 30);
  for (const auto& [what, text] : outputs) check_clean(what, text, bad);
}

namespace {
struct key_guard {
  ~key_guard() { nhi::reset_fingerprint_key(); }
};
}  // namespace

TEST_CASE("own secrets: keyed fingerprints (HMAC-SHA-256) everywhere a secret is fingerprinted") {
  key_guard restore;
  // RFC 4231-style check against a well-known HMAC-SHA-256 vector.
  CHECK(nhi::keyed_fingerprint("The quick brown fox jumps over the lazy dog", "key") ==
        "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
  CHECK(nhi::keyed_fingerprint("abc", "") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  nhi::set_fingerprint_key("");
  CHECK(nhi::fingerprint_scheme() == "sha256");
  const std::string plain = nhi::fingerprint_of(kToken);
  const std::string rules_version = rules().version();

  nhi::set_fingerprint_key("team-key-0123456789abcdef");
  const std::string keyed = nhi::fingerprint_of(kToken);
  CHECK(keyed == nhi::keyed_fingerprint(kToken, "team-key-0123456789abcdef"));
  CHECK(keyed != plain);
  CHECK(keyed.size() == 64);
  CHECK(nhi::fingerprint_scheme().rfind("hmac-sha256:", 0) == 0);
  CHECK(nhi::fingerprint_scheme().size() == 12 + 16);
  CHECK(nhi::fingerprint_scheme().find("team-key") == std::string::npos);

  // Findings, plain and decoded, and analyzer facts agree under the key.
  const auto found = scan_text(kLine + "b64: " + nhi::detail::base64_encode(kLine) + "\n");
  REQUIRE_FALSE(found.findings.empty());
  for (const auto& f : found.findings) CHECK(f.fingerprint == keyed);
  auto env = nhi::analyze_file("services/api/prod.env", "SLACK_BOT_TOKEN=" + kToken + "\n");
  REQUIRE(env.is_ok());
  bool joined = false;
  for (const auto& fact : env->identities) {
    const auto it = fact.attributes.find("fingerprint");
    if (it != fact.attributes.end()) joined |= it->second == keyed;
  }
  CHECK(joined);
  // Rule-set versions and identity ids are not secrets: they do not change with the key.
  auto again = nhi::rule_set::builtin();
  REQUIRE(again.is_ok());
  CHECK(again->version() == rules_version);

  // The CLI reads the key from the environment.
  nhi_test::temp_dir dir;
  nhi_test::write_file(dir / "a.env", kLine);
  const auto r = nhi_test::run("NHI_FINGERPRINT_KEY=team-key-0123456789abcdef " + cli() + " scan -f json '" + dir.str() + "'");
  REQUIRE(r.exit_code == 1);
  const auto doc = nlohmann::json::parse(r.out);
  CHECK(doc["findings"][0]["fingerprint"] == keyed);
  // Without it, the installation's key: keyed all the same, never plain SHA-256.
  nhi::reset_fingerprint_key();
  const auto by_default = nhi_test::run("env -u NHI_FINGERPRINT_KEY " + cli() + " scan -f json '" + dir.str() + "'");
  REQUIRE(by_default.exit_code == 1);
  const std::string installation = nlohmann::json::parse(by_default.out)["findings"][0]["fingerprint"];
  CHECK(installation != plain);
  CHECK(installation != keyed);
  CHECK(installation == nhi::fingerprint_of(kToken));
}

// Issue 20 item 16: an empty or short NHI_FINGERPRINT_KEY used to fall back to
// unkeyed SHA-256 (or be accepted at 1 byte) without a word.
TEST_CASE("own secrets: a fingerprint key that protects nothing is refused, the installation key is 0600") {
  nhi_test::temp_dir dir;
  nhi_test::write_file(dir / "a.env", kLine);
  for (const std::string key : {"", "x", "fifteen-bytes!!"}) {
    const auto r = nhi_test::run("NHI_FINGERPRINT_KEY='" + key + "' " + cli() + " scan -f json '" + dir.str() + "'");
    CAPTURE(key);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("NHI_FINGERPRINT_KEY") != std::string::npos);
    CHECK(r.out.find(nhi::keyed_fingerprint(kToken, key)) == std::string::npos);
  }
  // A fresh installation: the key file is created 0600 on first use, then reused.
  const std::string config = dir / "config";
  const std::string env = "env -u NHI_FINGERPRINT_KEY XDG_CONFIG_HOME='" + config + "' ";
  const auto first = nhi_test::run(env + cli() + " scan -f json '" + (dir / "a.env") + "'");
  REQUIRE(first.exit_code == 1);
  const std::string key_file = config + "/nhi/fingerprint-key";
  struct stat st {};
  REQUIRE(::stat(key_file.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  const auto second = nhi_test::run(env + cli() + " scan -f json '" + (dir / "a.env") + "'");
  CHECK(nlohmann::json::parse(second.out)["findings"][0]["fingerprint"] ==
        nlohmann::json::parse(first.out)["findings"][0]["fingerprint"]);
  // A key others can read is refused, not used.
  ::chmod(key_file.c_str(), 0644);
  const auto exposed = nhi_test::run(env + cli() + " scan -f json '" + (dir / "a.env") + "'");
  CHECK(exposed.exit_code == 2);
  CHECK(exposed.err.find("0600") != std::string::npos);
  // No place for a key at all: refused rather than unkeyed.
  const auto homeless = nhi_test::run("env -u NHI_FINGERPRINT_KEY -u XDG_CONFIG_HOME -u HOME " + cli() + " scan '" +
                                      (dir / "a.env") + "'");
  CHECK(homeless.exit_code == 2);
}

// Recording under another key used to fork every secret into a new identity
// and mark the old one "rotated", without a warning. Backend-neutral: run
// against SQLite and again against PostgreSQL (docs/testing.md).
TEST_SUITE("inventory") {
TEST_CASE("own secrets: an inventory refuses a recording under another fingerprint key") {
  nhi_test::temp_dir dir;
  nhi_test::write_file(dir / "a.env", kLine);
  nhi_test::test_inventory where(dir, "inv.db");
  const std::string db = where.location();
  const std::string scan = cli() + " scan '" + (dir / "a.env") + "' --target app --inventory '" + db + "'";
  REQUIRE(nhi_test::run("NHI_FINGERPRINT_KEY=first-key-0123456789 " + scan).exit_code == 1);
  REQUIRE(nhi_test::run("NHI_FINGERPRINT_KEY=first-key-0123456789 " + scan).exit_code == 1);
  const auto other = nhi_test::run("NHI_FINGERPRINT_KEY=other-key-0123456789 " + scan);
  CHECK(other.exit_code == 2);
  CHECK(other.err.find("--new-fingerprint-key") != std::string::npos);
  CHECK(other.err.find("other-key") == std::string::npos);
  // On purpose: recorded, and the old identity is not called rotated.
  const auto moved = nhi_test::run("NHI_FINGERPRINT_KEY=other-key-0123456789 " + scan + " --new-fingerprint-key");
  CHECK(moved.exit_code == 1);
  const auto events = nhi_test::run("NHI_FINGERPRINT_KEY=other-key-0123456789 " + cli() + " inventory list -f json --inventory '" + db + "'");
  REQUIRE(events.exit_code == 0);
  CHECK(events.out.find("\"rotated\"") == std::string::npos);
  // And the new key is now the inventory's.
  CHECK(nhi_test::run("NHI_FINGERPRINT_KEY=other-key-0123456789 " + scan).exit_code == 1);
  CHECK(nhi_test::run("NHI_FINGERPRINT_KEY=first-key-0123456789 " + scan).exit_code == 2);
}
}  // TEST_SUITE("inventory")
