// SPDX-License-Identifier: Apache-2.0
// Names from hostile input in error messages.
#pragma once

#include <string>
#include <string_view>

namespace nhi::detail {

// A name read from hostile input (a configuration key, an HCL identifier),
// quoted for an error message. A misplaced secret parses as a name too, so
// only what looks like a name a person wrote is quoted as it is: at most 40
// bytes of [A-Za-z0-9_.-], not mixing digits with both cases, under 4 bits of
// entropy per byte. Anything else is quoted redacted (nhi::redact).
std::string quote_name(std::string_view name);

}  // namespace nhi::detail
