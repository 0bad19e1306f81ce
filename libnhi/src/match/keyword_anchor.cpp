// SPDX-License-Identifier: Apache-2.0
#include "match/keyword_anchor.hpp"

#include <re2/filtered_re2.h>
#include <re2/re2.h>

#include "util/text.hpp"

namespace nhi::detail {

namespace {

// Adds `pattern` (Latin-1) to `filter` and compiles it into the atoms
// (lowercase literals) every match must hold in some AND/OR; false when the
// pattern cannot be read or there are no atoms (anything may match).
bool required_atoms(const std::string& pattern, re2::FilteredRE2& filter, std::vector<std::string>& atoms) {
  RE2::Options options;
  options.set_encoding(RE2::Options::EncodingLatin1);
  options.set_log_errors(false);
  int index = 0;
  if (filter.Add(pattern, options, &index) != RE2::NoError) return false;
  filter.Compile(&atoms);
  return !atoms.empty();
}

}  // namespace

bool every_match_holds_keyword(const std::string& pattern, const std::vector<std::string>& keywords) {
  if (keywords.empty()) return false;
  // Atoms of one byte are kept: a keyword may be short, and a dropped atom
  // only makes the answer false more often.
  re2::FilteredRE2 filter(1);
  std::vector<std::string> atoms;
  if (!required_atoms(pattern, filter, atoms)) return false;
  // The atoms a keyword-free match could contain are those holding no keyword.
  // If they alone pass the filter, such a match is possible.
  std::vector<int> without_keyword;
  for (std::size_t a = 0; a < atoms.size(); ++a) {
    bool holds = false;
    for (const auto& k : keywords) holds = holds || (!k.empty() && ifind(atoms[a], k) != std::string::npos);
    if (!holds) without_keyword.push_back(static_cast<int>(a));
  }
  std::vector<int> possible;
  filter.AllPotentials(without_keyword, &possible);
  return possible.empty();
}

bool has_required_literal(const std::string& pattern, std::size_t min_length) {
  re2::FilteredRE2 filter(static_cast<int>(min_length));
  std::vector<std::string> atoms;
  if (!required_atoms(pattern, filter, atoms)) return false;
  // With no atom found the pattern must not pass: else it needs none.
  std::vector<int> possible;
  filter.AllPotentials({}, &possible);
  return possible.empty();
}

}  // namespace nhi::detail
