"""Build step: section titles in the reader's language. A navigation section takes the title of its index page
(front-matter title, else its first '# ' heading), so nav: in mkdocs.yml holds labels for maintainers only."""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from kb import frontmatter

HEADING = re.compile(r"^# +(.+?)\s*#*\s*$", re.M)


def title_of(page: Page) -> str | None:
    """A page's title before MkDocs reads it: front-matter title, else its first '# ' heading."""
    document = frontmatter.read(Path(page.file.abs_src_path or ""))
    if document.meta.get("title"):
        return str(document.meta["title"])
    heading = HEADING.search(document.body)
    return heading.group(1) if heading else None


def _retitle(items: list) -> None:
    for item in items:
        if isinstance(item, Section):
            index = next((child for child in item.children if isinstance(child, Page) and child.is_index), None)
            if index is not None:
                item.title = title_of(index) or item.title
            _retitle(item.children)


def retitle_sections(nav: Navigation) -> None:
    _retitle(nav.items)
