"""axe-core (WCAG 2.0/2.1 A and AA) on every built page in every language, in the light and the dark palette."""

from __future__ import annotations

import pytest

from conftest import EVERY_PAGE_OF, new_context
from axe_check import axe_violations, colour_parse_memo_applies

pytestmark = pytest.mark.browser

# Pages checked again in the dark palette (colour contrast differs there).
DARK_SAMPLE = ["", "nl/modules/informal-caregivers/sofa-model/", "nb/glossary/", "da/modules/recovery/",
               "nl/modules/recovery/self-test/", "da/progress/"]


def violations(page, url: str) -> list[str]:
    page.goto(url)
    page.wait_for_load_state("load")
    return axe_violations(page, url)


@pytest.mark.parametrize("language", EVERY_PAGE_OF)
def test_every_page_has_no_axe_violations(page_survey, language):
    found = page_survey(language)
    assert found.pages > 50, found.pages  # the language's pages were found and visited
    assert not found.axe, "\n".join(found.axe)


def test_dark_palette_has_no_axe_violations(browser, site, site_url):
    context = new_context(browser, color_scheme="dark")
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


def test_axe_colour_parse_memo_applies_to_our_axe(page, site_url):
    # axe_check.py speeds axe's contrast rule by patching one of its methods; an axe without it would only be
    # slower, so this test says when an upgrade drops the patch.
    page.goto(site_url)
    assert colour_parse_memo_applies(page)
