"""GET /api/code?view=maps&…: a stability or basin map as a script, and its refusals."""

import pytest

STABILITY = "view=maps&n=12&opt=gd&x=lr:0.02:1:log&y=weight_decay:0:1:linear&steps=80"
BASINS = "view=maps&map=basins&res=20&bsurface=himmelblau&bopt=momentum&bhp=lr:0.002"


@pytest.mark.parametrize("framework", ["torch", "jax", "keras"])
@pytest.mark.parametrize("link", [STABILITY, BASINS])
def test_a_maps_link_gets_a_script_of_its_map(client, link, framework):
    response = client.get(f"/api/code?{link}&framework={framework}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/x-python")
    assert f'filename="thalweg_{framework}.py"' in response.headers["content-disposition"]
    text = response.text
    compile(text, "map.py", "exec")
    # the map's own link, less view= and the framework the request asked for
    assert f"    /maps.html?{link.removeprefix('view=maps&')}\n" in text
    assert "STEPS = 80" in text if link == STABILITY else "STEPS = 200" in text
    if link == STABILITY:
        assert "X_AXIS = ('lr', 0.02, 1.0, 12, 'log')" in text
        assert "Y_AXIS = ('weight_decay', 0.0, 1.0, 12, 'linear')" in text
        assert "0.5 * (x ** 2 + 10.0 * y ** 2)" in text  # the bowl, κ = 10, written out
    else:
        assert "RESOLUTION = 20" in text and "def label_ends(" in text
        assert "(x ** 2 + y - 11.0) ** 2" in text  # Himmelblau


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ("view=maps&hp=momentum:2&x=lr:0.01:1:log&y=dampening:0:0.5:linear", "momentum=2.0"),
        ("view=maps&y=nope:0:1:linear", "unknown hyperparameter 'nope' for momentum"),
        ("view=maps&map=basins&bhp=lr:50", "lr=50.0 outside"),
        ("view=maps&opt=rmsprop&y=centered:0:1:linear", "cannot be a map axis"),
    ],
)
def test_bad_maps_links_are_422_with_the_reason(client, link, message):
    response = client.get(f"/api/code?{link}&framework=jax")
    assert response.status_code == 422
    assert message in response.json()["detail"]


def test_a_map_whose_optimizer_the_framework_lacks_is_refused(client):
    link = "view=maps&map=basins&bopt=lion&bhp=lr:0.001"
    response = client.get(f"/api/code?{link}&framework=torch")
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail == "torch.optim has no counterpart of 'lion': no torch script of this map"
    assert client.get(f"/api/code?{link}&framework=jax").status_code == 200
