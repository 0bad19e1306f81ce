// SPDX-License-Identifier: Apache-2.0
#include "util/yaml_guard.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace nhi::detail {
namespace {

// Counts parser events (every legitimate one consumes input) and the nodes a
// full walk of the documents would visit, aliases expanded.
class stream_guard final : public YAML::EventHandler {
 public:
  stream_guard(std::size_t event_limit, std::uint64_t expansion_limit, std::size_t node_limit)
      : event_limit_(event_limit), expansion_limit_(expansion_limit), node_limit_(node_limit) {}

  void OnDocumentStart(const YAML::Mark& m) override {
    event(m);
    anchor_size_.clear();  // anchors are scoped to their document
    open_.clear();
  }
  void OnDocumentEnd() override { event(last_); }
  void OnNull(const YAML::Mark& m, YAML::anchor_t a) override { leaf(m, a); }
  void OnScalar(const YAML::Mark& m, const std::string&, YAML::anchor_t a, const std::string&) override { leaf(m, a); }
  void OnAlias(const YAML::Mark& m, YAML::anchor_t a) override {
    event(m);
    const auto it = anchor_size_.find(a);
    grow(m, it == anchor_size_.end() ? 1 : it->second);
  }
  void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t a, YAML::EmitterStyle::value) override {
    open(m, a);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t a, YAML::EmitterStyle::value) override {
    open(m, a);
  }
  void OnMapEnd() override { close(); }

 private:
  struct frame {
    YAML::anchor_t anchor;
    std::uint64_t expanded_at_start;
  };

  void event(const YAML::Mark& m) {
    if (!m.is_null()) last_ = m;
    if (++events_ > event_limit_)
      throw YAML::ParserException(last_, "the parser stopped making progress (a stray ',' outside [] or {}?)");
  }
  void grow(const YAML::Mark& m, std::uint64_t nodes) {
    expanded_ = nodes > expansion_limit_ - expanded_ ? expansion_limit_ + 1 : expanded_ + nodes;
    if (expanded_ > expansion_limit_)
      throw YAML::ParserException(m, "aliases expand to more than " + std::to_string(expansion_limit_) +
                                         " nodes (a YAML alias bomb?)");
  }
  // A node yaml-cpp will build (an alias builds none).
  void built(const YAML::Mark& m) {
    if (++nodes_ > node_limit_)
      throw yaml_too_many_nodes(m, "more than " + std::to_string(node_limit_) + " nodes");
  }
  void leaf(const YAML::Mark& m, YAML::anchor_t a) {
    event(m);
    built(m);
    grow(m, 1);
    if (a) anchor_size_[a] = 1;
  }
  void open(const YAML::Mark& m, YAML::anchor_t a) {
    event(m);
    built(m);
    grow(m, 1);
    open_.push_back({a, expanded_ - 1});
  }
  void close() {
    event(last_);
    if (open_.empty()) return;
    const frame f = open_.back();
    open_.pop_back();
    if (f.anchor) anchor_size_[f.anchor] = expanded_ - f.expanded_at_start;
  }

  std::size_t event_limit_;
  std::uint64_t expansion_limit_;
  std::size_t node_limit_;
  std::size_t events_ = 0;
  std::size_t nodes_ = 0;
  std::uint64_t expanded_ = 0;
  YAML::Mark last_ = YAML::Mark::null_mark();
  std::unordered_map<YAML::anchor_t, std::uint64_t> anchor_size_;
  std::vector<frame> open_;
};

}  // namespace

void check_yaml_stream(std::string_view text, std::size_t max_nodes) {
  view_istream in(text);
  YAML::Parser parser(in);
  stream_guard guard(8 * text.size() + 64,
                     static_cast<std::uint64_t>(text.size()) * kYamlExpansionPerByte + kYamlExpansionFloor,
                     max_nodes);
  while (parser.HandleNextDocument(guard)) {
  }
}

}  // namespace nhi::detail
