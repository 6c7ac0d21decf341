"""The offline HTML file: modules with bare specifiers, everything inlined."""

import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from thalweg.services import catalog
from thalweg.services.export import EXPORTERS
from thalweg.services.lesson_export import PAGE as LESSON_PAGE
from thalweg.services.offline_page import (
    BARE,
    RACE,
    UNUSED_FACES,
    data_url,
    inline_css,
    module_graph,
    offline_query,
    render,
    template,
)

FRONTEND = Path(__file__).parents[2] / "frontend"
RELATIVE = re.compile(r"""(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"]\.{1,2}/""")


def test_data_urls_give_back_the_text_exactly():
    text = "// 100% sure # a comment\n\tconst a = 'ü </script>';\r\n"
    url = data_url(text)
    assert "\n" not in url and "#" not in url and "\t" not in url
    assert unquote(url.split(",", 1)[1]) == text


def test_the_module_graph_is_closed_and_uses_bare_specifiers_only():
    graph = module_graph(FRONTEND)
    assert "js/main.js" in graph and "vendor/katex/katex.mjs" in graph
    for name, source in graph.items():
        assert not RELATIVE.search(source), f"{name} still imports a relative path"
        for target in re.findall(rf"""['"]{re.escape(BARE)}([^'"]+)['"]""", source):
            assert target in graph, f"{name} imports {target}, which is not in the file"


def test_api_js_is_replaced_by_the_offline_api():
    graph = module_graph(FRONTEND)
    assert "thalweg-offline" in graph["js/api.js"]
    assert "new WebSocket" not in "".join(graph.values())


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("surface=himmelblau&mode=3d", "surface=himmelblau&controls="),
        ("?controls=play&steps=9", "controls=play&steps=9"),
    ],
)
def test_offline_query_is_2d_and_shows_the_controls(query, expected):
    assert offline_query(query).startswith(expected)


def test_render_inlines_everything_and_nothing_ends_a_script_early():
    payload = {"version": 1, "note": "</script><script>alert(1)</script>"}
    html = render(FRONTEND, payload, "steps=10")
    assert '<body class="is-embed is-offline"' in html
    markup = re.sub(r"<(script|style)\b[^>]*>.*?</\1>", "", html, flags=re.S)
    # every resource is inline; the only links left are the hidden header's
    loads = re.findall(r"""<(?:link|img|script|iframe)\b[^>]*(?:src|href)=["']([^"']+)""", markup)
    assert loads and all(url.startswith("data:") for url in loads)
    assert '<link rel="stylesheet"' not in html and "url(fonts/" not in html
    # plotly.js, the payload, the import map, the entry module: nothing else ends a script
    assert html.lower().count("</script") == 4
    stored = re.search(
        r'<script type="application/json" id="thalweg-offline">(.*?)</script>', html, re.S
    )
    data = json.loads(stored.group(1))
    assert data["note"] == payload["note"] and data["query"].startswith("steps=10")
    imports = json.loads(re.search(r'<script type="importmap">(.*?)</script>', html, re.S)[1])
    assert f"{BARE}js/main.js" in imports["imports"]


def test_no_formula_needs_a_font_face_the_file_leaves_out():
    katex = inline_css(FRONTEND / "vendor" / "katex" / "katex.min.css")
    assert "KaTeX_Main" in katex and not UNUSED_FACES.search(katex)
    formulas = [s["formula"] for s in catalog.surfaces()] + [
        o["update_rule"] for o in catalog.optimizers()
    ]
    assert formulas
    for formula in formulas:
        assert not re.search(r"\\(mathcal|mathfrak|mathscr|mathsf|mathtt|texttt|textsf)", formula)


@pytest.mark.parametrize(
    "page",
    [RACE, LESSON_PAGE, *(exporter.page for exporter in EXPORTERS.values())],
    ids=lambda page: page.html,
)
def test_every_pages_import_map_parses_and_only_its_own_body_gets_the_classes(page):
    """A module's text may hold "<body" (the lesson file writes whole scene pages):
    the file's classes go on the page's <body>, never into an inlined module."""
    html = template(FRONTEND, page)
    imports = re.search(r'<script type="importmap">(.*?)</script>', html, re.S).group(1)
    assert json.loads(imports)["imports"]
    markup = re.sub(r"<(script|style)\b[^>]*>.*?</\1>", "", html, flags=re.S)
    (body,) = re.findall(r"<body\b[^>]*>", markup)
    assert set(page.classes) <= set(re.search(r'class="([^"]*)"', body).group(1).split())
