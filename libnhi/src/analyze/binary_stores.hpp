// SPDX-License-Identifier: Apache-2.0
// Binary files that a structure analyzer reads: credential stores encrypted
// whole (DBeaver's credentials-config.json), which the rules skip as binary
// but whose saved logins the analyzers decrypt and record.
#pragma once

#include <string_view>

namespace nhi::detail {

// True when the file at `path` is such a store, by its name alone.
bool is_analyzed_binary_store(std::string_view path);

}  // namespace nhi::detail
