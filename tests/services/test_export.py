"""The exporter registry: a link's view picks its exporter; views without one are refused."""

import json
import re

import pytest
from thalweg.config import frontend_dir, get_settings
from thalweg.services.errors import UnprocessableError
from thalweg.services.export import EXPORTERS, export_html, filename, view_of


@pytest.mark.parametrize(
    "link",
    [
        "http://h/maps.html?n=32",
        "http://h/nowhere.html",
        "http://h/embed?view=nowhere",
    ],
)
def test_views_without_an_exporter_are_refused_not_turned_into_the_default_race(link):
    with pytest.raises(UnprocessableError) as refused:
        export_html(link, frontend_dir(get_settings()))
    assert refused.value.code == "export_view"
    assert refused.value.params["path"] in link
    assert "networks" in str(refused.value) and "race" in str(refused.value)


@pytest.mark.parametrize(
    ("link", "view", "query"),
    [
        ("surface=beale&steps=10", "race", "surface=beale&steps=10"),
        ("http://h/?surface=beale", "race", "surface=beale"),
        ("http://h/embed?surface=beale&runs=gd:lr=0.1", "race", "surface=beale&runs=gd:lr=0.1"),
        # the race's own view= is its zoom window, not a view's id
        ("http://h/embed?view=-2,2,-1,3&surface=beale", "race", "view=-2,2,-1,3&surface=beale"),
        ("http://h/networks.html?data=digits", "networks", "data=digits"),
        ("http://h/embed?view=networks&data=digits&lang=de", "networks", "data=digits&lang=de"),
        ("http://h/embed?view=generative&steps=300", "generative", "steps=300"),
        ("http://h/generative.html?mode=ae", "generative", "mode=ae"),
    ],
)
def test_the_links_path_names_the_view(link, view, query):
    assert view_of(link) == (view, query)


def test_the_registry_has_the_race_and_the_views_on_the_shell():
    assert {"race", "networks", "check", "graph", "generative"} <= set(EXPORTERS)
    assert filename("http://h/networks.html?data=digits") == "thalweg-networks.html"
    assert filename("surface=beale") == "thalweg-beale.html"


def test_a_networks_link_becomes_its_own_page_with_the_training_inside():
    html = export_html(
        "http://127.0.0.1:8000/networks.html?data=circles&steps=120&lang=de",
        frontend_dir(get_settings()),
    )
    payload = re.search(
        r'<script type="application/json" id="thalweg-offline">(.*?)</script>', html, re.S
    )
    data = json.loads(payload.group(1).replace("<\\/", "</"))
    assert data["query"] == "data=circles&steps=120&lang=de"
    [frames] = data["runs"]
    kinds = [f["type"] for f in frames]
    assert kinds[0] == "dataset" and kinds[-1] == "result" and "progress" in kinds
    assert frames[-1]["status"] != "diverged"
    assert len(frames[-1]["history"]["train_loss"]) == 121  # steps 0 … 120
    assert frames[-1]["landscape"]["path"], "the landscape's path is in the file"
    assert data["catalogs"]["networks"]["datasets"]
    imports = json.loads(re.search(r'<script type="importmap">(.*?)</script>', html, re.S).group(1))
    assert "@thalweg/js/networks/main.js" in imports["imports"]
    assert "replays" in imports["imports"]["@thalweg/js/networks/api.js"].replace("%0A", "\n")
    assert re.search(r'<body class="[^"]*\bis-offline\b', html)
    assert "<link rel=" not in html.split("</head>")[0].replace('rel="icon"', "")


def test_a_networks_export_above_the_budget_is_refused_with_its_cost():
    with pytest.raises(UnprocessableError) as refused:
        export_html(
            "http://h/networks.html?data=digits&n=1500&steps=2000&hidden=64,64",
            frontend_dir(get_settings()),
            limit=get_settings().export_budget_seconds,
        )
    assert refused.value.code == "work_budget"
    assert refused.value.params["seconds"] > refused.value.params["limit"]
    assert "budget" in str(refused.value)


def offline_data(html: str) -> dict:
    payload = re.search(
        r'<script type="application/json" id="thalweg-offline">(.*?)</script>', html, re.S
    )
    return json.loads(payload.group(1).replace("<\\/", "</"))


def test_a_gradient_check_link_holds_its_answer_at_its_point():
    html = export_html(
        "http://h/check.html?surface=beale&start=1,1.5", frontend_dir(get_settings())
    )
    data = offline_data(html)
    assert data["answer"]["point"] == [1, 1.5]
    assert len(data["answer"]["deltas"]) == len(data["answer"]["forward_error"]) > 10
    assert any(s["id"] == "beale" for s in data["catalogs"]["surfaces"])


def test_a_graph_link_holds_the_graph_of_its_expression():
    html = export_html(
        "http://h/embed?view=graph&f=x*y&pass=backward", frontend_dir(get_settings())
    )
    data = offline_data(html)
    assert data["query"] == "f=x*y&pass=backward"
    assert [n["label"] for n in data["answer"]["nodes"]] == ["x", "y", "×"]
    default = offline_data(export_html("http://h/graph.html", frontend_dir(get_settings())))
    assert len(default["answer"]["nodes"]) > 10, "the view's default f: Rosenbrock"
