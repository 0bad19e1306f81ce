/* SPDX-License-Identifier: Apache-2.0 */
/* libnhi — the C API of the library, version 1. Pure C99; also compiles as C++.
 *
 * For programs and languages that cannot use the C++ API (<nhi/nhi.hpp>):
 * C, and through their foreign-function interfaces Python (ctypes), Go (cgo),
 * Rust and others. It covers loading rules, scanning a buffer, paths or a
 * repository's history, reading the findings, and recording them in an
 * inventory and exporting it. examples/python/nhi_scan.py is a complete
 * ctypes binding of the calls it uses.
 *
 * Conventions (those of plugin.h, which this header includes for nhi_code
 * and nhi_severity):
 * - Functions return an int: NHI_OK or a negative NHI_ERR_* code. The
 *   message of the calling thread's last error is nhi_error_message().
 * - Out-parameters come first. Handles are opaque; each has a _free function
 *   that accepts NULL.
 * - Structs the caller passes or fills begin with abi_version and
 *   struct_size and only grow at their end; initialise them with their
 *   _INIT macro. A struct from an older header is read (and filled) only as
 *   far as its struct_size reaches.
 * - Strings are NUL-terminated UTF-8 (paths and secrets may hold any byte but
 *   NUL). Strings the library returns in structs are borrowed from the handle
 *   they came from and live as long as it; strings returned through a
 *   `char **` are the caller's, freed with nhi_string_free().
 * - Rules and scanners are immutable and may be shared between threads; a
 *   result or an inventory handle is used by one thread at a time.
 * - No C++ type or exception crosses this boundary.
 *
 * Versioning: NHI_C_API_VERSION is the version of this header. A program
 * compiled against version N runs with any library whose nhi_c_api_version()
 * is >= N and has the same major ABI (the library's SONAME, docs/abi.md).
 */
#ifndef NHI_NHI_H
#define NHI_NHI_H

#include <stddef.h>
#include <stdint.h>

#include "nhi/plugin.h"

#ifdef __cplusplus
extern "C" {
#endif

#define NHI_C_API_VERSION 1u

#if defined(_WIN32)
#  if defined(NHI_BUILDING_LIBRARY)
#    define NHI_C_API __declspec(dllexport)
#  else
#    define NHI_C_API
#  endif
#elif defined(__GNUC__)
#  define NHI_C_API __attribute__((visibility("default")))
#else
#  define NHI_C_API
#endif

typedef struct nhi_rules nhi_rules;         /* a compiled rule set */
typedef struct nhi_scanner nhi_scanner;     /* rules + options */
typedef struct nhi_result nhi_result;       /* the findings and statistics of one scan */
typedef struct nhi_inventory nhi_inventory; /* an open inventory */

/* The C API version the library implements (NHI_C_API_VERSION it was built with). */
NHI_C_API unsigned nhi_c_api_version(void);
/* The library's version, e.g. "0.2.0". */
NHI_C_API const char* nhi_library_version(void);
/* The message of the calling thread's last failed call ("" if none). Valid
 * until that thread's next call into the library. */
NHI_C_API const char* nhi_error_message(void);
/* Frees a string the library returned through a `char **`. */
NHI_C_API void nhi_string_free(char* s);

/* --- Rules ---------------------------------------------------------------- */

/* The rules built into the library. */
NHI_C_API int nhi_rules_builtin(nhi_rules** out);
/* The rules of these YAML files or directories (every *.yaml in each) instead
 * of the built-in ones: how a program picks up a newer rule set without being
 * relinked. A malformed file is NHI_ERR_PARSE with "FILE:LINE: ..." as message. */
NHI_C_API int nhi_rules_load(nhi_rules** out, const char* const* paths, size_t count);
NHI_C_API size_t nhi_rules_count(const nhi_rules* rules);
/* A short hash identifying the rule set; borrowed from `rules`. */
NHI_C_API const char* nhi_rules_version(const nhi_rules* rules);
NHI_C_API void nhi_rules_free(nhi_rules* rules);

/* --- Scanning ------------------------------------------------------------- */

typedef struct nhi_scan_options {
  uint32_t abi_version;
  uint32_t struct_size;
  uint32_t threads;                  /* worker threads; 0: one per core */
  uint64_t max_file_size;            /* bytes; 0: the default, 25 MiB */
  int capture_secrets;               /* non-zero: nhi_scan_finding.secret holds the plaintext */
  int no_decode;                     /* non-zero: do not look inside base64, escapes, percent-encoding */
  const char* const* exclude_globs;  /* paths matching any are not read (as --exclude) */
  size_t exclude_count;
} nhi_scan_options;
#define NHI_SCAN_OPTIONS_INIT {NHI_C_API_VERSION, (uint32_t)sizeof(nhi_scan_options), 0, 0, 0, 0, NULL, 0}

/* A scanner over `rules` (which it shares: `rules` may be freed after). `options`
 * may be NULL for the defaults. */
NHI_C_API int nhi_scanner_new(nhi_scanner** out, const nhi_rules* rules, const nhi_scan_options* options);
NHI_C_API void nhi_scanner_free(nhi_scanner* scanner);

/* Scans `len` bytes as if they were the file `path` (used in findings and to
 * pick structure analyzers by name; may be NULL). */
NHI_C_API int nhi_scan_buffer(nhi_result** out, const nhi_scanner* scanner, const char* data, size_t len,
                              const char* path);
/* Scans files and directories, as `nhi scan PATH...`. */
NHI_C_API int nhi_scan_paths(nhi_result** out, const nhi_scanner* scanner, const char* const* paths, size_t count);

typedef struct nhi_git_options {
  uint32_t abi_version;
  uint32_t struct_size;
  const char* const* refs;  /* only these refs or revisions; none: every ref and HEAD */
  size_t ref_count;
  const char* since_commit; /* NULL or a revision: only blobs introduced after it */
  const char* range;        /* NULL or "A..B" */
} nhi_git_options;
#define NHI_GIT_OPTIONS_INIT {NHI_C_API_VERSION, (uint32_t)sizeof(nhi_git_options), NULL, 0, NULL, NULL}

/* Scans every unique blob of the repository's history, as `nhi scan --git`.
 * `options` may be NULL. */
NHI_C_API int nhi_scan_git_history(nhi_result** out, const nhi_scanner* scanner, const char* repo_path,
                                   const nhi_git_options* options);

/* --- Results -------------------------------------------------------------- */

/* One finding. Every string is borrowed from the result and never NULL; the
 * git fields are "" for files, `secret` is "" unless capture_secrets. */
typedef struct nhi_scan_finding {
  uint32_t abi_version;
  uint32_t struct_size;
  const char* rule_id;
  const char* rule_name;
  const char* provider;
  const char* kind;
  nhi_severity severity;
  const char* path;
  uint64_t line;            /* 1-based */
  uint64_t column;          /* 1-based, in bytes */
  const char* fingerprint;  /* lowercase hex; the same secret gives the same fingerprint */
  const char* redacted;     /* a preview that does not reveal the secret */
  const char* decoded;      /* the encoding the secret was found under ("base64", ...) or "" */
  const char* external_id;  /* a public id of the credential (an AWS key id) or "" */
  const char* secret;
  const char* commit;       /* git: the commit that introduced the blob at `path` */
  const char* author;
  const char* author_email;
  const char* date;         /* ISO 8601 */
  const char* blob;
  int in_head;              /* git: non-zero when HEAD still holds it; 1 for files */
} nhi_scan_finding;
#define NHI_SCAN_FINDING_INIT                                                                      \
  {NHI_C_API_VERSION, (uint32_t)sizeof(nhi_scan_finding), NULL, NULL, NULL, NULL, NHI_SEVERITY_INFO, \
   NULL, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0}

typedef struct nhi_scan_stats {
  uint32_t abi_version;
  uint32_t struct_size;
  uint64_t files_scanned;  /* files, or git blobs */
  uint64_t bytes_scanned;
  uint64_t files_skipped;
  uint64_t findings;
  uint64_t suppressed;
  uint64_t diagnostics;    /* things the scan could not do, or did in part */
  uint64_t duration_ms;
} nhi_scan_stats;
#define NHI_SCAN_STATS_INIT {NHI_C_API_VERSION, (uint32_t)sizeof(nhi_scan_stats), 0, 0, 0, 0, 0, 0, 0}

/* Findings are sorted by path, line and column. */
NHI_C_API size_t nhi_result_finding_count(const nhi_result* result);
/* Fills `out` (initialised with NHI_SCAN_FINDING_INIT) with finding `index`. */
NHI_C_API int nhi_result_finding(nhi_scan_finding* out, const nhi_result* result, size_t index);
NHI_C_API int nhi_result_stats(nhi_scan_stats* out, const nhi_result* result);
/* The report of `nhi scan --format json` ({"findings": [...], "stats": {...}}),
 * with secrets only if they were captured. Free *out with nhi_string_free. */
NHI_C_API int nhi_result_json(char** out, size_t* len, const nhi_result* result);
NHI_C_API void nhi_result_free(nhi_result* result);

/* --- Inventory ------------------------------------------------------------ */

/* Opens the inventory at `path`, creating it (mode 0600) when
 * `create_if_missing` is non-zero. */
NHI_C_API int nhi_inventory_open(nhi_inventory** out, const char* path, int create_if_missing);
/* Records a scan's findings as a snapshot of `target` (what was scanned: a
 * repository URL or path) taken at `as_of` (ISO 8601; NULL: now). Only
 * fingerprints and previews are stored, never secrets. */
NHI_C_API int nhi_inventory_record_scan(nhi_inventory* inventory, const nhi_result* result, const char* target,
                                        const char* as_of);
/* The identity export ({"identities": [...]}, docs/inventory.md) judged at
 * `as_of` (NULL: now) under the default policy. Free *out with nhi_string_free. */
NHI_C_API int nhi_inventory_export_json(char** out, size_t* len, const nhi_inventory* inventory, const char* as_of);
NHI_C_API void nhi_inventory_free(nhi_inventory* inventory);

#ifdef __cplusplus
}
#endif

#endif /* NHI_NHI_H */
