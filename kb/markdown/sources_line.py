"""A page's sources line stays out of the search index: a Python-Markdown extension.

In mkdocs.yml: `kb.markdown.sources_line` under markdown_extensions. A page ends with the sources it draws on, a
paragraph of links to the sources page ("**Sources:** [SIND](../../sources.md#sind) · [Livslinien](…)"). Material's
search indexed that line with the page's last section, so a source's name found the wrong section (searching
"Opptrappingsplan", Norway's plan, found Denmark's emergency numbers, whose section ends the page) and the line
padded that section's preview. A paragraph that opens with a bold label followed straight away by a link to the
sources page gets `data-search-exclude`, which Material's search leaves out; readers still see it, and the sources
page itself is still found. A sentence that cites a source in passing ("… ([Movisie](../../sources.md#…))") is
content and stays in the index.

The rule is about structure (a label, then where the first link points), not about the label's words, so it holds
in every language and for an organisation's own pages.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

SOURCES_PAGE = "sources.md"
SEARCH_EXCLUDE = "data-search-exclude"


def points_at_sources_page(href: str) -> bool:
    """A link to the sources page (any anchor on it), as written in Markdown: before MkDocs makes it a URL."""
    parts = urlsplit(href)
    return not parts.scheme and not parts.netloc and PurePosixPath(parts.path).name == SOURCES_PAGE


def is_sources_line(paragraph: etree.Element) -> bool:
    """`<p><strong>Label</strong> <a href="…sources.md#…">…` : a bold label, then at once a link to the sources
    page (what follows may link elsewhere too, as to a module's overview)."""
    children = list(paragraph)
    return (len(children) >= 2 and not (paragraph.text or "").strip() and children[0].tag == "strong"
            and not (children[0].tail or "").strip() and children[1].tag == "a"
            and points_at_sources_page(children[1].get("href", "")))


class SourcesLineTreeprocessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for paragraph in root.iter("p"):
            if is_sources_line(paragraph):
                paragraph.set(SEARCH_EXCLUDE, "")


class SourcesLineExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After the inline pass made the links (20), before MkDocs turns 'sources.md' into a URL ('relpath', 0).
        md.treeprocessors.register(SourcesLineTreeprocessor(md), "kb_sources_line", 1)


def makeExtension(**kwargs: Any) -> SourcesLineExtension:
    return SourcesLineExtension(**kwargs)
