// SPDX-License-Identifier: Apache-2.0
// Walks directories into a list of files to scan. Never follows symbolic links
// unless asked (and then never into a directory twice); skips .git/ and, unless
// scan_options::respect_ignore_files is off, what .gitignore files ignore.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "nhi/scanner.hpp"

namespace nhi::detail {

struct walk_entry {
  std::string fs_path;       // path to open
  std::string display_path;  // path to report
  std::string relative_path; // path below the scan root, for globs
};

struct walk_result {
  std::vector<walk_entry> files;
  std::vector<diagnostic> diagnostics;
  std::uint64_t excluded = 0;
  std::uint64_t ignored = 0;  // by .gitignore, .ignore or .git/info/exclude
};

// Joins a root as the user wrote it with a relative path, ripgrep style:
// ("." , "a/b") -> "a/b"; ("src", "a") -> "src/a".
std::string display_join(const std::string& root, const std::string& rel);

// Fails only when a root does not exist.
status walk_paths(const std::vector<std::string>& roots, const scan_options& options, walk_result& out);

}  // namespace nhi::detail
