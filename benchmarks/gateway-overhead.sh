#!/usr/bin/env bash
# Scenario 1 of the benchmark harness: what the gateway costs, measured side by side in one run.
#   - throughput (closed loop, wrk): GET /api/customers/{id} through the gateway vs straight to customer-service,
#     alternating sides, after a warm-up, REPS repetitions each; reports the median and the spread
#   - latency at a fixed rate below saturation (hey -q): p50 and p99 through the gateway vs direct
# Needs the platform running (./platform up). Writes benchmarks/results/<timestamp>/gateway-overhead.csv.
# Never part of ./mvnw verify: load generator and services share this machine's cores, so read the
# figures as a comparison of the two sides, not as absolute capacity.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GATEWAY="${PLATFORM_GATEWAY_URL:-http://127.0.0.1:8080}"
DIRECT="${PLATFORM_CUSTOMER_URL:-http://127.0.0.1:8081}"
DURATION="${BENCH_DURATION:-10s}"
WARMUP="${BENCH_WARMUP:-10s}"
REPS="${BENCH_REPS:-3}"
CONNECTIONS="${BENCH_CONNECTIONS:-16}"
RATE="${BENCH_RATE:-200}"          # requests per second for the latency runs
RATE_SECONDS="${BENCH_RATE_SECONDS:-15}"

need() {
  command -v "$1" >/dev/null 2>&1 && return 0
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    apt-get install -y -q "$2" >/dev/null
  else
    echo "error: $1 is missing (Debian/Ubuntu: apt-get install $2; macOS: brew install $2)" >&2; exit 1
  fi
}
need wrk wrk
need hey hey
need curl curl

curl -fsS -o /dev/null "$GATEWAY/api/customers" -X OPTIONS 2>/dev/null || true
if ! curl -fsS -o /dev/null "$DIRECT/readyz" || ! curl -fsS -o /dev/null "$GATEWAY/readyz"; then
  echo "error: the platform is not running: ./platform up" >&2; exit 1
fi

# One customer to read; the request and the response are the same on both sides
customer_id="$(curl -fsS -H 'Content-Type: application/json' "$DIRECT/api/customers" \
  -d "{\"name\":\"Bench\",\"email\":\"bench-$(date +%s%N)@example.com\",\"creditLimit\":100}" |
  sed -E 's/.*"id":"([^"]+)".*/\1/')"
path="/api/customers/$customer_id"

out="$ROOT/benchmarks/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
csv="$out/gateway-overhead.csv"
echo "metric,side,repetition,value" > "$csv"

throughput() { # throughput <url>: requests/s of one wrk run
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$1" | awk '/Requests\/sec/ {print $2}'
}

echo "warm-up ($WARMUP each side)"
wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" "$DIRECT$path" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" "$GATEWAY$path" >/dev/null

for rep in $(seq 1 "$REPS"); do
  d="$(throughput "$DIRECT$path")"; g="$(throughput "$GATEWAY$path")"
  echo "throughput,direct,$rep,$d" >> "$csv"; echo "throughput,gateway,$rep,$g" >> "$csv"
  echo "rep $rep: direct $d req/s, gateway $g req/s"
done

latency() { # latency <url>: "p50 p99" in ms at a fixed rate (RATE req/s from 4 workers)
  hey -z "${RATE_SECONDS}s" -c 4 -q $((RATE / 4)) "$1" |
    awk '/50% in/ {p50=$3*1000} /99% in/ {p99=$3*1000} END {printf "%.2f %.2f\n", p50, p99}'
}
for rep in $(seq 1 "$REPS"); do
  read -r dp50 dp99 < <(latency "$DIRECT$path"); read -r gp50 gp99 < <(latency "$GATEWAY$path")
  printf 'latency_p50_ms,direct,%s,%s\nlatency_p99_ms,direct,%s,%s\nlatency_p50_ms,gateway,%s,%s\nlatency_p99_ms,gateway,%s,%s\n' \
    "$rep" "$dp50" "$rep" "$dp99" "$rep" "$gp50" "$rep" "$gp99" >> "$csv"
  echo "rep $rep at $RATE req/s: direct p50 $dp50 ms p99 $dp99 ms; gateway p50 $gp50 ms p99 $gp99 ms"
done

# Summary: median and spread (min-max) per metric and side, the throughput ratio and the added latency
python3 - "$csv" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
def values(metric, side):
    return [float(r["value"]) for r in rows if r["metric"] == metric and r["side"] == side]
print(f"\n{'metric':16} {'side':8} {'median':>10} {'min':>10} {'max':>10}")
med = {}
for metric in ("throughput", "latency_p50_ms", "latency_p99_ms"):
    for side in ("direct", "gateway"):
        v = values(metric, side)
        med[(metric, side)] = statistics.median(v)
        print(f"{metric:16} {side:8} {statistics.median(v):10.2f} {min(v):10.2f} {max(v):10.2f}")
print(f"\ngateway/direct throughput ratio: {med[('throughput','gateway')] / med[('throughput','direct')]:.2f}")
print(f"latency added by the gateway: p50 +{med[('latency_p50_ms','gateway')] - med[('latency_p50_ms','direct')]:.2f} ms, "
      f"p99 +{med[('latency_p99_ms','gateway')] - med[('latency_p99_ms','direct')]:.2f} ms")
PY
echo "raw: $csv"
