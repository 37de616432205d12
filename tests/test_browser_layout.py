"""No page of the built site is wider than a phone (390 px): document.scrollingElement.scrollWidth ≤ innerWidth.
(Self-test pages are held to 320 px in test_browser_selftest.py.) The pages are visited once for this and the
other every-page checks (page_survey.py)."""

from __future__ import annotations

import pytest

from conftest import EVERY_PAGE_OF

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", EVERY_PAGE_OF)
def test_no_page_is_wider_than_a_phone(page_survey, language):
    found = page_survey(language)
    assert found.pages > 50, found.pages
    assert not found.too_wide, found.too_wide
