"""Thalweg: see gradient-based optimization.

``thalweg.race``, ``landscape``, ``sweep``, ``train``, ``curvature``, ``stability``,
``basins``, ``gan``, ``autoencoder``, ``code``, ``Widget`` and the result types are
loaded on first use (PEP 562), so ``import thalweg`` for the server stays cheap: JAX,
pydantic models, plotly and anywidget load only when the Python API is used.
"""

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [  # noqa: RUF022  (the Python API after the version)
    "__version__",
    "AutoencoderRun",
    "Basins",
    "Curvature",
    "GanRun",
    "Landscape",
    "Race",
    "Run",
    "StabilityMap",
    "Sweep",
    "ThalwegError",
    "Training",
    "Widget",
    "autoencoder",
    "basins",
    "code",
    "curvature",
    "gan",
    "landscape",
    "race",
    "stability",
    "sweep",
    "train",
]
_API = frozenset(__all__[1:])

if TYPE_CHECKING:
    from thalweg.notebook import (
        AutoencoderRun,
        Basins,
        Curvature,
        GanRun,
        Landscape,
        Race,
        Run,
        StabilityMap,
        Sweep,
        ThalwegError,
        Training,
        Widget,
        autoencoder,
        basins,
        code,
        curvature,
        gan,
        landscape,
        race,
        stability,
        sweep,
        train,
    )


def __getattr__(name: str) -> Any:
    if name in _API:
        import thalweg.notebook

        return getattr(thalweg.notebook, name)
    raise AttributeError(f"module 'thalweg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])
