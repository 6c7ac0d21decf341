"""JSON schemas drawn from the catalogs, for the OpenAPI document.

Requests are validated by ``schemas.py`` against the catalogs (with errors the
page can translate). Without these, the published schema said only "a string"
for a surface or an optimizer and "an object of numbers" for
hyperparameters, so /docs could not list the choices and a schema fuzzer
generated nothing the server accepted. Here each id becomes an enum and each
optimizer a variant of a union (told apart by its id) whose hyperparameters carry their
names, ranges, defaults and descriptions: the catalogs stay the one source.
"""

from __future__ import annotations

from typing import Any

from thalweg.compute.optimizers import OPTIMIZERS, Hyperparameter
from thalweg.compute.surfaces import SURFACES

JsonSchema = dict[str, Any]


def surface_id_schema() -> JsonSchema:
    return {"type": "string", "enum": list(SURFACES), "examples": ["rosenbrock"]}


def optimizer_id_schema() -> JsonSchema:
    return {"type": "string", "enum": list(OPTIMIZERS), "examples": ["adam"]}


def surface_params_schema() -> JsonSchema:
    """Every surface's parameters: each applies only to its own surface (named in it)."""
    properties = {
        p.name: {
            "type": "number",
            "minimum": p.min,
            "maximum": p.max,
            "default": p.default,
            "description": f"{surface.id}: {p.description}",
        }
        for surface in SURFACES.values()
        for p in surface.params
    }
    return {
        "anyOf": [
            {"type": "object", "properties": properties, "additionalProperties": False},
            {"type": "null"},
        ],
        "default": None,
        "description": "parameters of the chosen surface (GET /api/surfaces lists them)",
    }


def _hyperparameter_schema(h: Hyperparameter) -> JsonSchema:
    schema: JsonSchema = {"default": h.default, "description": h.description}
    if h.scale == "bool":
        return schema | {"enum": [0, 1]}
    kind = "integer" if h.scale == "int" else "number"
    return schema | {"type": kind, "minimum": h.min, "maximum": h.max}


def run_spec_schema() -> JsonSchema:
    """One optimizer run: a variant per optimizer, told apart by ``optimizer``."""
    variants = [
        {
            "title": spec.name,
            "type": "object",
            "properties": {
                "optimizer": {"const": spec.id},
                "hyperparameters": {
                    "type": "object",
                    "properties": {h.name: _hyperparameter_schema(h) for h in spec.hyperparameters},
                    "additionalProperties": False,
                    "description": "missing ones take their defaults",
                },
            },
            "required": ["optimizer"],
            "additionalProperties": False,
        }
        for spec in OPTIMIZERS.values()
    ]
    # No OpenAPI ``discriminator``: its mapping wants named schemas; ``const`` tells
    # the variants apart for any JSON Schema tool.
    return {
        "oneOf": variants,
        "description": "One optimizer run; missing hyperparameters take the catalog's defaults.",
    }
