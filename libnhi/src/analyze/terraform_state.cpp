// SPDX-License-Identifier: Apache-2.0
// Terraform state (.tfstate, format version 4): the applied values of the
// same resources the configuration declares, with real ids (AKIA key ids, key
// ids, ARNs) and dates. Secret attributes (secret, private_key, value) are
// never kept: an aws_iam_access_key's secret is read only for its
// fingerprint, which pairs the scanner's finding of it with the key id.
#include "analyze/analyzers.hpp"
#include "analyze/terraform.hpp"
#include "util/text.hpp"

#include <map>
#include <vector>

namespace nhi::detail {
namespace {

// terraform.tfstate.d/<workspace>/terraform.tfstate -> "<workspace>".
std::string workspace_of(std::string_view path) {
  const std::string p(path);
  const std::size_t at = p.find("terraform.tfstate.d/");
  if (at == std::string::npos) return {};
  const std::size_t begin = at + 20, end = p.find('/', begin);
  return end == std::string::npos ? std::string() : p.substr(begin, end - begin);
}

// The string value after each `"<key>":` in the text, with the key's offset.
// Values with escapes are kept raw (they then match no parsed name: line 0).
std::vector<std::pair<std::size_t, std::string_view>> key_values(std::string_view content, std::string_view key) {
  std::vector<std::pair<std::size_t, std::string_view>> out;
  for (std::size_t pos = content.find(key); pos != std::string_view::npos; pos = content.find(key, pos + 1)) {
    std::size_t i = pos + key.size();
    while (i < content.size() && (content[i] == ' ' || content[i] == '\t')) ++i;
    if (i >= content.size() || content[i] != '"') continue;
    const std::size_t begin = i + 1;
    std::size_t end = begin;
    while (end < content.size() && content[end] != '"' && content[end] != '\n') end += content[end] == '\\' ? 2 : 1;
    if (end >= content.size() || content[end] != '"') continue;
    out.emplace_back(pos, content.substr(begin, end - begin));
  }
  return out;
}

// Lines of the resources in the pretty-printed state, in one pass: each
// "type" key paired with the "name" keys within 300 bytes of it (the layout
// Terraform writes); the first pairing of a (type, name) wins. (A search over
// the whole file per resource was quadratic: a 20000-resource state took
// hours.)
std::map<std::pair<std::string, std::string>, std::uint64_t> resource_lines(std::string_view content) {
  constexpr std::size_t kNear = 300;
  std::map<std::pair<std::string, std::string>, std::uint64_t> out;
  const auto types = key_values(content, "\"type\":");
  const auto names = key_values(content, "\"name\":");
  line_index lines(content);
  std::size_t first = 0;
  for (const auto& [pos, type] : types) {
    while (first < names.size() && names[first].first + kNear < pos) ++first;
    for (std::size_t k = first; k < names.size() && names[k].first < pos + kNear; ++k)
      out.emplace(std::make_pair(std::string(type), std::string(names[k].second)), lines.line_of(pos));
  }
  return out;
}

std::string index_key_text(const json& key) {
  if (key.is_string()) return "\"" + key.get<std::string>() + "\"";
  if (key.is_number_integer()) return std::to_string(key.get<long long>());
  return {};
}

}  // namespace

void analyze_tfstate(const source_file& file, analysis_result& out) {
  const json doc = parse_json(file.content);
  expect_object(doc, "$");
  const json* version = json_member(doc, "version");
  if (!version || !version->is_number_integer()) json_shape_error("$.version", "expected the state format version number");
  if (version->get<long long>() < 4)
    json_shape_error("$.version", "state format " + std::to_string(version->get<long long>()) +
                                      " is not supported (format 4, written since Terraform 0.12, is)");
  tf_model model;
  model.from_state = true;
  model.workspace = workspace_of(file.path);
  const json* resources = optional_array(doc, "resources", "$");
  if (!resources) return;
  const auto lines = resource_lines(file.content);
  for (std::size_t i = 0; i < resources->size(); ++i) {
    const std::string path = json_index_path("$.resources", i);
    const json& res = (*resources)[i];
    expect_object(res, path);
    const std::string mode = optional_string(res, "mode", path).empty() ? "managed" : optional_string(res, "mode", path);
    const std::string type = required_string(res, "type", path);
    const std::string name = required_string(res, "name", path);
    const std::string module = optional_string(res, "module", path);
    const auto found = lines.find({type, name});
    const std::uint64_t line = found == lines.end() ? 0 : found->second;
    const json* instances = optional_array(res, "instances", path);
    if (!instances) continue;
    for (std::size_t j = 0; j < instances->size(); ++j) {
      const std::string instance_path = json_index_path(json_member_path(path, "instances"), j);
      const json& instance = (*instances)[j];
      expect_object(instance, instance_path);
      tf_resource r;
      r.mode = mode;
      r.type = type;
      r.name = name;
      r.address = (module.empty() ? "" : module + ".") + (mode == "data" ? "data." : "") + type + "." + name;
      if (const json* key = json_member(instance, "index_key")) r.address += "[" + index_key_text(*key) + "]";
      if (const json* attributes = json_member(instance, "attributes")) {
        expect_object(*attributes, json_member_path(instance_path, "attributes"));
        r.attributes = *attributes;
      }
      r.line = line;
      model.resources.push_back(std::move(r));
    }
  }
  analyze_terraform_resources(model, file, out);
}

}  // namespace nhi::detail
