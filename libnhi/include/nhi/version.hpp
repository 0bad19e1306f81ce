// SPDX-License-Identifier: Apache-2.0
// libnhi — library version.
#pragma once

#include "nhi/export.hpp"

#define NHI_VERSION_MAJOR 0
#define NHI_VERSION_MINOR 1
#define NHI_VERSION_PATCH 0

NHI_BEGIN_NAMESPACE

// "0.1.0" — the version the library was built as (may differ from the header
// a program was compiled against if the shared library was upgraded).
NHI_API const char* version_string() noexcept;

NHI_END_NAMESPACE
