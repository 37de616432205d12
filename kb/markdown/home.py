"""Blocks for a home page, so that its content stays prose and its cards come from the modules themselves.

    /// search
    ///

    /// paths
    - [For trainees](#for-trainees): study alone, on a phone.
    - [For trainers](#for-trainers): workshops, slides and handouts.
    ///

    /// modules
    ///

- `search`: a search field; it sends ?q= to the language's home page, where Material's search opens.
- `paths`: the list inside becomes a row of large links (a <nav>), one tap from the top of the page.
- `modules`: one card per module, in navigation order: its number (or the Material icon named in the front
  matter of its overview, `icon: material/sprout`), title, one line (front matter `description:`, else the first
  sentence of its first paragraph), the time to study it and the reader's progress in its self-test (filled in
  from this browser's storage by selftest.js). The kb plugin collects the cards per language
  (kb/steps/home.py); an organisation's copy names its own folder of modules: `    folder: our-modules`, or
  `    folder: .` for modules at the top of its docs folder.

In mkdocs.yml: `kb.markdown.home`; the kb plugin sets the config per page.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from markdown import Markdown
from pymdownx.blocks import BlocksExtension
from pymdownx.blocks.block import Block, type_string

DEFAULT_FOLDER = "modules"


@dataclass(frozen=True)
class ModuleCard:
    number: int
    title: str
    description: str
    src_path: str              # the overview's path inside the language folder: modules/recovery/index.md
    minutes: int               # time to study (kb/steps/home.py: study_minutes)
    selftests: tuple[str, ...]  # self-test ids
    questions: int             # questions in those self-tests
    icon_svg: str = ""         # inline SVG of a Material icon, or "" for the number


def _plural_other(key: str, count: int) -> str:
    return key


@dataclass
class HomeSettings:
    cards: dict[str, list[ModuleCard]]          # {folder: cards in navigation order}
    page_path: str                              # the page's path inside the language folder (index.md)
    ui: dict[str, str]
    plural: Callable[[str, int], str]           # (UI string id, count) → the text of the right plural form
    search_home: str                            # the language's home page, relative to this page

    def text(self, key: str, count: int | None = None, **values: Any) -> str:
        template = self.plural(key, count) if count is not None else self.ui.get(key, key)
        return template.format(**values)

    def link(self, src_path: str) -> str:
        """A link to a page by its source path, relative to this page's source: MkDocs turns it into the
        page's address (and checks it), as it does for links written in Markdown."""
        return posixpath.relpath(src_path, posixpath.dirname(self.page_path) or ".")


def _sub(parent: etree.Element, tag: str, text: str | None = None, **attrs: str) -> etree.Element:
    element = etree.SubElement(parent, tag, {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


class ModulesBlock(Block):
    NAME = "modules"
    ARGUMENT = False
    OPTIONS = {"folder": (DEFAULT_FOLDER, type_string)}

    def on_create(self, parent: etree.Element) -> etree.Element:
        settings: HomeSettings = self.config["settings"]
        section = _sub(parent, "section", class_="kb-modules", aria_label=settings.text("home.modules"))
        cards = _sub(section, "ul", class_="kb-cards")
        folder = self.options["folder"].strip("/")
        for card in settings.cards.get("" if folder == "." else folder, []):
            self._card(cards, card, settings)
        return section

    @staticmethod
    def _card(parent: etree.Element, card: ModuleCard, settings: HomeSettings) -> None:
        item = _sub(parent, "li", class_="kb-card")
        head = _sub(item, "div", class_="kb-card__head")
        figure = _sub(head, "span", class_="kb-card__figure", aria_hidden="true")
        if card.icon_svg:
            figure.append(etree.fromstring(card.icon_svg))
        else:
            _sub(figure, "span", str(card.number), class_="kb-card__number")
        # A heading for screen readers' heading list, not an <h3>: the toc extension would list it and give it
        # a permanent link.
        title = _sub(head, "p", class_="kb-card__title", role="heading", aria_level="3")
        _sub(title, "a", card.title, href=settings.link(card.src_path))
        if card.description:
            _sub(item, "p", card.description, class_="kb-card__text")
        meta = _sub(item, "p", class_="kb-card__meta")
        meta.text = settings.text("home.study_time_label") + ": "
        _sub(meta, "span", settings.text("home.study_time", minutes=card.minutes), class_="kb-card__time")
        if card.selftests and card.questions:
            bar = _sub(item, "progress", class_="kb-card__progress", max=str(card.questions), value="0",
                       aria_hidden="true")
            bar.text = ""
            _sub(item, "p", settings.text("home.progress", card.questions, answered=0, total=card.questions),
                 class_="kb-card__progress-text", data_kb_module_progress="",
                 data_selftests=" ".join(card.selftests), data_questions=str(card.questions))


class PathsBlock(Block):
    NAME = "paths"
    ARGUMENT = False

    def on_create(self, parent: etree.Element) -> etree.Element:
        settings: HomeSettings = self.config["settings"]
        return _sub(parent, "nav", class_="kb-paths", aria_label=settings.text("home.paths"))


class SearchBlock(Block):
    NAME = "search"
    ARGUMENT = False

    def on_create(self, parent: etree.Element) -> etree.Element:
        settings: HomeSettings = self.config["settings"]
        form = _sub(parent, "form", class_="kb-search-form", role="search", action=settings.search_home,
                    method="get")
        _sub(form, "label", settings.text("search.label"), class_="kb-search-form__label", for_="kb-search-home")
        row = _sub(form, "span", class_="kb-search-form__row")
        _sub(row, "input", class_="kb-search-form__input", id="kb-search-home", type="search", name="q",
             required="required", autocomplete="off")
        _sub(row, "button", settings.text("search.button"), class_="md-button md-button--primary kb-search-form__button",
             type="submit")
        return form


class HomeExtension(BlocksExtension):
    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "cards": [{}, "{folder: [ModuleCard]} for the language being built (set by the kb plugin)"],
            "page_path": ["index.md", "the page's path inside its language folder"],
            "ui": [{}, "UI strings in the page's language"],
            # (Not None: Python-Markdown turns a None-default option into a bool.)
            "plural": [_plural_other, "(UI string id, count) → the text of the right plural form"],
            "search_home": ["./", "the language's home page, relative to the page"],
        }
        super().__init__(**kwargs)

    def extendMarkdownBlocks(self, md: Markdown, block_mgr: Any) -> None:
        settings = HomeSettings(cards=self.getConfig("cards"), page_path=self.getConfig("page_path"),
                                ui=self.getConfig("ui"), plural=self.getConfig("plural"),
                                search_home=self.getConfig("search_home"))
        for block in (ModulesBlock, PathsBlock, SearchBlock):
            block_mgr.register(block, {"settings": settings})


def makeExtension(**kwargs: Any) -> HomeExtension:
    return HomeExtension(**kwargs)
