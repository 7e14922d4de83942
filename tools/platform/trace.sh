# ./platform trace <trace-id>, and the order's waterfall at the end of ./platform demo: both from Zipkin's API
# through platform-cli trace (the waterfall, the waiting and the parsing are Java: platform-cli, package trace).
# Sourced by ./platform; needs cli.sh (platform_cli) and zipkin.sh (ZIPKIN_URL).
# shellcheck shell=bash

# The spans of the demo's order that must reach Zipkin: the request through the gateway, order-service, its gRPC
# credit check served by customer-service, the outbox relay's Kafka send, and notification-service's consumer with
# its REST lookup of the customer's contact details (service[:KIND[:part of the span name]])
DEMO_TRACE_SPANS=(gateway:SERVER order-service:SERVER customer-service:SERVER:reservecredit order-service:PRODUCER
  notification-service:CONSUMER notification-service:CLIENT)

cmd_trace() {
  case "${1:-}" in
    "" | -h | --help) die "usage: ./platform trace <trace-id> [--expect service[:KIND]]... [--wait <seconds>] (the waterfall of a trace, from Zipkin at $ZIPKIN_URL)" ;;
  esac
  platform_cli trace "$ZIPKIN_URL" "$@"
}

# demo_trace <trace-id>: prints the order's waterfall once all its spans have arrived (up to PLATFORM_TRACE_WAIT
# seconds, default 30), then its Zipkin URL. Zipkin not answering is not a failure of the demo: it says the trace is
# unavailable. Fails when Zipkin answers but the trace stays incomplete: the platform's tracing is broken then.
demo_trace() {
  local trace_id="$1" args=() span rc=0
  for span in "${DEMO_TRACE_SPANS[@]}"; do args+=(--expect "$span"); done
  echo
  say "the order's trace, from Zipkin ($ZIPKIN_URL)"
  platform_cli trace "$ZIPKIN_URL" "$trace_id" "${args[@]}" --wait "${PLATFORM_TRACE_WAIT:-30}" || rc=$?
  case "$rc" in
    0) echo "Its log lines, every service's merged in time order: ./platform logs --trace $trace_id" ;;
    3) warn "the trace is unavailable (Zipkin does not answer at $ZIPKIN_URL); the demo goes on without it" ;;
    *) return 1 ;;
  esac
}
