// SPDX-License-Identifier: Apache-2.0
// Loading plugins: what is accepted, and every refusal with its message.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include "nhi/plugins.hpp"
#include "plugin_test_util.hpp"

#if defined(NHI_TEST_PLUGIN_ACME) && defined(NHI_TEST_PLUGIN_FAULTY)

using plugin_test::temp_dir;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Loads `path` expecting a refusal with `code` whose message holds `part` and
// names the file.
void check_refused(const std::string& path, nhi::errc code, const std::string& part, const std::string& options = {}) {
  auto p = nhi::load_plugin(path, options);
  REQUIRE_FALSE(p);
  const nhi::status s = p.error();
  CHECK(s.code() == code);
  CHECK(s.file() == path);
  CHECK_MESSAGE(contains(s.to_string(), part), s.to_string());
  CHECK_MESSAGE(contains(s.to_string(), path), s.to_string());
}

}  // namespace

TEST_CASE("plugin: loads the example detector and describes it") {
  auto p = nhi::load_plugin(NHI_TEST_PLUGIN_ACME);
  REQUIRE_MESSAGE(p, p.error().to_string());
  CHECK(p->name() == "acme-tokens");
  CHECK(p->version() == "1.0.0");
  CHECK(p->path() == NHI_TEST_PLUGIN_ACME);
  const auto detectors = p->detectors();
  REQUIRE(detectors.size() == 1);
  CHECK(detectors[0]->name() == "acme-tokens/acme");
  CHECK_FALSE(p->has_sources());
  CHECK(p->reporters().empty());
}

TEST_CASE("plugin abi: refuses a file that does not exist") {
  temp_dir dir;
  check_refused(dir / "missing.so", nhi::errc::not_found, "No such file");
}

TEST_CASE("plugin abi: refuses a plugin of another ABI version") {
  check_refused(NHI_TEST_PLUGIN_WRONG_VERSION, nhi::errc::unsupported, "has ABI version 2; this nhi supports version 1");
}

TEST_CASE("plugin abi: refuses a description smaller than ABI v1's") {
  check_refused(NHI_TEST_PLUGIN_SHORT_DESC, nhi::errc::invalid_argument, "declares struct_size 8; ABI v1 needs at least");
}

TEST_CASE("plugin abi: refuses a shared object without the entry point") {
  check_refused(NHI_TEST_PLUGIN_NO_ENTRY, nhi::errc::unsupported, "exports no nhi_plugin_init_v1");
}

TEST_CASE("plugin abi: refuses a plugin whose init fails, with the plugin's message") {
  check_refused(NHI_TEST_PLUGIN_INIT_ERROR, nhi::errc::invalid_argument,
                "initialisation failed: licence file acme.lic not found");
}

TEST_CASE("plugin abi: refuses a description entry without its function") {
  check_refused(NHI_TEST_PLUGIN_FAULTY, nhi::errc::invalid_argument, "reporter 'broken' has no report function",
                "broken_desc");
}

TEST_CASE("plugin abi: refuses a plugin writable by group or others") {
  temp_dir dir;
  const std::string copy = dir.copy(NHI_TEST_PLUGIN_ACME, "acme.so");
  REQUIRE(::chmod(copy.c_str(), 0757) == 0);  // o+w, as the example
  check_refused(copy, nhi::errc::invalid_argument, "writable by group or others (mode 0757)");
  REQUIRE(::chmod(copy.c_str(), 0775) == 0);  // g+w alone
  check_refused(copy, nhi::errc::invalid_argument, "writable by group or others (mode 0775)");
  REQUIRE(::chmod(copy.c_str(), 0755) == 0);  // the same file is fine once fixed
  auto fixed = nhi::load_plugin(copy);
  CHECK_MESSAGE(fixed, fixed.error().to_string());
}

TEST_CASE("plugin abi: refuses a plugin owned by another user") {
  if (::geteuid() != 0) {
    MESSAGE("not root: cannot give a file away to another user; case not exercised");
    return;
  }
  temp_dir dir;
  const std::string copy = dir.copy(NHI_TEST_PLUGIN_ACME, "acme.so");
  REQUIRE(::chown(copy.c_str(), 65534, 65534) == 0);
  check_refused(copy, nhi::errc::invalid_argument, "owned by uid 65534, neither the current user nor root");
}

TEST_CASE("plugin abi: refuses what is not a loadable plugin") {
  temp_dir dir;
  check_refused(dir.path(), nhi::errc::invalid_argument, "not a regular file");
  const std::string text = dir.write("notes.so", "not an ELF file\n");
  ::chmod(text.c_str(), 0644);
  check_refused(text, nhi::errc::invalid_argument, "cannot load plugin: ");
}

TEST_CASE("plugin: options reach the plugin's init") {
  check_refused(NHI_TEST_PLUGIN_ACME, nhi::errc::invalid_argument, "acme-tokens takes no options", "verbose");
#ifdef NHI_TEST_PLUGIN_EXPORT_SOURCE
  check_refused(NHI_TEST_PLUGIN_EXPORT_SOURCE, nhi::errc::invalid_argument, "export-source needs the export file");
  temp_dir dir;
  check_refused(NHI_TEST_PLUGIN_EXPORT_SOURCE, nhi::errc::invalid_argument, "missing.tsv: No such file",
                dir / "missing.tsv");
#endif
}

TEST_CASE("plugin: plugins loaded one after another stay distinct") {
  // Each load must reach its own file, also when an earlier plugin is gone.
  std::optional<nhi::plugin> acme;
  {
    auto a = nhi::load_plugin(NHI_TEST_PLUGIN_ACME);
    REQUIRE(a);
    acme = a.value();
  }
  auto faulty = nhi::load_plugin(NHI_TEST_PLUGIN_FAULTY);
  REQUIRE(faulty);
  CHECK(faulty->name() == "faulty");
  acme.reset();
  auto wrong = nhi::load_plugin(NHI_TEST_PLUGIN_WRONG_VERSION);
  CHECK_FALSE(wrong);
  auto again = nhi::load_plugin(NHI_TEST_PLUGIN_ACME);
  REQUIRE(again);
  CHECK(again->name() == "acme-tokens");
  auto twice = nhi::load_plugin(NHI_TEST_PLUGIN_ACME);
  REQUIRE(twice);
  CHECK(twice->detectors().size() == 1);
}

TEST_CASE("plugin: a detector keeps its plugin loaded after the plugin object is gone") {
  std::vector<std::shared_ptr<const nhi::detector>> detectors;
  {
    auto p = nhi::load_plugin(NHI_TEST_PLUGIN_ACME);
    REQUIRE(p);
    detectors = p->detectors();
  }
  REQUIRE(detectors.size() == 1);
  std::vector<nhi::detection> found;
  const std::string text = "key: acme_live_4fQz8LmN2pRtX7vKc9YbWe3HsJdA6gUi\n";
  CHECK(detectors[0]->detect(text, nhi::origin{"a.txt", std::nullopt}, found).is_ok());
  REQUIRE(found.size() == 1);
  CHECK(found[0].offset == 5);
}

#endif
