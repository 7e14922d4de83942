#!/usr/bin/env bash
# Scenario 3 of the benchmark harness: event lag, order committed -> notification stored, at steady rates.
# Orders are placed through the gateway at a fixed rate (benchmarks/load.py); afterwards the lag of every order is
# read from the two databases, on the same clock:
#   order_service.orders.created_at          (set by order-service just before the order's transaction)
#   notification_service.notification.created_at  (clock_timestamp() when the notification row is inserted)
# The path between: outbox row (same transaction) -> OutboxRelay (woken on commit, sends, waits for the ack) ->
# Kafka -> notification-service listener -> REST lookup of the customer's e-mail in customer-service -> insert.
# Two rates (BENCH_LAG_RATES) alternate, REPS repetitions each; p50/p99/max per run and orders never notified.
# Needs the platform running (./platform up). Writes benchmarks/results/<time>/event-lag.{csv,png}.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RATES="${BENCH_LAG_RATES:-10 40}"
REPS="${BENCH_REPS:-3}"
RUN_SECONDS="${BENCH_LAG_SECONDS:-20}"
SETTLE_SECONDS="${BENCH_LAG_SETTLE_SECONDS:-10}"   # after the load: time for the last events to arrive

need hey hey
need curl curl
need psql postgresql-client
require_up "$GATEWAY"
out="$(results_dir)"
csv="$out/event-lag.csv"
csv_header "$csv"
psql_() { psql -X -q -A -t -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$@"; }

customer="$(new_customer "$GATEWAY")"
body="$out/event-lag-body.json"
echo "{\"customerId\":\"$customer\",\"items\":[{\"sku\":\"BENCH-LAG\",\"quantity\":1,\"unitPrice\":1.00}]}" >"$body"

# lag_of_run <since (timestamptz text)>: "p50 p99 max orders notified" in ms for this customer's orders since then
lag_of_run() {
  psql_ -d order_service -F, -c "select id, (extract(epoch from created_at) * 1000)::numeric(20,3) from orders
    where customer_id = '$customer' and created_at >= '$1' and status = 'CONFIRMED'" >"$out/lag-orders.csv"
  psql_ -d notification_service -F, -c "select order_id, (extract(epoch from created_at) * 1000)::numeric(20,3)
    from notification where customer_id = '$customer' and type = 'ORDER_PLACED' and created_at >= '$1'" >"$out/lag-notifications.csv"
  python3 - "$out/lag-orders.csv" "$out/lag-notifications.csv" <<'PY'
import csv, math, sys
orders = {r[0]: float(r[1]) for r in csv.reader(open(sys.argv[1])) if r}
notes = {r[0]: float(r[1]) for r in csv.reader(open(sys.argv[2])) if r}
lags = sorted(notes[o] - t for o, t in orders.items() if o in notes)
def pct(p):
    return lags[min(len(lags) - 1, int(math.ceil(p / 100 * len(lags))) - 1)] if lags else float("nan")
print(f"{pct(50):.1f} {pct(99):.1f} {lags[-1] if lags else float('nan'):.1f} {len(orders)} {len(lags)}")
PY
}

say "warm-up: 15 s at ${RATES%% *} orders/s"
refresh_token "$GATEWAY/api/orders"
python3 "$BENCH_ROOT/benchmarks/load.py" "${RATES%% *}" 15 POST "$GATEWAY/api/orders" "${LOAD_AUTH_ARGS[@]}" --body-file "$body" >/dev/null
sleep 3

for rep in $(seq 1 "$REPS"); do
  for rate in $RATES; do
    since="$(psql_ -d order_service -c "select clock_timestamp()")"
    refresh_token "$GATEWAY/api/orders"
    r="$(python3 "$BENCH_ROOT/benchmarks/load.py" "$rate" "$RUN_SECONDS" POST "$GATEWAY/api/orders" "${LOAD_AUTH_ARGS[@]}" --body-file "$body")"
    sleep "$SETTLE_SECONDS"
    read -r p50 p99 max placed notified < <(lag_of_run "$since")
    csv_row "$csv" "lag_p50_ms" "$rate/s" "$rep" "$p50"
    csv_row "$csv" "lag_p99_ms" "$rate/s" "$rep" "$p99"
    csv_row "$csv" "lag_max_ms" "$rate/s" "$rep" "$max"
    csv_row "$csv" "not_notified_after_${SETTLE_SECONDS}s" "$rate/s" "$rep" "$((placed - notified))"
    echo "    rep $rep at $rate orders/s: $placed confirmed, $notified notified; lag p50 $p50 ms, p99 $p99 ms, max $max ms (load: $r)"
  done
done
rm -f "$out"/lag-orders.csv "$out"/lag-notifications.csv "$body"
chart event-lag "$csv"
summary "$csv"
echo "raw: $csv"
