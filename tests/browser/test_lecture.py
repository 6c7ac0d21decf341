"""Lecture mode on the main page: keyboard, Share dialog, picture downloads,
theme and projector mode, keyboard access, and the reveal.js example deck."""

from pathlib import Path

import pytest
from support import static_server, wait_ready, wait_until

pytestmark = pytest.mark.browser


@pytest.fixture
def page(strict_page):
    """Under the CSP and frame-ancestors the server really sends (lecture mode must work there)."""
    return strict_page


EXAMPLES = Path(__file__).parents[2] / "docs" / "examples"
QUERY = "steps=300"


def open_app(page, server, query: str = QUERY) -> None:
    page.goto(f"{server.url}/?{query}")
    wait_ready(page)


def body(page, name: str) -> str:
    return page.get_attribute("body", name)


def test_keyboard_plays_steps_rewinds_and_goes_fullscreen(page, app_server):
    open_app(page, app_server)
    page.locator(".stage-title").click()  # focus on no control
    assert body(page, "data-step") == "300"
    page.keyboard.press("r")
    wait_until(page, lambda: body(page, "data-step") == "0", message="rewound")
    page.wait_for_timeout(
        300
    )  # let the URL catch up (a scene arriving now restores the URL's step)
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    wait_until(page, lambda: body(page, "data-step") == "2", message="two steps on")
    page.keyboard.press("ArrowLeft")
    wait_until(page, lambda: body(page, "data-step") == "1", message="one step back")
    page.keyboard.press(" ")
    wait_until(page, lambda: int(body(page, "data-step")) > 10, message="playing")
    page.keyboard.press(" ")
    wait_until(page, lambda: body(page, "data-playing") == "0", message="paused")
    page.keyboard.press("f")
    wait_until(
        page, lambda: page.evaluate("Boolean(document.fullscreenElement)"), message="fullscreen"
    )
    page.keyboard.press("f")
    wait_until(
        page, lambda: not page.evaluate("Boolean(document.fullscreenElement)"), message="exit"
    )
    # typing in a box is typing, not a shortcut
    page.locator(".run-label").first.focus()
    page.keyboard.type("r f")
    assert page.locator(".run-label").first.input_value() == "r f"
    assert page.recorder.page_errors == []


def test_share_dialog_gives_links_and_snippet_with_options(page, app_server):
    open_app(page, app_server, "steps=300&surface=himmelblau")
    page.click("#btn-share")
    assert page.locator("#share-dialog").is_visible()
    page_link = page.locator("#share-page").input_value()
    assert page_link.startswith(f"{app_server.url}/?") and "surface=himmelblau" in page_link
    embed = page.locator("#share-embed").input_value()
    assert embed.startswith(f"{app_server.url}/embed?") and "surface=himmelblau" in embed
    page.check("#share-projector")
    page.check("#share-autoplay")
    page.select_option("#share-theme", "dark")
    page.check("#share-control-lr")
    embed = page.locator("#share-embed").input_value()
    for part in ("projector=1", "autoplay=1", "theme=dark", "controls=play,lr,legend"):
        assert part in embed, part
    snippet = page.locator("#share-snippet").input_value()
    assert snippet.startswith("<iframe src=") and 'allow="fullscreen"' in snippet
    assert embed.replace("&", "&amp;") in snippet
    assert page.locator("[data-copy]").count() == 3
    page.keyboard.press("Escape")
    assert not page.locator("#share-dialog").is_visible()
    assert "theme=dark" not in page.url, "embed options do not change the page"


@pytest.mark.parametrize(
    ("button", "magic", "suffix"),
    [("#export-png", b"\x89PNG", ".png"), ("#export-svg", b"<?xml", ".svg")],
)
def test_picture_downloads_are_files_of_the_right_type(page, app_server, button, magic, suffix):
    open_app(page, app_server)
    page.click("#btn-share")
    with page.expect_download(timeout=30_000) as info:
        page.click(button)
    download = info.value
    assert download.suggested_filename.endswith(suffix)
    data = Path(download.path()).read_bytes()
    assert data.startswith(magic) and len(data) > 10_000
    if suffix == ".svg":
        text = data.decode()
        assert text.count("<svg") >= 2, "contour and overlay, merged"
        assert "scatterlayer" in text
    assert page.recorder.page_errors == []


def test_the_film_download_is_a_webm_recording(page, app_server):
    open_app(page, app_server, "steps=120")
    page.click("#btn-share")
    with page.expect_download(timeout=90_000) as info:
        page.click("#export-webm")
    download = info.value
    assert download.suggested_filename == "thalweg.webm"
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in data[:64], "an EBML/WebM file"
    assert len(data) > 20_000
    assert page.recorder.page_errors == []


def test_theme_and_projector_mode(page, app_server):
    open_app(page, app_server)
    page.click("#btn-theme")
    assert "theme-dark" in page.get_attribute("body", "class")
    wait_until(page, lambda: "theme=dark" in page.url, message="the URL keeps the theme")
    background = "getComputedStyle(document.querySelector('.stage .player')).backgroundColor"
    wait_until(page, lambda: page.evaluate(background) == "rgb(24, 28, 37)", message="dark panels")
    page.click("#btn-projector")
    assert "is-projector" in page.get_attribute("body", "class")
    wait_until(page, lambda: "projector=1" in page.url, message="the URL keeps projector mode")
    wait_until(
        page,
        lambda: page.evaluate(
            "document.getElementById('race-layer').race.paths().some((p) => p.width > 4)"
        ),
        message="thick lines",
    )
    font = "document.getElementById('landscape')._fullLayout.font"
    wait_until(page, lambda: page.evaluate(font)["size"] > 14, message="large axis text")
    assert page.evaluate(font)["color"] == "#e6e9f0"
    other = page.context.new_page()
    other.goto(f"{app_server.url}/?{QUERY}&theme=dark&projector=1")
    wait_ready(other)
    classes = other.get_attribute("body", "class")
    assert "theme-dark" in classes and "is-projector" in classes


ACCESSIBLE_NAME = """(el) => {
  const text = (s) => (s || '').replace(/\\s+/g, ' ').trim();
  if (el.getAttribute('aria-label')) return text(el.getAttribute('aria-label'));
  const by = el.getAttribute('aria-labelledby');
  const byId = (id) => document.getElementById(id)?.textContent;
  if (by) return text(by.split(' ').map(byId).join(' '));
  if (el.labels?.length) return text([...el.labels].map((l) => l.textContent).join(' '));
  const named = ['BUTTON', 'SUMMARY', 'A'].includes(el.tagName);
  if (named) return text(el.textContent) || text(el.title);
  return text(el.title);
}"""


def test_tab_reaches_every_sidebar_control_with_a_name_and_a_focus_ring(page, app_server):
    open_app(page, app_server)
    page.focus("#surface-select")
    seen = 0
    for _ in range(80):
        focused = page.locator(":focus")
        inside = focused.evaluate("(el) => Boolean(el.closest('.sidebar'))")
        if not inside:
            break
        name = focused.evaluate(ACCESSIBLE_NAME)
        what = focused.evaluate("(el) => el.outerHTML.slice(0, 120)")
        assert name, f"no accessible name: {what}"
        ring = focused.evaluate(
            "(el) => { const s = getComputedStyle(el);"
            " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
        )
        assert ring[0] != "none" and ring[1] >= 2, f"no visible focus ring: {what}"
        seen += 1
        page.keyboard.press("Tab")
    assert seen > 15, f"only {seen} controls reached"


def test_the_reveal_deck_renders_its_scenes(page, app_server):
    with static_server(EXAMPLES) as url:
        page.goto(f"{url}/deck.html?app={app_server.url}")
        page.wait_for_selector(".reveal.ready", timeout=30_000)
        wait_until(
            page,
            lambda: len([f for f in page.frames if "/embed" in f.url]) == 3,
            message="3 frames",
        )
        for frame in [f for f in page.frames if "/embed" in f.url]:
            assert frame.url.startswith(f"{app_server.url}/embed?")
            wait_ready(frame)
            assert frame.locator("#landscape .main-svg").count() > 0
        # the driving slide: its buttons talk to the scene
        page.evaluate("Reveal.slide(2)")
        frame = next(f for f in page.frames if "/embed" in f.url and "surface=rosenbrock" in f.url)
        page.click("#deck-reset")
        wait_until(page, lambda: body_of(frame, "data-step") == "0", message="reset")
        page.click("#deck-play")
        wait_until(page, lambda: int(body_of(frame, "data-step")) > 5, message="playing")
        page.click("#deck-lr")
        wait_until(
            page, lambda: "adam:lr=0.3" in page.inner_text("#deck-state"), message="state shown"
        )
        page.screenshot(path=str(Path("/tmp/deck.png")))


def body_of(frame, name: str) -> str:
    return frame.get_attribute("body", name) or ""
