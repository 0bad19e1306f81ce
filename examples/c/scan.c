/* SPDX-License-Identifier: Apache-2.0 */
/* scan: the C API (nhi/nhi.h) end to end. Scans files and directories with
 * the built-in rules (or the rules of NHI_RULES, a directory), prints each
 * finding, and when given an inventory records the scan and prints the
 * identity export.
 *
 *   scan PATH... [--inventory DB]
 *
 * Exit code: 0 nothing found, 1 findings, 2 usage, 3 failure (as nhi's).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nhi/nhi.h>

static int failed(const char* what) {
  fprintf(stderr, "scan: %s: %s\n", what, nhi_error_message());
  return 3;
}

int main(int argc, char** argv) {
  const char* inventory_path = NULL;
  const char** paths = calloc((size_t)argc, sizeof *paths);
  size_t npaths = 0;
  int i;
  for (i = 1; i < argc; ++i) {
    if (strcmp(argv[i], "--inventory") == 0 && i + 1 < argc) inventory_path = argv[++i];
    else paths[npaths++] = argv[i];
  }
  if (npaths == 0) {
    fprintf(stderr, "usage: scan PATH... [--inventory DB]\n");
    free(paths);
    return 2;
  }
  if (nhi_c_api_version() != NHI_C_API_VERSION) {
    fprintf(stderr, "scan: built for C API %u, library has %u\n", NHI_C_API_VERSION, nhi_c_api_version());
    free(paths);
    return 3;
  }

  nhi_rules* rules = NULL;
  const char* rules_dir = getenv("NHI_RULES");
  int rc = rules_dir ? nhi_rules_load(&rules, &rules_dir, 1) : nhi_rules_builtin(&rules);
  if (rc != NHI_OK) return failed("rules");

  nhi_scan_options options = NHI_SCAN_OPTIONS_INIT;
  options.threads = 2;
  nhi_scanner* scanner = NULL;
  if (nhi_scanner_new(&scanner, rules, &options) != NHI_OK) return failed("scanner");
  nhi_rules_free(rules); /* the scanner keeps what it needs */

  nhi_result* result = NULL;
  if (nhi_scan_paths(&result, scanner, paths, npaths) != NHI_OK) return failed("scan");

  size_t n = nhi_result_finding_count(result);
  size_t k;
  for (k = 0; k < n; ++k) {
    nhi_scan_finding f = NHI_SCAN_FINDING_INIT;
    if (nhi_result_finding(&f, result, k) != NHI_OK) return failed("finding");
    printf("%s:%llu:%llu  %s  %s  fingerprint %.16s\n", f.path, (unsigned long long)f.line,
           (unsigned long long)f.column, f.rule_id, f.redacted, f.fingerprint);
  }
  nhi_scan_stats stats = NHI_SCAN_STATS_INIT;
  if (nhi_result_stats(&stats, result) != NHI_OK) return failed("stats");
  printf("%llu findings in %llu files (libnhi %s)\n", (unsigned long long)stats.findings,
         (unsigned long long)stats.files_scanned, nhi_library_version());

  if (inventory_path) {
    nhi_inventory* inventory = NULL;
    char* json = NULL;
    size_t len = 0;
    if (nhi_inventory_open(&inventory, inventory_path, 1) != NHI_OK) return failed("inventory");
    if (nhi_inventory_record_scan(inventory, result, paths[0], NULL) != NHI_OK) return failed("record");
    if (nhi_inventory_export_json(&json, &len, inventory, NULL) != NHI_OK) return failed("export");
    fwrite(json, 1, len, stdout);
    putchar('\n');
    nhi_string_free(json);
    nhi_inventory_free(inventory);
  }

  nhi_result_free(result);
  nhi_scanner_free(scanner);
  free(paths);
  return n ? 1 : 0;
}
