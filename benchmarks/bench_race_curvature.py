"""The race's local curvature (?curv=1): its cost, and what it adds to the slider loop.

The page asks POST /api/curvature once per run with the run's whole path as
``points`` after a scene is done and a drag has settled (200 ms); the trajectory
program is untouched. Measured here:

1. In-process, services layer (compute + the arrays the route encodes): one
   path of 501 and of 10,001 points on Rosenbrock and Rastrigin, and the
   slider scene's 8 paths; "cold" in a fresh process (tracing and compiling
   included; CPU: the process's, all threads, what the work budget counts),
   "warm" the median of 20 later calls.
2. Headless Chromium against a real server, the scene of bench_slider.py (8
   runs × 500 steps, 200×200 contour): slider input -> paths painted with the
   curvature layer off and on (what the student feels while dragging), and
   input -> every run's ellipse of the new scene drawn (when the curvature
   follows, after the drag settles). Off and on alternate in rounds of moves.

    .venv/bin/python benchmarks/bench_race_curvature.py [--moves 30]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

from bench_slider import ARGS, CHROMIUM, MEASURE_APP, SCENE_QUERY, STAMP_DONE, summary
from playwright.sync_api import sync_playwright
from serving import THALWEG_SERVE, free_port, serving

SERVICE_CASE = """
import json, statistics, sys, time
import numpy as np
from thalweg.schemas_curvature import CurvatureRequest
from thalweg.services.curvature import local
surface, count, paths = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = np.random.default_rng(0)
def requests(shift):
    return [CurvatureRequest(surface=surface, point=(0.5, 0.5),
            points=(rng.uniform(-1, 1, (count, 2)) + shift).tolist()) for _ in range(paths)]
t0, c0 = time.perf_counter(), time.process_time()
for r in requests(0.0):
    local.compute(r)
cold, cold_cpu = time.perf_counter() - t0, time.process_time() - c0
warm = []
for k in range(20):
    batch = requests(0.01 * (k + 1))
    t0 = time.perf_counter()
    for r in batch:
        local.compute(r)
    warm.append(time.perf_counter() - t0)
print(json.dumps({"cold": cold, "cold_cpu": cold_cpu, "warm": statistics.median(warm)}))
"""

# Input -> the ellipses of the new scene (the layer is cleared when a scene's
# paths arrive and drawn again once its curvature is in).
MEASURE_FOLLOW = """
async ({ moves, first, runs }) => {
  const slider = document.querySelector(".run-card[data-run-index='0'] input[type=range]");
  const lo = Number(slider.min), hi = Number(slider.max);
  const base = Number(slider.value);
  const times = [];
  for (let i = 0; i < moves; i++) {
    const before = document.body.dataset.scene;
    const k = first + i;
    const value = base + 0.3 * Math.sin(k * 0.9) + 0.03 * (k % 7);
    slider.value = String(Math.min(hi, Math.max(lo, value)));
    const t0 = performance.now();
    slider.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((resolve) => {
      const poll = () => {
        const fresh = document.body.dataset.scene !== before;
        if (fresh && document.querySelectorAll('.curv-ellipse').length === runs) resolve();
        else requestAnimationFrame(poll);
      };
      requestAnimationFrame(poll);
    });
    times.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 100));
  }
  return times;
}
"""


def service_table() -> None:
    print("POST /api/curvature through the services layer (s, one process per row)\n")
    print("| surface | points per path | paths | cold wall | cold CPU | warm wall (median of 20) |")
    print("|---|---:|---:|---:|---:|---:|")
    for surface, count, paths in (
        ("rosenbrock", 501, 1),
        ("rosenbrock", 501, 8),
        ("rosenbrock", 10_001, 1),
        ("rastrigin", 10_001, 1),
    ):
        out = subprocess.run(
            [sys.executable, "-c", SERVICE_CASE, surface, str(count), str(paths)],
            capture_output=True,
            text=True,
            check=True,
        )
        r = json.loads(out.stdout)
        print(
            f"| {surface} | {count:,} | {paths} | {r['cold']:.3f} | {r['cold_cpu']:.3f}"
            f" | {r['warm'] * 1e3:.1f} ms |"
        )


def browser_table(moves: int) -> None:
    port = free_port()
    with serving([*THALWEG_SERVE, "--port", str(port)], port), sync_playwright() as pw:
        base = f"http://127.0.0.1:{port}"
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        pages = {}
        for name, extra in (("curvature off", ""), ("curvature on", "&curv=1")):
            page = browser.new_page(viewport={"width": 1400, "height": 900}, bypass_csp=True)
            page.add_init_script(STAMP_DONE)
            page.goto(base + "/" + SCENE_QUERY + extra)
            page.wait_for_function("document.body.dataset.ready === '1'", timeout=60_000)
            page.evaluate(MEASURE_APP, {"moves": 5, "first": 0.5})
            pages[name] = page
        # Off and on alternate in rounds, so the shared machine's load hits both alike.
        rows: dict[str, list[float]] = {name: [] for name in pages}
        rounds = 5
        for r in range(rounds):
            for name, page in pages.items():
                page.bring_to_front()
                page.wait_for_timeout(1000)  # the other page's curvature requests are over
                first = r * moves // rounds
                rows[name] += page.evaluate(
                    MEASURE_APP, {"moves": moves // rounds, "first": first}
                )["times"]
        on = pages["curvature on"]
        on.bring_to_front()
        on.evaluate(MEASURE_FOLLOW, {"moves": 3, "first": 0.3, "runs": 8})
        rows["input -> ellipses of the new scene"] = on.evaluate(
            MEASURE_FOLLOW, {"moves": moves // 2, "first": 0, "runs": 8}
        )
        browser.close()
    print(f"\nSlider in headless Chromium, 8 runs × 500 steps, {moves} moves (ms)\n")
    print("| measured | p50 | p95 | mean |")
    print("|---|---:|---:|---:|")
    for name, times in rows.items():
        p50, p95, mean = summary(times)
        print(f"| {name} | {p50:.1f} | {p95:.1f} | {mean:.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=30)
    args = parser.parse_args()
    service_table()
    browser_table(args.moves)


if __name__ == "__main__":
    main()
