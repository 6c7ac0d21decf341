"""GAN training speed server side: iterations per second, compile time, snapshot cost.

GAN Lab's setting: batch 150, generator and discriminator of 2 hidden layers ×
32 ReLU units, noise dimension 2, one D and one G step per iteration, Adam for
both, on the ring of 8 Gaussians (300 real points). Prints a table; also the
worst case of the limits in config.py (largest networks, k = 10 + 10, largest
batch and snapshot grids) for the work budget; and (``--page``) how many
snapshots per second the Generative view redraws at 800×450 in headless
Chromium (the projector embed: heat map, ∇ₓD field, manifold, real and
generated points, push arrows, both curve figures), stepping its scrubber
through a finished run's snapshots, one per animation frame at most.

    PYTHONPATH=backend python benchmarks/bench_gan.py [--worst | --page]
"""

from __future__ import annotations

import resource
import sys
import time

import numpy as np
from thalweg.compute.gan.training import CHUNK
from thalweg.config import get_settings
from thalweg.schemas_gan import GanRequest
from thalweg.services import gan


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _request(**changes) -> GanRequest:
    body = {
        "data": {"name": "ring", "samples": 300},
        "generator": {"noise_dim": 2, "hidden": [32, 32], "activation": "relu"},
        "discriminator": {"hidden": [32, 32], "activation": "relu"},
        "batch_size": 150,
        "steps": 2000,
        "every": 50,
    }
    return GanRequest.model_validate({**body, **changes})


def training(request: GanRequest, repeats: int = 3) -> dict:
    """Compile (first chunk, which includes it), then iterations/s over the later chunks."""
    plan = gan.prepare(request)
    wall, cpu = time.perf_counter(), _cpu()
    chunks = plan.trainer.iterate(plan.theta_g, plan.theta_d, plan.inputs)
    next(chunks)
    first = {"wall": time.perf_counter() - wall, "cpu": _cpu() - cpu}
    rates = []
    for _ in range(repeats):
        chunks = plan.trainer.iterate(plan.theta_g, plan.theta_d, plan.inputs)
        started = time.perf_counter()
        count = sum(1 for _ in chunks)
        rates.append(count * CHUNK / (time.perf_counter() - started))
    snap_started = time.perf_counter()
    gan.snapshot(plan, plan.theta_g, plan.theta_d, 0)  # compiles the views
    snap_compile = time.perf_counter() - snap_started
    times = []
    for _ in range(20):
        started = time.perf_counter()
        gan.snapshot(plan, plan.theta_g, plan.theta_d, 0)
        times.append(time.perf_counter() - started)
    return {
        "first_chunk_s": first["wall"],
        "first_chunk_cpu_s": first["cpu"],
        "it_per_s": float(np.median(rates)),
        "snapshot_compile_s": snap_compile,
        "snapshot_ms": 1e3 * float(np.median(times)),
    }


def worst_case() -> dict:
    """The costliest REST request the limits allow: CPU seconds of one ``run``, compile included.

    Largest networks, k = max + max, largest batch and grids, 1,000 samples; steps as
    many as ``max_work`` allows, and as many snapshots as ``max_snapshot_points`` allows.
    """
    limits = get_settings().gan
    hidden = [limits.max_width] * limits.max_hidden_layers
    body = {
        "data": {"name": "grid", "samples": limits.max_samples, "modes": 25},
        "generator": {"noise_dim": limits.max_noise_dim, "hidden": hidden, "activation": "gelu"},
        "discriminator": {"hidden": hidden, "activation": "gelu"},
        "loss": "wasserstein",
        "penalty": {"kind": "gp", "weight": 10},
        "optimizers": {"generator": {"id": "amsgrad"}, "discriminator": {"id": "amsgrad"}},
        "k_discriminator": limits.max_k,
        "k_generator": limits.max_k,
        "batch_size": limits.max_batch,
        "view": {
            "resolution": limits.max_resolution,
            "field": limits.max_field,
            "manifold": limits.max_manifold,
        },
    }
    parameters = _request(**body, steps=1, every=CHUNK).parameters()
    per_step = 2 * limits.max_k * limits.max_batch * parameters
    steps = max(1, int(limits.max_work // per_step))
    snapshots = limits.max_snapshot_points // limits.max_samples
    every = max(CHUNK, -(-steps // (snapshots - 1) // CHUNK) * CHUNK)
    request = _request(**body, steps=steps, every=every)
    wall, cpu = time.perf_counter(), _cpu()
    result = gan.run(request)
    return {"steps": steps, "wall_s": time.perf_counter() - wall, "cpu_s": _cpu() - cpu,
            **result["timing"]}  # fmt: skip


# In the page: step the scrubber through every snapshot `rounds` times, each step
# drawn (Plotly.react is synchronous) and then given one animation frame.
REDRAW = """async (rounds) => {
  const scrubber = document.getElementById('gen-scrubber');
  const count = Number(scrubber.max) + 1;
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const times = [];
  for (let r = 0; r < rounds; r += 1) {
    const started = performance.now();
    for (let i = 0; i < count; i += 1) {
      scrubber.value = String(i);
      scrubber.dispatchEvent(new Event('input'));
      await frame();
    }
    times.push((performance.now() - started) / count);
  }
  return { count, ms: times };
}"""


def page_redraw(rounds: int = 3) -> dict:
    """Snapshots per second the page redraws at 800×450 (median over ``rounds`` passes)."""
    from playwright.sync_api import sync_playwright  # only this measurement needs a browser
    from serving import THALWEG_SERVE, free_port, serving

    port = free_port()
    with serving([*THALWEG_SERVE, "--port", str(port)], port), sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 800, "height": 450})
        page.goto(f"http://127.0.0.1:{port}/embed?view=generative&steps=2000&projector=1"
                  "&controls=play,scrubber")  # fmt: skip
        page.wait_for_selector(
            "body[data-ready='1'][data-busy='0'] [data-snapshots='41']",
            state="attached",
            timeout=120_000,
        )
        result = page.evaluate(REDRAW, rounds)
        browser.close()
    ms = float(np.median(result["ms"]))
    return {"snapshots": result["count"], "ms": ms, "per_s": 1e3 / ms, "all_ms": result["ms"]}


def main() -> None:
    if "--page" in sys.argv:
        r = page_redraw()
        passes = ", ".join(f"{m:.1f}" for m in r["all_ms"])
        print(
            f"page at 800×450 (projector embed): {r['snapshots']} snapshots, {r['ms']:.1f} ms"
            f" per snapshot (median of passes: {passes} ms) = {r['per_s']:.1f} snapshots/s"
        )
        return
    if "--worst" not in sys.argv:  # --worst: only the worst case
        table()
    w = worst_case()
    print(
        f"\nworst case of the limits ({w['steps']} iterations): wall {w['wall_s']:.2f} s,"
        f" CPU {w['cpu_s']:.2f} s, snapshots {w['snapshot_ms']:.0f} ms"
    )


def table() -> None:
    print("| case | first chunk (compile) s | CPU s | it/s | views compile s | snapshot ms |")
    print("|---|---|---|---|---|---|")
    cases = {
        "GAN Lab: batch 150, 2×32 ReLU, Adam, k 1+1": _request(),
        "same, WGAN-GP": _request(loss="wasserstein", penalty={"kind": "gp", "weight": 10}),
        "same, non-saturating + R1": _request(penalty={"kind": "r1", "weight": 1}),
    }
    for name, request in cases.items():
        r = training(request)
        print(
            f"| {name} | {r['first_chunk_s']:.2f} | {r['first_chunk_cpu_s']:.2f} |"
            f" {r['it_per_s']:,.0f} | {r['snapshot_compile_s']:.2f} | {r['snapshot_ms']:.1f} |"
        )


if __name__ == "__main__":
    main()
