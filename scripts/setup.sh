#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The first command: install dependencies, build, and scan the bundled demo.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
bash scripts/build.sh
echo
echo "== nhi scan examples/demo =="
# Exit code 1 means "findings remain": the demo is full of planted secrets.
status=0
./build/cli/nhi scan examples/demo || status=$?
if [ "$status" -ne 1 ]; then
  echo "unexpected exit code $status from the demo scan" >&2
  exit 1
fi
echo
echo "Built ./build/cli/nhi. Next: bash scripts/test.sh"
