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

}  // namespace nhi::detail
