// SPDX-License-Identifier: Apache-2.0
// The matcher on arbitrary bytes: the built-in rules (prefilter, RE2,
// validators, overlap resolution), the decoders and the long-line splitter.
// Checks what every finding promises: it lies inside the buffer, its
// fingerprint is the SHA-256 of the secret, and its preview does not hold
// the secret.
#include <fuzzer/FuzzedDataProvider.h>

#include "fuzz_util.hpp"
#include "nhi/scanner.hpp"

namespace {

const nhi::scanner& scanner_for(unsigned variant) {
  static const nhi::scanner plain = [] {
    nhi::scan_options o;
    o.capture_secrets = true;
    return nhi::scanner(nhi_fuzz::builtin_rules(), o);
  }();
  static const nhi::scanner short_lines = [] {
    nhi::scan_options o;
    o.capture_secrets = true;
    o.max_line_length = 48;  // exercises the segments around skipped lines
    return nhi::scanner(nhi_fuzz::builtin_rules(), o);
  }();
  static const nhi::scanner no_decode = [] {
    nhi::scan_options o;
    o.capture_secrets = true;
    o.decode = false;
    return nhi::scanner(nhi_fuzz::builtin_rules(), o);
  }();
  switch (variant % 3) {
    case 0: return plain;
    case 1: return short_lines;
    default: return no_decode;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  if (size == 0) return 0;
  const nhi::scanner& sc = scanner_for(data[0]);
  const std::string_view text = nhi_fuzz::as_view(data + 1, size - 1);
  std::vector<nhi::finding> found;
  std::vector<nhi::diagnostic> diags;
  sc.scan_buffer(text, nhi::origin{"fuzz.txt", std::nullopt}, found, &diags);
  std::uint64_t lines = 1;
  for (char c : text) lines += c == '\n';
  for (const auto& f : found) {
    nhi_fuzz::check(f.line >= 1 && f.line <= lines, "finding line within the buffer", std::to_string(f.line));
    nhi_fuzz::check(f.column >= 1 && f.column <= text.size() + 1, "finding column within the buffer");
    nhi_fuzz::check(!f.secret.empty(), "a finding has a secret when captured");
    nhi_fuzz::check(f.fingerprint == nhi::fingerprint_of(f.secret), "fingerprint is SHA-256 of the secret");
    if (f.secret.size() >= 8)
      nhi_fuzz::check(f.redacted.find(f.secret) == std::string::npos, "the preview does not hold the secret");
    if (f.decoded.empty())
      nhi_fuzz::check(text.find(f.secret) != std::string_view::npos, "a plain secret is in the buffer");
  }
  return 0;
}
