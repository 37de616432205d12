"""Build step: one 404 page per language.

Every language build writes 404.html to the site's root, so the last language built would win there. We keep
each language's page as it is rendered and write it to its language's folder after the last language.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from kb import languages
from kb.state import BuildState

NOT_FOUND_PAGE = "404.html"


def keep(state: BuildState, output: str, template_name: str, config: MkDocsConfig) -> None:
    if template_name == NOT_FOUND_PAGE:
        state.not_found_pages[languages.current(config)] = output


def write(state: BuildState, config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    for language, output in state.not_found_pages.items():
        (site / state.languages.prefix(language) / NOT_FOUND_PAGE).write_text(output, encoding="utf-8")
