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

import bisect
import posixpath
from dataclasses import dataclass
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
        self._runs: dict[tuple, _SectionRun] = {}
        # The page the last key was asked for, with its folder (empty: the home page) and that folder's parent.
        self._page: Any = None
        self._own = ""
        self._own_parent = ""

    def key(self, item: Any, path: str, level: int, parent: Any, page: Any) -> tuple | None:
        """Where this item's HTML is kept for this page, or None when it must be rendered for this page alone."""
        own = self._at(page)
        if not own or item is page or getattr(item, "active", False):
            return None  # on the home page every link is inside its folder
        inside = own + "/"
        for target in self._targets_of(item):
            if target == own or target.startswith(inside):
                return None
        return (id(item), path, level, parent is not None and bool(getattr(parent, "active", False)),
                self._own_parent)

    def render(self, item: Any, path: str, level: int, parent: Any, page: Any,
               render_uncached: Callable[..., str]) -> str:
        """The item's HTML for this page: kept from an earlier page where it is the same, else rendered."""
        return self._html_and_kept(item, path, level, parent, page, render_uncached)[0]

    def _html_and_kept(self, item: Any, path: str, level: int, parent: Any, page: Any,
                       render_uncached: Callable[..., str]) -> tuple[str, bool]:
        """The item's HTML for this page, and whether it is kept (the same on every page of the page's folder)."""
        key = self.key(item, path, level, parent, page)
        html = self._html.get(key) if key is not None else None
        if html is None:
            html = render_uncached(item, path, level, parent)
            if key is not None:
                self._html[key] = html
        return html, key is not None

    def children(self, section: Any, index: Any, path: str, level: int, page: Any,
                 render_uncached: Callable[..., str]) -> str:
        """What Material's loop over a section's children writes (its `{% for %}` and `{% if %}` tags' whitespace
        included, so that every page stays byte for byte what Material writes): each child but the section's
        index page, at path `<path>_<n>` with n counting every child.

        A section's loop runs on every page, so for a section of n pages n² children would go through Python.
        What the loop writes for a child is kept per child and per folder of pages (the key's page-dependent
        part), so that a page asks only for the children it must render itself: those on its path and those
        with a link inside its own folder, found without looking at the others."""
        own = self._at(page)
        if not own:
            return "".join(self._chunk(section, index, number, child, path, level, page, render_uncached)[0]
                           for number, child in enumerate(section.children, start=1))
        active = bool(getattr(section, "active", False))
        context = (id(section), path, level, active, self._own_parent)
        run = self._runs.get(context)
        if run is None:
            run = self._runs[context] = _SectionRun.of(section, self._targets_of)
        alone = run.rendered_alone(page, own)
        if run.missing:
            parts = []
            for number, child in enumerate(section.children, start=1):
                chunk = run.chunks[number - 1]
                if chunk is None or number - 1 in alone:
                    chunk, kept = self._chunk(section, index, number, child, path, level, page, render_uncached)
                    if kept and number - 1 not in alone:
                        run.chunks[number - 1] = chunk
                        run.missing -= 1
                parts.append(chunk)
            return "".join(parts)
        parts = run.chunks.copy()  # type: ignore[assignment]  # none is None: nothing is missing
        for position in alone:
            parts[position] = self._chunk(section, index, position + 1, section.children[position], path, level,
                                          page, render_uncached)[0]
        return "".join(parts)

    def _at(self, page: Any) -> str:
        """The page's own folder (set for the keys), or '' when nothing is kept on it (the home page, or no page)."""
        if page is not self._page:
            if not isinstance(page, Page):
                return ""
            self._page = page
            self._own = _folder(page.url).strip("/")
            self._own_parent = posixpath.dirname(self._own)
        return self._own

    def _targets_of(self, item: Any) -> tuple[str, ...]:
        targets = self._targets.get(id(item))
        if targets is None:
            targets = self._targets[id(item)] = tuple(url.strip("/") for url in _targets(item) if "://" not in url)
        return targets

    def _chunk(self, section: Any, index: Any, number: int, child: Any, path: str, level: int, page: Any,
               render_uncached: Callable[..., str]) -> tuple[str, bool]:
        """What the loop writes for one child, and whether it is the same on every page in the page's folder."""
        if index and child == index:
            return _BEFORE_CHILD + _AFTER_CHILD, True
        html, kept = self._html_and_kept(child, f"{path}_{number}", level + 1, section, page, render_uncached)
        return _BEFORE_CHILD + _AROUND_CHILD[0] + html + _AROUND_CHILD[1] + _AFTER_CHILD, kept


@dataclass
class _SectionRun:
    """A section's children as its loop writes them on the pages of one folder; None where not written yet."""
    chunks: list[str | None]
    missing: int
    position: dict[int, int]            # id(child) -> its place among the section's children
    targets: list[tuple[str, int]]      # every child's link targets, sorted, each with the child's place

    @classmethod
    def of(cls, section: Any, targets_of: Callable[[Any], tuple[str, ...]]) -> _SectionRun:
        children = section.children
        return cls(chunks=[None] * len(children), missing=len(children),
                   position={id(child): place for place, child in enumerate(children)},
                   targets=sorted((target, place) for place, child in enumerate(children)
                                  for target in targets_of(child)))

    def rendered_alone(self, page: Any, own: str) -> set[int]:
        """The children that `key` leaves unkept on this page: those on the page's path (the page and its
        ancestors are the active items; their links include the page's own, so the second test finds them too)
        and those with a link to the page's own folder or inside it."""
        alone = set()
        item = page
        while item is not None:
            place = self.position.get(id(item))
            if place is not None:
                alone.add(place)
            item = item.parent
        for prefix, exact in ((own, True), (own + "/", False)):
            at = bisect.bisect_left(self.targets, (prefix,))
            while at < len(self.targets) and (self.targets[at][0] == prefix if exact
                                               else self.targets[at][0].startswith(prefix)):
                alone.add(self.targets[at][1])
                at += 1
        return alone


# The whitespace Material's template writes around each child (its loop's tags are not trimmed).
_BEFORE_CHILD = "\n" + " " * 14
_AROUND_CHILD = ("\n" + " " * 16, "\n" + " " * 14)
_AFTER_CHILD = "\n" + " " * 12


def add_globals(env: Environment) -> None:
    env.globals["kb_nav"] = NavigationHtml()
