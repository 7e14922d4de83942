# ./platform replay: a service's dead letters, shown and re-published to their original topic (sourced by ./platform).
# shellcheck shell=bash

cmd_replay() {
  local name="${1:-}" dry_run="${2:-}"
  # Any service platform.yaml declares with Kafka topics (consumed or published): those have dead letters
  if [ -z "$name" ] || ! uses_kafka "$name"; then
    local kafka_services="" service
    for service in $SERVICES; do if uses_kafka "$service"; then kafka_services="$kafka_services|$service"; fi; done
    die "usage: ./platform replay <${kafka_services#|}> [--dry-run]"
  fi
  have curl || die "replay needs curl"
  local url
  url="http://127.0.0.1:$(management_port_of "$name")/actuator/deadletters"
  if [ -n "${PLATFORM_DEMO_TOKEN:-}" ]; then AUTH_ARGS=(-H "Authorization: Bearer $PLATFORM_DEMO_TOKEN"); fi
  call GET "$url" ""
  [ "$RESPONSE_STATUS" = 200 ] || die "GET $url answered $RESPONSE_STATUS: $RESPONSE_BODY"
  say "dead letters of $name before the replay"
  json_pretty "$RESPONSE_BODY"
  if [ "$dry_run" = --dry-run ]; then return 0; fi
  call POST "$url" ""
  [ "$RESPONSE_STATUS" = 200 ] || die "POST $url answered $RESPONSE_STATUS: $RESPONSE_BODY"
  say "replayed (records sent back to their original topic, per dead-letter topic)"
  json_pretty "$RESPONSE_BODY"
}
