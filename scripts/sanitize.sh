#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The sanitizer step: builds libnhi, nhi, the plugins and the tests with
# AddressSanitizer + UndefinedBehaviorSanitizer (-DNHI_SANITIZE=ON) into
# build-asan (SANITIZE_BUILD_DIR), runs the whole ctest suite under them, then
# runs every libFuzzer target for a fixed number of inputs (FUZZ_RUNS, default
# 200, after its seed corpus) when clang is available. See docs/hardening.md.
#
#   bash scripts/sanitize.sh [ctest args...]
#   SANITIZE_FUZZ=0 bash scripts/sanitize.sh     # skip the fuzz smoke runs
#
# CI (.ci/run) runs it after scripts/test.sh with FUZZ_RUNS=200; measured cost
# and the budget are in docs/hardening.md, "Sanitizers".
#
# With clang one build serves both: the library is built with coverage hooks
# for libFuzzer (-fsanitize=fuzzer-no-link), which the ASan runtime satisfies
# in the ordinary executables. Without clang, gcc builds and tests it alone.
# -O1 keeps the build and the run fast while ASan still sees every access.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${SANITIZE_BUILD_DIR:-build-asan}"
started=$SECONDS

fuzz=0
if [ "${SANITIZE_FUZZ:-1}" != 0 ] && command -v clang++ >/dev/null 2>&1; then fuzz=1; fi
compiler=()
if [ "$fuzz" = 1 ]; then compiler=(-DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DNHI_BUILD_FUZZERS=ON); fi
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1" \
    -DNHI_SANITIZE=ON -DNHI_BUILD_EXAMPLES=OFF -DNHI_INSTALL=OFF -DNHI_BUILD_SHARED=OFF "${compiler[@]}" >/dev/null
fi
# An existing build directory keeps its compiler: fuzz only if it has the targets.
# (grep reads the whole list: `grep -q` would stop at the match, ninja would
# die of SIGPIPE, and under pipefail the fuzzers would count as missing.)
if [ "$fuzz" = 1 ] && ! ninja -C "$BUILD_DIR" -t targets all 2>/dev/null | grep '^nhi_fuzzers:' >/dev/null; then
  echo "sanitize.sh: $BUILD_DIR was configured without clang/NHI_BUILD_FUZZERS: fuzz smoke runs skipped"
  fuzz=0
fi
targets=(all)
[ "$fuzz" = 1 ] && targets=(all nhi_fuzzers)
cmake --build "$BUILD_DIR" -j "$(nproc)" --target "${targets[@]}"
built=$SECONDS

# Leaks fail the run; a UBSan report is an error, not a warning.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
# Only leaks inside system libraries are suppressed, each with its reason.
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$PWD/tests/sanitizers/lsan.supp:print_suppressions=0}"
# abi_header_* only compile each public header with the compiler (no code
# runs): scripts/test.sh covers them, so they are left out here
# (SANITIZE_CTEST_EXCLUDE= keeps them).
exclude=(-E "${SANITIZE_CTEST_EXCLUDE-^abi_header_}")
[ -n "${SANITIZE_CTEST_EXCLUDE-x}" ] || exclude=()
(cd "$BUILD_DIR" && ctest --output-on-failure -j "$(nproc)" --timeout 900 "${exclude[@]}" "$@")
tested=$SECONDS

if [ "$fuzz" = 1 ]; then
  FUZZ_BUILD_DIR="$BUILD_DIR" FUZZ_RUNS="${FUZZ_RUNS:-200}" bash scripts/fuzz.sh all 0
elif [ "${SANITIZE_FUZZ:-1}" = 0 ]; then
  echo "sanitize.sh: SANITIZE_FUZZ=0: fuzz smoke runs skipped"
else
  echo "sanitize.sh: clang not found: fuzz smoke runs skipped (apt-get install clang libclang-rt-14-dev)"
fi
echo "sanitize.sh: build $((built - started))s, tests $((tested - built))s, fuzz $((SECONDS - tested))s, total $((SECONDS - started))s"
