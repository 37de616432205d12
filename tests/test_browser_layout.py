"""No page of the built site is wider than the narrowest phone (320 px): document.scrollingElement.scrollWidth ≤
innerWidth. The pages are visited once for this and the other every-page checks (page_survey.py), at 320 px
only: phones up to 390 px get the same style rules (held below), so a page that fits at 320 px fits there."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from conftest import DEFAULT_LANGUAGE, EVERY_PAGE_OF, ROOT, built_pages
from page_survey import LAPTOP, PHONE, SETTLE, SMALL_PHONE

from kb import ui_strings

pytestmark = pytest.mark.browser

# Every media condition in the page's style sheets (rules, imports, <link media>, nested blocks), and whether
# it applies now; container queries, which no viewport width decides, are listed as such.
MEDIA_CONDITIONS = """() => {
  const found = new Map()
  const add = text => { if (text) found.set(text, matchMedia(text).matches) }
  const visit = rules => {
    for (const rule of rules) {
      if (rule instanceof CSSImportRule) {
        add(rule.media.mediaText)
        if (rule.styleSheet) visit(rule.styleSheet.cssRules)
        continue
      }
      if (rule instanceof CSSMediaRule) add(rule.media.mediaText)
      if (typeof CSSContainerRule !== "undefined" && rule instanceof CSSContainerRule)
        found.set("container " + rule.conditionText, "container")
      if (rule.cssRules) visit(rule.cssRules)
    }
  }
  for (const sheet of document.styleSheets) {
    add(sheet.media.mediaText)
    visit(sheet.cssRules)
  }
  return [...found].sort()
}"""
UI = ui_strings.load()
# A table of four languages side by side, wider than a phone; and a three-column table, which fits one.
WIDE_TABLE_PAGE = "modules/recovery/recovery-words-by-country/"
FITTING_TABLE_PAGE = "modules/recovery/definitions/"
SCROLLS = "wrap => wrap.scrollWidth > wrap.clientWidth"
STYLE_SHEETS = re.compile(r'<link[^>]*rel="stylesheet"[^>]*>|<style[^>]*>.*?</style>', re.S)


@pytest.mark.parametrize("language", EVERY_PAGE_OF)
def test_no_page_is_wider_than_a_phone(page_survey, language):
    found = page_survey(language)
    assert found.pages > 50, found.pages
    assert not found.too_wide, found.too_wide


def conditions_at(page, size: dict[str, int]) -> list[list]:
    page.set_viewport_size(size)
    page.evaluate(SETTLE)
    return page.evaluate(MEDIA_CONDITIONS)


def test_phones_from_320_to_390_px_get_the_same_style_rules(page, site, site_url):
    # What lets the every-page survey check phones at 320 px only. One page of each set of style sheets the
    # site's pages use (found in the built HTML), each at 320 and at 390 px.
    by_style_sheets: dict[str, str] = {}
    for path in built_pages(site):
        html = (site / path / "index.html").read_text("utf-8")
        key = hashlib.sha256("".join(STYLE_SHEETS.findall(html)).encode()).hexdigest()
        by_style_sheets.setdefault(key, path)
    differ = {}
    for path in by_style_sheets.values():
        page.set_viewport_size(SMALL_PHONE)
        page.goto(site_url + path)
        at_320, at_390 = conditions_at(page, SMALL_PHONE), conditions_at(page, PHONE)
        assert any("width" in text for text, _ in at_320), (path, at_320)  # the style sheets were read
        if at_320 != at_390:
            differ[path] = [condition for condition in at_390 if condition not in at_320]
    assert not differ, differ
    # The check sees a rule that starts between the two widths.
    page.add_style_tag(content="@media (min-width: 22em) { body { margin: 0 } }")
    assert conditions_at(page, SMALL_PHONE) != conditions_at(page, PHONE)


def heading_above_first_table(markdown: Path) -> str:
    """The text of the last heading before the first table row of a page's Markdown source."""
    heading = ""
    for line in markdown.read_text("utf-8").splitlines():
        if line.startswith("|"):
            return heading
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
    raise AssertionError(f"{markdown}: no table")


def test_a_table_wider_than_a_phone_scrolls_by_keyboard_and_one_that_fits_adds_no_tab_stop(page, site_url):
    # tables.js; the every-page survey holds every page to it at 320 px (axe's scrollable-region-focusable).
    page.set_viewport_size(SMALL_PHONE)
    page.goto(site_url + WIDE_TABLE_PAGE)
    wide = page.locator(".md-typeset__scrollwrap").first
    assert wide.evaluate(SCROLLS)
    assert wide.get_attribute("tabindex") == "0" and wide.get_attribute("role") == "region"
    assert wide.get_attribute("aria-label") == UI["table.scrolls"][DEFAULT_LANGUAGE].format(
        title=heading_above_first_table(ROOT / "docs" / DEFAULT_LANGUAGE / f"{WIDE_TABLE_PAGE.rstrip('/')}.md"))
    # Tab from the tab stop before it reaches it; then the arrow keys scroll it.
    wide.evaluate("wrap => { const stops = [...document.querySelectorAll('a[href], button, input, [tabindex]')]"
                  ".filter(e => e.tabIndex >= 0 && e.getClientRects().length)"
                  "; stops[stops.indexOf(wrap) - 1].focus() }")
    page.keyboard.press("Tab")
    assert wide.evaluate("wrap => wrap === document.activeElement")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("wrap => wrap.scrollLeft > 0", arg=wide.element_handle())
    # Wide enough for the table: no longer a tab stop.
    page.set_viewport_size(LAPTOP)
    page.wait_for_function("wrap => !wrap.hasAttribute('tabindex') && !wrap.hasAttribute('role')",
                           arg=wide.element_handle())
    page.set_viewport_size(SMALL_PHONE)
    page.goto(site_url + FITTING_TABLE_PAGE)
    fitting = page.locator(".md-typeset__scrollwrap").first
    assert not fitting.evaluate(SCROLLS)
    assert fitting.get_attribute("tabindex") is None
