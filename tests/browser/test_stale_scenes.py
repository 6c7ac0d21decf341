"""Switching surfaces quickly with many runs: once another surface is asked for,
no path or value of the old one shows (the answers of its scene are dropped)."""

import json
import urllib.request

import pytest

pytestmark = pytest.mark.browser

# 14 runs of three optimizer families: long scenes, yet few programs to compile per surface.
RATES = (1e-4, 3e-4, 1e-3, 3e-3, 1e-2)
RUNS = ";".join([f"{opt}:lr={lr}" for opt in ("gd", "momentum", "adam") for lr in RATES][:14])
SURFACES = ["rastrigin", "beale", "himmelblau", "booth", "ackley", "matyas", "sphere", "branin"]
TOL = 1e-4  # float32 on the wire
GRACE_MS = 120  # a change is drawn in the next frame or two; sampling starts after this

# Every animation frame: the time, the surface picked, and each drawn path's first point.
SAMPLER = """() => {
  window.samples = [];
  window.changes = [];
  const select = document.getElementById('surface-select');
  select.addEventListener('change', () => changes.push(performance.now()));
  const tick = () => {
    const race = document.getElementById('race-layer');
    const data = race ? race.race.paths() : [];
    samples.push({
      t: performance.now(),
      surface: select.value,
      starts: data.filter((d) => d.name && d.x.length).map((d) => [d.x[0], d.y[0]]),
      values: [...document.querySelectorAll('.chip-value')].filter((v) => v.textContent).length,
    });
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}"""


def test_no_stale_paths_after_switching_surfaces_quickly(app):
    with urllib.request.urlopen(f"{app.server.url}/api/surfaces") as response:
        starts = {s["id"]: s["start"] for s in json.load(response)}
    app.open(f"surface=rosenbrock&steps=10000&runs={RUNS}")
    app.page.evaluate(SAMPLER)
    for surface in SURFACES:
        app.page.select_option("#surface-select", surface)
        app.page.wait_for_timeout(150)
    app.settle()
    app.page.wait_for_timeout(300)
    samples = app.page.evaluate("samples")
    changes = app.page.evaluate("changes")
    assert len(changes) == len(SURFACES)
    checked = 0
    for sample in samples:
        since = [c for c in changes if c <= sample["t"]]
        if since and sample["t"] - since[-1] < GRACE_MS:
            continue
        want = starts[sample["surface"]]
        wrong = [p for p in sample["starts"] if max(abs(p[0] - want[0]), abs(p[1] - want[1])) > TOL]
        assert not wrong, f"{sample['surface']}: paths from {wrong[:2]} (its start is {want})"
        if not sample["starts"]:
            assert sample["values"] == 0, "no paths, yet the legend shows values"
        checked += 1
    assert checked > 20
    final = samples[-1]
    assert final["surface"] == SURFACES[-1]
    assert len(final["starts"]) == 14, "the last surface's 14 paths are drawn"
