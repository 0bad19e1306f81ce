// SPDX-License-Identifier: Apache-2.0
#include "analyze/common.hpp"

#include <algorithm>
#include <cctype>

#include "nhi/finding.hpp"
#include "util/text.hpp"

namespace nhi::detail {

namespace {

bool contains_word(const std::vector<std::string>& words, std::string_view w) {
  return std::find(words.begin(), words.end(), w) != words.end();
}

// True when `first` is immediately followed by `second` somewhere in `words`.
bool has_pair(const std::vector<std::string>& words, std::string_view first, std::string_view second) {
  for (std::size_t i = 0; i + 1 < words.size(); ++i)
    if (words[i] == first && words[i + 1] == second) return true;
  return false;
}

bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

}  // namespace

// XML entities a value may hold (&amp; &lt; &gt; &quot; &apos;).
std::string xml_entities_unescaped(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '&') {
      bool replaced = false;
      for (const auto& [entity, ch] : {std::pair<std::string_view, char>{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'},
                                       {"&quot;", '"'}, {"&apos;", '\''}})
        if (s.substr(i, entity.size()) == entity) {
          out += ch;
          i += entity.size() - 1;
          replaced = true;
          break;
        }
      if (replaced) continue;
    }
    out += s[i];
  }
  return out;
}

// The value of attribute `name` in the text of one start tag; empty when absent.
std::string without_xml_comments(std::string_view content) {
  std::string out(content);
  for (std::size_t at = out.find("<!--"); at != std::string::npos; at = out.find("<!--", at)) {
    std::size_t end = out.find("-->", at + 4);
    end = end == std::string::npos ? out.size() : end + 3;
    for (std::size_t i = at; i < end; ++i)
      if (out[i] != '\n') out[i] = ' ';
    at = end;
  }
  return out;
}

std::string xml_tag_attribute(std::string_view tag, std::string_view name) {
  for (std::size_t at = tag.find(name); at != std::string_view::npos; at = tag.find(name, at + 1)) {
    if (at == 0 || !(tag[at - 1] == ' ' || tag[at - 1] == '\t' || tag[at - 1] == '\n' || tag[at - 1] == '\r')) continue;
    std::size_t i = at + name.size();
    while (i < tag.size() && (tag[i] == ' ' || tag[i] == '\t')) ++i;
    if (i >= tag.size() || tag[i] != '=') continue;
    ++i;
    while (i < tag.size() && (tag[i] == ' ' || tag[i] == '\t')) ++i;
    if (i >= tag.size() || (tag[i] != '"' && tag[i] != '\'')) continue;
    const std::size_t close = tag.find(tag[i], i + 1);
    if (close == std::string_view::npos) return {};
    return xml_entities_unescaped(tag.substr(i + 1, close - i - 1));
  }
  return {};
}

std::string xml_element_text(std::string_view text, std::string_view name, std::size_t* offset) {
  const std::string open = "<" + std::string(name) + ">", close = "</" + std::string(name) + ">";
  const std::size_t at = text.find(open);
  if (at == std::string_view::npos) return {};
  const std::size_t end = text.find(close, at);
  if (end == std::string_view::npos) return {};
  if (offset) *offset = at;
  return trim(xml_entities_unescaped(text.substr(at + open.size(), end - at - open.size())));
}

// Every start tag <name ...> or <name .../> in `content`, with its offset.
std::vector<std::pair<std::size_t, std::string_view>> xml_start_tags(std::string_view content, std::string_view name) {
  std::vector<std::pair<std::size_t, std::string_view>> tags;
  const std::string open = "<" + std::string(name);
  for (std::size_t at = content.find(open); at != std::string_view::npos; at = content.find(open, at + 1)) {
    const std::size_t after = at + open.size();
    if (after >= content.size() || !(content[after] == ' ' || content[after] == '\t' || content[after] == '\n' ||
                                     content[after] == '\r' || content[after] == '/' || content[after] == '>'))
      continue;
    const std::size_t end = content.find('>', after);
    if (end == std::string_view::npos) break;
    tags.emplace_back(at, content.substr(at, end - at + 1));
  }
  return tags;
}

std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::string trim_unquote(std::string_view s) {
  std::string v = trim(s);
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) v = v.substr(1, v.size() - 2);
  return v;
}


std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t pos = s.find(sep, start);
    parts.emplace_back(s.substr(start, pos == std::string_view::npos ? pos : pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return parts;
}

std::vector<std::string> name_words(std::string_view name) {
  std::vector<std::string> words;
  std::string cur;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (!is_alnum(c)) {
      if (!cur.empty()) words.push_back(std::move(cur)), cur.clear();
      continue;
    }
    // camelCase boundary: a lowercase letter or digit followed by an uppercase one.
    if (std::isupper(static_cast<unsigned char>(c)) && !cur.empty() &&
        (std::islower(static_cast<unsigned char>(name[i - 1])) ||
         std::isdigit(static_cast<unsigned char>(name[i - 1])))) {
      words.push_back(std::move(cur));
      cur.clear();
    }
    cur.push_back(static_cast<char>(ascii_lower(static_cast<unsigned char>(c))));
  }
  if (!cur.empty()) words.push_back(std::move(cur));
  return words;
}

std::uint64_t line_at(std::string_view content, std::size_t offset) {
  offset = std::min(offset, content.size());
  return 1 + static_cast<std::uint64_t>(std::count(content.begin(), content.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

std::uint64_t line_of_text(std::string_view content, std::string_view needle, std::size_t from) {
  if (needle.empty() || from >= content.size()) return 0;
  const std::size_t pos = content.find(needle, from);
  return pos == std::string_view::npos ? 0 : line_at(content, pos);
}

std::uint64_t text_locator::line_of(std::string_view needle) {
  const std::size_t n = content_.size();
  if (needle.empty() || n == 0 || budget_ == 0) return 0;
  auto spend = [this](std::size_t bytes) { budget_ = bytes >= budget_ ? 0 : budget_ - bytes; };
  std::size_t pos = content_.find(needle, cursor_);
  spend(pos == std::string_view::npos ? n - std::min(cursor_, n) : pos - cursor_ + needle.size());
  if (pos == std::string_view::npos && cursor_ > 0 && budget_ > 0) {
    const std::size_t end = std::min(n, cursor_ + needle.size() - 1);
    pos = content_.substr(0, end).find(needle);
    spend(pos == std::string_view::npos ? end : pos + needle.size());
  }
  if (pos == std::string_view::npos) return 0;
  cursor_ = pos;
  if (!indexed_) {
    indexed_ = true;
    for (std::size_t i = content_.find('\n'); i != std::string_view::npos; i = content_.find('\n', i + 1))
      newlines_.push_back(i);
  }
  return 1 + static_cast<std::uint64_t>(std::lower_bound(newlines_.begin(), newlines_.end(), pos) - newlines_.begin());
}

std::string credential_kind_for_name(std::string_view name) {
  const std::vector<std::string> w = name_words(name);
  if (w.empty()) return {};
  const bool access_key_id = (has_pair(w, "access", "key") && w.back() == "id") ||
                             contains_word(w, "accesskeyid");
  if (access_key_id) return "access_key";
  // Settings that hold a file path, a name, an identifier or a lifetime rather
  // than the credential itself.
  static const char* const kNotTheValue[] = {
      "file", "path", "dir", "directory", "url", "uri", "host", "hostname", "port", "name", "user",
      "username", "login", "id", "endpoint", "region", "expiry", "expires", "expiration", "ttl",
      "type", "length", "len", "header", "prefix", "enabled", "enable", "disabled", "required",
      "mode", "version", "arn", "ref", "location", "policy", "rotation", "hash", "salt", "label",
      "description", "store", "provider", "helper", "manager", "ids", "count", "mount", "kind"};
  for (const char* suffix : kNotTheValue)
    if (w.back() == suffix) return {};
  // Helm-style pointers to where a credential is kept: existingSecret,
  // passwordKey (the key inside a Secret), tokenKeys.
  if (w.front() == "existing") return {};
  if (w.size() >= 2 && (w.back() == "key" || w.back() == "keys") &&
      (w[w.size() - 2] == "password" || w[w.size() - 2] == "token"))
    return {};
  if (has_pair(w, "secret", "access") || contains_word(w, "secretaccesskey")) return "secret_key";
  for (const char* p : {"password", "passwd", "pwd", "passphrase", "pass"})
    if (contains_word(w, p)) return "password";
  if (has_pair(w, "private", "key") || contains_word(w, "privatekey")) return "private_key";
  if (has_pair(w, "client", "secret") || contains_word(w, "clientsecret")) return "client_secret";
  for (const char* t : {"token", "authtoken", "accesstoken", "pat", "bearer"})
    if (contains_word(w, t)) return "token";
  if (has_pair(w, "api", "key") || contains_word(w, "apikey")) return "api_key";
  for (const char* s : {"secret", "secrets", "secretkey"})
    if (contains_word(w, s)) return "secret";
  for (const char* c : {"credentials", "credential", "creds", "cred"})
    if (contains_word(w, c)) return "credentials";
  if (has_pair(w, "connection", "string") || contains_word(w, "connectionstring") || w.back() == "dsn")
    return "connection_string";
  if (w.size() >= 2 && w.back() == "key") {
    static const char* const kSecretKeyQualifiers[] = {"signing", "encryption", "master", "license",
                                                       "access", "account", "storage", "sas",
                                                       "shared", "webhook", "subscription", "auth"};
    for (const char* q : kSecretKeyQualifiers)
      if (w[w.size() - 2] == q) return "api_key";
  }
  if (w.back() == "auth") return "credentials";  // .npmrc _auth, docker "auth"
  return {};
}

std::string provider_for_name(std::string_view name) {
  static const std::pair<const char*, const char*> kWordToProvider[] = {
      {"aws", "aws"},         {"amazon", "aws"},       {"gcp", "gcp"},         {"google", "gcp"},
      {"gcloud", "gcp"},      {"gke", "gcp"},          {"azure", "azure"},     {"arm", "azure"},
      {"github", "github"},   {"gh", "github"},        {"gitlab", "gitlab"},   {"npm", "npm"},
      {"docker", "docker"},   {"dockerhub", "docker"}, {"slack", "slack"},     {"stripe", "stripe"},
      {"twilio", "twilio"},   {"sendgrid", "sendgrid"}, {"datadog", "datadog"}, {"dd", "datadog"},
      {"sentry", "sentry"},   {"openai", "openai"},    {"anthropic", "anthropic"},
      {"heroku", "heroku"},   {"pypi", "pypi"},        {"vault", "vault"},     {"postgres", "postgres"},
      {"postgresql", "postgres"}, {"pg", "postgres"},  {"mysql", "mysql"},     {"redis", "redis"},
      {"mongo", "mongodb"},   {"mongodb", "mongodb"},  {"rabbitmq", "rabbitmq"}, {"jwt", "jwt"},
      {"mailgun", "mailgun"}, {"shopify", "shopify"},  {"okta", "okta"},       {"auth0", "auth0"},
      {"cloudflare", "cloudflare"}, {"digitalocean", "digitalocean"}, {"do", "digitalocean"},
      {"firebase", "gcp"},    {"snowflake", "snowflake"}, {"databricks", "databricks"}};
  for (const std::string& word : name_words(name))
    for (const auto& [w, provider] : kWordToProvider)
      if (word == w) return provider;
  return "generic";
}

bool is_reference_or_placeholder(std::string_view raw) {
  std::string v = trim(raw);
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front())
    v = trim(std::string_view(v).substr(1, v.size() - 2));
  if (v.empty()) return true;
  if (v.front() == '$') return true;  // $VAR, ${VAR}, $(cmd), ${{ secrets.X }}
  for (const char* marker : {"${", "{{", "}}", "%(", "#{", "%{"})
    if (v.find(marker) != std::string::npos) return true;
  if (v.front() == '<' && v.back() == '>') return true;
  if (v.find_first_not_of("xX*.-_#") == std::string::npos) return true;  // masked
  // A file path or a pointer into a secret manager is where the secret is kept, not the secret.
  for (const char* prefix : {"/", "./", "../", "~/", "file:", "vault:", "arn:aws:secretsmanager:",
                             "arn:aws:ssm:", "sm://", "op://", "azurekeyvault:", "gcp:secretmanager",
                             "secretref:", "ref+"})
    if (starts_with(v, prefix)) return true;
  const std::string lower = to_lower_ascii(v);
  // A key file's name ("sa-key.json", "certs/client.pem") says where the secret is, not what it is.
  if (v.size() < 256 && v.find_first_of(" \t\n{") == std::string::npos)
    for (const char* ext : {".json", ".pem", ".key", ".p12", ".pfx", ".crt", ".jks"})
      if (ends_with(lower, ext)) return true;
  for (const char* word : {"changeme", "change_me", "change-me", "changeit", "placeholder", "example",
                           "dummy", "redacted", "replace_me", "replaceme", "your_", "your-", "xxxx",
                           "****", "<your", "insert"})
    if (lower.find(word) != std::string::npos) return true;
  for (const char* word : {"todo", "tbd", "none", "null", "nil", "undefined", "true", "false", "~"})
    if (lower == word) return true;
  return false;
}

std::string value_source(std::string_view value) {
  if (trim(value).empty()) return "empty";
  return is_reference_or_placeholder(value) ? "reference" : "literal";
}

bool looks_like_aws_key_id(std::string_view s) noexcept {
  if (s.size() != 20) return false;
  if (!starts_with(s, "AKIA") && !starts_with(s, "ASIA")) return false;
  return std::all_of(s.begin() + 4, s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  });
}

bool percent_decode(std::string_view in, std::string& out) {
  out.clear();
  out.reserve(in.size());
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out.push_back(in[i]);
      continue;
    }
    if (i + 2 >= in.size()) return false;
    const int hi = hex(in[i + 1]), lo = hex(in[i + 2]);
    if (hi < 0 || lo < 0) return false;
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return true;
}

namespace {
void count_record(const source_file& file) {
  if (++file.records > kMaxAnalyzedRecords)
    throw too_large_for_analysis("more than " + std::to_string(kMaxAnalyzedRecords) +
                                 " identities and findings in one file, more than structure analysis keeps");
}
}  // namespace

identity_fact make_fact(std::string kind, std::string provider, std::string name,
                        const source_file& file, std::uint64_t line) {
  count_record(file);
  identity_fact f;
  f.kind = std::move(kind);
  f.provider = std::move(provider);
  f.name = std::move(name);
  f.path = file.path;
  f.line = line;
  return f;
}

void add_finding(analysis_result& out, std::string id, std::string category, std::string severity,
                 std::string message, std::string subject, const source_file& file,
                 std::uint64_t line) {
  count_record(file);
  config_finding f;
  f.id = std::move(id);
  f.category = std::move(category);
  f.severity = std::move(severity);
  f.message = std::move(message);
  f.subject = std::move(subject);
  f.path = file.path;
  f.line = line;
  out.findings.push_back(std::move(f));
}

identity_fact credential_setting_fact(std::string_view setting, std::string_view value,
                                      const std::string& kind, const source_file& file,
                                      std::uint64_t line) {
  identity_fact f = make_fact(kind, provider_for_name(setting), std::string(setting), file, line);
  const std::string cleaned = trim(value);
  const std::string source = value_source(cleaned);
  f.attributes["setting"] = std::string(setting);
  f.attributes["value_source"] = source;
  if (kind == "access_key" && source == "literal" && looks_like_aws_key_id(cleaned)) {
    // A key id is an identifier, not the secret: it is what joins this file
    // to the cloud's own records.
    f.external_ids.push_back(cleaned);
    f.provider = "aws";
  }
  if (source == "literal") f.attributes["fingerprint"] = fingerprint_of(cleaned);
  return f;
}

void attach_context(analysis_result& result, std::string_view path) {
  const std::string path_env = infer_environment(path);
  const std::string path_service = infer_service(path);
  for (identity_fact& f : result.identities) {
    if (f.environment.empty() && !f.namespace_.empty()) f.environment = infer_environment(f.namespace_);
    if (f.environment.empty()) f.environment = path_env;
    if (f.service.empty()) f.service = path_service;
  }
  for (config_finding& f : result.findings)
    if (f.environment.empty()) f.environment = path_env;
}

}  // namespace nhi::detail
