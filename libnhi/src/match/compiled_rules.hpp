// SPDX-License-Identifier: Apache-2.0
// The compiled, immutable form of a rule set: shared by every scanning thread.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <re2/re2.h>

#include "match/prefilter.hpp"
#include "match/provider_names.hpp"
#include "match/provider_prefix.hpp"
#include "match/secret_run.hpp"
#include "match/validators.hpp"
#include "nhi/rules.hpp"

namespace nhi::detail {

// A rule's RE2, compiled on first use (thread-safe, lock-free): a scan runs
// few of the rules, and compiling all of them up front was most of the
// start-up time (docs/performance.md). check() parses a pattern without
// compiling it, so a bad pattern is still an error when the rules load.
class lazy_regex {
 public:
  lazy_regex() = default;
  explicit lazy_regex(std::string pattern) : pattern_(std::move(pattern)) {}
  lazy_regex(lazy_regex&& o) noexcept : pattern_(std::move(o.pattern_)), re_(o.re_.exchange(nullptr)) {}
  lazy_regex& operator=(lazy_regex&& o) noexcept {
    if (this != &o) {
      delete re_.exchange(o.re_.exchange(nullptr));
      pattern_ = std::move(o.pattern_);
    }
    return *this;
  }
  lazy_regex(const lazy_regex&) = delete;
  lazy_regex& operator=(const lazy_regex&) = delete;
  ~lazy_regex() { delete re_.load(); }

  // Empty when `pattern` is valid RE2 syntax, else RE2's message.
  static std::string check(const std::string& pattern);
  // The compiled regex; compiled by the first caller. May be !ok() if the
  // program exceeds RE2's memory budget: such a rule matches nothing.
  const RE2& get() const;
  const std::string& pattern() const noexcept { return pattern_; }

 private:
  std::string pattern_;
  mutable std::atomic<RE2*> re_{nullptr};
};

struct compiled_rule {
  rule_info info;
  lazy_regex regex;  // capture group 1 (or the whole match without groups) is the secret
  std::vector<validator_fn> validators;
  int companion = -1;  // index of rule_info::companion's rule, or -1
  // The longest match the regex can make (match_width.hpp), or
  // kMaxWindowOverlap when unbounded.
  std::size_t match_width = 0;
  // How the keywords anchor the matches (keyword_anchor.hpp): then RE2 runs
  // only on the spans around keyword occurrences that can hold a match.
  //  - keyword_near: a keyword must stand within keyword_within_lines lines
  //    of the secret (word_near), and the width is bounded (context rules);
  //  - holds_keyword(): every match contains a keyword, the width is bounded.
  bool keyword_near = false;
  bool holds_keyword() const;
  // A context rule's secret shape as the run of bytes every match holds
  // (secret_run.hpp): a span without it is not given to RE2.
  secret_run run;

  compiled_rule() = default;
  compiled_rule(compiled_rule&& o) noexcept
      : info(std::move(o.info)),
        regex(std::move(o.regex)),
        validators(std::move(o.validators)),
        companion(o.companion),
        match_width(o.match_width),
        keyword_near(o.keyword_near),
        run(o.run),
        holds_keyword_(o.holds_keyword_.load(std::memory_order_relaxed)) {}

 private:
  // -1: not worked out yet (it costs about a millisecond, and most rules of a
  // small scan never need it); 0 or 1 once known. Any thread may set it: they
  // all compute the same answer.
  mutable std::atomic<int> holds_keyword_{-1};
};

// How far from a secret a keyword required near it is looked for (matcher.cpp,
// word_near): at most this many bytes either side, however few lines.
constexpr std::size_t kKeywordReach = 4096;
// The shortest literal that selects well enough in the vectorscan database
// (matcher.cpp): a regex without one that every match holds is left to its
// keywords, and a keyword shorter than it does not select at all.
constexpr std::size_t kMinLiteral = 3;

// The overlap given to unbounded rules: a secret longer than this, in a line
// longer than scan_options::max_line_length, may be cut at a window edge.
constexpr std::size_t kMaxWindowOverlap = 64u << 10;
// Slack over the longest match: a decoder's key prefix (128 bytes) and a bit.
constexpr std::size_t kWindowOverlapSlack = 256;

struct compiled_rules {
  std::vector<compiled_rule> rules;
  std::unordered_map<std::string, std::size_t> by_id;
  keyword_prefilter prefilter;  // keyword -> rule indices
  mutable fast_prefilter_slot fast;  // vectorscan, built on demand (matcher.hpp)
  mutable delta_prefilter_slot delta_fast;  // the same for git deltas, built on demand (matcher.hpp)
  std::string version;          // short hash of the definitions
  // What provider rules' secrets start with: a generic match of such a value
  // is a malformed provider key, not a generic secret (provider_prefix.hpp).
  provider_prefixes provider_prefix_set;
  // What they end with ("-NRMA"), kept the same way (provider_prefix.hpp).
  provider_prefixes provider_suffix_set;
  // The services provider rules name, with their keys' shapes: a generic key
  // where such a service is named and in none of its shapes is a malformed
  // key of that service (provider_names.hpp).
  provider_names provider_name_set;
  // How far consecutive windows of a long line overlap: the longest match any
  // rule can make (match_width.hpp), plus room for a decoder's line prefix,
  // at most kMaxWindowOverlap (a rule with `+` or `*` is unbounded).
  std::size_t window_overlap = kMaxWindowOverlap;
  // How many distinct byte sets the rules' secret runs use (secret_run::set_id).
  std::size_t run_sets = 0;
};

}  // namespace nhi::detail
