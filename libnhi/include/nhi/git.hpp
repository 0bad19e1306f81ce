// SPDX-License-Identifier: Apache-2.0
// libnhi — git repositories as sources.
//
// History is scanned one unique blob once: a single walk over the commits
// reachable from the chosen refs collects every blob with the commit that
// first introduced it at its path (oldest first), then the blobs are read and
// matched in parallel, one repository handle per worker. No diff per commit.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "nhi/export.hpp"
#include "nhi/scanner.hpp"
#include "nhi/status.hpp"

NHI_BEGIN_NAMESPACE

struct git_scan_options {
  std::vector<std::string> refs;  // --branch: only these refs/revisions; empty = every ref and HEAD
  std::string since_commit;       // --since-commit REV: only blobs introduced after REV
  std::string range;              // --range A..B: only blobs introduced by commits in B not in A
};

// Full-history scan. The same secret at the same path in several blobs is
// reported once, at its earliest commit; finding::git::in_head tells whether
// the path still holds it at HEAD. Findings reach the sink sorted by path and
// line after the walk. Fails when `repo_path` is not a repository or a
// revision does not resolve; unreadable objects become diagnostics (a shallow
// clone is scanned down to its boundary), and it fails (errc::corrupt) only
// when no commit or no blob could be read at all.
NHI_API result<scan_stats> scan_git_history(const scanner& scanner, const std::string& repo_path,
                                            const git_scan_options& options, finding_sink& sink);

// The pre-commit case: the blobs staged in the index that differ from HEAD,
// reported only where a finding starts on an added or changed line. As in git,
// GIT_INDEX_FILE names the index when set (`git commit -a` and `git commit
// PATH...` give the pre-commit hook a temporary index that way).
NHI_API result<scan_stats> scan_git_staged(const scanner& scanner, const std::string& repo_path,
                                           finding_sink& sink);

// Each author e-mail's latest commit date (ISO 8601) over every ref: when an
// owner was last active, for the inventory's "owner departed" judgement.
NHI_API result<std::map<std::string, std::string>> git_author_activity(const std::string& repo_path);

// A name of the repository at `path` that is the same in every clone, for the
// inventory's snapshot targets: the URL of its `origin` remote (else of its
// only remote) as normalize_remote_url() gives it, or without a remote on a
// server, "git:" and the id of the root commit that HEAD's first-parent line
// ends at. A `path` below the top of the work tree adds ":" and the path
// relative to it ("github.com/org/repo:services/api"). not_found when `path`
// is not in a repository, or it has neither such a remote nor a commit.
NHI_API result<std::string> repository_identity(const std::string& path);

// The repositories a list names, for scanning many (nhi scan --repos, the
// work queue): `source` is either a directory, whose entries that are git
// repositories (bare, or with a .git) are taken in name order, or a file of
// paths or URLs of local mirrors, one per line (blank lines and lines
// starting with '#' skipped; relative paths are taken from the file's
// folder). A directory holding no repository, or an unreadable file, is an
// error naming it.
NHI_API result<std::vector<std::string>> list_repositories(const std::string& source);

// A remote URL as a name: scheme, user name and password (CI tokens live
// there), a default port, a trailing "/" and ".git" removed, the host in lower
// case: "https://ci:tok@GitHub.com/org/repo.git" and "git@github.com:org/repo"
// both give "github.com/org/repo". Empty for local paths and file:// URLs.
NHI_API std::string normalize_remote_url(std::string_view url);

// Installs a git pre-commit hook in the repository at `repo_path` (honouring
// core.hooksPath) that runs `nhi scan --staged`. `nhi_command` is the command
// the hook runs (an absolute path is best). An existing hook that nhi did not
// write is kept unless `force`. Returns the path of the hook written.
NHI_API result<std::string> install_pre_commit_hook(const std::string& repo_path, const std::string& nhi_command,
                                                    bool force);

NHI_END_NAMESPACE
