# SPDX-License-Identifier: Apache-2.0
"""Generated git repositories for the tests and benchmarks that need many.

Bare repositories written by one `git fast-import` each (a test spends its
time scanning, not spawning git), and credential-shaped values derived from a
seed, none of which was ever live.
"""
import base64
import hashlib
import os
import subprocess

# Random bytes as lowercase words and spaces: text in which nothing looks
# like a credential.
_WORDS = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/", "abcdefghijklmnopqrstuvwxyzabcdefghij  ")


def plain_text(rng, size):
    """About `size` bytes of lowercase words drawn from `rng` (random.Random)."""
    return base64.encodebytes(rng.randbytes(size * 3 // 4)).decode().translate(_WORDS)


def aws_pair(seed, namespace="aws"):
    """An AWS access key id and secret in a credentials-file layout."""
    # Key ids are base32 after the prefix (A-Z and 2-7), as the AWS rule wants.
    key_id = "AKIA" + base64.b32encode(hashlib.sha256(f"{namespace}-id-{seed}".encode()).digest()).decode()[:16]
    secret = base64.b64encode(hashlib.sha256(f"{namespace}-secret-{seed}".encode()).digest()).decode()[:40]
    return f"aws_access_key_id = {key_id}\naws_secret_access_key = {secret}\n"


def make_repository(path, commits, first_time=1700000000):
    """A bare repository at `path` whose main branch is `commits`, a list of
    (message, {file: text}), one hour apart from `first_time` on."""
    subprocess.run(["git", "init", "-q", "--template=", "--bare", "-b", "main", path], check=True)
    out, when = [], first_time
    for n, (message, files) in enumerate(commits):
        when += 3600
        out.append(f"commit refs/heads/main\nmark :{n + 1}\n"
                   f"author Test <test@example.com> {when} +0000\ncommitter Test <test@example.com> {when} +0000\n")
        out.append(f"data {len(message)}\n{message}\n")
        if n:
            out.append(f"from :{n}\n")
        for file, text in files.items():
            data = text.encode()
            out.append(f"M 644 inline {file}\ndata {len(data)}\n")
            out.append(data)
            out.append("\n")
    stream = b"".join(x if isinstance(x, bytes) else x.encode() for x in out)
    # Stored uncompressed: the repositories are thrown away after the run.
    subprocess.run(["git", "-C", path, "-c", "pack.compression=0", "-c", "core.compression=0",
                    "-c", "core.bigFileThreshold=1m", "fast-import", "--quiet"], input=stream, check=True)
