#include "match/prefilter.hpp"

#include <algorithm>
#include <deque>
#include <map>

#include "util/text.hpp"

namespace nhi::detail {

void keyword_prefilter::add(std::string_view keyword, std::uint32_t rule) {
  if (keyword.empty()) return;
  pending_.push_back({to_lower_ascii(keyword), rule});
}

void keyword_prefilter::build(std::size_t rule_count) {
  rule_count_ = rule_count;
  // Byte classes: every distinct (lowercased) keyword byte gets its own class,
  // everything else shares class 0. Uppercase letters fold onto lowercase.
  std::fill(std::begin(byte_class_), std::end(byte_class_), 0);
  class_count_ = 1;
  for (const auto& p : pending_)
    for (unsigned char c : p.keyword)
      if (byte_class_[c] == 0) byte_class_[c] = static_cast<std::uint8_t>(class_count_++);
  for (int c = 'A'; c <= 'Z'; ++c) byte_class_[c] = byte_class_[c + 32];

  // 1. Trie.
  std::vector<std::map<std::uint32_t, std::uint32_t>> children(1);
  std::vector<std::vector<std::uint32_t>> out(1);
  for (const auto& p : pending_) {
    std::uint32_t s = 0;
    for (unsigned char c : p.keyword) {
      const std::uint32_t cls = byte_class_[c];
      auto it = children[s].find(cls);
      if (it == children[s].end()) {
        children.emplace_back();
        out.emplace_back();
        const auto id = static_cast<std::uint32_t>(children.size() - 1);
        children[s][cls] = id;
        s = id;
      } else {
        s = it->second;
      }
    }
    out[s].push_back(p.rule);
  }

  // 2. Failure links by BFS, folded straight into a dense DFA table.
  const std::size_t n = children.size();
  next_.assign(n * class_count_, 0);
  std::vector<std::uint32_t> fail(n, 0);
  std::deque<std::uint32_t> queue;
  for (std::uint32_t cls = 0; cls < class_count_; ++cls) {
    auto it = children[0].find(cls);
    if (it != children[0].end()) {
      next_[cls] = it->second;
      queue.push_back(it->second);
    }
  }
  while (!queue.empty()) {
    const std::uint32_t s = queue.front();
    queue.pop_front();
    const auto& f_out = out[fail[s]];
    out[s].insert(out[s].end(), f_out.begin(), f_out.end());
    for (std::uint32_t cls = 0; cls < class_count_; ++cls) {
      auto it = children[s].find(cls);
      if (it != children[s].end()) {
        fail[it->second] = next_[fail[s] * class_count_ + cls];
        next_[s * class_count_ + cls] = it->second;
        queue.push_back(it->second);
      } else {
        next_[s * class_count_ + cls] = next_[fail[s] * class_count_ + cls];
      }
    }
  }

  outputs_begin_.assign(n + 1, 0);
  outputs_.clear();
  for (std::size_t s = 0; s < n; ++s) {
    auto& o = out[s];
    std::sort(o.begin(), o.end());
    o.erase(std::unique(o.begin(), o.end()), o.end());
    outputs_begin_[s] = static_cast<std::uint32_t>(outputs_.size());
    outputs_.insert(outputs_.end(), o.begin(), o.end());
  }
  outputs_begin_[n] = static_cast<std::uint32_t>(outputs_.size());
  pending_.clear();
  pending_.shrink_to_fit();
}

std::size_t keyword_prefilter::scan(std::string_view data, std::vector<std::uint8_t>& hits) const {
  hits.assign(rule_count_, 0);
  if (next_.empty()) return 0;
  std::size_t hit_count = 0;
  std::uint32_t s = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  const auto* end = p + data.size();
  const std::uint32_t* next = next_.data();
  const std::uint32_t stride = class_count_;
  for (; p < end; ++p) {
    s = next[s * stride + byte_class_[*p]];
    const std::uint32_t b = outputs_begin_[s], e = outputs_begin_[s + 1];
    for (std::uint32_t k = b; k < e; ++k) {
      const std::uint32_t r = outputs_[k];
      if (!hits[r]) {
        hits[r] = 1;
        if (++hit_count == rule_count_) return hit_count;
      }
    }
  }
  return hit_count;
}

}  // namespace nhi::detail
