"""GET /api/code for the gradient-check and computation-graph views: scripts and clear 422s."""

import pytest

LINKS = {
    "check": "view=check&surface=beale&start=1,1.5&delta=1e-5",
    "graph": "view=graph&f=sin(x)*y%5E2&start=0.5,2&pass=backward",
}


@pytest.mark.parametrize("view", LINKS)
@pytest.mark.parametrize("framework", ["torch", "jax", "keras"])
def test_code_is_a_python_script_of_the_view(client, view, framework):
    response = client.get(f"/api/code?{LINKS[view]}&framework={framework}")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/x-python")
    text = response.text
    compile(text, f"{view}.py", "exec")
    expected = {"check": "POINT = (1.0, 1.5)", "graph": "POINT = (0.5, 2.0)"}[view]
    assert expected in text
    link = LINKS[view].removeprefix(f"view={view}&")
    assert f"/{view}.html?{link}\n" in text  # the scene's page, without framework=


@pytest.mark.parametrize(
    ("query", "detail"),
    [
        ("view=check&surface=nowhere", "surface: unknown surface 'nowhere'"),
        ("view=check&surface=custom&f=x%2B", "invalid syntax"),
        ("view=check&surface=rosenbrock&start=1e9,1", "point.0: Input should be less than"),
        ("view=graph&f=open(x)", "unknown function 'open'"),
        ("view=graph&f=" + "%2B".join(["x"] * 40), "the computation graph has 79 nodes"),
    ],
)
def test_bad_links_are_refused_with_what_is_wrong(client, query, detail):
    response = client.get(f"/api/code?{query}&framework=jax")
    assert response.status_code == 422
    assert detail in response.json()["detail"]
