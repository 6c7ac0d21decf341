"""A Networks link -> its training requests, as the page builds them (networks/state.js)."""

from thalweg.schemas_networks import NetworkRequest
from thalweg.services.networks_export import requests_of
from thalweg.services.networks_query import fit, parse, request_body


def test_an_empty_link_is_the_pages_default_run():
    [request] = requests_of("")
    body = request_body(parse(""))
    assert body["dataset"]["name"] == "moons" and body["optimizer"] == {
        "id": "adam",
        "hyperparameters": {"lr": 0.01},
    }
    assert request == NetworkRequest.model_validate(body)


def test_out_of_range_and_unknown_values_fall_back_as_on_the_page():
    state = parse("n=3&model=deep&dir=sideways&hidden=16,x&steps=0&bs=all&cmp=1&opt2=lion")
    assert state["samples"] == 200 and state["kind"] == "mlp" and state["directions"] == "pca"
    assert state["hidden"] == [16, 16] and state["steps"] == 500
    assert state["batch"] == "all" and state["compare"] is True
    assert len(requests_of("cmp=1&opt2=lion")) == 2


def test_a_link_with_lr_50_is_clamped_to_the_catalogs_range_not_refused():
    state = fit(parse("opt=gd&hp=lr:50,bogus:1"), ["moons"], ["tanh"])
    assert state["hp"] == {"lr": 10.0}
    state = fit(parse("data=nowhere&act=nope&opt=nope"), ["moons"], ["tanh"])
    assert (state["dataset"], state["activation"], state["optimizer"]) == ("moons", "tanh", "adam")
