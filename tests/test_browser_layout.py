"""No page of the built site is wider than a phone (390 px): document.scrollingElement.scrollWidth ≤ innerWidth.
(Self-test pages are held to 320 px in test_browser_selftest.py.) One test per language and half of its pages,
so parallel workers share the load."""

from __future__ import annotations

import pytest

from conftest import LANGUAGES, new_context, pages_of

pytestmark = pytest.mark.browser
SHARDS = 2
WIDTH = 390


@pytest.mark.parametrize("shard", range(SHARDS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_is_wider_than_a_phone(browser, site, site_url, language, shard):
    pages = pages_of(site, language)[shard::SHARDS]
    assert pages
    context = new_context(browser, viewport={"width": WIDTH, "height": 800})
    page = context.new_page()
    try:
        too_wide = {}
        for path in pages:
            page.goto(site_url + path, wait_until="domcontentloaded")
            width = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
            if width[0] > width[1]:
                too_wide[path] = width[0]
        assert not too_wide, too_wide
    finally:
        context.close()
