#!/usr/bin/env bash
# Scenario 5 of the benchmark harness: what tracing costs, 100 % sampling (the platform default) vs tracing off
# (sampling probability 0), side by side in one run.
# The path traced: GET /api/customers/{id} through a gateway to customer-service (two services, two spans and
# propagation). Both run as dedicated benchmark instances (ports 18080/18081, from the built jars, next to the
# platform), restarted with MANAGEMENT_TRACING_SAMPLING_PROBABILITY=1.0 or 0.0 between sides; sides alternate
# (on, off, on, off, ...). Per side and repetition, after a warm-up: throughput (wrk, closed loop) and latency
# at a fixed rate below saturation (benchmarks/load.py: p50, p99). No OTLP export on either side (as locally).
# Writes benchmarks/results/<time>/tracing-overhead.{csv,png}.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

REPS="${BENCH_REPS:-3}"
DURATION="${BENCH_DURATION:-10s}"
WARMUP_SECONDS="${BENCH_WARMUP_SECONDS:-30}"
CONNECTIONS="${BENCH_CONNECTIONS:-16}"
RATE="${BENCH_RATE:-100}"
RATE_SECONDS="${BENCH_RATE_SECONDS:-15}"
JAVA_OPTS="${BENCH_JAVA_OPTS:--Xmx512m}"   # C2 on: a long-running comparison, not a startup one
export BENCH_KAFKA="${BENCH_KAFKA:-127.0.0.1:1}"   # customer-service's consumer stays out of the platform's group

need wrk wrk
need hey hey
need curl curl
find_java
require_up "${PLATFORM_AUTH_URL:-http://127.0.0.1:9000}"
check_bench_ports customer-service gateway
for s in customer-service gateway; do
  [ -f "$BENCH_ROOT/$s/target/$s-0.1.0-SNAPSHOT.jar" ] || bench_die "$s jar missing: build it first"
done
out="$(results_dir)"
csv="$out/tracing-overhead.csv"
csv_header "$csv"
trap 'stop_all_instances' EXIT
GW="http://127.0.0.1:$(bench_port gateway)"

start_pair() { # start_pair <probability>: customer-service, then the gateway, both sampling at <probability>
  BENCH_EXTRA_ENV=("MANAGEMENT_TRACING_SAMPLING_PROBABILITY=$1")
  local s
  for s in customer-service gateway; do
    # shellcheck disable=SC2086
    start_instance "$s" "$out/tracing-$s-$1.log" $JAVA_OPTS -jar "$BENCH_ROOT/$s/target/$s-0.1.0-SNAPSHOT.jar"
    wait_ready_ms "$s" "$INSTANCE_PID" "$INSTANCE_T0" >/dev/null || bench_die "$s did not start (log $out/tracing-$s-$1.log)"
  done
  BENCH_EXTRA_ENV=()
}

path=""
for rep in $(seq 1 "$REPS"); do
  for side in on off; do
    p=1.0; [ "$side" = off ] && p=0.0
    start_pair "$p"
    if [ -z "$path" ]; then
      path="/api/customers/$(new_customer "http://127.0.0.1:$(bench_port customer-service)")"
    fi
    refresh_token "$GW$path"
    wrk -t2 -c"$CONNECTIONS" -d"${WARMUP_SECONDS}s" "${AUTH_ARGS[@]}" "$GW$path" >/dev/null
    refresh_token "$GW$path"
    rps="$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" "${AUTH_ARGS[@]}" "$GW$path" | awk '/Requests\/sec/ {print $2}')"
    r="$(python3 "$BENCH_ROOT/benchmarks/load.py" "$RATE" "$RATE_SECONDS" GET "$GW$path" "${LOAD_AUTH_ARGS[@]}")"
    p50="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["p50_ms"])' "$r")"
    p99="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["p99_ms"])' "$r")"
    csv_row "$csv" throughput "tracing $side" "$rep" "$rps"
    csv_row "$csv" "latency_p50_ms@$RATE/s" "tracing $side" "$rep" "$p50"
    csv_row "$csv" "latency_p99_ms@$RATE/s" "tracing $side" "$rep" "$p99"
    echo "    rep $rep tracing $side: $rps req/s; at $RATE req/s p50 $p50 ms, p99 $p99 ms ($r)"
    stop_all_instances
  done
done

python3 - "$csv" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
def med(m, s):
    v = [float(r["value"]) for r in rows if r["metric"].startswith(m) and r["side"] == s]
    return statistics.median(v) if v else float("nan")
on, off = med("throughput", "tracing on"), med("throughput", "tracing off")
print(f"\ntracing at 100 % costs {100 * (1 - on / off):.1f} % of the throughput "
      f"(median {on:.0f} vs {off:.0f} req/s); p99 {med('latency_p99', 'tracing on'):.2f} vs {med('latency_p99', 'tracing off'):.2f} ms")
PY
chart tracing-overhead "$csv"
summary "$csv"
echo "raw: $csv"
