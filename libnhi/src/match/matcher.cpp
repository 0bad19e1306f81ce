#include "match/matcher.hpp"

#include <algorithm>

#include "match/validators.hpp"
#include "util/text.hpp"

namespace nhi::detail {
namespace {

bool accept(const compiled_rule& rule, std::string_view secret, std::string_view match) {
  if (secret.empty() || is_placeholder(secret)) return false;
  if (rule.info.min_entropy > 0 && shannon_entropy(secret) < rule.info.min_entropy) return false;
  for (validator_fn v : rule.validators)
    if (!v(secret, match)) return false;
  return true;
}

void run_rule(const compiled_rules& rules, std::uint32_t index, std::string_view data,
              std::size_t begin, std::size_t end, std::vector<raw_match>& out) {
  const compiled_rule& rule = rules.rules[index];
  re2::StringPiece groups[2];
  const int ngroups = rule.secret_group + 1;
  const re2::StringPiece text(data.data(), data.size());
  std::size_t pos = begin;
  while (pos < end &&
         rule.regex->Match(text, pos, end, RE2::UNANCHORED, groups, ngroups)) {
    const re2::StringPiece whole = groups[0];
    const re2::StringPiece secret = groups[rule.secret_group];
    const std::size_t match_begin = static_cast<std::size_t>(whole.data() - data.data());
    const std::size_t match_end = match_begin + whole.size();
    pos = match_end > pos ? match_end : pos + 1;  // never loop on an empty match
    if (secret.data() == nullptr) continue;       // the optional group did not take part
    const std::string_view s(secret.data(), secret.size());
    if (!accept(rule, s, std::string_view(whole.data(), whole.size()))) continue;
    raw_match m;
    m.rule = index;
    m.secret_begin = static_cast<std::size_t>(secret.data() - data.data());
    m.secret_end = m.secret_begin + secret.size();
    m.match_begin = match_begin;
    m.match_end = match_end;
    out.push_back(m);
  }
}

bool overlaps(const raw_match& a, const raw_match& b) {
  return a.secret_begin < b.secret_end && b.secret_begin < a.secret_end;
}

// Generic rules yield to specific ones; the same span found twice is kept once.
void resolve_overlaps(const compiled_rules& rules, std::vector<raw_match>& found) {
  std::sort(found.begin(), found.end(), [](const raw_match& a, const raw_match& b) {
    return a.secret_begin != b.secret_begin ? a.secret_begin < b.secret_begin : a.rule < b.rule;
  });
  std::vector<raw_match> kept;
  kept.reserve(found.size());
  for (const auto& m : found) {
    const bool generic = rules.rules[m.rule].info.generic;
    bool drop = false;
    // Matches are sorted by start; a neighbour within the last few kept ones is
    // all that can overlap in practice, and the bound keeps hostile input linear.
    int budget = 64;
    for (auto it = kept.rbegin(); it != kept.rend() && budget-- > 0; ++it) {
      if (!overlaps(*it, m)) continue;
      const bool other_generic = rules.rules[it->rule].info.generic;
      if (it->secret_begin == m.secret_begin && it->secret_end == m.secret_end &&
          generic == other_generic) {
        drop = true;  // same span, same class: the first rule wins
      } else if (generic && !other_generic) {
        drop = true;
      } else if (!generic && other_generic) {
        it->rule = UINT32_MAX;  // mark the earlier generic match for removal
      }
      if (drop) break;
    }
    if (!drop) kept.push_back(m);
  }
  kept.erase(std::remove_if(kept.begin(), kept.end(), [](const raw_match& m) { return m.rule == UINT32_MAX; }),
             kept.end());
  found.swap(kept);
}

}  // namespace

void find_matches(const compiled_rules& rules, std::string_view data,
                  const std::vector<std::pair<std::size_t, std::size_t>>& segments,
                  match_scratch& scratch, std::vector<raw_match>& out) {
  if (rules.rules.empty() || data.empty()) return;
  if (rules.prefilter.scan(data, scratch.rule_hits) == 0) return;
  std::vector<raw_match> found;
  for (std::uint32_t r = 0; r < rules.rules.size(); ++r) {
    if (!scratch.rule_hits[r]) continue;
    if (segments.empty()) {
      run_rule(rules, r, data, 0, data.size(), found);
    } else {
      for (const auto& [b, e] : segments) run_rule(rules, r, data, b, e, found);
    }
  }
  if (found.empty()) return;
  resolve_overlaps(rules, found);
  out.insert(out.end(), found.begin(), found.end());
}

}  // namespace nhi::detail
