// SPDX-License-Identifier: Apache-2.0
// The run of bytes every match of a secret's shape holds: `[a-z0-9]{128}`
// holds 128 bytes of [a-z0-9] in a row, a UUID 36 bytes of [0-9a-f-]. A
// context rule's regex (the secret behind a service's name) runs on the lines
// around each occurrence of that name, and names such as "float" or "flat"
// occur everywhere in code: a span without such a run cannot hold a match,
// and looking for one costs a table lookup per byte where RE2 cost far more
// (docs/performance.md, "Ninth round").
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace nhi::detail {

struct secret_run {
  std::array<std::uint64_t, 4> bytes{};  // the bytes the run is made of, as a bit set
  std::size_t length = 0;                // 0: no run is known (nothing to test)
  // The index of `bytes` among the distinct byte sets of a rule set's runs
  // (set by the rule loader): rules sharing a set share what a buffer holds.
  std::uint32_t set_id = 0;

  // `bytes` as two nibble tables (a byte is held when lo[c & 15] & hi[c >> 4]
  // is not 0), for 32 bytes at a time with a shuffle; filled by index(), and
  // only when the set needs at most 8 distinct sets of low nibbles.
  std::array<std::uint8_t, 16> nibble_lo{}, nibble_hi{};
  bool indexed = false;

  bool holds(unsigned char c) const noexcept { return (bytes[c >> 6] >> (c & 63)) & 1; }
  // Whether data holds `length` bytes in a row from `bytes` (32 bytes at a
  // time where the CPU has AVX2 and index() succeeded, else byte by byte).
  bool found_in(std::string_view data) const noexcept;
  // found_in, byte by byte (exposed so a test can compare both ways).
  bool found_in_bytewise(std::string_view data) const noexcept;
  // Fills the nibble tables from `bytes`.
  void index() noexcept;
};

// What one buffer is known to hold, per byte set of the rules' runs: many
// context rules share a set ([a-z0-9], hex, a UUID's), so once a buffer is
// found to hold a run of 40 bytes of a set, a rule wanting 32 of it needs no
// look, and once it lacks one of 32, neither does a rule wanting 40.
//
// A blob rebuilt from a git delta whose base was known to lack a run of a
// set holds one only where the delta changed it: a run inside one copied
// range would be the base's. The delta's `changed` spans include an empty one
// wherever two copied ranges join, so such a run meets a changed span, and
// the windows around them (kDeltaWindowWidth either side) hold at least
// that many of its bytes: for a run no longer than that, the windows alone
// are searched.
class secret_run_memo {
 public:
  using spans = std::vector<std::pair<std::size_t, std::size_t>>;
  // Forgets what was known; `sets` distinct byte sets may be asked about.
  // With `base_lacked` (per set, a run length the delta's base was known not
  // to hold, 0 when not known) and the `windows` around the delta's changes,
  // the buffer is that delta's result.
  void reset(std::size_t sets, const std::vector<std::uint32_t>* base_lacked = nullptr,
             const spans* windows = nullptr);
  // run.found_in(data), for the buffer given since the last reset().
  bool found_in(const secret_run& run, std::string_view data);
  // Per set, the shortest run found lacking in the buffer (0: not known), for
  // the scan of a delta on it.
  void lacked(std::vector<std::uint32_t>& out) const;

 private:
  struct bounds {
    std::size_t held = 0;             // a run this long was found
    std::size_t lacked = SIZE_MAX;    // no run this long is there
  };
  std::vector<bounds> known_;
  const std::vector<std::uint32_t>* base_lacked_ = nullptr;
  const spans* windows_ = nullptr;
};

// How far either side of a delta's changed spans secret_run_memo may search
// (kDeltaWindowWidth of matcher.hpp, which the windows it is given use).
constexpr std::size_t kRunWindowReach = 1024;

// The most selective run that every match of `secret` (RE2 syntax, matched
// case-sensitively) holds: over the longest stretch of items of its top-level
// sequence that each match at least once a class of bytes (`[a-f0-9]{16}`,
// `\d+`, a literal `-`), the union of their classes and the sum of their
// fewest counts; scored by length and by how few bytes the class allows. No
// run (length 0) when the shape has an alternation at the top, a flag
// group, or syntax this reader does not follow: a wrong run would hide
// findings, so any doubt gives none.
secret_run required_secret_run(std::string_view secret);

}  // namespace nhi::detail
