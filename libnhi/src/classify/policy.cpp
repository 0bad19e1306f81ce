// SPDX-License-Identifier: Apache-2.0
// The policy file: loading, validation and the lookups the classifier uses.
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "nhi/policy.hpp"
#include "util/text.hpp"
#include "util/yaml_guard.hpp"

NHI_BEGIN_NAMESPACE

namespace {

std::uint64_t line_of(const YAML::Node& n) {
  return n.Mark().is_null() ? 0 : static_cast<std::uint64_t>(n.Mark().line) + 1;
}

class policy_reader {
 public:
  policy_reader(const std::string& file) : file_(file) {}

  status days(const YAML::Node& n, const std::string& key, int& out) const {
    if (!n.IsScalar()) return error("'" + key + "' must be a whole number", n);
    return whole_number(n, key, out);
  }

  status whole_number(const YAML::Node& n, const std::string& key, int& out) const {
    const std::string& text = n.Scalar();
    if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos)
      return error("'" + key + "' must be a whole number >= 0, not '" + text + "'", n);
    out = std::stoi(text);
    return status::ok();
  }

  status boolean(const YAML::Node& n, const std::string& key, bool& out) const {
    const std::string text = n.IsScalar() ? detail::to_lower_ascii(n.Scalar()) : std::string();
    if (text == "true") out = true;
    else if (text == "false") out = false;
    else return error("'" + key + "' must be true or false", n);
    return status::ok();
  }

  status strings(const YAML::Node& n, const std::string& key, std::vector<std::string>& out) const {
    if (!n.IsSequence()) return error("'" + key + "' must be a list of strings", n);
    out.clear();
    for (const auto& item : n) {
      if (!item.IsScalar() || item.Scalar().empty())
        return error("'" + key + "' must contain only non-empty strings", item);
      out.push_back(item.Scalar());
    }
    return status::ok();
  }

  status environments(const YAML::Node& n, std::map<std::string, std::vector<std::string>>& out) const {
    if (!n.IsMap()) return error("'environments' must map each environment to a list of words", n);
    out.clear();
    std::map<std::string, std::string> owner_of_alias;
    for (const auto& kv : n) {
      const std::string env = detail::to_lower_ascii(kv.first.Scalar());
      std::vector<std::string> aliases;
      if (status s = strings(kv.second, "environments." + env, aliases); !s) return s;
      for (auto& a : aliases) {
        a = detail::to_lower_ascii(a);
        auto [it, inserted] = owner_of_alias.emplace(a, env);
        if (!inserted && it->second != env)
          return error("alias '" + a + "' names both '" + it->second + "' and '" + env + "'", kv.second);
      }
      out[env] = std::move(aliases);
    }
    return status::ok();
  }

  status error(const std::string& message, const YAML::Node& at) const {
    return status(errc::parse_error, message, file_, line_of(at));
  }

 private:
  const std::string& file_;
};

}  // namespace

std::string policy::environment_of(std::string_view path_or_name) const {
  const std::vector<std::string> words = detail::environment_words(path_or_name);
  // The last word is the most specific: "envs/prod/dev-notes.env" is about dev.
  // An environment's own name is one of its aliases.
  auto find = [this](const std::string& word) -> std::string {
    for (const auto& [env, aliases] : environments) {
      if (word == env) return env;
      for (const std::string& alias : aliases)
        if (alias == word) return env;
    }
    return {};
  };
  for (std::size_t i = words.size(); i-- > 0;) {
    // Two-word aliases first: "pre-prod" is staging, not prod.
    if (i > 0)
      if (std::string env = find(words[i - 1] + "-" + words[i]); !env.empty()) return env;
    if (std::string env = find(words[i]); !env.empty()) return env;
  }
  return {};
}

std::string policy::canonical_environment(std::string_view name) const {
  const std::string lower = detail::to_lower_ascii(name);
  if (environments.count(lower)) return lower;
  for (const auto& [env, aliases] : environments)
    for (const std::string& alias : aliases)
      if (alias == lower) return env;
  return lower;
}

bool policy::is_offboarded(std::string_view owner) const {
  const std::string lower = detail::to_lower_ascii(owner);
  for (const std::string& o : offboarded_owners)
    if (!lower.empty() && detail::to_lower_ascii(o) == lower) return true;
  return false;
}

std::string policy::admin_pattern_in(std::string_view permission) const {
  for (const std::string& pattern : admin_permissions)
    if (!pattern.empty() && detail::icontains(permission, pattern)) return pattern;
  return {};
}

result<policy> parse_policy(std::string_view yaml, const std::string& file_name) {
  policy p;
  p.source_file = file_name;
  const policy_reader read(file_name);
  try {
    const std::string text(yaml);
    detail::check_yaml_stream(text);  // alias bombs and parser stalls
    const YAML::Node root = YAML::Load(text);
    if (!root || root.IsNull()) return p;
    if (!root.IsMap()) return read.error("a policy must be a mapping of settings", root);
    std::set<std::string> seen;
    for (const auto& kv : root) {
      const std::string key = kv.first.Scalar();
      const YAML::Node& v = kv.second;
      if (!seen.insert(key).second) return read.error("'" + key + "' is set twice", kv.first);
      status s;
      if (key == "max_age_days") s = read.days(v, key, p.max_age_days);
      else if (key == "max_unused_days") s = read.days(v, key, p.max_unused_days);
      else if (key == "owner_inactive_days") s = read.days(v, key, p.owner_inactive_days);
      else if (key == "max_lifetime_days") s = read.days(v, key, p.max_lifetime_days);
      else if (key == "far_expiry_years") s = read.days(v, key, p.far_expiry_years);
      else if (key == "environments") s = read.environments(v, p.environments);
      else if (key == "admin_permissions") s = read.strings(v, key, p.admin_permissions);
      else if (key == "offboarded_owners") s = read.strings(v, key, p.offboarded_owners);
      else if (key == "unowned_is_nhi1") s = read.boolean(v, key, p.unowned_is_nhi1);
      else
        return read.error("unknown policy key '" + key +
                              "' (known: max_age_days, max_unused_days, owner_inactive_days, max_lifetime_days, "
                              "far_expiry_years, environments, admin_permissions, offboarded_owners, unowned_is_nhi1)",
                          kv.first);
      if (!s) return s;
    }
  } catch (const YAML::ParserException& e) {
    return status(errc::parse_error, "invalid YAML: " + e.msg, file_name, static_cast<std::uint64_t>(e.mark.line) + 1);
  } catch (const YAML::Exception& e) {
    return status(errc::parse_error, std::string("invalid policy: ") + e.what(), file_name);
  }
  return p;
}

result<policy> load_policy(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return status(errc::io_error, "cannot read policy file", path);
  std::ostringstream text;
  text << in.rdbuf();
  return parse_policy(text.str(), path);
}

NHI_END_NAMESPACE
