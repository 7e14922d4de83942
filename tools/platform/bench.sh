# ./platform bench: runs the benchmark scenarios, one script each under benchmarks/ (sourced by ./platform).
# shellcheck shell=bash

BENCH_SCENARIOS="gateway-overhead order-placement event-lag startup-memory tracing-overhead"
cmd_bench() {
  local scenario="${1:-gateway-overhead}" s
  case "$scenario" in
    all) ;;
    1) scenario=gateway-overhead ;; 2) scenario=order-placement ;; 3) scenario=event-lag ;;
    4) scenario=startup-memory ;; 5) scenario=tracing-overhead ;;
  esac
  if [ "$scenario" != all ] && [ ! -x "$ROOT/benchmarks/$scenario.sh" ]; then
    die "unknown scenario '$scenario' (one of: $BENCH_SCENARIOS, all; or 1-5)"
  fi
  [ "$(http_status "$GATEWAY_URL/readyz")" = 200 ] || [ -n "${PLATFORM_GATEWAY_URL:-}" ] \
    || die "the platform is not running: RATE_LIMIT_REPLENISH_RATE=1000000 RATE_LIMIT_BURST_CAPACITY=1000000 ./platform up"
  select_jdk >/dev/null
  # One results directory for the whole call, so `all` leaves its five CSVs and charts side by side
  BENCH_OUT="$ROOT/benchmarks/results/$(date -u +%Y%m%dT%H%M%SZ)"
  export BENCH_OUT JAVA_HOME
  if [ "$scenario" = all ]; then
    for s in $BENCH_SCENARIOS; do
      say "benchmark $s"
      "$ROOT/benchmarks/$s.sh" || warn "benchmark $s failed; going on with the next"
    done
  else
    "$ROOT/benchmarks/$scenario.sh"
  fi
  say "results: $BENCH_OUT"
}
