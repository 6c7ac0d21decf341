"""The Generative view offline: a link exported with `thalweg export` opens from
file:// with every network request aborted, replays its recorded training (the
plane's snapshots, the curves, the scrubber), in German; a changed setting says
that the file cannot train it; and Python builds the same train message from a
link as the page does (services/generative_query.py vs generative/state.js)."""

from __future__ import annotations

import json
import re

import pytest
from support import export_file, wait_ready, wait_until
from thalweg.services.generative_export import request_of

pytestmark = pytest.mark.browser

LINK = "http://127.0.0.1:8000/generative.html?steps=200&lang=de"
PLANE = "({...document.querySelector('#gen-plane canvas').dataset})"
LOSSES = "document.querySelector('#gen-loss .gen-curve').data[0].y.length"
SHOWN = "Number(document.querySelector('[data-shown]').dataset.shown)"
# Links whose train message both sides build: GAN settings, custom points, the autoencoder.
LINKS = [
    "steps=300&lang=de",
    "n=1000&steps=5000&every=25&gh=64,0,8&ghp=lr:0.5&dopt=nope&train=d&modes=9&data=grid",
    "data=custom&pts=1:2,x:3,-1.5:0.25,3:3&pen=r1&pw=3&z=4&loss=nope&gact=nope",
    "mode=ae&aeh=16,8&aesteps=700&aehp=lr:0.2,beta1:0.8,nope:1&aebs=3000&aeopt=nope",
]
PAYLOAD = re.compile(
    r'(<script type="application/json" id="thalweg-offline">)(.*?)(</script>)', re.S
)
DONE = {
    "type": "result",
    "status": "completed",
    "steps_taken": 0,
    "diverged_at": None,
    "timing": {"train_ms": 0, "snapshot_ms": 0, "iterations_per_second": 0, "steps_per_second": 0},
}


def export(tmp_path, link: str):
    return export_file(link, tmp_path / "generative.html")


def test_an_exported_gan_link_replays_its_training_with_no_network(offline, tmp_path):
    path = export(tmp_path, LINK)
    offline.goto(path.as_uri())
    wait_ready(offline)
    snapshots = "document.querySelector('[data-snapshots]').dataset.snapshots"
    wait_until(offline, lambda: offline.evaluate(snapshots) == "5", message="5 snapshots")
    wait_until(offline, lambda: offline.get_attribute("body", "data-busy") == "0", message="done")
    assert offline.evaluate("document.documentElement.lang") == "de"
    assert offline.text_content("#gen-train") == "Trainieren"
    plane = offline.evaluate(PLANE)
    assert plane["real"] == plane["fake"] == "300" and plane["step"] == "200"
    assert "200 Iterationen" in offline.inner_text("#gen-status")
    assert offline.evaluate(LOSSES) == 200
    # the scrubber moves through the recorded snapshots
    offline.locator("#gen-scrubber").fill("1")
    wait_until(offline, lambda: offline.evaluate(SHOWN) == 1, message="snapshot 1")
    assert offline.inner_text("#gen-step").startswith("Iteration 50")
    assert offline.evaluate(PLANE)["step"] == "50"
    # the player runs from there to the last snapshot
    offline.click("#gen-play")
    wait_until(offline, lambda: offline.evaluate(SHOWN) == 4, message="the last snapshot")
    assert offline.evaluate(PLANE)["step"] == "200"
    assert offline.errors == []
    offline.screenshot(path=str(tmp_path / "generative-offline.png"))
    assert [u for u in offline.asked if not u.startswith("data:")] == [path.as_uri()]


def with_link(html: str, link: str, body: dict, mode: str) -> str:
    """The file, told that its link is ``link`` and that it holds the run of ``body``
    (and no frames but the result: only the message the page sends matters here)."""
    found = PAYLOAD.search(html)
    data = json.loads(found.group(2).replace("<\\/", "</"))
    data |= {"query": link, "body": body, "mode": mode, "frames": [DONE]}
    text = json.dumps(data).replace("</", "<\\/")
    return html[: found.start(2)] + text + html[found.end(2) :]


def test_python_builds_the_train_messages_the_page_builds(offline, tmp_path):
    html = export(tmp_path, "http://h/generative.html?steps=100").read_text(encoding="utf-8")
    changed = {"steps": 1}
    for link, expected in [(link, True) for link in LINKS] + [(f"{LINKS[1]}&lang=de", False)]:
        mode, body, _ = request_of(link)
        path = tmp_path / "linked.html"
        path.write_text(with_link(html, link, body if expected else body | changed, mode))
        offline.goto(path.as_uri())
        wait_ready(offline)
        banner = offline.locator("#banner")
        if expected:
            assert banner.is_hidden(), f"{link}: {banner.inner_text()}"
        else:  # the control: a message other than the recorded one is refused
            assert "enthält nur das Training ihres Links" in banner.inner_text()
    assert offline.errors == []
