// SPDX-License-Identifier: Apache-2.0
// The functions plugins call, gathered in the nhi_host_api table. Each body
// catches everything: no exception may unwind into a plugin's C frames.
#include <exception>
#include <new>

#include "plugin/abi.hpp"

namespace nhi::detail {
namespace {

// A plugin's detection as the scanner's; the reason when it is unusable.
std::optional<std::string> convert(const nhi_detection& in, std::size_t buffer_size, detection& out) {
  if (in.abi_version != NHI_ABI_VERSION) return "detection has abi_version " + std::to_string(in.abi_version);
  if (in.struct_size < kDetectionV1Size) return "detection struct_size " + std::to_string(in.struct_size) + " is too small";
  std::string_view id, name, provider, kind;
  if (!view_of(in.rule_id, id) || !view_of(in.rule_name, name) || !view_of(in.provider, provider) ||
      !view_of(in.kind, kind))
    return std::string("detection has a string with a length but no pointer");
  if (id.empty()) return std::string("detection without a rule_id");
  if (in.severity < NHI_SEVERITY_INFO || in.severity > NHI_SEVERITY_CRITICAL)
    return "detection '" + std::string(id) + "' has unknown severity " + std::to_string(in.severity);
  if (in.length == 0 || in.offset > buffer_size || in.length > buffer_size - in.offset)
    return "detection '" + std::string(id) + "' lies outside the buffer";
  out.rule_id = std::string(id);
  out.rule_name = name.empty() ? out.rule_id : std::string(name);
  out.provider = std::string(provider);
  out.kind = kind.empty() ? std::string("generic") : std::string(kind);
  out.level = static_cast<severity>(in.severity);
  out.offset = in.offset;
  out.length = in.length;
  return std::nullopt;
}

// Why a blob cannot be scanned, or nothing.
std::optional<std::string> blob_problem(const nhi_blob* blob) {
  if (!blob) return std::string("blob_emit without a blob");
  if (blob->abi_version != NHI_ABI_VERSION) return "blob has abi_version " + std::to_string(blob->abi_version);
  if (blob->struct_size < kBlobV1Size) return "blob struct_size " + std::to_string(blob->struct_size) + " is too small";
  std::string_view v;
  for (const nhi_str* s : {&blob->path, &blob->data, &blob->blob_id, &blob->commit, &blob->author,
                           &blob->author_email, &blob->date})
    if (!view_of(*s, v)) return std::string("blob has a string with a length but no pointer");
  if (blob->path.len == 0) return std::string("blob without a path");
  return std::nullopt;
}

}  // namespace
}  // namespace nhi::detail

using nhi::detail::detect_ctx;
using nhi::detail::init_ctx;
using nhi::detail::source_ctx;

extern "C" {

static int host_error_set(nhi_ctx* ctx, const char* message, size_t len) {
  if (!ctx || (!message && len)) return NHI_ERR_INVALID;
  try {
    ctx->error.assign(message ? message : "", len);
    return NHI_OK;
  } catch (...) {
    return NHI_ERR_NOMEM;
  }
}

static int host_options_get(nhi_str* out_options, nhi_ctx* ctx) {
  if (!out_options || !ctx || ctx->what != nhi_ctx::kind::init) return NHI_ERR_INVALID;
  *out_options = nhi::detail::str_of(static_cast<init_ctx*>(ctx)->options);
  return NHI_OK;
}

static int host_detection_add(nhi_ctx* ctx, const nhi_detection* detection) {
  if (!ctx || ctx->what != nhi_ctx::kind::detect) return NHI_ERR_INVALID;
  auto* dc = static_cast<detect_ctx*>(ctx);
  try {
    if (!detection) {
      dc->invalid = "detection_add without a detection";
      return NHI_ERR_INVALID;
    }
    nhi::detection d;
    if (auto why = nhi::detail::convert(*detection, dc->buffer.size(), d)) {
      if (!dc->invalid) dc->invalid = std::move(*why);
      return NHI_ERR_INVALID;
    }
    dc->out.push_back(std::move(d));
    return NHI_OK;
  } catch (const std::bad_alloc&) {
    return NHI_ERR_NOMEM;
  } catch (...) {
    return NHI_ERR;
  }
}

static int host_blob_emit(nhi_ctx* ctx, const nhi_blob* blob) {
  if (!ctx || ctx->what != nhi_ctx::kind::source) return NHI_ERR_INVALID;
  auto* sc = static_cast<source_ctx*>(ctx);
  if (sc->failure) return NHI_ERR;  // the run has already failed: the source should stop
  try {
    if (auto why = nhi::detail::blob_problem(blob)) {
      sc->failure = nhi::status(nhi::errc::invalid_argument, std::move(*why));
      return NHI_ERR_INVALID;
    }
    return sc->emit(*blob);
  } catch (const std::exception& e) {
    sc->failure = nhi::status(nhi::errc::internal, std::string("while scanning a blob: ") + e.what());
  } catch (...) {
    sc->failure = nhi::status(nhi::errc::internal, "while scanning a blob: unknown exception");
  }
  return NHI_ERR;
}

}  // extern "C"

namespace nhi::detail {

const nhi_host_api* host_api() noexcept {
  static const nhi_host_api table = {
      NHI_ABI_VERSION, static_cast<uint32_t>(sizeof(nhi_host_api)),
      host_error_set, host_options_get, host_detection_add, host_blob_emit,
  };
  return &table;
}

const char* code_name(int code) noexcept {
  switch (code) {
    case NHI_OK: return "NHI_OK";
    case NHI_STOP: return "NHI_STOP";
    case NHI_ERR: return "NHI_ERR";
    case NHI_ERR_INVALID: return "NHI_ERR_INVALID";
    case NHI_ERR_NOMEM: return "NHI_ERR_NOMEM";
    case NHI_ERR_IO: return "NHI_ERR_IO";
    case NHI_ERR_PARSE: return "NHI_ERR_PARSE";
    case NHI_ERR_NOT_FOUND: return "NHI_ERR_NOT_FOUND";
    case NHI_ERR_UNSUPPORTED: return "NHI_ERR_UNSUPPORTED";
    default: return "an unknown code";
  }
}

errc errc_from_code(int code) noexcept {
  switch (code) {
    case NHI_OK:
    case NHI_STOP: return errc::ok;
    case NHI_ERR_INVALID: return errc::invalid_argument;
    case NHI_ERR_IO: return errc::io_error;
    case NHI_ERR_PARSE: return errc::parse_error;
    case NHI_ERR_NOT_FOUND: return errc::not_found;
    case NHI_ERR_UNSUPPORTED: return errc::unsupported;
    default: return errc::internal;
  }
}

std::string failure_message(const nhi_ctx& ctx, int code) {
  if (!ctx.error.empty()) return ctx.error;
  return std::string("failed with ") + code_name(code) + " (" + std::to_string(code) + ")";
}

}  // namespace nhi::detail
