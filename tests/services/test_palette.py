"""The Python palette is read from the page's modules; node reads the same modules."""

import json
import shutil
import subprocess

import pytest
from thalweg.services.palette import palette, source_paths


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node to evaluate palette.js")
def test_palette_equals_what_the_page_imports():
    script = (
        f"const p = await import({json.dumps(source_paths()[0].as_uri())});"
        "console.log(JSON.stringify({run: p.RUN_COLORS, scale: p.LANDSCAPE_SCALE, ink: p.INK,"
        " contour: p.CONTOUR_LINE, arrow: p.FIELD_ARROW, danger: p.DANGER}));"
    )
    out = subprocess.run(
        ["node", "--input-type=module", "-e", script], capture_output=True, text=True, check=True
    )
    page = json.loads(out.stdout)
    colours = palette()
    assert list(colours.run_colors) == page["run"]
    assert [list(stop) for stop in colours.landscape_scale] == page["scale"]
    assert (colours.ink, colours.contour_line, colours.field_arrow, colours.danger) == (
        page["ink"], page["contour"], page["arrow"], page["danger"]
    )  # fmt: skip


def test_class_colours_come_from_the_networks_module():
    text = source_paths()[1].read_text()
    colours = palette().class_colors
    assert len(colours) >= 3 and all(f"'{c}'" in text for c in colours)


def test_map_colours_come_from_the_maps_module():
    text = source_paths()[2].read_text()
    colours = palette()
    assert set(colours.status_colors) == {"converged", "max_steps", "diverged"}
    for colour in [*colours.status_colors.values(), *colours.basin_colors.values()]:
        assert f"'{colour}'" in text
    assert colours.basin_colors[-1] == colours.status_colors["diverged"]


def test_digit_colours_come_from_the_autoencoder_module():
    text = source_paths()[3].read_text()
    colours = palette().digit_colors
    assert len(colours) == 10 and all(f"'{c}'" in text for c in colours)
