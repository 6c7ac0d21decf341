"""A scene link -> one offline HTML file (``thalweg export`` and ``GET /api/export``)."""

from __future__ import annotations

import math
import re
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import ValidationError

from thalweg.config import get_settings
from thalweg.services.errors import UnprocessableError
from thalweg.services.offline import payload
from thalweg.services.offline_page import render
from thalweg.services.scene_query import CUSTOM, parse, query_of


def readable(error: ValidationError) -> str:
    """pydantic's errors as one line each: ``runs.0.hyperparameters: lr must be ≤ 10``."""
    return "; ".join(
        f"{'.'.join(str(part) for part in e['loc'])}: {e['msg']}" if e["loc"] else e["msg"]
        for e in error.errors(include_url=False)
    )


def export_html(
    link: str, frontend: Path, positions: int | None = None, limit: float = math.inf
) -> str:
    """The offline file of the scene ``link`` names (a page/embed URL or its query).

    ``limit``: the work budget in seconds (the server's route sets one; the
    command line, on the user's own machine, none).
    """
    settings = get_settings()
    positions = settings.export_positions if positions is None else positions
    if not 1 <= positions <= settings.max_export_positions:
        raise UnprocessableError(f"positions must be 1 … {settings.max_export_positions}")
    _refuse_other_views(link)
    scene = parse(link)
    points = len(scene.runs) * positions * (scene.steps + 1)
    most = settings.max_export_points
    if points > most:
        raise UnprocessableError(
            f"an offline file holds at most {most:,} points (runs × positions × (steps + 1)); "
            f"this scene needs {points:,}: use fewer steps, runs or slider positions",
            "export_too_large",
            limit=most,
            points=points,
        )
    try:
        data = payload(scene, positions, limit)
    except ValidationError as error:
        raise UnprocessableError(readable(error)) from None
    return render(frontend, data, query_of(link))


RACE_PATHS = ("", "/", "/index.html", "/embed", "/embed.html")


def _refuse_other_views(link: str) -> None:
    """Only the race has an offline file: a link to another view must not quietly
    become the default race."""
    if "://" not in link and not link.startswith("/"):
        return  # a query ("?a=1" or "a=1"): the race's own
    path = urlsplit(link).path
    if path.rstrip("/") not in {p.rstrip("/") for p in RACE_PATHS}:
        raise UnprocessableError(
            f"only the race page (/ or /embed) can be exported as an offline file, not {path}",
            "export_view",
            path=path,
        )


def filename(link: str) -> str:
    scene = parse(link)
    name = "custom" if scene.surface == CUSTOM else re.sub(r"[^a-z0-9_-]", "", scene.surface)
    return f"thalweg-{name or 'scene'}.html"
