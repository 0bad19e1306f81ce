#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The generated man page is the committed docs/man/nhi.1, it renders, and the
# generated bash completion completes commands, subcommands and options.
#   completions.sh NHI_BINARY SOURCE_DIR
set -euo pipefail
nhi=$1 src=$2
diff <("$nhi" generate man) "$src/docs/man/nhi.1" >/dev/null ||
  { echo "FAIL: docs/man/nhi.1 is stale: run nhi generate man > docs/man/nhi.1"; exit 1; }
if command -v man >/dev/null; then
  MANWIDTH=80 man -l "$src/docs/man/nhi.1" 2>&1 | grep -q -- "--fail-on" || { echo "FAIL: man page does not render"; exit 1; }
fi
source <("$nhi" generate bash)
complete_words() {
  COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()
  _nhi
  printf '%s\n' "${COMPREPLY[@]}"
}
complete_words nhi sc | grep -qx scan || { echo "FAIL: nhi sc<TAB>"; exit 1; }
complete_words nhi scan --fail | grep -qx -- --fail-on || { echo "FAIL: nhi scan --fail<TAB>"; exit 1; }
complete_words nhi baseline cr | grep -qx create || { echo "FAIL: nhi baseline cr<TAB>"; exit 1; }
complete_words nhi hook r | grep -qx run || { echo "FAIL: nhi hook r<TAB>"; exit 1; }
if complete_words nhi scan --fail | grep -qx -- --force; then echo "FAIL: options of another command"; exit 1; fi
zsh_script=$("$nhi" generate zsh)
[[ $zsh_script == "#compdef nhi"* ]] || { echo "FAIL: zsh completion header"; exit 1; }
echo "man page and completions: ok"
