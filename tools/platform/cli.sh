# platform-cli (the platform-cli/ module), the one reader of platform.yaml: built when its jar is missing or older than
# its sources, run with the JDK 21+ that select_jdk finds (sourced by services.sh, and by ./platform for `check`).
# Needs common.sh (ROOT, say, die, select_jdk).
# shellcheck shell=bash

# The project's version, in every jar's name
VERSION="0.1.0-SNAPSHOT"
PLATFORM_CLI_JAR="$ROOT/platform-cli/target/platform-cli-$VERSION.jar"

platform_cli_is_stale() {
  [ -f "$PLATFORM_CLI_JAR" ] || return 0
  [ -n "$(find "$ROOT/platform-cli/src" "$ROOT/platform-cli/pom.xml" -type f -newer "$PLATFORM_CLI_JAR" -print 2>/dev/null | head -n 1)" ]
}

# platform_cli <command> <platform.yaml>: check or shell; platform_cli rename <root> <options>
# (platform-cli/src/main/java/com/example/platform/cli/PlatformCli.java)
platform_cli() {
  select_jdk
  if platform_cli_is_stale; then
    say "building platform-cli, the reader of platform.yaml (once, and after it changes)" >&2
    # -am adds only platform-bom and the parent pom; the output goes to stderr, never into an eval
    (cd "$ROOT" && ./mvnw -q -pl platform-cli -am package -DskipTests) >&2 \
      || die "building platform-cli failed; reproduce with: ./mvnw -pl platform-cli -am package -DskipTests"
  fi
  "$JAVA_HOME/bin/java" -jar "$PLATFORM_CLI_JAR" "$@"
}
