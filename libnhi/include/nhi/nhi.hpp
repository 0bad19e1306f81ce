// SPDX-License-Identifier: Apache-2.0
// libnhi — the umbrella header. Public headers include only the standard
// library; no third-party type appears in the API.
#pragma once

#include "nhi/analysis.hpp"
#include "nhi/baseline.hpp"
#include "nhi/config.hpp"
#include "nhi/export.hpp"
#include "nhi/finding.hpp"
#include "nhi/git.hpp"
#include "nhi/inventory.hpp"
#include "nhi/plugins.hpp"
#include "nhi/policy.hpp"
#include "nhi/report.hpp"
#include "nhi/rules.hpp"
#include "nhi/scanner.hpp"
#include "nhi/status.hpp"
#include "nhi/version.hpp"
