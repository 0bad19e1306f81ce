// SPDX-License-Identifier: Apache-2.0
// nhi_accuracy — measures detection precision and recall against labelled material.
//
//   nhi_accuracy --corpus tests/corpus [--thresholds FILE] [--rules DIR] [--quiet]
//       Scans tests/corpus/files with the rules (built-in unless --rules), without
//       any allowlist, and matches findings to tests/corpus/labels.jsonl: a finding
//       is a true positive when a positive label has its path and line and lists
//       its provider. Prints precision and recall per family and overall, and every
//       false positive and false negative. With --thresholds, exits 1 when overall
//       precision or recall is below the file's minimums.
//
//   nhi_accuracy --np FILE [--skip ID_OR_FAMILY,...] [--rules DIR] [--quiet]
//       Scans each text of a JSONL file of labelled samples ({id, name, kind:
//       positive|negative, text}, e.g. Nosey Parker's rule examples) as one buffer;
//       a positive counts as found when any finding is reported. Reports figures
//       (1) for all samples as labelled, (2) without the GitHub/npm token
//       positives whose CRC32 checksum is invalid (strings no issuer produces) and
//       without negatives that are word for word a positive of another rule, and
//       (3) as (2) without the rule ids or families given to --skip (rules whose
//       "secrets" are public identifiers or hashes: ARNs, bucket names, client ids).
//
// Uses only the public API (nhi/nhi.hpp). Exit codes: 0 ok, 1 below thresholds,
// 2 usage or input error.
#include <nhi/nhi.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct label {
  std::string path;
  std::uint64_t line = 0;
  std::string family;
  std::vector<std::string> providers;
  bool positive = false;
  bool optional = false;
  std::string note;
  bool matched = false;
};

struct options {
  std::string corpus;
  std::string np;
  std::string rules;
  std::string thresholds;
  std::string skip_families;  // --np --skip: rule ids or families excluded from the third figure
  bool quiet = false;
};

int usage(const char* msg) {
  std::fprintf(stderr,
               "%s\nusage: nhi_accuracy --corpus DIR [--thresholds FILE] [--rules DIR] [--quiet]\n"
               "       nhi_accuracy --np FILE [--skip ID_OR_FAMILY,...] [--rules DIR] [--quiet]\n",
               msg);
  return 2;
}

bool read_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

// Calls each() on every non-empty line of a JSON Lines file. A line that is
// not JSON, or that each() rejects by throwing, is reported as path:line.
// Returns 0, or the exit code of the error.
int for_each_json_line(const std::string& path, const std::function<void(const nlohmann::json&)>& each) {
  std::string text;
  if (!read_file(path, text)) return usage(("cannot read " + path).c_str());
  std::istringstream lines(text);
  std::string line;
  std::uint64_t lineno = 0;
  while (std::getline(lines, line)) {
    ++lineno;
    if (line.empty()) continue;
    try {
      each(nlohmann::json::parse(line));
    } catch (const std::exception& e) {
      std::fprintf(stderr, "%s:%llu: %s\n", path.c_str(), static_cast<unsigned long long>(lineno), e.what());
      return 2;
    }
  }
  return 0;
}

double ratio(std::size_t a, std::size_t b) { return b == 0 ? 1.0 : static_cast<double>(a) / static_cast<double>(b); }

std::string pct(std::size_t a, std::size_t b) {
  if (b == 0) return "    -";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%5.3f", ratio(a, b));
  return buf;
}

nhi::result<nhi::rule_set> load_rules(const options& o) {
  if (o.rules.empty()) return nhi::rule_set::builtin();
  return nhi::rule_set::load({o.rules});
}

// ---- corpus -----------------------------------------------------------------

struct family_stats {
  std::size_t positives = 0, tp = 0, fp = 0, negatives = 0, negatives_flagged = 0;
};

struct problem {
  std::string where, what, note;
};

int run_corpus(const options& o) {
  const std::string files_dir = o.corpus + "/files";
  std::vector<label> labels;
  const int read = for_each_json_line(o.corpus + "/labels.jsonl", [&labels](const nlohmann::json& j) {
    label l;
    l.path = j.at("path").get<std::string>();
    l.line = j.at("line").get<std::uint64_t>();
    l.family = j.at("family").get<std::string>();
    l.providers = j.value("providers", std::vector<std::string>{});
    l.positive = j.at("positive").get<bool>();
    l.optional = j.value("optional", false);
    l.note = j.value("note", std::string{});
    labels.push_back(std::move(l));
  });
  if (read != 0) return read;

  auto rules = load_rules(o);
  if (!rules) return usage(rules.error().to_string().c_str());
  nhi::scan_options so;  // no allowlists, no excludes: the corpus is scanned as is
  so.capture_secrets = true;  // only to tell identifier findings apart; never printed
  nhi::scanner sc(std::move(*rules), so);
  nhi::collecting_sink sink;
  auto stats = sc.scan_paths({files_dir}, sink);
  if (!stats) return usage(stats.error().to_string().c_str());
  sink.sort();

  std::map<std::pair<std::string, std::uint64_t>, std::vector<std::size_t>> at;
  for (std::size_t i = 0; i < labels.size(); ++i) at[{labels[i].path, labels[i].line}].push_back(i);

  // Which family a provider's findings count under (for precision).
  std::map<std::string, std::string> provider_family;
  for (const auto& l : labels)
    if (l.positive && !l.providers.empty()) provider_family.emplace(l.providers.front(), l.family);
  for (const auto& l : labels)
    if (l.positive)
      for (const auto& p : l.providers) provider_family.emplace(p, l.family);
  auto family_of = [&](const std::string& provider) {
    auto it = provider_family.find(provider);
    return it == provider_family.end() ? provider : it->second;
  };
  auto lists = [](const label& l, const std::string& provider) {
    return std::find(l.providers.begin(), l.providers.end(), provider) != l.providers.end();
  };

  std::map<std::string, family_stats> fam;
  std::size_t tp = 0, fp = 0, fn = 0, duplicates = 0, identifiers = 0, positives = 0, negatives = 0, neg_flagged = 0;
  std::vector<problem> fps, fns, ids;
  std::set<std::pair<std::string, std::uint64_t>> lines_with_findings;

  const std::string prefix = files_dir + "/";
  for (const auto& f : sink.findings()) {
    std::string path = f.path;
    if (path.compare(0, prefix.size(), prefix) == 0) path.erase(0, prefix.size());
    const auto key = std::make_pair(path, f.line);
    const auto it = at.find(key);
    std::vector<std::size_t> none;
    const auto& cands = it == at.end() ? none : it->second;
    label* hit = nullptr;
    for (std::size_t i : cands)
      if (labels[i].positive && !labels[i].optional && !labels[i].matched && lists(labels[i], f.provider)) { hit = &labels[i]; break; }
    if (hit) {
      lines_with_findings.insert(key);
      hit->matched = true;
      ++tp;
      ++fam[hit->family].tp;
      continue;
    }
    for (std::size_t i : cands)
      if (labels[i].optional && !labels[i].matched && lists(labels[i], f.provider)) { hit = &labels[i]; break; }
    if (hit) {
      hit->matched = true;
      ++identifiers;
      continue;
    }
    // A rule marked `identifier` reports a public id (an AWS key id, an Entra
    // client id) with the id itself as external_id. Where no label expects it,
    // it is inventory evidence, not a claimed secret: listed, not counted.
    if (!f.external_id.empty() && f.external_id == f.secret) {
      ++identifiers;
      ids.push_back({path + ":" + std::to_string(f.line), f.rule_id, ""});
      continue;
    }
    lines_with_findings.insert(key);
    bool dup = false, on_positive = false, on_negative = false;
    for (std::size_t i : cands) {
      if (labels[i].positive && lists(labels[i], f.provider)) dup = true;
      if (labels[i].positive) on_positive = true;
      else on_negative = true;
    }
    if (dup) { ++duplicates; continue; }
    ++fp;
    ++fam[family_of(f.provider)].fp;
    std::string note;
    for (std::size_t i : cands) note += (note.empty() ? "" : "; ") + labels[i].note;
    fps.push_back({path + ":" + std::to_string(f.line),
                   f.rule_id + (f.decoded.empty() ? "" : " [" + f.decoded + "]") +
                       (on_positive ? " (wrong provider)" : on_negative ? " (labelled negative)" : " (unlabelled line)"),
                   note});
  }
  for (auto& l : labels) {
    auto& s = fam[l.family];
    if (l.positive && !l.optional) {
      ++positives;
      ++s.positives;
      if (!l.matched) {
        ++fn;
        const bool other = lines_with_findings.count({l.path, l.line}) != 0;
        fns.push_back({l.path + ":" + std::to_string(l.line), l.family + (other ? " (another rule fired on the line)" : ""), l.note});
      }
    } else if (!l.positive) {
      ++negatives;
      ++s.negatives;
      if (lines_with_findings.count({l.path, l.line})) { ++neg_flagged; ++s.negatives_flagged; }
    }
  }

  const double precision = ratio(tp, tp + fp), recall = ratio(tp, tp + fn);
  {
    std::printf("corpus %s: %zu files, %zu positives, %zu negatives, %zu rules\n", o.corpus.c_str(),
                static_cast<std::size_t>(stats->files_scanned), positives, negatives, sc.rules().size());
    if (!o.quiet) {
      std::printf("\n%-16s %5s %5s %5s %7s %5s %9s %5s %7s\n", "family", "pos", "tp", "fn", "recall", "fp", "precision",
                  "neg", "neg-hit");
      for (const auto& [name, s] : fam)
        std::printf("%-16s %5zu %5zu %5zu %7s %5zu %9s %5zu %7zu\n", name.c_str(), s.positives, s.tp,
                    s.positives - s.tp, pct(s.tp, s.positives).c_str(), s.fp, pct(s.tp, s.tp + s.fp).c_str(),
                    s.negatives, s.negatives_flagged);
      std::printf("\nfalse negatives (%zu):\n", fns.size());
      for (const auto& p : fns) std::printf("  %-60s %s — %s\n", p.where.c_str(), p.what.c_str(), p.note.c_str());
      std::printf("\nidentifier findings outside labels (%zu, not counted):\n", ids.size());
      for (const auto& p : ids) std::printf("  %-60s %s\n", p.where.c_str(), p.what.c_str());
      std::printf("\nfalse positives (%zu):\n", fps.size());
      for (const auto& p : fps) std::printf("  %-60s %s%s%s\n", p.where.c_str(), p.what.c_str(), p.note.empty() ? "" : " — ", p.note.c_str());
      std::printf("\n");
    }
    std::printf("overall: tp %zu, fp %zu, fn %zu (duplicates %zu, identifiers %zu, negatives flagged %zu/%zu)\n", tp, fp,
                fn, duplicates, identifiers, neg_flagged, negatives);
    std::printf("precision %.4f  recall %.4f\n", precision, recall);
  }

  if (!o.thresholds.empty()) {
    std::string t;
    if (!read_file(o.thresholds, t)) return usage(("cannot read " + o.thresholds).c_str());
    double min_p = 0, min_r = 0;
    std::istringstream ts(t);
    std::string tl;
    while (std::getline(ts, tl)) {
      if (tl.empty() || tl[0] == '#') continue;
      std::istringstream ls(tl);
      std::string k;
      double v = 0;
      if (!(ls >> k >> v)) return usage(("malformed line in " + o.thresholds + ": " + tl).c_str());
      if (k == "precision") min_p = v;
      else if (k == "recall") min_r = v;
      else return usage(("unknown key in " + o.thresholds + ": " + k).c_str());
    }
    bool ok = true;
    if (precision + 1e-9 < min_p) { std::printf("FAIL: precision %.4f below %.4f\n", precision, min_p); ok = false; }
    if (recall + 1e-9 < min_r) { std::printf("FAIL: recall %.4f below %.4f\n", recall, min_r); ok = false; }
    if (!ok) return 1;
    std::printf("ok: precision >= %.4f, recall >= %.4f\n", min_p, min_r);
  }
  return 0;
}

// ---- Nosey Parker style samples ---------------------------------------------

std::uint32_t crc32(std::string_view s) {
  static const auto table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  std::uint32_t c = 0xFFFFFFFFu;
  for (unsigned char ch : s) c = table[(c ^ ch) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

bool checksum_ok(const std::string& token) {  // prefix_ + 30 + 6
  const std::string body = token.substr(4, 30), check = token.substr(34, 6);
  std::uint32_t c = crc32(body);
  static const char* alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  std::string enc(6, '0');
  for (int i = 5; i >= 0; --i) { enc[static_cast<std::size_t>(i)] = alphabet[c % 62]; c /= 62; }
  return enc == check;
}

// True when the text holds checksummed-format tokens and none is valid.
bool checksum_invalid_sample(const std::string& text) {
  static const std::regex tok(R"((?:^|[^A-Za-z0-9_])((?:gh[pousr]|npm)_[A-Za-z0-9]{36})(?![A-Za-z0-9_]))");
  bool any = false;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), tok); it != std::sregex_iterator(); ++it) {
    any = true;
    if (checksum_ok((*it)[1].str())) return false;
  }
  return any;
}

struct np_stats {
  std::size_t pos = 0, tp = 0, neg = 0, fp = 0;
};

void print_np(const char* title, const std::map<std::string, np_stats>& fam, bool per_family) {
  np_stats all;
  for (const auto& [_, s] : fam) { all.pos += s.pos; all.tp += s.tp; all.neg += s.neg; all.fp += s.fp; }
  if (per_family) {
    std::printf("\n%s\n%-22s %5s %5s %7s %5s %5s %9s\n", title, "family", "pos", "tp", "recall", "neg", "fp", "precision");
    for (const auto& [name, s] : fam)
      std::printf("%-22s %5zu %5zu %7s %5zu %5zu %9s\n", name.c_str(), s.pos, s.tp, pct(s.tp, s.pos).c_str(), s.neg, s.fp,
                  pct(s.tp, s.tp + s.fp).c_str());
  }
  std::printf("%s: positives %zu, found %zu, recall %.4f; negatives %zu, flagged %zu; precision %.4f\n", title, all.pos,
              all.tp, ratio(all.tp, all.pos), all.neg, all.fp, ratio(all.tp, all.tp + all.fp));
}

struct np_sample {
  std::string id, family, name, text, rules_hit;
  bool positive = false, found = false, checksum_invalid = false, cross_rule = false;
};

int run_np(const options& o) {
  auto rules = load_rules(o);
  if (!rules) return usage(rules.error().to_string().c_str());
  nhi::scanner sc(std::move(*rules), nhi::scan_options{});

  std::vector<np_sample> samples;
  const int read = for_each_json_line(o.np, [&](const nlohmann::json& j) {
    np_sample s;
    s.id = j.value("id", std::string{});
    s.name = j.value("name", std::string{});
    s.text = j.value("text", std::string{});
    s.positive = j.value("kind", std::string{}) == "positive";
    s.family = s.id;
    if (auto a = s.family.find('.'); a != std::string::npos) {
      s.family.erase(0, a + 1);
      if (auto b = s.family.find('.'); b != std::string::npos) s.family.erase(b);
    }
    std::vector<nhi::finding> found;
    sc.scan_buffer(s.text, nhi::origin{"sample", std::nullopt, {}}, found);
    s.found = !found.empty();
    for (const auto& f : found) s.rules_hit += (s.rules_hit.empty() ? "" : ",") + f.rule_id;
    s.checksum_invalid = s.positive && checksum_invalid_sample(s.text);
    samples.push_back(std::move(s));
  });
  if (read != 0) return read;
  // A negative of one rule that is, word for word, a positive of another (a
  // Slack user token is a negative example of the bot-token rule) is not a
  // text a scanner should stay silent on.
  std::set<std::string> positive_texts;
  for (const auto& s : samples)
    if (s.positive) positive_texts.insert(s.text);
  for (auto& s : samples)
    if (!s.positive && positive_texts.count(s.text)) s.cross_rule = true;

  std::set<std::string> skip;
  for (std::size_t b = 0; b < o.skip_families.size();) {
    auto e = o.skip_families.find(',', b);
    if (e == std::string::npos) e = o.skip_families.size();
    if (e > b) skip.insert(o.skip_families.substr(b, e - b));
    b = e + 1;
  }

  std::map<std::string, np_stats> all, adjusted, secrets_only;
  std::size_t invalid = 0, invalid_found = 0, cross = 0;
  for (const auto& s : samples) {
    auto count = [&](np_stats& st) {
      if (s.positive) { ++st.pos; if (s.found) ++st.tp; }
      else { ++st.neg; if (s.found) ++st.fp; }
    };
    count(all[s.family]);
    invalid += s.checksum_invalid;
    invalid_found += s.checksum_invalid && s.found;
    cross += s.cross_rule;
    if (s.checksum_invalid || s.cross_rule) continue;
    count(adjusted[s.family]);
    if (!skip.count(s.family) && !skip.count(s.id)) count(secrets_only[s.family]);
  }
  print_np("1. all samples as labelled", all, false);
  print_np("2. without checksum-invalid positives and cross-rule negatives", adjusted, !o.quiet);
  if (!skip.empty()) print_np("3. as 2, without the --skip rules", secrets_only, false);
  std::printf("checksum-invalid GitHub/npm positives: %zu (reported anyway: %zu); cross-rule negatives: %zu\n", invalid,
              invalid_found, cross);
  if (!o.quiet) {
    std::printf("\nmissed positives (as in 2%s):\n", skip.empty() ? "" : "; [skip] = family excluded in 3");
    for (const auto& s : samples) {
      if (!s.positive || s.found || s.checksum_invalid) continue;
      std::string shown = s.text.substr(0, 90);
      std::replace(shown.begin(), shown.end(), '\n', ' ');
      std::printf("  %s%s (%s)  %s\n", (skip.count(s.family) || skip.count(s.id)) ? "[skip] " : "", s.id.c_str(), s.name.c_str(), shown.c_str());
    }
    std::printf("\nflagged negatives (as in 2):\n");
    for (const auto& s : samples) {
      if (s.positive || !s.found || s.cross_rule) continue;
      std::string shown = s.text.substr(0, 90);
      std::replace(shown.begin(), shown.end(), '\n', ' ');
      std::printf("  %s  %s  %s\n", s.id.c_str(), s.rules_hit.c_str(), shown.c_str());
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&](std::string& out) {
      if (i + 1 >= argc) return false;
      out = argv[++i];
      return true;
    };
    if (a == "--corpus") { if (!next(o.corpus)) return usage("--corpus needs a directory"); }
    else if (a == "--np") { if (!next(o.np)) return usage("--np needs a file"); }
    else if (a == "--rules") { if (!next(o.rules)) return usage("--rules needs a directory"); }
    else if (a == "--thresholds") { if (!next(o.thresholds)) return usage("--thresholds needs a file"); }
    else if (a == "--skip") { if (!next(o.skip_families)) return usage("--skip needs a list"); }
    else if (a == "--quiet") o.quiet = true;
    else if (a == "-h" || a == "--help") return usage("measures detection precision and recall");
    else return usage(("unknown argument " + a).c_str());
  }
  if (o.corpus.empty() == o.np.empty()) return usage("give exactly one of --corpus and --np");
  return o.corpus.empty() ? run_np(o) : run_corpus(o);
}
