# Helpers shared by ./platform, .ci/run, benchmarks/lib.sh and tools/render-panels (sourced, never run):
# logging, JDK 21+ discovery, PostgreSQL/Redis readiness, ports, HTTP and JSON. One copy of each.
# Needs bash, curl and coreutils; jq and python3 are used when present, never required.
# shellcheck shell=bash

# The repository root, whoever sources this file
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# ---- logging --------------------------------------------------------------------------------
say() { printf '==> %s\n' "$*"; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

# ---- tools ----------------------------------------------------------------------------------
# select_jdk: JAVA_HOME -> a JDK 21 or newer (.mvn/select-jdk.sh, also used by ./mvnw); exits when there is none
select_jdk() {
  # shellcheck source=.mvn/select-jdk.sh
  . "$ROOT/.mvn/select-jdk.sh"
}

# need <command> <Debian package> [hint for other systems]: installs it with apt-get when root, else says what to
# install (the benchmarks and the panel renderer; ./platform itself installs nothing)
need() {
  have "$1" && return 0
  if have apt-get && [ "$(id -u)" = 0 ]; then
    say "installing $2 (apt-get)" >&2
    apt-get install -y -q "$2" >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q "$2" >/dev/null 2>&1; } || true
  fi
  have "$1" || die "$1 is missing (Debian/Ubuntu: apt-get install $2; ${3:-macOS: brew install $2})"
}

# matplotlib_python: prints a Python that has matplotlib (Debian's python3-matplotlib lives in /usr/bin/python3, not
# in a pyenv/venv one), installing python3-matplotlib with apt-get when root; fails when there is none
matplotlib_python() {
  local py
  for py in python3 /usr/bin/python3; do
    if have "$py" && "$py" -c 'import matplotlib' 2>/dev/null; then echo "$py"; return 0; fi
  done
  if have apt-get && [ "$(id -u)" = 0 ]; then
    say "installing python3-matplotlib (apt-get)" >&2
    apt-get install -y -q python3-matplotlib >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q python3-matplotlib >/dev/null 2>&1; } || true
    if /usr/bin/python3 -c 'import matplotlib' 2>/dev/null; then echo /usr/bin/python3; return 0; fi
  fi
  return 1
}

# ---- PostgreSQL and Redis -------------------------------------------------------------------
PG_HOST="${PLATFORM_PG_HOST:-127.0.0.1}"
PG_PORT="${PLATFORM_PG_PORT:-5432}"
PG_USER="${PLATFORM_PG_USER:-postgres}"
PG_PASSWORD="${PLATFORM_PG_PASSWORD:-postgres}"
REDIS_HOST="${PLATFORM_REDIS_HOST:-127.0.0.1}"
REDIS_PORT="${PLATFORM_REDIS_PORT:-6379}"

pg_ready() {
  if have pg_isready; then
    pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -t 3
  elif have psql; then
    PGPASSWORD="$PG_PASSWORD" PGCONNECT_TIMEOUT=3 psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -tAc 'select 1' >/dev/null 2>&1
  else
    port_open "$PG_HOST" "$PG_PORT"
  fi
}

redis_ready() {
  if have redis-cli; then
    [ "$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]
  else
    local reply
    reply="$( (exec 3<>"/dev/tcp/$REDIS_HOST/$REDIS_PORT" && printf 'PING\r\n' >&3 && timeout 2 head -c 5 <&3) 2>/dev/null || true)"
    [ "$reply" = "+PONG" ]
  fi
}

# ---- waiting, ports, HTTP -------------------------------------------------------------------
wait_until() { # wait_until <seconds> <command...>: true as soon as the command is, false after that many seconds
  local seconds="$1" i
  shift
  for ((i = 0; i < seconds; i++)); do
    "$@" && return 0
    sleep 1
  done
  return 1
}

wait_for() { # wait_for <seconds> <description> <command...>: wait_until, or die naming what did not answer
  local seconds="$1" what="$2"
  shift 2
  wait_until "$seconds" "$@" || die "$what did not answer within ${seconds}s"
}

# True when something accepts TCP connections on host:port.
port_open() {
  if have timeout; then
    timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null
  else
    bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null
  fi
}

http_status() { # http_status <url> [max seconds, default 2]: the status code, 000 when nothing answers
  curl -s -o /dev/null -w '%{http_code}' --max-time "${2:-2}" "$1" 2>/dev/null || true
}

random_hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }

# call <method> <url> [body] [extra curl args...]: sets RESPONSE_BODY and RESPONSE_STATUS; sends the headers in
# AUTH_ARGS (empty, or -H "Authorization: Bearer ...") with every request
AUTH_ARGS=()
RESPONSE_BODY="" RESPONSE_STATUS=""
call() {
  local method="$1" url="$2" body="${3:-}" out
  shift 3 || shift $#
  local args=(-sS --max-time 10 -X "$method" -H 'Accept: application/json')
  if [ ${#AUTH_ARGS[@]} -gt 0 ]; then args+=("${AUTH_ARGS[@]}"); fi
  if [ -n "$body" ]; then args+=(-H 'Content-Type: application/json' --data "$body"); fi
  out="$(curl "${args[@]}" "$@" -w '\n%{http_code}' "$url")" || die "request failed: $method $url"
  RESPONSE_STATUS="${out##*$'\n'}"
  RESPONSE_BODY="${out%$'\n'*}"
}

# ---- JSON, without a JSON tool --------------------------------------------------------------
# json_field <json> <key>: the first string value of "key" (empty when there is none). Enough for what the scripts
# read (ids, status, access_token: strings without escapes) with nothing but grep and sed: jq and python3 are not
# required by ./platform. A key inside a string value does not match (its quotes are escaped there).
json_field() {
  printf '%s' "$1" | grep -o "\"$2\"[[:space:]]*:[[:space:]]*\"[^\"]*\"" | head -n 1 | sed 's/.*"\([^"]*\)"$/\1/' || true
}

# json_pretty <json>: indented with jq or python3 when one is there, else as it came
json_pretty() {
  if have jq && printf '%s' "$1" | jq . 2>/dev/null; then return 0; fi
  if have python3 && printf '%s' "$1" | python3 -m json.tool 2>/dev/null; then return 0; fi
  printf '%s\n' "$1"
}

# maven_fetch <dir> <what> <dependencies XML> <output dir> <log> [dependency:copy-dependencies options...]: downloads
# artifacts from Maven Central with ./mvnw through a generated pom in <dir> (the build's repositories, proxies and
# local cache) into <output dir>; prints the log's tail and fails when the download fails.
DEPENDENCY_PLUGIN_VERSION="3.10.0"
maven_fetch() {
  local dir="$1" what="$2" dependencies="$3" output="$4" log="$5"
  shift 5
  mkdir -p "$dir"
  cat >"$dir/pom.xml" <<POM
<?xml version="1.0" encoding="UTF-8"?>
<!-- Generated by ./platform: $what. -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.platform</groupId>
  <artifactId>$(basename "$dir")-runtime</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
$dependencies
  </dependencies>
  <build>
    <plugins>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-dependency-plugin</artifactId>
        <version>$DEPENDENCY_PLUGIN_VERSION</version>
      </plugin>
    </plugins>
  </build>
</project>
POM
  rm -rf "$output"
  if ! "$ROOT/mvnw" -q -B -f "$dir/pom.xml" dependency:copy-dependencies -DoutputDirectory="$output" "$@" >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    return 1
  fi
}
