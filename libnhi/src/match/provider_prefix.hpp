// SPDX-License-Identifier: Apache-2.0
// The literal prefixes that provider rules' secrets start with ("xai-",
// "cfut_", "glpat-"), so that a generic rule can tell a malformed provider
// key from a generic secret: a value under API_KEY= that starts with "xai-"
// but that the xAI rule did not accept is a broken or made-up xAI key, and
// reporting it as a generic secret is the false alarm the provider rule was
// written to avoid.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace nhi::detail {

// The literal prefixes a regex's secret (capture group 1, or the whole match
// without groups) must start with: the literal text at the start of the
// group, with small character classes ([ua]) and alternations of literals
// ((?:k|ut)) expanded. Empty when the secret has no literal start, or when
// the expansion would exceed a few dozen strings. Lower-cased.
std::vector<std::string> secret_prefixes(std::string_view pattern);

// The text of a pattern's secret group, its first capturing group
// ("[a-f0-9]{32}" of "amplitude...([a-f0-9]{32})\b"); empty without one.
std::string secret_group(std::string_view pattern);

// Whether a prefix says which provider a value is from: at least four
// characters, three of them letters or digits, with a separator (-, _, .)
// after the first two, and not a common word such as "api_", "key-",
// "secret_", "live_" that many services' values start with; or eight letters
// and digits or more ("cmVmdGtuOjAx").
bool distinctive_prefix(std::string_view prefix);

// The literal text a regex's secret group must end with ("-NRMA" of
// "(AA[a-f0-9]{40}-NRMA)"), lower-cased; empty when it ends with a class, a
// quantified item or a group, or has no group.
std::string secret_suffix(std::string_view pattern);

// Whether a suffix says which provider a value is from: the mirror of
// distinctive_prefix ("-nrma", "ffffnral"), and at least five characters.
bool distinctive_suffix(std::string_view suffix);

// A set of prefixes (or, with add_suffix/ends, suffixes: kept reversed).
class provider_prefixes {
 public:
  void add(std::string_view prefix);
  void add_suffix(std::string_view suffix);
  // Whether `value` ends with one of the suffixes added with add_suffix.
  bool ends(std::string_view value) const;
  // Whether `value` starts with one of the prefixes (ASCII case ignored).
  bool starts(std::string_view value) const;
  std::size_t size() const noexcept { return prefixes_.size(); }

 private:
  std::unordered_set<std::string> prefixes_;
  std::vector<std::size_t> lengths_;  // the distinct prefix lengths, ascending
};

}  // namespace nhi::detail
