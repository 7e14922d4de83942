"""Renders every panel of the Grafana dashboards from a real run of the platform, without Grafana.

Run by tools/render-panels/render-panels.sh (which finds the tools: prometheus, promtool, a Python with matplotlib),
never alone:  render_panels.py <repository root> <service>:<management port>...

1. the platform must be running, with its metrics on the management ports;
2. `promtool check rules` on the Prometheus-format alert rule files (Grafana-provisioned ones are skipped);
3. a throwaway Prometheus (own data dir, free port) with the compose scrape job (job "platform", instance
   "<service>:<port>", the rules loaded), checked with `promtool check config`; Prometheus before 2.43 scrapes
   through a local proxy that drops the exemplars it would reject;
4. traffic through the gateway for RENDER_TRAFFIC_SECONDS (orders confirmed and rejected, cancels, reads, 404s,
   422s and 400s), as the machine client platform-cli (./platform token --client);
5. each panel target's own PromQL evaluated with query_range and drawn with matplotlib, one PNG per dashboard
   (RENDER_OUT/<dashboard uid>.png), exemplars as dots where the panel asks for them;
6. the state of each alert rule at the end.
"""
import glob, json, math, os, re, shutil, signal, socket, subprocess, sys, tempfile, threading, time, uuid
import urllib.error, urllib.parse, urllib.request
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import matplotlib
matplotlib.use("Agg")
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
from matplotlib.ticker import FuncFormatter, MaxNLocator, MultipleLocator

sys.stdout.reconfigure(line_buffering=True)

ROOT = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.getcwd()
TARGETS = sys.argv[2:]                         # "<service>:<management port>", as ./platform runs them
OBS = os.path.join(ROOT, "infra/observability")
DASHBOARDS = os.path.join(OBS, "grafana/dashboards")
OUT = os.environ.get("RENDER_OUT") or os.path.join(ROOT, "docs/observability")
GATEWAY = os.environ.get("PLATFORM_GATEWAY_URL") or "http://127.0.0.1:8080"
METRICS_HOST = os.environ.get("PLATFORM_METRICS_HOST") or "127.0.0.1"
TRAFFIC_SECONDS = int(os.environ.get("RENDER_TRAFFIC_SECONDS") or 240)
SCRAPE = int(os.environ.get("RENDER_SCRAPE_SECONDS") or 5)
PAUSE = float(os.environ.get("RENDER_PAUSE") or 0.5)


def say(message):
    print(f"==> {message}", flush=True)


class Failure(Exception):
    """A reason to stop, printed as `error: ...` (exit 1) after Prometheus and the proxy are stopped."""


def relative(path):
    return os.path.relpath(path, ROOT) if path.startswith(ROOT + os.sep) else path


def http_status(url, timeout):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code
    except Exception:
        return 0


def run(*command):
    """Runs a tool with its output on ours; its failure is ours."""
    result = subprocess.run(command)
    if result.returncode != 0:
        raise Failure(f"{' '.join(command)} failed (exit {result.returncode})")


# ---- 1. the platform, with metrics on the management ports ----------------------------------------------------
def check_platform():
    if http_status(f"{GATEWAY}/readyz", 3) != 200:
        raise Failure(f"the platform is not running (no 200 from {GATEWAY}/readyz): start it with ./platform up")
    missing = ""
    for target in TARGETS:
        service, port = target.split(":")
        code = http_status(f"http://{METRICS_HOST}:{port}/actuator/prometheus", 5)
        if code != 200:
            missing += f" {service} (port {port}: {code or 'no answer'})"
    if missing:
        raise Failure(f"no metrics from:{missing}. Is the platform running with its management ports "
                      "(./platform up; a platform started by an older ./platform has none: "
                      "./platform down && ./platform up)?")


# ---- 2. the alert rules: promtool when they are Prometheus rule files --------------------------------------------
def check_rules():
    rule_files = []
    candidates = sorted(glob.glob(os.path.join(OBS, "prometheus/rules/*.y*ml"))) + sorted(
        glob.glob(os.path.join(OBS, "grafana/provisioning/alerting/*.y*ml")))
    for path in candidates:
        with open(path) as f:
            grafana_format = any(line.startswith("apiVersion:") for line in f)
        if grafana_format:
            say(f"skipping {relative(path)}: Grafana-provisioned alert format, promtool cannot check it")
        else:
            say(f"promtool check rules {relative(path)}")
            run("promtool", "check", "rules", path)
            rule_files.append(path)
    return rule_files


# ---- 3. a throwaway Prometheus ----------------------------------------------------------------------------------
# Prometheus before 2.43 rejects the whole scrape when an exemplar sits on a histogram's _count line ("metric name
# http_server_requests_seconds_count does not support exemplars"), and Micrometer puts one there. Debian 12 ships
# 2.42: then a small local proxy strips those exemplars (the ones on _bucket lines, which the latency panels show,
# stay). Prometheus 2.43+ (otel-lgtm has 3.x) scrapes the services directly.
SAMPLE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)[^#]* # \{")


def strip_exemplar(line):  # keeps exemplars where OpenMetrics 1.0 allows them: histogram buckets and counters
    m = SAMPLE.match(line)
    if m and not m.group(1).endswith(("_bucket", "_total")):
        return line[:line.index(" # {")]
    return line


class ExemplarProxy(BaseHTTPRequestHandler):
    def do_GET(self):  # /<management port>/actuator/prometheus
        port, _, path = self.path.lstrip("/").partition("/")
        request = urllib.request.Request(f"http://{METRICS_HOST}:{int(port)}/{path}",
                                         headers={"Accept": self.headers.get("Accept", "*/*")})
        try:
            with urllib.request.urlopen(request, timeout=10) as r:
                body, content_type = r.read().decode(), r.headers.get("Content-Type", "text/plain")
        except Exception as e:
            self.send_error(502, str(e))
            return
        data = "\n".join(strip_exemplar(line) for line in body.split("\n")).encode()
        try:
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # Prometheus gave up on this scrape (or is stopping)

    def log_message(self, *args):
        pass


def prometheus_version():
    output = subprocess.run(["prometheus", "--version"], capture_output=True, text=True)
    first = (output.stdout or output.stderr).splitlines()[:1]
    m = re.match(r"prometheus, version (\d+)\.(\d+)", first[0]) if first else None
    return (int(m.group(1)), int(m.group(2))) if m else (0, 0)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_config(path, rule_files, proxy_port):
    lines = [
        "# Generated by tools/render-panels: the scrape job of prometheus/prometheus-compose.yaml",
        f"# (job platform, instance <service>:<management port> as in compose), scraping every {SCRAPE}s.",
        "global:",
        f"  scrape_interval: {SCRAPE}s",
        f"  scrape_timeout: {SCRAPE - 1 if SCRAPE > 1 else 1}s",
        f"  evaluation_interval: {SCRAPE}s",
        "rule_files:",
    ]
    lines += [f'  - "{f}"' for f in rule_files] or ["  []"]
    lines += ["scrape_configs:", "  - job_name: platform", "    metrics_path: /actuator/prometheus",
              "    static_configs:"]
    for target in TARGETS:
        port = target.split(":")[1]
        if proxy_port:
            lines += [f'      - targets: ["127.0.0.1:{proxy_port}"]',
                      f'        labels: {{instance: "{target}", __metrics_path__: "/{port}/actuator/prometheus"}}']
        else:
            lines += [f'      - targets: ["{METRICS_HOST}:{port}"]', f'        labels: {{instance: "{target}"}}']
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def prometheus_value(prom, query):
    try:
        result = get(prom, "/api/v1/query", query=query)["result"]
        return float(result[0]["value"][1]) if result else 0.0
    except Exception:
        return 0.0


def get(prom, path, **params):
    url = f"{prom}{path}?{urllib.parse.urlencode(params)}"
    with urllib.request.urlopen(url, timeout=60) as r:
        payload = json.load(r)
    if payload.get("status") != "success":
        raise RuntimeError(payload)
    return payload["data"]


# ---- 4. traffic through the gateway ------------------------------------------------------------------------------
class Traffic:
    def __init__(self):
        self.token, self.token_at = "", 0.0
        self.counts = {}
        self.body, self.status = "", ""

    def fresh_token(self):  # client-credentials token of platform-cli; tokens live 5 minutes
        if not self.token or time.time() - self.token_at > 200:
            result = subprocess.run([os.path.join(ROOT, "platform"), "token", "--client"], capture_output=True,
                                    text=True)
            lines = result.stdout.strip().splitlines()
            self.token, self.token_at = (lines[-1].strip() if lines else ""), time.time()
            if not self.token:
                raise Failure("no token from ./platform token --client")

    def api(self, label, method, path, data=None):  # sets body and status, counts "<label> <status>"
        self.fresh_token()
        headers = {"Authorization": f"Bearer {self.token}"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(GATEWAY + path, method=method, headers=headers,
                                         data=data.encode() if data is not None else None)
        try:
            with urllib.request.urlopen(request, timeout=10) as r:
                status, body = r.status, r.read()
        except urllib.error.HTTPError as e:
            status, body = e.code, e.read()
        except Exception:
            status, body = 0, b""
        self.status, self.body = f"{status:03d}", body.decode(errors="replace")
        key = f"{label} {self.status}"
        self.counts[key] = self.counts.get(key, 0) + 1

    def id_of(self):
        try:
            value = json.loads(self.body)
        except ValueError:
            return ""
        return str(value.get("id") or "") if isinstance(value, dict) else ""

    def create_customer(self, name, limit, stamp):  # retries a 429 (rate limit)
        for _ in range(10):
            self.api("POST /api/customers", "POST", "/api/customers", json.dumps(
                {"name": f"Render {name} {stamp}", "email": f"render-{name}-{stamp}@example.com", "creditLimit": limit},
                separators=(",", ":")))
            if self.status != "429":
                break
            time.sleep(2)
        customer = self.id_of()
        if not customer:
            raise Failure(f"could not create a customer through the gateway ({self.status}): {self.body}")
        return customer

    def run(self):
        stamp = int(time.time())
        rich = self.create_customer("rich", 1000000, stamp)
        poor = self.create_customer("poor", 30, stamp)
        say(f"traffic for {TRAFFIC_SECONDS}s through {GATEWAY} (customers {rich} and {poor})")

        def order(customer, sku, quantity, price):
            return json.dumps({"customerId": customer, "items": [{"sku": sku, "quantity": quantity,
                                                                  "unitPrice": price}]}, separators=(",", ":"))

        t_start = int(time.time())
        round_, last_order = 0, ""
        while int(time.time()) - t_start < TRAFFIC_SECONDS:
            round_ += 1
            self.api("POST /api/orders (confirmed)", "POST", "/api/orders",
                     order(rich, "RENDER-MUG", round_ % 3 + 1, 9.99))
            last_order = self.id_of()
            if round_ % 3 == 0:  # over the credit limit: 201 REJECTED, an OrderRejected event
                self.api("POST /api/orders (over the limit)", "POST", "/api/orders",
                         order(poor, "RENDER-TV", 1, 499.00))
            if round_ % 4 == 0:
                self.api("GET /api/orders/{unknown}", "GET", f"/api/orders/{uuid.uuid4()}")
            if round_ % 5 == 0 and last_order:
                self.api("GET /api/notifications?orderId=", "GET", f"/api/notifications?orderId={last_order}")
            if round_ % 6 == 0 and last_order:
                self.api("POST /api/orders/{id}/cancel", "POST", f"/api/orders/{last_order}/cancel")
            if round_ % 7 == 0:
                self.api("GET /api/customers/{id}/order-statistics", "GET", f"/api/customers/{rich}/order-statistics")
            if round_ % 8 == 0:
                self.api("POST /api/orders (unknown customer)", "POST", "/api/orders",
                         order(str(uuid.uuid4()), "RENDER-MUG", 1, 9.99))
            if round_ % 9 == 0:
                self.api("GET /api/customers/{unknown}", "GET", f"/api/customers/{uuid.uuid4()}")
            if round_ % 10 == 0:
                self.api("POST /api/orders (invalid body)", "POST", "/api/orders",
                         '{"customerId":"not-a-uuid","items":[]}')
            if round_ % 2 == 0:
                self.api("GET /api/orders?customerId=", "GET", f"/api/orders?customerId={rich}")
            time.sleep(PAUSE)
        t_end = int(time.time())
        total = sum(self.counts.values())
        seconds = max(1, t_end - t_start)
        say(f"sent {total} requests in {t_end - t_start}s ({total / seconds:.1f} req/s), by answer:")
        for key in sorted(self.counts):
            print(f"  {self.counts[key]:5d}  {key}")
        return t_start, t_end


# ---- 5. every panel, from its own queries ------------------------------------------------------------------------
def render(prom, start, end, scrape, dash_dir, out_dir, t_start, t_end):
    step = scrape                                  # Grafana's $__interval floors at the data source's scrape interval
    rate_interval = max(step + scrape, 4 * scrape)  # Grafana's $__rate_interval: max($__interval + scrape, 4 x scrape)

    def substitute(expr):
        expr = re.sub(r"\$\{?__rate_interval\}?", f"{rate_interval}s", expr)
        expr = re.sub(r"\$\{?__interval\}?", f"{step}s", expr)
        expr = re.sub(r"\$\{?__range\}?", f"{end - start}s", expr)
        # every dashboard variable at "All" (allValue ".*")
        return re.sub(r"\$\{(\w+)(:\w+)?\}|\[\[(\w+)\]\]|\$(\w+)", ".*", expr)

    def prom_get(path, **params):
        return get(prom, path, **params)

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
            for result in prom_get("/api/v1/query_range", query=expr, start=start, end=end, step=step)["result"]:
                points = [(float(t), float(v)) for t, v in result["values"]]
                points = [(t, v) for t, v in points if not math.isnan(v) and not math.isinf(v)]
                if points:
                    series.append((index, legend_of(target.get("legendFormat"), result["metric"], expr), points))
            if target.get("exemplar"):
                for group in prom_get("/api/v1/query_exemplars", query=expr, start=start, end=end):
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
                 f"(tools/render-panels/render-panels.sh) · shaded: traffic running", fontsize=10, ha="left", va="top",
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


# ---- 6. what the alert rules made of the run ---------------------------------------------------------------------
def print_alerts(prom):
    say("alert rules at the end of the run (state: firing/pending/inactive)")
    try:
        for group in get(prom, "/api/v1/rules", type="alert")["groups"]:
            for rule in group["rules"]:
                print("  %-8s %s (%d series)" % (rule["state"], rule["name"], len(rule.get("alerts", []))))
    except Exception as e:
        print(f"  (could not read the rules: {e})")


def main():
    if not TARGETS:
        raise Failure("usage: render_panels.py <repository root> <service>:<management port>... "
                      "(run tools/render-panels/render-panels.sh)")
    check_platform()
    rule_files = check_rules()
    work = tempfile.mkdtemp(prefix="render-panels.", dir=os.environ.get("TMPDIR") or "/tmp")
    proxy, prometheus = None, None
    try:
        port = free_port()
        major, minor = prometheus_version()
        proxy_port = None
        if (major, minor) < (2, 43):
            proxy = ThreadingHTTPServer(("127.0.0.1", 0), ExemplarProxy)
            threading.Thread(target=proxy.serve_forever, daemon=True).start()
            proxy_port = proxy.server_address[1]
            say(f"Prometheus {major}.{minor} < 2.43: scraping through a local proxy (127.0.0.1:{proxy_port}) that "
                "drops exemplars on _count lines")
        config = os.path.join(work, "prometheus.yaml")
        write_config(config, rule_files, proxy_port)
        say(f"promtool check config (generated, {config})")
        run("promtool", "check", "config", config)

        say(f"starting Prometheus on 127.0.0.1:{port} (data in {work}/data, scrape every {SCRAPE}s, exemplar "
            "storage on)")
        log = open(os.path.join(work, "prometheus.log"), "w")
        prometheus = subprocess.Popen(
            ["prometheus", f"--config.file={config}", f"--storage.tsdb.path={work}/data",
             f"--web.listen-address=127.0.0.1:{port}", "--enable-feature=exemplar-storage",
             "--storage.tsdb.retention.time=1d", "--log.level=warn"], stdout=log, stderr=subprocess.STDOUT)
        prom = f"http://127.0.0.1:{port}"
        up = 0.0
        for _ in range(60):
            up = prometheus_value(prom, 'sum(up{job="platform"})')
            if up == len(TARGETS):
                break
            if prometheus.poll() is not None:
                sys.stderr.write(open(os.path.join(work, "prometheus.log")).read())
                raise Failure("Prometheus stopped")
            time.sleep(1)
        if up != len(TARGETS):
            raise Failure(f"Prometheus scrapes {up:g} of {len(TARGETS)} targets after 60 s ({prom}/targets)")
        say(f"Prometheus scrapes all {len(TARGETS)} services")

        start = int(time.time())
        time.sleep(SCRAPE * 3)  # a few scrapes before the traffic: the panels show it start
        t_start, t_end = Traffic().run()
        time.sleep(SCRAPE * 6)  # let the last events be consumed and scraped
        end = int(time.time())

        os.makedirs(OUT, exist_ok=True)
        say(f"rendering the dashboards into {relative(os.path.abspath(OUT))}/")
        render(prom, start, end, SCRAPE, DASHBOARDS, OUT, t_start, t_end)
        print_alerts(prom)
        say("done; Prometheus stops now")
    finally:
        if proxy is not None:
            proxy.shutdown()
            proxy.server_close()
        if prometheus is not None and prometheus.poll() is None:
            prometheus.terminate()
            try:
                prometheus.wait(timeout=30)
            except subprocess.TimeoutExpired:
                prometheus.kill()
                prometheus.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(130))
    try:
        main()
    except Failure as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
