// SPDX-License-Identifier: Apache-2.0
// Builds pack files byte by byte for the hostile-pack tests, with shapes git
// never writes (a delta chain 30,000 deep). Streams are zlib "stored" blocks
// and the idx is left to `git index-pack`, which also proves git reads the pack.
#pragma once

#include <openssl/evp.h>

#include <cstdint>
#include <string>

namespace hostile {

inline std::string sha1(const std::string& data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(data.data(), data.size(), md, &n, EVP_sha1(), nullptr);
  return std::string(reinterpret_cast<const char*>(md), n);
}

inline std::string hex(const std::string& raw) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : raw) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

// A zlib stream of uncompressed ("stored") deflate blocks: no zlib needed.
inline std::string zlib_stored(const std::string& data) {
  std::string out("\x78\x01", 2);
  std::size_t at = 0;
  do {
    const std::size_t n = std::min<std::size_t>(data.size() - at, 65535);
    const bool last = at + n == data.size();
    out += static_cast<char>(last ? 1 : 0);
    out += static_cast<char>(n & 0xff);
    out += static_cast<char>(n >> 8);
    out += static_cast<char>(~n & 0xff);
    out += static_cast<char>((~n >> 8) & 0xff);
    out.append(data, at, n);
    at += n;
  } while (at < data.size());
  std::uint32_t a = 1, b = 0;
  for (unsigned char c : data) {
    a = (a + c) % 65521;
    b = (b + a) % 65521;
  }
  const std::uint32_t adler = (b << 16) | a;
  for (int s = 24; s >= 0; s -= 8) out += static_cast<char>((adler >> s) & 0xff);
  return out;
}

// git's delta varint (little-endian groups of 7 bits).
inline void delta_size(std::string& out, std::uint64_t v) {
  do {
    unsigned char c = v & 0x7f;
    v >>= 7;
    if (v) c |= 0x80;
    out += static_cast<char>(c);
  } while (v);
}

// A delta that ignores its base and inserts `target` whole.
inline std::string insert_delta(std::size_t base_size, const std::string& target) {
  std::string d;
  delta_size(d, base_size);
  delta_size(d, target.size());
  for (std::size_t at = 0; at < target.size(); at += 127) {
    const std::size_t n = std::min<std::size_t>(127, target.size() - at);
    d += static_cast<char>(n);
    d.append(target, at, n);
  }
  return d;
}

class pack_builder {
 public:
  pack_builder() : bytes_("PACK\0\0\0\2\0\0\0\0", 12) {}

  // Appends an entry; returns its offset.
  std::uint64_t whole(int type, const std::string& data) { return entry(type, data.size(), {}, data); }
  std::uint64_t ofs_delta(std::uint64_t base, const std::string& delta) {
    const std::uint64_t at = bytes_.size();
    // The distance back to the base, big-endian groups of 7 bits, each but the last minus one.
    std::uint64_t rel = at - base;
    std::string enc(1, static_cast<char>(rel & 0x7f));
    while (rel >>= 7) enc.insert(enc.begin(), static_cast<char>(0x80 | (--rel & 0x7f)));
    return entry(6, delta.size(), enc, delta);
  }
  std::uint64_t ref_delta(const std::string& base_id, const std::string& delta) {
    return entry(7, delta.size(), base_id, delta);
  }

  // The finished pack: object count and trailing SHA-1 filled in.
  std::string finish() const {
    std::string out = bytes_;
    for (int i = 0; i < 4; ++i) out[8 + i] = static_cast<char>((count_ >> (24 - 8 * i)) & 0xff);
    return out + sha1(out);
  }

 private:
  std::uint64_t entry(int type, std::uint64_t size, const std::string& extra, const std::string& data) {
    const std::uint64_t at = bytes_.size();
    unsigned char c = static_cast<unsigned char>((type << 4) | (size & 15));
    size >>= 4;
    while (size) {
      bytes_ += static_cast<char>(c | 0x80);
      c = size & 0x7f;
      size >>= 7;
    }
    bytes_ += static_cast<char>(c);
    bytes_ += extra;
    bytes_ += zlib_stored(data);
    ++count_;
    return at;
  }

  std::string bytes_;
  std::uint32_t count_ = 0;
};

}  // namespace hostile
