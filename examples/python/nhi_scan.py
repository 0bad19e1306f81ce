#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Scan paths for secrets from Python, through libnhi's C API (nhi/nhi.h) and ctypes.

    NHI_LIBRARY=/usr/local/lib/libnhi.so python3 nhi_scan.py PATH... [--json]

Without NHI_LIBRARY the library is looked up as the system finds it
(ctypes.util.find_library). Prints one line per finding (redacted), or the
whole JSON report with --json; exits 1 when something was found, like nhi.
The bindings below cover the calls used; the rest of nhi.h binds the same way.
"""
import ctypes
import ctypes.util
import os
import sys

C_API_VERSION = 1
NHI_OK = 0


class ScanOptions(ctypes.Structure):
    _fields_ = [
        ("abi_version", ctypes.c_uint32),
        ("struct_size", ctypes.c_uint32),
        ("threads", ctypes.c_uint32),
        ("max_file_size", ctypes.c_uint64),
        ("capture_secrets", ctypes.c_int),
        ("no_decode", ctypes.c_int),
        ("exclude_globs", ctypes.POINTER(ctypes.c_char_p)),
        ("exclude_count", ctypes.c_size_t),
    ]


class ScanFinding(ctypes.Structure):
    _fields_ = [
        ("abi_version", ctypes.c_uint32),
        ("struct_size", ctypes.c_uint32),
        ("rule_id", ctypes.c_char_p),
        ("rule_name", ctypes.c_char_p),
        ("provider", ctypes.c_char_p),
        ("kind", ctypes.c_char_p),
        ("severity", ctypes.c_int),
        ("path", ctypes.c_char_p),
        ("line", ctypes.c_uint64),
        ("column", ctypes.c_uint64),
        ("fingerprint", ctypes.c_char_p),
        ("redacted", ctypes.c_char_p),
        ("decoded", ctypes.c_char_p),
        ("external_id", ctypes.c_char_p),
        ("secret", ctypes.c_char_p),
        ("commit", ctypes.c_char_p),
        ("author", ctypes.c_char_p),
        ("author_email", ctypes.c_char_p),
        ("date", ctypes.c_char_p),
        ("blob", ctypes.c_char_p),
        ("in_head", ctypes.c_int),
    ]


SEVERITIES = ["info", "low", "medium", "high", "critical"]


def load_library():
    path = os.environ.get("NHI_LIBRARY") or ctypes.util.find_library("nhi")
    if not path:
        raise SystemExit("libnhi not found: set NHI_LIBRARY to the path of libnhi.so")
    lib = ctypes.CDLL(path)
    handle = ctypes.c_void_p
    lib.nhi_c_api_version.restype = ctypes.c_uint
    lib.nhi_library_version.restype = ctypes.c_char_p
    lib.nhi_error_message.restype = ctypes.c_char_p
    lib.nhi_rules_builtin.argtypes = [ctypes.POINTER(handle)]
    lib.nhi_rules_free.argtypes = [handle]
    lib.nhi_scanner_new.argtypes = [ctypes.POINTER(handle), handle, ctypes.POINTER(ScanOptions)]
    lib.nhi_scanner_free.argtypes = [handle]
    lib.nhi_scan_paths.argtypes = [ctypes.POINTER(handle), handle, ctypes.POINTER(ctypes.c_char_p), ctypes.c_size_t]
    lib.nhi_result_finding_count.argtypes = [handle]
    lib.nhi_result_finding_count.restype = ctypes.c_size_t
    lib.nhi_result_finding.argtypes = [ctypes.POINTER(ScanFinding), handle, ctypes.c_size_t]
    lib.nhi_result_json.argtypes = [ctypes.POINTER(ctypes.c_void_p), ctypes.POINTER(ctypes.c_size_t), handle]
    lib.nhi_result_free.argtypes = [handle]
    lib.nhi_string_free.argtypes = [ctypes.c_void_p]
    if lib.nhi_c_api_version() != C_API_VERSION:
        raise SystemExit("libnhi speaks C API %d, this binding %d" % (lib.nhi_c_api_version(), C_API_VERSION))
    return lib


def check(lib, rc, what):
    if rc != NHI_OK:
        raise SystemExit("%s: %s" % (what, lib.nhi_error_message().decode(errors="replace")))


def main(argv):
    as_json = "--json" in argv
    paths = [a for a in argv if a != "--json"]
    if not paths:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    lib = load_library()
    rules, scanner, result = ctypes.c_void_p(), ctypes.c_void_p(), ctypes.c_void_p()
    check(lib, lib.nhi_rules_builtin(ctypes.byref(rules)), "rules")
    options = ScanOptions(C_API_VERSION, ctypes.sizeof(ScanOptions))
    check(lib, lib.nhi_scanner_new(ctypes.byref(scanner), rules, ctypes.byref(options)), "scanner")
    lib.nhi_rules_free(rules)
    c_paths = (ctypes.c_char_p * len(paths))(*[os.fsencode(p) for p in paths])
    check(lib, lib.nhi_scan_paths(ctypes.byref(result), scanner, c_paths, len(paths)), "scan")
    try:
        count = lib.nhi_result_finding_count(result)
        if as_json:
            text, size = ctypes.c_void_p(), ctypes.c_size_t()
            check(lib, lib.nhi_result_json(ctypes.byref(text), ctypes.byref(size), result), "json")
            print(ctypes.string_at(text, size.value).decode())
            lib.nhi_string_free(text)
        else:
            for i in range(count):
                f = ScanFinding(C_API_VERSION, ctypes.sizeof(ScanFinding))
                check(lib, lib.nhi_result_finding(ctypes.byref(f), result, i), "finding")
                print("%s:%d:%d  %s  %s  %s" % (os.fsdecode(f.path), f.line, f.column, SEVERITIES[f.severity],
                                               f.rule_id.decode(), f.redacted.decode()))
            print("%d findings (libnhi %s)" % (count, lib.nhi_library_version().decode()))
    finally:
        lib.nhi_result_free(result)
        lib.nhi_scanner_free(scanner)
    return 1 if count else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
