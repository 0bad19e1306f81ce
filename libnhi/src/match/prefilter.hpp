// Keyword prefilter: one pass of an Aho-Corasick automaton over a buffer tells
// which rules have at least one keyword in it. Only those rules run their
// regex. Matching is ASCII case-insensitive.
#pragma once

#include <cstdint>
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

 private:
  struct pending { std::string keyword; std::uint32_t rule; };
  std::vector<pending> pending_;
  std::size_t rule_count_ = 0;
  std::uint8_t byte_class_[256] = {};
  std::uint32_t class_count_ = 1;
  std::vector<std::uint32_t> next_;           // state * class_count_ + class -> state
  std::vector<std::uint32_t> outputs_begin_;  // state -> [begin, end) in outputs_
  std::vector<std::uint32_t> outputs_;        // rule indices
};

}  // namespace nhi::detail
