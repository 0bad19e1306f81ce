// SPDX-License-Identifier: Apache-2.0
#include "analyze/entry.hpp"

#include <yaml-cpp/exceptions.h>

#include <new>
#include <nlohmann/json.hpp>

namespace nhi::detail {

result<analysis_result> run_guarded(std::string_view path, std::string_view content,
                                    const std::function<void(const source_file&, analysis_result&)>& analyze,
                                    bool context_from_path) {
  const std::string file_path(path);
  if (content.size() > kMaxAnalyzedBytes)
    return status(errc::unsupported,
                  "file of " + std::to_string(content.size()) + " bytes is larger than the " +
                      std::to_string(kMaxAnalyzedBytes >> 20) + " MiB structure analysis reads",
                  file_path);
  try {
    analysis_result out;
    analyze(source_file{file_path, content}, out);
    attach_context(out, context_from_path ? path : std::string_view());
    return out;
  } catch (const parse_failure& e) {
    return status(errc::parse_error, e.what(), file_path, e.line);
  } catch (const too_large_for_analysis& e) {
    return status(errc::unsupported, e.what(), file_path);
  } catch (const nlohmann::json::exception& e) {
    // A shape the analyzer did not check explicitly.
    return status(errc::parse_error, std::string("unexpected JSON structure: ") + e.what(), file_path);
  } catch (const YAML::Exception& e) {
    const std::uint64_t line = e.mark.is_null() ? 0 : static_cast<std::uint64_t>(e.mark.line) + 1;
    return status(errc::parse_error, "unexpected YAML structure: " + e.msg, file_path, line);
  } catch (const std::bad_alloc&) {
    return status(errc::internal, "out of memory while analysing", file_path);
  } catch (const std::exception& e) {
    return status(errc::internal, std::string("analysis failed: ") + e.what(), file_path);
  }
}

}  // namespace nhi::detail
