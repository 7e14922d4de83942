# ./platform's process supervision: PostgreSQL/Redis (or their containers), the build, the services as plain
# processes with pid files and readiness waits, and the commands up, down, status and logs (sourced by ./platform).
# Everything it creates lives under .platform/ (jars of the Kafka broker, its data, pid files, logs).
# shellcheck shell=bash

STATE_DIR="$ROOT/.platform"
PID_DIR="$STATE_DIR/pids"
LOG_DIR="$STATE_DIR/logs"
KAFKA_DIR="$STATE_DIR/kafka"

# The same JVM as in the images (docs/benchmarks.md, "Tuning"): both JIT compilers, because C1-only code costs
# the services and the gateway about 3x the CPU per request; G1, because Serial (what a small container gets by
# default) made full collections under load; a 256 MB heap, plenty for these services.
JAVA_OPTS_SERVICES="${PLATFORM_JAVA_OPTS:--XX:+UseG1GC -Xmx256m}"
JAVA_OPTS_GATEWAY="${PLATFORM_GATEWAY_JAVA_OPTS:-${PLATFORM_JAVA_OPTS:--XX:+UseG1GC -Xmx256m}}"

READY_TIMEOUT="${PLATFORM_READY_TIMEOUT:-90}" # seconds a service may take to answer /readyz
STOP_TIMEOUT=20      # seconds between SIGTERM and SIGKILL

# ---------------------------------------------------------------------------------------------
# processes started by ./platform: pid files under .platform/pids, checked against the command line
# ---------------------------------------------------------------------------------------------
# The command line a process was started with (empty when it does not exist).
cmdline_of() {
  if [ -r "/proc/$1/cmdline" ]; then
    tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null || true
  else
    ps -ww -o args= -p "$1" 2>/dev/null || true
  fi
}

# What identifies a process we started for a component (pids get reused; never trust the number alone).
marker_of() {
  case "$1" in
    kafka) echo "$KAFKA_DIR/libs" ;;
    zipkin) echo "$ZIPKIN_JAR" ;;
    *) jar_of "$1" ;;
  esac
}

# Prints the pid of a component started by this script and still running; removes stale pid files.
running_pid() {
  local name="$1" file="$PID_DIR/$1.pid" pid
  [ -f "$file" ] || return 0
  pid="$(cat "$file" 2>/dev/null || true)"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && cmdline_of "$pid" | grep -qF -- "$(marker_of "$name")"; then
    echo "$pid"
  else
    rm -f "$file"
  fi
}

tail_log() {
  local file="$LOG_DIR/$1.log"
  if [ -f "$file" ]; then
    printf -- '--- last 30 lines of %s ---\n' "$file" >&2
    tail -n 30 "$file" >&2
    printf -- '---\n' >&2
  fi
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL and Redis: answering (tools/platform/common.sh), or started with Docker
# ---------------------------------------------------------------------------------------------
docker_ready() { have docker && docker info >/dev/null 2>&1; }

# docker compose with infra/compose/host-ports.yaml: PostgreSQL and Redis published on 127.0.0.1 at PG_PORT and
# REDIS_PORT (the compose stack alone publishes neither)
compose_host_ports() {
  PLATFORM_PG_PORT="$PG_PORT" PLATFORM_REDIS_PORT="$REDIS_PORT" \
    docker compose -f "$ROOT/docker-compose.yml" -f "$ROOT/infra/compose/host-ports.yaml" "$@"
}

compose_file_present() {
  local f
  for f in compose.yaml compose.yml docker-compose.yaml docker-compose.yml; do
    [ -f "$ROOT/$f" ] && return 0
  done
  return 1
}

ensure_infrastructure() {
  local missing=""
  pg_ready || missing="postgres"
  redis_ready || missing="$missing redis"
  missing="${missing# }"
  if [ -z "$missing" ]; then
    say "PostgreSQL ($PG_HOST:$PG_PORT) and Redis ($REDIS_HOST:$REDIS_PORT) answer"
    return 0
  fi
  if docker_ready && compose_file_present; then
    # Only what is missing: a local server already on the port would make the container fail.
    # Kafka always comes from the jars (below), with or without Docker. The compose stack publishes neither:
    # infra/compose/host-ports.yaml puts them on 127.0.0.1 at the ports this script connects to.
    say "starting with Docker: $missing (on 127.0.0.1: PostgreSQL $PG_PORT, Redis $REDIS_PORT)"
    # shellcheck disable=SC2086
    (cd "$ROOT" && compose_host_ports up -d $missing)
    echo "$missing" >"$STATE_DIR/compose-services"
    case " $missing " in *" postgres "*) wait_for 60 "PostgreSQL at $PG_HOST:$PG_PORT" pg_ready ;; esac
    case " $missing " in *" redis "*) wait_for 60 "Redis at $REDIS_HOST:$REDIS_PORT" redis_ready ;; esac
    return 0
  fi
  {
    echo "error: not answering: $missing"
    case " $missing " in *" postgres "*)
      echo "  PostgreSQL is expected at $PG_HOST:$PG_PORT (user $PG_USER; set PLATFORM_PG_HOST/PORT/USER to use another)."
      echo "  Start the local one with:"
      echo "    pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql) main start"
      echo "  (or: sudo systemctl start postgresql; brew services start postgresql)" ;;
    esac
    case " $missing " in *" redis "*)
      echo "  Redis is expected at $REDIS_HOST:$REDIS_PORT (set PLATFORM_REDIS_HOST/PORT to use another)."
      echo "  Start the local one with:"
      echo "    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save \"\" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log" ;;
    esac
    echo "  With a running Docker engine, ./platform up starts them itself (with infra/compose/host-ports.yaml, on 127.0.0.1)."
  } >&2
  exit 1
}

psql_admin() {
  PGPASSWORD="$PG_PASSWORD" psql -v ON_ERROR_STOP=1 -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres "$@"
}

create_databases() {
  if ! have psql; then
    warn "psql not found: cannot check the databases; make sure these exist: $DATABASES"
    return 0
  fi
  local db
  for db in $DATABASES; do
    if [ "$(psql_admin -tAc "select 1 from pg_database where datname = '$db'")" != 1 ]; then
      say "creating database $db"
      psql_admin -c "create database $db"
    fi
  done
}

# ---------------------------------------------------------------------------------------------
# build
# ---------------------------------------------------------------------------------------------
# A jar is stale when any source it is built from (its module, the shared modules, the poms) is newer.
jar_is_stale() {
  local module="$1" jar newer
  jar="$(jar_of "$module")"
  [ -f "$jar" ] || return 0
  newer="$(cd "$ROOT" && find "$module" pom.xml platform-bom contracts platform-*spring-boot-starter \
    -name target -prune -o -type f -newer "$jar" -print 2>/dev/null | head -n 1 || true)"
  [ -n "$newer" ]
}

build_if_needed() {
  local module stale=""
  for module in $SERVICES; do
    if jar_is_stale "$module"; then stale="$stale $module"; fi
  done
  if [ -z "$stale" ]; then
    say "service jars are up to date"
    return 0
  fi
  local modules
  modules="$(echo $SERVICES | tr ' ' ',')"
  say "building (missing or stale:$stale); log in $LOG_DIR/build.log"
  local rc=0
  (cd "$ROOT" && ./mvnw -q -B package -DskipTests -pl "$modules" -am) \
    >"$LOG_DIR/build.log" 2>&1 || rc=$?
  if [ "$rc" -ne 0 ]; then
    tail -n 40 "$LOG_DIR/build.log" >&2
    die "the build failed (exit $rc); full output in $LOG_DIR/build.log. Reproduce with:
  ./mvnw -B package -DskipTests -pl $modules -am"
  fi
  for module in $SERVICES; do
    [ -f "$(jar_of "$module")" ] || die "the build succeeded but $(jar_of "$module") is missing"
  done
}

# ---------------------------------------------------------------------------------------------
# services
# ---------------------------------------------------------------------------------------------
# The environment of one service, in SERVICE_ENV: only variables it reads (see the conventions).
service_env() {
  local name="$1"
  local grpc_port database
  SERVICE_ENV=("HTTP_PORT=$(port_of "$name")" "MANAGEMENT_PORT=$(management_port_of "$name")"
    "PLATFORM_ENVIRONMENT=local")
  # What platform.yaml declares for it: a gRPC port, a database, topics (then it needs the broker)
  if grpc_port="$(grpc_port_of "$name")"; then SERVICE_ENV+=("GRPC_PORT=$grpc_port"); fi
  if database="$(database_of "$name")"; then
    SERVICE_ENV+=("DB_URL=jdbc:postgresql://$PG_HOST:$PG_PORT/$database" "DB_USER=$PG_USER" "DB_PASSWORD=$PG_PASSWORD")
  fi
  if uses_kafka "$name"; then SERVICE_ENV+=("KAFKA_BOOTSTRAP_SERVERS=$KAFKA_BOOTSTRAP"); fi
  case "$name" in
    auth-server) SERVICE_ENV+=("AUTH_ISSUER_URI=$AUTH_URL" "DEMO_USER_PASSWORD=$DEMO_PASSWORD"
      "PLATFORM_CLI_CLIENT_SECRET=$CLI_CLIENT_SECRET"
      "NOTIFICATION_SERVICE_CLIENT_SECRET=$NOTIFICATION_CLIENT_SECRET"
      "ORDER_SERVICE_CLIENT_SECRET=$ORDER_CLIENT_SECRET") ;;
    # Everything else validates tokens: the issuer every token names, and where its keys are
    *) SERVICE_ENV+=("AUTH_ISSUER_URI=$AUTH_URL" "AUTH_JWK_SET_URI=$AUTH_URL/oauth2/jwks") ;;
  esac
  case "$name" in
    notification-service) SERVICE_ENV+=("AUTH_TOKEN_URI=$AUTH_URL/oauth2/token"
      "NOTIFICATION_SERVICE_CLIENT_SECRET=$NOTIFICATION_CLIENT_SECRET") ;;
    order-service) SERVICE_ENV+=("AUTH_TOKEN_URI=$AUTH_URL/oauth2/token"
      "ORDER_SERVICE_CLIENT_SECRET=$ORDER_CLIENT_SECRET") ;;
    gateway) SERVICE_ENV+=("REDIS_HOST=$REDIS_HOST" "REDIS_PORT=$REDIS_PORT") ;;
  esac
  zipkin_service_env # span export to Zipkin, when it runs (zipkin.sh)
}

wait_ready() {
  local name="$1" pid="$2" url started=$SECONDS
  url="http://127.0.0.1:$(port_of "$name")/readyz"
  while [ "$(http_status "$url")" != 200 ]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PID_DIR/$name.pid"
      tail_log "$name"
      die "$name exited during start (log: $LOG_DIR/$name.log)"
    fi
    if ((SECONDS - started >= READY_TIMEOUT)); then
      tail_log "$name"
      die "$name is not ready after ${READY_TIMEOUT}s ($url; pid $pid still running, log: $LOG_DIR/$name.log). Stop everything with ./platform down"
    fi
    sleep 1
  done
  say "$name ready in $((SECONDS - started))s (pid $pid)"
}

start_service() {
  local name="$1" pid port
  port="$(port_of "$name")"
  pid="$(running_pid "$name")"
  if [ -n "$pid" ]; then
    if [ "$(http_status "http://127.0.0.1:$port/readyz")" = 200 ]; then
      say "$name already running (pid $pid)"
    else
      say "$name already started (pid $pid), waiting until it is ready"
      wait_ready "$name" "$pid"
    fi
    return 0
  fi
  if port_open 127.0.0.1 "$port"; then
    die "port $port (for $name) is in use by a process ./platform did not start; stop it first (e.g. find it with: ss -ltnp 'sport = :$port')"
  fi
  say "starting $name on :$port"
  service_env "$name"
  local opts="$JAVA_OPTS_SERVICES"
  if [ "$name" = gateway ]; then opts="$JAVA_OPTS_GATEWAY"; fi
  # setsid: own session, so a Ctrl-C in this terminal does not reach it; env, setsid and nohup all exec,
  # so $! is the pid of the JVM itself.
  # shellcheck disable=SC2086
  (cd "$ROOT" && exec env "${SERVICE_ENV[@]}" setsid nohup "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
    $opts -jar "$(jar_of "$name")" >"$LOG_DIR/$name.log" 2>&1 </dev/null) &
  pid=$!
  echo "$pid" >"$PID_DIR/$name.pid"
  wait_ready "$name" "$pid"
}

# ---------------------------------------------------------------------------------------------
# stopping
# ---------------------------------------------------------------------------------------------
# Stops the given components together: SIGTERM to all, then SIGKILL to what is left after STOP_TIMEOUT.
stop_components() {
  local name pid pids="" names="" i
  for name in "$@"; do
    pid="$(running_pid "$name")"
    if [ -n "$pid" ]; then
      say "stopping $name (pid $pid)"
      kill -TERM "$pid" 2>/dev/null || true
      pids="$pids $pid"
      names="$names $name"
    fi
  done
  [ -n "$pids" ] || return 0
  for ((i = 0; i < STOP_TIMEOUT * 5; i++)); do
    local alive=""
    for pid in $pids; do kill -0 "$pid" 2>/dev/null && alive="$alive $pid"; done
    [ -z "$alive" ] && break
    sleep 0.2
  done
  for pid in $pids; do
    if kill -0 "$pid" 2>/dev/null; then
      warn "pid $pid did not stop within ${STOP_TIMEOUT}s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  for pid in $pids; do
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  done
  for name in $names; do rm -f "$PID_DIR/$name.pid"; done
}

check_ports_free() {
  local name port controller_port busy=0
  for name in "$@"; do
    port="$(port_of "$name")"
    if controller_port="$(controller_port_of "$name")"; then port="$port $controller_port"; fi # kafka's controller
    for port in $port; do
      if port_open 127.0.0.1 "$port"; then
        warn "port $port ($name) is still in use, by a process ./platform did not start"
        busy=1
      fi
    done
  done
  return "$busy"
}

# ---------------------------------------------------------------------------------------------
# commands
# ---------------------------------------------------------------------------------------------
component_state() { # prints: running | not ready | stopped | external
  local name="$1" pid port
  port="$(port_of "$name")"
  pid="$(running_pid "$name")"
  if [ -n "$pid" ]; then
    if [ "$name" = kafka ]; then
      port_open 127.0.0.1 "$port" && echo running || echo "not ready"
    elif [ "$name" = zipkin ]; then
      zipkin_ready && echo running || echo "not ready"
    else
      [ "$(http_status "http://127.0.0.1:$port/readyz")" = 200 ] && echo running || echo "not ready"
    fi
  elif port_open 127.0.0.1 "$port"; then
    echo external
  else
    echo stopped
  fi
}

print_table() {
  local name url pid
  printf '\n%-22s %-32s %-8s %s\n' SERVICE URL PID STATUS
  for name in kafka zipkin $SERVICES; do
    case "$name" in
      kafka) url="$KAFKA_BOOTSTRAP" ;;
      zipkin) url="$ZIPKIN_URL/zipkin/" ;;
      *) url="http://127.0.0.1:$(port_of "$name")" ;;
    esac
    pid="$(running_pid "$name")"
    printf '%-22s %-32s %-8s %s\n' "$name" "$url" "${pid:--}" "$(component_state "$name")"
  done
  printf '\nLogs: %s/\n' "$LOG_DIR"
}

cmd_status() {
  print_table
  if pg_ready; then echo "PostgreSQL $PG_HOST:$PG_PORT: answers"; else echo "PostgreSQL $PG_HOST:$PG_PORT: NOT answering"; fi
  if redis_ready; then echo "Redis $REDIS_HOST:$REDIS_PORT: answers"; else echo "Redis $REDIS_HOST:$REDIS_PORT: NOT answering"; fi
}

prepare_dirs() { mkdir -p "$PID_DIR" "$LOG_DIR" "$KAFKA_DIR"; }

cmd_up() {
  while [ $# -gt 0 ]; do
    case "$1" in
      --no-traces) TRACES=off ;; # no Zipkin server, and the services export no spans to one (zipkin.sh)
      *) die "unknown option for up: $1 (./platform help)" ;;
    esac
    shift
  done
  prepare_dirs
  select_jdk
  say "using JAVA_HOME=$JAVA_HOME"
  trap 'echo; warn "interrupted: what was started keeps running; see ./platform status, stop it with ./platform down"; exit 130' INT
  ensure_infrastructure
  create_databases
  build_if_needed
  kafka_up
  if traces_wanted; then zipkin_up; else say "traces off (--no-traces / PLATFORM_TRACES=off): no Zipkin server"; fi
  local name
  for name in $SERVICES; do start_service "$name"; done
  print_table
  echo "Try: ./platform demo    Stop: ./platform down"
}

# The ports `up` listens on (the services' HTTP ports, the broker's two), sorted: 8080, 8081, ...
platform_ports() {
  local name ports=""
  for name in $SERVICES $STARTED_INFRASTRUCTURE; do
    ports="$ports $(port_of "$name") $(controller_port_of "$name" || true)"
  done
  # shellcheck disable=SC2086
  printf '%s\n' $ports | sort -n | paste -sd, - | sed 's/,/, /g'
}

cmd_down() {
  # Services first (they leave their consumer groups cleanly while the broker still runs), then Kafka.
  # shellcheck disable=SC2086
  stop_components $SERVICES
  stop_components kafka zipkin
  if [ -f "$STATE_DIR/compose-services" ]; then
    local started
    started="$(cat "$STATE_DIR/compose-services")"
    if docker_ready; then
      # Stopped and removed: their data lives in a tmpfs (infra/compose/infrastructure.yaml), gone with them anyway
      say "stopping and removing the containers ./platform up started: $started"
      # shellcheck disable=SC2086
      (cd "$ROOT" && compose_host_ports rm --force --stop $started) && rm -f "$STATE_DIR/compose-services"
    fi
  fi
  # shellcheck disable=SC2086
  check_ports_free $SERVICES kafka zipkin || die "something still listens on a platform port (see the warnings above)"
  say "all stopped; ports $(platform_ports) are free"
}

cmd_logs() {
  if [ "${1:-}" = --trace ]; then
    # Every service's lines of one trace, merged in time order (platform-cli logs, in Java)
    [ $# -eq 2 ] || die "usage: ./platform logs --trace <trace-id>"
    platform_cli logs "$LOG_DIR" --trace "$2"
    return
  fi
  if [ $# -eq 0 ]; then
    local files=() name
    for name in kafka zipkin $SERVICES; do
      if [ -f "$LOG_DIR/$name.log" ]; then files+=("$LOG_DIR/$name.log"); fi
    done
    [ ${#files[@]} -gt 0 ] || die "no logs yet in $LOG_DIR (run ./platform up)"
    exec tail -n 20 -F "${files[@]}"
  fi
  port_of "$1" >/dev/null || die "unknown service '$1' (one of: kafka $SERVICES)"
  [ -f "$LOG_DIR/$1.log" ] || die "no log for $1 yet ($LOG_DIR/$1.log)"
  exec tail -n 50 -F "$LOG_DIR/$1.log"
}

