#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Many workers, one PostgreSQL inventory (docs/scale.md): 41 generated
# repositories are scanned once by `nhi scan --repos` into a reference
# inventory and once by 4 `nhi worker`s sharing a queue, one of which is
# SIGKILLed while it scans the large repository and then restarted. Every
# repository must be recorded exactly once, and both inventories must hold the
# same identities in the same states.
#
# Usage: worker_queue_test.sh NHI_BINARY
# With NHI_TEST_POSTGRESQL_URL_FILE set, uses the server whose admin URL that
# file holds; otherwise starts (and stops) a throwaway server of its own.
set -euo pipefail

nhi=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/nhi-worker-queue.XXXXXX)
chmod 755 "$work"
pg_dir=""
declare -A pids=()  # worker name -> pid

cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  if [[ -n $pg_dir ]]; then
    bash "$here/../support/postgres_server.sh" stop "$pg_dir" >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

t0=$(date +%s.%N)
phase() { awk -v t0="$t0" -v t1="$(date +%s.%N)" -v what="$*" 'BEGIN { printf "[%5.1f s] %s\n", t1 - t0, what }'; }

fail() {
  echo "FAIL: $*" >&2
  for log in "$work"/worker-*.log; do
    [[ -f $log ]] && { echo "--- $log" >&2; tail -n 20 "$log" >&2; }
  done
  exit 1
}

# --- The PostgreSQL server -------------------------------------------------
# ctest's postgres_server fixture gives its URL file; run by hand, the script
# starts its own throwaway server with the same harness.
if [[ -n ${NHI_TEST_POSTGRESQL_URL_FILE:-} ]]; then
  admin_url=$(cat "$NHI_TEST_POSTGRESQL_URL_FILE")
else
  pg_dir="$work/pg"
  bash "$here/../support/postgres_server.sh" start "$pg_dir" >/dev/null || fail "the server did not start"
  admin_url=$(cat "$pg_dir/url")
fi
# A fresh database per run, so that a shared server can hold several runs.
suffix="$$_$RANDOM"
db_url() { # NAME: the admin URL with the database NAME
  local rest=${admin_url#postgresql://}
  local auth_host=${rest%%/*} query=""
  [[ $rest == *\?* ]] && query="?${rest#*\?}"
  echo "postgresql://$auth_host/$1$query"
}
for db in ref multi; do
  psql -q "$admin_url" -c "CREATE DATABASE nhi_${db}_$suffix" >/dev/null
done
ref=$(db_url "nhi_ref_$suffix")
multi=$(db_url "nhi_multi_$suffix")
if [[ -z $pg_dir ]]; then
  trap 'for db in ref multi; do psql -q "$admin_url" -c "DROP DATABASE IF EXISTS nhi_${db}_$suffix (FORCE)" >/dev/null 2>&1 || true; done; cleanup' EXIT
fi

phase "server ready"
# --- The repositories -------------------------------------------------------
# Bare repositories written by git fast-import (one process each: the test
# spends its time scanning, not spawning git). Credential-shaped values are
# derived from a seed (none was ever live): AWS key pairs, some shared between
# repositories so that identities merge across them, and the tokens of
# tests/cli/cli_helpers.hpp (valid checksums).
repos="$work/repos"
mkdir -p "$repos"
python3 - "$repos" "$here/cli_helpers.hpp" "$here/../support" <<'PY' || fail "could not generate the repositories"
import os, random, re, sys
repos, helpers = sys.argv[1], open(sys.argv[2]).read()
sys.path.insert(0, sys.argv[3])
from git_fixtures import aws_pair, make_repository, plain_text
const = lambda name: re.search(name + r' = "([^"]+)"', helpers).group(1)
github, slack, stripe = const("kGithubToken"), const("kSlackToken"), const("kStripeKey")
make = lambda name, commits: make_repository(os.path.join(repos, name), commits)
for i in range(1, 41):
    commits = [("first", {"README.md": f"Repository {i}\n", "credentials": aws_pair(f"shared-{i % 8}")})]
    if i % 3:
        deploy = "[own]\n" + aws_pair(f"own-{i}") + (f"GITHUB_TOKEN={github}\n" if i % 5 == 0 else "")
        commits.append(("deploy", {"deploy.ini": deploy}))
    if i % 4 == 0:
        commits.append(("integrations", {"slack.env": f"SLACK_BOT_TOKEN={slack}\n" + (f"STRIPE_KEY={stripe}\n" if i % 8 == 0 else "")}))
    make(f"repo-{i:02d}", commits)
# The large one, first in the queue: scanning it takes a while, so that its
# worker can be killed in the middle of it. Lowercase words and spaces only:
# nothing in it looks like a credential.
rng = random.Random(41)  # seeded: the same corpus, hence the same identities, every run
data = {f"data-{n}.txt": plain_text(rng, 8_000_000) for n in range(4)}
data["credentials"] = aws_pair("big")
make("000-big", [("data", data)])
PY
[[ $(ls "$repos" | wc -l) == 41 ]] || fail "expected 41 repositories"
phase "41 repositories generated"
# --- Single worker reference -----------------------------------------------
set +e
"$nhi" scan --repos "$repos" --inventory "$ref" --quiet 2>"$work/ref.log"
rc=$?
set -e
((rc == 0 || rc == 1)) || { cat "$work/ref.log" >&2; fail "reference scan exited $rc"; }

phase "reference recorded by one worker"
# --- 4 workers, one killed in the middle of 000-big ---------------------------
"$nhi" queue add "$repos" --batch b --inventory "$multi" >/dev/null
start_worker() { # NAME
  "$nhi" worker --batch b --inventory "$multi" --name "$1" 2>>"$work/worker-$1.log" &
  pids[$1]=$!
}
for w in w1 w2 w3 w4; do start_worker "$w"; done

victim=""
for _ in $(seq 1 1500); do
  victim=$(grep -l 'scanning .*/000-big$' "$work"/worker-w*.log 2>/dev/null | head -n 1 || true)
  [[ -n $victim ]] && break
  sleep 0.02
done
[[ -n $victim ]] || fail "no worker started scanning 000-big within 30 s"
victim=$(basename "$victim" .log)
victim=${victim#worker-}
kill -9 "${pids[$victim]}"
wait "${pids[$victim]}" 2>/dev/null || true
unset "pids[$victim]"

state_of_big() {
  "$nhi" queue status --batch b -f json --inventory "$multi" |
    python3 -c 'import json,sys; print(next(u["state"] for u in json.load(sys.stdin)["units"] if u["repository"].endswith("/000-big")))'
}
big_state=$(state_of_big)
[[ $big_state == pending ]] ||
  fail "000-big is '$big_state' right after its worker $victim was killed: it finished before the kill (make it larger?) or was recorded by a dead worker"

phase "worker $victim killed while scanning 000-big, which is still pending; restarting it"
start_worker "$victim"
for w in "${!pids[@]}"; do
  set +e
  wait "${pids[$w]}"
  rc=$?
  set -e
  # 0, or 1 when the worker's repositories had findings.
  ((rc == 0 || rc == 1)) || fail "worker $w exited $rc"
  unset "pids[$w]"
done

phase "all workers done"
# --- Assertions -------------------------------------------------------------
"$nhi" queue status --batch b -f json --inventory "$multi" >"$work/status.json"
"$nhi" inventory snapshots -f json --inventory "$multi" >"$work/multi-snapshots.json"
"$nhi" inventory list -f json --inventory "$multi" >"$work/multi-list.json"
"$nhi" inventory list -f json --inventory "$ref" >"$work/ref-list.json"

python3 - "$work" <<'PY' || fail "the multi-worker inventory is not what one worker recorded"
import json, os, sys
work = sys.argv[1]
load = lambda name: json.load(open(os.path.join(work, name)))
problems = []
units = load("status.json")["units"]
if len(units) != 41:
    problems.append(f"{len(units)} units in the batch, expected 41")
for u in units:
    if u["state"] != "done" or u["attempts"] != 1:
        problems.append(f"{u['repository']}: state {u['state']}, attempts {u['attempts']}, worker {u.get('worker')}, error {u.get('error')!r}")
snaps = load("multi-snapshots.json")
snaps = snaps["snapshots"] if isinstance(snaps, dict) else snaps
targets = {}
for s in snaps:
    targets.setdefault(s["target"], []).append(s["id"])
if len(snaps) != 41:
    problems.append(f"{len(snaps)} snapshots, expected 41")
for t, ids in targets.items():
    if len(ids) != 1:
        problems.append(f"target {t}: {len(ids)} snapshots {ids}")
unit_snaps = sorted(u["snapshot"] for u in units)
if len(set(unit_snaps)) != len(unit_snaps):
    problems.append(f"units share snapshots: {unit_snaps}")
def identities(name):
    doc = load(name)
    return doc["identities"] if isinstance(doc, dict) else doc
multi, ref = identities("multi-list.json"), identities("ref-list.json")
if len(multi) != len(ref) or not ref:
    problems.append(f"{len(multi)} identities with 4 workers, {len(ref)} with one")
# The generated AWS pairs: 8 shared, 27 repositories' own, the large one's.
aws_ids = {x for i in ref if i["provider"] == "aws" for x in i["external_ids"] if x.startswith("AKIA")}
if len(aws_ids) != 36:
    problems.append(f"{len(aws_ids)} AWS key ids among one worker's identities, expected 36")
for p in problems:
    print("  " + p, file=sys.stderr)
sys.exit(1 if problems else 0)
PY

set +e
"$nhi" inventory compare "$ref" --inventory "$multi" >"$work/compare.txt" 2>&1
rc=$?
set -e
((rc == 0)) || { cat "$work/compare.txt" >&2; fail "inventory compare exited $rc"; }
echo "ok: 41 repositories, 4 workers (one killed in 000-big and restarted), $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["identities"] if isinstance(d, dict) else d))' "$work/ref-list.json") identities as with one worker"
