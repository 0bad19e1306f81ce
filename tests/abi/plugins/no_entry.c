/* SPDX-License-Identifier: Apache-2.0 */
/* Refusal case: a shared object without nhi_plugin_init_v1 (here, with an
 * entry point of an ABI version that does not exist). */
#include "nhi/plugin.h"

NHI_PLUGIN_EXPORT int nhi_plugin_init_v0(void);
NHI_PLUGIN_EXPORT int nhi_plugin_init_v0(void) { return NHI_OK; }
