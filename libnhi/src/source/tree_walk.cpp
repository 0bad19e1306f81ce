// SPDX-License-Identifier: Apache-2.0
#include "source/tree_walk.hpp"

namespace nhi::detail {

bool tree_reader::read(const git_oid& oid, std::string& out, std::string& error) {
  switch (packs_.read(oid.id, object_kind::tree, out)) {
    case pack_object_reader::result::read:
      return true;
    case pack_object_reader::result::too_deep:
      error = too_deep_text();
      return false;
    case pack_object_reader::result::not_here:
      break;
  }
  if (!odb_) {
    git_odb* odb = nullptr;
    if (git_repository_odb(&odb, repo_) != 0) {
      error = git_error_text();
      return false;
    }
    odb_.reset(odb);
  }
  git_odb_object* obj = nullptr;
  if (git_odb_read(&obj, odb_.get(), &oid) != 0) {
    error = git_error_text();
    return false;
  }
  object_ptr holder(obj);
  if (git_odb_object_type(obj) != GIT_OBJECT_TREE) {
    error = "not a tree";
    return false;
  }
  out.assign(static_cast<const char*>(git_odb_object_data(obj)), git_odb_object_size(obj));
  return true;
}

bool parse_tree(const std::string& data, std::vector<tree_entry>& out) {
  out.clear();
  if (data.size() > UINT32_MAX) return false;
  for (std::size_t at = 0; at < data.size();) {
    const std::size_t space = data.find(' ', at), nul = space == std::string::npos ? space : data.find('\0', space);
    if (space == std::string::npos || nul == std::string::npos || space == at || space - at > 7 || nul == space + 1 ||
        data.size() - nul - 1 < GIT_OID_RAWSZ)
      return false;
    std::uint32_t mode = 0;
    for (std::size_t k = at; k < space; ++k) {
      if (data[k] < '0' || data[k] > '7') return false;
      mode = mode * 8 + static_cast<std::uint32_t>(data[k] - '0');
    }
    out.push_back({mode, static_cast<std::uint32_t>(space + 1), static_cast<std::uint32_t>(nul - space - 1),
                   static_cast<std::uint32_t>(nul + 1)});
    at = nul + 1 + GIT_OID_RAWSZ;
  }
  return true;
}

}  // namespace nhi::detail
