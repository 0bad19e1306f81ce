// SPDX-License-Identifier: Apache-2.0
// A web page as a site served it, saved into a repository: a scraper's or an
// HTML parser's test data, a minifier's benchmark input. Such a page holds the
// keys that site sends to every visitor (analytics and search-only keys, widget
// tokens, CSRF tokens of its forms), which the catch-all rules cannot tell from
// a project's own secrets by one line of context. What tells the page apart is
// its canonical address: absolute, where a project's own template computes it;
// or a script nonce the server drew for that one response.
// (Triage of real repositories, docs/accuracy.md: the 22 catch-all findings
// read in such pages were all that site's public keys or tokens.)
#pragma once

#include <string_view>

namespace nhi::detail {

// Whether `data` is an HTML document (`<!doctype html` or `<html` near its
// start) that names an absolute http(s) address as its canonical one, in a
// `<link rel="canonical">` or `<meta property="og:url">` tag with no template
// syntax in the value, carries a browser's `<!-- saved from url=` mark, or
// writes out a script's CSP nonce (`<script nonce="...">`, 16-64 base64 characters).
// Reads at most the first MiB.
bool saved_web_page(std::string_view data) noexcept;

}  // namespace nhi::detail
