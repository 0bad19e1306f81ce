// Terraform state (.tfstate, format version 4): the applied values of the
// same resources the configuration declares, with real ids (AKIA key ids, key
// ids, ARNs) and dates. Secret attributes (secret, private_key, value) are
// never read.
#include "analyze/analyzers.hpp"
#include "analyze/terraform.hpp"
#include "util/text.hpp"

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

// Line of a resource in the pretty-printed state: the "type" line followed
// closely by its "name".
std::uint64_t resource_line(std::string_view content, const std::string& type, const std::string& name) {
  const std::string type_text = "\"" + type + "\"", name_text = "\"name\": \"" + name + "\"";
  for (std::size_t pos = content.find(type_text); pos != std::string_view::npos;
       pos = content.find(type_text, pos + 1)) {
    const std::size_t near = content.find(name_text, pos > 300 ? pos - 300 : 0);
    if (near != std::string_view::npos && near < pos + 300) return line_at(content, pos);
  }
  return 0;
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
  for (std::size_t i = 0; i < resources->size(); ++i) {
    const std::string path = json_index_path("$.resources", i);
    const json& res = (*resources)[i];
    expect_object(res, path);
    const std::string mode = optional_string(res, "mode", path).empty() ? "managed" : optional_string(res, "mode", path);
    const std::string type = required_string(res, "type", path);
    const std::string name = required_string(res, "name", path);
    const std::string module = optional_string(res, "module", path);
    const std::uint64_t line = resource_line(file.content, type, name);
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
