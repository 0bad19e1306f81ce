// SPDX-License-Identifier: Apache-2.0
#include "source/git_common.hpp"

#include <git2/sys/odb_backend.h>
#include <git2/sys/repository.h>

#include <algorithm>
#include <ctime>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <fstream>
#include <set>

#include "source/buffer_scan.hpp"
#include "source/commit_reader.hpp"
#include "util/glob.hpp"

namespace nhi::detail {

std::string iso8601(git_time_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

status keep_off_refused_packs(git_repository* repo, const pack_files& packs) {
  if (detail::refused_packs(packs).empty()) return status::ok();
  const std::string objects = std::string(git_repository_commondir(repo)) + "objects";
  git_odb* raw = nullptr;
  if (git_odb_new(&raw) != 0) return status(errc::internal, "cannot create an object database: " + git_error_text());
  odb_ptr odb(raw);
  // libgit2's own priorities: packs (2) are asked before loose objects (1).
  // A backend the database took is the database's to free; one it refused, ours.
  git_odb_backend* backend = nullptr;
  auto add = [&](int made, int priority) {
    if (made != 0) return false;
    if (git_odb_add_backend(raw, backend, priority) == 0) return true;
    backend->free(backend);
    return false;
  };
  if (!add(git_odb_backend_loose(&backend, objects.c_str(), -1, 0, 0, 0), 1))
    return status(errc::internal, "cannot read loose objects: " + git_error_text(), objects);
  for (const std::string& idx : detail::indexes_not_refused(packs))
    if (!add(git_odb_backend_one_pack(&backend, idx.c_str()), 2))
      return status(errc::internal, "cannot open pack: " + git_error_text(), idx);
  std::ifstream alternates(objects + "/info/alternates");
  for (std::string line; std::getline(alternates, line);) {
    if (line.empty() || line[0] == '#') continue;
    const std::string path = line[0] == '/' ? line : objects + "/" + line;
    git_odb_add_disk_alternate(raw, path.c_str());  // a missing alternate is skipped, as libgit2 does
  }
  if (git_repository_set_odb(repo, raw) != 0)
    return status(errc::internal, "cannot set the object database: " + git_error_text());
  return status::ok();
}

bool excluded(const scan_options& o, const std::string& path) {
  for (const auto& g : o.exclude_globs)
    if (detail::glob_match(g, path)) return true;
  return false;
}

std::string too_deep_text() {
  return "delta chain deeper than " + std::to_string(detail::kMaxDeltaChain) +
         " (git writes at most 4095): not read";
}

// HEAD's tree, or null (unborn HEAD, unreadable commit). Not through
// git_revparse_single("HEAD^{tree}"): libgit2 1.5 leaks a reference and its
// refdb there when a pack is damaged (tests/sanitizers/lsan.supp).
tree_ptr head_tree(git_repository* repo) {
  git_oid id, commit_id;
  commit_fields commit;
  std::string error;
  if (git_reference_name_to_id(&id, repo, "HEAD") != 0 || !peel_to_commit(repo, id, commit_id) ||
      !read_commit(repo, commit_id, commit, error))
    return nullptr;
  git_tree* tree = nullptr;
  if (git_tree_lookup(&tree, repo, &commit.tree) != 0) return nullptr;
  return tree_ptr(tree);
}

status resolve_commit(git_repository* repo, const std::string& rev, git_oid& out) {
  git_object* obj = nullptr;
  if (git_revparse_single(&obj, repo, rev.c_str()) != 0)
    return status(errc::not_found, "unknown revision '" + rev + "': " + git_error_text());
  gobj_ptr holder(obj);
  git_object* peeled = nullptr;
  if (git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) != 0)
    return status(errc::invalid_argument, "revision '" + rev + "' is not a commit");
  out = *git_object_id(peeled);
  git_object_free(peeled);
  return status::ok();
}

diagnostic too_large_diagnostic(const git_oid& oid, const std::string& path, std::uint64_t size) {
  return {diagnostic::kind::too_large, path, 0,
          "blob " + oid_hex(oid).substr(0, 12) + " of " + std::to_string(size) + " bytes exceeds the size limit; skipped"};
}

// A partial clone (`git clone --filter=...`) fetches blobs on demand: the
// ones it never fetched are absent by design. git marks it with
// remote.<name>.promisor (older versions: extensions.partialClone). The
// config is walked by hand: git_config_foreach_match compiles its pattern
// with PCRE2, which libgit2 1.5 leaks on every call.
bool is_partial_clone(git_repository* repo) {
  git_config* cfg = nullptr;
  if (git_repository_config_snapshot(&cfg, repo) != 0) return false;
  bool partial = false;
  git_config_iterator* it = nullptr;
  if (git_config_iterator_new(&it, cfg) == 0) {
    git_config_entry* e = nullptr;
    while (!partial && git_config_next(&e, it) == 0) {
      const std::string_view name(e->name);  // lower-cased by libgit2
      int yes = 0;
      if (name == "extensions.partialclone")
        partial = e->value && *e->value;
      else if (name.rfind("remote.", 0) == 0 && name.size() > 16 && name.substr(name.size() - 9) == ".promisor")
        partial = git_config_parse_bool(&yes, e->value) == 0 && yes;
    }
    git_config_iterator_free(it);
  }
  git_config_free(cfg);
  return partial;
}

// Reads blob `oid`; false (with a diagnostic) when it is missing, too large or
// unreadable. In a partial clone (`lazy_clone`) a blob the clone never fetched
// is history it does not hold, not damage.
bool read_blob(git_odb* odb, const git_oid& oid, const std::string& path, const scan_options& o,
               object_ptr& out, std::vector<diagnostic>& diags, bool lazy_clone) {
  std::size_t size = 0;
  git_object_t type;
  if (git_odb_read_header(&size, &type, odb, &oid) != 0) {
    const std::string why = git_error_text();
    if (lazy_clone && !git_odb_exists(odb, &oid))
      diags.push_back({diagnostic::kind::not_in_clone, path, 0,
                       "blob " + oid_hex(oid) + " was not fetched by this partial clone; not scanned"});
    else
      diags.push_back({diagnostic::kind::corrupt_object, path, 0, "cannot read blob " + oid_hex(oid) + ": " + why + "; skipped"});
    return false;
  }
  if (size > o.max_file_size) {
    diags.push_back(too_large_diagnostic(oid, path, size));
    return false;
  }
  git_odb_object* obj = nullptr;
  if (git_odb_read(&obj, odb, &oid) != 0) {
    diags.push_back({diagnostic::kind::corrupt_object, path, 0,
                     "cannot read blob " + oid_hex(oid) + ": " + git_error_text() + "; skipped"});
    return false;
  }
  out.reset(obj);
  return true;
}


std::uint64_t elapsed_ms(std::chrono::steady_clock::time_point since) {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - since).count());
}

void release_free_memory() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

// Sends sorted findings and diagnostics to the sink, honouring a stop.
void deliver(std::vector<finding>& found, std::vector<diagnostic>& diags, scan_stats& stats, finding_sink& sink,
             const scan_options& options) {
  const std::size_t keep_per_kind = options.diagnostics_per_kind;
  std::stable_sort(found.begin(), found.end(), [](const finding& a, const finding& b) {
    return std::tie(a.path, a.line, a.column, a.rule_id) < std::tie(b.path, b.line, b.column, b.rule_id);
  });
  std::set<std::string> fingerprints;
  for (auto& d : diags) {
    sink.on_diagnostic(d);
    add_diagnostic(stats, std::move(d), keep_per_kind);
  }
  for (const auto& f : found) {
    if (detail::scan_limit_reached(options.max_findings_per_scan, stats, sink, keep_per_kind)) break;
    ++stats.findings;
    fingerprints.insert(f.fingerprint);
    if (sink.on_finding(f) == sink_action::stop) {
      stats.stopped = true;
      break;
    }
  }
  stats.unique_secrets = fingerprints.size();
}


}  // namespace nhi::detail
