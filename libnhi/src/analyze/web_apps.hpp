// SPDX-License-Identifier: Apache-2.0
// What the readers of web application settings share (web_apps.cpp,
// web_apps_2.cpp): a small reader of PHP settings files, a reader of INI
// files, and the facts a settings file makes (a database account, a mail or
// FTP account, the application's own key), each named as web_apps.cpp names it.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analyze/analyzers.hpp"

namespace nhi::detail {

// A value as a settings file writes it: a string literal, an array, or some
// other expression (a number, a constant, a call), kept as its first words.
struct php_value {
  enum class type { string, array, other } kind = type::other;
  std::string text;      // a string as written between its quotes; an expression's first tokens
  bool literal = false;  // a string alone: not interpolated, not concatenated
  std::uint64_t line = 0;
  std::vector<std::pair<std::string, php_value>> items;  // an array's keys (indexes as numbers) and values

  // A literal string (as an INI or XML reader finds one) on `line`.
  static php_value literal_string(std::string text, std::uint64_t line) {
    return php_value{type::string, std::move(text), true, line, {}};
  }

  const php_value* get(std::string_view key) const {
    if (kind != type::array) return nullptr;
    for (const auto& item : items)
      if (item.first == key) return &item.second;
    return nullptr;
  }
  // The text of a literal string at `key`, else empty.
  std::string str(std::string_view key) const {
    const php_value* v = get(key);
    return v && v->kind == type::string && v->literal ? v->text : std::string();
  }
  // The value at `key`, made (and this made an array) when absent. Past
  // 4096 keys an array takes no more (a settings array has tens).
  php_value& slot(const std::string& key);
};

// The variables a PHP settings file assigns (class properties, `return [...]`
// named "return", and constants of define('NAME', x) included), each a tree
// built from all its assignments (`$a['b']['c'] = x`, `$a->b->c = x` and
// `$a = ['b' => ['c' => x]]` give the same tree).
php_value read_php_settings(std::string_view content);

// The value at `path` under `root`, or null.
const php_value* at_path(const php_value& root, std::initializer_list<std::string_view> path);

// A literal string that holds a credential: not empty, no placeholder, no reference.
bool is_credential(const php_value* v);

// An INI file: [section] and KEY = VALUE lines, ';' and '#' comments, a value
// in `backticks` or "quotes" taken whole. Sections lower-cased, keys upper-cased.
struct ini_setting {
  std::string value;
  std::uint64_t line = 0;
  bool quoted = false;  // written in quotes (which the reader took off)
};
using ini_sections = std::map<std::string, std::map<std::string, ini_setting>>;
ini_sections read_app_ini(std::string_view content);

// The database a driver name points at, as the other analyzers name it (mysql by default).
std::string db_provider(std::string_view driver);

// The site a file configures: its directory, without the folders the
// application keeps the file in (app/etc, config).
std::string site_of(std::string_view path);

// One settings file's facts. Each carries application, setting, site and unlocks.
struct web_app_file {
  const source_file& file;
  analysis_result& out;
  std::string application;  // joomla, drupal, ...
  std::string site;

  void add(identity_fact f, const std::string& setting);
  // A database account: user@host/database ("localhost" when no host).
  void database(const php_value& password, const std::string& setting, const std::string& driver,
                const std::string& user, const std::string& host, const std::string& database,
                const std::string& port = {});
  // A mail relay's or file server's account: user@host.
  void account(const php_value* password, const std::string& setting, const std::string& provider,
               const std::string& user, const std::string& host, const std::string& unlocks);
  // The application's own key: APP:SETTING@SITE.
  void key(const php_value* value, const std::string& setting, const std::string& unlocks);
};

}  // namespace nhi::detail
