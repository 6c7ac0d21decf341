"""The whole lesson as one offline file: opened from file:// with every network
request aborted, it steps through its scenes with the arrow keys in German and
English, and each race scene's frame draws its paths from the file alone."""

import json
import urllib.request
from pathlib import Path

import pytest
from support import wait_ready, wait_until
from thalweg.config import frontend_dir, get_settings
from thalweg.services.export import export_html, exporter_of

pytestmark = pytest.mark.browser

FRONTEND = frontend_dir(get_settings())
LESSONS = json.loads((FRONTEND / "js/lessons/lessons.json").read_text(encoding="utf-8"))["lessons"]
PATHS = "document.getElementById('race-layer').race.paths().map((p) => p.x.length)"
QUERY = "JSON.parse(document.getElementById('thalweg-offline').textContent).query"


def exported(folder: Path, lesson: str) -> Path:
    path = folder / f"{lesson}.html"
    path.write_text(export_html(f"http://h/lessons?lesson={lesson}&lang=de", FRONTEND))
    return path


@pytest.fixture(scope="module")
def learning_rate(tmp_path_factory) -> Path:
    return exported(tmp_path_factory.mktemp("lesson"), "learning-rate")


def scene_frame(tab, query: str):
    """The scene's frame once it shows the document of ``query``, ready."""
    frame = tab.query_selector("#scene-frame").content_frame()

    def shown() -> bool:
        try:
            return frame.evaluate(QUERY) == query
        except Exception:  # between two documents
            return False

    wait_until(tab, shown, message=query)
    wait_ready(frame)
    return frame


def drawn(frame, runs: int) -> bool:
    """Each of the scene's ``runs`` paths has more than its start point."""
    lengths = frame.evaluate(PATHS)
    return len(lengths) == runs and min(lengths) > 1


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_lesson_file_steps_through_its_race_scenes_offline(offline, learning_rate, lang):
    offline.set_viewport_size({"width": 1280, "height": 720})
    offline.goto(learning_rate.as_uri())
    offline.wait_for_selector("body[data-ready='1']")
    if lang == "en":
        offline.click(".lang-btn[data-lang='en']")
    scenes = next(x for x in LESSONS if x["id"] == "learning-rate")["scenes"]
    for number, scene in enumerate(scenes, start=1):
        assert offline.inner_text("#scene-title") == scene["title"][lang]
        assert offline.inner_text("#scene-text") == scene["text"][lang]
        assert offline.locator(".ls-dot[aria-current='step']").count() == 1
        frame = scene_frame(offline, f"{exporter_of(scene['link'])[1]}&lang={lang}")
        assert frame.evaluate("document.documentElement.lang") == lang
        assert frame.locator("#landscape .contourlayer path").count() > 10, "contours drawn"
        runs = scene["link"].split("runs=")[1].split("&")[0].count(";") + 1
        wait_until(offline, lambda f=frame, r=runs: drawn(f, r), message=f"scene {number}'s paths")
        if number == 4 and lang == "de":
            offline.screenshot(path="/tmp/thalweg-lesson-file.png")
        offline.keyboard.press("ArrowRight")
    assert offline.inner_text("#scene-title") == scenes[-1]["title"][lang], "→ stops at the end"
    offline.keyboard.press("ArrowLeft")
    assert offline.inner_text("#scene-title") == scenes[-2]["title"][lang]
    assert offline.is_hidden("#lesson-pick") and offline.is_hidden("#embed-box")
    assert [u for u in offline.asked if not u.startswith("data:")] == [learning_rate.as_uri()]
    assert offline.errors == []


def test_scenes_that_need_the_server_say_so_and_networks_scenes_replay(offline, tmp_path):
    path = exported(tmp_path, "backpropagation")
    offline.goto(path.as_uri())
    offline.wait_for_selector("body[data-ready='1']")
    scenes = next(x for x in LESSONS if x["id"] == "backpropagation")["scenes"]
    assert offline.text_content("#scene-count").startswith("Lektion 6 ")  # its number in the course
    frame = offline.query_selector("#scene-frame").content_frame()
    frame.wait_for_selector("#needs-server")
    assert "Thalweg-Server" in frame.inner_text("#needs-server")
    assert scenes[0]["link"] in frame.inner_text("#needs-server")
    for _ in scenes[1:]:
        offline.keyboard.press("ArrowRight")
    assert scenes[-1]["link"].startswith("/networks.html")
    frame = scene_frame(offline, f"{exporter_of(scenes[-1]['link'])[1]}&lang=de")
    offline.click(".lang-btn[data-lang='en']")
    frame = scene_frame(offline, f"{exporter_of(scenes[-1]['link'])[1]}&lang=en")
    assert [u for u in offline.asked if not u.startswith("data:")] == [path.as_uri()]
    assert offline.errors == []


def test_the_lessons_page_links_the_whole_lesson_as_one_file(strict_page, app_server):
    strict_page.goto(f"{app_server.url}/lessons?lesson=gan&scene=2&lang=de")
    strict_page.wait_for_selector("body[data-ready='1']")
    link = strict_page.locator("#offline-lesson")
    assert link.inner_text() == "Die ganze Lektion als Offline-Datei"
    assert link.get_attribute("href") == "/api/export?link=%2Flessons%3Flesson%3Dgan%26lang%3Dde"
    with urllib.request.urlopen(f"{app_server.url}{link.get_attribute('href')}", timeout=120) as r:
        assert r.headers["content-disposition"] == 'attachment; filename="thalweg-lesson-gan.html"'
        assert '"query":"lesson=gan&lang=de"' in r.read().decode()
    strict_page.keyboard.press("ArrowRight")
    assert "lesson%3Dgan%26lang%3Dde" in link.get_attribute("href")
    strict_page.click(".lang-btn[data-lang='en']")
    assert link.get_attribute("href").endswith("lang%3Den")
    assert strict_page.recorder.console_errors == []
