// SPDX-License-Identifier: Apache-2.0
// nlohmann::json behind helpers that name what is wrong by JSON path
// ("$.AccessKeyMetadata[2].CreateDate: expected a string"), so a malformed
// export is reported precisely instead of as a bare type_error.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace nhi::detail {

using json = nlohmann::json;

// True when the first non-blank byte opens a JSON object or array.
bool looks_like_json(std::string_view content) noexcept;

// Parses `content`; a syntax error (with its line), invalid UTF-8 or nesting
// deeper than kMaxJsonNesting is a parse_failure.
constexpr int kMaxJsonNesting = 128;
json parse_json(std::string_view content);

std::string json_member_path(const std::string& path, std::string_view key);
std::string json_index_path(const std::string& path, std::size_t index);

// Throws parse_failure "<path>: <what>" (line 0: the path says where).
[[noreturn]] void json_shape_error(const std::string& path, const std::string& what);

void expect_object(const json& value, const std::string& path);
// The member, or nullptr when absent or null.
const json* json_member(const json& object, std::string_view key);
// A string member; absent or null gives "", any other type is a shape error.
std::string optional_string(const json& object, std::string_view key, const std::string& path);
std::string required_string(const json& object, std::string_view key, const std::string& path);
// A boolean member (also accepts "true"/"false" strings, as some exports write them).
bool optional_bool(const json& object, std::string_view key, const std::string& path, bool fallback);
// An array member; absent or null gives nullptr, any other type is a shape error.
const json* optional_array(const json& object, std::string_view key, const std::string& path);
const json& required_array(const json& object, std::string_view key, const std::string& path);

}  // namespace nhi::detail
