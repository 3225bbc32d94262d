"""How long `playbook report` takes as the records grow: example records of 200 candidates (40
interviewers, about 800 scorecards) up to 10,000, each report made by a fresh `playbook`
process as a user runs it, PDF included. `make bench` includes it; `python -m
tests.bench_report` runs it alone. Target: at most 3 s at 200 candidates, and linear growth.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.report_example import make_records

REPO = Path(__file__).resolve().parent.parent
SIZES = (200, 1000, 2500, 5000, 10_000)
TARGET_SECONDS = 3.0


def report_seconds(records: Path, out: Path, runs: int) -> tuple[float, float]:
    """The median wall time of a run, and its CPU time (what a busy machine cannot stretch)."""
    env = {**os.environ, "PLAYBOOK_RECORDS_DIR": str(records)}
    times, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([str(Path(sys.executable).parent / "playbook"), "--docs",
                        str(REPO / "docs"), "report", "-o", str(out)],
                       check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return statistics.median(times), statistics.median(cpu)


def report_figures(scratch: Path) -> dict[str, object]:
    points = []
    for size in SIZES:
        records = scratch / f"records-{size}"
        made = make_records(records, candidates=size)
        runs = 3 if size in (SIZES[0], SIZES[-1]) else 1
        seconds, cpu = report_seconds(records, scratch / f"report-{size}", runs)
        points.append((size, seconds, made.scorecards, cpu))
    wall = fit([(p[0], p[1]) for p in points])
    cpu = fit([(p[0], p[3]) for p in points])
    return {"seconds": points[0][1], "seconds_10000": points[-1][1], "target": TARGET_SECONDS,
            "cpu_seconds": points[0][3], "cpu_seconds_10000": points[-1][3],
            "slope_per_1000": wall[0] * 1000, "r_squared": wall[1],
            "cpu_slope_per_1000": cpu[0] * 1000, "cpu_r_squared": cpu[1], "points": points}


def fit(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Least squares: the slope, and R² (how well a straight line explains the times)."""
    xs, ys = [x for x, _ in points], [y for _, y in points]
    slope, intercept = statistics.linear_regression(xs, ys)
    mean = statistics.fmean(ys)
    residual = sum((y - (slope * x + intercept)) ** 2 for x, y in points)
    return slope, 1 - residual / (sum((y - mean) ** 2 for y in ys) or 1.0)


def describe(figures: dict[str, object]) -> str:
    f = figures
    return (f"{'h_report':<16}{f['seconds']:>10.3f}{'':>10}{'':>8}{'≤3 s':>8}  200 candidates, "
            f"40 interviewers, PDF included (CPU {f['cpu_seconds']:.2f} s); "
            f"{f['seconds_10000']:.2f} s at 10,000 (CPU {f['cpu_seconds_10000']:.2f} s); "
            f"{f['slope_per_1000']:.3f} s per 1,000 candidates (R² {f['r_squared']:.2f}); CPU "
            f"{f['cpu_slope_per_1000']:.3f} s per 1,000 (R² {f['cpu_r_squared']:.2f}) over "
            + ", ".join(f"{p[0]:,}" for p in f["points"]))  # type: ignore[attr-defined]


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as name:
        result = report_figures(Path(name))
    print(describe(result))
    for size, seconds, cards, cpu in result["points"]:  # type: ignore[attr-defined]
        print(f"  {size:>6} candidates, {cards:>6} scorecards: {seconds:.2f} s "
              f"(CPU {cpu:.2f} s)")
