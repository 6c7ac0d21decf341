"""Run the torch and Keras training scripts of ``thalweg code`` on Generative scenes.

Outside the test suite: torch is no dependency of the project (the JAX scripts
run in the suite, tests/services/code/test_generative.py). For each scene below
it writes the torch and the Keras script, runs them in the virtualenv of
``check_code_scripts.py`` (exactly torch 2.13.0, Keras on its JAX backend; the
autoencoder's scripts also need scikit-learn there, for ``load_digits``), and
compares the printed losses with Thalweg's: the GAN's L_D and L_G per iteration,
the autoencoder's batch loss per step, over the iterations whose batches the
script embeds (Thalweg's draws; after them it draws its own, and the gap after
is recorded only). The gap is max_k |a_k − b_k| / max(|b_k|, 1e-3) (the
Wasserstein losses cross 0). Where both players' optimizers compute Thalweg's
steps (``counterparts.py``: exact) it must be within 1e-4 (float32); the
others are recorded with their note. As a control the scene's JAX script
runs too (here: it needs optax): it draws every batch as Thalweg does and
steps with Thalweg's own optax transformations, so where it drifts as far,
the drift is float32 rounding that training amplifies, not a wrong script.

    PYTHONPATH=backend /work/main/.venv/bin/python tests/reference/check_code_generative.py \
        --venv /work/torchenv

Writes ``tests/reference/code_generative_check.txt``; exits non-zero if an exact
counterpart disagrees.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from thalweg.services import autoencoder, gan
from thalweg.services.code.autoencoder import embedded_steps
from thalweg.services.code.counterparts import counterpart
from thalweg.services.code.gan import embedded_iterations
from thalweg.services.code.views import script
from thalweg.services.generative_export import request_of

sys.path.insert(0, str(Path(__file__).resolve().parent))
from check_code_scripts import ensure_venv, run_script

OUT = Path(__file__).resolve().parent / "code_generative_check.txt"
TOLERANCE = 1e-4
FLOOR = 1e-3
SCENES = {
    "ring default (2000 iterations)": "view=generative",
    "two gaussians lsgan gp k_D 2 sgd/adam": "view=generative&data=two_gaussians"
    "&loss=least_squares&pen=gp&pw=1&kd=2&dopt=gd&dhp=lr:0.01&steps=200&n=200&bs=32",
    "ring minimax tanh G": "view=generative&gact=tanh&loss=minimax&steps=200&n=200&bs=64",
    "moons wasserstein r1 k_G 2": "view=generative&data=moons&loss=wasserstein&pen=r1&pw=0.5"
    "&kg=2&z=3&gh=16&dh=16,16&steps=200&n=100&bs=24",
    "grid 25 rmsprop/momentum": "view=generative&data=grid&modes=25&gopt=rmsprop&ghp=lr:0.001"
    "&dopt=momentum&dhp=lr:0.01&steps=200&bs=64",
    "autoencoder default (1500 steps)": "view=generative&mode=ae",
    "autoencoder 2x32 relu sgd": "view=generative&mode=ae&aeh=32,32&aeact=relu&aeopt=gd"
    "&aehp=lr:0.5&aesteps=300&aebs=128",
}


def gap(values: np.ndarray, reference: np.ndarray) -> float:
    """max_k |a_k − b_k| / max(|b_k|, FLOOR) over the steps both have (NaN: no step)."""
    n = min(len(values), len(reference))
    a, b = values[:n], reference[:n]
    both = ~(np.isnan(a) & np.isnan(b))
    if not both.any():
        return 0.0
    return float(np.max(np.abs(a[both] - b[both]) / np.maximum(np.abs(b[both]), FLOOR)))


def series(values) -> np.ndarray:
    return np.asarray([np.nan if v is None else v for v in values], np.float64)


def reference(mode: str, request) -> tuple[dict[str, np.ndarray], int, list[tuple[str, dict]]]:
    """Thalweg's losses by name, the embedded count, and the (optimizer, values) used."""
    if mode == "ae":
        body = autoencoder.run(request)
        runs = [(request.optimizer.id, request.optimizer.filled())]
        return {"batch_loss": series(body["batch_loss"])}, embedded_steps(request), runs
    body = gan.run(request)
    players = (request.optimizers.generator, request.optimizers.discriminator)
    losses = {k: series(body["history"][k]) for k in ("d_loss", "g_loss")}
    return losses, embedded_iterations(request), [(p.id, p.filled()) for p in players]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--venv", type=Path, default=Path("/work/torchenv"))
    python = ensure_venv(parser.parse_args().venv)
    versions = run_script(
        python,
        "import os; os.environ['KERAS_BACKEND'] = 'jax'\n"
        "import jax, keras, torch; print(torch.__version__, keras.__version__, jax.__version__)",
    ).split()
    lines = [
        f"# thalweg code (Generative) losses against Thalweg's, torch {versions[0]},"
        f" keras {versions[1]} (JAX backend, jax {versions[2]}), float32",
        f"# gap: max |a − b| / max(|b|, {FLOOR:g}) over the iterations with Thalweg's embedded"
        " batches; after: the same over the rest (the script's own draws), not judged",
        f"# exact: every optimizer of the scene computes Thalweg's steps; must agree to"
        f" {TOLERANCE:g}",
        "# jax lines: the control (draws every batch as Thalweg): its gap over the embedded"
        " iterations and over all",
        "# framework scene optimizers exact compared(embedded/all) gap after verdict seconds",
    ]
    failed = False
    for name, link in SCENES.items():
        mode, _, request = request_of(link.removeprefix("view=generative&"))
        thalweg, embedded, runs = reference(mode, request)
        ids = "/".join(o for o, _ in runs)
        total = len(next(iter(thalweg.values())))
        control = json.loads(run_script(Path(sys.executable), script(link, "jax")))
        drift = max(gap(series(control[k])[:embedded], v[:embedded]) for k, v in thalweg.items())
        drift_all = max(gap(series(control[k]), v) for k, v in thalweg.items())
        valid = all(counterpart("jax", o, h).exact for o, h in runs)
        lines.append(
            f"jax '{name}' {ids} control exact={valid} {min(embedded, total)}/{total}"
            f" {drift:.2e} all: {drift_all:.2e}"
        )
        print(lines[-1], flush=True)
        for framework in ("torch", "keras"):
            exact = all(counterpart(framework, o, h).exact for o, h in runs)
            notes = {counterpart(framework, o, h).note for o, h in runs} - {""}
            started = time.monotonic()
            printed = json.loads(run_script(python, script(link, framework)))
            seconds = time.monotonic() - started
            head = max(gap(series(printed[k])[:embedded], v[:embedded]) for k, v in thalweg.items())
            tail = max(gap(series(printed[k])[embedded:], v[embedded:]) for k, v in thalweg.items())
            after = f"{tail:.2e}" if embedded < total else "-"
            verdict = "agrees" if head <= TOLERANCE else "differs"
            if exact and head > TOLERANCE and valid and drift > TOLERANCE:
                verdict = "drifts-as-the-jax-control"
            elif exact and head > TOLERANCE:
                verdict, failed = "FAILS", True
            note = f" ({'; '.join(sorted(notes))})" if notes else ""
            lines.append(
                f"{framework} '{name}' {ids} {exact} {min(embedded, total)}/{total} {head:.2e}"
                f" {after} {verdict}{note} {seconds:.0f}"
            )
            print(lines[-1], flush=True)
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")
    if failed:
        sys.exit("an exact counterpart disagrees with Thalweg")


if __name__ == "__main__":
    main()
