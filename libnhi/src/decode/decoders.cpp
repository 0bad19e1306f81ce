#include "decode/decoders.hpp"

#include <algorithm>
#include <cctype>

#include "util/text.hpp"

namespace nhi::detail {
namespace {

constexpr std::size_t kMinBase64Run = 16;        // shorter runs decode to too little to hold a secret

// ASCII tests without <cctype>'s per-byte call: this loop sees every byte of
// every buffer (docs/performance.md).
bool is_ascii_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
bool is_ascii_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
bool is_ascii_digit(unsigned char c) { return c >= '0' && c <= '9'; }

bool is_b64_char(unsigned char c) {
  return is_ascii_upper(c) || is_ascii_lower(c) || is_ascii_digit(c) || c == '+' || c == '/' || c == '-' || c == '_';
}

// Decoded bytes worth matching: valid UTF-8 text, almost all printable.
bool is_text(std::string_view s) {
  if (s.empty() || first_invalid_utf8(s) != std::string_view::npos) return false;
  std::size_t printable = 0;
  for (unsigned char c : s)
    if (c >= 0x20 || c == '\n' || c == '\r' || c == '\t') ++printable;
  return printable * 100 >= s.size() * 97;
}

struct decode_context {
  const compiled_rules& rules;
  match_scratch& scratch;
  std::vector<decoded_match>& out;
  unsigned layers = decode_all;
  std::size_t budget = kMaxDecodedBytes;
};

void search(decode_context& ctx, std::string_view data, std::size_t run_begin_in_original,
            std::size_t run_end_in_original, bool nested, const std::string& layer_prefix, int depth);

// Matches `decoded` (with the key that preceded the encoded run on its line, so
// context-requiring rules see `password: <decoded>`), and records matches at
// [orig_begin, orig_end) of the original buffer.
void match_decoded(decode_context& ctx, std::string_view line_prefix, const std::string& decoded,
                   std::size_t orig_begin, std::size_t orig_end, const std::string& layer, int depth) {
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
    decoded_match d;
    d.location = m;
    d.location.secret_begin = d.location.match_begin = orig_begin;
    d.location.secret_end = d.location.match_end = orig_end;
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

void search_base64(decode_context& ctx, std::string_view data, std::size_t ob, std::size_t oe, bool nested,
                   const std::string& layer_prefix, int depth) {
  std::size_t i = 0;
  const std::size_t n = data.size();
  while (i < n) {
    if (!is_b64_char(static_cast<unsigned char>(data[i]))) { ++i; continue; }
    std::size_t j = i;
    bool url_safe = false, has_upper = false, has_lower = false, has_digit = false;
    while (j < n && is_b64_char(static_cast<unsigned char>(data[j]))) {
      const auto c = static_cast<unsigned char>(data[j]);
      if (c == '-' || c == '_') url_safe = true;
      has_upper |= is_ascii_upper(c);
      has_lower |= is_ascii_lower(c);
      has_digit |= is_ascii_digit(c);
      ++j;
    }
    std::size_t end = j;
    while (end < n && data[end] == '=' && end - j < 2) ++end;
    const std::size_t len = end - i;
    // Base64 of text mixes cases; identifiers and hex digests rarely do all three.
    if (len >= kMinBase64Run && has_upper && has_lower && (has_digit || len >= 24)) {
      std::string decoded;
      const std::string_view run = data.substr(i, end - i);
      if (base64_decode(run, decoded, url_safe) && decoded.size() >= 8 && is_text(decoded)) {
        const std::size_t b = nested ? ob : i, e = nested ? oe : end;
        match_decoded(ctx, nested ? std::string_view{} : line_prefix_before(data, i), decoded, b, e,
                      layer_prefix + "base64", depth);
      }
    }
    i = end == i ? i + 1 : end;
  }
}

// Quoted strings with backslash escapes: "...\n..." becomes real text. One
// pass over the data, string by string: each double-quoted string on a line
// that holds an escaped newline is decoded once. (Searching back from every
// "\n" to its opening quote, as this once did, is quadratic in a line of
// escapes without quotes.)
void search_escapes(decode_context& ctx, std::string_view data, std::size_t ob, std::size_t oe, bool nested,
                    const std::string& layer_prefix, int depth) {
  const std::size_t n = data.size();
  std::size_t i = data.find("\\n");
  if (i == std::string_view::npos) return;
  // Start at the beginning of the line that holds the first escape.
  const std::size_t first_line = data.rfind('\n', i);
  i = first_line == std::string_view::npos ? 0 : first_line + 1;
  while (i < n) {
    if (data[i] != '"') { ++i; continue; }
    const std::size_t b = i;
    std::size_t e = b + 1;
    bool has_newline_escape = false;
    while (e < n && data[e] != '"' && data[e] != '\n') {
      if (data[e] == '\\' && e + 1 < n && data[e + 1] != '\n') {
        has_newline_escape |= data[e + 1] == 'n';
        e += 2;
      } else {
        ++e;
      }
    }
    if (e >= n) break;                          // unterminated at the end
    if (data[e] == '\n') { i = e + 1; continue; }  // unterminated on its line
    i = e + 1;                                  // past the closing quote
    if (!has_newline_escape) continue;
    std::string decoded;
    decoded.reserve(e - b);
    for (std::size_t k = b + 1; k < e; ++k) {
      if (data[k] == '\\' && k + 1 < e) {
        const char c = data[++k];
        decoded += c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c;
      } else {
        decoded += data[k];
      }
    }
    const std::size_t rb = nested ? ob : b + 1, re = nested ? oe : e;
    match_decoded(ctx, nested ? std::string_view{} : line_prefix_before(data, b), decoded, rb, re,
                  layer_prefix + "escaped", depth);
  }
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
    std::string decoded;
    for (std::size_t k = b; k < e; ++k) {
      if (data[k] == '%' && k + 2 < e && std::isxdigit(static_cast<unsigned char>(data[k + 1])) &&
          std::isxdigit(static_cast<unsigned char>(data[k + 2]))) {
        decoded += static_cast<char>(std::stoi(std::string(data.substr(k + 1, 2)), nullptr, 16));
        k += 2;
      } else {
        decoded += data[k];
      }
    }
    if (is_text(decoded)) {
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

void find_encoded_matches(const compiled_rules& rules, std::string_view data,
                          const std::vector<std::pair<std::size_t, std::size_t>>& segments,
                          match_scratch& scratch, std::vector<decoded_match>& out, unsigned layers) {
  decode_context ctx{rules, scratch, out, layers};
  if (segments.empty()) {
    search(ctx, data, 0, 0, false, "", 1);
  } else {
    for (const auto& [b, e] : segments) {
      const std::size_t before = out.size();
      search(ctx, data.substr(b, e - b), 0, 0, false, "", 1);
      for (std::size_t k = before; k < out.size(); ++k) {  // segment offsets -> buffer offsets
        auto& loc = out[k].location;
        loc.secret_begin += b; loc.secret_end += b; loc.match_begin += b; loc.match_end += b;
      }
    }
  }
}

}  // namespace nhi::detail
