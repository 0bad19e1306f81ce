// SPDX-License-Identifier: Apache-2.0
// Whether a rule's keywords anchor its matches: when every match holds one of
// them, RE2 need only look around the keywords' occurrences (matcher.cpp),
// and the vectorscan database need not hold the regex at all (prefilter.hpp).
#pragma once

#include <string>
#include <vector>

namespace nhi::detail {

// True when every match of `pattern` (RE2 syntax, Latin-1) contains one of
// `keywords`, compared ASCII-caseless. Read from the literal strings RE2's
// FilteredRE2 finds every match must hold: when those that hold no keyword
// can satisfy the pattern on their own, a match may lack every keyword, and
// the answer is false. False too for anything it cannot read, which is the
// safe answer. Costs about a millisecond per pattern.
bool every_match_holds_keyword(const std::string& pattern, const std::vector<std::string>& keywords);

// True when every match of `pattern` must hold some literal of at least
// `min_length` bytes (FilteredRE2's atoms, in an AND/OR of them). A regex
// without one, such as a .pgpass line, is an automaton that vectorscan runs
// over every byte of every buffer: that one rule made the whole database a
// third slower (docs/performance.md). False for anything it cannot read.
bool has_required_literal(const std::string& pattern, std::size_t min_length);

}  // namespace nhi::detail
