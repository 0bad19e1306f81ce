// SPDX-License-Identifier: Apache-2.0
// Glob matching for --exclude and path allowlists.
#pragma once

#include <string_view>

namespace nhi::detail {

// Matches `path` (forward slashes) against `pattern`:
//   *  any run of characters except '/'      ?  one character except '/'
//   ** any run of characters, '/' included   [abc] [a-z] [!a]  a character class
// A pattern without '/' is matched against every path suffix that starts after
// a '/', so "*.pem" and "node_modules" match at any depth (like .gitignore).
// A trailing '/' is ignored, and a pattern matching a directory excludes
// everything below it.
bool glob_match(std::string_view pattern, std::string_view path) noexcept;

}  // namespace nhi::detail
