"""GET /api/export in-process: the offline file, its name, and clear refusals."""

import pytest

SCENE = "surface=himmelblau&steps=60&runs=adam:lr=0.05;gd:lr=0.01"


def test_export_is_an_html_attachment_holding_the_scene(client):
    response = client.get(f"/api/export?{SCENE}&positions=4")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["content-disposition"] == (
        'attachment; filename="thalweg-himmelblau.html"'
    )
    html = response.text
    assert 'id="thalweg-offline"' in html and "surface=himmelblau" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("runs=adam:lr=50", "lr"),  # above the catalog's maximum
        ("runs=nope", "nope"),  # unknown optimizer: the valid ones are named
        ("surface=nowhere", "nowhere"),
        ("surface=custom&f=__import__('os')", "expression"),
        ("steps=10000&runs=gd;gd;gd;gd&positions=64", "at most"),  # too many points
    ],
)
def test_bad_scenes_get_a_422_that_says_why(client, query, message):
    response = client.get(f"/api/export?{query}")
    assert response.status_code == 422
    assert message in str(response.json()["detail"])
    assert client.get("/api/health").status_code == 200


@pytest.mark.parametrize("positions", [0, 65, "x"])
def test_positions_are_bounded(client, positions):
    assert client.get(f"/api/export?positions={positions}").status_code == 422


LESSON = "/lessons?lesson=learning-rate&lang=de"


def test_a_lesson_link_gives_the_whole_lesson_as_one_file(client):
    response = client.get("/api/export", params={"link": LESSON})
    assert response.status_code == 200
    assert response.headers["content-disposition"] == (
        'attachment; filename="thalweg-lesson-learning-rate.html"'
    )
    html = response.text
    assert '"query":"lesson=learning-rate&lang=de"' in html
    assert html.count("In der steilen Richtung genau richtig") == 1  # a scene's German title


def test_a_lesson_over_the_export_budget_or_unknown_is_a_clear_422(client, setting):
    unknown = client.get("/api/export", params={"link": "/lessons?lesson=nowhere"})
    assert unknown.status_code == 422 and "nowhere" in str(unknown.json()["detail"])
    setting("export_budget_seconds", 0.01)
    refused = client.get("/api/export", params={"link": "/lessons?lesson=gan"})
    assert refused.status_code == 422
    assert "budget of 0.01 s" in str(refused.json()["detail"])
