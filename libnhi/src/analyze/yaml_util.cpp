#include "analyze/yaml_util.hpp"

#include <yaml-cpp/eventhandler.h>

#include <sstream>
#include <string>

#include "analyze/common.hpp"
#include "util/text.hpp"

namespace nhi::detail {

namespace {

// yaml-cpp 0.7 never consumes a stray ',' in block context (a document that
// starts with ",", or "- a\n, b"): it emits empty documents forever until
// memory runs out. Every legitimate event consumes input, so a first pass that
// only counts events, with a budget proportional to the input, stops such
// input before LoadAll builds anything.
class event_budget final : public YAML::EventHandler {
 public:
  explicit event_budget(std::size_t limit) : limit_(limit) {}
  std::uint64_t last_line() const { return last_line_; }

  void OnDocumentStart(const YAML::Mark& m) override { spend(m); }
  void OnDocumentEnd() override { spend(); }
  void OnNull(const YAML::Mark& m, YAML::anchor_t) override { spend(m); }
  void OnAlias(const YAML::Mark& m, YAML::anchor_t) override { spend(m); }
  void OnScalar(const YAML::Mark& m, const std::string&, YAML::anchor_t, const std::string&) override { spend(m); }
  void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    spend(m);
  }
  void OnSequenceEnd() override { spend(); }
  void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    spend(m);
  }
  void OnMapEnd() override { spend(); }

 private:
  void spend(const YAML::Mark& m) {
    if (!m.is_null() && m.line >= 0) last_line_ = static_cast<std::uint64_t>(m.line) + 1;
    spend();
  }
  void spend() {
    if (++spent_ > limit_)
      throw parse_failure("invalid YAML: the parser stopped making progress (a stray ',' outside [] or {}?)",
                          last_line_);
  }

  std::size_t limit_;
  std::size_t spent_ = 0;
  std::uint64_t last_line_ = 0;
};

void check_parser_progress(const std::string& text) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  event_budget budget(8 * text.size() + 64);
  while (parser.HandleNextDocument(budget)) {
  }
}

}  // namespace

std::vector<YAML::Node> load_yaml_documents(std::string_view content) {
  std::vector<YAML::Node> docs;
  const std::string text(content);
  try {
    check_parser_progress(text);
    for (YAML::Node& doc : YAML::LoadAll(text))
      if (doc.IsDefined() && !doc.IsNull()) docs.push_back(std::move(doc));
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
