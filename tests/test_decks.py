"""Module decks (docs/<lang>/modules/<module>/deck.md) are written for the room: short slides, every slide with a
heading, the module's figure and key self-test questions, and the same slides in every language."""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import LANGUAGES, ROOT
from kb.markdown import selftest
from mkdocs.utils.meta import get_data


DOCS = ROOT / "docs"
MIN_SLIDES, MAX_SLIDES = 10, 20
MEDIAN_WORDS, MAX_WORDS = 30, 60

NOTES = re.compile(r"^/// notes[^\n]*\n.*?^///[ \t]*$", re.DOTALL | re.MULTILINE)
QUESTION = re.compile(r"^/// question \| *([a-z0-9-]+)[ \t]*\n(?:.*?\n)??///[ \t]*$", re.DOTALL | re.MULTILINE)
ANY_BLOCK = re.compile(r"^///(?!/)", re.MULTILINE)
IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)[^)]*\)(\{[^}]*\})?")
WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


@dataclass
class Slide:
    heading: str
    body: str            # without notes, question blocks and images: what the room reads
    line: int
    notes: str = ""
    questions: list[str] = field(default_factory=list)
    figures: list[tuple[str, str]] = field(default_factory=list)   # (text alternative, file)

    @property
    def words(self) -> int:
        return len(WORD.findall(f"{self.heading}\n{self.body}"))


@dataclass
class Deck:
    path: Path
    meta: dict
    title: str
    slides: list[Slide]

    @property
    def question_ids(self) -> list[str]:
        return [q for s in self.slides for q in s.questions]

    @property
    def figure_files(self) -> list[str]:
        return [f for s in self.slides for _, f in s.figures]


def parse_deck(path: Path) -> Deck:
    text, meta = get_data(path.read_text("utf-8"))
    offset = path.read_text("utf-8").count("\n") - text.count("\n")
    parts = re.split(r"^## ", text, flags=re.MULTILINE)
    title = re.search(r"^# (.+)$", parts[0], re.MULTILINE)
    slides = []
    line = offset + parts[0].count("\n")
    for part in parts[1:]:
        heading, _, rest = part.partition("\n")
        notes = "\n".join(m.group(0) for m in NOTES.finditer(rest))
        body = NOTES.sub("", rest)
        questions = QUESTION.findall(body)
        body = QUESTION.sub("", body)
        figures = [(m.group(1), m.group(2)) for m in IMAGE.finditer(body)]
        body = IMAGE.sub("", body)
        slides.append(Slide(heading.strip(), body.strip(), line + 1, notes, questions, figures))
        line += part.count("\n")
    return Deck(path, meta, title.group(1).strip() if title else "", slides)


def decks() -> list[Path]:
    return sorted(DOCS.glob("*/modules/*/deck.md"))


def english(path: Path) -> Path:
    return DOCS / "en" / path.relative_to(DOCS).relative_to(path.relative_to(DOCS).parts[0])


def self_test_ids(module_dir: Path) -> set[str]:
    ids: set[str] = set()
    page = module_dir / "self-test.md"
    if page.exists():
        for _, _, test_id, title, body in selftest.find_blocks(page.read_text("utf-8")):
            ids |= {q.id for q in selftest.parse(body, test_id, title).questions}
    return ids


def where(deck: Deck, slide: Slide | None = None) -> str:
    name = deck.path.relative_to(ROOT).as_posix()
    return f"{name}:{slide.line} ('{slide.heading}')" if slide else name


def test_every_module_of_every_language_has_a_deck():
    english_modules = sorted(p.parent.name for p in (DOCS / "en" / "modules").glob("*/self-test.md"))
    missing = [f"docs/{language}/modules/{module}/deck.md" for language in LANGUAGES for module in english_modules
               if not (DOCS / language / "modules" / module / "deck.md").exists()]
    assert not missing, "modules without a deck:\n" + "\n".join(missing)


@pytest.mark.parametrize("path", decks(), ids=lambda p: p.relative_to(DOCS).parent.as_posix())
def test_deck_is_written_for_the_room(path: Path):
    deck = parse_deck(path)
    problems = []
    if deck.meta.get("deck") is not True:
        problems.append(f"{where(deck)}: front matter needs 'deck: true'")
    if not deck.title:
        problems.append(f"{where(deck)}: no '# ' title slide")
    if not MIN_SLIDES <= len(deck.slides) <= MAX_SLIDES:
        problems.append(f"{where(deck)}: {len(deck.slides)} slides, want {MIN_SLIDES}–{MAX_SLIDES}")
    counts = [s.words for s in deck.slides]
    if counts and statistics.median(counts) > MEDIAN_WORDS:
        problems.append(f"{where(deck)}: median {statistics.median(counts)} words per slide, want ≤ {MEDIAN_WORDS}")
    for slide in deck.slides:
        if not slide.heading:
            problems.append(f"{where(deck, slide)}: slide without a heading")
        if slide.words > MAX_WORDS:
            problems.append(f"{where(deck, slide)}: {slide.words} words on the slide, want ≤ {MAX_WORDS}")
        if not slide.notes.strip():
            problems.append(f"{where(deck, slide)}: no speaker notes")
        if ANY_BLOCK.search(slide.body):
            problems.append(f"{where(deck, slide)}: unclosed or unknown '///' block in the slide body")
        if slide.figures:
            if len(slide.figures) > 1 or slide.body or slide.questions:
                problems.append(f"{where(deck, slide)}: a figure slide holds one figure and nothing but its heading")
            for alt, figure in slide.figures:
                if not figure.endswith(".svg") or not (path.parent / figure).exists():
                    problems.append(f"{where(deck, slide)}: figure '{figure}' is not an SVG in the module folder")
                if len(alt) < 10:
                    problems.append(f"{where(deck, slide)}: figure '{figure}' needs a text alternative")
        if slide.questions and slide.body:
            problems.append(f"{where(deck, slide)}: a question slide holds the question and nothing else")
    questions = deck.question_ids
    if not 3 <= len(questions) <= 4:
        problems.append(f"{where(deck)}: {len(questions)} question slides, want 3–4")
    known = self_test_ids(path.parent)
    for slide in deck.slides:
        for question in slide.questions:
            if question not in known:
                problems.append(f"{where(deck, slide)}: question '{question}' is not in {path.parent.name}/self-test.md")
    for svg in sorted(path.parent.glob("*.svg")):
        if svg.name not in deck.figure_files:
            problems.append(f"{where(deck)}: the module's figure {svg.name} has no figure slide")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", [p for p in decks() if not p.is_relative_to(DOCS / "en")],
                         ids=lambda p: p.relative_to(DOCS).parent.as_posix())
def test_translated_deck_has_the_english_slides(path: Path):
    source = english(path)
    assert source.exists(), f"{path.relative_to(ROOT)}: no English deck {source.relative_to(ROOT)}"
    deck, original = parse_deck(path), parse_deck(source)
    problems = []
    if not deck.meta.get("translated_from"):
        problems.append(f"{where(deck)}: no 'translated_from' (python3 scripts/translation_status.py stamp …)")
    if len(deck.slides) != len(original.slides):
        problems.append(f"{where(deck)}: {len(deck.slides)} slides, English has {len(original.slides)}")
    shape = [(bool(s.figures), tuple(s.questions), tuple(f for _, f in s.figures)) for s in deck.slides]
    original_shape = [(bool(s.figures), tuple(s.questions), tuple(f for _, f in s.figures)) for s in original.slides]
    if shape != original_shape:
        problems.append(f"{where(deck)}: question ids or figures differ from English "
                        f"({deck.question_ids} {deck.figure_files} ≠ {original.question_ids} {original.figure_files})")
    assert not problems, "\n".join(problems)


def test_parse_deck_strips_notes_questions_and_figures(tmp_path: Path):
    """The word count sees only what the room reads."""
    deck_file = tmp_path / "deck.md"
    deck_file.write_text("---\ndeck: true\n---\n# Title\n\nSub\n\n## One two\n\n- three four\n\n/// notes\n"
                         + "many words " * 100 + "\n///\n\n## Figure\n\n![A long text alternative](x.svg)\n\n"
                         "/// notes\nn\n///\n\n## Q\n\n/// question | some-id\n///\n", "utf-8")
    deck = parse_deck(deck_file)
    assert [s.heading for s in deck.slides] == ["One two", "Figure", "Q"]
    assert [s.words for s in deck.slides] == [4, 1, 1]
    assert deck.slides[1].figures == [("A long text alternative", "x.svg")] and deck.slides[1].body == ""
    assert deck.question_ids == ["some-id"] and deck.slides[0].line == 8
