#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Deterministic synthetic corpus for bench/run.sh: a git repository with many
commits and blobs, and a working tree, with secrets planted at known places.

    gen_corpus.py repo  OUT_DIR [--commits N] [--files N] [--edits N] [--seed S] [--from DIR]
    gen_corpus.py tree  OUT_DIR [--files N] [--seed S] [--from DIR]

Content is either generated text that looks like source code, or (--from DIR)
the text files of a local directory such as /usr/include, which gives real-world
byte statistics. Nothing is fetched. The same arguments give the same bytes
(and, for `repo`, the same commit ids: dates and authors are fixed).

The history is written with `git fast-import` and then repacked
(`git repack -adf --window=50 --depth=50`), so objects are deltified in a
pack as in a real repository. Planted secrets are the positive examples of the
rules in patterns/*.yaml: some stay in HEAD, some are removed by a later commit
(history only), and the list is written to OUT_DIR.planted.txt.
"""
import argparse
import os
import random
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PATTERNS = os.path.join(HERE, "..", "patterns")

WORDS = ("buffer count index value result status config option handler request response client server "
         "stream parser token context session record entry table cache queue worker thread lock mutex "
         "string vector map list node tree path file name size length offset begin end error message "
         "timeout retry backend frontend service account region bucket object version update delete "
         "insert select create destroy init close open read write flush reset start stop").split()


def rule_examples():
    """Positive examples ('examples:' items) of every rule file, in file order."""
    out = []
    for name in sorted(os.listdir(PATTERNS)):
        if not name.endswith(".yaml"):
            continue
        mode = None
        with open(os.path.join(PATTERNS, name), encoding="utf-8") as f:
            for line in f:
                s = line.strip()
                if s.startswith("examples:"):
                    mode = "pos"
                    continue
                if s.endswith(":") and not s.startswith("- "):
                    mode = None
                    continue
                if re.match(r"^[a-z_]+:", s):
                    mode = None
                    continue
                if mode == "pos" and s.startswith("- '") and s.endswith("'"):
                    ex = s[3:-1].replace("''", "'")
                    if "\\n" not in ex and len(ex) < 400:
                        out.append(ex)
    return out


def fake_source(rng, lines):
    out = []
    indent = 0
    for _ in range(lines):
        r = rng.random()
        w = [rng.choice(WORDS) for _ in range(rng.randint(3, 6))]
        if r < 0.08:
            out.append("  " * indent + "// " + " ".join(w))
        elif r < 0.15 and indent < 4:
            out.append("  " * indent + "if (%s_%s != %d) {" % (w[0], w[1], rng.randint(0, 4096)))
            indent += 1
        elif r < 0.25 and indent > 0:
            indent -= 1
            out.append("  " * indent + "}")
        elif r < 0.32:
            out.append("")
        else:
            out.append("  " * indent + "%s = %s(%s);" % ("_".join(w[:2]), w[2], ", ".join(w[3:]) or "0"))
    while indent > 0:
        indent -= 1
        out.append("  " * indent + "}")
    return "\n".join(out) + "\n"


def seed_files(rng, src, want):
    """Up to `want` (relative path, bytes) text files from `src`, in sorted order, sampled deterministically."""
    found = []
    for root, dirs, files in os.walk(src):
        dirs.sort()
        for f in sorted(files):
            p = os.path.join(root, f)
            if os.path.islink(p) or not os.path.isfile(p):
                continue
            try:
                if os.path.getsize(p) == 0 or os.path.getsize(p) > 2 << 20:
                    continue
                with open(p, "rb") as fh:
                    data = fh.read()
            except OSError:
                continue
            if b"\0" in data[:8000]:
                continue
            found.append((os.path.relpath(p, src), data))
    if len(found) > want:
        found = [found[i] for i in sorted(rng.sample(range(len(found)), want))]
    return found


def initial_files(rng, args):
    if args.from_dir:
        return {path: data for path, data in seed_files(rng, args.from_dir, args.files)}
    files = {}
    for i in range(args.files):
        d = "src/%s/%s" % (rng.choice(WORDS), rng.choice(WORDS))
        path = "%s/%s_%d.c" % (d, rng.choice(WORDS), i)
        files[path] = fake_source(rng, int(rng.lognormvariate(4.5, 1.0)) + 5).encode()
    return files


def edit(rng, data):
    """A small change: replace, insert or delete a few lines somewhere."""
    lines = data.split(b"\n")
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(lines) + 1)
        r = rng.random()
        if r < 0.5 or len(lines) < 3:
            lines.insert(at, fake_source(rng, rng.randint(1, 6)).rstrip("\n").encode())
        elif r < 0.8:
            lines[min(at, len(lines) - 1)] = fake_source(rng, 1).rstrip("\n").encode()
        else:
            del lines[min(at, len(lines) - 1)]
    return b"\n".join(lines)


def plant(rng, data, secret):
    lines = data.split(b"\n")
    at = rng.randrange(len(lines) + 1)
    lines.insert(at, secret.encode())
    return b"\n".join(lines), at + 1


def gen_repo(args):
    rng = random.Random(args.seed)
    examples = rule_examples()
    files = initial_files(rng, args)
    paths = sorted(files)
    os.makedirs(args.out, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main", args.out], check=True)
    fi = subprocess.Popen(["git", "-C", args.out, "fast-import", "--quiet", "--done"], stdin=subprocess.PIPE)
    w = fi.stdin.write
    planted = []
    removals = {}  # commit number -> [(path, original bytes)]
    t0 = 1500000000
    for c in range(args.commits):
        if c == 0:
            changed = paths[:]
        else:
            changed = []
            for _ in range(args.edits):
                # Hot files are edited again and again, as in real projects.
                i = int(len(paths) * (rng.random() ** 3))
                changed.append(paths[min(i, len(paths) - 1)])
            if rng.random() < 0.1:
                p = "added/%s_%d.txt" % (rng.choice(WORDS), c)
                files[p] = fake_source(rng, rng.randint(10, 300)).encode()
                paths.append(p)
                changed.append(p)
            changed = sorted(set(changed))
            for p in changed:
                files[p] = edit(rng, files[p])
        for p, orig in removals.pop(c, []):
            if p in files:
                files[p] = orig
                changed.append(p)
        if c > 0 and examples and rng.random() < args.secret_rate:
            p = rng.choice(paths)
            secret = examples[rng.randrange(len(examples))]
            before = files[p]
            files[p], line = plant(rng, files[p], secret)
            changed.append(p)
            keep = rng.random() < 0.5
            if not keep and c + 5 < args.commits:
                removals.setdefault(c + rng.randint(1, 5), []).append((p, before))
            planted.append("%d\t%s\t%d\t%s\t%s" % (c, p, line, "head?" if keep else "removed", secret))
        msg = ("commit %d\n" % c).encode()
        w(b"commit refs/heads/main\n")
        w(b"mark :%d\n" % (c + 1))
        w(b"author Bench <bench@example.invalid> %d +0000\n" % (t0 + c * 600))
        w(b"committer Bench <bench@example.invalid> %d +0000\n" % (t0 + c * 600))
        w(b"data %d\n%s" % (len(msg), msg))
        if c > 0:
            w(b"from :%d\n" % c)
        for p in sorted(set(changed)):
            data = files[p]
            w(b"M 100644 inline %s\ndata %d\n" % (p.encode(), len(data)))
            w(data)
            w(b"\n")
        w(b"\n")
    w(b"done\n")
    fi.stdin.close()
    if fi.wait() != 0:
        sys.exit("git fast-import failed")
    subprocess.run(["git", "-C", args.out, "repack", "-adfq", "--window=50", "--depth=50"], check=True)
    subprocess.run(["git", "-C", args.out, "checkout", "-qf", "main"], check=True)
    with open(args.out.rstrip("/") + ".planted.txt", "w") as f:
        f.write("commit\tpath\tline\tstate\texample\n" + "\n".join(planted) + "\n")


def gen_tree(args):
    rng = random.Random(args.seed)
    examples = rule_examples()
    files = initial_files(rng, args)
    planted = []
    for i, p in enumerate(sorted(files)):
        data = files[p]
        if examples and rng.random() < args.secret_rate:
            secret = examples[rng.randrange(len(examples))]
            data, line = plant(rng, data, secret)
            planted.append("%s\t%d\t%s" % (p, line, secret))
        full = os.path.join(args.out, p)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as f:
            f.write(data)
    with open(args.out.rstrip("/") + ".planted.txt", "w") as f:
        f.write("path\tline\texample\n" + "\n".join(planted) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("kind", choices=["repo", "tree"])
    ap.add_argument("out")
    ap.add_argument("--commits", type=int, default=2000)
    ap.add_argument("--files", type=int, default=2000, help="files in the first commit / the tree")
    ap.add_argument("--edits", type=int, default=6, help="files changed per commit")
    ap.add_argument("--secret-rate", type=float, default=0.05, help="probability a commit/file gets a secret")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--from", dest="from_dir", help="take the initial files from this local directory")
    args = ap.parse_args()
    if os.path.exists(args.out) and os.listdir(args.out):
        sys.exit("%s exists and is not empty" % args.out)
    (gen_repo if args.kind == "repo" else gen_tree)(args)


if __name__ == "__main__":
    main()
