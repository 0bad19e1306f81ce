// SPDX-License-Identifier: Apache-2.0
#include "source/buffer_scan.hpp"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <thread>
#include <unordered_map>

#include "analyze/binary_stores.hpp"
#include "decode/decoders.hpp"
#include "finding/fingerprint.hpp"
#include "match/matcher.hpp"
#include "match/saved_page.hpp"
#include "nhi/config.hpp"
#include "util/glob.hpp"
#include "util/text.hpp"

namespace nhi::detail {
namespace {

// The windows `data` is matched in: empty (the whole buffer at once) unless a
// line is longer than `max_line`; then the buffer is cut into windows of
// `max_line` bytes overlapping by `overlap` (at least twice the overlap), so a
// secret anywhere in a line of any length is found, whole, with its column,
// while RE2 and the decoders only ever see a bounded stretch at a time.
std::vector<std::pair<std::size_t, std::size_t>> scan_windows(std::string_view data, std::uint64_t max_line,
                                                              std::size_t overlap) {
  std::vector<std::pair<std::size_t, std::size_t>> windows;
  if (data.size() <= max_line) return windows;
  bool any_long = false;
  for (std::size_t line_begin = 0; line_begin < data.size() && !any_long;) {
    const void* nl = std::memchr(data.data() + line_begin, '\n', data.size() - line_begin);
    const std::size_t line_end = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - data.data())
                                    : data.size();
    any_long = line_end - line_begin > max_line;
    line_begin = line_end + 1;
  }
  if (!any_long) return windows;
  const std::size_t size = static_cast<std::size_t>(
      std::max<std::uint64_t>(max_line, 2 * static_cast<std::uint64_t>(overlap)));
  for (std::size_t b = 0;; b += size - overlap) {
    const std::size_t e = std::min(data.size(), b + size);
    windows.emplace_back(b, e);
    if (e == data.size()) break;
  }
  return windows;
}

// An inline marker on the secret's line: ours, and those of gitleaks and
// detect-secrets so that a repository migrating keeps its annotations.
// `previous` is the line before (detect-secrets' "nextline" form).
bool allowed_by_comment(std::string_view line, std::string_view previous, bool foreign) {
  if (line.find("nhi:allow") != std::string_view::npos) return true;
  if (!foreign) return false;
  return line.find("gitleaks:allow") != std::string_view::npos ||
         line.find("pragma: allowlist secret") != std::string_view::npos ||
         previous.find("pragma: allowlist nextline secret") != std::string_view::npos;
}

bool path_allowed(const scan_options& options, const std::string& path) {
  for (const auto& g : options.allow_paths)
    if (glob_match(g, path)) return true;
  return false;
}

// Multi-part credentials become one finding (rule_info::companion): the
// nearest companion within range is attached (on a tie, the first found) and
// its own finding dropped. Works on the findings this buffer added, out[first..].
// `allowed[i - first]` says out[i] is suppressed: a pair is suppressed when
// either half is (allowing an AWS secret also allows its key id).
void pair_companions(const compiled_rules& rules, std::vector<finding>& out, std::size_t first,
                     std::vector<char>& allowed) {
  auto companion_of = [&](const finding& f) -> const compiled_rule* {
    auto it = rules.by_id.find(f.rule_id);
    if (it == rules.by_id.end() || rules.rules[it->second].companion < 0) return nullptr;
    return &rules.rules[it->second];
  };
  // The findings of each wanted companion rule, by (line, index): the nearest
  // is found by binary search, so a file full of key pairs stays linear-ish.
  using place = std::pair<std::uint64_t, std::size_t>;
  std::unordered_map<std::string, std::vector<place>> candidates;
  for (std::size_t i = first; i < out.size(); ++i)
    if (const compiled_rule* r = companion_of(out[i]))
      candidates.emplace(rules.rules[static_cast<std::size_t>(r->companion)].info.id, std::vector<place>{});
  if (candidates.empty()) return;
  for (std::size_t j = first; j < out.size(); ++j)
    if (auto it = candidates.find(out[j].rule_id); it != candidates.end()) it->second.emplace_back(out[j].line, j);
  for (auto& [id, places] : candidates) std::sort(places.begin(), places.end());

  std::vector<bool> consumed(out.size(), false), dropped(out.size(), false);
  for (std::size_t i = first; i < out.size(); ++i) {
    const compiled_rule* r = companion_of(out[i]);
    if (!r) continue;
    const std::vector<place>& c = candidates[rules.rules[static_cast<std::size_t>(r->companion)].info.id];
    const std::uint64_t line = out[i].line;
    // Nearest at or after the line (skipping this finding itself), and the
    // first of the nearest line before it: the smallest index at each line.
    auto at_or_after = std::lower_bound(c.begin(), c.end(), place{line, 0});
    auto above = at_or_after;
    while (above != c.end() && above->second == i) ++above;
    auto below = c.end();
    if (at_or_after != c.begin()) below = std::lower_bound(c.begin(), c.end(), place{std::prev(at_or_after)->first, 0});
    std::size_t best = out.size();
    std::uint64_t best_distance = 0;
    for (auto it : {above, below}) {
      if (it == c.end()) continue;
      const std::uint64_t d = it->first > line ? it->first - line : line - it->first;
      if (d > r->info.companion_within_lines) continue;
      if (best == out.size() || d < best_distance || (d == best_distance && it->second < best)) {
        best = it->second;
        best_distance = d;
      }
    }
    if (best == out.size()) {
      if (r->info.companion_required) dropped[i] = true;
      continue;
    }
    const finding& other = out[best];
    out[i].companion = companion_match{other.rule_id, other.fingerprint, other.redacted, other.line};
    if (out[i].external_id.empty()) out[i].external_id = other.external_id;
    consumed[best] = true;
    if (allowed[best - first]) allowed[i - first] = 1;
  }
  std::size_t w = first;
  for (std::size_t i = first; i < out.size(); ++i)
    if (!consumed[i] && !dropped[i]) {
      if (w != i) {
        out[w] = std::move(out[i]);
        allowed[w - first] = allowed[i - first];
      }
      ++w;
    }
  out.resize(w);
  allowed.resize(w - first);
}

}  // namespace

namespace {

// The decoders over `data`, around a git delta (matcher.hpp, delta_context)
// when they can be: a blob whose base decoded to nothing anywhere is searched
// only on the lines its delta touched (lines_touching: the decoders are
// line-local, and every other line decoded to nothing in the base). The
// blob's record then says whether it decoded to nothing, for its own deltas.
// Not around a delta: a buffer cut into windows (a long line), or one so large
// that the decoded-bytes budget (kMaxDecodedBytes) could run out, which would
// make "nothing" depend on where the search began.
void run_decoders(const compiled_rules& rules, std::string_view data,
                  const std::vector<std::pair<std::size_t, std::size_t>>& segments, match_scratch& scratch,
                  std::vector<decoded_match>& decoded) {
  // (The budget bound: decoded bytes are at most the input's, once per layer.)
  const delta_context* delta =
      data.size() <= kMaxDecodedBytes / 4 ? delta_context::of(scratch.delta, data, segments) : nullptr;
  const prefilter_record* base = delta ? delta->base : nullptr;
  if (base && base->decode_complete && base->decoded_nothing && delta->changed) {
    find_encoded_matches(rules, data, lines_touching(data, *delta->changed), scratch, decoded);
  } else {
    find_encoded_matches(rules, data, segments, scratch, decoded);
  }
  if (delta && delta->record) {
    delta->record->decode_complete = true;
    delta->record->decoded_nothing = decoded.empty();
  }
}

void scan_text_buffer(const compiled_rules& rules, const scan_options& options, std::string_view data,
                      const origin& where, match_scratch& scratch, std::vector<finding>& out,
                      std::vector<diagnostic>* diagnostics, buffer_counters& counters);
}  // namespace

void scan_one_buffer(const compiled_rules& rules, const scan_options& options, std::string_view data,
                     const origin& where, match_scratch& scratch, std::vector<finding>& out,
                     std::vector<diagnostic>* diagnostics, buffer_counters& counters) {
  // UTF-16 text (Windows tools, PowerShell redirections, .reg exports) is all
  // NUL bytes to the binary check: it is decoded and scanned as UTF-8, its
  // findings at their line and column in the decoded text.
  if (const utf16_encoding encoding = detect_utf16(data); encoding != utf16_encoding::none) {
    const std::string text = utf16_to_utf8(data, encoding);
    const std::size_t first = out.size();
    scan_text_buffer(rules, options, text, where, scratch, out, diagnostics, counters);
    const std::string layer = encoding == utf16_encoding::little_endian ? "utf-16le" : "utf-16be";
    for (std::size_t k = first; k < out.size(); ++k)
      out[k].decoded = out[k].decoded.empty() ? layer : layer + "/" + out[k].decoded;
    return;
  }
  scan_text_buffer(rules, options, data, where, scratch, out, diagnostics, counters);
}

namespace {

void scan_text_buffer(const compiled_rules& rules, const scan_options& options, std::string_view data,
                      const origin& where, match_scratch& scratch, std::vector<finding>& out,
                      std::vector<diagnostic>* diagnostics, buffer_counters& counters) {
  const bool binary = looks_binary(data);
  if (binary) {
    counters.binary = true;
    if (diagnostics) diagnostics->push_back({diagnostic::kind::binary, where.path, 0, "binary file: skipped"});
    // A store encrypted whole (DBeaver's credentials-config.json) is skipped
    // by the rules, but the detectors still read it: the structure analyzer
    // decrypts its saved logins.
    if (options.detectors.empty() || !is_analyzed_binary_store(where.path)) return;
  }
  const std::size_t bad = binary ? std::string_view::npos : first_invalid_utf8(data);
  line_index lines(data);
  if (bad != std::string_view::npos && diagnostics)
    diagnostics->push_back({diagnostic::kind::invalid_utf8, where.path, lines.line_of(bad),
                            "invalid UTF-8; scanned as bytes"});

  const std::size_t first_new = out.size();
  std::vector<raw_match> matches;
  std::vector<decoded_match> decoded;
  if (!binary) {
    const auto segments = scan_windows(data, options.max_line_length, rules.window_overlap);
    find_matches(rules, data, segments, scratch, matches);
    if (options.decode) run_decoders(rules, data, segments, scratch, decoded);
    // A catch-all's name cut by a wrapped base64 block's line (decoders.hpp).
    decoded.erase(std::remove_if(decoded.begin(), decoded.end(), [](const decoded_match& d) { return d.name_cut; }),
                  decoded.end());
    // A page saved from a site: what its strings decode to is that site's too
    // (YouTube's ytcfg ID_TOKEN, a JSON-escaped base64 value).
    const auto catch_all = [&](const decoded_match& d) { return catch_all_rule(rules.rules[d.location.rule].info); };
    if (std::any_of(decoded.begin(), decoded.end(), catch_all) && saved_web_page(data))
      decoded.erase(std::remove_if(decoded.begin(), decoded.end(), catch_all), decoded.end());
  }

  std::vector<detection> detected;
  for (const auto& d : options.detectors) {
    const std::size_t before = detected.size();
    if (status s = d->detect(data, where, detected); !s) {
      detected.resize(before);
      if (diagnostics)
        diagnostics->push_back(
            {diagnostic::kind::error, where.path, s.line(), "detector '" + d->name() + "': " + s.message()});
    }
  }

  // Bounded output: the first N matches of the file are reported (plain,
  // then decoded, then from detectors: all three count), and the cut is said
  // (and makes the scan incomplete, so the gate cannot pass). Decoded matches
  // once escaped the cap: 20,000 base64-wrapped tokens gave 20,000 findings.
  const std::size_t cap = options.max_findings_per_file;
  const std::size_t total = matches.size() + decoded.size() + detected.size();
  if (cap && total > cap) {
    std::uint64_t cut_line = 0;
    if (matches.size() > cap)
      cut_line = lines.line_of(matches[cap].secret_begin);
    else if (matches.size() + decoded.size() > cap)
      cut_line = lines.line_of(decoded[cap - matches.size()].location.secret_begin);
    if (diagnostics)
      diagnostics->push_back({diagnostic::kind::error, where.path, cut_line,
                              std::to_string(total) + " matches in one file: only the first " + std::to_string(cap) +
                                  " are reported"});
    matches.resize(std::min(matches.size(), cap));
    decoded.resize(std::min(decoded.size(), cap - matches.size()));
    detected.resize(std::min(detected.size(), cap - matches.size() - decoded.size()));
  }

  if (matches.empty() && decoded.empty() && detected.empty()) return;
  const bool allowed_path =
      path_allowed(options, where.path) || (!where.relative_path.empty() && path_allowed(options, where.relative_path));

  // Allow-comments and allowlists: whether the secret at `offset` is
  // suppressed. Suppressed findings are kept until companions are paired, so
  // that allowing one half of a pair allows the other.
  std::vector<char> allowed;
  // allow_fingerprints may hold keyed fingerprints (from a report) or portable
  // ones (committed with the repository; finding::portable_fingerprint).
  auto allowed_fingerprint = [&](const std::string& fp, const std::string& portable) {
    return fingerprint_allowed(options.allow_fingerprints, fp) ||
           fingerprint_allowed(options.allow_fingerprints, portable);
  };
  // Whether a line carries an allow marker, read once per line: a minified
  // line of thousands of findings is searched once, not once per finding.
  std::unordered_map<std::size_t, bool> line_allowed;
  auto suppressed = [&](std::size_t line_offset, const std::string& fp, const std::string& portable) -> char {
    const std::pair<std::size_t, std::size_t> bounds = lines.line_bounds(line_offset);
    const std::size_t line_begin = bounds.first, line_end = bounds.second;
    auto [it, fresh] = line_allowed.emplace(line_begin, false);
    if (fresh) {
      const std::string_view line_text = data.substr(line_begin, line_end - line_begin);
      std::string_view previous;
      if (line_begin > 0) {
        const auto [prev_begin, prev_end] = lines.line_bounds(line_begin - 1);
        previous = data.substr(prev_begin, prev_end - prev_begin);
      }
      it->second = allowed_by_comment(line_text, previous, options.foreign_allow_markers);
    }
    return allowed_path || it->second || allowed_fingerprint(fp, portable);
  };
  // The UTF-16 column of the last finding, to count the next one's on the
  // same line from there (findings come mostly in order; else from the line's start).
  struct column_mark {
    std::size_t line_begin = std::string_view::npos, offset = 0;
    std::uint64_t column = 0;
  } last_column;
  auto column_utf16 = [&](std::size_t line_begin, std::size_t offset) {
    std::uint64_t column;
    // (From an ASCII byte only: a count from the line's start reaches it there too.)
    if (last_column.line_begin == line_begin && last_column.offset <= offset && last_column.offset < data.size() &&
        static_cast<unsigned char>(data[last_column.offset]) < 0x80)
      column = last_column.column + utf16_column(data, last_column.offset, offset) - 1;
    else
      column = utf16_column(data, line_begin, offset);
    last_column = {line_begin, offset, column};
    return column;
  };
  // A finding for the secret at `offset`, described by a rule or a detection.
  auto make_finding = [&](const std::string& id, const std::string& name, const std::string& provider,
                          const std::string& kind, severity level, std::string fingerprint, std::string portable,
                          std::size_t offset, std::string_view secret) {
    finding f;
    f.rule_id = id;
    f.rule_name = name;
    f.provider = provider;
    f.kind = kind;
    f.level = level;
    f.fingerprint = std::move(fingerprint);
    f.path = where.path;
    f.line = lines.line_of(offset);
    f.column = lines.column_of(offset);
    f.column_utf16 = column_utf16(lines.line_bounds(offset).first, offset);
    f.portable_fingerprint = std::move(portable);
    f.redacted = redact(secret);
    if (options.capture_secrets) f.secret = std::string(secret);
    f.git = where.git;
    return f;
  };

  auto emit = [&](const raw_match& m, std::string_view secret, const std::string& layer) {
    std::string fp = fingerprint_of(secret);
    std::string portable = sha256_hex(secret);
    const char hidden = suppressed(m.match_begin, fp, portable);
    const rule_info& r = rules.rules[m.rule].info;
    finding f = make_finding(r.id, r.name, r.provider, r.kind, r.level, std::move(fp), std::move(portable),
                             m.secret_begin, secret);
    f.decoded = layer;
    if (r.identifier) f.external_id = std::string(secret);  // a public id, safe to keep
    out.push_back(std::move(f));
    allowed.push_back(hidden);
  };

  // A secret found both as encoded text and decoded is one finding, reported
  // decoded: the plaintext fingerprint is what joins it to the same secret seen
  // elsewhere in the clear. A decoded generic match never displaces a specific
  // rule's plain match, though.
  auto spans_overlap = [](const raw_match& a, const raw_match& b) {
    return a.secret_begin < b.secret_end && b.secret_begin < a.secret_end;
  };
  std::vector<bool> plain_superseded(matches.size(), false);
  std::vector<bool> decoded_superseded(decoded.size(), false);
  // The plain matches by start, with the running maximum of their ends: those
  // overlapping a decoded span are found by a binary search and a short walk
  // back (a pass over all of them per decoded span was quadratic in a file
  // full of secrets).
  std::vector<std::size_t> by_begin(matches.size());
  for (std::size_t j = 0; j < matches.size(); ++j) by_begin[j] = j;
  std::stable_sort(by_begin.begin(), by_begin.end(), [&](std::size_t a, std::size_t b) {
    return matches[a].secret_begin < matches[b].secret_begin;
  });
  std::vector<std::size_t> max_end(matches.size());
  for (std::size_t k = 0; k < by_begin.size(); ++k)
    max_end[k] = std::max(k ? max_end[k - 1] : 0, matches[by_begin[k]].secret_end);
  for (std::size_t i = 0; i < decoded.size(); ++i) {
    const raw_match& d = decoded[i].location;
    const bool d_generic = rules.rules[d.rule].info.generic;
    const std::size_t after = static_cast<std::size_t>(
        std::partition_point(by_begin.begin(), by_begin.end(),
                             [&](std::size_t j) { return matches[j].secret_begin < d.secret_end; }) -
        by_begin.begin());
    for (std::size_t k = after; k-- > 0 && max_end[k] > d.secret_begin;) {
      const std::size_t j = by_begin[k];
      if (!spans_overlap(matches[j], d)) continue;
      const bool m_generic = rules.rules[matches[j].rule].info.generic;
      if (matches[j].rule == d.rule || (m_generic && !d_generic))
        plain_superseded[j] = true;
      else if (d_generic && !m_generic)
        decoded_superseded[i] = true;
      else if (decoded[i].secret == data.substr(matches[j].secret_begin, matches[j].secret_end - matches[j].secret_begin))
        // The same value read by two rules of one class, once through a
        // decoder (a TOTP seed in a percent-encoded otpauth URI): one finding,
        // as two plain matches of one span are.
        decoded_superseded[i] = true;
    }
  }
  for (std::size_t j = 0; j < matches.size(); ++j)
    if (!plain_superseded[j])
      emit(matches[j], data.substr(matches[j].secret_begin, matches[j].secret_end - matches[j].secret_begin), {});
  for (std::size_t i = 0; i < decoded.size(); ++i)
    if (!decoded_superseded[i]) emit(decoded[i].location, decoded[i].secret, decoded[i].layer);
  for (const auto& d : detected) {
    if (d.offset > data.size() || d.length > data.size() - d.offset || d.length == 0) {
      if (diagnostics)
        diagnostics->push_back({diagnostic::kind::error, where.path, 0,
                                "detection '" + d.rule_id + "' lies outside the buffer: ignored"});
      continue;
    }
    const std::string_view secret = data.substr(d.offset, d.length);
    std::string fp = fingerprint_of(secret);
    std::string portable = sha256_hex(secret);
    const char hidden = suppressed(d.offset, fp, portable);
    out.push_back(make_finding(d.rule_id, d.rule_name, d.provider, d.kind, d.level, std::move(fp), std::move(portable),
                               d.offset, secret));
    allowed.push_back(hidden);
  }
  pair_companions(rules, out, first_new, allowed);
  std::size_t w = first_new;
  for (std::size_t i = first_new; i < out.size(); ++i) {
    if (allowed[i - first_new]) {
      ++counters.suppressed;
      continue;
    }
    if (w != i) out[w] = std::move(out[i]);
    ++w;
  }
  out.resize(w);
}

}  // namespace

bool scan_limit_reached(std::size_t limit, scan_stats& stats, finding_sink& sink, std::size_t keep_per_kind) {
  if (limit == 0 || stats.findings < limit) return false;
  diagnostic d{diagnostic::kind::error, "", 0,
               "more than " + std::to_string(limit) + " findings in one scan: the scan stopped there"};
  sink.on_diagnostic(d);
  add_diagnostic(stats, std::move(d), keep_per_kind);
  stats.stopped = true;
  return true;
}

unsigned worker_threads(const scan_options& options) {
  return options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace nhi::detail
