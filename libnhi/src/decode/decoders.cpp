// SPDX-License-Identifier: Apache-2.0
#include "decode/decoders.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <tuple>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include "util/cpu_dispatch.hpp"

#include "util/text.hpp"

namespace nhi::detail {
namespace {

// The base64 run finder sees every byte of every buffer, so it classifies 64
// bytes at a time into a bit mask and walks runs by their edges, instead of
// testing byte by byte (that loop was a third of a history scan's CPU time:
// docs/performance.md).
enum : std::uint8_t { kB64 = 1, kUpper = 2, kLower = 4, kDigit = 8, kUrlSafe = 16 };

constexpr std::array<std::uint8_t, 256> make_b64_classes() {
  std::array<std::uint8_t, 256> t{};
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = kB64 | kUpper;
  for (int c = 'a'; c <= 'z'; ++c) t[c] = kB64 | kLower;
  for (int c = '0'; c <= '9'; ++c) t[c] = kB64 | kDigit;
  t['+'] = t['/'] = kB64;
  t['-'] = t['_'] = kB64 | kUrlSafe;
  return t;
}
constexpr std::array<std::uint8_t, 256> kB64Classes = make_b64_classes();

// Each character's 6-bit value; '-' and '_' (URL-safe 62 and 63) carry
// kUrlSafeValue besides; -1 for the rest.
constexpr int kUrlSafeValue = 64;
constexpr std::array<signed char, 256> make_b64_values() {
  std::array<signed char, 256> t{};
  for (auto& v : t) v = -1;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = static_cast<signed char>(c - 'A');
  for (int c = 'a'; c <= 'z'; ++c) t[c] = static_cast<signed char>(26 + c - 'a');
  for (int c = '0'; c <= '9'; ++c) t[c] = static_cast<signed char>(52 + c - '0');
  t['+'] = 62;
  t['/'] = 63;
  t['-'] = 62 | kUrlSafeValue;
  t['_'] = 63 | kUrlSafeValue;
  return t;
}
constexpr std::array<signed char, 256> kB64Values = make_b64_values();

// Bit i set when p[i] is in the base64 alphabet (both variants), i < len <= 64.
// Signed compares: bytes >= 0x80 are negative and fall outside every range.
// Letters are folded to lower case; '+' ',' '-' '.' '/' '0'-'9' is one range
// from which ',' and '.' are taken out; '_' stands alone.
inline std::uint64_t base64_mask_tail(const unsigned char* p, std::size_t i, std::size_t len, std::uint64_t m) {
  for (; i < len; ++i) m |= std::uint64_t(kB64Classes[p[i]] & kB64) << i;
  return m;
}

inline std::uint64_t base64_mask(const unsigned char* p, std::size_t len) {
  std::uint64_t m = 0;
  std::size_t i = 0;
#if defined(__SSE2__)
  for (; i + 16 <= len; i += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const __m128i folded = _mm_or_si128(x, _mm_set1_epi8(0x20));  // 'A'-'Z' -> 'a'-'z'
    const __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(folded, _mm_set1_epi8('a' - 1)),
                                         _mm_cmpgt_epi8(_mm_set1_epi8('z' + 1), folded));
    const __m128i range = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('+' - 1)),
                                        _mm_cmpgt_epi8(_mm_set1_epi8('9' + 1), x));
    const __m128i not_b64 = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(',')), _mm_cmpeq_epi8(x, _mm_set1_epi8('.')));
    const __m128i underscore = _mm_cmpeq_epi8(x, _mm_set1_epi8('_'));
    const __m128i hit = _mm_or_si128(_mm_or_si128(letter, underscore), _mm_andnot_si128(not_b64, range));
    m |= std::uint64_t(static_cast<unsigned>(_mm_movemask_epi8(hit))) << i;
  }
#endif
  return base64_mask_tail(p, i, len, m);
}

// The classes (kUpper, kLower, kDigit, kUrlSafe) of the bytes of [begin, end).
inline std::uint8_t run_classes(const unsigned char* p, std::size_t begin, std::size_t end) {
  std::uint8_t seen = 0;
  for (std::size_t i = begin; i < end; ++i) seen |= kB64Classes[p[i]];
  return seen;
}

#if defined(NHI_HAVE_AVX2_DISPATCH)
// The same classification 32 bytes at a time.
__attribute__((target("avx2"))) inline std::uint64_t base64_mask_avx2(const unsigned char* p,
                                                                                    std::size_t len) {
  std::uint64_t m = 0;
  std::size_t i = 0;
  for (; i + 32 <= len; i += 32) {
    const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i));
    const __m256i folded = _mm256_or_si256(x, _mm256_set1_epi8(0x20));
    const __m256i letter = _mm256_and_si256(_mm256_cmpgt_epi8(folded, _mm256_set1_epi8('a' - 1)),
                                            _mm256_cmpgt_epi8(_mm256_set1_epi8('z' + 1), folded));
    const __m256i range = _mm256_and_si256(_mm256_cmpgt_epi8(x, _mm256_set1_epi8('+' - 1)),
                                           _mm256_cmpgt_epi8(_mm256_set1_epi8('9' + 1), x));
    const __m256i not_b64 =
        _mm256_or_si256(_mm256_cmpeq_epi8(x, _mm256_set1_epi8(',')), _mm256_cmpeq_epi8(x, _mm256_set1_epi8('.')));
    const __m256i underscore = _mm256_cmpeq_epi8(x, _mm256_set1_epi8('_'));
    const __m256i hit = _mm256_or_si256(_mm256_or_si256(letter, underscore), _mm256_andnot_si256(not_b64, range));
    m |= std::uint64_t(static_cast<std::uint32_t>(_mm256_movemask_epi8(hit))) << i;
  }
  return base64_mask_tail(p, i, len, m);
}

// run_classes 32 bytes at a time: the bytes of a run are all base64, so each
// class is a range test (or two bytes, for the URL-safe ones).
__attribute__((target("avx2"))) inline std::uint8_t run_classes_avx2(const unsigned char* p, std::size_t begin,
                                                                    std::size_t end) {
  __m256i upper = _mm256_setzero_si256(), lower = upper, digit = upper, url = upper;
  std::size_t i = begin;
  for (; i + 32 <= end; i += 32) {
    const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i));
    upper = _mm256_or_si256(upper, _mm256_and_si256(_mm256_cmpgt_epi8(x, _mm256_set1_epi8('A' - 1)),
                                                    _mm256_cmpgt_epi8(_mm256_set1_epi8('Z' + 1), x)));
    lower = _mm256_or_si256(lower, _mm256_and_si256(_mm256_cmpgt_epi8(x, _mm256_set1_epi8('a' - 1)),
                                                    _mm256_cmpgt_epi8(_mm256_set1_epi8('z' + 1), x)));
    digit = _mm256_or_si256(digit, _mm256_and_si256(_mm256_cmpgt_epi8(x, _mm256_set1_epi8('0' - 1)),
                                                    _mm256_cmpgt_epi8(_mm256_set1_epi8('9' + 1), x)));
    url = _mm256_or_si256(url, _mm256_or_si256(_mm256_cmpeq_epi8(x, _mm256_set1_epi8('-')),
                                               _mm256_cmpeq_epi8(x, _mm256_set1_epi8('_'))));
  }
  std::uint8_t seen = run_classes(p, i, end);
  if (_mm256_movemask_epi8(upper)) seen |= kUpper;
  if (_mm256_movemask_epi8(lower)) seen |= kLower;
  if (_mm256_movemask_epi8(digit)) seen |= kDigit;
  if (_mm256_movemask_epi8(url)) seen |= kUrlSafe;
  return seen;
}
#endif

// Bit i set when bits i .. i+len-1 of `bits` are all set (no wrap-around).
std::uint64_t run_starts_of_length(std::uint64_t bits, std::size_t len) {
  if (len > 64) return 0;
  for (std::size_t covered = 1; covered < len && bits;) {
    const std::size_t step = std::min(covered, len - covered);
    bits &= bits >> step;
    covered += step;
  }
  return bits;
}

// The run finder over a block classifier; inlined into each entry point below
// so that the AVX2 one is compiled for AVX2 whole.
template <std::uint64_t (*Mask)(const unsigned char*, std::size_t),
          std::uint8_t (*Classes)(const unsigned char*, std::size_t, std::size_t)>
__attribute__((always_inline)) inline bool find_base64_run(std::string_view data, std::size_t from,
                                                           std::size_t min_len, base64_run& run) {
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  const std::size_t n = data.size(), want = std::max<std::size_t>(min_len, 1);
  auto found = [&](std::size_t begin, std::size_t end) {
    const std::uint8_t seen = Classes(p, begin, end);
    run = base64_run{begin, end, (seen & kUrlSafe) != 0, (seen & kUpper) != 0, (seen & kLower) != 0,
                     (seen & kDigit) != 0};
    return true;
  };
  constexpr std::uint64_t kAll = ~std::uint64_t{0};
  std::size_t begin = std::string_view::npos;  // a run reaching the end of the previous block
  for (std::size_t block = from; block < n; block += 64) {
    const std::size_t len = std::min<std::size_t>(64, n - block);
    const std::uint64_t in = Mask(p + block, len);  // bits past `len` are clear
    unsigned first = 0;                              // bits below it belong to a decided run
    if (begin != std::string_view::npos) {
      if (in == kAll) continue;  // the run goes on through this block
      const auto lead = static_cast<unsigned>(__builtin_ctzll(~in));
      if (block + lead - begin >= want) return found(begin, block + lead);
      begin = std::string_view::npos;
      first = lead;  // not base64
    }
    const std::uint64_t rest = in & (kAll << first);
    // Most blocks hold only short runs (words, numbers): skip them whole.
    if (const std::uint64_t starts = run_starts_of_length(rest, want)) {
      const auto s = static_cast<unsigned>(__builtin_ctzll(starts));
      if (const std::uint64_t stops = ~in & (kAll << s)) return found(block + s, block + __builtin_ctzll(stops));
      begin = block + s;  // a full block, base64 to its end
    } else if (len == 64 && (rest >> 63)) {
      // A short run at the end of the block may grow long in the next one.
      const std::uint64_t gaps = ~rest;
      begin = block + (gaps ? 64 - static_cast<unsigned>(__builtin_clzll(gaps)) : 0);
    }
  }
  // A run to the end of the data.
  return begin != std::string_view::npos && n - begin >= want && found(begin, n);
}

#if defined(NHI_HAVE_AVX2_DISPATCH)
__attribute__((target("avx2"))) bool next_base64_run_avx2(std::string_view data, std::size_t from, std::size_t min_len,
                                                         base64_run& run) {
  return find_base64_run<base64_mask_avx2, run_classes_avx2>(data, from, min_len, run);
}
#endif

}  // namespace

bool next_base64_run_portable(std::string_view data, std::size_t from, std::size_t min_len, base64_run& run) {
  return find_base64_run<base64_mask, run_classes>(data, from, min_len, run);
}

bool next_base64_run(std::string_view data, std::size_t from, std::size_t min_len, base64_run& run) {
#if defined(NHI_HAVE_AVX2_DISPATCH)
  if (cpu_has_avx2()) return next_base64_run_avx2(data, from, min_len, run);
#endif
  return next_base64_run_portable(data, from, min_len, run);
}

// Decoded bytes worth matching: valid UTF-8 text, almost all printable.
bool is_decoded_text(std::string_view s) {
  if (s.empty() || first_invalid_utf8(s) != std::string_view::npos) return false;
  std::size_t printable = 0;
  for (unsigned char c : s)
    if (c >= 0x20 || c == '\n' || c == '\r' || c == '\t') ++printable;
  return printable * 100 >= s.size() * 97;
}

// Whether the run `encoded` may still decode to text (is_decoded_text), judged from
// its first characters only: most long runs are digests, keys and compressed
// data, whose first bytes already hold invalid UTF-8 or more control bytes
// than is_decoded_text allows in the whole. Exact: whatever it rejects, decoding the
// whole run and is_decoded_text would reject too.
bool may_decode_to_text(std::string_view encoded, bool url_safe) {
  // Every run is judged, millions in a large history: the head is decoded in
  // place with a table, without base64_decode's string.
  constexpr std::size_t kPeek = 16;  // characters: 12 decoded bytes
  if (encoded.size() <= kPeek) return true;  // short: decoding it whole costs no more
  unsigned char head[kPeek / 4 * 3];
  for (std::size_t i = 0; i < kPeek; i += 4) {
    std::uint32_t group = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      const int v = kB64Values[static_cast<unsigned char>(encoded[i + k])];
      // '=', or a character of the other alphabet: the full decode decides.
      if (v < 0 || (v >= 62 && ((v & kUrlSafeValue) != 0) != url_safe)) return true;
      group = group << 6 | static_cast<std::uint32_t>(v & 63);
    }
    head[i / 4 * 3] = static_cast<unsigned char>(group >> 16);
    head[i / 4 * 3 + 1] = static_cast<unsigned char>(group >> 8);
    head[i / 4 * 3 + 2] = static_cast<unsigned char>(group);
  }
  const std::string_view text(reinterpret_cast<const char*>(head), sizeof head);
  const std::size_t invalid = first_invalid_utf8(text);
  // A sequence cut by the end of the head may be whole in the full text.
  if (invalid != std::string_view::npos && invalid + 4 <= text.size()) return false;
  std::size_t controls = 0;
  for (unsigned char c : head)
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') ++controls;
  const std::size_t total = encoded.size() * 3 / 4;  // at least the decoded size, padding aside
  return controls * 100 <= total * 3;
}

namespace {

constexpr std::size_t kMinBase64Run = 16;        // shorter runs decode to too little to hold a secret

struct decode_context {
  const compiled_rules& rules;
  match_scratch& scratch;
  std::vector<decoded_match>& out;
  unsigned layers = decode_all;
  std::size_t budget = kMaxDecodedBytes;
};

void search(decode_context& ctx, std::string_view data, std::size_t run_begin_in_original,
            std::size_t run_end_in_original, bool nested, const std::string& layer_prefix, int depth);

// A byte of a name in code or configuration (letters, digits, _ - .).
bool is_name_byte(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.'; }

// Matches `decoded` (with the key that preceded the encoded run on its line, so
// context-requiring rules see `password: <decoded>`), and records matches at
// [orig_begin, orig_end) of the original buffer, or, given `offsets` (the
// original offset of each decoded byte, and of its end), at the secret's own
// encoded span.
// With `claims`, the decoded text is the payload of a signed token
// (`header.payload.signature`): its fields are claims that go with the token,
// not credentials of their own, and the catch-all rules do not read them.
// With `cut_start`, the decoded text goes on from the line above (a wrapped
// base64 block): a catch-all's name at its very start may be the end of a
// longer one ("Token = '...'" from "Noteflight.authenticityToken"); such
// matches are marked name_cut.
void match_decoded(decode_context& ctx, std::string_view line_prefix, const std::string& decoded,
                   std::size_t orig_begin, std::size_t orig_end, const std::string& layer, int depth,
                   const std::vector<std::size_t>* offsets = nullptr, bool claims = false, bool cut_start = false) {
  if (decoded.size() > ctx.budget) return;
  ctx.budget -= decoded.size();
  std::string text;
  text.reserve(line_prefix.size() + decoded.size());
  text.append(line_prefix);
  text.append(decoded);
  std::vector<raw_match> found;
  find_matches(ctx.rules, text, {}, ctx.scratch, found);
  for (const auto& m : found) {
    if (m.secret_end <= line_prefix.size()) continue;  // the match is the key alone
    if (claims && ctx.rules.rules[m.rule].info.generic) continue;
    decoded_match d;
    d.name_cut = cut_start && ctx.rules.rules[m.rule].info.generic && m.match_begin >= line_prefix.size() &&
                 std::all_of(text.begin() + static_cast<std::ptrdiff_t>(line_prefix.size()),
                             text.begin() + static_cast<std::ptrdiff_t>(m.match_begin), is_name_byte);
    d.location = m;
    d.location.secret_begin = d.location.match_begin = orig_begin;
    d.location.secret_end = d.location.match_end = orig_end;
    if (offsets && m.secret_begin >= line_prefix.size()) {
      d.location.secret_begin = d.location.match_begin = (*offsets)[m.secret_begin - line_prefix.size()];
      d.location.secret_end = d.location.match_end = (*offsets)[m.secret_end - line_prefix.size()];
    }
    d.secret = text.substr(m.secret_begin, m.secret_end - m.secret_begin);
    d.layer = layer;
    ctx.out.push_back(std::move(d));
  }
  if (depth < kMaxDecodeDepth) search(ctx, decoded, orig_begin, orig_end, true, layer + "/", depth + 1);
}

// The key on the line before position `pos`: "  DB_PASSWORD: " -> kept as is,
// bounded to 128 bytes so a long line does not get copied for every run.
std::string_view line_prefix_before(std::string_view data, std::size_t pos) {
  std::size_t begin = pos;
  while (begin > 0 && data[begin - 1] != '\n' && pos - begin < 128) --begin;
  return data.substr(begin, pos - begin);
}

// Whether the base64 run [begin, end) is a line of a wrapped block that goes on
// from the line above: alone on its line but for indentation, below a line that
// is a whole run of base64 at least as wide, in steps of four (MIME, PEM bodies
// and VCR cassettes wrap at 60, 64 or 76; the last line may be shorter).
bool continues_wrapped_block(std::string_view data, std::size_t begin, std::size_t end) {
  constexpr std::size_t kMinWidth = 40, kMaxWidth = 200;
  std::size_t line = begin;
  while (line > 0 && (data[line - 1] == ' ' || data[line - 1] == '\t')) --line;
  if (line == 0 || data[line - 1] != '\n' || (end < data.size() && data[end] != '\n' && data[end] != '\r')) return false;
  std::size_t above_end = line - 1;
  if (above_end > 0 && data[above_end - 1] == '\r') --above_end;
  std::size_t above = above_end;
  while (above > 0 && data[above - 1] != '\n' && above_end - above <= kMaxWidth) --above;
  while (above < above_end && (data[above] == ' ' || data[above] == '\t')) ++above;
  const std::size_t width = above_end - above;
  return width >= kMinWidth && width <= kMaxWidth && width % 4 == 0 && width >= end - begin &&
         std::all_of(data.begin() + static_cast<std::ptrdiff_t>(above), data.begin() + static_cast<std::ptrdiff_t>(above_end),
                     [](char c) { return (kB64Classes[static_cast<unsigned char>(c)] & kB64) != 0; });
}

void search_base64(decode_context& ctx, std::string_view data, std::size_t ob, std::size_t oe, bool nested,
                   const std::string& layer_prefix, int depth) {
  const std::size_t n = data.size();
  base64_run run;
  // Up to two '=' of padding count towards the minimum length.
  for (std::size_t from = 0; next_base64_run(data, from, kMinBase64Run - 2, run);) {
    std::size_t end = run.end;
    while (end < n && data[end] == '=' && end - run.end < 2) ++end;
    from = end;
    const std::size_t len = end - run.begin;
    // Base64 of text mixes cases; identifiers and hex digests rarely do all three.
    if (len < kMinBase64Run || !run.has_upper || !run.has_lower || !(run.has_digit || len >= 24)) continue;
    std::string decoded;
    if (may_decode_to_text(data.substr(run.begin, len), run.url_safe) &&
        base64_decode(data.substr(run.begin, len), decoded, run.url_safe) && decoded.size() >= 8 && is_decoded_text(decoded)) {
      const std::size_t b = nested ? ob : run.begin, e = nested ? oe : end;
      // The middle part of a dotted token, between two dots: a signed token's payload.
      const bool payload = run.begin > 0 && data[run.begin - 1] == '.' && end < n && data[end] == '.';
      const bool cut_start = !nested && continues_wrapped_block(data, run.begin, end);
      match_decoded(ctx, nested ? std::string_view{} : line_prefix_before(data, run.begin), decoded, b, e,
                    layer_prefix + "base64", depth, nullptr, payload, cut_start);
    }
  }
}

// Where a quoted string's escapes may hide a secret: an escaped newline (a PEM
// key in a JSON string), an escaped slash (PHP's json_encode writes `\/`), or
// a \uXXXX escape (.NET's serializers write `+`, `&`, `<`, `'` and others so).
bool hiding_escape(char c) { return c == 'n' || c == '/' || c == 'u'; }

std::size_t first_hiding_escape(std::string_view data) {
  for (std::size_t i = data.find('\\'); i != std::string_view::npos && i + 1 < data.size();
       i = data.find('\\', i + 2)) {
    if (hiding_escape(data[i + 1])) return i;
  }
  return std::string_view::npos;
}

// The code unit of \uXXXX at s[k] (s[k] == '\\'), or -1.
long utf16_escape(std::string_view s, std::size_t k, std::size_t end) {
  if (k + 6 > end || s[k + 1] != 'u') return -1;
  long v = 0;
  for (std::size_t j = k + 2; j < k + 6; ++j) {
    const int h = hex_digit_value(s[j]);
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

}  // namespace

std::string decode_string_escapes(std::string_view s, std::vector<std::size_t>* offsets) {
  std::string out;
  out.reserve(s.size());
  if (offsets) offsets->clear();
  for (std::size_t k = 0; k < s.size();) {
    const std::size_t from = k;
    if (s[k] != '\\' || k + 1 >= s.size()) {
      out += s[k++];
    } else if (const long unit = utf16_escape(s, k, s.size()); unit >= 0) {
      k += 6;
      unsigned long cp = static_cast<unsigned long>(unit);
      if (unit >= 0xD800 && unit <= 0xDBFF) {
        const long low = utf16_escape(s, k, s.size());
        if (low >= 0xDC00 && low <= 0xDFFF) {
          cp = 0x10000 + ((static_cast<unsigned long>(unit) - 0xD800) << 10) + (static_cast<unsigned long>(low) - 0xDC00);
          k += 6;
        } else {
          cp = 0xFFFD;  // a lone surrogate
        }
      } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
        cp = 0xFFFD;
      }
      append_utf8(out, cp);
    } else if (s[k + 1] == 'x' && k + 3 < s.size() && hex_digit_value(s[k + 2]) >= 0 && hex_digit_value(s[k + 3]) >= 0) {
      // A byte ("\x1f\x8b" in a Go or Python byte string): the byte, not "x1f"
      // run together with the letters and digits around it.
      out += static_cast<char>(hex_digit_value(s[k + 2]) * 16 + hex_digit_value(s[k + 3]));
      k += 4;
    } else {
      const char c = s[k + 1];
      k += 2;
      out += c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c == 'b' ? '\b' : c == 'f' ? '\f' : c == 'v' ? '\v'
           : c == 'a' ? '\a' : c == '0' ? '\0' : c;
    }
    if (offsets) offsets->resize(out.size(), from);  // the bytes just added came from s[from]
  }
  if (offsets) offsets->push_back(s.size());
  return out;
}

namespace {

// Quoted strings with backslash escapes: "...\n...", "https:\/\/...",
// "\u002B..." become real text. One pass over the data, string by string:
// each double-quoted string from the line of the first such escape on that
// holds one is decoded once, and a secret found in it is placed at its own
// escaped bytes. (Searching back from every escape to its opening quote, as
// this once did, is quadratic in a line of escapes without quotes.)
void search_escapes(decode_context& ctx, std::string_view data, std::size_t ob, std::size_t oe, bool nested,
                    const std::string& layer_prefix, int depth) {
  const std::size_t n = data.size();
  std::size_t i = first_hiding_escape(data);
  if (i == std::string_view::npos) return;
  // Start at the beginning of the line that holds the first escape.
  const std::size_t first_line = data.rfind('\n', i);
  i = first_line == std::string_view::npos ? 0 : first_line + 1;
  std::vector<std::size_t> offsets;
  while (i < n) {
    const std::size_t b = data.find('"', i);
    if (b == std::string_view::npos) break;
    std::size_t e = b + 1;
    bool has_hiding_escape = false;
    // To the closing quote, the end of the line, or an escape (skipped whole).
    while ((e = find_first_of3(data, e, '"', '\n', '\\')) != std::string_view::npos && data[e] == '\\') {
      if (e + 1 < n && data[e + 1] != '\n') {
        has_hiding_escape |= hiding_escape(data[e + 1]);
        e += 2;
      } else {
        ++e;
      }
    }
    if (e >= n) break;                          // unterminated at the end
    if (data[e] == '\n') { i = e + 1; continue; }  // unterminated on its line
    i = e + 1;                                  // past the closing quote
    if (!has_hiding_escape) continue;
    std::string decoded = decode_string_escapes(data.substr(b + 1, e - b - 1), nested ? nullptr : &offsets);
    if (nested) {
      match_decoded(ctx, {}, decoded, ob, oe, layer_prefix + "escaped", depth);
    } else {
      for (auto& o : offsets) o += b + 1;
      match_decoded(ctx, line_prefix_before(data, b), decoded, b + 1, e, layer_prefix + "escaped", depth, &offsets);
    }
  }
}

// Whether a token's %XX escapes are percent-encoding: the token is a URL or
// form data ("://", '?', '&' or '=' in it) and every escape stands for a byte
// an encoder must escape, never for a letter, digit or "-._~" (RFC 3986
// section 2.3: encoders leave those as they are). "e9BAg%69c5" on a router's
// password line is the password itself, '%' and all.
bool percent_encoded_token(std::string_view token) {
  if (token.find("://") == std::string_view::npos && token.find_first_of("?&=") == std::string_view::npos) return false;
  for (std::size_t k = token.find('%'); k != std::string_view::npos && k + 2 < token.size(); k = token.find('%', k + 1)) {
    const int hi = hex_digit_value(token[k + 1]), lo = hex_digit_value(token[k + 2]);
    if (hi < 0 || lo < 0) continue;
    const int byte = hi * 16 + lo;
    if (std::isalnum(byte) || byte == '-' || byte == '.' || byte == '_' || byte == '~') return false;
  }
  return true;
}

// Tokens holding %XX escapes, e.g. a URL with a percent-encoded password.
void search_percent(decode_context& ctx, std::string_view data, std::size_t ob, std::size_t oe, bool nested,
                    const std::string& layer_prefix, int depth) {
  std::size_t i = 0;
  while ((i = data.find('%', i)) != std::string_view::npos) {
    if (i + 2 >= data.size() || !std::isxdigit(static_cast<unsigned char>(data[i + 1])) ||
        !std::isxdigit(static_cast<unsigned char>(data[i + 2]))) { ++i; continue; }
    std::size_t b = i, e = i;
    auto is_token = [](unsigned char c) { return !std::isspace(c) && c != '"' && c != '\'' && c != '<' && c != '>'; };
    while (b > 0 && is_token(static_cast<unsigned char>(data[b - 1]))) --b;
    while (e < data.size() && is_token(static_cast<unsigned char>(data[e]))) ++e;
    if (!percent_encoded_token(data.substr(b, e - b))) {
      i = e;
      continue;
    }
    std::string decoded;
    for (std::size_t k = b; k < e; ++k) {
      if (data[k] == '%' && k + 2 < e && std::isxdigit(static_cast<unsigned char>(data[k + 1])) &&
          std::isxdigit(static_cast<unsigned char>(data[k + 2]))) {
        decoded += static_cast<char>(hex_digit_value(data[k + 1]) * 16 + hex_digit_value(data[k + 2]));
        k += 2;
      } else {
        decoded += data[k];
      }
    }
    if (is_decoded_text(decoded)) {
      const std::size_t rb = nested ? ob : b, re = nested ? oe : e;
      match_decoded(ctx, nested ? std::string_view{} : line_prefix_before(data, b), decoded, rb, re,
                    layer_prefix + "percent", depth);
    }
    i = e;
  }
}

void search(decode_context& ctx, std::string_view data, std::size_t ob, std::size_t oe, bool nested,
            const std::string& layer_prefix, int depth) {
  if (ctx.layers & decode_base64) search_base64(ctx, data, ob, oe, nested, layer_prefix, depth);
  if (ctx.layers & decode_escapes) search_escapes(ctx, data, ob, oe, nested, layer_prefix, depth);
  if (ctx.layers & decode_percent) search_percent(ctx, data, ob, oe, nested, layer_prefix, depth);
}

}  // namespace

std::vector<std::pair<std::size_t, std::size_t>> lines_touching(
    std::string_view data, const std::vector<std::pair<std::size_t, std::size_t>>& changed) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  const std::size_t n = data.size();
  if (n == 0) return out;
  // Past the newline that ends the line holding position p, or n.
  const auto line_end = [&](std::size_t p) -> std::size_t {
    if (p >= n) return n;
    const void* nl = std::memchr(data.data() + p, '\n', n - p);
    return nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - data.data()) + 1 : n;
  };
  // The start of the line holding position p, looking back no further than
  // `floor` (a line start: the end of the ranges so far).
  const auto line_start = [&](std::size_t p, std::size_t floor) -> std::size_t {
    if (p <= floor) return floor;
    const void* nl = memrchr(data.data() + floor, '\n', p - floor);
    return nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - data.data()) + 1 : floor;
  };
  // The lines holding positions lo to hi; ranges come in order, each a
  // run of whole lines, so a position below the last range's end is in it.
  const auto add = [&](std::size_t lo, std::size_t hi) {
    if (!out.empty() && lo < out.back().second) {
      if (hi >= out.back().second) out.back().second = line_end(hi);
      return;
    }
    const std::size_t floor = out.empty() ? 0 : out.back().second;
    const std::size_t begin = line_start(lo, floor), end = line_end(hi);
    if (!out.empty() && begin == out.back().second) {
      out.back().second = end;
    } else {
      out.emplace_back(begin, end);
    }
  };
  add(0, 0);
  // A line whose bytes or newlines meet the inserted bytes [b, e), or whose
  // span holds the join at b or at e: the lines holding the positions b to e.
  // apply_delta lists the spans in order; anything else is sorted first.
  const auto by_start = [](const auto& x, const auto& y) { return x.first < y.first; };
  std::vector<std::pair<std::size_t, std::size_t>> sorted;
  const auto* spans = &changed;
  if (!std::is_sorted(changed.begin(), changed.end(), by_start)) {
    sorted = changed;
    std::sort(sorted.begin(), sorted.end(), by_start);
    spans = &sorted;
  }
  for (const auto& [b, e] : *spans) add(std::min(b, n), std::min(e, n));
  add(n - 1, n - 1);
  return out;
}

void find_encoded_matches(const compiled_rules& rules, std::string_view data,
                          const std::vector<std::pair<std::size_t, std::size_t>>& segments,
                          match_scratch& scratch, std::vector<decoded_match>& out, unsigned layers) {
  decode_context ctx{rules, scratch, out, layers};
  if (segments.empty()) {
    search(ctx, data, 0, 0, false, "", 1);
  } else {
    const std::size_t first = out.size();
    for (std::size_t k = 0; k < segments.size(); ++k) {
      const auto [b, e] = segments[k];
      if (e <= b) continue;
      // Overlapping windows of a long line: a run that touches a window's cut
      // edge may be cut short there; the neighbouring window holds it whole.
      const bool cut_before = k > 0 && segments[k - 1].second > b;
      const bool cut_after = k + 1 < segments.size() && segments[k + 1].first < e;
      const std::size_t before = out.size();
      search(ctx, data.substr(b, e - b), 0, 0, false, "", 1);
      std::size_t w = before;
      for (std::size_t i = before; i < out.size(); ++i) {
        auto& loc = out[i].location;
        if ((cut_before && loc.secret_begin == 0) || (cut_after && loc.secret_end == e - b)) continue;
        loc.secret_begin += b; loc.secret_end += b; loc.match_begin += b; loc.match_end += b;  // -> buffer offsets
        if (w != i) out[w] = std::move(out[i]);
        ++w;
      }
      out.resize(w);
    }
    // What two windows both hold whole, both found: kept once.
    auto key = [](const decoded_match& d) {
      return std::tie(d.location.secret_begin, d.location.secret_end, d.location.rule, d.secret, d.layer);
    };
    std::sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
              [&](const decoded_match& a, const decoded_match& b) { return key(a) < key(b); });
    out.erase(std::unique(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
                          [&](const decoded_match& a, const decoded_match& b) { return key(a) == key(b); }),
              out.end());
  }
}

}  // namespace nhi::detail
