#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Precision of nhi on real repositories, by hand triage of a random sample.

The script fetches nothing: give it local clones (bare or not) of public
repositories. Four steps:

  scan    scan each repository's history (--git) or working tree and write
          one JSON line per finding (no secret: path, line, rule, fingerprint)
          bench/real_repos.py scan --nhi build/cli/nhi --out f.jsonl REPO...
  sample  draw N findings at random (seeded, so the draw can be repeated) and
          write a triage sheet, TSV, with an empty verdict column
          bench/real_repos.py sample f.jsonl --n 100 --seed 1 --out sheet.tsv
                                     [--verdicts earlier-sheet.tsv]
  show    print each sampled finding with the lines around it, read from the
          repository (locally, for the person triaging; never committed)
          bench/real_repos.py show sheet.tsv --repos DIR
  score   count the verdicts: precision overall and per class of rule
          bench/real_repos.py score sheet.tsv

and two to measure a fix against a triaged sample:

  rescore the same verdicts restricted to the rows a new scan still reports
          (a row is the same finding when repository, blob, line and rule
          agree; the path a blob is first seen at may change between scans);
          rows gone are listed unless their verdict was not-secret
          bench/real_repos.py rescore sheet.tsv --findings after.jsonl
  compare the findings of two scans of the same repositories: counts, and
          each finding gone or new (to be read by hand: nothing right lost)
          bench/real_repos.py compare before.jsonl after.jsonl

Verdicts (docs/accuracy.md, "Real repositories"):
  secret      a credential in a valid format that someone could use or could
              have used (live or not: a scanner cannot know)
  fixture     a test or documentation credential in a valid format (counts as
              correct, as the issue defines precision)
  not-secret  not a credential at all (a hash, an id, a variable, code)
"""
import argparse
import csv
import json
import os
import random
import re
import subprocess
import sys
from collections import Counter, defaultdict

from peer_cases import generic_rules

COLUMNS = ["repo", "commit", "blob", "path", "line", "rule_id", "class", "fingerprint", "verdict", "note"]
CORRECT = {"secret", "fixture"}
VERDICTS = CORRECT | {"not-secret"}


def rule_classes(nhi, patterns):
    """Rule id -> 'generic', 'url' or 'provider': generic rules are those marked
    `generic: true` in our patterns; url are credentials in URLs and command
    lines (patterns/urls.yaml, connection URIs)."""
    generic = generic_rules(patterns)
    with open(os.path.join(patterns, "urls.yaml"), encoding="utf-8") as fh:
        url_rules = set(re.findall(r"^\s*-\s+id:\s*['\"]?([a-z0-9-]+)", fh.read(), re.M))
    out = subprocess.run([nhi, "rules", "list"], capture_output=True, text=True, check=True)
    classes = {}
    for line in out.stdout.splitlines():
        rid = line.split("\t")[0]
        if rid in generic:
            classes[rid] = "generic"
        elif rid in url_rules or rid.endswith(("-connection-uri", "-uri")):
            classes[rid] = "url"
        else:
            classes[rid] = "provider"
    return classes


def cmd_scan(a):
    classes = rule_classes(a.nhi, a.patterns)
    with open(a.out, "w") as out:
        for repo in a.repos:
            name = os.path.basename(os.path.normpath(repo))
            if name == "repo":  # the mirrors' layout: owner+name/repo
                name = os.path.basename(os.path.dirname(os.path.normpath(repo)))
            # Mirrors may lack their largest blobs: what could not be read is
            # counted and printed, and does not stop the measurement.
            args = [a.nhi, "scan", "--quiet", "--allow-incomplete", "--format", "json"]
            if not a.tree:
                args.append("--git")
            proc = subprocess.run(args + [repo], capture_output=True, text=True)
            if proc.returncode not in (0, 1):
                sys.exit("nhi failed on %s: %s" % (repo, proc.stderr.strip()))
            report = json.loads(proc.stdout)
            findings = report["findings"]
            for f in findings:
                row = {"repo": name, "commit": f.get("commit", ""), "blob": f.get("blob", ""),
                       "path": f["path"], "line": f["line"], "rule_id": f["rule_id"],
                       "class": classes.get(f["rule_id"], "provider"), "fingerprint": f["fingerprint"][:16]}
                out.write(json.dumps(row) + "\n")
            print("%-45s %5d findings, %d items not read" % (name, len(findings), report["stats"].get("incomplete", 0)),
                  file=sys.stderr)


def cmd_sample(a):
    rows = [json.loads(l) for l in open(a.findings)]
    # One finding per (repo, fingerprint): the same secret in 40 versions of a
    # file is one decision, and would otherwise dominate the draw.
    seen, unique = set(), []
    for r in rows:
        key = (r["repo"], r["fingerprint"])
        if key not in seen:
            seen.add(key)
            unique.append(r)
    rng = random.Random(a.seed)
    picked = rng.sample(unique, min(a.n, len(unique)))
    picked.sort(key=lambda r: (r["repo"], r["path"], r["line"]))
    # Verdicts already given to the same secret in an earlier sheet carry over.
    known = {}
    for sheet in a.verdicts or []:
        for r in read_sheet(sheet):
            if r.get("verdict"):
                known[(r["repo"], r["fingerprint"])] = (r["verdict"], r["note"])
    carried = 0
    with open(a.out, "w", newline="") as out:
        w = csv.DictWriter(out, COLUMNS, delimiter="\t", extrasaction="ignore")
        w.writeheader()
        for r in picked:
            verdict, note = known.get((r["repo"], r["fingerprint"]), ("", ""))
            carried += bool(verdict)
            w.writerow(dict(r, verdict=verdict, note=note))
    print("%d findings, %d unique secrets, %d sampled, %d verdicts carried over"
          % (len(rows), len(unique), len(picked), carried), file=sys.stderr)


def read_sheet(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def cmd_show(a):
    for i, r in enumerate(read_sheet(a.sheet)):
        repo = os.path.join(a.repos, r["repo"])
        if os.path.isdir(os.path.join(repo, "repo")):
            repo = os.path.join(repo, "repo")
        if r["blob"]:
            text = subprocess.run(["git", "-C", repo, "cat-file", "-p", r["blob"]],
                                  capture_output=True).stdout.decode("utf-8", "replace")
        else:
            with open(os.path.join(repo, r["path"]), "rb") as f:
                text = f.read().decode("utf-8", "replace")
        lines = text.split("\n")
        n = int(r["line"])
        print("=== %d %s %s:%s %s [%s] %s" % (i, r["repo"], r["path"], n, r["rule_id"], r["class"], r["verdict"]))
        for k in range(max(1, n - a.context), min(len(lines), n + a.context) + 1):
            print("%s%5d  %s" % (">" if k == n else " ", k, lines[k - 1][:220]))


def finding_key(r):
    """What makes two scans' rows the same finding."""
    return (r["repo"], r["blob"], int(r["line"]), r["rule_id"])


def read_findings(path):
    with open(path) as f:
        return [json.loads(l) for l in f]


def print_score(rows):
    by_class = defaultdict(Counter)
    for r in rows:
        by_class[r["class"]][r["verdict"]] += 1
        by_class["all"][r["verdict"]] += 1
    print("%-9s %6s %7s %8s %11s %10s" % ("class", "sample", "secret", "fixture", "not-secret", "precision"))
    for cls in sorted(by_class, key=lambda c: (c == "all", c)):
        c = by_class[cls]
        n = sum(c.values())
        ok = sum(c[v] for v in CORRECT)
        print("%-9s %6d %7d %8d %11d %10.3f" % (cls, n, c["secret"], c["fixture"], c["not-secret"], ok / n))
    wrong = Counter(r["rule_id"] for r in rows if r["verdict"] == "not-secret")
    if wrong:
        print("not-secret by rule: " + ", ".join("%s %d" % kv for kv in wrong.most_common()))


def judged_sheet(path):
    rows = read_sheet(path)
    bad = [r for r in rows if r["verdict"] not in VERDICTS]
    if bad:
        sys.exit("%d rows without a verdict (%s)" % (len(bad), ", ".join(sorted(VERDICTS))))
    return rows


def cmd_score(a):
    print_score(judged_sheet(a.sheet))


def cmd_rescore(a):
    rows = judged_sheet(a.sheet)
    reported = {finding_key(f) for f in read_findings(a.findings)}
    kept = [r for r in rows if finding_key(r) in reported]
    gone = [r for r in rows if finding_key(r) not in reported]
    for r in gone:
        if r["verdict"] != "not-secret":
            print("gone, judged %s: %s %s:%s %s  %s" % (r["verdict"], r["repo"], r["path"], r["line"], r["rule_id"],
                                                       r["note"][:80]))
    print("%d of %d rows still reported; gone by verdict: %s"
          % (len(kept), len(rows), dict(Counter(r["verdict"] for r in gone))))
    if kept:
        print_score(kept)


def cmd_compare(a):
    before = {finding_key(f): f for f in read_findings(a.before)}
    after = {finding_key(f): f for f in read_findings(a.after)}
    repos = {k[0] for k in after}  # a repository the second scan left out is not compared
    before = {k: f for k, f in before.items() if k[0] in repos}
    gone = sorted((f for k, f in before.items() if k not in after), key=finding_key)
    new = sorted((f for k, f in after.items() if k not in before), key=finding_key)
    print("%d findings before, %d after (repositories in both): %d gone, %d new" % (len(before), len(after), len(gone),
                                                                                   len(new)))
    for tag, rows in (("gone", gone), ("new", new)):
        for f in rows:
            print("%s %s %s %s:%s %s" % (tag, f["repo"], f["rule_id"], f["path"], f["line"], f["blob"][:12]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("scan")
    s.add_argument("--nhi", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "build", "cli", "nhi"))
    s.add_argument("--patterns", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "patterns"),
                   help="our rules, to tell generic rules from provider rules")
    s.add_argument("--tree", action="store_true", help="scan working trees instead of history")
    s.add_argument("--out", required=True)
    s.add_argument("repos", nargs="+")
    s = sub.add_parser("sample")
    s.add_argument("findings")
    s.add_argument("--n", type=int, default=100)
    s.add_argument("--seed", type=int, default=1)
    s.add_argument("--out", required=True)
    s.add_argument("--verdicts", action="append", help="an earlier sheet whose verdicts carry over by secret (repeatable)")
    s = sub.add_parser("show")
    s.add_argument("sheet")
    s.add_argument("--repos", required=True, help="directory holding the clones, by the names in the sheet")
    s.add_argument("--context", type=int, default=3)
    s = sub.add_parser("score")
    s.add_argument("sheet")
    s = sub.add_parser("rescore")
    s.add_argument("sheet")
    s.add_argument("--findings", required=True, help="a later scan of the same repositories")
    s = sub.add_parser("compare")
    s.add_argument("before")
    s.add_argument("after")
    a = ap.parse_args()
    {"scan": cmd_scan, "sample": cmd_sample, "show": cmd_show, "score": cmd_score, "rescore": cmd_rescore,
     "compare": cmd_compare}[a.cmd](a)


if __name__ == "__main__":
    main()
