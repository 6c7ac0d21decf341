"""thalweg.gan and thalweg.autoencoder: the REST API's training runs, bit for bit, and figures."""

import numpy as np
import pytest
import thalweg

GAN = {"data": {"name": "ring", "samples": 120}, "steps": 100, "every": 50, "batch_size": 64}
AE = {"hidden": [16], "steps": 100, "every": 50}


def _array(values) -> np.ndarray:
    return np.asarray([np.nan if v is None else v for v in values], np.float32)


def _points(rows) -> np.ndarray:
    """Points as the REST API sends them: float32."""
    return np.asarray(rows, np.float32)


def test_gan_equals_the_rest_api(client):
    rest = client.post("/api/gan/run", json=GAN).json()
    result = thalweg.gan(**GAN)
    assert (result.status, result.steps_taken) == (rest["status"], rest["steps_taken"])
    for name in ("d_loss", "g_loss"):
        assert np.array_equal(_array(result.history[name]), _array(rest["history"][name]), True)
    assert [s["step"] for s in result.snapshots] == [0, 50, 100]
    for mine, theirs in zip(result.snapshots, rest["snapshots"], strict=True):
        np.testing.assert_array_equal(_points(mine["fake"]), _points(theirs["fake"]))
    np.testing.assert_array_equal(result.real, _points(rest["real"]))


def test_gan_figures_show_data_samples_and_discriminator():
    result = thalweg.gan(**GAN)
    traces = result.figure().to_dict()["data"]
    assert [t["type"] for t in traces[:3]] == ["heatmap", "scatter", "scatter"]
    assert [t.get("name") for t in traces[1:3]] == ["real", "generated"]
    assert len(result.figure().data[2].x) == len(result.snapshots[-1]["fake"])
    assert any(t.get("name") == "G(z) manifold" for t in traces[3:])
    first = result.figure(0).to_dict()["layout"]["title"]["text"]
    assert first == "iteration 0"
    curves = result.curves().to_dict()["data"]
    assert [t["name"] for t in curves] == ["d_loss", "g_loss", "energy distance"]


def test_autoencoder_equals_the_rest_api_and_colours_each_digit(client):
    rest = client.post("/api/autoencoder/run", json=AE).json()
    result = thalweg.autoencoder(**AE)
    assert np.array_equal(result.batch_loss, _array(rest["batch_loss"]), True)
    np.testing.assert_array_equal(result.labels, rest["labels"])
    codes = _points(result.snapshots[-1]["latent"])
    np.testing.assert_array_equal(codes, _points(rest["snapshots"][-1]["latent"]))
    traces = result.figure().data
    assert [t.name for t in traces] == [str(d) for d in range(10)]
    assert sum(len(t.x) for t in traces) == len(result.labels)
    assert len({t.marker.color for t in traces}) == 10


def test_bad_generative_arguments_raise_the_rest_apis_message():
    with pytest.raises(thalweg.ThalwegError, match="k_discriminator"):
        thalweg.gan(k_discriminator=0, k_generator=0)
    with pytest.raises(thalweg.ThalwegError, match="Extra inputs"):
        thalweg.autoencoder(unknown=1)
