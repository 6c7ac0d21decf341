"""/embed?view=<id> serves a shell view's own page; GET /api/export?link= exports any view
with an exporter (docs/shell.md)."""

from urllib.parse import quote

import pytest


@pytest.mark.parametrize(
    ("view", "entry"),
    [
        ("networks", "js/networks/main.js"),
        ("check", "js/check/main.js"),
        ("graph", "js/graph/main.js"),
    ],
)
def test_an_embed_of_a_view_is_its_own_page_and_may_be_framed(client, view, entry):
    response = client.get(f"/embed?view={view}&lang=de")
    assert response.status_code == 200
    assert f'src="{entry}"' in response.text
    assert "frame-ancestors *" in response.headers["content-security-policy"]


@pytest.mark.parametrize("query", ["", "?view=race", "?view=-2,2,-1,3&surface=beale"])
def test_the_race_keeps_its_embed_page_and_its_zoom_window(client, query):
    response = client.get(f"/embed{query}")
    assert response.status_code == 200
    assert 'src="js/main.js"' in response.text


@pytest.mark.parametrize("view", ["nowhere", "index", "embed", "docs", "lessons"])
def test_an_unknown_view_is_not_found(client, view):
    assert client.get(f"/embed?view={view}").status_code == 404


def test_pages_of_views_cannot_be_framed_outside_embed(client):
    response = client.get("/networks.html")
    assert "frame-ancestors 'self'" in response.headers["content-security-policy"]


def test_export_takes_a_views_link(client):
    link = quote("http://127.0.0.1:8000/embed?view=networks&data=circles&steps=60", safe="")
    response = client.get(f"/api/export?link={link}")
    assert response.status_code == 200
    assert response.headers["content-disposition"] == (
        'attachment; filename="thalweg-networks.html"'
    )
    assert "data=circles&steps=60" in response.text


def test_export_refuses_a_view_without_an_exporter_by_name(client):
    link = quote("http://127.0.0.1:8000/lessons?lesson=gd", safe="")
    response = client.get(f"/api/export?link={link}")
    assert response.status_code == 422
    assert "lessons" in response.json()["detail"]
