"""MkDocs hook: glossary tooltips on every page, in the page's language.

Terms and definitions are read from ``docs/<language>/glossary.md`` (a Markdown definition list), so
content stays in content. On each page the first use of each term becomes
``<abbr title="definition" tabindex="0">`` (Material's ``content.tooltips`` shows it on hover and on
keyboard focus). Only the first use: a page full of underlined words is hard to read. Plural and
inflected forms match too (up to three extra letters: "mantelzorgers" for "mantelzorger").
Text in headings, links, code, figures' captions and the glossary itself is left alone.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.pages import Page

log = get_plugin_logger("kb.glossary")

GLOSSARY_PAGE = "glossary.md"
# Inflections allowed after a term: enough for Germanic plurals and genitives, not for compounds.
MAX_SUFFIX = 3
SKIP_TAGS = {
    "a", "abbr", "button", "code", "dt", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6",
    "kbd", "label", "option", "pre", "script", "select", "style", "summary", "svg", "textarea", "title",
}
TAG = re.compile(r"(<!--.*?-->|<[^>]+>)", re.S)
TAG_NAME = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)")
DEFINITION = re.compile(r"^:\s{1,4}(.*)$")
MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
MARKDOWN_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)")

_cache: dict[Path, tuple[float, dict[str, str]]] = {}


def plain(markdown: str) -> str:
    return MARKDOWN_EMPHASIS.sub("", MARKDOWN_LINK.sub(r"\1", markdown)).strip()


def parse_glossary(path: Path) -> dict[str, str]:
    """Read a definition list: {term: definition}. Errors name the file and line."""
    terms: dict[str, str] = {}
    seen_at: dict[str, int] = {}
    lines = path.read_text(encoding="utf-8").splitlines()
    previous = ""
    current = None
    for number, line in enumerate(lines, start=1):
        match = DEFINITION.match(line)
        if match:
            if current is None:
                term = previous.strip()
                if not term or term.startswith("#"):
                    raise PluginError(f"{path}:{number}: a definition (': …') with no term on the line above it.")
                key = term.lower()
                if key in seen_at:
                    raise PluginError(f"{path}:{number}: '{term}' is defined twice (first at line {seen_at[key]}).")
                seen_at[key] = number - 1
                current = term
                terms[current] = plain(match.group(1))
            else:
                terms[current] += " " + plain(match.group(1))  # a second definition of the same term
        elif current is not None and line.startswith("    ") and line.strip():
            terms[current] += " " + plain(line)  # continuation of the definition
        elif line.strip():
            current = None
        if line.strip():
            previous = line
    for term, definition in terms.items():
        if not definition:
            raise PluginError(f"{path}:{seen_at[term.lower()] + 1}: '{term}' has an empty definition.")
    return terms


def glossary_for(language: str, config: MkDocsConfig) -> dict[str, str]:
    path = Path(config.docs_dir) / language / GLOSSARY_PAGE
    if not path.exists():
        return {}
    modified = path.stat().st_mtime
    if path not in _cache or _cache[path][0] != modified:
        _cache[path] = (modified, parse_glossary(path))
    return _cache[path][1]


def term_pattern(terms: list[str]) -> re.Pattern:
    alternatives = "|".join(r"\s+".join(map(re.escape, term.split())) for term in terms)
    return re.compile(rf"(?<![\w-])(?:{alternatives})\w{{0,{MAX_SUFFIX}}}(?![\w-])", re.I)


def annotate(page_html: str, glossary: dict[str, str]) -> str:
    """Wrap the first use of each glossary term in an <abbr> tooltip."""
    if not glossary:
        return page_html
    terms = sorted(glossary, key=len, reverse=True)  # longest first: "personal recovery" before "recovery"
    normalised = [(" ".join(term.lower().split()), term) for term in terms]
    pattern = term_pattern(terms)
    used: set[str] = set()

    def wrap(match: re.Match) -> str:
        found = " ".join(match.group(0).lower().split())
        term = next((term for key, term in normalised if found.startswith(key)), None)
        if term is None or term in used:
            return match.group(0)
        used.add(term)
        title = html.escape(glossary[term], quote=True)
        return f'<abbr title="{title}" tabindex="0">{match.group(0)}</abbr>'

    skipping: list[str] = []
    out = []
    for part in TAG.split(page_html):
        if part.startswith("<"):
            tag = TAG_NAME.match(part)
            if tag:
                closing, name = tag.group(1), tag.group(2).lower()
                if closing and skipping and skipping[-1] == name:
                    skipping.pop()
                elif not closing and name in SKIP_TAGS and not part.endswith("/>"):
                    skipping.append(name)
            out.append(part)
        elif skipping or not part.strip():
            out.append(part)
        else:
            out.append(pattern.sub(wrap, part))
    return "".join(out)


def on_page_content(page_html: str, page: Page, config: MkDocsConfig, files):
    if Path(page.file.src_uri).name == GLOSSARY_PAGE:
        return page_html
    # A fallback page is English text inside another language's site: explain its terms in English.
    language = getattr(page.file, "locale", None) or config.theme.get("language") or "en"
    return annotate(page_html, glossary_for(language, config))
