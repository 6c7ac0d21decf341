"""A Generative link -> its training, precomputed for an offline file.

The offline page (``js/views/generative/offline-api.js``) replays these frames
as if the training socket sent them: the GAN's run, or the autoencoder's when
the link opens that tab (``mode=ae``), trained here exactly as the page's
socket would (``gan.stream``, ``autoencoder.stream``), within the export's
work budget, and the catalogs the page asks for.
"""

from __future__ import annotations

import json
import math

from pydantic import BaseModel, ValidationError

from thalweg.config import get_settings
from thalweg.schemas_autoencoder import AutoencoderMessage
from thalweg.schemas_gan import TrainMessage
from thalweg.services import autoencoder, catalog, gan, gan_catalog, networks_catalog
from thalweg.services.errors import UnprocessableError, readable
from thalweg.services.generative_query import ae_body, fit, gan_body, read
from thalweg.services.networks_export import FIRST_COMPILE


def catalogs() -> dict:
    """What the page's ``api.catalogs()`` answers: {gan, optimizers, networks}."""
    return {
        "gan": gan_catalog.catalog(),
        "optimizers": catalog.optimizers(),
        "networks": networks_catalog.catalog(),
    }


def request_of(query: str) -> tuple[str, dict, BaseModel]:
    """(mode, the body of the ``train`` message the page of ``query`` sends first,
    that message validated with id 0)."""
    gan_table = gan_catalog.catalog()
    state = fit(read(query), gan_table)
    ae = state["mode"] == "ae"
    body = (ae_body if ae else gan_body)(state, gan_table)
    try:
        message = (AutoencoderMessage if ae else TrainMessage).model_validate(
            {"type": "train", "id": 0, **body}
        )
    except ValidationError as error:
        raise UnprocessableError(readable(error)) from None
    return state["mode"], body, message


def filename(query: str) -> str:
    """The GAN's file, or the autoencoder's when the link opens that tab."""
    return "thalweg-autoencoder.html" if read(query)["mode"] == "ae" else "thalweg-gan.html"


# CPU seconds of a GAN run's snapshots at GanLimits.max_snapshot_points (config.py:
# 15,000 fakes ≲ 1 s); measured 2026-11-30 (`thalweg export` of the default link,
# 41 snapshots × 300 points, load ~6 on 2 cores): training and snapshots together
# 1.07 s of CPU once compiled, of which the snapshots about half.
SNAPSHOT_SECONDS = 1.0


def seconds_of(request: BaseModel, charged: set | None = None) -> float:
    """The run's estimated CPU seconds: its training work against the REST route's
    limit (config.py GanLimits/AutoencoderLimits ``max_work``), which costs
    ``work_budget_seconds``, a GAN's snapshot points against ``max_snapshot_points``,
    which cost ``SNAPSHOT_SECONDS``, plus ``NetworkLimits.compile_seconds`` when an
    export compiled a program before (``charged``, shared with
    services/networks_export.py: a lesson's scenes; a request not seen before counts
    as a new compile, as the GAN's and the autoencoder's trainers do not tell)."""
    settings = get_settings()
    charged = set() if charged is None else charged
    if isinstance(request, TrainMessage):
        limits = settings.gan
        shots = -(-request.steps // request.every) + 1
        points = shots * request.data.count / limits.max_snapshot_points
        seconds = points * SNAPSHOT_SECONDS
    else:
        limits, seconds = settings.autoencoder, 0.0
    seconds += request.work() / limits.max_work * settings.work_budget_seconds
    key = json.dumps(request.model_dump(exclude={"id"}), sort_keys=True)
    if key not in charged:
        charged.add(key)
        if FIRST_COMPILE in charged:
            seconds += settings.network.compile_seconds
        charged.add(FIRST_COMPILE)
    return seconds


def payload(query: str, limit: float = math.inf) -> dict:
    """{catalogs, mode, body: the page's message, frames}, refused above ``limit`` seconds."""
    mode, body, request = request_of(query)
    seconds = seconds_of(request)
    if seconds > limit:
        raise UnprocessableError(
            f"training this link would cost about {seconds:.1f} s of CPU, over the offline "
            f"export's budget of {limit:g} s: use fewer steps, a smaller batch or network",
            "work_budget",
            seconds=round(seconds, 1),
            limit=limit,
        )
    stream = autoencoder.stream if mode == "ae" else gan.stream
    return {
        "catalogs": catalogs(),
        "mode": mode,
        "body": body,
        "frames": list(stream(request)),
    }
