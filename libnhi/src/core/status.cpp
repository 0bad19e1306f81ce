// SPDX-License-Identifier: Apache-2.0
#include "nhi/status.hpp"
#include "nhi/version.hpp"

#ifndef NHI_VERSION_STRING
#define NHI_VERSION_STRING "0.0.0"
#endif

NHI_BEGIN_NAMESPACE

const char* errc_name(errc code) noexcept {
  switch (code) {
    case errc::ok: return "ok";
    case errc::invalid_argument: return "invalid_argument";
    case errc::parse_error: return "parse_error";
    case errc::io_error: return "io_error";
    case errc::not_found: return "not_found";
    case errc::unsupported: return "unsupported";
    case errc::corrupt: return "corrupt";
    case errc::stopped: return "stopped";
    case errc::internal: return "internal";
  }
  return "unknown";
}

std::string status::to_string() const {
  if (file_.empty()) return message_;
  std::string out = file_;
  if (line_ > 0) out += ":" + std::to_string(line_);
  out += ": ";
  out += message_;
  return out;
}

const char* version_string() noexcept { return NHI_VERSION_STRING; }

NHI_END_NAMESPACE
