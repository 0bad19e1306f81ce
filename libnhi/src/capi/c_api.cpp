// SPDX-License-Identifier: Apache-2.0
// The C API (nhi/nhi.h): thin wrappers over the C++ API. Every entry point
// catches what the C++ side may throw, so no exception crosses into C.
#include "nhi/nhi.h"

#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <exception>
#include <functional>
#include <memory>
#include <new>
#include <sstream>
#include <string>
#include <vector>

#include "nhi/nhi.hpp"

struct nhi_rules {
  nhi::rule_set rules;
};

struct nhi_scanner {
  nhi::scanner scanner;
};

struct nhi_result {
  std::vector<nhi::finding> findings;
  nhi::scan_stats stats;
  nhi::rule_set rules;  // for the JSON report's rule names
};

struct nhi_inventory {
  nhi::inventory inventory;
};

namespace {

thread_local std::string last_error;

constexpr int kOk = NHI_OK;

int code_of(nhi::errc code) {
  switch (code) {
    case nhi::errc::ok: return kOk;
    case nhi::errc::invalid_argument: return NHI_ERR_INVALID;
    case nhi::errc::parse_error: return NHI_ERR_PARSE;
    case nhi::errc::io_error: return NHI_ERR_IO;
    case nhi::errc::not_found: return NHI_ERR_NOT_FOUND;
    case nhi::errc::unsupported: return NHI_ERR_UNSUPPORTED;
    default: return NHI_ERR;
  }
}

int fail(const nhi::status& s) {
  last_error = s.to_string();
  return code_of(s.code());
}

int fail(int code, const char* message) {
  last_error = message;
  return code;
}

// Runs `body`, turning exceptions into error codes.
template <class F>
int guarded(F&& body) noexcept {
  try {
    last_error.clear();
    return body();
  } catch (const std::bad_alloc&) {
    return fail(NHI_ERR_NOMEM, "out of memory");
  } catch (const std::exception& e) {
    return fail(NHI_ERR, e.what());
  } catch (...) {
    return fail(NHI_ERR, "unknown error");
  }
}

// True when the caller's struct is one we can read: the right major version
// and at least its two header fields.
template <class T>
bool usable(const T* s) {
  return s && s->abi_version == NHI_C_API_VERSION && s->struct_size >= 2 * sizeof(std::uint32_t);
}

// Copies `ours` into the caller's `theirs`, as far as its struct_size
// reaches, keeping the caller's header.
template <class T>
void fill(T* theirs, const T& ours) {
  const std::size_t n = std::min<std::size_t>(theirs->struct_size, sizeof(T));
  const std::uint32_t size = theirs->struct_size;
  std::memcpy(static_cast<void*>(theirs), &ours, n);
  theirs->struct_size = size;
}

// A caller's (possibly older, shorter) options struct widened to ours, with
// defaults for the fields it lacks.
template <class T>
T widened(const T* theirs, const T& defaults) {
  T ours = defaults;
  if (theirs) std::memcpy(static_cast<void*>(&ours), theirs, std::min<std::size_t>(theirs->struct_size, sizeof(T)));
  return ours;
}

std::vector<std::string> strings(const char* const* items, std::size_t count) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < count; ++i)
    if (items[i]) out.emplace_back(items[i]);
  return out;
}

char* copy_out(const std::string& s, std::size_t* len) {
  char* p = static_cast<char*>(std::malloc(s.size() + 1));
  if (!p) throw std::bad_alloc();
  std::memcpy(p, s.data(), s.size());
  p[s.size()] = '\0';
  if (len) *len = s.size();
  return p;
}

int scan_into(nhi_result** out, const nhi_scanner* scanner,
              const std::function<nhi::result<nhi::scan_stats>(nhi::collecting_sink&)>& run) {
  nhi::collecting_sink sink;
  auto stats = run(sink);
  if (!stats) return fail(stats.error());
  sink.sort();
  auto r = std::make_unique<nhi_result>(nhi_result{std::move(sink.findings()), std::move(stats.value()),
                                                   scanner->scanner.rules()});
  *out = r.release();
  return kOk;
}

}  // namespace

extern "C" {

unsigned nhi_c_api_version(void) { return NHI_C_API_VERSION; }

const char* nhi_library_version(void) { return nhi::version_string(); }

const char* nhi_error_message(void) { return last_error.c_str(); }

void nhi_string_free(char* s) { std::free(s); }

int nhi_rules_builtin(nhi_rules** out) {
  if (!out) return fail(NHI_ERR_INVALID, "nhi_rules_builtin: out is NULL");
  return guarded([&] {
    auto rules = nhi::rule_set::builtin();
    if (!rules) return fail(rules.error());
    *out = new nhi_rules{std::move(rules.value())};
    return kOk;
  });
}

int nhi_rules_load(nhi_rules** out, const char* const* paths, size_t count) {
  if (!out || (count && !paths)) return fail(NHI_ERR_INVALID, "nhi_rules_load: out or paths is NULL");
  return guarded([&] {
    auto rules = nhi::rule_set::load(strings(paths, count));
    if (!rules) return fail(rules.error());
    *out = new nhi_rules{std::move(rules.value())};
    return kOk;
  });
}

size_t nhi_rules_count(const nhi_rules* rules) { return rules ? rules->rules.size() : 0; }

const char* nhi_rules_version(const nhi_rules* rules) { return rules ? rules->rules.version().c_str() : ""; }

void nhi_rules_free(nhi_rules* rules) { delete rules; }

int nhi_scanner_new(nhi_scanner** out, const nhi_rules* rules, const nhi_scan_options* options) {
  if (!out || !rules) return fail(NHI_ERR_INVALID, "nhi_scanner_new: out or rules is NULL");
  if (options && !usable(options)) return fail(NHI_ERR_INVALID, "nhi_scanner_new: options not initialised with NHI_SCAN_OPTIONS_INIT");
  return guarded([&] {
    const nhi_scan_options defaults = NHI_SCAN_OPTIONS_INIT;
    const nhi_scan_options o = widened(options, defaults);
    nhi::scan_options so;
    so.threads = o.threads;
    if (o.max_file_size) so.max_file_size = o.max_file_size;
    so.capture_secrets = o.capture_secrets != 0;
    so.decode = o.no_decode == 0;
    so.exclude_globs = strings(o.exclude_globs, o.exclude_count);
    *out = new nhi_scanner{nhi::scanner(rules->rules, std::move(so))};
    return kOk;
  });
}

void nhi_scanner_free(nhi_scanner* scanner) { delete scanner; }

int nhi_scan_buffer(nhi_result** out, const nhi_scanner* scanner, const char* data, size_t len, const char* path) {
  if (!out || !scanner || (len && !data)) return fail(NHI_ERR_INVALID, "nhi_scan_buffer: out, scanner or data is NULL");
  return guarded([&] {
    return scan_into(out, scanner, [&](nhi::collecting_sink& sink) -> nhi::result<nhi::scan_stats> {
      nhi::origin where;
      where.path = path ? path : "";
      std::vector<nhi::finding> found;
      std::vector<nhi::diagnostic> diagnostics;
      scanner->scanner.scan_buffer(std::string_view(data ? data : "", len), where, found, &diagnostics);
      nhi::scan_stats stats;
      stats.source = "buffer";
      stats.files_scanned = 1;
      stats.bytes_scanned = len;
      stats.rules = scanner->scanner.rules().size();
      for (const auto& f : found) {
        (void)sink.on_finding(f);
        ++stats.findings;
      }
      for (auto& d : diagnostics) {
        sink.on_diagnostic(d);
        nhi::add_diagnostic(stats, std::move(d), scanner->scanner.options().diagnostics_per_kind);
      }
      return stats;
    });
  });
}

int nhi_scan_paths(nhi_result** out, const nhi_scanner* scanner, const char* const* paths, size_t count) {
  if (!out || !scanner || (count && !paths)) return fail(NHI_ERR_INVALID, "nhi_scan_paths: out, scanner or paths is NULL");
  return guarded([&] {
    const std::vector<std::string> list = strings(paths, count);
    return scan_into(out, scanner, [&](nhi::collecting_sink& sink) { return scanner->scanner.scan_paths(list, sink); });
  });
}

int nhi_scan_git_history(nhi_result** out, const nhi_scanner* scanner, const char* repo_path,
                         const nhi_git_options* options) {
  if (!out || !scanner || !repo_path) return fail(NHI_ERR_INVALID, "nhi_scan_git_history: out, scanner or repo_path is NULL");
  if (options && !usable(options)) return fail(NHI_ERR_INVALID, "nhi_scan_git_history: options not initialised with NHI_GIT_OPTIONS_INIT");
  return guarded([&] {
    const nhi_git_options defaults = NHI_GIT_OPTIONS_INIT;
    const nhi_git_options o = widened(options, defaults);
    nhi::git_scan_options go;
    go.refs = strings(o.refs, o.ref_count);
    if (o.since_commit) go.since_commit = o.since_commit;
    if (o.range) go.range = o.range;
    return scan_into(out, scanner, [&](nhi::collecting_sink& sink) {
      return nhi::scan_git_history(scanner->scanner, repo_path, go, sink);
    });
  });
}

size_t nhi_result_finding_count(const nhi_result* result) { return result ? result->findings.size() : 0; }

int nhi_result_finding(nhi_scan_finding* out, const nhi_result* result, size_t index) {
  if (!usable(out) || !result) return fail(NHI_ERR_INVALID, "nhi_result_finding: out not initialised with NHI_SCAN_FINDING_INIT, or result is NULL");
  if (index >= result->findings.size()) return fail(NHI_ERR_NOT_FOUND, "nhi_result_finding: index out of range");
  const nhi::finding& f = result->findings[index];
  static const std::string empty;
  const nhi::git_provenance* g = f.git ? &*f.git : nullptr;
  nhi_scan_finding v = NHI_SCAN_FINDING_INIT;
  v.rule_id = f.rule_id.c_str();
  v.rule_name = f.rule_name.c_str();
  v.provider = f.provider.c_str();
  v.kind = f.kind.c_str();
  v.severity = static_cast<nhi_severity>(static_cast<int>(f.level));
  v.path = f.path.c_str();
  v.line = f.line;
  v.column = f.column;
  v.fingerprint = f.fingerprint.c_str();
  v.redacted = f.redacted.c_str();
  v.decoded = f.decoded.c_str();
  v.external_id = f.external_id.c_str();
  v.secret = f.secret.c_str();
  v.commit = (g ? g->commit : empty).c_str();
  v.author = (g ? g->author : empty).c_str();
  v.author_email = (g ? g->author_email : empty).c_str();
  v.date = (g ? g->date : empty).c_str();
  v.blob = (g ? g->blob_id : empty).c_str();
  v.in_head = g ? g->in_head : 1;
  fill(out, v);
  return kOk;
}

int nhi_result_stats(nhi_scan_stats* out, const nhi_result* result) {
  if (!usable(out) || !result) return fail(NHI_ERR_INVALID, "nhi_result_stats: out not initialised with NHI_SCAN_STATS_INIT, or result is NULL");
  const nhi::scan_stats& s = result->stats;
  nhi_scan_stats v = NHI_SCAN_STATS_INIT;
  v.files_scanned = s.files_scanned;
  v.bytes_scanned = s.bytes_scanned;
  v.files_skipped = s.files_skipped;
  v.findings = s.findings;
  v.suppressed = s.suppressed;
  v.diagnostics = nhi::diagnostic_total(s);
  v.duration_ms = s.duration_ms;
  fill(out, v);
  return kOk;
}

int nhi_result_json(char** out, size_t* len, const nhi_result* result) {
  if (!out || !result) return fail(NHI_ERR_INVALID, "nhi_result_json: out or result is NULL");
  return guarded([&] {
    std::ostringstream json;
    nhi::report_options options;
    options.show_secrets = true;  // shows only what was captured: nothing unless capture_secrets
    nhi::write_report(json, nhi::report_format::json, result->findings, result->stats, result->rules, options);
    *out = copy_out(json.str(), len);
    return kOk;
  });
}

void nhi_result_free(nhi_result* result) { delete result; }

int nhi_inventory_open(nhi_inventory** out, const char* path, int create_if_missing) {
  if (!out || !path) return fail(NHI_ERR_INVALID, "nhi_inventory_open: out or path is NULL");
  return guarded([&] {
    nhi::inventory_options options;
    options.create_if_missing = create_if_missing != 0;
    auto inv = nhi::inventory::open(path, options);
    if (!inv) return fail(inv.error());
    *out = new nhi_inventory{std::move(inv.value())};
    return kOk;
  });
}

int nhi_inventory_record_scan(nhi_inventory* inventory, const nhi_result* result, const char* target,
                              const char* as_of) {
  if (!inventory || !result || !target) return fail(NHI_ERR_INVALID, "nhi_inventory_record_scan: inventory, result or target is NULL");
  return guarded([&] {
    nhi::scan_record meta;
    meta.target = target;
    if (as_of) meta.taken_at = as_of;
    meta.rules_version = result->rules.version();
    auto snapshot = inventory->inventory.record_scan(meta, result->findings, nullptr);
    if (!snapshot) return fail(snapshot.error());
    return kOk;
  });
}

int nhi_inventory_export_json(char** out, size_t* len, const nhi_inventory* inventory, const char* as_of) {
  if (!out || !inventory) return fail(NHI_ERR_INVALID, "nhi_inventory_export_json: out or inventory is NULL");
  return guarded([&] {
    nhi::identity_query query;
    if (as_of) query.as_of = as_of;
    auto ids = inventory->inventory.list(query);
    if (!ids) return fail(ids.error());
    std::ostringstream json;
    if (nhi::status s = nhi::write_identities(json, nhi::inventory_format::json, ids.value()); !s) return fail(s);
    *out = copy_out(json.str(), len);
    return kOk;
  });
}

void nhi_inventory_free(nhi_inventory* inventory) { delete inventory; }

}  // extern "C"
