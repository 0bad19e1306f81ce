/* SPDX-License-Identifier: Apache-2.0 */
/* A plugin that misbehaves on request, for the host's error paths.
 *
 * Detector "faulty": reports each FAULTY-<12 alphanumerics>; a buffer holding
 *   FAIL_DETECT  fails with a message (NHI_ERR_IO),
 *   BAD_OFFSET   adds a detection outside the buffer and returns the error,
 *   SWALLOW_BAD  adds one and returns NHI_OK anyway.
 * Source "faulty": emits blob1.txt .. blob3.txt, each with one token.
 * Reporter "faulty": accepts findings.
 * Options (words anywhere in the string):
 *   stop_after=N  the reporter answers NHI_STOP to its Nth finding
 *   fail_begin, fail_report, fail_end   the reporter fails there
 *   ignore_stop   the source keeps emitting after NHI_STOP
 *   fail_source   the source fails after its first blob (NHI_ERR_PARSE)
 *   bad_blob      the source emits a blob without a path
 *   broken_desc   the description lists a reporter without a report function
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nhi/plugin.h"

static const nhi_host_api* host;

struct faulty_state {
  char options[256];
  long stop_after;
  long reported;
};

static int has(const struct faulty_state* s, const char* word) { return strstr(s->options, word) != NULL; }

static int fail(nhi_ctx* ctx, int code, const char* msg) {
  host->error_set(ctx, msg, strlen(msg));
  return code;
}

static int contains(nhi_str data, const char* word) {
  const size_t n = strlen(word);
  size_t i;
  for (i = 0; i + n <= data.len; ++i)
    if (memcmp(data.ptr + i, word, n) == 0) return 1;
  return 0;
}

static int is_alnum(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

static int faulty_detect(void* state, nhi_ctx* ctx, nhi_str data, nhi_str path) {
  nhi_detection d = NHI_DETECTION_INIT;
  size_t i, j;
  (void)state;
  (void)path;
  d.rule_id = NHI_STR_LIT("faulty-token");
  d.provider = NHI_STR_LIT("faulty");
  d.kind = NHI_STR_LIT("token");
  d.severity = NHI_SEVERITY_MEDIUM;
  if (contains(data, "FAIL_DETECT")) return fail(ctx, NHI_ERR_IO, "asked to fail");
  if (contains(data, "BAD_OFFSET") || contains(data, "SWALLOW_BAD")) {
    int rc;
    d.offset = data.len;
    d.length = 5;
    rc = host->detection_add(ctx, &d);
    return contains(data, "SWALLOW_BAD") ? NHI_OK : rc;
  }
  for (i = 0; i + 19 <= data.len; ++i) {
    if (memcmp(data.ptr + i, "FAULTY-", 7) != 0) continue;
    for (j = 0; j < 12 && is_alnum(data.ptr[i + 7 + j]); ++j) {}
    if (j < 12) continue;
    d.offset = i;
    d.length = 19;
    if (host->detection_add(ctx, &d) != NHI_OK) return NHI_ERR;
  }
  return NHI_OK;
}

static int faulty_run(void* state, nhi_ctx* ctx) {
  const struct faulty_state* s = (const struct faulty_state*)state;
  int i, stopped = 0;
  for (i = 1; i <= 3; ++i) {
    char path[32], text[64];
    nhi_blob blob = NHI_BLOB_INIT;
    int rc;
    snprintf(path, sizeof path, "blob%d.txt", i);
    snprintf(text, sizeof text, "token = FAULTY-%012d\n", 100000 + i);
    blob.path = has(s, "bad_blob") ? nhi_str_make(NULL, 0) : nhi_str_make(path, strlen(path));
    blob.data = nhi_str_make(text, strlen(text));
    rc = host->blob_emit(ctx, &blob);
    if (rc < 0) return rc;
    if (rc == NHI_STOP) {
      stopped = 1;
      if (!has(s, "ignore_stop")) break;
    }
    if (has(s, "fail_source")) return fail(ctx, NHI_ERR_PARSE, "export truncated after blob 1");
  }
  return stopped ? NHI_STOP : NHI_OK;
}

static int faulty_begin(void* state, nhi_ctx* ctx) {
  struct faulty_state* s = (struct faulty_state*)state;
  s->reported = 0;
  return has(s, "fail_begin") ? fail(ctx, NHI_ERR_IO, "cannot open the ticket system") : NHI_OK;
}

static int faulty_report(void* state, nhi_ctx* ctx, const nhi_finding* f) {
  struct faulty_state* s = (struct faulty_state*)state;
  (void)f;
  ++s->reported;
  if (has(s, "fail_report")) return fail(ctx, NHI_ERR_IO, "cannot reach the ticket system");
  return s->stop_after > 0 && s->reported >= s->stop_after ? NHI_STOP : NHI_OK;
}

static int faulty_end(void* state, nhi_ctx* ctx, const nhi_scan_summary* summary) {
  struct faulty_state* s = (struct faulty_state*)state;
  (void)summary;
  return has(s, "fail_end") ? fail(ctx, NHI_ERR_IO, "flush failed") : NHI_OK;
}

static const nhi_detector detector = {NHI_ABI_VERSION, (uint32_t)sizeof(nhi_detector), "faulty", faulty_detect};
static const nhi_source source = {NHI_ABI_VERSION, (uint32_t)sizeof(nhi_source), "faulty", faulty_run};
static const nhi_reporter reporter = {
    NHI_ABI_VERSION, (uint32_t)sizeof(nhi_reporter), "faulty", faulty_begin, faulty_report, faulty_end};
static const nhi_reporter broken_reporter = {
    NHI_ABI_VERSION, (uint32_t)sizeof(nhi_reporter), "broken", NULL, NULL, NULL};
static const nhi_detector* const detectors[] = {&detector};
static const nhi_source* const sources[] = {&source};
static const nhi_reporter* const reporters[] = {&reporter};
static const nhi_reporter* const broken_reporters[] = {&broken_reporter};

static void faulty_destroy(void* state) { free(state); }

static const nhi_plugin_desc desc = {
    NHI_ABI_VERSION, (uint32_t)sizeof(nhi_plugin_desc), "faulty", "0.0.1",
    detectors, 1, sources, 1, reporters, 1, faulty_destroy};
static const nhi_plugin_desc broken_desc = {
    NHI_ABI_VERSION, (uint32_t)sizeof(nhi_plugin_desc), "broken", "0.0.1",
    NULL, 0, NULL, 0, broken_reporters, 1, faulty_destroy};

NHI_PLUGIN_EXPORT int nhi_plugin_init_v1(const nhi_plugin_desc** out_desc, void** out_state, nhi_ctx* ctx,
                                         const nhi_host_api* h) {
  nhi_str options;
  struct faulty_state* s;
  const char* stop;
  host = h;
  if (h->options_get(&options, ctx) != NHI_OK) return NHI_ERR;
  if (options.len >= sizeof s->options) return fail(ctx, NHI_ERR_INVALID, "options too long");
  s = (struct faulty_state*)calloc(1, sizeof *s);
  if (!s) return NHI_ERR_NOMEM;
  if (options.len) memcpy(s->options, options.ptr, options.len);
  stop = strstr(s->options, "stop_after=");
  s->stop_after = stop ? strtol(stop + 11, NULL, 10) : 0;
  *out_desc = has(s, "broken_desc") ? &broken_desc : &desc;
  *out_state = s;
  return NHI_OK;
}
