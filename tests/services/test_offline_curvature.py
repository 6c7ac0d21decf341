"""An offline file's curvature answers (curv=1) equal what POST /api/curvature answers the page."""

import base64

import numpy as np
import pytest
from thalweg.schemas_curvature import CurvatureRequest
from thalweg.services import offline, offline_curvature
from thalweg.services.curvature import local
from thalweg.services.errors import UnprocessableError
from thalweg.services.export import EXPORTERS, exporter_of
from thalweg.services.scene_query import parse

ROSENBROCK = "surface=rosenbrock&steps=120&runs=gd:lr=0.002;adam:lr=0.05;gd:lr=0.02&curv=1"
GAME = "surface=dirac_gan&sp=gamma:0.5&runs=gda:lr=0.5;alternating_gda:lr=0.3&steps=150&curv=1"
SHAPES = {
    "path_eigenvalues": (2,),
    "path_eigenvectors": (2, 2),
    "path_jacobians": (2, 2),
    "path_game_eigenvalues": (2, 2),
}


def _floats(text: str, shape: tuple) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), "<f4").astype(np.float64).reshape(-1, *shape)


def _page_request(scene, trajectory: dict, fields: dict) -> tuple[CurvatureRequest, bool]:
    """What local-curvature.js sends for this trajectory, and whether its point is a minimum."""
    path = _floats(trajectory["points"], (2,))
    inside = np.all(np.abs(path) <= 1e6, axis=1)
    sent = path[: len(path) if inside.all() else int(np.argmin(inside))]
    end = path[-1]
    minima = [(m["x"], m["y"]) for m in fields["minima"]]
    if minima:
        point = min(minima, key=lambda m: np.hypot(m[0] - end[0], m[1] - end[1]))
    elif trajectory["status"] == "converged":
        point = tuple(end)
    else:
        point = tuple(sent[0])
    body = {"surface": scene.surface_field(), "surface_params": scene.surface_params or None}
    request = CurvatureRequest(**body, point=list(point), points=sent.tolist())
    return request, bool(minima) or trajectory["status"] == "converged"


@pytest.mark.parametrize("query", [ROSENBROCK, GAME])
def test_each_trajectory_holds_the_answer_the_api_gives_for_its_path(query):
    scene = parse(query)
    data = offline.payload(scene, 3, curvature=True)
    assert data["curvature"] is True
    surface = data["catalogs"]["surfaces"][0]
    held = 0
    for run in data["runs"]:
        for trajectory in run["trajectories"]:
            stored = trajectory["curvature"]
            request, at_minimum = _page_request(scene, trajectory, surface)
            truth = local.compute(request)
            for name, shape in SHAPES.items():
                assert (name in stored) == (name in truth), name
                if name in stored:
                    np.testing.assert_allclose(
                        _floats(stored[name], shape),
                        np.asarray(truth[name], np.float64),
                        rtol=1e-6,
                        atol=1e-6,
                    )
            if surface["kind"] == "game":
                bound = truth["game"]["gda_stable_lr"] if at_minimum else None
                assert stored["game"]["gda_stable_lr"] == pytest.approx(bound)
            else:
                bound = truth["gd_stable_lr"] if at_minimum else None
                assert stored["gd_stable_lr"] == pytest.approx(bound)
            held += 1
    assert held == sum(len(r["trajectories"]) for r in data["runs"]) >= 6


def test_a_diverged_path_is_held_whole_and_a_path_is_cut_where_the_page_stops_sending():
    scene = parse("surface=rosenbrock&steps=200&runs=gd:lr=0.5&curv=1")  # GD overshoots
    trajectory = offline.payload(scene, 1, curvature=True)["runs"][0]["trajectories"][0]
    assert trajectory["status"] == "diverged"
    held = _floats(trajectory["curvature"]["path_eigenvalues"], (2,))
    assert len(held) == len(_floats(trajectory["points"], (2,))) == 2
    # local-curvature.js finitePrefix: up to the first point beyond ±1e6 or not finite
    path = np.asarray([[0, 0], [1, -1e6], [2e6, 0], [np.nan, 0]], np.float64)
    np.testing.assert_array_equal(offline_curvature._sent(path), path[:2])
    np.testing.assert_array_equal(offline_curvature._sent(path[[0, 3]]), path[:1])


def test_without_curv_the_file_holds_no_curvature():
    data = offline.payload(parse(ROSENBROCK.replace("&curv=1", "")), 2)
    assert data["curvature"] is False
    assert all("curvature" not in t for r in data["runs"] for t in r["trajectories"])


@pytest.mark.parametrize(
    ("query", "expected"),
    [("curv=1", True), ("a=2&curv=true", True), ("curv=0", False), ("steps=9", False)],
)
def test_the_link_asks_for_the_layer_as_state_js_reads_it(query, expected):
    assert offline_curvature.wanted(f"http://host/embed?{query}") is expected


def test_the_export_is_charged_for_the_curvature_and_refused_above_its_budget():
    scene = parse(ROSENBROCK)
    without = offline.estimate(scene, 32, set())
    with_layer = offline.estimate(scene, 32, set(), curvature=True)
    extra = with_layer.seconds - without.seconds
    # one compile, and 3 runs × 32 positions × 122 points padded to 16,384, at 1 µs
    assert extra == pytest.approx(offline_curvature.COMPILE_SECONDS + 16_384e-6)
    cost = EXPORTERS["race"].cost
    assert cost(ROSENBROCK, 32, set()) == pytest.approx(with_layer.seconds)
    with pytest.raises(UnprocessableError) as refused:
        offline.payload(scene, 32, limit=with_layer.seconds - 0.5 * extra, curvature=True)
    assert refused.value.code == "work_budget"


def test_a_curv_scene_counts_twice_against_the_points_limit(monkeypatch):
    from thalweg.config import get_settings

    points = 3 * 2 * 121  # runs × positions × (steps + 1)
    monkeypatch.setattr(get_settings(), "max_export_points", points + 1)
    exporter, query = exporter_of(f"http://host/embed?{ROSENBROCK}")
    with pytest.raises(UnprocessableError, match="twice that with curv=1"):
        exporter.payload(query, 2, float("inf"))
    exporter.payload(query.replace("&curv=1", ""), 2, float("inf"))


def test_a_lesson_scene_with_curv_gets_the_layer_through_the_race_exporter():
    """lesson_export.py builds each race scene with exporter_of(link).payload and .cost."""
    link = f"http://127.0.0.1:8000/embed?{GAME}&controls=play,scrubber,curves"
    exporter, query = exporter_of(link)
    assert exporter is EXPORTERS["race"]
    data = exporter.payload(query, 1, float("inf"))
    assert data["curvature"] is True
    assert all(t["curvature"]["path_jacobians"] for r in data["runs"] for t in r["trajectories"])
    assert exporter.cost(query, 1, set()) > exporter.cost(
        query.replace("curv=1", "curv=0"), 1, set()
    )
