// SPDX-License-Identifier: Apache-2.0
// Service names that provider rules key on ("amplitude", "jira", "lokalise"),
// with the shape each such rule gives the service's key, so that a generic
// rule can tell a value that is not in the named service's format: under
// `jira_token:` a value that no Jira rule's shape takes is a made-up or broken
// Jira token, and reporting it as a generic secret is the false alarm the
// provider rule was written to avoid (the mirror of provider_prefix.hpp).
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "nhi/rules.hpp"

namespace nhi::detail {

class lazy_regex;

// Whether `keyword` of `rule` names its service: four letters or more, in a
// rule one of whose keywords is its provider ("amplitude" of provider
// amplitude; then "jira" and "confluence" beside "atlassian" too), so that
// words such as "account" or "storage" that rules use as keywords are not.
bool names_service(const rule_info& rule, std::string_view keyword);

// Whether a key-like rule's shape counts: kinds that are single keys
// (api_key, token, secret_key, client_secret, access_key). A name that is
// also the keyword of a password, connection-string or other rule belongs
// to a service with credentials of other forms, and is not used.
bool key_kind(std::string_view kind);

class provider_names {
 public:
  provider_names() = default;
  provider_names(provider_names&&) noexcept;
  provider_names& operator=(provider_names&&) noexcept;
  ~provider_names();

  // `name` names a service; it counts within `reach` lines of a value (0:
  // its line; the widest of the rules that key on it).
  void add_name(std::string_view name, int reach);
  // Rule `rule` gives one of the shapes (RE2) of the keys of service `name`.
  void add_shape(std::string_view name, std::uint32_t rule, std::string_view shape);
  // Drops `name` (a service whose credentials take other forms too).
  void remove(std::string_view name);
  std::size_t size() const noexcept { return by_name_.size(); }

  // Whether the value data[begin, end) stands where a service is named (the
  // name starting a word or a camelCase part, and ending one or followed by
  // key/token/secret/api, within the reach of one of its rules) and fits the
  // shape of none of that service's rules: a malformed key of that service.
  // Each value not in a shape costs up to ~13 regex runs per character to
  // tell whether it is one edit away; `budget` (decremented per such value)
  // bounds that for a buffer of many: once spent, values are not rejected.
  // A value whose length no shape of the named services takes, but within
  // kLengthSlack characters of one's, is rejected too, without regex runs.
  bool rejects(std::string_view data, std::size_t begin, std::size_t end, int& budget) const;

  static constexpr std::size_t kLengthSlack = 4;

 private:
  struct named {
    int reach = 0;
    std::vector<std::size_t> shapes;  // into shapes_
  };
  std::vector<std::unique_ptr<lazy_regex>> shapes_;
  std::vector<std::size_t> widest_;    // per shape: its longest match (match_width.hpp)
  std::vector<std::size_t> shortest_;  // per shape: its shortest match
  std::unordered_map<std::uint32_t, std::size_t> shape_of_rule_;
  std::unordered_map<std::string, named> by_name_;  // lower-case name
  std::vector<std::size_t> lengths_;  // distinct name lengths, ascending
  // The names' first two bytes, lower-case, as a bit set of 65,536: a word
  // start that opens no name costs one bit test instead of a hash per length
  // (a minified line of thousands of generic keys walks 8 KiB around each).
  // The same for the first three bytes, hashed into 65,536 bits.
  std::vector<std::uint64_t> openings_ = std::vector<std::uint64_t>(1024, 0);
  std::vector<std::uint64_t> openings3_ = std::vector<std::uint64_t>(1024, 0);
  std::size_t shortest_name_ = static_cast<std::size_t>(-1);  // under 3: the tables are not used
  int widest_reach_ = 0;
};

}  // namespace nhi::detail
