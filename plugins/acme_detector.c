/* SPDX-License-Identifier: Apache-2.0 */
/* Example detector plugin: ACME tokens, a made-up internal format.
 *
 *   acme_live_<32 base62 characters>   production token, critical
 *   acme_test_<32 base62 characters>   sandbox token, low
 *
 * A token is not part of a longer word, and its body has at least
 * MIN_DISTINCT different characters (a random body has about 25), so
 * placeholders such as acme_live_XXXX... are not reported.
 *
 * Load with: nhi scan --plugin build/plugins/acme_detector.so PATH
 */
#include <string.h>

#include "nhi/plugin.h"

#define PREFIX_LEN 10 /* "acme_live_" */
#define BODY_LEN 32
#define MIN_DISTINCT 10

/* The host table has static storage in the host: keeping it is safe. */
static const nhi_host_api* host;

static int is_base62(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_word(unsigned char c) { return is_base62(c) || c == '_'; }

static int looks_random(const char* body) {
  unsigned char seen[256];
  int distinct = 0, i;
  memset(seen, 0, sizeof seen);
  for (i = 0; i < BODY_LEN; ++i) {
    const unsigned char c = (unsigned char)body[i];
    if (!seen[c]) {
      seen[c] = 1;
      ++distinct;
    }
  }
  return distinct >= MIN_DISTINCT;
}

/* 1 for live, 0 for test, -1 when `p` does not start a token. `p` has at
 * least PREFIX_LEN + BODY_LEN bytes. */
static int token_kind(const char* p) {
  int i;
  if (memcmp(p, "acme_", 5) != 0) return -1;
  for (i = 0; i < BODY_LEN; ++i)
    if (!is_base62((unsigned char)p[PREFIX_LEN + i])) return -1;
  if (memcmp(p + 5, "live_", 5) == 0) return 1;
  if (memcmp(p + 5, "test_", 5) == 0) return 0;
  return -1;
}

static int report(nhi_ctx* ctx, size_t offset, int live) {
  nhi_detection d = NHI_DETECTION_INIT;
  d.rule_id = live ? NHI_STR_LIT("acme-live-token") : NHI_STR_LIT("acme-test-token");
  d.rule_name = live ? NHI_STR_LIT("ACME live API token") : NHI_STR_LIT("ACME sandbox API token");
  d.provider = NHI_STR_LIT("acme");
  d.kind = NHI_STR_LIT("api_key");
  d.severity = live ? NHI_SEVERITY_CRITICAL : NHI_SEVERITY_LOW;
  d.offset = offset;
  d.length = PREFIX_LEN + BODY_LEN;
  return host->detection_add(ctx, &d);
}

/* Thread-safe: it touches nothing but its arguments. */
static int acme_detect(void* state, nhi_ctx* ctx, nhi_str data, nhi_str path) {
  const size_t token_len = PREFIX_LEN + BODY_LEN;
  size_t i = 0;
  (void)state;
  (void)path;
  while (data.len >= token_len && i <= data.len - token_len) {
    const char* a = (const char*)memchr(data.ptr + i, 'a', data.len - token_len + 1 - i);
    size_t at;
    int kind;
    if (!a) break;
    at = (size_t)(a - data.ptr);
    i = at + 1;
    if (at > 0 && is_word((unsigned char)data.ptr[at - 1])) continue;
    kind = token_kind(a);
    if (kind < 0) continue;
    if (at + token_len < data.len && is_word((unsigned char)data.ptr[at + token_len])) continue;
    if (!looks_random(a + PREFIX_LEN)) continue;
    {
      const int rc = report(ctx, at, kind);
      if (rc != NHI_OK) return rc;
    }
    i = at + token_len;
  }
  return NHI_OK;
}

static const nhi_detector acme_detector = {
    NHI_ABI_VERSION, (uint32_t)sizeof(nhi_detector), "acme", acme_detect};
static const nhi_detector* const detectors[] = {&acme_detector};

static const nhi_plugin_desc desc = {
    NHI_ABI_VERSION, (uint32_t)sizeof(nhi_plugin_desc), "acme-tokens", "1.0.0",
    detectors, 1, NULL, 0, NULL, 0, NULL};

NHI_PLUGIN_EXPORT int nhi_plugin_init_v1(const nhi_plugin_desc** out_desc, void** out_state, nhi_ctx* ctx,
                                         const nhi_host_api* h) {
  nhi_str options;
  if (h->abi_version != NHI_ABI_VERSION || !NHI_STRUCT_HAS(h, nhi_host_api, detection_add))
    return NHI_ERR_UNSUPPORTED;
  if (h->options_get(&options, ctx) == NHI_OK && options.len > 0) {
    static const char msg[] = "acme-tokens takes no options";
    h->error_set(ctx, msg, sizeof msg - 1);
    return NHI_ERR_INVALID;
  }
  host = h;
  *out_desc = &desc;
  *out_state = NULL;
  return NHI_OK;
}
