# Shared helpers of the benchmark scenarios (sourced, not run). Never part of ./mvnw verify.
# The general ones (say, die, need, call, http_status, port_open, json_field, select_jdk, PG_*) are ./platform's,
# from tools/platform/common.sh.
# shellcheck shell=bash

# shellcheck source=tools/platform/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/../tools/platform/common.sh"
BENCH_ROOT="$ROOT"
GATEWAY="${PLATFORM_GATEWAY_URL:-http://127.0.0.1:8080}"
CUSTOMER="${PLATFORM_CUSTOMER_URL:-http://127.0.0.1:8081}"
ORDER="${PLATFORM_ORDER_URL:-http://127.0.0.1:8082}"
NOTIFICATION="${PLATFORM_NOTIFICATION_URL:-http://127.0.0.1:8083}"
export PGPASSWORD="$PG_PASSWORD"

# chart <scenario> <csv>: renders <csv without .csv>.png (benchmarks/chart.py) with a Python that has matplotlib;
# never fails the run
CHART_PYTHON=""
chart() {
  if [ -z "$CHART_PYTHON" ] && ! CHART_PYTHON="$(matplotlib_python)"; then
    warn "no charts: matplotlib is missing (Debian/Ubuntu: apt-get install python3-matplotlib; elsewhere: pip install matplotlib)"
    return 0
  fi
  "$CHART_PYTHON" "$BENCH_ROOT/benchmarks/chart.py" "$1" "$2" "${2%.csv}.png" || echo "warning: chart of $2 failed" >&2
}

# The results directory of this run: benchmarks/results/<UTC time>/ (one per `./platform bench` call, shared by `all`)
results_dir() {
  if [ -z "${BENCH_OUT:-}" ]; then
    BENCH_OUT="$BENCH_ROOT/benchmarks/results/$(date -u +%Y%m%dT%H%M%SZ)"
    export BENCH_OUT
  fi
  mkdir -p "$BENCH_OUT"
  BENCH_OUT="$(cd "$BENCH_OUT" && pwd)" # absolute: scenario 4 runs its JVMs from another directory
  export BENCH_OUT
  echo "$BENCH_OUT"
}

# Load averages (1, 5, 15 min) as three CSV fields: every row says how busy the machine was
load_fields() { awk '{printf "%s,%s,%s", $1, $2, $3}' /proc/loadavg 2>/dev/null || echo ",,"; }

# csv_header <file>: the one CSV layout of every scenario
csv_header() { echo "metric,side,repetition,value,load1,load5,load15" >"$1"; }
# csv_row <file> <metric> <side> <repetition> <value>
csv_row() { echo "$2,$3,$4,$5,$(load_fields)" >>"$1"; }

# ---- access tokens (issue 5: the API may require a bearer JWT; scripts work with and without) ----
# AUTH_ARGS (common.sh, sent by call): extra header arguments for curl/wrk/hey: empty, or -H "Authorization: Bearer ..."
LOAD_AUTH_ARGS=()  # the same for benchmarks/load.py: empty, or --header "Authorization: Bearer ..."
TOKEN_AT=0
# refresh_token <probe url>: when the probe answers 401 without a token, fetch one (client credentials, valid 5 min;
# refreshed after 4 min) and put it in AUTH_ARGS
refresh_token() {
  local probe="$1" status
  if [ ${#AUTH_ARGS[@]} -gt 0 ] && ((SECONDS - TOKEN_AT < 240)); then return 0; fi
  if [ ${#AUTH_ARGS[@]} -eq 0 ]; then
    status="$(http_status "$probe" 5)"
    [ "$status" = 401 ] || return 0
  fi
  local token
  token="$("$BENCH_ROOT/platform" token --client 2>/dev/null | tail -n 1)"
  [ -n "$token" ] || die "the API wants a token (401 at $probe) and ./platform token --client gave none"
  AUTH_ARGS=(-H "Authorization: Bearer $token")
  LOAD_AUTH_ARGS=(--header "Authorization: Bearer $token")
  TOKEN_AT=$SECONDS
}

# A fresh customer (through the given base URL) with a large credit limit; prints its id
new_customer() {
  local base="$1" limit="${2:-100000000}" body id
  refresh_token "$base/api/customers"
  call POST "$base/api/customers" \
    "{\"name\":\"Bench\",\"email\":\"bench-$(date +%s%N)-$RANDOM@example.com\",\"creditLimit\":$limit}" >&2
  body="$RESPONSE_BODY"
  [ "$RESPONSE_STATUS" = 201 ] || die "POST $base/api/customers answered $RESPONSE_STATUS: $body"
  id="$(json_field "$body" id)"
  [ -n "$id" ] || die "no customer id in: $body"
  echo "$id"
}

require_up() { # require_up <url>...: each must answer /readyz
  local url
  for url in "$@"; do
    [ "$(http_status "$url/readyz" 5)" = 200 ] \
      || die "$url/readyz does not answer 200: start the platform with ./platform up"
  done
}

# summary <csv>: median and min-max per metric and side
summary() {
  python3 - "$1" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
keys = []
for r in rows:
    k = (r["metric"], r["side"])
    if k not in keys: keys.append(k)
print(f"\n{'metric':28} {'side':22} {'median':>10} {'min':>10} {'max':>10}  n  load1 (min-max)")
for m, s in keys:
    sel = [r for r in rows if r["metric"] == m and r["side"] == s and r["value"] not in ("", "nan")]
    v = [float(r["value"]) for r in sel]
    if not v: continue
    loads = [float(r["load1"]) for r in sel if r["load1"]]
    lo = f"{min(loads):.1f}-{max(loads):.1f}" if loads else "-"
    print(f"{m:28} {s:22} {statistics.median(v):10.2f} {min(v):10.2f} {max(v):10.2f} {len(v):2d}  {lo}")
PY
}

# ---- dedicated benchmark instances (scenarios 4 and 5): own ports (18xxx), started and stopped by the script ----
find_java() {
  if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -XX:AOTMode=off -version >/dev/null 2>&1; then
    select_jdk >/dev/null 2>&1 || true
  fi
  JAVA="$JAVA_HOME/bin/java"
  [ -x "$JAVA" ] || die "no JDK found (JAVA_HOME)"
}

# The benchmark instances' ports are the declared ones (platform.yaml, through tools/platform/services.sh) plus
# BENCH_PORT_SHIFT. The declaration is read once, on first use (a JVM start of platform-cli): scripts that start no
# instance never read it. Call load_declared_ports in the main shell before bench_port runs in a $(...) subshell.
BENCH_PORT_SHIFT=10000
load_declared_ports() {
  if ! declare -F port_of >/dev/null; then
    # shellcheck source=tools/platform/services.sh
    . "$BENCH_ROOT/tools/platform/services.sh"
  fi
}

# bench_port <service> -> its HTTP port for benchmark instances (<service>-grpc: its gRPC port); BENCH_PORT_OFFSET
# shifts every port of a second set of instances (scenario 5 runs two side by side)
bench_port() {
  local base
  load_declared_ports
  case "$1" in
    *-grpc) base="$(grpc_port_of "${1%-grpc}")" ;;
    *) base="$(port_of "$1")" ;;
  esac || die "$1 declares no such port in platform.yaml"
  echo $((base + BENCH_PORT_SHIFT + ${BENCH_PORT_OFFSET:-0}))
}

# bench_management_port <service> -> its management port for benchmark instances
bench_management_port() {
  load_declared_ports
  echo $(($(management_port_of "$1") + BENCH_PORT_SHIFT + ${BENCH_PORT_OFFSET:-0}))
}

# The environment of a benchmark instance: like ./platform up's, on the 18xxx ports, talking to the platform's
# auth-server (:9000) and to the other benchmark instances; Redis database 7 for the gateway's rate limit (so it
# never shares buckets with the platform's gateway), rate limit out of the way.
bench_env() {
  local name="$1" port database
  load_declared_ports
  port="$(bench_port "$name")"
  BENCH_ENV=("HTTP_PORT=$port" "MANAGEMENT_PORT=$(bench_management_port "$name")" "PLATFORM_ENVIRONMENT=bench"
    "AUTH_ISSUER_URI=${PLATFORM_AUTH_URL:-http://127.0.0.1:9000}"
    "AUTH_JWK_SET_URI=${PLATFORM_AUTH_URL:-http://127.0.0.1:9000}/oauth2/jwks")
  # Its declared database and, when it publishes or consumes, Kafka
  if database="$(database_of "$name")"; then
    BENCH_ENV+=("DB_URL=jdbc:postgresql://$PG_HOST:$PG_PORT/$database" "DB_USER=$PG_USER" "DB_PASSWORD=$PGPASSWORD")
  fi
  if uses_kafka "$name"; then BENCH_ENV+=("KAFKA_BOOTSTRAP_SERVERS=${BENCH_KAFKA:-127.0.0.1:9092}"); fi
  # order-service only produces (no consumer group to disturb), and waits for the broker when creating its topic at
  # startup: it always gets the real one, else its start time would include the admin client's timeout
  if [ "$name" = order-service ]; then BENCH_ENV+=("KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:9092"); fi
  case "$name" in
    customer-service) BENCH_ENV+=("GRPC_PORT=$(bench_port customer-service-grpc)") ;;
    order-service) BENCH_ENV+=("CUSTOMER_SERVICE_GRPC_TARGET=static://127.0.0.1:$(bench_port customer-service-grpc)"
      "AUTH_TOKEN_URI=${PLATFORM_AUTH_URL:-http://127.0.0.1:9000}/oauth2/token"
      "ORDER_SERVICE_CLIENT_SECRET=${PLATFORM_ORDER_CLIENT_SECRET:-order-service-secret}") ;;
    notification-service) BENCH_ENV+=("CUSTOMER_SERVICE_URL=http://127.0.0.1:$(bench_port customer-service)"
      "AUTH_TOKEN_URI=${PLATFORM_AUTH_URL:-http://127.0.0.1:9000}/oauth2/token"
      "NOTIFICATION_SERVICE_CLIENT_SECRET=${PLATFORM_NOTIFICATION_CLIENT_SECRET:-notification-service-secret}") ;;
    gateway) BENCH_ENV+=("CUSTOMER_SERVICE_URL=http://127.0.0.1:$(bench_port customer-service)"
      "ORDER_SERVICE_URL=http://127.0.0.1:$(bench_port order-service)"
      "NOTIFICATION_SERVICE_URL=http://127.0.0.1:$(bench_port notification-service)" "SPRING_DATA_REDIS_DATABASE=7"
      "RATE_LIMIT_REPLENISH_RATE=1000000" "RATE_LIMIT_BURST_CAPACITY=1000000") ;;
    auth-server) BENCH_ENV+=("PLATFORM_CLI_CLIENT_SECRET=${PLATFORM_CLI_CLIENT_SECRET:-platform-cli-secret}"
      "ORDER_SERVICE_CLIENT_SECRET=${PLATFORM_ORDER_CLIENT_SECRET:-order-service-secret}") ;;
  esac
}

BENCH_PIDS=()
# start_instance <service> <log> <java args...>: starts it in the background; pid in INSTANCE_PID, start time
# (epoch ms) in INSTANCE_T0
start_instance() {
  local name="$1" log="$2"
  shift 2
  bench_env "$name"
  INSTANCE_T0="$(date +%s%3N)"
  env "${BENCH_ENV[@]}" "${BENCH_EXTRA_ENV[@]}" setsid "$JAVA" --enable-native-access=ALL-UNNAMED "$@" >"$log" 2>&1 </dev/null &
  INSTANCE_PID=$!
  BENCH_PIDS+=("$INSTANCE_PID")
}
BENCH_EXTRA_ENV=()

# wait_ready_ms <service> <pid> <t0 ms> [timeout s]: prints the milliseconds from t0 to the first 200 of /readyz
wait_ready_ms() {
  local url deadline=$((SECONDS + ${4:-180}))
  url="http://127.0.0.1:$(bench_port "$1")/readyz"
  while [ "$(http_status "$url" 1)" != 200 ]; do
    kill -0 "$2" 2>/dev/null || { echo "error: $1 exited during start" >&2; return 1; }
    ((SECONDS < deadline)) || { echo "error: $1 not ready in time" >&2; return 1; }
    sleep 0.05
  done
  echo $(($(date +%s%3N) - $3))
}

stop_instance() { # stop_instance <pid>: SIGTERM, then SIGKILL after 20 s
  local pid="$1" i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 200; i++)); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}
stop_all_instances() { local p; for p in "${BENCH_PIDS[@]}"; do stop_instance "$p"; done; BENCH_PIDS=(); }

rss_mb() { awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$1/status" 2>/dev/null; }

# check_bench_ports: the 18xxx ports must be free (a benchmark instance left over, or something else)
check_bench_ports() {
  local s p
  load_declared_ports
  for s in "$@"; do
    p="$(bench_port "$s")"
    if port_open 127.0.0.1 "$p"; then die "port $p (benchmark $s) is in use"; fi
  done
}
