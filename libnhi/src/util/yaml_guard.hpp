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

#include <yaml-cpp/exceptions.h>

#include <cstddef>
#include <istream>
#include <limits>
#include <streambuf>
#include <string_view>

namespace nhi::detail {

// Expanded nodes allowed per stream: this many per byte of text, plus a floor
// so that small files may use anchors freely.
constexpr std::size_t kYamlExpansionPerByte = 8;
constexpr std::size_t kYamlExpansionFloor = 100000;

// Thrown by check_yaml_stream when the stream holds more than `max_nodes`
// nodes (aliases not counted: yaml-cpp shares the node they name).
struct yaml_too_many_nodes : YAML::ParserException {
  using YAML::ParserException::ParserException;
};

// Throws YAML::ParserException (or YAML::Exception from the parser itself),
// yaml_too_many_nodes past `max_nodes`.
void check_yaml_stream(std::string_view text, std::size_t max_nodes = std::numeric_limits<std::size_t>::max());

// An istream over borrowed bytes, which must outlive it: yaml-cpp reads
// streams, and an std::istringstream would first copy the whole input.
class view_istream : private std::streambuf, public std::istream {
 public:
  explicit view_istream(std::string_view text) : std::istream(static_cast<std::streambuf*>(this)) {
    char* p = const_cast<char*>(text.data());  // get area only: never written through
    setg(p, p, p + text.size());
  }
};

}  // namespace nhi::detail
