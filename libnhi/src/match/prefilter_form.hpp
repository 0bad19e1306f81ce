// SPDX-License-Identifier: Apache-2.0
// A bounded prefilter form of a regular expression: a pattern every match of
// the original begins with, whose own matches span at most a known number of
// bytes. The vectorscan database needs only that (prefilter mode may report
// more than matches, never fewer), and a database of bounded expressions can
// be run over windows of a buffer: around the bytes a git delta changed
// (docs/performance.md, "delta windows").
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace nhi::detail {

// `pattern` itself when no match of it spans more than `max_width` bytes;
// else the pattern cut at its first unbounded repeat (`X*`, `X+`, `X{n,}`),
// keeping that repeat's minimum count (`X{n}`) and closing the groups open
// there; an alternation is cut branch by branch. nullopt when even the cut
// form may span more than `max_width` bytes, or the syntax is not followed
// (the caller keeps the pattern whole).
std::optional<std::string> bounded_prefilter_form(std::string_view pattern, std::size_t max_width);

}  // namespace nhi::detail
