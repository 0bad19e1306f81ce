// SPDX-License-Identifier: Apache-2.0
// .gitignore semantics for working-tree scans: the patterns of
// .git/info/exclude and of every .gitignore (and ripgrep-style .ignore) from
// the repository's top down to the directory being walked.
//
// Precedence as in git: a later line beats an earlier one, a deeper file
// beats a shallower one, .ignore beats .gitignore in the same directory, and
// info/exclude comes lowest. A directory that is ignored is not entered, so
// nothing below it can be re-included (git's rule too).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "util/glob.hpp"

namespace nhi::detail {

class ignore_rules {
 public:
  // Adds the patterns of one ignore file held by directory `base` (a path
  // relative to the root the checked paths are relative to; "" for the root).
  void add(std::string_view text, const std::string& base);
  // True when `path` (relative to the root, '/'-separated) is ignored.
  bool ignored(std::string_view path, bool is_dir) const;

  std::size_t size() const noexcept { return patterns_.size(); }
  // Drops the patterns added after size() returned `mark` (leaving a directory).
  void truncate(std::size_t mark) { patterns_.erase(patterns_.begin() + static_cast<std::ptrdiff_t>(mark), patterns_.end()); }

 private:
  struct pattern {
    compiled_glob glob;
    std::string base;   // "" or "dir/sub/"
    bool negated = false;
    bool dir_only = false;
    bool anchored = false;  // has a '/' before its end: matched against the whole path below base
  };
  std::vector<pattern> patterns_;
};

// The ignore rules of a walk: finds the repository around the scanned root,
// loads what applies above the root, and the files of each directory entered.
class ignore_walk {
 public:
  // `root` is the directory the walk starts at (as passed to open()).
  explicit ignore_walk(const std::string& root);
  // Loads DIR/.gitignore and DIR/.ignore, DIR given by its open descriptor
  // (the walk's, so no path is resolved again); `relative` is DIR below the
  // root. Returns the mark to pass to leave().
  std::size_t enter(int dir_fd, const std::string& relative);
  void leave(std::size_t mark) { rules_.truncate(mark); }
  bool ignored(const std::string& relative, bool is_dir) const;

 private:
  ignore_rules rules_;
  std::string prefix_;  // the root below the repository's top: "" or "a/b/"
};

// Reads a small ignore file without following a symbolic link (it could leave
// the tree); empty when absent, unreadable or over 1 MiB.
std::string read_ignore_file(const std::string& path);
// The same for `name` in the directory open as `dir_fd` (AT_FDCWD: a path).
std::string read_ignore_file_at(int dir_fd, const std::string& name);

}  // namespace nhi::detail
