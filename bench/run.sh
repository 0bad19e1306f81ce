#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# libnhi benchmark: wall time, MB/s of blob (or file) bytes and peak RSS for
# nhi and for the references found installed, side by side on the same input.
# Fetches nothing. See docs/performance.md for the method and the numbers.
#
#   bench/run.sh [options] REPO
#     --nhi PATH      the nhi binary (default: build-perf/cli/nhi, then build/cli/nhi, then PATH)
#     --tree DIR      the working tree for (b) (default: REPO's work tree)
#     --runs N        runs per command, the median is printed (default 3)
#     --only LIST     comma list of sections to run: history,tree,staged (default all)
#     --engines LIST  nhi engines to time: default,re2,vectorscan (default: NHI_ENGINE,
#                     else "default", i.e. NHI_ENGINE unset: what users run)
#     --peers DIR     where the peer scanners are (noseyparker, gitleaks; default:
#                     NHI_PEERS_DIR); each one found there is timed on (a), once
#                     per --peer-runs, and its finding count printed; absent: skipped
#     --peer-runs N   runs per peer (default 1: gitleaks takes minutes on git/git)
#     --rules DIR     nhi's rules (default: the built-in ones); a one-rule file
#                     times the history walk without the matching
#
# (a) history: `nhi scan --git REPO` against `git cat-file --batch-all-objects
#     --batch --unordered` (every object, pack order: the inflate ceiling) and
#     the same for blobs only. MB/s is over the bytes of every blob. Printed
#     first: the repository's shape (commits, refs, trees, blobs, blob bytes,
#     pack bytes); after each nhi run its wall and peak RSS as ratios to
#     cat-file's, and the findings each scanner reported.
# (b) tree: `nhi scan TREE` against `rg` given the same patterns
#     (`nhi rules list --format patterns`), both reading every file but .git
#     (rg in --multiline mode: some patterns match newlines, as nhi allows).
# (c) staged: `nhi scan --staged` on an ordinary commit (3 files changed) in a
#     scratch clone: start-up, rule loading and compilation included.
#
# Peak RSS is /usr/bin/time's maximum resident set size. Wall times on a busy
# machine are noisy: user+sys CPU seconds are printed too.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
nhi="" tree="" runs=3 only="history,tree,staged" engines="${NHI_ENGINE:-default}"
peers="${NHI_PEERS_DIR:-}" peer_runs=1 rules=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --nhi) nhi=$2; shift 2 ;;
    --tree) tree=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --engines) engines=$2; shift 2 ;;
    --peers) peers=$2; shift 2 ;;
    --peer-runs) peer_runs=$2; shift 2 ;;
    --rules) rules=(--rules "$2"); shift 2 ;;
    -h|--help) sed -n '2,36p' "$0"; exit 0 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) repo=$1; shift ;;
  esac
done
[[ -n "${repo:-}" ]] || { sed -n '2,36p' "$0"; exit 2; }
repo=$(cd "$repo" && pwd)
if [[ -z "$nhi" ]]; then
  for c in "$root/build-perf/cli/nhi" "$root/build/cli/nhi" "$(command -v nhi || true)"; do
    [[ -n "$c" && -x "$c" ]] && { nhi=$c; break; }
  done
fi
[[ -x "$nhi" ]] || { echo "no nhi binary: build it or pass --nhi" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
git_dir=$(git -C "$repo" rev-parse --absolute-git-dir)
if [[ -z "$tree" ]] && [[ "$(git -C "$repo" rev-parse --is-bare-repository)" == false ]]; then
  tree=$(git -C "$repo" rev-parse --show-toplevel)
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/nhi-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

has() { [[ ",$only," == *",$1,"* ]]; }

# engine_env ENGINE: sets `with_engine` to the env(1) prefix that runs a
# command with NHI_ENGINE=ENGINE, or with it unset for "default".
engine_env() {
  if [[ "$1" == default ]]; then with_engine=(env -u NHI_ENGINE); else with_engine=(env NHI_ENGINE="$1"); fi
}

# run NAME BYTES CMD...: runs CMD $runs times (exit codes 0 and 1 are both
# success: 1 means findings), prints the median wall, CPU, MB/s, peak RSS.
run() {
  local name=$1 bytes=$2; shift 2
  local walls=() cpus=() rss=0 i
  for ((i = 0; i < runs; i++)); do
    local rc=0
    /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" || rc=$?
    if [[ $rc -gt 1 ]]; then
      echo "  $name: failed (exit $rc): $(tail -n 3 "$work/err")"
      return
    fi
    read -r w u s m < <(tail -n 1 "$work/time")
    walls+=("$w")
    cpus+=("$(awk -v u="$u" -v s="$s" 'BEGIN{printf "%.2f", u+s}')")
    ((m > rss)) && rss=$m
  done
  echo "$rss" > "$work/last_rss"
  local wall cpu
  wall=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
  cpu=$(printf '%s\n' "${cpus[@]}" | sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
  awk -v n="$name" -v w="$wall" -v c="$cpu" -v b="$bytes" -v r="$rss" 'BEGIN{
    mbs = (w > 0) ? b / 1e6 / w : 0
    printf "  %-44s %8.2f s wall %8.2f s cpu %9.1f MB/s %8.1f MB peak RSS\n", n, w, c, mbs, r / 1024 }'
  echo "$wall" > "$work/last_wall"
}

echo "nhi:     $nhi ($("$nhi" --version 2>/dev/null | head -n 1 || echo unknown version))"
echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "repo:    $repo"

# count_findings FORMAT FILE: how many findings a report holds.
count_findings() {
  python3 - "$1" "$2" <<'PY' 2>/dev/null || echo "?"
import json, sys
fmt, path = sys.argv[1], sys.argv[2]
with open(path, encoding="utf-8") as fh:
    data = json.load(fh)
if fmt == "nhi":
    print(len(data["findings"]))
elif fmt == "noseyparker":  # one entry per finding group, each with its matches
    print("%d groups, %d matches" % (len(data), sum(len(g.get("matches", [])) for g in data)))
else:  # gitleaks: a list of findings
    print(len(data))
PY
}

# ratios NAME: wall and peak RSS of the last run against cat-file's.
ratios() {
  awk -v n="$1" -v a="$(cat "$work/last_wall")" -v b="$ref" -v r="$(cat "$work/last_rss")" -v rb="$ref_rss" 'BEGIN{
    if (b > 0 && rb > 0) printf "  %-44s %8.2fx wall (target <= 0.75x) %8.2fx peak RSS (target <= 1.0x)\n", "  " n " / cat-file", a / b, r / rb }'
}

if has history; then
  read -r ncommits ntrees nblobs blob_bytes nobj all_bytes < <(git -C "$repo" cat-file --batch-all-objects --unordered \
    --batch-check='%(objecttype) %(objectsize)' |
    awk '{n++; s+=$2} $1=="commit"{c++} $1=="tree"{t++} $1=="blob"{b++; bs+=$2}
         END{printf "%d %d %d %.0f %d %.0f\n", c, t, b, bs, n, s}')
  nrefs=$(git -C "$repo" for-each-ref | wc -l)
  pack_bytes=$(find "$git_dir/objects/pack" -name '*.pack' -printf '%s\n' 2>/dev/null | awk '{s+=$1} END{printf "%.0f", s}')
  echo
  echo "(a) full history: $nobj objects ($((all_bytes / 1000000)) MB), $nblobs blobs ($((blob_bytes / 1000000)) MB); MB/s over blob bytes"
  echo "  shape: $ncommits commits, $nrefs refs, $ntrees trees, $nblobs blobs, $((blob_bytes / 1000000)) MB of blobs, $((pack_bytes / 1000000)) MB of packs"
  echo "  (objects in the packs, reachable or not; HEAD at $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo none))"
  run "git cat-file --batch-all-objects --unordered" "$blob_bytes" \
    git -C "$repo" cat-file --batch-all-objects --batch --unordered
  ref=$(cat "$work/last_wall" 2>/dev/null || echo 0)
  ref_rss=$(cat "$work/last_rss" 2>/dev/null || echo 0)
  git -C "$repo" cat-file --batch-all-objects --unordered --batch-check='%(objectname) %(objecttype)' |
    awk '$2=="blob"{print $1}' > "$work/blobs"
  run "git cat-file --batch (blobs only, pack order)" "$blob_bytes" \
    sh -c 'git -C "$1" cat-file --batch < "$2"' sh "$repo" "$work/blobs"
  for e in ${engines//,/ }; do
    engine_env "$e"
    run "nhi scan --git (engine: $e)" "$blob_bytes" "${with_engine[@]}" "$nhi" scan --git --allow-incomplete \
      "${rules[@]}" "$repo" --format json -o "$work/nhi.json"
    ratios "nhi ($e)"
    echo "  $(printf '%-44s' "  findings (nhi, $e)") $(count_findings nhi "$work/nhi.json")"
  done
  if [[ -n "$peers" && -x "$peers/noseyparker" ]]; then
    saved=$runs; runs=$peer_runs
    # A fresh datastore per run, as Nosey Parker requires; its path must not be a symlink.
    run "noseyparker scan (peer)" "$blob_bytes" \
      sh -c 'rm -rf "$1"; exec "$2" scan --datastore "$1" "$3"' sh "$work/np.ds" "$peers/noseyparker" "$(readlink -f "$repo")"
    runs=$saved
    ratios "noseyparker"
    "$peers/noseyparker" report --datastore "$work/np.ds" --format json -o "$work/np.json" >/dev/null 2>&1 || true
    echo "  $(printf '%-44s' "  findings (noseyparker)") $(count_findings noseyparker "$work/np.json")"
  elif [[ -n "$peers" ]]; then
    echo "  noseyparker: not in $peers (skipped)"
  fi
  if [[ -n "$peers" && -x "$peers/gitleaks" ]]; then
    saved=$runs; runs=$peer_runs
    run "gitleaks git (peer)" "$blob_bytes" \
      "$peers/gitleaks" git "$repo" --report-format json --report-path "$work/gl.json" --no-banner --log-level error
    runs=$saved
    ratios "gitleaks"
    echo "  $(printf '%-44s' "  findings (gitleaks)") $(count_findings gitleaks "$work/gl.json")"
  elif [[ -n "$peers" ]]; then
    echo "  gitleaks: not in $peers (skipped)"
  fi
fi

if has tree && [[ -n "$tree" ]]; then
  "$nhi" rules list --format patterns > "$work/patterns.re2"
  # Rust's regex syntax refuses RE2's escaped quote \' ; it means a plain '.
  sed "s/\\\\'/'/g" "$work/patterns.re2" > "$work/patterns"
  read -r nfiles tree_bytes < <(find "$tree" -path "$tree/.git" -prune -o -type f -printf '%s\n' |
    awk '{n++; s+=$1} END{printf "%d %.0f\n", n, s}')
  echo
  echo "(b) working tree $tree: $nfiles files ($((tree_bytes / 1000000)) MB); $(wc -l < "$work/patterns") patterns"
  for e in ${engines//,/ }; do
    engine_env "$e"
    run "nhi scan TREE (engine: $e)" "$tree_bytes" "${with_engine[@]}" "$nhi" scan "$tree" --format json -o /dev/null
  done
  if command -v rg >/dev/null; then
    run "rg -f patterns (same regexes)" "$tree_bytes" \
      rg --no-ignore --hidden --glob '!.git' --count --no-messages --multiline \
         --regex-size-limit 2G --dfa-size-limit 2G -f "$work/patterns" "$tree"
  else
    echo "  rg: not installed (apt-get install ripgrep)"
  fi
fi

if has staged; then
  echo
  if git clone -q --no-hardlinks --depth 1 "file://$repo" "$work/staged" 2>/dev/null ||
     git clone -q "$repo" "$work/staged" 2>/dev/null; then
    :
  else
    git init -q "$work/staged"
  fi
  (
    cd "$work/staged"
    git config user.email bench@example.invalid
    git config user.name bench
    mkdir -p bench-staged
    for i in 1 2 3; do
      seq 1 200 | sed "s/^/line $i: value = compute(/; s/$/);/" > "bench-staged/file$i.c"
    done
    echo 'AWS_ACCESS_KEY_ID = "AKIAQ3EGRQK7MPLXN2ZT"  # nhi:allow' >> bench-staged/file1.c
    git add bench-staged
  )
  echo "(c) pre-commit: nhi scan --staged on 3 staged files (scratch clone of the repo)"
  run "nhi scan --staged" 0 "$nhi" scan --staged "$work/staged"
  if command -v hyperfine >/dev/null; then
    hyperfine -N -w 3 -r 20 -i --export-json "$work/h.json" "$nhi scan --staged $work/staged" >/dev/null 2>&1 &&
      python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; print('  hyperfine: mean %.1f ms, min %.1f ms, user %.1f ms, sys %.1f ms (target < 100 ms)' % (r['mean']*1e3, r['min']*1e3, r['user']*1e3, r['system']*1e3))" "$work/h.json"
  fi
fi
