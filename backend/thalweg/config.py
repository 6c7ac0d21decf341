"""Settings: every limit and default of the server, read through get_settings().

Values come from the environment with the prefix ``THALWEG_`` (e.g.
``THALWEG_MAX_STEPS=20000``); tests override ``get_settings`` on the app.
"""

from __future__ import annotations

import functools
from pathlib import Path

import platformdirs
from pydantic import BaseModel
from pydantic_settings import BaseSettings, SettingsConfigDict


class NetworkLimits(BaseModel):
    """Bounds of the Networks view (``THALWEG_NETWORK__MAX_STEPS=…``)."""

    max_samples: int = 2000
    max_steps: int = 5000
    max_hidden_layers: int = 4
    max_width: int = 64
    max_classes: int = 6
    max_landscape_resolution: int = 101
    max_decision_resolution: int = 101
    # steps · samples · parameters: ~10 s of CPU for the largest digits network.
    max_work: float = 1e11
    # Newton forms the P×P Hessian every step (P Hessian-vector products).
    newton_max_parameters: int = 64
    # Curvature (sharpness by Lanczos, top-k, density): a Hessian-vector product counts
    # as this many training steps in ``max_work`` (2-32-32-1 tanh on 200 points: one
    # product 0.17 ms, one full-batch GD step 0.075 ms). A new model shape compiles two
    # Lanczos programs besides the trainer's chunk (each about as long as the chunk's
    # compile; benchmarks/bench_sharpness.py).
    hvp_cost: float = 2.5
    max_top_k: int = 10
    max_activation_points: int = 2001


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="THALWEG_", env_nested_delimiter="__")

    host: str = "127.0.0.1"
    port: int = 8000
    # JAX's persistent compilation cache: a restarted server skips XLA compilation.
    compilation_cache_dir: Path = Path(platformdirs.user_cache_dir("thalweg")) / "jax"
    frontend_dir: Path | None = None  # None: the copy packaged with thalweg

    max_steps: int = 10_000
    max_runs: int = 16
    max_resolution: int = 512
    max_arrows: int = 64
    max_sweep_rates: int = 256
    max_expression_length: int = 500
    max_graph_nodes: int = 60  # a computation graph larger than this is not drawn
    default_tolerance: float = 1e-8
    max_message_bytes: int = 65_536  # largest WebSocket message accepted
    # Points an offline file may hold (runs × slider positions × (steps + 1)):
    # at 7 base64 float32 per point, about 37 MB.
    max_export_points: int = 1_000_000
    export_positions: int = 32  # learning rates precomputed per run for its slider
    max_export_positions: int = 64
    network: NetworkLimits = NetworkLimits()


@functools.lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def frontend_dir(settings: Settings) -> Path:
    """The packaged frontend (wheel), else the source tree's (editable install)."""
    if settings.frontend_dir is not None:
        return settings.frontend_dir
    packaged = Path(__file__).parent / "frontend"
    return packaged if packaged.is_dir() else Path(__file__).parents[2] / "frontend"
