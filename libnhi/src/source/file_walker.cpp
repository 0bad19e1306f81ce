// SPDX-License-Identifier: Apache-2.0
#include "source/file_walker.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <filesystem>
#include <memory>
#include <set>
#include <utility>

#include "source/ignore_rules.hpp"
#include "util/glob.hpp"

namespace nhi::detail {

namespace fs = std::filesystem;

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

struct walker {
  const scan_options& options;
  walk_result& out;
  std::set<std::pair<dev_t, ino_t>> visited_dirs;  // loop protection when following links
  ignore_walk* ignores = nullptr;  // .gitignore and friends, unless --no-ignore

  bool excluded(const std::string& relative) const {
    for (const auto& g : options.exclude_globs)
      if (glob_match(g, relative)) return true;
    return false;
  }

  void add_diag(diagnostic::kind k, const std::string& path, std::string msg) {
    out.diagnostics.push_back({k, path, 0, std::move(msg)});
  }

  // `relative` is the path below the root the user named: globs match it.
  void visit(const fs::path& p, const std::string& display, const std::string& relative, bool is_root) {
    struct stat st{};
    if (::lstat(p.c_str(), &st) != 0) {
      add_diag(diagnostic::kind::unreadable, display, "cannot stat: " + std::string(std::strerror(errno)));
      return;
    }
    if (S_ISLNK(st.st_mode)) {
      if (!options.follow_symlinks && !is_root) return;  // not followed: a link may leave the tree
      if (::stat(p.c_str(), &st) != 0) {
        add_diag(diagnostic::kind::symlink, display, "dangling symbolic link");
        return;
      }
    }
    if (!is_root && excluded(relative)) {
      ++out.excluded;
      return;
    }
    if (!is_root && ignores && ignores->ignored(relative, S_ISDIR(st.st_mode))) {
      ++out.ignored;
      return;
    }
    if (S_ISDIR(st.st_mode)) {
      if (!visited_dirs.insert({st.st_dev, st.st_ino}).second) {
        add_diag(diagnostic::kind::symlink, display, "directory already visited (symbolic link loop)");
        return;
      }
      std::error_code ec;
      fs::directory_iterator it(p, ec), end;
      if (ec) {
        add_diag(diagnostic::kind::unreadable, display, "cannot list directory: " + ec.message());
        return;
      }
      std::vector<std::string> names;
      for (; it != end; it.increment(ec)) {
        if (ec) {
          add_diag(diagnostic::kind::unreadable, display, "error listing directory: " + ec.message());
          break;
        }
        names.push_back(it->path().filename().string());
      }
      std::sort(names.begin(), names.end());  // deterministic order
      const std::size_t mark = ignores ? ignores->enter(p.string(), relative) : 0;
      for (const auto& name : names) {
        if (name == ".git") continue;
        visit(p / name, display.empty() ? name : display + "/" + name, relative.empty() ? name : relative + "/" + name,
              false);
      }
      if (ignores) ignores->leave(mark);
      return;
    }
    if (!S_ISREG(st.st_mode)) {
      add_diag(diagnostic::kind::special_file, display, "not a regular file (FIFO, socket or device): skipped");
      return;
    }
    out.files.push_back({p.string(), display, relative.empty() ? display : relative});
  }
};

}  // namespace

status walk_paths(const std::vector<std::string>& roots, const scan_options& options, walk_result& out) {
  walker w{options, out, {}};
  for (const auto& root : roots) {
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(root, ec))) return status(errc::not_found, "no such file or directory", root);
  }
  for (const auto& root : roots) {
    std::string display = root;
    while (display.size() > 1 && display.back() == '/') display.pop_back();
    if (display == ".") display.clear();
    while (display.size() > 2 && display[0] == '.' && display[1] == '/') display.erase(0, 2);
    std::unique_ptr<ignore_walk> ignores;
    if (options.respect_ignore_files) ignores = std::make_unique<ignore_walk>(root);
    w.ignores = ignores.get();
    w.visit(fs::path(root), display, std::string(), true);
    w.ignores = nullptr;
  }
  return status::ok();
}

}  // namespace nhi::detail
