"""GET /api/code?view=networks&…: a Networks scene as a training script, and its refusals."""

import pytest

SCENE = "view=networks&n=40&steps=20&bs=8&hidden=4&opt=gd&hp=lr:0.2"


@pytest.mark.parametrize("framework", ["torch", "jax", "keras"])
def test_a_networks_link_gets_a_training_script(client, framework):
    response = client.get(f"/api/code?{SCENE}&framework={framework}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/x-python")
    text = response.text
    compile(text, "train.py", "exec")
    assert "STEPS = 20" in text and "BATCH = 8" in text and "ORDERS = [[" in text
    assert "Thalweg's network training" in text


def test_a_networks_scene_without_a_script_is_refused(client):
    response = client.get("/api/code?view=networks&act=mish&framework=torch")
    assert response.status_code == 422
    assert "activation 'mish'" in response.json()["detail"]
