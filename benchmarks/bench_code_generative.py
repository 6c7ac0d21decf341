"""CPU seconds of GET /api/code on Generative links, cold (a fresh process) and again.

Each link is written in a fresh Python process (JAX's backend already up, as in
a running server; without the app, so without its persistent compilation cache),
once cold and once more, and the script's size is printed. Writing is
compile-bound when a link's shapes are new (θ₀'s draw, as POST /api/gan/run;
Thalweg's draws for torch and Keras), so the cold figures are what a new
architecture costs (config.py ``max_code_draws`` states the measured ones).

    PYTHONPATH=backend /work/main/.venv/bin/python benchmarks/bench_code_generative.py
"""

from __future__ import annotations

import subprocess
import sys

LINKS = {
    "GAN default": "view=generative",
    "GAN largest first iteration": "view=generative&gh=64,64,64,64&dh=64,64,64,64&bs=512&z=8"
    "&kd=10&kg=10&pen=gp&steps=30&n=1000",
    "GAN batch 1, 5,000 iterations": "view=generative&bs=1&z=1&steps=5000&n=1000",
    "autoencoder 2×64, batch 1": "view=generative&mode=ae&aeh=64,64&aebs=1&aesteps=5000",
    "autoencoder 2×64, batch 1024": "view=generative&mode=ae&aeh=64,64&aebs=1024&aesteps=100",
}
CHILD = """
import sys, time
import jax
jax.numpy.zeros(1).block_until_ready()
from thalweg.services.code.views import script
link, framework = sys.argv[1], sys.argv[2]
times = []
for _ in range(2):
    start = time.process_time()
    text = script(link, framework)
    times.append(time.process_time() - start)
print(f"{times[0]:.2f} {times[1]:.2f} {len(text) / 1e3:.0f}")
"""


def main() -> None:
    print(f"{'link':34s} {'framework':9s} {'cold s':>7s} {'again s':>8s} {'kB':>6s}")
    for name, link in LINKS.items():
        for framework in ("torch", "keras", "jax"):
            out = subprocess.run(
                [sys.executable, "-c", CHILD, link, framework],
                capture_output=True, text=True, check=True,
            ).stdout.split()  # fmt: skip
            print(f"{name:34s} {framework:9s} {out[0]:>7s} {out[1]:>8s} {out[2]:>6s}", flush=True)


if __name__ == "__main__":
    main()
