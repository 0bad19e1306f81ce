// SPDX-License-Identifier: Apache-2.0
// Author activity for the inventory: each author's latest commit date, over
// every ref (owners of identities who left show up as inactive).
#include <git2.h>

#include <algorithm>
#include <map>

#include "nhi/git.hpp"
#include "source/git_common.hpp"
#include "source/git_handles.hpp"

NHI_BEGIN_NAMESPACE

result<std::map<std::string, std::string>> git_author_activity(const std::string& repo_path) {
  auto repo = detail::open_repository(repo_path);
  if (!repo) return repo.error();
  git_revwalk* raw = nullptr;
  if (git_revwalk_new(&raw, repo->get()) != 0) return status(errc::internal, "cannot walk history: " + detail::git_error_text());
  detail::walk_ptr walk(raw);
  git_revwalk_push_glob(raw, "*");
  git_revwalk_push_head(raw);  // fails harmlessly on an unborn HEAD
  std::map<std::string, git_time_t> latest;
  git_oid id;
  while (git_revwalk_next(&id, raw) == 0) {
    git_commit* c = nullptr;
    if (git_commit_lookup(&c, repo->get(), &id) != 0) continue;  // a missing commit: skip, as the scan does
    detail::commit_ptr commit(c);
    const git_signature* author = git_commit_author(c);
    if (!author || !author->email) continue;
    auto& t = latest[author->email];
    t = std::max(t, author->when.time);
  }
  std::map<std::string, std::string> out;
  for (const auto& [email, t] : latest) out.emplace(email, detail::iso8601(t));
  return out;
}

NHI_END_NAMESPACE
