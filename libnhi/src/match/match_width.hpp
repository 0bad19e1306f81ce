// SPDX-License-Identifier: Apache-2.0
// The longest text a regular expression can match, read from its RE2 syntax:
// long lines are scanned in overlapping windows, and the overlap must hold any
// match whole so that no secret is cut in two at a window edge.
#pragma once

#include <cstddef>
#include <string_view>

namespace nhi::detail {

// An upper bound on the bytes a match of `pattern` can span (Latin-1: one
// byte per character), or `cap` when it is unbounded (`*`, `+`, `{n,}`), larger
// than `cap`, or uses syntax this reader does not follow (then `cap` is the
// safe answer).
std::size_t max_match_width(std::string_view pattern, std::size_t cap);

// A lower bound on the bytes a match of `pattern` spans: the shortest match
// (`?`, `*` and `{0,n}` taken as absent, `+` as once, `{n,m}` as n times), or
// 0 when it uses syntax this reader does not follow.
std::size_t min_match_width(std::string_view pattern);

}  // namespace nhi::detail
