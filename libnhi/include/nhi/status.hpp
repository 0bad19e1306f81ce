// SPDX-License-Identifier: Apache-2.0
// libnhi — errors as values.
//
// Every fallible public call returns `nhi::status` or `nhi::result<T>`; both
// are [[nodiscard]]. A status carries a code, a message, and where the problem
// is (file and line) when it comes from a file the user gave us.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>

#include "nhi/export.hpp"

NHI_BEGIN_NAMESPACE

enum class errc : int {
  ok = 0,
  invalid_argument,  // a caller passed something unusable (bad option, bad glob)
  parse_error,       // a rule file, config, policy or export is malformed (CLI exit 2)
  io_error,          // a file or directory could not be read or written
  not_found,         // a path, object, identity or snapshot does not exist
  unsupported,       // a format, ABI version or feature this build does not know
  corrupt,           // stored data (git object, inventory) is damaged
  stopped,           // a sink asked to stop; not a failure of the scan itself
  internal,          // a bug or an unexpected failure of a dependency (CLI exit 3)
};

// Short stable name for a code, e.g. "parse_error".
NHI_API const char* errc_name(errc code) noexcept;

class [[nodiscard]] status {
 public:
  status() = default;  // ok
  status(errc code, std::string message, std::string file = {}, std::uint64_t line = 0)
      : code_(code), message_(std::move(message)), file_(std::move(file)), line_(line) {}

  static status ok() { return {}; }

  bool is_ok() const noexcept { return code_ == errc::ok; }
  explicit operator bool() const noexcept { return is_ok(); }
  errc code() const noexcept { return code_; }
  const std::string& message() const noexcept { return message_; }
  const std::string& file() const noexcept { return file_; }  // empty if not file-related
  std::uint64_t line() const noexcept { return line_; }       // 0 if unknown

  // "file:line: message" (or just the message), suitable for a terminal.
  NHI_API std::string to_string() const;

 private:
  errc code_ = errc::ok;
  std::string message_;
  std::string file_;
  std::uint64_t line_ = 0;
};

// A value or the status explaining why there is none.
template <class T>
class [[nodiscard]] result {
 public:
  result(T value) : v_(std::move(value)) {}          // NOLINT: implicit by design
  result(status error) : v_(std::move(error)) {}     // NOLINT: must not be ok

  bool is_ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return is_ok(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  // By value: `for (auto& x : load().value())` over a temporary result must
  // not iterate a moved-from reference into it (the temporary dies first).
  T value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }

  // The error; an ok status when there is a value.
  status error() const { return is_ok() ? status{} : std::get<1>(v_); }

 private:
  std::variant<T, status> v_;
};

NHI_END_NAMESPACE
