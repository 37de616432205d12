"""axe-core (WCAG 2.0/2.1 A and AA) on every built page in every language, in the light and the dark palette."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import LANGUAGES, built_pages

pytestmark = pytest.mark.browser

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
               "resultTypes": ["violations"]}
# Pages checked again in the dark palette (colour contrast differs there).
DARK_SAMPLE = ["", "nl/modules/informal-caregivers/sofa-model/", "nb/glossary/", "da/modules/recovery/",
               "nl/modules/recovery/self-test/", "da/progress/"]


def violations(page, url: str) -> list[str]:
    page.goto(url)
    page.wait_for_load_state("load")
    result = Axe().run(page, options=AXE_OPTIONS)
    return [f"{url}: {v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in result.response["violations"]]


def pages_of(site, language):
    pages = built_pages(site)
    if language == "en":
        return [p for p in pages if p.split("/")[0] not in LANGUAGES]
    return [p for p in pages if p.startswith(f"{language}/")]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_has_no_axe_violations(page, site, site_url, language):
    found = []
    for path in pages_of(site, language):
        found += violations(page, site_url + path)
    assert not found, "\n".join(found)


def test_dark_palette_has_no_axe_violations(browser, site, site_url):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    try:
        found = []
        for path in DARK_SAMPLE:
            if (site / path / "index.html").exists():
                found += violations(page, site_url + path)
        assert not found, "\n".join(found)
    finally:
        context.close()


def test_fallback_page_has_no_axe_violations(page, mini_url):
    assert not violations(page, mini_url + "nl/only-english/")
