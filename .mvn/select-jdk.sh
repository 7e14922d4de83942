# Sourced by ./mvnw and by tools/platform/common.sh (./platform, .ci/run, the benchmarks): make JAVA_HOME point at
# a JDK 21 or newer.
# Keeps a JAVA_HOME that is already 21+; otherwise searches the usual JDK folders, newest first.
platform_java_major() {
  "$1/bin/java" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}'
}
platform_select_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(platform_java_major "$JAVA_HOME")" -ge 21 ] 2>/dev/null; then
    return 0
  fi
  for candidate in $(ls -d /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/.sdkman/candidates/java/* 2>/dev/null | sort -rV); do
    if [ -x "$candidate/bin/javac" ] && [ "$(platform_java_major "$candidate")" -ge 21 ] 2>/dev/null; then
      JAVA_HOME="$candidate"; export JAVA_HOME; return 0
    fi
  done
  if command -v javac >/dev/null 2>&1; then
    candidate="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
    if [ "$(platform_java_major "$candidate")" -ge 21 ] 2>/dev/null; then
      JAVA_HOME="$candidate"; export JAVA_HOME; return 0
    fi
  fi
  echo "error: no JDK 21 or newer found. Install one (e.g. Temurin 21/25) and set JAVA_HOME to it." >&2
  return 1
}
platform_select_jdk || exit 1
