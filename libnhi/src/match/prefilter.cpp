// SPDX-License-Identifier: Apache-2.0
#include "match/prefilter.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>

#include <dlfcn.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef NHI_HAVE_VECTORSCAN
#include <hs.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#endif

#include "util/text.hpp"

namespace nhi::detail {

void prefilter_hits::reset(std::size_t rule_count) {
  if (keyword.size() != rule_count || regex.size() != rule_count) {
    keyword.assign(rule_count, 0);
    regex.assign(rule_count, 0);
  } else {
    for (std::uint32_t r : keyword_rules) keyword[r] = 0;
    for (std::uint32_t r : regex_rules) regex[r] = 0;
  }
  keyword_rules.clear();
  regex_rules.clear();
}

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

  // 1. Trie, straight into the dense table (0: no child; the root is never
  // one). Its size is known up front: sorted, each keyword adds one state per
  // byte past the prefix it shares with the one before it. No per-state
  // std::map: building the built-in rules' automaton was a tenth of
  // `nhi scan --staged`.
  std::vector<std::string_view> sorted;
  sorted.reserve(pending_.size());
  for (const auto& p : pending_) sorted.push_back(p.keyword);
  std::sort(sorted.begin(), sorted.end());
  std::size_t n = 1;
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    std::size_t shared = 0;
    if (i > 0)
      while (shared < sorted[i].size() && shared < sorted[i - 1].size() && sorted[i][shared] == sorted[i - 1][shared])
        ++shared;
    n += sorted[i].size() - shared;
  }
  const std::size_t stride = class_count_;
  next_.assign(n * stride, 0);
  std::vector<std::vector<std::uint32_t>> out(n);
  std::uint32_t states = 1;
  for (const auto& p : pending_) {
    std::uint32_t s = 0;
    for (unsigned char c : p.keyword) {
      std::uint32_t& child = next_[s * stride + byte_class_[c]];
      if (child == 0) child = states++;
      s = child;
    }
    out[s].push_back(p.rule);
  }

  // 2. Failure links by BFS, folded into the same table: when state s is
  // dequeued its row still holds only trie edges, and its failure state's row
  // (shallower, so dequeued before) is already complete.
  std::vector<std::uint32_t> fail(n, 0);
  std::vector<std::uint32_t> queue;
  queue.reserve(n);
  for (std::size_t cls = 0; cls < stride; ++cls)
    if (next_[cls] != 0) queue.push_back(next_[cls]);
  for (std::size_t head = 0; head < queue.size(); ++head) {
    const std::uint32_t s = queue[head];
    const auto& f_out = out[fail[s]];
    out[s].insert(out[s].end(), f_out.begin(), f_out.end());
    const std::uint32_t* f_row = &next_[fail[s] * stride];
    std::uint32_t* row = &next_[s * stride];
    for (std::size_t cls = 0; cls < stride; ++cls) {
      if (row[cls] != 0) {
        fail[row[cls]] = f_row[cls];
        queue.push_back(row[cls]);
      } else {
        row[cls] = f_row[cls];
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
  keywords_ = std::move(pending_);
  pending_ = {};
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

// vectorscan's scan entry point. A "fat runtime" libhs (Debian's) picks an
// implementation of hs_scan by CPU when it is loaded, and two of vectorscan
// 5.4.9's lose matches in prefilter and exact mode alike: the AVX-512 one
// when a run of one repeated byte (spaces, '-', '_') precedes a match at
// certain offsets modulo 64 (wise-api-token), the AVX2 one on a 111-byte
// text holding a datadog-api-key match (tests/unit/match/matcher_test.cpp has
// both). The SSE4.2 ("corei7") implementation reports both, and scans the
// built-in rules' databases as fast as the AVX2 one (docs/performance.md,
// "The vectorscan misses"). So where the fat runtime exports its SSE4.2
// entry point, it is called directly and the database is compiled without
// the AVX2 and AVX-512 features (which that code would refuse). Without that
// export (a build for one target) hs_scan is used.
using scan_fn = hs_error_t (*)(const hs_database_t*, const char*, unsigned int, unsigned int, hs_scratch_t*,
                               match_event_handler, void*);
struct hs_runtime {
  scan_fn scan = &hs_scan;
  bool sse42_only = false;  // compile for, and scan with, the SSE4.2 implementation
};

const hs_runtime& runtime() {
  static const hs_runtime rt = [] {
    hs_runtime r;
#if defined(__x86_64__) || defined(__i386__)
    if (__builtin_cpu_supports("sse4.2") && __builtin_cpu_supports("popcnt"))
      if (void* f = ::dlsym(RTLD_DEFAULT, "corei7_hs_scan")) {
        r.scan = reinterpret_cast<scan_fn>(f);
        r.sse42_only = true;
      }
#endif
    return r;
  }();
  return rt;
}

// The cache file: a header (magic, the cache key, the payload's size and
// FNV-1a hash), the payload (a u32 count, that many u32 expression ids, then
// the serialized database), and last an HMAC-SHA-256 of everything before it
// under the per-user cache key (below). The hash only catches accidents;
// the HMAC is what makes a file ours: a database planted or doctored by
// anyone who cannot read the key (say, restored from a shared CI cache or
// written into a shared NHI_CACHE_DIR) would otherwise be deserialized and
// could match nothing, and every scan would pass. A file that fails the HMAC
// is never deserialized. Anything else that does not check out (short,
// another key, a database vectorscan refuses, ids out of range) is ignored and
// rebuilt too; so is a file not owned by this user or writable by others, or
// one that is not a regular file.
constexpr char kCacheMagic[8] = {'N', 'H', 'I', 'V', 'S', 'D', 'B', '3'};
constexpr std::size_t kCacheHeader = 8 + 8 + 8 + 8;
constexpr std::size_t kCacheTag = 32;  // HMAC-SHA-256
constexpr std::size_t kCacheMaxBytes = std::size_t(512) << 20;

std::uint64_t payload_hash(const char* p, std::size_t n) {
  std::uint64_t h = 1469598103934665603ull;
  for (std::size_t i = 0; i < n; ++i) {
    h ^= static_cast<unsigned char>(p[i]);
    h *= 1099511628211ull;
  }
  return h;
}

// The per-user key that authenticates cache files: 32 random bytes in
// DIR/cache.key, made on first use. It is trusted only as a regular file of
// exactly that size, owned by this user, mode 0600, reached through no
// symbolic link: a key someone else could read or have written lets them
// forge cache files. An untrusted key is replaced (and every cache file made
// under it rebuilt), silently: the scan is right either way, only slower.
constexpr char kCacheKeyName[] = "cache.key";
using cache_auth_key = std::array<unsigned char, 32>;

bool read_auth_key(const std::string& dir, cache_auth_key& key) {
  const int fd = ::open((dir + "/" + kCacheKeyName).c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return false;
  struct stat st {};
  bool ok = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == ::geteuid() &&
            (st.st_mode & 07777) == 0600 && static_cast<std::size_t>(st.st_size) == key.size();
  if (ok) ok = ::read(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size());
  ::close(fd);
  return ok;
}

// A new key, written to a temporary file created O_EXCL|O_NOFOLLOW, 0600,
// then renamed over the name. It is read back: when two processes make one
// at once the last rename wins, and both use that key.
bool create_auth_key(const std::string& dir, cache_auth_key& key) {
  unsigned char suffix[8];
  if (RAND_bytes(key.data(), static_cast<int>(key.size())) != 1 || RAND_bytes(suffix, sizeof suffix) != 1)
    return false;
  std::string tmp = dir + "/" + kCacheKeyName + ".";
  for (unsigned char c : suffix) tmp += "0123456789abcdef"[c & 15];
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  // fchmod: a umask such as 0277 would leave 0400, which the reader refuses.
  bool ok = ::fchmod(fd, 0600) == 0 && ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size());
  ok = ::close(fd) == 0 && ok;
  if (!ok || std::rename(tmp.c_str(), (dir + "/" + kCacheKeyName).c_str()) != 0) {
    ::unlink(tmp.c_str());
    return false;
  }
  OPENSSL_cleanse(key.data(), key.size());
  return read_auth_key(dir, key);
}

bool cache_tag(const cache_auth_key& key, const char* p, std::size_t n, unsigned char (&tag)[kCacheTag]) {
  unsigned int len = 0;
  return HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(p), n,
              tag, &len) != nullptr &&
         len == kCacheTag;
}

bool read_all(int fd, std::string& out, std::size_t size) {
  out.resize(size);
  std::size_t got = 0;
  while (got < size) {
    const ssize_t n = ::read(fd, out.data() + got, size - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    got += static_cast<std::size_t>(n);
  }
  return true;
}

hs_database_t* load_cached(const std::string& path, std::uint64_t key, const cache_auth_key& auth,
                           std::vector<unsigned>& ids) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return nullptr;
  struct stat st {};
  std::string data;
  const bool ok = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == ::geteuid() &&
                  (st.st_mode & (S_IWGRP | S_IWOTH)) == 0 &&
                  static_cast<std::size_t>(st.st_size) > kCacheHeader + kCacheTag &&
                  static_cast<std::size_t>(st.st_size) <= kCacheMaxBytes &&
                  read_all(fd, data, static_cast<std::size_t>(st.st_size));
  ::close(fd);
  if (!ok) return nullptr;
  // Authenticated first: nothing of a file we did not write is parsed.
  const std::size_t tagged = data.size() - kCacheTag;
  unsigned char tag[kCacheTag];
  if (!cache_tag(auth, data.data(), tagged, tag) || CRYPTO_memcmp(tag, data.data() + tagged, kCacheTag) != 0)
    return nullptr;
  data.resize(tagged);
  if (std::memcmp(data.data(), kCacheMagic, 8) != 0) return nullptr;
  std::uint64_t file_key = 0, size = 0, hash = 0;
  std::memcpy(&file_key, data.data() + 8, 8);
  std::memcpy(&size, data.data() + 16, 8);
  std::memcpy(&hash, data.data() + 24, 8);
  if (file_key != key || size != data.size() - kCacheHeader) return nullptr;
  const char* payload = data.data() + kCacheHeader;
  if (payload_hash(payload, size) != hash || size < 4) return nullptr;
  std::uint32_t count = 0;
  std::memcpy(&count, payload, 4);
  const std::size_t head = 4 + std::size_t(count) * 4;
  if (size <= head) return nullptr;
  ids.resize(count);
  if (count) std::memcpy(ids.data(), payload + 4, std::size_t(count) * 4);
  hs_database_t* db = nullptr;
  if (hs_deserialize_database(payload + head, size - head, &db) != HS_SUCCESS) return nullptr;
  return db;
}

bool write_all(int fd, const char* p, std::size_t n) {
  while (n > 0) {
    const ssize_t w = ::write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    p += w;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}

// Best effort: a cache directory that cannot be made or written means no cache.
void store_cached(const std::string& dir, const std::string& path, std::uint64_t key, const hs_database_t* db,
                  const std::vector<unsigned>& ids) {
  char* bytes = nullptr;
  std::size_t size = 0;
  if (hs_serialize_database(db, &bytes, &size) != HS_SUCCESS) return;
  std::string payload;
  const auto count = static_cast<std::uint32_t>(ids.size());
  payload.append(reinterpret_cast<const char*>(&count), 4);
  payload.append(reinterpret_cast<const char*>(ids.data()), ids.size() * 4);
  payload.append(bytes, size);
  std::free(bytes);
  std::string header(kCacheMagic, 8);
  const std::uint64_t payload_size = payload.size(), hash = payload_hash(payload.data(), payload.size());
  header.append(reinterpret_cast<const char*>(&key), 8);
  header.append(reinterpret_cast<const char*>(&payload_size), 8);
  header.append(reinterpret_cast<const char*>(&hash), 8);

  // mkdir -p of the two levels that may be missing (~/.cache, ~/.cache/nhi).
  const auto slash = dir.rfind('/');
  if (slash != std::string::npos && slash > 0) ::mkdir(dir.substr(0, slash).c_str(), 0700);
  ::mkdir(dir.c_str(), 0700);
  cache_auth_key auth{};
  if (!read_auth_key(dir, auth) && !create_auth_key(dir, auth)) return;  // no key, no cache
  unsigned char tag[kCacheTag];
  const std::string body = header + payload;
  const bool tagged = cache_tag(auth, body.data(), body.size(), tag);
  OPENSSL_cleanse(auth.data(), auth.size());
  if (!tagged) return;
  // Written to a private temporary file, then renamed over the name: a reader
  // sees the old file or the whole new one, never a partial write.
  std::string tmp = path + ".XXXXXX";
  const int fd = ::mkstemp(tmp.data());  // mode 0600
  if (fd < 0) return;
  const bool ok =
      write_all(fd, body.data(), body.size()) && write_all(fd, reinterpret_cast<const char*>(tag), sizeof tag);
  if (::close(fd) != 0 || !ok || std::rename(tmp.c_str(), path.c_str()) != 0) ::unlink(tmp.c_str());
}

struct hit_context {
  std::size_t rule_count;
  const std::vector<std::vector<std::uint32_t>>* keyword_rules;
  prefilter_hits* hits;
};

int on_match(unsigned int id, unsigned long long, unsigned long long, unsigned int, void* ctx) {
  auto* c = static_cast<hit_context*>(ctx);
  prefilter_hits& h = *c->hits;
  if (id < c->rule_count) {
    if (!h.regex[id]) {
      h.regex[id] = 1;
      h.regex_rules.push_back(id);
    }
  } else if (id - c->rule_count < c->keyword_rules->size()) {
    for (std::uint32_t r : (*c->keyword_rules)[id - c->rule_count])
      if (!h.keyword[r]) {
        h.keyword[r] = 1;
        h.keyword_rules.push_back(r);
      }
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
                                                      const std::vector<keyword_prefilter::pending>& keywords,
                                                      bool allow_compile,
                                                      const std::function<bool(std::size_t)>& left_out,
                                                      const std::function<bool(std::size_t)>& elsewhere,
                                                      std::string_view variant) {
  if (hs_valid_platform() != HS_SUCCESS) return nullptr;
  const hs_runtime& rt = runtime();
  std::unique_ptr<fast_prefilter> f(new fast_prefilter());
  f->rule_count_ = patterns.size();
  f->not_in_db_.assign(patterns.size(), 1);

  // The cache key covers the inputs, so a hit skips even the syntax checks.
  std::uint64_t key = fnv1a(1469598103934665603ull, hs_version());
  key = fnv1a(key, rt.sse42_only ? "sse42" : "native");
  for (const auto& p : patterns) key = fnv1a(key, p);
  // The callers' left_out and the keyword literals kept (those of the rules
  // left out) are versioned here: a change to either changes the database.
  if (left_out) key = fnv1a(key, "\x02left-out-by-caller-v2");
  // Databases built from the same patterns for another purpose (the delta
  // windows' ones, matcher.cpp) are told apart by their variant.
  if (!variant.empty()) key = fnv1a(key, "\x04variant:" + std::string(variant));
  key = fnv1a(key, "\x03keywords-of-rules-outside-v1");
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
  hs_database_t* db = nullptr;
  if (cache_auth_key auth{}; !path.empty() && read_auth_key(dir, auth)) {  // no trusted key: nothing to trust
    db = load_cached(path, key, auth, ids);
    OPENSSL_cleanse(auth.data(), auth.size());
  }
  if (db) {
    // Every id in range and every keyword literal the rules outside the
    // database need present: a database missing one would silently drop
    // that keyword's rules.
    std::vector<std::uint8_t> seen(patterns.size() + f->keyword_rules_.size(), 0);
    bool usable = true;
    for (unsigned id : ids) {
      if (id >= seen.size()) {
        usable = false;
        break;
      }
      seen[id] = 1;
    }
    for (std::size_t k = 0; usable && k < f->keyword_rules_.size(); ++k)
      for (std::uint32_t r : f->keyword_rules_[k])
        if (!seen[r] && !seen[patterns.size() + k] && !(elsewhere && elsewhere(r))) usable = false;
    if (!usable) {
      hs_free_database(db);  // not ours after all: rebuild
      db = nullptr;
    }
  }
  if (!db && !allow_compile) return nullptr;
  if (!db) {
    ids.clear();
    hs_platform_info_t platform{};
    if (hs_populate_platform(&platform) != HS_SUCCESS) return nullptr;
    if (rt.sse42_only)
      platform.cpu_features &= ~(HS_CPU_FEATURES_AVX2 | HS_CPU_FEATURES_AVX512 | HS_CPU_FEATURES_AVX512VBMI);
    std::vector<std::string> regexes;
    std::vector<unsigned> regex_ids;
    const unsigned regex_flags = HS_FLAG_PREFILTER | HS_FLAG_SINGLEMATCH | HS_FLAG_ALLOWEMPTY;
    for (std::size_t r = 0; r < patterns.size(); ++r) {
      if (left_out && left_out(r)) continue;  // the caller's choice: the keyword test only
      if (elsewhere && elsewhere(r)) continue;  // another database holds it
      // A cheap check of what vectorscan supports; the rest keep the keyword test only.
      hs_expr_info_t* info = nullptr;
      hs_compile_error_t* err = nullptr;
      if (hs_expression_info(patterns[r].c_str(), regex_flags, &info, &err) != HS_SUCCESS) {
        hs_free_compile_error(err);
        continue;
      }
      std::free(info);
      regexes.push_back(patterns[r]);
      regex_ids.push_back(static_cast<unsigned>(r));
    }
    // An expression the whole set refuses (e.g. too large) is dropped and the rest retried.
    for (int attempt = 0; !db && attempt < 8; ++attempt) {
      std::vector<std::uint8_t> in_db(patterns.size(), 0);
      for (unsigned r : regex_ids) in_db[r] = 1;
      // Keyword literals only for the rules whose regex is not in the
      // database: a rule whose regex is checks its keyword after a regex hit
      // (matcher.cpp), and 900 literals more, down to one byte long, made
      // the pass twice as slow (docs/performance.md).
      std::vector<std::string> expressions = regexes;
      std::vector<unsigned> flags(regexes.size(), regex_flags);
      ids = regex_ids;
      for (const auto& [keyword, id] : keyword_ids) {
        const auto& rules = f->keyword_rules_[id];
        if (std::all_of(rules.begin(), rules.end(),
                        [&](std::uint32_t r) { return in_db[r] != 0 || (elsewhere && elsewhere(r)); }))
          continue;
        expressions.push_back(literal_expression(keyword));
        flags.push_back(HS_FLAG_CASELESS | HS_FLAG_SINGLEMATCH);
        ids.push_back(static_cast<unsigned>(patterns.size() + id));
      }
      if (expressions.empty()) return nullptr;
      std::vector<const char*> ptrs;
      for (const auto& e : expressions) ptrs.push_back(e.c_str());
      hs_compile_error_t* err = nullptr;
      if (hs_compile_multi(ptrs.data(), flags.data(), ids.data(), static_cast<unsigned>(ptrs.size()), HS_MODE_BLOCK,
                           &platform, &db, &err) == HS_SUCCESS) {
        if (!path.empty()) store_cached(dir, path, key, db, ids);
        break;
      }
      db = nullptr;
      const int bad = err ? err->expression : -1;
      hs_free_compile_error(err);
      if (bad < 0 || static_cast<std::size_t>(bad) >= regexes.size())
        return nullptr;  // not a single regex's fault, or a keyword literal: give up on vectorscan
      regexes.erase(regexes.begin() + bad);
      regex_ids.erase(regex_ids.begin() + bad);
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

bool fast_prefilter::scan(std::string_view data, fast_scratch& scratch, prefilter_hits& hits) const {
  auto* db = static_cast<hs_database_t*>(db_);
  auto* s = static_cast<hs_scratch_t*>(scratch.hs_);
  if (scratch.sized_for_ != db_) {
    if (hs_alloc_scratch(db, &s) != HS_SUCCESS) return false;  // grows a scratch made for another database
    scratch.hs_ = s;
    scratch.sized_for_ = db_;
  }
  hit_context ctx{rule_count_, &keyword_rules_, &hits};
  // hs_scan takes an unsigned int length: a buffer that large is refused and
  // goes through the keyword prefilter (find_matches).
  if (data.size() > 0xffffffffu) return false;
  return runtime().scan(db, data.data(), static_cast<unsigned>(data.size()), 0, s, on_match, &ctx) == HS_SUCCESS;
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
                                                      const std::vector<keyword_prefilter::pending>&, bool,
                                                      const std::function<bool(std::size_t)>&,
                                                      const std::function<bool(std::size_t)>&, std::string_view) {
  return nullptr;
}
bool fast_prefilter::scan(std::string_view, fast_scratch&, prefilter_hits&) const { return false; }

#endif

}  // namespace nhi::detail
