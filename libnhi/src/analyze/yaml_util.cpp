// SPDX-License-Identifier: Apache-2.0
#include "analyze/yaml_util.hpp"

#include <string>

#include "analyze/common.hpp"
#include "util/text.hpp"
#include "util/yaml_guard.hpp"

namespace nhi::detail {

std::vector<YAML::Node> load_yaml_documents(std::string_view content) {
  std::vector<YAML::Node> docs;
  try {
    // Stalls, alias bombs and trees over the memory bound, before any node is built.
    check_yaml_stream(content, kMaxAnalyzedYamlNodes);
    view_istream in(content);
    for (YAML::Node& doc : YAML::LoadAll(in))
      if (doc.IsDefined() && !doc.IsNull()) docs.push_back(std::move(doc));
  } catch (const yaml_too_many_nodes&) {
    throw too_large_for_analysis("YAML of more than " + std::to_string(kMaxAnalyzedYamlNodes) +
                                 " nodes is larger than structure analysis builds");
  } catch (const YAML::Exception& e) {
    const std::uint64_t line = e.mark.is_null() ? 0 : static_cast<std::uint64_t>(e.mark.line) + 1;
    throw parse_failure("invalid YAML: " + e.msg, line);
  }
  return docs;
}

YAML::Node yaml_child(const YAML::Node& node, std::string_view key) {
  if (!node.IsDefined() || !node.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
  for (auto it = node.begin(); it != node.end(); ++it)
    if (it->first.IsScalar() && it->first.Scalar() == key) return it->second;
  return YAML::Node(YAML::NodeType::Undefined);
}

std::string yaml_scalar(const YAML::Node& node) {
  if (!node.IsDefined() || !node.IsScalar()) return {};
  return node.Scalar();
}

std::string yaml_string(const YAML::Node& node, std::string_view key) {
  return yaml_scalar(yaml_child(node, key));
}

std::uint64_t yaml_line(const YAML::Node& node) {
  if (!node.IsDefined()) return 0;
  const YAML::Mark m = node.Mark();
  return m.is_null() || m.line < 0 ? 0 : static_cast<std::uint64_t>(m.line) + 1;
}

bool yaml_is_map(const YAML::Node& node) { return node.IsDefined() && node.IsMap(); }
bool yaml_is_seq(const YAML::Node& node) { return node.IsDefined() && node.IsSequence(); }

bool yaml_truthy(const YAML::Node& node) {
  const std::string v = to_lower_ascii(yaml_scalar(node));
  return v == "true" || v == "yes" || v == "on";
}

}  // namespace nhi::detail
