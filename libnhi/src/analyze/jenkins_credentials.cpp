// SPDX-License-Identifier: Apache-2.0
// Jenkins credentials in XML: $JENKINS_HOME/credentials.xml (the system
// store), the config.xml of a folder or user that holds its own store, and
// the XML `jenkins-cli create-credentials-by-xml` reads. Jenkins (through
// XStream) writes each credential as an element named by its Java class with
// <scope>, <id>, <description> and the class's fields; the secret fields hold
// either Jenkins' encrypted form ({AQAAAB...}, decryptable with the
// controller's secrets/master.key) or, in files written for import or by
// hand, the plain value.
#include "analyze/jenkins.hpp"

#include <algorithm>
#include <cstdlib>

#include "util/text.hpp"

namespace nhi::detail {
namespace {

constexpr std::size_t kNone = static_cast<std::size_t>(-1);
// An element costs about 150 bytes with its strings; this bounds the tree
// near 300 MB, far beyond any credential store.
constexpr std::size_t kMaxElements = 2'000'000;

struct xml_element {
  std::string name;
  std::string plugin;                // the plugin="name@version" attribute XStream adds
  std::string text;                  // character data directly inside, raw (entities kept)
  std::size_t text_offset = kNone;   // where its first non-blank character is
  std::size_t offset = 0;            // where its start tag is
  std::size_t parent = kNone;
  std::vector<std::size_t> children;
};

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// A small, strict reader of the XML XStream writes: elements, attributes,
// character data, CDATA, comments, processing instructions and a DOCTYPE
// without internal subset. Malformed markup throws parse_failure with its line.
class xml_reader {
 public:
  explicit xml_reader(std::string_view content) : c_(content) {}

  std::vector<xml_element> read() {
    std::size_t i = 0;
    while (i < c_.size()) {
      const std::size_t lt = c_.find('<', i);
      add_text(i, lt == std::string_view::npos ? c_.size() : lt);
      if (lt == std::string_view::npos) break;
      const std::string_view at = c_.substr(lt);
      if (starts_with(at, "<!--")) {
        i = skip_past(lt + 4, "-->", lt, "comment");
      } else if (starts_with(at, "<![CDATA[")) {
        const std::size_t end = c_.find("]]>", lt + 9);
        if (end == std::string_view::npos) fail("unterminated CDATA section", lt);
        add_text(lt + 9, end);
        i = end + 3;
      } else if (starts_with(at, "<?")) {
        i = skip_past(lt + 2, "?>", lt, "processing instruction");
      } else if (starts_with(at, "<!")) {
        i = skip_past(lt + 2, ">", lt, "declaration");
      } else if (starts_with(at, "</")) {
        i = end_tag(lt);
      } else {
        i = start_tag(lt);
      }
    }
    if (!open_.empty()) fail("<" + nodes_[open_.back()].name + "> is not closed", nodes_[open_.back()].offset);
    return std::move(nodes_);
  }

 private:
  [[noreturn]] void fail(const std::string& message, std::size_t offset) const {
    throw parse_failure("malformed XML: " + message, line_at(c_, offset));
  }

  std::size_t skip_past(std::size_t from, std::string_view terminator, std::size_t start, const char* what) const {
    const std::size_t end = c_.find(terminator, from);
    if (end == std::string_view::npos) fail(std::string("unterminated ") + what, start);
    return end + terminator.size();
  }

  void add_text(std::size_t begin, std::size_t end) {
    if (open_.empty() || begin >= end) return;
    xml_element& e = nodes_[open_.back()];
    if (e.text_offset == kNone)
      for (std::size_t k = begin; k < end; ++k)
        if (!is_blank(c_[k])) {
          e.text_offset = k;
          break;
        }
    e.text.append(c_.substr(begin, end - begin));
  }

  std::size_t end_tag(std::size_t lt) {
    const std::size_t gt = c_.find('>', lt + 2);
    if (gt == std::string_view::npos) fail("unterminated end tag", lt);
    const std::string name = trim(c_.substr(lt + 2, gt - lt - 2));
    if (open_.empty()) fail("</" + name + "> closes nothing", lt);
    if (nodes_[open_.back()].name != name)
      fail("</" + name + "> closes <" + nodes_[open_.back()].name + ">", lt);
    open_.pop_back();
    return gt + 1;
  }

  std::size_t start_tag(std::size_t lt) {
    std::size_t i = lt + 1;
    while (i < c_.size() && !is_blank(c_[i]) && c_[i] != '>' && c_[i] != '/') ++i;
    if (i == lt + 1) fail("a '<' that starts no element", lt);
    if (nodes_.size() >= kMaxElements) throw too_large_for_analysis("more than 2,000,000 XML elements");
    if (open_.size() >= static_cast<std::size_t>(kMaxNesting)) fail("elements nested deeper than 64", lt);
    xml_element e;
    e.name = std::string(c_.substr(lt + 1, i - lt - 1));
    e.offset = lt;
    e.parent = open_.empty() ? kNone : open_.back();
    bool self_closing = false;
    while (true) {
      while (i < c_.size() && is_blank(c_[i])) ++i;
      if (i >= c_.size()) fail("unterminated start tag <" + e.name + ">", lt);
      if (c_[i] == '>') { ++i; break; }
      if (c_[i] == '/') {
        if (i + 1 >= c_.size() || c_[i + 1] != '>') fail("stray '/' in <" + e.name + ">", lt);
        self_closing = true;
        i += 2;
        break;
      }
      const std::size_t name_begin = i;
      while (i < c_.size() && !is_blank(c_[i]) && c_[i] != '=' && c_[i] != '>' && c_[i] != '/') ++i;
      const std::string_view attribute = c_.substr(name_begin, i - name_begin);
      while (i < c_.size() && is_blank(c_[i])) ++i;
      if (i >= c_.size() || c_[i] != '=') fail("attribute without a value in <" + e.name + ">", lt);
      ++i;
      while (i < c_.size() && is_blank(c_[i])) ++i;
      if (i >= c_.size() || (c_[i] != '"' && c_[i] != '\'')) fail("unquoted attribute value in <" + e.name + ">", lt);
      const std::size_t close = c_.find(c_[i], i + 1);
      if (close == std::string_view::npos) fail("unterminated attribute value in <" + e.name + ">", lt);
      if (attribute == "plugin") e.plugin = std::string(c_.substr(i + 1, close - i - 1));
      i = close + 1;
    }
    const std::size_t index = nodes_.size();
    if (e.parent != kNone) nodes_[e.parent].children.push_back(index);
    nodes_.push_back(std::move(e));
    if (!self_closing) open_.push_back(index);
    return i;
  }

  std::string_view c_;
  std::vector<xml_element> nodes_;
  std::vector<std::size_t> open_;
};

// The five predefined entities and character references, for names and
// descriptions shown to people (fingerprints use the raw text, as the rules see it).
std::string xml_unescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const std::size_t semi = s[i] == '&' ? s.find(';', i) : std::string_view::npos;
    if (semi == std::string_view::npos || semi - i > 10) {
      out += s[i];
      continue;
    }
    const std::string_view entity = s.substr(i + 1, semi - i - 1);
    unsigned long code = 0;
    bool known = true;
    if (entity == "lt") code = '<';
    else if (entity == "gt") code = '>';
    else if (entity == "amp") code = '&';
    else if (entity == "quot") code = '"';
    else if (entity == "apos") code = '\'';
    else if (entity.size() > 1 && entity[0] == '#') {
      const bool hex = entity[1] == 'x' || entity[1] == 'X';
      const std::string digits(entity.substr(hex ? 2 : 1));
      char* end = nullptr;
      code = digits.empty() ? 0 : std::strtoul(digits.c_str(), &end, hex ? 16 : 10);
      known = !digits.empty() && end && *end == '\0' && code > 0 && code < 0x80;  // ASCII only; others kept as written
    } else {
      known = false;
    }
    if (!known) {
      out += s[i];
      continue;
    }
    out += static_cast<char>(code);
    i = semi;
  }
  return out;
}

// XStream writes '$' in class names as "_-" and '_' as "__".
std::string java_class_name(std::string_view element) {
  std::string out;
  for (std::size_t i = 0; i < element.size(); ++i) {
    if (element[i] == '_' && i + 1 < element.size() && (element[i + 1] == '_' || element[i + 1] == '-')) {
      out += element[i + 1] == '_' ? '_' : '$';
      ++i;
    } else {
      out += element[i];
    }
  }
  return out;
}

class credential_reader {
 public:
  credential_reader(const source_file& file, const std::vector<xml_element>& nodes) : file_(file), nodes_(nodes) {}

  void read(analysis_result& out) {
    for (std::size_t i = 0; i < nodes_.size(); ++i)
      if (is_credential(nodes_[i])) add(nodes_[i], out);
  }

 private:
  const xml_element* child(const xml_element& e, std::string_view name) const {
    for (std::size_t c : e.children)
      if (nodes_[c].name == name) return &nodes_[c];
    return nullptr;
  }

  std::string child_text(const xml_element& e, std::string_view name) const {
    const xml_element* c = child(e, name);
    return c ? xml_unescape(trim(c->text)) : std::string();
  }

  // The line of `offset`, counted on from the last one asked for: the fields
  // come in file order, and counting from the start each time was quadratic
  // in a store of many credentials.
  std::uint64_t line_of(std::size_t offset) const {
    if (offset < counted_to_) {
      counted_to_ = 0;
      line_ = 1;
    }
    line_ += static_cast<std::uint64_t>(std::count(file_.content.begin() + static_cast<std::ptrdiff_t>(counted_to_),
                                                   file_.content.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
    counted_to_ = offset;
    return line_;
  }

  // An element named by a Java class (it has a dot) with an <id> of its own.
  bool is_credential(const xml_element& e) const {
    return e.name.find('.') != std::string::npos && child(e, "id") != nullptr;
  }

  // The secret fields of a credential: its children and theirs, two levels
  // down (<privateKeySource><privateKey>, Azure's <data><clientSecret>), not
  // inside another credential. Their raw text is what the rules report.
  void collect(const xml_element& e, int depth, std::vector<jenkins_secret_value>& found) const {
    for (std::size_t c : e.children) {
      const xml_element& k = nodes_[c];
      if (is_credential(k)) continue;
      std::string text = trim(k.text);
      if (is_jenkins_secret_field(k.name) && !text.empty() && k.children.empty())
        found.push_back({k.name, std::move(text), {}, line_of(k.text_offset == kNone ? k.offset : k.text_offset)});
      if (depth < 2) collect(k, depth + 1, found);
    }
  }

  // The credentials domain of an entry of a store's domainCredentialsMap:
  // the <entry>'s Domain, whose <name> is empty for the global domain.
  std::string domain_of(const xml_element& e) const {
    if (e.parent == kNone || nodes_[e.parent].parent == kNone) return {};
    const xml_element& entry = nodes_[nodes_[e.parent].parent];
    if (entry.name != "entry") return {};
    const xml_element* domain = child(entry, "com.cloudbees.plugins.credentials.domains.Domain");
    return domain ? child_text(*domain, "name") : std::string();
  }

  std::string store_of(const xml_element& e) const {
    for (std::size_t p = e.parent; p != kNone; p = nodes_[p].parent) {
      const std::string& n = nodes_[p].name;
      if (n.find("FolderCredentialsProvider") != std::string::npos) return "folder";
      if (n.find("UserCredentialsProvider") != std::string::npos) return "user";
      if (n.find("SystemCredentialsProvider") != std::string::npos) return "system";
    }
    return {};
  }

  void add(const xml_element& e, analysis_result& out) const {
    jenkins_credential c;
    collect(e, 0, c.secrets);
    if (c.secrets.empty()) return;
    c.class_name = java_class_name(e.name);
    read_jenkins_fields(c, [&](const char* field) { return child_text(e, field); });
    c.plugin = e.plugin;
    c.domain = domain_of(e);
    c.store = store_of(e);
    add_jenkins_credential(std::move(c), file_, out);
  }

  const source_file& file_;
  const std::vector<xml_element>& nodes_;
  mutable std::size_t counted_to_ = 0;
  mutable std::uint64_t line_ = 1;
};

}  // namespace

bool looks_like_jenkins_credentials(std::string_view content) {
  for (const char* marker : {"com.cloudbees.plugins.credentials", "CredentialsImpl", "BasicSSHUserPrivateKey",
                             "GitHubAppCredentials"})
    if (content.find(marker) != std::string_view::npos) return true;
  return false;
}

void analyze_jenkins_credentials(const source_file& file, analysis_result& out) {
  const std::vector<xml_element> nodes = xml_reader(file.content).read();
  credential_reader(file, nodes).read(out);
}

}  // namespace nhi::detail
