"""Untrusted text to inline HTML: only the Markdown we mean, and no way to run script.

Self-test text (and any other short text written by an organisation's staff) may use emphasis (`*a*`, `**a**`,
`_a_`), code (`` `a` ``), and links (`[a](page.md)`, `[a](https://…)`, `[a](mailto:…)`, `<https://…>`). Everything
else stays text: raw HTML is shown as written, images become their alt text and link, and `{…}` is never an
attribute list, whatever extensions the page itself uses.

How: a private Python-Markdown instance with no extensions and only those inline patterns turns the text into
elements; every text node becomes an AtomicString (the page's own inline pass and the glossary leave it alone)
with braces written as character references (so the page's attr_list, which runs later on the whole tree, finds
no `{…}` to act on; the browser shows them as braces). Link targets are checked after the whole URL is normalised
the way a browser reads it: tabs, line breaks and other control characters removed, character references decoded,
scheme case-folded. The links stay elements of the page, so MkDocs still resolves and validates `page.md` links.
"""

from __future__ import annotations

import copy
import functools
import html
import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.util import AtomicString

# Python-Markdown's inline patterns that make what we allow (see its `inlinepatterns.build_inlinepatterns`).
ALLOWED_PATTERNS = ("backtick", "escape", "link", "autolink", "automail", "not_strong", "em_strong", "em_strong2")
ALLOWED_SCHEMES = ("http", "https", "mailto")
# What a browser drops from a URL before reading it (WHATWG URL: tab, LF, CR anywhere; C0 controls and space at
# either end), plus the invisible characters a text editor may hide.
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\u2060\ufeff]")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.I)
_BRACES = str.maketrans({"{": "&#123;", "}": "&#125;"})
# What starts one of the allowed patterns (or a Python-Markdown placeholder): a text without any of these is
# its own conversion, so it skips the Markdown pass (most self-test texts are plain sentences).
_MARKUP = re.compile(r"[`\\\[<*_\x02\x03]")


class UnsafeLink(ValueError):
    """A link target that is neither a page of the site nor http(s) or mailto; `target` is as written."""

    def __init__(self, target: str) -> None:
        super().__init__(target)
        self.target = target


def normalise_url(url: str) -> str:
    """The URL as a browser will read it: character references decoded (repeatedly: `&amp;#106;`), every
    control character and space removed, backslashes as slashes."""
    previous = None
    while previous != url:
        previous, url = url, html.unescape(url)
    return _INVISIBLE.sub("", url).replace("\\", "/")


def is_safe_url(url: str) -> bool:
    """A page of the site (relative, or '#anchor'), or an http(s) or mailto address; never a protocol-relative
    '//host' (it would leave the site under a relative-looking name)."""
    normal = normalise_url(url)
    scheme = _SCHEME.match(normal)
    if scheme:
        return scheme.group(1).lower() in ALLOWED_SCHEMES
    return not normal.startswith("//")


class SafeInline:
    """The one text pipeline for untrusted inline text. Conversions are shared by the whole process (a build
    converts the same option text for its page, the handout, the trainer pack and the deck): each call gets its
    own copy, since MkDocs later rewrites the links of the page it lands in."""

    def check(self, text: str) -> None:
        """Raise UnsafeLink for the first link target that is not allowed."""
        if _MARKUP.search(text):
            _converted(text)

    def fill(self, parent: etree.Element, text: str) -> etree.Element:
        """Append `text`, converted, to `parent` (after what it holds); return `parent`."""
        if not _MARKUP.search(text):  # plain text (most): no element to convert, keep or copy
            if text:
                _append_text(parent, _atomic(text))
            return parent
        holder = copy.deepcopy(_converted(text))
        if holder.text:
            _append_text(parent, holder.text)
        parent.extend(list(holder))
        return parent


def _append_text(parent: etree.Element, text: str) -> None:
    if len(parent):
        parent[-1].tail = AtomicString((parent[-1].tail or "") + text)
    else:
        parent.text = AtomicString((parent.text or "") + text)


@functools.cache
def _inline_markdown() -> Markdown:
    """A private Markdown instance with no extensions and only the allowed inline patterns."""
    md = Markdown()
    for name in [item.name for item in md.inlinePatterns._priority]:
        if name not in ALLOWED_PATTERNS:
            md.inlinePatterns.deregister(name)
    return md


@functools.lru_cache(maxsize=8192)
def _converted(text: str) -> etree.Element:
    """`text` as a <span> of atomic inline elements (read-only: shared between callers). Raises UnsafeLink,
    which is not cached, so every caller hears of it."""
    md = _inline_markdown()
    md.reset()
    root = etree.Element("div")  # the inline pass converts the text of the root's children
    holder = etree.SubElement(root, "span")
    holder.text = text
    md.treeprocessors["inline"].run(root)
    md.treeprocessors["unescape"].run(root)
    for link in holder.iter("a"):
        target = link.get("href", "")
        if not is_safe_url(target):
            raise UnsafeLink(target)
    for element in holder.iter():
        if element is not holder and element.text:
            element.text = _atomic(element.text)
        if element.tail:
            element.tail = _atomic(element.tail)
    holder.text = _atomic(holder.text) if holder.text else None
    return holder


def _atomic(text: str) -> AtomicString:
    return AtomicString(text.translate(_BRACES))
