// SPDX-License-Identifier: Apache-2.0
// Runs a compiled rule set over a buffer: prefilter, regex, placeholder filter,
// entropy, validators, then overlap resolution.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "match/compiled_rules.hpp"
#include "util/flat_map.hpp"

namespace nhi::detail {

struct raw_match {
  std::uint32_t rule = 0;
  std::size_t secret_begin = 0, secret_end = 0;  // byte offsets of the secret
  std::size_t match_begin = 0, match_end = 0;    // byte offsets of the whole match
  // A key its provider publishes on purpose (the rule's public_context): not
  // reported, but it still silences generic rules on the same span.
  bool published = false;
};

// What the prefilter found in a buffer: the rules whose regex may match there
// and those that have a keyword there. `complete` when it was found by the
// delta databases (delta_prefilter_slot) over every byte, directly or through
// the windows and a complete record of the base.
//
// `decoded_nothing` (when `decode_complete`) says the decoders (decode/) found
// no match anywhere in the buffer, directly or through the lines its delta
// changed and a base that decoded to nothing (buffer_scan.cpp, "decoders
// around a delta").
struct prefilter_record {
  bool complete = false;
  bool decode_complete = false, decoded_nothing = false;
  std::vector<std::uint32_t> regex_rules, keyword_rules;
  // Per byte set of the rules' secret runs, a run length the blob does not
  // hold (0: not known; secret_run_memo).
  std::vector<std::uint32_t> run_lacked;
  // Before a new buffer is scanned (the rule lists keep their capacity).
  void reset() {
    complete = decode_complete = decoded_nothing = false;
    run_lacked.clear();
  }
};

// A blob rebuilt from a git delta (pack_reader.hpp). With it in
// match_scratch::delta, find_matches prefilters `blob` (that buffer only, not
// the text decoders derive from it) over the windows around the `changed`
// spans (inserted bytes, and the empty spans where copied ranges join) and
// takes `base`'s record for the rest, when that record is complete; with no
// base it reads every byte. Either way it fills `record` for the blob's own
// deltas. The findings are those of a scan without it (docs/performance.md).
struct delta_context {
  std::string_view blob;
  const std::vector<std::pair<std::size_t, std::size_t>>* changed = nullptr;
  const prefilter_record* base = nullptr;
  prefilter_record* record = nullptr;

  // The context of scratch.delta when `data` is that blob, scanned whole (no
  // long line cut into windows: `segments` empty); else nullptr. What the
  // prefilter and the decoders use of it holds only then.
  static const delta_context* of(const delta_context* delta, std::string_view data,
                                 const std::vector<std::pair<std::size_t, std::size_t>>& segments) {
    return delta && delta->blob.data() == data.data() && delta->blob.size() == data.size() && segments.empty()
               ? delta
               : nullptr;
  }
};

// How far either side of a changed span the windows reach: the widest
// expression of the windows database, and a byte for the assertions (\b, ^)
// at its edges.
constexpr std::size_t kDeltaWindowWidth = 1024;
static_assert(kRunWindowReach <= kDeltaWindowWidth, "secret_run_memo searches within the delta windows");

// A span of a buffer that a rule's regex found no match in: the rule, and the
// span's bytes with the byte either side (what RE2's assertions may look at:
// \b, ^, $), by length and a 128-bit digest of them. A rule searched around
// its keywords is searched span by span, and the versions of a file in a
// history hold the same spans over and over: a span seen without a match is
// not searched again (docs/performance.md, "Seventh round"). The result
// depends on nothing else when the regex matched nothing: the filters run
// only on matches. (Two different spans with the same digest would hide a
// match; with 128 bits that is not a practical concern for text in a
// repository, and the table is per thread and per scan.)
struct span_key {
  std::uint64_t a = 0, b = 0;    // the digest
  std::uint64_t length = 0;      // with the buffer's edges: bit 62 at its start, 63 at its end
  std::uint32_t rule = 0;

  friend bool operator==(const span_key& x, const span_key& y) noexcept {
    return x.a == y.a && x.b == y.b && x.length == y.length && x.rule == y.rule;
  }
  std::uint64_t hash() const noexcept { return a ^ (b >> 7) ^ rule; }
};

// Mutable per-thread state, so the compiled rules stay immutable and shared.
struct match_scratch {
  std::vector<std::uint8_t> rule_hits;  // keyword_prefilter
  prefilter_hits hits;                  // fast_prefilter
  std::vector<std::uint32_t> candidates;  // the rules RE2 runs for, in rule order
  std::vector<std::pair<std::size_t, std::size_t>> spans;  // around a rule's keywords (matcher.cpp)
  fast_scratch fast;
  const delta_context* delta = nullptr;  // set by a history scan around one blob
  std::vector<std::pair<std::size_t, std::size_t>> windows;  // around a delta's changes
  std::string joined_windows;  // those windows' bytes, end to end
  // vectorscan's scratch for each delta database: sizing one scratch for
  // another database at every call cost more than the scans.
  fast_scratch delta_windows_fast, delta_whole_fast;
  // Spans where a rule's regex found nothing (span_key); cleared when it
  // holds kSpanMisses, so it stays a few MB.
  flat_map<span_key, bool> span_misses;
  // Which secret runs the buffer at hand holds (run_candidates), and the
  // windows of a delta's changes it may search.
  secret_run_memo runs;
  std::vector<std::pair<std::size_t, std::size_t>> run_windows;
};

constexpr std::size_t kSpanMisses = std::size_t(1) << 16;

// Whether the vectorscan prefilter (prefilter.hpp) may be used: NHI_ENGINE is
// not "re2" (matcher.cpp says when it is used).
bool fast_prefilter_enabled();
// With it enabled, loads it for `rules` from the disk cache or compiles it
// now, instead of when a scan has grown large enough (for a source known to
// be large), and the databases for blobs of git delta chains (delta_context).
// Thread-safe; returns at once when another thread builds them.
void prepare_fast_prefilter(const compiled_rules& rules);

// Appends the accepted matches in `data` to `out`, ordered by secret_begin.
// `segments` restricts matching to [begin, end) ranges, in order; empty means
// the whole buffer. Consecutive segments may overlap (the windows a long line
// is scanned in, overlapping by compiled_rules::window_overlap): a match is
// then reported once, by the window it starts in before the next one begins.
void find_matches(const compiled_rules& rules, std::string_view data,
                  const std::vector<std::pair<std::size_t, std::size_t>>& segments,
                  match_scratch& scratch, std::vector<raw_match>& out);

// Whether rule `info` is a catch-all: a generic rule, or one that knows a key
// only by a URL parameter's name. In a web page saved from a site
// (saved_page.hpp) such matches are that site's public keys and are dropped,
// also where a decoder found them in the page's strings.
bool catch_all_rule(const rule_info& info);

}  // namespace nhi::detail
