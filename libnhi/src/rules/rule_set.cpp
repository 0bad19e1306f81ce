// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "match/compiled_rules.hpp"
#include "nhi/rules.hpp"
#include "nhi/scanner.hpp"
#include "rules/rule_loader.hpp"

NHI_BEGIN_NAMESPACE

namespace fs = std::filesystem;

const char* severity_name(severity s) noexcept {
  switch (s) {
    case severity::info: return "info";
    case severity::low: return "low";
    case severity::medium: return "medium";
    case severity::high: return "high";
    case severity::critical: return "critical";
  }
  return "high";
}

bool parse_severity(std::string_view text, severity& out) noexcept {
  for (severity s : {severity::info, severity::low, severity::medium, severity::high, severity::critical})
    if (text == severity_name(s)) { out = s; return true; }
  return false;
}

rule_set::rule_set(std::shared_ptr<const detail::compiled_rules> impl) : impl_(std::move(impl)) {}

namespace {

result<rule_set> compile(std::vector<rule_info> infos) {
  auto compiled = detail::compile_rules(std::move(infos));
  if (!compiled) return compiled.error();
  return rule_set(std::move(compiled.value()));
}

bool is_rule_file(const fs::path& p) {
  const auto ext = p.extension().string();
  return ext == ".yaml" || ext == ".yml";
}

}  // namespace

// rule_set::builtin() is in builtin_rules.cpp.

result<rule_set> rule_set::from_yaml(std::string_view yaml, std::string_view file_name) {
  std::vector<rule_info> infos;
  if (status s = detail::parse_rule_file(yaml, file_name, infos); !s) return s;
  return compile(std::move(infos));
}

result<rule_set> rule_set::load(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      for (const auto& entry : fs::directory_iterator(p, ec))
        if (entry.is_regular_file(ec) && is_rule_file(entry.path())) files.push_back(entry.path().string());
      if (ec) return status(errc::io_error, "cannot list rules directory: " + ec.message(), p);
    } else if (fs::is_regular_file(p, ec)) {
      files.push_back(p);
    } else if (fs::exists(p, ec)) {
      // A FIFO would block forever, a device never ends.
      return status(errc::invalid_argument, "not a regular file or a directory", p);
    } else {
      return status(errc::not_found, "no such rules file or directory", p);
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<rule_info> infos;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    if (!in) return status(errc::io_error, "cannot read rule file", f);
    std::ostringstream text;
    text << in.rdbuf();
    if (status s = detail::parse_rule_file(text.str(), f, infos); !s) return s;
  }
  return compile(std::move(infos));
}

std::size_t rule_set::size() const noexcept { return impl_->rules.size(); }
const rule_info& rule_set::at(std::size_t index) const { return impl_->rules.at(index).info; }
const std::string& rule_set::version() const noexcept { return impl_->version; }

const rule_info* rule_set::find(std::string_view id) const noexcept {
  auto it = impl_->by_id.find(std::string(id));
  return it == impl_->by_id.end() ? nullptr : &impl_->rules[it->second].info;
}

std::vector<rule_set::example_failure> rule_set::check_examples() const {
  std::vector<example_failure> failures;
  scan_options opts;
  opts.decode = true;
  const scanner sc(*this, opts);
  for (const auto& cr : impl_->rules) {
    const rule_info& r = cr.info;
    auto run = [&](const std::string& text, bool expected) {
      std::vector<finding> found;
      sc.scan_buffer(text, origin{"example", std::nullopt}, found);
      const bool matched = std::any_of(found.begin(), found.end(),
                                       [&](const finding& f) {
                                         return f.rule_id == r.id || (f.companion && f.companion->rule_id == r.id);
                                       });
      if (matched == expected) return;
      example_failure fail;
      fail.rule_id = r.id;
      fail.file = r.source_file;
      fail.line = r.source_line;
      fail.expected_match = expected;
      fail.example = text;
      if (expected) {
        std::string others;
        for (const auto& f : found) others += (others.empty() ? "" : ", ") + f.rule_id;
        fail.detail = others.empty() ? "no finding" : "found only by: " + others;
      } else {
        fail.detail = "negative example produced a finding";
      }
      failures.push_back(std::move(fail));
    };
    if (r.examples.empty())
      failures.push_back({r.id, r.source_file, r.source_line, true, "", "rule has no examples"});
    if (r.negative_examples.empty())
      failures.push_back({r.id, r.source_file, r.source_line, false, "", "rule has no negative examples"});
    for (const auto& e : r.examples) run(e, true);
    for (const auto& e : r.negative_examples) run(e, false);
  }
  return failures;
}

NHI_END_NAMESPACE
