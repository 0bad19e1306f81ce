#include "match/prefilter.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <map>
#include <sstream>

#include <sys/stat.h>
#include <unistd.h>

#ifdef NHI_HAVE_VECTORSCAN
#include <hs.h>
#endif

#include "util/text.hpp"

namespace nhi::detail {

void keyword_prefilter::add(std::string_view keyword, std::uint32_t rule) {
  if (keyword.empty()) return;
  pending_.push_back({to_lower_ascii(keyword), rule});
}

void keyword_prefilter::build(std::size_t rule_count) {
  rule_count_ = rule_count;
  keywords_ = pending_;
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
  // The scan loop's table: each transition holds the target's row offset
  // (state * class_count_) shifted left once, with bit 0 set when the target
  // state has outputs, so the loop needs one load per byte.
  if (n * class_count_ < (std::size_t(1) << 31)) {
    for (auto& t : next_) {
      const std::uint32_t target = t;
      t = (target * class_count_) << 1 | (outputs_begin_[target] != outputs_begin_[target + 1] ? 1u : 0u);
    }
    packed_ = true;
  }
  pending_.clear();
  pending_.shrink_to_fit();
}

std::size_t keyword_prefilter::scan(std::string_view data, std::vector<std::uint8_t>& hits) const {
  hits.assign(rule_count_, 0);
  if (next_.empty()) return 0;
  std::size_t hit_count = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  const auto* end = p + data.size();
  const std::uint32_t* next = next_.data();
  const std::uint32_t stride = class_count_;
  if (packed_) {
    std::uint32_t row = 0;  // state * stride
    for (; p < end; ++p) {
      const std::uint32_t t = next[row + byte_class_[*p]];
      row = t >> 1;
      if (!(t & 1)) continue;
      const std::uint32_t s = row / stride;
      for (std::uint32_t k = outputs_begin_[s], e = outputs_begin_[s + 1]; k < e; ++k) {
        const std::uint32_t r = outputs_[k];
        if (!hits[r]) {
          hits[r] = 1;
          if (++hit_count == rule_count_) return hit_count;
        }
      }
    }
    return hit_count;
  }
  std::uint32_t s = 0;
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

#ifdef NHI_HAVE_VECTORSCAN

namespace {

std::uint64_t fnv1a(std::uint64_t h, std::string_view s) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h ^ 0xff;  // a separator, so ("ab","c") and ("a","bc") differ
}

std::string cache_dir() {
  if (const char* d = std::getenv("NHI_CACHE_DIR"); d && *d) return d;
  if (const char* d = std::getenv("XDG_CACHE_HOME"); d && *d) return std::string(d) + "/nhi";
  if (const char* d = std::getenv("HOME"); d && *d) return std::string(d) + "/.cache/nhi";
  return {};
}

std::string literal_expression(std::string_view keyword) {
  static const char* hex = "0123456789abcdef";
  std::string e;
  for (unsigned char c : keyword) {
    e += "\\x";
    e += hex[c >> 4];
    e += hex[c & 15];
  }
  return e;
}

// The cache file: a u32 count, that many u32 expression ids, then the serialized database.
hs_database_t* load_cached(const std::string& path, std::vector<unsigned>& ids) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return nullptr;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  const std::string data = bytes.str();
  std::uint32_t count = 0;
  if (data.size() < 4) return nullptr;
  std::memcpy(&count, data.data(), 4);
  const std::size_t head = 4 + std::size_t(count) * 4;
  if (data.size() <= head) return nullptr;
  ids.resize(count);
  if (count) std::memcpy(ids.data(), data.data() + 4, std::size_t(count) * 4);
  hs_database_t* db = nullptr;
  if (hs_deserialize_database(data.data() + head, data.size() - head, &db) != HS_SUCCESS) return nullptr;
  return db;
}

void store_cached(const std::string& dir, const std::string& path, const hs_database_t* db,
                  const std::vector<unsigned>& ids) {
  char* bytes = nullptr;
  std::size_t size = 0;
  if (hs_serialize_database(db, &bytes, &size) != HS_SUCCESS) return;
  // mkdir -p of the two levels that may be missing (~/.cache, ~/.cache/nhi).
  const auto slash = dir.rfind('/');
  if (slash != std::string::npos && slash > 0) ::mkdir(dir.substr(0, slash).c_str(), 0700);
  ::mkdir(dir.c_str(), 0700);
  const std::string tmp = path + ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    const auto count = static_cast<std::uint32_t>(ids.size());
    out.write(reinterpret_cast<const char*>(&count), 4);
    out.write(reinterpret_cast<const char*>(ids.data()), static_cast<std::streamsize>(ids.size() * 4));
    out.write(bytes, static_cast<std::streamsize>(size));
    if (!out) {
      std::free(bytes);
      std::remove(tmp.c_str());
      return;
    }
  }
  std::free(bytes);
  if (std::rename(tmp.c_str(), path.c_str()) != 0) std::remove(tmp.c_str());
}

struct hit_context {
  std::size_t rule_count;
  const std::vector<std::vector<std::uint32_t>>* keyword_rules;
  std::uint8_t* keyword_hits;
  std::uint8_t* regex_hits;
};

int on_match(unsigned int id, unsigned long long, unsigned long long, unsigned int, void* ctx) {
  auto* c = static_cast<hit_context*>(ctx);
  if (id < c->rule_count) {
    c->regex_hits[id] = 1;
  } else if (id - c->rule_count < c->keyword_rules->size()) {
    for (std::uint32_t r : (*c->keyword_rules)[id - c->rule_count]) c->keyword_hits[r] = 1;
  }
  return 0;
}

}  // namespace

fast_scratch& fast_scratch::operator=(fast_scratch&& o) noexcept {
  if (this != &o) {
    if (hs_) hs_free_scratch(static_cast<hs_scratch_t*>(hs_));
    hs_ = o.hs_;
    sized_for_ = o.sized_for_;
    o.hs_ = nullptr;
    o.sized_for_ = nullptr;
  }
  return *this;
}

fast_scratch::~fast_scratch() {
  if (hs_) hs_free_scratch(static_cast<hs_scratch_t*>(hs_));
}

fast_prefilter::~fast_prefilter() {
  if (db_) hs_free_database(static_cast<hs_database_t*>(db_));
}

std::unique_ptr<fast_prefilter> fast_prefilter::build(const std::vector<std::string>& patterns,
                                                      const std::vector<keyword_prefilter::pending>& keywords) {
  if (hs_valid_platform() != HS_SUCCESS) return nullptr;
  std::unique_ptr<fast_prefilter> f(new fast_prefilter());
  f->rule_count_ = patterns.size();
  f->not_in_db_.assign(patterns.size(), 1);

  // The cache key covers the inputs, so a hit skips even the syntax checks.
  std::uint64_t key = fnv1a(1469598103934665603ull, hs_version());
  for (const auto& p : patterns) key = fnv1a(key, p);
  key = fnv1a(key, "\x01keywords");
  for (const auto& k : keywords) key = fnv1a(key, k.keyword + '\0' + std::to_string(k.rule));
  char name[40];
  std::snprintf(name, sizeof name, "vectorscan-%016llx.db", static_cast<unsigned long long>(key));
  const std::string dir = cache_dir();
  const std::string path = dir.empty() ? std::string() : dir + "/" + name;

  std::map<std::string, std::size_t> keyword_ids;
  for (const auto& k : keywords) {
    auto [it, inserted] = keyword_ids.emplace(k.keyword, f->keyword_rules_.size());
    if (inserted) f->keyword_rules_.emplace_back();
    f->keyword_rules_[it->second].push_back(k.rule);
  }
  std::vector<unsigned> ids;  // the regexes in the database, then the keyword literals
  hs_database_t* db = path.empty() ? nullptr : load_cached(path, ids);
  if (db && std::any_of(ids.begin(), ids.end(),
                        [&](unsigned id) { return id >= patterns.size() + f->keyword_rules_.size(); })) {
    hs_free_database(db);  // not ours after all: rebuild
    db = nullptr;
  }
  if (!db) {
    ids.clear();
    std::vector<std::string> expressions;
    std::vector<unsigned> flags;
    const unsigned regex_flags = HS_FLAG_PREFILTER | HS_FLAG_SINGLEMATCH | HS_FLAG_ALLOWEMPTY;
    for (std::size_t r = 0; r < patterns.size(); ++r) {
      // A cheap check of what vectorscan supports; the rest keep the keyword test only.
      hs_expr_info_t* info = nullptr;
      hs_compile_error_t* err = nullptr;
      if (hs_expression_info(patterns[r].c_str(), regex_flags, &info, &err) != HS_SUCCESS) {
        hs_free_compile_error(err);
        continue;
      }
      std::free(info);
      expressions.push_back(patterns[r]);
      flags.push_back(regex_flags);
      ids.push_back(static_cast<unsigned>(r));
    }
    for (const auto& [keyword, id] : keyword_ids) {
      expressions.push_back(literal_expression(keyword));
      flags.push_back(HS_FLAG_CASELESS | HS_FLAG_SINGLEMATCH);
      ids.push_back(static_cast<unsigned>(patterns.size() + id));
    }
    if (expressions.empty()) return nullptr;
    // An expression the whole set refuses (e.g. too large) is dropped and the rest retried.
    for (int attempt = 0; !db && attempt < 8 && !expressions.empty(); ++attempt) {
      std::vector<const char*> ptrs;
      for (const auto& e : expressions) ptrs.push_back(e.c_str());
      hs_compile_error_t* err = nullptr;
      if (hs_compile_multi(ptrs.data(), flags.data(), ids.data(), static_cast<unsigned>(ptrs.size()), HS_MODE_BLOCK,
                           nullptr, &db, &err) == HS_SUCCESS) {
        if (!path.empty()) store_cached(dir, path, db, ids);
        break;
      }
      db = nullptr;
      const int bad = err ? err->expression : -1;
      hs_free_compile_error(err);
      if (bad < 0 || static_cast<std::size_t>(bad) >= expressions.size() || ids[bad] >= patterns.size())
        return nullptr;  // not a single regex's fault, or a keyword literal: give up on vectorscan
      expressions.erase(expressions.begin() + bad);
      flags.erase(flags.begin() + bad);
      ids.erase(ids.begin() + bad);
    }
  }
  if (!db) return nullptr;
  for (unsigned id : ids)
    if (id < patterns.size()) {
      f->not_in_db_[id] = 0;
      ++f->in_db_count_;
    }
  f->db_ = db;
  return f;
}

bool fast_prefilter::scan(std::string_view data, fast_scratch& scratch, std::vector<std::uint8_t>& keyword_hits,
                          std::vector<std::uint8_t>& regex_hits) const {
  auto* db = static_cast<hs_database_t*>(db_);
  auto* s = static_cast<hs_scratch_t*>(scratch.hs_);
  if (scratch.sized_for_ != db_) {
    if (hs_alloc_scratch(db, &s) != HS_SUCCESS) return false;  // grows a scratch made for another database
    scratch.hs_ = s;
    scratch.sized_for_ = db_;
  }
  hit_context ctx{rule_count_, &keyword_rules_, keyword_hits.data(), regex_hits.data()};
  for (std::size_t r = 0; r < rule_count_; ++r) regex_hits[r] |= not_in_db_[r];
  // hs_scan takes an unsigned int length: feed huge buffers in pieces that
  // overlap by more than any match span we care about would be wrong for
  // unbounded patterns, so a buffer that large marks every rule possible.
  if (data.size() > 0xffffffffu) {
    std::fill(regex_hits.begin(), regex_hits.end(), 1);
    return false;
  }
  return hs_scan(db, data.data(), static_cast<unsigned>(data.size()), 0, s, on_match, &ctx) == HS_SUCCESS;
}

#else  // no vectorscan: the keyword prefilter alone

fast_scratch& fast_scratch::operator=(fast_scratch&& o) noexcept {
  hs_ = o.hs_;
  o.hs_ = nullptr;
  return *this;
}
fast_scratch::~fast_scratch() = default;
fast_prefilter::~fast_prefilter() = default;
std::unique_ptr<fast_prefilter> fast_prefilter::build(const std::vector<std::string>&,
                                                      const std::vector<keyword_prefilter::pending>&) {
  return nullptr;
}
bool fast_prefilter::scan(std::string_view, fast_scratch&, std::vector<std::uint8_t>&,
                          std::vector<std::uint8_t>&) const {
  return false;
}

#endif

}  // namespace nhi::detail
