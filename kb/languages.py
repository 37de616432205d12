"""The site's languages, default included, read from one place: the i18n plugin's `languages` in the config.

- The plugin and its steps ask `of_config(config)` and, for the build in progress, `current(config)`.
- Commands and tests ask `site()` (our mkdocs.yml) or `from_config_file(path)` (an organisation's).
static-i18n builds the default language first and then each other language in turn, reconfiguring the same
config; `current` answers for the build in progress.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page
from mkdocs.utils.yaml import yaml_load

from kb import engine

SITE_CONFIG = Path(__file__).resolve().parents[1] / "mkdocs.yml"


@dataclass(frozen=True)
class Languages:
    codes: tuple[str, ...]              # in the config's order
    default: str
    names: dict[str, str]               # code → the language's own name ("Nederlands")

    def prefix(self, language: str) -> str:
        """URL folder of a language: '' for the default language, 'nl/' for Dutch."""
        return "" if language == self.default else f"{language}/"

    @property
    def others(self) -> tuple[str, ...]:
        return tuple(code for code in self.codes if code != self.default)


def from_entries(entries: list[dict[str, Any]], where: str = "mkdocs.yml") -> Languages:
    codes = [str(entry["locale"]) for entry in entries if entry.get("locale") is not None]
    defaults = [str(entry["locale"]) for entry in entries if entry.get("default")]
    if not codes:
        raise PluginError(f"{where}: plugins: i18n: languages lists no language.")
    return Languages(codes=tuple(codes), default=defaults[0] if defaults else codes[0],
                     names={str(entry["locale"]): str(entry.get("name") or entry["locale"]) for entry in entries})


def from_config_file(path: Path) -> Languages:
    """Languages of a config file (INHERIT and !ENV resolved as MkDocs does)."""
    with path.open(encoding="utf-8") as stream:
        data = yaml_load(stream) or {}
    for plugin in data.get("plugins") or []:
        if isinstance(plugin, dict) and engine.I18N_PLUGIN in plugin:
            return from_entries(list((plugin[engine.I18N_PLUGIN] or {}).get("languages") or []), str(path))
    raise PluginError(f"{path}: no '{engine.I18N_PLUGIN}' plugin with languages.")


@lru_cache(maxsize=None)
def site() -> Languages:
    """Our own site's languages (mkdocs.yml), for commands and tests."""
    return from_config_file(SITE_CONFIG)


def of_config(config: MkDocsConfig) -> Languages:
    return from_entries(engine.language_entries(config), str(config.config_file_path))


def check_theme_knows(config: MkDocsConfig) -> None:
    """Stop with one line naming the locale when the theme has no texts for it (a hand-edited `locale: xx`),
    instead of a template error deep in the build."""
    known = engine.theme_languages(config)
    ours = site().codes
    for code in of_config(config).codes:
        if code not in known:
            raise PluginError(f"{config.config_file_path}: plugins: i18n: languages: locale '{code}' is not a "
                              f"language code the theme knows; this knowledge base is written in "
                              f"{', '.join(ours)} (Norwegian is nb)")


# ------------------------------------------------------------------------------ the build in progress

def current(config: MkDocsConfig) -> str:
    return engine.current_language(config)


def built(config: MkDocsConfig) -> list[str]:
    return engine.build_languages(config)


def prefix(config: MkDocsConfig, language: str | None = None) -> str:
    """URL folder of a language (default: the one being built)."""
    return of_config(config).prefix(language or current(config))


def of_page(page: Page, config: MkDocsConfig) -> str:
    """The language a page is written in: the build's, or the default's for a page standing in as a fallback."""
    return engine.file_language(page.file) or current(config)


def is_fallback(page: Page, config: MkDocsConfig) -> bool:
    return engine.file_language(page.file) not in (None, current(config))
