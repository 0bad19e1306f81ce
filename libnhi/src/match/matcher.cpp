// SPDX-License-Identifier: Apache-2.0
#include "match/matcher.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "match/keyword_anchor.hpp"
#include "match/prefilter_form.hpp"
#include "match/saved_page.hpp"
#include "match/validators.hpp"
#include "util/text.hpp"

namespace nhi::detail {
namespace {

RE2::Options regex_options(std::int64_t max_mem) {
  RE2::Options opts;
  opts.set_encoding(RE2::Options::EncodingLatin1);  // secrets are bytes; never fail on bad UTF-8
  opts.set_log_errors(false);
  opts.set_max_mem(max_mem);
  return opts;
}

}  // namespace

std::string lazy_regex::check(const std::string& pattern) {
  // A budget too small for any program: RE2 parses the whole pattern (and
  // reports syntax errors) and then gives up compiling at once, which costs a
  // twentieth of a full compile.
  RE2 probe(pattern, regex_options(2048));
  if (probe.ok() || probe.error_code() == RE2::ErrorPatternTooLarge) return {};
  return probe.error();
}

const RE2& lazy_regex::get() const {
  RE2* re = re_.load(std::memory_order_acquire);
  if (re) return *re;
  auto fresh = std::make_unique<RE2>(pattern_, regex_options(64 << 20));
  RE2* expected = nullptr;
  if (re_.compare_exchange_strong(expected, fresh.get(), std::memory_order_acq_rel)) return *fresh.release();
  return *expected;  // another thread compiled it first
}

bool compiled_rule::holds_keyword() const {
  int known = holds_keyword_.load(std::memory_order_acquire);
  if (known < 0) {
    known = match_width < kMaxWindowOverlap && every_match_holds_keyword(regex.pattern(), info.keywords) ? 1 : 0;
    holds_keyword_.store(known, std::memory_order_release);
  }
  return known == 1;
}

namespace {

// A PHP or shell variable where a rule's value goes ("'MANDRILL_API_KEY' =>
// $oldMailOtherCredential", 22 letters like a Mandrill key): '$', an identifier, at most
// two digits (a random key of that length has more).
bool variable_after_sigil(std::string_view secret, std::string_view match) {
  const std::size_t at = match.rfind(secret);
  if (at == std::string_view::npos || at == 0 || match[at - 1] != '$') return false;
  if (!(std::isalpha(static_cast<unsigned char>(secret[0])) || secret[0] == '_')) return false;
  int digits = 0;
  for (char c : secret) {
    if (c >= '0' && c <= '9') ++digits;
    else if (!std::isalpha(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return digits <= 2;
}

// The entropy a value must reach. Eight distinct characters hold 3 bits each, so a
// generic password rule's 3.2 would pass no password shorter than ten characters
// ("soapreq.password=" and eight of letters, digits and a capital in a .properties
// file): eight or nine characters pass when all of them differ and they mix
// letters with digits or symbols.
double required_entropy(const compiled_rule& rule, std::string_view secret) {
  const double need = rule.info.min_entropy;
  if (!rule.info.generic || rule.info.kind != "password" || secret.size() < 8 || secret.size() > 9) return need;
  bool letter = false, other = false;
  for (char ch : secret) {
    if (std::isalpha(static_cast<unsigned char>(ch))) letter = true;
    else other = true;
  }
  if (!letter || !other) return need;
  return std::min(need, std::log2(static_cast<double>(secret.size())) - 0.05);  // every character distinct
}

bool accept(const compiled_rule& rule, std::string_view secret, std::string_view match) {
  if (secret.empty() || is_placeholder(secret)) return false;
  if (rule.info.kind != "password" && (word_phrase(secret) || identifier_name(secret))) return false;
  if (rule.info.min_entropy > 0 && shannon_entropy(secret) < required_entropy(rule, secret)) return false;
  if (variable_after_sigil(secret, match)) return false;
  for (validator_fn v : rule.validators)
    if (!v(secret, match)) return false;
  return true;
}

// The text a rule's validators judge: the match, and for a generic rule also
// the rest of the identifier its keyword ends ("authenticity_" before
// "token", "NEXT_PUBLIC_" before "API_KEY", "checksum/" before "secret"),
// which says what the value is.
bool name_char(char ch) {
  const auto c = static_cast<unsigned char>(ch);
  return std::isalnum(c) || c == '_' || c == '-' || c == '.' || c == '/';  // "checksum/secret"
}

// How far before a generic match its name (and a label's opening quote) is read.
constexpr std::size_t kNameReach = 64;

std::size_t name_start(std::string_view data, std::size_t begin) {
  const std::size_t floor = begin > kNameReach ? begin - kNameReach : 0;
  while (begin > floor && name_char(data[begin - 1])) --begin;
  return begin;
}

std::string_view validated_text(const compiled_rule& rule, std::string_view data, std::size_t begin,
                                std::size_t end) {
  if (rule.info.generic) begin = name_start(data, begin);
  return data.substr(begin, end - begin);
}

// Whether the name a generic match starts in ends a quoted text with a space
// in it: the key of a translation or a label ("Username / password":
// "Gebruikersnaam/wachtwoord"), not a variable.
bool quoted_text_key(std::string_view data, std::size_t match_begin) {
  const std::size_t begin = name_start(data, match_begin);
  std::size_t end = begin;
  while (end < data.size() && name_char(data[end])) ++end;
  if (end >= data.size() || (data[end] != '"' && data[end] != '\'')) return false;
  const char quote = data[end];
  bool space = false;
  for (std::size_t i = begin, floor = begin > kNameReach ? begin - kNameReach : 0; i > floor; --i) {
    const char c = data[i - 1];
    if (c == quote) {
      // An opening quote: not one that ends a word or an escape.
      const auto before = static_cast<unsigned char>(i > 1 ? data[i - 2] : ' ');
      return space && !std::isalnum(before) && before != '\\' && before != '"' && before != '\'';
    }
    if (c == '\n' || c == '=') return false;
    space |= c == ' ';
  }
  return false;
}

// A lower-case word of prose ("authentification" in a page's title near a
// heading naming the service): letters only, at least 35 % of them vowels, no
// more than three consonants in a row. Random lower-case letters (a key of
// [a-z0-9] with no digit, one in ~200 at 16 characters) have a fifth vowels and
// longer consonant runs ("seugeupfknprstoe").
bool prose_word(std::string_view s) {
  if (s.size() < 8 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; })) return false;
  std::size_t vowels = 0, run = 0, longest_run = 0;
  for (char c : s) {
    const bool vowel = std::strchr("aeiouy", c) != nullptr;
    vowels += vowel ? 1 : 0;
    run = vowel ? 0 : run + 1;
    longest_run = std::max(longest_run, run);
  }
  return 100 * vowels >= 35 * s.size() && longest_run <= 3;
}

// Whether the name a generic match starts in is a part of an ARN
// ("arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"): there
// "secret:" is the resource's type and what follows its name, not a value.
bool inside_arn(std::string_view data, std::size_t match_begin) {
  std::size_t begin = name_start(data, match_begin);
  if (begin == 0 || data[begin - 1] != ':') return false;
  const std::size_t floor = begin > 2 * kNameReach ? begin - 2 * kNameReach : 0;
  while (begin > floor && (name_char(data[begin - 1]) || data[begin - 1] == ':')) --begin;
  return data.substr(begin, 4) == "arn:";
}

// A UUID a context rule took where the name before it says it is an id
// ("_ONESIGNAL_APP_ID = '<uuid>'": OneSignal's app id, which its SDKs ship,
// not its API key). Services that issue UUIDs as keys name them key or token.
bool uuid_named_as_id(std::string_view before, std::string_view secret) {
  if (secret.size() != 36 || secret[8] != '-' || secret[13] != '-' || secret[18] != '-' || secret[23] != '-') return false;
  std::string name;
  for (char c : before)
    if (std::isalnum(static_cast<unsigned char>(c))) name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* id : {"appid", "applicationid", "projectid", "deploymentid", "organizationid", "orgid", "tenantid", "userid"})
    if (name.size() >= std::strlen(id) && name.compare(name.size() - std::strlen(id), std::string::npos, id) == 0) return true;
  return false;
}

// A file's name holding the value a context rule took ("'flickr.png' => '<md5>'",
// "'coppermine_import_class.php' => ..." in a CMS's list of file checksums): a
// checksum of that file, not the service's key.
bool file_name_key(std::string_view name) {
  static constexpr std::string_view kExtensions[] = {"png", "jpg", "jpeg", "gif", "svg", "ico", "webp", "bmp",
                                                     "php", "js", "css", "html", "htm", "json", "xml", "txt",
                                                     "py", "rb", "sh", "zip", "gz", "pdf", "tpl", "inc"};
  for (std::size_t dot = name.find('.'); dot != std::string_view::npos; dot = name.find('.', dot + 1)) {
    std::size_t end = dot + 1;
    while (end < name.size() && name[end] >= 'a' && name[end] <= 'z') ++end;
    if (end < name.size() && (std::isalnum(static_cast<unsigned char>(name[end])) || name[end] == '_')) continue;
    const std::string_view extension = name.substr(dot + 1, end - dot - 1);
    for (std::string_view known : kExtensions)
      if (extension == known) return true;
  }
  return false;
}

// A camelCase or PascalCase identifier: lower-case words joined, each after
// the first capitalised ("createNetworkInterface" after "ApolloClient, " in an
// import list, "GraphQLRequestListener" with its acronym, "TwitterAuthProviderJsImpl" in a source map's names,
// "oauth2KeycloakDomain"): every word two letters or more, maybe ending in one
// or two digits, all with a vowel but one of four or more words ("Js", "Db");
// or two words of six letters or more ("NotificationController", a thread's
// name beside ApolloThreadFactory). A context rule's shape of letters and digits takes one, but a random key
// splits into such words rarely ("vZrEclFwOqeA" does not: "v", "Zr", "Fw").
bool camel_case_identifier(std::string_view s) {
  if (s.empty() || !std::isalpha(static_cast<unsigned char>(s[0]))) return false;
  const auto vowel = [](char c) { return std::strchr("aeiouyAEIOUY", c) != nullptr; };
  int words = 0, without_vowel = 0, acronyms = 0;
  for (std::size_t b = 0; b < s.size();) {
    std::size_t e = b + 1;
    while (e < s.size() && std::islower(static_cast<unsigned char>(s[e]))) ++e;
    // One acronym of two to five capitals before the next word or the end
    // ("QL" in "GraphQLRequestListener"), counted as a word without a vowel;
    // a random key has such runs too, so a second one ends the identifier.
    bool acronym = false;
    if (e == b + 1 && std::isupper(static_cast<unsigned char>(s[b]))) {
      std::size_t run = b;
      while (run < s.size() && std::isupper(static_cast<unsigned char>(s[run]))) ++run;
      const bool word_follows = run < s.size() && std::islower(static_cast<unsigned char>(s[run]));
      const std::size_t end = word_follows ? run - 1 : run;
      if (end - b >= 2 && end - b <= 5) {
        if (acronyms++ > 0) return false;
        acronym = true;
        e = end;
      }
    }
    const std::string_view word = s.substr(b, e - b);
    std::size_t digits = 0;
    while (e < s.size() && digits < 3 && std::isdigit(static_cast<unsigned char>(s[e]))) ++e, ++digits;
    if (digits > 2 || (e < s.size() && !std::isupper(static_cast<unsigned char>(s[e])))) return false;  // a symbol
    if (word.size() < 2) return false;
    if (acronym || std::none_of(word.begin(), word.end(), vowel)) ++without_vowel;
    ++words;
    b = e;
  }
  if (words == 2 && without_vowel == 0) {  // two long words ("NotificationController", a class's name)
    std::size_t second = 1;
    while (second < s.size() && !std::isupper(static_cast<unsigned char>(s[second]))) ++second;
    return second >= 6 && s.size() - second >= 6 && std::none_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
  }
  return words >= 3 && (without_vowel == 0 || (without_vowel == 1 && words >= 4));
}

// Whether the match starting at `match_begin` is the "Secret" or "Match" of a
// gitleaks report (JSON objects with "RuleID", "Match", "Secret" and
// "Fingerprint" keys, a baseline committed beside the code): what another
// scanner took for a secret there is reported where it was found, by the rule
// that knows its provider; a catch-all on the report repeats that scanner's
// guesses, wrong ones too.
bool in_scanner_report(std::string_view data, std::size_t match_begin) {
  // The field's name opens its line, a few bytes before the match: a line
  // start further back is no report's (and a minified line is not walked).
  constexpr std::size_t kLineHeadReach = 256;
  const std::size_t floor = match_begin > kLineHeadReach ? match_begin - kLineHeadReach : 0;
  std::size_t line = match_begin;
  while (line > floor && data[line - 1] != '\n') --line;
  if (line == floor && floor > 0) return false;
  std::string_view head = data.substr(line, match_begin - line + 16);
  while (!head.empty() && (head.front() == ' ' || head.front() == '\t')) head.remove_prefix(1);
  if (!starts_with(head, "\"Secret\"") && !starts_with(head, "\"Match\"")) return false;
  constexpr std::size_t kReach = 1024;  // one finding's object
  const std::size_t from = line > kReach ? line - kReach : 0;
  const std::string_view around = data.substr(from, std::min(data.size() - from, 2 * kReach));
  return around.find("\"RuleID\"") != std::string_view::npos &&
         around.find("\"Fingerprint\"") != std::string_view::npos;
}

// Whether the keyword found at [at, at + size) of `text` names the service as
// a word: it starts one (after a non-letter, or as the capitalised part of a
// camelCase identifier), and English does not go on with it ("toggl" in
// "toggle", "float" in "floating", "flat" in "flatten"): a run-together name
// ("toggltrack", "flatio_secret", "travisci") still names the service. Nor
// does a name written in neither one case nor as a capitalised word run on
// into a digit: "m3O4jbo1..." is a random word of a generated file, not M3O
// (a key id that starts with its prefix, "LTAI5t...", still counts).
// Keywords that start or end with a non-letter are not judged at that end.
bool names_service(std::string_view text, std::size_t at, std::size_t size) {
  const auto letter = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; };
  const auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
  // Inside a line of base64 ("...iM3oFW..." in a PGP key's armor): letters
  // that spell a name by chance. A line of 40 or more base64 characters and
  // nothing else, with a '+', a '/' or three digits, is encoded data.
  {
    const auto base64_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/'; };
    std::size_t lo = at, hi = at + size;
    while (lo > 0 && at - lo < 256 && base64_char(text[lo - 1])) --lo;
    while (hi < text.size() && hi - at < 256 && base64_char(text[hi])) ++hi;
    // '=' only as the padding at its end: a setting's "Name=value" is no base64
    // ("DedicatedServerClientId=xyza7891..." names Epic's service).
    for (int pad = 0; pad < 2 && hi < text.size() && text[hi] == '='; ++pad) ++hi;
    const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
    std::size_t line_begin = lo, line_end = hi;
    while (line_begin > 0 && blank(text[line_begin - 1])) --line_begin;
    while (line_end < text.size() && blank(text[line_end])) ++line_end;
    const bool whole_line = (line_begin == 0 || text[line_begin - 1] == '\n') && (line_end == text.size() || text[line_end] == '\n');
    const std::string_view run = text.substr(lo, hi - lo);
    const std::string_view word = text.substr(at, size);
    if (whole_line && run.size() >= 40 && std::all_of(word.begin(), word.end(), base64_char) &&
        (run.find_first_of("+/") != std::string_view::npos ||
         std::count_if(run.begin(), run.end(), [](char c) { return c >= '0' && c <= '9'; }) >= 3))
      return false;
  }
  if (letter(text[at]) && at > 0 && letter(text[at - 1]) &&
      !(std::isupper(static_cast<unsigned char>(text[at])) && lower(text[at - 1])))
    return false;
  const std::size_t after = at + size;
  if (after < text.size() && std::isdigit(static_cast<unsigned char>(text[after]))) {
    const std::string_view word = text.substr(at, size);
    const auto upper = [](char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; };
    const bool has_lower = std::any_of(word.begin(), word.end(), lower);
    const bool has_upper = std::any_of(word.begin() + 1, word.end(), upper);
    if (has_lower && has_upper) return false;
  }
  if (!letter(text[after - 1])) return true;
  std::size_t end = after;
  while (end < text.size() && end < after + 6 && lower(text[end])) ++end;
  const std::string_view rest = text.substr(after, end - after);
  for (const char* suffix : {"e", "es", "ed", "er", "ers", "ing", "ings", "s", "ly", "ten", "ter", "ters"})
    if (rest == suffix) return false;
  return true;
}

// The byte range of the `lines` lines above [begin, end) to the `lines` lines
// below it, reaching at most `reach` bytes either side.
std::pair<std::size_t, std::size_t> lines_around(std::string_view data, std::size_t begin, std::size_t end,
                                                 std::size_t lines, std::size_t reach) {
  const std::size_t floor = begin > reach ? begin - reach : 0;
  const std::size_t ceiling = std::min(data.size(), end + std::min(reach, data.size()));
  std::size_t lo = begin;
  for (std::size_t newlines = 0; lo > floor; --lo)
    if (data[lo - 1] == '\n' && newlines++ == lines) break;
  std::size_t hi = end;
  for (std::size_t newlines = 0; hi < ceiling; ++hi)
    if (data[hi] == '\n' && newlines++ == lines) break;
  return {lo, hi};
}

// Whether one of `words` occurs within `lines` lines of the secret [begin,
// end). The search reaches at most kKeywordReach bytes either side, so a buffer
// of one huge line costs no more than a short one. With `whole_words` (context
// rules) an occurrence counts only where it names the service (names_service).
bool word_near(const std::vector<std::string>& words, int lines, std::string_view data, std::size_t begin,
               std::size_t end, bool whole_words = false) {
  const auto [lo, hi] = lines_around(data, begin, end, static_cast<std::size_t>(lines), kKeywordReach);
  const std::string_view window = data.substr(lo, hi - lo);
  for (const auto& w : words) {
    if (!whole_words) {
      if (icontains(window, w)) return true;
      continue;
    }
    for (std::size_t at = ifind(window, w); at != std::string_view::npos; at = ifind(window, w, at + 1))
      if (names_service(window, at, w.size())) return true;
  }
  return false;
}

// Whether `secret`, 32 hex digits or more, has a hash algorithm or a password
// encoder named within three lines of it: a stored digest, not a password.
bool hash_named_near(std::string_view data, std::size_t begin, std::size_t end, std::string_view secret) {
  if (secret.size() < 32 || !std::all_of(secret.begin(), secret.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }))
    return false;
  // Not "md5" alone: PostgreSQL's `md5` auth method sits beside real passwords.
  static const std::vector<std::string> kHashNames = {"sha256", "sha-256", "sha512", "sha-512", "ssha", "\"sha\"",
                                                       "cipheralgorithm", "password-encoder", "passwordencoder"};
  return word_near(kHashNames, 3, data, begin, end);
}

// How many values per rule and buffer (or window) are tried for being one
// edit from a named service's key shape: a file of thousands of generic keys
// under a service's name would otherwise cost a millisecond each.
constexpr int kNearMissBudget = 64;

// Matches of rule `index` in [begin, end) starting before `keep_before` (the
// next window's start when windows overlap: it finds those itself, whole).
// Returns where a following overlapping window must resume, so the tail of a
// match already seen here is not found again there.
// `any_match`, when given, is set to whether the regex matched at all, its
// filters aside.
std::size_t run_rule(const compiled_rules& rules, std::uint32_t index, std::string_view data,
                     std::size_t begin, std::size_t end, std::size_t keep_before, std::vector<raw_match>& out,
                     bool* any_match = nullptr) {
  const compiled_rule& rule = rules.rules[index];
  const RE2& re = rule.regex.get();
  if (!re.ok()) return begin;
  const int secret_group = re.NumberOfCapturingGroups() >= 1 ? 1 : 0;
  re2::StringPiece groups[2];
  const int ngroups = secret_group + 1;
  const re2::StringPiece text(data.data(), data.size());
  std::size_t pos = begin;
  int near_miss_budget = kNearMissBudget;  // provider_names::rejects
  while (pos < end &&
         re.Match(text, pos, end, RE2::UNANCHORED, groups, ngroups)) {
    if (any_match) *any_match = true;
    const re2::StringPiece whole = groups[0];
    const re2::StringPiece secret = groups[secret_group];
    const std::size_t match_begin = static_cast<std::size_t>(whole.data() - data.data());
    const std::size_t match_end = match_begin + whole.size();
    if (match_begin >= keep_before) return pos;  // the next window's
    pos = match_end > pos ? match_end : pos + 1;  // never loop on an empty match
    if (secret.data() == nullptr) continue;       // the optional group did not take part
    std::string_view s(secret.data(), secret.size());
    // "password=...,ssl=True,abortConnect=False": the value ends before the
    // connection string's settings.
    if (rule.info.generic)
      if (const std::size_t cut = settings_start(s); cut != std::string_view::npos) s = s.substr(0, cut);
    if (!accept(rule, s, validated_text(rule, data, match_begin, match_end))) continue;
    // Words under a label's text are the label's translation, not a secret.
    if (rule.info.generic && std::none_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
        quoted_text_key(data, match_begin))
      continue;
    if (rule.info.generic && inside_arn(data, match_begin)) continue;
    if (rule.info.generic && in_scanner_report(data, match_begin)) continue;
    if (!rule.info.secret.empty() && camel_case_identifier(s)) continue;  // code beside a service's name
    if (!rule.info.secret.empty() && prose_word(s)) continue;             // a word of prose beside it
    // A hex digest under a password's name where the lines around say which
    // hash made it ("<sec:password-encoder hash=\"md5\"/>", "CipherAlgorithm.SSHA256").
    if (rule.info.generic && hash_named_near(data, match_begin, match_end, s)) continue;
    if (!rule.info.secret.empty()) {
      const std::string_view name = data.substr(match_begin, static_cast<std::size_t>(s.data() - data.data()) - match_begin);
      if (uuid_named_as_id(name, s) || file_name_key(name)) continue;
    }
    // A provider's key, malformed: it starts or ends as that provider's keys do.
    if (rule.info.generic && (rules.provider_prefix_set.starts(s) || rules.provider_suffix_set.ends(s))) continue;
    const std::size_t secret_begin = static_cast<std::size_t>(s.data() - data.data());
    const std::size_t secret_end = secret_begin + s.size();
    if (rule.info.keyword_within_lines >= 0 &&
        !word_near(rule.info.keywords, rule.info.keyword_within_lines, data, secret_begin, secret_end,
                   /*whole_words=*/!rule.info.secret.empty()))
      continue;
    // A key where a service is named, in none of that service's shapes.
    if (rule.info.generic && key_kind(rule.info.kind) &&
        rules.provider_name_set.rejects(data, secret_begin, secret_end, near_miss_budget))
      continue;
    raw_match m;
    m.published = !rule.info.public_context.empty() &&
                  word_near(rule.info.public_context, rule.info.public_context_lines, data, secret_begin, secret_end);
    m.rule = index;
    m.secret_begin = secret_begin;
    m.secret_end = secret_end;
    m.match_begin = match_begin;
    m.match_end = match_end;
    out.push_back(m);
  }
  return pos;
}

bool overlaps(const raw_match& a, const raw_match& b) {
  return a.secret_begin < b.secret_end && b.secret_begin < a.secret_end;
}

// How specific a rule's match is: a named format first, then a rule that
// reports only beside its companion (a plain "secret" next to an AWS key id,
// which is dropped later when the key id is not there), then the catch-alls.
int specificity(const compiled_rule& rule) {
  if (rule.info.generic) return 2;
  return rule.info.companion_required ? 1 : 0;
}

// Matches of rules that report only beside their companion
// (`companion: {required: true}`) with no match of the companion's rule within
// its lines: they are dropped before overlaps are resolved, so that they take
// nothing from the catch-alls on the same text (buffer_scan.cpp pairs the rest).
// Lines come from one index of the buffer's newlines and pairs are looked up in
// sorted lists, so a minified file full of such matches costs n log n, not n squared.
void drop_unpaired(const compiled_rules& rules, std::string_view data, std::vector<raw_match>& found) {
  const auto needs_pair = [&](const raw_match& m) {
    const compiled_rule& r = rules.rules[m.rule];
    return r.info.companion_required && r.companion >= 0;
  };
  if (std::none_of(found.begin(), found.end(), needs_pair)) return;
  line_index lines(data);
  std::vector<std::uint64_t> line_of(found.size());
  for (std::size_t i = 0; i < found.size(); ++i) line_of[i] = lines.line_of(found[i].secret_begin);
  // The lines of each companion rule's matches, sorted.
  std::vector<std::pair<std::uint32_t, std::vector<std::uint64_t>>> companions;
  const auto lines_of = [&](std::uint32_t rule) -> std::vector<std::uint64_t>& {
    for (auto& c : companions)
      if (c.first == rule) return c.second;
    std::vector<std::uint64_t>& list = companions.emplace_back(rule, std::vector<std::uint64_t>{}).second;
    for (std::size_t j = 0; j < found.size(); ++j)
      if (found[j].rule == rule) list.push_back(line_of[j]);
    std::sort(list.begin(), list.end());
    return list;
  };
  std::vector<char> unpaired(found.size(), 0);
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (!needs_pair(found[i])) continue;
    const compiled_rule& r = rules.rules[found[i].rule];
    const std::vector<std::uint64_t>& near = lines_of(static_cast<std::uint32_t>(r.companion));
    const std::uint64_t within = r.info.companion_within_lines;
    const std::uint64_t from = line_of[i] > within ? line_of[i] - within : 0;
    const auto it = std::lower_bound(near.begin(), near.end(), from);
    unpaired[i] = it == near.end() || *it > line_of[i] + within;
  }
  std::size_t w = 0;
  for (std::size_t i = 0; i < found.size(); ++i)
    if (!unpaired[i]) found[w++] = found[i];
  found.resize(w);
}

// Catch-all matches (generic rules, and keys named only by a URL's parameter)
// in a web page saved from a site (saved_page.hpp): that site's public keys.
// Provider rules still report there: a service's key is its key anywhere.
void drop_catch_alls_in_saved_page(const compiled_rules& rules, std::string_view data, std::vector<raw_match>& found) {
  const auto catch_all = [&](const raw_match& m) { return catch_all_rule(rules.rules[m.rule].info); };
  if (std::none_of(found.begin(), found.end(), catch_all) || !saved_web_page(data)) return;
  found.erase(std::remove_if(found.begin(), found.end(), catch_all), found.end());
}

// Less specific rules yield to more specific ones, also to a key a specific
// rule knows as published on purpose (a Firebase web config's apiKey); the
// same span found twice is kept once. Published keys are then left out.
void resolve_overlaps(const compiled_rules& rules, std::vector<raw_match>& found) {
  std::sort(found.begin(), found.end(), [](const raw_match& a, const raw_match& b) {
    return a.secret_begin != b.secret_begin ? a.secret_begin < b.secret_begin : a.rule < b.rule;
  });
  std::vector<raw_match> kept;
  kept.reserve(found.size());
  for (const auto& m : found) {
    const int rank = specificity(rules.rules[m.rule]);
    bool drop = false;
    // Matches are sorted by start; a neighbour within the last few kept ones is
    // all that can overlap in practice, and the bound keeps hostile input linear.
    int budget = 64;
    for (auto it = kept.rbegin(); it != kept.rend() && budget-- > 0; ++it) {
      if (it->rule == UINT32_MAX || !overlaps(*it, m)) continue;  // already given up, or apart
      const int other_rank = specificity(rules.rules[it->rule]);
      if (it->secret_begin == m.secret_begin && it->secret_end == m.secret_end && rank == other_rank) {
        drop = true;  // same span, same class: the first rule wins
      } else if (rank > other_rank) {
        drop = true;
      } else if (rank < other_rank) {
        it->rule = UINT32_MAX;  // mark the earlier, less specific match for removal
      }
      if (drop) break;
    }
    if (!drop) kept.push_back(m);
  }
  kept.erase(std::remove_if(kept.begin(), kept.end(),
                            [](const raw_match& m) { return m.rule == UINT32_MAX || m.published; }),
             kept.end());
  found.swap(kept);
}

}  // namespace

namespace {

void run_candidates(const compiled_rules& rules, std::string_view data,
                    const std::vector<std::pair<std::size_t, std::size_t>>& segments, match_scratch& scratch,
                    std::vector<raw_match>& out);

enum class engine_mode { re2_only, automatic, vectorscan };

// NHI_ENGINE selects the matching engine (docs/performance.md):
//   unset/auto  the vectorscan prefilter when libnhi has it, once the scan is
//               large enough to pay for it (below), else the keyword
//               prefilter and RE2;
//   vectorscan  the vectorscan prefilter from the first byte, compiling its
//               database if the disk cache has none (what the tests force);
//   re2         the keyword prefilter and RE2 only.
// Every engine gives the same findings: RE2 confirms every match.
engine_mode configured_engine() {
  static const engine_mode mode = [] {
    const char* e = std::getenv("NHI_ENGINE");
    if (e && std::strcmp(e, "re2") == 0) return engine_mode::re2_only;
    if (e && std::strcmp(e, "vectorscan") == 0) return engine_mode::vectorscan;
#ifdef NHI_HAVE_VECTORSCAN
    return engine_mode::automatic;
#else
    return engine_mode::re2_only;
#endif
  }();
  return mode;
}

// In automatic mode the database is loaded from the disk cache once a scan
// has matched kLoadAfterBytes (reading a cached database costs a few
// milliseconds, which a pre-commit scan of a few files does not need), and
// compiled (seconds) only once kCompileAfterBytes went through RE2 without it.
constexpr std::uint64_t kLoadAfterBytes = std::uint64_t(1) << 20;
constexpr std::uint64_t kCompileAfterBytes = std::uint64_t(64) << 20;

// Which regexes stay out of the database, leaving the rule to its keywords
// (then RE2, on the spans around them where the rule allows): those with no
// literal of kMinLiteral bytes that every match must hold. vectorscan runs
// such a regex as an automaton over every byte: one .pgpass line made the
// whole database a third slower, and 579 bare shapes such as [a-z0-9]{32}
// next to a service name cost more than all the other rules together
// (docs/performance.md). A keyword shorter than that ("|" of a Facebook app
// token) would send RE2 over most buffers, so such a rule keeps its regex,
// unless it is a context rule (keyword_near), whose spans stay narrow.
// A context rule whose secret has a literal ("api_" of Close) stays in: the
// literal selects far better than a service name such as "close".
bool left_to_keywords(const compiled_rules& rules, std::size_t r) {
  const compiled_rule& rule = rules.rules[r];
  if (has_required_literal(rule.regex.pattern(), kMinLiteral)) return false;
  if (rule.keyword_near) return true;
  return std::all_of(rule.info.keywords.begin(), rule.info.keywords.end(),
                     [](const std::string& k) { return k.size() >= kMinLiteral; });
}

std::vector<std::string> rule_patterns(const compiled_rules& rules) {
  std::vector<std::string> patterns;
  patterns.reserve(rules.rules.size());
  for (const auto& r : rules.rules) patterns.push_back(r.regex.pattern());
  return patterns;
}

// Loads (allow_compile false: from the cache only) or builds the prefilter
// if no other thread is at it; the others go on with RE2 meanwhile.
void build_fast(const compiled_rules& rules, bool allow_compile) {
  int expected = rules.fast.state.load(std::memory_order_acquire);
  if (expected == 1 || expected == 2 || (expected == 3 && !allow_compile)) return;
  if (!rules.fast.state.compare_exchange_strong(expected, 1, std::memory_order_acq_rel)) return;
  const auto left_out = [&rules](std::size_t r) { return left_to_keywords(rules, r); };
  auto built = fast_prefilter::build(rule_patterns(rules), rules.prefilter.keywords(), allow_compile, left_out);
  if (!built && !allow_compile) {
    rules.fast.state.store(3, std::memory_order_release);
    return;
  }
  rules.fast.owned = std::move(built);
  rules.fast.ready.store(rules.fast.owned.get(), std::memory_order_release);
  rules.fast.state.store(2, std::memory_order_release);
}

// Builds the delta databases (delta_prefilter_slot) once, from the cache or
// compiled (seconds, like the main one); other threads scan whole meanwhile.
// Each regex of the main database goes into `windows` as its bounded form
// (prefilter_form.hpp), or, with none, into `whole`; the rules left to their
// keywords keep their literals in `windows`. Refused (and blobs scanned as
// before) unless the two hold between them exactly the regexes the main
// database holds: the candidates are chosen by what the databases hold.
void build_delta(const compiled_rules& rules, const fast_prefilter& main) {
  delta_prefilter_slot& slot = rules.delta_fast;
  int expected = 0;
  if (!slot.state.compare_exchange_strong(expected, 1, std::memory_order_acq_rel)) return;
  const std::vector<std::string> patterns = rule_patterns(rules);
  std::vector<std::string> forms = patterns;
  std::vector<std::uint8_t> whole(patterns.size(), 0);
  bool any_whole = false;
  for (std::size_t r = 0; r < patterns.size(); ++r) {
    if (!main.in_database(r)) continue;
    if (auto form = bounded_prefilter_form(patterns[r], kDeltaWindowWidth)) {
      forms[r] = std::move(*form);
    } else {
      whole[r] = 1;
      any_whole = true;
    }
  }
  const auto left_out = [&rules](std::size_t r) { return left_to_keywords(rules, r); };
  slot.windows = fast_prefilter::build(forms, rules.prefilter.keywords(), true, left_out,
                                       [&whole](std::size_t r) { return whole[r] != 0; }, "delta-windows-v1");
  if (any_whole)
    slot.whole = fast_prefilter::build(patterns, {}, true, [&whole](std::size_t r) { return whole[r] == 0; }, {},
                                       "delta-whole-v1");
  bool same = slot.windows && (!any_whole || slot.whole);
  for (std::size_t r = 0; same && r < patterns.size(); ++r)
    same = main.in_database(r) == (slot.windows->in_database(r) || (slot.whole && slot.whole->in_database(r)));
  slot.state.store(same ? 2 : 3, std::memory_order_release);
}

// The delta databases when ready (nullptr meanwhile, refused, or turned off
// with NHI_DELTA_PREFILTER=off, which a benchmark compares against).
const delta_prefilter_slot* delta_engines(const compiled_rules& rules, const fast_prefilter& main) {
  static const bool off = [] {
    const char* v = std::getenv("NHI_DELTA_PREFILTER");
    return v && std::strcmp(v, "off") == 0;
  }();
  if (off) return nullptr;
  const int state = rules.delta_fast.state.load(std::memory_order_acquire);
  if (state == 2) return &rules.delta_fast;
  if (state == 0) build_delta(rules, main);
  return rules.delta_fast.state.load(std::memory_order_acquire) == 2 ? &rules.delta_fast : nullptr;
}

// The windows of `data` around a delta's changed spans, widened by
// kDeltaWindowWidth and a byte either side, merged, in order.
void delta_windows(const std::vector<std::pair<std::size_t, std::size_t>>& changed, std::size_t size,
                   std::vector<std::pair<std::size_t, std::size_t>>& out) {
  constexpr std::size_t reach = kDeltaWindowWidth + 1;
  out.clear();
  for (const auto& [b, e] : changed) {
    const std::size_t lo = b > reach ? b - reach : 0, hi = std::min(size, e + reach);
    if (!out.empty() && lo <= out.back().second) {
      out.back().second = std::max(out.back().second, hi);
    } else {
      out.emplace_back(lo, hi);
    }
  }
}

// The delta prefilter (delta_context): marks in `hits` what the delta
// databases find in `data`, over the windows and the base's record when that
// is complete, else over every byte; false on a vectorscan error.
bool scan_delta(const delta_prefilter_slot& engines, const delta_context& d, std::string_view data,
                match_scratch& scratch, prefilter_hits& hits) {
  bool ok = true;
  if (d.base && d.base->complete && d.changed) {
    // The windows laid end to end, a newline between two, in one pass: each
    // call of vectorscan costs a setup (it was most of the time with a call
    // per window), and a match across the seam can only add a candidate.
    delta_windows(*d.changed, data.size(), scratch.windows);
    std::string& joined = scratch.joined_windows;
    joined.clear();
    for (const auto& [b, e] : scratch.windows) {
      if (!joined.empty()) joined += '\n';
      joined.append(data.data() + b, e - b);
    }
    ok = engines.windows->scan(joined, scratch.delta_windows_fast, hits);
    for (std::uint32_t r : d.base->regex_rules)
      if (!hits.regex[r]) {
        hits.regex[r] = 1;
        hits.regex_rules.push_back(r);
      }
    for (std::uint32_t r : d.base->keyword_rules)
      if (!hits.keyword[r]) {
        hits.keyword[r] = 1;
        hits.keyword_rules.push_back(r);
      }
  } else {
    ok = engines.windows->scan(data, scratch.delta_windows_fast, hits);
  }
  if (engines.whole) ok = ok && engines.whole->scan(data, scratch.delta_whole_fast, hits);
  return ok;
}

// The prefilter to use for a buffer of `size` bytes, or nullptr for RE2.
const fast_prefilter* fast_engine(const compiled_rules& rules, std::size_t size) {
  if (const fast_prefilter* f = rules.fast.ready.load(std::memory_order_acquire)) return f;
  const engine_mode mode = configured_engine();
  if (mode == engine_mode::re2_only) return nullptr;
  const int state = rules.fast.state.load(std::memory_order_acquire);
  if (state == 1 || state == 2) return nullptr;
  if (mode == engine_mode::vectorscan) {
    build_fast(rules, true);
    // Forced: wait for whichever thread builds it.
    while (rules.fast.state.load(std::memory_order_acquire) == 1) std::this_thread::yield();
    return rules.fast.ready.load(std::memory_order_acquire);
  }
  const std::uint64_t seen = rules.fast.bytes_without.fetch_add(size, std::memory_order_relaxed) + size;
  if (state == 0 && seen >= kLoadAfterBytes) build_fast(rules, false);
  else if (state == 3 && seen >= kCompileAfterBytes) build_fast(rules, true);
  return rules.fast.ready.load(std::memory_order_acquire);
}

// Below this size a buffer is searched whole by a rule whose matches hold a
// keyword: working that out costs about a millisecond per rule, more than
// RE2 takes over a small file, and a pre-commit scan should not pay it.
// (keyword_near is known when the rules load, and always worth its spans.)
// The blobs of a history are searched span by span whatever their size:
// their spans recur from version to version, and a span already searched in
// vain is not searched again (span_key).
constexpr std::size_t kSpansFrom = 16u << 10;

std::size_t spans_from(const match_scratch& scratch) { return scratch.delta ? 0 : kSpansFrom; }

// Whether RE2 searches only the spans around the rule's keywords in this
// buffer (keyword_spans): then it finds nothing where no keyword occurs.
bool searched_around_keywords(const compiled_rule& rule, std::string_view data,
                              const std::vector<std::pair<std::size_t, std::size_t>>& segments,
                              std::size_t spans_from) {
  return segments.empty() && (rule.keyword_near || (data.size() >= spans_from && rule.holds_keyword()));
}

// Whether one of the rule's keywords occurs in the buffer (or, with segments,
// within one of them): the keyword test of a rule whose regex vectorscan
// holds, made only after its regex may match.
bool keyword_occurs(const compiled_rule& rule, std::string_view data,
                    const std::vector<std::pair<std::size_t, std::size_t>>& segments) {
  for (const auto& keyword : rule.info.keywords) {
    if (segments.empty()) {
      if (icontains(data, keyword)) return true;
      continue;
    }
    for (const auto& [b, e] : segments)
      if (e > b && icontains(data.substr(b, e - b), keyword)) return true;
  }
  return false;
}

}  // namespace

bool fast_prefilter_enabled() { return configured_engine() != engine_mode::re2_only; }

void prepare_fast_prefilter(const compiled_rules& rules) {
  if (configured_engine() == engine_mode::re2_only || rules.rules.empty()) return;
  build_fast(rules, true);
  // And the databases for blobs of delta chains, which only history scans use.
  if (const fast_prefilter* main = rules.fast.ready.load(std::memory_order_acquire)) delta_engines(rules, *main);
}

void find_matches(const compiled_rules& rules, std::string_view data,
                  const std::vector<std::pair<std::size_t, std::size_t>>& segments,
                  match_scratch& scratch, std::vector<raw_match>& out) {
  if (rules.rules.empty() || data.empty()) return;
  if (const fast_prefilter* fast = fast_engine(rules, data.size())) {
    // One vectorscan pass: rules with a keyword here whose regex may match here.
    prefilter_hits& hits = scratch.hits;
    hits.reset(rules.rules.size());
    // A blob of a git delta chain, whole (no long lines cut into windows).
    const delta_context* delta = delta_context::of(scratch.delta, data, segments);
    const delta_prefilter_slot* engines = delta ? delta_engines(rules, *fast) : nullptr;
    if (delta && delta->record) {
      delta->record->complete = false;
      delta->record->run_lacked.clear();  // until run_candidates records it
    }
    bool ok = true;
    if (engines) {
      ok = scan_delta(*engines, *delta, data, scratch, hits);
      if (ok && delta->record) {
        delta->record->complete = true;
        delta->record->regex_rules = hits.regex_rules;
        delta->record->keyword_rules = hits.keyword_rules;
      }
    } else if (segments.empty()) {
      ok = fast->scan(data, scratch.fast, hits);
    } else {
      for (const auto& [b, e] : segments)
        if (e > b) ok = ok && fast->scan(data.substr(b, e - b), scratch.fast, hits);
    }
    if (ok) {
      scratch.candidates.clear();
      // A delta's keyword hits hold its base's, whose keyword the delta may
      // have deleted (a blob cut at its start): there a rule not searched
      // around its keywords is tested for one in this blob, as a whole scan
      // tests it, or its regex would match where the keyword is gone.
      const auto keyword_here = [&](std::uint32_t r) {
        return searched_around_keywords(rules.rules[r], data, segments, spans_from(scratch)) ||
               keyword_occurs(rules.rules[r], data, segments);
      };
      // (The delta databases hold between them the regexes this one holds.)
      for (std::uint32_t r : hits.keyword_rules)
        if (!fast->in_database(r) && (!delta || keyword_here(r))) scratch.candidates.push_back(r);
      for (std::uint32_t r : hits.regex_rules)
        // A rule searched around its keywords needs no test first: the
        // search for them is its keyword test (and one pass is enough).
        if ((hits.keyword[r] && !delta) || keyword_here(r)) scratch.candidates.push_back(r);
      if (scratch.candidates.empty()) return;
      std::sort(scratch.candidates.begin(), scratch.candidates.end());
      run_candidates(rules, data, segments, scratch, out);
      return;
    }
    // A vectorscan error: this buffer goes through the keyword prefilter.
  }
  if (segments.empty()) {
    if (rules.prefilter.scan(data, scratch.rule_hits) == 0) return;
  } else {
    // Only the segments are matched, so only they are prefiltered: a 1 GiB
    // file that is one skipped line costs no pass over its bytes.
    std::vector<std::uint8_t> segment_hits;
    std::size_t hit = 0;
    scratch.rule_hits.assign(rules.rules.size(), 0);
    for (const auto& [b, e] : segments) {
      if (e <= b) continue;
      if (rules.prefilter.scan(data.substr(b, e - b), segment_hits) == 0) continue;
      for (std::size_t r = 0; r < segment_hits.size(); ++r)
        if (segment_hits[r] && !scratch.rule_hits[r]) {
          scratch.rule_hits[r] = 1;
          ++hit;
        }
    }
    if (hit == 0) return;
  }
  scratch.candidates.clear();
  for (std::uint32_t r = 0; r < scratch.rule_hits.size(); ++r)
    if (scratch.rule_hits[r]) scratch.candidates.push_back(r);
  run_candidates(rules, data, segments, scratch, out);
}

namespace {

// The start of the line `lines` lines above the one holding data[pos], not
// before `floor`; and the end of the line `lines` lines below, not past `ceiling`.
std::size_t lines_up(std::string_view data, std::size_t pos, int lines, std::size_t floor) {
  for (int seen = 0; pos > floor; --pos)
    if (data[pos - 1] == '\n' && seen++ == lines) break;
  return pos;
}
std::size_t lines_down(std::string_view data, std::size_t pos, int lines, std::size_t ceiling) {
  for (int seen = 0; pos < ceiling; ++pos)
    if (data[pos] == '\n' && seen++ == lines) break;
  return pos;
}

// The spans of `data` that can hold a match of a rule its keywords anchor
// (compiled_rule::keyword_near, holds_keyword), in order and merged, for each
// occurrence [at, end) of one of its keywords:
//  - keyword_near: word_near accepts a secret only with a keyword within
//    keyword_within_lines lines and kKeywordReach bytes of it, and a match
//    spans at most match_width bytes around its secret; so from the start of
//    the line K lines above `end` to the end of the line K lines below `at`,
//    widened by match_width, and never further than kKeywordReach + width;
//  - holds_keyword: a match holding the occurrence lies in
//    [end - match_width, at + match_width].
void keyword_spans(const compiled_rule& rule, std::string_view data,
                   std::vector<std::pair<std::size_t, std::size_t>>& spans) {
  spans.clear();
  const std::size_t width = rule.match_width;
  const int lines = rule.info.keyword_within_lines;
  for (const auto& keyword : rule.info.keywords) {
    const std::size_t first = spans.size();  // this keyword's spans, merged as they come
    for (std::size_t at = ifind(data, keyword); at != std::string_view::npos; at = ifind(data, keyword, at + 1)) {
      const std::size_t end = at + keyword.size();
      std::size_t lo = end, hi = at;
      if (rule.keyword_near) {
        lo = lines_up(data, end - 1, lines, end > kKeywordReach ? end - kKeywordReach : 0);
        hi = lines_down(data, at, lines, std::min(data.size(), at + kKeywordReach));
      }
      lo = lo > width ? lo - width : 0;
      hi = std::min(data.size(), hi + width);
      if (spans.size() > first && lo <= spans.back().second) {
        spans.back().second = std::max(spans.back().second, hi);
      } else {
        spans.emplace_back(lo, hi);
      }
    }
  }
  if (rule.info.keywords.size() < 2 || spans.empty()) return;
  std::sort(spans.begin(), spans.end());
  std::size_t kept = 0;
  for (std::size_t i = 1; i < spans.size(); ++i) {
    if (spans[i].first <= spans[kept].second) {
      spans[kept].second = std::max(spans[kept].second, spans[i].second);
    } else {
      spans[++kept] = spans[i];
    }
  }
  spans.resize(kept + 1);
}

std::uint64_t mix64(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xBF58476D1CE4E5B9ull;
  x ^= x >> 27;
  x *= 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// The span_key of data[begin, end) for rule `r`: two 64-bit lanes over the
// bytes, each word mixed in by a multiplication, each lane finished apart.
span_key key_of_span(std::uint32_t r, std::string_view data, std::size_t begin, std::size_t end) {
  const std::size_t from = begin > 0 ? begin - 1 : 0, to = end < data.size() ? end + 1 : end;
  const auto* p = reinterpret_cast<const unsigned char*>(data.data()) + from;
  const std::size_t n = to - from;
  std::uint64_t a = 0x243F6A8885A308D3ull ^ n, b = 0x13198A2E03707344ull + n;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t w;
    std::memcpy(&w, p + i, 8);
    a = (a ^ w) * 0x9E3779B97F4A7C15ull;
    a ^= a >> 32;
    b = (b + w) * 0xC2B2AE3D27D4EB4Full;
    b = (b << 29) | (b >> 35);
  }
  std::uint64_t tail = 0;
  for (std::size_t k = 0; i + k < n; ++k) tail |= std::uint64_t(p[i + k]) << (8 * k);
  span_key key;
  key.a = mix64(a ^ tail);
  key.b = mix64(b + tail * 0x9E3779B97F4A7C15ull);
  key.length = (end - begin) | (std::uint64_t(begin == 0) << 62) | (std::uint64_t(end == data.size()) << 63);
  key.rule = r;
  return key;
}

// RE2 for every rule in scratch.candidates, then overlap resolution.
void run_candidates(const compiled_rules& rules, std::string_view data,
                    const std::vector<std::pair<std::size_t, std::size_t>>& segments, match_scratch& scratch,
                    std::vector<raw_match>& out) {
  std::vector<raw_match> found;
  // A delta's result, whole: what its base lacked narrows where runs are
  // looked for, and what this blob lacks is kept for the deltas on it.
  const delta_context* whole = delta_context::of(scratch.delta, data, segments);
  const std::vector<std::uint32_t>* base_lacked =
      whole && whole->base && whole->changed && !whole->base->run_lacked.empty() ? &whole->base->run_lacked : nullptr;
  if (base_lacked) delta_windows(*whole->changed, data.size(), scratch.run_windows);
  scratch.runs.reset(rules.run_sets, base_lacked, base_lacked ? &scratch.run_windows : nullptr);
  for (std::uint32_t r : scratch.candidates) {
    const compiled_rule& rule = rules.rules[r];
    if (searched_around_keywords(rule, data, segments, spans_from(scratch))) {
      // No span can hold the secret's run if the buffer does not: the run is
      // looked for by skips of its length, the keywords byte by byte.
      if (!scratch.runs.found_in(rule.run, data)) continue;
      keyword_spans(rule, data, scratch.spans);
      // Only a history's blobs repeat their spans: other buffers are not
      // worth digesting (span_key).
      const bool remember = scratch.delta != nullptr;
      for (const auto& [b, e] : scratch.spans) {
        if (!rule.run.found_in(data.substr(b, e - b))) continue;
        if (!remember) {
          run_rule(rules, r, data, b, e, e, found);
          continue;
        }
        const span_key key = key_of_span(r, data, b, e);
        if (scratch.span_misses.find(key)) continue;
        bool any_match = false;
        run_rule(rules, r, data, b, e, e, found, &any_match);
        if (any_match) continue;
        if (scratch.span_misses.size() >= kSpanMisses) scratch.span_misses.clear();
        scratch.span_misses.emplace(key, true);
      }
      continue;
    }
    if (segments.empty()) {
      if (scratch.runs.found_in(rule.run, data)) run_rule(rules, r, data, 0, data.size(), data.size(), found);
      continue;
    }
    std::size_t resume = 0;
    for (std::size_t k = 0; k < segments.size(); ++k) {
      const auto [b, e] = segments[k];
      // Overlapping windows (a long line): a match belongs to the first window
      // it starts in before the next window's start.
      const bool overlapped = k + 1 < segments.size() && segments[k + 1].first < e;
      const std::size_t keep_before = overlapped ? segments[k + 1].first : e;
      const std::size_t from = std::max(b, resume);
      if (from < e && !rule.run.found_in(data.substr(from, e - from))) continue;
      resume = from < e ? run_rule(rules, r, data, from, e, keep_before, found) : resume;
    }
  }
  if (whole && whole->record) scratch.runs.lacked(whole->record->run_lacked);
  if (found.empty()) return;
  drop_unpaired(rules, data, found);
  resolve_overlaps(rules, found);
  drop_catch_alls_in_saved_page(rules, data, found);
  out.insert(out.end(), found.begin(), found.end());
}

}  // namespace

bool catch_all_rule(const rule_info& info) { return info.generic || info.provider == "url"; }

}  // namespace nhi::detail
