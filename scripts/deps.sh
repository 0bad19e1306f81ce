#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs libnhi's build and test dependencies from Debian 12 packages.
# Skips apt-get entirely when everything is already installed.
#
#   bash scripts/deps.sh              what scripts/test.sh needs
#   bash scripts/deps.sh --sanitize   also clang and its sanitizer/libFuzzer
#                                     runtimes, for scripts/sanitize.sh and
#                                     scripts/fuzz.sh (docs/hardening.md)
set -euo pipefail

PACKAGES=(
  cmake ninja-build pkg-config g++ git
  libgit2-dev libre2-dev libyaml-cpp-dev libssl-dev libsqlite3-dev zlib1g-dev libdeflate-dev libpq-dev
  libcli11-dev doctest-dev nlohmann-json3-dev
  # The consumer test (docs/abi.md): the Debian package's dependencies
  # (dpkg-shlibdeps) and the Python ctypes example.
  dpkg-dev python3
  # tests/cli/pre_commit_framework.sh runs Debian's pre-commit against
  # .pre-commit-hooks.yaml; tests/cli/examples_lint.sh parses the CI examples.
  pre-commit python3-yaml
  # The inventory suite runs a second time against a throwaway PostgreSQL
  # server (tests/support/postgres_server.sh: initdb, pg_ctl); libpq-dev above
  # is the client library libnhi's PostgreSQL backend links.
  postgresql
  # Optional (found with pkg-config; libnhi builds without it): the vectorscan
  # prefilter, the default matching engine when present (docs/performance.md).
  libvectorscan-dev
)
for arg in "$@"; do
  case "$arg" in
    --sanitize) PACKAGES+=(clang libclang-rt-14-dev) ;;
    *) echo "deps.sh: unknown option '$arg' (--sanitize)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
echo "Installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
