"""Settings: every limit and default of the server, read through get_settings().

Values come from the environment with the prefix ``THALWEG_`` (e.g.
``THALWEG_MAX_STEPS=20000``); tests override ``get_settings`` on the app.
"""

from __future__ import annotations

import functools
from pathlib import Path

import platformdirs
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="THALWEG_")

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
    default_tolerance: float = 1e-8
    max_message_bytes: int = 65_536  # largest WebSocket message accepted


@functools.lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
