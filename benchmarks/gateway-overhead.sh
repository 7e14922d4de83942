#!/usr/bin/env bash
# Scenario 1 of the benchmark harness: what the gateway costs, measured side by side in one run.
#   - throughput (closed loop, wrk): GET /api/customers/{id} through the gateway vs straight to customer-service,
#     alternating sides, after a warm-up, REPS repetitions each; reports the median and the spread
#   - latency at a fixed rate below saturation (benchmarks/load.py, open loop): p50 and p99 through the gateway
#     vs direct
# With the bearer JWT of issue 5 when the API asks for one (both sides: the service validates it too), and the
# gateway's rate limit must be out of the way (RATE_LIMIT_REPLENISH_RATE / RATE_LIMIT_BURST_CAPACITY, see
# docs/benchmarks.md): a 429 in the results means it was not.
# Needs the platform running (./platform up). Writes benchmarks/results/<time>/gateway-overhead.{csv,png}.
# Never part of ./mvnw verify: load generator and services share this machine's cores, so read the
# figures as a comparison of the two sides, not as absolute capacity.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DIRECT="$CUSTOMER"
DURATION="${BENCH_DURATION:-10s}"
WARMUP_SECONDS="${BENCH_WARMUP_SECONDS:-60}"   # C2 compiles for minutes on 2 busy cores: see docs/benchmarks.md
REPS="${BENCH_REPS:-3}"
CONNECTIONS="${BENCH_CONNECTIONS:-16}"
RATE="${BENCH_RATE:-200}"          # requests per second for the latency runs
RATE_SECONDS="${BENCH_RATE_SECONDS:-15}"

need wrk wrk
need hey hey
need curl curl
require_up "$DIRECT" "$GATEWAY"

# One customer to read; the request and the response are the same on both sides
customer_id="$(new_customer "$DIRECT" 100)"
path="/api/customers/$customer_id"

out="$(results_dir)"
csv="$out/gateway-overhead.csv"
csv_header "$csv"

throughput() { # throughput <url>: requests/s of one wrk run (non-2xx answers are reported, not counted)
  refresh_token "$1"
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" "${AUTH_ARGS[@]}" "$1" |
    awk '/Non-2xx/ {bad=$NF} /requests in/ {n=$1; s=$4+0} END {printf "%.2f %d\n", (n-bad)/s, bad}'
}

echo "warm-up (${WARMUP_SECONDS}s each side)"
refresh_token "$DIRECT$path"
wrk -t2 -c"$CONNECTIONS" -d"${WARMUP_SECONDS}s" "${AUTH_ARGS[@]}" "$DIRECT$path" >/dev/null
refresh_token "$GATEWAY$path"
wrk -t2 -c"$CONNECTIONS" -d"${WARMUP_SECONDS}s" "${AUTH_ARGS[@]}" "$GATEWAY$path" >/dev/null

for rep in $(seq 1 "$REPS"); do
  read -r d dbad < <(throughput "$DIRECT$path"); read -r g gbad < <(throughput "$GATEWAY$path")
  csv_row "$csv" throughput direct "$rep" "$d"; csv_row "$csv" throughput gateway "$rep" "$g"
  echo "rep $rep: direct $d req/s, gateway $g req/s (non-2xx: $dbad direct, $gbad gateway)"
done

latency() { # latency <url>: "p50 p99" in ms at a fixed rate
  refresh_token "$1"
  python3 "$BENCH_ROOT/benchmarks/load.py" "$RATE" "$RATE_SECONDS" GET "$1" "${LOAD_AUTH_ARGS[@]}" |
    python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["p50_ms"], r["p99_ms"], r["errors"])'
}
for rep in $(seq 1 "$REPS"); do
  read -r dp50 dp99 derr < <(latency "$DIRECT$path"); read -r gp50 gp99 gerr < <(latency "$GATEWAY$path")
  csv_row "$csv" latency_p50_ms direct "$rep" "$dp50"; csv_row "$csv" latency_p99_ms direct "$rep" "$dp99"
  csv_row "$csv" latency_p50_ms gateway "$rep" "$gp50"; csv_row "$csv" latency_p99_ms gateway "$rep" "$gp99"
  echo "rep $rep at $RATE req/s: direct p50 $dp50 ms p99 $dp99 ms; gateway p50 $gp50 ms p99 $gp99 ms (errors: $derr, $gerr)"
done

summary "$csv"
python3 - "$csv" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
def med(metric, side):
    return statistics.median(float(r["value"]) for r in rows if r["metric"] == metric and r["side"] == side)
print(f"\ngateway/direct throughput ratio: {med('throughput','gateway') / med('throughput','direct'):.2f}")
print(f"latency added by the gateway: p50 +{med('latency_p50_ms','gateway') - med('latency_p50_ms','direct'):.2f} ms, "
      f"p99 +{med('latency_p99_ms','gateway') - med('latency_p99_ms','direct'):.2f} ms")
PY
chart gateway-overhead "$csv"
echo "raw: $csv"
