// SPDX-License-Identifier: Apache-2.0
// Environment-variable style configuration: .env files, Dockerfile ENV/ARG,
// docker-compose `environment:` and Helm values. A setting whose name looks
// like a credential becomes a fact (name, provider, consumer, where); a literal
// value where a reference belongs becomes a finding too.
#include <cctype>
#include <tuple>

#include "analyze/analyzers.hpp"
#include "analyze/yaml_util.hpp"
#include "util/text.hpp"

namespace nhi::detail {
namespace {

std::string unquote(std::string v) {
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front())
    return v.substr(1, v.size() - 2);
  return v;
}

// Dockerfile words: whitespace-separated, with "..."/'...' quoting and
// backslash escapes, as the builder splits `ENV a=1 b="two words"`.
std::vector<std::string> shell_words(std::string_view s) {
  std::vector<std::string> words;
  std::string cur;
  bool in_word = false;
  char quote = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (quote) {
      if (c == quote) quote = 0;
      else if (c == '\\' && quote == '"' && i + 1 < s.size()) cur.push_back(s[++i]);
      else cur.push_back(c);
      continue;
    }
    if (c == '"' || c == '\'') { quote = c; in_word = true; continue; }
    if (c == '\\' && i + 1 < s.size()) { cur.push_back(s[++i]); in_word = true; continue; }
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (in_word) words.push_back(std::move(cur)), cur.clear();
      in_word = false;
      continue;
    }
    cur.push_back(c);
    in_word = true;
  }
  if (in_word) words.push_back(std::move(cur));
  return words;
}

// Records a credential setting; returns true when its value is a literal.
bool record_setting(analysis_result& out, const std::string& name, const std::string& value,
                    const source_file& file, std::uint64_t line, const std::string& service,
                    const char* instruction = nullptr) {
  const std::string kind = credential_kind_for_name(name);
  if (kind.empty()) return false;
  identity_fact f = credential_setting_fact(name, value, kind, file, line);
  f.service = service;
  if (instruction) f.attributes["instruction"] = instruction;
  const bool literal = f.attributes["value_source"] == "literal";
  out.identities.push_back(std::move(f));
  return literal;
}

}  // namespace

void analyze_dotenv(const source_file& file, analysis_result& out) {
  const std::vector<std::string> lines = split(file.content, '\n');
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::uint64_t line_number = i + 1;
    std::string line = trim(lines[i]);
    if (line.empty() || line[0] == '#') continue;
    if (starts_with(line, "export ")) line = trim(std::string_view(line).substr(7));
    const std::size_t eq = line.find('=');
    if (eq == std::string::npos || eq == 0) continue;
    const std::string key = trim(std::string_view(line).substr(0, eq));
    if (key.find_first_of(" \t") != std::string::npos) continue;
    std::string value = trim(std::string_view(line).substr(eq + 1));
    if (!value.empty() && value[0] == '"' && (value.size() == 1 || value.back() != '"')) {
      // A double-quoted value may span lines (PEM keys).
      while (i + 1 < lines.size() && (value.size() < 2 || value.back() != '"')) value += "\n" + lines[++i];
    } else if (!value.empty() && value[0] != '\'' && value[0] != '"') {
      // Unquoted values end at a comment: `KEY= # set by CI` is empty.
      if (value[0] == '#') value.clear();
      if (const std::size_t hash = value.find(" #"); hash != std::string::npos) value = trim(value.substr(0, hash));
    }
    value = unquote(value);
    if (value.empty()) continue;  // declared but unset: nothing to say about it
    record_setting(out, key, value, file, line_number, {});
  }
}

void analyze_dockerfile(const source_file& file, analysis_result& out) {
  const std::vector<std::string> lines = split(file.content, '\n');
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::uint64_t start = i + 1;
    std::string logical = trim(lines[i]);
    if (logical.empty() || logical[0] == '#') continue;
    // Backslash continues an instruction; comment lines inside it are dropped.
    while (!logical.empty() && logical.back() == '\\' && i + 1 < lines.size()) {
      logical.pop_back();
      std::string next = trim(lines[++i]);
      while (!next.empty() && next[0] == '#' && i + 1 < lines.size()) next = trim(lines[++i]);
      logical += " " + next;
    }
    std::vector<std::string> words = shell_words(logical);
    if (words.size() < 2) continue;
    const std::string instruction = to_lower_ascii(words[0]);
    if (instruction != "env" && instruction != "arg") continue;
    const char* label = instruction == "env" ? "ENV" : "ARG";
    std::vector<std::pair<std::string, std::string>> settings;
    if (instruction == "env" && words[1].find('=') == std::string::npos) {
      // Legacy form: ENV NAME the rest of the line.
      std::string value;
      for (std::size_t w = 2; w < words.size(); ++w) value += (w > 2 ? " " : "") + words[w];
      settings.emplace_back(words[1], value);
    } else {
      for (std::size_t w = 1; w < words.size(); ++w) {
        const std::size_t eq = words[w].find('=');
        settings.emplace_back(words[w].substr(0, eq), eq == std::string::npos ? "" : words[w].substr(eq + 1));
      }
    }
    for (const auto& [name, value] : settings) {
      if (!record_setting(out, name, value, file, start, {}, label)) continue;
      add_finding(out, instruction == "env" ? "dockerfile-credential-in-env" : "dockerfile-credential-in-arg",
                  "NHI2", "high",
                  std::string(label) + " " + name +
                      " bakes a literal credential into the image, where anyone who can pull it reads "
                      "it from the layer history; pass it at run time or with `RUN --mount=type=secret`.",
                  name, file, start);
    }
  }
}

void analyze_compose(const source_file& file, analysis_result& out) {
  const std::vector<YAML::Node> docs = load_yaml_documents(file.content);
  if (docs.empty()) return;
  const YAML::Node& doc = docs.front();
  if (!yaml_is_map(doc)) throw parse_failure("a compose file must be a mapping", yaml_line(doc));
  // Version 1 files have no `services:` key: services sit at the top level.
  const YAML::Node services = yaml_child(doc, "services").IsDefined() ? yaml_child(doc, "services") : doc;
  if (!yaml_is_map(services)) return;
  for (auto it = services.begin(); it != services.end(); ++it) {
    const std::string service = yaml_scalar(it->first);
    const YAML::Node environment = yaml_child(it->second, "environment");
    std::vector<std::tuple<std::string, std::string, std::uint64_t, bool>> settings;  // name, value, line, passthrough
    if (yaml_is_seq(environment)) {
      for (const YAML::Node& item : environment) {
        const std::string entry = yaml_scalar(item);
        const std::size_t eq = entry.find('=');
        if (eq == std::string::npos) settings.emplace_back(entry, "", yaml_line(item), true);
        else settings.emplace_back(entry.substr(0, eq), entry.substr(eq + 1), yaml_line(item), false);
      }
    } else if (yaml_is_map(environment)) {
      for (auto e = environment.begin(); e != environment.end(); ++e)
        settings.emplace_back(yaml_scalar(e->first), yaml_scalar(e->second), yaml_line(e->first),
                              !e->second.IsDefined() || e->second.IsNull());
    }
    for (const auto& [name, value, line, passthrough] : settings) {
      if (credential_kind_for_name(name).empty()) continue;
      if (passthrough) {
        // `- API_KEY` takes the value from the host environment.
        identity_fact f = credential_setting_fact(name, "", credential_kind_for_name(name), file, line);
        f.attributes["value_source"] = "reference";
        f.service = service;
        out.identities.push_back(std::move(f));
        continue;
      }
      if (!record_setting(out, name, value, file, line, service)) continue;
      add_finding(out, "compose-literal-credential", "NHI2", "medium",
                  "Service " + service + " sets " + name +
                      " to a literal value in the compose file; load it from an env_file kept out of "
                      "the repository or from compose `secrets:`.",
                  name, file, line);
    }
  }
}

namespace {

class helm_values_walk {
 public:
  helm_values_walk(const source_file& file, analysis_result& out, std::string service)
      : file_(file), out_(out), service_(std::move(service)) {}

  void walk(const YAML::Node& node, const std::string& prefix, int depth) {
    if (depth > kMaxNesting || ++visits_ > kMaxNodeVisits) return;
    if (yaml_is_map(node)) {
      for (auto it = node.begin(); it != node.end(); ++it) {
        const std::string key = yaml_scalar(it->first);
        const std::string path = prefix.empty() ? key : prefix + "." + key;
        if (it->second.IsScalar()) setting(key, path, it->second.Scalar(), yaml_line(it->first));
        else if (key == "serviceAccount" && yaml_is_map(it->second)) service_account(it->second, path);
        else walk(it->second, path, depth + 1);
      }
    } else if (yaml_is_seq(node)) {
      std::size_t index = 0;
      for (const YAML::Node& item : node) {
        // env-style lists: - name: DB_PASSWORD / value: ...
        const YAML::Node value = yaml_child(item, "value");
        if (value.IsDefined() && value.IsScalar() && !yaml_string(item, "name").empty())
          setting(yaml_string(item, "name"), prefix + "." + yaml_string(item, "name"), value.Scalar(),
                  yaml_line(item));
        else walk(item, prefix + "[" + std::to_string(index) + "]", depth + 1);
        ++index;
      }
    }
  }

 private:
  void setting(const std::string& key, const std::string& path, const std::string& value, std::uint64_t line) {
    const std::string kind = credential_kind_for_name(key);
    if (kind.empty() || trim(value).empty()) return;  // empty defaults are the chart's placeholders
    identity_fact f = credential_setting_fact(key, value, kind, file_, line);
    f.name = path;
    f.service = service_;
    const bool literal = f.attributes["value_source"] == "literal";
    out_.identities.push_back(std::move(f));
    if (!literal) return;
    add_finding(out_, "helm-values-literal-credential", "NHI2", "medium",
                "Helm value " + path + " holds a literal credential; point the chart at an existing "
                "Secret (existingSecret) or inject it at deploy time instead of committing it.",
                path, file_, line);
  }

  void service_account(const YAML::Node& sa, const std::string& path) {
    std::string name = yaml_string(sa, "name");
    if (name.empty()) name = service_;  // charts default to the release's full name
    if (name.empty()) return;
    identity_fact f = make_fact("service_account", "kubernetes", name, file_, yaml_line(sa));
    f.service = service_;
    f.attributes["values_path"] = path;
    const YAML::Node create = yaml_child(sa, "create");
    if (create.IsDefined()) f.attributes["create"] = yaml_truthy(create) ? "true" : "false";
    const YAML::Node annotations = yaml_child(sa, "annotations");
    for (const char* a : {"eks.amazonaws.com/role-arn", "iam.gke.io/gcp-service-account",
                          "azure.workload.identity/client-id"})
      if (const std::string target = yaml_string(annotations, a); !target.empty()) {
        f.trust.push_back(std::string(a) + "=" + target);
        f.attributes[a] = target;
      }
    out_.identities.push_back(std::move(f));
  }

  const source_file& file_;
  analysis_result& out_;
  std::string service_;
  std::size_t visits_ = 0;
};

}  // namespace

void analyze_helm_values(const source_file& file, analysis_result& out) {
  const std::vector<YAML::Node> docs = load_yaml_documents(file.content);
  if (docs.empty()) return;
  std::string service = yaml_string(docs.front(), "fullnameOverride");
  if (service.empty()) service = yaml_string(docs.front(), "nameOverride");
  if (service.empty()) service = infer_service(file.path);
  helm_values_walk(file, out, service).walk(docs.front(), {}, 0);
}

}  // namespace nhi::detail
