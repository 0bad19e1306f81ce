// SPDX-License-Identifier: Apache-2.0
#include "decode/decoders.hpp"
#include "util/text.hpp"
#include "nhi/rules.hpp"

#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

namespace {

using nhi::detail::base64_run;
using nhi::detail::next_base64_run;
using nhi::detail::next_base64_run_portable;

bool is_b64(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' ||
         c == '-' || c == '_';
}

// The byte-by-byte definition the block scanner must agree with.
std::vector<base64_run> reference_runs(const std::string& s, std::size_t min_len) {
  std::vector<base64_run> out;
  for (std::size_t i = 0; i < s.size();) {
    if (!is_b64(static_cast<unsigned char>(s[i]))) { ++i; continue; }
    base64_run r;
    r.begin = i;
    for (; i < s.size() && is_b64(static_cast<unsigned char>(s[i])); ++i) {
      const char c = s[i];
      r.url_safe |= c == '-' || c == '_';
      r.has_upper |= c >= 'A' && c <= 'Z';
      r.has_lower |= c >= 'a' && c <= 'z';
      r.has_digit |= c >= '0' && c <= '9';
    }
    r.end = i;
    if (r.end - r.begin >= min_len) out.push_back(r);
  }
  return out;
}

// Both the run finder the library calls (AVX2 where the CPU has it) and the
// portable one.
std::vector<base64_run> block_runs(const std::string& s, std::size_t min_len, bool portable) {
  std::vector<base64_run> out;
  base64_run r;
  for (std::size_t from = 0; (portable ? next_base64_run_portable : next_base64_run)(s, from, min_len, r); from = r.end)
    out.push_back(r);
  return out;
}

void check_same_as(const std::string& s, std::size_t min_len, bool portable) {
  const auto want = reference_runs(s, min_len), got = block_runs(s, min_len, portable);
  REQUIRE(got.size() == want.size());
  for (std::size_t k = 0; k < want.size(); ++k) {
    CHECK(got[k].begin == want[k].begin);
    CHECK(got[k].end == want[k].end);
    CHECK(got[k].url_safe == want[k].url_safe);
    CHECK(got[k].has_upper == want[k].has_upper);
    CHECK(got[k].has_lower == want[k].has_lower);
    CHECK(got[k].has_digit == want[k].has_digit);
  }
}

void check_same(const std::string& s, std::size_t min_len) {
  for (bool portable : {false, true}) check_same_as(s, min_len, portable);
}

}  // namespace

TEST_CASE("base64 runs: every byte value is classified as the alphabet says") {
  std::string all;
  for (int c = 0; c < 256; ++c) all += static_cast<char>(c);
  // Each byte alone between spaces: a run of one exactly where the byte is base64.
  std::string spaced;
  for (char c : all) { spaced += c; spaced += ' '; }
  check_same(spaced, 1);
  check_same(all + all + all, 1);
}

TEST_CASE("base64 runs: block edges, the end of the data and the minimum length") {
  for (std::size_t len : {0u, 1u, 13u, 14u, 15u, 16u, 63u, 64u, 65u, 127u, 128u, 129u, 300u})
    for (std::size_t at : {0u, 1u, 50u, 63u, 64u, 65u, 100u}) {
      std::string s(at, ' ');
      s += std::string(len, 'a');
      check_same(s, 14);
      check_same(s + ".", 14);
      check_same(s + "," + std::string(len, 'Z'), 1);
    }
  base64_run r;
  CHECK_FALSE(next_base64_run("", 0, 1, r));
  CHECK_FALSE(next_base64_run("abc", 3, 1, r));
  REQUIRE(next_base64_run("xx abcdEFGH12-_ yy", 3, 4, r));
  CHECK(r.begin == 3);
  CHECK(r.end == 15);
  CHECK((r.url_safe && r.has_upper && r.has_lower && r.has_digit));
  // `from` inside a run cuts it there.
  REQUIRE(next_base64_run("abcdefgh", 5, 1, r));
  CHECK(r.begin == 5);
}

TEST_CASE("base64 runs: random text agrees with the byte-by-byte definition") {
  std::mt19937 rng(12345);
  const std::string alphabet = "aZ09+/-_=.,: \n\"\x80\xff";
  for (int round = 0; round < 2000; ++round) {
    const std::size_t n = rng() % 400;
    std::string s;
    // Long stretches of one class and short mixed ones, so runs cross block edges.
    while (s.size() < n) {
      const char c = alphabet[rng() % alphabet.size()];
      s.append(1 + rng() % (rng() % 4 == 0 ? 90 : 6), c);
      if (rng() % 3 == 0) s += static_cast<char>(rng() % 256);
    }
    check_same(s, 1 + rng() % 20);
  }
}

TEST_CASE("string escapes: JSON, PHP and .NET forms decode, with each byte's source offset") {
  using nhi::detail::decode_string_escapes;
  CHECK(decode_string_escapes(R"(https:\/\/a.example\/x)") == "https://a.example/x");
  CHECK(decode_string_escapes(R"(a\u002Bb\u0026c)") == "a+b&c");
  CHECK(decode_string_escapes(R"(line\nnext\ttab)") == "line\nnext\ttab");
  CHECK(decode_string_escapes(R"(\u00e9)") == "\xc3\xa9");
  CHECK(decode_string_escapes(R"(\ud83d\ude00)") == "\xf0\x9f\x98\x80");  // a surrogate pair
  CHECK(decode_string_escapes(R"(\ud83dx)") == "\xef\xbf\xbdx");          // a lone surrogate
  CHECK(decode_string_escapes(R"(\u12)") == "u12");                       // not an escape: kept
  // Bytes of a Go or Python byte string (gzip data in generated code): each \xHH
  // one byte, not "xa8x8f" run together into letters and digits (seed-39 triage).
  CHECK(decode_string_escapes(R"(\x1f\x8b\b\x00\xa8\x8f)") == std::string("\x1f\x8b\b\x00\xa8\x8f", 6));
  CHECK(decode_string_escapes(R"(\v\x0)") == "\vx0");  // \x without two hex digits: kept
  std::vector<std::size_t> offsets;
  const std::string s = R"(a\/b\u0063)";
  CHECK(decode_string_escapes(s, &offsets) == "a/bc");
  REQUIRE(offsets.size() == 5);
  CHECK(offsets[0] == 0);
  CHECK(offsets[1] == 1);  // "/" came from the escape at 1
  CHECK(offsets[2] == 3);
  CHECK(offsets[3] == 4);  // "c" from \u0063 at 4
  CHECK(offsets[4] == s.size());
}

TEST_CASE("base64 runs: judging a run by its first characters rejects only what decoding it whole would") {
  using nhi::detail::base64_decode;
  using nhi::detail::base64_encode;
  using nhi::detail::is_decoded_text;
  using nhi::detail::may_decode_to_text;
  std::mt19937 rng(17);
  // Text, text with a few control bytes or a cut UTF-8 sequence at any place,
  // and random bytes: every length from a few bytes to a few hundred.
  auto sample = [&](int kind, std::size_t size) {
    std::string s;
    for (std::size_t i = 0; i < size; ++i) {
      if (kind == 0) s += static_cast<char>(' ' + rng() % 95);
      else if (kind == 1) s += rng() % 40 == 0 ? static_cast<char>(rng() % 32) : static_cast<char>('a' + rng() % 26);
      else if (kind == 2) s += rng() % 50 == 0 ? std::string("\xC3\xA9") : std::string(1, 'x');
      else s += static_cast<char>(rng() % 256);
    }
    return s;
  };
  std::size_t rejected[4] = {0, 0, 0, 0}, long_runs[4] = {0, 0, 0, 0};
  for (int kind = 0; kind < 4; ++kind)
    for (std::size_t size = 8; size < 400; size += 7)
      for (int rep = 0; rep < 8; ++rep) {
        const std::string raw = sample(kind, size), encoded = base64_encode(raw);
        std::string decoded;
        REQUIRE(base64_decode(encoded, decoded));
        if (encoded.size() > 16) ++long_runs[kind];  // shorter ones are decoded whole anyway
        if (!may_decode_to_text(encoded, false)) {
          ++rejected[kind];
          CHECK_FALSE(is_decoded_text(decoded));
        }
      }
  CHECK(rejected[0] == 0);  // plain text is never rejected
  // Random bytes longer than the first characters judged almost always are.
  CHECK(rejected[3] * 100 >= long_runs[3] * 95);
}

TEST_CASE("base64: a signed token's payload (between two dots) gives no catch-all findings") {
  auto rs = nhi::rule_set::builtin();
  REQUIRE(rs.is_ok());
  const auto& rules = rs->compiled();
  // base64url of {"uid":"usr7Qk2Lm9Xw","appId":"app3Hn8Rt5Vz","secret":"f95166f3...c30124"}
  const std::string payload =
      "eyJ1aWQiOiJ1c3I3UWsyTG05WHciLCJhcHBJZCI6ImFwcDNIbjhSdDVWeiIsInNlY3JldCI6ImY5NTE2NmYzMmRkNzQwZDVkODU3YTlhY2Y4"
      "MjRhZjY0MWU1M2YwMjA4Y2QzNzA4MjUzMmVkMTkwZDVjMzAxMjQifQ";
  const auto generic_found = [&](const std::string& text) {
    nhi::detail::match_scratch scratch;
    std::vector<nhi::detail::decoded_match> out;
    nhi::detail::find_encoded_matches(rules, text, {}, scratch, out);
    for (const auto& d : out)
      if (rules.rules[d.location.rule].info.generic) return true;
    return false;
  };
  // The same JSON alone is decoded and its secret reported; as the middle part
  // of `id.payload.signature` its fields are the token's claims.
  CHECK(generic_found("[DEBUG] Using Key=" + payload + "\n"));
  CHECK_FALSE(generic_found("[DEBUG] Using Key=kT4mW9xQ2rZ7pLcVb.v3." + payload +
                            ".ef5a689b9b4ac9b106006346f28fe6b29efd97306f74f39a1c2c105acd2d7c95\n"));
}

TEST_CASE("base64: a wrapped block's line does not start a catch-all's name") {
  auto rs = nhi::rule_set::builtin();
  REQUIRE(rs.is_ok());
  const auto& rules = rs->compiled();
  // Catch-all matches the scan keeps (it drops those marked name_cut).
  const auto generic_found = [&](const std::string& text) {
    nhi::detail::match_scratch scratch;
    std::vector<nhi::detail::decoded_match> out;
    nhi::detail::find_encoded_matches(rules, text, {}, scratch, out);
    for (const auto& d : out)
      if (rules.rules[d.location.rule].info.generic && !d.name_cut) return true;
    return false;
  };
  // A recorded page wrapped at 60 characters (45 bytes a line, as a VCR cassette
  // holds it): the second line decodes to "Token = '...'", the end of
  // "Noteflight.authenticityToken", a form's anti-forgery token.
  const std::string first = "       }\n    }, 15000);\n\n      Noteflight.authenticity";
  REQUIRE(first.size() % 3 == 0);
  const std::string second = "Token = 'Zk3mQpR7vWx2Yt8NbLc4Qe9Rw1Ty6Ui3Op=';\n ";
  REQUIRE(second.size() % 3 == 0);
  const std::string line1 = nhi::detail::base64_encode(first), line2 = nhi::detail::base64_encode(second);
  REQUIRE(line1.size() >= 40);
  CHECK_FALSE(generic_found("      string: !binary |-\n        " + line1 + "\n        " + line2 + "\n"));
  // The same line alone, or below text that is no base64 line, starts its own name.
  CHECK(generic_found("        " + line2 + "\n"));
  CHECK(generic_found("      body: |\n        " + line2 + "\n"));
}
