#!/usr/bin/env bash
# Scenario 4 of the benchmark harness: startup and memory per service, three JVM modes side by side in one run:
#   plain  the application extracted for the JVM (java -Djarmode=tools ... extract), no archive
#   cds    class data sharing: a training run writes a dynamic archive (-XX:ArchiveClassesAtExit), runs use it
#   aot    the JDK 25 AOT cache (JEP 483/514/515): a training run writes it (-XX:AOTCacheOutput), runs use
#          -XX:AOTCache; what infra/docker/Dockerfile builds into every image
# Training runs start the context and exit (spring.context.exit=onRefresh), like the Dockerfile's.
# Measured: time from the JVM's launch to the first 200 of /readyz, and resident memory (RSS) after 5 s idle.
# Then the whole local stack (the five services started at once, as a deployment would) to ready, per mode.
# Instances run on their own ports (18xxx, gRPC 19081) next to the platform, with the Kafka bootstrap set to an
# unreachable address (so they never join the platform's consumer groups; readiness does not include Kafka).
# Modes alternate within each repetition. Writes benchmarks/results/<time>/startup-memory.{csv,png}.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=tools/platform/services.sh
. "$BENCH_ROOT/tools/platform/services.sh"

# Default: every service of platform.yaml, in start order
SERVICES="${BENCH_SERVICES:-$SERVICES}"
MODES="${BENCH_MODES:-plain cds aot}"
REPS="${BENCH_REPS:-3}"
JAVA_OPTS="${BENCH_JAVA_OPTS:--XX:+UseG1GC -Xmx256m}"   # ./platform up's default (the images' JVM)
IDLE_SECONDS="${BENCH_IDLE_SECONDS:-5}"
export BENCH_KAFKA="${BENCH_KAFKA:-127.0.0.1:1}"

need curl curl
find_java
require_up "${PLATFORM_AUTH_URL:-http://127.0.0.1:9000}" # the services fetch the issuer's keys lazily; it must exist
# shellcheck disable=SC2086
check_bench_ports $SERVICES
out="$(results_dir)"
csv="$out/startup-memory.csv"
csv_header "$csv"
work="$out/startup-work"
mkdir -p "$work"
trap 'stop_all_instances' EXIT
version() { "$JAVA" -version 2>&1 | head -n 1; }
say "JDK: $(version); JVM options: $JAVA_OPTS"

# jvm_args <service> <mode>: the java arguments of a run in that mode
jvm_args() {
  local s="$1" mode="$2" jar="$work/$1/$1-0.1.0-SNAPSHOT.jar"
  case "$mode" in
    plain) echo "$JAVA_OPTS -jar $jar" ;;
    cds) echo "$JAVA_OPTS -XX:SharedArchiveFile=$work/$s.jsa -Xlog:cds=off -Xlog:cds+dynamic=off -jar $jar" ;;
    aot) echo "$JAVA_OPTS -XX:AOTCache=$work/$s.aot -jar $jar" ;;
  esac
}

TRAINING_FLAGS="-Dspring.context.exit=onRefresh -Dspring.flyway.enabled=false -Dspring.kafka.admin.auto-create=false"
for s in $SERVICES; do
  jar="$BENCH_ROOT/$s/target/$s-0.1.0-SNAPSHOT.jar"
  [ -f "$jar" ] || die "$jar is missing: build it (./platform up builds what is missing)"
  say "$s: extract, training runs for CDS and the AOT cache"
  rm -rf "${work:?}/$s"
  "$JAVA" -Djarmode=tools -jar "$jar" extract --destination "$work/$s" >/dev/null
  bench_env "$s"
  # shellcheck disable=SC2086
  (cd "$work" && env "${BENCH_ENV[@]}" "$JAVA" --enable-native-access=ALL-UNNAMED $JAVA_OPTS $TRAINING_FLAGS \
    -XX:ArchiveClassesAtExit="$work/$s.jsa" -jar "$work/$s/$s-0.1.0-SNAPSHOT.jar" >"$work/$s.cds-training.log" 2>&1) \
    || echo "warning: CDS training run of $s failed (log $work/$s.cds-training.log)" >&2
  # shellcheck disable=SC2086
  (cd "$work" && env "${BENCH_ENV[@]}" "$JAVA" --enable-native-access=ALL-UNNAMED $JAVA_OPTS $TRAINING_FLAGS \
    -XX:AOTCacheOutput="$work/$s.aot" -jar "$work/$s/$s-0.1.0-SNAPSHOT.jar" >"$work/$s.aot-training.log" 2>&1) \
    || echo "warning: AOT training run of $s failed (log $work/$s.aot-training.log)" >&2
done

for rep in $(seq 1 "$REPS"); do
  for s in $SERVICES; do
    for mode in $MODES; do
      # shellcheck disable=SC2046
      start_instance "$s" "$work/$s.$mode.$rep.log" $(jvm_args "$s" "$mode")
      pid="$INSTANCE_PID"
      if ms="$(wait_ready_ms "$s" "$pid" "$INSTANCE_T0")"; then
        sleep "$IDLE_SECONDS"
        rss="$(rss_mb "$pid")"
        csv_row "$csv" "ready_ms $s" "$mode" "$rep" "$ms"
        csv_row "$csv" "rss_mb $s" "$mode" "$rep" "$rss"
        echo "    rep $rep $s $mode: ready in $ms ms, RSS $rss MB"
      else
        tail -n 20 "$work/$s.$mode.$rep.log" >&2
      fi
      stop_instance "$pid"
      BENCH_PIDS=()
    done
  done
  # The whole stack: every service launched at once, time until the last one answers /readyz; total RSS at idle
  for mode in $MODES; do
    t0="$(date +%s%3N)"
    pids=()
    for s in $SERVICES; do
      # shellcheck disable=SC2046
      start_instance "$s" "$work/stack.$s.$mode.$rep.log" $(jvm_args "$s" "$mode")
      pids+=("$INSTANCE_PID")
    done
    i=0 ok=1
    for s in $SERVICES; do wait_ready_ms "$s" "${pids[$i]}" "$t0" 300 >/dev/null || ok=0; i=$((i + 1)); done
    if [ "$ok" = 1 ]; then
      ms=$(($(date +%s%3N) - t0))
      sleep "$IDLE_SECONDS"
      total=0
      for p in "${pids[@]}"; do total="$(python3 -c "import sys; print(round(float(sys.argv[1]) + float(sys.argv[2] or 0), 1))" "$total" "$(rss_mb "$p")")"; done
      csv_row "$csv" "ready_ms whole stack (parallel start)" "$mode" "$rep" "$ms"
      csv_row "$csv" "rss_mb whole stack" "$mode" "$rep" "$total"
      echo "    rep $rep whole stack $mode: all ready in $ms ms, RSS total $total MB"
    fi
    stop_all_instances
  done
done

chart startup-memory "$csv"
summary "$csv"
ls -la "$work"/*.jsa "$work"/*.aot 2>/dev/null | awk '{print "archive:", $5/1048576 " MB", $9}'
rm -rf "${work:?}"/*/ "${work:?}"/*.jsa "${work:?}"/*.aot # keep the logs; archives and extracted jars are large
echo "raw: $csv"
