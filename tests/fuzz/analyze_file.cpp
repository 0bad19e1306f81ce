// SPDX-License-Identifier: Apache-2.0
// One structure-aware analyzer (chosen by NHI_FUZZ_PATH, the file name
// analyze_file sees) on arbitrary bytes: a result or a parse_error naming the
// file, never a crash, a hang, an escaped exception or an internal error.
#include "fuzz_util.hpp"
#include "nhi/analysis.hpp"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const std::string path = NHI_FUZZ_PATH;
  auto r = nhi::analyze_file(path, nhi_fuzz::as_view(data, size));
  if (!r) {
    nhi_fuzz::check(r.error().code() == nhi::errc::parse_error, "analysis fails only with parse_error",
                    r.error().to_string());
    nhi_fuzz::check(r.error().file() == path, "an analysis error names the file");
    return 0;
  }
  for (const auto& f : r->identities) nhi_fuzz::check(f.path == path, "a fact names its file");
  return 0;
}
