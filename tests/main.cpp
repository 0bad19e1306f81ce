// SPDX-License-Identifier: Apache-2.0
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdlib>

int main(int argc, char** argv) {
  // Every nhi process the tests start (the CLI, git hooks) shares one cache of
  // the compiled vectorscan database in the build tree: compiled once per rule
  // set, not once per process (tests set HOME=/nonexistent for git). The
  // caller's NHI_CACHE_DIR and NHI_ENGINE win.
  ::setenv("NHI_CACHE_DIR", NHI_TEST_CACHE_DIR, /*overwrite=*/0);
  // And one installation fingerprint key (XDG_CONFIG_HOME/nhi/fingerprint-key)
  // in the build tree: the suite never writes the user's configuration, and
  // fingerprints computed here match those of the nhi processes it starts.
  ::setenv("XDG_CONFIG_HOME", NHI_TEST_CONFIG_DIR, /*overwrite=*/1);
  ::unsetenv("NHI_FINGERPRINT_KEY");
  return doctest::Context(argc, argv).run();
}
