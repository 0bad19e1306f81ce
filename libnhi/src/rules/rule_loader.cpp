// SPDX-License-Identifier: Apache-2.0
#include "rules/rule_loader.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <set>
#include <unordered_map>

#include <yaml-cpp/yaml.h>

#include "finding/fingerprint.hpp"
#include "match/match_width.hpp"
#include "match/provider_prefix.hpp"
#include "nhi/finding.hpp"
#include "util/text.hpp"
#include "util/yaml_guard.hpp"

namespace nhi::detail {
namespace {

const std::set<std::string> kKnownKeys = {
    "id", "name", "provider", "kind", "severity", "pattern", "keywords", "min_entropy",
    "validators", "generic", "expires", "description", "references", "examples",
    "negative_examples", "identifier", "companion", "secret", "keyword_within_lines", "public_context",
    "public_context_lines"};

// Lines either side of a context rule's secret within which a keyword must occur.
constexpr int kDefaultContextLines = 3;

std::uint64_t line_of(const YAML::Node& n) {
  return n.Mark().is_null() ? 0 : static_cast<std::uint64_t>(n.Mark().line) + 1;
}

status error_at(std::string_view file, const YAML::Node& n, std::string message) {
  return status(errc::parse_error, std::move(message), std::string(file), line_of(n));
}

// Reads a scalar string field; returns false (and sets err) on a wrong type.
bool read_string(const YAML::Node& rule, const char* key, std::string& out, bool required,
                 std::string_view file, status& err) {
  const YAML::Node n = rule[key];
  if (!n) {
    if (required) err = error_at(file, rule, std::string("rule is missing required key '") + key + "'");
    return !required;
  }
  if (!n.IsScalar()) {
    err = error_at(file, n, std::string("'") + key + "' must be a string");
    return false;
  }
  out = n.Scalar();
  if (required && out.empty()) {
    err = error_at(file, n, std::string("'") + key + "' must not be empty");
    return false;
  }
  return true;
}

bool read_list(const YAML::Node& rule, const char* key, std::vector<std::string>& out,
               std::string_view file, status& err) {
  const YAML::Node n = rule[key];
  if (!n) return true;
  if (n.IsScalar()) {  // a single value is accepted as a one-element list
    out.push_back(n.Scalar());
    return true;
  }
  if (!n.IsSequence()) {
    err = error_at(file, n, std::string("'") + key + "' must be a list of strings");
    return false;
  }
  for (const auto& item : n) {
    if (!item.IsScalar()) {
      err = error_at(file, item, std::string("'") + key + "' must contain only strings");
      return false;
    }
    out.push_back(item.Scalar());
  }
  return true;
}

bool read_bool(const YAML::Node& rule, const char* key, bool& out, std::string_view file, status& err) {
  const YAML::Node n = rule[key];
  if (!n) return true;
  try {
    out = n.as<bool>();
  } catch (const YAML::Exception&) {
    err = error_at(file, n, std::string("'") + key + "' must be true or false");
    return false;
  }
  return true;
}

// A count of lines within 0..max, when `key` is present.
bool read_lines(const YAML::Node& rule, const char* key, long long max, int& out, std::string_view file, status& err) {
  const YAML::Node n = rule[key];
  if (!n) return true;
  try {
    const long long lines = n.as<long long>();
    if (lines >= 0 && lines <= max) {
      out = static_cast<int>(lines);
      return true;
    }
    err = error_at(file, n, std::string(key) + " must be within 0.." + std::to_string(max));
  } catch (const YAML::Exception&) {
    err = error_at(file, n, std::string(key) + " must be a number");
  }
  return false;
}

// companion: {rule: ID, within_lines: N, required: BOOL}
status parse_companion(const YAML::Node& n, std::string_view file, rule_info& r) {
  if (!n.IsMap()) return error_at(file, n, "'companion' must be a mapping with 'rule', 'within_lines', 'required'");
  status err;
  for (const auto& kv : n) {
    const std::string key = kv.first.Scalar();
    if (key != "rule" && key != "within_lines" && key != "required")
      return error_at(file, kv.first, "unknown companion key '" + key + "'");
  }
  if (!read_string(n, "rule", r.companion, true, file, err) || !read_bool(n, "required", r.companion_required, file, err))
    return err;
  int within = static_cast<int>(r.companion_within_lines);
  if (!read_lines(n, "within_lines", 1000, within, file, err)) return err;
  r.companion_within_lines = static_cast<unsigned>(within);
  if (r.companion == r.id) return error_at(file, n, "a rule cannot be its own companion");
  return status::ok();
}

status parse_rule(const YAML::Node& node, std::string_view file, rule_info& r) {
  status err;
  if (!node.IsMap()) return error_at(file, node, "each rule must be a mapping");
  for (const auto& kv : node) {
    const std::string key = kv.first.Scalar();
    if (!kKnownKeys.count(key)) return error_at(file, kv.first, "unknown rule key '" + key + "'");
  }
  r.source_file = std::string(file);
  r.source_line = line_of(node);
  if (!read_string(node, "id", r.id, true, file, err) ||
      !read_string(node, "name", r.name, true, file, err) ||
      !read_string(node, "provider", r.provider, true, file, err) ||
      !read_string(node, "kind", r.kind, true, file, err) ||
      !read_string(node, "pattern", r.pattern, false, file, err) ||
      !read_string(node, "secret", r.secret, false, file, err) ||
      !read_string(node, "expires", r.expires, false, file, err) ||
      !read_string(node, "description", r.description, false, file, err) ||
      !read_list(node, "keywords", r.keywords, file, err) ||
      !read_list(node, "validators", r.validators, file, err) ||
      !read_list(node, "references", r.references, file, err) ||
      !read_list(node, "examples", r.examples, file, err) ||
      !read_list(node, "negative_examples", r.negative_examples, file, err) ||
      !read_list(node, "public_context", r.public_context, file, err))
    return err;
  for (char c : r.id)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_'))
      return error_at(file, node["id"], "rule id '" + r.id + "' may contain only a-z, 0-9, '-', '.', '_'");
  if (r.keywords.empty()) return error_at(file, node, "rule '" + r.id + "' needs at least one keyword");
  for (const auto& k : r.keywords)
    if (k.empty()) return error_at(file, node["keywords"], "rule '" + r.id + "' has an empty keyword");
  if (r.pattern.empty() == r.secret.empty())
    return error_at(file, node, "rule '" + r.id + "' needs exactly one of 'pattern' and 'secret'");
  if (!r.secret.empty()) {
    // Checked alone: spliced into the context pattern, a broken secret could
    // still parse (an unclosed class swallowing the text after it).
    if (const std::string error = lazy_regex::check(r.secret); !error.empty())
      return error_at(file, node["secret"], "rule '" + r.id + "': invalid secret pattern: " + error);
    r.pattern = context_rule_pattern(r.keywords, r.secret);
    r.keyword_within_lines = kDefaultContextLines;
  }
  if (!read_lines(node, "keyword_within_lines", 50, r.keyword_within_lines, file, err) ||
      !read_lines(node, "public_context_lines", 50, r.public_context_lines, file, err))
    return err;
  for (const auto& k : r.public_context)
    if (k.empty()) return error_at(file, node["public_context"], "rule '" + r.id + "' has an empty public_context word");
  if (const YAML::Node sev = node["severity"]) {
    if (!sev.IsScalar() || !parse_severity(sev.Scalar(), r.level))
      return error_at(file, sev, "severity must be one of info, low, medium, high, critical");
  }
  if (!r.expires.empty() && r.expires != "yes" && r.expires != "no")
    return error_at(file, node["expires"], "expires must be \"yes\" or \"no\"");
  if (const YAML::Node e = node["min_entropy"]) {
    try {
      r.min_entropy = e.as<double>();
    } catch (const YAML::Exception&) {
      return error_at(file, e, "min_entropy must be a number");
    }
    if (r.min_entropy < 0 || r.min_entropy > 8) return error_at(file, e, "min_entropy must be within 0..8");
  }
  if (!read_bool(node, "identifier", r.identifier, file, err)) return err;
  if (const YAML::Node c = node["companion"]) {
    if (status s = parse_companion(c, file, r); !s) return s;
  }
  if (!read_bool(node, "generic", r.generic, file, err)) return err;
  return status::ok();
}

std::string short_version(const std::vector<rule_info>& rules) {
  std::string all;
  for (const auto& r : rules) {
    all += r.id; all += '\0'; all += r.pattern; all += '\0';
    for (const auto& k : r.keywords) { all += k; all += '\0'; }
    for (const auto& v : r.validators) { all += v; all += '\0'; }
    all += std::to_string(r.min_entropy);
    all += r.companion + ':' + std::to_string(r.companion_within_lines) + (r.companion_required ? "!" : "");
    all += r.identifier ? "#id" : "";
    all += '~' + std::to_string(r.keyword_within_lines);
    for (const auto& p : r.public_context) { all += '!'; all += p; }
    all += '~' + std::to_string(r.public_context_lines);
    all += '\n';
  }
  return sha256_hex(all).substr(0, 12);  // not a secret: never keyed
}

}  // namespace

std::string context_rule_pattern(const std::vector<std::string>& keywords, const std::string& secret) {
  // A service name starts a word: after a non-letter, or as the capitalised
  // part of a camelCase identifier (ciscoMerakiKey), never inside a word
  // ("meraki" in "ReactNativeCameraKit").
  std::string names;
  for (const auto& k : keywords) {
    if (!names.empty()) names += '|';
    const unsigned char first = k.empty() ? 0 : static_cast<unsigned char>(k[0]);
    if (!std::isalpha(first)) {
      names += "(?i:" + RE2::QuoteMeta(k) + ")";
      continue;
    }
    names += "(?:^|[^A-Za-z])(?i:" + RE2::QuoteMeta(k) + ")|[a-z0-9]" +
             std::string(1, static_cast<char>(std::toupper(first))) + "(?i:" + RE2::QuoteMeta(k.substr(1)) + ")";
  }
  // The name: one of the keywords, or an identifier holding a credential word,
  // then the rest of the identifier (API_KEY, .token, -secret-v2, ...), maybe
  // followed by a sibling "value" field that holds the secret (a Postman
  // environment's {"key": "X-Cisco-Meraki-API-Key", "value": "..."}).
  // The separator: closing quotes or brackets, then =, :, :=, ::=, ?=, +=, .=,
  // =>, -> (after up to 40 blanks: Logstash and Puppet align their arrows),
  // a dash between blanks (lists and notes: "token - 'value'"), a
  // comma or "(" (call arguments), ">" (XML), or blanks; an opening quote,
  // then "Bearer " when the value is a whole Authorization header
  // (auth_token: "Bearer ..."). The secret must end where a token ends: not
  // before a letter, digit, '_' or '-'; nor before '=' (base64 padding: the
  // value is longer than the shape, which holds its padding when the key has
  // one); nor before one of ?|*^!$~+/ with a letter or digit right after it (the
  // value goes on past a character its shape does not hold: '+' and '/' inside
  // a longer base64 run, a sealed secret's ciphertext).
  return "(?:(?:" + names + ")(?i:[\\w.\\-]{0,40}?)|(?i:\\b[\\w.\\-]{0,24}?"
         "(?:key|token|secret|passw(?:or)?d|pwd|credentials?|auth)[\\w.\\-]{0,20}?))"
         "(?:['\"]?\\s{0,3},?\\s{0,30}['\"]?(?i:value)['\"]?)?"
         "['\"\\])>]{0,2}(?:[ \\t]{0,40}(?:[:=]{1,3}|[?+.]=|=>|->)|\\s{0,4}(?:[ \\t]-[ \\t]|,|\\(|>|\\s))\\s{0,4}"
         "(?:['\"`]|\\\\['\"])?(?:[Bb]earer[ \\t]{1,4})?"
         "(" + secret + ")(?:[^A-Za-z0-9_\\-=?|*^!$~+/]|[?|*^!$~+/](?:[^A-Za-z0-9]|\\z)|\\z)";
}

status parse_rule_file(std::string_view yaml, std::string_view file_name, std::vector<rule_info>& out) {
  YAML::Node root;
  try {
    const std::string text(yaml);
    check_yaml_stream(text);  // alias bombs and parser stalls
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    return status(errc::parse_error, "invalid YAML: " + e.msg, std::string(file_name),
                  static_cast<std::uint64_t>(e.mark.line) + 1);
  } catch (const YAML::Exception& e) {
    return status(errc::parse_error, std::string("invalid YAML: ") + e.what(), std::string(file_name));
  }
  if (!root || root.IsNull()) return status::ok();  // an empty file holds no rules
  const YAML::Node rules = root.IsMap() ? root["rules"] : YAML::Node();
  if (!rules || !rules.IsSequence())
    return error_at(file_name, root, "a rule file must be a mapping with a 'rules:' list");
  try {
    for (const auto& node : rules) {
      rule_info r;
      if (status s = parse_rule(node, file_name, r); !s) return s;
      out.push_back(std::move(r));
    }
  } catch (const YAML::Exception& e) {
    return status(errc::parse_error, std::string("invalid rule: ") + e.what(), std::string(file_name),
                  static_cast<std::uint64_t>(e.mark.line) + 1);
  }
  return status::ok();
}

result<std::shared_ptr<const compiled_rules>> compile_rules(std::vector<rule_info> rules,
                                                            const prevalidated* known) {
  auto compiled = std::make_shared<compiled_rules>();
  // The hash is cheap, but its first use initialises OpenSSL: a few ms of
  // `nhi scan --staged`, which otherwise may never need it.
  compiled->version = known ? known->version : short_version(rules);
  compiled->rules.reserve(rules.size());
  for (auto& info : rules) {
    if (compiled->by_id.count(info.id)) {
      const auto& first = compiled->rules[compiled->by_id[info.id]].info;
      return status(errc::parse_error,
                    "duplicate rule id '" + info.id + "' (first defined at " + first.source_file + ":" +
                        std::to_string(first.source_line) + ")",
                    info.source_file, info.source_line);
    }
    compiled_rule cr;
    // Parsed now, compiled on first use (match/compiled_rules.hpp).
    if (!known) {
      if (const std::string error = lazy_regex::check(info.pattern); !error.empty())
        return status(errc::parse_error, "rule '" + info.id + "': invalid pattern: " + error,
                      info.source_file, info.source_line);
    }
    cr.regex = lazy_regex(info.pattern);
    for (const auto& v : info.validators) {
      validator_fn fn = find_validator(v);
      if (!fn)
        return status(errc::parse_error, "rule '" + info.id + "': unknown validator '" + v + "'",
                      info.source_file, info.source_line);
      cr.validators.push_back(fn);
    }
    const auto index = static_cast<std::uint32_t>(compiled->rules.size());
    for (const auto& k : info.keywords) compiled->prefilter.add(k, index);
    compiled->by_id.emplace(info.id, index);
    cr.info = std::move(info);
    compiled->rules.push_back(std::move(cr));
  }
  for (auto& cr : compiled->rules) {
    if (cr.info.companion.empty()) continue;
    auto it = compiled->by_id.find(cr.info.companion);
    if (it == compiled->by_id.end())
      return status(errc::parse_error,
                    "rule '" + cr.info.id + "': companion rule '" + cr.info.companion + "' is not defined",
                    cr.info.source_file, cr.info.source_line);
    cr.companion = static_cast<int>(it->second);
  }
  compiled->prefilter.build(compiled->rules.size());
  std::size_t longest = 0;
  for (auto& cr : compiled->rules) {
    cr.match_width = max_match_width(cr.regex.pattern(), kMaxWindowOverlap);
    longest = std::max(longest, cr.match_width);
    cr.keyword_near =
        cr.info.keyword_within_lines >= 0 && !cr.info.keywords.empty() && cr.match_width < kMaxWindowOverlap;
    if (!cr.info.secret.empty()) cr.run = required_secret_run(cr.info.secret);
  }
  std::map<std::array<std::uint64_t, 4>, std::uint32_t> run_sets;
  for (auto& cr : compiled->rules)
    if (cr.run.length != 0)
      cr.run.set_id = run_sets.emplace(cr.run.bytes, static_cast<std::uint32_t>(run_sets.size())).first->second;
  compiled->run_sets = run_sets.size();
  compiled->window_overlap = std::min(kMaxWindowOverlap, longest + kWindowOverlapSlack);
  // The prefixes generic matches yield to (match/provider_prefix.hpp). A
  // context rule's secret is its shape alone; a full pattern's is group 1.
  // A provider prefix that extends a generic rule's own ("eyJhbGciOiJIUzI1NiIs..."
  // of a provider's JWT, after jwt-token's "eyJ") is that format's, not the
  // provider's: every HS256 JWT starts so.
  const auto prefixes_of = [](const compiled_rule& cr) {
    return secret_prefixes(cr.info.secret.empty() ? cr.info.pattern : cr.info.secret);
  };
  std::vector<std::string> generic_starts;
  for (const auto& cr : compiled->rules)
    if (cr.info.generic)
      for (auto& p : prefixes_of(cr)) generic_starts.push_back(std::move(p));
  for (const auto& cr : compiled->rules) {
    if (cr.info.generic) continue;
    for (const auto& p : prefixes_of(cr)) {
      const bool of_generic = std::any_of(generic_starts.begin(), generic_starts.end(),
                                          [&p](const std::string& g) { return p.compare(0, g.size(), g) == 0; });
      if (!of_generic && distinctive_prefix(p)) compiled->provider_prefix_set.add(p);
    }
    const std::string suffix = secret_suffix(cr.info.secret.empty() ? cr.info.pattern : "(" + cr.info.secret + ")");
    if (distinctive_suffix(suffix)) compiled->provider_suffix_set.add_suffix(suffix);
  }
  // The services provider rules name (match/provider_names.hpp), and the
  // shapes of their keys: those of the rules keyed on the name, and of every
  // rule of the same provider ("jira" takes the Atlassian API token's too).
  // A name also keyed by a password, connection-string or other rule is left out.
  const auto shape_of = [](const rule_info& info) {
    return info.secret.empty() ? secret_group(info.pattern) : info.secret;
  };
  std::vector<std::string> other_forms;
  std::unordered_map<std::string, std::set<std::string>> names_of_provider;
  for (const auto& cr : compiled->rules) {
    const rule_info& info = cr.info;
    if (info.generic || info.identifier) continue;
    for (const auto& k : info.keywords) {
      if (!names_service(info, k)) continue;
      if (!key_kind(info.kind) || shape_of(info).empty()) {
        other_forms.push_back(k);
        continue;
      }
      compiled->provider_name_set.add_name(k, std::max(0, info.keyword_within_lines));
      names_of_provider[info.provider].insert(to_lower_ascii(k));
    }
  }
  for (std::uint32_t index = 0; index < compiled->rules.size(); ++index) {
    const rule_info& info = compiled->rules[index].info;
    if (info.generic || !key_kind(info.kind)) continue;
    const std::string shape = shape_of(info);
    if (shape.empty()) continue;
    for (const auto& k : info.keywords) compiled->provider_name_set.add_shape(k, index, shape);  // unknown names: ignored
    if (const auto it = names_of_provider.find(info.provider); it != names_of_provider.end())
      for (const auto& name : it->second) compiled->provider_name_set.add_shape(name, index, shape);
  }
  for (const auto& k : other_forms) compiled->provider_name_set.remove(k);
  return std::shared_ptr<const compiled_rules>(std::move(compiled));
}

}  // namespace nhi::detail
