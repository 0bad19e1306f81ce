// SPDX-License-Identifier: Apache-2.0
#include "source/git_handles.hpp"

namespace nhi::detail {

void ensure_libgit2() {
  static const int once = [] {
    const int n = git_libgit2_init();
    // libgit2's object cache (256 MiB by default) held the trees of the
    // history walk and was most of a history scan's peak memory (459 MB of
    // RSS on synth-big, 210 MB with 16 MiB, same CPU: docs/performance.md).
    // The option is process-wide, so it is lowered only if the host left
    // libgit2's default in place.
    ssize_t current = 0, allowed = 0;
    if (git_libgit2_opts(GIT_OPT_GET_CACHED_MEMORY, &current, &allowed) == 0 && allowed == (ssize_t(256) << 20))
      git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, ssize_t(16) << 20);
    // libgit2 maps packs in windows of 1 GiB, up to 8 GiB in all (64-bit
    // defaults), and every page it touches stays in our RSS: the commits of
    // git/git alone are tens of megabytes of pack. 16 MiB windows, at most 32
    // MiB mapped (least recently used windows are unmapped beyond that; a
    // window in use is not), bound it; nhi reads little through libgit2
    // (commits, and what its own pack reader hands back). Same rule as
    // above: only if the host kept the defaults.
    std::size_t window = 0, mapped = 0;
    if (git_libgit2_opts(GIT_OPT_GET_MWINDOW_SIZE, &window) == 0 && window == (std::size_t(1) << 30))
      git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, std::size_t(16) << 20);
    if (git_libgit2_opts(GIT_OPT_GET_MWINDOW_MAPPED_LIMIT, &mapped) == 0 && mapped == (std::size_t(8) << 30))
      git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, std::size_t(32) << 20);
    // Commits are read once each by the walk (twice with the listing), so
    // caching them saves nothing, and 16 MiB of cached commits cost about 30
    // MB of parsed objects on git/git. Not cached, unless the host changed
    // libgit2's default limit for commits (4 KiB: every commit is cached).
    // libgit2 has no getter for this limit: set only when the cache size
    // above was libgit2's default too, i.e. the host configured no cache.
    if (allowed == (ssize_t(256) << 20)) git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_COMMIT, std::size_t(0));
    return n;
  }();
  (void)once;
}

std::string git_error_text() {
  const git_error* e = git_error_last();
  return e && e->message ? e->message : "unknown libgit2 error";
}

result<repo_ptr> open_repository(const std::string& path) {
  ensure_libgit2();
  git_repository* raw = nullptr;
  if (git_repository_open_ext(&raw, path.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) != 0) {
    // Let the user point at a subdirectory of a work tree too.
    if (git_repository_open_ext(&raw, path.c_str(), 0, nullptr) != 0)
      return status(errc::not_found, "not a git repository (" + git_error_text() + ")", path);
  }
  return repo_ptr(raw);
}

std::string oid_hex(const git_oid& oid) {
  char buf[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buf, sizeof buf, &oid);
  return buf;
}

}  // namespace nhi::detail
