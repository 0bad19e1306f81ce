// SPDX-License-Identifier: Apache-2.0
// A plugin's reporter as a finding_sink, and plugin::reporters().
#include "nhi/plugins.hpp"
#include "plugin/abi.hpp"
#include "plugin/module.hpp"

NHI_BEGIN_NAMESPACE

struct plugin_reporter::impl {
  std::shared_ptr<const detail::plugin_module> module;
  const nhi_reporter* r = nullptr;
  std::string name;
  bool begun = false;
  bool halted = false;  // the reporter said stop or failed: it gets nothing more
  status failure;

  void fail(const detail::report_ctx& ctx, int rc, const char* call) {
    if (failure.is_ok()) failure = status(detail::errc_from_code(rc),
                                  "reporter '" + name + "' " + call + ": " + detail::failure_message(ctx, rc),
                                  module->path);
    halted = true;
  }
};

namespace {

// The finding as the C struct; every nhi_str points into `f`, valid while it is.
nhi_finding c_finding(const finding& f) {
  static const std::string none;
  const git_provenance* git = f.git ? &*f.git : nullptr;
  nhi_finding c = NHI_FINDING_INIT;
  c.rule_id = detail::str_of(f.rule_id);
  c.rule_name = detail::str_of(f.rule_name);
  c.provider = detail::str_of(f.provider);
  c.kind = detail::str_of(f.kind);
  c.severity = static_cast<int>(f.level);
  c.path = detail::str_of(f.path);
  c.line = f.line;
  c.column = f.column;
  c.fingerprint = detail::str_of(f.fingerprint);
  c.redacted = detail::str_of(f.redacted);
  c.decoded = detail::str_of(f.decoded);
  c.secret = detail::str_of(f.secret);
  c.blob_id = detail::str_of(git ? git->blob_id : none);
  c.commit = detail::str_of(git ? git->commit : none);
  c.author = detail::str_of(git ? git->author : none);
  c.author_email = detail::str_of(git ? git->author_email : none);
  c.date = detail::str_of(git ? git->date : none);
  c.in_head = git ? git->in_head : 1;
  return c;
}

}  // namespace

plugin_reporter::plugin_reporter(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
plugin_reporter::~plugin_reporter() = default;

const std::string& plugin_reporter::name() const noexcept { return impl_->name; }

status plugin_reporter::begin() {
  if (impl_->begun || impl_->halted) return impl_->failure;
  detail::report_ctx ctx;
  const int rc = impl_->r->begin ? impl_->r->begin(impl_->module->state, &ctx) : NHI_OK;
  if (rc < 0) {
    impl_->fail(ctx, rc, "begin");
    return impl_->failure;
  }
  impl_->begun = true;
  return status::ok();
}

sink_action plugin_reporter::on_finding(const finding& f) {
  if (!impl_->begun || impl_->halted) return sink_action::stop;
  detail::report_ctx ctx;
  const nhi_finding c = c_finding(f);
  const int rc = impl_->r->report(impl_->module->state, &ctx, &c);
  if (rc == NHI_OK) return sink_action::proceed;
  if (rc == NHI_STOP) impl_->halted = true;
  else impl_->fail(ctx, rc, "report");
  return sink_action::stop;
}

status plugin_reporter::end(const scan_stats& stats) {
  if (!impl_->begun) return impl_->failure;
  impl_->begun = false;
  impl_->halted = true;  // one begin/end pair per adapter
  if (!impl_->r->end) return impl_->failure;
  nhi_scan_summary summary = NHI_SCAN_SUMMARY_INIT;
  summary.files_scanned = stats.files_scanned;
  summary.bytes_scanned = stats.bytes_scanned;
  summary.findings = stats.findings;
  summary.suppressed = stats.suppressed;
  summary.diagnostics = diagnostic_total(stats);
  summary.stopped = stats.stopped ? 1 : 0;
  detail::report_ctx ctx;
  const int rc = impl_->r->end(impl_->module->state, &ctx, &summary);
  if (rc < 0) impl_->fail(ctx, rc, "end");
  return impl_->failure;
}

std::vector<std::shared_ptr<plugin_reporter>> plugin::reporters() const {
  std::vector<std::shared_ptr<plugin_reporter>> out;
  for (const nhi_reporter* r : module_->reporters) {
    auto p = std::make_unique<plugin_reporter::impl>();
    p->module = module_;
    p->r = r;
    p->name = module_->name + "/" + r->name;
    out.push_back(std::shared_ptr<plugin_reporter>(new plugin_reporter(std::move(p))));
  }
  return out;
}

NHI_END_NAMESPACE
