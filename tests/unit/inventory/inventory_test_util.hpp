// SPDX-License-Identifier: Apache-2.0
// Builders shared by the inventory tests: a private temporary directory, the
// inventory's location (a file or a PostgreSQL database), and findings and
// facts shaped as the scanner and the analyzers produce them.
#pragma once

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "nhi/inventory.hpp"
#include "nhi/version.hpp"
#include "support/test_inventory.hpp"

namespace inventory_test {

class temp_dir {
 public:
  temp_dir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "nhi-inventory-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Where a backend-neutral test keeps its inventory: dir/name, or a scratch
// PostgreSQL database when NHI_TEST_INVENTORY=postgresql (support/test_inventory.hpp).
class test_inventory : public nhi_test::test_inventory {
 public:
  test_inventory(const temp_dir& dir, const std::string& name) : nhi_test::test_inventory(dir.path(), name) {}
};

inline std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline unsigned mode_of(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? (st.st_mode & 0777) : 0;
}

// A finding with its plaintext captured (as with --show-secrets), so tests
// can prove the inventory never stores it.
inline nhi::finding git_finding(const std::string& secret, const std::string& rule_id, const std::string& path,
                                std::uint64_t line, const std::string& commit, const std::string& author_email,
                                const std::string& date, bool in_head = true) {
  nhi::finding f;
  f.rule_id = rule_id;
  f.rule_name = rule_id + " rule";
  f.provider = rule_id.substr(0, rule_id.find('-'));
  f.kind = "api_key";
  f.path = path;
  f.line = line;
  f.column = 5;
  f.fingerprint = nhi::fingerprint_of(secret);
  f.redacted = nhi::redact(secret);
  f.secret = secret;
  nhi::git_provenance g;
  g.blob_id = std::string(40, 'b');
  g.commit = commit;
  g.author = author_email.substr(0, author_email.find('@'));
  g.author_email = author_email;
  g.date = date;
  g.in_head = in_head;
  f.git = g;
  return f;
}

inline nhi::identity_fact access_key_fact(const std::string& key_id, const std::string& status,
                                          const std::string& created, const std::string& parent = "deploy-bot") {
  nhi::identity_fact f;
  f.kind = "access_key";
  f.provider = "aws";
  f.name = parent;
  f.external_ids = {key_id};
  f.parent = "arn:aws:iam::123456789012:user/" + parent;
  f.status = status;
  f.created_at = created;
  f.path = "exports/access-keys.json";
  return f;
}

inline nhi::scan_record record(const std::string& target, const std::string& when) {
  nhi::scan_record r;
  r.target = target;
  r.taken_at = when;
  r.rules_version = "test-rules-1";
  return r;
}

inline const nhi::identity* find_by_fingerprint(const std::vector<nhi::identity>& ids, const std::string& secret) {
  const std::string fp = nhi::fingerprint_of(secret);
  for (const nhi::identity& id : ids)
    for (const std::string& f : id.fingerprints)
      if (f == fp) return &id;
  return nullptr;
}

inline const nhi::identity* find_by_id(const std::vector<nhi::identity>& ids, const std::string& id) {
  for (const nhi::identity& i : ids)
    if (i.id == id) return &i;
  return nullptr;
}

inline std::string risk_reason(const nhi::identity& id, const std::string& category) {
  for (const nhi::risk& r : id.risks)
    if (r.id == category) return r.reason;
  return {};
}

}  // namespace inventory_test
