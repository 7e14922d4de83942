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
#   infra/observability/render-panels.sh
#
# Also runs `promtool check rules` on the alert rule files (Prometheus format; Grafana-provisioned alert files
# are skipped and named) and `promtool check config` on the generated Prometheus config.
# Needs prometheus + promtool (Debian: prometheus), curl and a Python with matplotlib (Debian:
# python3-matplotlib); installs them with apt-get when run as root, else says what to install.
#
# Environment:
#   RENDER_TRAFFIC_SECONDS   how long traffic runs (default 240)
#   RENDER_SCRAPE_SECONDS    scrape and rule evaluation interval (default 5)
#   RENDER_PAUSE             seconds between two traffic rounds (default 0.5; one round is ~2-3 requests)
#   RENDER_OUT               where the PNGs go (default docs/observability)
#   PLATFORM_GATEWAY_URL     default http://127.0.0.1:8080
#   PLATFORM_METRICS_HOST    host of the management ports (default 127.0.0.1)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OBS="$ROOT/infra/observability"
DASHBOARDS="$OBS/grafana/dashboards"
OUT="${RENDER_OUT:-$ROOT/docs/observability}"
GATEWAY="${PLATFORM_GATEWAY_URL:-http://127.0.0.1:8080}"
METRICS_HOST="${PLATFORM_METRICS_HOST:-127.0.0.1}"
TRAFFIC_SECONDS="${RENDER_TRAFFIC_SECONDS:-240}"
SCRAPE="${RENDER_SCRAPE_SECONDS:-5}"
PAUSE="${RENDER_PAUSE:-0.5}"
# The management ports of ./platform (management_port_of) and of compose: actuator is served only there
SERVICES="gateway:8180 customer-service:8181 order-service:8182 notification-service:8183 auth-server:9100"

say() { printf '==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# need <command> <Debian package>: installs it with apt-get when root, else says what to install
need() {
  command -v "$1" >/dev/null 2>&1 && return 0
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    say "installing $2 (apt-get)"
    apt-get install -y -q "$2" >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q "$2" >/dev/null 2>&1; } || true
  fi
  command -v "$1" >/dev/null 2>&1 || die "$1 is missing (Debian/Ubuntu: apt-get install $2; elsewhere: a Prometheus 2.x release, which contains promtool)"
}
need curl curl
need prometheus prometheus
need promtool prometheus

# The Python that has matplotlib (Debian's python3-matplotlib lives in /usr/bin/python3, not in a pyenv/venv one)
PY=""
for candidate in python3 /usr/bin/python3; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import matplotlib' 2>/dev/null; then PY="$candidate"; break; fi
done
if [ -z "$PY" ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  say "installing python3-matplotlib (apt-get)"
  apt-get install -y -q python3-matplotlib >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q python3-matplotlib >/dev/null 2>&1; } || true
  /usr/bin/python3 -c 'import matplotlib' 2>/dev/null && PY=/usr/bin/python3
fi
[ -n "$PY" ] || die "matplotlib is missing (Debian/Ubuntu: apt-get install python3-matplotlib; elsewhere: pip install matplotlib)"

# 1. The platform must be running, with its metrics on the management ports
[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "$GATEWAY/readyz" || true)" = 200 ] \
  || die "the platform is not running (no 200 from $GATEWAY/readyz): start it with ./platform up"
missing=""
for service in $SERVICES; do
  code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://$METRICS_HOST:${service#*:}/actuator/prometheus" || true)"
  [ "$code" = 200 ] || missing="$missing ${service%%:*} (port ${service#*:}: ${code/000/no answer})"
done
[ -z "$missing" ] || die "no metrics from:$missing. Is the platform running with its management ports \
(./platform up; a platform started by an older ./platform has none: ./platform down && ./platform up)?"

# 2. The alert rules: promtool when they are Prometheus rule files
rule_files=()
for file in "$OBS"/prometheus/rules/*.y*ml "$OBS"/grafana/provisioning/alerting/*.y*ml; do
  [ -f "$file" ] || continue
  if grep -q '^apiVersion:' "$file"; then
    say "skipping ${file#"$ROOT"/}: Grafana-provisioned alert format, promtool cannot check it"
  else
    say "promtool check rules ${file#"$ROOT"/}"
    promtool check rules "$file"
    rule_files+=("$file")
  fi
done

# 3. A throwaway Prometheus: own data dir, free port, the compose scrape job with short intervals
work="$(mktemp -d "${TMPDIR:-/tmp}/render-panels.XXXXXX")"
prom_pid=""
proxy_pid=""
cleanup() {
  if [ -n "$proxy_pid" ] && kill -0 "$proxy_pid" 2>/dev/null; then
    kill "$proxy_pid" 2>/dev/null || true
    wait "$proxy_pid" 2>/dev/null || true
  fi
  if [ -n "$prom_pid" ] && kill -0 "$prom_pid" 2>/dev/null; then
    kill "$prom_pid" 2>/dev/null || true
    wait "$prom_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port="$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

# Prometheus before 2.43 rejects the whole scrape when an exemplar sits on a histogram's _count line ("metric name
# http_server_requests_seconds_count does not support exemplars"), and Micrometer puts one there. Debian 12 ships
# 2.42: then a small local proxy strips those exemplars (the ones on _bucket lines, which the latency panels show,
# stay). Prometheus 2.43+ (otel-lgtm has 3.x) scrapes the services directly.
prom_version="$(prometheus --version 2>&1 | sed -n '1s/^prometheus, version \([0-9]*\)\.\([0-9]*\).*/\1 \2/p')"
read -r prom_major prom_minor <<<"${prom_version:-0 0}"
if [ "$prom_major" -lt 2 ] || { [ "$prom_major" = 2 ] && [ "$prom_minor" -lt 43 ]; }; then
  "$PY" - "$METRICS_HOST" "$work/proxy.port" <<'PROXY' &
import re, sys, urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

host, port_file = sys.argv[1], sys.argv[2]
SAMPLE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)[^#]* # \{")

def strip(line):  # keeps exemplars where OpenMetrics 1.0 allows them: histogram buckets and counters
    m = SAMPLE.match(line)
    if m and not m.group(1).endswith(("_bucket", "_total")):
        return line[:line.index(" # {")]
    return line

class Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # /<management port>/actuator/prometheus
        port, _, path = self.path.lstrip("/").partition("/")
        request = urllib.request.Request(f"http://{host}:{int(port)}/{path}",
                                         headers={"Accept": self.headers.get("Accept", "*/*")})
        try:
            with urllib.request.urlopen(request, timeout=10) as r:
                body, content_type = r.read().decode(), r.headers.get("Content-Type", "text/plain")
        except Exception as e:
            self.send_error(502, str(e))
            return
        data = "\n".join(strip(line) for line in body.split("\n")).encode()
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass

server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(port_file, "w") as f:
    f.write(str(server.server_address[1]))
server.serve_forever()
PROXY
  proxy_pid=$!
  for _ in $(seq 1 50); do [ -s "$work/proxy.port" ] && break; sleep 0.1; done
  [ -s "$work/proxy.port" ] || die "the exemplar proxy did not start"
  proxy_port="$(cat "$work/proxy.port")"
  say "Prometheus $prom_major.$prom_minor < 2.43: scraping through a local proxy (127.0.0.1:$proxy_port) that drops exemplars on _count lines"
fi

config="$work/prometheus.yaml"
{
  echo "# Generated by infra/observability/render-panels.sh: the scrape job of prometheus/prometheus-compose.yaml"
  echo "# (job platform, instance <service>:<management port> as in compose), scraping every ${SCRAPE}s."
  echo "global:"
  echo "  scrape_interval: ${SCRAPE}s"
  echo "  scrape_timeout: $((SCRAPE > 1 ? SCRAPE - 1 : 1))s"
  echo "  evaluation_interval: ${SCRAPE}s"
  echo "rule_files:"
  if [ ${#rule_files[@]} -eq 0 ]; then echo "  []"; fi
  for file in "${rule_files[@]}"; do echo "  - \"$file\""; done
  echo "scrape_configs:"
  echo "  - job_name: platform"
  echo "    metrics_path: /actuator/prometheus"
  echo "    static_configs:"
  for service in $SERVICES; do
    if [ -n "$proxy_pid" ]; then
      echo "      - targets: [\"127.0.0.1:$proxy_port\"]"
      echo "        labels: {instance: \"$service\", __metrics_path__: \"/${service#*:}/actuator/prometheus\"}"
    else
      echo "      - targets: [\"$METRICS_HOST:${service#*:}\"]"
      echo "        labels: {instance: \"$service\"}"
    fi
  done
} >"$config"
say "promtool check config (generated, $config)"
promtool check config "$config"

say "starting Prometheus on 127.0.0.1:$port (data in $work/data, scrape every ${SCRAPE}s, exemplar storage on)"
prometheus --config.file="$config" --storage.tsdb.path="$work/data" --web.listen-address="127.0.0.1:$port" \
  --enable-feature=exemplar-storage --storage.tsdb.retention.time=1d --log.level=warn >"$work/prometheus.log" 2>&1 &
prom_pid=$!
PROM="http://127.0.0.1:$port"
targets="$(echo $SERVICES | wc -w)"
for _ in $(seq 1 60); do
  up="$(curl -s "$PROM/api/v1/query" --data-urlencode 'query=sum(up{job="platform"})' 2>/dev/null |
    sed -n 's/.*"value":\[[^,]*,"\([0-9.]*\)".*/\1/p' || true)"
  [ "${up:-0}" = "$targets" ] && break
  kill -0 "$prom_pid" 2>/dev/null || { cat "$work/prometheus.log" >&2; die "Prometheus stopped"; }
  sleep 1
done
[ "${up:-0}" = "$targets" ] || die "Prometheus scrapes ${up:-0} of $targets targets after 60 s ($PROM/targets)"
say "Prometheus scrapes all $targets services"

# 4. Traffic through the gateway: orders (confirmed and rejected), cancels, reads, 404s, 422s and 400s
start="$(date +%s)"
sleep $((SCRAPE * 3)) # a few scrapes before the traffic: the panels show it start

token=""
token_at=0
fresh_token() { # client-credentials token of platform-cli; tokens live 5 minutes
  if [ -z "$token" ] || [ $(($(date +%s) - token_at)) -gt 200 ]; then
    token="$("$ROOT/platform" token --client 2>/dev/null | tail -n 1 || true)"
    token_at="$(date +%s)"
    [ -n "$token" ] || die "no token from ./platform token --client"
  fi
}
declare -A counts=()
body=""
api() { # api <label> <method> <path> [json]: sets $body, counts "<label> <status>"
  local label="$1" method="$2" path="$3" data="${4:-}" out status
  fresh_token
  if [ -n "$data" ]; then
    out="$(curl -s --max-time 10 -w '\n%{http_code}' -X "$method" -H "Authorization: Bearer $token" \
      -H 'Content-Type: application/json' -d "$data" "$GATEWAY$path" || true)"
  else
    out="$(curl -s --max-time 10 -w '\n%{http_code}' -X "$method" -H "Authorization: Bearer $token" "$GATEWAY$path" || true)"
  fi
  status="${out##*$'\n'}"
  body="${out%$'\n'*}"
  last_status="$status"
  counts["$label $status"]=$((${counts["$label $status"]:-0} + 1))
}
id_of() { printf '%s' "$body" | grep -o '"id":"[^"]*"' | head -n 1 | cut -d'"' -f4 || true; }
uuid() { cat /proc/sys/kernel/random/uuid 2>/dev/null || "$PY" -c 'import uuid; print(uuid.uuid4())'; }

create_customer() { # create_customer <name> <credit limit>: prints nothing, sets $body; retries a 429 (rate limit)
  local attempt
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    api "POST /api/customers" POST /api/customers \
      "{\"name\":\"Render $1 $stamp\",\"email\":\"render-$1-$stamp@example.com\",\"creditLimit\":$2}"
    [ "$last_status" = 429 ] || return 0
    sleep 2
  done
}
last_status=""
stamp="$(date +%s)"
create_customer rich 1000000
rich="$(id_of)"
[ -n "$rich" ] || die "could not create a customer through the gateway ($last_status): $body"
create_customer poor 30
poor="$(id_of)"
[ -n "$poor" ] || die "could not create a customer through the gateway ($last_status): $body"
say "traffic for ${TRAFFIC_SECONDS}s through $GATEWAY (customers $rich and $poor)"

traffic_start="$(date +%s)"
round=0
last_order=""
while [ $(($(date +%s) - traffic_start)) -lt "$TRAFFIC_SECONDS" ]; do
  round=$((round + 1))
  api "POST /api/orders (confirmed)" POST /api/orders \
    "{\"customerId\":\"$rich\",\"items\":[{\"sku\":\"RENDER-MUG\",\"quantity\":$((round % 3 + 1)),\"unitPrice\":9.99}]}"
  last_order="$(id_of)"
  if ((round % 3 == 0)); then # over the credit limit: 201 REJECTED, an OrderRejected event
    api "POST /api/orders (over the limit)" POST /api/orders \
      "{\"customerId\":\"$poor\",\"items\":[{\"sku\":\"RENDER-TV\",\"quantity\":1,\"unitPrice\":499.00}]}"
  fi
  ((round % 4 == 0)) && api "GET /api/orders/{unknown}" GET "/api/orders/$(uuid)"
  ((round % 5 == 0)) && [ -n "$last_order" ] && api "GET /api/notifications?orderId=" GET "/api/notifications?orderId=$last_order"
  ((round % 6 == 0)) && [ -n "$last_order" ] && api "POST /api/orders/{id}/cancel" POST "/api/orders/$last_order/cancel"
  ((round % 7 == 0)) && api "GET /api/customers/{id}/order-statistics" GET "/api/customers/$rich/order-statistics"
  ((round % 8 == 0)) && api "POST /api/orders (unknown customer)" POST /api/orders \
    "{\"customerId\":\"$(uuid)\",\"items\":[{\"sku\":\"RENDER-MUG\",\"quantity\":1,\"unitPrice\":9.99}]}"
  ((round % 9 == 0)) && api "GET /api/customers/{unknown}" GET "/api/customers/$(uuid)"
  ((round % 10 == 0)) && api "POST /api/orders (invalid body)" POST /api/orders '{"customerId":"not-a-uuid","items":[]}'
  ((round % 2 == 0)) && api "GET /api/orders?customerId=" GET "/api/orders?customerId=$rich"
  sleep "$PAUSE"
done
traffic_end="$(date +%s)"
total=0
for key in "${!counts[@]}"; do total=$((total + counts[$key])); done
say "sent $total requests in $((traffic_end - traffic_start))s ($(awk -v n="$total" -v s="$((traffic_end - traffic_start))" 'BEGIN {printf "%.1f", n / s}') req/s), by answer:"
for key in "${!counts[@]}"; do printf '  %5d  %s\n' "${counts[$key]}" "$key"; done | sort -k2

sleep $((SCRAPE * 6)) # let the last events be consumed and scraped
end="$(date +%s)"

# 5. Every panel, from its own queries
mkdir -p "$OUT"
say "rendering the dashboards into ${OUT#"$ROOT"/}/"
"$PY" - "$PROM" "$start" "$end" "$SCRAPE" "$DASHBOARDS" "$OUT" "$traffic_start" "$traffic_end" <<'PY'
import glob, json, math, os, re, sys, urllib.parse, urllib.request
from datetime import datetime, timezone

import matplotlib
matplotlib.use("Agg")
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
from matplotlib.ticker import FuncFormatter, MaxNLocator, MultipleLocator

prom, start, end, scrape, dash_dir, out_dir, t_start, t_end = sys.argv[1:9]
start, end, scrape, t_start, t_end = int(start), int(end), int(scrape), int(t_start), int(t_end)
step = scrape                                  # Grafana's $__interval floors at the data source's scrape interval
rate_interval = max(step + scrape, 4 * scrape)  # Grafana's $__rate_interval: max($__interval + scrape, 4 x scrape)

def substitute(expr):
    expr = re.sub(r"\$\{?__rate_interval\}?", f"{rate_interval}s", expr)
    expr = re.sub(r"\$\{?__interval\}?", f"{step}s", expr)
    expr = re.sub(r"\$\{?__range\}?", f"{end - start}s", expr)
    # every dashboard variable at "All" (allValue ".*")
    return re.sub(r"\$\{(\w+)(:\w+)?\}|\[\[(\w+)\]\]|\$(\w+)", ".*", expr)

def get(path, **params):
    url = f"{prom}{path}?{urllib.parse.urlencode(params)}"
    with urllib.request.urlopen(url, timeout=60) as r:
        payload = json.load(r)
    if payload.get("status") != "success":
        raise RuntimeError(payload)
    return payload["data"]

def legend_of(fmt, metric, expr):
    if fmt and fmt != "__auto":
        text = re.sub(r"\{\{\s*(\w+)\s*\}\}", lambda m: metric.get(m.group(1), ""), fmt)
        return re.sub(r"\s+", " ", text).strip() or "(empty)"
    labels = ", ".join(f'{k}="{v}"' for k, v in sorted(metric.items()) if k != "__name__")
    return f"{metric.get('__name__', '')}{{{labels}}}" if labels or metric.get("__name__") else expr[:60]

def si(v, suffix=""):
    a = abs(v)
    for factor, prefix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if a >= factor:
            return f"{v / factor:.3g} {prefix}{suffix}".strip()
    return f"{v:.3g} {suffix}".strip() if v else f"0 {suffix}".strip()

def fmt_seconds(v):
    a = abs(v)
    if a == 0: return "0 s"
    if a < 1e-3: return f"{v * 1e6:.3g} µs"
    if a < 1: return f"{v * 1e3:.3g} ms"
    return f"{v:.3g} s"

def fmt_bytes(v):
    a = abs(v)
    for factor, unit in ((2**30, "GiB"), (2**20, "MiB"), (2**10, "KiB")):
        if a >= factor:
            return f"{v / factor:.3g} {unit}"
    return f"{v:.3g} B"

FORMATS = {
    "reqps": lambda v: si(v, "req/s"), "ops": lambda v: si(v, "ops/s"),
    "percentunit": lambda v: f"{v * 100:.3g}%", "percent": lambda v: f"{v:.3g}%",
    "s": fmt_seconds, "bytes": fmt_bytes, "short": lambda v: si(v),
}

def panels_of(dashboard):
    for p in dashboard.get("panels", []):
        if p.get("type") == "row":
            yield from p.get("panels", [])
        else:
            yield p

COLORS = ["#56A64B", "#E0B400", "#3274D9", "#FF780A", "#E02F44", "#8AB8FF", "#A352CC", "#37872D",
          "#FADE2A", "#1F60C4", "#C4162A", "#8F3BB8", "#73BF69", "#FF9830", "#5794F2", "#F2495C"]
EXEMPLAR_CELLS = 90                 # like Grafana, show a sample of the exemplars: one per time x log(value) cell
WIDTH, UNIT = 16.0, 0.40            # inches: figure width, height of one Grafana grid unit
HEADER, TITLE, TICKS, LEGEND_LINE, GAP, LEFT, RIGHT = 0.75, 0.34, 0.30, 0.20, 0.25, 0.95, 0.25

def sample(exemplars):
    cells = {}
    width = max(1.0, (end - start) / EXEMPLAR_CELLS)
    for t, v in sorted(exemplars):
        cells.setdefault((int((t - start) // width), round(math.log(max(v, 1e-6), 1.6))), (t, v))
    return list(cells.values())

def query_panel(panel):
    series, exemplars = [], []
    for index, target in enumerate(panel["targets"]):
        expr = substitute(target["expr"])
        for result in get("/api/v1/query_range", query=expr, start=start, end=end, step=step)["result"]:
            points = [(float(t), float(v)) for t, v in result["values"]]
            points = [(t, v) for t, v in points if not math.isnan(v) and not math.isinf(v)]
            if points:
                series.append((index, legend_of(target.get("legendFormat"), result["metric"], expr), points))
        if target.get("exemplar"):
            for group in get("/api/v1/query_exemplars", query=expr, start=start, end=end):
                exemplars += [(float(e["timestamp"]), float(e["value"])) for e in group["exemplars"]]
    series.sort(key=lambda s: (s[0], s[1]))    # Grafana's order: query A, B, ..., then the series' labels
    if len(series) > max_legend(panel):        # too many for a readable legend: the largest ones first
        series.sort(key=lambda s: -max(v for _, v in s[2]))
    return [(label, points) for _, label, points in series], exemplars

def max_legend(panel):
    return 18 if panel["gridPos"]["w"] >= 24 else 14

def legend_columns(panel):
    return 3 if panel["gridPos"]["w"] >= 24 else 2

def legend_rows(panel, series):
    entries = min(len(series), max_legend(panel)) + (1 if len(series) > max_legend(panel) else 0)
    return math.ceil(entries / legend_columns(panel))

def ts(t):
    return datetime.fromtimestamp(t, timezone.utc)

summary = []
for path in sorted(glob.glob(os.path.join(dash_dir, "*.json"))):
    dashboard = json.load(open(path))
    name = dashboard.get("uid") or os.path.splitext(os.path.basename(path))[0]
    print(f"\n{dashboard.get('title')} ({os.path.basename(path)})")
    panels = [(p, *query_panel(p)) for p in panels_of(dashboard) if p.get("targets")]

    # Layout in inches: the dashboard's grid (24 columns), each grid row band as tall as its panels plus the
    # largest legend in it (Grafana's "list" legend under the graph)
    bands = sorted({p["gridPos"]["y"] for p, *_ in panels})
    band_height = {}
    for y in bands:
        members = [(p, s) for p, s, _ in panels if p["gridPos"]["y"] == y]
        band_height[y] = (max(p["gridPos"]["h"] for p, _ in members) * UNIT + TITLE + TICKS + GAP
                          + max(legend_rows(p, s) for p, s in members) * LEGEND_LINE)
    band_top, top = {}, HEADER
    for y in bands:
        band_top[y], top = top, top + band_height[y]
    height = top
    fig = plt.figure(figsize=(WIDTH, height), dpi=100, facecolor="white")

    with_data = 0
    for panel, series, exemplars in panels:
        g = panel["gridPos"]
        left = g["x"] / 24 * WIDTH + LEFT
        width = g["w"] / 24 * WIDTH - LEFT - RIGHT
        axes_top = band_top[g["y"]] + TITLE
        axes_height = g["h"] * UNIT
        ax = fig.add_axes([left / WIDTH, 1 - (axes_top + axes_height) / height, width / WIDTH, axes_height / height])
        unit = panel.get("fieldConfig", {}).get("defaults", {}).get("unit", "short")

        has_data = bool(series)
        all_zero = has_data and all(v == 0 for _, pts in series for _, v in pts)
        with_data += has_data
        state = ("data, all 0" if all_zero else "data") if has_data else "NO DATA"
        shown = sample(exemplars)
        extra = f", {len(exemplars)} exemplars, {len(shown)} drawn" if exemplars else ""
        print(f"  {'+' if has_data else '-'} {panel.get('title')}: {state} ({len(series)} series{extra})")
        summary.append((name, panel.get("title"), state, len(series)))

        for i, (label, points) in enumerate(series):
            ax.plot([ts(t) for t, _ in points], [v for _, v in points], color=COLORS[i % len(COLORS)],
                    linewidth=1.6, label=label if i < max_legend(panel) else "_more")
        if shown:
            ax.scatter([ts(t) for t, _ in shown], [v for _, v in shown], s=16, marker="D", color="#8F3BB8",
                       alpha=0.6, zorder=3, linewidths=0, label="_exemplars")
        title = panel.get("title", "") + (f"   (dots: {len(shown)} of {len(exemplars)} exemplars)" if exemplars else "")
        fig.text(left / WIDTH, 1 - (axes_top - 0.08) / height, title, fontsize=12.5, fontweight="bold",
                 ha="left", va="bottom", color="#222222")
        ax.set_xlim(ts(start), ts(end))
        ax.axvspan(ts(t_start), ts(t_end), color="#3274D9", alpha=0.05, zorder=0)
        if end - start >= 240:
            minutes = max(1, math.ceil((end - start) / 60 / 8))
            ax.xaxis.set_major_locator(mdates.MinuteLocator(byminute=range(0, 60, minutes), tz=timezone.utc))
            ax.xaxis.set_major_formatter(mdates.DateFormatter("%H:%M", tz=timezone.utc))
        else:
            ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=4, maxticks=8, tz=timezone.utc))
            ax.xaxis.set_major_formatter(mdates.DateFormatter("%H:%M:%S", tz=timezone.utc))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _, f=FORMATS.get(unit, FORMATS["short"]): f(v)))
        ax.yaxis.set_major_locator(MaxNLocator(5))
        ax.tick_params(labelsize=9.5, colors="#444444")
        ax.grid(True, color="#e4e4e4", linewidth=0.7)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        for side in ("left", "bottom"):
            ax.spines[side].set_color("#bbbbbb")
        if not has_data:
            ax.set_yticks([])
            ax.text(0.5, 0.5, "No data", transform=ax.transAxes, ha="center", va="center", fontsize=15,
                    color="#999999")
            continue
        values = [v for _, pts in series for _, v in pts] + [v for _, v in shown]
        low, high = min(0, min(values)), max(values)
        if high <= low:
            high = low + 1
        ax.set_ylim(low, high + (high - low) * 0.08)
        if unit == "bytes":  # binary steps: 32 MiB, 64 MiB, ... rather than 38.1 MiB
            step_bytes = 2 ** 20
            while (high - low) / step_bytes > 5:
                step_bytes *= 2
            ax.yaxis.set_major_locator(MultipleLocator(step_bytes))
        handles, labels = ax.get_legend_handles_labels()
        if len(series) > max_legend(panel):
            handles.append(plt.Line2D([], [], color="none"))
            labels.append(f"... and {len(series) - max_legend(panel)} smaller series")
        fig.legend(handles, labels, loc="upper left", ncol=legend_columns(panel), fontsize=9, frameon=False,
                   bbox_to_anchor=(left / WIDTH, 1 - (axes_top + axes_height + TICKS) / height),
                   handlelength=1.4, columnspacing=1.4, borderaxespad=0, borderpad=0, labelspacing=0.25,
                   handletextpad=0.5)
    when = f"{ts(start):%Y-%m-%d %H:%M}-{ts(end):%H:%M} UTC"
    fig.text(LEFT / WIDTH / 3, 1 - 0.1 / height, dashboard.get("title"), fontsize=16, fontweight="bold",
             ha="left", va="top")
    fig.text(LEFT / WIDTH / 3, 1 - 0.42 / height,
             f"{when} · each panel's own PromQL, query_range (variables = All, step {step}s, "
             f"$__rate_interval = {rate_interval}s) · matplotlib, not a Grafana screenshot "
             f"(infra/observability/render-panels.sh) · shaded: traffic running", fontsize=10, ha="left", va="top",
             color="#555555")
    target = os.path.join(out_dir, f"{name}.png")
    fig.savefig(target, facecolor="white")
    plt.close(fig)
    print(f"  {with_data}/{len(panels)} panels with data -> {target}")

print("\nSummary (panels with data / total; 'all 0' = the series exist but stayed at 0)")
for d in sorted({d for d, *_ in summary}):
    rows = [s for s in summary if s[0] == d]
    print(f"  {d:22} {sum(s[2] != 'NO DATA' for s in rows):2} / {len(rows)}"
          f"   (all 0: {sum(s[2] == 'data, all 0' for s in rows)})")
print(f"  {'total':22} {sum(s[2] != 'NO DATA' for s in summary):2} / {len(summary)}")
PY

# 6. What the alert rules made of the run
say "alert rules at the end of the run (state: firing/pending/inactive)"
curl -s "$PROM/api/v1/rules?type=alert" | "$PY" -c '
import json, sys
for group in json.load(sys.stdin)["data"]["groups"]:
    for rule in group["rules"]:
        print("  %-8s %s (%d series)" % (rule["state"], rule["name"], len(rule.get("alerts", []))))' || true
say "done; Prometheus stops now"
