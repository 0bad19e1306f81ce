// SPDX-License-Identifier: Apache-2.0
#include "match/saved_page.hpp"

#include <algorithm>
#include <cstddef>

#include "util/text.hpp"

namespace nhi::detail {

namespace {

constexpr std::size_t kDoctypeReach = 4096;      // a BOM, comments, a "saved from" mark
constexpr std::size_t kHeadReach = std::size_t(1) << 20;  // a page's <head>, inline scripts first
constexpr std::size_t kTagReach = 1024;          // one <link> or <meta> tag

bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

bool html_document(std::string_view head) {
  return ifind(head, "<!doctype html") != std::string_view::npos || ifind(head, "<html") != std::string_view::npos;
}

// The value of attribute `name` (followed by `=`) in `tag`, quoted or bare.
std::string_view attribute(std::string_view tag, std::string_view name) {
  for (std::size_t at = ifind(tag, name); at != std::string_view::npos; at = ifind(tag, name, at + 1)) {
    // A whole attribute name: after a space, before `=` ("data-href=" is not "href=").
    if (at == 0 || (tag[at - 1] != ' ' && tag[at - 1] != '\t' && tag[at - 1] != '\n' && tag[at - 1] != '\r')) continue;
    std::size_t p = at + name.size();
    while (p < tag.size() && tag[p] == ' ') ++p;
    if (p >= tag.size() || tag[p] != '=') continue;
    ++p;
    while (p < tag.size() && tag[p] == ' ') ++p;
    if (p >= tag.size()) return {};
    const char quote = tag[p] == '"' || tag[p] == '\'' ? tag[p] : '\0';
    if (quote) ++p;
    std::size_t end = p;
    while (end < tag.size() && (quote ? tag[end] != quote : tag[end] != ' ' && tag[end] != '\t' && tag[end] != '\n'))
      ++end;
    return tag.substr(p, end - p);
  }
  return {};
}

// An address a site wrote down, not one a template computes.
bool absolute_address(std::string_view v) {
  if (!istarts_with(v, "https://") && !istarts_with(v, "http://")) return false;
  return v.find_first_of("{}<$") == std::string_view::npos;
}

// Whether the <link>/<meta> tag around data[at] (where `marker` was found)
// names an absolute canonical address.
bool canonical_tag_at(std::string_view data, std::size_t at) {
  const std::size_t floor = at > kTagReach ? at - kTagReach : 0;
  const std::size_t open = data.rfind('<', at);
  if (open == std::string_view::npos || open < floor) return false;
  const std::size_t close = data.find('>', at);
  if (close == std::string_view::npos || close - open > 2 * kTagReach) return false;
  const std::string_view tag = data.substr(open, close - open);
  if (istarts_with(tag, "<link"))
    return iequals(attribute(tag, "rel"), "canonical") && absolute_address(attribute(tag, "href"));
  if (istarts_with(tag, "<meta"))
    return iequals(attribute(tag, "property"), "og:url") && absolute_address(attribute(tag, "content"));
  return false;
}

bool names_canonical_address(std::string_view head, std::string_view marker) {
  for (std::size_t at = ifind(head, marker); at != std::string_view::npos; at = ifind(head, marker, at + 1))
    if (canonical_tag_at(head, at)) return true;
  return false;
}

// A script's CSP nonce written out ("<script nonce=\"i5mZyQ5q2rmPWzKMFhehXQ\">"): a
// server draws a new one for every response, so a page holding one as text was
// saved from a site; a project's template writes the slot ("{{ nonce }}", "<%= ... %>").
bool literal_script_nonce(std::string_view head) {
  for (std::size_t at = ifind(head, "<script nonce="); at != std::string_view::npos;
       at = ifind(head, "<script nonce=", at + 1)) {
    const std::size_t close = head.find('>', at);
    if (close == std::string_view::npos || close - at > kTagReach) continue;
    const std::string_view value = attribute(head.substr(at, close - at), "nonce");
    if (value.size() >= 16 && value.size() <= 64 && std::all_of(value.begin(), value.end(), [](char c) {
          return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
                 c == '/' || c == '=' || c == '-' || c == '_';
        }))
      return true;
  }
  return false;
}

}  // namespace

bool saved_web_page(std::string_view data) noexcept {
  const std::string_view start = data.substr(0, std::min(data.size(), kDoctypeReach));
  if (!html_document(start)) return false;
  if (ifind(start, "<!-- saved from url=") != std::string_view::npos) return true;
  const std::string_view head = data.substr(0, std::min(data.size(), kHeadReach));
  return names_canonical_address(head, "canonical") || names_canonical_address(head, "og:url") ||
         literal_script_nonce(head);
}

}  // namespace nhi::detail
