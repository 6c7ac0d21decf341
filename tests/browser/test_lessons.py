"""The lessons page: a lesson steps through its scenes with the arrow keys in
English and German, each scene's view loads in the frame without a console
error, and the page's own words exist in both languages."""

import json
from pathlib import Path

import pytest
from support import wait_ready, wait_until

pytestmark = pytest.mark.browser

FRONTEND = Path(__file__).resolve().parents[2] / "frontend"
LESSONS = json.loads((FRONTEND / "js/lessons/lessons.json").read_text(encoding="utf-8"))["lessons"]
SAME_IN_BOTH = {"ls.link"}


@pytest.fixture
def page(strict_page):
    """Under the CSP and frame-ancestors the server really sends."""
    return strict_page


def shown(page) -> tuple[str, str]:
    return page.inner_text("#scene-title"), page.inner_text("#scene-text")


def wait_scene_loaded(page, link: str) -> None:
    frame = page.query_selector("#scene-frame").content_frame()
    wait_until(page, lambda: frame.url.split("?")[0].endswith(link.split("?")[0]), message=link)
    wait_ready(frame)


@pytest.mark.parametrize("lang", ["en", "de"])
def test_a_lesson_steps_through_its_scenes_with_the_arrow_keys(page, app_server, lang):
    lesson = next(lesson for lesson in LESSONS if lesson["id"] == "learning-rate")
    scenes = lesson["scenes"]
    page.goto(f"{app_server.url}/lessons?lesson=learning-rate&lang={lang}")
    page.wait_for_selector("body[data-ready='1']")
    assert page.evaluate("document.documentElement.lang") == lang
    for number, scene in enumerate(scenes, start=1):
        assert shown(page) == (scene["title"][lang], scene["text"][lang])
        src = page.get_attribute("#scene-frame", "src")
        assert src == f"{scene['link']}&lang={lang}"
        wait_scene_loaded(page, scene["link"])
        assert f"scene={number}&" in page.url and f"lang={lang}" in page.url
        page.keyboard.press("ArrowRight")
    assert shown(page)[0] == scenes[-1]["title"][lang], "→ stops at the last scene"
    page.keyboard.press("ArrowLeft")
    assert shown(page)[0] == scenes[-2]["title"][lang]
    assert page.recorder.console_errors == [] and page.recorder.page_errors == []


def test_the_language_switch_and_the_lesson_picker_change_the_texts(page, app_server):
    page.goto(f"{app_server.url}/lessons?lesson=gan&scene=2&lang=en")
    page.wait_for_selector("body[data-ready='1']")
    gan = next(lesson for lesson in LESSONS if lesson["id"] == "gan")
    page.click(".lang-btn[data-lang='de']")
    assert shown(page)[0] == gan["scenes"][1]["title"]["de"]
    assert page.inner_text("#btn-next").strip() == "Weiter →"
    page.select_option("#lesson-pick", "0")
    assert shown(page)[0] == LESSONS[0]["scenes"][0]["title"]["de"]
    assert "lesson=gradient-descent&scene=1&lang=de" in page.url


def test_each_scene_offers_its_link_and_a_snippet_only_where_framing_is_allowed(page, app_server):
    page.goto(f"{app_server.url}/lessons?lesson=mini-batch&scene=3&lang=de")
    page.wait_for_selector("body[data-ready='1']")
    page.click("#embed-box summary")
    assert "/networks.html?" in page.input_value("#embed-link")
    assert page.is_hidden("#embed-snippet-row") and page.is_visible("#embed-note")
    page.keyboard.press("ArrowRight")  # gradient noise: an /embed scene
    assert page.input_value("#embed-link").startswith(f"{app_server.url}/embed?")
    assert '<iframe src="' in page.input_value("#embed-snippet")
    assert page.get_attribute("#offline-scene", "href").startswith("/api/export?")


def test_f_toggles_full_screen(page, app_server):
    page.goto(f"{app_server.url}/lessons")
    page.wait_for_selector("body[data-ready='1']")
    page.keyboard.press("f")
    wait_until(page, lambda: page.evaluate("!!document.fullscreenElement"), message="full screen")
    page.keyboard.press("f")
    wait_until(page, lambda: page.evaluate("!document.fullscreenElement"), message="left")


def test_every_word_of_the_page_exists_in_german(page, app_server):
    page.goto(f"{app_server.url}/lessons?lang=de")
    page.wait_for_selector("body[data-ready='1']")
    tables = page.evaluate("import('/js/lessons/strings.js').then((m) => ({en: m.EN, de: m.DE}))")
    assert set(tables["en"]) == set(tables["de"])
    same = {k for k in tables["en"] if tables["en"][k] == tables["de"][k]}
    assert same == SAME_IN_BOTH


def test_the_race_page_header_links_to_the_lessons(page, app_server):
    page.goto(f"{app_server.url}/?lang=de")
    wait_ready(page)
    assert page.inner_text("#nav-lessons") == "Lektionen"
    page.click("#nav-lessons")
    page.wait_for_selector("body[data-ready='1']")
    assert page.url.startswith(f"{app_server.url}/lessons")
