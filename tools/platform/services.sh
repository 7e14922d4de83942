# The platform's services as ./platform runs them: names in start order, databases, ports, jars (sourced).
# Also read by tools/render-panels (the management ports it scrapes).
# shellcheck shell=bash

VERSION="0.1.0-SNAPSHOT"

# Start order follows the call graph: order-service calls customer-service (gRPC),
# notification-service calls customer-service (REST), the gateway fronts them all.
# auth-server (the token issuer) calls nobody and starts first: the gateway validates tokens against it.
SERVICES="auth-server customer-service order-service notification-service gateway"
DATABASES="customer_service order_service notification_service"

port_of() {
  case "$1" in
    gateway) echo 8080 ;;
    auth-server) echo 9000 ;;
    customer-service) echo 8081 ;;
    order-service) echo 8082 ;;
    notification-service) echo 8083 ;;
    kafka) echo 9092 ;;
    *) return 1 ;;
  esac
}

# Actuator (metrics, dead letters) is on a separate management port, never routed by the gateway
management_port_of() {
  case "$1" in
    gateway) echo 8180 ;;
    auth-server) echo 9100 ;;
    customer-service) echo 8181 ;;
    order-service) echo 8182 ;;
    notification-service) echo 8183 ;;
    *) return 1 ;;
  esac
}

GATEWAY_URL="http://127.0.0.1:8080"

jar_of() { echo "$ROOT/$1/target/$1-$VERSION.jar"; }
