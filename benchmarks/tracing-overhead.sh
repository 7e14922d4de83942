#!/usr/bin/env bash
# Scenario 5 of the benchmark harness: what tracing costs, 100 % sampling (the platform default) vs tracing off
# (sampling probability 0), side by side in one run.
# The path traced: GET /api/customers/{id} through a gateway to customer-service (two services, two spans and
# propagation). Two such pairs run side by side as dedicated benchmark instances from the built jars, next to the
# platform: "on" (ports 18080/18081, MANAGEMENT_TRACING_SAMPLING_PROBABILITY=1.0) and "off" (20080/20081, 0.0).
# Both stay up for the whole run, so both get the same long JIT warm-up (C2 takes minutes on 2 cores: restarting a
# pair per side made the warm-up, not tracing, the difference); then the sides alternate (on, off, on, off, ...),
# only one under load at a time. Per side and repetition: throughput (wrk, closed loop) and latency at a fixed
# rate below saturation (benchmarks/load.py: p50, p99). No OTLP export on either side (as locally).
# Writes benchmarks/results/<time>/tracing-overhead.{csv,png}.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

REPS="${BENCH_REPS:-5}"
DURATION="${BENCH_DURATION:-10s}"
WARMUP_SECONDS="${BENCH_WARMUP_SECONDS:-120}"  # per side, alternating in two halves
CONNECTIONS="${BENCH_CONNECTIONS:-16}"
RATE="${BENCH_RATE:-100}"
RATE_SECONDS="${BENCH_RATE_SECONDS:-15}"
JAVA_OPTS="${BENCH_JAVA_OPTS:--XX:+UseG1GC -Xmx256m}"   # C2 on: a long-running comparison, not a startup one
export BENCH_KAFKA="${BENCH_KAFKA:-127.0.0.1:1}"   # customer-service's consumer stays out of the platform's group

need wrk wrk
need hey hey
need curl curl
find_java
require_up "${PLATFORM_AUTH_URL:-http://127.0.0.1:9000}"
check_bench_ports customer-service gateway
BENCH_PORT_OFFSET=2000 check_bench_ports customer-service gateway
for s in customer-service gateway; do
  [ -f "$BENCH_ROOT/$s/target/$s-0.1.0-SNAPSHOT.jar" ] || die "$s jar missing: build it first"
done
out="$(results_dir)"
csv="$out/tracing-overhead.csv"
csv_header "$csv"
trap 'stop_all_instances' EXIT
OFF_OFFSET=2000
gateway_of() { [ "$1" = on ] && echo "http://127.0.0.1:$(bench_port gateway)" || echo "http://127.0.0.1:$(BENCH_PORT_OFFSET=$OFF_OFFSET bench_port gateway)"; }

start_pair() { # start_pair <on|off>: customer-service, then the gateway of that side
  local side="$1" s p=1.0 offset=0
  if [ "$side" = off ]; then p=0.0; offset=$OFF_OFFSET; fi
  BENCH_EXTRA_ENV=("MANAGEMENT_TRACING_SAMPLING_PROBABILITY=$p")
  for s in customer-service gateway; do
    # shellcheck disable=SC2086
    BENCH_PORT_OFFSET=$offset start_instance "$s" "$out/tracing-$s-$side.log" $JAVA_OPTS -jar "$BENCH_ROOT/$s/target/$s-0.1.0-SNAPSHOT.jar"
    BENCH_PORT_OFFSET=$offset wait_ready_ms "$s" "$INSTANCE_PID" "$INSTANCE_T0" >/dev/null || die "$s did not start (log $out/tracing-$s-$side.log)"
  done
  BENCH_EXTRA_ENV=()
}
start_pair on
start_pair off
# One customer in the shared database, read through both pairs
path="/api/customers/$(new_customer "http://127.0.0.1:$(bench_port customer-service)")"
half=$((WARMUP_SECONDS / 2))
echo "warm-up: ${WARMUP_SECONDS}s per side, in two alternating halves"
for round in 1 2; do
  for side in on off; do
    refresh_token "$(gateway_of "$side")$path"
    wrk -t2 -c"$CONNECTIONS" -d"${half}s" "${AUTH_ARGS[@]}" "$(gateway_of "$side")$path" >/dev/null
  done
done

for rep in $(seq 1 "$REPS"); do
  for side in on off; do
    gw="$(gateway_of "$side")"
    refresh_token "$gw$path"
    rps="$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" "${AUTH_ARGS[@]}" "$gw$path" | awk '/Requests\/sec/ {print $2}')"
    r="$(python3 "$BENCH_ROOT/benchmarks/load.py" "$RATE" "$RATE_SECONDS" GET "$gw$path" "${LOAD_AUTH_ARGS[@]}")"
    p50="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["p50_ms"])' "$r")"
    p99="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["p99_ms"])' "$r")"
    csv_row "$csv" throughput "tracing $side" "$rep" "$rps"
    csv_row "$csv" "latency_p50_ms@$RATE/s" "tracing $side" "$rep" "$p50"
    csv_row "$csv" "latency_p99_ms@$RATE/s" "tracing $side" "$rep" "$p99"
    echo "    rep $rep tracing $side: $rps req/s; at $RATE req/s p50 $p50 ms, p99 $p99 ms ($r)"
  done
done
stop_all_instances

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
