// SPDX-License-Identifier: Apache-2.0
// Terraform configuration: .tf files (resources, data sources, providers,
// variables) and .tfvars files (variable values).
#include "analyze/analyzers.hpp"
#include "analyze/hcl.hpp"
#include "analyze/terraform.hpp"
#include "util/text.hpp"

namespace nhi::detail {
namespace {

std::string provider_of_label(const std::string& label) {
  if (label == "google" || label == "google-beta") return "gcp";
  if (label == "azurerm" || label == "azuread") return "azure";
  return label;
}

bool literal_credential(const hcl_value& v) {
  return v.is_literal_string() && !is_reference_or_placeholder(v.text);
}

tf_resource resource_of(const hcl_block& block, const std::string& mode) {
  tf_resource r;
  r.mode = mode;
  r.type = block.labels[0];
  r.name = block.labels[1];
  r.address = (mode == "data" ? "data." : "") + r.type + "." + r.name;
  r.attributes = hcl_body_to_json(block.body);
  r.line = block.line;
  for (const hcl_attribute& a : block.body.attributes) r.attribute_lines[a.name] = a.line;
  for (const hcl_block& b : block.body.blocks) r.attribute_lines.emplace(b.type, b.line);
  return r;
}

// provider "aws" { access_key = "AKIA..." }: the provider would work from the
// environment; a literal here ships the key with the code.
void provider_credentials(const hcl_block& block, const source_file& file, analysis_result& out) {
  const std::string label = block.labels.empty() ? std::string() : block.labels[0];
  const std::string provider = provider_of_label(label);
  for (const hcl_attribute& a : block.body.attributes) {
    std::string kind = credential_kind_for_name(a.name);
    if (provider == "aws" && a.name == "access_key") kind = "access_key";
    if (provider == "aws" && a.name == "secret_key") kind = "secret_key";
    if (kind.empty() || !a.value.is_literal_string()) continue;
    identity_fact f = credential_setting_fact(a.name, a.value.text, kind, file, a.line);
    f.provider = provider;
    f.name = "provider." + label + "." + a.name;
    out.identities.push_back(std::move(f));
    if (!literal_credential(a.value)) continue;
    add_finding(out, "tf-provider-hardcoded-credentials", "NHI2", "high",
                "provider \"" + label + "\" sets " + a.name +
                    " to a literal value; let the provider read credentials from the environment, a "
                    "shared profile or (in CI) OIDC, and rotate this one.",
                "provider." + label, file, a.line);
  }
}

// variable "db_password" { default = "..." }: `sensitive = true` hides the
// value in plans, not in the repository.
void variable_default(const hcl_block& block, const source_file& file, analysis_result& out) {
  if (block.labels.empty()) return;
  const std::string& name = block.labels[0];
  const std::string kind = credential_kind_for_name(name);
  const hcl_attribute* def = block.body.attribute("default");
  if (kind.empty() || !def || !def->value.is_literal_string() || trim(def->value.text).empty()) return;
  identity_fact f = credential_setting_fact(name, def->value.text, kind, file, def->line);
  f.name = "var." + name;
  const bool literal = literal_credential(def->value);
  out.identities.push_back(std::move(f));
  if (!literal) return;
  add_finding(out, "tf-variable-default-credential", "NHI2", "high",
              "variable \"" + name + "\" has a literal credential as its default; remove the default and "
              "pass the value through TF_VAR_" + name + " or a secret store.",
              "var." + name, file, def->line);
}

// tfvars values, including nested maps (db = { password = "..." }).
void tfvars_values(const std::string& prefix, const std::vector<std::string>& keys,
                   const std::vector<hcl_value>& values, const std::vector<std::uint64_t>& lines,
                   const source_file& file, analysis_result& out, int depth) {
  if (depth > kMaxNesting) return;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const std::string name = prefix.empty() ? keys[i] : prefix + "." + keys[i];
    const hcl_value& v = values[i];
    const std::uint64_t line = lines.empty() ? v.line : lines[i];
    if (v.kind == hcl_value::type::object) {
      tfvars_values(name, v.keys, v.items, {}, file, out, depth + 1);
      continue;
    }
    const std::string kind = credential_kind_for_name(keys[i]);
    if (kind.empty()) continue;
    // Strings (literal or templated) and references; numbers and lists are not credentials.
    std::string text;
    if (v.kind == hcl_value::type::string) text = v.text;
    else if (v.kind == hcl_value::type::reference || v.kind == hcl_value::type::expression) text = "${" + v.text + "}";
    if (trim(text).empty()) continue;
    identity_fact f = credential_setting_fact(keys[i], text, kind, file, line);
    f.name = name;
    const bool literal = literal_credential(v);
    out.identities.push_back(std::move(f));
    if (!literal) continue;
    add_finding(out, "tfvars-literal-credential", "NHI2", "medium",
                "Variable value " + name + " in " + file.path +
                    " is a literal credential; keep it out of the repository (TF_VAR_ environment "
                    "variables, a secret store, or an untracked *.auto.tfvars).",
                name, file, line);
  }
}

}  // namespace

void analyze_terraform_config(const source_file& file, analysis_result& out) {
  const hcl_body body = parse_hcl(file.content);
  tf_model model;
  for (const hcl_block& block : body.blocks) {
    if (block.type == "resource" && block.labels.size() == 2) model.resources.push_back(resource_of(block, "managed"));
    else if (block.type == "data" && block.labels.size() == 2) model.resources.push_back(resource_of(block, "data"));
    else if (block.type == "provider") provider_credentials(block, file, out);
    else if (block.type == "variable") variable_default(block, file, out);
  }
  analyze_terraform_resources(model, file, out);
}

void analyze_tfvars(const source_file& file, analysis_result& out) {
  const hcl_body body = parse_hcl(file.content);
  std::vector<std::string> keys;
  std::vector<hcl_value> values;
  std::vector<std::uint64_t> lines;
  std::string environment;
  for (const hcl_attribute& a : body.attributes) {
    keys.push_back(a.name);
    values.push_back(a.value);
    lines.push_back(a.line);
    // The file's own say on where it deploys beats its name.
    for (const char* setting : {"environment", "env", "stage", "environment_name", "workspace"})
      if (a.name == setting && a.value.is_literal_string() && environment.empty())
        environment = infer_environment(a.value.text);
  }
  analysis_result values_out;
  tfvars_values({}, keys, values, lines, file, values_out, 0);
  for (identity_fact& f : values_out.identities) {
    f.environment = environment;
    out.identities.push_back(std::move(f));
  }
  for (config_finding& f : values_out.findings) {
    f.environment = environment;
    out.findings.push_back(std::move(f));
  }
}

}  // namespace nhi::detail
