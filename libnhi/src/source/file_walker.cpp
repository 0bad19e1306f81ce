// SPDX-License-Identifier: Apache-2.0
#include "source/file_walker.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <set>
#include <utility>

#include "source/ignore_rules.hpp"
#include "util/glob.hpp"

namespace nhi::detail {

std::string display_join(const std::string& root, const std::string& rel) {
  std::string base = root;
  while (base.size() > 1 && base.back() == '/') base.pop_back();
  if (base == "." || base.empty()) return rel;
  if (rel.empty()) return base;
  std::string out = base + "/" + rel;
  while (out.size() > 2 && out[0] == '.' && out[1] == '/') out.erase(0, 2);
  return out;
}

namespace {

std::function<void(const std::string&)>& listed_hook() {
  static std::function<void(const std::string&)> hook;
  return hook;
}

// Why an open relative to a checked directory failed. ELOOP with O_NOFOLLOW
// means the entry is a symbolic link now: it was something else when listed
// (with O_DIRECTORY too, Linux says ENOTDIR).
std::string open_error(int err, bool nofollow, bool directory) {
  if (nofollow && (err == ELOOP || (directory && err == ENOTDIR)))
    return "replaced during the scan (by a symbolic link or a file); not followed";
  return std::strerror(err);
}

// Opens one directory of a walk relative to its parent (or by path for a
// root) and checks it is the one the walk listed.
int open_walk_dir(int parent_fd, const walk_dir& d, std::string& error) {
  const bool nofollow = !d.follow && d.parent != kNoDir;
  const int flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC | (nofollow ? O_NOFOLLOW : 0);
  const int fd = d.parent == kNoDir ? ::open(d.name.c_str(), flags) : ::openat(parent_fd, d.name.c_str(), flags);
  if (fd < 0) {
    error = open_error(errno, nofollow, true);
    return -1;
  }
  struct stat st{};
  if (::fstat(fd, &st) != 0 || st.st_dev != d.dev || st.st_ino != d.ino) {
    ::close(fd);
    error = "replaced during the scan (not the directory that was listed); not read";
    return -1;
  }
  return fd;
}

}  // namespace

void set_walk_listed_hook(std::function<void(const std::string&)> hook) { listed_hook() = std::move(hook); }

dir_cursor::dir_cursor(const std::vector<walk_dir>& dirs, std::size_t max_open)
    : dirs_(dirs), max_open_(std::max<std::size_t>(max_open, 2)) {}

dir_cursor::~dir_cursor() { truncate(0); }

void dir_cursor::truncate(std::size_t levels) {
  while (chain_.size() > levels) {
    if (fds_.back() >= 0) {
      ::close(fds_.back());
      --open_count_;
    }
    fds_.pop_back();
    chain_.pop_back();
  }
}

int dir_cursor::open(std::size_t index, std::string& error) {
  if (!chain_.empty() && chain_.back() == index && fds_.back() >= 0) return fds_.back();
  path_.clear();
  for (std::size_t d = index; d != kNoDir; d = dirs_[d].parent) path_.push_back(d);
  std::reverse(path_.begin(), path_.end());
  // Keep the levels shared with the chain held now, down to the deepest one
  // still open; everything below is opened again from there.
  std::size_t keep = 0;
  while (keep < chain_.size() && keep < path_.size() && chain_[keep] == path_[keep]) ++keep;
  while (keep > 0 && fds_[keep - 1] < 0) --keep;
  truncate(keep);
  for (std::size_t level = keep; level < path_.size(); ++level) {
    const int fd = open_walk_dir(level ? fds_[level - 1] : AT_FDCWD, dirs_[path_[level]], error);
    if (fd < 0) return -1;
    chain_.push_back(path_[level]);
    fds_.push_back(fd);
    ++open_count_;
    // Over budget: close the shallowest level below the root (the root stays
    // open so that reopening never resolves the user's path again).
    for (std::size_t i = 1; open_count_ > max_open_ && i + 1 < fds_.size(); ++i) {
      if (fds_[i] < 0) continue;
      ::close(fds_[i]);
      fds_[i] = -1;
      --open_count_;
    }
  }
  return fds_.back();
}

int open_walked_file(const walk_entry& entry, dir_cursor& cursor, std::string& error) {
  // A root file was named by the user: its path is followed like any argument.
  const bool nofollow = !entry.follow && entry.dir != kNoDir;
  const int flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | (nofollow ? O_NOFOLLOW : 0);
  int fd = -1;
  if (entry.dir == kNoDir) {
    fd = ::open(entry.name.c_str(), flags);
  } else {
    const int dir_fd = cursor.open(entry.dir, error);
    if (dir_fd < 0) return -1;
    fd = ::openat(dir_fd, entry.name.c_str(), flags);
  }
  if (fd < 0) error = open_error(errno, nofollow, false);
  return fd;
}

namespace {

struct walker {
  const scan_options& options;
  walk_result& out;
  dir_cursor cursor{out.dirs};
  std::set<std::pair<dev_t, ino_t>> visited_dirs;  // loop protection when following links
  ignore_walk* ignores = nullptr;  // .gitignore and friends, unless --no-ignore

  // A directory being walked: its entries in order and the next one to visit.
  struct frame {
    std::size_t dir;
    std::vector<std::string> names;
    std::size_t next = 0;
    std::size_t ignore_mark = 0;
    std::string display, relative;
  };
  std::vector<frame> stack;  // explicit: a tree thousands of levels deep must not overflow the call stack

  bool excluded(const std::string& relative) const {
    for (const auto& g : options.exclude_globs)
      if (glob_match(g, relative)) return true;
    return false;
  }

  void add_diag(diagnostic::kind k, const std::string& path, std::string msg) {
    out.diagnostics.push_back({k, path, 0, std::move(msg)});
  }

  // Opens and lists dirs[index] and pushes it on the stack; a diagnostic when
  // it cannot be opened (or was swapped since its parent was listed).
  void enter(std::size_t index, std::string display, std::string relative) {
    std::string error;
    const int fd = cursor.open(index, error);
    if (fd < 0) {
      add_diag(diagnostic::kind::unreadable, display, "cannot open directory: " + error);
      return;
    }
    // A descriptor of its own for reading the entries: the cursor's stays
    // unpositioned for openat.
    const int list_fd = ::openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR* d = list_fd >= 0 ? ::fdopendir(list_fd) : nullptr;
    if (!d) {
      const int err = errno;
      if (list_fd >= 0) ::close(list_fd);
      add_diag(diagnostic::kind::unreadable, display, "cannot list directory: " + std::string(std::strerror(err)));
      return;
    }
    frame f{index, {}, 0, 0, std::move(display), std::move(relative)};
    for (;;) {
      errno = 0;
      const dirent* e = ::readdir(d);
      if (!e) {
        if (errno != 0)
          add_diag(diagnostic::kind::unreadable, f.display, "error listing directory: " + std::string(std::strerror(errno)));
        break;
      }
      const std::string_view name = e->d_name;
      if (name == "." || name == ".." || name == ".git") continue;
      f.names.emplace_back(name);
    }
    ::closedir(d);
    std::sort(f.names.begin(), f.names.end());  // deterministic order
    if (ignores) f.ignore_mark = ignores->enter(fd, f.relative);
    if (const auto& hook = listed_hook()) hook(f.display);
    stack.push_back(std::move(f));
  }

  void leave() {
    if (ignores) ignores->leave(stack.back().ignore_mark);
    stack.pop_back();
  }

  // Looks at one entry of the directory on top of the stack.
  void visit_next() {
    frame& f = stack.back();
    const std::string& name = f.names[f.next++];
    std::string display = f.display.empty() ? name : f.display + "/" + name;
    std::string relative = f.relative.empty() ? name : f.relative + "/" + name;
    std::string error;
    const int dir_fd = cursor.open(f.dir, error);
    if (dir_fd < 0) {  // the directory itself changed since it was listed: the rest of it is not read
      add_diag(diagnostic::kind::unreadable, f.display, "cannot open directory: " + error);
      f.next = f.names.size();
      return;
    }
    struct stat st{};
    if (::fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
      add_diag(diagnostic::kind::unreadable, display, "cannot stat: " + std::string(std::strerror(errno)));
      return;
    }
    const bool link = S_ISLNK(st.st_mode);
    if (link) {
      if (!options.follow_symlinks) return;  // not followed: a link may leave the tree
      if (::fstatat(dir_fd, name.c_str(), &st, 0) != 0) {
        add_diag(diagnostic::kind::symlink, display, "dangling symbolic link");
        return;
      }
    }
    if (excluded(relative)) {
      ++out.excluded;
      return;
    }
    if (ignores && ignores->ignored(relative, S_ISDIR(st.st_mode))) {
      ++out.ignored;
      return;
    }
    if (S_ISDIR(st.st_mode)) {
      if (!visited_dirs.insert({st.st_dev, st.st_ino}).second) {
        add_diag(diagnostic::kind::symlink, display, "directory already visited (symbolic link loop)");
        return;
      }
      out.dirs.push_back({f.dir, name, st.st_dev, st.st_ino, link});
      enter(out.dirs.size() - 1, std::move(display), std::move(relative));  // may invalidate f
      return;
    }
    if (!S_ISREG(st.st_mode)) {
      add_diag(diagnostic::kind::special_file, display, "not a regular file (FIFO, socket or device): skipped");
      return;
    }
    out.files.push_back({f.dir, name, link, std::move(display), std::move(relative)});
  }

  // A root as the user named it: followed if it is a link (they named it).
  void walk_root(const std::string& root, const std::string& display) {
    struct stat st{};
    if (::lstat(root.c_str(), &st) != 0) {
      add_diag(diagnostic::kind::unreadable, display, "cannot stat: " + std::string(std::strerror(errno)));
      return;
    }
    const bool link = S_ISLNK(st.st_mode);
    if (link && ::stat(root.c_str(), &st) != 0) {
      add_diag(diagnostic::kind::symlink, display, "dangling symbolic link");
      return;
    }
    if (S_ISDIR(st.st_mode)) {
      visited_dirs.insert({st.st_dev, st.st_ino});
      out.dirs.push_back({kNoDir, root, st.st_dev, st.st_ino, link});
      enter(out.dirs.size() - 1, display, std::string());
      while (!stack.empty()) {
        if (stack.back().next < stack.back().names.size())
          visit_next();
        else
          leave();
      }
      return;
    }
    if (!S_ISREG(st.st_mode)) {
      add_diag(diagnostic::kind::special_file, display, "not a regular file (FIFO, socket or device): skipped");
      return;
    }
    out.files.push_back({kNoDir, root, link, display, display});
  }
};

}  // namespace

status walk_paths(const std::vector<std::string>& roots, const scan_options& options, walk_result& out) {
  for (const auto& root : roots) {
    struct stat st{};
    if (::lstat(root.c_str(), &st) != 0) return status(errc::not_found, "no such file or directory", root);
  }
  walker w{options, out};
  for (const auto& root : roots) {
    std::string display = root;
    while (display.size() > 1 && display.back() == '/') display.pop_back();
    if (display == ".") display.clear();
    while (display.size() > 2 && display[0] == '.' && display[1] == '/') display.erase(0, 2);
    std::unique_ptr<ignore_walk> ignores;
    if (options.respect_ignore_files) ignores = std::make_unique<ignore_walk>(root);
    w.ignores = ignores.get();
    w.walk_root(root, display);
    w.ignores = nullptr;
  }
  return status::ok();
}

}  // namespace nhi::detail
