# ./platform replay: a service's dead letters, shown and re-published to their original topic (sourced by ./platform).
# By URL: the service's management port on this machine (where ./platform up runs it and docker compose publishes it,
# on 127.0.0.1), or --url <management base URL> for any other (Kubernetes port-forward, another host).
# shellcheck shell=bash

cmd_replay() {
  local name="" dry_run="" base=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --dry-run) dry_run=yes ;;
      --url) [ $# -ge 2 ] || die "--url needs a value, e.g. --url http://127.0.0.1:8183"; base="$2"; shift ;;
      --url=*) base="${1#--url=}" ;;
      -*) die "unknown option $1" ;;
      *) name="$1" ;;
    esac
    shift
  done
  # Any service platform.yaml declares with Kafka topics (consumed or published): those have dead letters
  if [ -z "$name" ] || ! uses_kafka "$name"; then
    local kafka_services="" service
    for service in $SERVICES; do if uses_kafka "$service"; then kafka_services="$kafka_services|$service"; fi; done
    die "usage: ./platform replay <${kafka_services#|}> [--dry-run] [--url <management base URL>]"
  fi
  have curl || die "replay needs curl"
  base="${base:-http://127.0.0.1:$(management_port_of "$name")}"
  local url="${base%/}/actuator/deadletters"
  if [ -n "${PLATFORM_DEMO_TOKEN:-}" ]; then AUTH_ARGS=(-H "Authorization: Bearer $PLATFORM_DEMO_TOKEN"); fi
  [ "$(http_status "$url" 5)" != 000 ] || die "nothing answers at $url: is $name running (./platform up, or" \
    "docker compose up, which publishes its management port on 127.0.0.1)? Elsewhere: --url <its management base URL>"
  call GET "$url" ""
  [ "$RESPONSE_STATUS" = 200 ] || die "GET $url answered $RESPONSE_STATUS: $RESPONSE_BODY"
  say "dead letters of $name before the replay ($url)"
  json_pretty "$RESPONSE_BODY"
  if [ -n "$dry_run" ]; then return 0; fi
  call POST "$url" ""
  [ "$RESPONSE_STATUS" = 200 ] || die "POST $url answered $RESPONSE_STATUS: $RESPONSE_BODY"
  say "replayed (records sent back to their original topic, per dead-letter topic)"
  json_pretty "$RESPONSE_BODY"
}
