"""A module deck's HTML as reveal.js slides: one <section> per slide, made from the page's converted Markdown.

The deck is written for the room (docs/<lang>/modules/<module>/deck.md, front matter `deck: true`):

- `# Title` and the paragraph after it: the title slide;
- every `## Heading` starts a slide;
- `/// notes` blocks (kb/markdown/notes.py) become reveal's `<aside class="notes">`: shown in the presenter
  window only;
- a slide with a heading and nothing but an image is a figure slide (the figure fills the slide);
- a slide with a `/// question` block (kb/markdown/question.py) is a question slide;
- list items on other slides appear one at a time (reveal "fragments"), unless the page says `deck_steps: false`.

Python-Markdown writes h2 only at the top level of a page, so cutting the HTML before each `<h2` gives the
slides. The layout is plain markup: without JavaScript the slides read as one page, top to bottom.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

H2 = re.compile(r"(?=<h2[\s>])")
NOTES = re.compile(r'<aside class="kb-notes"')
NOTES_BLOCK = re.compile(r"<aside class=\"notes kb-notes\".*?</aside>", re.DOTALL)
HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL)
HEADING = re.compile(r"<h([12])[^>]*>.*?</h\1>", re.DOTALL)
ONLY_IMAGE = re.compile(r"\A<p>\s*<img\b[^>]*>\s*</p>\Z", re.DOTALL)
LIST_ITEM = re.compile(r"<li>")
QUESTION = 'class="kb-selftest kb-deck-question"'


@dataclass(frozen=True)
class SlideLayout:
    """How a deck page's HTML becomes slides."""
    steps: bool = True  # list items appear one at a time


@dataclass(frozen=True)
class Slide:
    html: str
    kind: str  # title | content | figure | question

    def section(self) -> str:
        return f'<section class="kb-slide kb-slide--{self.kind}">\n{self.html.strip()}\n</section>'


def slides(page_html: str, layout: SlideLayout = SlideLayout()) -> list[Slide]:
    html = HEADERLINK.sub("", NOTES.sub('<aside class="notes kb-notes"', page_html))
    result = []
    for index, chunk in enumerate(part for part in H2.split(html) if part.strip()):
        body = HEADING.sub("", NOTES_BLOCK.sub("", chunk), count=1).strip()
        if index == 0 and not chunk.lstrip().startswith("<h2"):
            kind = "title"
        elif QUESTION in chunk:
            kind = "question"
        elif ONLY_IMAGE.match(body):
            kind = "figure"
        else:
            kind = "content"
        if kind == "content" and layout.steps:
            chunk = LIST_ITEM.sub('<li class="fragment">', chunk)
        result.append(Slide(chunk, kind))
    return result


def reveal_html(page_html: str, layout: SlideLayout = SlideLayout()) -> str:
    """The page's HTML as reveal.js markup: `.reveal > .slides > section` per slide."""
    sections = "\n".join(slide.section() for slide in slides(page_html, layout))
    return f'<div class="reveal">\n<div class="slides">\n{sections}\n</div>\n</div>\n'
