#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Every source file carries an SPDX license line near its top (docs/abi.md).
#
#   scripts/spdx.sh --check   list the files without one; exit 1 if any (ctest spdx_headers)
#   scripts/spdx.sh --add     add the line, in the file's comment syntax, after any shebang
#
# Source files: C and C++ sources and headers, CMake files, shell and Python
# scripts, the linker version script. Test inputs (the corpus, fixtures, fuzz
# seeds, the demo tree) are data, not sources, and are left alone.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-}
[[ $mode == --check || $mode == --add ]] || { sed -n '2,10p' "$0"; exit 2; }
LINE="SPDX-License-Identifier: Apache-2.0"

list_sources() {
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files --cached --others --exclude-standard
  else
    find . -path ./build -prune -o -path './build-*' -prune -o -type f -print | sed 's|^\./||'
  fi | grep -E '\.(c|h|cpp|hpp|cmake|sh|py|map)$|(^|/)CMakeLists\.txt$|\.cmake\.in$|^\.ci/run$' \
     | grep -Ev '^(tests/corpus/|tests/fixtures/|tests/fuzz/seeds/|examples/demo/)' || true
}

comment_for() {
  case "$1" in
    *.c|*.h|*.map) echo "/* $LINE */" ;;
    *.cpp|*.hpp) echo "// $LINE" ;;
    *) echo "# $LINE" ;;
  esac
}

missing=0
while IFS= read -r f; do
  [[ -f $f ]] || continue
  if head -n 5 "$f" | grep -q "$LINE"; then continue; fi
  if [[ $mode == --check ]]; then
    echo "$f"
    missing=$((missing + 1))
    continue
  fi
  line=$(comment_for "$f")
  tmp=$(mktemp)
  if head -n 1 "$f" | grep -q '^#!'; then
    { head -n 1 "$f"; echo "$line"; tail -n +2 "$f"; } >"$tmp"
  else
    { echo "$line"; cat "$f"; } >"$tmp"
  fi
  chmod --reference="$f" "$tmp"
  mv "$tmp" "$f"
done < <(list_sources)
if [[ $mode == --check && $missing -gt 0 ]]; then
  echo "$missing source files lack '$LINE' in their first 5 lines (scripts/spdx.sh --add)" >&2
  exit 1
fi
exit 0
