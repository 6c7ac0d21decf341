"""The page's colours, read from its modules (one source for the page and Python).

The page's palette is an ES module; rather than copy its colours into Python,
its ``export const`` lines are read here: strings (``INK = '#1f2430'``) and
arrays of strings (``RUN_COLORS = [...]``, and ``IRIDESCENT``, from which the
page builds ``LANDSCAPE_SCALE`` as evenly spaced stops); the classes' colours
come from ``js/networks/plots.js``, the maps' from ``js/views/maps/plots.js`` and
the digits' from ``js/views/generative/ae-plots.js`` the same way. A test evaluates the modules
with node and compares.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from thalweg.config import frontend_dir, get_settings

_STRING = re.compile(r"^(?:export\s+)?const\s+(\w+)\s*=\s*'([^']*)';", re.M)
_ARRAY = re.compile(r"^(?:export\s+)?const\s+(\w+)\s*=\s*\[(.*?)\];", re.M | re.S)
_QUOTED = re.compile(r"'([^']*)'")


@dataclass(frozen=True)
class Palette:
    """Run colours (Okabe & Ito), the landscape's colour scale (Tol's iridescent), inks."""

    run_colors: tuple[str, ...]
    landscape_scale: tuple[tuple[float, str], ...]
    ink: str
    contour_line: str
    field_arrow: str
    danger: str
    class_colors: tuple[str, ...]
    # The Maps view's: a stability map's statuses, a basin map's labels < 0
    status_colors: dict[str, str]  # converged, max_steps, diverged
    basin_colors: dict[int, str]  # −1 diverged, −2 not converged, −3 unlabelled
    digit_colors: tuple[str, ...]  # the autoencoder's codes, digit d in colour d

    def run_color(self, index: int) -> str:
        return self.run_colors[index % len(self.run_colors)]


def _arrays(text: str) -> dict[str, tuple[str, ...]]:
    return {name: tuple(_QUOTED.findall(body)) for name, body in _ARRAY.findall(text)}


def parse(source: str, networks: str, maps: str, digits: str) -> Palette:
    """The colours in the text of palette.js and of the networks', maps' and autoencoder's
    plots; a missing name is a KeyError."""
    strings = dict(_STRING.findall(source))
    map_strings = dict(_STRING.findall(maps))
    arrays = _arrays(source)
    stops = arrays["IRIDESCENT"]
    return Palette(
        run_colors=arrays["RUN_COLORS"],
        landscape_scale=tuple((i / (len(stops) - 1), c) for i, c in enumerate(stops)),
        ink=strings["INK"],
        contour_line=strings["CONTOUR_LINE"],
        field_arrow=strings["FIELD_ARROW"],
        danger=strings["DANGER"],
        class_colors=_arrays(networks)["CLASS_COLORS"],
        status_colors={s.lower(): map_strings[s] for s in ("CONVERGED", "MAX_STEPS", "DIVERGED")},
        basin_colors={
            -1: map_strings["DIVERGED"],
            -2: map_strings["NOT_CONVERGED"],
            -3: map_strings["UNLABELLED"],
        },
        digit_colors=_arrays(digits)["DIGIT_COLORS"],
    )


SOURCES = (
    "palette.js",
    "networks/plots.js",
    "views/maps/plots.js",
    "views/generative/ae-plots.js",
)


def source_paths() -> list[Path]:
    return [frontend_dir(get_settings()) / "js" / name for name in SOURCES]


@functools.cache
def palette() -> Palette:
    """The page's palette (read once: the files ship with the package)."""
    return parse(*(path.read_text(encoding="utf-8") for path in source_paths()))
