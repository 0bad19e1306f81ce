// SPDX-License-Identifier: Apache-2.0
#include "rules/rule_codec.hpp"

#include <cstring>

namespace nhi::detail {
namespace {

constexpr char kMagic[8] = {'N', 'H', 'I', 'R', 'U', 'L', 'E', 'S'};

#if defined(__x86_64__) && defined(__GLIBCXX__)
// Catches a field added to rule_info and forgotten here (and in the
// field-by-field comparison of tests/unit/rules/rule_codec_test.cpp).
static_assert(sizeof(rule_info) == 528, "rule_info changed: encode and decode the new field, bump kRuleCodecVersion");
#endif

class writer {
 public:
  void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u32(std::uint32_t v) {
    for (int i = 0; i < 4; ++i) u8(static_cast<std::uint8_t>(v >> (8 * i)));
  }
  void u64(std::uint64_t v) {
    for (int i = 0; i < 8; ++i) u8(static_cast<std::uint8_t>(v >> (8 * i)));
  }
  void f64(double v) {
    std::uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    u64(bits);
  }
  void str(const std::string& s) {
    u32(static_cast<std::uint32_t>(s.size()));
    out_ += s;
  }
  void list(const std::vector<std::string>& items) {
    u32(static_cast<std::uint32_t>(items.size()));
    for (const auto& s : items) str(s);
  }
  void raw(const char* p, std::size_t n) { out_.append(p, n); }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

// Reads from a bounded buffer; after the first short read every read fails
// and yields zeros, so decode checks ok() once per rule, not per field.
class reader {
 public:
  explicit reader(std::string_view data) : p_(data.data()), end_(data.data() + data.size()) {}

  bool ok() const noexcept { return ok_; }
  bool at_end() const noexcept { return p_ == end_; }
  std::size_t remaining() const noexcept { return static_cast<std::size_t>(end_ - p_); }

  const char* take(std::size_t n) {
    if (!ok_ || remaining() < n) {
      ok_ = false;
      return nullptr;
    }
    const char* at = p_;
    p_ += n;
    return at;
  }
  std::uint64_t uint(int bytes) {
    const char* p = take(static_cast<std::size_t>(bytes));
    std::uint64_t v = 0;
    if (p)
      for (int i = 0; i < bytes; ++i) v |= std::uint64_t(static_cast<unsigned char>(p[i])) << (8 * i);
    return v;
  }
  std::uint8_t u8() { return static_cast<std::uint8_t>(uint(1)); }
  std::uint32_t u32() { return static_cast<std::uint32_t>(uint(4)); }
  std::uint64_t u64() { return uint(8); }
  double f64() {
    const std::uint64_t bits = u64();
    double v;
    std::memcpy(&v, &bits, sizeof v);
    return v;
  }
  bool flag() {
    const std::uint8_t v = u8();
    if (v > 1) ok_ = false;
    return v == 1;
  }
  void str(std::string& out) {
    const std::uint32_t n = u32();
    if (const char* p = take(n)) out.assign(p, n);
  }
  void list(std::vector<std::string>& out) {
    const std::uint32_t n = u32();
    if (n > remaining() / 4) {  // each item holds at least its length
      ok_ = false;
      return;
    }
    out.resize(n);
    for (auto& s : out) str(s);
  }

 private:
  const char* p_;
  const char* end_;
  bool ok_ = true;
};

// A rule takes at least 15 lengths and counts (u32), 4 one-byte fields, a
// double, two u32 and a u64: a count larger than the data allows is corrupt.
constexpr std::size_t kMinRuleBytes = 15 * 4 + 4 + 8 + 2 * 4 + 8;

status corrupt(std::string message) {
  return status(errc::corrupt, "built-in rule data: " + std::move(message));
}

}  // namespace

std::string encode_rules(const std::vector<rule_info>& rules, const std::string& rules_version) {
  writer w;
  w.raw(kMagic, sizeof kMagic);
  w.u32(kRuleCodecVersion);
  w.str(rules_version);
  w.u32(static_cast<std::uint32_t>(rules.size()));
  for (const rule_info& r : rules) {
    w.str(r.id);
    w.str(r.name);
    w.str(r.provider);
    w.str(r.kind);
    w.u8(static_cast<std::uint8_t>(r.level));
    w.str(r.pattern);
    w.str(r.secret);
    w.list(r.keywords);
    w.u32(static_cast<std::uint32_t>(r.keyword_within_lines));
    w.list(r.public_context);
    w.u32(static_cast<std::uint32_t>(r.public_context_lines));
    w.f64(r.min_entropy);
    w.list(r.validators);
    w.u8(r.generic ? 1 : 0);
    w.str(r.expires);
    w.u8(r.identifier ? 1 : 0);
    w.str(r.companion);
    w.u32(r.companion_within_lines);
    w.u8(r.companion_required ? 1 : 0);
    w.str(r.description);
    w.list(r.references);
    w.list(r.examples);
    w.list(r.negative_examples);
    w.str(r.source_file);
    w.u64(r.source_line);
  }
  return w.take();
}

status decode_rules(std::string_view data, std::vector<rule_info>& out, std::string& rules_version) {
  reader in(data);
  const char* magic = in.take(sizeof kMagic);
  if (!magic || std::memcmp(magic, kMagic, sizeof kMagic) != 0) return corrupt("not a serialized rule set");
  const std::uint32_t version = in.u32();
  if (!in.ok() || version != kRuleCodecVersion)
    return corrupt("format version " + std::to_string(version) + ", this library reads version " +
                   std::to_string(kRuleCodecVersion));
  std::string set_version;
  in.str(set_version);
  const std::uint32_t count = in.u32();
  if (!in.ok() || count > in.remaining() / kMinRuleBytes) return corrupt("bad rule count");

  std::vector<rule_info> rules(count);
  for (std::uint32_t i = 0; i < count; ++i) {
    rule_info& r = rules[i];
    in.str(r.id);
    in.str(r.name);
    in.str(r.provider);
    in.str(r.kind);
    const std::uint8_t level = in.u8();
    if (level > static_cast<std::uint8_t>(severity::critical)) return corrupt("bad severity in rule " + std::to_string(i));
    r.level = static_cast<severity>(level);
    in.str(r.pattern);
    in.str(r.secret);
    in.list(r.keywords);
    r.keyword_within_lines = static_cast<int>(in.u32());
    in.list(r.public_context);
    r.public_context_lines = static_cast<int>(in.u32());
    r.min_entropy = in.f64();
    in.list(r.validators);
    r.generic = in.flag();
    in.str(r.expires);
    r.identifier = in.flag();
    in.str(r.companion);
    r.companion_within_lines = in.u32();
    r.companion_required = in.flag();
    in.str(r.description);
    in.list(r.references);
    in.list(r.examples);
    in.list(r.negative_examples);
    in.str(r.source_file);
    r.source_line = in.u64();
    if (!in.ok()) return corrupt("rule " + std::to_string(i) + " is truncated or malformed");
  }
  if (!in.at_end()) return corrupt(std::to_string(in.remaining()) + " bytes after the last rule");
  rules_version = std::move(set_version);
  if (out.empty()) {
    out = std::move(rules);
  } else {
    out.insert(out.end(), std::make_move_iterator(rules.begin()), std::make_move_iterator(rules.end()));
  }
  return status::ok();
}

}  // namespace nhi::detail
