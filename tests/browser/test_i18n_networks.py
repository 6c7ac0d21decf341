"""The Networks view in German: its string table is complete and German, and the
German page shows no English-only text (its own, the race's or the catalog's)."""

import re

import pytest
from support import wait_ready
from test_i18n import VISIBLE_TEXT

pytestmark = pytest.mark.browser

# Keys whose German text is rightly the English one: names, symbols, loanwords.
SAME_IN_BOTH = {
    "nw.alpha", "nw.sigma", "nw.l2", "nw.seed", "nw.section.training", "nw.plot.r2",
    "nw.metric.r2", "nw.init.normal", "nw.init.glorot", "nw.init.he", "nw.error", "nw.conn.open",
    "nw.conn.unreachable", "nw.sharpness",
}  # fmt: skip
# Catalog names that German writes as English does.
SAME_NAMES = {"XOR", "Sigmoid", "tanh", "ReLU", "Leaky ReLU", "ALReLU", "PReLU", "ELU", "SELU",
              "GELU", "Swish / SiLU", "Mish", "ReLU6"}  # fmt: skip

TABLES = """Promise.all([import('/js/strings.js'), import('/js/networks/strings.js')])
  .then(([race, nw]) => ({
    en: { ...race.EN, ...nw.EN }, de: { ...race.DE, ...nw.DE }, own: Object.keys(nw.EN),
  }))"""
CATALOG = "fetch('/api/networks/catalog').then((r) => r.json())"


def test_networks_strings_are_complete_and_german(page, app_server):
    page.goto(f"{app_server.url}/networks.html?steps=10")
    tables = page.evaluate(TABLES)
    en, de = tables["en"], tables["de"]
    for key in tables["own"]:
        assert key in de, f"{key} has no German"
        if key in SAME_IN_BOTH:
            assert de[key] == en[key], f"{key} is allow-listed but translated: drop it"
        else:
            assert de[key] != en[key], f"{key}: German equals English ({en[key]!r})"
        placeholders = set(re.findall(r"\{\w+\}", en[key]))
        assert set(re.findall(r"\{\w+\}", de[key])) == placeholders, key
    catalog = page.evaluate(CATALOG)
    names = [d["title"] for d in catalog["datasets"]] + [a["title"] for a in catalog["activations"]]
    names += [d["description"] for d in catalog["datasets"]] + [
        x["title"] for x in catalog["losses"]
    ]
    for name in names:
        german = de.get(f"catalog:{name}", name if name in SAME_NAMES else None)
        assert german is not None, f"catalog text without German: {name!r}"
        assert (german == name) == (name in SAME_NAMES), f"{name!r} -> {german!r}"


def test_the_german_networks_page_has_no_english_only_text(page, app_server):
    page.goto(f"{app_server.url}/networks.html?lang=de&steps=50&cmp=1&hp=lr:50")
    wait_ready(page)
    tables = page.evaluate(TABLES)
    en, de = tables["en"], tables["de"]
    english = {en[k] for k in en if en[k] != de.get(k) and k not in SAME_IN_BOTH}
    english |= {k[8:] for k, v in de.items() if k.startswith("catalog:") and v != k[8:]}
    english.add("optimizer")  # a field name the server's errors start with
    patterns = [
        re.compile(".+?".join(re.escape(p) for p in re.split(r"\{\w+\}", " ".join(t.split()))))
        for t in english
    ]
    for details in page.locator("details").all():
        details.evaluate("(el) => { el.open = true; }")
    texts = set(page.evaluate(VISIBLE_TEXT))
    leftovers = sorted(t for t in texts if any(p.fullmatch(t) for p in patterns))
    assert leftovers == []
    assert "Netze" in texts
    assert any(t.startswith("Der Link verlangt") for t in texts), "the clamped lr is explained"
    title = page.evaluate("document.getElementById('plot-data').layout.title.text")
    assert title == "Daten und Vorhersage · Lauf A", "compare mode: whose boundary is shown"
    page.screenshot(path="/tmp/thalweg-networks-de.png")
