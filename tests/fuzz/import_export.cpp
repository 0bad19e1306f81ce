// SPDX-License-Identifier: Apache-2.0
// One cloud-export reader (NHI_FUZZ_KIND; `detect` lets the content choose)
// on arbitrary bytes: facts or a parse_error naming the file.
#include "fuzz_util.hpp"
#include "nhi/analysis.hpp"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  auto r = nhi::import_export("export.json", nhi_fuzz::as_view(data, size), NHI_FUZZ_KIND);
  if (!r) {
    nhi_fuzz::check(r.error().code() == nhi::errc::parse_error, "import fails only with parse_error",
                    r.error().to_string());
    nhi_fuzz::check(r.error().file() == "export.json", "an import error names the file");
  }
  return 0;
}
