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

// Appends the entries of data[from, to) to `out`; false unless they are well
// formed and the last one ends exactly at `to`.
bool parse_entries(const std::string& data, std::size_t from, std::size_t to, std::vector<tree_entry>& out) {
  for (std::size_t at = from; at < to;) {
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
    out.push_back({mode, static_cast<std::uint32_t>(space + 1), static_cast<std::uint32_t>(nul - space - 1),
                   static_cast<std::uint32_t>(nul + 1)});
    at = nul + 1 + GIT_OID_RAWSZ;
  }
  return true;
}

// How many bytes a[0..n) and b[0..n) have in common at their start, and at
// their end (a_end, b_end: one past the last byte); eight at a time.
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
std::size_t common_tail(const char* a_end, const char* b_end, std::size_t n) noexcept {
  std::size_t i = 0;
  for (std::uint64_t x, y; i + 8 <= n; i += 8) {
    std::memcpy(&x, a_end - i - 8, 8);
    std::memcpy(&y, b_end - i - 8, 8);
    if (x != y) break;
  }
  while (i < n && a_end[-1 - static_cast<std::ptrdiff_t>(i)] == b_end[-1 - static_cast<std::ptrdiff_t>(i)]) ++i;
  return i;
}

}  // namespace

bool parse_tree(const std::string& data, std::vector<tree_entry>& out) {
  out.clear();
  if (data.size() > UINT32_MAX) return false;
  return parse_entries(data, 0, data.size(), out);
}

// The entries the two versions share at either end are the last version's,
// moved by the difference in size; only the bytes between are parsed. That
// is what parse_tree gives: the head is the same bytes from the same start,
// and the tail the same bytes from an entry's start in the last version to
// the end, once the middle is seen to end exactly there (else parse_tree
// decides, as it does for a malformed tree).
bool parse_tree_against(const last_versions::version& last, const std::string& data, std::vector<tree_entry>& out,
                        std::size_t& same_head, std::size_t& same_tail) {
  same_head = same_tail = 0;
  const std::string& old = last.data;
  const std::vector<tree_entry>& olds = last.entries;
  if (olds.empty() || data.size() > UINT32_MAX) return parse_tree(data, out);
  const std::size_t n = olds.size(), both = std::min(data.size(), old.size());
  auto start_of = [&](std::size_t k) -> std::size_t { return k == 0 ? 0 : olds[k - 1].id_at + GIT_OID_RAWSZ; };

  const std::size_t head_bytes = common_head(data.data(), old.data(), both);
  std::size_t head = 0;  // entries wholly within the common head
  for (std::size_t lo = 0, hi = n; lo < hi;) {
    const std::size_t mid = lo + (hi - lo) / 2;
    if (olds[mid].id_at + GIT_OID_RAWSZ <= head_bytes) head = lo = mid + 1; else hi = mid;
  }
  const std::size_t head_end = start_of(head);
  const std::size_t tail_bytes = common_tail(data.data() + data.size(), old.data() + old.size(), both - head_end);
  std::size_t tail_from = n;  // the first entry starting within the common tail (entries [head, n))
  for (std::size_t lo = head, hi = n; lo < hi;) {
    const std::size_t mid = lo + (hi - lo) / 2;
    if (start_of(mid) >= old.size() - tail_bytes) tail_from = hi = mid; else lo = mid + 1;
  }
  const std::size_t tail_size = old.size() - start_of(tail_from);  // 0 when no entry is in the tail

  out.clear();
  out.insert(out.end(), olds.begin(), olds.begin() + static_cast<std::ptrdiff_t>(head));
  if (!parse_entries(data, head_end, data.size() - tail_size, out)) return parse_tree(data, out);
  // Offsets move by the difference in size (modulo 2^32: every result fits).
  const auto shift = static_cast<std::uint32_t>(data.size() - old.size());
  for (std::size_t k = tail_from; k < n; ++k) {
    tree_entry e = olds[k];
    e.name_at += shift;
    e.id_at += shift;
    out.push_back(e);
  }
  same_head = head;
  same_tail = n - tail_from;
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
