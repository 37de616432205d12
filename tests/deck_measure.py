"""Measure a deck the way a trainer sees it: each slide of the projected window, in slide pixels and on screen.

Used by tests/test_deck_engine.py, and by hand on any built site:

    python3 tests/deck_measure.py /tmp/site            # every deck in every language, one line per deck

Per slide: words of body text (not notes, not buttons or the closed answer), the smallest text on screen in
CSS pixels (font size × reveal's scale), whether anything reaches outside the slide, whether it has a heading,
the height of a figure as a share of the slide's height, and for a question slide the options shown.
"""

from __future__ import annotations

import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

# Runs in the page: the current slide, all its steps shown (steps change what is visible, not the layout).
MEASURE_SLIDE = """() => {
  const slides = document.querySelector('.reveal .slides')
  const section = document.querySelector('.reveal .slides > section.present')
  const box = slides.getBoundingClientRect()
  const scale = box.height / 720
  section.querySelectorAll('.fragment').forEach(f => f.classList.add('visible'))
  const skip = '[hidden], aside.notes, .kb-option__letter, .kb-question__number, .kb-answer > :not(summary), ' +
               'button, summary, select, script, .kb-question__status, ' +
               '.kb-selftest__summary, .kb-selftest__tools'
  const copy = section.cloneNode(true)
  copy.querySelectorAll(skip).forEach(n => n.remove())
  const words = (copy.textContent.match(/[\\p{L}\\p{N}][\\p{L}\\p{N}'’.-]*/gu) || []).length
  let smallest = Infinity, overflow = []
  const walker = document.createTreeWalker(section, NodeFilter.SHOW_TEXT)
  while (walker.nextNode()) {
    const node = walker.currentNode
    const parent = node.parentElement
    if (!node.textContent.trim() || parent.closest('aside.notes, option, script')) continue
    if (parent.closest('details:not([open]) > :not(summary)') || !parent.getClientRects().length) continue
    const size = parseFloat(getComputedStyle(parent).fontSize) * scale
    smallest = Math.min(smallest, size)
  }
  section.querySelectorAll('*').forEach(el => {
    if (el.closest('aside.notes') || el.closest('details:not([open]) > :not(summary)')) return
    const r = el.getBoundingClientRect()
    if (!r.width && !r.height) return  // not rendered
    if (r.bottom > box.bottom + 1 || r.right > box.right + 1 || r.left < box.left - 1 || r.top < box.top - 1)
      overflow.push(el.tagName + '.' + el.className + ' ' + Math.round(r.bottom - box.bottom) + 'px')
  })
  const img = section.classList.contains('kb-slide--figure') ? section.querySelector('img') : null
  const options = section.querySelectorAll('.kb-option, .kb-match__row')
  return {
    kind: (section.className.match(/kb-slide--(\\w+)/) || [, 'content'])[1],
    heading: !!section.querySelector('h1, h2'),
    words, smallest: Math.round(smallest * 10) / 10, overflow,
    figure: img ? img.getBoundingClientRect().height / box.height : null,
    options: Array.from(options).filter(o => o.getBoundingClientRect().height > 0).length,
    // Shown means outside a closed <details>: Chrome may lay out a closed details' content when asked
    // for its rects (content-visibility), so rects alone made this check flaky.
    answerShown: Array.from(section.querySelectorAll('.kb-answer__explanation'))
      .some(e => !e.closest('details:not([open])') && e.checkVisibility()),
  }
}"""


@dataclass
class SlideFigures:
    kind: str
    heading: bool
    words: int
    smallest: float
    overflow: list[str]
    figure: float | None
    options: int
    answerShown: bool


def slide_count(page) -> int:
    return page.locator(".reveal .slides > section").count()


def open_deck(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(".reveal.ready")


def go_to(page, index: int) -> None:
    page.evaluate("i => { location.hash = '#/' + i }", index)
    page.wait_for_function("i => Array.from(document.querySelectorAll('.reveal .slides > section'))"
                           ".indexOf(document.querySelector('.reveal .slides > section.present')) === i", arg=index)


# Runs in the page: every slide in turn (as the arrow key would show it), each measured once shown and its
# images loaded. One call per deck: a round trip per slide, and waits polled from Python, took twice as long.
# It waits for the address's hashchange, not for animation frames: no frame is drawn between two slides that
# nobody sees (some 20 % less CPU for the decks), and a frame is awaited only if the slide is not shown yet.
EVERY_SLIDE = """async () => {
  const measure = %s
  const sections = () => Array.from(document.querySelectorAll('.reveal .slides > section'))
  const present = () => document.querySelector('.reveal .slides > section.present')
  const frame = () => new Promise(done => requestAnimationFrame(done))
  async function until(what, ready) {
    for (let frames = 0; !ready(); frames++) {
      if (frames > 600) throw new Error(`deck_measure: ${what} did not happen within 600 frames`)
      await frame()
    }
  }
  const figures = []
  for (let index = 0; index < sections().length; index++) {
    if (location.hash !== '#/' + index) {
      // reveal's own hashchange listener, added before this one, has shown the slide when this one runs
      const changed = new Promise(done => addEventListener('hashchange', done, {once: true}))
      location.hash = '#/' + index
      await changed
    }
    await until(`slide ${index + 1} shown`, () => sections().indexOf(present()) === index)
    await until(`slide ${index + 1}'s images loaded`,
                () => Array.from(present().querySelectorAll('img')).every(img => img.complete))
    figures.push(measure())
  }
  return figures
}""" % MEASURE_SLIDE


def measure(page, url: str) -> list[SlideFigures]:
    """Every slide of the deck at `url`, in the page's current window size."""
    open_deck(page, url)
    return [SlideFigures(**figures) for figures in page.evaluate(EVERY_SLIDE)]


def measure_sizes(page, url: str, sizes: list[tuple[int, int]]) -> list[list[SlideFigures]]:
    """Every slide of the deck at `url` at each window size (one list of slides per size): the deck is opened
    in a window of each size, as a trainer would open it on that screen."""
    figures = []
    for width, height in sizes:
        page.set_viewport_size({"width": width, "height": height})
        figures.append(measure(page, url))
    return figures


def summary(figures: list[SlideFigures]) -> dict:
    words = [f.words for f in figures]
    return {"slides": len(figures), "median_words": statistics.median(words), "max_words": max(words),
            "smallest_px": min(f.smallest for f in figures)}


def problems_of(slide: SlideFigures, check_text_size: bool) -> list[str]:
    """What misses a target on one slide (text size is a target at 1280×720 only)."""
    found = []
    if slide.words > 60:
        found.append(f"{slide.words} words")
    if check_text_size and slide.smallest < 28:
        found.append(f"{slide.smallest}px")
    if slide.overflow:
        found.append(f"overflow {slide.overflow[:2]}")
    if not slide.heading:
        found.append("no heading")
    if slide.figure is not None and slide.figure < 0.5:
        found.append(f"figure {slide.figure:.2f}")
    return found


def decks_in(site: Path) -> list[str]:
    """URL paths of the built decks ('modules/recovery/deck/', 'nl/modules/…')."""
    return sorted(p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("deck/index.html")
                  if 'class="kb-deck-page"' in p.read_text("utf-8"))


if __name__ == "__main__":  # measure every deck of a built site
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    from kb.chromium import CHROMIUM, CHROMIUM_ARGS

    site = Path(sys.argv[1])
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for size in [(1280, 720), (1024, 768), (1920, 1080)]:
            page = browser.new_page(viewport={"width": size[0], "height": size[1]}, reduced_motion="reduce")
            for path in decks_in(site):
                found = measure(page, f"http://127.0.0.1:{server.server_port}/{path}")
                problems = [f"slide {i + 1}: {', '.join(found_problems)}" for i, f in enumerate(found)
                            if (found_problems := problems_of(f, size == (1280, 720)))]
                print(f"{size[0]}x{size[1]} {path} {summary(found)} {problems}")
            page.close()
        browser.close()
    server.shutdown()
