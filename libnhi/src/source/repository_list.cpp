// SPDX-License-Identifier: Apache-2.0
// nhi::list_repositories: the repositories a directory holds or a list file
// names, for scans of many repositories.
#include <algorithm>
#include <filesystem>
#include <fstream>

#include "nhi/git.hpp"

NHI_BEGIN_NAMESPACE

namespace {

namespace fs = std::filesystem;

// Entries are absolute: a worker on another machine, in another folder,
// must find the same repository (mirrors are mounted at the same path).

// A bare repository (HEAD, objects/, refs/) or a work tree with .git.
std::string trimmed(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

bool is_repository(const fs::path& dir) {
  std::error_code ec;
  if (fs::exists(dir / ".git", ec)) return true;
  return fs::is_regular_file(dir / "HEAD", ec) && fs::is_directory(dir / "objects", ec) &&
         fs::is_directory(dir / "refs", ec);
}

result<std::vector<std::string>> repositories_in(const fs::path& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_directory(ec) && is_repository(it->path()))
      out.push_back(fs::absolute(it->path(), ec).lexically_normal().string());
  if (ec) return status(errc::io_error, "cannot list the directory: " + ec.message(), dir.string());
  if (out.empty()) return status(errc::not_found, "no git repository in this directory", dir.string());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

result<std::vector<std::string>> list_repositories(const std::string& source) {
  std::error_code ec;
  const fs::path path(source);
  if (fs::is_directory(path, ec)) return repositories_in(path);
  std::ifstream in(source);
  if (!in) return status(errc::not_found, "cannot read the list of repositories", source);
  const fs::path base = fs::absolute(path, ec).parent_path();
  std::vector<std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    const std::string entry = trimmed(line);
    if (entry.empty() || entry[0] == '#') continue;
    const bool url = entry.find("://") != std::string::npos;
    out.push_back(url || fs::path(entry).is_absolute() ? entry : (base / entry).lexically_normal().string());
  }
  return out;
}

NHI_END_NAMESPACE
