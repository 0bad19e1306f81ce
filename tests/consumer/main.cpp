// SPDX-License-Identifier: Apache-2.0
// The README's library example, built out of tree against an installed
// libnhi (tests/consumer/run.sh): scans a directory, prints each finding.
#include <iostream>

#include <nhi/nhi.hpp>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: consumer DIR\n";
    return 2;
  }
  auto rules = nhi::rule_set::builtin();  // compiled once, shareable across threads
  if (!rules) {
    std::cerr << rules.error().to_string() << '\n';
    return 3;
  }
  nhi::scanner scanner(rules.value(), {});
  nhi::collecting_sink sink;
  auto stats = scanner.scan_paths({argv[1]}, sink);
  if (!stats) {
    std::cerr << stats.error().to_string() << '\n';
    return 3;
  }
  sink.sort();
  for (const nhi::finding& f : sink.findings())
    std::cout << f.path << ':' << f.line << ' ' << f.rule_id << ' ' << f.redacted << '\n';
  std::cout << sink.findings().size() << " findings, libnhi " << nhi::version_string() << '\n';
  return sink.findings().empty() ? 1 : 0;
}
