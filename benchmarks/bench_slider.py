"""Slider latency in headless Chromium: "slider input event -> paths painted".

Drives the real page against a real server: 8 runs × 500 steps over a 200×200
contour. For ~50 moves of the first run's learning-rate slider it measures the
time from the slider's `input` event to the new scene's paths being drawn
(the race canvas's `race-drawn` event; on a page without it, the overlay's
`plotly_afterplot`), plus one requestAnimationFrame (the paint), split into five
phases: input -> scene sent, sent -> first frame arrives (server and socket),
first frame -> `done` arrives (the page reading segments), `done` ->
drawn (the draw), drawn -> next frame (the paint). The baseline does
the same with a naive page: ONE figure holding contour and paths, redrawn with
`Plotly.react` on every move (same socket, same one-in-flight flow, JSON
frames). The page gets its trajectories as binary frames, as it does when
served; `--json-frames` makes it ask for JSON (as an old client does) and
`--deflate` turns on WebSocket compression (off in `thalweg serve`), to
measure each of those levers on its own.

    .venv/bin/python benchmarks/bench_slider.py [--moves 50] [--port 0] [--json-frames] [--deflate]

Prints a markdown table (p50/p95/mean in ms). Needs /usr/bin/chromium and the
playwright package (never `playwright install`).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import sys

from playwright.sync_api import sync_playwright
from serving import THALWEG_SERVE, free_port, serving

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
RUNS = ";".join(
    [
        "gd:lr=0.002",
        "momentum:lr=0.001",
        "adam:lr=0.1",
        "rmsprop:lr=0.01",
        "nesterov:lr=0.001",
        "adagrad:lr=0.5",
        "nadam:lr=0.05",
        "adamax:lr=0.05",
    ]
)
SCENE_QUERY = f"?steps=500&runs={RUNS}"

MEASURE_APP = """
async ({ moves, first }) => {
  const gd = document.getElementById('overlay');
  const race = document.getElementById('race-layer'); // the paths' canvas, where the page has one
  const slider = document.querySelector(".run-card[data-run-index='0'] input[type=range]");
  const lo = Number(slider.min), hi = Number(slider.max);
  const base = Number(slider.value);
  const times = [];
  const phases = [];
  for (let i = 0; i < moves; i++) {
    const before = document.body.dataset.scene;
    const k = first + i; // warm-up and measured moves use other rates: no cached scene
    const value = base + 0.25 * Math.sin(k * 0.7) + 0.02 * (k % 5);
    let tAfter = 0;
    window.__benchDone = 0;
    const done = new Promise((resolve) => {
      const onAfter = () => {
        if (document.body.dataset.scene === before) return;
        tAfter = performance.now();
        gd.removeListener('plotly_afterplot', onAfter);
        if (race) race.removeEventListener('race-drawn', onAfter);
        requestAnimationFrame(() => resolve(performance.now()));
      };
      gd.on('plotly_afterplot', onAfter);
      if (race) race.addEventListener('race-drawn', onAfter);
    });
    slider.value = String(Math.min(hi, Math.max(lo, value)));
    const t0 = performance.now();
    slider.dispatchEvent(new Event('input', { bubbles: true }));
    const t1 = await done;
    const { __benchSend: tSend, __benchFirst: tFirst, __benchDone: tDone } = window;
    times.push(t1 - t0);
    phases.push([tSend - t0, tFirst - tSend, tDone - tFirst, tAfter - tDone, t1 - tAfter]);
    await new Promise((r) => setTimeout(r, 60));
  }
  return { times, phases };
}
"""

# Timestamps, for the breakdown of where the time goes: the page's last
# `send` of a scene, the arrival of the first frame after it (a binary
# `segments` frame, or a JSON one) and of the `done` frame (each at its message
# event, before the app's own listener runs).
STAMP_DONE = """
(() => {
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        const now = performance.now();
        if (typeof event.data !== 'string') {
          if (!window.__benchFirst) window.__benchFirst = now; // binary frames are segments
          return;
        }
        if (event.data.includes('"type":"done"') || event.data.includes('"type": "done"')) {
          window.__benchDone = now;
        } else if (!window.__benchFirst) {
          window.__benchFirst = now;
        }
      });
    }
    send(data) {
      window.__benchSend = performance.now();
      window.__benchFirst = 0;
      return super.send(data);
    }
  };
})();
"""

# --json-frames: the page's socket without `?frames=binary`, so the server
# answers in JSON as it does for old clients and scripts.
JSON_FRAMES = """
(() => {
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(url, ...rest) {
      super(String(url).replace('?frames=binary', ''), ...rest);
    }
  };
})();
"""

# The naive baseline: one figure (contour + paths), Plotly.react per move.
MEASURE_NAIVE = """
async ({ moves, query }) => {
  const runs = query.runs.split(';').map((item) => {
    const [optimizer, params] = item.split(':');
    const [k, v] = params.split('=');
    return { optimizer, hyperparameters: { [k]: Number(v) } };
  });
  document.body.innerHTML = '<div id="fig" style="width:1000px;height:620px"></div>';
  const gd = document.getElementById('fig');
  const ws = new WebSocket(location.origin.replace(/^http/, 'ws') + '/api/stream');
  await new Promise((r) => ws.addEventListener('open', r, { once: true }));
  let id = 0;
  let landscape = null;
  const scene = (lr0) => {
    const rs = runs.map((r, i) => (i === 0 ? { ...r, hyperparameters: { lr: lr0 } } : r));
    return {
      type: 'scene', id: ++id,
      landscape: landscape ? null : { surface: 'rosenbrock', resolution: 200, arrows: 20 },
      trajectories: { surface: 'rosenbrock', start: [-1.2, 1.0], steps: 500, runs: rs },
    };
  };
  const compute = (lr0) => new Promise((resolve) => {
    const paths = runs.map(() => ({ x: [], y: [] }));
    const want = id + 1;
    const onMessage = (event) => {
      const f = JSON.parse(event.data);
      if (f.id !== want) return;
      if (f.type === 'landscape') landscape = f;
      if (f.type === 'segments') {
        for (const s of f.runs) {
          s.points.forEach((p, k) => {
            paths[s.index].x[f.offset + k] = p[0];
            paths[s.index].y[f.offset + k] = p[1];
          });
        }
      }
      if (f.type === 'done') { ws.removeEventListener('message', onMessage); resolve(paths); }
    };
    ws.addEventListener('message', onMessage);
    ws.send(JSON.stringify(scene(lr0)));
  });
  const draw = (paths) => Plotly.react(gd, [
    {
      type: 'contour', x: landscape.x, y: landscape.y, showscale: true,
      z: landscape.z.map((row) => row.map((v) => Math.log10(v + 1e-3))),
    },
    ...paths.map((p) => ({ type: 'scatter', mode: 'lines', x: p.x, y: p.y })),
    { type: 'scatter', mode: 'markers', x: [-1.2], y: [1.0] },
  ], {
    width: 1000, height: 620, showlegend: false,
    xaxis: { range: [-2, 2] }, yaxis: { range: [-1, 3] },
  });
  await draw(await compute(0.002));
  const times = [];
  for (let i = 0; i < moves; i++) {
    const lr0 = 0.002 * 10 ** (0.25 * Math.sin(i * 0.7) + 0.02 * (i % 5));
    const t0 = performance.now();
    const paths = await compute(lr0);
    const painted = new Promise((resolve) => {
      gd.once('plotly_afterplot', () => requestAnimationFrame(() => resolve(performance.now())));
    });
    requestAnimationFrame(() => draw(paths));
    times.push((await painted) - t0);
    await new Promise((r) => setTimeout(r, 60));
  }
  return times;
}
"""


@contextlib.contextmanager
def server(port: int, deflate: bool = False):
    command = [*THALWEG_SERVE, "--port", str(port)]
    if deflate:
        # `thalweg serve` turns WebSocket compression off; this is uvicorn's default.
        command = [
            sys.executable,
            "-m",
            "uvicorn",
            "thalweg.app:create_app",
            "--factory",
            "--port",
            str(port),
            "--ws-per-message-deflate",
            "true",
            "--log-level",
            "warning",
        ]
    with serving(command, port, timeout=60):
        yield f"http://127.0.0.1:{port}"


def summary(times: list[float]) -> tuple[float, float, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95, statistics.fmean(ordered)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=50)
    parser.add_argument("--port", type=int, default=0, help="0: a free port")
    parser.add_argument("--json", action="store_true", help="also print the raw times")
    parser.add_argument(
        "--deflate",
        action="store_true",
        help="serve with WebSocket compression (uvicorn's default; `thalweg serve` turns it off)",
    )
    parser.add_argument(
        "--json-frames",
        action="store_true",
        help="the page asks for JSON frames instead of binary ones (as old clients do)",
    )
    args = parser.parse_args()
    port = args.port or free_port()
    with server(port, deflate=args.deflate) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        # bypass_csp: the harness measures through Playwright's evaluate and
        # wait_for_function, which the app's CSP (no 'unsafe-eval') forbids; the
        # page itself runs exactly as served.
        page = browser.new_page(viewport={"width": 1400, "height": 900}, bypass_csp=True)
        page.add_init_script(STAMP_DONE)
        if args.json_frames:
            page.add_init_script(JSON_FRAMES)
        page.goto(base + "/" + SCENE_QUERY)
        page.wait_for_function("document.body.dataset.ready === '1'", timeout=60_000)
        # Warm-up: compile every optimizer family. Its rates differ from the
        # measured moves', so no measured scene comes from the server's cache.
        page.evaluate(MEASURE_APP, {"moves": 5, "first": 0.5})
        measured = page.evaluate(MEASURE_APP, {"moves": args.moves, "first": 0})
        layered, phases = measured["times"], measured["phases"]
        naive_page = browser.new_page(viewport={"width": 1400, "height": 900}, bypass_csp=True)
        naive_page.goto(base + "/api/health")
        naive_page.add_script_tag(url="/vendor/plotly.min.js")
        query = {"runs": RUNS}
        naive_page.evaluate(MEASURE_NAIVE, {"moves": 5, "query": query})
        naive = naive_page.evaluate(MEASURE_NAIVE, {"moves": args.moves, "query": query})
        browser.close()
    compression = "on" if args.deflate else "off"
    frames = "JSON" if args.json_frames else "binary"
    print(
        f"Slider input -> paths painted, 8 runs × 500 steps, 200×200 contour, {args.moves} moves, "
        f"{frames} segments, WebSocket compression {compression}\n"
    )
    print("| page | p50 (ms) | p95 (ms) | mean (ms) |")
    print("|---|---:|---:|---:|")
    for name, times in (("layered (Thalweg)", layered), ("naive full-figure redraw", naive)):
        p50, p95, mean = summary(times)
        print(f"| {name} | {p50:.1f} | {p95:.1f} | {mean:.1f} |")
    print("\nWhere the layered page's time goes (p50 of each phase, ms):\n")
    print(
        "| input -> scene sent | sent -> first frame arrives (server + socket) "
        "| first frame -> `done` arrives (page reads segments) "
        "| `done` -> drawn (draw) | drawn -> next frame (paint) |"
    )
    print("|---:" * 5 + "|")
    print(" | ".join(f"{statistics.median(p[k] for p in phases):.1f}" for k in range(5)).join("||"))
    if args.json:
        print(json.dumps({"layered": layered, "naive": naive, "phases": phases}))


if __name__ == "__main__":
    main()
