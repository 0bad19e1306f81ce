// SPDX-License-Identifier: Apache-2.0
// yaml-cpp behind a small, exception-safe surface: loading never throws
// anything but parse_failure, and lookups never throw at all.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace nhi::detail {

// All documents of a YAML stream (empty documents dropped); a syntax error,
// nesting beyond yaml-cpp's guard, a stalled parser or an alias bomb
// (util/yaml_guard.hpp) is a parse_failure at the offending line.
std::vector<YAML::Node> load_yaml_documents(std::string_view content);

// The value under `key` when `node` is a map, else an undefined node.
YAML::Node yaml_child(const YAML::Node& node, std::string_view key);
// The scalar text of `node`, empty when it is missing or not a scalar.
std::string yaml_scalar(const YAML::Node& node);
// yaml_scalar(yaml_child(node, key)).
std::string yaml_string(const YAML::Node& node, std::string_view key);
// 1-based line where `node` starts, 0 when unknown.
std::uint64_t yaml_line(const YAML::Node& node);
bool yaml_is_map(const YAML::Node& node);
bool yaml_is_seq(const YAML::Node& node);
// YAML booleans as Kubernetes and CI tools read them (true/yes/on).
bool yaml_truthy(const YAML::Node& node);

}  // namespace nhi::detail
