// SPDX-License-Identifier: Apache-2.0
// libnhi — symbol visibility and the versioned inline namespace.
#pragma once

// The library is built with -fvisibility=hidden; only what carries NHI_API is
// exported from the shared object. Static builds can ignore it.
#if defined(_WIN32)
#  if defined(NHI_BUILDING_LIBRARY)
#    define NHI_API __declspec(dllexport)
#  else
#    define NHI_API
#  endif
#else
#  define NHI_API __attribute__((visibility("default")))
#endif

// Every public name lives in nhi::v0 so that an incompatible future ABI can
// coexist in one process (fmt's `inline namespace v12` habit).
#define NHI_BEGIN_NAMESPACE namespace nhi { inline namespace v0 {
#define NHI_END_NAMESPACE } }
