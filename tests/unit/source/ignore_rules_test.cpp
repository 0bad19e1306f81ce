// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>

#include "source/ignore_rules.hpp"

using nhi::detail::ignore_rules;

TEST_CASE("ignore rules: gitignore syntax and precedence") {
  ignore_rules r;
  r.add("# a comment\n\n*.log\n!keep.log\nbuild/\n/top.txt\ndocs/**/*.tmp\n\\#hash\ntrailing.txt   \n", "");
  CHECK(r.ignored("a.log", false));
  CHECK(r.ignored("deep/x/a.log", false));       // no '/': any depth
  CHECK_FALSE(r.ignored("keep.log", false));     // negation, later line wins
  CHECK(r.ignored("build", true));
  CHECK(r.ignored("src/build", true));
  CHECK_FALSE(r.ignored("build", false));        // directory-only pattern, a file named build
  CHECK(r.ignored("top.txt", false));
  CHECK_FALSE(r.ignored("sub/top.txt", false));  // anchored by its leading '/'
  CHECK(r.ignored("docs/a/b/c.tmp", false));
  CHECK(r.ignored("docs/c.tmp", false));          // "**/" matches zero directories
  CHECK_FALSE(r.ignored("other/docs/c.tmp", false));  // a middle '/' anchors too
  CHECK(r.ignored("#hash", false));
  CHECK(r.ignored("trailing.txt", false));        // trailing spaces dropped
  CHECK_FALSE(r.ignored("a.log.txt", false));

  // A deeper file overrides a shallower one, and only applies below itself.
  const std::size_t mark = r.size();
  r.add("!*.log\nlocal.txt\n", "sub");
  CHECK_FALSE(r.ignored("sub/a.log", false));
  CHECK(r.ignored("other/a.log", false));
  CHECK(r.ignored("sub/local.txt", false));
  CHECK_FALSE(r.ignored("local.txt", false));
  CHECK_FALSE(r.ignored("subway/local.txt", false));
  r.truncate(mark);
  CHECK(r.ignored("sub/a.log", false));
}
