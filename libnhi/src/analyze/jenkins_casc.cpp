// SPDX-License-Identifier: Apache-2.0
// Jenkins Configuration as Code (the configuration-as-code plugin): a YAML
// file whose `credentials.system.domainCredentials` lists, per credentials
// domain, the credentials of the controller's system store. Each credential
// is a one-key map from its type's symbol to the class's fields, secrets
// included, which JCasC files mostly fill with `${VAR}`, `${readFile:...}` or
// `${base64:...}` (resolved when Jenkins loads them), and sometimes with the
// plain value or with the `{AQAAAB...}` that a configuration export writes.
#include <algorithm>
#include <string>

#include "analyze/jenkins.hpp"
#include "analyze/yaml_util.hpp"
#include "util/text.hpp"

namespace nhi::detail {
namespace {

// The bytes the secret rules report for a plain value: a PEM block as the
// file holds it (a block scalar's indentation included; `line` becomes the
// line of its BEGIN, where the finding is), the text between the quotes of a
// quoted scalar as written (escapes included), else the scalar itself.
std::string reported_text(const YAML::Node& node, const std::string& value, std::string_view content,
                          std::uint64_t& line) {
  const YAML::Mark m = node.Mark();
  if (m.is_null() || m.pos < 0 || static_cast<std::size_t>(m.pos) >= content.size()) return value;
  const std::size_t at = static_cast<std::size_t>(m.pos);
  if (value.find("-----BEGIN") != std::string::npos) {
    // Within the node's own text (the value with its indentation), so that
    // many values that only name a PEM cost no search to the end of the file.
    const std::string_view node_text = content.substr(at, 4 * value.size() + 4096);
    const std::size_t begin = node_text.find("-----BEGIN");
    const std::size_t end = begin == std::string_view::npos ? begin : node_text.find("-----END", begin);
    const std::size_t close = end == std::string_view::npos ? end : node_text.find("-----", end + 8);
    if (close == std::string_view::npos) return value;
    line += static_cast<std::uint64_t>(std::count(node_text.begin(), node_text.begin() + begin, '\n'));
    return std::string(node_text.substr(begin, close + 5 - begin));
  }
  const char quote = content[at];
  if (quote != '"' && quote != '\'') return value;
  std::size_t k = at + 1;
  for (; k < content.size() && content[k] != '\n'; ++k) {
    if (quote == '"' && content[k] == '\\') {
      ++k;
    } else if (content[k] == quote) {
      if (quote == '\'' && k + 1 < content.size() && content[k + 1] == '\'') {
        ++k;  // '' is a quote inside a single-quoted scalar
        continue;
      }
      return std::string(content.substr(at + 1, k - at - 1));
    }
  }
  return value;  // a quoted scalar over several lines: folded by YAML, no raw form to give
}

class casc_reader {
 public:
  casc_reader(const source_file& file, analysis_result& out) : file_(file), out_(out) {}

  void read(const YAML::Node& doc) {
    const YAML::Node domains = yaml_child(yaml_child(yaml_child(doc, "credentials"), "system"), "domainCredentials");
    if (!yaml_is_seq(domains)) return;
    for (const YAML::Node& entry : domains) {
      // No domain (or one without a name) is the global domain.
      const std::string domain = yaml_string(yaml_child(entry, "domain"), "name");
      const YAML::Node credentials = yaml_child(entry, "credentials");
      if (!yaml_is_seq(credentials)) continue;
      for (const YAML::Node& item : credentials)
        if (yaml_is_map(item) && item.size() == 1 && item.begin()->first.IsScalar() && yaml_is_map(item.begin()->second))
          add(item.begin()->first.Scalar(), item.begin()->second, domain);
    }
  }

 private:
  // The secret fields of a credential, two maps down at most
  // (privateKeySource.directEntry.privateKey, keyStoreSource.uploaded.uploadedKeystore,
  // serviceAccountConfig.json.secretJsonKey).
  void collect(const YAML::Node& map, int depth, std::vector<jenkins_secret_value>& found) const {
    for (auto it = map.begin(); it != map.end(); ++it) {
      if (!it->first.IsScalar()) continue;
      // Copies: yaml-cpp's iterator hands out a temporary pair, which a
      // reference would outlive.
      const std::string key = it->first.Scalar();
      const YAML::Node value = it->second;
      if (yaml_is_map(value) && depth < 2) {
        collect(value, depth + 1, found);
      } else if (is_jenkins_secret_field(key) && value.IsDefined() && value.IsScalar()) {
        std::string text = trim(value.Scalar());
        if (text.empty()) continue;
        std::uint64_t line = yaml_line(value);
        std::string reported = reported_text(value, text, file_.content, line);
        found.push_back({key, std::move(text), std::move(reported), line});
      }
    }
  }

  void add(const std::string& type, const YAML::Node& body, const std::string& domain) const {
    jenkins_credential c;
    collect(body, 0, c.secrets);
    if (c.secrets.empty()) return;
    c.casc_type = type;
    read_jenkins_fields(c, [&](const char* field) { return yaml_string(body, field); });
    c.domain = domain;
    c.store = "system";
    add_jenkins_credential(std::move(c), file_, out_);
  }

  const source_file& file_;
  analysis_result& out_;
};

// A line starting with `key` after at most `indent` spaces.
bool has_key_line(std::string_view content, std::string_view key, std::size_t max_indent) {
  for (std::size_t pos = content.find(key); pos != std::string_view::npos; pos = content.find(key, pos + 1)) {
    std::size_t start = pos;
    while (start > 0 && content[start - 1] == ' ') --start;
    if ((start == 0 || content[start - 1] == '\n') && pos - start <= max_indent) return true;
  }
  return false;
}

}  // namespace

bool looks_like_jenkins_casc(std::string_view content) {
  return has_key_line(content, "credentials:", 0) && has_key_line(content, "domainCredentials:", 16);
}

void analyze_jenkins_casc(const source_file& file, analysis_result& out) {
  casc_reader reader(file, out);
  for (const YAML::Node& doc : load_yaml_documents(file.content)) reader.read(doc);
}

}  // namespace nhi::detail
