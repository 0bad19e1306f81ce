// SPDX-License-Identifier: Apache-2.0
// libgit2 handles owned by unique_ptr, and the few helpers every git source
// needs: library start-up, the last error's text, opening a repository.
#pragma once

#include <git2.h>

#include <memory>
#include <string>

#include "nhi/status.hpp"

namespace nhi::detail {

// git_libgit2_init once per process, with libnhi's object-cache limit.
void ensure_libgit2();

// libgit2's last error message, or a fixed text when there is none.
std::string git_error_text();

template <class T, void (*Free)(T*)>
struct git_deleter {
  void operator()(T* p) const { if (p) Free(p); }
};
using repo_ptr = std::unique_ptr<git_repository, git_deleter<git_repository, git_repository_free>>;
using odb_ptr = std::unique_ptr<git_odb, git_deleter<git_odb, git_odb_free>>;
using object_ptr = std::unique_ptr<git_odb_object, git_deleter<git_odb_object, git_odb_object_free>>;
using tree_ptr = std::unique_ptr<git_tree, git_deleter<git_tree, git_tree_free>>;
using commit_ptr = std::unique_ptr<git_commit, git_deleter<git_commit, git_commit_free>>;
using walk_ptr = std::unique_ptr<git_revwalk, git_deleter<git_revwalk, git_revwalk_free>>;
using gobj_ptr = std::unique_ptr<git_object, git_deleter<git_object, git_object_free>>;
using index_ptr = std::unique_ptr<git_index, git_deleter<git_index, git_index_free>>;
using diff_ptr = std::unique_ptr<git_diff, git_deleter<git_diff, git_diff_free>>;
using patch_ptr = std::unique_ptr<git_patch, git_deleter<git_patch, git_patch_free>>;
using config_ptr = std::unique_ptr<git_config, git_deleter<git_config, git_config_free>>;

// Opens the repository at `path`, or the one whose work tree holds `path`.
result<repo_ptr> open_repository(const std::string& path);

// Lowercase hex of an object id.
std::string oid_hex(const git_oid& oid);

}  // namespace nhi::detail
