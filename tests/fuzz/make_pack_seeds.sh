#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Seeds for fuzz_pack_index (tests/fuzz/pack_index.cpp), made from small real
# packs rather than committed binaries: a history of edits packed with
# OFS_DELTA entries, the same with REF_DELTA entries, and a one-blob pack.
# Each seed is a 4-byte big-endian index length, the .idx, then the .pack.
# Writes them into OUT_DIR and prints their paths.
#
#   bash tests/fuzz/make_pack_seeds.sh OUT_DIR
set -euo pipefail
out="${1:?usage: make_pack_seeds.sh OUT_DIR}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export GIT_AUTHOR_NAME=Fuzz GIT_AUTHOR_EMAIL=fuzz@example.com GIT_COMMITTER_NAME=Fuzz
export GIT_COMMITTER_EMAIL=fuzz@example.com GIT_AUTHOR_DATE=2024-01-01T00:00:00Z
export GIT_COMMITTER_DATE=2024-01-01T00:00:00Z GIT_CONFIG_NOSYSTEM=1 HOME="$work"

be32() { printf "\\$(printf %03o $(($1 >> 24 & 255)))\\$(printf %03o $(($1 >> 16 & 255)))\\$(printf %03o $(($1 >> 8 & 255)))\\$(printf %03o $(($1 & 255)))"; }

# seed NAME REPO: the repository's single pack as one seed.
seed() {
  local idx pack
  idx=$(ls "$2"/.git/objects/pack/*.idx)
  pack="${idx%.idx}.pack"
  { be32 "$(stat -c %s "$idx")"; cat "$idx" "$pack"; } >"$out/$1.bin"
  echo "$out/$1.bin"
}

history() {
  git init -q -b main "$1"
  for i in 1 2 3 4 5 6; do
    { echo "line one of a file edited often"; seq 1 $((i * 4)); echo "TOKEN=xoxb-$i"; } >"$1/config.env"
    mkdir -p "$1/dir"
    echo "version $i" >"$1/dir/notes.txt"
    git -C "$1" add -A
    git -C "$1" commit -q -m "edit $i"
  done
}

history "$work/ofs"
git -C "$work/ofs" repack -q -adf --depth=10 --window=10
seed ofs-delta "$work/ofs"

history "$work/ref"
git -C "$work/ref" -c repack.useDeltaBaseOffset=false repack -q -adf --depth=10 --window=10
seed ref-delta "$work/ref"

git init -q -b main "$work/one"
echo "SLACK_BOT_TOKEN=xoxb-1" >"$work/one/a.env"
git -C "$work/one" add a.env
git -C "$work/one" commit -q -m one
git -C "$work/one" repack -q -ad
seed one-blob "$work/one"
