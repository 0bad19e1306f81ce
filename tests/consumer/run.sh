#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The consumer test (docs/abi.md): installs a build into a fresh prefix and
# uses it the ways a consumer would, out of tree and from that prefix only.
#
#   tests/consumer/run.sh BUILD_DIR [SOURCE_DIR]
#
# NHI_CONSUMER_DPKG=1 (as root, on a throwaway machine: .ci/run) also installs
# the Debian package with dpkg and runs the installed /usr/bin/nhi.
set -euo pipefail
build=$(cd "$1" && pwd)
src=$(cd "${2:-$(dirname "$0")/../..}" && pwd)
here="$src/tests/consumer"
work=$(mktemp -d "${TMPDIR:-/tmp}/nhi-consumer.XXXXXX")
trap 'rm -rf "$work"' EXIT
demo="$src/examples/demo"
step() { printf '== %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
# Runs a command that must exit with the given status (a scan of the demo finds secrets: 1).
expect_status() {
  local want=$1; shift
  local got=0
  "$@" >"$work/out" 2>&1 || got=$?
  [[ $got -eq $want ]] || { cat "$work/out" >&2; fail "$* exited $got, expected $want"; }
}

step "install into a fresh prefix"
cmake --install "$build" --prefix "$work/staging" >/dev/null
pc="$work/staging/lib/pkgconfig/libnhi.pc"
version=$(sed -n 's/^Version: //p' "$pc")
major_minor=${version%.*}
[[ -n $version ]] || fail "no version in $pc"

step "SONAME, RUNPATH and exported symbols"
lib=$(readlink -f "$work/staging/lib/libnhi.so")
soname=$(readelf -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
if [[ ${version%%.*} == 0 ]]; then want_soname="libnhi.so.$major_minor"; else want_soname="libnhi.so.${version%%.*}"; fi
[[ $soname == "$want_soname" ]] || fail "SONAME is '$soname', expected '$want_soname'"
runpath=$(readelf -d "$work/staging/bin/nhi" | sed -n 's/.*(RUNPATH).*\[\(.*\)\]/\1/p')
[[ $runpath == '$ORIGIN/../lib' ]] || fail "nhi's RUNPATH is '$runpath'"
nm -D --defined-only "$lib" | c++filt | awk '{ $1 = ""; $2 = ""; print }' | sed 's/^ *//; s/@@*LIBNHI_[0-9.]*$//' >"$work/symbols"
foreign=$(grep -Ev '^(nhi::v0::|nhi_|vtable for nhi::v0::|typeinfo (name )?for nhi::v0::|LIBNHI_)' "$work/symbols" || true)
[[ -z $foreign ]] || fail "libnhi.so exports symbols outside the API: $(head -5 <<<"$foreign")"
grep -q '^nhi_scan_paths$' "$work/symbols" || fail "the C API is not exported"
grep -q '^nhi::v0::rule_set::builtin()$' "$work/symbols" || fail "the C++ API is not exported"

step "the installed nhi runs from a moved prefix"
mv "$work/staging" "$work/prefix"
prefix="$work/prefix"
pc="$prefix/lib/pkgconfig/libnhi.pc"
expect_status 0 "$prefix/bin/nhi" version
grep -q "nhi $version" "$work/out" || fail "nhi version says $(cat "$work/out")"
expect_status 1 "$prefix/bin/nhi" scan "$demo"

step "CMake find_package, shared"
cmake -S "$here/cmake" -B "$work/cmake-shared" -DCMAKE_PREFIX_PATH="$prefix" \
  -DNHI_EXPECTED_VERSION="$major_minor" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/cmake-shared" >/dev/null
[[ $(ldd "$work/cmake-shared/consumer") == *"$prefix/lib/libnhi.so"* ]] || fail "the shared consumer does not load $prefix's libnhi"
expect_status 0 "$work/cmake-shared/consumer" "$demo"
grep -q "stripe-secret-key" "$work/out" || fail "the shared consumer found nothing"

step "CMake find_package, static (libnhi_USE_STATIC)"
cmake -S "$here/cmake" -B "$work/cmake-static" -DCMAKE_PREFIX_PATH="$prefix" -Dlibnhi_USE_STATIC=ON \
  -DNHI_EXPECTED_VERSION="$major_minor" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/cmake-static" >/dev/null
[[ $(ldd "$work/cmake-static/consumer") != *libnhi* ]] || fail "the static consumer loads a shared libnhi"
expect_status 0 "$work/cmake-static/consumer" "$demo"
grep -q "stripe-secret-key" "$work/out" || fail "the static consumer found nothing"

step "find_package refuses another minor version"
if cmake -S "$here/cmake" -B "$work/cmake-wrong" -DCMAKE_PREFIX_PATH="$prefix" \
     -DNHI_EXPECTED_VERSION="${version%%.*}.999" >/dev/null 2>&1; then
  fail "find_package(libnhi ${version%%.*}.999) succeeded"
fi

export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
libdir=$(pkg-config --variable=libdir libnhi)
[[ $(readlink -f "$libdir") == $(readlink -f "$prefix/lib") ]] || fail "pkg-config libdir is $libdir"

step "pkg-config, shared"
# shellcheck disable=SC2046
c++ -std=c++17 "$here/main.cpp" -o "$work/pc-shared" $(pkg-config --cflags --libs libnhi) -Wl,-rpath,"$libdir"
expect_status 0 "$work/pc-shared" "$demo"

step "pkg-config --static"
# The static archive by name, then every private dependency pkg-config lists.
# shellcheck disable=SC2046
c++ -std=c++17 "$here/main.cpp" -o "$work/pc-static" $(pkg-config --static --cflags libnhi) \
  "$libdir/libnhi.a" $(pkg-config --static --libs libnhi | sed 's/-lnhi\b//')
[[ $(ldd "$work/pc-static") != *libnhi* ]] || fail "the pkg-config static consumer loads a shared libnhi"
expect_status 0 "$work/pc-static" "$demo"

step "the C API from C"
# shellcheck disable=SC2046
cc -std=c99 -Wall -Wextra -pedantic -Werror "$src/examples/c/scan.c" -o "$work/c-scan" \
  $(pkg-config --cflags --libs libnhi) -Wl,-rpath,"$libdir"
expect_status 1 "$work/c-scan" "$demo" --inventory "$work/c.db"
grep -q '"identities"' "$work/out" || fail "the C example printed no inventory"
[[ $(stat -c %a "$work/c.db") == 600 ]] || fail "the inventory is not mode 0600"

step "the C API from Python (ctypes)"
if command -v python3 >/dev/null; then
  NHI_LIBRARY="$prefix/lib/libnhi.so" expect_status 1 python3 "$src/examples/python/nhi_scan.py" "$demo"
  grep -q "findings (libnhi $version)" "$work/out" || fail "the Python example said $(tail -1 "$work/out")"
else
  echo "python3 not installed: skipped"
fi

step "the example plugins, built against the installed plugin.h"
for p in acme_detector export_source line_reporter; do
  cc -std=c99 -Wall -Wextra -pedantic -Werror -fPIC -shared -Wl,-z,defs -I"$prefix/include" \
    "$src/plugins/$p.c" -o "$work/$p.so"
  chmod go-w "$work/$p.so"
done
mkdir -p "$work/tree"
printf 'ACME_TOKEN=acme_live_%s\n' 4fQz8LmN2pRtX7vKc9YbWe3HsJdA6gUi >"$work/tree/app.env"
expect_status 1 "$prefix/bin/nhi" scan "$work/tree" --format json --plugin "$work/acme_detector.so"
grep -q '"acme-live-token"' "$work/out" || fail "the acme plugin found nothing"
expect_status 1 "$prefix/bin/nhi" scan "$work/tree" --plugin "$work/acme_detector.so" \
  --plugin "$work/line_reporter.so"
grep -q 'acme-live-token' "$work/out" || fail "the reporter plugin printed nothing"

step "the Debian package"
if command -v cpack >/dev/null && command -v dpkg-deb >/dev/null && [[ -f "$build/CPackConfig.cmake" ]]; then
  (cd "$work" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/pkg" >/dev/null 2>&1)
  deb=$(ls "$work"/pkg/*.deb)
  dpkg-deb -f "$deb" Depends >"$work/depends"
  grep -q 'libgit2' "$work/depends" || fail "the package does not depend on libgit2"
  dpkg-deb -c "$deb" >"$work/contents"
  grep -q './usr/share/doc/libnhi/LICENSE' "$work/contents" || fail "the package holds no license"
  ! grep -q '\.debug$' "$work/contents" || fail "the package holds split debug files"
  dpkg-deb -x "$deb" "$work/root"
  expect_status 0 "$work/root/usr/bin/nhi" version
  expect_status 1 "$work/root/usr/bin/nhi" scan "$demo"
  if [[ ${NHI_CONSUMER_DPKG:-0} == 1 && $(id -u) == 0 ]]; then
    dpkg -i "$deb" >/dev/null
    expect_status 0 /usr/bin/nhi version
    grep -q "nhi $version" "$work/out" || fail "the installed package's nhi says $(cat "$work/out")"
    PKG_CONFIG_PATH= pkg-config --exists libnhi || fail "pkg-config does not find the installed package"
    dpkg --purge libnhi >/dev/null
  fi
else
  echo "cpack or dpkg-deb missing: skipped"
fi
echo "consumer test passed (libnhi $version)"
