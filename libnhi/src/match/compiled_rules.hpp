// The compiled, immutable form of a rule set: shared by every scanning thread.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <re2/re2.h>

#include "match/prefilter.hpp"
#include "match/validators.hpp"
#include "nhi/rules.hpp"

namespace nhi::detail {

struct compiled_rule {
  rule_info info;
  std::unique_ptr<RE2> regex;
  int secret_group = 1;  // 0 when the pattern has no capture group: the whole match
  std::vector<validator_fn> validators;
};

struct compiled_rules {
  std::vector<compiled_rule> rules;
  std::unordered_map<std::string, std::size_t> by_id;
  keyword_prefilter prefilter;  // keyword -> rule indices
  std::string version;          // short hash of the definitions
};

}  // namespace nhi::detail
