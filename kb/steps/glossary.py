"""Build step: the glossary for each page, passed to the glossary extension (kb.markdown.glossary) as its config.

A page gets the terms of docs/<language>/glossary.md in the language it is written in (a fallback page is
English text inside another language's site, so its terms are explained in English); the glossary page itself
gets none.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from kb import engine, languages
from kb.markdown import glossary

EXTENSION = "kb.markdown.glossary"


def configure_extension(page: Page, config: MkDocsConfig) -> None:
    terms: dict[str, str] = {}
    if PurePosixPath(page.file.src_uri).name != glossary.GLOSSARY_PAGE:
        terms = glossary.load(Path(config.docs_dir) / languages.of_page(page, config) / glossary.GLOSSARY_PAGE)
    engine.set_markdown_extension_config(config, EXTENSION, {"glossary": terms})
