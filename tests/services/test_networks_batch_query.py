"""A batch-size comparison link -> one training request per batch size (state.js requestBodies)."""

import pytest
from thalweg.schemas_networks import NetworkRequest
from thalweg.services.networks_export import requests_of
from thalweg.services.networks_query import parse, request_body

DEFAULT = [4, 16, 64, "all"]


@pytest.mark.parametrize(
    ("value", "batches"),
    [
        ("4,16,64,all", DEFAULT),
        ("all,2,16", [2, 16, "all"]),  # sorted, 'all' last
        ("8,8,all", [8, "all"]),  # each once
        ("4", DEFAULT),  # one run compares nothing
        ("1,2,4,8,16,all", DEFAULT),  # six runs: over the five allowed
        ("0,4", DEFAULT),  # below 1
        ("4,2001", DEFAULT),  # over the API's batch_size bound
        ("4,,all", DEFAULT),
        ("4,full", DEFAULT),
    ],
)
def test_batch_lists_are_read_as_on_the_page(value, batches):
    assert parse(f"cmpbs=1&bss={value}")["batches"] == batches


def test_each_batch_size_trains_run_a_with_its_sharpness_and_no_landscape():
    query = "cmpbs=1&bss=2,all&opt=gd&hp=lr:0.3&steps=100&every=5&cmp=1&opt2=adam"
    requests = requests_of(query)
    assert [r.batch_size for r in requests] == [2, "all"]  # run B of cmp=1 is not trained
    run_a = request_body(parse(query))
    for request in requests:
        assert request.landscape is None
        assert (request.curvature.every, request.curvature.top_k) == (5, 5)
        assert request.curvature.density is True
        same = request.model_dump(exclude={"batch_size", "landscape", "curvature"})
        assert same == NetworkRequest.model_validate(run_a).model_dump(
            exclude={"batch_size", "landscape", "curvature"}
        )
        assert request.optimizer.id == "gd" and request.optimizer.hyperparameters == {"lr": 0.3}


def test_without_the_mode_the_batch_list_changes_nothing():
    assert requests_of("bss=2,all") == requests_of("")
    assert len(requests_of("cmp=1&bss=2,all")) == 2
