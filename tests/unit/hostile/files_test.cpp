// SPDX-License-Identifier: Apache-2.0
// Hostile files in a scanned tree (docs/hardening.md, "Files"): each row of
// the table has a test here. Nothing crashes, nothing hangs, every skipped
// file is reported with where and why, and the rest of the tree is scanned.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>

#include "unit/hostile/hostile_support.hpp"
#include "util/text.hpp"

using namespace hostile;
using hostile::nlohmann_accepts;
namespace fs = std::filesystem;
using kind = nhi::diagnostic::kind;

TEST_CASE("hostile: binary files are skipped and reported, text beside them is scanned") {
  nhi_test::temp_dir dir;
  nhi_test::write_file(dir / "a.bin", std::string("\x7f" "ELF\x02\x01\x01\0\0\0", 10) + kLine);
  nhi_test::write_file(dir / "b.env", kLine);
  const auto r = scan_paths({dir.str()});
  CHECK(r.count_token() == 1);
  CHECK(r.findings.at(0).path.find("b.env") != std::string::npos);
  CHECK(r.has(kind::binary, "a.bin"));
  CHECK(r.stats.files_skipped == 1);
}

TEST_CASE("hostile: NUL bytes — early ones make a file binary, later ones are scanned through") {
  // git's heuristic: a NUL in the first 8000 bytes means binary.
  const auto early = scan_text(std::string("x\0y\n", 4) + kLine);
  CHECK(early.findings.empty());
  CHECK(early.find(kind::binary) != nullptr);
  const auto late = scan_text(std::string(9000, 'a') + "\n" + std::string("\0\0\n", 3) + kLine);
  CHECK(late.count_token() == 1);
  CHECK(late.findings.at(0).line == 3);
  CHECK(late.find(kind::binary) == nullptr);
}

TEST_CASE("hostile: a file over the size limit is skipped without being read (64 MiB sparse file)") {
  nhi_test::temp_dir dir;
  const std::string big = dir / "huge-single-line.txt";
  {
    const int fd = ::open(big.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    REQUIRE(fd >= 0);
    REQUIRE(::ftruncate(fd, off_t{64} << 20) == 0);  // sparse: no disk, no time
    ::close(fd);
  }
  nhi_test::write_file(dir / "small.env", kLine);
  scan_result r;
  r = scan_paths({dir.str()});
  CHECK(r.count_token() == 1);
  const auto* d = r.find(kind::too_large);
  REQUIRE(d != nullptr);
  CHECK(d->path.find("huge-single-line.txt") != std::string::npos);
  CHECK(d->message.find("67108864 bytes exceeds the size limit of 26214400") != std::string::npos);
  CHECK(r.stats.bytes_scanned == kLine.size());  // the big file was never read
}

TEST_CASE("hostile: a secret in a line over the line limit is found, with its column (issue 20, item 3)") {
  // 3 MiB on one line (over the 1 MiB line limit), holding the token too.
  std::string text(3u << 20, 'A');
  text.replace(1000, kToken.size() + 2, " " + kToken + " ");
  text += "\n" + kLine;
  scan_result r;
  r = scan_text(text, "minified.js");
  REQUIRE(r.findings.size() == 2);
  CHECK(r.count_token() == 2);
  CHECK(r.findings[0].line == 1);
  CHECK(r.findings[0].column == 1002);
  CHECK(r.findings[1].line == 2);
  CHECK(r.find(kind::long_line) == nullptr);  // nothing was left unscanned
}

TEST_CASE("hostile: secrets at every offset of a long line are each found once, across window edges") {
  // Tokens every 7919 bytes (a prime: the tokens fall at every phase of the
  // 1 MiB windows) in one 3 MiB line, separated by spaces; one of them base64
  // encoded with a key in front, straddling the first window's end.
  const std::size_t step = 7919;
  std::string text(3u << 20, ' ');
  std::vector<std::size_t> at;
  for (std::size_t pos = 17; pos + kToken.size() < text.size(); pos += step) {
    text.replace(pos, kToken.size(), kToken);
    at.push_back(pos);
  }
  nhi::scan_options o;
  o.capture_secrets = true;
  const auto r = scan_text(text, "bundle.min.js", o);
  REQUIRE(r.count_token() == at.size());
  for (std::size_t k = 0; k < at.size(); ++k) {
    CHECK(r.findings[k].line == 1);
    CHECK(r.findings[k].column == at[k] + 1);
    CHECK(r.findings[k].secret == kToken);
  }
}

TEST_CASE("hostile: an encoded secret across a window edge of a long line is found once") {
  const std::string encoded = "U0xBQ0tfQk9UX1RPS0VOPXhveGItNTc5Njk1NTIxNjc1OS03Mzk1MTY2NTM4ODAwLUpjTVh5ak1Jd2ZqdFRxNkhTUzlGd3R2cg==";
  std::string plain;
  REQUIRE(nhi::detail::base64_decode(encoded, plain));
  REQUIRE(plain == "SLACK_BOT_TOKEN=" + kToken);
  for (std::size_t pos : {std::size_t{1} << 20, (std::size_t{1} << 20) - 40, (std::size_t{1} << 20) - 70000}) {
    std::string text(3u << 20, ' ');
    text.replace(pos - 8, 8, "config=\"");
    text.replace(pos, encoded.size(), encoded);
    text[pos + encoded.size()] = '"';
    const auto r = scan_text(text, "bundle.min.js");
    CHECK_MESSAGE(r.count_token() == 1, "at ", pos);
    if (r.count_token() == 1) {
      CHECK(r.findings[0].column == pos + 1);
      CHECK(r.findings[0].decoded == "base64");
    }
  }
}

TEST_CASE("hostile: invalid UTF-8 is reported with its line, scanned as bytes, and reports stay valid") {
  const std::string text = "caf\xe9 \xff\xfe\n" + kLine + "\xc3\x28 \xed\xa0\x80\n";
  auto r = scan_text(text, "latin1-\xff.txt");
  CHECK(r.count_token() == 1);
  const auto* d = r.find(kind::invalid_utf8);
  REQUIRE(d != nullptr);
  CHECK(d->line == 1);
  // JSON and SARIF must stay parseable with an invalid path and diagnostics.
  r.stats.diagnostics.push_back({kind::error, "bad-\xc3\x28", 2, "message \xff"});
  for (auto format : {nhi::report_format::json, nhi::report_format::sarif}) {
    std::ostringstream out;
    nhi::write_report(out, format, r.findings, r.stats, rules());
    CHECK(nlohmann_accepts(out.str()));
  }
}

TEST_CASE("hostile: CRLF and mixed line endings give the right line, column and secret") {
  const std::string crlf = "a\r\nb\r\n" + std::string("SLACK_BOT_TOKEN=") + kToken + "\r\nc\r\n";
  auto r = scan_text(crlf, "win.env", [] { nhi::scan_options o; o.capture_secrets = true; return o; }());
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].line == 3);
  CHECK(r.findings[0].column == 17);
  CHECK(r.findings[0].secret == kToken);  // no trailing \r
  // Mixed: \n, \r\n and a lone \r (old Mac style, not a line break for git or nhi).
  const std::string mixed = "a\nb\r\nc\rd\n" + kLine;
  auto m = scan_text(mixed);
  REQUIRE(m.findings.size() == 1);
  CHECK(m.findings[0].line == 4);
}

TEST_CASE("hostile: symbolic link loops are not followed (and are detected when following links)") {
  nhi_test::temp_dir dir;
  nhi_test::write_file(dir / "a/secret.env", kLine);
  fs::create_symlink(dir.path(), dir.path() / "a" / "loop");         // a/loop -> the root
  fs::create_symlink(dir.path() / "a", dir.path() / "a" / "self");    // a/self -> a
  fs::create_symlink("missing-target", dir.path() / "dangling");
  scan_result r;
  r = scan_paths({dir.str()});
  CHECK(r.count_token() == 1);

  nhi::scan_options follow;
  follow.follow_symlinks = true;
  r = scan_paths({dir.str()}, follow);
  CHECK(r.count_token() == 1);
  CHECK(r.has(kind::symlink, "loop"));
  CHECK(r.has(kind::symlink, "dangling"));
}

TEST_CASE("hostile: symbolic links pointing outside the tree are not followed by default") {
  nhi_test::temp_dir outside, dir;
  nhi_test::write_file(outside / "leak.env", kLine);
  nhi_test::write_file(dir / "ok.txt", "nothing here\n");
  fs::create_symlink(outside.path() / "leak.env", dir.path() / "leak.env");
  fs::create_symlink(outside.path(), dir.path() / "outside-dir");
  fs::create_symlink("/etc/shadow", dir.path() / "shadow");
  CHECK(scan_paths({dir.str()}).findings.empty());
  // Through the CLI too, with the exit code of a clean scan.
  const auto run = nhi_test::run(cli() + " scan '" + dir.str() + "'");
  CHECK(run.exit_code == 0);
}

TEST_CASE("hostile: FIFOs and device files are skipped and reported, never opened for reading") {
  nhi_test::temp_dir dir;
  REQUIRE(::mkfifo((dir / "pipe").c_str(), 0600) == 0);
  const bool have_device = ::mknod((dir / "null-device").c_str(), S_IFCHR | 0600, makedev(1, 3)) == 0;
  nhi_test::write_file(dir / "x.env", kLine);
  scan_result r;
  r = scan_paths({dir.str()});  // a FIFO with no writer must not block
  CHECK(r.count_token() == 1);
  CHECK(r.has(kind::special_file, "pipe"));
  if (have_device) CHECK(r.has(kind::special_file, "null-device"));
  // Named on the command line, too.
  const auto run = nhi_test::run(cli() + " scan '" + (dir / "pipe") + "'");
  CHECK(run.exit_code == 0);
  CHECK(run.err.find("pipe: not a regular file") != std::string::npos);
}

TEST_CASE("hostile: unreadable files are reported with the reason, the scan goes on") {
  nhi_test::temp_dir dir;
  ::chmod(dir.path().c_str(), 0755);
  nhi_test::write_file(dir / "locked.env", kLine);
  nhi_test::write_file(dir / "open.env", kLine);
  ::chmod((dir / "locked.env").c_str(), 0);
  ::chmod((dir / "open.env").c_str(), 0644);
  if (!is_root()) {
    const auto r = scan_paths({dir.str()});
    CHECK(r.count_token() == 1);
    const auto* d = r.find(kind::unreadable);
    REQUIRE(d != nullptr);
    CHECK(d->path.find("locked.env") != std::string::npos);
    CHECK(d->message == "cannot read: Permission denied");
    return;
  }
  // Root reads mode-0 files; drop to nobody for the CLI when setpriv exists.
  if (nhi_test::run("command -v setpriv").exit_code != 0 ||
      nhi_test::run("setpriv --reuid=65534 --regid=65534 --clear-groups true").exit_code != 0 ||
      nhi_test::run("setpriv --reuid=65534 --regid=65534 --clear-groups test -x '" + cli() + "'").exit_code != 0) {
    MESSAGE("running as root without a usable setpriv: unreadable-file check skipped");
    return;
  }
  // nobody cannot read the suite's fingerprint key (root's, 0600): give it one.
  const std::string as_nobody = "NHI_FINGERPRINT_KEY=unreadable-test-key-0123 setpriv --reuid=65534 --regid=65534 --clear-groups '";
  const auto run = nhi_test::run(as_nobody + cli() + "' scan -f json '" + dir.str() + "'");
  CHECK(run.exit_code == 3);  // open.env still found, but the scan is incomplete (docs/cli.md)
  CHECK(run.out.find("\"kind\": \"unreadable\"") != std::string::npos);
  CHECK(run.out.find("\"incomplete\": 1") != std::string::npos);
  const auto accepted = nhi_test::run(as_nobody + cli() + "' scan --allow-incomplete -f json '" + dir.str() + "'");
  CHECK(accepted.exit_code == 1);  // open.env's finding
  CHECK(run.out.find("cannot read: Permission denied") != std::string::npos);
}

namespace {
// Deletes and truncates other files the moment the first file is scanned:
// files that vanish or shrink between the directory walk and the read.
class vandal final : public nhi::detector {
 public:
  explicit vandal(std::string dir) : dir_(std::move(dir)) {}
  const std::string& name() const override { return name_; }
  nhi::status detect(std::string_view, const nhi::origin& where, std::vector<nhi::detection>&) const override {
    if (where.path.find("a-first") != std::string::npos) {
      fs::remove(dir_ + "/b-vanishes.env");
      fs::resize_file(dir_ + "/c-shrinks.env", 5);
      fs::remove_all(dir_ + "/d-dir");
    }
    return nhi::status::ok();
  }

 private:
  std::string dir_;
  std::string name_ = "vandal";
};
}  // namespace

TEST_CASE("hostile: files that vanish or shrink mid-scan are reported, not fatal") {
  nhi_test::temp_dir dir;
  nhi_test::write_file(dir / "a-first.txt", "first\n");
  nhi_test::write_file(dir / "b-vanishes.env", kLine);
  nhi_test::write_file(dir / "c-shrinks.env", kLine);
  nhi_test::write_file(dir / "d-dir/inner.env", kLine);
  nhi_test::write_file(dir / "e-last.env", kLine);
  nhi::scan_options o;
  o.threads = 1;  // files in walk order: a-first is read before the others
  o.detectors.push_back(std::make_shared<vandal>(dir.str()));
  const auto r = scan_paths({dir.str()}, o);
  CHECK(r.count_token() == 1);  // e-last.env
  CHECK(r.has(kind::unreadable, "b-vanishes.env"));
  CHECK(r.has(kind::unreadable, "d-dir/inner.env"));
  for (const auto& d : r.stats.diagnostics)
    if (d.what == kind::unreadable) CHECK(d.message == "cannot read: No such file or directory");
}

TEST_CASE("hostile: file names with terminal escapes and control bytes are printed inert") {
  nhi_test::temp_dir dir;
  const std::string evil = "evil\x1b]0;pwned\x07\x1b[2J\r.env";
  nhi_test::write_file(dir / evil, kLine);
  const auto run = nhi_test::run(cli() + " scan --color never '" + dir.str() + "'");
  CHECK(run.exit_code == 1);
  CHECK(run.out.find('\x1b') == std::string::npos);
  CHECK(run.out.find('\x07') == std::string::npos);
  CHECK(run.out.find('\r') == std::string::npos);
  CHECK(run.out.find("evil\\x1b]0;pwned\\x07\\x1b[2J\\r.env") != std::string::npos);
  const auto json = nhi_test::run(cli() + " scan -f json '" + dir.str() + "'");
  CHECK(json.exit_code == 1);
  CHECK(nlohmann_accepts(json.out));
}

TEST_CASE("hostile: a file full of secrets, plain and encoded, is scanned and every secret reported") {
  // 20000 distinct tokens in the clear and 20000 base64-encoded (~4 MiB).
  std::string text;
  for (int i = 0; i < 20000; ++i) {
    std::string token = kToken;
    const std::string n = std::to_string(100000 + i);
    token.replace(token.size() - n.size(), n.size(), n);
    text += "SLACK_BOT_TOKEN=" + token + "\n";
    text += "encoded: " + nhi::detail::base64_encode("SLACK_BOT_TOKEN=" + token) + "\n";
  }
  // Every one of them, past the per-file limit (scanner_test covers the limit).
  nhi::scan_options unlimited;
  unlimited.max_findings_per_file = 0;
  scan_result r = scan_text(text, "dump.env", unlimited);
  CHECK(r.findings.size() >= 20000);
  for (auto format : {nhi::report_format::text, nhi::report_format::json}) {
    nhi::report_options o;
    o.group_by_secret = true;
    std::ostringstream out;
    nhi::write_report(out, format, r.findings, r.stats, rules(), o);
  }
}

TEST_CASE("hostile files: UTF-16 files and PHP/.NET-escaped JSON hide no secret") {
  nhi_test::temp_dir dir;
  std::string utf16;
  for (char c : "X=1\r\n" + kLine) utf16 += std::string{c, '\0'};
  nhi_test::write_file(dir / "bom.txt", std::string("\xff\xfe", 2) + utf16);
  nhi_test::write_file(dir / "bare.txt", utf16);
  std::string escaped_token;
  for (char c : kToken) escaped_token += c == '-' ? std::string("\\u002D") : std::string(1, c);
  nhi_test::write_file(dir / "php.json", "{\"url\":\"https:\\/\\/a.example\\/\",\"slack\":\"" + escaped_token + "\"}\n");
  const auto r = scan_paths({dir.str()});
  for (const std::string name : {"bom.txt", "bare.txt"}) {
    INFO(name);
    const auto it = std::find_if(r.findings.begin(), r.findings.end(),
                                 [&](const nhi::finding& f) { return f.path.find(name) != std::string::npos; });
    REQUIRE(it != r.findings.end());
    CHECK(it->line == 2);
    CHECK(it->column == 17);
    CHECK(it->decoded.find("utf-16le") == 0);
  }
  const auto php = std::find_if(r.findings.begin(), r.findings.end(),
                                [](const nhi::finding& f) { return f.path.find("php.json") != std::string::npos; });
  REQUIRE(php != r.findings.end());
  CHECK(php->line == 1);
  CHECK_FALSE(r.has(nhi::diagnostic::kind::binary));
}
