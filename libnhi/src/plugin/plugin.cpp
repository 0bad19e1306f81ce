// SPDX-License-Identifier: Apache-2.0
// nhi::plugin and its detectors. Sources and reporters have their own files.
#include "nhi/plugins.hpp"

#include "plugin/abi.hpp"
#include "plugin/module.hpp"

NHI_BEGIN_NAMESPACE
namespace {

// A plugin's detector behind nhi::detector. Holds the module, so the code it
// calls stays loaded.
class plugin_detector final : public detector {
 public:
  plugin_detector(std::shared_ptr<const detail::plugin_module> module, const nhi_detector* d)
      : module_(std::move(module)), d_(d), name_(module_->name + "/" + d->name) {}

  const std::string& name() const override { return name_; }

  status detect(std::string_view data, const origin& where, std::vector<detection>& out) const override {
    detail::detect_ctx ctx(data, out);
    const int rc = d_->detect(module_->state, &ctx, detail::str_of(data), detail::str_of(where.path));
    // A refused detection means the detector is broken, whatever it returned,
    // and it is the cause of any failure the detector passed on.
    if (ctx.invalid) return status(errc::invalid_argument, *ctx.invalid);
    if (rc < 0) return status(detail::errc_from_code(rc), detail::failure_message(ctx, rc));
    return status::ok();
  }

 private:
  std::shared_ptr<const detail::plugin_module> module_;
  const nhi_detector* d_;
  std::string name_;
};

}  // namespace

plugin::plugin(std::shared_ptr<const detail::plugin_module> module) : module_(std::move(module)) {}

const std::string& plugin::name() const noexcept { return module_->name; }
const std::string& plugin::version() const noexcept { return module_->version; }
const std::string& plugin::path() const noexcept { return module_->path; }
bool plugin::has_sources() const noexcept { return !module_->sources.empty(); }

std::vector<std::shared_ptr<const detector>> plugin::detectors() const {
  std::vector<std::shared_ptr<const detector>> out;
  for (const nhi_detector* d : module_->detectors) out.push_back(std::make_shared<plugin_detector>(module_, d));
  return out;
}

result<plugin> load_plugin(const std::string& path, const std::string& options) {
  auto module = detail::open_plugin_module(path, options);
  if (!module) return module.error();
  return plugin(std::move(module.value()));
}

NHI_END_NAMESPACE
