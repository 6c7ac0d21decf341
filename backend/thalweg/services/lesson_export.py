"""A whole lesson -> one offline HTML file (``thalweg export ".../lessons?lesson=…"``).

Measured (2026-11-30, ``offline_page.template``): a view's offline file is
~2.9 MB before its payload: plotly's cartesian bundle 1.50 MB, the stylesheets
with their fonts 0.47 MB, the import map of its modules 0.85-0.91 MB; a race
scene's payload is ~0.95 MB, nearly all of it its landscape grids, which scenes
on the same surface share. Five scene files side by side would repeat the same
megabytes five times. So the lesson file is the lessons page itself (its modules,
with ``js/lessons/source.js`` swapped for ``offline-source.js``) and a table of
*pieces*: each scene's document is its view's offline page (``template``) cut
where its large blocks begin and end (plotly, each stylesheet, the import map)
with its payload's top-level values (landscapes, runs, catalogs) spliced in,
and each piece is stored once, however many scenes use it. The deck joins a
scene's pieces into its iframe's ``srcdoc`` when the scene is shown (a srcdoc
document has its parent's origin: its inline modules and ``data:`` imports run
from ``file://``). The payload's ``query`` is left as a gap the deck fills with
the scene's link in the language shown, so the file's EN/DE switch works.

Scenes whose view has no exporter (the race page's graph and check panels)
keep their title and text; the frame says the scene needs the server. A scene
whose embed shows no learning-rate slider (``controls=`` without ``lr``) gets
one trajectory per run instead of ``positions``. The whole lesson's cost is
estimated before anything runs and refused above ``limit`` (the API's export
budget; the command line has none), and the file is bounded by
``Settings.max_lesson_export_bytes``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from thalweg.config import get_settings
from thalweg.services.encoding import dumps
from thalweg.services.errors import UnprocessableError
from thalweg.services.offline_page import DATA, Page, page_query, script_text, template
from thalweg.services.offline_page import render as render_page

PAGE = Page(
    "lessons.html",
    "js/lessons/main.js",
    {"js/lessons/source.js": "js/lessons/offline-source.js"},
    plotly=False,
    classes=("is-offline",),
)
LESSONS = "js/lessons/lessons.json"
QUERY = -1  # in a scene's pieces: the gap for its query
BLOCK = re.compile(r"(<(style|script)\b[^>]*>)(.*?)(</\2>)", re.DOTALL)
LARGE = 4096  # characters: a block worth storing once
RACE_PAGE = {"", "/", "/index.html"}


def lesson_of(frontend: Path, query: str) -> dict:
    """The lesson ``lesson=`` names in lessons.json, with its ``number`` there (from 1);
    an unknown one is a 422."""
    lessons = json.loads((frontend / LESSONS).read_text(encoding="utf-8"))["lessons"]
    wanted = dict(parse_qsl(query)).get("lesson")
    found = next(({**x, "number": n} for n, x in enumerate(lessons, 1) if x["id"] == wanted), None)
    if found is None:
        raise UnprocessableError(
            f"there is no lesson {wanted!r} (lessons: {', '.join(x['id'] for x in lessons)})",
            "lesson_unknown",
            lesson=wanted,
        )
    return found


class Pieces:
    """Texts stored once each; a document is the list of its pieces' numbers."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self._numbers: dict[str, int] = {}

    def add(self, text: str) -> int:
        if text not in self._numbers:
            self._numbers[text] = len(self.texts)
            self.texts.append(text)
        return self._numbers[text]

    def cut(self, html: str) -> list[int]:
        """``html`` as pieces, each large <style> or <script> body a piece of its own."""
        out, at = [], 0
        for match in BLOCK.finditer(html):
            if len(match.group(3)) < LARGE:
                continue
            out += [self.add(html[at : match.end(1)]), self.add(match.group(3))]
            at = match.start(4)
        return [*out, self.add(html[at:])]

    def document(self, page_html: str, payload: dict) -> list[int]:
        """The pieces of ``page_html`` (a template) with ``payload`` where its data goes;
        its ``query`` is the gap QUERY."""
        before, after = page_html.split(DATA)
        data = [self.add("{")]
        for key, value in payload.items():
            data += [self.add(f"{json.dumps(key)}:"), self.add(script_text(dumps(value).decode()))]
            data.append(self.add(","))
        return [
            *self.cut(before),
            *data,
            self.add('"query":'),
            QUERY,
            self.add("}"),
            *self.cut(after),
        ]


def _exporter(link: str, exporter_of: Callable) -> tuple[object | None, str]:
    """The scene's (exporter, query), or (None, ""): a race-page link that opens a side
    panel (graph, check) shows what the race's offline file, the embed page, has not."""
    parts = urlsplit(link)
    if parts.path in RACE_PAGE and "panel" in dict(parse_qsl(parts.query)):
        return None, ""
    try:
        return exporter_of(link)
    except UnprocessableError:
        return None, ""


def _positions(link: str, positions: int) -> int:
    """One slider position where the scene's embed shows no learning-rate slider."""
    controls = dict(parse_qsl(urlsplit(link).query)).get("controls")
    return positions if controls is None or "lr" in controls.split(",") else 1


def render(frontend: Path, query: str, positions: int, limit: float, exporter_of: Callable) -> str:
    """The lesson's offline file (``exporter_of``: link -> (exporter, query), export.py's)."""
    lesson = lesson_of(frontend, query)
    scenes = []
    for scene in lesson["scenes"]:
        exporter, own = _exporter(scene["link"], exporter_of)
        scenes.append((exporter, own, _positions(scene["link"], positions)))
    charged: set = set()
    seconds = sum(e.cost(own, count, charged) for e, own, count in scenes if e is not None)
    if seconds > limit:
        raise UnprocessableError(
            f"the lesson {lesson['id']!r} would cost about {seconds:.1f} s of CPU, over the "
            f"offline export's budget of {limit:g} s: export its scenes one by one, or the "
            "whole lesson with `thalweg export` on your own machine",
            "work_budget",
            seconds=round(seconds, 1),
            limit=limit,
        )
    pieces, templates, documents = Pieces(), {}, []
    for exporter, own, count in scenes:
        if exporter is None:
            documents.append(None)
            continue
        if exporter.page.html not in templates:
            templates[exporter.page.html] = template(frontend, exporter.page)
        payload = exporter.payload(own, count, limit)
        documents.append(
            {
                "pieces": pieces.document(templates[exporter.page.html], payload),
                "query": page_query(own, exporter.page),
            }
        )
    data = {"lesson": lesson, "scenes": documents, "pieces": pieces.texts}
    html = render_page(frontend, data, query, PAGE)
    size, most = len(html.encode()), get_settings().max_lesson_export_bytes
    if size > most:
        raise UnprocessableError(
            f"the lesson's offline file would be {size / 1e6:.1f} MB, over the limit of "
            f"{most / 1e6:.0f} MB",
            "export_size",
            limit=most,
            size=size,
        )
    return html


def filename(query: str) -> str:
    wanted = re.sub(r"[^a-z0-9-]", "", dict(parse_qsl(query)).get("lesson", ""))
    return f"thalweg-lesson-{wanted or 'lesson'}.html"
