"""UI strings for templates, self-tests and scripts, from overrides/ui_strings.yml ({id: {language: text}})."""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import Callable

import yaml
from babel import Locale, UnknownLocaleError, localedata
from mkdocs.exceptions import PluginError

UI_STRINGS_FILE = Path(__file__).resolve().parents[1] / "overrides" / "ui_strings.yml"
# libyaml's loader when PyYAML was built with it: the same result, several times faster.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
log = logging.getLogger("mkdocs.plugins.kb.ui_strings")


@lru_cache(maxsize=8)
def _read(path: Path, modified: float) -> dict[str, dict[str, str]]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)
    except yaml.YAMLError as error:
        raise PluginError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise PluginError(f"{path}: expected string ids, each with a text per language.")
    return data


def load(path: Path = UI_STRINGS_FILE) -> dict[str, dict[str, str]]:
    """All strings; a malformed file fails the build with its name. Read once (again only after the file
    changes, as under `mkdocs serve`); callers must not modify the result."""
    return _read(path, path.stat().st_mtime)


@lru_cache(maxsize=32)
def _for_language(language: str, fallback: str, path: Path, modified: float) -> dict[str, str]:
    result = {}
    for key, translations in _read(path, modified).items():
        text = translations.get(language)
        if text is None:
            log.warning(f"{path.name}: '{key}' has no '{language}' text; using '{fallback}'.")
            text = translations.get(fallback, key)
        result[key] = text
    return result


def for_language(language: str, fallback: str, path: Path = UI_STRINGS_FILE) -> dict[str, str]:
    """Strings in one language; a missing translation falls back visibly to `fallback` (the default language),
    with a warning. Cached like load(); callers must not modify the result."""
    return _for_language(language, fallback, path, path.stat().st_mtime)


@lru_cache(maxsize=16)
def _plural_rule(language: str) -> Callable[[int], str]:
    try:
        return Locale.parse(language).plural_form
    except (ValueError, UnknownLocaleError):
        return lambda count: "one" if count == 1 else "other"
    finally:
        # The rule is all we need of the locale's CLDR data; Babel would keep all of it for the whole build
        # (7,000 objects for our four languages, which every full garbage collection then walks through).
        localedata.clear_caches()


def plural_key(strings: dict[str, str], key: str, count: int, language: str) -> str:
    """`key_one` when the language's plural rules (CLDR, through Babel; Intl.PluralRules in our scripts) put
    `count` in category 'one' and the file has that form, else `key` (the other form)."""
    return f"{key}_one" if _plural_rule(language)(count) == "one" and f"{key}_one" in strings else key


def plural(strings: dict[str, str], key: str, count: int, language: str, **values: object) -> str:
    """The text of `key` for `count` in `language`, placeholders filled ({count} and `values`)."""
    return strings[plural_key(strings, key, count, language)].format(count=count, **values)
