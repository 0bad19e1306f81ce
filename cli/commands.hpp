// SPDX-License-Identifier: Apache-2.0
// The nhi subcommands. Each registers itself on the app and, when chosen, sets
// the process exit code:
//   0 clean; 1 findings remain (the CI gate); 2 usage, configuration or input
//   format error; 3 runtime failure.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "nhi/nhi.hpp"

namespace nhi_cli {

enum exit_code : int { kClean = 0, kFindings = 1, kUsage = 2, kRuntime = 3 };

void add_scan_command(CLI::App& app, int& exit_code);
void add_rules_command(CLI::App& app, int& exit_code);
void add_version_command(CLI::App& app, int& exit_code);
void add_hook_command(CLI::App& app, int& exit_code);
void add_inventory_command(CLI::App& app, int& exit_code);
void add_report_command(CLI::App& app, int& exit_code);
void add_import_command(CLI::App& app, int& exit_code);
void add_generate_command(CLI::App& app, int& exit_code);
void add_queue_command(CLI::App& app, int& exit_code);

// `nhi scan --staged REPO`, with REPO/.nhi-baseline.json as the baseline when
// it exists: what the installed hook and the pre-commit framework's hook run.
int run_pre_commit_gate(const std::string& repo);

// Maps a library status to the CLI exit code: malformed input is 2, I/O and
// internal failures are 3.
int exit_code_for(const nhi::status& s);
// Prints "nhi: file:line: message" on stderr and returns exit_code_for(s).
int report_error(const nhi::status& s);

// Writes `content` to `path` (created 0600: reports can hold secrets), or to
// stdout when path is empty or "-".
nhi::status write_output(const std::string& path, const std::string& content);

// A file named by an option (--config, --baseline): missing or a directory
// is a usage error (exit 2), never silently ignored.
nhi::status check_input_file(const std::string& path, const char* what);

// "1048576", "1M", "10MiB", "500KB": K/M/G and KiB/MiB/GiB are 1024-based,
// KB/MB/GB 1000-based. Anything else is invalid_argument.
nhi::result<std::uint64_t> parse_size(const std::string& text);

// --inventory: the given location, else $NHI_INVENTORY; invalid_argument
// when neither names one. (Resolved here rather than by the option parser:
// several subcommands share one variable, and the environment must not
// overwrite what the command line gave.)
nhi::result<std::string> inventory_location(const std::string& given);
void add_inventory_option(CLI::App* cmd, std::string& location);
// Sets `location` from inventory_location(); on failure reports it, sets
// `exit_code` and returns false.
bool resolve_inventory(std::string& location, int& exit_code);

// True when stdout is a terminal that wants colour (NO_COLOR unset).
bool stdout_wants_color();

}  // namespace nhi_cli
