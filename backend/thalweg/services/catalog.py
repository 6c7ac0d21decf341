"""The surface and optimizer catalogs as the API presents them."""

from __future__ import annotations

import dataclasses

from thalweg.compute.optimizers import OPTIMIZERS
from thalweg.compute.surfaces import SURFACES
from thalweg.config import get_settings


def surfaces() -> list[dict]:
    return [
        {
            "id": s.id,
            "name": s.name,
            "formula": s.formula,
            "description": s.description,
            "domain": {"x": list(s.domain[0]), "y": list(s.domain[1])},
            "minima": [dataclasses.asdict(m) for m in s.minima],
            "start": list(s.start),
            "log_scale": s.log_scale,
            "params": [dataclasses.asdict(p) for p in s.params],
            "kind": s.kind,
            "axes": list(s.axes),
        }
        for s in SURFACES.values()
    ]


def optimizers() -> list[dict]:
    return [
        {
            "id": o.id,
            "name": o.name,
            "hyperparameters": [
                {k: v for k, v in dataclasses.asdict(h).items() if k != "static"}
                for h in o.hyperparameters
            ],
            "update_rule": o.update_rule,
            "reference": o.reference,
            "convention": o.convention,
            "has_momentum": o.moment_field is not None,
            # stability and basin maps run only the optimizers priced for them
            "maps": o.id in get_settings().curvature.map_step_cost,
        }
        for o in OPTIMIZERS.values()
    ]
