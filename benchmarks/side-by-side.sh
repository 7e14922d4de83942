#!/usr/bin/env bash
# Side by side: the same benchmark scenarios against two builds of the platform (two git worktrees, jars built),
# alternating sides in one run: for each round, side A (./platform up from its worktree, warm-up, the scenarios,
# ./platform down), then side B the same. Each side holds the platform ports' lock (flock) from before its `up` to
# after its `down`, so it never overlaps another run of the platform on this machine.
#
#   benchmarks/side-by-side.sh old=/work/wt-old new=/work/wt-new
#
# Round 0 (BENCH_SIDE_PREPARE=1, the default) only starts and stops each side, last side first: the sides share
# PostgreSQL's databases, so every side's Flyway migrations are applied before any measurement and all rounds of
# both sides run on the same schema (a build without a newer migration ignores it: Flyway's "*:future").
# Before each `down` the outbox is drained (no pending row is left for the other side's relay).
#
# Knobs (environment): BENCH_SIDE_ROUNDS (3), BENCH_SIDE_SCENARIOS ("event-lag order-placement": scripts under
# benchmarks/ of each worktree), BENCH_SIDE_WARMUP_SECONDS (60) and BENCH_SIDE_WARMUP_RATE (20 orders/s) after
# each `up`, BENCH_SIDE_PREPARE (1), BENCH_SIDE_OUT (the combined results; default
# benchmarks/results/side-by-side-<time>/ next to this script), BENCH_SIDE_LOCK (/tmp/platform-ports.lock),
# BENCH_SIDE_LOCK_WAIT (seconds, 1800). Every scenario knob (BENCH_REPS, default 1 here; BENCH_LAG_RATES,
# BENCH_RATES, BENCH_STEP_SECONDS, ...) is passed to both sides unchanged.
# Writes: each scenario's own CSV and chart in <worktree>/benchmarks/results/<time>/, and in BENCH_SIDE_OUT:
# combined.csv (every row of every scenario CSV with label, commit, round, scenario, results directory),
# summary.md (median, min-max over the rounds per label), runs.csv (one line per side: times, lock wait, status,
# outbox and not-notified checks), loadavg.log (every 10 s), top.log (the busiest processes every minute), logs/.
set -uo pipefail

[ $# -ge 1 ] || { echo "usage: $0 <label>=<worktree> [<label>=<worktree>...]" >&2; exit 2; }
LABELS=() DIRS=()
for arg in "$@"; do
  label="${arg%%=*}" dir="${arg#*=}"
  [ -n "$label" ] && [ "$label" != "$arg" ] && [ -x "$dir/platform" ] || { echo "not <label>=<worktree with ./platform>: $arg" >&2; exit 2; }
  LABELS+=("$label"); DIRS+=("$(cd "$dir" && pwd)")
done

ROUNDS="${BENCH_SIDE_ROUNDS:-3}"
SCENARIOS="${BENCH_SIDE_SCENARIOS:-event-lag order-placement}"
WARMUP_SECONDS="${BENCH_SIDE_WARMUP_SECONDS:-60}"
WARMUP_RATE="${BENCH_SIDE_WARMUP_RATE:-20}"
PREPARE="${BENCH_SIDE_PREPARE:-1}"
LOCK="${BENCH_SIDE_LOCK:-/tmp/platform-ports.lock}"
LOCK_WAIT="${BENCH_SIDE_LOCK_WAIT:-1800}"
OUT="${BENCH_SIDE_OUT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/benchmarks/results/side-by-side-$(date -u +%Y%m%dT%H%M%SZ)}"
export BENCH_REPS="${BENCH_REPS:-1}"
export RATE_LIMIT_REPLENISH_RATE=1000000 RATE_LIMIT_BURST_CAPACITY=1000000 # the gateway's limit out of the way
PORTS="8080 8081 8082 8083 8180 8181 8182 8183 9000 9100 9081 9092 9093"
PG_HOST="${PLATFORM_PG_HOST:-127.0.0.1}" PG_PORT="${PLATFORM_PG_PORT:-5432}" PG_USER="${PLATFORM_PG_USER:-postgres}"
export PGPASSWORD="${PLATFORM_PG_PASSWORD:-postgres}"

mkdir -p "$OUT/logs"
OUT="$(cd "$OUT" && pwd)"
log() { printf '%s [side-by-side] %s\n' "$(date -u +%H:%M:%S)" "$*" | tee -a "$OUT/run.log"; }
psql_() { psql -X -q -A -t -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$@"; }
busy_ports() { local p b=""; for p in $PORTS; do (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && b="$b $p"; done; echo "${b# }"; }

# The jars of every side must be built and current: ./platform up would otherwise build while holding the lock
for i in "${!DIRS[@]}"; do
  for m in auth-server customer-service order-service notification-service gateway; do
    jar="${DIRS[$i]}/$m/target/$m-0.1.0-SNAPSHOT.jar"
    [ -f "$jar" ] || { echo "${LABELS[$i]}: $jar is missing: ./mvnw -q package -DskipTests in ${DIRS[$i]} first" >&2; exit 1; }
    newer="$(cd "${DIRS[$i]}" && find "$m" pom.xml platform-bom contracts platform-*spring-boot-starter -name target -prune \
      -o -type f -newer "$jar" -print 2>/dev/null | head -n 1)"
    [ -z "$newer" ] || { echo "${LABELS[$i]}: $jar is older than $newer: rebuild first" >&2; exit 1; }
  done
done

# Load average every 10 s, the busiest processes every minute (other builds on the machine show up there)
(while :; do echo "$(date -u +%FT%TZ) $(cut -d' ' -f1-3 /proc/loadavg)"; sleep 10; done) >>"$OUT/loadavg.log" &
LOAD_PID=$!
(while :; do { echo "== $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)"
  ps -eo pid,pcpu,etimes,args --sort=-pcpu | head -n 8 | cut -c1-200; } ; sleep 60; done) >>"$OUT/top.log" &
TOP_PID=$!
trap 'kill "$LOAD_PID" "$TOP_PID" 2>/dev/null' EXIT

echo "label,commit,round,started_utc,lock_wait_s,status,pending_outbox_before,pending_outbox_after,confirmed_not_notified_at_end,results_dir" >"$OUT/runs.csv"
: >"$OUT/sides.txt"

# The orders of this side (since $1) that are CONFIRMED and have no ORDER_PLACED notification yet
not_notified_since() {
  psql_ -d order_service -c "select id from orders where created_at >= '$1' and status = 'CONFIRMED'" | sort >"$OUT/.orders"
  psql_ -d notification_service -c "select order_id from notification where created_at >= '$1' and type = 'ORDER_PLACED'" | sort -u >"$OUT/.notes"
  comm -23 "$OUT/.orders" "$OUT/.notes" | grep -c . ; rm -f "$OUT/.orders" "$OUT/.notes"
}
pending_outbox() { psql_ -d order_service -c "select count(*) from outbox_event where published_at is null" 2>/dev/null || echo "?"; }

warm_up() { # in the side's worktree: orders through the gateway at WARMUP_RATE for WARMUP_SECONDS (two customers)
  bash -c '
    set -euo pipefail
    . benchmarks/lib.sh
    b1="$(mktemp)"; b2="$(mktemp)"
    for b in "$b1" "$b2"; do
      id="$(new_customer "$GATEWAY")"
      echo "{\"customerId\":\"$id\",\"items\":[{\"sku\":\"BENCH-WARM\",\"quantity\":1,\"unitPrice\":1.00}]}" >"$b"
    done
    refresh_token "$GATEWAY/api/orders"
    python3 benchmarks/load.py "$1" "$2" POST "$GATEWAY/api/orders" "${LOAD_AUTH_ARGS[@]}" --body-file "$b1" --body-file "$b2"
    rm -f "$b1" "$b2"' warm-up "$WARMUP_RATE" "$WARMUP_SECONDS"
}

# run_side <index> <round>: one side under the ports' lock; round 0 only starts and stops it
run_side() {
  local i="$1" round="$2" label="${LABELS[$1]}" dir="${DIRS[$1]}" commit t0 waited results="" status=ok
  commit="$(git -C "$dir" rev-parse --short HEAD)"
  t0=$SECONDS
  log "round $round, $label ($commit, $dir): waiting for $LOCK"
  exec 9>>"$LOCK"
  if ! flock -w "$LOCK_WAIT" 9; then
    log "round $round, $label: lock not free within ${LOCK_WAIT}s; side skipped"
    echo "$label,$commit,$round,$(date -u +%FT%TZ),$((SECONDS - t0)),lock-timeout,,,," >>"$OUT/runs.csv"
    exec 9>&-
    return 1
  fi
  waited=$((SECONDS - t0))
  local started since before after nn=""
  started="$(date -u +%FT%TZ)"
  since="$(psql_ -d order_service -c "select clock_timestamp()")"
  before="$(pending_outbox)"
  (
    cd "$dir" || exit 1
    side_down() {
      log "round $round, $label: ./platform down"
      ./platform down >>"$OUT/logs/r$round-$label.platform.log" 2>&1 || log "round $round, $label: ./platform down failed (exit $?)"
      local b; b="$(busy_ports)"
      [ -z "$b" ] && log "round $round, $label: ports free" || log "round $round, $label: STILL BUSY after down: $b"
      mkdir -p "$OUT/logs/r$round-$label"; cp .platform/logs/*.log "$OUT/logs/r$round-$label/" 2>/dev/null || true
    }
    trap side_down EXIT
    trap 'exit 130' INT TERM
    b="$(busy_ports)"
    if [ -n "$b" ]; then log "round $round, $label: ports busy before up ($b): something runs the platform without the lock"; trap - EXIT; exit 3; fi
    log "round $round, $label: ./platform up (lock wait ${waited}s, load $(cut -d' ' -f1-3 /proc/loadavg))"
    ./platform up >>"$OUT/logs/r$round-$label.platform.log" 2>&1 || { log "round $round, $label: ./platform up FAILED"; exit 4; }
    [ "$round" = 0 ] && exit 0
    log "round $round, $label: warm-up ${WARMUP_SECONDS}s at ${WARMUP_RATE} orders/s: $(warm_up 2>>"$OUT/logs/r$round-$label.platform.log" | tail -n 1)"
    BENCH_OUT="$dir/benchmarks/results/$(date -u +%Y%m%dT%H%M%SZ)"
    export BENCH_OUT
    echo "$BENCH_OUT" >"$OUT/.results"
    rc=0
    for s in $SCENARIOS; do
      log "round $round, $label: $s (load $(cut -d' ' -f1-3 /proc/loadavg))"
      "benchmarks/$s.sh" >>"$OUT/logs/r$round-$label.$s.log" 2>&1 || { log "round $round, $label: $s FAILED"; rc=5; }
    done
    # Nothing left in the outbox for the next side's relay (they share the database)
    for _ in $(seq 1 60); do [ "$(pending_outbox)" = 0 ] && break; sleep 1; done
    exit "$rc"
  )
  case $? in 0) ;; 3) status=ports-busy ;; 4) status=up-failed ;; 5) status=scenario-failed ;; *) status="failed" ;; esac
  flock -u 9; exec 9>&-
  after="$(pending_outbox)"
  if [ "$round" != 0 ]; then
    results="$(cat "$OUT/.results" 2>/dev/null)"; rm -f "$OUT/.results"
    nn="$(not_notified_since "$since")"
    [ -n "$results" ] && echo "$label $commit $round $results" >>"$OUT/sides.txt"
  fi
  echo "$label,$commit,$round,$started,$waited,$status,$before,$after,$nn,$results" >>"$OUT/runs.csv"
  log "round $round, $label: $status in $((SECONDS - t0 - waited))s; outbox pending before/after $before/$after; confirmed orders without a notification at the end: ${nn:--}"
}

log "sides: $(for i in "${!LABELS[@]}"; do printf '%s=%s (%s) ' "${LABELS[$i]}" "${DIRS[$i]}" "$(git -C "${DIRS[$i]}" rev-parse --short HEAD)"; done)"
log "rounds $ROUNDS, scenarios: $SCENARIOS; BENCH_REPS=$BENCH_REPS $(env | grep -E '^BENCH_(LAG|RATES|STEP|P99|PGBENCH|CUSTOMERS)' | sort | tr '\n' ' ')"
if [ "$PREPARE" = 1 ]; then
  for ((i = ${#LABELS[@]} - 1; i >= 0; i--)); do run_side "$i" 0; done
fi
for round in $(seq 1 "$ROUNDS"); do
  for i in "${!LABELS[@]}"; do run_side "$i" "$round"; done
done

# combined.csv: every row of every scenario CSV with where it came from; summary.md: median (min-max) per label
echo "label,commit,round,scenario,metric,side,repetition,value,load1,load5,load15,results_dir" >"$OUT/combined.csv"
while read -r label commit round results; do
  for s in $SCENARIOS; do
    [ -f "$results/$s.csv" ] || continue
    tail -n +2 "$results/$s.csv" | sed "s|^|$label,$commit,$round,$s,|; s|\$|,$results|" >>"$OUT/combined.csv"
  done
done <"$OUT/sides.txt"
python3 - "$OUT/combined.csv" "${LABELS[@]}" >"$OUT/summary.md" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
labels = sys.argv[2:]
keys = []
for r in rows:
    k = (r["scenario"], r["metric"], r["side"])
    if k not in keys: keys.append(k)
def fmt(v):
    return f"{v:.0f}" if abs(v) >= 100 else f"{v:.1f}" if abs(v) >= 10 else f"{v:.3g}"
print("| scenario | metric | side | " + " | ".join(f"{l}: median (min-max), n" for l in labels) + " |")
print("|---|---|---|" + "---|" * len(labels))
for k in keys:
    cells = []
    for l in labels:
        v = [float(r["value"]) for r in rows if (r["scenario"], r["metric"], r["side"]) == k and r["label"] == l
             and r["value"] not in ("", "nan")]
        cells.append(f"{fmt(statistics.median(v))} ({fmt(min(v))}-{fmt(max(v))}), {len(v)}" if v else "-")
    print(f"| {k[0]} | {k[1]} | {k[2]} | " + " | ".join(cells) + " |")
loads = [float(r["load1"]) for r in rows if r["load1"]]
if loads:
    print(f"\n1-minute load average in the scenario rows: {min(loads):.1f}-{max(loads):.1f} (median {statistics.median(loads):.1f})")
PY
log "done: $OUT/combined.csv, $OUT/summary.md, $OUT/runs.csv"
cat "$OUT/summary.md"
