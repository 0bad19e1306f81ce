#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The pre-commit framework (Debian's `pre-commit`) with this repository's
# .pre-commit-hooks.yaml, as a user copies it: the manifest is accepted, a
# staged secret blocks the commit, `nhi:allow` lets it through, and a
# committed .nhi-baseline.json is honoured.
#   pre_commit_framework.sh NHI_BINARY SOURCE_DIR
set -euo pipefail
nhi=$1 src=$2
command -v pre-commit >/dev/null || { echo "pre-commit is not installed (scripts/deps.sh installs it)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY GIT_COMMON_DIR
export PRE_COMMIT_HOME="$work/cache" HOME="$work/home"
mkdir -p "$HOME" "$work/bin"
ln -s "$nhi" "$work/bin/nhi"
export PATH="$work/bin:$PATH"
git config --global user.name tester
git config --global user.email tester@example.com
git config --global init.defaultBranch main

# The hook repository: this repository's manifest at a commit.
git init -q "$work/hooks"
cp "$src/.pre-commit-hooks.yaml" "$work/hooks/"
git -C "$work/hooks" add .pre-commit-hooks.yaml
git -C "$work/hooks" commit -q -m hooks
rev=$(git -C "$work/hooks" rev-parse HEAD)

git init -q "$work/project"
cd "$work/project"
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: file://$work/hooks
    rev: $rev
    hooks:
      - id: nhi
YAML
git add .pre-commit-config.yaml
git commit -q -m config
pre-commit install >/dev/null

fail() { echo "FAIL: $*"; exit 1; }
# A random value in the shape of a GitHub token (valid checksum), never live.
token=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

echo "token = \"$token\"" > app.py
git add app.py
if git commit -q -m secret >"$work/log" 2>&1; then cat "$work/log"; fail "a staged secret was committed"; fi
grep -q "github-pat-classic" "$work/log" || { cat "$work/log"; fail "the blocked commit does not name the rule"; }
grep -qi "InvalidManifestError" "$work/log" && fail "the manifest was rejected"

echo "token = \"$token\"  # nhi:allow" > app.py
git add app.py
git commit -q -m allowed >"$work/log" 2>&1 || { cat "$work/log"; fail "nhi:allow did not let the commit through"; }

# A baseline of what is there today, committed, accepts that secret.
echo "other = \"$token\"" > other.py
git add other.py
if git commit -q -m other >/dev/null 2>&1; then fail "the secret in other.py was committed"; fi
nhi baseline create -o .nhi-baseline.json other.py >/dev/null 2>&1
git add .nhi-baseline.json other.py
git commit -q -m baseline >"$work/log" 2>&1 || { cat "$work/log"; fail "the committed baseline was not honoured"; }

# A new secret still fails.
echo "x = \"sk_live_KtHF4vUCsMehGAkWvj7FAc9Q\"" > pay.py
git add pay.py
if git commit -q -m pay >"$work/log" 2>&1; then fail "a new secret passed with a baseline present"; fi
echo "pre-commit framework: ok ($(pre-commit --version))"
