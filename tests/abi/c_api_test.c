/* SPDX-License-Identifier: Apache-2.0 */
/* The library's C API (nhi/nhi.h) from C: built with -std=c99 -Wall -Wextra
 * -pedantic -Werror and linked against libnhi. Checks the calls, their error
 * paths, and that versioned structs from an older (shorter) header are filled
 * only as far as their struct_size reaches. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nhi/nhi.h"

static int failures;
#define CHECK(cond)                                                               \
  do {                                                                            \
    if (!(cond)) {                                                                \
      fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond);    \
      ++failures;                                                                 \
    }                                                                             \
  } while (0)

/* A GitHub token with a valid checksum, split so that this file holds none. */
static const char* token_line(void) {
  static char line[128];
  snprintf(line, sizeof line, "GITHUB_TOKEN=%s%s\n", "ghp_", "wq9kg3uMTgjXYIwIZLS1f54b8fOavg2Bf5Ty");
  return line;
}

static void test_errors(void) {
  nhi_rules* rules = NULL;
  const char* missing = "/nonexistent/rules-dir";
  CHECK(nhi_rules_builtin(NULL) == NHI_ERR_INVALID);
  CHECK(strstr(nhi_error_message(), "NULL") != NULL);
  CHECK(nhi_rules_load(&rules, &missing, 1) < 0);
  CHECK(rules == NULL);
  CHECK(strlen(nhi_error_message()) > 0);
  /* A successful call clears the message. */
  CHECK(nhi_rules_builtin(&rules) == NHI_OK);
  CHECK(strcmp(nhi_error_message(), "") == 0);
  {
    nhi_scan_options bad = NHI_SCAN_OPTIONS_INIT;
    nhi_scanner* scanner = NULL;
    bad.abi_version = 99;
    CHECK(nhi_scanner_new(&scanner, rules, &bad) == NHI_ERR_INVALID);
    CHECK(scanner == NULL);
  }
  nhi_rules_free(rules);
  /* _free functions accept NULL. */
  nhi_rules_free(NULL);
  nhi_scanner_free(NULL);
  nhi_result_free(NULL);
  nhi_inventory_free(NULL);
  nhi_string_free(NULL);
}

static void test_malformed_rules_name_file_and_line(const char* dir) {
  char path[4096];
  FILE* f;
  nhi_rules* rules = NULL;
  const char* p = path;
  snprintf(path, sizeof path, "%s/bad.yaml", dir);
  f = fopen(path, "w");
  CHECK(f != NULL);
  if (!f) return;
  fputs("rules:\n  - id: x\n    name: [unclosed\n", f);
  fclose(f);
  CHECK(nhi_rules_load(&rules, &p, 1) == NHI_ERR_PARSE);
  CHECK(strstr(nhi_error_message(), "bad.yaml:") != NULL);
  remove(path);
}

static void test_scan_buffer(void) {
  nhi_rules* rules = NULL;
  nhi_scanner* scanner = NULL;
  nhi_result* result = NULL;
  nhi_scan_options options = NHI_SCAN_OPTIONS_INIT;
  const char* text = token_line();
  CHECK(nhi_rules_builtin(&rules) == NHI_OK);
  CHECK(nhi_rules_count(rules) > 100);
  CHECK(strlen(nhi_rules_version(rules)) > 0);
  options.capture_secrets = 1;
  CHECK(nhi_scanner_new(&scanner, rules, &options) == NHI_OK);
  nhi_rules_free(rules); /* the scanner shares the compiled rules */
  CHECK(nhi_scan_buffer(&result, scanner, text, strlen(text), "settings.env") == NHI_OK);
  CHECK(nhi_result_finding_count(result) == 1);
  {
    nhi_scan_finding f = NHI_SCAN_FINDING_INIT;
    CHECK(nhi_result_finding(&f, result, 0) == NHI_OK);
    CHECK(strcmp(f.rule_id, "github-pat-classic") == 0);
    CHECK(strcmp(f.path, "settings.env") == 0);
    CHECK(f.line == 1 && f.column == 14);
    CHECK(f.severity == NHI_SEVERITY_CRITICAL);
    CHECK(strlen(f.fingerprint) == 64);
    CHECK(strncmp(f.secret, "ghp_", 4) == 0 && strlen(f.secret) == 40);
    CHECK(strstr(f.redacted, "wq9kg3") == NULL);
    CHECK(strcmp(f.commit, "") == 0 && f.in_head == 1);
    CHECK(nhi_result_finding(&f, result, 1) == NHI_ERR_NOT_FOUND);
  }
  {
    /* A caller built against an older header whose struct ended at `path`:
     * nothing beyond it is written. */
    unsigned char buffer[sizeof(nhi_scan_finding) + 16];
    nhi_scan_finding* old = (nhi_scan_finding*)buffer;
    const size_t old_size = offsetof(nhi_scan_finding, path) + sizeof(old->path);
    size_t i;
    int untouched = 1;
    memset(buffer, 0xAB, sizeof buffer);
    old->abi_version = NHI_C_API_VERSION;
    old->struct_size = (uint32_t)old_size;
    CHECK(nhi_result_finding(old, result, 0) == NHI_OK);
    CHECK(old->struct_size == old_size);
    CHECK(strcmp(old->rule_id, "github-pat-classic") == 0);
    for (i = old_size; i < sizeof buffer; ++i) untouched = untouched && buffer[i] == 0xAB;
    CHECK(untouched);
  }
  {
    nhi_scan_stats stats = NHI_SCAN_STATS_INIT;
    char* json = NULL;
    size_t len = 0;
    CHECK(nhi_result_stats(&stats, result) == NHI_OK);
    CHECK(stats.findings == 1 && stats.files_scanned == 1 && stats.bytes_scanned == strlen(text));
    CHECK(nhi_result_json(&json, &len, result) == NHI_OK);
    CHECK(json != NULL && len == strlen(json));
    CHECK(json && strstr(json, "\"rule_id\":") != NULL);
    CHECK(json && strstr(json, "\"stats\":") != NULL);
    nhi_string_free(json);
  }
  nhi_result_free(result);
  nhi_scanner_free(scanner);
}

static void test_paths_and_inventory(const char* dir) {
  char file[4096], db[4096];
  FILE* f;
  const char* p = dir;
  nhi_rules* rules = NULL;
  nhi_scanner* scanner = NULL;
  nhi_result* result = NULL;
  nhi_inventory* inv = NULL;
  char* json = NULL;
  size_t len = 0;
  snprintf(file, sizeof file, "%s/app.env", dir);
  snprintf(db, sizeof db, "%s/inventory.db", dir);
  f = fopen(file, "w");
  CHECK(f != NULL);
  if (!f) return;
  fputs(token_line(), f);
  fclose(f);
  CHECK(nhi_rules_builtin(&rules) == NHI_OK);
  CHECK(nhi_scanner_new(&scanner, rules, NULL) == NHI_OK);
  CHECK(nhi_scan_paths(&result, scanner, &p, 1) == NHI_OK);
  CHECK(nhi_result_finding_count(result) == 1);
  {
    nhi_scan_finding fd = NHI_SCAN_FINDING_INIT;
    CHECK(nhi_result_finding(&fd, result, 0) == NHI_OK);
    CHECK(strcmp(fd.secret, "") == 0); /* not captured by default */
  }
  CHECK(nhi_inventory_open(&inv, db, 0) == NHI_ERR_NOT_FOUND);
  CHECK(nhi_inventory_open(&inv, db, 1) == NHI_OK);
  CHECK(nhi_inventory_record_scan(inv, result, "repo", "2026-01-02T00:00:00Z") == NHI_OK);
  CHECK(nhi_inventory_export_json(&json, &len, inv, "2026-01-02T00:00:00Z") == NHI_OK);
  CHECK(json && strstr(json, "\"identities\"") != NULL);
  CHECK(json && strstr(json, "\"github\"") != NULL);
  CHECK(json && strstr(json, "wq9kg3uMTgjXYIwIZLS1") == NULL); /* never the secret */
  nhi_string_free(json);
  nhi_inventory_free(inv);
  nhi_result_free(result);
  nhi_scanner_free(scanner);
  nhi_rules_free(rules);
  remove(file);
  remove(db);
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: c_api_test SCRATCH_DIR\n");
    return 2;
  }
  CHECK(nhi_c_api_version() == NHI_C_API_VERSION);
  CHECK(strlen(nhi_library_version()) >= 5);
  test_errors();
  test_malformed_rules_name_file_and_line(argv[1]);
  test_scan_buffer();
  test_paths_and_inventory(argv[1]);
  if (failures) fprintf(stderr, "%d checks failed\n", failures);
  return failures ? 1 : 0;
}
