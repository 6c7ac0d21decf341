"""Phones (390×844): no page is wider than the screen; the plot comes first, controls below."""

import pytest
from support import wait_ready

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
EMBED = (
    "embed?surface=ill_conditioned&runs=gd:lr=0.02;momentum:lr=0.02"
    "&controls=play,step,scrubber,speed,lr,legend,title,curves"
)
# page -> (the plot, the controls that must come after it)
PAGES = {
    "?steps=500": ("#plot-stack", ".sidebar"),
    EMBED: ("#plot-stack", "#embed-controls"),
    "networks.html?steps=100": ("#plot-data", "#view-sidebar"),
}

# Visible elements whose box reaches past the right edge of the screen.
SPILLING = """() => [...document.querySelectorAll('.topbar *, .stage-head *, .player *, .nw-head *')
  ]
  .filter((el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.right > innerWidth + 0.5 && !el.closest('.surface-formula');
  })
  .map((el) => el.id || el.className || el.tagName)"""


@pytest.mark.parametrize("lang", ["en", "de"])
@pytest.mark.parametrize("path", list(PAGES))
def test_no_horizontal_overflow_on_a_phone(page, app_server, path, lang):
    page.set_viewport_size(PHONE)
    separator = "&" if "?" in path else "?"
    page.goto(f"{app_server.url}/{path}{separator}lang={lang}")
    wait_ready(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate(SPILLING) == []
    plot, controls = PAGES[path]
    boxes = page.evaluate(
        """([plot, controls]) => [plot, controls].map((s) => {
             const r = document.querySelector(s).getBoundingClientRect();
             return { top: r.top, bottom: r.bottom, height: r.height };
           })""",
        [plot, controls],
    )
    assert boxes[0]["height"] > 250, "the plot must have room on a phone"
    if boxes[1]["height"]:
        assert boxes[0]["bottom"] <= boxes[1]["top"] + 1, "the plot comes before the controls"
    assert page.recorder.page_errors == []
