"""The lessons (frontend/js/lessons/lessons.json): every scene link is a valid
scene of its view, and every text exists in English and German.

Race links are read with ``services/scene_query.py`` (as ``thalweg export``
reads them) and validated as the API validates a trajectory request; their
query keys must be rows of ``state.js`` (a typo would silently fall back to a
default). Networks links are read as ``js/networks/state.js`` reads them and
validated as a ``NetworkRequest``. A few texts state what a scene shows; those
claims are computed here.
"""

import json
import math
import re
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import numpy as np
import pytest
from thalweg.schemas import TrajectoryRequest
from thalweg.schemas_gan import GanRequest
from thalweg.schemas_networks import NetworkRequest
from thalweg.services import gan, trajectories
from thalweg.services.scene_query import CUSTOM, parse, query_of, raw_params
from thalweg.services.surfaces import resolve

FRONTEND = Path(__file__).resolve().parents[2] / "frontend"
LESSONS = json.loads((FRONTEND / "js/lessons/lessons.json").read_text(encoding="utf-8"))["lessons"]
SCENES = [
    pytest.param(lesson, i, scene, id=f"{lesson['id']}-{i + 1}")
    for lesson in LESSONS
    for i, scene in enumerate(lesson["scenes"])
]
# Names that are the same word in both languages.
SAME_IN_BOTH = {"tanh", "ReLU", "Sigmoid", "Momentum", "Plateaus"}
MAX_TEXT = 450  # characters: one to three short sentences
LANGUAGES = ("en", "de")


def js_keys(path: str, table: str) -> set[str]:
    """The query keys of a state table (``PROPS``) in a frontend module."""
    text = (FRONTEND / path).read_text(encoding="utf-8")
    body = text.split(f"export const {table} = [", 1)[1].split("\n];", 1)[0]
    return set(re.findall(r"key: '(\w+)'", body))


def embed_controls() -> set[str]:
    text = (FRONTEND / "js/state.js").read_text(encoding="utf-8")
    return set(
        re.findall(r"'(\w+)'", text.split("export const EMBED_CONTROLS = [", 1)[1].split("]")[0])
    )


RACE_KEYS = js_keys("js/state.js", "PROPS") | {"controls", "autoplay"}
NETWORK_KEYS = js_keys("js/networks/state.js", "PROPS")
GENERATIVE_KEYS = js_keys("js/views/generative/state.js", "PROPS")


def test_the_course_has_its_eight_chapters_once_each():
    ids = [lesson["id"] for lesson in LESSONS]
    assert len(ids) == len(set(ids)) == 8


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson["id"])
def test_a_lesson_has_three_to_six_scenes_and_a_title_in_both_languages(lesson):
    assert 3 <= len(lesson["scenes"]) <= 6
    assert lesson["title"]["en"].strip() and lesson["title"]["de"].strip()
    assert lesson["title"]["en"] != lesson["title"]["de"]
    links = [scene["link"] for scene in lesson["scenes"]]
    assert len(links) == len(set(links)), "two scenes of a lesson show the same view"


@pytest.mark.parametrize(("lesson", "index", "scene"), SCENES)
def test_every_text_is_short_and_german_differs_from_english(lesson, index, scene):
    for field in ("title", "text"):
        assert set(scene[field]) == set(LANGUAGES)
        assert all(scene[field][lang].strip() for lang in LANGUAGES)
    if scene["title"]["en"] not in SAME_IN_BOTH:
        assert scene["title"]["en"] != scene["title"]["de"]
    assert scene["text"]["en"] != scene["text"]["de"]
    assert all(len(scene["text"][lang]) <= MAX_TEXT for lang in LANGUAGES)


def trajectory_request(link: str) -> TrajectoryRequest:
    """The request the page sends for the scene (``services/offline.py`` builds the same)."""
    scene = parse(link)
    return TrajectoryRequest.model_validate(
        {
            "surface": scene.surface_field(),
            "surface_params": scene.surface_params or None,
            "start": scene.start,
            "steps": scene.steps,
            "tolerance": scene.tolerance,
            "runs": [
                {"optimizer": r.optimizer, "hyperparameters": r.hyperparameters} for r in scene.runs
            ],
            "include": ["points", "losses"],
        }
    )


def network_request(link: str) -> NetworkRequest:
    """``js/networks/state.js``: parse() then requestBody() for run A (and B when comparing)."""
    raw = dict(parse_qsl(urlsplit(link).query, keep_blank_values=True))
    unknown = set(raw) - NETWORK_KEYS
    assert not unknown, f"not parameters of the networks view: {unknown}"

    def hp(text: str) -> dict[str, float]:
        return {k: float(v) for k, v in (item.split(":") for item in text.split(","))}

    def batch(text: str) -> int | str:
        return text if text == "all" else int(text)

    body = {
        "dataset": {
            "name": raw.get("data", "moons"),
            "classes": int(raw["k"]) if "k" in raw else None,
        },
        "model": {
            "kind": raw.get("model", "mlp"),
            "hidden": [int(w) for w in raw.get("hidden", "16,16").split(",")],
            "activation": raw.get("act", "tanh"),
        },
        "loss": raw.get("loss"),
        "optimizer": {
            "id": raw.get("opt", "adam"),
            "hyperparameters": hp(raw.get("hp", "lr:0.01")),
        },
        "batch_size": batch(raw.get("bs", "32")),
        "steps": int(raw.get("steps", "500")),
        "landscape": {"directions": raw.get("dir", "pca")},
    }
    request = NetworkRequest.model_validate(body)
    if raw.get("cmp") == "1":
        second = {
            "id": raw.get("opt2", "gd"),
            "hyperparameters": hp(raw.get("hp2", "lr:0.5")),
        }
        NetworkRequest.model_validate(
            {**body, "optimizer": second, "batch_size": batch(raw.get("bs2", "all"))}
        )
    return request


def generative_request(link: str) -> GanRequest:
    """The GAN lab's scene: its keys are rows of ``js/views/generative/state.js``, its
    embed controls the view's, and the run it asks for (the defaults of that table,
    which the server's share) a valid request."""
    raw = dict(parse_qsl(urlsplit(link).query, keep_blank_values=True))
    unknown = set(raw) - GENERATIVE_KEYS - {"view", "controls"}
    assert not unknown, f"not parameters of the generative view: {unknown}"
    view = (FRONTEND / "js/views/generative/view.js").read_text(encoding="utf-8")
    controls = set(re.findall(r"'(\w+)'", view.split("  controls: [", 1)[1].split("]")[0]))
    assert set(raw.get("controls", "").split(",")) <= controls
    assert raw.get("mode", "gan") == "gan", "autoencoder scenes are not in the lessons yet"
    return GanRequest.model_validate(
        {"data": {"name": raw.get("data", "ring")}, "steps": int(raw.get("steps", "2000"))}
    )


@pytest.mark.parametrize(("lesson", "index", "scene"), SCENES)
def test_every_scene_link_is_a_valid_scene_of_its_view(lesson, index, scene):
    link = scene["link"]
    path = urlsplit(link).path
    assert path in ("/embed", "/", "/networks.html"), link
    assert "lang=" not in link, "the page adds the language"
    if path == "/networks.html":
        network_request(link)
        return
    if "view=generative" in link:
        generative_request(link)
        return
    raw = raw_params(query_of(link))
    unknown = set(raw) - RACE_KEYS
    assert not unknown, f"not parameters of the race page: {unknown}"
    request = trajectory_request(link)
    resolve(request)  # a typed expression must compile
    parsed = parse(link)
    if "steps" in raw:
        assert parsed.steps == int(raw["steps"]), "steps out of range fell back to the default"
    if "runs" in raw:
        assert len(parsed.runs) == raw["runs"].count(";") + 1, "a run was dropped"
    if "controls" in raw:
        assert set(raw["controls"].split(",")) <= embed_controls()
    if path == "/embed":
        assert "panel" not in raw, "the embed page has no sidebar panels"
    else:
        assert raw.get("panel") in ("check", "graph"), "the full page is shown for a panel"
        assert raw["panel"] != "graph" or parsed.surface == CUSTOM, "graphs are of typed f"


def scene_link(lesson_id: str, number: int) -> str:
    lesson = next(lesson for lesson in LESSONS if lesson["id"] == lesson_id)
    return lesson["scenes"][number - 1]["link"]


def runs_of(lesson_id: str, number: int) -> list[dict]:
    return trajectories.compute(trajectory_request(scene_link(lesson_id, number)), math.inf)["runs"]


def distance_ratio(run: dict) -> float:
    points = np.asarray(run["points"])
    return float(np.linalg.norm(points[-1]) / np.linalg.norm(points[0]))


def test_learning_rate_below_two_over_lambda_max_converges_and_above_diverges():
    slower, faster = runs_of("learning-rate", 4)  # η = 0.19 and 0.21, λmax = 10
    assert slower["status"] != "diverged" and distance_ratio(slower) < 1e-6
    assert faster["status"] == "diverged"


def test_a_too_small_learning_rate_has_x_at_minus_0_92_after_500_steps():
    small, _ = runs_of("learning-rate", 1)
    assert np.asarray(small["points"])[-1][0] == pytest.approx(-2.5 * (1 - 0.002) ** 500, abs=1e-3)


def test_himmelblau_minima_reached_as_the_text_says():
    gd, momentum, adam = runs_of("gradient-descent", 5)
    for run, where in ((gd, (3, 2)), (adam, (3, 2)), (momentum, (3.584, -1.848))):
        assert np.asarray(run["points"])[-1] == pytest.approx(where, abs=0.01)


def test_rastrigin_runs_end_in_the_local_minimum_near_3_minus_3():
    for run in runs_of("loss-landscapes", 1):
        assert np.asarray(run["points"])[-1] == pytest.approx((2.985, -2.985), abs=0.01)
        assert np.asarray(run["losses"])[-1] == pytest.approx(17.9, abs=0.1)


def test_dirac_gan_simultaneous_grows_alternating_circles_optimistic_and_penalty_converge():
    gda, alternating, optimistic = runs_of("gan", 4)
    assert distance_ratio(gda) > 2
    assert distance_ratio(alternating) == pytest.approx(1, abs=0.05)
    assert distance_ratio(optimistic) < 0.05
    (penalised,) = runs_of("gan", 5)
    assert penalised["status"] == "converged"


def test_the_gan_on_the_ring_covers_only_some_modes():
    """What the GAN chapter's last scene says: mode collapse on the ring of 8."""
    request = generative_request(scene_link("gan", 6))
    body = gan.run(request.model_copy(update={"every": 100}))
    assert body["status"] == "completed"
    assert body["history"]["covered"][-1] < 8
