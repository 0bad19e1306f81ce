/* SPDX-License-Identifier: Apache-2.0 */
/* Refusal case: an init that fails with a message, e.g. a missing licence. */
#include "nhi/plugin.h"

NHI_PLUGIN_EXPORT int nhi_plugin_init_v1(const nhi_plugin_desc** out_desc, void** out_state, nhi_ctx* ctx,
                                         const nhi_host_api* host) {
  static const char msg[] = "licence file acme.lic not found";
  (void)out_desc;
  (void)out_state;
  host->error_set(ctx, msg, sizeof msg - 1);
  return NHI_ERR_NOT_FOUND;
}
