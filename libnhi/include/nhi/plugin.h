/* SPDX-License-Identifier: Apache-2.0 */
/* libnhi — the plugin ABI, version 1. Pure C99; also compiles as C++.
 *
 * A plugin is a shared object that exports one function, nhi_plugin_init_v1.
 * It includes this header alone and links no libnhi symbol: everything it
 * asks of the host goes through the nhi_host_api table it is given.
 * docs/plugins.md explains how to write, build and load one.
 *
 * Conventions (libgit2's, see its docs/conventions.md):
 * - Every struct that crosses the boundary, except nhi_str, begins with
 *   abi_version and struct_size and only ever grows at its end. Initialise
 *   the ones you fill with their _INIT macro. Whoever reads a struct reads a
 *   field only when struct_size says it is there (NHI_STRUCT_HAS).
 * - Functions return an int: NHI_OK, NHI_STOP or a negative NHI_ERR_* code.
 *   A message for an error goes through host->error_set before returning it.
 * - Out-parameters come first. Handles (nhi_ctx) are opaque.
 * - Strings are pointer + length (nhi_str). Everything passed to a call is
 *   borrowed: valid only until that call returns. Copy what you keep.
 * - Memory is freed by the side that allocated it. No C++ type or exception
 *   crosses the boundary.
 */
#ifndef NHI_PLUGIN_H
#define NHI_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The major version of the ABI. Within a major version structs only grow at
 * their end, so a plugin built against any 1.x header loads in any host that
 * speaks version 1. A version 2 would come with nhi_plugin_init_v2. */
#define NHI_ABI_VERSION 1u

/* Exports the entry point from a plugin built with -fvisibility=hidden. */
#if defined(_WIN32)
#  define NHI_PLUGIN_EXPORT __declspec(dllexport)
#elif defined(__GNUC__)
#  define NHI_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
#  define NHI_PLUGIN_EXPORT
#endif

/* Result codes. Values never change; new codes may be added. */
typedef enum nhi_code {
  NHI_OK = 0,
  NHI_STOP = 1,               /* not a failure: stop the scan (sources, reporters) */
  NHI_ERR = -1,               /* a failure no other code describes */
  NHI_ERR_INVALID = -2,       /* an unusable argument, option or struct */
  NHI_ERR_NOMEM = -3,         /* out of memory */
  NHI_ERR_IO = -4,            /* a file or device could not be read or written */
  NHI_ERR_PARSE = -5,         /* malformed input, e.g. a line of an export file */
  NHI_ERR_NOT_FOUND = -6,     /* something named does not exist */
  NHI_ERR_UNSUPPORTED = -7    /* e.g. the host lacks a function the plugin needs */
} nhi_code;

/* Severities, as nhi::severity. */
typedef enum nhi_severity {
  NHI_SEVERITY_INFO = 0,
  NHI_SEVERITY_LOW = 1,
  NHI_SEVERITY_MEDIUM = 2,
  NHI_SEVERITY_HIGH = 3,
  NHI_SEVERITY_CRITICAL = 4
} nhi_severity;

/* Bytes owned by someone else. len == 0 may come with ptr == NULL. Strings
 * the host passes are also NUL-terminated (ptr[len] == 0); a plugin's need
 * not be. nhi_str is frozen: it will never grow. */
typedef struct nhi_str {
  const char* ptr;
  size_t len;
} nhi_str;

/* True when the struct at `ptr` is large enough to hold `field`. */
#define NHI_STRUCT_HAS(ptr, type, field) \
  ((size_t)(ptr)->struct_size >= offsetof(type, field) + sizeof(((type*)0)->field))

/* The host's side of the call in progress: passed to every plugin function,
 * handed back to the host functions. Valid only during that call. */
typedef struct nhi_ctx nhi_ctx;

/* ---- What plugins give the host ------------------------------------------ */

/* A secret a detector found in the buffer it was given. */
typedef struct nhi_detection {
  uint32_t abi_version;
  uint32_t struct_size;
  nhi_str rule_id;     /* required; stable, e.g. "acme-live-token" */
  nhi_str rule_name;   /* e.g. "ACME live API token"; empty: the rule_id */
  nhi_str provider;    /* e.g. "acme" */
  nhi_str kind;        /* api_key, token, private_key, password, ...; empty: "generic" */
  int severity;        /* an nhi_severity */
  size_t offset;       /* byte offset of the secret in the buffer */
  size_t length;       /* byte length of the secret; > 0 */
} nhi_detection;
#define NHI_DETECTION_INIT \
  { NHI_ABI_VERSION, (uint32_t)sizeof(nhi_detection), {NULL, 0}, {NULL, 0}, {NULL, 0}, {NULL, 0}, \
    NHI_SEVERITY_HIGH, 0, 0 }

/* A blob a source yields: bytes to scan and where they come from. The git
 * fields are optional; the blob has git provenance when commit is not empty. */
typedef struct nhi_blob {
  uint32_t abi_version;
  uint32_t struct_size;
  nhi_str path;          /* required; shown in reports */
  nhi_str data;          /* the bytes to scan */
  nhi_str blob_id;       /* full object id */
  nhi_str commit;        /* full id of the commit that introduced the blob at path */
  nhi_str author;
  nhi_str author_email;
  nhi_str date;          /* ISO 8601 */
  int in_head;           /* nonzero: still present at HEAD */
} nhi_blob;
#define NHI_BLOB_INIT \
  { NHI_ABI_VERSION, (uint32_t)sizeof(nhi_blob), {NULL, 0}, {NULL, 0}, {NULL, 0}, {NULL, 0}, \
    {NULL, 0}, {NULL, 0}, {NULL, 0}, 1 }

/* ---- What the host gives plugins ----------------------------------------- */

/* One finding, as nhi::finding. Strings are empty when unknown; the git
 * fields are empty unless the finding comes from git history. */
typedef struct nhi_finding {
  uint32_t abi_version;
  uint32_t struct_size;
  nhi_str rule_id;
  nhi_str rule_name;
  nhi_str provider;
  nhi_str kind;
  int severity;          /* an nhi_severity */
  nhi_str path;
  uint64_t line;         /* 1-based */
  uint64_t column;       /* 1-based, in bytes */
  nhi_str fingerprint;   /* lowercase hex SHA-256 of the secret */
  nhi_str redacted;      /* a preview that does not reveal the secret */
  nhi_str decoded;       /* the encoding the secret was found under ("base64", ...) or empty */
  nhi_str secret;        /* the plaintext; empty unless the user asked for secrets */
  nhi_str blob_id;
  nhi_str commit;
  nhi_str author;
  nhi_str author_email;
  nhi_str date;
  int in_head;
} nhi_finding;
#define NHI_FINDING_INIT \
  { NHI_ABI_VERSION, (uint32_t)sizeof(nhi_finding), {NULL, 0}, {NULL, 0}, {NULL, 0}, {NULL, 0}, \
    NHI_SEVERITY_HIGH, {NULL, 0}, 0, 0, {NULL, 0}, {NULL, 0}, {NULL, 0}, {NULL, 0}, {NULL, 0}, \
    {NULL, 0}, {NULL, 0}, {NULL, 0}, {NULL, 0}, 1 }

/* The numbers of a finished scan, given to a reporter's end. */
typedef struct nhi_scan_summary {
  uint32_t abi_version;
  uint32_t struct_size;
  uint64_t files_scanned;
  uint64_t bytes_scanned;
  uint64_t findings;
  uint64_t suppressed;
  uint64_t diagnostics;
  int stopped;           /* nonzero: a sink or source stopped the scan early */
} nhi_scan_summary;
#define NHI_SCAN_SUMMARY_INIT \
  { NHI_ABI_VERSION, (uint32_t)sizeof(nhi_scan_summary), 0, 0, 0, 0, 0, 0 }

/* The host function table. It lives as long as the process, so a plugin may
 * keep the pointer. It grows only at its end: before calling a function added
 * after 1.0, check NHI_STRUCT_HAS(host, nhi_host_api, function). Every
 * function is safe to call from any thread with the ctx of its call. */
typedef struct nhi_host_api {
  uint32_t abi_version;
  uint32_t struct_size;
  /* Sets the message of the error the current call is about to return.
   * The host copies it. Any ctx. */
  int (*error_set)(nhi_ctx* ctx, const char* message, size_t len);
  /* The OPTIONS of `--plugin FILE:OPTIONS` (empty when none), for the plugin
   * to parse. Only during nhi_plugin_init_v1. */
  int (*options_get)(nhi_str* out_options, nhi_ctx* ctx);
  /* Reports a secret in the buffer being detected. The host copies it.
   * Only during nhi_detector.detect. */
  int (*detection_add)(nhi_ctx* ctx, const nhi_detection* detection);
  /* Scans one blob and hands its findings on. Returns NHI_STOP when the scan
   * must stop: the source then returns promptly (NHI_STOP or NHI_OK). Only
   * during nhi_source.run, on the thread that called it. */
  int (*blob_emit)(nhi_ctx* ctx, const nhi_blob* blob);
} nhi_host_api;

/* ---- What a plugin provides ---------------------------------------------- */

/* `state` in the functions below is the *out_state the plugin's init set. */

/* Finds secrets in one buffer. Called from several threads at once: detect
 * must be thread-safe. Report each secret with host->detection_add. An
 * NHI_ERR_* return discards this call's detections and becomes a diagnostic
 * for the buffer; the scan goes on. NHI_STOP is treated as NHI_OK. */
typedef struct nhi_detector {
  uint32_t abi_version;
  uint32_t struct_size;
  const char* name;      /* required, NUL-terminated */
  int (*detect)(void* state, nhi_ctx* ctx, nhi_str data, nhi_str path);
} nhi_detector;
#define NHI_DETECTOR_INIT { NHI_ABI_VERSION, (uint32_t)sizeof(nhi_detector), NULL, NULL }

/* Yields blobs with host->blob_emit until done, or until blob_emit says stop.
 * Called once per scan, from one thread. */
typedef struct nhi_source {
  uint32_t abi_version;
  uint32_t struct_size;
  const char* name;      /* required, NUL-terminated */
  int (*run)(void* state, nhi_ctx* ctx);
} nhi_source;
#define NHI_SOURCE_INIT { NHI_ABI_VERSION, (uint32_t)sizeof(nhi_source), NULL, NULL }

/* Receives findings one at a time, from one thread at a time: begin, then
 * report for each finding, then end. report returns NHI_OK to go on, NHI_STOP
 * to halt the scan, or an NHI_ERR_* code (which also halts it). end is called
 * whenever begin succeeded, also after a stop or an error. */
typedef struct nhi_reporter {
  uint32_t abi_version;
  uint32_t struct_size;
  const char* name;      /* required, NUL-terminated */
  int (*begin)(void* state, nhi_ctx* ctx);                           /* optional */
  int (*report)(void* state, nhi_ctx* ctx, const nhi_finding* finding);
  int (*end)(void* state, nhi_ctx* ctx, const nhi_scan_summary* summary);  /* optional */
} nhi_reporter;
#define NHI_REPORTER_INIT { NHI_ABI_VERSION, (uint32_t)sizeof(nhi_reporter), NULL, NULL, NULL, NULL }

/* What the plugin is and provides. It must stay valid and unchanged until the
 * plugin is unloaded (a static const object is the usual choice). The arrays
 * hold pointers so that each element carries its own struct_size. */
typedef struct nhi_plugin_desc {
  uint32_t abi_version;
  uint32_t struct_size;
  const char* name;                        /* required, NUL-terminated, e.g. "acme-tokens" */
  const char* version;                     /* optional, e.g. "1.0.0" */
  const nhi_detector* const* detectors;
  size_t detector_count;
  const nhi_source* const* sources;
  size_t source_count;
  const nhi_reporter* const* reporters;
  size_t reporter_count;
  /* Frees the state init returned; called once, before unloading. Optional. */
  void (*destroy)(void* state);
} nhi_plugin_desc;
#define NHI_PLUGIN_DESC_INIT \
  { NHI_ABI_VERSION, (uint32_t)sizeof(nhi_plugin_desc), NULL, NULL, NULL, 0, NULL, 0, NULL, 0, NULL }

/* ---- The entry point ------------------------------------------------------ */

/* Called once per load, before anything else. Sets *out_desc to the plugin's
 * description and *out_state to the state its functions receive (may be
 * NULL). `host` is the host function table; `ctx` serves error_set and
 * options_get. On failure, return an NHI_ERR_* code after host->error_set:
 * the host then refuses the plugin with that message and unloads it. */
typedef int (*nhi_plugin_init_v1_fn)(const nhi_plugin_desc** out_desc, void** out_state, nhi_ctx* ctx,
                                     const nhi_host_api* host);
NHI_PLUGIN_EXPORT int nhi_plugin_init_v1(const nhi_plugin_desc** out_desc, void** out_state, nhi_ctx* ctx,
                                         const nhi_host_api* host);

/* ---- Helpers (inline: plugins stay free of host symbols) ------------------ */

static inline nhi_str nhi_str_make(const char* ptr, size_t len) {
  nhi_str s;
  s.ptr = ptr;
  s.len = len;
  return s;
}

/* An nhi_str for a string literal. */
#define NHI_STR_LIT(literal) nhi_str_make((literal), sizeof(literal) - 1)

/* "info", "low", "medium", "high", "critical"; "unknown" otherwise. */
static inline const char* nhi_severity_name(int severity) {
  switch (severity) {
    case NHI_SEVERITY_INFO: return "info";
    case NHI_SEVERITY_LOW: return "low";
    case NHI_SEVERITY_MEDIUM: return "medium";
    case NHI_SEVERITY_HIGH: return "high";
    case NHI_SEVERITY_CRITICAL: return "critical";
    default: return "unknown";
  }
}

#ifdef __cplusplus
}
#endif

#endif /* NHI_PLUGIN_H */
