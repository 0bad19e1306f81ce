// SPDX-License-Identifier: Apache-2.0
// A growable run of bytes whose new bytes are left as they are: for buffers
// filled whole right after they are sized (an inflated pack entry, a delta's
// result). std::string::resize zeroes what it adds first, and a history scan
// sized a fresh string for most blobs it rebuilt: that zeroing was a seventh
// of the scan's page faults and a percent of its CPU (docs/performance.md).
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>

namespace nhi::detail {

class byte_buffer {
 public:
  byte_buffer() = default;
  byte_buffer(byte_buffer&&) noexcept = default;
  byte_buffer& operator=(byte_buffer&&) noexcept = default;

  char* data() noexcept { return bytes_.get(); }
  const char* data() const noexcept { return bytes_.get(); }
  std::size_t size() const noexcept { return size_; }
  std::size_t capacity() const noexcept { return capacity_; }
  std::string_view view() const noexcept { return {bytes_.get(), size_}; }

  // Makes the size `n`. The bytes are then unspecified: the caller writes
  // all of them. Growing allocates an eighth more than asked, so that a
  // buffer reused for versions of one file does not grow by each version.
  void resize_for_overwrite(std::size_t n) {
    if (n > capacity_) {
      const std::size_t grown = capacity_ + capacity_ / 8;
      const std::size_t want = n > grown ? n : grown;
      bytes_.reset(new char[want]);
      capacity_ = want;
    }
    size_ = n;
  }
  // Frees the memory.
  void release() noexcept {
    bytes_.reset();
    size_ = capacity_ = 0;
  }

 private:
  std::unique_ptr<char[]> bytes_;
  std::size_t size_ = 0, capacity_ = 0;
};

// Sizes `out` to hold exactly `n` bytes that the caller then writes
// (std::string zeroes them first; byte_buffer does not).
inline void size_for_overwrite(std::string& out, std::size_t n) { out.resize(n); }
inline void size_for_overwrite(byte_buffer& out, std::size_t n) { out.resize_for_overwrite(n); }

}  // namespace nhi::detail
