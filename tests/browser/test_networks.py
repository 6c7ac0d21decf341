"""The Networks view: trains over the stream, draws data, curves and landscape, keeps the URL."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

TIMEOUT_MS = 90_000  # the first compile of a shape, on a shared 2-core machine


def open_view(page, server, query: str = "") -> None:
    page.goto(f"{server.url}/networks.html{'?' + query if query else ''}")
    wait_trained(page, "0")


def runs(page) -> str:
    return page.evaluate("() => document.body.dataset.runs")


def wait_trained(page, before: str) -> None:
    """Wait until a training round newer than `before` has finished and been drawn."""
    page.wait_for_function(
        """(b) => document.body.dataset.ready === '1' && document.body.dataset.runs !== b
                 && document.body.dataset.busy === '0'""",
        arg=before,
        timeout=TIMEOUT_MS,
    )
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")


def traces(page, plot_id: str) -> list[dict]:
    return page.evaluate(
        """(id) => (document.getElementById(id).data || []).map((t) => ({
             type: t.type, name: t.name || '', n: (t.x || []).length,
             x: t.type === 'scatter' ? t.x : null, y: t.type === 'scatter' ? t.y : null,
             z: t.z ? t.z.length : 0 }))""",
        plot_id,
    )


def loss_curve(page, index: int = 0) -> list[float]:
    return traces(page, "plot-loss")[index]["y"]


def set_batch(page, selector: str, index: int) -> None:
    page.evaluate(
        """([sel, i]) => { const s = document.querySelector(sel); s.value = String(i);
                          s.dispatchEvent(new Event('input', { bubbles: true })); }""",
        [selector, index],
    )


def test_view_trains_and_draws_without_errors(page, app_server):
    open_view(page, app_server)
    data = traces(page, "plot-data")
    kinds = [t["type"] for t in data]
    assert kinds[0] == "contour" and data[0]["z"] == 41  # the probability map
    assert any(t["name"] == "boundary" for t in data)
    scatters = [t for t in data if t["type"] == "scatter"]
    assert [t["n"] for t in scatters] == [160, 40]  # train and test, 20 % held out

    loss = traces(page, "plot-loss")
    assert len(loss) == 2 and loss[0]["n"] == 501  # steps 0..500
    assert loss[0]["y"][-1] < 0.5 * loss[0]["y"][0]
    accuracy = traces(page, "plot-metric")[0]["y"]
    assert accuracy[-1] > 0.9

    landscape = traces(page, "plot-land-a")
    assert landscape[0]["type"] == "contour" and landscape[0]["z"] == 41
    path = landscape[1]
    assert path["n"] > 100  # the projected trajectory
    assert abs(path["x"][-1]) < 1e-3 and abs(path["y"][-1]) < 1e-3  # PCA plane centred on θ_final
    assert len(traces(page, "plot-interp")) == 2
    assert page.is_hidden("#plot-land-b")
    assert page.is_hidden("#nw-error")
    assert page.recorder.console_errors == [] and page.recorder.page_errors == []
    assert page.recorder.off_loopback() == []


def test_optimizer_and_batch_size_retrain(page, app_server):
    open_view(page, app_server)
    first = loss_curve(page)

    before = runs(page)
    page.select_option("#nw-optimizer", "gd")
    wait_trained(page, before)
    gd = loss_curve(page)
    assert gd != first
    assert "opt=gd" in page.url

    before = runs(page)
    set_batch(page, "#nw-batch", 9)  # "all": full-batch gradient descent
    wait_trained(page, before)
    full = loss_curve(page)
    assert full != gd
    assert "bs=all" in page.url
    assert page.text_content(".nw-batch-value") == "all"
    assert page.recorder.page_errors == []


def test_compare_draws_two_runs_and_two_landscapes(page, app_server):
    open_view(page, app_server, "cmp=1")
    names = [t["name"] for t in traces(page, "plot-loss")]
    assert names == ["A · train", "A · test", "B · train", "B · test"]
    assert page.is_visible("#plot-land-b")  # PCA planes differ: side by side
    assert traces(page, "plot-land-b")[0]["type"] == "contour"
    a, b = loss_curve(page, 0), loss_curve(page, 2)
    assert a != b


def test_exact_landscape_shares_the_plane_and_shows_the_optimum(page, app_server):
    open_view(
        page,
        app_server,
        "data=regression_linear&model=linear&dir=exact&opt=gd&hp=lr:0.1&bs=all&cmp=1&opt2=adam&hp2=lr:0.05&bs2=8",
    )
    landscape = traces(page, "plot-land-a")
    names = [t["name"] for t in landscape]
    assert "Run A" in names and "Run B" in names and "optimum" in names
    assert page.is_hidden("#plot-land-b")
    data = traces(page, "plot-data")
    assert data[0]["name"] == "prediction" and data[0]["n"] == 201  # the fitted line


def test_bad_configuration_is_clamped_or_shown(page, app_server):
    # A link's out-of-range rate is clamped to the slider's range and said so; the run trains.
    open_view(page, app_server, "hp=lr:100")
    assert page.is_visible("#nw-error")
    assert "= 100, outside [1e−6, 10]: set to 10" in page.text_content("#nw-error")
    assert len(traces(page, "plot-data")) > 0, "the plots are drawn, not blank"
    open_view(page, app_server, "hp=lr:100&lang=de")
    assert "= 100, außerhalb von [1e−6, 10]: auf 10 gesetzt" in page.text_content("#nw-error")

    before = runs(page)
    page.goto(
        f"{app_server.url}/networks.html?data=regression_linear&model=linear&dir=exact&opt=gd&hp=lr:10&bs=all"
    )
    wait_trained(page, "0")
    assert "diverged at step" in page.text_content("#nw-error")
    del before


def test_url_round_trips_the_scene(page, app_server, new_page):
    open_view(page, app_server)
    before = runs(page)
    page.select_option("#nw-dataset", "circles")
    wait_trained(page, before)
    before = runs(page)
    page.click("#nw-add-layer")
    wait_trained(page, before)
    before = runs(page)
    page.select_option("#nw-activation", "relu")
    wait_trained(page, before)
    before = runs(page)
    page.check("#nw-compare")
    wait_trained(page, before)
    before = runs(page)
    page.select_option("#nw-optimizer2", "rmsprop")
    wait_trained(page, before)
    url = page.url
    assert (
        "data=circles" in url
        and "hidden=16,16,16" in url
        and "act=relu" in url
        and "opt2=rmsprop" in url
    )

    read = """() => ({
        dataset: document.getElementById('nw-dataset').value,
        activation: document.getElementById('nw-activation').value,
        layers: document.querySelectorAll('.nw-layer').length,
        compare: document.getElementById('nw-compare').checked,
        optimizer2: document.getElementById('nw-optimizer2').value,
        loss: document.getElementById('plot-loss').data.length })"""
    shown = page.evaluate(read)
    other = new_page()
    other.goto(url)
    wait_trained(other, "0")
    assert other.evaluate(read) == shown
    assert shown == {
        "dataset": "circles",
        "activation": "relu",
        "layers": 3,
        "compare": True,
        "optimizer2": "rmsprop",
        "loss": 4,
    }


def test_german_labels(page, app_server):
    open_view(page, app_server, "lang=de")
    assert page.text_content("#nw-train") == "Trainieren"
    assert page.text_content("#nw-data-section .panel-title") == "Datensatz"
    assert page.text_content("#nav-race") == "Wettlauf"
    assert page.text_content("#nav-networks") == "Netze"
    assert page.evaluate("() => document.documentElement.lang") == "de"
    assert [t["name"] for t in traces(page, "plot-loss")] == ["Training", "Test"]
    assert page.text_content("#nw-data-section .hint") == "zwei ineinandergreifende Halbkreise"
    assert page.locator("#nw-dataset option:checked").text_content() == "Halbmonde"
    untranslated = page.evaluate(
        """async () => {
          const { DE } = await import('/js/networks/strings.js');
          const catalog = await (await fetch('/api/networks/catalog')).json();
          const shown = [
            ...catalog.datasets.flatMap((d) => [d.title, d.description]),
            ...catalog.losses.map((l) => l.title),
            ...catalog.activations.filter((a) => a.alpha).map((a) => a.alpha.description),
          ];
          return shown.filter((text) => !(`catalog:${text}` in DE));
        }"""
    )
    assert untranslated == [], "descriptions the view shows without German"
    page.click(".lang-btn[data-lang='en']")
    wait_trained(page, "0")
    assert page.text_content("#nw-train") == "Train"


def test_race_page_links_to_networks(page, app_server):
    page.goto(app_server.url)
    page.click("#nav-networks")
    wait_trained(page, "0")
    assert page.url.endswith("/networks.html")


def test_curves_and_boundary_update_while_streaming(page, app_server):
    open_view(page, app_server)
    before = runs(page)
    # Record, every frame, how many points the loss curve has while training streams.
    page.evaluate(
        """() => { window.seen = [];
                   const tick = () => {
                     const gd = document.getElementById('plot-loss');
                     const bar = parseFloat(document.getElementById('nw-progress-bar').style.width);
                     if (document.body.dataset.busy === '1' && gd.data) {
                       window.seen.push([gd.data[0].x.length, bar]);
                     }
                     requestAnimationFrame(tick);
                   };
                   tick(); }"""
    )
    page.fill("[data-param='steps'] input[type=number]", "3000")
    page.dispatch_event("[data-param='steps'] input[type=number]", "change")
    wait_trained(page, before)
    seen = page.evaluate("() => window.seen")
    partial = [(n, bar) for n, bar in seen if 501 < n < 3001]
    assert partial, "no progress frame was drawn before the result"
    assert all(0 < bar < 100 for _, bar in partial)
    assert traces(page, "plot-loss")[0]["n"] == 3001
    assert "steps=3000" in page.url


def test_digits_show_images_and_multiclass_spirals_pick_a_fitting_loss(page, app_server):
    open_view(page, app_server, "data=digits&hidden=32")
    assert [t["name"] for t in traces(page, "plot-data")] == ["digits"]
    assert page.evaluate("() => document.getElementById('nw-loss').value") == "cross_entropy"
    assert traces(page, "plot-metric")[0]["y"][-1] > 0.9

    before = runs(page)
    page.goto(f"{app_server.url}/networks.html?data=spirals&k=3&steps=100")
    wait_trained(page, "0")
    del before
    assert page.evaluate("() => document.getElementById('nw-loss').value") == "cross_entropy"
    assert page.is_hidden("#nw-error")
    assert traces(page, "plot-data")[0]["type"] == "heatmap"  # predicted class per cell
