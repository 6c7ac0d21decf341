"""GET /api/export of a Generative link in-process: the file, its name, the budget's 422."""


def test_a_generative_link_is_exported_with_its_training(client):
    response = client.get(
        "/api/export", params={"link": "/embed?view=generative&steps=100&controls=play"}
    )
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="thalweg-gan.html"'
    html = response.text
    assert '"query":"steps=100&controls=play"' in html and '"type":"result"' in html


def test_a_generative_link_over_the_budget_is_a_clear_422(client):
    response = client.get("/api/export", params={"link": "/generative.html?steps=5000"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "work_budget" and "budget" in str(body["detail"])
    assert body["params"]["seconds"] > body["params"]["limit"]
    assert client.get("/api/health").status_code == 200
