// SPDX-License-Identifier: Apache-2.0
// What the public entry points share: size limit, exception barrier,
// environment/service attachment.
#pragma once

#include <functional>
#include <string_view>

#include "analyze/common.hpp"

namespace nhi::detail {

// Larger inputs are refused rather than parsed into memory (tfstate files of
// large estates stay well below this).
constexpr std::size_t kMaxAnalyzedBytes = static_cast<std::size_t>(max_analysis_bytes);

// Runs `analyze` on the file; a parse_failure becomes a parse_error naming
// `path` and the line, any other exception an internal error. On failure no
// partial result escapes. On success, environment and service are inferred
// where the analyzer left them empty; from the path too unless
// `context_from_path` is false (a cloud export's own folder says nothing of
// where its credentials are used: exports/test/ is not a test environment).
result<analysis_result> run_guarded(std::string_view path, std::string_view content,
                                    const std::function<void(const source_file&, analysis_result&)>& analyze,
                                    bool context_from_path = true);

// import_export; `context_from_path` as for run_guarded: true for an export
// committed to a repository (analyze_file: the folder says which service
// reads it), false for one handed to `nhi import`.
result<analysis_result> import_export_in_context(std::string_view path, std::string_view content,
                                                 const import_options& options, bool context_from_path);

}  // namespace nhi::detail
