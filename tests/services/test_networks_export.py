"""A networks export's price: its training work, and the compiles of models this
process has not trained yet beyond the one an export may compile."""

from thalweg.config import get_settings
from thalweg.services import networks
from thalweg.services.networks_export import requests_of, seconds_of

# Shapes no other test trains, so the process has compiled none of them.
FRESH = "data=moons&n=60&steps=5&hidden=3,5"
OTHER = "data=moons&n=60&steps=5&hidden=5,3"


def test_one_fresh_model_is_free_and_each_further_one_costs_a_compile():
    compile_seconds = get_settings().network.compile_seconds
    first, second = requests_of(FRESH), requests_of(OTHER)
    charged: set = set()
    alone = seconds_of(first, charged)
    assert alone < compile_seconds  # the export's one free compile
    assert seconds_of(second, charged) > compile_seconds  # a lesson's second model pays
    assert seconds_of(first, charged) < compile_seconds  # the same model is paid once


def test_a_model_trained_in_this_process_costs_no_compile():
    query = "data=moons&n=60&steps=5&hidden=4,6"
    (request,) = requests_of(query)
    charged = {"first compile"}  # no free compile left: a fresh model would pay
    assert seconds_of([request], set(charged)) > get_settings().network.compile_seconds
    networks.run(request)
    assert seconds_of([request], set(charged)) < get_settings().network.compile_seconds
