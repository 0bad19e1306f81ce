// SPDX-License-Identifier: Apache-2.0
#include "match/provider_names.hpp"

#include <algorithm>
#include <cctype>
#include <string>

#include "match/compiled_rules.hpp"
#include "match/match_width.hpp"
#include "util/text.hpp"

namespace nhi::detail {
namespace {

bool is_letter(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool is_lower(char c) { return std::islower(static_cast<unsigned char>(c)) != 0; }
bool is_upper(char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; }

// Whether a service name may start at data[i]: after a non-letter, or as the
// capitalised part of a camelCase identifier (as context rules read names).
bool name_starts(std::string_view data, std::size_t i, std::size_t floor) {
  if (!is_letter(data[i])) return false;
  if (i == floor || !is_letter(data[i - 1])) return true;
  return is_upper(data[i]) && is_lower(data[i - 1]);
}

// Whether a name ending before data[i] ends a word: then a non-letter, an
// upper-case letter (camelCase), or a credential word ("lokalisetoken").
bool name_ends(std::string_view data, std::size_t i) {
  if (i >= data.size() || !is_lower(data[i])) return true;
  const std::string rest = to_lower_ascii(data.substr(i, 6));
  for (const char* w : {"key", "token", "secret", "api"})
    if (rest.compare(0, std::char_traits<char>::length(w), w) == 0) return true;
  return false;
}

// Whether one letter or digit changed or added, or one character dropped,
// makes `value` match `re` whole: a key of that shape with a typo or an edit
// ("c2167730016rf34b..." for 32 hex digits, a "-" inside a 25-character key,
// a Jira token starting with a letter its base64 cannot start with). A value
// further away is some other credential under that name, which the generic
// rule still reports; so is one whose separator stands where the shape has a
// letter or digit (a "-" for a character, in keys the rule may describe too
// narrowly). The characters tried stand for the classes of key characters:
// digits, lower- and upper-case letters (M, N, O: base64 of a leading digit).
bool one_edit_from(std::string_view value, const RE2& re) {
  static constexpr std::string_view kStandIns = "0aAMNO";
  if (value.size() > 256) return false;
  std::string edited;
  const auto fits = [&re](const std::string& s) { return RE2::FullMatch(re2::StringPiece(s.data(), s.size()), re); };
  for (std::size_t i = 0; i <= value.size(); ++i) {
    const bool alnum = i < value.size() && std::isalnum(static_cast<unsigned char>(value[i]));
    if (i < value.size()) {
      edited.assign(value.substr(0, i)).append(value.substr(i + 1));
      if (fits(edited)) return true;
    }
    for (char c : kStandIns) {
      if (alnum && c != value[i]) {
        edited.assign(value);
        edited[i] = c;
        if (fits(edited)) return true;
      }
      edited.assign(value.substr(0, i)).append(1, c).append(value.substr(i));
      if (fits(edited)) return true;
    }
  }
  return false;
}

// A name's first two bytes as an index into 65,536 bits, and its first three
// hashed into as many.
unsigned opening2(char a, char b) { return static_cast<unsigned char>(a) << 8 | static_cast<unsigned char>(b); }
unsigned opening3(char a, char b, char c) {
  const std::uint32_t x = (static_cast<std::uint32_t>(static_cast<unsigned char>(a)) << 16 |
                           static_cast<std::uint32_t>(static_cast<unsigned char>(b)) << 8 | static_cast<unsigned char>(c)) *
                          2654435761u;
  return x >> 16;
}

}  // namespace

bool names_service(const rule_info& rule, std::string_view keyword) {
  if (keyword.size() < 4 || !std::all_of(keyword.begin(), keyword.end(), is_letter)) return false;
  // A credential word ("apikey", "hapikey", "fbsecret") is in every other name.
  const std::string lower = to_lower_ascii(keyword);
  for (const char* w : {"key", "token", "secret", "pass", "pwd"})
    if (lower.find(w) != std::string::npos) return false;
  std::string provider;
  for (char c : rule.provider)
    if (std::isalnum(static_cast<unsigned char>(c))) provider += static_cast<char>(ascii_lower(static_cast<unsigned char>(c)));
  return std::any_of(rule.keywords.begin(), rule.keywords.end(),
                     [&](const std::string& k) { return to_lower_ascii(k) == provider; });
}

bool key_kind(std::string_view kind) {
  return kind == "api_key" || kind == "token" || kind == "secret_key" || kind == "client_secret" || kind == "access_key";
}

provider_names::provider_names(provider_names&&) noexcept = default;
provider_names& provider_names::operator=(provider_names&&) noexcept = default;
provider_names::~provider_names() = default;

void provider_names::add_name(std::string_view name, int reach) {
  const std::string key = to_lower_ascii(name);
  named& n = by_name_[key];
  n.reach = std::max(n.reach, reach);
  widest_reach_ = std::max(widest_reach_, reach);
  shortest_name_ = std::min(shortest_name_, key.size());
  if (key.size() >= 3) {
    const unsigned two = opening2(key[0], key[1]), three = opening3(key[0], key[1], key[2]);
    openings_[two >> 6] |= std::uint64_t(1) << (two & 63);
    openings3_[three >> 6] |= std::uint64_t(1) << (three & 63);
  }
  if (std::find(lengths_.begin(), lengths_.end(), key.size()) == lengths_.end()) {
    lengths_.push_back(key.size());
    std::sort(lengths_.begin(), lengths_.end());
  }
}

void provider_names::add_shape(std::string_view name, std::uint32_t rule, std::string_view shape) {
  const auto it = by_name_.find(to_lower_ascii(name));
  if (it == by_name_.end()) return;
  auto [slot, fresh] = shape_of_rule_.emplace(rule, shapes_.size());
  if (fresh) {
    shapes_.push_back(std::make_unique<lazy_regex>("(?:" + std::string(shape) + ")"));
    widest_.push_back(max_match_width("(" + std::string(shape) + ")", 4096));
    shortest_.push_back(min_match_width("(" + std::string(shape) + ")"));
  }
  auto& list = it->second.shapes;
  if (std::find(list.begin(), list.end(), slot->second) == list.end()) list.push_back(slot->second);
}

void provider_names::remove(std::string_view name) { by_name_.erase(to_lower_ascii(name)); }

bool provider_names::rejects(std::string_view data, std::size_t begin, std::size_t end, int& budget) const {
  if (by_name_.empty() || budget <= 0) return false;
  // The lines in reach of the widest rule, at most kKeywordReach bytes away.
  const std::size_t floor = begin > kKeywordReach ? begin - kKeywordReach : 0;
  const std::size_t ceiling = std::min(data.size(), end + kKeywordReach);
  std::size_t lo = begin;
  for (int seen = 0; lo > floor; --lo)
    if (data[lo - 1] == '\n' && seen++ == widest_reach_) break;
  std::size_t hi = end;
  for (int seen = 0; hi < ceiling; ++hi)
    if (data[hi] == '\n' && seen++ == widest_reach_) break;
  const std::string_view value = data.substr(begin, end - begin);
  bool near_miss = false;
  // Whether some shape of a service named here takes a value of this length,
  // and otherwise how many characters the nearest one is off by.
  bool length_fits = false;
  std::size_t length_gap = static_cast<std::size_t>(-1);
  std::string word;
  for (std::size_t i = lo; i < hi; ++i) {
    if (i == begin) {  // a name inside the value is not one
      i = end - 1;
      continue;
    }
    if (!name_starts(data, i, lo)) continue;
    if (shortest_name_ >= 3) {
      if (i + 2 >= hi) continue;
      const char a = static_cast<char>(ascii_lower(static_cast<unsigned char>(data[i])));
      const char b = static_cast<char>(ascii_lower(static_cast<unsigned char>(data[i + 1])));
      const char c = static_cast<char>(ascii_lower(static_cast<unsigned char>(data[i + 2])));
      const unsigned two = opening2(a, b), three = opening3(a, b, c);
      if (!((openings_[two >> 6] >> (two & 63)) & 1) || !((openings3_[three >> 6] >> (three & 63)) & 1)) continue;
    }
    for (std::size_t len : lengths_) {
      if (i + len > hi || (i < begin && i + len > begin)) break;
      word.assign(data.substr(i, len));
      for (char& c : word) c = static_cast<char>(ascii_lower(static_cast<unsigned char>(c)));
      const auto it = by_name_.find(word);
      if (it == by_name_.end() || !name_ends(data, i + len)) continue;
      // Lines between the name and the value.
      const std::size_t a = std::min(i, begin), b = std::max(i, begin);
      const int lines = static_cast<int>(std::count(data.begin() + static_cast<std::ptrdiff_t>(a),
                                                    data.begin() + static_cast<std::ptrdiff_t>(b), '\n'));
      if (lines > it->second.reach) continue;
      for (std::size_t s : it->second.shapes) {
        const RE2& re = shapes_[s]->get();
        if (!re.ok() || RE2::FullMatch(re2::StringPiece(value.data(), value.size()), re)) return false;
        if (value.size() >= shortest_[s] && value.size() <= widest_[s])
          length_fits = true;
        else
          length_gap = std::min(length_gap, value.size() < shortest_[s] ? shortest_[s] - value.size()
                                                                       : value.size() - widest_[s]);
        // One edit cannot bring a value two longer than the shape's longest into it.
        if (!near_miss && value.size() <= widest_[s] + 1 && budget > 0) {
          --budget;
          near_miss = one_edit_from(value, re);
        }
      }
    }
  }
  // A length no key of the service has, a few characters off one that it
  // has: that key cut short or run into what follows, not another credential.
  return near_miss || (!length_fits && length_gap <= kLengthSlack);
}

}  // namespace nhi::detail
