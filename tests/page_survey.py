"""Every built page of a language, visited once, for the checks that hold on every page.

Visiting a page is most of what such a check costs (some 400 pages), so one visit serves three tests: at a phone's
width (390 px) the page must not be wider than the screen and no title may break inside a word, at 320 px the
titles again, and at a laptop's size (1280×720) axe-core (WCAG 2.0/2.1 A and AA). The viewport changes without a
reload: CSS media queries apply at once, and two animation frames give Material's resize handlers their turn.

Used by test_accessibility.py, test_browser_layout.py and test_browser_home.py through the `page_survey` fixture
(conftest.py); their tests carry the language's xdist group, so one worker surveys each language once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from axe_check import axe_violations

PHONE = {"width": 390, "height": 800}
SMALL_PHONE = {"width": 320, "height": 800}
LAPTOP = {"width": 1280, "height": 720}
SETTLE = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
WIDTHS = "[document.scrollingElement.scrollWidth, innerWidth]"
# Words of the page title (h1) that a line break cuts, or that reach past the title's box.
BROKEN_WORDS = """() => {
  const broken = []
  document.querySelectorAll(".md-content h1").forEach(h1 => {
    const walker = document.createTreeWalker(h1, NodeFilter.SHOW_TEXT)
    let node
    while ((node = walker.nextNode())) {
      if (node.parentElement.closest(".headerlink")) continue
      const words = /[^\\s\\-–]+/g
      let match
      while ((match = words.exec(node.data))) {
        const range = document.createRange()
        range.setStart(node, match.index)
        range.setEnd(node, match.index + match[0].length)
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)))
        const box = range.getBoundingClientRect(), frame = h1.getBoundingClientRect()
        if (lines.size > 1 || box.right > frame.right + 1) broken.push(match[0])
      }
    }
  })
  return broken
}"""


@dataclass
class Findings:
    """What the checks found on the pages of one language; empty lists when all is well."""
    pages: int = 0
    axe: list[str] = field(default_factory=list)              # 'url: rule (impact): help — [targets]'
    too_wide: dict[str, int] = field(default_factory=dict)    # {path: scroll width at 390 px}
    broken_titles: list[str] = field(default_factory=list)    # '320px path: word'


def survey(page, base_url: str, paths: list[str]) -> Findings:
    """Visit each of `paths` (under `base_url`) once in `page` and run every check on it."""
    found = Findings(pages=len(paths))
    for path in paths:
        url = base_url + path
        page.set_viewport_size(PHONE)
        page.goto(url, wait_until="load")
        scroll_width, inner_width = page.evaluate(WIDTHS)
        if scroll_width > inner_width:
            found.too_wide[path] = scroll_width
        found.broken_titles += [f"{PHONE['width']}px {path}: {word}" for word in page.evaluate(BROKEN_WORDS)]
        page.set_viewport_size(SMALL_PHONE)
        page.evaluate(SETTLE)
        found.broken_titles += [f"{SMALL_PHONE['width']}px {path}: {word}" for word in page.evaluate(BROKEN_WORDS)]
        page.set_viewport_size(LAPTOP)
        page.evaluate(SETTLE)
        found.axe += axe_violations(page, url)
    return found
