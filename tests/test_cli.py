"""The command line: thalweg serve's options and defaults; thalweg export."""

import subprocess
import sys

import pytest
from thalweg.cli import main, parser


def test_serve_defaults_to_loopback():
    args = parser().parse_args(["serve"])
    assert (args.host, args.port, args.workers, args.open) == ("127.0.0.1", 8000, 1, False)


def test_serve_options():
    args = parser().parse_args(
        ["serve", "--host", "0.0.0.0", "--port", "9000", "--workers", "3", "--open"]
    )
    assert (args.host, args.port, args.workers, args.open) == ("0.0.0.0", 9000, 3, True)


def test_a_command_is_required():
    with pytest.raises(SystemExit):
        parser().parse_args([])


def test_module_entry_point_prints_help():
    result = subprocess.run(
        [sys.executable, "-m", "thalweg", "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0 and "serve" in result.stdout


def test_export_writes_one_offline_file(tmp_path, capsys):
    output = tmp_path / "scene.html"
    main(["export", "http://127.0.0.1:8000/?surface=himmelblau&steps=40", "-o", str(output)])
    html = output.read_text(encoding="utf-8")
    assert 'id="thalweg-offline"' in html and "surface=himmelblau" in html
    assert f"wrote {output}" in capsys.readouterr().out


def test_export_of_a_bad_scene_exits_with_the_reason(tmp_path):
    with pytest.raises(SystemExit) as exit_:
        main(["export", "runs=adam:lr=50", "-o", str(tmp_path / "x.html")])
    assert "lr" in str(exit_.value.code) and not (tmp_path / "x.html").exists()


@pytest.mark.parametrize("positions", ["0", "65"])
def test_export_positions_are_bounded(positions, tmp_path):
    with pytest.raises(SystemExit) as exit_:
        main(["export", "steps=9", "--positions", positions, "-o", str(tmp_path / "x.html")])
    assert "positions must be 1 … 64" in str(exit_.value.code)


def test_export_of_a_lesson_writes_the_whole_lesson(tmp_path, capsys):
    output = tmp_path / "lesson.html"
    main(
        ["export", "http://127.0.0.1:8000/lessons?lesson=learning-rate&lang=de", "-o", str(output)]
    )
    html = output.read_text(encoding="utf-8")
    assert '"query":"lesson=learning-rate&lang=de"' in html
    assert html.count('"pieces":[') == 1 + 5, "the file's table of pieces and each scene's list"
    assert html.count('\\"landscapes\\":') == 1, "a payload's key is one piece"
    assert f"wrote {output}" in capsys.readouterr().out
