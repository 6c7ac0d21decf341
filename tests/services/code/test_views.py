import re

import pytest
from thalweg.config import frontend_dir, get_settings
from thalweg.services.code.views import WRITERS, script
from thalweg.services.errors import UnprocessableError


@pytest.mark.parametrize(
    ("link", "view"),
    [
        ("surface=rosenbrock&runs=adam", "race"),
        ("?surface=rosenbrock&view=-2,2,-1,3", "race"),  # the race's zoom window
        ("http://host/?surface=rosenbrock", "race"),
        ("http://host/embed?view=-2,2,-1,3&surface=rosenbrock", "race"),
        ("http://host/networks.html?data=circles&steps=10", "networks"),
        ("/embed?view=networks&data=circles&steps=10", "networks"),
        ("view=networks&steps=10", "networks"),
    ],
)
def test_links_name_their_view_as_export_links_do(link, view, monkeypatch):
    seen = []
    monkeypatch.setitem(WRITERS, view, lambda query, framework: seen.append((query, framework)))
    script(link, "jax")
    ((query, framework),) = seen
    assert framework == "jax" and "view=networks" not in query


def test_a_view_without_a_writer_is_refused_with_the_list():
    with pytest.raises(UnprocessableError, match=r"views with one: .*networks.*race") as error:
        script("/embed?view=nowhere&a=1", "torch")
    assert error.value.code == "code_view"


def test_every_view_in_the_header_has_a_script_writer():
    source = (frontend_dir(get_settings()) / "js" / "shell" / "views.js").read_text()
    views = set(re.findall(r"\{ id: '([a-z-]+)'", source)) - {"lessons"}
    assert views == set(WRITERS)
