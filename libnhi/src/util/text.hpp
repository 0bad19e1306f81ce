// SPDX-License-Identifier: Apache-2.0
// Small byte-level text helpers shared by the stages.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace nhi::detail {

// ASCII lowercase of one byte (bytes >= 0x80 unchanged).
inline unsigned char ascii_lower(unsigned char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<unsigned char>(c + 32) : c;
}
std::string to_lower_ascii(std::string_view s);
// ASCII-caseless equality.
bool iequals(std::string_view a, std::string_view b) noexcept;
bool icontains(std::string_view haystack, std::string_view needle) noexcept;
// The first ASCII-caseless occurrence of `needle` in `haystack` at or after
// `from`, or npos. Thirty-two starts are tested at a time (AVX2, when the CPU
// has it) on the needle's first, second and last bytes before any is
// compared whole; else ifind_baseline.
std::size_t ifind(std::string_view haystack, std::string_view needle, std::size_t from = 0) noexcept;
// The same, sixteen starts at a time (SSE2) on the first and last bytes: what
// CPUs without AVX2 run (and the tests compare both with the definition).
std::size_t ifind_baseline(std::string_view haystack, std::string_view needle, std::size_t from = 0) noexcept;
// The first byte at or after `from` equal to `a`, `b` or `c`, or npos;
// sixteen bytes at a time (SSE2), for loops that would test every byte.
std::size_t find_first_of3(std::string_view s, std::size_t from, char a, char b, char c) noexcept;
bool starts_with(std::string_view s, std::string_view prefix) noexcept;
bool ends_with(std::string_view s, std::string_view suffix) noexcept;

// Lowercase ASCII alphanumeric words of `s`, trailing digits dropped, so that
// "prod2" and "dev01" still name their environment ("billing-prod2" -> billing, prod).
std::vector<std::string> environment_words(std::string_view s);

// Shannon entropy in bits per byte.
double shannon_entropy(std::string_view s) noexcept;

// True when the first `probe` bytes contain a NUL (git's heuristic for binary).
bool looks_binary(std::string_view data, std::size_t probe = 8000) noexcept;

// UTF-16 text: with a byte order mark (FF FE, FE FF; not FF FE 00 00, which is
// UTF-32), or without one when at least 90% of the code units in the first
// `probe` bytes are ASCII text (printable, tab, CR, LF) with the zero byte on
// the same side every time. Binary data seldom looks like that; NUL-padded
// ASCII text always does.
enum class utf16_encoding { none, little_endian, big_endian };
utf16_encoding detect_utf16(std::string_view data, std::size_t probe = 8000) noexcept;
// UTF-16 as UTF-8 (a byte order mark dropped, unpaired surrogates as U+FFFD, a
// trailing odd byte ignored).
std::string utf16_to_utf8(std::string_view data, utf16_encoding encoding);

// Appends code point `cp` (below 0x110000) to `out` as UTF-8.
void append_utf8(std::string& out, unsigned long cp);

// Offset of the first byte that starts an invalid UTF-8 sequence, or npos.
std::size_t first_invalid_utf8(std::string_view data) noexcept;

// The 1-based column of `offset` in UTF-16 code units, counted from the
// start of its line at `line_begin`: a 4-byte UTF-8 sequence is 2 units,
// other sequences 1, and an invalid byte 1 (as U+FFFD).
std::uint64_t utf16_column(std::string_view data, std::size_t line_begin, std::size_t offset) noexcept;

// Replaces invalid UTF-8 with U+FFFD so the text can go into JSON/SARIF.
std::string sanitize_utf8(std::string_view s);
// sanitize_utf8, then control characters (C0, DEL, C1) spelled out as \n, \r,
// \t or \xHH, so text from scanned content (a file name, a commit author) can
// go to a terminal without moving the cursor, retitling the window or
// hiding a line.
std::string terminal_safe(std::string_view s);

// Maps byte offsets to 1-based line and column; built on first use.
class line_index {
 public:
  explicit line_index(std::string_view data) : data_(data) {}
  // 1-based line number of the byte at `offset`.
  std::uint64_t line_of(std::size_t offset);
  // 1-based byte column of `offset` within its line.
  std::uint64_t column_of(std::size_t offset);
  // [begin, end) of the line holding `offset`, without the newline.
  std::pair<std::size_t, std::size_t> line_bounds(std::size_t offset);

 private:
  void build();
  std::string_view data_;
  std::vector<std::size_t> newlines_;
  bool built_ = false;
};

// Standard base64 (with or without padding); false on any other character.
bool base64_decode(std::string_view in, std::string& out, bool url_safe = false);
std::string base64_encode(std::string_view in);
std::string hex_encode(const unsigned char* data, std::size_t n);
// The value of a hex digit (either case), or -1.
int hex_digit_value(char c) noexcept;
// Whether `s` is one or more hex digits (either case).
bool all_hex(std::string_view s) noexcept;
// Hex digits (either case, an even count) as bytes; false on anything else.
bool hex_decode(std::string_view hex, std::string& out);

}  // namespace nhi::detail
