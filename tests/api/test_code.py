"""GET /api/code in-process: a Python script of the scene, and clear refusals."""

import pytest

SCENE = "surface=himmelblau&start=1,1&steps=40&runs=adam:lr=0.05;lion:lr=0.01"


@pytest.mark.parametrize("framework", ["torch", "jax", "keras"])
def test_code_is_a_python_script_of_the_scene(client, framework):
    response = client.get(f"/api/code?{SCENE}&framework={framework}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/x-python")
    assert f'filename="thalweg_{framework}.py"' in response.headers["content-disposition"]
    text = response.text
    compile(text, "scene.py", "exec")
    assert "START = (1.0, 1.0)" in text and "STEPS = 40" in text
    assert "(x ** 2 + y - 11.0) ** 2" in text  # Himmelblau, written out


def test_code_refuses_bad_scenes_and_frameworks(client):
    bad = client.get("/api/code?surface=rosenbrock&runs=adam:lr=50&framework=jax")
    assert bad.status_code == 422 and "lr=50.0 outside" in bad.json()["detail"]
    assert client.get(f"/api/code?{SCENE}&framework=tensorflow").status_code == 422
