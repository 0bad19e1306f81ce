// SPDX-License-Identifier: Apache-2.0
// Walks directories into a list of files to scan. Never follows symbolic links
// unless asked (and then never into a directory twice); skips .git/ and, unless
// scan_options::respect_ignore_files is off, what .gitignore files ignore.
//
// The walk goes by directory file descriptors: a root is opened once by the
// path the user gave, every directory below it with openat(parent, name,
// O_NOFOLLOW | O_DIRECTORY), every file with openat(dir, name, O_NOFOLLOW).
// No path below a root is ever resolved again from the top, so a directory
// swapped for a symbolic link after it was checked cannot lead the scan out of
// the tree: the open fails (ELOOP) or the reopened directory is not the one
// listed (device and inode are compared), and either is an `unreadable`
// diagnostic. With follow_symlinks the links the walk met are followed on
// purpose, wherever they point; the device/inode check still holds for each
// directory, but a link to a file is resolved again when the file is read.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "nhi/scanner.hpp"

namespace nhi::detail {

inline constexpr std::size_t kNoDir = static_cast<std::size_t>(-1);

// A directory the walk entered, kept so that it can be reopened the same way.
struct walk_dir {
  std::size_t parent = kNoDir;  // index in walk_result::dirs; kNoDir for a root
  std::string name;             // the entry's name in parent; a root: the path as given
  dev_t dev = 0;                // what the walk listed: a reopened directory must match
  ino_t ino = 0;
  bool follow = false;          // reached through a symbolic link (followed on purpose)
};

struct walk_entry {
  std::size_t dir = kNoDir;  // its directory in walk_result::dirs; kNoDir for a file named as a root
  std::string name;          // its name in dir; a root file: the path as given
  bool follow = false;       // a symbolic link followed on purpose
  std::string display_path;  // path to report
  std::string relative_path; // path below the scan root, for globs
};

struct walk_result {
  std::vector<walk_entry> files;
  std::vector<walk_dir> dirs;
  std::vector<diagnostic> diagnostics;
  std::uint64_t excluded = 0;
  std::uint64_t ignored = 0;  // by .gitignore, .ignore or .git/info/exclude
};

// Joins a root as the user wrote it with a relative path, ripgrep style:
// ("." , "a/b") -> "a/b"; ("src", "a") -> "src/a".
std::string display_join(const std::string& root, const std::string& rel);

// Fails only when a root does not exist.
status walk_paths(const std::vector<std::string>& roots, const scan_options& options, walk_result& out);

// Reopens directories of a walk, each relative to its parent's descriptor and
// checked against the device and inode the walk saw. Holds the chain of
// descriptors from a root down to the last directory opened, at most
// `max_open` of them (the shallowest are closed and reopened on the way back),
// so a tree thousands of levels deep costs a bounded number of descriptors.
// One cursor per thread; `dirs` must outlive it and may grow meanwhile.
class dir_cursor {
 public:
  static constexpr std::size_t kDefaultMaxOpen = 32;
  explicit dir_cursor(const std::vector<walk_dir>& dirs, std::size_t max_open = kDefaultMaxOpen);
  ~dir_cursor();
  dir_cursor(const dir_cursor&) = delete;
  dir_cursor& operator=(const dir_cursor&) = delete;

  // A descriptor for dirs[index], owned by the cursor and valid until the
  // next call; -1 with `error` set when it cannot be opened or is no longer
  // the directory the walk listed.
  int open(std::size_t index, std::string& error);
  // Descriptors the cursor holds now (for tests of the budget).
  std::size_t open_count() const noexcept { return open_count_; }

 private:
  void truncate(std::size_t levels);
  const std::vector<walk_dir>& dirs_;
  std::size_t max_open_;
  std::size_t open_count_ = 0;
  std::vector<std::size_t> chain_;  // dirs from a root down to the current directory
  std::vector<int> fds_;            // their descriptors; -1 where closed to stay in budget
  std::vector<std::size_t> path_;   // scratch
};

// Opens a file of the walk for reading (O_NONBLOCK, never a controlling
// terminal): relative to its directory's descriptor, without following a
// link unless the walk followed one. -1 with `error` set on failure.
int open_walked_file(const walk_entry& entry, dir_cursor& cursor, std::string& error);

// Test hook: called with a directory's display path after it was listed and
// before any of its entries is looked at ("" for a root given as "."). Lets a
// test swap a directory for a symbolic link at the worst moment. Not for use
// outside tests; set it only while no walk runs.
void set_walk_listed_hook(std::function<void(const std::string& display)> hook);

}  // namespace nhi::detail
