"""thalweg.Widget on the kernel's side: its frames are the REST API's numbers; its bundle is whole.

The browser side and the round trip are tests/browser/test_widget.py.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
import thalweg
from thalweg.notebook.widget import ENTRY, bundle

ADAM = {"optimizer": "adam", "hyperparameters": {"lr": 0.05}}


def _points(widget: thalweg.Widget, index: int) -> np.ndarray:
    """Run ``index``'s points from the widget's stream frames, as the page joins them."""
    rows = []
    for frame in widget.frames:
        if frame["type"] == "segments":
            rows += [p for run in frame["runs"] if run["index"] == index for p in run["points"]]
    return np.asarray(rows, np.float32)


def test_frames_equal_the_python_apis_race_bit_for_bit():
    widget = thalweg.Widget("himmelblau", ["gd", ADAM], steps=700)
    race = thalweg.race("himmelblau", ["gd", ADAM], steps=700)
    for i, run in enumerate(race.runs):
        np.testing.assert_array_equal(_points(widget, i), run.points)
    done = widget.frames[-1]
    assert done["type"] == "done"
    assert [r["steps_taken"] for r in done["runs"]] == [r.steps_taken for r in race.runs]
    assert widget.race().runs[1].points.tobytes() == race.runs[1].points.tobytes()


def test_runs_are_filled_from_the_catalog_and_set_run_recomputes():
    widget = thalweg.Widget("rosenbrock", ["gd"], steps=100)
    assert widget.runs[0]["hyperparameters"]["lr"] == 0.001  # the catalog's default
    before = _points(widget, 0)
    widget.set_run(0, lr=0.0002)
    assert widget.runs[0]["hyperparameters"]["lr"] == 0.0002
    slower = thalweg.race("rosenbrock", [{"optimizer": "gd", "hyperparameters": {"lr": 2e-4}}])
    np.testing.assert_array_equal(_points(widget, 0), slower.runs[0].points[:101])
    assert not np.array_equal(_points(widget, 0), before)
    widget.runs = [ADAM]  # assigning the whole list is seen too
    assert widget.frames[-1]["runs"][0]["optimizer"] == "adam"


def test_item_assignment_on_a_run_redraws_as_set_run_does():
    widget = thalweg.Widget("rosenbrock", ["gd", ADAM], steps=100)
    widget.runs[0]["lr"] = 0.0002  # the spelling: a hyperparameter by name
    assert widget.runs[0]["lr"] == widget.runs[0]["hyperparameters"]["lr"] == 0.0002
    slower = thalweg.race("rosenbrock", [{"optimizer": "gd", "hyperparameters": {"lr": 2e-4}}])
    np.testing.assert_array_equal(_points(widget, 0), slower.runs[0].points[:101])
    widget.runs[1]["optimizer"] = "rmsprop"  # another optimizer, with its own defaults
    assert widget.runs[1]["hyperparameters"]["alpha"] == 0.99
    assert widget.frames[-1]["runs"][1]["optimizer"] == "rmsprop"
    frames = widget.frames
    widget.runs[0]["hyperparameters"]["lr"] = 0.1  # deeper down: not seen (documented)
    assert widget.frames is frames


def test_a_refused_run_keeps_the_last_paths_and_says_why():
    widget = thalweg.Widget("rosenbrock", ["gd"], steps=50)
    frames = widget.frames
    widget.set_run(0, lr=50.0)
    assert "lr=50.0 outside" in widget.error
    assert widget.frames == frames
    widget.set_run(0, lr=0.002)
    assert widget.error == ""


def test_bad_arguments_raise_the_rest_apis_message():
    with pytest.raises(thalweg.ThalwegError, match="optimizer"):
        thalweg.Widget("rosenbrock", ["no-such-optimizer"])


def test_a_python_function_surface_works():
    widget = thalweg.Widget(lambda x, y: x**2 + 3 * y**2, ["gd"], start=(1.0, 1.0), steps=20)
    assert widget.scene["surface"] == "custom"
    assert widget.scene["start"] == [1.0, 1.0]
    assert len(_points(widget, 0)) == 21


def test_the_bundle_holds_every_module_it_imports_and_no_relative_specifier():
    esm, css = bundle()
    assert ".thalweg-widget" in css
    call = "export default widget("
    sources, _ = json.JSONDecoder().raw_decode(esm[esm.rindex(call) + len(call) :])
    assert {ENTRY, "js/plots/overlay.js", "js/plots/landscape.js", "js/controls.js"} <= set(sources)
    for text in sources.values():
        assert set(re.findall(r"""['"]@thalweg/([^'"]+)['"]""", text)) <= set(sources)
        assert not re.search(r"""(from|import)\s*\(?\s*['"]\.{1,2}/""", text)
