"""A whole lesson as one offline file: each scene's document is exactly its view's
offline file, its views' pages and shared payload parts are stored once, and
the file is refused above the work budget and the size limit."""

import json
import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from thalweg.config import frontend_dir, get_settings
from thalweg.services.errors import UnprocessableError
from thalweg.services.export import EXPORTERS, export_html, exporter_of, filename
from thalweg.services.lesson_export import QUERY
from thalweg.services.offline_page import PLOTLY, render

FRONTEND = frontend_dir(get_settings())
LESSONS = json.loads((FRONTEND / "js/lessons/lessons.json").read_text(encoding="utf-8"))["lessons"]
LINK = "http://127.0.0.1:8000/lessons?lesson=learning-rate&lang=de"


def data_of(html: str) -> dict:
    found = re.search(
        r'<script type="application/json" id="thalweg-offline">(.*?)</script>', html, re.S
    )
    return json.loads(found.group(1))


def document(data: dict, scene: dict, query: str) -> str:
    """What the deck (js/lessons/offline-source.js) puts in the scene's frame."""
    gap = json.dumps(query).replace("</script", "<\\/script")
    return "".join(gap if n == QUERY else data["pieces"][n] for n in scene["pieces"])


def value_piece(data: dict, scene: dict, key: str) -> int:
    """The piece holding the value of the payload's top-level ``key``."""
    label = data["pieces"].index(f'"{key}":')
    return scene["pieces"][scene["pieces"].index(label) + 1]


@pytest.fixture(scope="module")
def lesson_file() -> str:
    return export_html(LINK, FRONTEND)


def test_each_scene_is_its_views_offline_file_with_its_own_payload(lesson_file):
    data = data_of(lesson_file)
    lesson = next(x for x in LESSONS if x["id"] == "learning-rate")
    assert data["lesson"] == {**lesson, "number": 2}  # its place in the course
    assert data["query"] == "lesson=learning-rate&lang=de"
    assert len(data["scenes"]) == len(lesson["scenes"]) == 5
    for scene, stored in zip(lesson["scenes"], data["scenes"], strict=True):
        exporter, query = exporter_of(scene["link"])
        assert stored["query"] == query  # the link already names its controls
        # no learning-rate slider in these embeds: one trajectory per run
        assert "lr" not in dict(parse_qsl(urlsplit(scene["link"]).query))["controls"].split(",")
        payload = exporter.payload(query, 1, float("inf"))
        alone = render(FRONTEND, payload, f"{query}&lang=de", exporter.page)
        assert document(data, stored, f"{query}&lang=de") == alone


def test_the_views_page_and_shared_payload_parts_are_stored_once(lesson_file):
    data = data_of(lesson_file)
    plotly = (FRONTEND / PLOTLY).read_text(encoding="utf-8")[:2000]
    assert sum(plotly in piece for piece in data["pieces"]) == 1
    assert sum('"imports":' in piece for piece in data["pieces"]) == 1, "one view: the race"
    # Scenes 1-4 are on the same bowl (scene 5 has another κ): one landscapes piece.
    landscapes = [value_piece(data, scene, "landscapes") for scene in data["scenes"]]
    assert len(set(landscapes[:4])) == 1 and landscapes[4] != landscapes[0]
    runs = [value_piece(data, scene, "runs") for scene in data["scenes"]]
    assert len(set(runs)) == 5, "each scene its own runs"
    one_scene = len(export_html(LESSONS[1]["scenes"][0]["link"], FRONTEND, positions=1))
    assert len(lesson_file) < 2 * one_scene, "five scenes, not five files"


def test_scenes_without_an_offline_view_are_left_to_the_server():
    lesson = next(x for x in LESSONS if x["id"] == "backpropagation")
    links = [s["link"] for s in lesson["scenes"]]
    without = [i for i, link in enumerate(links) if link.startswith("/?")]
    assert without, "the lesson has race-page panels (graph, check)"
    stored = data_of(export_html("/lessons?lesson=backpropagation&lang=en", FRONTEND))["scenes"]
    assert [i for i, s in enumerate(stored) if s is None] == without


def test_a_lesson_above_the_work_budget_is_refused_before_anything_runs():
    with pytest.raises(UnprocessableError) as refused:
        export_html("/lessons?lesson=momentum-adaptive", FRONTEND, limit=0.05)
    assert refused.value.code == "work_budget"
    assert refused.value.params["seconds"] > 0.05
    assert "momentum-adaptive" in str(refused.value)


def test_a_lesson_file_above_the_size_limit_is_refused(setting):
    setting("max_lesson_export_bytes", 3_000_000)
    with pytest.raises(UnprocessableError) as refused:
        export_html(LINK, FRONTEND)
    assert refused.value.code == "export_size"
    assert refused.value.params["size"] > 3_000_000


def test_an_unknown_lesson_is_a_422_that_lists_the_lessons():
    with pytest.raises(UnprocessableError) as refused:
        export_html("http://h/lessons?lesson=nowhere", FRONTEND)
    assert refused.value.code == "lesson_unknown"
    assert "learning-rate" in str(refused.value)


def test_the_lessons_page_is_a_view_with_its_own_file_name():
    assert "lessons" not in EXPORTERS  # a lesson is made of its scenes' exporters
    assert filename(LINK) == "thalweg-lesson-learning-rate.html"
