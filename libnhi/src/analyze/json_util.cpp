// SPDX-License-Identifier: Apache-2.0
#include "analyze/json_util.hpp"

#include <cctype>

#include "analyze/common.hpp"

namespace nhi::detail {
namespace {

// A cheap pass that refuses absurd nesting, and more values than structure
// analysis builds, before the real parser builds them. Values are counted as
// the brackets and commas outside strings (one more than that at most).
void check_nesting(std::string_view content) {
  int depth = 0;
  std::size_t values = 1;
  bool in_string = false, escaped = false;
  for (std::size_t i = 0; i < content.size(); ++i) {
    const char c = content[i];
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '{' || c == '[') {
      ++values;
      if (++depth > kMaxJsonNesting)
        throw parse_failure("invalid JSON: nesting deeper than " + std::to_string(kMaxJsonNesting) + " levels",
                            line_at(content, i));
    } else if (c == '}' || c == ']') {
      --depth;
    } else if (c == ',') {
      ++values;
    }
  }
  if (values > kMaxAnalyzedJsonValues)
    throw too_large_for_analysis("JSON of more than " + std::to_string(kMaxAnalyzedJsonValues) +
                                 " values is larger than structure analysis builds");
}

}  // namespace

bool looks_like_json(std::string_view content) noexcept {
  std::size_t i = 0;
  if (content.substr(0, 3) == "\xEF\xBB\xBF") i = 3;  // UTF-8 byte order mark
  while (i < content.size() && std::isspace(static_cast<unsigned char>(content[i]))) ++i;
  return i < content.size() && (content[i] == '{' || content[i] == '[');
}

json parse_json(std::string_view content) {
  check_nesting(content);
  try {
    return json::parse(content.begin(), content.end());
  } catch (const json::parse_error& e) {
    const std::size_t offset = e.byte > 0 ? e.byte - 1 : 0;
    std::string what = e.what();
    // nlohmann prefixes "[json.exception.parse_error.101] parse error at line 1, column 2: ".
    if (const std::size_t colon = what.find(": "); colon != std::string::npos) what = what.substr(colon + 2);
    // ...and quotes the token it stopped in ("; last read: '...'"): in a
    // truncated key file that is the private key itself. Errors go to
    // terminals, logs and reports: never quote the input.
    if (const std::size_t quote = what.find("; last read: '"); quote != std::string::npos) {
      const std::size_t expected = what.rfind("'; expected ");
      what.erase(quote, expected != std::string::npos && expected > quote ? expected + 1 - quote : std::string::npos);
    }
    throw parse_failure("invalid JSON: " + what, line_at(content, offset));
  }
}

std::string json_member_path(const std::string& path, std::string_view key) {
  std::string p = path;
  p += '.';
  p += key;
  return p;
}

std::string json_index_path(const std::string& path, std::size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

void json_shape_error(const std::string& path, const std::string& what) {
  throw parse_failure(path + ": " + what, 0);
}

void expect_object(const json& value, const std::string& path) {
  if (!value.is_object()) json_shape_error(path, "expected an object");
}

const json* json_member(const json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

std::string optional_string(const json& object, std::string_view key, const std::string& path) {
  const json* v = json_member(object, key);
  if (!v) return {};
  if (!v->is_string()) json_shape_error(json_member_path(path, key), "expected a string");
  return v->get<std::string>();
}

std::string required_string(const json& object, std::string_view key, const std::string& path) {
  const json* v = json_member(object, key);
  if (!v) json_shape_error(json_member_path(path, key), "missing, expected a string");
  if (!v->is_string()) json_shape_error(json_member_path(path, key), "expected a string");
  return v->get<std::string>();
}

bool optional_bool(const json& object, std::string_view key, const std::string& path, bool fallback) {
  const json* v = json_member(object, key);
  if (!v) return fallback;
  if (v->is_boolean()) return v->get<bool>();
  if (v->is_string()) {
    const std::string s = v->get<std::string>();
    if (iequals(s, "true")) return true;
    if (iequals(s, "false")) return false;
  }
  json_shape_error(json_member_path(path, key), "expected a boolean");
}

const json* optional_array(const json& object, std::string_view key, const std::string& path) {
  const json* v = json_member(object, key);
  if (!v) return nullptr;
  if (!v->is_array()) json_shape_error(json_member_path(path, key), "expected an array");
  return v;
}

const json& required_array(const json& object, std::string_view key, const std::string& path) {
  const json* v = optional_array(object, key, path);
  if (!v) json_shape_error(json_member_path(path, key), "missing, expected an array");
  return *v;
}

}  // namespace nhi::detail
