// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>

#include <string>

#include "match/saved_page.hpp"

using nhi::detail::saved_web_page;

namespace {
std::string page(const std::string& head_tags) {
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n" + head_tags +
         "\n</head>\n<body><script>window.cfg = {apiKey: \"Qx9LmT2vRb8KwZ4nYc7H\"};</script></body></html>\n";
}
}  // namespace

TEST_CASE("saved pages: an absolute canonical address or og:url marks a page as a site served it") {
  CHECK(saved_web_page(page("<link rel=\"canonical\" href=\"https://www.example.com/recipes/pudding/\" />")));
  CHECK(saved_web_page(page("<link href=\"https://www.example.com/recipes/pudding/\" rel=\"canonical\">")));
  CHECK(saved_web_page(page("<meta property=\"og:url\" content=\"http://news.example.org/\"/>")));
  CHECK(saved_web_page(page("<meta content=\"https://news.example.org\" property=\"og:url\">")));
  CHECK(saved_web_page(page("<LINK REL=canonical HREF=https://www.example.com/a/b>")));
  // A browser's "save as" mark, before the document.
  CHECK(saved_web_page("<!-- saved from url=(0029)https://www.example.com/ -->\n<html><head></head></html>"));
}

TEST_CASE("saved pages: a template's computed address, another tag or no HTML is not one") {
  // A project's own template computes its address.
  CHECK_FALSE(saved_web_page(page("<link rel=\"canonical\" href=\"{{ request.build_absolute_uri }}\">")));
  CHECK_FALSE(saved_web_page(page("<link rel=\"canonical\" href=\"https://example.com{{ page.url }}\">")));
  CHECK_FALSE(saved_web_page(page("<meta property=\"og:url\" content=\"<?= $url ?>\">")));
  CHECK_FALSE(saved_web_page(page("<link rel=\"canonical\" href=\"${canonicalUrl}\">")));
  CHECK_FALSE(saved_web_page(page("<link rel=\"canonical\" href=\"/docs/\">")));
  // The word elsewhere: another relation, another attribute, body text.
  CHECK_FALSE(saved_web_page(page("<link rel=\"alternate\" href=\"https://example.com/canonical\">")));
  CHECK_FALSE(saved_web_page(page("<link data-rel=\"canonical\" href=\"https://example.com/\">")));
  CHECK_FALSE(saved_web_page(page("<p>The canonical address is https://example.com/</p>")));
  CHECK_FALSE(saved_web_page(page("")));
  // Not an HTML document: a Markdown page or code that writes such a tag.
  CHECK_FALSE(saved_web_page("# Docs\n\n<link rel=\"canonical\" href=\"https://example.com/\">\n"));
  CHECK_FALSE(saved_web_page(""));
}

TEST_CASE("saved pages: a script nonce written out marks a served page, a template's slot does not") {
  // A server draws a CSP nonce for each response (a saved YouTube results page).
  CHECK(saved_web_page(page("<script nonce=\"i5mZyQ5q2rmPWzKMFhehXQ\">var ytcfg = {};</script>")));
  CHECK(saved_web_page(page("<script nonce=\"Kq8vR2nT-x5Lm9Wc3Zp7_Yh4Gs0Ja2==\" src=\"/app.js\"></script>")));
  CHECK_FALSE(saved_web_page(page("<script nonce=\"{{ csp_nonce }}\">var a = 1;</script>")));
  CHECK_FALSE(saved_web_page(page("<script nonce=\"<%= content_security_policy_nonce %>\"></script>")));
  CHECK_FALSE(saved_web_page(page("<script nonce=\"${nonce}\"></script>")));
  CHECK_FALSE(saved_web_page(page("<script nonce=\"abc\"></script>")));  // too short for a drawn nonce
}
