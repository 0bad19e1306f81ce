// SPDX-License-Identifier: Apache-2.0
// New versions of a text as git's deltas make them, for the tests of what is
// searched around a delta (delta_prefilter_test, delta_decode_test).
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace nhi::test {

// A small deterministic generator: the same edits on every machine.
struct lcg {
  std::uint32_t state;
  std::uint32_t operator()(std::uint32_t n) { return ((state = state * 1103515245u + 12345u) >> 8 & 0xffffff) % n; }
};

using change_spans = std::vector<std::pair<std::size_t, std::size_t>>;

// A new version of `base`: copies of its ranges (in order mostly, now and
// then skipping or going back; up to `max_copy` bytes, so they start and end
// mid-line) and inserted pieces of `source` (up to `max_insert` bytes);
// `changed` gets the spans apply_delta reports for it: the inserted bytes,
// and an empty span wherever a copy does not continue the one before.
inline std::string edit(const std::string& base, const std::string& source, lcg& rnd, change_spans& changed,
                        std::uint32_t max_copy = 4000, std::uint32_t max_insert = 300) {
  std::string out;
  changed.clear();
  std::size_t at = 0;                            // where the next copy starts in the base
  std::size_t continues_at = std::string::npos;  // a copy from here would continue the last one
  while (at < base.size()) {
    const std::uint32_t op = rnd(10);
    if (op < 6) {  // copy
      const std::size_t len = std::min<std::size_t>(base.size() - at, 1 + rnd(max_copy));
      if (at != continues_at) changed.emplace_back(out.size(), out.size());
      out.append(base, at, len);
      continues_at = at + len;
      at += len;
    } else if (op < 8 && !source.empty()) {  // insert
      const std::size_t from = rnd(static_cast<std::uint32_t>(source.size())), len = 1 + rnd(max_insert);
      const std::string piece = source.substr(from, len);
      changed.emplace_back(out.size(), out.size() + piece.size());
      out += piece;
      continues_at = std::string::npos;
    } else if (op < 9) {  // skip some of the base
      at += rnd(500);
    } else {  // go back
      at -= std::min<std::size_t>(at, rnd(2000));
    }
  }
  changed.emplace_back(out.size(), out.size());
  return out;
}

}  // namespace nhi::test
