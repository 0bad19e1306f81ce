/* SPDX-License-Identifier: Apache-2.0 */
/* Refusal case: a description claiming ABI version 2, which this host does
 * not speak. The host must refuse it without reading further. */
#include "nhi/plugin.h"

static const nhi_plugin_desc desc = {
    2u, (uint32_t)sizeof(nhi_plugin_desc), "from-the-future", "2.0.0", NULL, 0, NULL, 0, NULL, 0, NULL};

NHI_PLUGIN_EXPORT int nhi_plugin_init_v1(const nhi_plugin_desc** out_desc, void** out_state, nhi_ctx* ctx,
                                         const nhi_host_api* host) {
  (void)ctx;
  (void)host;
  *out_desc = &desc;
  *out_state = NULL;
  return NHI_OK;
}
