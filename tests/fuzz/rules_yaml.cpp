// SPDX-License-Identifier: Apache-2.0
// Rule files are user input (--rules DIR): loading any bytes must give a rule
// set or a parse_error naming the file, never a crash, a hang or unbounded
// memory. A set that loads is then run over its own examples.
#include "fuzz_util.hpp"
#include "nhi/scanner.hpp"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const std::string_view yaml = nhi_fuzz::as_view(data, size);
  auto rules = nhi::rule_set::from_yaml(yaml, "fuzz.yaml");
  if (!rules) {
    nhi_fuzz::check(rules.error().code() == nhi::errc::parse_error, "rule loading fails only with parse_error",
                    rules.error().to_string());
    nhi_fuzz::check(rules.error().file() == "fuzz.yaml", "a rule error names the file");
    return 0;
  }
  (void)rules->check_examples();
  // And over the input itself: the rules' own patterns on hostile text.
  nhi::scanner sc(rules.value());
  std::vector<nhi::finding> found;
  sc.scan_buffer(yaml, nhi::origin{"fuzz.yaml", std::nullopt}, found);
  return 0;
}
