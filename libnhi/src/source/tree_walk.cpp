// SPDX-License-Identifier: Apache-2.0
#include "source/tree_walk.hpp"

#include <algorithm>
#include <cstring>

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
    // Modes and names are a few bytes: loops, not a call to memchr for each.
    std::size_t space = at;
    while (space < data.size() && data[space] != ' ') ++space;
    std::size_t nul = space;
    while (nul < data.size() && data[nul] != '\0') ++nul;
    if (space == data.size()) space = std::string::npos;
    if (nul == data.size()) nul = std::string::npos;
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

void last_versions::keep(std::uint32_t dir, std::string& data, std::vector<tree_entry>& entries) {
  if (by_dir_.size() <= dir) by_dir_.resize(dir + 1);
  std::unique_ptr<version>& v = by_dir_[dir];
  const std::size_t old_cost = v ? cost(v->data, v->entries) : 0;
  if (bytes_ - old_cost + cost(data, entries) > kMaxBytes) return;  // past the bound: walked in full next time
  if (!v) v = std::make_unique<version>();
  bytes_ = bytes_ - old_cost + cost(data, entries);
  v->data.swap(data);
  v->entries.swap(entries);
}

namespace {

// git's order of tree entries: names compared bytewise, a tree's name as if
// it ended with '/'.
int git_entry_order(std::string_view a, bool a_tree, std::string_view b, bool b_tree) noexcept {
  // Names are short: a loop costs less than a call to memcmp.
  const std::size_t common = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < common; ++i)
    if (a[i] != b[i]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[i]) ? -1 : 1;
  const unsigned char ca = a.size() > common ? static_cast<unsigned char>(a[common]) : a_tree ? '/' : '\0';
  const unsigned char cb = b.size() > common ? static_cast<unsigned char>(b[common]) : b_tree ? '/' : '\0';
  return ca < cb ? -1 : ca > cb ? 1 : 0;
}

bool is_tree_mode(std::uint32_t mode) noexcept { return (mode & 0170000) == 0040000; }

}  // namespace

bool same_as_last(const last_versions::version& last, std::size_t& at, const std::string& data,
                  const tree_entry& e) noexcept {
  const std::string_view name(data.data() + e.name_at, e.name_size);
  const bool tree = is_tree_mode(e.mode);
  for (; at < last.entries.size(); ++at) {
    const tree_entry& l = last.entries[at];
    const std::string_view last_name(last.data.data() + l.name_at, l.name_size);
    const int order = git_entry_order(last_name, is_tree_mode(l.mode), name, tree);
    if (order > 0) return false;  // `e` is new here
    if (order == 0) {
      ++at;
      return l.mode == e.mode && std::memcmp(last.data.data() + l.id_at, data.data() + e.id_at, GIT_OID_RAWSZ) == 0;
    }
  }
  return false;
}

}  // namespace nhi::detail
