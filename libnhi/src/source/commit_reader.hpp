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
#include <string_view>
#include <vector>

#include "source/pack_reader.hpp"

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

// What listing a history needs of a commit: read for every commit of it.
struct commit_links {
  git_oid tree{};
  std::vector<git_oid> parents;
  std::int64_t time = 0;  // as read_commit's commit_fields::time
};

// The same tree, parents and time as read_commit gives, cheaper: a commit in
// a pack and laid out as git writes it (tree, parents, author, committer,
// each signature with one e-mail and a plain date) is parsed here from the
// raw object, with no libgit2 object, signature strings or SHA-1 check
// (as for trees and blobs: docs/performance.md). Anything else goes through
// read_commit. `buf` is scratch space kept by the caller across calls.
bool read_commit_links(git_repository* repo, pack_object_reader& packs, const git_oid& id, std::string& buf,
                       commit_links& out, std::string& error);

// read_commit_links' parser alone: the tree, parents and time of a raw commit
// laid out as git writes it; false for any other layout (read_commit decides
// those). `out` is overwritten.
bool parse_commit_links(std::string_view raw, commit_links& out);

// Follows `id` through annotated tags (depth-limited) to a commit; false when
// it ends at a tree or blob, or at an object that cannot be read. With
// `packs`, objects are looked up there first (a commit's kind is known from
// its pack entry's header, nothing inflated), libgit2 reading the rest.
bool peel_to_commit(git_repository* repo, const git_oid& id, git_oid& out, pack_object_reader* packs = nullptr);

}  // namespace nhi::detail
