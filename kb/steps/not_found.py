"""Build step: one 404 page per language, in that language (template overrides/404.html).

- Every language build writes 404.html to the site's root, so the last language built would win there. We keep
  each language's page as it is rendered and write it to its language's folder after the last language (the
  default language's stays at the root).
- A 404 page is served at any address, so MkDocs renders it with root-absolute links (the path of site_url,
  else "/"). Its search, its link home and its language switcher (to the other languages' 404 pages, not to
  whatever page static-i18n switched last) are made absolute the same way.
- Under `mkdocs serve`, a missing address below /nl/ gets the Dutch 404 page (kb/engine.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig

from kb import engine, languages
from kb.state import BuildState

NOT_FOUND_PAGE = "404.html"


def _root(config: MkDocsConfig) -> str:
    # The same root MkDocs gives an error page (mkdocs.commands.build._build_template).
    path = urlsplit(config.site_url or "/").path or "/"
    return path if path.endswith("/") else f"{path}/"


def is_not_found(template_name: str) -> bool:
    return template_name == NOT_FOUND_PAGE


def template_context(state: BuildState, context: dict[str, Any], config: MkDocsConfig) -> None:
    root = _root(config)
    current = languages.current(config)
    home = "" if config.use_directory_urls else "index.html"
    context["language_root"] = f"{root}{state.languages.prefix(current)}"
    context["search_home"] = f"{root}{state.languages.prefix(current)}{home}"
    context["search_form_id"] = "not-found"
    engine.set_switcher_links(config, [
        {"name": state.languages.names[language], "lang": language,
         "link": f"{root}{state.languages.prefix(language)}{NOT_FOUND_PAGE}"}
        for language in state.languages.codes])


def keep(state: BuildState, output: str, template_name: str, config: MkDocsConfig) -> None:
    if is_not_found(template_name):
        state.not_found_pages[languages.current(config)] = output


def write(state: BuildState, config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    for language, output in state.not_found_pages.items():
        (site / state.languages.prefix(language) / NOT_FOUND_PAGE).write_text(output, encoding="utf-8")


def serve_per_language(state: BuildState, server: Any, config: MkDocsConfig) -> None:
    """`mkdocs serve`: answer a missing address with the 404 page of the language folder it is in."""
    folders = {state.languages.prefix(language).rstrip("/") for language in state.languages.others}
    engine.serve_not_found_by_folder(server, Path(config.site_dir), folders, NOT_FOUND_PAGE)
