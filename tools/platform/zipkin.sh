# ./platform's trace UI: a Zipkin server (the executable jar io.zipkin:zipkin-server:<version>:exec from Maven
# Central, fetched once into .platform/zipkin with ./mvnw, like the Kafka jars) on 127.0.0.1, in-memory storage.
# `up` starts it unless traces are switched off (./platform up --no-traces, or PLATFORM_TRACES=off) and then tells
# the services to export their spans to it (Boot's own properties, as environment variables: zipkin_service_env);
# `down` stops it, `status` shows it. Sourced by ./platform; needs common.sh, services.sh and supervise.sh.
# shellcheck shell=bash

ZIPKIN_VERSION="3.5.1"
ZIPKIN_DIR="$STATE_DIR/zipkin"
ZIPKIN_JAR="$ZIPKIN_DIR/zipkin-server-$ZIPKIN_VERSION-exec.jar"
# Its port comes from platform.yaml's infrastructure section (services.sh)
ZIPKIN_PORT="$(port_of zipkin)"
ZIPKIN_URL="http://127.0.0.1:$ZIPKIN_PORT"
ZIPKIN_TIMEOUT=90 # seconds Zipkin may take to answer /health (about 5 s on an idle machine)
# Spans kept in memory (the oldest traces go first): a day of local work, in the 256 MB heap below
ZIPKIN_MAX_SPANS="${PLATFORM_ZIPKIN_MAX_SPANS:-100000}"

# traces_wanted: false when traces are switched off for this run (./platform up --no-traces or PLATFORM_TRACES=off)
TRACES="${PLATFORM_TRACES:-on}"
traces_wanted() { [ "$TRACES" != off ]; }

zipkin_fetch() {
  [ -f "$ZIPKIN_JAR" ] && return 0
  say "downloading the Zipkin server $ZIPKIN_VERSION (once, about 130 MB) into $ZIPKIN_DIR"
  # The executable jar carries its dependencies: nothing else
  maven_fetch "$ZIPKIN_DIR" "the Zipkin server's executable jar" "\
    <dependency>
      <groupId>io.zipkin</groupId><artifactId>zipkin-server</artifactId><version>$ZIPKIN_VERSION</version>
      <classifier>exec</classifier>
      <exclusions><exclusion><groupId>*</groupId><artifactId>*</artifactId></exclusion></exclusions>
    </dependency>" \
    "$ZIPKIN_DIR/download" "$LOG_DIR/zipkin-download.log" -DexcludeTransitive=true \
    || die "could not download the Zipkin server (full output: $LOG_DIR/zipkin-download.log); ./platform up --no-traces runs without it"
  mv "$ZIPKIN_DIR/download/zipkin-server-$ZIPKIN_VERSION-exec.jar" "$ZIPKIN_JAR" \
    || die "the download did not contain zipkin-server-$ZIPKIN_VERSION-exec.jar (see $ZIPKIN_DIR/download)"
  rm -rf "$ZIPKIN_DIR/download"
}

zipkin_ready() { [ "$(http_status "$ZIPKIN_URL/health")" = 200 ]; }

zipkin_up() {
  local pid
  pid="$(running_pid zipkin)"
  if [ -n "$pid" ]; then
    say "zipkin already running (pid $pid)"
    return 0
  fi
  if port_open 127.0.0.1 "$ZIPKIN_PORT"; then
    warn "port $ZIPKIN_PORT is in use by a process ./platform did not start; the services send their spans to it"
    return 0
  fi
  zipkin_fetch
  say "starting zipkin on $ZIPKIN_URL (in-memory storage)"
  local started=$SECONDS
  # Zipkin's own settings, as environment variables (zipkin-server's documentation): only this machine may reach it
  (exec env QUERY_PORT="$ZIPKIN_PORT" ARMERIA_PORTS_0_IP=127.0.0.1 ARMERIA_PORTS_0_PORT="$ZIPKIN_PORT" \
    ARMERIA_PORTS_0_PROTOCOLS_0=http \
    STORAGE_TYPE=mem MEM_MAX_SPANS="$ZIPKIN_MAX_SPANS" \
    setsid nohup "$JAVA_HOME/bin/java" -Xmx256m -XX:+UseG1GC --enable-native-access=ALL-UNNAMED \
    -jar "$ZIPKIN_JAR" >"$LOG_DIR/zipkin.log" 2>&1 </dev/null) &
  pid=$!
  echo "$pid" >"$PID_DIR/zipkin.pid"
  while ! zipkin_ready; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PID_DIR/zipkin.pid"
      tail_log zipkin
      die "zipkin exited during start (log: $LOG_DIR/zipkin.log); ./platform up --no-traces runs without it"
    fi
    if ((SECONDS - started >= ZIPKIN_TIMEOUT)); then
      tail_log zipkin
      die "zipkin did not answer $ZIPKIN_URL/health within ${ZIPKIN_TIMEOUT}s (pid $pid, log: $LOG_DIR/zipkin.log); ./platform down stops it"
    fi
    sleep 0.5
  done
  say "zipkin ready in $((SECONDS - started))s (pid $pid): $ZIPKIN_URL/zipkin/"
}

# The services' environment for Zipkin export (Boot's properties management.tracing.export.zipkin.*), when Zipkin
# answers: appended to SERVICE_ENV by service_env. Without it the starter's default (off) holds.
zipkin_service_env() {
  if traces_wanted && zipkin_ready; then
    SERVICE_ENV+=("MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENABLED=true"
      "MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENDPOINT=$ZIPKIN_URL/api/v2/spans")
  fi
}

zipkin_down() {
  stop_components zipkin
}
