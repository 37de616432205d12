"""Every built page of a language, visited once, for the checks that hold on every page.

Visiting a page is most of what such a check costs (some 400 pages), so one visit serves four tests: at the
narrowest phone's width (320 px) the page must not be wider than the screen (a self-test page also with its
matching answers chosen, last), no title may break inside a word, and what scrolls sideways must be reachable by
keyboard (axe's WIDTH_DEPENDENT_RULES); at a laptop's size (1280×720) axe-core (WCAG 2.0/2.1 A and AA); and all the
while the page must log no error and request nothing that fails, nothing from another host. axe checks each piece
of HTML on the page it comes from: a handout or trainer pack leaves to the module's pages the parts that are their
HTML as they show it (KIT_PARTS_CHECKED_ON_THEIR_PAGE; axe took 26 s a language on the 14 kit pages when it checked
those twice, now 13 s). Phones up to 390 px wide get the same layout as at 320 px, only wider (no style sheet rule
applies at one width and not the other: test_browser_layout.py holds the site to that), so what fits at 320 px fits
there too. The viewport changes without a reload: CSS media queries apply at once, and two animation frames give
Material's resize handlers their turn. A page is loaded at the size the one before ended with and checked at it
first, so each size is checked both right after a load and after a resize, on alternate pages.

Used by test_accessibility.py, test_browser_layout.py and test_browser_home.py through the `page_survey` fixture
(conftest.py); their tests carry the language's xdist group, so one worker surveys each language once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Callable
from urllib.parse import urlparse

from axe_check import axe_violations, load_axe_in_every_document

from kb.steps.handouts import HANDOUT, TRAINER_PACK
from kb.workshop_kit import WORKSHOP_PAGE

PHONE = {"width": 390, "height": 800}
SMALL_PHONE = {"width": 320, "height": 800}
LAPTOP = {"width": 1280, "height": 720}
# axe's rules whose outcome depends on the width, run at 320 px as well: a table that fits a laptop scrolls
# sideways on a phone, and a region that scrolls must be reachable by keyboard (WCAG 2.1.1). The others,
# contrast among them, give the same answer at both widths (the same colours, the same markup).
WIDTH_DEPENDENT_RULES = ("scrollable-region-focusable",)
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

# On a self-test page: each matching question's longest answer chosen, as a reader would (a <select> shows the
# chosen text); true when the page has one. Choosing stores nothing (selftest.js stores a checked answer).
CHOOSE_LONGEST_MATCHES = """() => {
  const selects = document.querySelectorAll(".kb-question[data-type=matching] select")
  selects.forEach(select => {
    const options = [...select.options]
    select.selectedIndex = options.indexOf(options.reduce((a, b) => b.text.length > a.text.length ? b : a))
    select.dispatchEvent(new Event("change", {bubbles: true}))
  })
  return selects.length > 0
}"""
SELF_TEST_PAGE = "self-test/"

# The parts of a kit page (its address ends in one of these) that are another page's HTML as that page shows it
# (kb/workshop_kit.py, fill_parts; each part is a .kb-kit-part naming its page): axe checks them on that page,
# which the survey visits too, and on the kit page the rest. All of a handout's parts are (from the case,
# fill_parts takes the trainer notes out: nodes taken away, none added); of a trainer pack's, the workshop plan
# only, since the pack opens the case's trainer notes, moves the self-test's title a level down and shows the
# deck's speaker notes. test_print_kit.py holds the built kit pages to this.
# {ending of the kit page's address: the names of the pages whose parts are left out, EVERY_PART for all}
EVERY_PART = "*"
KIT_PARTS_CHECKED_ON_THEIR_PAGE = {
    f"{PurePosixPath(HANDOUT).stem}/": (EVERY_PART,),
    f"{PurePosixPath(TRAINER_PACK).stem}/": (WORKSHOP_PAGE,),
}


def kit_parts_checked_elsewhere(path: str) -> tuple[str, ...]:
    """The names of the pages whose parts, on the page at `path`, axe checks on those pages (none on most pages;
    EVERY_PART for all of them)."""
    return next((parts for ending, parts in KIT_PARTS_CHECKED_ON_THEIR_PAGE.items() if path.endswith(ending)), ())


def _kit_part_selector(name: str) -> str:
    return ".kb-kit-part" if name == EVERY_PART else f'.kb-kit-part[data-kb-page="{name}"]'


@dataclass
class Findings:
    """What the checks found on the pages of one language; empty lists when all is well."""
    pages: int = 0
    axe: list[str] = field(default_factory=list)              # 'url: rule (impact): help — [targets]'
    too_wide: dict[str, int] = field(default_factory=dict)    # {path: scroll width at 320 px}
    answered_self_tests: int = 0                              # self-test pages checked with answers chosen
    too_wide_answered: dict[str, int] = field(default_factory=dict)  # {path: the same, answers chosen}
    broken_titles: list[str] = field(default_factory=list)    # '320px path: word'
    problems: list[str] = field(default_factory=list)         # 'path: console: …', 'path: failed: url …'


def watch(page, problems: list[str] | None = None, local_host: str | None = None,
          where: Callable[[], str] = lambda: "") -> list[str]:
    """Add to `problems` (a new list if none is given; returned), as they happen on the page: console errors,
    script errors, failed requests, error responses, a request for the sitemap (Material's instant navigation
    fetched it on every page, 404 where the site has no URL) and, given `local_host`, any request to another
    host. Each is prefixed by `where()`."""
    problems = [] if problems is None else problems

    def add(problem: str) -> None:
        problems.append(f"{where()}{problem}")

    page.on("console", lambda message: add(f"console: {message.text}") if message.type == "error" else None)
    page.on("pageerror", lambda error: add(f"script error: {error}"))
    # A request the test itself cut short by going to the next page (net::ERR_ABORTED; the search worker
    # starting on a slow machine) is no failure a reader sees; every other failure counts.
    page.on("requestfailed", lambda request: add(f"failed: {request.url} {request.failure}")
            if "ERR_ABORTED" not in (request.failure or "") else None)
    page.on("response", lambda response: add(f"{response.status}: {response.url}") if response.status >= 400
            else None)

    def on_request(request) -> None:
        address = urlparse(request.url)
        if "sitemap.xml" in request.url:
            add(f"requested: {request.url}")
        elif local_host is not None and address.scheme in ("http", "https", "ws", "wss") \
                and address.netloc != local_host:
            add(f"requested from another host: {request.url}")

    page.on("request", on_request)
    return problems


def survey(page, base_url: str, paths: list[str]) -> Findings:
    """Visit each of `paths` (under `base_url`) once in `page` and run every check on it."""
    found = Findings(pages=len(paths))
    visiting = [""]
    watch(page, found.problems, urlparse(base_url).netloc, where=lambda: f"{visiting[0]}: ")
    load_axe_in_every_document(page)
    # Each page starts at the size the one before ended with, then takes the other: the window is never
    # resized just before a navigation, which laid out the page being left once more.
    sizes = [LAPTOP, SMALL_PHONE]
    page.set_viewport_size(sizes[0])
    for path in paths:
        url = base_url + path
        visiting[0] = path or "/"
        page.goto(url, wait_until="load")
        for number, size in enumerate(sizes):
            if number:
                page.set_viewport_size(size)
                page.evaluate(SETTLE)
            _check(page, size, path, url, found)
        sizes.reverse()
        if path.endswith(SELF_TEST_PAGE):
            if sizes[0] != SMALL_PHONE:
                page.set_viewport_size(SMALL_PHONE)
                sizes.reverse()
            _check_answered(page, path, found)
    return found


def _check_answered(page, path: str, found: Findings) -> None:
    """A self-test page at 320 px once more, after everything else on it: its matching answers chosen."""
    if page.evaluate(CHOOSE_LONGEST_MATCHES):
        page.evaluate(SETTLE)
        found.answered_self_tests += 1
        scroll_width, inner_width = page.evaluate(WIDTHS)
        if scroll_width > inner_width:
            found.too_wide_answered[path] = scroll_width


def _check(page, size: dict[str, int], path: str, url: str, found: Findings) -> None:
    exclude = tuple(_kit_part_selector(name) for name in kit_parts_checked_elsewhere(path))
    if size == SMALL_PHONE:
        scroll_width, inner_width = page.evaluate(WIDTHS)
        if scroll_width > inner_width:
            found.too_wide[path] = scroll_width
        found.broken_titles += [f"{size['width']}px {path}: {word}" for word in page.evaluate(BROKEN_WORDS)]
        found.axe += axe_violations(page, f"{url} at {size['width']}px", exclude, rules=WIDTH_DEPENDENT_RULES)
    if size == LAPTOP:
        found.axe += axe_violations(page, url, exclude)
