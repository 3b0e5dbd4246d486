"""The forecast check's steps, one part of LoadForecast at a time, on the split bench/nab writes
(.build/nab-forecast/split.json): a plain-Python copy of HoltWinters.fit / LoadForecast.forecast (Swift) whose first
and last rows reproduce the bench's holt_winters_before and holt_winters figures. For docs/aiops.md; not a bench.

Usage: python3 bench/nab/forecast_steps.py [.build/nab-forecast/split.json]
"""

import json
import math
import sys

import numpy as np


def train(v, m, a, b, g, init_seasons):
    level = sum(v[:m]) / m
    k = max(1, min(init_seasons, len(v) // m)) if m > 1 else 1
    if m > 1:
        blocks = np.array(v[: k * m]).reshape(k, m)
        seasonal = list((blocks - blocks.mean(axis=1, keepdims=True)).mean(axis=0))
    else:
        seasonal = [0.0]
    trend = (sum(v[m : 2 * m]) / m - level) / m if m > 1 and b > 0 and len(v) >= 2 * m else 0.0
    phase, sse = 0, 0.0
    for y in v[m:]:
        s = seasonal[phase]
        sse += (y - level - trend - s) ** 2
        previous = level
        level = a * (y - s) + (1 - a) * (level + trend)
        trend = b * (level - previous) + (1 - b) * trend
        seasonal[phase] = g * (y - level) + (1 - g) * s
        phase = (phase + 1) % len(seasonal)
    return sse, level, trend, seasonal, phase


def forecast(h, m, horizon, log_scale, bounds, idle_floor, init_seasons):
    low, high = min(h), max(h)
    positive = [v for v in h if v > 0]
    offset = min(positive) if positive else 1.0
    use_log = log_scale and low >= 0
    x = [math.log(v + offset) for v in h] if use_log else h
    mm = m if len(x) >= 2 * m and m >= 2 else 1
    best = None
    for a in [0.05, 0.1, 0.2, 0.4, 0.7]:
        for b in [0.0, 0.01, 0.05]:
            for g in [0.05, 0.1, 0.3] if mm > 1 else [0.0]:
                r = train(x, mm, a, b, g, init_seasons)
                if best is None or r[0] < best[0][0]:
                    best = (r, b)
    (_, level, trend, seasonal, phase), beta = best
    f = [level + (k + 1) * trend + seasonal[(phase + k) % len(seasonal)] for k in range(horizon)]
    if use_log:
        f = [math.exp(v) - offset for v in f]
    if bounds:
        ceiling = math.inf if beta > 0 else high
        f = [min(ceiling, max(low, v)) for v in f]
    if idle_floor and mm > 1 and len(h) >= 3 * mm:
        f = [low if sum(h[len(h) - c * mm + k % mm] == low for c in (1, 2, 3)) >= 2 else v for k, v in enumerate(f)]
    return f


def mase(actual, f, h, m):
    scale = np.mean(np.abs(np.array(h[m:]) - np.array(h[:-m])))
    return np.mean(np.abs(np.array(actual) - np.array(f))) / scale


def smape(actual, f):
    return 100 * sum(2 * abs(y - x) / (abs(x) + abs(y)) for x, y in zip(actual, f) if abs(x) + abs(y) > 0) / len(actual)


def main():
    split = json.load(open(sys.argv[1] if len(sys.argv) > 1 else ".build/nab-forecast/split.json"))
    m = int(split["season"])
    steps = [
        ("plain additive, seasons from the first day", dict(log_scale=False, bounds=False, idle_floor=False, init_seasons=1)),
        ("+ bounds", dict(log_scale=False, bounds=True, idle_floor=False, init_seasons=1)),
        ("+ seasons from three days", dict(log_scale=False, bounds=True, idle_floor=False, init_seasons=3)),
        ("+ log scale", dict(log_scale=True, bounds=True, idle_floor=False, init_seasons=3)),
        ("+ idle floor (LoadForecast)", dict(log_scale=True, bounds=True, idle_floor=True, init_seasons=3)),
    ]
    for name, options in steps:
        rows = []
        for s in split["series"]:
            f = forecast(s["history"], m, len(s["actual"]), **options)
            rows.append((mase(s["actual"], f, s["history"], m), smape(s["actual"], f)))
        print(f"{name}: MASE {np.mean([r[0] for r in rows]):.3f} sMAPE {np.mean([r[1] for r in rows]):.1f}")


if __name__ == "__main__":
    main()
