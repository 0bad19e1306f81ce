// SPDX-License-Identifier: Apache-2.0
#include "plugin/module.hpp"

#include <dlfcn.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>

#include "plugin/abi.hpp"

namespace nhi::detail {

plugin_module::~plugin_module() {
  if (desc && desc->destroy) desc->destroy(state);
  if (handle) ::dlclose(handle);
}

namespace {

status refusal(errc code, const std::string& path, const std::string& why) {
  return status(code, "cannot load plugin: " + why, path);
}

struct fd_closer {
  int fd;
  ~fd_closer() { if (fd >= 0) ::close(fd); }
};

// Whoever may write the file may run code in this process: only its owner,
// and only if that is the current user or root.
std::optional<std::string> unsafe_file(const struct stat& st) {
  if (!S_ISREG(st.st_mode)) return std::string("not a regular file");
  if (st.st_mode & (S_IWGRP | S_IWOTH)) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    return std::string("it is writable by group or others (mode ") + mode + "); run chmod go-w on it";
  }
  if (st.st_uid != ::geteuid() && st.st_uid != 0)
    return "it is owned by uid " + std::to_string(st.st_uid) + ", neither the current user nor root";
  return std::nullopt;
}

// The name to dlopen for the file checked through `file`. /proc/self/fd/N is
// exactly the inode that was checked, so the file cannot be swapped between
// the check and the load. But glibc recognises a loaded object by its name
// before its inode, and an object may stay loaded after dlclose, so N must
// never come to name another file: the descriptor is kept open for the life
// of the process, one per plugin file. Without /proc, the path itself, made
// explicit (dlopen would search for a bare name).
std::string name_to_open(fd_closer& file, const struct stat& st, const std::string& path) {
  static std::mutex mutex;
  static auto* kept = new std::map<std::pair<dev_t, ino_t>, int>();  // never destroyed: see above
  const std::lock_guard<std::mutex> lock(mutex);
  const auto key = std::make_pair(st.st_dev, st.st_ino);
  auto it = kept->find(key);
  if (it == kept->end()) {
    const std::string proc = "/proc/self/fd/" + std::to_string(file.fd);
    struct stat via{};
    if (::stat(proc.c_str(), &via) != 0 || via.st_dev != st.st_dev || via.st_ino != st.st_ino)
      return path.find('/') == std::string::npos ? "./" + path : path;
    it = kept->emplace(key, file.fd).first;
    file.fd = -1;
  }
  return "/proc/self/fd/" + std::to_string(it->second);
}

// Checks the version and size every plugin struct starts with.
template <class T>
std::optional<status> check_entry(const T* e, std::size_t v1_size, const std::string& what,
                                  const std::string& path) {
  if (!e) return refusal(errc::invalid_argument, path, what + " is NULL");
  if (e->abi_version != NHI_ABI_VERSION)
    return refusal(errc::unsupported, path, what + " has ABI version " + std::to_string(e->abi_version) +
                                                "; this nhi supports version " + std::to_string(NHI_ABI_VERSION));
  if (e->struct_size < v1_size)
    return refusal(errc::invalid_argument, path, what + " declares struct_size " + std::to_string(e->struct_size) +
                                                     "; ABI v1 needs at least " + std::to_string(v1_size));
  return std::nullopt;
}

template <class T>
std::optional<status> collect(const T* const* items, std::size_t count, std::size_t v1_size, const char* kind,
                              const std::string& path, std::vector<const T*>& out) {
  if (count > 0 && !items) return refusal(errc::invalid_argument, path, std::string(kind) + " list is NULL");
  for (std::size_t i = 0; i < count; ++i) {
    const std::string what = std::string(kind) + " #" + std::to_string(i);
    if (auto bad = check_entry(items[i], v1_size, what, path)) return bad;
    if (!items[i]->name || !*items[i]->name) return refusal(errc::invalid_argument, path, what + " has no name");
    out.push_back(items[i]);
  }
  return std::nullopt;
}

std::optional<status> check_functions(const plugin_module& m, const std::string& path) {
  for (const auto* d : m.detectors)
    if (!d->detect) return refusal(errc::invalid_argument, path, std::string("detector '") + d->name + "' has no detect function");
  for (const auto* s : m.sources)
    if (!s->run) return refusal(errc::invalid_argument, path, std::string("source '") + s->name + "' has no run function");
  for (const auto* r : m.reporters)
    if (!r->report) return refusal(errc::invalid_argument, path, std::string("reporter '") + r->name + "' has no report function");
  return std::nullopt;
}

}  // namespace

bool description_is_v1(const nhi_plugin_desc* desc) noexcept {
  return desc && desc->abi_version == NHI_ABI_VERSION && desc->struct_size >= kDescV1Size;
}

std::optional<status> read_description(const nhi_plugin_desc* desc, const std::string& path, plugin_module& into) {
  if (auto bad = check_entry(desc, kDescV1Size, "its description", path)) return *bad;
  if (!desc->name || !*desc->name) return refusal(errc::invalid_argument, path, "its description has no name");
  into.name = desc->name;
  into.version = desc->version ? desc->version : "";
  if (auto bad = collect(desc->detectors, desc->detector_count, kDetectorV1Size, "detector", path, into.detectors))
    return *bad;
  if (auto bad = collect(desc->sources, desc->source_count, kSourceV1Size, "source", path, into.sources))
    return *bad;
  if (auto bad = collect(desc->reporters, desc->reporter_count, kReporterV1Size, "reporter", path, into.reporters))
    return *bad;
  return check_functions(into, path);
}

result<std::shared_ptr<const plugin_module>> open_plugin_module(const std::string& path,
                                                                const std::string& options) {
  // O_NONBLOCK: opening a FIFO must not hang; the type is checked next.
  fd_closer file{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)};
  if (file.fd < 0) {
    const int err = errno;
    return refusal(err == ENOENT ? errc::not_found : errc::invalid_argument, path, std::strerror(err));
  }
  struct stat st{};
  if (::fstat(file.fd, &st) != 0) return refusal(errc::invalid_argument, path, std::strerror(errno));
  if (auto why = unsafe_file(st)) return refusal(errc::invalid_argument, path, *why);

  auto module = std::make_shared<plugin_module>();
  module->path = path;
  // RTLD_NOW: a missing symbol fails here, not in the middle of a scan.
  const std::string name = name_to_open(file, st, path);
  module->handle = ::dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!module->handle) {
    const char* e = ::dlerror();
    std::string err = e ? e : "dlopen failed";  // "NAME: why"; the refusal names the file already
    if (err.compare(0, name.size() + 2, name + ": ") == 0) err.erase(0, name.size() + 2);
    return refusal(errc::invalid_argument, path, err);
  }
  void* entry = ::dlsym(module->handle, "nhi_plugin_init_v1");
  if (!entry)
    return refusal(errc::unsupported, path,
                   "it exports no nhi_plugin_init_v1: not an nhi plugin, or one built for another ABI version");
  // POSIX guarantees that a dlsym result converts to a function pointer.
  auto init = reinterpret_cast<nhi_plugin_init_v1_fn>(entry);

  init_ctx ctx(options);
  const nhi_plugin_desc* desc = nullptr;
  void* state = nullptr;
  const int rc = init(&desc, &state, &ctx, host_api());
  if (rc != NHI_OK)
    return refusal(rc == NHI_ERR_UNSUPPORTED ? errc::unsupported : errc::invalid_argument, path,
                   "initialisation failed: " + failure_message(ctx, rc));
  if (description_is_v1(desc)) {
    module->desc = desc;  // from here on, the module's destructor frees the state
    module->state = state;
  }
  if (auto bad = read_description(desc, path, *module)) return *bad;
  return std::shared_ptr<const plugin_module>(std::move(module));
}

}  // namespace nhi::detail
