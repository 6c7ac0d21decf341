"""The race's curvature layer on a game: J's flow at w_k, λ labels, ρ along the path, GDA's bound.

The truths are closed forms (the bilinear game's J = [[0, −1], [1, 0]]) and
numpy's eigenvalues of each optimizer's linearised step matrix.
"""

from __future__ import annotations

import json
import urllib.request

import numpy as np
import pytest
from support import wait_until

pytestmark = pytest.mark.browser

STEP = 30
SCENE = f"steps=300&t={STEP}&curv=1"
BILINEAR = f"surface=bilinear&runs=gda:lr=0.1;alternating_gda:lr=0.3;optimistic_gda:lr=0.2&{SCENE}"
DIRAC = f"surface=dirac_gan&sp=gamma:0.5&runs=gda:lr=0.5;alternating_gda:lr=0.5&{SCENE}"
FLOWS = """() => [...document.querySelectorAll('.curv-flow')].map((g) => ({
  run: Number(g.dataset.run),
  kind: g.dataset.kind,
  point: g.dataset.point.split(',').map(Number),
  jacobian: g.dataset.jacobian.split(',').map(Number),
  eigenvalues: g.dataset.eigenvalues.split(',').map(Number),
  label: g.querySelector('.curv-label')?.textContent ?? null,
  orbit: g.querySelector('.curv-orbit')?.getAttribute('d') ?? null,
}))"""
CURVES = """() => document.querySelector('.curv-curve').data
  .map((t) => ({x: t.x, y: t.y, name: t.name || null}))"""


def _curvature(server, body: dict) -> dict:
    request = urllib.request.Request(
        f"{server.url}/api/curvature",
        json.dumps(body).encode(),
        {"content-type": "application/json"},
    )
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def _flows(app, count: int) -> list[dict]:
    app.settle()
    wait_until(
        app.page,
        lambda: app.page.evaluate("document.querySelectorAll('.curv-flow').length") == count,
        message=f"{count} flow glyphs",
    )
    return app.page.evaluate(FLOWS)


def _step_radius(optimizer: str, lr: float, jacobian: np.ndarray) -> float:
    """ρ of the linearised step, from numpy's eigenvalues of its matrix."""
    eye = np.eye(2)
    if optimizer == "gda":
        step = eye + lr * jacobian
    elif optimizer == "alternating_gda":  # y moves first (J's second row), x answers from the new y
        first = np.asarray([[1, 0], [lr * jacobian[1, 0], 1 + lr * jacobian[1, 1]]])
        second = np.asarray([[1 + lr * jacobian[0, 0], lr * jacobian[0, 1]], [0, 1]])
        step = second @ first
    else:  # optimistic: (δ_{k+1}, δ_k) = [[I + 2ηJ, −ηJ], [I, 0]] (δ_k, δ_{k−1})
        step = np.block([[eye + 2 * lr * jacobian, -lr * jacobian], [eye, np.zeros((2, 2))]])
    return float(np.max(np.abs(np.linalg.eigvals(step))))


def test_bilinear_game_shows_a_rotation_with_lambda_plus_minus_i(app):
    app.open(BILINEAR)
    flows = _flows(app, 3)
    paths = app.paths()
    for flow in flows:
        path = paths[flow["run"]]
        assert flow["point"] == pytest.approx([path["x"][STEP], path["y"][STEP]], rel=1e-6)
        assert flow["kind"] == "rotation" and flow["orbit"]
        assert flow["jacobian"] == [0, -1, 1, 0]  # [[−V_xx, −V_xy], [V_yx, V_yy]] of V = xy
        assert flow["eigenvalues"] == [0, -1, 0, 1]  # ±i
    # one label: every run's λ is the same ±i
    assert [f["label"] for f in flows if f["label"]] == ["λ = ±1i"]
    readout = app.page.inner_text(".curv-readout")
    assert readout.count("no η makes GDA stable") == 3
    assert app.page.recorder.console_errors == [] and app.page.recorder.page_errors == []


def test_the_curve_is_each_runs_step_radius_against_numpy(app):
    app.open(BILINEAR)
    flows = _flows(app, 3)
    traces = app.page.evaluate(CURVES)
    curves = [t for t in traces if t["name"]]
    lines = [t for t in traces if not t["name"]]
    assert len(curves) == 3 and [line["y"] for line in lines] == [[1, 1]]  # ρ = 1 dashed
    runs = [("gda", 0.1), ("alternating_gda", 0.3), ("optimistic_gda", 0.2)]
    jacobian = np.asarray([[0.0, -1.0], [1.0, 0.0]])
    for flow in flows:
        optimizer, lr = runs[flow["run"]]
        truth = _step_radius(optimizer, lr, jacobian)
        assert curves[flow["run"]]["y"][STEP] == pytest.approx(truth, rel=1e-9)
    # the Dirac-GAN result on V = xy: GDA grows by √(1 + η²), alternating cycles, optimistic shrinks
    assert curves[0]["y"][0] == pytest.approx(np.sqrt(1 + 0.1**2), rel=1e-12)
    assert curves[1]["y"][0] == pytest.approx(1, abs=1e-9)
    assert curves[2]["y"][0] < 1


def test_dirac_gan_with_a_penalty_marks_gda_bound_at_the_equilibrium(app):
    app.open(DIRAC)
    flows = {f["run"]: f for f in _flows(app, 2)}
    traces = [t for t in app.page.evaluate(CURVES) if t["name"]]
    for run, optimizer in enumerate(["gda", "alternating_gda"]):
        flow = flows[run]
        truth = _curvature(
            app.server,
            {"surface": "dirac_gan", "surface_params": {"gamma": 0.5}, "point": flow["point"]},
        )["game"]
        # float32 on the path's answer, float64 in the single point's
        np.testing.assert_allclose(
            flow["jacobian"], np.ravel(truth["jacobian"]), rtol=1e-6, atol=1e-7
        )
        np.testing.assert_allclose(
            flow["eigenvalues"], np.ravel(truth["eigenvalues"]), rtol=1e-5, atol=1e-6
        )
        jacobian = np.reshape(flow["jacobian"], (2, 2))
        assert traces[run]["y"][STEP] == pytest.approx(
            _step_radius(optimizer, 0.5, jacobian), rel=1e-9
        )
    marks = app.page.evaluate(
        """() => [...document.querySelectorAll('.run-card')].map((card) =>
             [...card.querySelectorAll('.curv-mark')]
               .map((m) => [m.className, Number(m.dataset.value)]))"""
    )
    at_equilibrium = _curvature(
        app.server, {"surface": "dirac_gan", "surface_params": {"gamma": 0.5}, "point": [0, 0]}
    )["game"]["gda_stable_lr"]
    values = {cls.split("curv-mark-")[1]: v for cls, v in marks[0]}
    assert values["min"] == pytest.approx(
        at_equilibrium, rel=1e-6
    ) and at_equilibrium == pytest.approx(2.0)
    assert marks[1] == []  # alternating GDA's step is not I + ηJ: no mark


def test_german_texts_on_a_game(app):
    app.open(BILINEAR + "&lang=de")
    _flows(app, 3)
    assert "kein η macht GDA stabil" in app.page.inner_text(".curv-readout")
    assert "ρ(Schritt)" in app.page.inner_text(".curv-readout")
    title = app.page.evaluate("document.querySelector('.curv-curve').layout.annotations[0].text")
    assert title == "<b>ρ jedes Schritts bei w_k</b>"
    assert app.page.get_attribute("label.curv-toggle", "title").startswith("Bei einem Spiel")


def test_a_game_raced_by_minimisers_says_which_optimizers_have_rho(app):
    app.open(f"surface=bilinear&runs=gd:lr=0.1;adam:lr=0.1&{SCENE}&lang=de")
    _flows(app, 2)
    curve = app.page.evaluate(
        """() => { const el = document.querySelector('.curv-curve');
          return { traces: el.data.length, notes: el.layout.annotations.map((a) => a.text),
                   axes: el._fullLayout.yaxis.visible }; }"""
    )
    assert curve["traces"] == 0 and curve["axes"] is False  # no ρ, no dashed 1, no empty axes
    assert curve["notes"][1].replace("<br>", " ") == (
        "ρ gibt es für die Spiel-Optimierer: GDA, alternierendes und optimistisches GDA"
    )


def test_step_radius_module_matches_numpy_on_random_jacobians(app):
    app.open("steps=10")
    rng = np.random.default_rng(3)
    jacobians = rng.normal(size=(12, 2, 2)).tolist()
    answers = app.page.evaluate(
        """(js) => import('/js/game-stability.js').then((m) => js.map((j) =>
             ['gda', 'alternating_gda', 'optimistic_gda'].map((o) => m.stepRadius(o, 0.3, j))))""",
        jacobians,
    )
    for jacobian, row in zip(jacobians, answers, strict=True):
        for optimizer, value in zip(["gda", "alternating_gda", "optimistic_gda"], row, strict=True):
            assert value == pytest.approx(
                _step_radius(optimizer, 0.3, np.asarray(jacobian)), rel=1e-9
            )
