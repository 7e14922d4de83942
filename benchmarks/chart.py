"""One PNG per scenario from its CSV (metric,side,repetition,value,load1,load5,load15).

One panel per metric: the median of the repetitions per side as a bar with a min-max whisker, or, when every
side of a metric is a number (a request rate), a line of the median over that number with the min-max band.
Usage: chart.py <scenario> <csv> <png>
"""
import csv
import statistics
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

TITLES = {
    "gateway-overhead": "Scenario 1: gateway overhead (GET /api/customers/{id})",
    "order-placement": "Scenario 2: order placement through the gateway vs PostgreSQL's limit",
    "event-lag": "Scenario 3: event lag, order committed -> notification stored",
    "startup-memory": "Scenario 4: startup and memory per JVM mode",
    "tracing-overhead": "Scenario 5: tracing overhead (100% sampling vs off)",
}


def number(text):
    try:
        return float(text)
    except ValueError:
        return None


def main(scenario, csv_path, png_path):
    rows = [r for r in csv.DictReader(open(csv_path)) if r["value"] not in ("", "nan")]
    metrics = []
    for r in rows:
        if r["metric"] not in metrics:
            metrics.append(r["metric"])
    if not metrics:
        print(f"no rows in {csv_path}", file=sys.stderr)
        return
    cols = min(3, len(metrics))
    lines = (len(metrics) + cols - 1) // cols
    fig, axes = plt.subplots(lines, cols, figsize=(5.2 * cols, 3.8 * lines), squeeze=False)
    loads = [float(r["load1"]) for r in rows if r.get("load1")]
    for i, metric in enumerate(metrics):
        ax = axes[i // cols][i % cols]
        sides = []
        for r in rows:
            if r["metric"] == metric and r["side"] not in sides:
                sides.append(r["side"])
        values = {s: [float(r["value"]) for r in rows if r["metric"] == metric and r["side"] == s] for s in sides}
        med = [statistics.median(values[s]) for s in sides]
        low = [m - min(values[s]) for m, s in zip(med, sides)]
        high = [max(values[s]) - m for m, s in zip(med, sides)]
        if all(number(s) is not None for s in sides) and len(sides) > 2:
            x = [number(s) for s in sides]
            ax.plot(x, med, marker="o")
            ax.fill_between(x, [m - lo for m, lo in zip(med, low)], [m + hi for m, hi in zip(med, high)], alpha=0.2)
            ax.set_xlabel("offered rate (req/s)")
        else:
            colors = ["#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3", "#937860"]
            ax.bar(range(len(sides)), med, yerr=[low, high], capsize=4,
                   color=[colors[j % len(colors)] for j in range(len(sides))])
            ax.set_xticks(range(len(sides)))
            ax.set_xticklabels(sides, rotation=20, ha="right", fontsize=8)
            for j, m in enumerate(med):
                ax.annotate(f"{m:.4g}", (j, m), ha="center", va="bottom", fontsize=8)
        ax.set_title(metric, fontsize=10)
        ax.grid(axis="y", alpha=0.3)
    for j in range(len(metrics), lines * cols):
        axes[j // cols][j % cols].axis("off")
    load_text = f"load average (1 min) during the run: {min(loads):.1f}-{max(loads):.1f} on 2 cores" if loads else ""
    fig.suptitle(f"{TITLES.get(scenario, scenario)}\nmedian of the repetitions, whiskers min-max; {load_text}",
                 fontsize=10)
    fig.tight_layout()
    fig.savefig(png_path, dpi=90)
    print(f"chart: {png_path}")


if __name__ == "__main__":
    main(*sys.argv[1:4])
