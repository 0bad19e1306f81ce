/* SPDX-License-Identifier: Apache-2.0 */
/* Refusal case: a description whose struct_size covers only its header, as
 * a plugin built against a broken or truncated header would declare. */
#include "nhi/plugin.h"

static const nhi_plugin_desc desc = {
    NHI_ABI_VERSION, 8u, "truncated", "1.0.0", NULL, 0, NULL, 0, NULL, 0, NULL};

NHI_PLUGIN_EXPORT int nhi_plugin_init_v1(const nhi_plugin_desc** out_desc, void** out_state, nhi_ctx* ctx,
                                         const nhi_host_api* host) {
  (void)ctx;
  (void)host;
  *out_desc = &desc;
  *out_state = NULL;
  return NHI_OK;
}
