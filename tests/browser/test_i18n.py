"""English and German everywhere: the string table is complete, and a German
page shows no English-only text (labels, buttons, titles, aria-labels)."""

import re

import pytest
from support import wait_ready

pytestmark = pytest.mark.browser


@pytest.fixture
def page(strict_page):
    """Under the CSP and frame-ancestors the server really sends (lecture mode must work there)."""
    return strict_page


# Keys whose German text is rightly the English one: formulas, symbols, loanwords.
SAME_IN_BOTH = {
    "header.api", "conn.open", "conn.unreachable", "expr.label", "expr.help", "run.start",
    "status.final", "view.2d", "view.3d", "view.readout", "vec.gradient", "vec.momentum",
    "vec.update", "plot.colorbar", "plot.z", "error.field", "hp.eps", "hp.beta1", "hp.beta2",
    "hp.l1", "hp.l2", "hp.beta", "share.film", "check.analytic", "graph.value",
    "plot.zGame", "plot.colorbarGame", "view.readoutGame", "status.finalGame", "vec.gradientGame",
}  # fmt: skip

TABLES = "import('/js/strings.js').then((m) => ({ en: m.EN, de: m.DE }))"

VISIBLE_TEXT = """() => {
  const out = [];
  const clean = (s) => (s || '').replace(/\\s+/g, ' ').trim();
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('svg, .katex') || !el.checkVisibility()) continue;
    for (const node of el.childNodes) {
      const text = node.nodeType === Node.TEXT_NODE ? clean(node.textContent) : '';
      if (text) out.push(text);
    }
    for (const name of ['aria-label', 'title', 'placeholder']) {
      if (el.getAttribute(name)) out.push(clean(el.getAttribute(name)));
    }
    if (el.tagName === 'SELECT') for (const o of el.options) out.push(clean(o.textContent));
  }
  return out;
}"""


def english_only(tables: dict) -> list[re.Pattern]:
    """Patterns of every string that is English only (templates: {var} matches anything)."""
    en, de = tables["en"], tables["de"]
    texts = {en[k] for k in en if en[k] != de.get(k) and k not in SAME_IN_BOTH}
    texts |= {
        k[len("catalog:") :] for k, v in de.items() if k.startswith("catalog:") and v != k[8:]
    }
    patterns = []
    for text in texts:
        parts = re.split(r"\{\w+\}", " ".join(text.split()))
        patterns.append(re.compile(".+?".join(re.escape(p) for p in parts)))
    return patterns


def test_every_key_has_english_and_german_and_german_differs(page, app_server):
    page.goto(f"{app_server.url}/?steps=10")
    tables = page.evaluate(TABLES)
    en, de = tables["en"], tables["de"]
    assert set(en) - set(de) == set(), "keys without German"
    extra = {k for k in set(de) - set(en) if not k.startswith(("catalog:", "server:"))}
    assert extra == set(), "German keys without English"
    for key in en:
        assert en[key].strip() and de[key].strip(), key
        if key not in SAME_IN_BOTH:
            assert de[key] != en[key], f"{key}: German equals English ({en[key]!r})"
    for key in SAME_IN_BOTH:
        assert de[key] == en[key], f"{key} is whitelisted but translated: drop it from the list"
    for key, text in de.items():  # placeholders survive translation
        if key in en:
            assert set(re.findall(r"\{\w+\}", text)) == set(re.findall(r"\{\w+\}", en[key])), key


def leftovers(page, patterns) -> list[str]:
    texts = set(page.evaluate(VISIBLE_TEXT))
    return sorted(t for t in texts if any(p.fullmatch(t) for p in patterns))


def test_the_german_page_has_no_english_only_text(page, app_server):
    page.goto(f"{app_server.url}/?steps=300&lang=de&surface=ill_conditioned")
    wait_ready(page)
    assert page.get_attribute("html", "lang") == "de"
    patterns = english_only(page.evaluate(TABLES))
    for details in page.locator("details").all():  # open everything that can be opened
        details.evaluate("(el) => { el.open = true; }")
    assert leftovers(page, patterns) == []
    page.screenshot(path="/tmp/thalweg-de.png")
    page.click("#btn-share")
    page.wait_for_timeout(300)
    assert leftovers(page, patterns) == []
    page.screenshot(path="/tmp/thalweg-de-share.png")
    page.keyboard.press("Escape")
    page.click(".lang-btn[data-lang='en']")  # and back: English is complete too
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator("#btn-share").inner_text() == "Share"
    assert len(leftovers(page, patterns)) > 20, "the check finds English where there is English"


def test_the_german_embed_has_no_english_only_text(page, app_server):
    page.goto(
        f"{app_server.url}/embed?lang=de&controls=play,step,scrubber,speed,lr,legend,title,curves"
    )
    wait_ready(page)
    patterns = english_only(page.evaluate(TABLES))
    assert leftovers(page, patterns) == []
    page.screenshot(path="/tmp/thalweg-de-embed.png")
