#!/usr/bin/env bash
# How big the shared code is and how many mechanisms it has, at a git revision (default HEAD), from git alone:
#   tools/house-metrics.sh [REV]
# Compare two revisions by running it twice. Reads the committed tree, never the working copy.
set -euo pipefail
rev="${1:-HEAD}"
cd "$(dirname "$0")/.."
git rev-parse --verify --quiet "$rev^{commit}" >/dev/null || { echo "not a revision: $rev" >&2; exit 1; }

main_java() { git ls-tree -r --name-only "$rev" -- "$1/src/main/java" | grep '\.java$' || true; }

echo "revision $(git rev-parse --short "$rev")"
echo
echo "## Starter main code (lines of Java; public top-level types / all types)"
for module in $(git ls-tree -d --name-only "$rev" | grep -E '^platform-(.+-)?spring-boot-starter$'); do
  files="$(main_java "$module")"
  [ -n "$files" ] || continue
  lines=0 public=0 all=0
  for file in $files; do
    text="$(git show "$rev:$file")"
    lines=$((lines + $(printf '%s\n' "$text" | wc -l)))
    all=$((all + 1))
    if printf '%s\n' "$text" | grep -qE '^public (final |abstract |sealed )*(class|interface|record|enum|@interface) '; then
      public=$((public + 1))
    fi
  done
  printf '%-42s %5d lines  %3d public / %d types\n' "$module" "$lines" "$public" "$all"
done

echo
echo "## Code that turns a problem into JSON itself (a mapper, or JSON by hand), in main code"
git grep -l -E 'JsonMapper|ObjectMapper|writeValue|Jackson|\\"(status|title|detail)\\"' "$rev" -- '*/src/main/*.java' \
  | sed "s/^$rev://" | while read -r file; do
    git show "$rev:$file" | grep -qi 'problem' && echo "  $file"
  done

echo
echo "## Where scope rules are written: Java (hard-coded rules) and YAML (platform.security.rules)"
git grep -l -E 'hasAuthority\("SCOPE_|hasScope\(|class ScopeRules' "$rev" -- '*/src/main/*.java' | sed "s/^$rev:/  java: /" || true
git grep -l -E '^    rules:' "$rev" -- '*/src/main/resources/application*.yaml' | sed "s/^$rev:/  yaml: /" || true

echo
echo "## Settings that bound a call to another service (timeouts, deadlines), in configuration and Java"
git grep -n -i -E '(timeout|deadline)[a-z-]*[:=]' "$rev" -- '*/src/main/resources/application*.yaml' \
  '*/src/main/resources/META-INF/platform/defaults.properties' | sed "s/^$rev:/  /" \
  | grep -v -E 'shutdown|health|session|lifecycle|keep-alive|connection-timeout|idle' || true
git grep -n -E 'Duration [a-zA-Z]*[tT]imeout\(\)|[a-zA-Z]*Timeout\(\)' "$rev" -- '*/src/main/*Properties.java' \
  | sed "s/^$rev:/  /" || true
