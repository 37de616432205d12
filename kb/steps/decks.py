"""Build step: module decks, shown with reveal.js (overrides/deck.html, overrides/assets/javascripts/deck.js).

- A page with `deck: true` in its front matter is a deck: it is built with the template deck.html (no site
  navigation: the projected deck is the whole window) and its HTML is laid out as slides (kb/deck.py).
  Decks are opened from their module's pages, not from the navigation.
- Before each page is converted, the `/// question` extension (kb.markdown.question) gets its config for that
  page: the file (to find the self-test beside it and name file:line in messages) and the UI strings.
- Gives templates the links between a module and its deck: the module page and the workshop plan link to the
  deck (`deck_url`); the deck links back to its module (`module_url`, `module_title`).
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from kb import deck, engine, frontmatter, languages, ui_strings
from kb.state import BuildState

EXTENSION = "kb.markdown.question"
DECK_TEMPLATE = "deck.html"
DECK_PAGE = "deck.md"
MODULE_INDEX = "index.md"
# Pages of a module that link to its deck.
LINK_TO_DECK = {MODULE_INDEX, "workshop.md"}
QR_CODES = re.compile(r'<div class="kb-qr-codes" data-kb-qr>.*?</div>\s*\Z', re.DOTALL)


def is_deck(page: Page) -> bool:
    return bool(page.meta.get("deck"))


def leave_out_of_navigation(files: Files) -> None:
    """Decks are opened from their module's pages; listing them in the navigation would be a second way in."""
    for file in files.documentation_pages():
        if PurePosixPath(file.src_uri).name == DECK_PAGE:
            file.inclusion = InclusionLevel.NOT_IN_NAV


def _sibling(page: Page, files: Files, name: str) -> File | None:
    """The file standing for `name` in the page's folder, in the language being built (a fallback included)."""
    folder = PurePosixPath(page.file.dest_uri).parent
    if PurePosixPath(page.file.src_uri).name != MODULE_INDEX and page.file.use_directory_urls:
        folder = folder.parent  # modules/x/chime/index.html lives one folder down
    stem = PurePosixPath(name).stem
    candidates = {f"{folder}/index.html"} if stem == "index" else {f"{folder}/{stem}/index.html", f"{folder}/{stem}.html"}
    return next((f for f in files.documentation_pages() if f.dest_uri in candidates), None)


def configure(state: BuildState, page: Page, config: MkDocsConfig, files: Files) -> None:
    """Per page: the question extension's config; for a deck, its template; the links between module and deck."""
    language = languages.of_page(page, config)
    engine.set_markdown_extension_config(config, EXTENSION, {
        "source": f"{Path(config.docs_dir).name}/{page.file.src_uri}",
        "path": page.file.abs_src_path or "",
        "line_offset": frontmatter.of_file(page.file).body_line,
        "language": language,
        "ui": ui_strings.for_language(language, state.languages.default),
    })
    links: dict[str, Any] = {}
    if is_deck(page):
        page.meta["template"] = DECK_TEMPLATE
        module = _sibling(page, files, MODULE_INDEX)
        if module is not None and module is not page.file:
            links["module_url"] = module.url_relative_to(page.file)
            links["module_file"] = module
    elif PurePosixPath(page.file.src_uri).name in LINK_TO_DECK:
        deck_file = _sibling(page, files, DECK_PAGE)
        if deck_file is not None:
            links["deck_url"] = deck_file.url_relative_to(page.file)
    state.deck_links[page.file.src_uri] = links


def lay_out(html: str, page: Page) -> str:
    """A deck's HTML as reveal.js slides; QR codes to the module go on its title slide."""
    if not is_deck(page):
        return html
    qr = QR_CODES.search(html)
    layout = deck.SlideLayout(steps=page.meta.get("deck_steps", True) is not False)
    slides = deck.reveal_html(QR_CODES.sub("", html), layout)
    return slides.replace("</section>", qr.group(0) + "\n</section>", 1) if qr else slides


def page_context(state: BuildState, context: dict[str, Any], page: Page) -> None:
    links = dict(state.deck_links.get(page.file.src_uri, {}))
    module = links.pop("module_file", None)
    if module is not None:  # read now: every page has its title by the time templates run
        links["module_title"] = module.page.title if module.page is not None and module.page.title else ""
    context.update(links)
