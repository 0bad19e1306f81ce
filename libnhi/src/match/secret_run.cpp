// SPDX-License-Identifier: Apache-2.0
#include "match/secret_run.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>
#include <vector>

#include "util/cpu_dispatch.hpp"

namespace nhi::detail {

bool secret_run::found_in_bytewise(std::string_view data) const noexcept {
  if (length == 0) return true;
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  const std::size_t n = data.size();
  // A run starting at `start` needs [start, start + length) all held; the
  // first byte found not held, looking from the end, is where the next
  // candidate starts after. On text without runs this steps about `length`
  // bytes per lookup.
  std::size_t start = 0;
  while (start + length <= n) {
    std::size_t k = start + length;
    while (k > start && holds(p[k - 1])) --k;
    if (k == start) return true;
    start = k;
  }
  return false;
}

void secret_run::index() noexcept {
  nibble_lo = {};
  nibble_hi = {};
  indexed = false;
  // Per high nibble, the low nibbles held with it; each distinct such set
  // is one bit of the tables.
  std::array<std::uint16_t, 16> lows{};
  for (unsigned c = 0; c < 256; ++c)
    if (holds(static_cast<unsigned char>(c))) lows[c >> 4] |= static_cast<std::uint16_t>(1u << (c & 15));
  std::array<std::uint16_t, 8> buckets{};
  std::size_t used = 0;
  for (std::size_t high = 0; high < 16; ++high) {
    if (lows[high] == 0) continue;
    std::size_t b = 0;
    while (b < used && buckets[b] != lows[high]) ++b;
    if (b == used) {
      if (used == buckets.size()) return;
      buckets[used++] = lows[high];
    }
    nibble_hi[high] = static_cast<std::uint8_t>(1u << b);
    for (std::size_t low = 0; low < 16; ++low)
      if ((lows[high] >> low) & 1) nibble_lo[low] |= static_cast<std::uint8_t>(1u << b);
  }
  indexed = true;
}

namespace {

// Whether the 64-bit mask holds `length` (at most 64) set bits in a row:
// after the doubling steps, bit i is set when bits i .. i + length - 1 were.
inline bool ones_in_a_row(std::uint64_t m, std::size_t length) {
  for (std::size_t k = 1; k < length && m != 0;) {
    const std::size_t step = std::min(k, length - k);
    m &= m >> step;
    k += step;
  }
  return m != 0;
}

#if defined(NHI_HAVE_AVX2_DISPATCH)
// Bit k set when byte k of the 32 at q is held.
__attribute__((target("avx2"))) inline std::uint32_t held_avx2(const unsigned char* q, __m256i lo_table,
                                                               __m256i hi_table) {
  const __m256i low4 = _mm256_set1_epi8(0x0f);
  const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q));
  const __m256i lo = _mm256_shuffle_epi8(lo_table, _mm256_and_si256(x, low4));
  const __m256i hi = _mm256_shuffle_epi8(hi_table, _mm256_and_si256(_mm256_srli_epi16(x, 4), low4));
  const __m256i none = _mm256_cmpeq_epi8(_mm256_and_si256(lo, hi), _mm256_setzero_si256());
  return static_cast<std::uint32_t>(~_mm256_movemask_epi8(none));
}

__attribute__((target("avx2"))) bool found_in_avx2(const secret_run& run, const unsigned char* p, std::size_t n) {
  const __m256i lo_table =
      _mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(run.nibble_lo.data())));
  const __m256i hi_table =
      _mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(run.nibble_hi.data())));
  const std::size_t length = run.length;
  std::size_t in_a_row = 0;  // held bytes ending where the chunk at hand starts
  std::size_t i = 0;
  for (; i + 64 <= n; i += 64) {
    // Bit k: byte i + k.
    const std::uint64_t m =
        held_avx2(p + i, lo_table, hi_table) | (std::uint64_t(held_avx2(p + i + 32, lo_table, hi_table)) << 32);
    if (m == ~std::uint64_t(0)) {
      in_a_row += 64;
      if (in_a_row >= length) return true;
      continue;
    }
    if (in_a_row + static_cast<std::size_t>(__builtin_ctzll(~m)) >= length) return true;
    if (length <= 64 && ones_in_a_row(m, length)) return true;
    in_a_row = static_cast<std::size_t>(__builtin_clzll(~m));
  }
  for (; i < n; ++i) {
    in_a_row = run.holds(p[i]) ? in_a_row + 1 : 0;
    if (in_a_row >= length) return true;
  }
  return false;
}
#endif

}  // namespace

bool secret_run::found_in(std::string_view data) const noexcept {
  if (length == 0) return true;
#if defined(NHI_HAVE_AVX2_DISPATCH)
  // Short buffers (a span around a keyword) are left to the skipping search.
  if (cpu_has_avx2() && indexed && data.size() >= 256)
    return found_in_avx2(*this, reinterpret_cast<const unsigned char*>(data.data()), data.size());
#endif
  return found_in_bytewise(data);
}

void secret_run_memo::reset(std::size_t sets, const std::vector<std::uint32_t>* base_lacked, const spans* windows) {
  known_.assign(sets, bounds{});
  base_lacked_ = windows ? base_lacked : nullptr;
  windows_ = base_lacked_ ? windows : nullptr;
}

bool secret_run_memo::found_in(const secret_run& run, std::string_view data) {
  if (run.length == 0) return true;
  if (run.set_id >= known_.size()) return run.found_in(data);
  bounds& b = known_[run.set_id];
  if (run.length <= b.held) return true;
  if (run.length >= b.lacked) return false;
  bool found = false;
  const std::uint32_t base_lacked =
      base_lacked_ && run.set_id < base_lacked_->size() ? (*base_lacked_)[run.set_id] : 0;
  if (base_lacked != 0 && run.length >= base_lacked && run.length <= kRunWindowReach) {
    for (const auto& [from, to] : *windows_)
      if (to > from && to <= data.size() && run.found_in(data.substr(from, to - from))) {
        found = true;
        break;
      }
  } else {
    found = run.found_in(data);
  }
  if (found)
    b.held = run.length;
  else
    b.lacked = run.length;
  return found;
}

void secret_run_memo::lacked(std::vector<std::uint32_t>& out) const {
  out.assign(known_.size(), 0);
  for (std::size_t k = 0; k < known_.size(); ++k)
    if (known_[k].lacked != SIZE_MAX) out[k] = static_cast<std::uint32_t>(known_[k].lacked);
}

namespace {

using byte_set = std::array<std::uint64_t, 4>;

void add(byte_set& s, unsigned char c) { s[c >> 6] |= std::uint64_t(1) << (c & 63); }
void add_range(byte_set& s, unsigned char lo, unsigned char hi) {
  for (unsigned c = lo; c <= hi; ++c) add(s, static_cast<unsigned char>(c));
}
std::size_t count(const byte_set& s) {
  std::size_t n = 0;
  for (auto w : s) n += static_cast<std::size_t>(__builtin_popcountll(w));
  return n;
}

// One item of the top-level sequence: `simple` when it is a class of single
// bytes (a bracket class, \d, \w, a literal), with the fewest times it occurs.
struct item {
  byte_set set{};
  bool simple = false;
  std::size_t least = 0;
};

class run_reader {
 public:
  explicit run_reader(std::string_view p) : p_(p) {}

  // The items, or nullopt when the shape is not followed (or has a top-level |).
  std::optional<std::vector<item>> read() {
    std::vector<item> items;
    while (i_ < p_.size()) {
      item it;
      if (!atom(it)) return std::nullopt;
      if (!quantifier(it)) return std::nullopt;
      items.push_back(it);
    }
    return items;
  }

 private:
  // An escape's class (\d, \w, \s) or literal byte (\-, \.); false for others.
  bool escape(byte_set& set, bool& zero_width) {
    if (i_ >= p_.size()) return false;
    const char c = p_[i_++];
    switch (c) {
      case 'd': add_range(set, '0', '9'); return true;
      case 'w':
        add_range(set, '0', '9'), add_range(set, 'a', 'z'), add_range(set, 'A', 'Z'), add(set, '_');
        return true;
      case 's':
        for (unsigned char w : {' ', '\t', '\n', '\r', '\f', '\v'}) add(set, w);
        return true;
      case 'n': add(set, '\n'); return true;
      case 't': add(set, '\t'); return true;
      case 'r': add(set, '\r'); return true;
      case 'b': case 'B': case 'A': case 'z':
        zero_width = true;
        return true;
      default:
        if (std::ispunct(static_cast<unsigned char>(c))) {
          add(set, static_cast<unsigned char>(c));
          return true;
        }
        return false;  // \x41, \p{L}, \D, \W, \S, octal...: not followed
    }
  }

  // [...] after the '['; negated and POSIX classes are not followed.
  bool bracket(byte_set& set) {
    if (i_ < p_.size() && p_[i_] == '^') return false;
    bool first = true;
    while (i_ < p_.size()) {
      char c = p_[i_];
      if (c == ']' && !first) {
        ++i_;
        return true;
      }
      first = false;
      if (c == '[') return false;  // [:alpha:] and the like
      unsigned char lo;
      if (c == '\\') {
        ++i_;
        byte_set esc{};
        bool zero_width = false;
        if (!escape(esc, zero_width) || zero_width) return false;
        if (count(esc) != 1) {  // \d, \w, \s inside the class
          for (int w = 0; w < 4; ++w) set[w] |= esc[w];
          continue;
        }
        lo = 0;
        while (!((esc[lo >> 6] >> (lo & 63)) & 1)) ++lo;
      } else {
        if (static_cast<unsigned char>(c) >= 0x80) return false;
        lo = static_cast<unsigned char>(c);
        ++i_;
      }
      // A range a-z (a '-' before the closing ']' is a literal).
      if (i_ + 1 < p_.size() && p_[i_] == '-' && p_[i_ + 1] != ']') {
        char h = p_[i_ + 1];
        if (h == '\\' || h == '[' || static_cast<unsigned char>(h) >= 0x80) return false;
        if (static_cast<unsigned char>(h) < lo) return false;
        add_range(set, lo, static_cast<unsigned char>(h));
        i_ += 2;
      } else {
        add(set, lo);
      }
    }
    return false;  // unclosed
  }

  // Skips a group after its '(' to the matching ')'; a flag group such as
  // (?i) changes how the rest matches, so it is not followed.
  bool group() {
    if (p_.substr(i_, 1) == "?") {
      std::size_t k = i_ + 1;
      while (k < p_.size() && (std::isalpha(static_cast<unsigned char>(p_[k])) || p_[k] == '-')) ++k;
      if (k < p_.size() && p_[k] == ')') return false;
    }
    int depth = 1;
    while (i_ < p_.size()) {
      const char c = p_[i_++];
      if (c == '\\') {
        ++i_;
      } else if (c == '[') {
        byte_set ignored{};
        if (!bracket(ignored)) {
          // A class this reader does not follow: find its end the plain way.
          while (i_ < p_.size() && p_[i_] != ']') i_ += p_[i_] == '\\' ? 2 : 1;
          if (i_ >= p_.size()) return false;
          ++i_;
        }
      } else if (c == '(') {
        ++depth;
      } else if (c == ')' && --depth == 0) {
        return true;
      }
    }
    return false;
  }

  bool atom(item& it) {
    const char c = p_[i_++];
    it.simple = true;
    it.least = 1;
    switch (c) {
      case '|': return false;  // a top-level alternation: no run every match holds
      case ')': return false;
      case '(':
        it.simple = false;
        return group();
      case '[': return bracket(it.set);
      case '.': case '^': case '$':
        it.simple = false;
        return true;
      case '\\': {
        bool zero_width = false;
        if (!escape(it.set, zero_width)) return false;
        if (zero_width) it.simple = false;
        return true;
      }
      default:
        if (static_cast<unsigned char>(c) >= 0x80 || c == '*' || c == '+' || c == '?' || c == '{') return false;
        add(it.set, static_cast<unsigned char>(c));
        return true;
    }
  }

  bool quantifier(item& it) {
    if (i_ >= p_.size()) return true;
    const char c = p_[i_];
    if (c == '*' || c == '?') {
      it.least = 0;
      ++i_;
    } else if (c == '+') {
      ++i_;
    } else if (c == '{') {
      const std::size_t close = p_.find('}', i_);
      if (close == std::string_view::npos) return false;
      const std::string_view body = p_.substr(i_ + 1, close - i_ - 1);
      const std::string_view least = body.substr(0, body.find(','));
      if (least.empty() || least.size() > 6) return false;
      std::size_t n = 0;
      for (char d : least) {
        if (!std::isdigit(static_cast<unsigned char>(d))) return false;
        n = n * 10 + static_cast<std::size_t>(d - '0');
      }
      for (char d : body)
        if (!std::isdigit(static_cast<unsigned char>(d)) && d != ',') return false;
      it.least *= n;
      i_ = close + 1;
    } else {
      return true;
    }
    if (i_ < p_.size() && p_[i_] == '?') ++i_;  // lazy
    if (i_ < p_.size() && (p_[i_] == '*' || p_[i_] == '+' || p_[i_] == '?' || p_[i_] == '{')) return false;
    return true;
  }

  std::string_view p_;
  std::size_t i_ = 0;
};

// A run this short, or of bytes this common, selects too little to be worth a pass.
constexpr std::size_t kShortestRun = 8;

double score(const secret_run& r) {
  const std::size_t n = count(r.bytes);
  return n == 0 || n >= 256 ? 0.0 : static_cast<double>(r.length) * (8.0 - std::log2(static_cast<double>(n)));
}

}  // namespace

secret_run required_secret_run(std::string_view secret) {
  secret_run best;
  const auto items = run_reader(secret).read();
  if (!items) return best;
  const auto consider = [&best](const secret_run& r) {
    if (r.length >= kShortestRun && score(r) > score(best)) best = r;
  };
  secret_run stretch;
  for (const item& it : *items) {
    if (!it.simple || it.least == 0) {
      consider(stretch);
      stretch = {};
      continue;
    }
    consider(secret_run{it.set, it.least});
    for (int w = 0; w < 4; ++w) stretch.bytes[w] |= it.set[w];
    stretch.length += it.least;
  }
  consider(stretch);
  best.index();
  return best;
}

}  // namespace nhi::detail
