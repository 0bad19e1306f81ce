// SPDX-License-Identifier: Apache-2.0
// The working-tree walk by directory descriptors (issue 20, item 15): a
// directory swapped for a symbolic link mid-scan never leads the scan out of
// the tree, and deep trees cost a bounded number of descriptors.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <thread>

#include "source/file_walker.hpp"
#include "unit/hostile/hostile_support.hpp"

namespace fs = std::filesystem;
using kind = nhi::diagnostic::kind;
using hostile::kLine;
using hostile::kToken;

namespace {

// Sets the walk's test hook for one scope.
struct listed_hook {
  explicit listed_hook(std::function<void(const std::string&)> f) { nhi::detail::set_walk_listed_hook(std::move(f)); }
  ~listed_hook() { nhi::detail::set_walk_listed_hook(nullptr); }
};

std::size_t open_descriptors() {
  std::size_t n = 0;
  for (const auto& e : fs::directory_iterator("/proc/self/fd")) (void)e, ++n;
  return n;
}

bool found_token(const hostile::scan_result& r) {
  return std::any_of(r.findings.begin(), r.findings.end(),
                     [](const nhi::finding& f) { return f.path.find("secret") != std::string::npos; });
}

// A tree with sub/secret.env holding nothing, and an outside directory
// holding a secret under the same name.
struct swap_setup {
  nhi_test::temp_dir tree, outside;
  swap_setup() {
    nhi_test::write_file(tree / "sub/secret.env", "nothing here\n");
    nhi_test::write_file(outside / "secret.env", kLine);
  }
  void swap_for_link() {
    fs::rename(tree / "sub", tree / "sub.old");
    fs::create_symlink(outside.path(), tree / "sub");
  }
};

}  // namespace

TEST_CASE("file walk: a directory swapped for a link out of the tree after it was listed is not followed") {
  swap_setup s;
  const std::string sub_display = s.tree / "sub";
  bool swapped = false;
  listed_hook hook([&](const std::string& display) {
    if (display == sub_display && !swapped) {
      swapped = true;
      s.swap_for_link();
    }
  });
  const auto r = hostile::scan_paths({s.tree.str()});
  REQUIRE(swapped);
  CHECK_FALSE(found_token(r));  // the outside secret is never read
  CHECK(r.findings.empty());
  CHECK(r.has(kind::unreadable, "sub"));  // and the swap is reported
}

TEST_CASE("file walk: a directory swapped between the walk and the read is not read through") {
  swap_setup s;
  nhi::scan_options o;
  nhi::detail::walk_result walk;
  REQUIRE(nhi::detail::walk_paths({s.tree.str()}, o, walk).is_ok());
  REQUIRE(walk.files.size() == 1);
  SUBCASE("for a symbolic link") {
    s.swap_for_link();
    nhi::detail::dir_cursor cursor(walk.dirs);
    std::string error;
    CHECK(nhi::detail::open_walked_file(walk.files[0], cursor, error) < 0);
    CHECK(error.find("replaced during the scan (by a symbolic link") != std::string::npos);
  }
  SUBCASE("for another directory moved into its place") {
    fs::rename(s.tree / "sub", s.tree / "sub.old");
    fs::rename(s.outside.path(), s.tree / "sub");
    nhi::detail::dir_cursor cursor(walk.dirs);
    std::string error;
    CHECK(nhi::detail::open_walked_file(walk.files[0], cursor, error) < 0);
    CHECK(error.find("replaced during the scan") != std::string::npos);
    fs::rename(s.tree / "sub", s.outside.path());  // back, for cleanup
  }
}

TEST_CASE("file walk: swapping a directory for a link while scans run never reads outside the tree") {
  swap_setup s;
  std::atomic<bool> done{false};
  std::thread vandal([&] {
    const std::string sub = s.tree / "sub", link = s.tree / "sub.link";
    ::symlink(s.outside.str().c_str(), link.c_str());
    bool swapped = false;
    while (!done.load())  // sub is the real directory, then the link to outside, then the directory again
      if (::renameat2(AT_FDCWD, sub.c_str(), AT_FDCWD, link.c_str(), RENAME_EXCHANGE) == 0) swapped = !swapped;
    if (swapped) ::renameat2(AT_FDCWD, sub.c_str(), AT_FDCWD, link.c_str(), RENAME_EXCHANGE);
  });
  nhi::scan_options o;
  o.threads = 2;
  int leaks = 0;
  // 20,000 short scans: the code before the descriptor walk leaked in 39 to 283 of them.
  for (int i = 0; i < 20000; ++i) leaks += found_token(hostile::scan_paths({s.tree.str()}, o)) ? 1 : 0;
  done = true;
  vandal.join();
  CHECK(leaks == 0);
}

TEST_CASE("file walk: a tree 2000 levels deep is walked and read with a bounded number of descriptors") {
  nhi_test::temp_dir dir;
  constexpr int kDepth = 2000;
  {  // built by descriptors: the path grows to 4,000 bytes
    int fd = ::open(dir.str().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    for (int level = 1; level <= kDepth; ++level) {
      REQUIRE(::mkdirat(fd, "d", 0755) == 0);
      const int next = ::openat(fd, "d", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      ::close(fd);
      REQUIRE(next >= 0);
      fd = next;
      if (level == kDepth / 2 || level == kDepth) {
        const int f = ::openat(fd, "secret.env", O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
        REQUIRE(f >= 0);
        REQUIRE(::write(f, kLine.data(), kLine.size()) == static_cast<ssize_t>(kLine.size()));
        ::close(f);
      }
    }
    ::close(fd);
  }
  const std::size_t before = open_descriptors();
  std::size_t most = before;
  std::size_t listed = 0;
  listed_hook hook([&](const std::string&) {
    ++listed;
    if (listed % 50 == 0) most = std::max(most, open_descriptors());
  });
  nhi::scan_options o;
  o.threads = 2;
  const auto r = hostile::scan_paths({dir.str()}, o);
  CHECK(listed == kDepth + 1);
  CHECK(r.count_token() == 2);
  CHECK(r.stats.diagnostics.empty());
  CHECK(most - before <= nhi::detail::dir_cursor::kDefaultMaxOpen + 4);

  // A cursor going down and back up stays within its budget.
  nhi::detail::walk_result walk;
  REQUIRE(nhi::detail::walk_paths({dir.str()}, o, walk).is_ok());
  REQUIRE(walk.dirs.size() == kDepth + 1);
  nhi::detail::dir_cursor cursor(walk.dirs, 8);
  std::string error;
  for (std::size_t i : {std::size_t{kDepth}, std::size_t{3}, std::size_t{kDepth - 1}, std::size_t{0},
                        std::size_t{kDepth / 2}}) {
    CHECK(cursor.open(i, error) >= 0);
    CHECK(cursor.open_count() <= 8);
  }
  for (std::size_t i = kDepth; i-- > 0;) {  // all the way back up
    if (cursor.open(i, error) < 0) FAIL(error);
    CHECK(cursor.open_count() <= 8);
  }
}
