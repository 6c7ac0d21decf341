"""Figures of the Python API: the traces the page draws, in the page's colours."""

import numpy as np
import thalweg
from thalweg.services.palette import palette


def test_race_figure_has_contour_field_minima_paths_and_start():
    runs = ["gd", {"optimizer": "adam", "hyperparameters": {"lr": 0.05}}]
    race = thalweg.race("rosenbrock", runs, start=(-1.5, 2.0), steps=200)
    figure = race.figure(resolution=60, arrows=8)
    colours = palette()
    contour = figure.data[0]
    assert contour.type == "contour"
    assert [tuple(s) for s in contour.colorscale] == list(colours.landscape_scale)
    assert contour.colorbar.tickmode == "array"  # Rosenbrock is drawn on a log scale
    by_name = {t.name: t for t in figure.data}
    arrows = by_name["−∇f"]
    assert arrows.line.color == colours.field_arrow
    assert list(arrows.x).count(None) == 3 * 64  # shaft and two wings per arrow
    assert list(by_name["global minimum"].x) == [1.0]
    for i, run in enumerate(race.runs):
        path = by_name[run.label]
        assert path.line.color == colours.run_colors[i]
        np.testing.assert_array_equal(path.x, run.points[:, 0])
    assert list(by_name["start"].x) == [-1.5]
    assert list(figure.layout.xaxis.range) == [-2.0, 2.0]
    assert len(figure.to_dict()["data"]) == len(figure.data)  # a valid figure for plotly.js


def test_a_diverged_run_is_marked_with_a_cross():
    race = thalweg.race("rosenbrock", [{"optimizer": "gd", "hyperparameters": {"lr": 0.01}}])
    assert race.runs[0].status == "diverged"
    traces = race.figure(resolution=20, arrows=0).data
    cross = [t for t in traces if (t.name or "").endswith("diverged")]
    assert cross[0].marker.line.color == palette().danger


def test_curves_plot_loss_and_gradient_norm_per_run():
    race = thalweg.race("himmelblau", ["gd", "adam"], steps=50)
    traces = race.curves().data
    assert len(traces) == 4
    np.testing.assert_allclose(traces[1].y, np.linalg.norm(race.runs[0].gradients, axis=1))


def test_sweep_figure_marks_diverged_rates_and_the_best():
    sweep = thalweg.sweep("rosenbrock", "gd", {"min": 1e-4, "max": 1, "count": 10}, steps=100)
    names = [t.name for t in sweep.figure().data]
    assert names == ["gd", "diverged", f"best η = {sweep.best['lr']:.3g}"]
