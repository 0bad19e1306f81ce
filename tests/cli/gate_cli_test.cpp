// SPDX-License-Identifier: Apache-2.0
// End-to-end tests of the gate as CI jobs and pre-commit hooks use it (issue
// 19): exit codes of file-valued options, the pre-commit framework's entry.
#include "cli/cli_helpers.hpp"

using namespace nhi_cli_test;

namespace {
std::string q(const std::string& s) { return shell_quote(s); }
}  // namespace

TEST_CASE("cli gate: a missing or directory --config/--baseline is a usage error (exit 2)") {
  temp_dir dir;
  write_file(dir / "tree/a.py", "token = \"" + kGithubToken + "\"\n");
  for (const std::string& args : {std::string("scan --config missing.yaml tree"), std::string("scan --config tree tree"),
                                  std::string("scan --baseline missing.json tree"),
                                  std::string("scan --baseline tree tree")}) {
    const run_result r = run_nhi(args, dir.str());
    INFO("nhi " << args << "\nstdout: " << r.out << "\nstderr: " << r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK((r.err.find("missing") != std::string::npos || r.err.find("directory") != std::string::npos));
  }
}

TEST_CASE("cli gate: `nhi hook run` scans the staged changes and honours a committed .nhi-baseline.json") {
  temp_dir dir;
  const std::string git = kUnsetGit + "git -C " + q(dir.str()) + " -c user.name=t -c user.email=t@example.com ";
  REQUIRE(run(git + "init -q").exit_code == 0);
  write_file(dir / "a.py", "token = \"" + kGithubToken + "\"\n");
  REQUIRE(run(git + "add a.py").exit_code == 0);
  const run_result blocked = run_nhi("hook run", dir.str());
  INFO(blocked.out << blocked.err);
  CHECK(blocked.exit_code == 1);
  CHECK(blocked.out.find("a.py:1") != std::string::npos);

  REQUIRE(run_nhi("baseline create -o .nhi-baseline.json a.py", dir.str()).exit_code == 0);
  const run_result accepted = run_nhi("hook run " + q(dir.str()));
  INFO(accepted.out << accepted.err);
  CHECK(accepted.exit_code == 0);

  write_file(dir / "b.py", "key = \"" + kStripeKey + "\"\n");
  REQUIRE(run(git + "add b.py").exit_code == 0);
  const run_result fresh = run_nhi("hook run", dir.str());
  CHECK(fresh.exit_code == 1);
  CHECK(fresh.out.find("b.py:1") != std::string::npos);
  CHECK(fresh.out.find("a.py:1") == std::string::npos);
}
