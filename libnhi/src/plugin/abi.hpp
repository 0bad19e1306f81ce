// SPDX-License-Identifier: Apache-2.0
// The host side of the C plugin ABI: what stands behind an nhi_ctx, how the
// host reads plugin structs (by struct_size), and how result codes map to
// nhi::errc.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nhi/plugin.h"
#include "nhi/scanner.hpp"
#include "nhi/status.hpp"

// Declared opaque in plugin.h; one per call into a plugin, on the host's
// stack. The plugin sees only the pointer, so the layout is ours to change.
struct nhi_ctx {
  enum class kind { init, detect, source, report };
  explicit nhi_ctx(kind k) : what(k) {}
  virtual ~nhi_ctx() = default;
  nhi_ctx(const nhi_ctx&) = delete;
  nhi_ctx& operator=(const nhi_ctx&) = delete;

  const kind what;
  std::string error;  // the message of the last error_set
};

namespace nhi::detail {

struct init_ctx final : nhi_ctx {
  explicit init_ctx(std::string_view opts) : nhi_ctx(kind::init), options(opts) {}
  std::string options;  // kept NUL-terminated for the plugin
};

struct detect_ctx final : nhi_ctx {
  detect_ctx(std::string_view data, std::vector<detection>& sink)
      : nhi_ctx(kind::detect), buffer(data), out(sink) {}
  std::string_view buffer;
  std::vector<detection>& out;
  std::optional<std::string> invalid;  // why a detection_add was refused
};

struct source_ctx final : nhi_ctx {
  source_ctx() : nhi_ctx(kind::source) {}
  // Scans one blob; returns NHI_OK or NHI_STOP. May throw: blob_emit catches.
  std::function<int(const nhi_blob&)> emit;
  std::optional<status> failure;  // a host-side failure that ends the run
};

struct report_ctx final : nhi_ctx {
  report_ctx() : nhi_ctx(kind::report) {}
};

// The process-wide host function table (static storage: plugins may keep it).
const nhi_host_api* host_api() noexcept;

// The size of each struct as ABI v1.0 defined it: a plugin's struct that is
// smaller is refused. These never change, however the structs grow.
#define NHI_DETAIL_V1_END(type, last) (offsetof(type, last) + sizeof(((type*)nullptr)->last))
inline constexpr std::size_t kDescV1Size = NHI_DETAIL_V1_END(nhi_plugin_desc, destroy);
inline constexpr std::size_t kDetectorV1Size = NHI_DETAIL_V1_END(nhi_detector, detect);
inline constexpr std::size_t kSourceV1Size = NHI_DETAIL_V1_END(nhi_source, run);
inline constexpr std::size_t kReporterV1Size = NHI_DETAIL_V1_END(nhi_reporter, end);
inline constexpr std::size_t kDetectionV1Size = NHI_DETAIL_V1_END(nhi_detection, length);
inline constexpr std::size_t kBlobV1Size = NHI_DETAIL_V1_END(nhi_blob, in_head);
#undef NHI_DETAIL_V1_END

// A plugin's nhi_str as a view; false when it is malformed (NULL with a length).
inline bool view_of(nhi_str s, std::string_view& out) noexcept {
  if (s.ptr == nullptr && s.len != 0) return false;
  out = s.ptr ? std::string_view(s.ptr, s.len) : std::string_view();
  return true;
}

// A host string for a plugin: std::string keeps its bytes NUL-terminated.
inline nhi_str str_of(const std::string& s) noexcept { return nhi_str{s.c_str(), s.size()}; }
inline nhi_str str_of(std::string_view s) noexcept { return nhi_str{s.data(), s.size()}; }

// "NHI_ERR_IO" for -4, ...
const char* code_name(int code) noexcept;
// The errc for a plugin's failure code (NHI_ERR_IO -> io_error, ...).
errc errc_from_code(int code) noexcept;
// The plugin's message for a failed call, or a description of its code.
std::string failure_message(const nhi_ctx& ctx, int code);

}  // namespace nhi::detail
