"""The printed workshop kit of a module, as Markdown made from its pages: the trainee handout and the trainer pack.

- Trainee handout: the module's reading pages, the case WITHOUT its trainer notes, the self-test as a worksheet
  (print styles number the questions and leave the boxes empty; the answers never print).
- Trainer pack: the workshop plan, the case WITH its trainer notes, the self-test as an answer key (answers and
  explanations shown), the deck's speaker notes slide by slide, and voting cards with as many letters as the
  deck's questions have options.

Trainer notes are the `??? abstract "…"` block of a case page (CONTRIBUTING.md); print.css keeps them off every
printed page except the trainer pack, which carries the `.kb-trainer-pack` marker.

Rendered once: a module's pages are converted for the site anyway, so the kit takes their HTML instead of
converting the same Markdown again (it was half of the build's Markdown work). With `placeholders=True` the
Markdown holds a placeholder per reused page (`part_placeholder`); `fill_parts` puts each page's HTML in (in a
`.kb-kit-part` naming the page), with the same changes made to the HTML (trainer notes out or open, the self-test's
title demoted, only the slide headings and speaker notes of the deck) and ids kept unique on the one page. The
module's own page stays Markdown: it sits one folder higher, so its relative links would point elsewhere from the
kit's address. Without the pages' HTML (a `--dirty` rebuild skips unchanged pages) the kit is converted from
Markdown whole. These are pure functions over Markdown and HTML text; the build step decides which files they read.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
TRAINER_NOTES = re.compile(r'^\?\?\?\+? abstract\b[^\n]*\n(?:(?:[ \t]*\n)*(?:    |\t)[^\n]*\n?)*', re.MULTILINE)
EMPTY_SECTION = re.compile(r"^#{2,6} [^\n]*\n\s*(?=^#{1,2} |\Z)", re.MULTILINE)
COLLAPSED_TRAINER_NOTES = re.compile(r"^\?\?\? abstract\b", re.MULTILINE)
H1 = re.compile(r"^# +(.+?)\s*$", re.MULTILINE)
H2 = re.compile(r"^## +(.+?)\s*$")
NOTES_START = re.compile(r"^/{3,}\s*notes\s*$")
BLOCK_END = re.compile(r"^/{3,}\s*$")
FENCE = re.compile(r"^(```|~~~)")
PAGE_BREAK = '\n\n<div class="kb-page-break"></div>\n\n'
LETTERS = "ABCDEFGHIJ"
PLACEHOLDER = '<div class="kb-part" data-kb-part="{name}"></div>'
# A filled part keeps the name of the page it comes from (the every-page survey leaves to axe on that page
# what is the same HTML there: tests/page_survey.py).
PART = '<div class="kb-kit-part" data-kb-page="{name}">\n{html}\n</div>'
DETAILS_TAG = re.compile(r"<details\b[^>]*>|</details>")
TRAINER_NOTES_START = re.compile(r'<details class="abstract"(?: open(?:="open")?)?>')
EMPTY_SECTION_HTML = re.compile(r"<h([2-6])\b[^>]*>(?:(?!</h\1>).)*</h\1>\s*(?=<h[12]\b|\Z)", re.DOTALL)
FIRST_H1 = re.compile(r"<h1\b([^>]*)>(.*?)</h1>", re.DOTALL)
SLIDE_HEADING_OR_NOTES = re.compile(r'<h2\b([^>]*)>(.*?)</h2>|<aside class="kb-notes"[^>]*>.*?</aside>', re.DOTALL)
# `id(?<=\sid)` is `\sid`, but starting with letters lets the regex engine jump to each "id" (kit pages are long).
ID = re.compile(r'id(?<=\sid)="([^"]+)"')
HEADING = re.compile(r'<h([1-6])\b[^>]*\sid="([^"]+)"[^>]*>(.*?)</h\1>', re.DOTALL)
HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL)
ID_REFERENCE = re.compile(r'(\s(?:id|for|aria-labelledby|aria-describedby|aria-controls)=")([^"]*)"|(\shref="#)([^"]*)"')


# A module's pages that the kit is made from.
WORKSHOP_PAGE, CASE_PAGE, SELFTEST_PAGE, DECK_PAGE = "workshop.md", "case.md", "self-test.md", "deck.md"


@dataclass
class KitPage:
    """A handout or trainer pack being built: its Markdown with placeholders (front matter left out, as MkDocs
    converts it) and which page's HTML fills each ({file name: dest_uri})."""
    markdown: str
    parts: dict[str, str]
    trainer_pack: bool


@dataclass(frozen=True)
class Part:
    """One page of a module, as its Markdown without front matter."""
    name: str      # file name: 'case.md'
    markdown: str


def body(markdown: str) -> str:
    return FRONT_MATTER.sub("", markdown, count=1).strip()


def title(markdown: str, fallback: str = "") -> str:
    heading = H1.search(markdown)
    return heading.group(1) if heading else fallback


def without_trainer_notes(markdown: str) -> str:
    """The page with its trainer-notes blocks taken out (for trainees), and a heading left with nothing under it."""
    return EMPTY_SECTION.sub("", TRAINER_NOTES.sub("", markdown)).rstrip() + "\n"


def with_trainer_notes_open(markdown: str) -> str:
    return COLLAPSED_TRAINER_NOTES.sub("???+ abstract", markdown)


def speaker_notes(deck_markdown: str) -> str:
    """A deck as its slide headings, each with its speaker notes (the `/// notes` blocks), nothing else."""
    lines = body(deck_markdown).splitlines()
    out: list[str] = []
    in_fence = in_notes = False
    for line in lines:
        if FENCE.match(line.lstrip()):
            in_fence = not in_fence
        if in_notes:
            out.append(line)
            if BLOCK_END.match(line):
                in_notes = False
                out.append("")
        elif not in_fence and H2.match(line):
            out += ["", line, ""]
        elif not in_fence and NOTES_START.match(line):
            in_notes = True
            out.append(line)
    return "\n".join(out).strip() + "\n"


def voting_cards(letters: int, label: str) -> str:
    """HTML: one printed card per letter, A to the largest number of options of the deck's questions."""
    cards = "".join(f'<div class="kb-voting-card" role="img" aria-label="{html.escape(label)} {letter}">'
                    f"<span>{letter}</span></div>" for letter in LETTERS[:letters])
    return f'<div class="kb-voting-cards">{cards}</div>'


def part_placeholder(name: str) -> str:
    return PLACEHOLDER.format(name=name)


def handout_markdown(parts: list[Part], heading: str, intro: str, placeholders: bool = False) -> str:
    """The trainee handout: reading pages and case (trainer notes taken out), then the self-test."""
    module_title = title(parts[0].markdown) if parts else ""
    front = "---\nsearch:\n  exclude: true\nhandout: true\n---\n"
    texts = [part_placeholder(part.name) if placeholders and index else without_trainer_notes(body(part.markdown))
             for index, part in enumerate(parts)]
    return f"{front}# {heading}: {module_title}\n\n{intro}\n\n" + PAGE_BREAK.join(texts) + "\n"


@dataclass(frozen=True)
class TrainerPackText:
    heading: str          # 'Trainer pack'
    intro: str
    answer_key: str       # 'Answer key'
    speaker_notes: str    # 'Speaker notes'
    voting_cards: str     # 'Voting cards'
    voting_intro: str
    card: str             # 'Voting card' (each card's accessible name)


def trainer_pack_markdown(module_title: str, workshop: str | None, case: str | None, selftest: str | None,
                          deck: str | None, letters: int, text: TrainerPackText, placeholders: bool = False) -> str:
    """The trainer pack: plan, case with notes, answer key, speaker notes, voting cards (parts that exist).
    With `placeholders`, the plan, case and self-test are placeholders named after their files."""
    front = "---\nsearch:\n  exclude: true\nhandout: true\ntrainer_pack: true\n---\n"
    intro = f'# {text.heading}: {module_title}\n\n<div class="kb-trainer-pack"></div>\n\n{text.intro}\n'
    parts = [intro]
    if workshop:
        parts.append(part_placeholder(WORKSHOP_PAGE) if placeholders else body(workshop))
    if case:
        parts.append(part_placeholder(CASE_PAGE) if placeholders else with_trainer_notes_open(body(case)))
    if selftest:
        parts.append(f"# {text.answer_key}\n\n"
                     + (part_placeholder(SELFTEST_PAGE) if placeholders else _demote(body(selftest))))
    if deck:
        parts.append(f"# {text.speaker_notes}: {title(body(deck), module_title)}\n\n"
                     + (part_placeholder(DECK_PAGE) if placeholders else speaker_notes(deck)))
    if letters:
        parts.append(f"# {text.voting_cards}\n\n{text.voting_intro}\n\n" + voting_cards(letters, text.card))
    return front + PAGE_BREAK.join(parts) + "\n"


def _demote(markdown: str) -> str:
    """A page's own title becomes a subheading under the part's heading."""
    return H1.sub(lambda m: f"## {m.group(1)}", markdown, count=1)


# ---------------------------------------------------------------------------------------------- the pages' HTML

def _trainer_notes_spans(html: str) -> list[tuple[int, int]]:
    """(start, end) of each trainer-notes <details> in a page's HTML, nested <details> included."""
    spans: list[tuple[int, int]] = []
    for start in TRAINER_NOTES_START.finditer(html):
        if spans and start.start() < spans[-1][1]:
            continue  # inside the notes already found
        depth = 0
        for tag in DETAILS_TAG.finditer(html, start.start()):
            depth += -1 if tag.group(0) == "</details>" else 1
            if depth == 0:
                spans.append((start.start(), tag.end()))
                break
    return spans


def html_without_trainer_notes(html: str) -> str:
    """The page's HTML with its trainer notes taken out, and a heading left with nothing under it."""
    kept, position = [], 0
    for start, end in _trainer_notes_spans(html):
        kept.append(html[position:start])
        position = end
    kept.append(html[position:])
    return EMPTY_SECTION_HTML.sub("", "".join(kept).strip())


def html_with_trainer_notes_open(html: str) -> str:
    return TRAINER_NOTES_START.sub('<details class="abstract" open="open">', html)


def html_demoted(html: str) -> str:
    """The page's own title becomes a subheading under the part's heading."""
    return FIRST_H1.sub(r"<h2\1>\2</h2>", html, count=1)


def html_speaker_notes(deck_html: str) -> str:
    """A deck's HTML as its slide headings, each with its speaker notes, nothing else."""
    return "\n".join(found.group(0) for found in SLIDE_HEADING_OR_NOTES.finditer(deck_html))


def with_unique_ids(html: str, used: set[str]) -> str:
    """The part's HTML with each id that the page already has (in `used`) renamed like Python-Markdown's toc
    does (`id_1`), and the links and labels within the part that name it; adds the part's ids to `used`."""
    renamed = {}
    for found in dict.fromkeys(ID.findall(html)):
        if found in used:
            number = 1
            while f"{found}_{number}" in used:
                number += 1
            renamed[found] = f"{found}_{number}"
        used.add(renamed.get(found, found))
    if not renamed:
        return html

    def rename(match: re.Match[str]) -> str:
        if match.group(1):
            return match.group(1) + " ".join(renamed.get(name, name) for name in match.group(2).split(" ")) + '"'
        return f'{match.group(3)}{renamed.get(match.group(4), match.group(4))}"'

    return ID_REFERENCE.sub(rename, html)


def fill_parts(html: str, parts: dict[str, str], trainer_pack: bool) -> str:
    """The kit page's HTML with each placeholder replaced by its page's HTML ({file name: HTML})."""
    used = set(ID.findall(html))
    for name, part in parts.items():
        if name == CASE_PAGE:
            part = html_with_trainer_notes_open(part) if trainer_pack else html_without_trainer_notes(part)
        elif name == SELFTEST_PAGE and trainer_pack:
            part = html_demoted(part)
        elif name == DECK_PAGE:
            part = html_speaker_notes(part)
        html = html.replace(part_placeholder(name), PART.format(name=name, html=with_unique_ids(part, used)), 1)
    return html


def headings(html: str) -> list[tuple[int, str, str]]:
    """(level, id, title as HTML without its permalink) of each heading with an id, in order."""
    return [(int(level), anchor, HEADERLINK.sub("", title).strip()) for level, anchor, title in HEADING.findall(html)]
