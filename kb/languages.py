"""Which language is being built, read from mkdocs-static-i18n; shared by our hooks.

static-i18n builds the default language first and then each other language in turn, reconfiguring the same
config; these helpers answer for the build in progress.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page


def i18n_plugin(config: MkDocsConfig):
    plugin = config.plugins.get("i18n")
    if plugin is None:
        raise PluginError("Our hooks need the mkdocs-static-i18n plugin ('i18n' in plugins).")
    return plugin


def current(config: MkDocsConfig) -> str:
    return i18n_plugin(config).current_language


def default(config: MkDocsConfig) -> str:
    return i18n_plugin(config).default_language


def built(config: MkDocsConfig) -> list[str]:
    return list(i18n_plugin(config).build_languages)


def prefix(config: MkDocsConfig, language: str | None = None) -> str:
    """URL folder of a language (default: the one being built): '' for the default language, 'nl/' for Dutch."""
    language = language or current(config)
    return "" if language == default(config) else f"{language}/"


def of_page(page: Page, config: MkDocsConfig) -> str:
    """The language a page is written in: the build's, or the default's for a page standing in as a fallback."""
    return getattr(page.file, "locale", None) or current(config)


def is_fallback(page: Page, config: MkDocsConfig) -> bool:
    return getattr(page.file, "locale", None) not in (None, current(config))
