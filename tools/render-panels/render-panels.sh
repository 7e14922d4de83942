#!/usr/bin/env bash
# Renders every panel of the Grafana dashboards (infra/observability/grafana/dashboards/*.json) from a real run of
# the platform, without Grafana: a throwaway Prometheus scrapes the running services the way the compose
# Prometheus does (job "platform", /actuator/prometheus on the management ports, instance "<service>:<port>",
# the platform's alert and recording rules loaded), traffic goes through the gateway for a few minutes, then each
# panel target's own PromQL is evaluated with query_range and drawn with matplotlib, one PNG per dashboard
# (docs/observability/<dashboard uid>.png), exemplars as dots where the panel asks for them.
# These are renderings of the dashboards' queries, not Grafana screenshots: same data, different drawing.
#
#   ./platform up                                 # first; this script never starts or stops the platform
#   tools/render-panels/render-panels.sh
#
# Also runs `promtool check rules` on the alert rule files (Prometheus format; Grafana-provisioned alert files
# are skipped and named) and `promtool check config` on the generated Prometheus config.
# Needs prometheus + promtool (Debian: prometheus), curl and a Python with matplotlib (Debian:
# python3-matplotlib); installs them with apt-get when run as root, else says what to install.
# This wrapper finds the tools and the management ports (tools/platform/services.sh); render_panels.py does the rest.
#
# Environment:
#   RENDER_TRAFFIC_SECONDS   how long traffic runs (default 240)
#   RENDER_SCRAPE_SECONDS    scrape and rule evaluation interval (default 5)
#   RENDER_PAUSE             seconds between two traffic rounds (default 0.5; one round is ~2-3 requests)
#   RENDER_OUT               where the PNGs go (default docs/observability)
#   PLATFORM_GATEWAY_URL     default http://127.0.0.1:8080
#   PLATFORM_METRICS_HOST    host of the management ports (default 127.0.0.1)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=tools/platform/common.sh
. "$HERE/../platform/common.sh"
# shellcheck source=tools/platform/services.sh
. "$HERE/../platform/services.sh"

prometheus_hint="elsewhere: a Prometheus 2.x release, which contains promtool"
need curl curl
need prometheus prometheus "$prometheus_hint"
need promtool prometheus "$prometheus_hint"
PY="$(matplotlib_python)" \
  || die "matplotlib is missing (Debian/Ubuntu: apt-get install python3-matplotlib; elsewhere: pip install matplotlib)"

# The management ports of ./platform (and of compose): actuator is served only there
targets=()
for service in $SERVICES; do targets+=("$service:$(management_port_of "$service")"); done

exec "$PY" "$HERE/render_panels.py" "$ROOT" "${targets[@]}"
