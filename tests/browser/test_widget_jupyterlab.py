"""thalweg.Widget in a real JupyterLab on loopback, driven by headless chromium.

The test starts ``jupyter lab`` (the ``test`` extra installs it, with anywidget's
and ipywidgets' front-end extensions) on a free loopback port, in its own
config, data and runtime directories, with a notebook that makes a widget. It
runs the notebook in the page as a user would (Run All), then checks the three
directions of the issue's contract against ``thalweg.race``: the kernel's race
is drawn; a slider moved in the page is recomputed by the kernel and redrawn;
``w.runs[0]["lr"] = …`` executed in the kernel moves the page.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

import nbformat
import numpy as np
import pytest
import thalweg
from conftest import free_port

pytestmark = pytest.mark.browser

TOKEN = "thalweg-test"
ADAM = {"optimizer": "adam", "hyperparameters": {"lr": 0.05}}
CELL = f"import thalweg\nw = thalweg.Widget('rosenbrock', ['gd', {ADAM!r}], steps=200)\nw"
START_TIMEOUT_S = 90
DRAW_TIMEOUT_MS = 90_000  # the kernel's first race compiles


def _notebook() -> str:
    kernel = {"name": "python3", "display_name": "Python 3", "language": "python"}
    cells = [nbformat.v4.new_code_cell(CELL)]
    return nbformat.writes(nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": kernel}))


@pytest.fixture(scope="module")
def lab(tmp_path_factory) -> Iterator[str]:
    """A JupyterLab server on loopback; yields the notebook's URL."""
    root = tmp_path_factory.mktemp("jupyterlab")
    (root / "notebooks").mkdir()
    (root / "notebooks" / "widget.ipynb").write_text(_notebook(), encoding="utf-8")
    env = {
        **os.environ,
        **{f"JUPYTER_{d.upper()}_DIR": str(root / d) for d in ("config", "data", "runtime")},
        "IPYTHONDIR": str(root / "ipython"),
    }
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root",
            "--ip=127.0.0.1", f"--port={port}", f"--IdentityProvider.token={TOKEN}",
            f"--ServerApp.root_dir={root / 'notebooks'}",
            "--LabApp.expose_app_in_browser=True",  # window.jupyterapp: Run All, the kernel
            "--LabServerApp.extension_manager=readonly",  # no PyPI listing
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if process.poll() is not None:
                pytest.fail(f"jupyter lab exited with {process.returncode}")
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=1).close()
                break
            if time.monotonic() > deadline:
                pytest.fail(f"jupyter lab did not answer in {START_TIMEOUT_S} s")
            time.sleep(0.3)
        yield f"{base}/lab/tree/widget.ipynb?token={TOKEN}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def _paths(page) -> dict[str, np.ndarray]:
    return {
        name: np.asarray(points, np.float32)
        for name, points in page.evaluate(
            """() => document.querySelector('.tw-overlay .race-layer').race.paths()
                .map((p) => [p.name, Array.from(p.x, (x, i) => [x, p.y[i]])])"""
        )
    }


def _wait_drawn(page, name: str, points: int) -> None:
    page.wait_for_function(
        """([name, points]) => {
            const layer = document.querySelector('.tw-overlay .race-layer');
            return Boolean(layer?.race) && layer.race.paths()
                .some((p) => p.name === name && p.x.length === points);
        }""",
        arg=[name, points],
        timeout=DRAW_TIMEOUT_MS,
    )


def test_the_widget_runs_in_jupyterlab_and_round_trips_both_ways(lab, page):
    page.goto(lab)
    page.wait_for_function(
        "() => Boolean(window.jupyterapp?.shell.currentWidget?.sessionContext?.session?.kernel)",
        timeout=DRAW_TIMEOUT_MS,
    )
    page.evaluate(
        """async () => {
            await window.jupyterapp.shell.currentWidget.sessionContext.ready;
            await window.jupyterapp.commands.execute('notebook:run-all-cells');
        }"""
    )
    race = thalweg.race("rosenbrock", ["gd", ADAM], steps=200)
    _wait_drawn(page, "Adam η=0.05", len(race.runs[1].points))
    drawn = _paths(page)
    assert list(drawn) == ["Gradient descent η=0.001", "Adam η=0.05"]
    for points, run in zip(drawn.values(), race.runs, strict=True):
        np.testing.assert_array_equal(points, run.points)

    # The page's slider: the kernel recomputes, the page draws its answer.
    page.locator('.tw-run[data-run="1"] .param-slider').evaluate(
        "s => { s.value = Math.log10(0.2); s.dispatchEvent(new Event('input')); }"
    )
    faster = thalweg.race("rosenbrock", [{**ADAM, "hyperparameters": {"lr": 0.2}}], steps=200)
    _wait_drawn(page, "Adam η=0.2", len(faster.runs[0].points))
    np.testing.assert_array_equal(_paths(page)["Adam η=0.2"], faster.runs[0].points)

    # Python in the kernel: the spelling moves the page's number and path.
    page.evaluate(
        """(code) => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel
            .requestExecute({ code }).done""",
        'w.runs[0]["lr"] = 0.0005',
    )
    slow = thalweg.race("rosenbrock", [{"optimizer": "gd", "hyperparameters": {"lr": 5e-4}}])
    name = "Gradient descent η=5e−4"
    _wait_drawn(page, name, 201)
    np.testing.assert_array_equal(_paths(page)[name], slow.runs[0].points[:201])
    assert float(page.locator('.tw-run[data-run="0"] .param-number').input_value()) == 5e-4

    assert page.recorder.page_errors == []
    assert page.recorder.off_loopback() == []
