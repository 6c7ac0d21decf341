"""A view's link -> one offline HTML file (``thalweg export`` and ``GET /api/export``).

A registry, view id -> exporter (docs/shell.md): the view's page, its entry
module and stand-in modules (offline_page.Page), and a payload builder that
precomputes what the page would ask the server for, within the work budget.
The link's path names the view (``/``, ``/embed``: the race; ``/networks.html``,
``/embed?view=networks``: the networks view); a view without an exporter is
refused, never turned into the default race.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from pydantic import ValidationError

from thalweg.config import get_settings
from thalweg.services import (
    calculus_export,
    generative_export,
    lesson_export,
    networks_export,
    offline_curvature,
)
from thalweg.services.errors import UnprocessableError, no_view, readable
from thalweg.services.offline import estimate as race_estimate
from thalweg.services.offline import payload as race_payload
from thalweg.services.offline_page import RACE, Page, render
from thalweg.services.scene_query import CUSTOM, parse, query_of


@dataclass(frozen=True)
class Exporter:
    page: Page
    # (the link's query without view=, positions, limit) -> the payload
    payload: Callable[[str, int, float], dict]
    filename: Callable[[str], str]
    # (query, positions, programs already charged) -> estimated CPU seconds of the
    # payload, before it runs: a lesson's scenes are charged together
    cost: Callable[[str, int, set], float]


def _race_payload(query: str, positions: int, limit: float) -> dict:
    scene = parse(query)
    settings = get_settings()
    curvature = offline_curvature.wanted(query)
    # The curvature layer's arrays (6-8 floats a point) about double a point's 7.
    points = len(scene.runs) * positions * (scene.steps + 1) * (2 if curvature else 1)
    most = settings.max_export_points
    if points > most:
        raise UnprocessableError(
            f"an offline file holds at most {most:,} points (runs × positions × (steps + 1),"
            f" twice that with curv=1); this scene needs {points:,}: use fewer steps, runs"
            " or slider positions",
            "export_too_large",
            limit=most,
            points=points,
        )
    try:
        return race_payload(scene, positions, limit, curvature)
    except ValidationError as error:
        raise UnprocessableError(readable(error)) from None


def _race_filename(query: str) -> str:
    scene = parse(query)
    name = "custom" if scene.surface == CUSTOM else re.sub(r"[^a-z0-9_-]", "", scene.surface)
    return f"thalweg-{name or 'scene'}.html"


EXPORTERS: dict[str, Exporter] = {
    "race": Exporter(
        RACE,
        _race_payload,
        _race_filename,
        lambda query, positions, charged: (
            race_estimate(parse(query), positions, charged, offline_curvature.wanted(query)).seconds
        ),
    ),
    "networks": Exporter(
        Page(
            "networks.html",
            "js/networks/main.js",
            {"js/networks/api.js": "js/networks/offline-api.js"},
        ),
        lambda query, _positions, limit: networks_export.payload(query, limit),
        lambda _query: "thalweg-networks.html",
        lambda query, _positions, charged: networks_export.seconds_of(
            networks_export.requests_of(query), charged
        ),
    ),
    "generative": Exporter(
        Page(
            "generative.html",
            "js/views/generative/main.js",
            {"js/views/generative/api.js": "js/views/generative/offline-api.js"},
        ),
        lambda query, _positions, limit: generative_export.payload(query, limit),
        generative_export.filename,
        lambda query, _positions, charged: generative_export.seconds_of(
            generative_export.request_of(query)[2], charged
        ),
    ),
    **{
        view: Exporter(
            Page(f"{view}.html", f"js/{view}/main.js", {"js/api.js": "js/calculus-offline-api.js"}),
            lambda query, _positions, _limit, build=build: build(query),
            lambda _query, view=view: f"thalweg-{view}.html",
            # one REST request's answer: bounded as the route bounds it
            lambda _query, _positions, _charged: get_settings().work_budget_seconds,
        )
        for view, build in (
            ("check", calculus_export.check_payload),
            ("graph", calculus_export.graph_payload),
        )
    },
}
RACE_PATHS = {"", "/index.html", "/embed", "/embed.html"}
LESSON_PATHS = {"/lessons", "/lessons.html"}
VIEW_ID = re.compile(r"[a-z][a-z0-9-]{0,31}")  # app.py's


def view_of(link: str) -> tuple[str, str]:
    """(view id, the view's own query) of a page or embed link, or of a bare race query."""
    if "://" not in link and not link.startswith("/"):
        # A query ("?a=1" or "a=1"): the race's own, unless it names a view (the shell
        # sends `view=<id>&…`; the race's own view= is its zoom window, numbers).
        query = query_of(link)
        view = dict(parse_qsl(query)).get("view", "race")
        if view != "race" and VIEW_ID.fullmatch(view):
            return view, "&".join(p for p in query.split("&") if p.split("=")[0] != "view")
        return "race", query
    parts = urlsplit(link)
    path = parts.path.rstrip("/")
    view = dict(parse_qsl(parts.query)).get("view", "race")
    # The query as it was written, less view= (re-encoding could change a race's runs=).
    own = "&".join(p for p in parts.query.split("&") if p and p.split("=")[0] != "view")
    # The race's own view= is its zoom window (numbers), never a view's id.
    if path in {"/embed", "/embed.html"} and view != "race" and VIEW_ID.fullmatch(view):
        return view, own
    if path in RACE_PATHS:
        return "race", parts.query
    if path in LESSON_PATHS:
        return "lessons", parts.query
    match = re.fullmatch(r"/([a-z][a-z0-9-]*)\.html", path)
    return (match.group(1) if match else path), own


def exporter_of(link: str) -> tuple[Exporter, str]:
    view, query = view_of(link)
    if view not in EXPORTERS:
        raise no_view(view, EXPORTERS, "offline file can be made", "export_view")
    return EXPORTERS[view], query


def export_html(
    link: str, frontend: Path, positions: int | None = None, limit: float = math.inf
) -> str:
    """The offline file of the view ``link`` names (a page/embed URL or a race query).

    ``limit``: the work budget in seconds (the server's route sets one; the
    command line, on the user's own machine, none).
    """
    settings = get_settings()
    positions = settings.export_positions if positions is None else positions
    if not 1 <= positions <= settings.max_export_positions:
        raise UnprocessableError(f"positions must be 1 … {settings.max_export_positions}")
    view, query = view_of(link)
    if view == "lessons":
        return lesson_export.render(frontend, query, positions, limit, exporter_of)
    exporter, query = exporter_of(link)
    return render(frontend, exporter.payload(query, positions, limit), query, exporter.page)


def filename(link: str) -> str:
    view, query = view_of(link)
    if view == "lessons":
        return lesson_export.filename(query)
    exporter, query = exporter_of(link)
    return exporter.filename(query)
