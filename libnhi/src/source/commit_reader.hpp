// SPDX-License-Identifier: Apache-2.0
// Commits and tags as git reads them. libgit2 refuses objects that git itself
// accepts (an author line without an e-mail, a date that overflows, a stray
// byte in a header): a tip it cannot parse used to drop the whole history
// behind it without a word. These readers try libgit2's parser first and fall
// back to a lenient one of our own over the raw object, which needs only the
// tree and parent lines to walk the history.
#pragma once

#include <git2.h>

#include <cstdint>
#include <string>
#include <vector>

namespace nhi::detail {

struct commit_fields {
  git_oid tree{};
  std::vector<git_oid> parents;
  std::int64_t time = 0;  // committer time, seconds since the epoch (0 when unreadable)
  std::string author_name, author_email;
  std::int64_t author_time = 0;
  bool lenient = false;  // read by our parser: libgit2 refused it
};

// Reads commit `id`. False, with `error` set, when the object is missing, is
// not a commit, or has no tree line.
bool read_commit(git_repository* repo, const git_oid& id, commit_fields& out, std::string& error);

// Follows `id` through annotated tags (depth-limited) to a commit; false when
// it ends at a tree or blob, or at an object that cannot be read.
bool peel_to_commit(git_repository* repo, const git_oid& id, git_oid& out);

}  // namespace nhi::detail
