"""Only the race has an offline file: links to other views are refused by name."""

import pytest
from thalweg.config import frontend_dir, get_settings
from thalweg.services.errors import UnprocessableError
from thalweg.services.export import export_html


@pytest.mark.parametrize(
    "link", ["http://127.0.0.1:8000/networks.html?data=digits", "http://h/lessons?lesson=gd"]
)
def test_other_views_are_refused_not_turned_into_the_default_race(link):
    with pytest.raises(UnprocessableError) as refused:
        export_html(link, frontend_dir(get_settings()))
    assert refused.value.code == "export_view"
    assert refused.value.params["path"] in link
