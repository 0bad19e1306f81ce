#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The CI and pre-commit examples as people copy them: valid YAML, no reference
# to a tag that does not exist, refs pinned to commit ids, the pre-commit
# manifest within what pre-commit 3.0.4 accepts.
#   examples_lint.sh SOURCE_DIR
set -euo pipefail
src=$1
python3 - "$src" <<'PY'
import os, re, subprocess, sys
import yaml

src = sys.argv[1]
errors = []
def err(msg): errors.append(msg)

tags = set()
try:
    tags = set(subprocess.run(["git", "-C", src, "tag"], capture_output=True, text=True).stdout.split())
except OSError:
    pass

files = ["action.yml", ".pre-commit-hooks.yaml", "examples/ci/github-actions.yml", "examples/ci/gitlab-ci.yml",
         "examples/ci/github-actions-workers.yml", "examples/kubernetes/nhi-enqueue-job.yaml",
         "examples/kubernetes/nhi-worker-job.yaml"]
docs = {}
for f in files:
    with open(os.path.join(src, f), encoding="utf-8") as fh:
        text = fh.read()
    docs[f] = text
    try:
        yaml.safe_load(text)
    except yaml.YAMLError as e:
        err(f"{f}: invalid YAML: {e}")

# No version tag is named unless it exists.
for f in files + ["README.md", "examples/ci/README.md", "docs/cli.md", "docs/migrating.md", "docs/scale.md"]:
    path = os.path.join(src, f)
    if not os.path.exists(path):
        continue
    text = open(path, encoding="utf-8").read()
    for m in re.finditer(r"(?:rev:|NHI_REF:|@)\s*[\"']?(v\d+\.\d+\.\d+)", text):
        if m.group(1) not in tags:
            err(f"{f}: names the tag {m.group(1)}, which does not exist")
    # Third-party actions pinned to full commit ids.
    for m in re.finditer(r"uses:\s*([\w.-]+/[\w./-]+)@(\S+)", text):
        if not re.fullmatch(r"[0-9a-f]{40}", m.group(2)) and m.group(2) != "COMMIT_SHA":
            err(f"{f}: action {m.group(1)} is not pinned to a commit id ({m.group(2)})")

# CI examples: NHI_REF must be a commit id, checked before use; no `clone --branch` of it.
for f in ("examples/ci/github-actions.yml", "examples/ci/gitlab-ci.yml", "examples/ci/github-actions-workers.yml"):
    text = docs[f]
    if "--branch \"$NHI_REF\"" in text:
        err(f"{f}: clones NHI_REF as a branch or tag name")
    if "[0-9a-f]{40}" not in text:
        err(f"{f}: does not check that NHI_REF is a full commit id")

# GitLab: the secret-detection report, and a merge-request base that is not all zeros.
gl = yaml.safe_load(docs["examples/ci/gitlab-ci.yml"])
job = gl.get("nhi-secrets", {}) if isinstance(gl, dict) else {}
reports = (job.get("artifacts") or {}).get("reports") or {}
script = "\n".join(job.get("script") or [])
if "secret_detection" not in reports:
    err("gitlab-ci.yml: no artifacts:reports:secret_detection")
elif "--format gitlab" not in script or reports["secret_detection"] not in script:
    err("gitlab-ci.yml: the secret_detection report is not what nhi writes (--format gitlab -o FILE)")
if "CI_MERGE_REQUEST_DIFF_BASE_SHA" not in script:
    err("gitlab-ci.yml: merge-request pipelines (CI_COMMIT_BEFORE_SHA all zeros) scan the whole history")
for f in ("action.yml", "examples/ci/github-actions.yml", "examples/ci/gitlab-ci.yml"):
    if len(re.findall(r"^\s*nhi scan ", docs[f], re.M)) > 1:
        err(f"{f}: scans twice (the summary goes to stderr with -o)")

# Many workers (docs/scale.md): the matrix shares one batch queued before it; the
# Kubernetes workers are a work-queue Job (parallelism, no completions) restarted on
# failure, with the inventory URL from a Secret, never inline.
gw = yaml.safe_load(docs["examples/ci/github-actions-workers.yml"]) or {}
gjobs = gw.get("jobs") or {}
wjob = gjobs.get("workers") or {}
wrun = "\n".join(st.get("run", "") for st in wjob.get("steps") or [])
if "enqueue" not in gjobs or "nhi queue add" not in "\n".join(st.get("run", "") for st in gjobs["enqueue"].get("steps") or []):
    err("github-actions-workers.yml: no enqueue job running nhi queue add")
if wjob.get("needs") != "enqueue" or not ((wjob.get("strategy") or {}).get("matrix")):
    err("github-actions-workers.yml: the workers are not a matrix that needs the enqueue job")
if "nhi worker --batch \"$NHI_BATCH\"" not in wrun:
    err("github-actions-workers.yml: the workers do not share the batch")
for f in ("examples/kubernetes/nhi-enqueue-job.yaml", "examples/kubernetes/nhi-worker-job.yaml"):
    job = yaml.safe_load(docs[f]) or {}
    spec = job.get("spec") or {}
    pod = (spec.get("template") or {}).get("spec") or {}
    if job.get("apiVersion") != "batch/v1" or job.get("kind") != "Job":
        err(f"{f}: not a batch/v1 Job")
    if pod.get("restartPolicy") != "OnFailure":
        err(f"{f}: restartPolicy is not OnFailure")
    if "postgresql://" in yaml.safe_dump(pod):
        err(f"{f}: the inventory URL is inline, not from a Secret")
    for c in pod.get("containers") or []:
        envs = {e.get("name"): e for e in c.get("env") or []}
        if "secretKeyRef" not in (envs.get("NHI_INVENTORY", {}).get("valueFrom") or {}):
            err(f"{f}: NHI_INVENTORY does not come from a Secret")
worker = yaml.safe_load(docs["examples/kubernetes/nhi-worker-job.yaml"]) or {}
wspec = worker.get("spec") or {}
if wspec.get("parallelism") != 4 or "completions" in wspec or wspec.get("completionMode") == "Indexed":
    err("nhi-worker-job.yaml: not the work-queue pattern (parallelism 4, completions unset)")
wargs = " ".join(((wspec.get("template") or {}).get("spec") or {}).get("containers", [{}])[0].get("args") or [])
if not wargs.startswith("worker --batch"):
    err("nhi-worker-job.yaml: the container does not run nhi worker --batch")

# The pre-commit manifest: the keys and stage names pre-commit 3.0.4 knows.
hooks = yaml.safe_load(docs[".pre-commit-hooks.yaml"])
known_keys = {"id", "name", "entry", "language", "alias", "files", "exclude", "types", "types_or",
              "exclude_types", "additional_dependencies", "args", "always_run", "fail_fast",
              "pass_filenames", "description", "language_version", "log_file", "minimum_pre_commit_version",
              "require_serial", "stages", "verbose"}
stages_304 = {"commit", "merge-commit", "push", "prepare-commit-msg", "commit-msg", "post-checkout",
              "post-commit", "post-merge", "post-rewrite", "manual"}
if not isinstance(hooks, list) or not hooks:
    err(".pre-commit-hooks.yaml: not a list of hooks")
for h in hooks or []:
    for k in h:
        if k not in known_keys:
            err(f".pre-commit-hooks.yaml: unknown key {k}")
    for s in h.get("stages", []):
        if s not in stages_304:
            err(f".pre-commit-hooks.yaml: stage {s!r} is rejected by pre-commit 3.0.4")
    if "--baseline" not in h.get("entry", "") and "hook run" not in h.get("entry", ""):
        err(".pre-commit-hooks.yaml: the hook does not honour a committed baseline")

for e in errors:
    print("FAIL:", e)
sys.exit(1 if errors else 0)
PY
# Run the GitLab job's script in a scratch repository with a stand-in `nhi`
# that records its arguments: a merge-request pipeline (before SHA all zeros)
# scans from the merge request's base, a push from the previous tip.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
export HOME="$work/home"
mkdir -p "$HOME" "$work/bin" "$work/repo"
printf '#!/bin/sh\necho "$@" > "%s/args"\n' "$work" > "$work/bin/nhi"
chmod +x "$work/bin/nhi"
python3 -c 'import sys, yaml; print("\n".join(yaml.safe_load(open(sys.argv[1]))["nhi-secrets"]["script"]))' \
  "$src/examples/ci/gitlab-ci.yml" > "$work/script.sh"
cd "$work/repo"
git init -q . && git -c user.name=t -c user.email=t@e commit -q --allow-empty -m one
first=$(git rev-parse HEAD)
git -c user.name=t -c user.email=t@e commit -q --allow-empty -m two
zeros=0000000000000000000000000000000000000000
PATH="$work/bin:$PATH" CI_MERGE_REQUEST_DIFF_BASE_SHA=$first CI_COMMIT_BEFORE_SHA=$zeros sh "$work/script.sh"
grep -q -- "--range $first..HEAD" "$work/args" || { echo "FAIL: MR pipeline: $(cat "$work/args")"; exit 1; }
grep -q -- "--format gitlab -o gl-secret-detection-report.json" "$work/args" || { echo "FAIL: $(cat "$work/args")"; exit 1; }
PATH="$work/bin:$PATH" CI_COMMIT_BEFORE_SHA=$first sh "$work/script.sh"
grep -q -- "--range $first..HEAD" "$work/args" || { echo "FAIL: push pipeline: $(cat "$work/args")"; exit 1; }
PATH="$work/bin:$PATH" CI_COMMIT_BEFORE_SHA=$zeros sh "$work/script.sh"
if grep -q -- "--range" "$work/args"; then echo "FAIL: all-zeros base used: $(cat "$work/args")"; exit 1; fi
echo "examples lint: ok"
