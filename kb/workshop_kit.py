"""The printed workshop kit of a module, as Markdown made from its pages: the trainee handout and the trainer pack.

- Trainee handout: the module's reading pages, the case WITHOUT its trainer notes, the self-test as a worksheet
  (print styles number the questions and leave the boxes empty; the answers never print).
- Trainer pack: the workshop plan, the case WITH its trainer notes, the self-test as an answer key (answers and
  explanations shown), the deck's speaker notes slide by slide, and voting cards with as many letters as the
  deck's questions have options.

Trainer notes are the `??? abstract "…"` block of a case page (CONTRIBUTING.md); print.css keeps them off every
printed page except the trainer pack, which carries the `.kb-trainer-pack` marker.
These are pure functions over Markdown text; the build step decides which files they read.
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
            out += ["", "###" + line[2:], ""]
        elif not in_fence and NOTES_START.match(line):
            in_notes = True
            out.append(line)
    return "\n".join(out).strip() + "\n"


def voting_cards(letters: int, label: str) -> str:
    """HTML: one printed card per letter, A to the largest number of options of the deck's questions."""
    cards = "".join(f'<div class="kb-voting-card" role="img" aria-label="{html.escape(label)} {letter}">'
                    f"<span>{letter}</span></div>" for letter in LETTERS[:letters])
    return f'<div class="kb-voting-cards">{cards}</div>'


def handout_markdown(parts: list[Part], heading: str, intro: str) -> str:
    """The trainee handout: reading pages and case (trainer notes taken out), then the self-test."""
    module_title = title(parts[0].markdown) if parts else ""
    front = "---\nsearch:\n  exclude: true\nhandout: true\n---\n"
    texts = [without_trainer_notes(body(part.markdown)) for part in parts]
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
                          deck: str | None, letters: int, text: TrainerPackText) -> str:
    """The trainer pack: plan, case with notes, answer key, speaker notes, voting cards (parts that exist)."""
    front = "---\nsearch:\n  exclude: true\nhandout: true\ntrainer_pack: true\n---\n"
    intro = f'# {text.heading}: {module_title}\n\n<div class="kb-trainer-pack"></div>\n\n{text.intro}\n'
    parts = [intro]
    if workshop:
        parts.append(body(workshop))
    if case:
        parts.append(with_trainer_notes_open(body(case)))
    if selftest:
        parts.append(f"## {text.answer_key}\n\n" + _demote(body(selftest)))
    if deck:
        parts.append(f"## {text.speaker_notes}: {title(body(deck), module_title)}\n\n" + speaker_notes(deck))
    if letters:
        parts.append(f"## {text.voting_cards}\n\n{text.voting_intro}\n\n" + voting_cards(letters, text.card))
    return front + PAGE_BREAK.join(parts) + "\n"


def _demote(markdown: str) -> str:
    """A page's own title becomes a subheading under the part's heading."""
    return H1.sub(lambda m: f"### {m.group(1)}", markdown, count=1)
