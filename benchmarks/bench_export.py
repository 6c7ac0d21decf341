"""Offline files (``thalweg export``): size and build time; prints a Markdown table.

For each scene: the file's size, what it is made of (plotly.js, the page's
modules, styles with fonts, the precomputed payload), and the build time in
process (median of ``--repeats`` after a warm-up that compiles). The issue's
target: at most 6 MB for a 4-run scene with 32 positions per learning-rate
slider. Run from the repository root::

    .venv/bin/python benchmarks/bench_export.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "backend"))

from thalweg.services.export import export_html

FRONTEND = Path(__file__).parents[1] / "frontend"
SCENES = [
    ("default race: 4 runs × 500 steps, 32 positions", "steps=500", 32),
    ("4 runs × 500 steps, 16 positions", "steps=500", 16),
    ("2 runs × 300 steps (ill-conditioned bowl), 32 positions",
     "surface=ill_conditioned&steps=300&runs=gd:lr=0.02;momentum:lr=0.02", 32),
    ("8 runs × 1000 steps, 32 positions",
     "steps=1000&runs=gd:lr=0.002;momentum:lr=0.001;nesterov:lr=0.001;adagrad:lr=0.5;"
     "rmsprop:lr=0.01;adam:lr=0.1;adamw:lr=0.1;lion:lr=0.01", 32),
]  # fmt: skip


def parts(html: str) -> dict[str, int]:
    """Bytes of each inlined part of an offline file."""
    size = {"total": len(html.encode())}
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    size["plotly.js"] = next(len(body.encode()) for attrs, body in scripts if not attrs)
    size["payload"] = next(len(b.encode()) for a, b in scripts if "thalweg-offline" in a)
    size["modules"] = next(len(b.encode()) for a, b in scripts if "importmap" in a)
    size["styles + fonts"] = sum(
        len(s.encode()) for s in re.findall(r"<style>(.*?)</style>", html, re.S)
    )
    return size


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__)
    options.add_argument("--repeats", type=int, default=5)
    repeats = options.parse_args().repeats
    print("| scene | file | plotly.js | modules | styles + fonts | payload | build, median |")
    print("|---|---|---|---|---|---|---|")
    for title, query, positions in SCENES:
        export_html(query, FRONTEND, positions)  # warm-up: compiles
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            html = export_html(query, FRONTEND, positions)
            times.append(time.perf_counter() - start)
        size = parts(html)
        mb = {k: f"{v / 1e6:.2f} MB" for k, v in size.items()}
        print(
            f"| {title} | {mb['total']} | {mb['plotly.js']} | {mb['modules']} | "
            f"{mb['styles + fonts']} | {mb['payload']} | {statistics.median(times):.2f} s |"
        )


if __name__ == "__main__":
    main()
