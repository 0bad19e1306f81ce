// SPDX-License-Identifier: Apache-2.0
// nhi rules list|check
#include <iostream>

#include "commands.hpp"

namespace nhi_cli {
namespace {

nhi::result<nhi::rule_set> load(const std::vector<std::string>& paths) {
  return paths.empty() ? nhi::rule_set::builtin() : nhi::rule_set::load(paths);
}

int run_list(const std::vector<std::string>& paths, const std::string& format) {
  if (format != "table" && format != "patterns")
    return report_error(nhi::status(nhi::errc::invalid_argument, "--format must be table or patterns"));
  auto rules = load(paths);
  if (!rules) return report_error(rules.error());
  if (format == "patterns") {
    // One regex per line, e.g. for `rg -f` in bench/; a pattern holding a newline would split.
    for (std::size_t i = 0; i < rules->size(); ++i) std::cout << rules->at(i).pattern << '\n';
    return kClean;
  }
  for (std::size_t i = 0; i < rules->size(); ++i) {
    const auto& r = rules->at(i);
    std::cout << r.id << '\t' << r.provider << '\t' << r.kind << '\t' << nhi::severity_name(r.level) << '\t'
              << r.name << '\n';
  }
  std::cerr << rules->size() << " rules (version " << rules->version() << ")\n";
  return kClean;
}

int run_check(const std::vector<std::string>& paths) {
  auto rules = load(paths);
  if (!rules) return report_error(rules.error());
  const auto failures = rules->check_examples();
  std::size_t examples = 0;
  for (std::size_t i = 0; i < rules->size(); ++i)
    examples += rules->at(i).examples.size() + rules->at(i).negative_examples.size();
  for (const auto& f : failures) {
    std::cout << f.file << ':' << f.line << ": rule '" << f.rule_id << "': "
              << (f.expected_match ? "example" : "negative example") << ": " << f.detail;
    if (!f.example.empty()) {
      std::string shown = f.example.substr(0, 160);
      for (auto& c : shown)
        if (c == '\n') c = ' ';
      std::cout << "\n    " << shown << (f.example.size() > 160 ? "..." : "");
    }
    std::cout << '\n';
  }
  std::cout << rules->size() << " rules, " << examples << " examples: "
            << (failures.empty() ? "all behave as labelled" : std::to_string(failures.size()) + " failed") << '\n';
  return failures.empty() ? kClean : kFindings;
}

}  // namespace

void add_rules_command(CLI::App& app, int& exit_code) {
  auto paths = std::make_shared<std::vector<std::string>>();
  auto list_format = std::make_shared<std::string>("table");
  auto* cmd = app.add_subcommand("rules", "List or check detection rules");
  cmd->require_subcommand(1);
  auto* list = cmd->add_subcommand("list", "List the rules: id, provider, kind, severity, name");
  list->add_option("--rules", *paths, "Rules DIR or FILE instead of the built-in ones");
  list->add_option("--format", *list_format, "table (default) or patterns: one regex per line");
  list->callback([paths, list_format, &exit_code] { exit_code = run_list(*paths, *list_format); });
  auto* check = cmd->add_subcommand("check", "Compile every rule and run its examples (exit 1 on a failure)");
  check->add_option("--rules", *paths, "Rules DIR or FILE instead of the built-in ones");
  check->callback([paths, &exit_code] { exit_code = run_check(*paths); });
}

}  // namespace nhi_cli
