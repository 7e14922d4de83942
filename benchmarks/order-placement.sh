#!/usr/bin/env bash
# Scenario 2 of the benchmark harness: order placement end to end through the gateway, against the physical
# limit of the same writes in PostgreSQL, side by side in one run.
#   - platform: POST /api/orders through the gateway (JWT, rate limit, routing) -> order-service -> gRPC credit
#     reservation in customer-service (its own transaction) -> order + line + outbox row in one transaction.
#     A ladder of fixed rates (open loop, benchmarks/load.py); the highest rate whose p99 <= BENCH_P99_TARGET_MS
#     with no errors and at least 95 % of the offered rate served is the sustainable rate.
#   - PostgreSQL: pgbench with the same INSERTs in one transaction (benchmarks/sql/order-placement.pgbench) on a
#     scratch database built from order-service's own Flyway migrations; closed loop, its maximum.
# Alternates the two sides per repetition. Result: sustainable rate as a fraction of the pgbench limit.
# Needs the platform running (./platform up). Writes benchmarks/results/<time>/order-placement.{csv,png}.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RATES="${BENCH_RATES:-5 10 20 40 80 120 160 240 320}"
REPS="${BENCH_REPS:-3}"
SECONDS_PER_STEP="${BENCH_STEP_SECONDS:-15}"
P99_TARGET="${BENCH_P99_TARGET_MS:-50}"
PGBENCH_CLIENTS="${BENCH_PGBENCH_CLIENTS:-8}"
CUSTOMERS="${BENCH_CUSTOMERS:-4}"     # orders are spread over this many customers (one hey process each)
SCRATCH_DB="bench_order_placement"

need hey hey
need curl curl
need pgbench postgresql-client
need psql postgresql-client
require_up "$GATEWAY"

out="$(results_dir)"
csv="$out/order-placement.csv"
csv_header "$csv"
psql_() { psql -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$@"; }

# --- PostgreSQL side: a scratch database with order-service's schema, from its Flyway migrations in version order
say "scratch database $SCRATCH_DB from order-service's migrations"
psql_ -d postgres -c "drop database if exists $SCRATCH_DB" -c "create database $SCRATCH_DB" >/dev/null
for f in $(ls "$BENCH_ROOT"/order-service/src/main/resources/db/migration/V*__*.sql | sort -t V -k2 -n); do
  psql_ -d "$SCRATCH_DB" -f "$f" >/dev/null
done
pg_limit() { # transactions per second of the order writes, closed loop
  pgbench -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -n -M prepared -c "$PGBENCH_CLIENTS" -j 2 -T "$SECONDS_PER_STEP" \
    -f "$BENCH_ROOT/benchmarks/sql/order-placement.pgbench" "$SCRATCH_DB" 2>/dev/null |
    awk '/^tps = / {print $3; exit}'
}

# --- platform side: customers with credit for the whole run, one request body per customer
refresh_token "$GATEWAY/api/orders"
bodies=()
for i in $(seq 1 "$CUSTOMERS"); do
  id="$(new_customer "$GATEWAY")"
  f="$out/order-body-$i.json"
  echo "{\"customerId\":\"$id\",\"items\":[{\"sku\":\"BENCH-MUG\",\"quantity\":2,\"unitPrice\":19.99}]}" >"$f"
  bodies+=(--body-file "$f")
done
place_orders() { # place_orders <rate>: JSON line of load.py
  refresh_token "$GATEWAY/api/orders"
  python3 "$BENCH_ROOT/benchmarks/load.py" "$1" "$SECONDS_PER_STEP" POST "$GATEWAY/api/orders" \
    "${LOAD_AUTH_ARGS[@]}" "${bodies[@]}"
}
field() { python3 -c 'import json,sys; v=json.loads(sys.argv[1]).get(sys.argv[2]); print("" if v is None else v)' "$1" "$2"; }

say "warm-up: 20 s at the lowest rate through the gateway, one pgbench run"
BENCH_WARM="$(SECONDS_PER_STEP=20 place_orders "${RATES%% *}")"
pg_limit >/dev/null

for rep in $(seq 1 "$REPS"); do
  tps="$(pg_limit)"
  csv_row "$csv" pgbench_tps postgresql "$rep" "$tps"
  say "rep $rep: pgbench (same writes, $PGBENCH_CLIENTS clients) $tps tx/s"
  best=0
  for rate in $RATES; do
    r="$(place_orders "$rate")"
    achieved="$(field "$r" achieved)"; p50="$(field "$r" p50_ms)"; p99="$(field "$r" p99_ms)"; errors="$(field "$r" errors)"
    csv_row "$csv" "achieved_per_s@$rate" platform "$rep" "$achieved"
    csv_row "$csv" "p99_ms@$rate" platform "$rep" "$p99"
    csv_row "$csv" "p50_ms@$rate" platform "$rep" "$p50"
    echo "    offered $rate/s: served $achieved/s, p50 $p50 ms, p99 $p99 ms, errors $errors $(field "$r" statuses)"
    if python3 -c "import sys; a,r,p,e,t=map(float,sys.argv[1:]); sys.exit(0 if (e==0 and a>=0.95*r and p<=t) else 1)" \
      "$achieved" "$rate" "$p99" "$errors" "$P99_TARGET"; then
      best="$rate"
    else
      # two steps over the target say enough; higher rates only queue
      if python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) > 4*float(sys.argv[2]) else 1)" "$p99" "$P99_TARGET"; then break; fi
    fi
  done
  csv_row "$csv" sustainable_orders_per_s platform "$rep" "$best"
  csv_row "$csv" fraction_of_pg_limit platform "$rep" "$(python3 -c "import sys; print(round(float(sys.argv[1])/float(sys.argv[2]),4))" "$best" "$tps")"
  say "rep $rep: highest rate with p99 <= $P99_TARGET ms: $best orders/s"
done

rm -f "$out"/order-body-*.json
psql_ -d postgres -c "drop database if exists $SCRATCH_DB" >/dev/null
# The per-rate rows are long; the chart shows the headline metrics and p99 over the offered rate
python3 - "$csv" "$out/order-placement-chart.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
w = csv.DictWriter(open(sys.argv[2], "w", newline=""), fieldnames=rows[0].keys())
w.writeheader()
for r in rows:
    if r["metric"].startswith("p99_ms@"):
        w.writerow({**r, "metric": "p99 ms by offered rate (platform)", "side": r["metric"].split("@")[1]})
    elif r["metric"].startswith("achieved_per_s@"):
        w.writerow({**r, "metric": "served orders/s by offered rate", "side": r["metric"].split("@")[1]})
    elif not "@" in r["metric"]:
        w.writerow(r)
PY
chart order-placement "$out/order-placement-chart.csv"
mv "$out/order-placement-chart.png" "$out/order-placement.png" 2>/dev/null || true
rm -f "$out/order-placement-chart.csv"
summary "$csv" | grep -v '@'
echo "raw: $csv"
