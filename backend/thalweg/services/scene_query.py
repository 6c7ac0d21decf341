"""A scene link (the page's URL query) -> the requests the page would send.

The page's URL format is defined by ``frontend/js/state.js`` (its PROPS table).
``thalweg export`` gets such a link on the command line, with no browser to
read it, so the fields that decide what is computed are read here a second
time. ``tests/browser/test_export.py`` feeds the same links to both readers and
checks that they agree, so the two cannot drift apart unnoticed.

Like the page, a value that does not parse, or breaks its row's bounds, falls
back to its default; what is then out of range for the server (a learning rate
above its maximum, say) is refused by the pydantic schemas with a 422.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

CUSTOM = "custom"
DEFAULT_SURFACE = "rosenbrock"
DEFAULT_DOMAIN = {"x": (-3.0, 3.0), "y": (-3.0, 3.0)}  # surface-panel.js DEFAULT_DOMAIN
DEFAULT_STEPS = 500
MAX_STEPS = 10_000
DEFAULT_TOLERANCE = 1e-8
DEFAULT_RUNS = (  # state.js DEFAULT_RUNS
    ("gd", {"lr": 0.002}),
    ("momentum", {"lr": 0.001}),
    ("adam", {"lr": 0.1}),
    ("rmsprop", {"lr": 0.01}),
)
_SEPARATORS = re.compile(r"[:;,=~]")
_ENCODED_SEPARATORS = re.compile(r"%(3A|3B|2C|3D|7E)", re.IGNORECASE)
_OPTIMIZER_ID = re.compile(r"^[a-z0-9_]+$", re.IGNORECASE)


@dataclass(frozen=True)
class SceneRun:
    optimizer: str
    hyperparameters: dict[str, float]
    label: str = ""


@dataclass(frozen=True)
class Scene:
    """What a scene link asks to compute (``state.js`` names in comments)."""

    surface: str  # surface; "custom" for an expression
    expression: str  # f
    domain: dict[str, tuple[float, float]] | None  # domain (custom surfaces)
    surface_params: dict[str, float]  # sp
    start: tuple[float, float] | None  # start; None: the surface's
    steps: int  # steps
    tolerance: float  # tol
    runs: list[SceneRun] = field(default_factory=list)  # runs
    view: dict[str, tuple[float, float]] | None = None  # view (zoom window)

    def surface_field(self) -> str | dict:
        """The ``surface`` member of the API's request bodies."""
        if self.surface == CUSTOM:
            return {"expression": self.expression, "domain": self.domain or DEFAULT_DOMAIN}
        return self.surface


def query_of(link: str) -> str:
    """The query of a full link (``http://host/embed?a=1``), or the text itself."""
    if "://" in link:
        return urlsplit(link).query
    return link.split("?", 1)[1] if "?" in link else link


def parse(link: str) -> Scene:
    raw = raw_params(query_of(link))
    steps = _int(raw.get("steps"))
    tolerance = _number(raw.get("tol"))
    runs = _runs(raw.get("runs", ""))
    return Scene(
        surface=raw.get("surface", DEFAULT_SURFACE),
        expression=raw.get("f", ""),
        domain=_rect(raw.get("domain")),
        surface_params=_dict(raw.get("sp", "")),
        start=_point(raw.get("start")),
        steps=steps if steps is not None and 1 <= steps <= MAX_STEPS else DEFAULT_STEPS,
        tolerance=tolerance if tolerance is not None and tolerance >= 0 else DEFAULT_TOLERANCE,
        runs=runs or [SceneRun(optimizer, dict(hp)) for optimizer, hp in DEFAULT_RUNS],
        view=_rect(raw.get("view")),
    )


def raw_params(query: str) -> dict[str, str]:
    """``state.js`` rawParams: separators stay raw in ``runs`` and ``sp``."""
    out: dict[str, str] = {}
    for part in query.lstrip("?").split("&"):
        if not part:
            continue
        key, eq, value = part.partition("=")
        value = value.replace("+", "%20") if eq else ""
        if not _SEPARATORS.search(value) and _ENCODED_SEPARATORS.search(value):
            value = unquote(value)
        key = unquote(key)
        out[key] = value if key in ("runs", "sp") else unquote(value)
    return out


def _first_two(text: str, separator: str) -> tuple[str, str | None]:
    """JavaScript's ``const [a, b] = text.split(separator)``: b is None when missing."""
    parts = text.split(separator)
    return parts[0], parts[1] if len(parts) > 1 else None


def _finite(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _number(text: str | None) -> float | None:
    """JavaScript's ``Number(text)`` when finite (a blank string is 0), else None."""
    if text is None:
        return None
    return 0.0 if text.strip() == "" else _finite(text)


def _int(text: str | None) -> int | None:
    return int(text) if text is not None and re.fullmatch(r"-?\d+", text) else None


def _numbers(text: str | None, count: int) -> list[float] | None:
    if text is None:
        return None
    values = [_number(v) for v in text.split(",")]
    if len(values) != count or any(v is None for v in values):
        return None
    return values  # type: ignore[return-value]


def _point(text: str | None) -> tuple[float, float] | None:
    values = _numbers(text, 2)
    return (values[0], values[1]) if values else None


def _rect(text: str | None) -> dict[str, tuple[float, float]] | None:
    v = _numbers(text, 4)
    if not v or not (v[0] < v[1] and v[2] < v[3]):
        return None
    return {"x": (v[0], v[1]), "y": (v[2], v[3])}


def _dict(text: str) -> dict[str, float]:
    out = {}
    for item in text.split(","):
        key, value = _first_two(item, ":")
        number = _number(value)
        if key and number is not None:
            out[unquote(key)] = number
    return out


def _runs(text: str) -> list[SceneRun]:
    runs = []
    for item in text.split(";"):
        if not item:
            continue
        spec, tilde, label = item.partition("~")
        optimizer, params = _first_two(spec, ":")
        params = params or ""
        if not _OPTIMIZER_ID.match(optimizer):
            continue
        hp = {}
        for pair in params.split(","):
            key, value = _first_two(pair, "=")
            number = _number(value) if value != "" else None
            if key and number is not None:
                hp[key] = number
        runs.append(SceneRun(optimizer, hp, unquote(label) if tilde else ""))
    return runs
