# The platform's services as ./platform runs them: names in start order, databases, ports, jars (sourced).
# All of it comes from platform.yaml, the one declaration of the services, through platform-cli (cli.sh): this file
# only turns its answer into the variables and functions the scripts use. Needs common.sh.
# Also read by tools/render-panels (the management ports it scrapes) and benchmarks/startup-memory.sh (the services).
# shellcheck shell=bash

# shellcheck source=tools/platform/cli.sh
. "$(dirname "${BASH_SOURCE[0]}")/cli.sh"

# Sets SERVICES (in start order: each service after those it calls), DATABASES, STARTED_INFRASTRUCTURE and one
# DECLARED_<WHAT>_<name, hyphens as underscores> variable per value (platform-cli shell prints them).
load_declaration() {
  local assignments
  assignments="$(platform_cli shell "$ROOT/platform.yaml")" \
    || die "platform.yaml cannot be used (the problems are above; ./platform check lists them)"
  eval "$assignments"
}
load_declaration

# declared <WHAT> <name>: the value of DECLARED_<WHAT>_<name>; fails when it is not declared or empty
declared() {
  case "$2" in "" | *[!a-z0-9-]*) return 1 ;; esac # not a declared name, and never an odd variable name
  local variable="DECLARED_$1_${2//-/_}"
  [ -n "${!variable:-}" ] || return 1
  echo "${!variable}"
}

# A service's HTTP port; also the port of what ./platform starts beside the services (kafka)
port_of() {
  declared HTTP_PORT "$1" && return 0
  case " $STARTED_INFRASTRUCTURE " in *" $1 "*) declared PORT "$1" ;; *) return 1 ;; esac
}

# Actuator (metrics, dead letters) is on a separate management port, never routed by the gateway
management_port_of() { declared MANAGEMENT_PORT "$1"; }
grpc_port_of() { declared GRPC_PORT "$1"; }
controller_port_of() { declared CONTROLLER_PORT "$1"; } # kafka's KRaft controller
database_of() { declared DATABASE "$1"; }
uses_kafka() { declared PUBLISHES "$1" >/dev/null || declared CONSUMES "$1" >/dev/null; }

# Where ./platform demo and bench reach the gateway: PLATFORM_GATEWAY_URL, else the port that ./platform up and
# docker compose both use
GATEWAY_URL="${PLATFORM_GATEWAY_URL:-http://127.0.0.1:$(port_of gateway || true)}"

jar_of() { echo "$ROOT/$1/target/$1-$VERSION.jar"; }
