"""Networks scenes as code: the JAX training script reproduces Thalweg's training losses.

The torch and Keras scripts are checked outside the suite (torch is no dependency):
tests/reference/check_code_networks.py, its output in code_networks_check.txt.
"""

import ast

import numpy as np
import pytest
from thalweg.services import networks
from thalweg.services.code.network_query import request_of
from thalweg.services.code.networks import orders
from thalweg.services.code.views import script
from thalweg.services.errors import UnprocessableError

# Full batch (tanh, bce, Adam), mini-batches of 16 with a last short one (48 rows),
# and a three-class ReLU net with momentum and λ > 0 (cross-entropy + penalty).
SCENES = {
    "full_batch": "view=networks&n=60&steps=120&bs=all",
    "mini_batches": "view=networks&n=60&steps=40&bs=16&opt=gd&hp=lr:0.3",
    "multiclass": "view=networks&data=spirals&k=3&n=90&act=relu&hidden=24,24&opt=momentum"
    "&hp=lr:0.05&l2=0.001&bs=all&steps=80",
}


@pytest.mark.parametrize("name", SCENES)
def test_the_jax_script_reproduces_thalwegs_training_losses(run_script, name):
    printed = run_script(script(SCENES[name], "jax"))
    body = networks.run(request_of(SCENES[name]))
    thalweg = np.asarray(body["history"]["train_loss"], np.float64)
    losses = np.asarray(printed["train_loss"])
    assert printed["status"] == body["status"] == "completed"
    assert losses.shape == thalweg.shape == (body["steps_taken"] + 1,)
    np.testing.assert_allclose(losses, thalweg, rtol=1e-4)
    assert thalweg[-1] < 0.95 * thalweg[0]  # it trained: the comparison is not of a flat line


def test_the_script_embeds_thalwegs_batch_order_and_initial_weights():
    link = SCENES["mini_batches"]
    plan = networks.prepare(request_of(link))
    text = script(link, "torch")
    tree = ast.parse(text)
    constants = {
        node.targets[0].id: ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign) and node.targets[0].id in ("ORDERS", "WEIGHTS", "BATCH")
    }
    assert constants["BATCH"] == 16
    per_epoch = 3  # 48 training rows in batches of 16
    assert len(constants["ORDERS"]) == -(-40 // per_epoch) == len(orders(plan))
    for order in constants["ORDERS"]:
        assert sorted(order) == list(range(48))
    assert constants["ORDERS"][0] != constants["ORDERS"][1]  # reshuffled each epoch
    first = np.asarray(constants["WEIGHTS"][0][0], np.float32)
    assert first.shape == (2, 16)
    np.testing.assert_array_equal(first.ravel(), plan.theta0[:32])
    assert "class Net(nn.Module):" in text and "torch.optim.SGD(params, lr=0.3" in text
    assert "keras.Sequential(" in script(link, "keras")


def test_links_are_read_as_the_networks_page_reads_them():
    r = request_of("view=networks&n=5&bs=all&hp=lr:0.2,beta1:x&hidden=8,4&model=cnn&steps=99")
    assert r.dataset.samples == 200  # below the row's minimum: the default
    assert r.batch_size == "all" and r.optimizer.hyperparameters["lr"] == 0.2
    assert r.model.hidden == [8, 4] and r.model.kind == "mlp" and r.steps == 99
    assert r.landscape is None
    # Out of its slider's range, a rate is clamped as the page clamps it.
    assert request_of("view=networks&hp=lr:50").optimizer.hyperparameters["lr"] == 10


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ("view=networks&act=gelu", "no jax script yet for: activation 'gelu'"),
        ("view=networks&loss=hinge", "loss 'hinge'"),
        ("view=networks&model=neuron&opt=newton", "no counterpart of 'newton'"),
        ("view=networks&n=2000&bs=1000&steps=5000", "the batch order of 2500 epochs"),
    ],
)
def test_scenes_it_cannot_write_are_refused_with_a_reason(link, message):
    with pytest.raises(UnprocessableError, match=message):
        script(link, "jax")
