// The rule files embedded at build time (see cmake/embed_rules.cmake).
#pragma once

#include <string_view>
#include <vector>

namespace nhi::detail {

struct embedded_file {
  std::string_view name;     // "github.yaml"
  std::string_view content;  // the file's bytes
};

const std::vector<embedded_file>& builtin_rule_files();

}  // namespace nhi::detail
