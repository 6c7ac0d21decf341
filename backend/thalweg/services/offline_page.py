"""One self-contained HTML file: a view's page, its code and its precomputed data.

The file must work from a USB stick (``file://``) with no server and no
network, so everything is inlined:

- the stylesheets, with their fonts as ``data:`` URLs (woff2 only);
- plotly.js's cartesian bundle (1.5 MB instead of the full 5 MB: contours,
  lines and heat maps are all a 2D scene draws; the 3D view is left out);
- the page's ES modules, unchanged but for their import specifiers. A module
  loaded from a ``data:`` URL cannot resolve ``./dom.js`` (a ``data:`` URL is no
  base for relative URLs), so each relative specifier is rewritten to a bare
  one (``@thalweg/js/dom.js``) and an import map sends every bare name to its
  module's ``data:`` URL. No bundler on PyPI does this for plain ES modules
  without Node.js, hence these few lines;
- ``js/api.js`` is served by ``js/offline-api.js``, which answers the page's
  scene messages from the payload (``services/offline.py``) instead of a socket;
  another view names its own page, entry module and substitutes (``Page``;
  services/export.py keeps them per view).
"""

from __future__ import annotations

import base64
import json
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from thalweg.services.encoding import dumps

ENTRY = "js/main.js"
SUBSTITUTES = {"js/api.js": "js/offline-api.js"}
PLOTLY = "vendor/plotly/plotly-cartesian.min.js"


@dataclass(frozen=True)
class Page:
    """A view's page in an offline file: its HTML, its entry module, and the modules
    served by stand-ins (its api.js by one that answers from the payload)."""

    html: str = "embed.html"
    entry: str = ENTRY
    substitutes: Mapping[str, str] = field(default_factory=lambda: SUBSTITUTES)
    plotly: bool = True  # the page loads /vendor/plotly.min.js
    # added to <body>: a view's file shows the embed's chrome; a lesson file its own
    classes: tuple[str, ...] = ("is-embed", "is-offline")


RACE = Page()
BARE = "@thalweg/"
# Embed controls an offline file shows unless its link names others.
OFFLINE_CONTROLS = "play,step,scrubber,speed,lr,legend,title,curves"

_SPECIFIER = re.compile(r"""(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}/[^'"]+)\2""")
# KaTeX faces for \mathcal, \mathfrak, \mathscr, \mathsf and \mathtt, which no
# formula of ours uses (a test checks): ~110 kB less per file.
UNUSED_FACES = re.compile(
    r"@font-face\{[^}]*KaTeX_(?:Caligraphic|Fraktur|Script|SansSerif|Typewriter)[^}]*\}"
)
_OTHER_FONT_FORMATS = re.compile(r""",\s*url\([^)]*\.(?:woff|ttf)\)\s*format\([^)]*\)""")
_CSS_URL = re.compile(r"""url\((['"]?)(?!data:)([^)'"]+\.woff2)\1\)""")


def data_url(text: str, media_type: str = "text/javascript") -> str:
    """A ``data:`` URL holding ``text`` as it is, escaping only what URL parsing would eat.

    The URL parser drops tabs and newlines, '#' starts a fragment and '%' starts
    an escape; everything else survives (non-ASCII is percent-encoded by the
    parser and decoded again as UTF-8).
    """
    escaped = (
        text.replace("%", "%25")
        .replace("#", "%23")
        .replace("\n", "%0A")
        .replace("\r", "%0D")
        .replace("\t", "%09")
    )
    return f"data:{media_type};charset=utf-8,{escaped}"


def _binary_url(path: Path, media_type: str) -> str:
    return f"data:{media_type};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def module_graph(
    root: Path, entry: str = ENTRY, substitutes: Mapping[str, str] = SUBSTITUTES
) -> dict[str, str]:
    """Every module reachable from ``entry`` -> its source, specifiers made bare."""
    sources: dict[str, str] = {}
    todo = [entry]
    while todo:
        name = todo.pop()
        if name in sources:
            continue
        text = (root / substitutes.get(name, name)).read_text(encoding="utf-8")
        folder = posixpath.dirname(name)

        def bare(match: re.Match, folder: str = folder) -> str:
            target = posixpath.normpath(posixpath.join(folder, match.group(3)))
            todo.append(target)
            return f"{match.group(1)}{match.group(2)}{BARE}{target}{match.group(2)}"

        sources[name] = _SPECIFIER.sub(bare, text)
    return sources


def inline_css(path: Path) -> str:
    """A stylesheet with its woff2 fonts inlined, other font formats and unused faces dropped."""
    css = UNUSED_FACES.sub("", path.read_text(encoding="utf-8"))
    css = _OTHER_FONT_FORMATS.sub("", css)
    return _CSS_URL.sub(
        lambda m: f"url({_binary_url(path.parent / m.group(2), 'font/woff2')})", css
    )


def script_text(text: str) -> str:
    """Text that cannot end the <script> element it sits in."""
    return re.sub(r"</(script)", r"<\\/\1", text, flags=re.IGNORECASE)


def offline_query(query: str) -> str:
    """The scene's query for the offline page: 2D only; the full embed controls by default."""
    parts = [p for p in query.lstrip("?").split("&") if p and p.split("=")[0] != "mode"]
    if not any(p.split("=")[0] == "controls" for p in parts):
        parts.append(f"controls={OFFLINE_CONTROLS}")
    return "&".join(parts)


def _replace(html: str, old: str, new: str, page: str) -> str:
    if old not in html:
        raise RuntimeError(f"{page} has changed: {old!r} is missing")
    return html.replace(old, new)


_STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)">')
_BODY = re.compile(r"<body\b([^>]*)>")
_CLASS = re.compile(r'\bclass="([^"]*)"')


def _offline_body(match: re.Match, page: Page) -> str:
    """The page's <body> with the offline file's classes added to its own."""
    attributes = match.group(1)
    found = _CLASS.search(attributes)
    classes = found.group(1).split() if found else []
    merged = " ".join(classes + [c for c in page.classes if c not in classes])
    attribute = f'class="{merged}"'
    if found:
        return f"<body{_CLASS.sub(attribute, attributes, count=1)}>"
    return f"<body {attribute}{attributes}>"


# Where a template's payload goes (render() and services/lesson_export.py fill it);
# NUL cannot occur in the page's text.
DATA = "\x00thalweg-offline\x00"


def template(root: Path, page: Page = RACE) -> str:
    """The offline HTML file of ``page`` with ``DATA`` where its payload's JSON goes."""
    html = (root / page.html).read_text(encoding="utf-8")
    # The page's own <body>, before any inlined text (a module may write "<body").
    if not _BODY.search(html):
        raise RuntimeError(f"{page.html} has changed: it has no <body>")
    html = _BODY.sub(lambda m: _offline_body(m, page), html, count=1)
    icon = _binary_url(root / "favicon.svg", "image/svg+xml")
    html = _replace(html, 'href="favicon.svg"', f'href="{icon}"', page.html)
    html = html.replace('src="favicon.svg"', f'src="{icon}"')
    html = _STYLESHEET.sub(
        lambda m: f"<style>{script_text(inline_css(root / m.group(1)))}</style>", html
    )
    if page.plotly:
        plotly = (root / PLOTLY).read_text(encoding="utf-8")
        html = _replace(
            html,
            '<script src="/vendor/plotly.min.js" defer></script>',
            f"<script>{script_text(plotly)}</script>",
            page.html,
        )
    graph = module_graph(root, page.entry, page.substitutes)
    imports = {f"{BARE}{name}": data_url(text) for name, text in graph.items()}
    html = _replace(
        html,
        f'<script type="module" src="{page.entry}"></script>',
        f'<script type="application/json" id="thalweg-offline">{DATA}</script>\n'
        f'  <script type="importmap">{script_text(json.dumps({"imports": imports}))}</script>\n'
        f"  <script type=\"module\">import '{BARE}{page.entry}';</script>",
        page.html,
    )
    return html


def page_query(query: str, page: Page) -> str:
    """The query ``page`` reads in its file (the race's made 2D by ``offline_query``)."""
    return offline_query(query) if page == RACE else query


def data_text(payload: dict, query: str, page: Page = RACE) -> str:
    """The payload's JSON as it stands in the file (with the query the page reads)."""
    data = {**payload, "query": page_query(query, page)}
    return script_text(dumps(data).decode())


def render(root: Path, payload: dict, query: str, page: Page = RACE) -> str:
    """The offline HTML file of ``page`` for ``payload`` and the link's ``query``
    (the race's: ``offline.payload`` and its scene query, made 2D by ``offline_query``)."""
    return template(root, page).replace(DATA, data_text(payload, query, page))
