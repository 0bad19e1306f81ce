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

namespace {

// The entry of `data` at `at` (an entry's start) into `e`; false when malformed.
bool parse_entry(const std::string& data, std::size_t at, tree_entry& e) {
  const std::size_t to = data.size();
  // Modes and names are a few bytes: loops, not a call to memchr for each.
  std::size_t space = at;
  while (space < to && data[space] != ' ') ++space;
  std::size_t nul = space;
  while (nul < to && data[nul] != '\0') ++nul;
  if (space == to || nul == to || space == at || space - at > 7 || nul == space + 1 || to - nul - 1 < GIT_OID_RAWSZ)
    return false;
  std::uint32_t mode = 0;
  for (std::size_t k = at; k < space; ++k) {
    if (data[k] < '0' || data[k] > '7') return false;
    mode = mode * 8 + static_cast<std::uint32_t>(data[k] - '0');
  }
  e = {mode, static_cast<std::uint32_t>(space + 1), static_cast<std::uint32_t>(nul - space - 1),
       static_cast<std::uint32_t>(nul + 1)};
  return true;
}

std::size_t entry_end(const tree_entry& e) noexcept { return e.id_at + std::size_t{GIT_OID_RAWSZ}; }

// How many bytes a[0..n) and b[0..n) have in common at their start, eight at a time.
std::size_t common_head(const char* a, const char* b, std::size_t n) noexcept {
  std::size_t i = 0;
  for (std::uint64_t x, y; i + 8 <= n; i += 8) {
    std::memcpy(&x, a + i, 8);
    std::memcpy(&y, b + i, 8);
    if (x != y) break;
  }
  while (i < n && a[i] == b[i]) ++i;
  return i;
}

}  // namespace

bool parse_tree(const std::string& data, std::vector<tree_entry>& out) {
  out.clear();
  if (data.size() > UINT32_MAX) return false;
  tree_entry e;
  for (std::size_t at = 0; at < data.size(); at = entry_end(e)) {
    if (!parse_entry(data, at, e)) return false;
    out.push_back(e);
  }
  return true;
}

// Parses in git's order, as parse_tree does, with a cursor in the last
// version (same_as_last's). Where the bytes from an entry's start are the
// same as from the cursor entry's start, every entry of the last version
// wholly within the common run is taken as it is, moved, and not fresh: it
// is what parse_tree would read there (the same bytes from an entry's
// start), and byte for byte an entry of the last version. Otherwise one
// entry is parsed and looked for in the last version, moving the cursor.
bool parse_tree_against(const last_versions::version* last, const std::string& data, std::vector<tree_entry>& out,
                        std::vector<std::uint32_t>& fresh) {
  fresh.clear();
  if (!last || last->entries.empty()) {
    if (!parse_tree(data, out)) return false;
    for (std::uint32_t k = 0; k < out.size(); ++k) fresh.push_back(k);
    return true;
  }
  out.clear();
  if (data.size() > UINT32_MAX) return false;
  const std::string& old = last->data;
  const std::vector<tree_entry>& olds = last->entries;
  out.reserve(olds.size() + 8);  // about as many entries: one allocation, not a doubling series
  std::size_t at = 0;      // in `data`: the next entry's start
  std::size_t cursor = 0;  // in `olds`: the first entry not yet passed
  while (at < data.size()) {
    if (cursor < olds.size()) {
      const std::size_t from = cursor == 0 ? 0 : entry_end(olds[cursor - 1]);
      const std::size_t run = from + common_head(data.data() + at, old.data() + from,
                                                 std::min(data.size() - at, old.size() - from));
      std::size_t upto = cursor;  // the last version's entries wholly within the run: [cursor, upto)
      for (std::size_t hi = entry_end(olds[cursor]) <= run ? olds.size() : cursor; upto < hi;) {
        const std::size_t mid = upto + (hi - upto) / 2;
        if (entry_end(olds[mid]) <= run) upto = mid + 1; else hi = mid;
      }
      if (upto > cursor) {
        // Offsets move by at - from (modulo 2^32: every result fits).
        const auto shift = static_cast<std::uint32_t>(at - from);
        const std::size_t first = out.size();
        out.insert(out.end(), olds.begin() + static_cast<std::ptrdiff_t>(cursor),
                   olds.begin() + static_cast<std::ptrdiff_t>(upto));
        for (std::size_t k = first; k < out.size(); ++k) {
          out[k].name_at += shift;
          out[k].id_at += shift;
        }
        at = entry_end(out.back());
        cursor = upto;
        continue;
      }
    }
    tree_entry e;
    if (!parse_entry(data, at, e)) return false;
    out.push_back(e);
    if (!same_as_last(*last, cursor, data, e)) fresh.push_back(static_cast<std::uint32_t>(out.size() - 1));
    at = entry_end(e);
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
