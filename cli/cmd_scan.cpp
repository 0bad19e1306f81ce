// nhi scan [PATH...]: the pre-commit hook's and the CI gate's command.
#include <iostream>
#include <sstream>

#include "commands.hpp"

namespace nhi_cli {
namespace {

struct scan_args {
  std::vector<std::string> paths;
  std::string format = "text";
  std::string output;
  bool show_secrets = false;
  std::vector<std::string> rules_paths;
  unsigned threads = 0;
  std::vector<std::string> excludes;
  std::uint64_t max_file_size = nhi::scan_options{}.max_file_size;
  std::string config;
  bool no_decode = false;
  std::string group_by;
  std::string color = "auto";
};

nhi::result<nhi::rule_set> load_rules(const std::vector<std::string>& paths) {
  return paths.empty() ? nhi::rule_set::builtin() : nhi::rule_set::load(paths);
}

int run_scan(const scan_args& a) {
  nhi::report_format format;
  if (!nhi::parse_report_format(a.format, format))
    return report_error({nhi::errc::invalid_argument, "unknown --format '" + a.format + "' (text, json, sarif)"});
  if (!a.group_by.empty() && a.group_by != "secret")
    return report_error({nhi::errc::invalid_argument, "--group-by accepts only 'secret'"});

  auto rules = load_rules(a.rules_paths);
  if (!rules) return report_error(rules.error());

  nhi::scan_options options;
  options.threads = a.threads;
  options.exclude_globs = a.excludes;
  options.max_file_size = a.max_file_size;
  options.capture_secrets = a.show_secrets;
  options.decode = !a.no_decode;

  const std::vector<std::string> paths = a.paths.empty() ? std::vector<std::string>{"."} : a.paths;
  auto config = a.config.empty() ? nhi::find_project_config(paths.front()) : nhi::load_project_config(a.config);
  if (!config) return report_error(config.error());
  config->apply_to(options);

  nhi::scanner scanner(std::move(rules.value()), options);
  nhi::collecting_sink sink;
  auto stats = scanner.scan_paths(paths, sink);
  if (!stats) return report_error(stats.error());
  sink.sort();

  nhi::report_options ropts;
  ropts.show_secrets = a.show_secrets;
  ropts.group_by_secret = a.group_by == "secret";
  const bool to_terminal = a.output.empty() || a.output == "-";
  ropts.color = a.color == "always" || (a.color == "auto" && to_terminal && stdout_wants_color());

  std::ostringstream rendered;
  nhi::write_report(rendered, format, sink.findings(), stats.value(), scanner.rules(), ropts);
  if (nhi::status s = write_output(a.output, rendered.str()); !s) return report_error(s);
  return sink.findings().empty() ? kClean : kFindings;
}

}  // namespace

void add_scan_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<scan_args>();
  auto* cmd = app.add_subcommand("scan", "Scan files for secrets (exit 1 when findings remain)");
  cmd->add_option("paths", args->paths, "Files or directories to scan (default: .)");
  cmd->add_option("-f,--format", args->format, "Output format: text, json, sarif")->capture_default_str();
  cmd->add_option("-o,--output", args->output, "Write the report to FILE (created 0600) instead of stdout");
  cmd->add_flag("--show-secrets", args->show_secrets, "Print secrets in plaintext (default: redacted)");
  cmd->add_option("--rules", args->rules_paths, "Use the rules in DIR or FILE instead of the built-in ones");
  cmd->add_option("-j,--threads", args->threads, "Worker threads (default: all cores)");
  cmd->add_option("--exclude", args->excludes, "Do not read paths matching GLOB (repeatable)");
  cmd->add_option("--max-file-size", args->max_file_size, "Skip files larger than BYTES")->capture_default_str();
  cmd->add_option("--config", args->config, "Configuration file (default: PATH/.nhi.yaml when present)");
  cmd->add_flag("--no-decode", args->no_decode, "Do not look inside base64, escaped or percent-encoded text");
  cmd->add_option("--group-by", args->group_by, "Group findings: 'secret' lists each secret once");
  cmd->add_option("--color", args->color, "Colour: auto, always, never")->capture_default_str();
  cmd->callback([args, &exit_code] { exit_code = run_scan(*args); });
}

}  // namespace nhi_cli
