"""Build step: the site navigation's HTML kept per item, so a page renders only the part that is its own.

Material's `partials/nav-item.html` renders the whole navigation on every page, so a build costs pages × nav
items: 4× the pages cost stock Material 5.4–5.8× the CPU. Yet an item that is not on the page's path (not
active, not the page) renders the same on every page, except for its links, which are relative to the page.
Those links are the same from every page in the same folder, unless they point inside the page's own folder:
from `modules/x/a/` and from `modules/x/b/` a link to `modules/y/` is `../../y/` either way, but one to
`modules/x/a/handout/` is not. So an item's HTML is kept under (item, its path and level, its parent's state,
the page's folder) and reused only where none of its links lies inside the page's own folder.
`overrides/partials/nav-item.html` (Material's macro, wrapped) asks `kb_nav.key(...)`, then `kb_nav.kept(key)`
or `kb_nav.keep(key, html)`. One `NavigationHtml` per language build: items are new objects in each build.
"""

from __future__ import annotations

import posixpath
from typing import Any

from jinja2 import Environment
from mkdocs.structure.nav import Link, Section
from mkdocs.structure.pages import Page


def _targets(item: Any) -> list[str]:
    """Every URL an item's HTML can link to: its own and its descendants'."""
    if isinstance(item, Section):
        return [url for child in item.children for url in _targets(child)]
    if isinstance(item, (Page, Link)):
        return [item.url or ""]
    return []


def _folder(url: str) -> str:
    """What MkDocs resolves a page's relative links against (mkdocs.utils.get_relative_url): the page's URL, or
    its folder when the URL names a file (`use_directory_urls: false`)."""
    head, tail = posixpath.split(url)
    return head if "." in tail else url


class NavigationHtml:
    def __init__(self) -> None:
        self._html: dict[tuple, str] = {}
        self._targets: dict[int, list[str]] = {}

    def key(self, item: Any, path: str, level: int, parent: Any, page: Any) -> tuple | None:
        """Where this item's HTML is kept for this page, or None when it must be rendered for this page alone."""
        if not isinstance(page, Page) or getattr(item, "active", False) or item is page:
            return None
        own = _folder(page.url).strip("/")
        if not own:
            return None  # the home page: every link is inside its folder
        targets = self._targets.get(id(item))
        if targets is None:
            targets = self._targets[id(item)] = _targets(item)
        if any(target == own or target.startswith(own + "/") for target in
               (url.strip("/") for url in targets if "://" not in url)):
            return None
        return (id(item), path, level, bool(getattr(parent, "active", False)), posixpath.dirname(own))

    def kept(self, key: tuple | None) -> str | None:
        return None if key is None else self._html.get(key)

    def keep(self, key: tuple | None, html: str) -> str:
        if key is not None:
            self._html[key] = html
        return html


def add_globals(env: Environment) -> None:
    env.globals["kb_nav"] = NavigationHtml()
