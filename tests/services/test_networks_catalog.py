"""The Networks view's catalog."""

from thalweg.services import networks_catalog


def test_catalog_and_curves():
    catalog = networks_catalog.catalog()
    assert {d["name"] for d in catalog["datasets"]} >= {"xor", "moons", "digits", "spirals"}
    relu = next(a for a in catalog["activations"] if a["name"] == "relu")
    assert relu["latex"] and len(relu["curve"]["f"]) == len(relu["curve"]["df"])
    assert "gda" not in catalog["optimizers"] and catalog["limits"]["max_steps"] == 5000
