// SPDX-License-Identifier: Apache-2.0
#include "util/text.hpp"

#include "nhi/finding.hpp"
#include "util/quote_name.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include "util/cpu_dispatch.hpp"

namespace nhi::detail {

std::string to_lower_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(ascii_lower(static_cast<unsigned char>(c)));
  return out;
}

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(static_cast<unsigned char>(a[i])) != ascii_lower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

bool icontains(std::string_view haystack, std::string_view needle) noexcept {
  return ifind(haystack, needle) != std::string_view::npos;
}

namespace {

// ASCII-caseless equality of needle[from..] with the bytes at p.
bool caseless_equal(const char* p, std::string_view needle, std::size_t from) noexcept {
  for (std::size_t j = from; j < needle.size(); ++j)
    if (ascii_lower(static_cast<unsigned char>(p[j])) != ascii_lower(static_cast<unsigned char>(needle[j]))) return false;
  return true;
}

bool is_ascii_letter(unsigned char c) noexcept { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

// What a byte of the needle is compared as: a letter with 0x20 set (which
// folds exactly its two cases), any other byte as itself.
char fold_mask(unsigned char c) noexcept { return is_ascii_letter(c) ? 0x20 : 0; }
char folded(unsigned char c) noexcept { return static_cast<char>(is_ascii_letter(c) ? (c | 0x20) : c); }

// The byte-by-byte search from `at`, for what the vector loops leave.
std::size_t ifind_tail(const char* base, std::size_t at, std::size_t last, std::string_view needle) noexcept {
  const auto first = ascii_lower(static_cast<unsigned char>(needle[0]));
  for (; at <= last; ++at)
    if (ascii_lower(static_cast<unsigned char>(base[at])) == first && caseless_equal(base + at, needle, 1)) return at;
  return std::string_view::npos;
}

#if defined(NHI_HAVE_AVX2_DISPATCH)
// Thirty-two starts at a time, tested on the needle's first, second and last
// bytes before any is compared whole: keywords such as `float` or `token`
// start with letters common in code, and the third test drops most of the
// starts two tests keep. The search the history scan spends most in after
// vectorscan (docs/performance.md).
__attribute__((target("avx2"))) std::size_t ifind_avx2(const char* base, std::size_t at, std::size_t last,
                                                       std::string_view needle) noexcept {
  const std::size_t tail = needle.size() - 1, second = needle.size() > 2 ? 1 : 0;
  const auto b0 = static_cast<unsigned char>(needle[0]), b1 = static_cast<unsigned char>(needle[second]),
             bt = static_cast<unsigned char>(needle[tail]);
  const __m256i fold0 = _mm256_set1_epi8(fold_mask(b0)), want0 = _mm256_set1_epi8(folded(b0));
  const __m256i fold1 = _mm256_set1_epi8(fold_mask(b1)), want1 = _mm256_set1_epi8(folded(b1));
  const __m256i foldt = _mm256_set1_epi8(fold_mask(bt)), wantt = _mm256_set1_epi8(folded(bt));
  for (; at + 32 <= last + 1; at += 32) {
    const __m256i v0 = _mm256_or_si256(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(base + at)), fold0);
    const __m256i v1 = _mm256_or_si256(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(base + at + second)), fold1);
    const __m256i vt = _mm256_or_si256(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(base + at + tail)), foldt);
    const __m256i hit = _mm256_and_si256(_mm256_and_si256(_mm256_cmpeq_epi8(v0, want0), _mm256_cmpeq_epi8(vt, wantt)),
                                         _mm256_cmpeq_epi8(v1, want1));
    auto mask = static_cast<std::uint32_t>(_mm256_movemask_epi8(hit));
    while (mask != 0) {
      const std::size_t candidate = at + static_cast<std::size_t>(__builtin_ctz(mask));
      if (caseless_equal(base + candidate, needle, 1)) return candidate;
      mask &= mask - 1;
    }
  }
  return ifind_tail(base, at, last, needle);
}
#endif

}  // namespace

namespace {

// The first valid start for `needle` in `haystack` from `from`, and the
// last; false when none fits (then `found` is the answer).
bool search_bounds(std::string_view haystack, std::string_view needle, std::size_t from, std::size_t& last,
                   std::size_t& found) noexcept {
  found = std::string_view::npos;
  if (from > haystack.size() || needle.size() > haystack.size() - from) return false;
  if (needle.empty()) {
    found = from;
    return false;
  }
  last = haystack.size() - needle.size();
  return true;
}

}  // namespace

std::size_t ifind_baseline(std::string_view haystack, std::string_view needle, std::size_t from) noexcept {
  std::size_t last = 0, found = 0;
  if (!search_bounds(haystack, needle, from, last, found)) return found;
  const char* base = haystack.data();
  std::size_t at = from;
#if defined(__SSE2__)
  // Sixteen starts at a time: a start is a candidate when its first byte and
  // the byte at the needle's last position both fit, then checked whole.
  const std::size_t tail = needle.size() - 1;
  const auto b0 = static_cast<unsigned char>(needle[0]), bt = static_cast<unsigned char>(needle[tail]);
  const __m128i fold0 = _mm_set1_epi8(fold_mask(b0)), want0 = _mm_set1_epi8(folded(b0));
  const __m128i foldt = _mm_set1_epi8(fold_mask(bt)), wantt = _mm_set1_epi8(folded(bt));
  for (; at + 16 <= last + 1; at += 16) {
    const __m128i a = _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(base + at)), fold0);
    const __m128i b = _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(base + at + tail)), foldt);
    auto mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(a, want0), _mm_cmpeq_epi8(b, wantt))));
    while (mask != 0) {
      const std::size_t candidate = at + static_cast<std::size_t>(__builtin_ctz(mask));
      if (caseless_equal(base + candidate, needle, 1)) return candidate;
      mask &= mask - 1;
    }
  }
#endif
  return ifind_tail(base, at, last, needle);
}

std::size_t ifind(std::string_view haystack, std::string_view needle, std::size_t from) noexcept {
#if defined(NHI_HAVE_AVX2_DISPATCH)
  if (cpu_has_avx2()) {
    std::size_t last = 0, found = 0;
    if (!search_bounds(haystack, needle, from, last, found)) return found;
    return ifind_avx2(haystack.data(), from, last, needle);
  }
#endif
  return ifind_baseline(haystack, needle, from);
}

std::size_t find_first_of3(std::string_view s, std::size_t from, char a, char b, char c) noexcept {
  const char* base = s.data();
  std::size_t at = from;
#if defined(__SSE2__)
  const __m128i va = _mm_set1_epi8(a), vb = _mm_set1_epi8(b), vc = _mm_set1_epi8(c);
  for (; at + 16 <= s.size(); at += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(base + at));
    const auto mask = static_cast<unsigned>(_mm_movemask_epi8(
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, va), _mm_cmpeq_epi8(x, vb)), _mm_cmpeq_epi8(x, vc))));
    if (mask != 0) return at + static_cast<std::size_t>(__builtin_ctz(mask));
  }
#endif
  for (; at < s.size(); ++at)
    if (base[at] == a || base[at] == b || base[at] == c) return at;
  return std::string_view::npos;
}

bool starts_with(std::string_view s, std::string_view prefix) noexcept {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

bool ends_with(std::string_view s, std::string_view suffix) noexcept {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::vector<std::string> environment_words(std::string_view s) {
  std::vector<std::string> words;
  std::string cur;
  auto flush = [&] {
    while (!cur.empty() && cur.back() >= '0' && cur.back() <= '9') cur.pop_back();
    if (!cur.empty()) words.push_back(cur);
    cur.clear();
  };
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    const bool alnum = (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z');
    if (alnum) cur.push_back(static_cast<char>(ascii_lower(u)));
    else flush();
  }
  flush();
  return words;
}

double shannon_entropy(std::string_view s) noexcept {
  if (s.empty()) return 0.0;
  std::array<std::uint32_t, 256> counts{};
  for (unsigned char c : s) ++counts[c];
  double h = 0.0;
  const double n = static_cast<double>(s.size());
  for (auto c : counts) {
    if (c == 0) continue;
    const double p = c / n;
    h -= p * std::log2(p);
  }
  return h;
}

bool looks_binary(std::string_view data, std::size_t probe) noexcept {
  const std::size_t n = std::min(probe, data.size());
  return n > 0 && std::memchr(data.data(), 0, n) != nullptr;
}

utf16_encoding detect_utf16(std::string_view data, std::size_t probe) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  const std::size_t n = data.size();
  if (n >= 2 && p[0] == 0xFF && p[1] == 0xFE) {
    const bool utf32 = n >= 4 && p[2] == 0 && p[3] == 0;
    return utf32 ? utf16_encoding::none : utf16_encoding::little_endian;
  }
  if (n >= 2 && p[0] == 0xFE && p[1] == 0xFF) return utf16_encoding::big_endian;
  const std::size_t units = std::min(probe, n) / 2;
  if (units < 8) return utf16_encoding::none;
  // Nearly every buffer has no NUL at all: one memchr settles it before the count.
  if (!looks_binary(data, probe)) return utf16_encoding::none;
  auto text_byte = [](unsigned char c) { return (c >= 0x20 && c < 0x7F) || c == '\t' || c == '\n' || c == '\r'; };
  std::size_t le = 0, be = 0;
  for (std::size_t u = 0; u < units; ++u) {
    const unsigned char a = p[2 * u], b = p[2 * u + 1];
    le += b == 0 && text_byte(a);
    be += a == 0 && text_byte(b);
  }
  if (le * 10 >= units * 9) return utf16_encoding::little_endian;
  if (be * 10 >= units * 9) return utf16_encoding::big_endian;
  return utf16_encoding::none;
}

void append_utf8(std::string& out, unsigned long cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string utf16_to_utf8(std::string_view data, utf16_encoding encoding) {
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  const bool big = encoding == utf16_encoding::big_endian;
  std::size_t i = 0;
  const std::size_t n = data.size() & ~std::size_t{1};
  auto unit = [&](std::size_t at) -> unsigned {
    return big ? (unsigned{p[at]} << 8 | p[at + 1]) : (unsigned{p[at + 1]} << 8 | p[at]);
  };
  if (n >= 2 && unit(0) == 0xFEFF) i = 2;
  std::string out;
  out.reserve(n / 2);
  for (; i < n; i += 2) {
    const unsigned u = unit(i);
    if (u >= 0xD800 && u <= 0xDBFF && i + 4 <= n) {
      const unsigned low = unit(i + 2);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        append_utf8(out, 0x10000 + ((static_cast<unsigned long>(u) - 0xD800) << 10) + (low - 0xDC00));
        i += 2;
        continue;
      }
    }
    append_utf8(out, u >= 0xD800 && u <= 0xDFFF ? 0xFFFD : u);
  }
  return out;
}

namespace {
// Length of the valid UTF-8 sequence at s[i], or 0 if invalid.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  const unsigned char c = p[i];
  if (c < 0x80) return 1;
  std::size_t len;
  std::uint32_t cp;
  if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
  else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
  else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
  else return 0;
  if (i + len > n) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    if ((p[i + k] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (p[i + k] & 0x3F);
  }
  // Reject overlong forms, surrogates and values past U+10FFFF.
  if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
      (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
    return 0;
  return len;
}
}  // namespace

std::size_t first_invalid_utf8(std::string_view data) noexcept {
  std::size_t i = 0;
  const std::size_t n = data.size();
  while (i < n) {
    // Fast path over ASCII: 32 bytes at a time where SSE2 is (one movemask of
    // two loads or-ed), then 8. Most text is ASCII, and this pass runs over
    // every byte of every blob of a history (3% of a scan at 8 bytes a step).
#if defined(__SSE2__)
    while (i + 32 <= n) {
      const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data.data() + i));
      const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data.data() + i + 16));
      if (_mm_movemask_epi8(_mm_or_si128(a, b)) != 0) break;
      i += 32;
    }
#endif
    while (i + 8 <= n) {
      std::uint64_t w;
      std::memcpy(&w, data.data() + i, 8);
      if (w & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= n) break;
    const std::size_t len = utf8_sequence_length(data, i);
    if (len == 0) return i;
    i += len;
  }
  return std::string_view::npos;
}

std::string sanitize_utf8(std::string_view s) {
  if (first_invalid_utf8(s) == std::string_view::npos) return std::string(s);
  std::string out;
  out.reserve(s.size() + 8);
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t len = utf8_sequence_length(s, i);
    if (len == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(s.data() + i, len);
      i += len;
    }
  }
  return out;
}

std::string terminal_safe(std::string_view s) {
  const std::string text = sanitize_utf8(s);
  auto control = [](unsigned char c) { return c < 0x20 || c == 0x7f; };
  bool clean = true;
  for (std::size_t i = 0; i < text.size() && clean; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    clean = !control(c) && !(c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) < 0xA0);
  }
  if (clean) return text;
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(text.size() + 16);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else if (control(c)) { out += "\\x"; out += hex[c >> 4]; out += hex[c & 15]; }
    else if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) < 0xA0) {
      // U+0080..U+009F: C1 controls (0x9B is a one-byte CSI on some terminals).
      const auto c1 = static_cast<unsigned char>(text[++i]);
      out += "\\u00"; out += hex[c1 >> 4]; out += hex[c1 & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string quote_name(std::string_view name) {
  bool digit = false, upper = false, lower = false, plain = name.size() <= 40;
  for (const char c : name) {
    digit |= c >= '0' && c <= '9';
    upper |= c >= 'A' && c <= 'Z';
    lower |= c >= 'a' && c <= 'z';
    plain &= (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == '.' ||
             c == '-';
  }
  if (plain && !(digit && upper && lower) && shannon_entropy(name) < 4.0) return "'" + std::string(name) + "'";
  return "'" + redact(name) + "' (redacted)";
}

void line_index::build() {
  built_ = true;
  const char* base = data_.data();
  const char* p = base;
  const char* end = base + data_.size();
  while (p < end) {
    const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
    if (!nl) break;
    const char* q = static_cast<const char*>(nl);
    newlines_.push_back(static_cast<std::size_t>(q - base));
    p = q + 1;
  }
}

std::uint64_t line_index::line_of(std::size_t offset) {
  if (!built_) build();
  auto it = std::lower_bound(newlines_.begin(), newlines_.end(), offset);
  return static_cast<std::uint64_t>(it - newlines_.begin()) + 1;
}

std::pair<std::size_t, std::size_t> line_index::line_bounds(std::size_t offset) {
  if (!built_) build();
  auto it = std::lower_bound(newlines_.begin(), newlines_.end(), offset);
  const std::size_t begin = it == newlines_.begin() ? 0 : *(it - 1) + 1;
  std::size_t end = it == newlines_.end() ? data_.size() : *it;
  if (end > begin && data_[end - 1] == '\r') --end;
  return {begin, end};
}

std::uint64_t utf16_column(std::string_view data, std::size_t line_begin, std::size_t offset) noexcept {
  std::uint64_t units = 0;
  const std::size_t end = std::min(offset, data.size());
  for (std::size_t i = line_begin; i < end;) {
    const auto c = static_cast<unsigned char>(data[i]);
    const std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    bool valid = len != 0 && i + len <= end;
    for (std::size_t k = 1; valid && k < len; ++k) valid = (static_cast<unsigned char>(data[i + k]) & 0xC0) == 0x80;
    if (!valid) {
      ++units;  // an invalid byte reads as one U+FFFD
      ++i;
      continue;
    }
    units += len == 4 ? 2 : 1;
    i += len;
  }
  return units + 1;
}

std::uint64_t line_index::column_of(std::size_t offset) {
  return static_cast<std::uint64_t>(offset - line_bounds(offset).first) + 1;
}

bool base64_decode(std::string_view in, std::string& out, bool url_safe) {
  static const auto table = [] {
    std::array<signed char, 256> t{};
    t.fill(-1);
    const char* std_alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    for (int i = 0; i < 62; ++i) t[static_cast<unsigned char>(std_alpha[i])] = static_cast<signed char>(i);
    return t;
  }();
  out.clear();
  out.reserve(in.size() * 3 / 4);
  std::uint32_t acc = 0;
  int bits = 0;
  std::size_t pad = 0;
  for (char ch : in) {
    const auto c = static_cast<unsigned char>(ch);
    int v;
    if (c == '=') { ++pad; continue; }
    if (pad) return false;  // data after padding
    if (c == '+' && !url_safe) v = 62;
    else if (c == '/' && !url_safe) v = 63;
    else if (c == '-' && url_safe) v = 62;
    else if (c == '_' && url_safe) v = 63;
    else v = table[c];
    if (v < 0) return false;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  if (pad > 2) return false;
  // A lone 6-bit group cannot encode a byte.
  return bits < 6;
}

std::string base64_encode(std::string_view in) {
  static const char* alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= in.size(); i += 3) {
    const std::uint32_t v = (static_cast<unsigned char>(in[i]) << 16) |
                            (static_cast<unsigned char>(in[i + 1]) << 8) |
                            static_cast<unsigned char>(in[i + 2]);
    out += alpha[(v >> 18) & 63]; out += alpha[(v >> 12) & 63];
    out += alpha[(v >> 6) & 63];  out += alpha[v & 63];
  }
  if (i < in.size()) {
    std::uint32_t v = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) v |= static_cast<unsigned char>(in[i + 1]) << 8;
    out += alpha[(v >> 18) & 63]; out += alpha[(v >> 12) & 63];
    out += (i + 1 < in.size()) ? alpha[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

int hex_digit_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool all_hex(std::string_view s) noexcept {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return hex_digit_value(c) >= 0; });
}

bool hex_decode(std::string_view hex, std::string& out) {
  out.clear();
  if (hex.size() % 2 != 0) return false;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int hi = hex_digit_value(hex[i]), lo = hex_digit_value(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out += static_cast<char>(hi * 16 + lo);
  }
  return true;
}

std::string hex_encode(const unsigned char* data, std::size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string out(n * 2, '0');
  for (std::size_t i = 0; i < n; ++i) {
    out[2 * i] = digits[data[i] >> 4];
    out[2 * i + 1] = digits[data[i] & 15];
  }
  return out;
}

}  // namespace nhi::detail
