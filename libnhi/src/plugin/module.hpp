// SPDX-License-Identifier: Apache-2.0
// A plugin's shared object, opened, checked and initialised. Adapters hold a
// shared_ptr to it, so the object stays mapped while any of them lives.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "nhi/plugin.h"
#include "nhi/status.hpp"

namespace nhi::detail {

struct plugin_module {
  plugin_module() = default;
  plugin_module(const plugin_module&) = delete;
  plugin_module& operator=(const plugin_module&) = delete;
  ~plugin_module();  // destroy(state), then dlclose

  std::string path;     // as the user gave it
  std::string name;     // from the description
  std::string version;
  void* handle = nullptr;
  const nhi_plugin_desc* desc = nullptr;
  void* state = nullptr;
  // The description's entries, each checked (version, size, required fields).
  std::vector<const nhi_detector*> detectors;
  std::vector<const nhi_source*> sources;
  std::vector<const nhi_reporter*> reporters;
};

// Opens exactly the file at `path`, refuses it if it is unsafe or not a v1
// plugin (see nhi::load_plugin), and runs its init with `options`.
// True when `desc` is non-NULL and declares ABI v1 with at least the v1 size:
// only then may the host call its destroy.
bool description_is_v1(const nhi_plugin_desc* desc) noexcept;

// Reads a plugin's description the way the host trusts nothing in it: the
// version and size of every struct, required names and functions, list
// pointers. Fills name, version and the entry lists of `into` (not desc or
// state). A refusal names `path`. The ABI fuzz target drives this directly.
std::optional<status> read_description(const nhi_plugin_desc* desc, const std::string& path, plugin_module& into);

result<std::shared_ptr<const plugin_module>> open_plugin_module(const std::string& path,
                                                                const std::string& options);

}  // namespace nhi::detail
