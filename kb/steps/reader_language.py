"""Build step: every screen in the reader's language, including text that the theme and Python-Markdown bring.

- Plural forms: a UI string `key` may have a `key_one` form; `plural(key, n)` in templates picks it by the
  language's plural rule (Babel's CLDR data, the same rules as Intl.PluralRules in our scripts).
- The palette toggle's names in mkdocs.yml are English: `reader_text` (a template filter) turns a text that is
  one of our UI strings (in any language) into the reader's language; an organisation's own names pass through.
- Heading anchors: the toc extension's "Permanent link" title, per page, in the page's language.
- The theme's own words that it leaves untranslated ("Header", "Footer" in nl and nb): our strings `theme.*`
  take precedence. `theme_text(key)` (a template global) answers as overrides/partials/language.html's macro
  would, ours first, then Material's in the reader's language, then its English, from tables read once a build
  of a language: Material's macro writes out its whole table on every call.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig

from kb import engine, languages, ui_strings
from kb.state import BuildState

TOC_EXTENSION = "toc"
PERMALINK_TITLE = "theme.permalink"


def plural_text(strings: dict[str, str], language: str, key: str, count: int) -> str:
    """The form of UI string `key` for `count` (placeholders left for the caller): see ui_strings.plural_key."""
    return strings[ui_strings.plural_key(strings, key, count, language)]


def reader_text(strings: dict[str, str], all_strings: dict[str, dict[str, str]]) -> Callable[[str], str]:
    """Text in any language of one of our UI strings → that string in the reader's language (`strings`)."""
    by_text = {text: strings[key] for key, texts in all_strings.items() if key in strings
               for text in texts.values()}

    def translate(text: str) -> str:
        return by_text.get(text, text)

    return translate


def theme_text(strings: Mapping[str, str], theme: Mapping[str, str], english: Mapping[str, str]
               ) -> Callable[[str], str]:
    """The theme's text for `key`: our `theme.<key>` string, else the theme's in the language, else its English,
    else the key itself (as Material's own macro answers)."""
    def text(key: str) -> str:
        return strings.get(f"theme.{key}") or theme.get(key) or english.get(key) or key

    return text


def add_globals(state: BuildState, env: Environment, config: MkDocsConfig) -> None:
    language = languages.current(config)
    strings = ui_strings.for_language(language, state.languages.default)
    env.globals["plural"] = lambda key, count: plural_text(strings, language, key, int(count))
    env.filters["reader_text"] = reader_text(strings, ui_strings.load())
    theme = engine.theme_translations(env, config.theme["language"])
    english = engine.theme_translations(env, "en")
    if theme is not None and english is not None:
        env.globals["theme_text"] = theme_text(strings, theme, english)
    else:
        env.globals.pop("theme_text", None)


def configure_markdown(state: BuildState, config: MkDocsConfig) -> None:
    # The reader's language, also on a page standing in for a missing translation: the anchor is UI, not content.
    strings = ui_strings.for_language(languages.current(config), state.languages.default)
    settings: dict[str, Any] = dict(config.mdx_configs.get(TOC_EXTENSION) or {})
    if settings.get("permalink"):
        settings["permalink_title"] = strings[PERMALINK_TITLE]
        engine.set_markdown_extension_config(config, TOC_EXTENSION, settings)
