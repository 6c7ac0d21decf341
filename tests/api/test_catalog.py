"""GET /api/health, /api/surfaces, /api/optimizers."""

from thalweg.compute.optimizers import OPTIMIZERS
from thalweg.compute.surfaces import SURFACES
from thalweg.config import get_settings


def test_health(client):
    body = client.get("/api/health").json()
    assert body["status"] == "ok" and body["streams"] == 0


def test_surfaces_list_every_registered_surface_with_its_metadata(client):
    surfaces = client.get("/api/surfaces").json()
    assert [s["id"] for s in surfaces] == list(SURFACES)
    rosenbrock = next(s for s in surfaces if s["id"] == "rosenbrock")
    assert rosenbrock["minima"] == [{"x": 1.0, "y": 1.0, "value": 0.0}]
    assert set(rosenbrock) >= {"name", "formula", "domain", "start", "log_scale", "params"}
    kappa = next(s for s in surfaces if s["id"] == "ill_conditioned")["params"][0]
    assert kappa["name"] == "kappa" and kappa["min"] <= kappa["default"] <= kappa["max"]


def test_optimizers_carry_the_specs_that_build_the_sliders(client):
    optimizers = client.get("/api/optimizers").json()
    assert [o["id"] for o in optimizers] == list(OPTIMIZERS)
    adam = next(o for o in optimizers if o["id"] == "adam")
    lr = next(h for h in adam["hyperparameters"] if h["name"] == "lr")
    assert lr == {
        "name": "lr",
        "default": 1e-3,
        "min": 1e-6,
        "max": 10.0,
        "scale": "log",
        "description": "learning rate η",
    }
    assert adam["has_momentum"] and adam["update_rule"] and adam["reference"]


def test_the_optimizers_on_maps_are_those_priced_for_them(client):
    optimizers = client.get("/api/optimizers").json()
    on_maps = {o["id"] for o in optimizers if o["maps"]}
    assert on_maps == set(get_settings().curvature.map_step_cost)
    assert {"gd", "momentum", "adam"} <= on_maps and "newton" not in on_maps
