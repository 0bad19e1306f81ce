// SPDX-License-Identifier: Apache-2.0
#include "source/pack_reader.hpp"

#include "match/matcher.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <libdeflate.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <list>
#include <thread>
#include <unordered_map>

#include "util/flat_map.hpp"

namespace nhi::detail {
namespace {

// Entry types beyond object_kind (pack_reader.hpp): deltas against another entry.
constexpr int kObjOfsDelta = 6, kObjRefDelta = 7;
constexpr std::size_t kMaxChain = kMaxDeltaChain;
// Larger objects are left to libgit2 by pack_object_reader (trees are small;
// a corrupt header must not make it allocate gigabytes).
constexpr std::uint64_t kMaxObject = std::uint64_t(1) << 30;

// One key for an entry of any pack: offsets stay below 2^48.
std::uint64_t entry_key(std::uint32_t pack, std::uint64_t offset) { return (std::uint64_t(pack) << 48) | offset; }

std::uint64_t be64(const unsigned char* p) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = v << 8 | p[i];
  return v;
}

std::uint32_t be32(const unsigned char* p) {
  return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | p[3];
}

bool read_exact(int fd, void* buf, std::size_t n, std::uint64_t at) {
  auto* out = static_cast<char*>(buf);
  while (n > 0) {
    const ssize_t got = ::pread(fd, out, n, static_cast<off_t>(at));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    out += got;
    n -= static_cast<std::size_t>(got);
    at += static_cast<std::uint64_t>(got);
  }
  return true;
}

// A read-only mapping of a whole file, unmapped with it.
class mapped_file {
 public:
  mapped_file() = default;
  mapped_file(const mapped_file&) = delete;
  mapped_file& operator=(const mapped_file&) = delete;
  ~mapped_file() {
    if (data_) ::munmap(data_, size_);
  }
  bool open(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    struct stat st{};
    bool ok = ::fstat(fd, &st) == 0 && st.st_size > 0;
    if (ok) {
      void* at = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
      ok = at != MAP_FAILED;
      if (ok) {
        data_ = at;
        size_ = static_cast<std::size_t>(st.st_size);
      }
    }
    ::close(fd);
    return ok;
  }
  const unsigned char* data() const { return static_cast<const unsigned char*>(data_); }
  std::size_t size() const { return size_; }

 private:
  void* data_ = nullptr;
  std::size_t size_ = 0;
};

// One offset in this many is sampled for entry lookups (pack_file::entry_at):
// a block of 64 offsets is eight cache lines.
constexpr std::size_t kOffsetSampleStep = 64;

struct pack_file {
  int fd = -1;
  std::uint64_t size = 0;
  std::uint32_t count = 0;
  std::uint32_t fanout[256] = {};
  // For a large index, the same by the first two bytes of the id (65,537
  // bounds, 256 KiB): a lookup then searches a few dozen ids in a few
  // adjacent cache lines, where the fan-out left tens of thousands, each
  // probe past the first few a cache miss (the history walk looks up every
  // tree it reads).
  std::vector<std::uint32_t> fanout16;
  mapped_file idx;                       // the .idx, mapped: its object ids are read in place
  const unsigned char* shas = nullptr;   // count * 20, sorted (in idx)
  std::vector<std::uint64_t> offsets;    // by index (sha order)
  std::vector<std::uint64_t> by_offset;  // every entry's offset, ascending
  // Every kOffsetSampleStep-th of by_offset. A lookup searches these (1/64
  // of the size, so they stay cached) and then one block of by_offset, where
  // a search of by_offset alone took a cache miss per probe past the first
  // few: every tree and blob read asks where its entry ends.
  std::vector<std::uint64_t> offset_samples;

  ~pack_file() {
    if (fd >= 0) ::close(fd);
  }

  // Index of `oid` (20 bytes) or -1. Every tree and blob the walk reads is
  // looked up here: the first 8 bytes are compared as one integer, and the
  // rest only when they are equal (a call to memcmp per step was 2.6% of a
  // walk of hashicorp/terraform's history).
  long find(const unsigned char* oid) const {
    std::uint32_t lo, hi;
    if (!fanout16.empty()) {
      const std::size_t k = std::size_t(oid[0]) << 8 | oid[1];
      lo = fanout16[k];
      hi = fanout16[k + 1];
    } else {
      lo = oid[0] == 0 ? 0 : fanout[oid[0] - 1];
      hi = fanout[oid[0]];
    }
    const std::uint64_t key = be64(oid);
    while (lo < hi) {
      const std::uint32_t mid = lo + (hi - lo) / 2;
      const unsigned char* sha = shas + std::size_t(mid) * 20;
      const std::uint64_t head = be64(sha);
      const int c = head != key ? (head < key ? -1 : 1) : std::memcmp(sha + 8, oid + 8, 12);
      if (c == 0) return static_cast<long>(mid);
      if (c < 0) lo = mid + 1; else hi = mid;
    }
    return -1;
  }
  // Whether an entry starts at `offset`; if so, `end` is where it ends: at
  // the next entry, or at the trailing checksum.
  bool entry_at(std::uint64_t offset, std::uint64_t& end) const {
    const auto sample = std::upper_bound(offset_samples.begin(), offset_samples.end(), offset);
    if (sample == offset_samples.begin()) return false;  // before the first entry
    const std::size_t block = static_cast<std::size_t>(sample - offset_samples.begin()) - 1;
    const std::size_t from = block * kOffsetSampleStep;
    const std::size_t to = std::min(by_offset.size(), from + kOffsetSampleStep);
    const auto first = by_offset.begin() + static_cast<std::ptrdiff_t>(from);
    const auto last = by_offset.begin() + static_cast<std::ptrdiff_t>(to);
    const auto it = std::lower_bound(first, last, offset);
    if (it == last || *it != offset) return false;
    end = std::next(it) == by_offset.end() ? size - 20 : *std::next(it);
    return true;
  }
};

enum class load_result { ok, unsupported, refused };

// An index with this many objects gets pack_file::fanout16.
constexpr std::size_t kFanout16From = std::size_t(1) << 16;

// Parses a version 2 .idx and checks its pack. `unsupported`: not an index
// this reader reads (libgit2 may); `refused`: damaged, with `why`.
load_result load_index(const std::string& idx_path, const std::string& pack_path, pack_file& p, std::string& why) {
  // Mapped, not read: the object ids are most of it, and find() reads them in place.
  if (!p.idx.open(idx_path)) return load_result::unsupported;  // unreadable: libgit2 cannot read it either
  const mapped_file& idx = p.idx;
  const unsigned char* d = idx.data();
  if (idx.size() < 8 || std::memcmp(d, "\377tOc", 4) != 0 || be32(d + 4) != 2) return load_result::unsupported;
  auto refuse = [&](const char* reason) {
    why = reason;
    return load_result::refused;
  };
  if (idx.size() < 8 + 256 * 4 + 40) return refuse("the index is truncated");
  for (int i = 0; i < 256; ++i) p.fanout[i] = be32(d + 8 + i * 4);
  p.count = p.fanout[255];
  // find() trusts the fan-out to bound its search within the table: a table
  // that is not monotonic (a flipped byte, a crafted file) would send it past
  // the end. git and libgit2 refuse such an index too.
  for (int i = 1; i < 256; ++i)
    if (p.fanout[i] < p.fanout[i - 1]) return refuse("the index's fan-out table is not monotonic");
  const std::size_t n = p.count;
  const std::size_t sha_at = 8 + 256 * 4, crc_at = sha_at + n * 20, off_at = crc_at + n * 4, big_at = off_at + n * 4;
  if (idx.size() < big_at + 40) return refuse("the index is truncated");
  p.shas = d + sha_at;
  if (n >= kFanout16From) {
    // Counted, then summed: bounds within [0, n] and in order whatever the
    // table holds, so a lookup stays inside it even in a damaged index.
    p.fanout16.assign(65537, 0);
    for (std::size_t i = 0; i < n; ++i) ++p.fanout16[(std::size_t(p.shas[i * 20]) << 8 | p.shas[i * 20 + 1]) + 1];
    for (std::size_t k = 1; k < p.fanout16.size(); ++k) p.fanout16[k] += p.fanout16[k - 1];
  }
  p.offsets.resize(n);
  const std::size_t big_count = (idx.size() - 40 - big_at) / 8;
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t o = be32(d + off_at + i * 4);
    if (o & 0x80000000u) {
      const std::size_t k = o & 0x7fffffffu;
      if (k >= big_count) return refuse("an object's large offset is missing from the index");
      p.offsets[i] = (std::uint64_t(be32(d + big_at + k * 8)) << 32) | be32(d + big_at + k * 8 + 4);
    } else {
      p.offsets[i] = o;
    }
  }
  p.by_offset = p.offsets;
  std::sort(p.by_offset.begin(), p.by_offset.end());
  for (std::size_t i = 0; i < n; i += kOffsetSampleStep) p.offset_samples.push_back(p.by_offset[i]);

  p.fd = ::open(pack_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (p.fd < 0) return refuse("the pack cannot be opened");
  struct stat st{};
  unsigned char head[12];
  if (::fstat(p.fd, &st) != 0 || !read_exact(p.fd, head, sizeof head, 0) || std::memcmp(head, "PACK", 4) != 0)
    return refuse("the pack has no pack header (truncated?)");
  if (be32(head + 8) != p.count) return refuse("the pack and its index count different numbers of objects");
  p.size = static_cast<std::uint64_t>(st.st_size);
  // Every entry must lie between the pack header and its trailing checksum.
  if (p.size < 32 || (!p.by_offset.empty() && (p.by_offset.front() < 12 || p.by_offset.back() >= p.size - 20)))
    return refuse("an object offset points outside the pack (a truncated pack, or a damaged index)");
  return load_result::ok;
}

// The process's file-backed resident bytes: /proc/self/statm's third field
// (file pages and shared memory, of which a scan has none), read again in
// place; 0 where /proc is not mounted, and then only the read count lets a
// mapping's pages go (pack_reads).
class resident_file_bytes {
 public:
  resident_file_bytes() = default;
  ~resident_file_bytes() {
    if (fd_ >= 0) ::close(fd_);
  }
  resident_file_bytes(const resident_file_bytes&) = delete;
  resident_file_bytes& operator=(const resident_file_bytes&) = delete;

  void open() {
    if (fd_ < 0) fd_ = ::open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
  }
  std::uint64_t now() const {
    if (fd_ < 0) return 0;
    char text[160];
    const ssize_t n = ::pread(fd_, text, sizeof text - 1, 0);
    if (n <= 0) return 0;
    text[n] = '\0';
    unsigned long long size = 0, resident = 0, shared = 0;
    if (std::sscanf(text, "%llu %llu %llu", &size, &resident, &shared) != 3) return 0;
    return shared * static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
  }

 private:
  int fd_ = -1;
};

// Reads pack bytes with pread(2) into a buffer of its own, one per reader
// and so per thread. The packs used to be mapped, as git and libgit2 map
// them; but a history scan reads a pack in its delta trees' order, not the
// file's, so the mapping grew to the whole pack in the resident set unless
// it was let go at a budget, and then faulting the pages in again cost more
// than reading them: hashicorp/terraform's history took 14.2 s with a 64 MiB
// budget, 12 s with one pread per read, 9.9 s mapped whole at 550 MB of
// RSS (docs/performance.md, "Seventh round"). A read also brings the bytes
// after it, up to `ahead`, so an entry's header brings its data, and the
// next entry of a delta tree, often its neighbour in the file, comes free.
//
// A reader of small objects in an order unrelated to the file's (the commit
// listing, a few hundred bytes per commit; the tree walk) maps the packs
// instead: a pread(2) and a 4 KiB copy per object cost more than the page
// faults (the walk's system time was a quarter of its CPU).
class pack_reads {
 public:
  enum class access { copied, mapped };
  explicit pack_reads(access how = access::copied) : mapped_(how == access::mapped) {}
  ~pack_reads() {
    for (const auto& m : maps_)
      if (m.base) ::munmap(m.base, m.size);
  }
  pack_reads(const pack_reads&) = delete;
  pack_reads& operator=(const pack_reads&) = delete;

  // [at, at + n) of `p` (in bounds), valid until the next call; null if the
  // read fails.
  const unsigned char* get(const pack_file& p, std::uint64_t at, std::size_t n, std::size_t ahead) {
    if (file_ == &p && at >= at_ && at + n <= at_ + held_) return buf_.get() + (at - at_);
    if (at > p.size || n > p.size - at) return nullptr;
    if (mapped_)
      if (const unsigned char* base = map_of(p)) {
        if (++reads_since_release_ == kReadsPerRelease ||
            (reads_since_release_ % kReadsPerCheck == 0 && file_pages_.now() > file_pages_after_release_ + kGrowthPerRelease))
          release_pages();
        return base + at;
      }
    const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(p.size - at, std::max(n, ahead)));
    // A buffer grown for one large entry is not kept for the small ones after it.
    if (want > capacity_ || (capacity_ > kKept && want <= kKept)) {
      capacity_ = std::max(want, ahead);
      buf_.reset(new unsigned char[capacity_]);  // not zeroed: read over at once
    }
    file_ = nullptr;
    if (!read_exact(p.fd, buf_.get(), want, at)) return nullptr;
    file_ = &p;
    at_ = at;
    held_ = want;
    return buf_.get();
  }

 private:
  struct mapping {
    const pack_file* file;
    void* base;  // null: the file could not be mapped, so it is read
    std::size_t size;
  };
  const unsigned char* map_of(const pack_file& p) {
    for (const auto& m : maps_)
      if (m.file == &p) return static_cast<const unsigned char*>(m.base);
    void* base = p.size == 0 ? MAP_FAILED
                             : ::mmap(nullptr, static_cast<std::size_t>(p.size), PROT_READ, MAP_PRIVATE, p.fd, 0);
    maps_.push_back({&p, base == MAP_FAILED ? nullptr : base, static_cast<std::size_t>(p.size)});
    if (maps_.size() == 1) {  // the first mapping: what the process holds before it
      file_pages_.open();
      file_pages_after_release_ = file_pages_.now();
    }
    return static_cast<const unsigned char*>(maps_.back().base);
  }

  static constexpr std::size_t kKept = std::size_t(1) << 20;
  // The pages a mapping brought in count in the resident set until they are
  // let go (they stay in the page cache: touching one again is a minor
  // fault, no read). Every kReadsPerRelease reads they are: kept longer the
  // walk faults less, but the peak grows with what the kernel maps per fault
  // (65,536: git/git's peak 296 MB on one kernel, 400-424 MB on a newer one,
  // over the 400 MB budget; 32,768: 346-363 MB there, rails' wall the same;
  // docs/performance.md "Fourteenth round"); never let go, git/git's peak grew
  // by 360 MB ("Tenth round").
  static constexpr std::size_t kReadsPerRelease = 32768;
  // How many pages one fault maps depends on the page cache: where another
  // reader left the pack in large folios (`git cat-file` run just before),
  // a fault maps a whole folio, and 32,768 reads held 180 MB of git/git's
  // pack (a 560 MB peak against 255 MB). So every kReadsPerCheck reads the
  // process's file-backed resident set is looked at too, and the pages are
  // let go once it has grown by kGrowthPerRelease since they last were
  // (docs/performance.md, "Sixteenth round").
  static constexpr std::size_t kReadsPerCheck = 32;
  static constexpr std::uint64_t kGrowthPerRelease = std::uint64_t(48) << 20;
  void release_pages() {
    reads_since_release_ = 0;
    for (const auto& m : maps_)
      if (m.base) ::madvise(m.base, m.size, MADV_DONTNEED);
    file_pages_after_release_ = file_pages_.now();
  }

  bool mapped_ = false;
  std::size_t reads_since_release_ = 0;
  resident_file_bytes file_pages_;
  std::uint64_t file_pages_after_release_ = 0;
  std::vector<mapping> maps_;
  std::unique_ptr<unsigned char[]> buf_;
  std::size_t capacity_ = 0;
  const pack_file* file_ = nullptr;  // whose bytes the buffer holds
  std::uint64_t at_ = 0;
  std::size_t held_ = 0;
};

// How far a read of an entry's header reaches ahead (pack_reads): most
// entries of a history's pack are a few hundred bytes.
constexpr std::size_t kEntryReadAhead = std::size_t(4) << 10;

// How far a header read reaches ahead while planning (pack_blob_reader::plan):
// the blobs' headers are read in pack order, and a read of this size holds
// the headers of the next few dozen entries.
constexpr std::size_t kPlanReadAhead = std::size_t(32) << 10;

// Result of parsing an entry's header.
struct entry_header {
  int type = 0;
  std::uint64_t size = 0;        // inflated size of the entry's own data
  std::uint32_t data_at = 0;     // bytes from the entry start to its zlib stream
  std::uint64_t base_offset = 0;  // OFS_DELTA
  unsigned char base_oid[20] = {};  // REF_DELTA
};

// Parses the header of the entry at `offset`, read through `io` with what
// follows it up to `ahead` bytes (not past `end`, the entry's end): the
// entry's data when it is about to be inflated.
bool parse_header(pack_reads& io, const pack_file& p, std::uint64_t offset, std::uint64_t end, std::size_t ahead,
                  entry_header& h) {
  if (end <= offset) return false;
  const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(64, end - offset));
  const unsigned char* buf =
      want < 2 ? nullptr : io.get(p, offset, want, static_cast<std::size_t>(std::min<std::uint64_t>(ahead, end - offset)));
  if (!buf) return false;
  std::size_t i = 0;
  unsigned char c = buf[i++];
  h.type = (c >> 4) & 7;
  h.size = c & 15;
  int shift = 4;
  while (c & 0x80) {
    if (i >= want || shift > 57) return false;
    c = buf[i++];
    h.size |= std::uint64_t(c & 0x7f) << shift;
    shift += 7;
  }
  if (h.type == kObjOfsDelta) {
    if (i >= want) return false;
    c = buf[i++];
    std::uint64_t rel = c & 127;
    while (c & 128) {
      if (i >= want || rel > (std::uint64_t(1) << 56)) return false;
      c = buf[i++];
      rel = ((rel + 1) << 7) | (c & 127);
    }
    if (rel == 0 || rel > offset) return false;
    h.base_offset = offset - rel;
  } else if (h.type == kObjRefDelta) {
    if (i + 20 > want) return false;
    std::memcpy(h.base_oid, buf + i, 20);
    i += 20;
  } else if (h.type < static_cast<int>(object_kind::commit) || h.type > static_cast<int>(object_kind::tag)) {
    return false;
  }
  h.data_at = static_cast<std::uint32_t>(i);
  return true;
}

std::uint64_t delta_varint(const unsigned char*& p, const unsigned char* end, bool& ok) {
  std::uint64_t v = 0;
  int shift = 0;
  unsigned char c;
  do {
    if (p >= end || shift > 63) { ok = false; return 0; }
    c = *p++;
    v |= std::uint64_t(c & 0x7f) << shift;
    shift += 7;
  } while (c & 0x80);
  return v;
}

// The size a delta produces, from its header.
bool delta_result_size(const std::string& delta, std::uint64_t& size) {
  const auto* p = reinterpret_cast<const unsigned char*>(delta.data());
  const auto* end = p + delta.size();
  bool ok = true;
  delta_varint(p, end, ok);
  size = delta_varint(p, end, ok);
  return ok;
}

// git's delta format: source size, result size, then copy and insert ops.
// With `changed`, it receives the spans of `out` the delta did not copy from
// the base as it lies (blob_lineage::changed).
bool apply_delta(std::string_view base, const std::string& delta, std::string& out,
                 std::vector<std::pair<std::size_t, std::size_t>>* changed = nullptr) {
  const auto* p = reinterpret_cast<const unsigned char*>(delta.data());
  const auto* end = p + delta.size();
  bool ok = true;
  const std::uint64_t src_size = delta_varint(p, end, ok);
  const std::uint64_t dst_size = delta_varint(p, end, ok);
  if (!ok || src_size != base.size()) return false;
  // Each op byte yields at most a copy of the whole base or 127 inserted
  // bytes: a larger result size is a lie that would only cost memory.
  if (dst_size > std::uint64_t(end - p) * std::max<std::uint64_t>(base.size(), 127)) return false;
  out.resize(static_cast<std::size_t>(dst_size));
  char* o = out.data();
  std::uint64_t written = 0;
  // The base offset a copy continuing the previous one would start at (none
  // at first: the start of the result is an edge the base may not have had).
  std::uint64_t continues_at = ~std::uint64_t{0};
  if (changed) changed->clear();
  while (p < end) {
    const unsigned char op = *p++;
    if (op & 0x80) {
      std::uint64_t off = 0, len = 0;
      for (int b = 0; b < 4; ++b)
        if (op & (1u << b)) {
          if (p >= end) return false;
          off |= std::uint64_t(*p++) << (8 * b);
        }
      for (int b = 0; b < 3; ++b)
        if (op & (0x10u << b)) {
          if (p >= end) return false;
          len |= std::uint64_t(*p++) << (8 * b);
        }
      if (len == 0) len = 0x10000;
      if (off + len > base.size() || written + len > dst_size) return false;
      std::memcpy(o + written, base.data() + off, static_cast<std::size_t>(len));
      if (changed && off != continues_at) changed->emplace_back(written, written);  // a join
      continues_at = off + len;
      written += len;
    } else if (op != 0) {
      if (static_cast<std::uint64_t>(end - p) < op || written + op > dst_size) return false;
      std::memcpy(o + written, p, op);
      p += op;
      if (changed) changed->emplace_back(written, written + op);  // inserted
      continues_at = ~std::uint64_t{0};
      written += op;
    } else {
      return false;  // reserved opcode
    }
  }
  if (changed) changed->emplace_back(written, written);  // the end: another edge
  return written == dst_size;
}

// Inflates pack entries whole: the pack states each entry's inflated size, so
// libdeflate's one-call decompressor fits, and it is about twice as fast as
// zlib's streaming inflate, a tenth of a history scan (docs/performance.md).
class inflater {
 public:
  inflater() : d_(libdeflate_alloc_decompressor()) {}
  ~inflater() {
    if (d_) libdeflate_free_decompressor(d_);
  }
  inflater(const inflater&) = delete;
  inflater& operator=(const inflater&) = delete;

  // Inflates the entry's zlib stream into exactly `size` bytes. The bytes
  // after the stream up to `to` (none in a well-formed pack) are ignored.
  bool run(pack_reads& io, const pack_file& p, std::uint64_t from, std::uint64_t to, std::uint64_t size,
           std::string& out, std::size_t ahead = 0) {
    if (!d_ || to < from) return false;
    const auto n = static_cast<std::size_t>(to - from);
    // deflate expands at most 1032:1; a header claiming more is corrupt, and
    // must not make us allocate it (a 20-byte entry could claim 1 GiB).
    if (size / 1032 > n + 1) return false;
    const unsigned char* in = io.get(p, from, n, ahead);
    if (!in) return false;
    out.resize(static_cast<std::size_t>(size));
    std::size_t used = 0, produced = 0;
    return libdeflate_zlib_decompress_ex(d_, in, n, out.data(), out.size(), &used, &produced) ==
               LIBDEFLATE_SUCCESS &&
           produced == size;
  }

 private:
  libdeflate_decompressor* d_;
};

// A plan looks ids up on another thread only when each gets this many.
constexpr std::size_t kLookupsPerThread = std::size_t(1) << 14;

// One pack entry a plan reads: a wanted blob or a delta base on the way to
// one. One per blob of the history, so kept small (48 bytes); its children
// and the wants it serves are spans of two flat lists (pack_blob_reader::impl).
struct node {
  std::uint64_t offset = 0, end = 0;
  std::uint64_t size = 0;
  std::int32_t base = -1;
  std::uint32_t pack = 0;
  std::uint32_t depth = 0;
  std::uint16_t data_at = 0;  // an entry's header is under 64 bytes (parse_header)
  std::uint8_t type = 0;
  bool broken = false;
  bool too_deep = false;  // deeper than kMaxChain: not built, reported
};

// A span of a flat list.
struct id_span {
  const std::uint32_t* first;
  const std::uint32_t* last;
  const std::uint32_t* begin() const noexcept { return first; }
  const std::uint32_t* end() const noexcept { return last; }
  std::size_t size() const noexcept { return static_cast<std::size_t>(last - first); }
  bool empty() const noexcept { return first == last; }
  std::uint32_t operator[](std::size_t i) const noexcept { return first[i]; }
};

}  // namespace

// Read-only once opened: every reader on every thread shares one.
struct pack_files {
  std::vector<std::unique_ptr<pack_file>> packs;
  std::vector<refused_pack> refused;
  std::vector<std::string> not_refused;  // .idx paths
};

const std::vector<refused_pack>& refused_packs(const pack_files& files) { return files.refused; }
const std::vector<std::string>& indexes_not_refused(const pack_files& files) { return files.not_refused; }

struct pack_blob_reader::impl {
  explicit impl(std::shared_ptr<const pack_files> f) : files(std::move(f)) {}

  std::shared_ptr<const pack_files> files;
  const std::vector<std::unique_ptr<pack_file>>& packs = files->packs;
  pack_reads io;  // the plan's header reads
  std::vector<node> nodes;
  // Children of node n: child_list[child_at[n] .. child_at[n + 1]), in the
  // order they were found; the wants node n serves: the same in want_list.
  std::vector<std::uint32_t> child_at, child_list, want_at, want_list;
  std::vector<std::uint32_t> tasks;  // root nodes
  std::vector<std::size_t> too_deep;  // wanted, past kMaxChain
  std::uint64_t max_size = 0;
  std::size_t depth = 0;
  mutable std::atomic<std::size_t> peak{0};  // objects held by one task at once

  id_span children(std::uint32_t n) const noexcept {
    return {child_list.data() + child_at[n], child_list.data() + child_at[n + 1]};
  }
  id_span wants(std::uint32_t n) const noexcept {
    return {want_list.data() + want_at[n], want_list.data() + want_at[n + 1]};
  }

  // Lays out (owner, item) pairs, items in ascending order, as spans by owner.
  static void group(std::size_t owners, const std::vector<std::pair<std::uint32_t, std::uint32_t>>& pairs,
                    std::vector<std::uint32_t>& at, std::vector<std::uint32_t>& list) {
    at.assign(owners + 1, 0);
    for (const auto& [owner, item] : pairs) ++at[owner + 1];
    for (std::size_t n = 0; n < owners; ++n) at[n + 1] += at[n];
    list.assign(pairs.size(), 0);
    std::vector<std::uint32_t> fill(at.begin(), at.end() - 1);
    for (const auto& [owner, item] : pairs) list[fill[owner]++] = item;
  }

  // The node for the entry at (pack, offset), created with its header parsed,
  // and the chain of its bases down to one already known. Iterative: a delta
  // chain tens of thousands deep (a crafted pack) must not exhaust the stack.
  // (child, base) links go to `links`, children in the order they are made.
  long node_at(std::uint32_t pk, std::uint64_t offset, flat_map<u64_key, std::uint32_t>& index, bool& created,
               std::vector<std::pair<std::uint32_t, std::uint32_t>>& links) {
    const pack_file& p = *packs[pk];
    long first = -1, child = -1;  // the node asked for; the last node created, waiting for its base
    std::uint64_t at = offset;
    std::uint64_t base_offset = 0;  // of the last node created
    for (;;) {
      const u64_key key{entry_key(pk, at)};
      long id;
      bool fresh = false;
      if (const std::uint32_t* known = index.find(key)) {
        id = *known;
      } else {
        fresh = true;
        node n;
        n.pack = pk;
        n.offset = at;
        entry_header h;
        base_offset = 0;
        const bool exists = p.entry_at(at, n.end);
        // The read brings the entries after this one too (kPlanReadAhead).
        if (exists) io.get(p, at, static_cast<std::size_t>(std::min<std::uint64_t>(64, n.end - at)), kPlanReadAhead);
        if (!exists || !parse_header(io, p, at, n.end, 0, h)) {
          n.broken = true;
        } else {
          n.type = static_cast<std::uint8_t>(h.type);
          n.size = h.size;
          n.data_at = static_cast<std::uint16_t>(h.data_at);
          base_offset = h.type == kObjOfsDelta ? h.base_offset : 0;
          if (h.type == kObjRefDelta) {
            const long bi = p.find(h.base_oid);
            if (bi < 0) n.broken = true;  // a thin or cross-pack base: libgit2 will do
            else base_offset = p.offsets[static_cast<std::size_t>(bi)];
          }
          if ((h.type == kObjOfsDelta || h.type == kObjRefDelta) && base_offset == at) n.broken = true;
        }
        nodes.push_back(n);
        id = static_cast<long>(nodes.size() - 1);
        index.emplace(key, static_cast<std::uint32_t>(id));
      }
      if (first < 0) {
        first = id;
        created = fresh;
      }
      if (child >= 0) {
        nodes[static_cast<std::size_t>(child)].base = static_cast<std::int32_t>(id);
        links.emplace_back(static_cast<std::uint32_t>(id), static_cast<std::uint32_t>(child));
      }
      const node& n = nodes[static_cast<std::size_t>(id)];
      if (!fresh || n.broken || (n.type != kObjOfsDelta && n.type != kObjRefDelta)) return first;
      child = id;
      at = base_offset;
    }
  }
};

std::uint64_t pack_bytes(const std::string& git_dir) {
  std::string dir = git_dir;
  if (!dir.empty() && dir.back() != '/') dir += '/';
  dir += "objects/pack/";
  std::uint64_t total = 0;
  DIR* d = ::opendir(dir.c_str());
  if (!d) return 0;
  while (dirent* e = ::readdir(d)) {
    const std::string name = e->d_name;
    struct stat st{};
    if (name.size() > 5 && name.compare(name.size() - 5, 5, ".pack") == 0 && ::stat((dir + name).c_str(), &st) == 0)
      total += static_cast<std::uint64_t>(st.st_size);
  }
  ::closedir(d);
  return total;
}

std::shared_ptr<const pack_files> open_pack_files(const std::string& git_dir) {
  auto files = std::make_shared<pack_files>();
  auto& packs = files->packs;
  std::string dir = git_dir;
  if (!dir.empty() && dir.back() != '/') dir += '/';
  dir += "objects/pack/";
  DIR* d = ::opendir(dir.c_str());
  if (!d) return files;
  std::vector<std::string> names;
  while (dirent* e = ::readdir(d)) {
    const std::string name = e->d_name;
    if (name.size() > 4 && name.compare(name.size() - 4, 4, ".idx") == 0) names.push_back(name);
  }
  ::closedir(d);
  std::sort(names.begin(), names.end());
  for (const auto& name : names) {
    auto p = std::make_unique<pack_file>();
    const std::string base = dir + name.substr(0, name.size() - 4);
    std::string why;
    switch (load_index(base + ".idx", base + ".pack", *p, why)) {
      case load_result::ok:
        packs.push_back(std::move(p));
        files->not_refused.push_back(base + ".idx");
        break;
      case load_result::unsupported:
        files->not_refused.push_back(base + ".idx");
        break;
      case load_result::refused:
        files->refused.push_back({base + ".pack", why});
        break;
    }
  }
  return files;
}

pack_blob_reader::pack_blob_reader(std::shared_ptr<const pack_files> files)
    : impl_(std::make_unique<impl>(std::move(files))) {}

pack_blob_reader::~pack_blob_reader() = default;

std::size_t pack_blob_reader::task_count() const noexcept { return impl_->tasks.size(); }
std::size_t pack_blob_reader::max_depth() const noexcept { return impl_->depth; }
const std::vector<std::size_t>& pack_blob_reader::too_deep() const noexcept { return impl_->too_deep; }
std::size_t pack_blob_reader::peak_held() const noexcept { return impl_->peak.load(); }

std::vector<std::size_t> pack_blob_reader::plan(const std::vector<std::string>& wanted, std::uint64_t max_size) {
  return plan(
      wanted.size(),
      [&](std::size_t w) {
        return wanted[w].size() == 20 ? reinterpret_cast<const unsigned char*>(wanted[w].data()) : nullptr;
      },
      max_size);
}

std::vector<std::size_t> pack_blob_reader::plan(std::size_t count, const id_of_fn& id_of, std::uint64_t max_size,
                                                unsigned threads) {
  impl& m = *impl_;
  m.max_size = max_size;
  m.nodes.clear();
  m.nodes.reserve(count);
  m.tasks.clear();
  m.too_deep.clear();
  m.depth = 0;
  std::vector<std::size_t> unserved;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> links, wants;  // (base, child), (node, want)
  {
  // Each wanted blob's entry is found first, and the nodes are made in pack
  // order: their headers are then read front to back, many to a read
  // (kPlanReadAhead), where the walk's order made a read per header.
  struct located {
    std::uint32_t pack;
    std::uint64_t offset;
    std::uint32_t want;
  };
  // A lookup is a few cache misses and a history wants hundreds of
  // thousands: each thread looks up a consecutive share of the ids.
  const std::size_t shares = std::max<std::size_t>(1, std::min<std::size_t>(threads, count / kLookupsPerThread));
  std::vector<std::vector<located>> found_by(shares);
  std::vector<std::vector<std::size_t>> unserved_by(shares);
  auto look_up = [&](std::size_t k) {
    const std::size_t from = count * k / shares, to = count * (k + 1) / shares;
    found_by[k].reserve(to - from);
    for (std::size_t w = from; w < to; ++w) {
      const unsigned char* oid = id_of(w);
      long found = -1;
      std::uint32_t pk = 0;
      if (oid)
        for (; pk < m.packs.size(); ++pk)
          if ((found = m.packs[pk]->find(oid)) >= 0) break;
      if (found < 0)
        unserved_by[k].push_back(w);
      else
        found_by[k].push_back({pk, m.packs[pk]->offsets[static_cast<std::size_t>(found)], static_cast<std::uint32_t>(w)});
    }
  };
  std::vector<std::thread> pool;
  for (std::size_t k = 1; k < shares; ++k) pool.emplace_back(look_up, k);
  look_up(0);
  for (auto& t : pool) t.join();
  std::vector<located> entries;
  entries.reserve(count);
  for (std::size_t k = 0; k < shares; ++k) {
    entries.insert(entries.end(), found_by[k].begin(), found_by[k].end());
    std::vector<located>().swap(found_by[k]);
    unserved.insert(unserved.end(), unserved_by[k].begin(), unserved_by[k].end());
  }
  std::sort(entries.begin(), entries.end(), [](const located& a, const located& b) {
    return a.pack != b.pack ? a.pack < b.pack : a.offset != b.offset ? a.offset < b.offset : a.want < b.want;
  });
  flat_map<u64_key, std::uint32_t> index;
  for (const located& e : entries) {
    bool created = false;
    const long id = m.node_at(e.pack, e.offset, index, created, links);
    wants.emplace_back(static_cast<std::uint32_t>(id), e.want);
  }
  }
  if (m.nodes.capacity() > m.nodes.size() + m.nodes.size() / 8) m.nodes.shrink_to_fit();
  impl::group(m.nodes.size(), links, m.child_at, m.child_list);
  impl::group(m.nodes.size(), wants, m.want_at, m.want_list);
  std::vector<std::pair<std::uint32_t, std::uint32_t>>().swap(links);
  std::vector<std::pair<std::uint32_t, std::uint32_t>>().swap(wants);

  // Roots: entries with no base. A subtree under a broken node, or whose root
  // is not a blob, is handed back whole; what lies deeper than kMaxChain is
  // cut off and listed in too_deep (libgit2 would resolve any depth).
  std::vector<std::uint32_t> stack;
  std::vector<std::uint64_t> weight(m.nodes.size(), 0);
  std::vector<std::uint32_t> size(m.nodes.size(), 1);  // nodes in each subtree
  std::vector<std::uint32_t> subtree;
  std::vector<char> reached(m.nodes.size(), 0);
  for (std::uint32_t r = 0; r < m.nodes.size(); ++r) {
    if (m.nodes[r].base >= 0) continue;
    const bool served = !m.nodes[r].broken && m.nodes[r].type == static_cast<int>(object_kind::blob);
    stack.assign(1, r);
    m.nodes[r].depth = 0;
    subtree.clear();
    while (!stack.empty()) {
      const std::uint32_t n = stack.back();
      stack.pop_back();
      subtree.push_back(n);
      reached[n] = 1;
      for (std::uint32_t c : m.children(n)) {
        node& child = m.nodes[c];
        child.depth = m.nodes[n].depth + 1;
        child.too_deep = m.nodes[n].too_deep || child.depth > kMaxChain;
        stack.push_back(c);
      }
    }
    for (std::uint32_t n : subtree)
      if (m.nodes[n].too_deep)
        m.too_deep.insert(m.too_deep.end(), m.wants(n).begin(), m.wants(n).end());
      else if (!served)
        unserved.insert(unserved.end(), m.wants(n).begin(), m.wants(n).end());
    if (!served) continue;
    // Children smallest subtree first: run() lets go of a parent when it
    // builds its last child, so the longest path is walked holding no more
    // than a logarithm of the task's objects (a chain: two).
    for (auto it = subtree.rbegin(); it != subtree.rend(); ++it)  // children before parents
      if (m.nodes[*it].base >= 0 && *it != r) size[static_cast<std::size_t>(m.nodes[*it].base)] += size[*it];
    for (std::uint32_t n : subtree) {
      std::stable_sort(m.child_list.begin() + m.child_at[n], m.child_list.begin() + m.child_at[n + 1],
                       [&](std::uint32_t a, std::uint32_t b) { return size[a] < size[b]; });
      if (m.nodes[n].too_deep) continue;
      weight[r] += m.nodes[n].end - m.nodes[n].offset;
      m.depth = std::max<std::size_t>(m.depth, m.nodes[n].depth);
    }
    m.tasks.push_back(r);
  }
  // REF_DELTA entries whose bases lead in a circle reach no root: an endless chain.
  for (std::uint32_t n = 0; n < m.nodes.size(); ++n)
    if (!reached[n]) m.too_deep.insert(m.too_deep.end(), m.wants(n).begin(), m.wants(n).end());
  // Heaviest trees first, so the last task to finish is a small one; ties in pack order.
  std::sort(m.tasks.begin(), m.tasks.end(), [&](std::uint32_t a, std::uint32_t b) {
    if (weight[a] != weight[b]) return weight[a] > weight[b];
    if (m.nodes[a].pack != m.nodes[b].pack) return m.nodes[a].pack < m.nodes[b].pack;
    return m.nodes[a].offset < m.nodes[b].offset;
  });
  std::sort(unserved.begin(), unserved.end());
  unserved.erase(std::unique(unserved.begin(), unserved.end()), unserved.end());
  std::sort(m.too_deep.begin(), m.too_deep.end());
  m.too_deep.erase(std::unique(m.too_deep.begin(), m.too_deep.end()), m.too_deep.end());
  return unserved;
}

void pack_blob_reader::run(std::size_t t, const on_blob_fn& on_blob, const on_too_large_fn& on_too_large,
                           std::vector<std::size_t>& failed) const {
  const impl& m = *impl_;
  // Kept by each thread from task to task: most tasks are one object, and a
  // decompressor and buffers allocated for each cost more than reading it.
  struct scratch {
    pack_reads io;
    inflater z;
    std::string delta, leaf;
  };
  thread_local scratch local;
  inflater& z = local.z;
  pack_reads& io = local.io;
  std::string& delta = local.delta;
  std::string& leaf = local.leaf;
  // A thread outlives the scan (a host's own thread): it keeps no large buffer.
  struct trim {
    scratch& s;
    ~trim() {
      constexpr std::size_t kKept = std::size_t(4) << 20;
      if (s.delta.capacity() > kKept) std::string().swap(s.delta);
      if (s.leaf.capacity() > kKept) std::string().swap(s.leaf);
    }
  } trim_after{local};
  // Every wanted blob below `n` (n included): handed back when its base cannot be produced.
  auto fail_subtree = [&](std::uint32_t n) {
    std::vector<std::uint32_t> todo{n};
    while (!todo.empty()) {
      const std::uint32_t k = todo.back();
      todo.pop_back();
      if (m.nodes[k].too_deep) continue;  // reported, not for libgit2
      failed.insert(failed.end(), m.wants(k).begin(), m.wants(k).end());
      todo.insert(todo.end(), m.children(k).begin(), m.children(k).end());
    }
  };
  struct frame {
    std::uint32_t node;
    std::string data;
    std::size_t next_child = 0;
    prefilter_record record;  // what the scan of `data` recorded, for its deltas
  };
  thread_local std::vector<std::pair<std::size_t, std::size_t>> changed;
  thread_local prefilter_record leaf_record;  // a leaf's: no delta reads it
  std::vector<frame> stack;  // the chain from the root to the current object
  const std::uint32_t root = m.tasks[t];
  {
    const node& r = m.nodes[root];
    if (r.size > m.max_size) {
      for (std::size_t w : m.wants(root)) on_too_large(w, r.size);
      for (std::uint32_t c : m.children(root)) fail_subtree(c);
      return;
    }
    // An object with no delta on it is built in `leaf`, whose buffer the
    // next one reuses: most objects are leaves, and a fresh string for each
    // (allocated, zeroed, freed) was a tenth of a walk without matching.
    const bool is_leaf = m.children(root).empty();
    frame f{root, {}, 0, {}};
    std::string& data = is_leaf ? leaf : f.data;
    if (!z.run(io, *m.packs[r.pack], r.offset + r.data_at, r.end, r.size, data, kEntryReadAhead)) {
      fail_subtree(root);
      return;
    }
    const blob_lineage lineage{nullptr, nullptr, is_leaf ? &leaf_record : &f.record};
    lineage.record->reset();
    for (std::size_t w : m.wants(root)) on_blob(w, data, lineage);
    if (is_leaf) return;
    stack.push_back(std::move(f));
  }
  while (!stack.empty()) {
    frame& top = stack.back();
    const id_span kids = m.children(top.node);
    if (top.next_child >= kids.size()) {
      stack.pop_back();
      continue;
    }
    const std::uint32_t c = kids[top.next_child++];
    const bool last_child = top.next_child == kids.size();
    const node& child = m.nodes[c];
    if (child.too_deep) continue;  // reported by the caller (too_deep())
    std::uint64_t result_size = 0;
    if (!z.run(io, *m.packs[child.pack], child.offset + child.data_at, child.end, child.size, delta, kEntryReadAhead) ||
        !delta_result_size(delta, result_size)) {
      fail_subtree(c);
      continue;
    }
    if (result_size > m.max_size) {
      for (std::size_t w : m.wants(c)) on_too_large(w, result_size);
      for (std::uint32_t g : m.children(c)) fail_subtree(g);
      continue;
    }
    const bool is_leaf = m.children(c).empty();
    frame f{c, {}, 0, {}};
    std::string& data = is_leaf ? leaf : f.data;
    // Held while it is built: the stack, and the child.
    for (std::size_t was = m.peak.load(); stack.size() + 1 > was && !m.peak.compare_exchange_weak(was, stack.size() + 1);) {
    }
    if (!apply_delta(top.data, delta, data, &changed)) {
      fail_subtree(c);
      continue;
    }
    const blob_lineage lineage{&changed, &top.record, is_leaf ? &leaf_record : &f.record};
    lineage.record->reset();
    for (std::size_t w : m.wants(c)) on_blob(w, data, lineage);
    if (is_leaf) continue;  // its data is not needed any more
    if (last_child) stack.pop_back();      // nor is a parent's once its last child is built
    stack.push_back(std::move(f));
  }
}

// --- pack_object_reader ---------------------------------------------------

struct pack_object_reader::impl {
  impl(std::shared_ptr<const pack_files> f, std::size_t cache_bytes, pack_reads::access how)
      : files(std::move(f)), budget(cache_bytes), io(how) {}

  std::shared_ptr<const pack_files> files;
  std::size_t budget;
  const std::vector<std::unique_ptr<pack_file>>& packs = files->packs;
  pack_reads io;
  inflater z;
  std::string delta;
  // Objects built recently, least recently used first out, within `budget`
  // bytes. The walk reads tens of thousands of trees, each kept here: an
  // evicted entry's hash node, list node and string are reused for the next
  // (a new node, list node and string per tree, freed at eviction, were 10%
  // of a walk's CPU on hashicorp/terraform), and the budget counts the
  // strings' capacity, which reuse can leave above their size.
  struct cached {
    int type;
    std::size_t depth;  // in its delta chain: a chain's depth does not depend on what is cached
    std::string data;
    std::list<std::uint64_t>::iterator age;
  };
  std::unordered_map<std::uint64_t, cached> cache;
  std::list<std::uint64_t> ages;  // front: most recently used
  std::size_t held = 0;           // the cached strings' capacity, in bytes
  // build()'s scratch, kept from call to call.
  struct link {
    std::uint64_t offset, end;
    entry_header h;
  };
  std::vector<link> chain;
  std::string next;
  static constexpr std::size_t kMaxScratch = std::size_t(4) << 20;  // beyond it `next` is not kept

  const cached* lookup(std::uint64_t key) {
    const auto it = cache.find(key);
    if (it == cache.end()) return nullptr;
    ages.splice(ages.begin(), ages, it->second.age);
    return &it->second;
  }
  void keep(std::uint64_t key, int type, std::size_t depth, const std::string& data) {
    if (budget == 0 || data.size() > budget / 4 || cache.count(key)) return;
    decltype(cache)::node_type node;  // the least recently used entry's, if one goes
    while (held + data.size() > budget && !ages.empty()) {
      auto old = cache.extract(ages.back());
      held -= old.mapped().data.capacity();
      if (node.empty()) {
        node = std::move(old);
        ages.splice(ages.begin(), ages, std::prev(ages.end()));  // its list node too
      } else {
        ages.pop_back();
      }
    }
    if (node.empty()) {
      ages.push_front(key);
      held += cache.emplace(key, cached{type, depth, data, ages.begin()}).first->second.data.capacity();
      return;
    }
    ages.front() = key;
    node.key() = key;
    cached& c = node.mapped();
    c.type = type;
    c.depth = depth;
    c.age = ages.begin();
    // A string much larger than what it is to hold is let go, not reused.
    if (c.data.capacity() > 2 * data.size() + 256) std::string().swap(c.data);
    c.data.assign(data);
    held += c.data.capacity();
    cache.insert(std::move(node));
  }

  // The type of the entry at (pack, offset): its delta chain's base's. The
  // header read reaches ahead as build()'s does: the object is often read
  // next (a ref's tip, peeled, then listed).
  bool entry_type(std::uint32_t pk, std::uint64_t at, int& type) {
    const pack_file& p = *packs[pk];
    for (std::size_t depth = 0; depth <= kMaxChain; ++depth) {
      entry_header h;
      std::uint64_t end = 0;
      if (!p.entry_at(at, end) || !parse_header(io, p, at, end, kEntryReadAhead, h)) return false;
      if (h.type != kObjOfsDelta && h.type != kObjRefDelta) {
        type = h.type;
        return true;
      }
      std::uint64_t base = h.base_offset;
      if (h.type == kObjRefDelta) {
        const long bi = p.find(h.base_oid);
        if (bi < 0) return false;
        base = p.offsets[static_cast<std::size_t>(bi)];
      }
      if (base == at) return false;
      at = base;
    }
    return false;
  }

  // Builds the object at (pack, offset): its delta chain down to a base held
  // in the cache or stored whole, then the deltas applied upwards.
  result build(std::uint32_t pk, std::uint64_t offset, int& type, std::string& out) {
    const pack_file& p = *packs[pk];
    chain.clear();  // deltas, the requested object first
    std::uint64_t at = offset;
    std::size_t depth = 0;  // of the chain's base
    std::string_view base;  // the chain's base: cached, or inflated into `out`
    for (;;) {
      // Deeper than kMaxChain whatever the cache holds: the depth is the
      // object's own, so the outcome does not depend on what was read before.
      // (REF_DELTA bases in a circle make an endless chain and end here too.)
      if (chain.size() > kMaxChain) return result::too_deep;
      const std::uint64_t key = entry_key(pk, at);
      if (const cached* c = lookup(key)) {
        type = c->type;
        depth = c->depth;
        if (depth + chain.size() > kMaxChain) return result::too_deep;
        // Read in place by the first delta: the cache changes only once that is applied.
        if (chain.empty()) out = c->data;
        base = chain.empty() ? std::string_view(out) : std::string_view(c->data);
        break;
      }
      link l{at, 0, {}};
      if (!p.entry_at(at, l.end) || !parse_header(io, p, at, l.end, kEntryReadAhead, l.h) || l.h.size > kMaxObject)
        return result::not_here;
      if (l.h.type == kObjOfsDelta || l.h.type == kObjRefDelta) {
        std::uint64_t base_at = l.h.base_offset;
        if (l.h.type == kObjRefDelta) {
          const long bi = p.find(l.h.base_oid);
          if (bi < 0) return result::not_here;  // a base in another pack: libgit2 will do
          base_at = p.offsets[static_cast<std::size_t>(bi)];
        }
        if (base_at == at) return result::not_here;
        chain.push_back(l);
        at = base_at;
        continue;
      }
      if (!z.run(io, p, at + l.h.data_at, l.end, l.h.size, out)) return result::not_here;
      type = l.h.type;
      keep(key, type, 0, out);
      base = out;
      break;
    }
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
      std::uint64_t result_size = 0;
      if (!z.run(io, p, it->offset + it->h.data_at, it->end, it->h.size, delta, kEntryReadAhead) ||
          !delta_result_size(delta, result_size) || result_size > kMaxObject || !apply_delta(base, delta, next))
        return result::not_here;
      out.swap(next);
      base = out;
      // The object asked for is not kept, only the bases on its way: the walk
      // reads a directory's versions oldest first, and git deltas older
      // versions against newer ones, so the next reads build on the chain,
      // seldom on the object itself (keeping each one cost more than it
      // saved: 10% of a walk's CPU on hashicorp/terraform, 4% on git/git).
      ++depth;
      if (std::next(it) != chain.rend()) keep(entry_key(pk, it->offset), type, depth, out);
    }
    if (next.capacity() > kMaxScratch) std::string().swap(next);
    return result::read;
  }
};

pack_object_reader::pack_object_reader(std::shared_ptr<const pack_files> files, std::size_t cache_bytes,
                                       reads how)
    : impl_(std::make_unique<impl>(std::move(files), cache_bytes,
                                   how == reads::mapped ? pack_reads::access::mapped : pack_reads::access::copied)) {}

pack_object_reader::~pack_object_reader() = default;

pack_object_reader::result pack_object_reader::read(const unsigned char* oid, object_kind want, std::string& out) {
  impl& m = *impl_;
  for (std::uint32_t pk = 0; pk < m.packs.size(); ++pk) {
    const long found = m.packs[pk]->find(oid);
    if (found < 0) continue;
    int type = 0;
    const result r = m.build(pk, m.packs[pk]->offsets[static_cast<std::size_t>(found)], type, out);
    if (r == result::read && type != static_cast<int>(want)) return result::not_here;
    return r;
  }
  return result::not_here;
}

pack_object_reader::result pack_object_reader::read_at(std::uint32_t pack, std::uint32_t position, object_kind want,
                                                       std::string& out) {
  impl& m = *impl_;
  if (pack >= m.packs.size() || position >= m.packs[pack]->count) return result::not_here;
  int type = 0;
  const result r = m.build(pack, m.packs[pack]->offsets[position], type, out);
  if (r == result::read && type != static_cast<int>(want)) return result::not_here;
  return r;
}

pack_object_reader::result pack_object_reader::kind_of(const unsigned char* oid, object_kind& out) {
  impl& m = *impl_;
  for (std::uint32_t pk = 0; pk < m.packs.size(); ++pk) {
    const long found = m.packs[pk]->find(oid);
    if (found < 0) continue;
    int type = 0;
    if (!m.entry_type(pk, m.packs[pk]->offsets[static_cast<std::size_t>(found)], type)) return result::not_here;
    out = static_cast<object_kind>(type);
    return result::read;
  }
  return result::not_here;
}

}  // namespace nhi::detail

namespace nhi::detail {

bool locate_object(const pack_files& files, const unsigned char* oid, std::uint32_t& pack, std::uint32_t& position) {
  for (std::uint32_t pk = 0; pk < files.packs.size(); ++pk) {
    const long found = files.packs[pk]->find(oid);
    if (found < 0) continue;
    pack = pk;
    position = static_cast<std::uint32_t>(found);
    return true;
  }
  return false;
}

std::size_t pack_count(const pack_files& files) { return files.packs.size(); }

std::size_t pack_object_count(const pack_files& files, std::uint32_t pack) {
  return pack < files.packs.size() ? files.packs[pack]->count : 0;
}

void for_each_whole_object(const pack_files& files, object_kind kind, std::size_t give_up_after,
                           const whole_object_fn& on_object) {
  // Read front to back in large blocks: the objects are taken in file order.
  constexpr std::size_t kAhead = std::size_t(256) << 10;
  pack_reads io;
  inflater z;
  std::string content;
  for (std::uint32_t pk = 0; pk < files.packs.size(); ++pk) {
    const pack_file& p = *files.packs[pk];
    // Index positions in file order.
    std::vector<std::pair<std::uint64_t, std::uint32_t>> order(p.count);
    for (std::uint32_t pos = 0; pos < p.count; ++pos) order[pos] = {p.offsets[pos], pos};
    std::sort(order.begin(), order.end());
    bool met = false;
    std::size_t others = 0;
    for (std::size_t k = 0; k < order.size(); ++k) {
      const std::uint64_t at = order[k].first;
      const std::uint64_t end = k + 1 < order.size() ? order[k + 1].first : p.size - 20;
      entry_header h;
      if (!parse_header(io, p, at, end, kAhead, h)) break;
      if (h.type != static_cast<int>(kind)) {
        if (met && ++others >= give_up_after) break;
        continue;
      }
      met = true;
      others = 0;
      if (h.size > kMaxObject || !z.run(io, p, at + h.data_at, end, h.size, content, kAhead)) break;
      if (!on_object(pk, order[k].second, content)) return;
    }
  }
}

}  // namespace nhi::detail
