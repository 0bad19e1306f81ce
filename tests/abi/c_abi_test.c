/* SPDX-License-Identifier: Apache-2.0 */
/* The plugin ABI from C. This file is built with -std=c99 -Wall -Wextra
 * -pedantic -Werror, so plugin.h must compile there; it then checks that the
 * constants and layouts docs/plugins.md promises hold, and runs a plugin
 * written in C against a host table (a fake host, also in C). */
#include <stdio.h>
#include <string.h>

#include "nhi/plugin.h"

static int failures;
#define CHECK(cond)                                                               \
  do {                                                                            \
    if (!(cond)) {                                                                \
      fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond);    \
      ++failures;                                                                 \
    }                                                                             \
  } while (0)

/* ---- A plugin: reports each "SECRET" in a buffer --------------------------- */

static const nhi_host_api* host;

static int demo_detect(void* state, nhi_ctx* ctx, nhi_str data, nhi_str path) {
  size_t i;
  (void)state;
  (void)path;
  for (i = 0; i + 6 <= data.len; ++i) {
    if (memcmp(data.ptr + i, "SECRET", 6) == 0) {
      nhi_detection d = NHI_DETECTION_INIT;
      int rc;
      d.rule_id = NHI_STR_LIT("demo-secret");
      d.offset = i;
      d.length = 6;
      rc = host->detection_add(ctx, &d);
      if (rc != NHI_OK) return rc;
    }
  }
  return NHI_OK;
}

static const nhi_detector demo_detector = {NHI_ABI_VERSION, (uint32_t)sizeof(nhi_detector), "demo", demo_detect};
static const nhi_detector* const demo_detectors[] = {&demo_detector};
static const nhi_plugin_desc demo_desc = {
    NHI_ABI_VERSION, (uint32_t)sizeof(nhi_plugin_desc), "demo", "1.0.0", demo_detectors, 1, NULL, 0, NULL, 0, NULL};

NHI_PLUGIN_EXPORT int nhi_plugin_init_v1(const nhi_plugin_desc** out_desc, void** out_state, nhi_ctx* ctx,
                                         const nhi_host_api* h) {
  nhi_str options;
  if (h->abi_version != NHI_ABI_VERSION || !NHI_STRUCT_HAS(h, nhi_host_api, detection_add))
    return NHI_ERR_UNSUPPORTED;
  if (h->options_get(&options, ctx) != NHI_OK) return NHI_ERR;
  if (options.len > 0) {
    static const char msg[] = "demo takes no options";
    h->error_set(ctx, msg, sizeof msg - 1);
    return NHI_ERR_INVALID;
  }
  host = h;
  *out_desc = &demo_desc;
  *out_state = NULL;
  return NHI_OK;
}

/* ---- A fake host ------------------------------------------------------------ */

struct nhi_ctx {
  char error[128];
  nhi_str options;
  nhi_detection last;
  int detections;
};

static int fake_error_set(nhi_ctx* ctx, const char* message, size_t len) {
  if (len >= sizeof ctx->error) len = sizeof ctx->error - 1;
  memcpy(ctx->error, message, len);
  ctx->error[len] = '\0';
  return NHI_OK;
}

static int fake_options_get(nhi_str* out_options, nhi_ctx* ctx) {
  *out_options = ctx->options;
  return NHI_OK;
}

static int fake_detection_add(nhi_ctx* ctx, const nhi_detection* d) {
  if (d->abi_version != NHI_ABI_VERSION || !NHI_STRUCT_HAS(d, nhi_detection, length)) return NHI_ERR_INVALID;
  ctx->last = *d;
  ++ctx->detections;
  return NHI_OK;
}

static int fake_blob_emit(nhi_ctx* ctx, const nhi_blob* blob) {
  (void)ctx;
  (void)blob;
  return NHI_STOP;
}

static const nhi_host_api fake_host = {NHI_ABI_VERSION, (uint32_t)sizeof(nhi_host_api), fake_error_set,
                                       fake_options_get, fake_detection_add, fake_blob_emit};

/* ---- Checks ----------------------------------------------------------------- */

/* Result codes and severities are part of the ABI: their values never change. */
static void check_constants(void) {
  CHECK(NHI_ABI_VERSION == 1);
  CHECK(NHI_OK == 0 && NHI_STOP == 1);
  CHECK(NHI_ERR == -1 && NHI_ERR_INVALID == -2 && NHI_ERR_NOMEM == -3 && NHI_ERR_IO == -4);
  CHECK(NHI_ERR_PARSE == -5 && NHI_ERR_NOT_FOUND == -6 && NHI_ERR_UNSUPPORTED == -7);
  CHECK(NHI_SEVERITY_INFO == 0 && NHI_SEVERITY_LOW == 1 && NHI_SEVERITY_MEDIUM == 2);
  CHECK(NHI_SEVERITY_HIGH == 3 && NHI_SEVERITY_CRITICAL == 4);
}

#define CHECK_HEADER(type, value)                                    \
  do {                                                               \
    type v_ = value;                                                 \
    CHECK(offsetof(type, abi_version) == 0);                         \
    CHECK(offsetof(type, struct_size) == 4);                         \
    CHECK(v_.abi_version == NHI_ABI_VERSION);                        \
    CHECK(v_.struct_size == sizeof(type));                           \
  } while (0)

static void check_init_macros(void) {
  CHECK_HEADER(nhi_detection, NHI_DETECTION_INIT);
  CHECK_HEADER(nhi_blob, NHI_BLOB_INIT);
  CHECK_HEADER(nhi_finding, NHI_FINDING_INIT);
  CHECK_HEADER(nhi_scan_summary, NHI_SCAN_SUMMARY_INIT);
  CHECK_HEADER(nhi_detector, NHI_DETECTOR_INIT);
  CHECK_HEADER(nhi_source, NHI_SOURCE_INIT);
  CHECK_HEADER(nhi_reporter, NHI_REPORTER_INIT);
  CHECK_HEADER(nhi_plugin_desc, NHI_PLUGIN_DESC_INIT);
  {
    nhi_detection d = NHI_DETECTION_INIT;
    nhi_blob b = NHI_BLOB_INIT;
    CHECK(d.severity == NHI_SEVERITY_HIGH && d.rule_id.ptr == NULL && d.length == 0);
    CHECK(b.in_head == 1 && b.path.len == 0);
  }
}

/* Fields never move: a v1.0 plugin's struct must read the same in every 1.x
 * host. Pinned through sizes, so the checks hold on 32- and 64-bit targets. */
static void check_layout(void) {
  const size_t s = sizeof(nhi_str), fn = sizeof(int (*)(void));
  CHECK(sizeof(nhi_str) == sizeof(const char*) + sizeof(size_t));
  CHECK(offsetof(nhi_detection, rule_id) == 8);
  CHECK(offsetof(nhi_detection, severity) == 8 + 4 * s);
  CHECK(offsetof(nhi_blob, path) == 8 && offsetof(nhi_blob, in_head) == 8 + 7 * s);
  CHECK(offsetof(nhi_finding, severity) == 8 + 4 * s);
  CHECK(offsetof(nhi_host_api, error_set) == 8);
  CHECK(offsetof(nhi_host_api, options_get) == 8 + fn);
  CHECK(offsetof(nhi_host_api, detection_add) == 8 + 2 * fn);
  CHECK(offsetof(nhi_host_api, blob_emit) == 8 + 3 * fn);
  CHECK(offsetof(nhi_detector, name) == 8 && offsetof(nhi_source, name) == 8 && offsetof(nhi_reporter, name) == 8);
  CHECK(offsetof(nhi_plugin_desc, name) == 8);
  CHECK(offsetof(nhi_plugin_desc, detectors) < offsetof(nhi_plugin_desc, sources));
  CHECK(offsetof(nhi_plugin_desc, sources) < offsetof(nhi_plugin_desc, reporters));
  CHECK(offsetof(nhi_plugin_desc, reporters) < offsetof(nhi_plugin_desc, destroy));
}

static void check_struct_has(void) {
  nhi_detection d = NHI_DETECTION_INIT;
  CHECK(NHI_STRUCT_HAS(&d, nhi_detection, length));
  d.struct_size = (uint32_t)offsetof(nhi_detection, length); /* as if built before `length` existed */
  CHECK(!NHI_STRUCT_HAS(&d, nhi_detection, length));
  CHECK(NHI_STRUCT_HAS(&d, nhi_detection, offset));
}

static void check_helpers(void) {
  nhi_str lit = NHI_STR_LIT("acme");
  nhi_str made = nhi_str_make("abcdef", 3);
  CHECK(lit.len == 4 && memcmp(lit.ptr, "acme", 4) == 0);
  CHECK(made.len == 3);
  CHECK(strcmp(nhi_severity_name(NHI_SEVERITY_CRITICAL), "critical") == 0);
  CHECK(strcmp(nhi_severity_name(NHI_SEVERITY_INFO), "info") == 0);
  CHECK(strcmp(nhi_severity_name(42), "unknown") == 0);
}

static void check_plugin_round_trip(void) {
  nhi_plugin_init_v1_fn init = nhi_plugin_init_v1; /* the typedef matches the declaration */
  const nhi_plugin_desc* desc = NULL;
  void* state = &failures;
  nhi_ctx ctx;
  static const char text[] = "key = SECRET;";
  memset(&ctx, 0, sizeof ctx);

  ctx.options = NHI_STR_LIT("verbose");
  CHECK(init(&desc, &state, &ctx, &fake_host) == NHI_ERR_INVALID);
  CHECK(strcmp(ctx.error, "demo takes no options") == 0);

  ctx.options = nhi_str_make("", 0);
  CHECK(init(&desc, &state, &ctx, &fake_host) == NHI_OK);
  CHECK(desc != NULL && strcmp(desc->name, "demo") == 0 && desc->detector_count == 1);
  CHECK(state == NULL);
  if (!desc || desc->detector_count != 1) return;
  CHECK(desc->detectors[0]->detect(state, &ctx, NHI_STR_LIT(text), NHI_STR_LIT("a.txt")) == NHI_OK);
  CHECK(ctx.detections == 1);
  CHECK(ctx.last.offset == 6 && ctx.last.length == 6);
  CHECK(ctx.last.rule_id.len == 11 && memcmp(ctx.last.rule_id.ptr, "demo-secret", 11) == 0);
}

int main(void) {
  check_constants();
  check_init_macros();
  check_layout();
  check_struct_has();
  check_helpers();
  check_plugin_round_trip();
  if (failures) fprintf(stderr, "%d check(s) failed\n", failures);
  return failures ? 1 : 0;
}
