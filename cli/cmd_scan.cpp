// SPDX-License-Identifier: Apache-2.0
// nhi scan [PATH...] and nhi baseline create: the pre-commit hook's and the CI
// gate's commands. They share their options and the scan itself.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <set>
#include <sstream>

#include <cctype>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <unistd.h>
#include <filesystem>
#include <fstream>

#include "commands.hpp"
#include "inventory_recording.hpp"
#include "plugin_support.hpp"
#include "progress_display.hpp"

namespace nhi_cli {
namespace {

struct scan_args {
  std::vector<std::string> paths;
  bool git = false;
  bool staged = false;
  std::vector<std::string> branches;
  std::string since_commit;
  std::string range;
  std::string format = "text";
  std::string output;
  std::string baseline;
  bool show_secrets = false;
  std::vector<std::string> rules_paths;
  unsigned threads = 0;
  std::vector<std::string> excludes;
  std::string max_file_size;  // BYTES with an optional suffix; empty: the library's default
  std::string config;
  bool no_decode = false;
  bool no_ignore = false;
  std::string group_by;
  std::string color = "auto";
  bool quiet = false;
  bool verbose = false;
  std::string diagnostics = "20";  // kept per kind in the report: a number, or "all"
  bool diagnostics_given = false;  // --verbose keeps them all unless --diagnostics says otherwise
  bool progress = false;
  bool no_progress = false;
  bool only_nhi_allow = false;
  bool allow_incomplete = false;
  std::vector<std::string> enable_rules;
  std::vector<std::string> disable_rules;
  std::string fail_on;
  int findings_exit_code = kFindings;
  std::vector<std::string> plugins;
  recording_args inventory;
  std::string target;  // --target: the snapshot target's name (default: name_scan_target)
  // Many repositories (scan --repos, worker): the work queue's batch.
  std::string repos;   // a list file or a directory of repositories to queue
  std::string batch;
  std::string worker;  // this worker's name in the queue
};

struct scan_outcome {
  std::vector<nhi::finding> findings;
  nhi::scan_stats stats;
  nhi::rule_set rules;
  plugin_set plugins;  // their reporters see the report's findings
  nhi::analysis_result facts;  // identity facts of the scanned files, with --inventory
  std::vector<std::string> allow_fingerprints;  // applied after the scan (see apply_fingerprint_allowlist)
  std::string config_file;
  std::vector<std::string> enable_rules, disable_rules;  // the command line's and the configuration's
  std::string fail_on;                                   // the command line's, else the configuration's
};

// --enable-rule/--disable-rule: a pattern that names no rule of the rule set
// and no provider is most likely a typo (a plugin's detector ids are not
// known here, hence a warning, not an error).
void warn_unknown_rule_patterns(const scan_outcome& o) {
  for (const auto* list : {&o.enable_rules, &o.disable_rules})
    for (const auto& pattern : *list) {
      bool known = false;
      for (std::size_t i = 0; i < o.rules.size() && !known; ++i)
        known = nhi::rule_pattern_matches(pattern, o.rules.at(i).id, o.rules.at(i).provider);
      if (!known) std::cerr << "nhi: warning: rule pattern '" << pattern << "' matches no rule id or provider\n";
    }
}

nhi::status apply_fingerprint_allowlist(scan_outcome& o, bool warn_unused);

// Allowlists, then rule selection: what remains is the report.
nhi::status filter_findings(scan_outcome& o, const scan_args& a) {
  if (nhi::status s = apply_fingerprint_allowlist(o, !a.staged); !s) return s;
  warn_unknown_rule_patterns(o);
  nhi::apply_rule_selection(o.findings, o.enable_rules, o.disable_rules);
  o.stats.findings = o.findings.size();
  return nhi::status::ok();
}

// allow.fingerprints is applied after the scan rather than during it so that
// each entry's use is known (nhi::apply_fingerprint_allowlist); entries that
// matched nothing are worth a warning, except in --staged scans, which see
// only what a commit changes.
nhi::status apply_fingerprint_allowlist(scan_outcome& o, bool warn_unused) {
  auto used = nhi::apply_fingerprint_allowlist(o.findings, o.allow_fingerprints, o.config_file);
  if (!used) return used.error();
  o.stats.suppressed += used->suppressed;
  o.stats.findings = o.findings.size();
  const auto& unused = used->unused;
  if (warn_unused && !unused.empty()) {
    std::cerr << "nhi: warning: " << (o.config_file.empty() ? std::string("configuration") : o.config_file) << ": "
              << unused.size() << " allow.fingerprints " << (unused.size() == 1 ? "entry" : "entries")
              << " matched no finding:";
    for (std::size_t i = 0; i < unused.size() && i < 5; ++i) std::cerr << ' ' << unused[i].substr(0, 16);
    if (unused.size() > 5) std::cerr << " ...";
    std::cerr << '\n';
  }
  return nhi::status::ok();
}

// `nhi scan -`: standard input as one buffer named "-" (a pipe, `git diff`,
// a file that never touches the disk). The size limit applies.
nhi::result<nhi::scan_stats> scan_stdin(const nhi::scanner& scanner, nhi::collecting_sink& sink) {
  const auto started = std::chrono::steady_clock::now();
  const std::uint64_t limit = scanner.options().max_file_size;
  std::string data;
  char buf[65536];
  nhi::scan_stats stats;
  stats.rules = scanner.rules().size();
  for (;;) {
    std::cin.read(buf, sizeof buf);
    const std::streamsize n = std::cin.gcount();
    if (n <= 0) break;
    if (data.size() + static_cast<std::size_t>(n) > limit) {
      nhi::diagnostic d{nhi::diagnostic::kind::too_large, "-", 0,
                        "standard input exceeds the size limit of " + std::to_string(limit) + " bytes; skipped"};
      sink.on_diagnostic(d);
      nhi::add_diagnostic(stats, std::move(d), scanner.options().diagnostics_per_kind);
      ++stats.files_skipped;
      return stats;
    }
    data.append(buf, static_cast<std::size_t>(n));
  }
  if (std::cin.bad()) return nhi::status(nhi::errc::io_error, "cannot read standard input");
  std::vector<nhi::finding> found;
  std::vector<nhi::diagnostic> diags;
  scanner.scan_buffer(data, nhi::origin{"-", std::nullopt, {}}, found, &diags);
  const bool binary = std::any_of(diags.begin(), diags.end(),
                                  [](const nhi::diagnostic& d) { return d.what == nhi::diagnostic::kind::binary; });
  if (binary) {
    ++stats.files_skipped;
  } else {
    ++stats.files_scanned;
    stats.bytes_scanned = data.size();
  }
  std::set<std::string> unique;
  for (auto& d : diags) {
    sink.on_diagnostic(d);
    nhi::add_diagnostic(stats, std::move(d), scanner.options().diagnostics_per_kind);
  }
  for (const auto& f : found) {
    sink.on_finding(f);
    unique.insert(f.fingerprint);
  }
  stats.findings = found.size();
  stats.unique_secrets = unique.size();
  stats.duration_ms = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count());
  return stats;
}

// Everything between the arguments and a sorted list of findings.
nhi::result<scan_outcome> run_any_scan(const scan_args& a) {
  auto rules = a.rules_paths.empty() ? nhi::rule_set::builtin() : nhi::rule_set::load(a.rules_paths);
  if (!rules) return rules.error();
  if (a.git && a.staged) return nhi::status(nhi::errc::invalid_argument, "--git and --staged exclude each other");
  if ((!a.branches.empty() || !a.since_commit.empty() || !a.range.empty()) && !a.git)
    return nhi::status(nhi::errc::invalid_argument, "--branch, --since-commit and --range need --git");
  if (std::find(a.paths.begin(), a.paths.end(), "-") != a.paths.end() && (a.paths.size() > 1 || a.git || a.staged))
    return nhi::status(nhi::errc::invalid_argument, "'-' (standard input) is scanned alone, without --git or --staged");
  if ((a.git || a.staged) && a.paths.size() > 1)
    return nhi::status(nhi::errc::invalid_argument, "--git and --staged take one repository path");

  nhi::scan_options options;
  options.threads = a.threads;
  options.exclude_globs = a.excludes;
  if (!a.max_file_size.empty()) {
    auto bytes = parse_size(a.max_file_size);
    if (!bytes) return bytes.error();
    options.max_file_size = bytes.value();
  }
  options.capture_secrets = a.show_secrets;
  options.decode = !a.no_decode;
  options.respect_ignore_files = !a.no_ignore;
  options.foreign_allow_markers = !a.only_nhi_allow;
  if (a.diagnostics == "all" || (a.verbose && !a.diagnostics_given)) {
    options.diagnostics_per_kind = 0;  // --verbose lists every note: all must be kept
  } else {
    char* end = nullptr;
    const unsigned long n = std::strtoul(a.diagnostics.c_str(), &end, 10);
    if (a.diagnostics.empty() || *end || a.diagnostics[0] == '-' || n == 0)
      return nhi::status(nhi::errc::invalid_argument,
                         "--diagnostics takes a number of diagnostics kept per kind, or 'all', not '" +
                             a.diagnostics + "'");
    options.diagnostics_per_kind = n;
  }
  std::shared_ptr<progress_display> progress;
  if (progress_wanted(a.progress, a.no_progress, a.quiet)) {
    progress = std::make_shared<progress_display>(std::cerr, ::isatty(STDERR_FILENO) != 0,
                                                  a.git ? "blobs" : "files");
    options.progress = [progress](const nhi::scan_progress& p) { progress->update(p); };
  }

  const std::vector<std::string> paths = a.paths.empty() ? std::vector<std::string>{"."} : a.paths;
  if (!a.config.empty())
    if (nhi::status s = check_input_file(a.config, "--config"); !s) return s;
  auto config = a.config.empty() ? nhi::find_project_config(paths.front()) : nhi::load_project_config(a.config);
  if (!config) return config.error();
  config->apply_to(options);
  std::vector<std::string> allow_fingerprints = std::move(options.allow_fingerprints);
  options.allow_fingerprints.clear();
  auto plugins = plugin_set::load(a.plugins);
  if (!plugins) return plugins.error();
  plugins->add_detectors(options);
  std::shared_ptr<nhi::structure_analyzer> analyzer;
  if (!a.inventory.db.empty()) {
    analyzer = std::make_shared<nhi::structure_analyzer>();
    options.detectors.push_back(analyzer);
  }

  nhi::scanner scanner(rules.value(), options);
  nhi::collecting_sink sink;
  nhi::result<nhi::scan_stats> stats = nhi::scan_stats{};
  if (a.git) {
    nhi::git_scan_options g;
    g.refs = a.branches;
    g.since_commit = a.since_commit;
    g.range = a.range;
    stats = nhi::scan_git_history(scanner, paths.front(), g, sink);
  } else if (a.staged) {
    stats = nhi::scan_git_staged(scanner, paths.front(), sink);
  } else if (paths.size() == 1 && paths.front() == "-") {
    stats = scan_stdin(scanner, sink);
  } else {
    stats = scanner.scan_paths(paths, sink);
  }
  if (progress) progress->clear();
  if (!stats) return stats.error();
  if (nhi::status s = plugins->run_sources(scanner, sink, stats.value()); !s) return s;
  sink.sort();
  scan_outcome outcome{std::move(sink.findings()), std::move(stats.value()), std::move(rules.value()),
                      std::move(plugins.value()), analyzer ? analyzer->take() : nhi::analysis_result{},
                      std::move(allow_fingerprints), config->source_file, a.enable_rules, a.disable_rules,
                      a.fail_on.empty() ? config->fail_on : a.fail_on};
  outcome.enable_rules.insert(outcome.enable_rules.end(), config->enable_rules.begin(), config->enable_rules.end());
  outcome.disable_rules.insert(outcome.disable_rules.end(), config->disable_rules.begin(),
                               config->disable_rules.end());
  return outcome;
}

// The snapshot target. Each path in a repository is named by the repository
// (its remote URL or root commit, nhi::repository_identity) so that clones in
// different places, such as a CI job's fresh temporary directory, are the
// same target; any other path by its absolute form, which is also what older
// versions named repositories by (kept as a previous name to carry on from).
void name_scan_target(const scan_args& a, nhi::scan_record& meta) {
  if (!a.target.empty()) {
    meta.target = a.target;
    return;
  }
  std::string target, by_path;
  for (const std::string& p : a.paths.empty() ? std::vector<std::string>{"."} : a.paths) {
    std::error_code ec;
    const auto abs = std::filesystem::weakly_canonical(std::filesystem::absolute(p, ec), ec);
    const std::string path = ec ? p : abs.string();
    auto repository = nhi::repository_identity(path);
    target += (target.empty() ? "" : ",") + (repository ? repository.value() : path);
    by_path += (by_path.empty() ? "" : ",") + path;
  }
  meta.target = target;
  if (by_path != target) meta.previous_targets.push_back(by_path);
}

// What the inventory records of a scan besides its findings and facts.
nhi::status describe_scan(const scan_args& a, const scan_outcome& outcome, nhi::scan_record& meta) {
  name_scan_target(a, meta);
  meta.taken_at = a.inventory.as_of;
  meta.new_fingerprint_key = a.inventory.new_fingerprint_key;
  meta.rules_version = outcome.rules.version();
  if (a.git) {
    auto activity = nhi::git_author_activity(a.paths.front());
    if (!activity) return activity.error();
    meta.author_last_commit = std::move(activity.value());
  }
  return nhi::status::ok();
}

nhi::status record_scan(const scan_args& a, const scan_outcome& outcome) {
  auto inv = open_for_recording(a.inventory);
  if (!inv) return inv.error();
  nhi::scan_record meta;
  if (nhi::status s = describe_scan(a, outcome, meta); !s) return s;
  auto snap = inv->record_scan(meta, outcome.findings, &outcome.facts);
  if (!snap) return snap.error();
  announce_snapshot(a.inventory, snap.value());
  return nhi::status::ok();
}

int run_repos_scan(scan_args a);

int run_scan(const scan_args& a) {
  if (!a.repos.empty()) return run_repos_scan(a);
  nhi::report_format format;
  if (!nhi::parse_report_format(a.format, format))
    return report_error(
        {nhi::errc::invalid_argument, "unknown --format '" + a.format + "' (text, json, sarif, gitlab)"});
  nhi::severity threshold = nhi::severity::info;
  if (!a.fail_on.empty() && !nhi::parse_severity(a.fail_on, threshold))
    return report_error({nhi::errc::invalid_argument,
                         "--fail-on takes info, low, medium, high or critical, not '" + a.fail_on + "'"});
  if (a.findings_exit_code < 0 || a.findings_exit_code > 125 || a.findings_exit_code == kUsage ||
      a.findings_exit_code == kRuntime)
    return report_error({nhi::errc::invalid_argument,
                         "--exit-code takes 0 to 125 except 2 and 3 (usage error, runtime failure)"});
  if (!a.group_by.empty() && a.group_by != "secret")
    return report_error({nhi::errc::invalid_argument, "--group-by accepts only 'secret'"});
  nhi::baseline accepted;
  if (!a.baseline.empty()) {
    if (nhi::status s = check_input_file(a.baseline, "--baseline"); !s) return report_error(s);
    auto loaded = nhi::baseline::load(a.baseline);
    if (!loaded) return report_error(loaded.error());
    accepted = std::move(loaded.value());
  }
  // A repository migrating from gitleaks keeps its .gitleaksignore.
  if (!a.only_nhi_allow) {
    const std::filesystem::path ignore =
        std::filesystem::path(a.paths.empty() ? std::string(".") : a.paths.front()) / ".gitleaksignore";
    std::error_code ec;
    if (std::filesystem::is_regular_file(ignore, ec)) {
      auto loaded = nhi::baseline::load_gitleaksignore(ignore.string());
      if (!loaded) return report_error(loaded.error());
      accepted.merge(loaded.value());
    }
  }

  auto outcome = run_any_scan(a);
  if (!outcome) return report_error(outcome.error());
  if (nhi::status s = filter_findings(outcome.value(), a); !s) return report_error(s);
  // The inventory records everything found; the baseline only quiets the gate.
  if (!a.inventory.db.empty())
    if (nhi::status s = record_scan(a, outcome.value()); !s) return report_error(s);
  auto& findings = outcome->findings;
  auto& stats = outcome->stats;
  if (accepted.size()) {
    const auto before = findings.size();
    findings.erase(std::remove_if(findings.begin(), findings.end(),
                                  [&](const nhi::finding& f) { return accepted.contains(f); }),
                   findings.end());
    stats.suppressed += before - findings.size();
    stats.findings = findings.size();
  }

  nhi::report_options ropts;
  ropts.show_secrets = a.show_secrets;
  ropts.group_by_secret = a.group_by == "secret";
  const bool to_terminal = a.output.empty() || a.output == "-";
  ropts.color = a.color == "always" || (a.color == "auto" && to_terminal && stdout_wants_color());

  ropts.text_summary = false;  // the summary and notes go to stderr (below)

  std::ostringstream rendered;
  nhi::write_report(rendered, format, findings, stats, outcome->rules, ropts);
  if (nhi::status s = write_output(a.output, rendered.str()); !s) return report_error(s);
  if (nhi::status s = outcome->plugins.report(findings, stats); !s) return report_error(s);
  // The log: notes aggregated by kind, then one summary line, on stderr, so
  // a CI job writing the report with -o still shows its result.
  if (!a.quiet) {
    std::cout.flush();
    nhi::write_notes(std::cerr, stats, a.verbose);
    std::cerr << "nhi: " << nhi::summary_line(findings, stats);
    if (!to_terminal) std::cerr << "; report written to " << a.output;
    std::cerr << '\n';
    if (!findings.empty() && format == nhi::report_format::text && to_terminal)
      std::cerr << "To accept a known test value, put `nhi:allow` in a comment on its line, or record current "
                   "findings with `nhi baseline create`.\n";
  }
  // The gate: only findings at or above the threshold fail it.
  if (!outcome->fail_on.empty()) nhi::parse_severity(outcome->fail_on, threshold);
  const bool fails = std::any_of(findings.begin(), findings.end(),
                                 [&](const nhi::finding& f) { return f.level >= threshold; });
  // Completeness is part of the verdict: a scan that could not read all it
  // should have read never passes as clean (docs/cli.md, "Completeness").
  if (const std::uint64_t missed = nhi::incomplete_count(stats); missed && !a.allow_incomplete) {
    std::cerr << "nhi: the scan is incomplete: " << missed
              << (missed == 1 ? " item" : " items")
              << " that should have been scanned could not be read (see the notes above); exit 3. "
                 "--allow-incomplete accepts this.\n";
    return kRuntime;
  }
  return fails ? a.findings_exit_code : kClean;
}

// One repository of a batch, scanned as `nhi scan --git REPO --inventory`
// would, into what the inventory records.
// `missed`: what could not be read (recorded anyway: nothing read is lost).
nhi::status scan_unit(const scan_args& base, const nhi::work_unit& unit, nhi::unit_result& out,
                      std::uint64_t& missed) {
  scan_args a = base;
  a.paths = {unit.repository};
  a.git = true;
  a.target.clear();
  auto outcome = run_any_scan(a);
  if (!outcome) return outcome.error();
  if (nhi::status s = filter_findings(outcome.value(), a); !s) return s;
  if (nhi::status s = describe_scan(a, outcome.value(), out.meta); !s) return s;
  missed = nhi::incomplete_count(outcome->stats);
  if (missed)
    std::cerr << "nhi: " << unit.repository << ": " << missed << " items could not be read; recorded what was\n";
  out.findings = std::move(outcome->findings);
  out.facts = std::move(outcome->facts);
  return nhi::status::ok();
}

std::string today_utc() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  ::gmtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

std::string default_worker_name() {
  char host[256] = {0};
  if (::gethostname(host, sizeof host - 1) != 0) host[0] = 0;
  return std::string(host[0] ? host : "worker") + ":" + std::to_string(::getpid());
}

// Takes pending units of the batch until none is left (scan --repos, worker).
// Exit: 2 or 3 when the inventory failed, 2 when a unit failed, 3 when a
// unit could not be read whole (unless --allow-incomplete: completeness is
// part of the verdict, as for `nhi scan`), else 1 when a unit had findings,
// else 0.
int work_batch(const scan_args& a) {
  auto inv = open_for_recording(a.inventory);
  if (!inv) return report_error(inv.error());
  const std::string worker = a.worker.empty() ? default_worker_name() : a.worker;
  std::uint64_t done = 0, failed = 0, with_findings = 0, incomplete = 0;
  for (;;) {
    std::size_t found = 0;
    std::uint64_t missed = 0;
    auto unit = inv->work_next(a.batch, worker, [&](const nhi::work_unit& u, nhi::unit_result& out) {
      if (!a.quiet) std::cerr << "nhi: " << worker << ": scanning " << u.repository << '\n';
      nhi::status s = scan_unit(a, u, out, missed);
      found = out.findings.size();
      return s;
    });
    if (!unit) return report_error(unit.error());
    if (!unit.value()) break;
    const nhi::work_unit& u = *unit.value();
    if (u.state == "done") {
      ++done;
      if (found) ++with_findings;
      if (missed) ++incomplete;
      if (!a.quiet)
        std::cerr << "nhi: " << u.repository << ": recorded as snapshot " << u.snapshot << " (" << found
                  << (found == 1 ? " finding)\n" : " findings)\n");
    } else {
      ++failed;
      std::cerr << "nhi: " << u.repository << ": failed: " << u.error << '\n';
    }
  }
  if (!a.quiet)
    std::cerr << "nhi: " << worker << ": batch '" << a.batch << "': " << done << " recorded, " << failed
              << " failed here; nothing left pending\n";
  if (failed) return kUsage;
  if (incomplete && !a.allow_incomplete) {
    std::cerr << "nhi: " << incomplete << (incomplete == 1 ? " repository" : " repositories")
              << " could not be read whole (see above); exit 3. --allow-incomplete accepts this.\n";
    return kRuntime;
  }
  return with_findings ? a.findings_exit_code : kClean;
}

// nhi scan --repos LIST: queues the list's repositories in a batch of the
// inventory (named after the list and the day unless --batch), then works
// through it like one worker. Run again, it goes on where it stopped.
int run_repos_scan(scan_args a) {
  if (a.inventory.db.empty())
    return report_error({nhi::errc::invalid_argument, "--repos records into an inventory: give --inventory "
                                                      "(a file or a postgresql:// URL) or set NHI_INVENTORY"});
  if (!a.paths.empty() || a.staged || a.output.size() || !a.baseline.empty() || !a.target.empty())
    return report_error({nhi::errc::invalid_argument,
                         "--repos scans the listed repositories into the inventory: no PATH, --staged, --output, "
                         "--baseline or --target with it"});
  auto repos = nhi::list_repositories(a.repos);
  if (!repos) return report_error(repos.error());
  if (a.batch.empty()) {
    std::error_code ec;
    const std::string day = (a.inventory.as_of.empty() ? today_utc() : a.inventory.as_of).substr(0, 10);
    a.batch = std::filesystem::absolute(a.repos, ec).lexically_normal().string() + "@" + day;
  }
  {
    auto inv = open_for_recording(a.inventory);
    if (!inv) return report_error(inv.error());
    auto added = inv->enqueue(a.batch, repos.value());
    if (!added) return report_error(added.error());
    if (!a.quiet)
      std::cerr << "nhi: batch '" << a.batch << "': " << added.value() << " of " << repos->size()
                << " repositories queued now (the others were queued before)\n";
  }
  a.no_progress = true;
  return work_batch(a);
}

int run_baseline_create(const scan_args& a) {
  if (a.output.empty()) return report_error({nhi::errc::invalid_argument, "baseline create needs -o FILE"});
  auto outcome = run_any_scan(a);
  if (!outcome) return report_error(outcome.error());
  if (nhi::status s = filter_findings(outcome.value(), a); !s) return report_error(s);
  const auto b = nhi::baseline::from_findings(outcome->findings);
  if (nhi::status s = write_output(a.output, b.to_json()); !s) return report_error(s);
  std::cerr << "nhi: baseline of " << b.size() << " entries written to " << a.output << '\n';
  return kClean;
}

void add_scanning_options(CLI::App* cmd, scan_args& a);

// Options shared by `scan` and `baseline create`.
void add_source_options(CLI::App* cmd, scan_args& a) {
  cmd->add_option("paths", a.paths, "Files or directories to scan, or the repository with --git/--staged (default: .)");
  cmd->add_flag("--git", a.git, "PATH is a git repository: scan every unique blob reachable from all refs");
  cmd->add_flag("--staged", a.staged, "Scan the changes staged in the repository at PATH (pre-commit)");
  cmd->add_option("--branch", a.branches, "With --git: only history reachable from REF (repeatable)")
      ->allow_extra_args(false);  // one value per occurrence: the paths that follow are not refs
  cmd->add_option("--since-commit", a.since_commit, "With --git: only blobs introduced after REV");
  cmd->add_option("--range", a.range, "With --git: only blobs introduced by the commits of A..B");
  add_scanning_options(cmd, a);
}

// How anything is scanned: shared with `worker`, which takes its
// repositories from the queue.
void add_scanning_options(CLI::App* cmd, scan_args& a) {
  cmd->add_option("--rules", a.rules_paths, "Use the rules in DIR or FILE instead of the built-in ones")
      ->allow_extra_args(false);
  cmd->add_option("-j,--threads", a.threads, "Worker threads (default: all cores)");
  cmd->add_option("--exclude", a.excludes, "Do not read paths matching GLOB (repeatable)")->allow_extra_args(false);
  cmd->add_option("--max-file-size", a.max_file_size,
                  "Skip files larger than SIZE: bytes, or with K/M/G (KiB/MiB/GiB, 1024-based) or KB/MB/GB (1000-based) "
                  "(default 25M)");
  cmd->add_option("--config", a.config, "Configuration file (default: PATH/.nhi.yaml when present)");
  cmd->add_flag("--no-ignore", a.no_ignore,
                "Also scan what .gitignore, .ignore and .git/info/exclude ignore (tree scans)");
  cmd->add_flag("--allow-incomplete", a.allow_incomplete,
                "Exit 0/1 even when something that should have been scanned could not be read (default: exit 3)");
  cmd->add_flag("--only-nhi-allow", a.only_nhi_allow,
                "Honour only nhi:allow comments: not gitleaks:allow, detect-secrets' pragma, .gitleaksignore");
  cmd->add_flag("--no-decode", a.no_decode, "Do not look inside base64, escaped or percent-encoded text");
  cmd->add_option("--enable-rule", a.enable_rules,
                  "Report only rules matching GLOB (rule id glob, or a provider: a family) (repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("--disable-rule", a.disable_rules,
                  "Do not report rules matching GLOB (rule id glob, or a provider: a family) (repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("--diagnostics", a.diagnostics,
                  "Diagnostics kept per kind in the report, or 'all' (all are counted; default 20, all with --verbose)")
      ->each([&a](const std::string&) { a.diagnostics_given = true; });
  cmd->add_flag("--progress", a.progress, "Draw progress on stderr even when it is not a terminal or CI=true");
  cmd->add_flag("--no-progress", a.no_progress, "Never draw progress (default: only on a terminal, not under CI)");
  cmd->add_option("--plugin", a.plugins, "Load the plugin FILE[:OPTIONS]: its detectors, sources and reporters (repeatable)")
      ->allow_extra_args(false);
}

}  // namespace

int run_pre_commit_gate(const std::string& repo) {
  scan_args a;
  a.staged = true;
  a.paths = {repo};
  const std::filesystem::path committed = std::filesystem::path(repo) / ".nhi-baseline.json";
  std::error_code ec;
  if (std::filesystem::is_regular_file(committed, ec)) a.baseline = committed.string();
  return run_scan(a);
}

void add_scan_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<scan_args>();
  auto* cmd = app.add_subcommand("scan", "Scan files or git history for secrets (exit 1 when findings remain)");
  add_source_options(cmd, *args);
  cmd->add_option("-f,--format", args->format, "Output format: text, json, sarif, gitlab")->capture_default_str();
  cmd->add_option("--fail-on", args->fail_on,
                  "Fail (exit 1) only on findings of this severity or above: info, low, medium, high, critical");
  cmd->add_option("--exit-code", args->findings_exit_code, "Exit code when findings fail the gate (default 1)");
  cmd->add_option("-o,--output", args->output, "Write the report to FILE (created 0600) instead of stdout");
  cmd->add_option("--baseline", args->baseline, "Report only findings not recorded in this baseline FILE");
  cmd->add_flag("--show-secrets", args->show_secrets, "Print secrets in plaintext (default: redacted)");
  cmd->add_option("--group-by", args->group_by, "Group findings: 'secret' lists each secret once");
  cmd->add_option("--color", args->color, "Colour: auto, always, never")
      ->capture_default_str()
      ->check(CLI::IsMember({"auto", "always", "never"}));
  cmd->add_flag("-q,--quiet", args->quiet, "No notes and no summary on stderr (errors and warnings only)");
  cmd->add_flag("-v,--verbose", args->verbose, "List every note on stderr instead of one line per kind");
  add_recording_options(cmd, args->inventory);
  cmd->add_option("--target", args->target,
                  "Name of what is scanned in the inventory (default: the repository's remote URL or root commit, "
                  "else the absolute path)");
  cmd->add_option("--repos", args->repos,
                  "Scan the git history of every repository a list FILE names (one per line) or a DIR holds, each "
                  "into the inventory as its own snapshot; resumable (docs/scale.md)");
  cmd->add_option("--batch", args->batch, "With --repos: the work queue's batch (default: the list's path and the day)");
  cmd->callback([args, &exit_code] { exit_code = run_scan(*args); });

  auto wargs = std::make_shared<scan_args>();
  auto* worker = app.add_subcommand(
      "worker", "Scan the pending repositories of a batch of the inventory's work queue until none is left");
  add_scanning_options(worker, *wargs);
  add_recording_options(worker, wargs->inventory);
  worker->add_option("--batch", wargs->batch, "The batch to work on (nhi queue add)")->required();
  worker->add_option("--name", wargs->worker, "This worker's name in the queue (default: HOST:PID)");
  worker->add_flag("-q,--quiet", wargs->quiet, "No line per repository on stderr (errors only)");
  worker->add_option("--exit-code", wargs->findings_exit_code,
                     "Exit code when a repository had findings (default 1; 0 for schedulers that retry failures)");
  worker->callback([wargs, &exit_code] {
    if (wargs->inventory.db.empty()) {
      exit_code = report_error({nhi::errc::invalid_argument, "a worker needs --inventory or NHI_INVENTORY"});
      return;
    }
    wargs->no_progress = true;
    exit_code = work_batch(*wargs);
  });

  auto* baseline = app.add_subcommand("baseline", "Record accepted findings for the CI gate");
  baseline->require_subcommand(1);
  auto bargs = std::make_shared<scan_args>();
  auto* create = baseline->add_subcommand("create", "Scan as `nhi scan` does and write the findings as a baseline");
  add_source_options(create, *bargs);
  create->add_option("-o,--output", bargs->output, "Baseline FILE to write (e.g. .nhi-baseline.json)")->required();
  create->callback([bargs, &exit_code] { exit_code = run_baseline_create(*bargs); });

  auto import_files = std::make_shared<std::vector<std::string>>();
  auto import_output = std::make_shared<std::string>();
  auto* import = baseline->add_subcommand(
      "import",
      "Merge nhi baselines, gitleaks JSON reports, detect-secrets baselines and .gitleaksignore files into one nhi baseline");
  import->add_option("files", *import_files, "Baselines, gitleaks reports or .gitleaksignore files")->required();
  import->add_option("-o,--output", *import_output, "Baseline FILE to write (e.g. .nhi-baseline.json)")->required();
  import->callback([import_files, import_output, &exit_code] {
    nhi::baseline merged;
    for (const auto& file : *import_files) {
      if (nhi::status s = check_input_file(file, "baseline import"); !s) {
        exit_code = report_error(s);
        return;
      }
      std::ifstream in(file, std::ios::binary);
      char first = 0;
      while (in.get(first) && std::isspace(static_cast<unsigned char>(first))) {}
      const bool json = first == '{' || first == '[';
      auto loaded = json ? nhi::baseline::load(file) : nhi::baseline::load_gitleaksignore(file);
      if (!loaded) {
        exit_code = report_error(loaded.error());
        return;
      }
      merged.merge(loaded.value());
    }
    if (nhi::status s = write_output(*import_output, merged.to_json()); !s) {
      exit_code = report_error(s);
      return;
    }
    std::cerr << "nhi: baseline of " << merged.size() << " entries written to " << *import_output << '\n';
    exit_code = kClean;
  });
}

}  // namespace nhi_cli
