// SPDX-License-Identifier: Apache-2.0
#include "source/ignore_rules.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

namespace nhi::detail {

namespace {

constexpr std::size_t kMaxIgnoreFile = 1u << 20;

// One line of an ignore file, or false for a blank line or a comment.
bool parse_line(std::string_view line, std::string& glob, bool& negated, bool& dir_only) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  // Trailing spaces are dropped unless escaped with a backslash.
  while (!line.empty() && line.back() == ' ' && !(line.size() >= 2 && line[line.size() - 2] == '\\'))
    line.remove_suffix(1);
  if (line.empty() || line[0] == '#') return false;
  negated = line[0] == '!';
  if (negated) line.remove_prefix(1);
  dir_only = !line.empty() && line.back() == '/';
  while (!line.empty() && line.back() == '/') line.remove_suffix(1);
  if (line.empty()) return false;
  glob.assign(line);
  // "\ " at the end is a literal space; other escapes ("\#", "\!") the glob reads.
  return true;
}

}  // namespace

void ignore_rules::add(std::string_view text, const std::string& base) {
  const std::string dir = base.empty() ? std::string() : base + "/";
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string glob;
    bool negated = false, dir_only = false;
    if (parse_line(text.substr(start, end - start), glob, negated, dir_only)) {
      const bool anchored = glob.find('/') != std::string::npos;
      if (glob[0] == '/') glob.erase(0, 1);
      if (!glob.empty()) {
        pattern p{compiled_glob(glob), dir, negated, dir_only, anchored};
        patterns_.push_back(std::move(p));
      }
    }
    start = end + 1;
  }
}

bool ignore_rules::ignored(std::string_view path, bool is_dir) const {
  const std::size_t slash = path.rfind('/');
  const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  for (auto it = patterns_.rbegin(); it != patterns_.rend(); ++it) {
    const pattern& p = *it;
    if (p.dir_only && !is_dir) continue;
    if (path.size() <= p.base.size() || path.compare(0, p.base.size(), p.base) != 0) continue;
    const std::string_view below = path.substr(p.base.size());
    if (p.glob.match(p.anchored ? below : name, {})) return !p.negated;
  }
  return false;
}

std::string read_ignore_file(const std::string& path) { return read_ignore_file_at(AT_FDCWD, path); }

std::string read_ignore_file_at(int dir_fd, const std::string& name) {
  const int fd = ::openat(dir_fd, name.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) return {};
  std::string out;
  struct stat st{};
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && static_cast<std::uint64_t>(st.st_size) <= kMaxIgnoreFile) {
    out.resize(static_cast<std::size_t>(st.st_size));
    std::size_t got = 0;
    while (got < out.size()) {
      const ssize_t n = ::read(fd, out.data() + got, out.size() - got);
      if (n <= 0) break;
      got += static_cast<std::size_t>(n);
    }
    out.resize(got);
  }
  ::close(fd);
  return out;
}

ignore_walk::ignore_walk(const std::string& root) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path start = fs::weakly_canonical(fs::absolute(root, ec), ec);
  if (ec) return;
  if (!fs::is_directory(start, ec)) start = start.parent_path();
  // The repository's top: the nearest directory at or above the root holding
  // .git (a directory, or a file in a linked worktree or submodule).
  fs::path top;
  for (fs::path p = start;; p = p.parent_path()) {
    if (fs::exists(fs::symlink_status(p / ".git", ec))) {
      top = p;
      break;
    }
    if (p == p.root_path() || p.parent_path() == p) break;
  }
  if (top.empty()) return;  // not in a repository: the tree's own ignore files still apply
  if (fs::is_directory(top / ".git", ec)) rules_.add(read_ignore_file((top / ".git/info/exclude").string()), "");
  // The ignore files of the directories from the top down to the root's parent.
  const fs::path below = start.lexically_relative(top);
  fs::path dir = top;
  std::string rel;
  for (const auto& part : below) {
    if (part == ".") break;
    rules_.add(read_ignore_file((dir / ".gitignore").string()), rel);
    rules_.add(read_ignore_file((dir / ".ignore").string()), rel);
    dir /= part;
    rel += (rel.empty() ? "" : "/") + part.string();
  }
  prefix_ = rel.empty() ? std::string() : rel + "/";
}

std::size_t ignore_walk::enter(int dir_fd, const std::string& relative) {
  const std::size_t mark = rules_.size();
  const std::string base = relative.empty() ? (prefix_.empty() ? "" : prefix_.substr(0, prefix_.size() - 1))
                                            : prefix_ + relative;
  rules_.add(read_ignore_file_at(dir_fd, ".gitignore"), base);
  rules_.add(read_ignore_file_at(dir_fd, ".ignore"), base);
  return mark;
}

bool ignore_walk::ignored(const std::string& relative, bool is_dir) const {
  return rules_.ignored(prefix_ + relative, is_dir);
}

}  // namespace nhi::detail
