// SPDX-License-Identifier: Apache-2.0
// A pre-pass over YAML text, before yaml-cpp builds any node, that refuses
// the two inputs yaml-cpp itself cannot survive:
// - a stream on which its parser stops making progress (yaml-cpp 0.7 never
//   consumes a stray ',' in block context and emits empty documents until
//   memory runs out);
// - aliases that expand to far more nodes than the text holds (the "billion
//   laughs" bomb: ten anchors of ten aliases each are 10^10 nodes to any
//   code that walks the tree, in a few hundred bytes).
// Both are reported as YAML::ParserException at the line where they show.
#pragma once

#include <cstddef>
#include <string>

namespace nhi::detail {

// Expanded nodes allowed per stream: this many per byte of text, plus a floor
// so that small files may use anchors freely.
constexpr std::size_t kYamlExpansionPerByte = 8;
constexpr std::size_t kYamlExpansionFloor = 100000;

// Throws YAML::ParserException (or YAML::Exception from the parser itself).
void check_yaml_stream(const std::string& text);

}  // namespace nhi::detail
