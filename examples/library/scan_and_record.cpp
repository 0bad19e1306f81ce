// SPDX-License-Identifier: Apache-2.0
// scan_and_record: scans a directory with the built-in rules, prints each
// finding (redacted), and records the scan in an inventory when asked.
//
//   scan_and_record DIR [INVENTORY.db]
//
// Uses only the public API (<nhi/nhi.hpp>).
#include <iostream>
#include <memory>

#include <nhi/nhi.hpp>

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::cerr << "usage: scan_and_record DIR [INVENTORY.db]\n";
    return 2;
  }
  auto rules = nhi::rule_set::builtin();
  if (!rules) {
    std::cerr << rules.error().to_string() << '\n';
    return 2;
  }

  // The structure analyzer draws identity facts (Kubernetes service accounts,
  // Terraform keys, .env settings...) from the same buffers the rules read.
  auto analyzer = std::make_shared<nhi::structure_analyzer>();
  nhi::scan_options options;
  options.detectors.push_back(analyzer);
  nhi::scanner scanner(rules.value(), options);

  nhi::collecting_sink sink;
  auto stats = scanner.scan_paths({argv[1]}, sink);
  if (!stats) {
    std::cerr << stats.error().to_string() << '\n';
    return 3;
  }
  sink.sort();
  for (const nhi::finding& f : sink.findings())
    std::cout << f.path << ':' << f.line << "  " << nhi::severity_name(f.level) << "  " << f.rule_id << "  "
              << f.redacted << '\n';
  std::cout << stats->findings << " findings in " << stats->files_scanned << " files\n";

  if (argc == 3) {
    auto inv = nhi::inventory::open(argv[2]);
    if (!inv) {
      std::cerr << inv.error().to_string() << '\n';
      return 3;
    }
    nhi::scan_record meta;
    meta.target = argv[1];
    meta.rules_version = rules->version();
    const nhi::analysis_result facts = analyzer->take();
    auto snapshot = inv->record_scan(meta, sink.findings(), &facts);
    if (!snapshot) {
      std::cerr << snapshot.error().to_string() << '\n';
      return 3;
    }
    auto identities = inv->list();
    if (!identities) {
      std::cerr << identities.error().to_string() << '\n';
      return 3;
    }
    for (const nhi::identity& id : identities.value()) {
      std::cout << id.id << "  " << id.provider << '/' << id.kind << "  " << id.name;
      for (const nhi::risk& r : id.risks) std::cout << "  " << r.id;
      std::cout << '\n';
    }
  }
  return sink.findings().empty() ? 0 : 1;
}
