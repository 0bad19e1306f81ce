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

namespace nhi::detail {

struct secret_run {
  std::array<std::uint64_t, 4> bytes{};  // the bytes the run is made of, as a bit set
  std::size_t length = 0;                // 0: no run is known (nothing to test)

  bool holds(unsigned char c) const noexcept { return (bytes[c >> 6] >> (c & 63)) & 1; }
  // Whether data holds `length` bytes in a row from `bytes`.
  bool found_in(std::string_view data) const noexcept;
};

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
