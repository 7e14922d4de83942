# ./platform demo: one order through the gateway as the demo user, its notification and its trace id; also CI's
# smoke test of the running platform (sourced by ./platform).
# It works against any running platform, by URL: the gateway at GATEWAY_URL (PLATFORM_GATEWAY_URL, default the one
# ./platform up and docker compose publish) and auth-server at AUTH_URL (PLATFORM_AUTH_URL). What it shows besides the
# API (which services logged the trace) comes from where this machine can see the logs: ./platform up's files under
# .platform/logs, or `docker compose logs`; when neither has them it says so.
# shellcheck shell=bash

cmd_demo() {
  have curl || die "the demo needs curl"
  [ "$(http_status "$GATEWAY_URL/readyz" 5)" = 200 ] || die "no platform answers at $GATEWAY_URL/readyz: start one" \
    "(./platform up, or docker compose up --build --wait) or point PLATFORM_GATEWAY_URL at its gateway"

  # The demo acts as the demo user: a fresh token unless one is given
  if [ -z "${PLATFORM_DEMO_TOKEN:-}" ]; then
    PLATFORM_DEMO_TOKEN="$(token_for_demo_user | tail -n 1)"
  fi
  AUTH_ARGS=(-H "Authorization: Bearer $PLATFORM_DEMO_TOKEN")

  local stamp email customer_id order_id trace_id span_id
  stamp="$(date +%Y%m%d%H%M%S)-$(random_hex 3)"
  email="demo-$stamp@example.com"
  trace_id="$(random_hex 16)"
  span_id="$(random_hex 8)"

  say "creating a customer through the gateway ($email, credit limit 500.00)"
  call POST "$GATEWAY_URL/api/customers" "{\"name\":\"Demo Customer $stamp\",\"email\":\"$email\",\"creditLimit\":500.00}"
  if [ "$RESPONSE_STATUS" != 201 ]; then
    json_pretty "$RESPONSE_BODY" >&2
    die "POST /api/customers answered $RESPONSE_STATUS, expected 201"
  fi
  json_pretty "$RESPONSE_BODY"
  customer_id="$(json_field "$RESPONSE_BODY" id)"
  [ -n "$customer_id" ] || die "no id in the customer response"

  say "placing an order of 2 x 19.99 (traceparent 00-$trace_id-$span_id-01)"
  call POST "$GATEWAY_URL/api/orders" \
    "{\"customerId\":\"$customer_id\",\"items\":[{\"sku\":\"DEMO-MUG\",\"quantity\":2,\"unitPrice\":19.99}]}" \
    -H "traceparent: 00-$trace_id-$span_id-01"
  if [ "$RESPONSE_STATUS" != 201 ]; then
    json_pretty "$RESPONSE_BODY" >&2
    die "POST /api/orders answered $RESPONSE_STATUS, expected 201"
  fi
  json_pretty "$RESPONSE_BODY"
  order_id="$(json_field "$RESPONSE_BODY" id)"
  [ -n "$order_id" ] || die "no id in the order response"
  local order_status
  order_status="$(json_field "$RESPONSE_BODY" status)"
  local confirmed=yes
  if [ "$order_status" != CONFIRMED ]; then
    confirmed=""
    warn "the order is $order_status, expected CONFIRMED"
  fi

  say "waiting for the notification of order $order_id (up to 30 s)"
  local started=$SECONDS found=""
  while ((SECONDS - started < 30)); do
    call GET "$GATEWAY_URL/api/notifications?orderId=$order_id" ""
    # a list with a notification in it (each has an id; an empty list has none)
    if [ "$RESPONSE_STATUS" = 200 ] && [ -n "$(json_field "$RESPONSE_BODY" id)" ]; then
      found=yes
      break
    fi
    sleep 1
  done
  if [ -z "$found" ]; then
    warn "no notification for order $order_id after 30 s (last answer: $RESPONSE_STATUS); see ./platform logs notification-service"
  else
    say "notification after $((SECONDS - started))s:"
    json_pretty "$RESPONSE_BODY"
  fi

  echo
  # The demo chose the trace id itself (the traceparent of the order request): nothing to look up afterwards
  echo "Trace id of the order request: $trace_id"
  show_trace_loggers "$trace_id"
  # The order's waterfall from Zipkin (trace.sh); says so when Zipkin does not answer, fails when the trace stays incomplete
  demo_trace "$trace_id" || die "demo failed: the order's trace in Zipkin is incomplete (see above)"
  # The demo is also CI's smoke test of the running platform: anything short of the full flow fails it
  [ -n "$confirmed" ] || die "demo failed: the order is $order_status, not CONFIRMED"
  [ -n "$found" ] || die "demo failed: the notification of order $order_id never arrived"
  say "demo passed: order CONFIRMED and notified"
}

# Which services logged the trace id, from the logs this machine can see: the files of ./platform up when it started
# the gateway, else the containers of this checkout's compose project; otherwise it says the view is not available.
show_trace_loggers() {
  local trace_id="$1" name loggers=""
  if [ -n "$(running_pid gateway)" ]; then
    sleep 1 # let the last log lines reach the files
    for name in $SERVICES; do
      if [ -f "$LOG_DIR/$name.log" ] && grep -qF "$trace_id" "$LOG_DIR/$name.log"; then loggers="$loggers $name"; fi
    done
    if [ -n "$loggers" ]; then
      echo "Services that logged it:$loggers"
      echo "  e.g. grep $trace_id $LOG_DIR/*.log"
    else
      echo "No service log line contains it yet (services log little at INFO); grep $trace_id $LOG_DIR/*.log"
    fi
  elif compose_running gateway; then
    sleep 1
    for name in $SERVICES; do
      if (cd "$ROOT" && docker compose logs --no-log-prefix "$name" 2>/dev/null) | grep -qF "$trace_id"; then
        loggers="$loggers $name"
      fi
    done
    if [ -n "$loggers" ]; then
      echo "Services that logged it (docker compose logs):$loggers"
    else
      echo "No container log line contains it yet (services log little at INFO)"
    fi
    echo "  e.g. docker compose logs | grep $trace_id"
  else
    echo "Which services logged it: not available here (the gateway at $GATEWAY_URL was started neither by"
    echo "  ./platform up nor by docker compose from this checkout); search your log system for $trace_id"
  fi
  if [ "$(http_status http://127.0.0.1:3000/api/health)" = 200 ]; then
    echo "The trace in Grafana (http://127.0.0.1:3000): Explore -> Tempo -> TraceQL -> $trace_id"
  fi
}

# True when this checkout's compose project runs the service (Docker engine from the environment, e.g. DOCKER_HOST)
compose_running() {
  have docker && compose_file_present \
    && [ -n "$(cd "$ROOT" && docker compose ps --quiet --status running "$1" 2>/dev/null)" ]
}
