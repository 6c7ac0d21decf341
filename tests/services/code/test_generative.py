"""Generative scenes as code: the JAX scripts reproduce Thalweg's GAN and autoencoder
losses; the torch and Keras scripts embed Thalweg's first batches.

The torch and Keras scripts are run outside the suite (torch is no dependency):
tests/reference/check_code_generative.py, its output in code_generative_check.txt.
"""

import ast

import numpy as np
import pytest
from thalweg.services import autoencoder, gan
from thalweg.services.code.autoencoder import embedded_steps
from thalweg.services.code.gan import embedded_iterations
from thalweg.services.code.views import script
from thalweg.services.errors import UnprocessableError
from thalweg.services.generative_export import request_of

# Two players of different activations with the minimax loss; least squares with
# the gradient penalty, k_D = 2 and SGD for D; Wasserstein with R1 and k_G = 2;
# D trained alone (no G step: its losses are null in both).
GAN_SCENES = {
    "minimax": "view=generative&gact=tanh&loss=minimax&steps=60&n=100&bs=64",
    "lsgan_gp": "view=generative&data=two_gaussians&loss=least_squares&pen=gp&pw=1&kd=2"
    "&dopt=gd&dhp=lr:0.01&steps=40&n=100&bs=32",
    "wgan_r1": "view=generative&data=moons&loss=wasserstein&pen=r1&pw=0.5&kg=2&z=3"
    "&gh=16&dh=16,16&steps=40&n=80&bs=24",
    "d_only": "view=generative&train=d&steps=30&n=50&bs=16",
}
AE_SCENE = "view=generative&mode=ae&aesteps=150&aebs=32&aeh=16&aeseed=3"


def _losses(values) -> np.ndarray:
    return np.asarray([np.nan if v is None else v for v in values], np.float64)


def _constants(text: str, *names: str) -> dict:
    tree = ast.parse(text)
    return {
        node.targets[0].id: ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign)
        and isinstance(node.targets[0], ast.Name)
        and node.targets[0].id in names
    }


def _mlp(weights, x, activation):
    for w, b in weights[:-1]:
        x = activation(x @ np.asarray(w) + np.asarray(b))
    w, b = weights[-1]
    return x @ np.asarray(w) + np.asarray(b)


@pytest.mark.parametrize("name", GAN_SCENES)
def test_the_jax_gan_script_reproduces_thalwegs_losses(run_script, name):
    link = GAN_SCENES[name]
    printed = run_script(script(link, "jax"))
    body = gan.run(request_of(link.removeprefix("view=generative&"))[2])
    steps = body["steps_taken"]
    assert printed["status"] == body["status"] == "completed"
    for key in ("d_loss", "g_loss"):
        losses, thalweg = _losses(printed[key]), _losses(body["history"][key])
        assert losses.shape == thalweg.shape == (steps,)
        np.testing.assert_allclose(losses, thalweg, rtol=1e-4)
    fakes = np.asarray(printed["fake"])
    np.testing.assert_allclose(fakes, body["snapshots"][-1]["fake"][: len(fakes)], atol=1e-4)
    if name == "d_only":
        assert np.all(np.isnan(_losses(printed["g_loss"])))
    else:  # the losses moved: the comparison is not of two constants
        assert np.ptp(_losses(body["history"]["d_loss"])) > 1e-3


def test_the_torch_gan_script_embeds_thalwegs_first_batches():
    """Thalweg's L_D of iteration 0 from the script's own constants: its weights, its
    real points and the embedded rows and noise of D's first step (k_D = 1)."""
    link = GAN_SCENES["minimax"]
    request = request_of(link.removeprefix("view=generative&"))[2]
    text = script(link, "torch")
    c = _constants(text, "REAL", "G_WEIGHTS", "D_WEIGHTS", "DRAWS", "BATCH", "K_D", "K_G")
    assert (c["BATCH"], c["K_D"], c["K_G"]) == (64, 1, 1)
    assert len(c["DRAWS"]) == embedded_iterations(request) == 60  # all of them fit
    (d_step,), (g_z,) = c["DRAWS"][0]
    rows, z, eps = d_step
    assert eps is None  # no gradient penalty: no ε
    assert len(rows) == 64 and np.asarray(z).shape == np.asarray(g_z).shape == (64, 2)
    real = np.asarray(c["REAL"], np.float32)[rows]
    fake = _mlp(c["G_WEIGHTS"], np.asarray(z, np.float32), np.tanh)
    relu = lambda h: np.maximum(h, 0)  # noqa: E731
    s_real, s_fake = _mlp(c["D_WEIGHTS"], real, relu)[:, 0], _mlp(c["D_WEIGHTS"], fake, relu)[:, 0]
    loss = np.mean(np.logaddexp(0, -s_real)) + np.mean(np.logaddexp(0, s_fake))
    first = gan.run(request)["history"]["d_loss"][0]
    np.testing.assert_allclose(loss, first, rtol=1e-5)
    assert "class Generator(nn.Module):" in text and "nn.Tanh()" in text


def test_the_penalised_scripts_hold_the_penalty_and_both_players_optimizers():
    link = GAN_SCENES["lsgan_gp"]
    text = script(link, "torch")
    (d_steps, g_steps), *_ = _constants(text, "DRAWS")["DRAWS"]
    assert len(d_steps) == 2 and len(g_steps) == 1
    eps = np.asarray(d_steps[0][2])
    assert eps.shape == (32,) and eps.min() >= 0 and eps.max() < 1
    assert "def penalty(D, real, fake, eps):" in text
    assert "torch.optim.SGD(params, lr=0.01" in text and "torch.optim.Adam(params" in text
    keras = script(link, "keras")
    assert "keras.Sequential(" in keras and "keras.optimizers.SGD(learning_rate=0.01" in keras
    assert "optax.sgd(0.01)" in script(link, "jax")


def test_a_long_gan_run_embeds_its_first_iterations_and_says_so():
    link = "view=generative&steps=2000"
    request = request_of(link.removeprefix("view=generative&"))[2]
    count = embedded_iterations(request)
    assert 1 <= count < 2000
    text = script(link, "torch")
    assert len(_constants(text, "DRAWS")["DRAWS"]) == count
    assert f"The first {count} iterations use Thalweg's batches" in text
    assert "DRAWS" not in script(link, "jax")


def test_the_jax_autoencoder_script_reproduces_thalwegs_losses(run_script):
    printed = run_script(script(AE_SCENE, "jax"))
    body = autoencoder.run(request_of(AE_SCENE.removeprefix("view=generative&"))[2])
    thalweg = np.asarray(body["batch_loss"], np.float64)
    assert printed["status"] == body["status"] == "completed"
    assert len(printed["batch_loss"]) == len(thalweg) == 150
    np.testing.assert_allclose(printed["batch_loss"], thalweg, rtol=1e-4)
    assert thalweg[-1] < 0.8 * thalweg[0]  # it trained
    final = body["snapshots"][-1]["train_loss"]
    np.testing.assert_allclose(printed["train_loss"], final, rtol=1e-4)


def test_the_torch_autoencoder_script_embeds_thalwegs_first_batch():
    """Thalweg's first batch loss from the script's constants and the digits' rows."""
    from sklearn.datasets import load_digits

    request = request_of(AE_SCENE.removeprefix("view=generative&"))[2]
    text = script(AE_SCENE, "torch")
    c = _constants(text, "ROWS", "E_WEIGHTS", "D_WEIGHTS", "BATCHES", "BATCH")
    assert len(c["BATCHES"]) == embedded_steps(request) == 150
    x = np.asarray(load_digits().data[c["ROWS"]] / 16.0, np.float32)[c["BATCHES"][0]]
    assert x.shape == (32, 64)
    code = _mlp(c["E_WEIGHTS"], x, np.tanh)
    x_hat = 1 / (1 + np.exp(-_mlp(c["D_WEIGHTS"], code, np.tanh)))
    first = autoencoder.run(request)["batch_loss"][0]
    np.testing.assert_allclose(np.mean((x_hat - x) ** 2), first, rtol=1e-5)
    assert "class Autoencoder(nn.Module):" in text and "nn.functional.mse_loss" in text
    assert 'keras.layers.Activation("sigmoid")' in script(AE_SCENE, "keras")


@pytest.mark.parametrize(
    ("link", "framework", "message"),
    [
        ("view=generative&gact=gelu&steps=10", "jax", "the generator's activation 'gelu'"),
        ("view=generative&dhp=lr:0.001,noise:0.1&steps=10", "jax", "gradient noise"),
        ("view=generative&dopt=lion&steps=10", "torch", "torch.optim has no counterpart of 'lion'"),
        ("view=generative&mode=ae&aeact=mish&aesteps=25", "keras", "activation 'mish'"),
    ],
)
def test_scenes_it_cannot_write_are_refused_with_a_reason(link, framework, message):
    with pytest.raises(UnprocessableError, match=message):
        script(link, framework)
