// SPDX-License-Identifier: Apache-2.0
// The plugin ABI struct reader: what the host reads from a plugin's memory,
// built from fuzz bytes: the description (versions, struct sizes, names, list
// pointers, NULL entries, missing functions), detections (string views,
// severities, spans that may lie outside the buffer) and blobs. Pointers are
// valid or NULL (a plugin that passes wild pointers is outside any contract);
// everything else is hostile. The host must refuse or accept cleanly.
#include <fuzzer/FuzzedDataProvider.h>

#include <deque>

#include "fuzz_util.hpp"
#include "plugin/abi.hpp"
#include "plugin/module.hpp"

namespace {

int dummy_detect(void*, nhi_ctx*, nhi_str, nhi_str) { return NHI_OK; }
int dummy_run(void*, nhi_ctx*) { return NHI_OK; }
int dummy_report(void*, nhi_ctx*, const nhi_finding*) { return NHI_OK; }

// Owns every byte the structs point at, for the length of one input.
struct arena {
  std::deque<std::string> strings;
  const char* c_string(FuzzedDataProvider& p) {
    if (p.ConsumeIntegralInRange<int>(0, 7) == 0) return nullptr;
    strings.push_back(p.ConsumeRandomLengthString(16));
    return strings.back().c_str();
  }
  // A string as a plugin may pass it: NULL+0, NULL+len (malformed), or bytes
  // with a length up to what they hold.
  nhi_str str(FuzzedDataProvider& p) {
    switch (p.ConsumeIntegralInRange<int>(0, 7)) {
      case 0: return {nullptr, 0};
      case 1: return {nullptr, p.ConsumeIntegralInRange<std::size_t>(1, 1u << 20)};
      default: {
        strings.push_back(p.ConsumeRandomLengthString(32));
        const std::string& s = strings.back();
        return {s.data(), p.ConsumeIntegralInRange<std::size_t>(0, s.size())};
      }
    }
  }
};

std::uint32_t version(FuzzedDataProvider& p) {
  return p.ConsumeIntegralInRange<int>(0, 7) == 0 ? p.ConsumeIntegral<std::uint32_t>() : NHI_ABI_VERSION;
}

template <class T>
std::uint32_t size_of(FuzzedDataProvider& p) {
  return p.ConsumeIntegralInRange<int>(0, 3) == 0 ? p.ConsumeIntegralInRange<std::uint32_t>(0, sizeof(T))
                                                  : static_cast<std::uint32_t>(sizeof(T));
}

void fuzz_description(FuzzedDataProvider& p, arena& a) {
  std::deque<nhi_detector> detectors;
  std::deque<nhi_source> sources;
  std::deque<nhi_reporter> reporters;
  std::vector<const nhi_detector*> dlist;
  std::vector<const nhi_source*> slist;
  std::vector<const nhi_reporter*> rlist;
  const unsigned nd = p.ConsumeIntegralInRange<unsigned>(0, 3), ns = p.ConsumeIntegralInRange<unsigned>(0, 3),
                 nr = p.ConsumeIntegralInRange<unsigned>(0, 3);
  for (unsigned i = 0; i < nd; ++i) {
    if (p.ConsumeIntegralInRange<int>(0, 7) == 0) { dlist.push_back(nullptr); continue; }
    detectors.push_back({version(p), size_of<nhi_detector>(p), a.c_string(p), p.ConsumeBool() ? dummy_detect : nullptr});
    dlist.push_back(&detectors.back());
  }
  for (unsigned i = 0; i < ns; ++i) {
    if (p.ConsumeIntegralInRange<int>(0, 7) == 0) { slist.push_back(nullptr); continue; }
    sources.push_back({version(p), size_of<nhi_source>(p), a.c_string(p), p.ConsumeBool() ? dummy_run : nullptr});
    slist.push_back(&sources.back());
  }
  for (unsigned i = 0; i < nr; ++i) {
    if (p.ConsumeIntegralInRange<int>(0, 7) == 0) { rlist.push_back(nullptr); continue; }
    reporters.push_back({version(p), size_of<nhi_reporter>(p), a.c_string(p), nullptr,
                         p.ConsumeBool() ? dummy_report : nullptr, nullptr});
    rlist.push_back(&reporters.back());
  }
  nhi_plugin_desc desc = NHI_PLUGIN_DESC_INIT;
  desc.abi_version = version(p);
  desc.struct_size = size_of<nhi_plugin_desc>(p);
  desc.name = a.c_string(p);
  desc.version = a.c_string(p);
  // A count with a NULL list is a malformed description the host must refuse.
  desc.detectors = p.ConsumeIntegralInRange<int>(0, 7) == 0 ? nullptr : dlist.data();
  desc.detector_count = dlist.size();
  desc.sources = p.ConsumeIntegralInRange<int>(0, 7) == 0 ? nullptr : slist.data();
  desc.source_count = slist.size();
  desc.reporters = p.ConsumeIntegralInRange<int>(0, 7) == 0 ? nullptr : rlist.data();
  desc.reporter_count = rlist.size();
  const nhi_plugin_desc* d = p.ConsumeIntegralInRange<int>(0, 15) == 0 ? nullptr : &desc;

  nhi::detail::plugin_module m;
  const auto refused = nhi::detail::read_description(d, "fuzz.so", m);
  if (!refused) {
    nhi_fuzz::check(nhi::detail::description_is_v1(d), "an accepted description is v1");
    for (const auto* x : m.detectors) nhi_fuzz::check(x && x->detect && x->name && *x->name, "detector checked");
    for (const auto* x : m.sources) nhi_fuzz::check(x && x->run && x->name && *x->name, "source checked");
    for (const auto* x : m.reporters) nhi_fuzz::check(x && x->report && x->name && *x->name, "reporter checked");
  } else {
    nhi_fuzz::check(refused->file() == "fuzz.so" && !refused->message().empty(), "a refusal names the plugin");
  }
}

void fuzz_host_calls(FuzzedDataProvider& p, arena& a) {
  const nhi_host_api* host = nhi::detail::host_api();
  const std::string buffer = p.ConsumeRandomLengthString(64);
  std::vector<nhi::detection> out;
  nhi::detail::detect_ctx dctx(buffer, out);
  nhi::detail::source_ctx sctx;
  std::size_t emitted = 0;
  sctx.emit = [&](const nhi_blob&) { ++emitted; return NHI_OK; };
  nhi::detail::init_ctx ictx(p.ConsumeRandomLengthString(16));
  nhi_ctx* contexts[] = {&dctx, &sctx, &ictx, nullptr};

  while (p.remaining_bytes() > 0) {
    nhi_ctx* ctx = contexts[p.ConsumeIntegralInRange<int>(0, 3)];
    switch (p.ConsumeIntegralInRange<int>(0, 3)) {
      case 0: {
        nhi_detection det = NHI_DETECTION_INIT;
        det.abi_version = version(p);
        det.struct_size = size_of<nhi_detection>(p);
        det.rule_id = a.str(p);
        det.rule_name = a.str(p);
        det.provider = a.str(p);
        det.kind = a.str(p);
        det.severity = p.ConsumeIntegralInRange<int>(-2, 6);
        det.offset = p.ConsumeBool() ? p.ConsumeIntegralInRange<std::size_t>(0, buffer.size() + 2)
                                     : p.ConsumeIntegral<std::size_t>();
        det.length = p.ConsumeBool() ? p.ConsumeIntegralInRange<std::size_t>(0, buffer.size() + 2)
                                     : p.ConsumeIntegral<std::size_t>();
        const std::size_t before = out.size();
        const int rc = host->detection_add(ctx, p.ConsumeIntegralInRange<int>(0, 15) == 0 ? nullptr : &det);
        if (rc == NHI_OK) {
          nhi_fuzz::check(ctx == &dctx && out.size() == before + 1, "an accepted detection is recorded");
          const auto& d = out.back();
          nhi_fuzz::check(d.length > 0 && d.offset <= buffer.size() && d.length <= buffer.size() - d.offset,
                          "an accepted detection lies inside the buffer");
          nhi_fuzz::check(!d.rule_id.empty(), "an accepted detection has a rule id");
        } else {
          nhi_fuzz::check(out.size() == before, "a refused detection is not recorded");
        }
        break;
      }
      case 1: {
        nhi_blob blob = NHI_BLOB_INIT;
        blob.abi_version = version(p);
        blob.struct_size = size_of<nhi_blob>(p);
        for (nhi_str* s : {&blob.path, &blob.data, &blob.blob_id, &blob.commit, &blob.author, &blob.author_email,
                           &blob.date})
          *s = a.str(p);
        const std::size_t before = emitted;
        const int rc = host->blob_emit(ctx, p.ConsumeIntegralInRange<int>(0, 15) == 0 ? nullptr : &blob);
        if (rc == NHI_OK) nhi_fuzz::check(ctx == &sctx && emitted == before + 1, "an accepted blob is scanned");
        break;
      }
      case 2: {
        const nhi_str msg = a.str(p);
        (void)host->error_set(ctx, msg.ptr, msg.len);
        break;
      }
      default: {
        nhi_str opts{nullptr, 0};
        if (host->options_get(p.ConsumeBool() ? &opts : nullptr, ctx) == NHI_OK)
          nhi_fuzz::check(ctx == &ictx && opts.ptr && opts.ptr[opts.len] == '\0', "options are NUL-terminated");
        break;
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  FuzzedDataProvider p(data, size);
  arena a;
  if (p.ConsumeBool()) fuzz_description(p, a);
  else fuzz_host_calls(p, a);
  return 0;
}
