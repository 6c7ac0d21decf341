"""GET /api/code?view=generative&…: the GAN's and the autoencoder's training scripts."""

import pytest


@pytest.mark.parametrize("framework", ["torch", "jax", "keras"])
def test_a_gan_link_gets_a_training_script(client, framework):
    response = client.get(f"/api/code?view=generative&steps=30&bs=16&framework={framework}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/x-python")
    text = response.text
    compile(text, "train.py", "exec")
    assert "STEPS = 30" in text and "BATCH = 16" in text and "Thalweg's GAN training" in text
    assert ("DRAWS = [" in text) == (framework != "jax")


def test_the_autoencoder_tab_gets_its_own_script(client):
    response = client.get("/api/code?view=generative&mode=ae&aesteps=50&framework=torch")
    assert response.status_code == 200
    compile(response.text, "train.py", "exec")
    assert "class Autoencoder(nn.Module):" in response.text and "STEPS = 50" in response.text


def test_a_generative_scene_without_a_script_is_refused(client):
    response = client.get("/api/code?view=generative&dact=mish&steps=10&framework=jax")
    assert response.status_code == 422
    assert "the discriminator's activation 'mish'" in response.json()["detail"]
