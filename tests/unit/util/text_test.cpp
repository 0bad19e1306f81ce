// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>

#include "util/glob.hpp"
#include "util/quote_name.hpp"
#include "util/text.hpp"

using namespace nhi::detail;

TEST_CASE("find_first_of3: the first of three bytes from an offset, against std::string_view::find_first_of") {
  CHECK(find_first_of3("", 0, 'a', 'b', 'c') == std::string_view::npos);
  CHECK(find_first_of3("xyz", 3, 'a', 'b', 'c') == std::string_view::npos);
  CHECK(find_first_of3("say \"hi\\n\"", 0, '"', '\n', '\\') == 4);
  // Random text over a small alphabet, at every offset, across 16-byte blocks.
  std::uint32_t state = 5;
  auto next = [&state] { return state = state * 1103515245u + 12345u, (state >> 16) & 0x7fff; };
  const char alphabet[] = "abcdefghij\"\\\n\x80\xff";
  std::string random;
  for (int i = 0; i < 300; ++i) random += alphabet[next() % (sizeof alphabet - 1)];
  for (std::size_t from = 0; from <= random.size(); ++from) {
    const std::string_view s(random);
    CHECK_MESSAGE(find_first_of3(s, from, '"', '\n', '\\') == s.find_first_of("\"\n\\", from), from);
    CHECK_MESSAGE(find_first_of3(s, from, '\x80', '\xff', 'j') == s.find_first_of("\x80\xffj", from), from);
  }
}

TEST_CASE("ifind: ASCII-caseless search from an offset, against the plain definition") {
  CHECK(ifind("xx Quux yy QUUX", "quux") == 3);
  CHECK(ifind("xx Quux yy QUUX", "quux", 4) == 11);
  CHECK(ifind("xx Quux yy QUUX", "quux", 12) == std::string_view::npos);
  CHECK(ifind("qqqqqqqQ", "qq", 6) == 6);
  CHECK(ifind("abc", "abcd") == std::string_view::npos);
  CHECK(ifind("abc", "") == 0);
  CHECK(ifind("abc", "c", 4) == std::string_view::npos);
  CHECK(ifind("a-b_KEY_", "_key_") == 3);  // a first byte that is no letter
  // Many lower-case candidates before a rare upper-case one, and the reverse.
  std::string text(5000, 'q');
  text += "QUUX";
  CHECK(ifind(text, "quux") == 5000);
  std::string upper(5000, 'Q');
  upper += "quux";
  CHECK(ifind(upper, "qUUX") == 5000);
  // Every offset of a mixed text, against a byte-by-byte search.
  const std::string hay = "Acme aCME acm acmE_ ACMEacme a c m e";
  for (std::size_t from = 0; from <= hay.size(); ++from) {
    std::size_t naive = std::string_view::npos;
    for (std::size_t i = from; i + 4 <= hay.size() && naive == std::string_view::npos; ++i)
      if (to_lower_ascii(hay.substr(i, 4)) == "acme") naive = i;
    CHECK_MESSAGE(ifind(hay, "ACME", from) == naive, from);
    CHECK_MESSAGE(ifind_baseline(hay, "ACME", from) == naive, from);
  }
  // Random text over a small alphabet (letters of both cases, and bytes that
  // differ from a letter by 0x20 only: '@' and '`', '[' and '{'), needles of
  // every length, at every offset: the same as a byte-by-byte search.
  std::uint32_t state = 11;
  auto next = [&state] { return state = state * 1103515245u + 12345u, (state >> 16) & 0x7fff; };
  const char alphabet[] = "aAbB@`[{-_ \n";
  std::string random;
  for (int i = 0; i < 3000; ++i) random += alphabet[next() % (sizeof alphabet - 1)];
  for (int trial = 0; trial < 2000; ++trial) {
    std::string needle;
    const std::size_t length = 1 + next() % 12;
    for (std::size_t j = 0; j < length; ++j) needle += alphabet[next() % (sizeof alphabet - 1)];
    const std::size_t from = next() % random.size();
    std::size_t naive = std::string_view::npos;
    for (std::size_t i = from; i + needle.size() <= random.size() && naive == std::string_view::npos; ++i)
      if (to_lower_ascii(random.substr(i, needle.size())) == to_lower_ascii(needle)) naive = i;
    CHECK_MESSAGE(ifind(random, needle, from) == naive, needle, " from ", from);
    CHECK_MESSAGE(ifind_baseline(random, needle, from) == naive, needle, " from ", from);
  }
}

TEST_CASE("shannon entropy: uniform, constant and empty input") {
  CHECK(shannon_entropy("") == 0.0);
  CHECK(shannon_entropy("aaaaaaaa") == 0.0);
  CHECK(shannon_entropy("abcdefgh") == doctest::Approx(3.0));
  CHECK(shannon_entropy("ab") == doctest::Approx(1.0));
}

TEST_CASE("binary detection looks for NUL in the first bytes") {
  CHECK_FALSE(looks_binary("plain text\n"));
  CHECK(looks_binary(std::string("PK\x03\x04\0\0", 6)));
  std::string late(9000, 'a');
  late[8500] = '\0';
  CHECK_FALSE(looks_binary(late));  // beyond the probe: treated as text
}

TEST_CASE("UTF-8 validation finds the first invalid byte") {
  CHECK(first_invalid_utf8("héllo wörld") == std::string_view::npos);
  CHECK(first_invalid_utf8("abc\xff" "def") == 3);
  CHECK(first_invalid_utf8("\xc0\xaf") == 0);           // overlong '/'
  CHECK(first_invalid_utf8("\xed\xa0\x80") == 0);       // surrogate
  CHECK(first_invalid_utf8("ok\xe2\x82") == 2);         // truncated sequence
  // Every position around the 32- and 8-byte steps of the ASCII path.
  for (std::size_t len : {1u, 7u, 8u, 31u, 32u, 33u, 63u, 64u, 65u, 130u, 200u})
    for (std::size_t at = 0; at < len; ++at) {
      std::string text(len, 'a');
      text[at] = '\xff';
      CHECK(first_invalid_utf8(text) == at);
      if (at + 2 <= len) {
        text.replace(at, 2, "\xc3\xa9");  // é
        CHECK(first_invalid_utf8(text) == std::string_view::npos);
        CHECK(first_invalid_utf8(text + "\xe2\x82") == len);  // cut at the end
      }
    }
  CHECK(sanitize_utf8("a\xff" "b") == "a\xEF\xBF\xBD" "b");
}

TEST_CASE("line index maps offsets to 1-based lines and columns, CRLF aware") {
  const std::string text = "one\r\ntwo\nthree";
  line_index idx(text);
  CHECK(idx.line_of(0) == 1);
  CHECK(idx.line_of(5) == 2);
  CHECK(idx.column_of(6) == 2);
  CHECK(idx.line_of(text.size() - 1) == 3);
  auto [b, e] = idx.line_bounds(1);
  CHECK(text.substr(b, e - b) == "one");  // the \r is not part of the line
}

TEST_CASE("base64 round trip, url-safe alphabet, and rejects") {
  std::string out;
  CHECK(base64_decode(base64_encode("user:pass"), out));
  CHECK(out == "user:pass");
  CHECK(base64_decode("aGVsbG8", out));  // unpadded
  CHECK(out == "hello");
  CHECK(base64_decode("-_8", out, true));
  CHECK_FALSE(base64_decode("a$b=", out));
  CHECK_FALSE(base64_decode("aGVs=bG8", out));  // data after padding
  CHECK_FALSE(base64_decode("a", out));          // a lone 6-bit group
}

TEST_CASE("glob matching: *, **, ?, classes, directories, any depth") {
  CHECK(glob_match("*.pem", "keys/deploy.pem"));
  CHECK(glob_match("*.pem", "deploy.pem"));
  CHECK_FALSE(glob_match("*.pem", "deploy.pem.txt"));
  CHECK(glob_match("vendor/**", "vendor/a/b/c.go"));
  CHECK(glob_match("vendor", "vendor/a/b/c.go"));  // a directory excludes what is below it
  CHECK(glob_match("node_modules", "web/node_modules/x/index.js"));
  CHECK(glob_match("**/test/*.env", "svc/a/test/x.env"));
  CHECK(glob_match("**/test/*.env", "test/x.env"));
  CHECK_FALSE(glob_match("src/*.c", "src/sub/x.c"));  // * does not cross '/'
  CHECK(glob_match("file?.txt", "file1.txt"));
  CHECK(glob_match("[a-c]at", "bat"));
  CHECK_FALSE(glob_match("[!a-c]at", "bat"));
  CHECK(glob_match("./docs/", "docs/setup.md"));
}

TEST_CASE("quote_name quotes names people write and redacts what looks like a secret") {
  using nhi::detail::quote_name;
  CHECK(quote_name("exclude") == "'exclude'");
  CHECK(quote_name("aws_db_instance") == "'aws_db_instance'");
  CHECK(quote_name("google_service_account_key") == "'google_service_account_key'");
  CHECK(quote_name("apiVersion") == "'apiVersion'");
  const std::vector<std::string> secrets = {"TfSecretWord9xQ2mLp7Vr4KcZ8nB3wY",
                                            "xoxb-5796955216759-7395166538800-JcMXyjMIwfjtTq6HSS9Fwtvr",
                                            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", std::string(50, 'a')};
  for (const std::string& secret : secrets) {
    CAPTURE(secret);
    const std::string q = quote_name(secret);
    CHECK(q.find("(redacted)") != std::string::npos);
    CHECK(q.find(secret.substr(4, 8)) == std::string::npos);
  }
}

TEST_CASE("UTF-16 is detected with and without a byte order mark, and converted") {
  using nhi::detail::detect_utf16;
  using nhi::detail::utf16_encoding;
  using nhi::detail::utf16_to_utf8;
  const std::string le_bom("\xff\xfe" "a\0=\0" "1\0", 8);
  const std::string be_bom("\xfe\xff" "\0a\0=\0" "1", 8);
  const std::string le_bare("K\0E\0Y\0=\0v\0a\0l\0u\0e\0\r\0\n\0", 22);  // 8 units at least
  CHECK(detect_utf16(le_bom) == utf16_encoding::little_endian);
  CHECK(detect_utf16(be_bom) == utf16_encoding::big_endian);
  CHECK(detect_utf16(le_bare) == utf16_encoding::little_endian);
  CHECK(utf16_to_utf8(le_bom, utf16_encoding::little_endian) == "a=1");
  CHECK(utf16_to_utf8(be_bom, utf16_encoding::big_endian) == "a=1");
  CHECK(utf16_to_utf8(le_bare, utf16_encoding::little_endian) == "KEY=value\r\n");
  CHECK(detect_utf16(le_bare.substr(0, 14)) == utf16_encoding::none);  // too short to tell
  // Not UTF-16: plain text, UTF-32 with its mark, binary with NULs here and there.
  CHECK(detect_utf16("plain text\n") == utf16_encoding::none);
  CHECK(detect_utf16(std::string("\xff\xfe\0\0a\0\0\0", 8)) == utf16_encoding::none);
  CHECK(detect_utf16(std::string("\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0\x3e\0", 20)) == utf16_encoding::none);
}
