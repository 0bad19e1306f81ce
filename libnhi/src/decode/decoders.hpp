// SPDX-License-Identifier: Apache-2.0
// Finds secrets hidden under an encoding: base64 values (Kubernetes
// Secret.data, .dockerconfigjson, basic-auth headers), JSON/YAML string
// escapes (a PEM key inside a JSON string) and percent-encoded URLs.
//
// Each candidate run is decoded; when the result is text, the decoded text is
// matched with the line's own key in front of it (so `password: c2VjcmV0...`
// is matched as `password: <decoded>`), and the finding is placed at the
// encoded run in the original buffer. Decoding nests at most kMaxDepth layers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "match/compiled_rules.hpp"
#include "match/matcher.hpp"

namespace nhi::detail {

struct decoded_match {
  raw_match location;  // rule, and spans of the encoded run in the original buffer
  std::string secret;  // the decoded secret bytes
  std::string layer;   // "base64", "escaped", "percent", or nested "base64/base64"
  // A catch-all's match whose name starts a line of a wrapped base64 block: the
  // name may be the end of a longer one cut by the line above ("Token" of
  // "authenticityToken"). Kept so that a history's delta records still say the
  // blob decoded to something; the scan drops it.
  bool name_cut = false;
};

constexpr int kMaxDecodeDepth = 2;
// Decoded bytes matched per buffer, all layers together: bounds the work and
// memory hostile input can cause (a file that is one long base64 run).
constexpr std::size_t kMaxDecodedBytes = 64u << 20;

// Which decoders run (the fuzz targets drive one at a time); nested layers
// use the same set.
enum decode_layer : unsigned { decode_base64 = 1u, decode_escapes = 2u, decode_percent = 4u, decode_all = 7u };

// A maximal run of base64 alphabet bytes (standard and URL-safe), [begin, end).
struct base64_run {
  std::size_t begin = 0, end = 0;
  bool url_safe = false, has_upper = false, has_lower = false, has_digit = false;
};

// The first maximal run of at least `min_len` base64 bytes starting at or
// after `from` (a run is cut at `from`: `from` is taken as a run boundary).
bool next_base64_run(std::string_view data, std::size_t from, std::size_t min_len, base64_run& run);
// The same without the AVX2 variant next_base64_run picks on CPUs that have
// it (the tests compare both with a byte-by-byte reference).
bool next_base64_run_portable(std::string_view data, std::size_t from, std::size_t min_len, base64_run& run);

// Decoded bytes worth matching: valid UTF-8 text, at least 97% printable.
bool is_decoded_text(std::string_view s);
// Whether the base64 run `encoded` may decode to such text, judged from its
// first 16 characters: false only when decoding it whole would fail
// is_decoded_text (most long runs are digests, keys, compressed data).
bool may_decode_to_text(std::string_view encoded, bool url_safe);

// A string literal's backslash escapes decoded: \n \t \r \b \f, \uXXXX (with
// surrogate pairs; a lone surrogate becomes U+FFFD) as UTF-8, and \x as x for
// any other x (`\/`, `\"`, `\\`). With `offsets`, it receives the offset in
// `s` of the escape each output byte came from, and s.size() last.
std::string decode_string_escapes(std::string_view s, std::vector<std::size_t>* offsets = nullptr);

// The decoders are line-local: a base64 run, a quoted string with escapes, a
// %-escaped token and the prefix of up to 128 bytes read before each end at a
// newline. So a line of a git delta's result that the delta copied whole from
// its base, with the newlines either side, decodes to what it decoded to there.
// These are the other lines: those a changed span of the delta (inserted
// bytes, the empty spans where copies join; delta_context) touches, and the
// first and last line, as merged [begin, end) ranges from a line's start to
// past its newline.
std::vector<std::pair<std::size_t, std::size_t>> lines_touching(
    std::string_view data, const std::vector<std::pair<std::size_t, std::size_t>>& changed);

void find_encoded_matches(const compiled_rules& rules, std::string_view data,
                          const std::vector<std::pair<std::size_t, std::size_t>>& segments,
                          match_scratch& scratch, std::vector<decoded_match>& out,
                          unsigned layers = decode_all);

}  // namespace nhi::detail
