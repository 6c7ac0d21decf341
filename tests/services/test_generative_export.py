"""The Generative view's offline export: a link's state read as state.js reads it,
its training (the GAN's, or the autoencoder's) recorded frame by frame, the
work budget checked before anything runs, and the file's name."""

import json
import re

import pytest
from thalweg.config import frontend_dir, get_settings
from thalweg.services import gan_catalog
from thalweg.services.errors import UnprocessableError
from thalweg.services.export import export_html, filename
from thalweg.services.generative_export import SNAPSHOT_SECONDS, payload, request_of, seconds_of
from thalweg.services.generative_query import fit, gan_body, read, read_points
from thalweg.services.networks_export import FIRST_COMPILE


def test_a_link_is_read_as_state_js_reads_it():
    state = read("?steps=300&n=5&gh=64,0&loss=nope&train=x&modes=9&at=12&ghp=lr:0.01")
    assert (state["steps"], state["samples"], state["gHidden"]) == (300, 300, [64, 0])
    assert (state["players"], state["modes"], state["snapshot"]) == ("both", 9, 12)
    assert state["gHp"] == {"lr": 0.01} and state["dHp"] == {"lr": 0.001, "beta1": 0.5}
    fitted = fit({**state, "data": "nowhere", "gOpt": "nope"}, gan_catalog.catalog())
    assert fitted["loss"] == "non_saturating" and fitted["data"] == "ring"
    assert fitted["gHidden"] == [64, 32], "a zero width is the default width"
    assert fitted["gOpt"] == "adam" and fitted["gHp"] == {"lr": 0.01}


def test_custom_points_are_kept_only_when_finite_and_inside_the_bounds():
    assert read_points("1:2,x:3,200:1,-1.5:0.25,inf:1,4") == [[1.0, 2.0], [-1.5, 0.25]]
    assert read_points("") == []


def test_the_snapshot_interval_widens_to_the_servers_snapshot_limits():
    table = gan_catalog.catalog()
    body = gan_body(fit(read("n=1000&steps=5000&every=25"), table), table)
    shots = -(-5000 // body["every"]) + 1
    assert body["every"] % table["chunk"] == 0
    assert shots * 1000 <= table["limits"]["max_snapshot_points"]
    assert shots + 1 > table["limits"]["max_snapshot_points"] // 1000, "no wider than needed"


def test_a_gan_link_records_the_frames_the_socket_sends():
    data = payload("steps=200&every=50&seed=3", limit=get_settings().export_budget_seconds)
    frames = data["frames"]
    assert data["mode"] == "gan" and data["body"]["steps"] == 200 and data["body"]["seed"] == 3
    kinds = [f["type"] for f in frames]
    assert kinds[0] == "data" and kinds[-1] == "result" and set(kinds[1:-1]) == {"progress"}
    assert [f["step"] for f in frames[1:-1]][:8] == list(range(25, 201, 25))
    shots = [f["snapshot"] for f in frames if "snapshot" in f]
    assert [s["step"] for s in shots] == [0, 50, 100, 150, 200]
    assert len(shots[-1]["fake"]) == 300
    assert sum(len(f["d_loss"]) for f in frames if f["type"] == "progress") == 200
    assert frames[-1]["status"] == "completed" and frames[-1]["steps_taken"] == 200
    assert {"gan", "optimizers", "networks"} <= set(data["catalogs"])


def test_an_autoencoder_link_records_the_autoencoders_run():
    data = payload("mode=ae&aesteps=100&aeh=16")
    frames = data["frames"]
    assert data["mode"] == "ae" and data["body"]["hidden"] == [16]
    kinds = [f["type"] for f in frames]
    assert kinds[0] == "data" and kinds[-1] == "result" and set(kinds[1:-1]) == {"progress"}
    assert [f["snapshot"]["step"] for f in frames if "snapshot" in f] == [0, 100]
    assert frames[-1]["status"] == "completed"


def test_a_link_over_the_budget_is_refused_before_it_trains():
    limit = get_settings().export_budget_seconds
    with pytest.raises(UnprocessableError) as refused:
        export_html(
            "http://h/generative.html?steps=5000", frontend_dir(get_settings()), limit=limit
        )
    assert refused.value.code == "work_budget"
    assert refused.value.params["seconds"] > limit
    assert "steps" in str(refused.value)
    with pytest.raises(UnprocessableError) as invalid:
        payload("mode=ae&aesteps=5000&aebs=1024&aeh=64,64")
    assert "reduce steps" in str(invalid.value)


def test_the_cost_counts_work_snapshots_and_a_compile_beyond_the_first():
    settings = get_settings()
    _, _, short = request_of("steps=200")
    _, _, long = request_of("steps=400")
    assert seconds_of(long) > seconds_of(short) > 0
    shots = (200 // 50 + 1) * 300 / settings.gan.max_snapshot_points * SNAPSHOT_SECONDS
    training = short.work() / settings.gan.max_work * settings.work_budget_seconds
    assert seconds_of(short) == pytest.approx(shots + training)
    charged = {FIRST_COMPILE}
    assert seconds_of(short, charged) == pytest.approx(
        shots + training + settings.network.compile_seconds
    )
    assert seconds_of(short, charged) == pytest.approx(shots + training), "compiled once"


def test_the_file_is_the_views_page_with_its_offline_api_and_name():
    link = "http://127.0.0.1:8000/generative.html?steps=100&lang=de"
    html = export_html(link, frontend_dir(get_settings()))
    found = re.search(
        r'<script type="application/json" id="thalweg-offline">(.*?)</script>', html, re.S
    )
    data = json.loads(found.group(1).replace("<\\/", "</"))
    assert data["query"] == "steps=100&lang=de" and data["frames"][-1]["type"] == "result"
    imports = json.loads(re.search(r'<script type="importmap">(.*?)</script>', html, re.S).group(1))
    api = imports["imports"]["@thalweg/js/views/generative/api.js"].replace("%0A", "\n")
    assert "replays" in api
    assert filename(link) == "thalweg-gan.html"
    assert filename("http://h/embed?view=generative&mode=ae") == "thalweg-autoencoder.html"
