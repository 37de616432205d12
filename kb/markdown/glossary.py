"""Glossary tooltips: a Python-Markdown extension built on Python-Markdown's own `abbr`.

In mkdocs.yml: `kb.markdown.glossary` under markdown_extensions (in place of `abbr`; `*[HTML]: …` abbreviations
in a page still work). Its `glossary` option ({term: definition}) is abbr's; the kb plugin fills it per page
from ``docs/<language>/glossary.md`` (a Markdown definition list, read by `parse_glossary`), so content stays
in content. On each page the first use of each term becomes ``<abbr title="definition" tabindex="0">``
(Material's ``content.tooltips`` shows it on hover and on keyboard focus). Only the first use: a page full of
underlined words is hard to read. Inflected forms match: up to three extra letters after each word of a term
("mantelzorgers" for "mantelzorger", "zelfsturende teams" for "zelfsturend team"), not compounds.
Text in headings, links, code, figures' captions and form labels is left alone.

A tooltip is plain text. Material puts an abbr's title into the page as HTML, and a definition may be written by
an organisation's staff, so '<' and '>' in a definition are shown as '‹' and '›': no definition can add markup
or run script.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from markdown import Markdown
from markdown.extensions.abbr import AbbrExtension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString
from mkdocs.exceptions import PluginError

from kb import frontmatter

GLOSSARY_PAGE = "glossary.md"
# Inflections allowed after each word of a term: enough for Germanic plurals and genitives, not for compounds.
MAX_SUFFIX = 3
SKIP_TAGS = {
    "a", "abbr", "button", "code", "dt", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6",
    "kbd", "label", "option", "pre", "script", "select", "style", "summary", "svg", "textarea", "title",
}
DEFINITION = re.compile(r"^:\s{1,4}(.*)$")
MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
MARKDOWN_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)")
# What a tooltip shows instead of the two characters that could start markup.
PLAIN_TEXT = str.maketrans({"<": "\u2039", ">": "\u203a"})


def plain(markdown: str) -> str:
    return MARKDOWN_EMPHASIS.sub("", MARKDOWN_LINK.sub(r"\1", markdown)).strip()


def parse_glossary(path: Path) -> dict[str, str]:
    """Read a definition list: {term: definition}. Errors name the file and line."""
    terms: dict[str, str] = {}
    seen_at: dict[str, int] = {}
    document = frontmatter.read(path)
    lines = [""] * document.body_line + document.body.splitlines()
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


@lru_cache(maxsize=32)
def _load(path: Path, modified: float) -> dict[str, str]:
    return parse_glossary(path)


def load(path: Path) -> dict[str, str]:
    """A glossary file's terms, read again only when the file changes (as under `mkdocs serve`)."""
    return _load(path, path.stat().st_mtime) if path.exists() else {}


class TermPattern(NamedTuple):
    lower: re.Pattern[str]      # for the text in lower case: a third fewer instructions than re.IGNORECASE
    any_case: re.Pattern[str]   # for the rare text that lower() makes longer ('İ'), so that positions still match
    term_of_group: tuple[str, ...]


@lru_cache(maxsize=64)
def term_pattern(terms: tuple[str, ...]) -> TermPattern:
    """Regexes for the terms, tried in the order given, and the term of each of their groups (a match's
    `lastindex`).

    The terms are grouped by their first letter (`r(?:ecovery plan|ecovery)`): Python's regex engine tries the
    alternatives one by one at every position, and this way only those that can start there (5x faster)."""
    inflected = rf"\w{{0,{MAX_SUFFIX}}}"
    by_first: dict[str, list[str]] = {}
    for term in terms:
        by_first.setdefault(term[0].lower(), []).append(term)
    branches, of_group = [], []
    for same_start in by_first.values():
        rests = []
        for term in same_start:
            first, *others = term.lower().split()
            rests.append("(" + re.escape(first[1:]) + inflected
                         + "".join(r"\s+" + re.escape(word) + inflected for word in others) + ")")
            of_group.append(term)
        branches.append(re.escape(same_start[0][0].lower()) + "(?:" + "|".join(rests) + ")")
    source = rf"(?<![\w-])(?:{'|'.join(branches)})(?![\w-])"
    return TermPattern(re.compile(source), re.compile(source, re.I), tuple(of_group))


def tooltip_text(definition: str) -> str:
    return " ".join(definition.split()).translate(PLAIN_TEXT)


class GlossaryTreeprocessor(Treeprocessor):
    """Wraps the first use of each term in an <abbr> tooltip, in document order (abbr's own processor wraps
    every use, of the exact form only)."""

    def __init__(self, md: Markdown, abbrs: dict[str, str]) -> None:
        super().__init__(md)
        self.abbrs = abbrs

    def run(self, root: etree.Element) -> None:
        if not self.abbrs:
            return
        # Longest first: "personal recovery" before "recovery". The regex tries the terms in this order, so the
        # group that matched is the longest term found there.
        self.terms = tuple(sorted(self.abbrs, key=len, reverse=True))
        self.pattern = term_pattern(self.terms)
        self.shortest = min(len(term) for term in self.terms)
        self.used: set[str] = set()
        self._walk(root)

    def _split(self, text: str) -> tuple[str, list[etree.Element]]:
        """The text before the first new tooltip, and the tooltips (each with the text after it as its tail)."""
        head, position = text, 0
        made: list[etree.Element] = []
        if len(text) < self.shortest or len(self.used) == len(self.terms):
            return head, made
        lower = text.lower()
        matches = (self.pattern.lower.finditer(lower) if len(lower) == len(text)
                   else self.pattern.any_case.finditer(text))
        for match in matches:
            term = self.pattern.term_of_group[(match.lastindex or 1) - 1]
            if term in self.used:
                continue
            self.used.add(term)
            abbr = etree.Element("abbr", {"title": tooltip_text(self.abbrs[term]), "tabindex": "0"})
            abbr.text = AtomicString(text[match.start():match.end()])
            if made:
                made[-1].tail = text[position:match.start()]
            else:
                head = text[:match.start()]
            made.append(abbr)
            position = match.end()
        if made:
            made[-1].tail = text[position:]
        return head, made

    def _walk(self, element: etree.Element) -> None:
        made: list[etree.Element] = []
        if element.text and not isinstance(element.text, AtomicString):
            element.text, made = self._split(element.text)
            for index, abbr in enumerate(made):
                element.insert(index, abbr)
        index = len(made)
        while index < len(element):
            child = element[index]
            index += 1
            if isinstance(child.tag, str) and child.tag not in SKIP_TAGS:
                self._walk(child)
            if child.tail and not isinstance(child.tail, AtomicString):
                child.tail, after = self._split(child.tail)
                for offset, abbr in enumerate(after):
                    element.insert(index + offset, abbr)
                index += len(after)


class GlossaryExtension(AbbrExtension):
    """abbr with first-use, inflection-aware matching and plain-text tooltips."""

    def extendMarkdown(self, md: Markdown) -> None:
        super().extendMarkdown(md)
        # Replaces abbr's own processor (same name and priority: after inline processing, before the TOC).
        md.treeprocessors.register(GlossaryTreeprocessor(md, self.abbrs), "abbr", 7)


def makeExtension(**kwargs: Any) -> GlossaryExtension:
    return GlossaryExtension(**kwargs)
