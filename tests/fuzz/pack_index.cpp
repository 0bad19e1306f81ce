// SPDX-License-Identifier: Apache-2.0
// A pack and its index from fuzz bytes, read the way a history scan reads
// them (issue 20): open_pack_files over a repository's objects/pack, then
// every id the index lists, and ids it does not, through pack_blob_reader
// (plan, then every task) and pack_object_reader (as blob and as tree).
// Input: a 4-byte big-endian length, that many bytes of .idx, the rest .pack
// (tests/fuzz/make_pack_seeds.sh writes seeds in that form from a real pack).
// Checks: no crash, and every index the blob reader reports lies in `wanted`.
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "fuzz_util.hpp"
#include "source/pack_reader.hpp"

namespace {

// One directory per process, holding objects/pack/pack-fuzz.{idx,pack}.
const std::string& git_dir() {
  static const std::string dir = [] {
    const char* shm = "/dev/shm";
    std::string tmpl = std::string(::access(shm, W_OK) == 0 ? shm : "/tmp") + "/nhi-fuzz-pack-XXXXXX";
    if (!::mkdtemp(tmpl.data())) nhi_fuzz::violated("mkdtemp");
    std::filesystem::create_directories(tmpl + "/objects/pack");
    static const std::string remove_me = tmpl;
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(remove_me, ec);
    });
    return tmpl;
  }();
  return dir;
}

void write(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) nhi_fuzz::violated("write", path);
}

std::uint32_t be32(const unsigned char* p) {
  return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | p[3];
}

// The ids a version 2 index lists (as many as its bytes hold, at most 512),
// and two it cannot list in order.
std::vector<std::string> ids_of(std::string_view idx) {
  std::vector<std::string> ids{std::string(20, '\0'), std::string(20, '\xff')};
  if (idx.size() < 8 + 1024) return ids;
  const auto* d = reinterpret_cast<const unsigned char*>(idx.data());
  const std::size_t listed = be32(d + 8 + 1020), held = (idx.size() - 8 - 1024) / 20;
  for (std::size_t i = 0; i < std::min<std::size_t>({listed, held, 512}); ++i)
    ids.emplace_back(idx.substr(8 + 1024 + i * 20, 20));
  return ids;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  using namespace nhi::detail;
  if (size < 4) return 0;
  const std::size_t idx_size = std::min<std::size_t>(be32(data), size - 4);
  const std::string_view idx(reinterpret_cast<const char*>(data) + 4, idx_size);
  const std::string_view pack(reinterpret_cast<const char*>(data) + 4 + idx_size, size - 4 - idx_size);
  const std::string base = git_dir() + "/objects/pack/pack-fuzz";
  write(base + ".idx", idx);
  write(base + ".pack", pack);

  const auto files = open_pack_files(git_dir());
  nhi_fuzz::check(refused_packs(*files).size() + indexes_not_refused(*files).size() == 1, "the index is accounted for");
  const std::vector<std::string> wanted = ids_of(idx);

  pack_blob_reader blobs(files);
  const std::vector<std::size_t> unserved = blobs.plan(wanted, 1 << 20);
  for (std::size_t w : unserved) nhi_fuzz::check(w < wanted.size(), "unserved index in range");
  for (std::size_t w : blobs.too_deep()) nhi_fuzz::check(w < wanted.size(), "too-deep index in range");
  std::vector<std::size_t> failed;
  std::size_t served = 0;
  for (std::size_t t = 0; t < blobs.task_count(); ++t)
    blobs.run(
        t,
        [&](std::size_t w, std::string_view, const nhi::detail::blob_lineage&) {
          nhi_fuzz::check(w < wanted.size(), "served index in range");
          ++served;
        },
        [&](std::size_t w, std::uint64_t too_large) {
          nhi_fuzz::check(w < wanted.size() && too_large > (1 << 20), "too-large index in range and over the limit");
        },
        failed);
  for (std::size_t w : failed) nhi_fuzz::check(w < wanted.size(), "failed index in range");

  pack_object_reader objects(files, 64 << 10);
  std::string out;
  for (const std::string& id : wanted)
    for (object_kind kind : {object_kind::blob, object_kind::tree})
      (void)objects.read(reinterpret_cast<const unsigned char*>(id.data()), kind, out);
  return 0;
}
