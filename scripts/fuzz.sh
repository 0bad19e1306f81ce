#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs libFuzzer targets (tests/fuzz/) for a chosen time. See docs/hardening.md.
#
#   scripts/fuzz.sh list                 the targets
#   scripts/fuzz.sh TARGET SECONDS       one target, e.g. scripts/fuzz.sh scan_buffer 300
#   scripts/fuzz.sh all SECONDS          every target in turn, SECONDS each
#   FUZZ_RUNS=N scripts/fuzz.sh all      every target for N inputs after its seeds (CI smoke)
#
# Builds into FUZZ_BUILD_DIR (default build-fuzz) with clang, libFuzzer, ASan
# and UBSan. Each target starts from its seed corpus (test fixtures, built-in
# rules, tests/fuzz/seeds/) plus what earlier runs found (FUZZ_BUILD_DIR/
# corpus/TARGET). A crash, leak, timeout (FUZZ_TIMEOUT s per input, default 10)
# or memory blow-up (FUZZ_RSS_MB, default 2048) is saved under
# FUZZ_BUILD_DIR/crashes/TARGET/ and makes the script fail; reproduce it with
#   FUZZ_BUILD_DIR/tests/fuzz/fuzz_TARGET FILE
# Extra arguments after SECONDS go to libFuzzer.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
BUILD_DIR="${FUZZ_BUILD_DIR:-build-fuzz}"
TIMEOUT="${FUZZ_TIMEOUT:-10}"
RSS_MB="${FUZZ_RSS_MB:-2048}"

usage() { sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
[ $# -ge 1 ] || usage

configure_and_build() {
  command -v clang++ >/dev/null || { echo "fuzz.sh: clang++ not found (apt-get install clang libclang-rt-14-dev)" >&2; exit 2; }
  if [ ! -f "$BUILD_DIR/build.ninja" ]; then
    CC=clang CXX=clang++ cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g" \
      -DNHI_BUILD_FUZZERS=ON -DNHI_SANITIZE=ON -DNHI_BUILD_EXAMPLES=OFF \
      -DNHI_INSTALL=OFF >/dev/null
  fi
  cmake --build "$BUILD_DIR" --target "$@"
}

targets() {
  find "$BUILD_DIR/tests/fuzz" -maxdepth 1 -type f -name 'fuzz_*' -perm -u+x 2>/dev/null |
    sed 's|.*/fuzz_||' | sort
}

# Seed files for a target, one path a line.
seeds_for() {
  local fx=tests/fixtures/analyze
  case "$1" in
    rules_yaml) ls patterns/*.yaml tests/fuzz/seeds/rules_yaml/* ;;
    scan_buffer|decode_*) find examples/demo "$fx" tests/fuzz/seeds/decode -type f ;;
    analyze_k8s_manifest) ls $fx/kubernetes/*.yaml $fx/bad/broken-manifest.yaml examples/demo/deploy/k8s/*.yaml ;;
    analyze_terraform) ls $fx/terraform/main.tf $fx/bad/unterminated.tf ;;
    analyze_tfvars) ls $fx/terraform/prod.tfvars ;;
    analyze_tfstate) ls $fx/terraform/terraform.tfstate ;;
    analyze_gha_workflow) ls $fx/ci/deploy.yml ;;
    analyze_gitlab_ci) ls $fx/ci/gitlab-ci.yml ;;
    analyze_compose) ls $fx/containers/docker-compose.yml ;;
    analyze_dockerfile) ls $fx/containers/Dockerfile ;;
    analyze_dotenv) ls $fx/containers/prod.env examples/demo/services/billing/config/*.env ;;
    analyze_helm_values) ls $fx/containers/values-staging.yaml ;;
    analyze_kubeconfig) ls $fx/credentials/kubeconfig ;;
    analyze_npmrc) ls $fx/credentials/npmrc ;;
    analyze_pypirc) ls $fx/credentials/pypirc ;;
    analyze_docker_config) ls $fx/credentials/docker-config.json ;;
    analyze_aws_credentials) ls $fx/credentials/aws-credentials ;;
    analyze_jenkins_casc) ls $fx/credentials/jenkins-casc.yaml ;;
    analyze_cisco_config) ls tests/corpus/files/network/backups/* ;;
    analyze_junos_config) ls tests/corpus/files/network/junos/* ;;
    analyze_mikrotik_export) ls tests/corpus/files/network/mikrotik/* ;;
    analyze_fortios_config) ls tests/corpus/files/network/fortigate/* ;;
    analyze_vyos_config) ls tests/corpus/files/network/vyos/* ;;
    analyze_joomla_config) ls tests/corpus/files/www/joomla/configuration.php ;;
    analyze_drupal_settings) ls tests/corpus/files/www/drupal/web/sites/default/settings.php tests/corpus/files/www/drupal7/sites/default/settings.php ;;
    analyze_magento2_env) ls tests/corpus/files/www/shop/app/etc/env.php ;;
    analyze_magento1_local) ls tests/corpus/files/www/shop1/app/etc/local.xml ;;
    analyze_gitea_ini) ls tests/corpus/files/srv/gitea/custom/conf/app.ini ;;
    analyze_gitlab_rb) ls tests/corpus/files/ops/gitlab/config/gitlab.rb ;;
    analyze_gitlab_secrets) ls tests/corpus/files/ops/gitlab/config/gitlab-secrets.json ;;
    analyze_swanctl_conf) ls tests/corpus/files/etc/swanctl/swanctl.conf ;;
    analyze_slapd_ldif) ls tests/corpus/files/etc/openldap/slapd.d/cn=config/*.ldif ;;
    analyze_hashicorp_agent) ls tests/corpus/files/etc/consul.d/* ;;
    analyze_openvpn_profile) ls tests/corpus/files/home/jdoe/vpn/*.ovpn ;;
    analyze_jupyter_config) ls tests/corpus/files/home/ds/.jupyter/* ;;
    analyze_aruba_switch_config) ls tests/corpus/files/network/aruba/*.cfg ;;
    analyze_vrp_config) ls tests/corpus/files/network/huawei/* ;;
    analyze_panos_config) ls tests/corpus/files/network/paloalto/*.xml ;;
    analyze_svn_auth) ls tests/corpus/files/home/ci/.subversion/auth/svn.simple/* ;;
    analyze_pidgin_accounts) ls tests/corpus/files/home/ops/.purple/accounts.xml ;;
    analyze_navicat_ncx) ls tests/corpus/files/ops/navicat/*.ncx ;;
    analyze_mobaxterm_ini) ls tests/corpus/files/ops/tools/MobaXterm/MobaXterm.ini ;;
    analyze_securecrt_session) ls tests/corpus/files/ops/VanDyke/Config/Sessions/*.ini ;;
    analyze_typo3_settings) ls tests/corpus/files/var/www/typo3/typo3conf/*.php ;;
    analyze_grafana_ini) ls tests/corpus/files/etc/grafana/grafana.ini ;;
    analyze_grafana_datasources) ls tests/corpus/files/ops/grafana/provisioning/datasources/* ;;
    analyze_zabbix_web) ls tests/corpus/files/usr/share/zabbix/conf/zabbix.conf.php ;;
    analyze_roundcube_config) ls tests/corpus/files/var/www/roundcube/config/config.inc.php ;;
    analyze_moodle_config) ls tests/corpus/files/var/www/moodle/config.php ;;
    analyze_prestashop_parameters) ls tests/corpus/files/var/www/prestashop/app/config/parameters.php ;;
    import_*) ls $fx/exports/* $fx/bad/* $fx/kubernetes/kubectl-export.json ;;
    policy_yaml) ls tests/fuzz/seeds/policy_yaml/* ;;
    pack_index) bash tests/fuzz/make_pack_seeds.sh "$BUILD_DIR/pack-seeds" ;;
    *) ls tests/fuzz/seeds/structured/* ;;
  esac
}

run_one() {
  local target="$1" seconds="$2"; shift 2
  local bin="$BUILD_DIR/tests/fuzz/fuzz_$target"
  [ -x "$bin" ] || { echo "fuzz.sh: no target '$target' (scripts/fuzz.sh list)" >&2; return 2; }
  local corpus="$BUILD_DIR/corpus/$target" seeds="$BUILD_DIR/seeds/$target" crashes="$BUILD_DIR/crashes/$target"
  mkdir -p "$corpus" "$crashes"
  rm -rf "$seeds" && mkdir -p "$seeds"
  seeds_for "$target" | while read -r f; do cp "$f" "$seeds/$(echo "$f" | tr '/' '_')"; done
  local budget=(-max_total_time="$seconds")
  [ -n "${FUZZ_RUNS:-}" ] && budget=(-runs="$FUZZ_RUNS")
  local dict=()
  [ -f "tests/fuzz/dicts/$target.dict" ] && dict=(-dict="tests/fuzz/dicts/$target.dict")
  local started=$SECONDS status=0
  ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}" \
  UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}" \
  LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$ROOT/tests/sanitizers/lsan.supp:print_suppressions=0}" \
    "$bin" "${budget[@]}" -timeout="$TIMEOUT" -rss_limit_mb="$RSS_MB" -max_len=65536 \
      -artifact_prefix="$crashes/" -print_final_stats=1 "${dict[@]}" "$@" "$corpus" "$seeds" \
      >"$BUILD_DIR/fuzz-$target.log" 2>&1 || status=$?
  local execs
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$BUILD_DIR/fuzz-$target.log" | grep -o '[0-9]*$' || echo '?')
  if [ "$status" -eq 0 ]; then
    printf '%-32s ok    %5ss %10s inputs\n' "$target" "$((SECONDS - started))" "$execs"
  else
    printf '%-32s FAIL  %5ss (exit %s) see %s\n' "$target" "$((SECONDS - started))" "$status" "$BUILD_DIR/fuzz-$target.log"
    grep -m3 -E 'ERROR|SUMMARY|invariant|runtime error' "$BUILD_DIR/fuzz-$target.log" | sed 's/^/    /' || true
  fi
  return "$status"
}

case "$1" in
  list)
    configure_and_build nhi_fuzzers >/dev/null
    targets ;;
  all)
    seconds="${2:-60}"; shift; [ $# -gt 0 ] && shift
    configure_and_build nhi_fuzzers >/dev/null
    failed=0
    for t in $(targets); do run_one "$t" "$seconds" "$@" || failed=$((failed + 1)); done
    [ "$failed" -eq 0 ] || { echo "fuzz.sh: $failed target(s) failed" >&2; exit 1; }
    ;;
  *)
    [ $# -ge 2 ] || usage
    target="$1" seconds="$2"; shift 2
    configure_and_build "fuzz_$target" >/dev/null
    run_one "$target" "$seconds" "$@"
    ;;
esac
