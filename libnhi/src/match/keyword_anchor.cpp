// SPDX-License-Identifier: Apache-2.0
#include "match/keyword_anchor.hpp"

#include <re2/filtered_re2.h>
#include <re2/re2.h>

#include "util/text.hpp"

namespace nhi::detail {

bool every_match_holds_keyword(const std::string& pattern, const std::vector<std::string>& keywords) {
  if (keywords.empty()) return false;
  RE2::Options options;
  options.set_encoding(RE2::Options::EncodingLatin1);
  options.set_log_errors(false);
  // Atoms of one byte are kept: a keyword may be short, and a dropped atom
  // only makes the answer false more often.
  re2::FilteredRE2 filter(1);
  int index = 0;
  if (filter.Add(pattern, options, &index) != RE2::NoError) return false;
  std::vector<std::string> atoms;  // lowercase
  filter.Compile(&atoms);
  if (atoms.empty()) return false;  // nothing every match must hold: anything may match
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
  RE2::Options options;
  options.set_encoding(RE2::Options::EncodingLatin1);
  options.set_log_errors(false);
  re2::FilteredRE2 filter(static_cast<int>(min_length));
  int index = 0;
  if (filter.Add(pattern, options, &index) != RE2::NoError) return false;
  std::vector<std::string> atoms;
  filter.Compile(&atoms);
  if (atoms.empty()) return false;
  // With no atom found the pattern must not pass: else it needs none.
  std::vector<int> possible;
  filter.AllPotentials({}, &possible);
  return possible.empty();
}

}  // namespace nhi::detail
