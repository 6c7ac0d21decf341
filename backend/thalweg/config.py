"""Settings: every limit and default of the server, read through get_settings().

Values come from the environment with the prefix ``THALWEG_`` (e.g.
``THALWEG_MAX_STEPS=20000``); tests override ``get_settings`` on the app.
"""

from __future__ import annotations

import functools
from pathlib import Path

import platformdirs
from pydantic import BaseModel, Field
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
    # steps · samples · parameters. Measured (benchmarks/bench_budget.py, CPU time of
    # all threads, 2026-11-30): 2-5e9 per CPU second, so ~10 s for the stream, which
    # shows its progress and is cancelled by the next message or a disconnect, and
    # ~1.5 s for a REST run, which shows nothing until it ends (a 2-64-64-64-10
    # digits MLP: 200 steps).
    max_work: float = 3e10
    max_rest_work: float = 4e9
    # Newton forms the P×P Hessian every step (P Hessian-vector products).
    newton_max_parameters: int = 64
    # Curvature (sharpness by Lanczos, top-k, density): a Hessian-vector product counts
    # as this many training steps in ``max_work`` (2-32-32-1 tanh on 200 points: one
    # product 0.17 ms, one full-batch GD step 0.075 ms). A new model shape compiles the
    # trainer's chunk with the estimates (its own program) and one Lanczos program
    # (benchmarks/bench_sharpness.py).
    hvp_cost: float = 2.5
    # CPU seconds a model shape costs the first time it is trained in a process:
    # the trainer's chunk, the landscape and the decision grid compile (measured
    # 2026-11-30, CPU of the process: 6.0-7.4 s cold against 0.23-0.30 s warm for the
    # same export). An offline export may compile one model beyond its budget (a
    # lecturer's single networks file); each further one is charged this.
    compile_seconds: float = 7.0
    max_top_k: int = 10
    max_activation_points: int = 2001


class GanLimits(BaseModel):
    """Bounds of the GAN view (``THALWEG_GAN__MAX_STEPS=…``)."""

    max_samples: int = 1000  # real points, and as many fakes per snapshot
    max_custom_points: int = 1000
    max_coordinate: float = 100.0  # |x|, |y| of custom points
    max_noise_dim: int = 8
    max_hidden_layers: int = 4
    max_width: int = 64
    max_batch: int = 512
    max_k: int = 10  # discriminator / generator steps per iteration
    max_steps: int = 5000
    max_snapshots: int = 51
    # snapshots · samples: a snapshot of 300 fakes cost 17-34 ms (bench_gan.py,
    # measured under a load of ~8 on 2 cores), most of it the views and the
    # O(n²) energy distance; 15,000 is 50 snapshots of 300 points, ≲ 1 s.
    max_snapshot_points: int = 15_000
    # steps · (k_D + k_G) · batch · (P_G + P_D), the training's multiply-adds up
    # to a constant: bench_gan.py measured 2,265-4,475 it/s for GAN Lab's setting
    # (720,000 per iteration), ≈ 1.6e9 per second with a penalty, under a load of
    # ~8 on 2 cores; 2e9 is ≲ 1.3 s of training. The compile comes on top: the
    # first chunk took 3.2-3.5 s of CPU in the same conditions (over the 2 s
    # budget; a second request with the same architecture compiles nothing).
    # Worst case of all limits (bench_gan.py --worst: 4×64 GELU players, k 10 + 10,
    # batch 512, 1,000 samples, 61² map, 7 iterations, cold): 12.2 s CPU, 46.9 s wall
    # under a load of ~12; mostly compiling. OVER the 2 s budget: not yet solved.
    max_work: float = 2e9
    # The stream is chunked and cancelled by the next message: 5× more work.
    max_stream_work: float = 1e10
    max_resolution: int = 61  # heat map R×R
    max_field: int = 31  # arrows A×A
    max_manifold: int = 31
    max_penalty: float = 100.0


class AutoencoderLimits(BaseModel):
    """Bounds of the autoencoder (``THALWEG_AUTOENCODER__MAX_STEPS=…``)."""

    max_steps: int = 5000
    max_hidden_layers: int = 2
    max_width: int = 64
    max_batch: int = 1024
    max_snapshots: int = 51
    max_grid: int = 15  # decoded images per side of the latent plane
    max_reconstructions: int = 16
    # steps · (batch + 8) · parameters: the forward and backward passes grow with the
    # batch, the optimizer's update with P alone (+8 rows' worth per step).
    # Worst cases of these limits (2 × 64 tanh, grid 15, 16 reconstructions; a fresh
    # process, CPU time, load ~6 on 2 cores, 2026-11-30, /tmp script like bench_gan's
    # --worst): batch 1 × 3,275 steps 5.2 s cold, 0.68 s warm (same architecture, a
    # new learning rate); batch 1,024 × 28 steps 5.1 s cold, 0.14 s warm. Cold is
    # mostly compiling (the chunk ~2 s, the snapshot programs, the initial θ) and
    # loading the digits: OVER the 2 s budget when the architecture is new, as the GAN's.
    max_work: float = 5e8
    max_stream_work: float = 5e9  # chunked and cancelled by the next message


class CurvatureLimits(BaseModel):
    """Bounds of the curvature routes (``THALWEG_CURVATURE__MAX_AXIS_COUNT=…``)."""

    # Points of a path whose curvature is asked (max_steps + 1); 10,001 points on
    # Shubert or a 24-sine expression, cold: 0.7 s of CPU (then 0.015 s); on the
    # Dirac GAN (a game: the field's Jacobian and V's Hessian, two programs) 0.93 s
    # cold, then 0.009 s.
    max_points: int = 10_001
    max_axis_count: int = 128  # values per axis of a stability map
    max_basin_resolution: int = 256  # starts per side of a basin map
    # CPU per grid step against gradient descent's, measured on 16,384 runs of
    # Himmelblau (benchmarks/bench_curvature.py --costs); a map is priced with
    # these in the work budget (services/curvature/runs.py). Absent: not on maps
    # (Newton compiled 1.7 s for such a grid, L-BFGS ran 20 s for 256 steps).
    # Worst case measured (bench_curvature.py --worst: the largest map the
    # budget admits, in a fresh process, CPU time; 2026-11-30 evening, load ~4,
    # since a map of several chunks compiles one scan, not two): RAdam, 128²
    # runs × 831 steps, 1.73 s; the other optimizers' largest maps 1.41-1.69 s;
    # basin maps of Rastrigin, Levi N.13, Eggholder, Shubert at their largest
    # 0.82-1.11 s.
    map_step_cost: dict[str, float] = {
        "gd": 1.0,
        "momentum": 1.1,
        "nesterov": 1.1,
        "adagrad": 1.1,
        "rmsprop": 1.3,
        "adadelta": 1.5,
        "adam": 2.9,
        "adamw": 3.2,
        "adamax": 2.0,
        "nadam": 3.5,
        "amsgrad": 2.8,
        "radam": 3.1,
        "lion": 1.1,
        "ftrl": 4.7,
        "armijo": 6.7,
        "gda": 1.0,
        "optimistic_gda": 1.2,
    }
    basin_radius: float = 0.01  # an end point within this fraction of the domain is at a minimum
    max_found_minima: int = 64  # minima a basin map may add to the catalog's


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
    # A networks export (services/networks_export.py) is charged its training work
    # as /api/networks/run is; measured 2026-11-30 (/tmp bench, CPU of the process):
    # 0.23-0.30 s once the model's programs are compiled, 6.0-7.4 s for a model
    # shape not compiled yet (compiles of training, landscape and decision grid).
    export_budget_seconds: float = 4.0
    # A WebSocket scene may cost more: its work is chunked (one compile or 512
    # steps at a time), a new message or a disconnect cancels it at the next
    # chunk, and a socket computes one scene at a time.
    stream_budget_seconds: float = 10.0
    # Threads per worker computing stream chunks at once (api/sockets.py); the
    # REST routes have their own pool. Few threads contend less for the GIL, and
    # a scene superseded while it waits for one is never started: 100 students
    # dragging (benchmarks/bench_hall.py, shared machine, paired runs) had
    # 62-87 % of scenes answered at 2.3-2.5 ms of server CPU each with 2
    # threads, 41-67 % (2.5-2.9 ms) with 4, 35-36 % (4.3-4.5 ms) with 40 (the
    # former shared pool). The cost: a chunk that compiles (0.2-5 s) holds one
    # of them, so two such at once stall the worker's other streams meanwhile.
    stream_threads: int = Field(default=2, ge=1, le=64)
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
    # A whole lesson's offline file (services/lesson_export.py). Measured 2026-11-30:
    # the eight lessons' files are 3.5-8.2 MB (gradient-descent the largest); a scene
    # with a learning-rate slider adds its runs × 32 trajectories. Its CPU is charged
    # to export_budget_seconds as a whole: the route took 1.6-4.4 s wall, 0.4-1.9 s
    # CPU for the lessons it accepts (momentum-adaptive, 4.4 s estimated, refused).
    max_lesson_export_bytes: int = 20_000_000
    # Row indices a Networks training script (GET /api/code) may embed as its batch
    # order: epochs × training rows, ~6 bytes each, so about 1.2 MB of script. Worst
    # case measured (a new 1797-row digits scene, 4×64 ReLU, 125 epochs of order):
    # 2.1 s of one core, 1.5 s of it compiling θ₀'s draw (as POST /api/networks/run
    # does), 1.4 MB; at this limit on moons 0.56 s; any scene again ~0.1 s.
    max_code_order_rows: int = 200_000
    # Numbers of Thalweg's random draws (row indices, noise z, ε) a torch or Keras
    # Generative script embeds (GET /api/code): the iterations whose draws fit, but
    # at least the first (so its losses are Thalweg's); ~10 bytes each. The JAX
    # script draws them itself. Measured 2026-11-30, load 1.6-4 on 2 cores
    # (benchmarks/bench_code_generative.py, fresh process, CPU): default GAN link,
    # torch/Keras 4.1-4.2 s cold (θ₀'s two compiles, as POST /api/gan/run does, and
    # the program of Thalweg's draws, ~2 s each), 0.13 s again, 604 kB; the largest
    # first iteration (batch 512, z 8, k_D = k_G = 10, gp, 4×64 players: 92,160
    # numbers) 5.3 s cold, 0.28 s again, 1.4 MB; autoencoder 2×64 4.0 s cold,
    # 0.06-0.08 s again; JAX scripts 2.1-3.0 s cold, ≤ 0.07 s again. After the
    # view's own training of the scene (θ₀ compiled): GAN torch 2.1 s, JAX 0.01 s,
    # autoencoder torch 1.1 s. Cold is OVER the 2 s budget (compiles, not size).
    max_code_draws: int = 50_000
    curvature: CurvatureLimits = CurvatureLimits()
    network: NetworkLimits = NetworkLimits()
    gan: GanLimits = GanLimits()
    autoencoder: AutoencoderLimits = AutoencoderLimits()


@functools.lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def frontend_dir(settings: Settings) -> Path:
    """The packaged frontend (wheel), else the source tree's (editable install)."""
    if settings.frontend_dir is not None:
        return settings.frontend_dir
    packaged = Path(__file__).parent / "frontend"
    return packaged if packaged.is_dir() else Path(__file__).parents[2] / "frontend"
