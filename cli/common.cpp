// SPDX-License-Identifier: Apache-2.0
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "commands.hpp"

namespace nhi_cli {

int exit_code_for(const nhi::status& s) {
  switch (s.code()) {
    case nhi::errc::ok: return kClean;
    case nhi::errc::invalid_argument:
    case nhi::errc::parse_error:
    case nhi::errc::not_found:
    case nhi::errc::unsupported: return kUsage;
    default: return kRuntime;
  }
}

namespace {
// Error messages name files and quote input: control bytes in them must not
// reach the terminal as escape sequences.
std::string inert(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (c >= 0x20 && c != 0x7f) {
      out += static_cast<char>(c);
    } else {
      static const char* hex = "0123456789abcdef";
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}
}  // namespace

int report_error(const nhi::status& s) {
  std::cerr << "nhi: " << inert(s.to_string()) << '\n';
  return exit_code_for(s);
}

namespace {
nhi::status write_all(int fd, const std::string& content, const std::string& path) {
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return nhi::status(nhi::errc::io_error, std::string("cannot write: ") + std::strerror(errno), path);
    done += static_cast<std::size_t>(n);
  }
  return nhi::status::ok();
}
}  // namespace

// Reports land where a repository under scan may have planted a symbolic link
// (results.sarif -> ~/.bashrc): the report is written to a new file created
// beside the target (O_EXCL, 0600) and renamed over it, which replaces a link
// instead of following it, and leaves the old file whole if writing fails
// (a full disk no longer destroys a baseline being rewritten). Pipes and
// terminals (`-o /dev/stdout`, a FIFO a user made on purpose) are written to
// as they are.
nhi::status write_output(const std::string& path, const std::string& content) {
  if (path.empty() || path == "-") {
    std::cout << content;
    std::cout.flush();
    return std::cout ? nhi::status::ok() : nhi::status(nhi::errc::io_error, "cannot write to standard output");
  }
  struct stat st{};
  if (::stat(path.c_str(), &st) == 0 && (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) return nhi::status(nhi::errc::io_error, std::string("cannot open: ") + std::strerror(errno), path);
    nhi::status s = write_all(fd, content, path);
    ::close(fd);
    return s;
  }
  if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
    return nhi::status(nhi::errc::invalid_argument, "is a directory, not a file", path);
  const std::size_t slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
  const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  std::string tmp = dir + "/." + base + ".nhi-XXXXXX";
  const int fd = ::mkstemp(tmp.data());  // O_EXCL, mode 0600
  if (fd < 0) return nhi::status(nhi::errc::io_error, std::string("cannot create: ") + std::strerror(errno), path);
  nhi::status s = write_all(fd, content, path);
  if (s && ::fsync(fd) != 0) s = nhi::status(nhi::errc::io_error, std::string("cannot write: ") + std::strerror(errno), path);
  if (::close(fd) != 0 && s) s = nhi::status(nhi::errc::io_error, "cannot write", path);
  if (s && ::rename(tmp.c_str(), path.c_str()) != 0)
    s = nhi::status(nhi::errc::io_error, std::string("cannot replace: ") + std::strerror(errno), path);
  if (!s) ::unlink(tmp.c_str());
  return s;
}

nhi::status check_input_file(const std::string& path, const char* what) {
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0)
    return nhi::status(errno == ENOENT ? nhi::errc::not_found : nhi::errc::invalid_argument,
                       std::string(what) + ": " + std::strerror(errno), path);
  if (S_ISDIR(st.st_mode))
    return nhi::status(nhi::errc::invalid_argument, std::string(what) + " is a directory, not a file", path);
  // A FIFO would block the scan forever and a device never ends (/dev/zero).
  if (!S_ISREG(st.st_mode))
    return nhi::status(nhi::errc::invalid_argument, std::string(what) + " is not a regular file", path);
  return nhi::status::ok();
}

nhi::result<std::uint64_t> parse_size(const std::string& text) {
  std::size_t i = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
  const std::string digits = text.substr(0, i), suffix = text.substr(i);
  static const std::pair<const char*, std::uint64_t> units[] = {
      {"", 1},          {"B", 1},
      {"K", 1ull << 10}, {"KiB", 1ull << 10}, {"KB", 1000},
      {"M", 1ull << 20}, {"MiB", 1ull << 20}, {"MB", 1000000},
      {"G", 1ull << 30}, {"GiB", 1ull << 30}, {"GB", 1000000000}};
  for (const auto& [name, factor] : units) {
    if (digits.empty() || digits.size() > 12 || suffix != name) continue;
    return std::stoull(digits) * factor;
  }
  return nhi::status(nhi::errc::invalid_argument,
                     "'" + text + "' is not a size: a whole number of bytes, optionally with K, M, G (1024-based, "
                     "also KiB, MiB, GiB) or KB, MB, GB (1000-based)");
}

bool stdout_wants_color() {
  const char* no_color = std::getenv("NO_COLOR");
  return ::isatty(STDOUT_FILENO) && !(no_color && *no_color);
}

void add_version_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("version", "Print the version of nhi, the library and the built-in rules");
  cmd->callback([&exit_code] {
    auto rules = nhi::rule_set::builtin();
    std::cout << "nhi " << nhi::version_string() << '\n';
    if (rules) std::cout << "rules " << rules->version() << " (" << rules->size() << " built-in)\n";
    exit_code = rules ? kClean : report_error(rules.error());
  });
}

nhi::result<std::string> inventory_location(const std::string& given) {
  if (!given.empty()) return given;
  const char* env = std::getenv("NHI_INVENTORY");
  if (env && *env) return std::string(env);
  return nhi::status(nhi::errc::invalid_argument,
                     "no inventory: give --inventory (an SQLite file or a postgresql:// URL) or set NHI_INVENTORY");
}

bool resolve_inventory(std::string& location, int& exit_code) {
  auto resolved = inventory_location(location);
  if (!resolved) {
    exit_code = report_error(resolved.error());
    return false;
  }
  location = resolved.value();
  return true;
}

void add_inventory_option(CLI::App* cmd, std::string& location) {
  cmd->add_option("--inventory", location,
                  "The inventory: an SQLite file or a postgresql:// URL (default: $NHI_INVENTORY)");
}

}  // namespace nhi_cli
