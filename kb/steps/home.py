"""Build step: the module cards of the home page (kb/markdown/home.py), from the modules themselves.

For the language being built, after the navigation is made: one card per module (a folder of pages with an
overview, modules/<module>/index.md, or an organisation's own folder), in navigation order, with

- title: the overview's title; one line: its front matter `description:`, else the first sentence of its first
  paragraph; icon: its front matter `icon:` (a Material icon), else the module's number;
- the time to study it, computed (nobody writes it by hand), see study_minutes();
- its self-tests' ids and number of questions, for the reader's progress (selftest.js fills it in).

Before each page is converted, the home extension gets the cards, the page's path, the UI strings and the plural
rule of the reader's language.
"""

from __future__ import annotations

import math
import re
from pathlib import Path, PurePosixPath

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from kb import engine, frontmatter, languages, ui_strings
from kb.markdown import selftest
from kb.markdown.home import ModuleCard
from kb.state import BuildState
from kb.steps import handouts, reader_language, sections

EXTENSION = "kb.markdown.home"

# Study time = reading time of the module's pages for trainees (the workshop plan is the trainer's) at a
# studying pace, plus time for each self-test question (read, answer, read the explanation), rounded up to
# ROUND_TO minutes. 180 words a minute is below the ~240 of silent reading of non-fiction, since the reader
# studies and looks at figures; the constants are the whole formula.
WORDS_PER_MINUTE = 180
MINUTES_PER_QUESTION = 1.0
ROUND_TO = 5

# What is not read as text: fenced code, HTML tags, speaker-note and other /// blocks' markers, link targets,
# attribute lists, Markdown punctuation.
_FENCE = re.compile(r"^(```|~~~).*?^\1\s*$", re.M | re.S)
_NOTES = re.compile(r"^/{3,}\s*notes\b.*?^/{3,}\s*$", re.M | re.S)
_LINK_TARGET = re.compile(r"\]\([^)]*\)|\]\[[^\]]*\]")
_NOISE = re.compile(r"<[^>]+>|\{[:.#][^}]*\}|^/{3,}.*$|^\s{0,3}(?:[*+-]|\d+[.)])\s|[#*_>`|~\[\]!]", re.M)
# For counting, the same in fewer instructions: of the punctuation only '_' is part of a word (\w), so only it is
# replaced; and the line-start alternatives start at the '\n' before the line (the text gets one in front), so
# that every alternative starts with a literal character and the regex engine skips to those.
_STRUCTURE = re.compile(r"<[^>]+>|\{[:.#][^}]*\}|\n(?:/{3,}[^\n]*|\s{0,3}(?:[*+-]|\d+[.)])\s)")
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_SENTENCE = re.compile(r"^(.+?[.!?])(?:\s|$)")


def count_words(markdown: str) -> int:
    text = _FENCE.sub(" ", markdown) if "```" in markdown or "~~~" in markdown else markdown
    text = _NOTES.sub(" ", text) if "///" in text else text
    return len(_WORD.findall(_STRUCTURE.sub(" ", "\n" + _LINK_TARGET.sub("]", text)).replace("_", " ")))


def study_minutes(words: int, questions: int) -> int:
    minutes = words / WORDS_PER_MINUTE + questions * MINUTES_PER_QUESTION
    return max(ROUND_TO, math.ceil(minutes / ROUND_TO) * ROUND_TO)


def first_sentence(markdown: str) -> str:
    """The first sentence of the first paragraph, as plain text."""
    paragraph: list[str] = []
    for line in _FENCE.sub("", markdown).splitlines():
        stripped = line.strip()
        if not stripped:
            if paragraph:
                break
            continue
        if stripped[0] in "#-*+>!|<{/" or re.match(r"\d+[.)]\s", stripped):
            if paragraph:
                break
            continue
        paragraph.append(stripped)
    text = re.sub(r"\s+", " ", _NOISE.sub("", _LINK_TARGET.sub("]", " ".join(paragraph)))).strip()
    sentence = _SENTENCE.match(text)
    return sentence.group(1) if sentence else text


def _source(file: File) -> frontmatter.Document:
    return frontmatter.read(Path(file.abs_src_path or ""))


def _selftests(file: File) -> list[tuple[str, int]]:
    tests = []
    for _, _, test_id, title, body in selftest.find_blocks(_source(file).body):
        try:
            tests.append((test_id, len(selftest.parse(body, test_id, title).questions)))
        except PluginError:
            continue  # the page's own build names the mistake, with its line
    return tests


def modules_by_folder(files: list[File], order: dict[str, int], own_prefix: str, other_prefixes: list[str]
                      ) -> dict[str, list[tuple[str, list[File]]]]:
    """{folder: [(module, its trainee pages, overview first)]}, modules and pages in navigation order.

    A module is a folder with an overview, <language>/<folder>/<module>/index.md ('modules/recovery', or an
    organisation's own 'onboarding' at the top, folder ''); only pages published in the language being built."""
    found: dict[str, dict[str, list[File]]] = {}
    for file in files:
        parts = PurePosixPath(file.src_uri).parts
        if len(parts) < 3 or parts[-1] in handouts.NOT_IN_HANDOUT or not file.dest_uri.startswith(own_prefix):
            continue
        if not own_prefix and any(file.dest_uri.startswith(other) for other in other_prefixes):
            continue
        found.setdefault("/".join(parts[1:-2]), {}).setdefault(parts[-2], []).append(file)
    last = 1 << 30
    result = {}
    for folder, modules in found.items():
        listed = []
        for slug, pages in modules.items():
            pages.sort(key=lambda f: (PurePosixPath(f.src_uri).name != "index.md", order.get(f.src_uri, last)))
            if pages[0].src_uri.endswith("/index.md"):
                listed.append((slug, pages))
        listed.sort(key=lambda item: order.get(item[1][0].src_uri, last))
        result[folder] = listed
    return result


def collect_cards(state: BuildState, nav: Navigation, files: Files, config: MkDocsConfig) -> None:
    language = languages.current(config)
    order = {page.file.src_uri: index for index, page in enumerate(nav.pages)}
    others = [state.languages.prefix(other) for other in state.languages.others if other != language]
    folders = modules_by_folder(list(files.documentation_pages()), order, state.languages.prefix(language), others)
    state.module_cards[language] = {folder: _cards(folder, modules, config) for folder, modules in folders.items()}


def _cards(folder: str, modules: list[tuple[str, list[File]]], config: MkDocsConfig) -> list[ModuleCard]:
    cards: list[ModuleCard] = []
    for number, (slug, pages) in enumerate(modules, start=1):
        index = pages[0]
        document = _source(index)
        words, questions, ids = 0, 0, []
        for file in pages:
            tests = _selftests(file)
            if tests:
                ids += [test_id for test_id, _ in tests]
                questions += sum(count for _, count in tests)
            else:
                words += count_words(_source(file).body)
        title = sections.title_of(index.page) if isinstance(index.page, Page) else None
        icon = str(document.meta.get("icon") or "")
        cards.append(ModuleCard(
            number=number, title=title or slug, description=str(document.meta.get("description") or "").strip()
            or first_sentence(document.body), src_path=f"{folder}/{slug}/index.md".lstrip("/"),
            minutes=study_minutes(words, questions), selftests=tuple(ids), questions=questions,
            icon_svg=engine.material_icon(config, icon) if icon else ""))
    return cards


def configure_extension(state: BuildState, page: Page, config: MkDocsConfig, search_home: str) -> None:
    language = languages.current(config)
    strings = ui_strings.for_language(language, state.languages.default)
    parts = PurePosixPath(page.file.src_uri).parts
    # src_uri starts with the language folder (docs/<language>/…); the cards name paths inside it.
    inside = "/".join(parts[1:]) if parts and parts[0] in state.languages.codes else page.file.src_uri
    engine.set_markdown_extension_config(config, EXTENSION, {
        "cards": state.module_cards.get(language, {}),
        "page_path": inside,
        "ui": strings,
        "plural": lambda key, count: reader_language.plural_text(strings, language, key, count),
        "search_home": search_home,
    })
