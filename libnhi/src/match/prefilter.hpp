// SPDX-License-Identifier: Apache-2.0
// Keyword prefilter: one pass of an Aho-Corasick automaton over a buffer tells
// which rules have at least one keyword in it. Only those rules run their
// regex. Matching is ASCII case-insensitive.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace nhi::detail {

class keyword_prefilter {
 public:
  // Registers `keyword` as a trigger for `rule`. Call before build().
  void add(std::string_view keyword, std::uint32_t rule);
  // Compiles the automaton into a dense transition table over byte classes.
  void build(std::size_t rule_count);

  // Sets hits[r] = 1 for every rule r with a keyword in `data`; `hits` is
  // resized to the rule count and cleared first. Returns the number of rules hit.
  std::size_t scan(std::string_view data, std::vector<std::uint8_t>& hits) const;

  std::size_t state_count() const noexcept { return outputs_begin_.empty() ? 0 : outputs_begin_.size() - 1; }

  struct pending { std::string keyword; std::uint32_t rule; };
  // Every (lowercased keyword, rule) registered, kept for fast_prefilter.
  const std::vector<pending>& keywords() const noexcept { return keywords_; }

 private:
  std::vector<pending> pending_;
  std::vector<pending> keywords_;
  std::size_t rule_count_ = 0;
  std::uint8_t byte_class_[256] = {};
  std::uint32_t class_count_ = 1;
  std::vector<std::uint32_t> next_;           // state * class_count_ + class -> state (packed_: see build())
  bool packed_ = false;
  std::vector<std::uint32_t> outputs_begin_;  // state -> [begin, end) in outputs_
  std::vector<std::uint32_t> outputs_;        // rule indices
};

// What fast_prefilter passes over a buffer found, by rule. Each marked rule
// is also listed once, so that reading and clearing cost what was hit rather
// than the rule count: a blob's base64 runs are matched one by one, and a
// pass over 1,158 flags per run was a twentieth of a history scan.
struct prefilter_hits {
  std::vector<std::uint8_t> keyword;  // rule -> one of its keywords occurs
  std::vector<std::uint8_t> regex;    // rule -> its regex may match
  std::vector<std::uint32_t> keyword_rules, regex_rules;  // the rules marked in each, in hit order
  // Sized to rule_count, nothing marked.
  void reset(std::size_t rule_count);
};

// Per-thread scratch space of fast_prefilter (vectorscan's hs_scratch_t).
class fast_scratch {
 public:
  fast_scratch() = default;
  fast_scratch(fast_scratch&& o) noexcept : hs_(o.hs_), sized_for_(o.sized_for_) {
    o.hs_ = nullptr;
    o.sized_for_ = nullptr;
  }
  fast_scratch& operator=(fast_scratch&& o) noexcept;
  fast_scratch(const fast_scratch&) = delete;
  fast_scratch& operator=(const fast_scratch&) = delete;
  ~fast_scratch();

 private:
  friend class fast_prefilter;
  void* hs_ = nullptr;
  const void* sized_for_ = nullptr;  // the database hs_ was last sized for (hs_alloc_scratch is not cheap)
};

// The vectorscan prefilter (docs/performance.md): one SIMD database holding
// every rule's regex it can take in prefilter mode, and as caseless literals
// the keywords of the other rules, so one pass over a buffer tells which
// rules may match there. Prefilter mode never misses a match, so running RE2
// only on the rules whose regex may match and whose keyword occurs (checked
// after the pass) gives exactly the findings of running it on every rule
// whose keyword occurs. A regex vectorscan cannot take keeps the keyword test.
class fast_prefilter {
 public:
  // nullptr without vectorscan, or when it refuses the set. Compiling takes
  // seconds for the built-in rules, so the database is cached on disk
  // (NHI_CACHE_DIR, else $XDG_CACHE_HOME/nhi, else ~/.cache/nhi; files 0600,
  // written atomically) by a hash of its input and the vectorscan version,
  // authenticated by an HMAC under a per-user key beside it (cache.key, 0600);
  // a cache file that does not check out is never deserialized but rebuilt,
  // an unwritable directory means no cache. With allow_compile false only the cache is
  // tried: nullptr when it has no database for this set. A rule for which
  // `left_out` says true is left to its keywords alone; its answers must be
  // a function of the patterns and keywords (they are not part of the cache
  // key, and a cached database is used as it was built). A rule for which
  // `elsewhere` says true is not in this database at all, neither its regex
  // nor its keywords (another database holds it); `variant` names the
  // purpose of a database built from the same patterns as another, and is
  // part of the cache key.
  static std::unique_ptr<fast_prefilter> build(const std::vector<std::string>& patterns,
                                               const std::vector<keyword_prefilter::pending>& keywords,
                                               bool allow_compile = true,
                                               const std::function<bool(std::size_t)>& left_out = {},
                                               const std::function<bool(std::size_t)>& elsewhere = {},
                                               std::string_view variant = {});
  ~fast_prefilter();
  fast_prefilter(const fast_prefilter&) = delete;
  fast_prefilter& operator=(const fast_prefilter&) = delete;

  // Marks in `hits` (reset by the caller to the rule count) the rules whose
  // regex may match in `data`, and the rules whose regex is not in the
  // database that have a keyword there, adding to what earlier passes marked.
  // Keywords of the rules in the database are not searched: the caller checks
  // them only after a regex hit. False on a vectorscan error.
  bool scan(std::string_view data, fast_scratch& scratch, prefilter_hits& hits) const;
  // Whether rule r's regex is in the database (else only its keywords are).
  bool in_database(std::size_t r) const { return not_in_db_[r] == 0; }

  std::size_t regexes_in_database() const noexcept { return in_db_count_; }

 private:
  fast_prefilter() = default;
  void* db_ = nullptr;  // hs_database_t
  std::size_t rule_count_ = 0;
  std::size_t in_db_count_ = 0;
  std::vector<std::uint8_t> not_in_db_;                 // rule -> 1 when its regex is not in the database
  std::vector<std::vector<std::uint32_t>> keyword_rules_;  // keyword id -> rules
};

// The vectorscan prefilter of a rule set, loaded or built on demand (matcher.hpp).
struct fast_prefilter_slot {
  std::atomic<const fast_prefilter*> ready{nullptr};
  // 0: not tried; 1: a thread is loading or building it; 2: built or refused
  // for good; 3: not in the disk cache, and not compiled yet (the scan has
  // been too small to be worth the compile).
  std::atomic<int> state{0};
  std::atomic<std::uint64_t> bytes_without{0};  // bytes matched without it while in state 3
  std::unique_ptr<fast_prefilter> owned;
};

// The two databases a blob rebuilt from a git delta is prefiltered with
// (matcher.cpp, "delta windows"): `windows` holds every expression in a form
// at most kDeltaWindowWidth bytes wide and runs over the bytes around what
// the delta changed; `whole` holds the regexes with no such form and runs
// over every byte.
struct delta_prefilter_slot {
  // 0: not tried; 1: a thread is building them; 2: ready; 3: refused.
  std::atomic<int> state{0};
  std::unique_ptr<fast_prefilter> windows, whole;
};

}  // namespace nhi::detail
