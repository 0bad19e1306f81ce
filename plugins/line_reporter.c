/* SPDX-License-Identifier: Apache-2.0 */
/* Example reporter plugin: one line per finding,
 *
 *   path:line:column: severity rule-id redacted-preview fp=<first 16 hex> [commit=<id>]
 *
 * written to the file given as the plugin's option (created 0600: reports
 * point at secrets), or to standard error when there is none:
 *   nhi scan --plugin build/plugins/line_reporter.so:findings.txt PATH
 * It never writes the plaintext secret.
 */
#define _POSIX_C_SOURCE 200809L /* open, fdopen */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nhi/plugin.h"

static const nhi_host_api* host;

struct reporter_state {
  char* out_path; /* NULL: standard error */
  FILE* out;      /* open between begin and end */
};

static int fail_errno(nhi_ctx* ctx, const char* what, const char* path) {
  char msg[512];
  int n = snprintf(msg, sizeof msg, "%s %s: %s", what, path ? path : "standard error", strerror(errno));
  if (n < 0) n = 0;
  if ((size_t)n >= sizeof msg) n = (int)sizeof msg - 1;
  host->error_set(ctx, msg, (size_t)n);
  return NHI_ERR_IO;
}

static int line_begin(void* state, nhi_ctx* ctx) {
  struct reporter_state* s = (struct reporter_state*)state;
  int fd;
  if (!s->out_path) {
    s->out = stderr;
    return NHI_OK;
  }
  fd = open(s->out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return fail_errno(ctx, "cannot create", s->out_path);
  s->out = fdopen(fd, "w");
  if (!s->out) {
    close(fd);
    return fail_errno(ctx, "cannot create", s->out_path);
  }
  return NHI_OK;
}

static int line_report(void* state, nhi_ctx* ctx, const nhi_finding* f) {
  struct reporter_state* s = (struct reporter_state*)state;
  /* Fields past v1.0 would be read only after NHI_STRUCT_HAS(f, nhi_finding, field). */
  fprintf(s->out, "%.*s:%llu:%llu: %s %.*s %.*s fp=%.*s", (int)f->path.len, f->path.ptr,
          (unsigned long long)f->line, (unsigned long long)f->column, nhi_severity_name(f->severity),
          (int)f->rule_id.len, f->rule_id.ptr, (int)f->redacted.len, f->redacted.ptr,
          (int)(f->fingerprint.len < 16 ? f->fingerprint.len : 16), f->fingerprint.ptr);
  if (f->commit.len > 0) fprintf(s->out, " commit=%.*s", (int)f->commit.len, f->commit.ptr);
  if (fputc('\n', s->out) == EOF) return fail_errno(ctx, "cannot write", s->out_path);
  return NHI_OK;
}

static int line_end(void* state, nhi_ctx* ctx, const nhi_scan_summary* summary) {
  struct reporter_state* s = (struct reporter_state*)state;
  int failed;
  (void)summary;
  if (!s->out) return NHI_OK;
  failed = s->out == stderr ? fflush(s->out) != 0 : fclose(s->out) != 0;
  s->out = NULL;
  return failed ? fail_errno(ctx, "cannot write", s->out_path) : NHI_OK;
}

static void line_destroy(void* state) {
  struct reporter_state* s = (struct reporter_state*)state;
  if (!s) return;
  if (s->out && s->out != stderr) fclose(s->out);
  free(s->out_path);
  free(s);
}

static const nhi_reporter line_reporter = {
    NHI_ABI_VERSION, (uint32_t)sizeof(nhi_reporter), "lines", line_begin, line_report, line_end};
static const nhi_reporter* const reporters[] = {&line_reporter};

static const nhi_plugin_desc desc = {
    NHI_ABI_VERSION, (uint32_t)sizeof(nhi_plugin_desc), "line-reporter", "1.0.0",
    NULL, 0, NULL, 0, reporters, 1, line_destroy};

NHI_PLUGIN_EXPORT int nhi_plugin_init_v1(const nhi_plugin_desc** out_desc, void** out_state, nhi_ctx* ctx,
                                         const nhi_host_api* h) {
  nhi_str options;
  struct reporter_state* s;
  if (h->abi_version != NHI_ABI_VERSION || !NHI_STRUCT_HAS(h, nhi_host_api, options_get)) return NHI_ERR_UNSUPPORTED;
  host = h;
  if (h->options_get(&options, ctx) != NHI_OK) return NHI_ERR;
  s = (struct reporter_state*)calloc(1, sizeof *s);
  if (!s) return NHI_ERR_NOMEM;
  if (options.len > 0) {
    s->out_path = (char*)malloc(options.len + 1);
    if (!s->out_path) {
      free(s);
      return NHI_ERR_NOMEM;
    }
    memcpy(s->out_path, options.ptr, options.len);
    s->out_path[options.len] = '\0';
  }
  *out_desc = &desc;
  *out_state = s;
  return NHI_OK;
}
