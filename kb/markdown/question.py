"""The `/// question` block: a question of the module's self-test, shown live on a slide of the module's deck.

    ## Whose recovery is it?

    /// question | chime-source
    ///

The block names a question id of the self-test on `self-test.md` in the same folder as the deck. It renders
exactly as that question renders on the self-test page (kb/markdown/selftest.py), so the same script
(selftest.js) checks it: the options are shown and the answer stays closed until someone reveals it. The
question is not stored in the browser's progress (data-store="off"): a deck shown to a room must not arrive
with answers someone gave earlier, and a room's answers are not the trainer's own progress.

A wrong id stops the build: `docs/nl/modules/recovery/deck.md:14: question 'x' is not in self-test.md`.
In mkdocs.yml: `kb.markdown.question`; the kb plugin sets the config per page (kb/steps/decks.py).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown import Markdown
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from pymdownx.blocks import BlocksExtension
from pymdownx.blocks.block import Block

from kb import frontmatter, languages, ui_strings
from kb.markdown import selftest

BLOCK_NAME = "question"
SELFTEST_PAGE = "self-test.md"
BLOCK_START = re.compile(rf"^/{{3,}}\s*{BLOCK_NAME}\b", re.MULTILINE)
FENCE = re.compile(r"^(```|~~~)")


class DeckQuestionError(selftest.SelfTestError):
    """A question block that names no question of the module's self-test."""


def block_lines(markdown: str) -> list[int]:
    """0-based line of each `/// question` header outside code fences."""
    if BLOCK_NAME not in markdown:
        return []  # most pages: no need to look at each line
    found, in_fence = [], False
    for index, line in enumerate(markdown.splitlines()):
        if FENCE.match(line.lstrip()):
            in_fence = not in_fence
        elif not in_fence and BLOCK_START.match(line):
            found.append(index)
    return found


def load_selftest(path: Path) -> selftest.SelfTest:
    """The self-test on a module's self-test.md (its first `/// selftest` block). The file is read once per build
    (`frontmatter.read`): each question of a deck and the deck's trainer pack ask for it."""
    document = frontmatter.read(path)
    blocks = selftest.find_blocks(document.front + document.body)  # the whole file: lines count from its top
    if not blocks:
        raise DeckQuestionError(f"{path}: holds no '/// {selftest.BLOCK_NAME}' block")
    _, body_line, test_id, title, body = blocks[0]
    return selftest.parse(body, test_id, title, lambda line: f"{path.name}:{body_line + line + 1}")


def option_count(question: selftest.Question) -> int:
    """How many lettered answers a room votes between (A, B, …), as readers see them; 0 for a matching question."""
    return 0 if question.type == "matching" else len(question.shown)


@dataclass
class PageQuestions:
    """What the extension knows about the page being converted (from its config) and finds in it."""
    source: str = "<string>"            # the file, named in messages
    path: str = ""                      # the file on disk ('' for a page without one)
    line_offset: int = 0                # lines of the file before the Markdown text (front matter)
    ui: dict[str, str] = field(default_factory=dict)
    block_lines: list[int] = field(default_factory=list)  # 0-based file line of each '/// question'
    block_headers: list[str] = field(default_factory=list)
    rendered: int = 0

    def where(self, number: int) -> str:
        return f"{self.source}:{self.block_lines[number] + 1}" if number < len(self.block_lines) else self.source


class DeckQuestionBlock(Block):
    NAME = BLOCK_NAME
    ARGUMENT = True  # the question id

    def on_markdown(self) -> str:
        return "raw"

    def on_create(self, parent: etree.Element) -> etree.Element:
        return etree.SubElement(parent, "div")

    def on_end(self, block: etree.Element) -> None:
        page: PageQuestions = self.config["page"]
        where = page.where(page.rendered)
        page.rendered += 1
        question_id = (self.argument or "").strip()
        selftest_path = Path(page.path).parent / SELFTEST_PAGE if page.path else None
        if selftest_path is None or not selftest_path.exists():
            raise DeckQuestionError(f"{where}: question '{question_id}': there is no {SELFTEST_PAGE} beside this "
                                    "page to take it from")
        test = load_selftest(selftest_path)
        numbers = {q.id: index for index, q in enumerate(test.questions, start=1)}
        if question_id not in numbers:
            raise DeckQuestionError(f"{where}: question '{question_id}' is not in {SELFTEST_PAGE} "
                                    f"(its questions: {', '.join(numbers)})")
        if (block.text or "").strip():
            raise DeckQuestionError(f"{where}: question '{question_id}': the block takes only the id; the question "
                                    f"itself is written in {SELFTEST_PAGE}")
        block.text = None
        # The same markup as on the self-test page, so selftest.js checks it and print styles apply.
        block.set("class", "kb-selftest kb-deck-question")
        block.set("data-selftest", test.id)
        block.set("data-store", "off")
        items = etree.SubElement(block, "ol", {"class": "kb-selftest__questions"})
        item = etree.SubElement(items, "li", {"class": "kb-selftest__item", "value": str(numbers[question_id])})
        selftest.Renderer(page.ui, selftest.SafeInline()).question(
            item, test, test.questions[numbers[question_id] - 1], numbers[question_id])
        etree.SubElement(block, "div", {"class": "kb-selftest__summary", "role": "status", "aria-live": "polite"})


class _BlockLines(Preprocessor):
    """Notes where each block starts, in the file's own lines (before raw HTML is stashed away)."""

    def __init__(self, md: Markdown, page: PageQuestions) -> None:
        super().__init__(md)
        self.page = page

    def run(self, lines: list[str]) -> list[str]:
        found = block_lines("\n".join(lines))
        self.page.block_lines = [line + self.page.line_offset for line in found]
        self.page.block_headers = [lines[line].strip() for line in found]
        self.page.rendered = 0
        return lines


class _EveryBlockRecognised(Treeprocessor):
    """Blocks leaves a block it does not recognise (no id) as plain text, which must not ship."""

    def __init__(self, md: Markdown, page: PageQuestions) -> None:
        super().__init__(md)
        self.page = page

    def run(self, root: etree.Element) -> None:
        page = self.page
        if page.rendered < len(page.block_lines):
            text = "\n".join(root.itertext())
            left = [line for line, header in zip(page.block_lines, page.block_headers) if header in text]
            line = (left or page.block_lines[page.rendered:])[0] + 1
            raise DeckQuestionError(f"{page.source}:{line}: a '/// {BLOCK_NAME}' block was not recognised: write "
                                    f"'/// {BLOCK_NAME} | <question-id>' and end the block with '///'.")


class DeckQuestionExtension(BlocksExtension):
    """The `/// question` block. In mkdocs.yml: `kb.markdown.question`; the kb plugin sets the config per page."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "source": ["<string>", "the file, named in messages (docs/nl/modules/x/deck.md)"],
            "path": ["", "the file on disk: the self-test is read from self-test.md beside it"],
            "line_offset": [0, "lines of the file before the Markdown text (front matter), for messages"],
            "language": ["", "the page's language; '' for the site's default language"],
            "ui": [{}, "UI strings in that language; {} reads them from overrides/ui_strings.yml"],
        }
        super().__init__(**kwargs)

    def extendMarkdownBlocks(self, md: Markdown, block_mgr: Any) -> None:
        ui = self.getConfig("ui")
        if not ui:
            site = languages.site()
            ui = ui_strings.for_language(self.getConfig("language") or site.default, site.default)
        page = PageQuestions(source=self.getConfig("source"), path=self.getConfig("path"),
                             line_offset=self.getConfig("line_offset"), ui=ui)
        block_mgr.register(DeckQuestionBlock, {"page": page})
        md.preprocessors.register(_BlockLines(md, page), "kb_question_lines", 40)
        md.treeprocessors.register(_EveryBlockRecognised(md, page), "kb_question_check", 30)


def makeExtension(**kwargs: Any) -> DeckQuestionExtension:
    return DeckQuestionExtension(**kwargs)
