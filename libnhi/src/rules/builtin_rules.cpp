// SPDX-License-Identifier: Apache-2.0
// rule_set::builtin(): kept apart from rule_set.cpp because it needs the
// generated rule data, and nhi_rules_compile, which generates it, links every
// other library source.
#include "nhi/rules.hpp"
#include "rules/builtin_rules.hpp"
#include "rules/rule_codec.hpp"
#include "rules/rule_loader.hpp"

NHI_BEGIN_NAMESPACE

result<rule_set> rule_set::builtin() {
  std::vector<rule_info> infos;
  detail::prevalidated known;
  if (status s = detail::decode_rules(detail::builtin_rules_data(), infos, known.version); !s) return s;
  // The build ran these rules through compile_rules already (unique ids, known
  // validators and companions, valid patterns). Parsing every pattern with RE2
  // again, and hashing the set for its version, are the costly parts that only
  // repeat that work; the rest builds what a scan needs.
  auto compiled = detail::compile_rules(std::move(infos), &known);
  if (!compiled) return compiled.error();
  return rule_set(std::move(compiled.value()));
}

NHI_END_NAMESPACE
