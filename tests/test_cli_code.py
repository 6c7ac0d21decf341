"""thalweg code: a scene link -> a script on standard output or in a file."""

from thalweg.cli import main


def test_code_prints_or_writes_the_script(tmp_path, capsys):
    link = "http://127.0.0.1:8000/?surface=booth&steps=30&runs=gd:lr=0.01"
    main(["code", link, "--framework", "jax"])
    printed = capsys.readouterr().out
    assert "import optax" in printed and '("gd", lambda: optax.sgd(0.01))' in printed
    output = tmp_path / "booth.py"
    main(["code", link, "--framework", "torch", "-o", str(output)])
    assert "torch.optim.SGD(params, lr=0.01" in output.read_text(encoding="utf-8")
    assert f"wrote {output}" in capsys.readouterr().out
