// SPDX-License-Identifier: Apache-2.0
// Shared vocabulary of the structure-aware analyzers: how a failure is
// reported, how facts and findings are built, and the heuristics that decide
// whether a setting names a credential and whether its value is a literal.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "nhi/analysis.hpp"
#include "util/text.hpp"  // iequals, ascii_lower

namespace nhi::detail {

// Thrown by an analyzer when a file it recognised is malformed; the public
// entry points turn it into a parse_error naming the file and `line` (0 when
// the message carries a JSON path instead).
struct parse_failure : std::runtime_error {
  parse_failure(const std::string& message, std::uint64_t line_number)
      : std::runtime_error(message), line(line_number) {}
  std::uint64_t line;
};

// Thrown before any tree is built when a file would build a larger one than
// structure analysis allows (the memory bound of docs/hardening.md); the entry
// points turn it into `unsupported`: the file is not analysed, and says why.
struct too_large_for_analysis : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The trees structure analysis builds, bounded by what they cost, not by the
// bytes that describe them: yaml-cpp takes about 470 bytes per node (2 bytes
// of `[a,a,...]` make one), nlohmann::json up to about 100 per value (`[{},...]`).
// Both caps keep the largest tree near 1.4 GB and an analysis under 2 GB.
constexpr std::size_t kMaxAnalyzedYamlNodes = 2'500'000;
constexpr std::size_t kMaxAnalyzedJsonValues = 14'000'000;
// The facts are rich too (about 1.2 KB each with their strings): a 10 MB
// credential report of minimal rows made 3 per row, 870 MB. More facts and
// findings than this from one file stop its analysis. No real export comes
// near it: an AWS account holds at most 5,000 IAM users.
constexpr std::size_t kMaxAnalyzedRecords = 300'000;

// Finds where an entry of an export is, in about linear total time over all
// the entries of a file (a search from the start per entry, then a count of
// the newlines before it, was quadratic: hours for a 40 MB export).
class text_locator {
 public:
  explicit text_locator(std::string_view content) : content_(content), budget_(16 * (content.size() + 64)) {}
  // 1-based line of the next occurrence of `needle` at or after the previous
  // hit, wrapping to the start once (exports list entries in file order);
  // 0 when absent, or once 16 passes' worth of searching is spent.
  std::uint64_t line_of(std::string_view needle);

 private:
  std::string_view content_;
  std::size_t cursor_ = 0;
  std::uint64_t budget_;
  std::vector<std::size_t> newlines_;
  bool indexed_ = false;
};

// One file handed to an analyzer. `content` is borrowed for the call.
struct source_file {
  std::string path;
  std::string_view content;
  std::shared_ptr<text_locator> locator = std::make_shared<text_locator>(content);
  mutable std::size_t records = 0;  // facts and findings made from it (make_fact, add_finding)
};

// Bounds that keep hostile input from exhausting the stack or the clock.
constexpr int kMaxNesting = 64;              // structure depth the walkers follow
constexpr std::size_t kMaxNodeVisits = 200000;  // nodes a generic tree walk visits

std::string trim(std::string_view s);
// Trimmed, then without one pair of matching quotes around it ("x" or 'x').
std::string trim_unquote(std::string_view s);
std::vector<std::string> split(std::string_view s, char sep);
// Lowercase words of an identifier: "awsSecretAccessKey" and
// "AWS_SECRET_ACCESS_KEY" both give {aws, secret, access, key}.
std::vector<std::string> name_words(std::string_view name);

// 1-based line of `offset` in `content`.
std::uint64_t line_at(std::string_view content, std::size_t offset);
// 1-based line of the first occurrence of `needle` at or after `from`; 0 when absent.
std::uint64_t line_of_text(std::string_view content, std::string_view needle, std::size_t from = 0);

// The kind of credential a setting's name suggests ("password", "token",
// "api_key", "access_key", "secret_key", "client_secret", "private_key",
// "credentials", "connection_string", "secret"), or empty when the name does
// not look like one (DB_PASSWORD_FILE, TOKEN_TTL, SECRET_NAME are not).
std::string credential_kind_for_name(std::string_view name);
// The provider a setting's name points at ("aws", "gcp", "github", ...), or "generic".
std::string provider_for_name(std::string_view name);

// True when a value is not a literal credential: empty, a variable or
// template reference (${X}, $X, {{ x }}, ${{ secrets.X }}), a placeholder
// (changeme, <your-key>, xxxx), a file path or a secret-manager reference.
bool is_reference_or_placeholder(std::string_view value);
// "literal", "reference" or "empty": how a credential setting is filled.
std::string value_source(std::string_view value);

// AWS access key ids: AKIA (long-term) or ASIA (temporary) + 16 base32 characters.
bool looks_like_aws_key_id(std::string_view s) noexcept;

// %XX decoding, as IAM uses for policy documents; false on a malformed escape.
bool percent_decode(std::string_view in, std::string& out);

// XML read as text, for the small configuration files the analyzers know:
// the five predefined entities replaced (&amp; &lt; &gt; &quot; &apos;), the
// value of attribute `name` in the text of one start tag (empty when absent),
// and every start tag <name ...> or <name .../> of `content` with its offset.
std::string xml_entities_unescaped(std::string_view s);
std::string xml_tag_attribute(std::string_view tag, std::string_view name);
std::vector<std::pair<std::size_t, std::string_view>> xml_start_tags(std::string_view content, std::string_view name);
// The trimmed, unescaped text of the first <name>text</name> of `text` (an
// element written without attributes); empty when absent. `offset`, when
// given, receives where its start tag is.
std::string xml_element_text(std::string_view text, std::string_view name, std::size_t* offset = nullptr);
// `content` with its <!-- comments --> blanked (newlines kept, so lines still count).
std::string without_xml_comments(std::string_view content);

// The fact every analyzer starts from.
identity_fact make_fact(std::string kind, std::string provider, std::string name,
                        const source_file& file, std::uint64_t line);

void add_finding(analysis_result& out, std::string id, std::string category, std::string severity,
                 std::string message, std::string subject, const source_file& file,
                 std::uint64_t line);

// A fact for a setting whose name looks like a credential (a .env variable, a
// compose environment entry, a Dockerfile ENV). Never stores the value: only
// whether it is literal, and for literals the fingerprint the scanner would
// give the same bytes, so the inventory can join the two.
identity_fact credential_setting_fact(std::string_view setting, std::string_view value,
                                      const std::string& kind, const source_file& file,
                                      std::uint64_t line);

// Fills environment and service from namespace and path where the analyzer
// left them empty; called once on every result before it is returned.
void attach_context(analysis_result& result, std::string_view path);

// The lines of `content` with their numbers (from 1), `\r` dropped, without
// copying them (new line-based analyzers use it; older ones still split).
template <typename Visit>
void each_line(std::string_view content, Visit&& visit) {
  std::uint64_t number = 0;
  for (std::size_t at = 0; at <= content.size();) {
    std::size_t end = content.find('\n', at);
    if (end == std::string_view::npos) end = content.size();
    std::string_view line = content.substr(at, end - at);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++number;
    if (end == content.size() && line.empty()) break;
    visit(line, number);
    at = end + 1;
  }
}

}  // namespace nhi::detail
