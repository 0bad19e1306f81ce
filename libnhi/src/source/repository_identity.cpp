// SPDX-License-Identifier: Apache-2.0
// A repository's name that does not depend on where it was cloned: the
// inventory compares snapshots of the same target, and a nightly job that
// clones into a fresh temporary directory must still hit the same target.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "nhi/git.hpp"
#include "source/git_handles.hpp"

NHI_BEGIN_NAMESPACE

namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

std::string normalize_remote_url(std::string_view url) {
  std::string_view rest = url;
  while (!rest.empty() && std::isspace(static_cast<unsigned char>(rest.back()))) rest.remove_suffix(1);
  std::string host, path;
  const std::size_t scheme_end = rest.find("://");
  if (scheme_end != std::string_view::npos) {
    std::string scheme(rest.substr(0, scheme_end));
    std::transform(scheme.begin(), scheme.end(), scheme.begin(), [](unsigned char c) { return std::tolower(c); });
    if (scheme == "file") return {};
    rest.remove_prefix(scheme_end + 3);
    const std::size_t slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    path = slash == std::string_view::npos ? std::string() : std::string(rest.substr(slash + 1));
    // user:password@ never belongs in a name (CI tokens live there).
    if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
    host = std::string(authority);
    // The scheme's default port says nothing; another port is another server.
    for (std::string_view port : {":22", ":80", ":443", ":9418"})
      if (ends_with(host, port)) host.resize(host.size() - port.size());
  } else {
    // scp-like syntax, user@host:path. A ':' after a '/' (or none) is a local path.
    const std::size_t colon = rest.find(':');
    const std::size_t slash = rest.find('/');
    if (colon == std::string_view::npos || colon == 0 || (slash != std::string_view::npos && slash < colon))
      return {};
    std::string_view authority = rest.substr(0, colon);
    if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
    host = std::string(authority);
    path = std::string(rest.substr(colon + 1));
  }
  if (host.empty()) return {};
  std::transform(host.begin(), host.end(), host.begin(), [](unsigned char c) { return std::tolower(c); });
  if (const std::size_t q = path.find_first_of("?#"); q != std::string::npos) path.resize(q);
  while (!path.empty() && path.front() == '/') path.erase(0, 1);
  while (!path.empty() && path.back() == '/') path.pop_back();
  if (ends_with(path, ".git")) path.resize(path.size() - 4);
  while (!path.empty() && path.back() == '/') path.pop_back();
  return path.empty() ? host : host + "/" + path;
}

namespace {

// The normalized URL of `origin`, else of the only remote; empty if none
// names a server.
std::string remote_name_of(git_repository* repo) {
  git_strarray names{};
  if (git_remote_list(&names, repo) != 0) return {};
  std::vector<std::string> remotes(names.strings, names.strings + names.count);
  git_strarray_dispose(&names);
  std::string chosen;
  if (std::find(remotes.begin(), remotes.end(), "origin") != remotes.end())
    chosen = "origin";
  else if (remotes.size() == 1)
    chosen = remotes.front();
  if (chosen.empty()) return {};
  git_remote* raw = nullptr;
  if (git_remote_lookup(&raw, repo, chosen.c_str()) != 0) return {};
  const char* url = git_remote_url(raw);
  std::string name = url ? normalize_remote_url(url) : std::string();
  git_remote_free(raw);
  return name;
}

// "git:" and the root commit at the end of HEAD's first-parent line: the same
// in every clone of the history, whatever it is cloned from.
std::string root_commit_name_of(git_repository* repo) {
  git_revwalk* raw = nullptr;
  if (git_revwalk_new(&raw, repo) != 0) return {};
  detail::walk_ptr walk(raw);
  git_revwalk_simplify_first_parent(raw);
  if (git_revwalk_push_head(raw) != 0) return {};
  git_oid id, last;
  bool any = false;
  while (git_revwalk_next(&id, raw) == 0) {
    last = id;
    any = true;
  }
  return any ? "git:" + detail::oid_hex(last) : std::string();
}

}  // namespace

result<std::string> repository_identity(const std::string& path) {
  auto repo = detail::open_repository(path);
  if (!repo) return repo.error();
  std::string name = remote_name_of(repo->get());
  if (name.empty()) name = root_commit_name_of(repo->get());
  if (name.empty())
    return status(errc::not_found, "the repository has neither a remote nor a commit to name it by", path);
  // A directory inside the work tree is a part of the repository.
  if (const char* workdir = git_repository_workdir(repo->get())) {
    std::error_code ec;
    const auto top = std::filesystem::weakly_canonical(workdir, ec);
    const auto here = std::filesystem::weakly_canonical(std::filesystem::absolute(path, ec), ec);
    if (!ec) {
      const std::string relative = here.lexically_relative(top).generic_string();
      if (!relative.empty() && relative != "." && relative.rfind("..", 0) != 0) name += ":" + relative;
    }
  }
  return name;
}

NHI_END_NAMESPACE
