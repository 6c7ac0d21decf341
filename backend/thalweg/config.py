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
    # steps · samples · parameters: ~10 s of CPU for the largest digits network
    # (the stream's budget: it shows its progress and is cancelled by the next
    # message); a REST run, which shows nothing until it ends, gets ~2 s.
    max_work: float = 1e11
    max_rest_work: float = 2e10
    # Newton forms the P×P Hessian every step (P Hessian-vector products).
    newton_max_parameters: int = 64
    max_activation_points: int = 2001


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="THALWEG_", env_nested_delimiter="__")

    host: str = "127.0.0.1"
    port: int = 8000
    # JAX's persistent compilation cache: a restarted server skips XLA compilation.
    # Its size on disk is capped: JAX evicts the least recently used entries
    # above it (~28 kB per program: 256 MiB hold ~9,000). Not the uncapped
    # cache's old folder ("jax"): its entries lack the access times eviction reads.
    compilation_cache_dir: Path = Path(platformdirs.user_cache_dir("thalweg")) / "jax-lru"
    compilation_cache_max_bytes: int = 256 * 2**20
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
    # Largest request body: the largest valid request is a few kB; a bigger body is
    # answered 413 before it is parsed.
    max_body_bytes: int = 2**20
    # Seconds of one core a request may cost, estimated before it runs
    # (services/budget.py); an offline export has its own.
    work_budget_seconds: float = 2.0
    export_budget_seconds: float = 4.0
    # A WebSocket scene may cost more: its work is chunked (one compile or 512
    # steps at a time), a new message or a disconnect cancels it at the next
    # chunk, and a socket computes one scene at a time.
    stream_budget_seconds: float = 10.0
    # Finished scene results kept per worker (services/result_cache.py), least
    # recently used dropped first. Measured: 8 runs × 500 steps hold 138 kB of
    # float32, a 200×200 landscape ~170 kB, so 64 MiB keep ~200 such scenes; the
    # largest result (16 runs × 10,000 steps) is ~5.8 MB.
    scene_cache_entries: int = 512
    scene_cache_bytes: int = 64 * 2**20
    # Expensive REST requests (computations, exports) one client may have in
    # flight; more get a 429. Clients are told apart by their address, so keep
    # this generous where a lecture hall shares one NAT address.
    max_concurrent_per_client: int = 4
    # Origins besides the app's own whose pages may open the WebSocket streams
    # (e.g. a slide deck on another host that talks to this server directly;
    # an embedded /embed page talks to its own origin and needs none).
    allowed_origins: list[str] = []
    # Points an offline file may hold (runs × slider positions × (steps + 1)):
    # at 7 base64 float32 per point, about 19 MB.
    max_export_points: int = 500_000
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
