"""UI strings for templates, self-tests and scripts, from overrides/ui_strings.yml ({id: {language: text}})."""

from __future__ import annotations

import logging
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError

UI_STRINGS_FILE = Path(__file__).resolve().parents[1] / "overrides" / "ui_strings.yml"
log = logging.getLogger("mkdocs.plugins.kb.ui_strings")


def load(path: Path = UI_STRINGS_FILE) -> dict[str, dict[str, str]]:
    """All strings; a malformed file fails the build with its name."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise PluginError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise PluginError(f"{path}: expected string ids, each with a text per language.")
    return data


def for_language(language: str, fallback: str = "en", strings: dict | None = None) -> dict[str, str]:
    """Strings in one language; a missing translation falls back visibly to the default language, with a warning."""
    result = {}
    for key, translations in (strings or load()).items():
        text = translations.get(language)
        if text is None:
            log.warning(f"{UI_STRINGS_FILE.name}: '{key}' has no '{language}' text; using '{fallback}'.")
            text = translations.get(fallback, key)
        result[key] = text
    return result
