"""Scene links read in Python as the page reads them (state.js); the browser
test tests/browser/test_export.py checks both readers agree on the same links."""

import pytest
from thalweg.services.scene_query import DEFAULT_RUNS, parse, query_of, raw_params


def test_an_empty_link_is_the_default_scene():
    scene = parse("")
    assert (scene.surface, scene.steps, scene.tolerance, scene.start) == (
        "rosenbrock",
        500,
        1e-8,
        None,
    )
    assert [(r.optimizer, r.hyperparameters) for r in scene.runs] == [
        (o, hp) for o, hp in DEFAULT_RUNS
    ]


def test_every_field_of_a_full_link():
    scene = parse(
        "http://127.0.0.1:8000/embed?surface=ill_conditioned&sp=kappa:20&start=1.5,-2"
        "&steps=300&tol=0.001&runs=adam:lr=0.05,beta1=0.8~fast%20Adam;gd&view=-1,1,-2,2"
        "&controls=lr,play"
    )
    assert scene.surface == "ill_conditioned" and scene.surface_params == {"kappa": 20.0}
    assert scene.start == (1.5, -2.0) and scene.steps == 300 and scene.tolerance == 0.001
    assert [(r.optimizer, r.hyperparameters, r.label) for r in scene.runs] == [
        ("adam", {"lr": 0.05, "beta1": 0.8}, "fast Adam"),
        ("gd", {}, ""),
    ]
    assert scene.view == {"x": (-1.0, 1.0), "y": (-2.0, 2.0)}


def test_a_custom_expression_with_its_domain():
    scene = parse("surface=custom&f=x%5E2%20%2B%203*y&domain=-1,2,-3,4")
    assert scene.surface_field() == {
        "expression": "x^2 + 3*y",
        "domain": {"x": (-1.0, 2.0), "y": (-3.0, 4.0)},
    }


@pytest.mark.parametrize(
    ("query", "field", "expected"),
    [
        ("steps=0", "steps", 500),  # below the row's minimum: the default
        ("steps=20000", "steps", 500),
        ("steps=1.5", "steps", 500),  # not an int
        ("tol=-1", "tolerance", 1e-8),
        ("start=1,2,3", "start", None),  # not a point
        ("start=1,nan", "start", None),
        ("view=1,0,0,1", "view", None),  # an empty rectangle
    ],
)
def test_values_that_do_not_parse_fall_back_to_their_default(query, field, expected):
    assert getattr(parse(query), field) == expected


def test_runs_without_a_valid_optimizer_id_leave_the_default_runs():
    assert [r.optimizer for r in parse("runs=;a-b:lr=1").runs] == [o for o, _ in DEFAULT_RUNS]


def test_percent_encoded_separators_are_read_too():
    """Some tools encode ':' ';' ',' '=' in links; the page reads those links anyway."""
    assert parse("runs=adam%3Alr%3D0.3%3Bgd").runs[0].hyperparameters == {"lr": 0.3}
    assert raw_params("f=a+b")["f"] == "a b"


def test_query_of_full_links_and_bare_queries():
    assert query_of("http://h:1/embed?a=1&b=2") == "a=1&b=2"
    assert query_of("?a=1") == "a=1"
    assert query_of("a=1") == "a=1"
