/* SPDX-License-Identifier: Apache-2.0 */
/* Example source plugin: blobs from an export file, one per line,
 *
 *   path<TAB>base64(content)[<TAB>commit<TAB>author<TAB>author_email<TAB>date]
 *
 * the form a tool that dumps a ticket system, a wiki or a remote repository
 * might produce. Empty lines and lines starting with '#' are skipped. The
 * optional columns give each blob git-like provenance.
 *
 * The export file is the plugin's option:
 *   nhi scan --plugin build/plugins/export_source.so:/path/to/export.tsv
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nhi/plugin.h"

static const nhi_host_api* host;

struct source_state {
  char* export_path;  /* NUL-terminated copy of the options */
};

/* Sets the message of the error about to be returned; returns `code`. */
static int fail(nhi_ctx* ctx, int code, const char* file, unsigned long line, const char* what) {
  char msg[512];
  int n = line ? snprintf(msg, sizeof msg, "%s:%lu: %s", file, line, what)
               : snprintf(msg, sizeof msg, "%s: %s", file, what);
  if (n < 0) n = 0;
  if ((size_t)n >= sizeof msg) n = (int)sizeof msg - 1;
  host->error_set(ctx, msg, (size_t)n);
  return code;
}

/* Reads the whole file into a malloc'd buffer. */
static int read_all(const char* path, char** out, size_t* out_len) {
  FILE* f = fopen(path, "rb");
  char* buf = NULL;
  size_t len = 0, cap = 0;
  if (!f) return -1;
  for (;;) {
    size_t got;
    if (len == cap) {
      char* grown;
      cap = cap ? cap * 2 : 65536;
      grown = (char*)realloc(buf, cap);
      if (!grown) {
        free(buf);
        fclose(f);
        errno = ENOMEM;
        return -1;
      }
      buf = grown;
    }
    got = fread(buf + len, 1, cap - len, f);
    len += got;
    if (got == 0) break;
  }
  if (ferror(f)) {
    free(buf);
    fclose(f);
    return -1;
  }
  fclose(f);
  *out = buf;
  *out_len = len;
  return 0;
}

static int b64_value(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

/* Decodes standard base64 (padding optional) in place; returns the decoded
 * length, or -1 when the text is not base64. */
static long b64_decode(char* text, size_t len) {
  size_t i, out = 0;
  unsigned long acc = 0;
  int bits = 0;
  while (len > 0 && text[len - 1] == '=') --len;
  for (i = 0; i < len; ++i) {
    const int v = b64_value((unsigned char)text[i]);
    if (v < 0) return -1;
    acc = (acc << 6) | (unsigned long)v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      text[out++] = (char)((acc >> bits) & 0xff);
    }
  }
  if (bits >= 6) return -1; /* a single dangling character */
  return (long)out;
}

/* The field at *p up to the next tab or `end`; advances *p past the tab. */
static char* next_field(char** p, char* end, size_t* len) {
  char* start = *p;
  char* tab = (char*)memchr(start, '\t', (size_t)(end - start));
  char* stop = tab ? tab : end;
  *p = tab ? tab + 1 : end;
  *len = (size_t)(stop - start);
  return start;
}

static int emit_line(nhi_ctx* ctx, const char* export_path, unsigned long line_no, char* line, char* end) {
  char* p = line;
  nhi_blob blob = NHI_BLOB_INIT;
  char* field;
  size_t len;
  long decoded;
  if (!memchr(line, '\t', (size_t)(end - line)))
    return fail(ctx, NHI_ERR_PARSE, export_path, line_no, "expected path<TAB>base64(content)");
  field = next_field(&p, end, &len);
  if (len == 0) return fail(ctx, NHI_ERR_PARSE, export_path, line_no, "empty path");
  blob.path = nhi_str_make(field, len);
  field = next_field(&p, end, &len);
  decoded = b64_decode(field, len); /* in place: the buffer is ours */
  if (decoded < 0) return fail(ctx, NHI_ERR_PARSE, export_path, line_no, "content is not valid base64");
  blob.data = nhi_str_make(field, (size_t)decoded);
  field = next_field(&p, end, &len);
  blob.commit = nhi_str_make(field, len);
  field = next_field(&p, end, &len);
  blob.author = nhi_str_make(field, len);
  field = next_field(&p, end, &len);
  blob.author_email = nhi_str_make(field, len);
  field = next_field(&p, end, &len);
  blob.date = nhi_str_make(field, len);
  return host->blob_emit(ctx, &blob);
}

static int export_run(void* state, nhi_ctx* ctx) {
  const struct source_state* s = (const struct source_state*)state;
  char* buf;
  size_t len;
  char* line;
  char* end;
  unsigned long line_no = 0;
  int rc = NHI_OK;
  if (read_all(s->export_path, &buf, &len) != 0) return fail(ctx, NHI_ERR_IO, s->export_path, 0, strerror(errno));
  end = buf + len;
  for (line = buf; line < end && rc == NHI_OK; ) {
    char* nl = (char*)memchr(line, '\n', (size_t)(end - line));
    char* stop = nl ? nl : end;
    ++line_no;
    if (stop > line && stop[-1] == '\r') --stop;
    if (stop > line && line[0] != '#') rc = emit_line(ctx, s->export_path, line_no, line, stop);
    line = nl ? nl + 1 : end;
  }
  free(buf);
  return rc == NHI_STOP ? NHI_OK : rc;
}

static void export_destroy(void* state) {
  struct source_state* s = (struct source_state*)state;
  if (s) free(s->export_path);
  free(s);
}

static const nhi_source export_source = {NHI_ABI_VERSION, (uint32_t)sizeof(nhi_source), "export", export_run};
static const nhi_source* const sources[] = {&export_source};

static const nhi_plugin_desc desc = {
    NHI_ABI_VERSION, (uint32_t)sizeof(nhi_plugin_desc), "export-source", "1.0.0",
    NULL, 0, sources, 1, NULL, 0, export_destroy};

NHI_PLUGIN_EXPORT int nhi_plugin_init_v1(const nhi_plugin_desc** out_desc, void** out_state, nhi_ctx* ctx,
                                         const nhi_host_api* h) {
  nhi_str options;
  struct source_state* s;
  FILE* probe;
  if (h->abi_version != NHI_ABI_VERSION || !NHI_STRUCT_HAS(h, nhi_host_api, blob_emit)) return NHI_ERR_UNSUPPORTED;
  host = h;
  if (h->options_get(&options, ctx) != NHI_OK || options.len == 0) {
    static const char msg[] = "export-source needs the export file: --plugin export_source.so:FILE";
    h->error_set(ctx, msg, sizeof msg - 1);
    return NHI_ERR_INVALID;
  }
  s = (struct source_state*)calloc(1, sizeof *s);
  if (s) s->export_path = (char*)malloc(options.len + 1);
  if (!s || !s->export_path) {
    export_destroy(s);
    return NHI_ERR_NOMEM;
  }
  memcpy(s->export_path, options.ptr, options.len);
  s->export_path[options.len] = '\0';
  /* Fail at load time, where a wrong option belongs, not mid-scan. */
  probe = fopen(s->export_path, "rb");
  if (!probe) {
    const int rc = fail(ctx, NHI_ERR_IO, s->export_path, 0, strerror(errno));
    export_destroy(s);
    return rc;
  }
  fclose(probe);
  *out_desc = &desc;
  *out_state = s;
  return NHI_OK;
}
