// SPDX-License-Identifier: Apache-2.0
// Policy files (--policy FILE): a policy or a parse_error, nothing else.
#include "fuzz_util.hpp"
#include "nhi/policy.hpp"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  auto p = nhi::parse_policy(nhi_fuzz::as_view(data, size), "policy.yaml");
  if (!p)
    nhi_fuzz::check(p.error().code() == nhi::errc::parse_error, "policy loading fails only with parse_error",
                    p.error().to_string());
  else
    (void)p->environment_of("services/billing/prod/app.env");
  return 0;
}
