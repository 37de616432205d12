"""Build step: the site navigation's HTML kept per item, so a page renders only the part that is its own.

Material's `partials/nav-item.html` renders the whole navigation on every page, so a build costs pages × nav
items: 4× the pages cost stock Material 5.4–5.8× the CPU. Yet an item that is not on the page's path (not
active, not the page) renders the same on every page, except for its links, which are relative to the page.
Those links are the same from every page in the same folder, unless they point inside the page's own folder:
from `modules/x/a/` and from `modules/x/b/` a link to `modules/y/` is `../../y/` either way, but one to
`modules/x/a/handout/` is not. So an item's HTML is kept under (item, its path and level, its parent's state,
the page's folder) and reused only where none of its links lies inside the page's own folder.
`overrides/partials/nav-item.html` (Material's macro file) calls `kb_nav.render(...)` for every item, with
Material's own macro to render it when nothing is kept: a call into Python per item, not a Jinja macro call
and three Python calls, since a section of n pages costs n items on each of its n pages.
One `NavigationHtml` per language build: items are new objects in each build.
"""

from __future__ import annotations

import posixpath
from typing import Any, Callable

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
        self._targets: dict[int, tuple[str, ...]] = {}
        # The page the last key was asked for, with its folder (empty: the home page) and that folder's parent.
        self._page: Any = None
        self._own = ""
        self._own_parent = ""

    def key(self, item: Any, path: str, level: int, parent: Any, page: Any) -> tuple | None:
        """Where this item's HTML is kept for this page, or None when it must be rendered for this page alone."""
        if page is not self._page:
            if not isinstance(page, Page):
                return None
            self._page = page
            self._own = _folder(page.url).strip("/")
            self._own_parent = posixpath.dirname(self._own)
        own = self._own
        if not own or item is page or getattr(item, "active", False):
            return None  # on the home page every link is inside its folder
        targets = self._targets.get(id(item))
        if targets is None:
            targets = self._targets[id(item)] = tuple(url.strip("/") for url in _targets(item) if "://" not in url)
        inside = own + "/"
        for target in targets:
            if target == own or target.startswith(inside):
                return None
        return (id(item), path, level, parent is not None and bool(getattr(parent, "active", False)),
                self._own_parent)

    def render(self, item: Any, path: str, level: int, parent: Any, page: Any,
               render_uncached: Callable[..., str]) -> str:
        """The item's HTML for this page: kept from an earlier page where it is the same, else rendered."""
        key = self.key(item, path, level, parent, page)
        if key is not None:
            html = self._html.get(key)
            if html is not None:
                return html
        html = render_uncached(item, path, level, parent)
        if key is not None:
            self._html[key] = html
        return html

    def children(self, section: Any, index: Any, path: str, level: int, page: Any,
                 render_uncached: Callable[..., str]) -> str:
        """What Material's loop over a section's children writes (its `{% for %}` and `{% if %}` tags' whitespace
        included, so that every page stays byte for byte what Material writes): each child but the section's
        index page, at path `<path>_<n>` with n counting every child."""
        parts = []
        for number, child in enumerate(section.children, start=1):
            parts.append(_BEFORE_CHILD)
            if not index or child != index:
                parts += (_AROUND_CHILD[0],
                          self.render(child, f"{path}_{number}", level + 1, section, page, render_uncached),
                          _AROUND_CHILD[1])
            parts.append(_AFTER_CHILD)
        return "".join(parts)


# The whitespace Material's template writes around each child (its loop's tags are not trimmed).
_BEFORE_CHILD = "\n" + " " * 14
_AROUND_CHILD = ("\n" + " " * 16, "\n" + " " * 14)
_AFTER_CHILD = "\n" + " " * 12


def add_globals(env: Environment) -> None:
    env.globals["kb_nav"] = NavigationHtml()
