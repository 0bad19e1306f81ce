#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Workers x repositories/minute against one PostgreSQL server on this machine,
# and the inventory's size per identity (docs/scale.md).
#
# Usage: bench/workers.sh NHI_BINARY [REPOSITORIES]   (default 200)
# Generates REPOSITORIES small git repositories, then for 1, 2 and 4 workers
# queues them all in a fresh database and times `nhi worker`s until the queue
# is empty. With NHI_BENCH_POSTGRESQL_URL (an admin URL) uses that server;
# otherwise starts a throwaway one (unprivileged, local socket) and stops it.
# Prints a markdown table. Not part of the test suite.
set -euo pipefail

nhi=$(realpath "$1")
count=${2:-200}
work=$(mktemp -d /tmp/nhi-bench-workers.XXXXXX)
chmod 755 "$work"
pg_dir=""
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u nobody -- "$@"; else "$@"; fi; }
cleanup() {
  [[ -n $pg_dir ]] && as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

if [[ -n ${NHI_BENCH_POSTGRESQL_URL:-} ]]; then
  admin_url=$NHI_BENCH_POSTGRESQL_URL
else
  pg_dir="$work/pg"
  mkdir "$pg_dir"
  [[ $(id -u) == 0 ]] && chown nobody "$pg_dir"
  port=$((20000 + RANDOM % 20000))
  as_pg "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U nhi --no-sync -E UTF8 >/dev/null
  # fsync stays on: a benchmark measures the server as it would run.
  as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -o "-c listen_addresses='' -k $pg_dir -p $port" \
    -l "$pg_dir/log" start -w >/dev/null
  admin_url="postgresql://nhi@/postgres?host=$pg_dir&port=$port"
fi
db_url() { # NAME: the admin URL with the database NAME
  local rest=${admin_url#postgresql://} query=""
  [[ $rest == *\?* ]] && query="?${rest#*\?}"
  echo "postgresql://${rest%%/*}/$1$query"
}

# The corpus: COUNT bare repositories of 3 commits each, 20 files of ~4 KB of
# random lowercase text per commit, and 2 AWS key pairs per repository (one
# of 50 shared pairs and one of its own). Values derived from a seed, never live.
repos="$work/repos"
mkdir -p "$repos"
python3 - "$repos" "$count" "$(dirname "$0")/../tests/support" <<'PY'
import os, random, sys
repos, count = sys.argv[1], int(sys.argv[2])
sys.path.insert(0, sys.argv[3])
from git_fixtures import aws_pair, make_repository, plain_text
rng = random.Random(7)
for i in range(count):
    commits = []
    for c in range(3):
        files = {f"src/file-{f:02d}.txt": plain_text(rng, 4096) for f in range(20)}
        if c == 0: files["config/shared.ini"] = aws_pair(f"shared-{i % 50}", "bench")
        if c == 1: files["config/own.ini"] = aws_pair(f"own-{i}", "bench")
        commits.append((f"commit {c} of {i}", files))
    make_repository(os.path.join(repos, f"repo-{i:04d}"), commits, 1700000000 + i)
PY

now() { date +%s.%N; }
sql() { psql -qAt "$1" -c "$2"; }
echo "| workers | repositories | seconds | repositories/minute | identities | database size | bytes per identity (over an empty inventory) |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
for workers in 1 2 4; do
  db="nhi_bench_${workers}_$$"
  sql "$admin_url" "CREATE DATABASE $db" >/dev/null
  url=$(db_url "$db")
  "$nhi" queue add "$repos" --batch bench --inventory "$url" >/dev/null
  empty=$(sql "$url" "SELECT pg_database_size(current_database())")
  start=$(now)
  pids=()
  for w in $(seq 1 "$workers"); do
    "$nhi" worker --quiet --batch bench --inventory "$url" --name "w$w" 2>"$work/w$w.log" &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || (($? == 1)) || { cat "$work"/w*.log >&2; exit 1; }; done
  seconds=$(awk -v a="$start" -v b="$(now)" 'BEGIN { print b - a }')
  done_units=$("$nhi" queue status --batch bench -f json --inventory "$url" |
    python3 -c 'import json,sys; print(sum(u["state"] == "done" for u in json.load(sys.stdin)["units"]))')
  [[ $done_units == "$count" ]] || { echo "only $done_units of $count done" >&2; exit 1; }
  identities=$("$nhi" inventory list -f json --inventory "$url" |
    python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d["identities"] if isinstance(d, dict) else d))')
  sql "$url" "VACUUM ANALYZE" >/dev/null
  size=$(sql "$url" "SELECT pg_database_size(current_database())")
  awk -v w="$workers" -v n="$count" -v s="$seconds" -v i="$identities" -v size="$size" -v empty="$empty" \
    'BEGIN { printf "| %d | %d | %.1f | %.0f | %d | %.1f MB | %.0f |\n", w, n, s, n * 60 / s, i, size / 1048576, (size - empty) / i }'
  sql "$admin_url" "DROP DATABASE $db" >/dev/null
done
