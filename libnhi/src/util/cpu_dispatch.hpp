// SPDX-License-Identifier: Apache-2.0
// x86-64 builds carry AVX2 variants of a few hot loops (the keyword search,
// the base64 run finder, the secret-run search), chosen at run time; the rest
// of the library is built for the baseline.
#pragma once

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define NHI_HAVE_AVX2_DISPATCH 1
#include <immintrin.h>
#endif

namespace nhi::detail {

// Whether the AVX2 variants may run here: built, and the CPU has AVX2.
inline bool cpu_has_avx2() noexcept {
#if defined(NHI_HAVE_AVX2_DISPATCH)
  static const bool avx2 = __builtin_cpu_supports("avx2");
  return avx2;
#else
  return false;
#endif
}

}  // namespace nhi::detail
