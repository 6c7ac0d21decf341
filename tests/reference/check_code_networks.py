"""Run the torch and Keras training scripts of ``thalweg code`` on Networks scenes.

Outside the test suite: torch is no dependency of the project (the JAX scripts
run in the suite, tests/services/code/test_networks.py). For each scene below it
writes the torch and the Keras script, runs them in the virtualenv of
``check_code_scripts.py`` (exactly torch 2.13.0, Keras on its JAX backend), and
compares the printed training losses J(θ_k), k = 0 … steps, with Thalweg's
``history["train_loss"]``: max_k |J_k − J*_k| / |J*_k|. Where the framework's
optimizer computes Thalweg's steps (``counterparts.py``: exact) it must be
within 1e-4 (float32 everywhere); the others are recorded with the note their
script carries. As a control, the scene's JAX script runs too (in this
environment: it needs optax): it steps with Thalweg's own optax transformation,
so where it drifts as far, the drift is float32 rounding that the training
amplifies (the same sums in another order), not a wrong script.

    PYTHONPATH=backend /work/main/.venv/bin/python tests/reference/check_code_networks.py \
        --venv /work/torchenv

Writes ``tests/reference/code_networks_check.txt``; exits non-zero if an exact
counterpart disagrees.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from thalweg.services import networks
from thalweg.services.code.counterparts import counterpart
from thalweg.services.code.network_query import request_of
from thalweg.services.code.views import script

sys.path.insert(0, str(Path(__file__).resolve().parent))
from check_code_scripts import ensure_venv, run_script

OUT = Path(__file__).resolve().parent / "code_networks_check.txt"
TOLERANCE = 1e-4
SCENES = {
    "moons adam full batch": "view=networks&steps=300&bs=all",
    "moons adam batches of 32": "view=networks&steps=300",
    "circles sgd batch 1": "view=networks&data=circles&n=60&steps=200&bs=1&opt=gd&hp=lr:0.05",
    "spirals 3 classes relu momentum l2": "view=networks&data=spirals&k=3&act=relu"
    "&hidden=32,32&opt=momentum&hp=lr:0.05&l2=0.001&bs=all&steps=300",
    "sine regression rmsprop": "view=networks&data=regression_sine&hidden=16&opt=rmsprop"
    "&hp=lr:0.005&bs=all&steps=300",
    "blobs neuron adagrad": "view=networks&data=blobs&model=neuron&opt=adagrad&hp=lr:0.1"
    "&bs=all&steps=200",
    "classes_1d logistic nesterov": "view=networks&data=classes_1d&model=logistic"
    "&opt=nesterov&hp=lr:0.1&bs=all&steps=200",
    "xor sigmoid mse adamw": "view=networks&data=xor&act=sigmoid&loss=mse&opt=adamw"
    "&hp=lr:0.05,weight_decay:0.1&bs=all&steps=200",
    "moons amsgrad batches of 16": "view=networks&opt=amsgrad&hp=lr:0.01&bs=16&steps=200",
}


def relative_gap(losses: np.ndarray, reference: np.ndarray) -> float:
    """max_k |J_k − J*_k| / |J*_k| over the steps both have."""
    n = min(len(losses), len(reference))
    return float(np.max(np.abs(losses[:n] - reference[:n]) / np.abs(reference[:n])))


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
        f"# thalweg code (Networks) training losses against Thalweg's, torch {versions[0]},"
        f" keras {versions[1]} (JAX backend, jax {versions[2]}), float32",
        f"# exact: the framework's optimizer computes Thalweg's steps; must agree to {TOLERANCE:g}",
        "# jax lines: the control, the scene's JAX script (exact=True: its optax step is"
        " Thalweg's own): its max_rel_diff",
        "# framework scene optimizer exact steps(script/thalweg) max_rel_diff verdict seconds",
    ]
    failed = False
    for name, link in SCENES.items():
        request = request_of(link)
        body = networks.run(request)
        reference = np.asarray(body["history"]["train_loss"], np.float64)
        control = json.loads(run_script(Path(sys.executable), script(link, "jax")))["train_loss"]
        drift = relative_gap(np.asarray(control, np.float64), reference)
        # Only a control whose optax step is Thalweg's own tells rounding drift apart.
        valid = counterpart("jax", request.optimizer.id, request.optimizer.filled()).exact
        lines.append(f"jax '{name}' {request.optimizer.id} control exact={valid} {drift:.2e}")
        print(lines[-1], flush=True)
        for framework in ("torch", "keras"):
            found = counterpart(framework, request.optimizer.id, request.optimizer.filled())
            started = time.monotonic()
            printed = json.loads(run_script(python, script(link, framework)))
            seconds = time.monotonic() - started
            losses = np.asarray(printed["train_loss"], np.float64)
            diff = relative_gap(losses, reference)
            agrees = diff <= TOLERANCE and len(losses) == len(reference)
            verdict = "agrees" if agrees else "differs"
            if found.exact and not agrees and valid and drift > TOLERANCE:
                verdict = "drifts-as-the-jax-control"
            elif found.exact and not agrees:
                verdict, failed = "FAILS", True
            note = f" ({found.note})" if found.note else ""
            lines.append(
                f"{framework} '{name}' {request.optimizer.id} {found.exact} "
                f"{len(losses) - 1}/{len(reference) - 1} {diff:.2e} {verdict}{note} {seconds:.0f}"
            )
            print(lines[-1], flush=True)
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")
    if failed:
        sys.exit("an exact counterpart disagrees with Thalweg")


if __name__ == "__main__":
    main()
