#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Recall and false alarms of nhi on other scanners' own test inputs.

Given local clones of trufflesecurity/trufflehog and gitleaks/gitleaks (this
script fetches nothing), it extracts the positive and negative test inputs of
their detectors, scans each one with nhi as a file of its own, and reports:

  - recall on the positives: a positive counts as found when a finding's secret
    overlaps a value the peer's test expects ("strict"), or, less strictly,
    when nhi reports anything at all on the input ("any");
  - the share of positives found by a provider-specific rule rather than a
    `generic: true` catch-all;
  - the share of negatives flagged, split into inputs flagged by a rule of
    another provider (often a real credential of another type: listed for
    review), inputs reviewed by hand as holding a real credential
    (bench/peer_negatives.tsv, by case name), and the rest;
  - per peer detector: positives, found, by which rules.

TruffleHog: every `*_test.go` beside a detector (not the integration tests)
whose table cases have an `input:` and a `want:` (or `expectedPairs:`) of
strings; empty or nil is a negative. gitleaks: the `tps`/`fps` string slices of each rule in
cmd/generate/config/rules. Only inputs made of literals (string constants,
`+`, `fmt.Sprintf`) are used; inputs built from random generators are skipped
and counted. The inputs are used in a scratch directory and never kept.

  bench/peer_cases.py --trufflehog DIR --gitleaks DIR [--nhi PATH]
                      [--rules DIR] [--patterns DIR] [--misses N] [--flagged N]
                      [--per-detector] [--provider NAME] [--json FILE] [--keep DIR]
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
from collections import defaultdict

# --- A tokenizer and evaluator for the Go string expressions of test files ---

TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>//[^\n]*|/\*.*?\*/)
  | (?P<raw>`[^`]*`)
  | (?P<str>"(?:[^"\\\n]|\\.)*")
  | (?P<rune>'(?:[^'\\\n]|\\.)*')
  | (?P<num>\d+(?:\.\d+)?)
  | (?P<ident>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>:=|\.\.\.|&&|\|\||==|!=|<=|>=|\+=|[-+*/%&|^<>=!(){}\[\],;:.])
  | (?P<other>.)
    """,
    re.S | re.X,
)


def tokenize(text):
    out = []
    for m in TOKEN.finditer(text):
        kind = m.lastgroup
        if kind in ("ws", "comment"):
            continue
        out.append((kind, m.group()))
    return out


def unquote_go(lit):
    """The value of a Go interpreted string literal (with its quotes)."""
    body = lit[1:-1]
    out = bytearray()
    i = 0
    simple = {"n": 10, "t": 9, "r": 13, "\\": 92, '"': 34, "'": 39, "a": 7, "b": 8, "f": 12, "v": 11}
    while i < len(body):
        c = body[i]
        if c != "\\":
            out += c.encode("utf-8")
            i += 1
            continue
        e = body[i + 1]
        if e in simple:
            out.append(simple[e])
            i += 2
        elif e == "x":
            out.append(int(body[i + 2:i + 4], 16))
            i += 4
        elif e == "u":
            out += chr(int(body[i + 2:i + 6], 16)).encode("utf-8")
            i += 6
        elif e == "U":
            out += chr(int(body[i + 2:i + 10], 16)).encode("utf-8")
            i += 10
        elif e in "01234567":
            out.append(int(body[i + 1:i + 4], 8))
            i += 4
        else:
            raise ValueError("bad escape")
    return out.decode("utf-8", "surrogateescape")


class Unevaluable(Exception):
    pass


def go_sprintf(fmt, args):
    out = []
    i = 0
    ai = 0
    while i < len(fmt):
        c = fmt[i]
        if c != "%":
            out.append(c)
            i += 1
            continue
        j = i + 1
        while j < len(fmt) and fmt[j] in "+-# 0123456789.":
            j += 1
        if j >= len(fmt):
            raise Unevaluable("truncated verb")
        verb = fmt[j]
        if verb == "%":
            out.append("%")
        else:
            if ai >= len(args):
                raise Unevaluable("missing argument")
            a = args[ai]
            ai += 1
            if verb in "svd":
                out.append(str(a))
            elif verb == "q":
                out.append(json.dumps(str(a)))
            else:
                raise Unevaluable("verb %" + verb)
        i = j + 1
    return "".join(out)


class Evaluator:
    """Evaluates string expressions: literals, +, fmt.Sprintf, strings.Repeat,
    strings.Join, and names bound earlier in the same file."""

    def __init__(self, tokens, helpers=None):
        self.t = tokens
        self.strings = {}  # name -> str
        self.lists = {}    # name -> [str]
        # "pkg.Func" -> callable(args) for helpers read from the peer's own source
        self.helpers = helpers or {}

    def expr(self, i, end):
        """Evaluates tokens[i:end] as one expression; returns its value."""
        value, j = self.sum(i, end)
        if j != end:
            raise Unevaluable("trailing tokens")
        return value

    def sum(self, i, end):
        value, i = self.term(i, end)
        while i < end and self.t[i] == ("op", "+"):
            rhs, i = self.term(i + 1, end)
            if isinstance(value, str) and isinstance(rhs, str):
                value = value + rhs
            else:
                raise Unevaluable("+ on non-strings")
        return value, i

    def args(self, i, end):
        """Parses '(' a, b, ... ')' starting at i; returns ([values], after)."""
        if i >= end or self.t[i] != ("op", "("):
            raise Unevaluable("expected (")
        close = matching(self.t, i)
        values = []
        for a, b in split_commas(self.t, i + 1, close):
            values.append(self.expr(a, b))
        return values, close + 1

    def term(self, i, end):
        if i >= end:
            raise Unevaluable("empty")
        kind, text = self.t[i]
        if kind == "raw":
            return text[1:-1].replace("\r", ""), i + 1
        if kind == "str":
            return unquote_go(text), i + 1
        if kind == "num":
            return int(float(text)), i + 1
        if kind == "op" and text == "(":
            close = matching(self.t, i)
            return self.expr(i + 1, close), close + 1
        if kind == "ident":
            if i + 2 < end and self.t[i + 1] == ("op", "."):
                pkg, fn = text, self.t[i + 2][1]
                values, j = self.args(i + 3, end)
                if pkg == "fmt" and fn == "Sprintf":
                    return go_sprintf(values[0], values[1:]), j
                if pkg == "strings" and fn == "Repeat":
                    return values[0] * values[1], j
                if pkg == "strings" and fn == "Join":
                    return values[1].join(values[0]), j
                if pkg == "strings" and fn == "ToUpper":
                    return values[0].upper(), j
                if pkg == "strings" and fn == "ToLower":
                    return values[0].lower(), j
                if pkg + "." + fn in self.helpers:
                    return self.helpers[pkg + "." + fn](values), j
                raise Unevaluable(pkg + "." + fn)
            if text in self.strings:
                return self.strings[text], i + 1
            if text in self.lists:
                return self.lists[text], i + 1
            if text == "string" and i + 1 < end and self.t[i + 1] == ("op", "("):
                values, j = self.args(i + 1, end)
                return values[0], j
            raise Unevaluable("unknown name " + text)
        if kind == "op" and text == "[":
            # []string{...}
            if self.t[i + 1] == ("op", "]") and self.t[i + 2] == ("ident", "string") and self.t[i + 3] == ("op", "{"):
                close = matching(self.t, i + 3)
                return [self.expr(a, b) for a, b in split_commas(self.t, i + 4, close)], close + 1
        raise Unevaluable("unsupported " + text)

    def bind_names(self):
        """Records `name = expr` and `name := expr` bindings that evaluate."""
        t = self.t
        for i in range(1, len(t) - 1):
            if t[i][0] != "op" or t[i][1] not in ("=", ":="):
                continue
            if t[i - 1][0] != "ident":
                continue
            end = expression_end(t, i + 1)
            try:
                value = self.expr(i + 1, end)
            except (Unevaluable, ValueError, IndexError, TypeError):
                continue
            name = t[i - 1][1]
            if isinstance(value, str):
                self.strings[name] = value
            elif isinstance(value, list) and all(isinstance(v, str) for v in value):
                self.lists[name] = value


OPEN = {"(": ")", "[": "]", "{": "}"}


def matching(t, i):
    """Index of the bracket closing the one at t[i]."""
    want = [OPEN[t[i][1]]]
    j = i + 1
    while j < len(t):
        kind, text = t[j]
        if kind == "op":
            if text in OPEN:
                want.append(OPEN[text])
            elif text in (")", "]", "}"):
                if want[-1] != text:
                    raise Unevaluable("unbalanced")
                want.pop()
                if not want:
                    return j
        j += 1
    raise Unevaluable("unclosed")


def split_commas(t, a, b):
    """The comma-separated element spans of t[a:b], at bracket depth 0."""
    spans = []
    depth = 0
    start = a
    for j in range(a, b):
        kind, text = t[j]
        if kind == "op" and text in OPEN:
            depth += 1
        elif kind == "op" and text in (")", "]", "}"):
            depth -= 1
        elif kind == "op" and text == "," and depth == 0:
            if j > start:
                spans.append((start, j))
            start = j + 1
    if b > start:
        spans.append((start, b))
    return spans


def expression_end(t, i):
    """Where the expression starting at t[i] ends: a comma, ';', or closing
    bracket at depth 0, or the start of the next statement (heuristic: an
    identifier right after a complete operand, on a new token run)."""
    depth = 0
    j = i
    prev_operand = False
    while j < len(t):
        kind, text = t[j]
        if kind == "op" and text in OPEN:
            if text == "(" or text == "[" or text == "{":
                depth += 1
            prev_operand = False
        elif kind == "op" and text in (")", "]", "}"):
            if depth == 0:
                return j
            depth -= 1
            prev_operand = True
        elif depth == 0 and kind == "op" and text in (",", ";"):
            return j
        elif depth == 0 and kind in ("ident", "str", "raw", "num", "rune") and prev_operand:
            if not (kind == "ident" and t[j - 1] == ("op", ".")):
                return j
        elif kind == "op":
            prev_operand = False
            j += 1
            continue
        if kind in ("ident", "str", "raw", "num", "rune"):
            prev_operand = True
        j += 1
    return j


def keyed_fields(t, a, b):
    """`key: value` pairs of a composite literal element t[a:b] (between braces)."""
    fields = {}
    for s, e in split_commas(t, a, b):
        if e - s >= 3 and t[s][0] == "ident" and t[s + 1] == ("op", ":"):
            fields[t[s][1]] = (s + 2, e)
    return fields


# --- Extraction ---------------------------------------------------------------

class Case:
    __slots__ = ("peer", "detector", "name", "positive", "text", "want")

    def __init__(self, peer, detector, name, positive, text, want):
        self.peer, self.detector, self.name = peer, detector, name
        self.positive, self.text, self.want = positive, text, want


def trufflehog_cases(root, skipped):
    base = os.path.join(root, "pkg", "detectors")
    cases = []
    for dirpath, _, files in os.walk(base):
        for f in sorted(files):
            if not f.endswith("_test.go") or f.endswith("_integration_test.go"):
                continue
            path = os.path.join(dirpath, f)
            detector = os.path.relpath(dirpath, base)
            with open(path, encoding="utf-8", errors="replace") as fh:
                t = tokenize(fh.read())
            ev = Evaluator(t)
            ev.bind_names()
            for i, tok in enumerate(t):
                if tok != ("ident", "input") or i + 1 >= len(t) or t[i + 1] != ("op", ":"):
                    continue
                # The enclosing element: scan back to its '{'.
                depth = 0
                j = i - 1
                while j >= 0:
                    kind, text = t[j]
                    if kind == "op" and text in (")", "]", "}"):
                        depth += 1
                    elif kind == "op" and text in OPEN:
                        if depth == 0:
                            break
                        depth -= 1
                    j -= 1
                if j < 0 or t[j] != ("op", "{"):
                    continue
                try:
                    close = matching(t, j)
                    fields = keyed_fields(t, j + 1, close)
                    text = ev.expr(*fields["input"])
                    name = ev.expr(*fields["name"]) if "name" in fields else ""
                except (Unevaluable, ValueError, IndexError, TypeError, KeyError):
                    skipped["trufflehog"] += 1
                    continue
                if not isinstance(text, str):
                    skipped["trufflehog"] += 1
                    continue
                want = []
                # The expected values: `want` in most tests, `expectedPairs` in
                # the detectors that pair two values (Stripe payment intents,
                # Hasura). An element that only says `wantMatched: true` names
                # no value to compare with: skipped rather than taken for a
                # negative.
                expect = next((k for k in ("want", "expectedPairs") if k in fields), None)
                if expect is None and "wantMatched" in fields:
                    a, b = fields["wantMatched"]
                    if t[a] == ("ident", "true"):
                        skipped["trufflehog"] += 1
                        continue
                if expect is not None:
                    a, b = fields[expect]
                    if b - a == 1 and t[a] == ("ident", "nil"):
                        want = []
                    else:
                        try:
                            value = ev.expr(a, b)
                        except (Unevaluable, ValueError, IndexError, TypeError):
                            skipped["trufflehog"] += 1
                            continue
                        if isinstance(value, str):
                            value = [value]
                        if not isinstance(value, list):
                            skipped["trufflehog"] += 1
                            continue
                        want = value
                cases.append(Case("trufflehog", detector, name, bool(want), text, want))
    return cases


def gitleaks_sample_helpers(root):
    """utils.GenerateSampleSecret(s): the contexts gitleaks wraps a literal
    secret in, read from the clone's own cmd/generate/config/utils/generate.go."""
    path = os.path.join(root, "cmd", "generate", "config", "utils", "generate.go")
    helpers = {}
    try:
        with open(path, encoding="utf-8") as fh:
            t = tokenize(fh.read())
    except OSError:
        return helpers
    ev = Evaluator(t)
    for i in range(len(t) - 4):
        if t[i] == ("ident", "samples") and t[i + 1] == ("op", ":=") and t[i + 2] == ("ident", "map"):
            brace = next(j for j in range(i, len(t)) if t[j] == ("op", "{"))
            close = matching(t, brace)
            templates = []
            for a, b in split_commas(t, brace + 1, close):
                colon = next((j for j in range(a, b) if t[j] == ("op", ":")), None)
                if colon is not None:
                    try:
                        templates.append(ev.expr(colon + 1, b))
                    except (Unevaluable, ValueError, IndexError):
                        pass

            def expand(args, templates=templates):
                ident, secret = args
                return [x.replace("{i}", ident).replace("{I}", ident.upper()).replace("{s}", secret)
                        for x in templates]

            helpers["utils.GenerateSampleSecrets"] = expand
        if t[i] == ("ident", "func") and t[i + 1] == ("ident", "GenerateSampleSecret"):
            ret = next(j for j in range(i, len(t)) if t[j] == ("ident", "return"))
            if t[ret + 1] == ("ident", "fmt") and t[ret + 3] == ("ident", "Sprintf") and t[ret + 5][0] == "str":
                fmt = unquote_go(t[ret + 5][1])
                helpers["utils.GenerateSampleSecret"] = lambda args, fmt=fmt: go_sprintf(fmt, args)
    return helpers


def gitleaks_cases(root, skipped):
    base = os.path.join(root, "cmd", "generate", "config", "rules")
    helpers = gitleaks_sample_helpers(root)
    cases = []
    for f in sorted(os.listdir(base)):
        if not f.endswith(".go") or f.endswith("_test.go"):
            continue
        with open(os.path.join(base, f), encoding="utf-8", errors="replace") as fh:
            t = tokenize(fh.read())
        ev = Evaluator(t, helpers)
        ev.bind_names()
        rule_id = f[:-3]
        for i, tok in enumerate(t):
            if tok == ("ident", "RuleID") and t[i + 1] == ("op", ":") and t[i + 2][0] == "str":
                rule_id = unquote_go(t[i + 2][1])
                continue
            if tok[0] != "ident" or tok[1] not in ("tps", "fps", "tp", "fp"):
                continue
            positive = tok[1].startswith("t")
            start = None
            if t[i + 1][1] in (":=", "=") and t[i + 2:i + 6] == [("op", "["), ("op", "]"), ("ident", "string"), ("op", "{")]:
                start = i + 6
            elif t[i + 1][1] in (":=", "=") and t[i + 2] == ("ident", "append") and t[i + 3] == ("op", "("):
                # tps = append(tps, a, b, ...)
                close = matching(t, i + 3)
                spans = split_commas(t, i + 4, close)[1:]
                elements = spans
                start = None
            elif t[i + 1][1] in (":=", "="):
                # tps := utils.GenerateSampleSecrets(...): one expression giving a list
                elements = [(i + 2, expression_end(t, i + 2))]
            else:
                continue
            if start is not None:
                close = matching(t, start - 1)
                elements = split_commas(t, start, close)
            for a, b in elements:
                spread = t[b - 1] == ("op", "...")
                try:
                    value = ev.expr(a, b - 1 if spread else b)
                except (Unevaluable, ValueError, IndexError, TypeError):
                    skipped["gitleaks"] += 1
                    continue
                values = value if isinstance(value, list) else [value]
                for v in values:
                    if isinstance(v, str):
                        cases.append(Case("gitleaks", rule_id, "", positive, v, []))
                    else:
                        skipped["gitleaks"] += 1
    return cases


# --- Scanning and scoring -----------------------------------------------------

def generic_rules(patterns_dir):
    """Ids of the `generic: true` rules in our own patterns/*.yaml."""
    generic = set()
    for f in sorted(os.listdir(patterns_dir)):
        if not f.endswith((".yaml", ".yml")):
            continue
        current = None
        with open(os.path.join(patterns_dir, f), encoding="utf-8") as fh:
            for line in fh:
                m = re.match(r"\s*-\s+id:\s*['\"]?([a-z0-9-]+)", line)
                if m:
                    current = m.group(1)
                elif current and re.match(r"\s+generic:\s*true\b", line):
                    generic.add(current)
    return generic


def scan(nhi, cases, workdir, rules=None):
    """Writes each case to a file, scans them all in one run; returns
    {case index: [finding...]}."""
    for n, c in enumerate(cases):
        d = os.path.join(workdir, c.peer, re.sub(r"[^A-Za-z0-9_.-]", "_", c.detector))
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "case-%05d.txt" % n), "w", encoding="utf-8", errors="surrogateescape") as fh:
            fh.write(c.text)
    cmd = [nhi, "scan", "--format", "json", "--show-secrets", workdir]
    if rules:
        cmd += ["--rules", rules]
    proc = subprocess.run(cmd, capture_output=True)
    if proc.returncode not in (0, 1):
        sys.stderr.write(proc.stderr.decode(errors="replace"))
        raise SystemExit("nhi scan failed with exit code %d" % proc.returncode)
    report = json.loads(proc.stdout)
    by_case = defaultdict(list)
    for f in report["findings"]:
        m = re.search(r"case-(\d+)\.txt$", f["path"])
        if m:
            by_case[int(m.group(1))].append(f)
    return by_case


def overlaps(secret, wanted):
    """Whether a finding's secret is (part of) an expected value; nhi reports
    a percent-encoded secret (an Azure SAS signature) decoded, so the decoded
    form of the expected value counts too."""
    if not secret:
        return False
    for w in wanted:
        if not w:
            continue
        for form in {w, urllib.parse.unquote(w)}:
            if secret in form or form in secret:
                return True
    return False


def norm(name):
    return re.sub(r"[^a-z0-9]", "", name.lower())


def same_provider(detector, finding):
    # "cloudflareapitoken/v2" is Cloudflare's, not "v2"'s.
    parts = [p for p in detector.split("/") if not re.fullmatch(r"v[0-9]+", p)]
    d = norm(parts[-1] if parts else detector)
    p = norm(finding.get("provider", ""))
    r = norm(finding.get("rule_id", ""))
    return bool(p) and (p in d or d in p or d in r)


def real_credential_negatives(path):
    """{(peer, detector, case name): kind} from bench/peer_negatives.tsv: negative
    cases reviewed as holding a real credential (see the file's header)."""
    rows = {}
    if not os.path.exists(path):
        return rows
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) != 5 or cols[3] not in ("another-type", "context"):
                raise SystemExit("%s:%d: expected peer, detector, case, kind (another-type|context), why"
                                 % (path, number))
            rows[(cols[0], cols[1], cols[2])] = cols[3]
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--trufflehog", help="a local clone of trufflesecurity/trufflehog")
    ap.add_argument("--gitleaks", help="a local clone of gitleaks/gitleaks")
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--nhi", default=os.path.join(here, "..", "build", "cli", "nhi"))
    ap.add_argument("--patterns", default=os.path.join(here, "..", "patterns"),
                    help="our rules, to tell generic rules from provider rules")
    ap.add_argument("--rules", help="scan with the rules of this directory instead of the built-in ones"
                    " (no rebuild needed while editing patterns/)")
    ap.add_argument("--misses", type=int, default=0, help="list up to N missed positives per peer")
    ap.add_argument("--flagged", type=int, default=0, help="list up to N flagged negatives per peer")
    ap.add_argument("--generic-hits", type=int, default=0,
                    help="list up to N positives found only by generic rules, per peer")
    ap.add_argument("--per-detector", action="store_true", help="print recall per peer detector")
    ap.add_argument("--provider", help="only detectors whose name contains this")
    ap.add_argument("--json", help="write per-case results (no secrets) to this file")
    ap.add_argument("--keep", help="write the case files here instead of a temporary directory")
    ap.add_argument("--reviewed", default=os.path.join(here, "peer_negatives.tsv"),
                    help="negative cases reviewed as real credentials (reported apart)")
    a = ap.parse_args()
    if not a.trufflehog and not a.gitleaks:
        ap.error("give --trufflehog and/or --gitleaks")

    skipped = defaultdict(int)
    cases = []
    if a.trufflehog:
        cases += trufflehog_cases(a.trufflehog, skipped)
    if a.gitleaks:
        cases += gitleaks_cases(a.gitleaks, skipped)
    if a.provider:
        cases = [c for c in cases if a.provider.lower() in c.detector.lower()]
    generic = generic_rules(a.rules or a.patterns)

    workdir = a.keep or tempfile.mkdtemp(prefix="nhi-peer-")
    try:
        found = scan(a.nhi, cases, workdir, a.rules)
    finally:
        if not a.keep:
            shutil.rmtree(workdir, ignore_errors=True)

    reviewed = real_credential_negatives(a.reviewed)
    rows = []
    for peer in ("trufflehog", "gitleaks"):
        pc = [(n, c) for n, c in enumerate(cases) if c.peer == peer]
        if not pc:
            continue
        pos = [(n, c) for n, c in pc if c.positive]
        neg = [(n, c) for n, c in pc if not c.positive]
        strict = anyhit = provider_hit = 0
        detectors = defaultdict(lambda: [0, 0, 0])  # positives, strict, by provider rule
        misses, generic_only, flagged_other, flagged_same = [], [], [], []
        for n, c in pos:
            fs = found.get(n, [])
            # gitleaks' literal positives carry no expected value: the whole input is the secret context.
            want = c.want or [c.text]
            hits = [f for f in fs if overlaps(f.get("secret", ""), want)] if c.want else fs
            d = detectors[c.detector]
            d[0] += 1
            if fs:
                anyhit += 1
            if hits:
                strict += 1
                d[1] += 1
                if any(f["rule_id"] not in generic for f in hits):
                    provider_hit += 1
                    d[2] += 1
                else:
                    generic_only.append((c, hits))
            else:
                misses.append((c, fs))
            rows.append({"peer": peer, "detector": c.detector, "name": c.name, "positive": True,
                         "found": bool(hits), "rules": sorted({f["rule_id"] for f in fs})})
        real = defaultdict(list)  # kind -> flagged negatives reviewed as real credentials
        for n, c in neg:
            fs = found.get(n, [])
            if fs:
                kind = reviewed.get((peer, c.detector, c.name))
                if all(f["rule_id"] not in generic and not same_provider(c.detector, f) for f in fs):
                    flagged_other.append((c, fs))
                elif kind:
                    real[kind].append((c, fs))
                else:
                    flagged_same.append((c, fs))
            rows.append({"peer": peer, "detector": c.detector, "name": c.name, "positive": False,
                         "found": bool(fs), "rules": sorted({f["rule_id"] for f in fs})})

        def pct(x, y):
            return "%.1f %%" % (100.0 * x / y) if y else "n/a"

        print("== %s: %d positives, %d negatives from %d detectors (%d inputs not made of literals, skipped)"
              % (peer, len(pos), len(neg), len({c.detector for _, c in pc}), skipped[peer]))
        print("recall (finding on the expected value): %s (%d/%d)" % (pct(strict, len(pos)), strict, len(pos)))
        print("recall (any finding on the input):      %s (%d/%d)" % (pct(anyhit, len(pos)), anyhit, len(pos)))
        print("found by a provider rule:               %s of positives (%d), %s of those found"
              % (pct(provider_hit, len(pos)), provider_hit, pct(provider_hit, strict)))
        with_hit = sum(1 for d in detectors.values() if d[2])
        print("detectors with a provider-rule hit:     %d of %d" % (with_hit, len(detectors)))
        nreal = sum(len(v) for v in real.values())
        nflag = len(flagged_other) + len(flagged_same) + nreal
        print("negatives flagged:                      %s (%d/%d); by a rule of another provider only: %d;"
              " excluding those: %s (%d/%d)"
              % (pct(nflag, len(neg)), nflag, len(neg), len(flagged_other),
                 pct(len(flagged_same) + nreal, len(neg) - len(flagged_other)), len(flagged_same) + nreal,
                 len(neg) - len(flagged_other)))
        rest = len(neg) - len(flagged_other) - nreal
        print("  reviewed as real credentials:         %d (another type %d, own format rejected for context %d;"
              " %s); excluding those too: %s (%d/%d)"
              % (nreal, len(real["another-type"]), len(real["context"]), os.path.basename(a.reviewed),
                 pct(len(flagged_same), rest), len(flagged_same), rest))
        flagged_names = {(peer, c.detector, c.name) for c, _ in flagged_other + flagged_same}
        flagged_names |= {(peer, c.detector, c.name) for v in real.values() for c, _ in v}
        stale = [k for k in reviewed if k[0] == peer and k not in flagged_names]
        if stale and not a.provider:
            print("  reviewed rows no longer flagged (remove them): %s" % "; ".join("%s / %s" % k[1:] for k in stale))

        def show(title, items, limit):
            if not limit or not items:
                return
            print("-- %s (%d, first %d)" % (title, len(items), min(limit, len(items))))
            for c, fs in items[:limit]:
                text = c.text.replace("\n", "\\n")
                print("   %s [%s] %s  %s" % (c.detector, ",".join(sorted({f["rule_id"] for f in fs})) or "-",
                                             c.name, text[:140]))

        if a.per_detector:
            print("-- per detector: positives, found, found by a provider rule")
            for name in sorted(detectors):
                d = detectors[name]
                print("   %-40s %3d %3d %3d" % (name, d[0], d[1], d[2]))
        show("missed positives", misses, a.misses)
        show("positives found only by generic rules", generic_only, a.generic_hits)
        show("flagged negatives", flagged_same, a.flagged)
        show("negatives flagged by another provider's rule", flagged_other, a.flagged)
        show("negatives reviewed as real credentials", real["another-type"] + real["context"], a.flagged)
        print()
    if a.json:
        with open(a.json, "w", encoding="utf-8") as fh:
            json.dump(rows, fh, indent=1)


if __name__ == "__main__":
    main()
